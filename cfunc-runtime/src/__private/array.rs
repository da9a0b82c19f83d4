//! [`Array`]: how Python-form cfunc bodies hold an array value.
//!
//! In Numba an array is a reference: `b = a` makes a second name for the
//! same elements, a helper may return the array it was given or one it
//! made, and a local array (`np.zeros(3)`) lives as long as a name refers
//! to it. [`Array`] is that reference: a pointer and a shape (a
//! [`RawArray`]) and, for an array the body made, a counted owner of its
//! memory. Cloning it is cheap (a reference count for local arrays,
//! nothing for views of C memory), so the generated code clones wherever
//! Python copies a reference, and the memory of a local array is freed
//! when its last handle drops, on every return path, a raise included.
//!
//! A loop works on [`RawArray`] copies made before it (`Array::raw`):
//! they have no drop glue, so the optimizer keeps their pointer and shape
//! in registers and vectorizes the loop, which it does not do for a value
//! whose destructor may run inside the loop's frame.
//!
//! The handles alias by design, so every constructor is `unsafe`: the
//! caller promises to use them the way generated code does (see
//! [`Array::from_view`]).

use super::py::raise;
use crate::array::{ArrayView, ArrayViewMut, C, Layout, NdIndex, ShapeDisplay};
use core::cell::Cell;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut, Index, IndexMut};
use core::ptr::NonNull;
use std::rc::Rc;

/// Numba's layout `A`: any strides, as slices with steps, columns of C
/// arrays and transposes of them make.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct A;

/// The layout of an array value: [`C`] and [`F`](crate::array::F) (contiguous; an element's
/// offset follows from the shape, so loops index as over a slice) or [`A`]
/// (an offset is the sum of index times stride).
pub trait Order: Copy + 'static {
    /// What messages call an array of this layout.
    const NAME: &'static str;

    /// The offset, in elements, of `index` (inside the shape).
    fn offset<const N: usize>(
        index: &[usize; N],
        shape: &[usize; N],
        strides: &[isize; N],
    ) -> isize;

    /// The offset of `index`, or `None` if it is outside the shape.
    fn checked_offset<const N: usize>(
        index: &[usize; N],
        shape: &[usize; N],
        strides: &[isize; N],
    ) -> Option<isize>;
}

impl<L: Layout> Order for L {
    const NAME: &'static str = L::NAME;

    #[inline(always)]
    fn offset<const N: usize>(index: &[usize; N], shape: &[usize; N], _: &[isize; N]) -> isize {
        L::linear_offset(index, shape) as isize
    }

    #[inline(always)]
    fn checked_offset<const N: usize>(
        index: &[usize; N],
        shape: &[usize; N],
        _: &[isize; N],
    ) -> Option<isize> {
        // A view's check: written so that loops hoist it (see `ArrayView`).
        let dangling = NonNull::<u8>::dangling();
        // SAFETY: only the shape is used; no element is read.
        let view = unsafe { ArrayView::<u8, N, L>::from_checked_parts(dangling, *shape) };
        view.checked_offset(index).map(|offset| offset as isize)
    }
}

impl Order for A {
    const NAME: &'static str = "array";

    #[inline(always)]
    fn offset<const N: usize>(index: &[usize; N], _: &[usize; N], strides: &[isize; N]) -> isize {
        index
            .iter()
            .zip(strides)
            .map(|(i, stride)| *i as isize * stride)
            .sum()
    }

    #[inline(always)]
    fn checked_offset<const N: usize>(
        index: &[usize; N],
        shape: &[usize; N],
        strides: &[isize; N],
    ) -> Option<isize> {
        for axis in 0..N {
            if index[axis] >= shape[axis] {
                return None;
            }
        }
        Some(Self::offset(index, shape, strides))
    }
}

/// An array value of a Python-form cfunc body: a view of C memory, or a
/// local array with counted ownership. Not a public API.
pub struct Array<T, const N: usize, L> {
    raw: RawArray<T, N, L>,
    /// The memory of a local array; `None` for a view of memory C lent.
    owner: Option<Rc<[Cell<T>]>>,
}

/// The pointer, shape and strides of an [`Array`], without its ownership:
/// what a loop indexes. Valid while the handle it came from lives.
pub struct RawArray<T, const N: usize, L> {
    ptr: NonNull<T>,
    shape: [usize; N],
    /// In elements; what `A` indexes with (`C` and `F` compute theirs).
    strides: [isize; N],
    /// Not `Send` or `Sync` (the handles alias).
    _layout: PhantomData<(L, *mut T)>,
}

impl<T, const N: usize, L> Clone for RawArray<T, N, L> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, const N: usize, L> Copy for RawArray<T, N, L> {}

impl<T, const N: usize, L> Clone for Array<T, N, L> {
    #[inline(always)]
    fn clone(&self) -> Self {
        Self {
            raw: self.raw,
            owner: self.owner.clone(),
        }
    }
}

impl<T, const N: usize, L> Deref for Array<T, N, L> {
    type Target = RawArray<T, N, L>;

    #[inline(always)]
    fn deref(&self) -> &RawArray<T, N, L> {
        &self.raw
    }
}

impl<T, const N: usize, L> DerefMut for Array<T, N, L> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut RawArray<T, N, L> {
        &mut self.raw
    }
}

/// The strides of a contiguous array of `shape` in the order `L`.
#[inline(always)]
fn contiguous_strides<L: Layout, const N: usize>(shape: &[usize; N]) -> [isize; N] {
    L::element_strides(shape).map(|stride| stride as isize)
}

impl<T, const N: usize, L: Layout> RawArray<T, N, L> {
    /// The elements at `ptr`, contiguous in the order `L`, of `shape`.
    #[inline(always)]
    fn contiguous(ptr: NonNull<T>, shape: [usize; N]) -> Self {
        Self {
            ptr,
            shape,
            strides: contiguous_strides::<L, N>(&shape),
            _layout: PhantomData,
        }
    }
}

impl<T: Copy, const N: usize, L: Layout> Array<T, N, L> {
    /// A handle on the elements of a checked view.
    ///
    /// # Safety
    ///
    /// The view's memory stays valid while any clone of the handle lives,
    /// no [`RawArray`] copied out of a handle outlives it, and no
    /// reference returned by one copy (indexing, [`as_slice`]) is held
    /// across a write through another: the generated code reads and writes
    /// one element at a time and reduces a whole array only while nothing
    /// writes.
    ///
    /// [`as_slice`]: RawArray::as_slice
    #[inline(always)]
    pub unsafe fn from_view(mut view: ArrayViewMut<'_, T, N, L>) -> Self {
        // A view's pointer is never null (dangling when empty).
        let ptr = NonNull::new(view.as_mut_ptr()).unwrap_or(NonNull::dangling());
        Self {
            raw: RawArray::contiguous(ptr, view.shape()),
            owner: None,
        }
    }

    /// A local array of `shape` with every element `value`, its memory
    /// owned by the handle and its clones. A negative extent, or a size
    /// that does not fit in memory, raises Python's `ValueError` as Numba
    /// does.
    ///
    /// # Safety
    ///
    /// As for [`from_view`](Self::from_view), on references.
    #[track_caller]
    pub unsafe fn full(shape: [i64; N], value: T) -> Self {
        let shape = checked_shape::<T, N>(shape);
        let memory: Rc<[Cell<T>]> = (0..shape.iter().product())
            .map(|_| Cell::new(value))
            .collect();
        // SAFETY: forwarded from this function's contract.
        unsafe { Self::owning(memory, shape) }
    }

    /// A small local array of a fixed `shape` in memory of the function's
    /// own frame, every element `value`: no allocation, for a temporary
    /// that no handle carries out of the function.
    ///
    /// # Safety
    ///
    /// `memory` is valid for writes of `shape`'s number of elements, and
    /// stays valid and otherwise unused while any handle lives; and as for
    /// [`from_view`](Self::from_view), on references.
    #[inline(always)]
    pub unsafe fn on_frame(memory: *mut T, shape: [usize; N], value: T) -> Self {
        let mut raw =
            RawArray::contiguous(NonNull::new(memory).unwrap_or(NonNull::dangling()), shape);
        // The memory holds the shape's elements, by the caller's promise.
        raw.fill(value);
        Self { raw, owner: None }
    }

    /// A local array holding `memory` in its order, of `shape` (whose
    /// size is its length).
    ///
    /// # Safety
    ///
    /// As for [`from_view`](Self::from_view), on references.
    unsafe fn owning(memory: Rc<[Cell<T>]>, shape: [usize; N]) -> Self {
        debug_assert_eq!(memory.len(), shape.iter().product::<usize>());
        // `Cell<T>` has `T`'s layout and allows writes through a pointer
        // derived from a shared reference; an empty slice's pointer is
        // dangling but aligned, as a view's.
        let ptr =
            NonNull::new(memory.as_ptr().cast_mut().cast::<T>()).unwrap_or(NonNull::dangling());
        Self {
            raw: RawArray::contiguous(ptr, shape),
            owner: Some(memory),
        }
    }
}

impl<T: Copy, const N: usize, L: Order> Array<T, N, L> {
    /// What an array local holds before the body assigns it: no elements.
    #[inline(always)]
    pub fn unset() -> Self {
        Self {
            raw: RawArray {
                ptr: NonNull::dangling(),
                shape: [0; N],
                strides: [0; N],
                _layout: PhantomData,
            },
            owner: None,
        }
    }

    /// The pointer and shape, for a loop to index.
    #[inline(always)]
    pub fn raw(&self) -> RawArray<T, N, L> {
        self.raw
    }

    /// A view of some of the elements (a slice, a row, a column), sharing
    /// this handle's memory and ownership: the element at offset `start`
    /// first, then `shape` and `strides` (in elements).
    ///
    /// # Safety
    ///
    /// Every element the new shape and strides reach from `start` is an
    /// element of this array; and as for [`Array::from_view`].
    #[inline(always)]
    pub unsafe fn subview<const M: usize, K: Order>(
        &self,
        start: isize,
        shape: [usize; M],
        strides: [isize; M],
    ) -> Array<T, M, K> {
        let empty = shape.contains(&0);
        Array {
            raw: RawArray {
                // SAFETY: inside the array, by the caller's promise (or
                // not moved at all for an empty view).
                ptr: if empty {
                    self.ptr
                } else {
                    unsafe { self.ptr.offset(start) }
                },
                shape,
                strides,
                _layout: PhantomData,
            },
            owner: self.owner.clone(),
        }
    }

    /// `a.T`: the axes reversed, in the layout `K` that gives (C and F
    /// swap; A stays A).
    ///
    /// # Safety
    ///
    /// `K` is the layout of the reversed axes; and as for
    /// [`Array::from_view`].
    #[inline(always)]
    pub unsafe fn transpose<K: Order>(&self) -> Array<T, N, K> {
        let mut shape = self.shape;
        let mut strides = self.element_strides();
        shape.reverse();
        strides.reverse();
        // SAFETY: the same elements.
        unsafe { self.subview(0, shape, strides) }
    }
}

impl<T: Copy, const N: usize, L: Order> RawArray<T, N, L> {
    /// The extent of each axis.
    #[inline(always)]
    pub fn shape(&self) -> [usize; N] {
        self.shape
    }

    /// The distance between neighbours along each axis, in elements.
    #[inline(always)]
    pub fn element_strides(&self) -> [isize; N] {
        self.strides
    }

    /// The number of elements.
    #[inline(always)]
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// Whether there are no elements.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.size() == 0
    }

    /// The element at offset 0.
    #[inline(always)]
    pub fn as_ptr(&self) -> *const T {
        self.ptr.as_ptr()
    }

    /// The same pointer, shape and strides (what `Array::raw` gives, so
    /// that generated code reads either the same way).
    #[inline(always)]
    pub fn raw(&self) -> RawArray<T, N, L> {
        *self
    }

    /// The element at offset 0, for writing.
    #[inline(always)]
    pub fn as_mut_ptr(&self) -> *mut T {
        self.ptr.as_ptr()
    }

    /// Whether the elements are those of a C-contiguous array of `shape`:
    /// a loop over the result of an array expression may then index this
    /// operand by the result's flat position.
    #[inline(always)]
    pub fn is_flat(&self, shape: &[usize]) -> bool {
        if self.shape[..] != *shape {
            return false;
        }
        let mut step = 1isize;
        for axis in (0..N).rev() {
            if self.shape[axis] > 1 && self.strides[axis] != step {
                return false;
            }
            step *= self.shape[axis] as isize;
        }
        true
    }

    /// Whether writing this array element by element while reading `other`
    /// at the same index could read an element already written: they
    /// share memory and are not the same view.
    #[inline]
    pub fn clashes_with<U: Copy, const M: usize, K: Order>(
        &self,
        other: &RawArray<U, M, K>,
    ) -> bool {
        let same = self.ptr.as_ptr().addr() == other.ptr.as_ptr().addr()
            && size_of::<T>() == size_of::<U>()
            && self.shape[..] == other.shape[..]
            && self.strides[..] == other.strides[..];
        !same && self.overlaps(other)
    }

    /// Whether this array and `other` share a byte of memory.
    #[inline(always)]
    fn overlaps<U: Copy, const M: usize, K: Order>(&self, other: &RawArray<U, M, K>) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        let (low, high) = self.address_range();
        let (other_low, other_high) = other.address_range();
        low < other_high && other_low < high
    }

    /// The memory the elements occupy: its lowest element and how many
    /// elements' worth it spans (what `py::disjoint` compares).
    #[inline(always)]
    pub fn span(&self) -> (*const T, usize) {
        let (low, end) = self.address_range();
        let size = size_of::<T>().max(1);
        (
            self.ptr.as_ptr().with_addr(low).cast_const(),
            (end - low) / size,
        )
    }

    /// The range of addresses the elements occupy, as `(lowest, end)`.
    #[inline(always)]
    fn address_range(&self) -> (usize, usize) {
        if self.is_empty() {
            return (self.ptr.as_ptr().addr(), self.ptr.as_ptr().addr());
        }
        let (mut low, mut high) = (0isize, 0isize);
        for (extent, stride) in self.shape.iter().zip(&self.strides) {
            let reach = (*extent as isize - 1) * stride;
            if reach < 0 {
                low += reach;
            } else {
                high += reach;
            }
        }
        let size = size_of::<T>() as isize;
        let base = self.ptr.as_ptr().addr() as isize;
        (
            (base + low * size) as usize,
            (base + (high + 1) * size) as usize,
        )
    }

    /// The offsets of the elements in C order (the order Python iterates
    /// and NumPy's `.flat` counts).
    fn offsets(&self) -> impl Iterator<Item = isize> + use<T, N, L> {
        logical_offsets::<N, C>(self.shape, self.strides)
    }

    /// Every element set to `value` (`a[:] = 0`).
    pub fn fill(&mut self, value: T) {
        for offset in self.offsets() {
            // SAFETY: an element of the array.
            unsafe { self.ptr.as_ptr().offset(offset).write(value) };
        }
    }

    /// `self[...] = source` of NumPy's broadcasting: `source`'s axes match
    /// this array's last ones, each of the same extent or 1. Raises
    /// `ValueError` otherwise. Overlapping memory is read before any write,
    /// as NumPy and Numba copy such a source first.
    #[track_caller]
    pub fn assign<const M: usize, K: Order>(&mut self, source: &RawArray<T, M, K>) {
        check_assignable(&source.shape, &self.shape);
        let copy: Vec<T>;
        let source = if self.overlaps(source) {
            copy = source
                .offsets()
                .map(|offset| {
                    // SAFETY: an element of the source.
                    unsafe { source.ptr.as_ptr().offset(offset).read() }
                })
                .collect();
            RawArray::<T, M, C>::contiguous(
                NonNull::new(copy.as_ptr().cast_mut()).unwrap_or(NonNull::dangling()),
                source.shape,
            )
            .broadcast_to(self.shape)
        } else {
            source.broadcast_to(self.shape)
        };
        for_each_index(self.shape, |index| {
            // SAFETY: `index` is inside both shapes (the source broadcast to
            // this one); the copy, if made, lives until the loop ends.
            unsafe { *self.get_unchecked_mut(index) = *source.get_unchecked(index) };
        });
    }

    /// A local copy of the elements in the order `M` (`a.copy()` is in C
    /// order, `np.copy(a)` keeps the order, a reduction of an `A` array
    /// reads a C copy).
    ///
    /// # Safety
    ///
    /// As for [`Array::from_view`], on references.
    pub unsafe fn copy<M: Layout>(&self) -> Array<T, N, M> {
        let memory: Rc<[Cell<T>]> = logical_offsets::<N, M>(self.shape, self.strides)
            .map(|offset| {
                // SAFETY: an element of the array.
                Cell::new(unsafe { self.ptr.as_ptr().offset(offset).read() })
            })
            .collect();
        // SAFETY: forwarded from this function's contract.
        unsafe { Array::owning(memory, self.shape) }
    }

    /// A local array, in C order, of `convert` of each element (`astype`,
    /// an assignment between dtypes).
    ///
    /// # Safety
    ///
    /// As for [`Array::from_view`], on references.
    pub unsafe fn map<U: Copy>(&self, convert: impl Fn(T) -> U) -> Array<U, N, C> {
        let memory: Rc<[Cell<U>]> = self
            .offsets()
            .map(|offset| {
                // SAFETY: an element of the array.
                Cell::new(convert(unsafe { self.ptr.as_ptr().offset(offset).read() }))
            })
            .collect();
        // SAFETY: forwarded from this function's contract.
        unsafe { Array::owning(memory, self.shape) }
    }

    /// This array seen with `M` axes of `shape`, as NumPy broadcasts it:
    /// missing leading axes and axes of extent 1 repeat (stride 0). The
    /// caller computed `shape` with [`broadcast_shape`].
    #[inline(always)]
    pub fn broadcast_to<const M: usize>(&self, shape: [usize; M]) -> RawArray<T, M, A> {
        let mut strides = [0isize; M];
        for axis in 0..N {
            let target = M - N + axis;
            if self.shape[axis] == shape[target] {
                strides[target] = self.strides[axis];
            }
        }
        RawArray {
            ptr: self.ptr,
            shape,
            strides,
            _layout: PhantomData,
        }
    }

    /// The element at `index`, unchecked.
    ///
    /// # Safety
    ///
    /// Every coordinate is less than its axis's extent.
    #[inline(always)]
    pub unsafe fn get_unchecked(&self, index: impl NdIndex<N>) -> &T {
        let offset = L::offset(&index.into_array(), &self.shape, &self.strides);
        // SAFETY: inside the shape, by the caller's promise.
        unsafe { &*self.ptr.as_ptr().offset(offset) }
    }

    /// The element at `index` for writing, unchecked.
    ///
    /// # Safety
    ///
    /// Every coordinate is less than its axis's extent.
    #[inline(always)]
    pub unsafe fn get_unchecked_mut(&mut self, index: impl NdIndex<N>) -> &mut T {
        let offset = L::offset(&index.into_array(), &self.shape, &self.strides);
        // SAFETY: inside the shape, by the caller's promise; writable, as
        // C lent it or the handle owns it (in `Cell`s).
        unsafe { &mut *self.ptr.as_ptr().offset(offset) }
    }

    /// The offset of `index`, or the panic of an index out of bounds.
    #[inline(always)]
    #[track_caller]
    fn offset_or_panic(&self, index: [usize; N]) -> isize {
        match L::checked_offset(&index, &self.shape, &self.strides) {
            Some(offset) => offset,
            None => out_of_bounds(L::NAME, &index, &self.shape),
        }
    }
}

impl<T: Copy, const N: usize, L: Layout> RawArray<T, N, L> {
    /// The elements in memory order. The constructor's contract keeps
    /// writes away while the slice lives.
    #[inline(always)]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: a view's or an allocation's elements, contiguous.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.size()) }
    }

    /// The elements in memory order.
    #[inline(always)]
    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.as_slice().iter()
    }
}

impl<T: Copy, const N: usize, L: Order, I: NdIndex<N>> Index<I> for RawArray<T, N, L> {
    type Output = T;

    /// The element at `index`; out of the shape, the panic a view's
    /// indexing gives.
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &T {
        let offset = self.offset_or_panic(index.into_array());
        // SAFETY: inside the shape.
        unsafe { &*self.ptr.as_ptr().offset(offset) }
    }
}

impl<T: Copy, const N: usize, L: Order, I: NdIndex<N>> IndexMut<I> for RawArray<T, N, L> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut T {
        let offset = self.offset_or_panic(index.into_array());
        // SAFETY: inside the shape, and writable (see `get_unchecked_mut`).
        unsafe { &mut *self.ptr.as_ptr().offset(offset) }
    }
}

/// The panic of an index outside the shape, as a view's indexing words it.
#[cold]
#[inline(never)]
#[track_caller]
fn out_of_bounds<const N: usize>(name: &str, index: &[usize; N], shape: &[usize; N]) -> ! {
    panic!(
        "index {} is out of bounds for a {name} of shape {}",
        ShapeDisplay(index),
        ShapeDisplay(shape)
    )
}

/// Raises `ValueError` unless an array of shape `source` can be assigned
/// to a view of shape `target`: its axes match the target's last ones,
/// each of the same extent or 1.
#[inline]
#[track_caller]
pub fn check_assignable(source: &[usize], target: &[usize]) {
    let fits = source.len() <= target.len()
        && source
            .iter()
            .zip(&target[target.len() - source.len()..])
            .all(|(from, to)| from == to || *from == 1);
    if !fits {
        raise(&format!(
            "ValueError: cannot assign an array of shape {source:?} to a view of shape {target:?}"
        ));
    }
}

/// The shape NumPy broadcasts operands of these shapes to, with `N` axes
/// (the most any operand has): aligned on their last axes, each extent
/// equal or 1. Raises `ValueError` as NumPy does otherwise.
#[inline]
#[track_caller]
pub fn broadcast_shape<const N: usize>(shapes: &[&[usize]]) -> [usize; N] {
    let mut shape = [1usize; N];
    for operand in shapes {
        for (axis, extent) in operand.iter().enumerate() {
            let target = &mut shape[N - operand.len() + axis];
            if *target == 1 {
                *target = *extent;
            } else if *extent != 1 && *extent != *target {
                let shapes: Vec<String> = shapes.iter().map(|shape| format!("{shape:?}")).collect();
                raise(&format!(
                    "ValueError: operands could not be broadcast together with shapes {}",
                    shapes.join(" ")
                ));
            }
        }
    }
    shape
}

/// Calls `each` with every index of `shape`, in C order.
#[inline(always)]
pub fn for_each_index<const N: usize>(shape: [usize; N], mut each: impl FnMut([usize; N])) {
    if shape.contains(&0) {
        return;
    }
    if N == 1 {
        let mut index = [0usize; N];
        for i in 0..shape[0] {
            index[0] = i;
            each(index);
        }
        return;
    }
    let mut index = [0usize; N];
    loop {
        each(index);
        let mut axis = N;
        loop {
            if axis == 0 {
                return;
            }
            axis -= 1;
            index[axis] += 1;
            if index[axis] < shape[axis] {
                break;
            }
            index[axis] = 0;
        }
    }
}

/// Python's `slice.indices` for an axis of `extent`, then the slice's
/// length: `(start, length, step)`. A step of 0 raises `ValueError`.
#[inline]
#[track_caller]
pub fn slice_axis(
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    extent: usize,
) -> (isize, usize, isize) {
    let step = step.unwrap_or(1);
    if step == 0 {
        raise("ValueError: slice step cannot be zero");
    }
    let extent = extent as i64;
    let clamp = |value: i64, low: i64, high: i64| value.clamp(low, high);
    let bound = |value: Option<i64>, default: i64| match value {
        None => default,
        Some(value) if value < 0 => {
            if step < 0 {
                clamp(value + extent, -1, extent - 1)
            } else {
                clamp(value + extent, 0, extent)
            }
        }
        Some(value) => {
            if step < 0 {
                clamp(value, -1, extent - 1)
            } else {
                clamp(value, 0, extent)
            }
        }
    };
    let (start, stop) = if step < 0 {
        (bound(start, extent - 1), bound(stop, -1))
    } else {
        (bound(start, 0), bound(stop, extent))
    };
    let length = if step < 0 {
        if stop < start {
            (start - stop - 1) / -step + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    (start as isize, length as usize, step as isize)
}

/// An integer index that selects along an axis (`a[i]`, `a[i, :]`):
/// negative counts from the end; outside the axis raises `IndexError`.
#[inline]
#[track_caller]
pub fn select_axis(index: i64, extent: usize) -> isize {
    let wrapped = if index < 0 {
        index + extent as i64
    } else {
        index
    };
    if wrapped < 0 || wrapped >= extent as i64 {
        raise(&format!(
            "IndexError: index {index} is out of bounds for axis with size {extent}"
        ));
    }
    wrapped as isize
}

/// The offsets, in the memory of an array with element `strides`, of its
/// elements in the memory order of `M`.
fn logical_offsets<const N: usize, M: Layout>(
    shape: [usize; N],
    strides: [isize; N],
) -> impl Iterator<Item = isize> {
    let size: usize = shape.iter().product();
    let mut index = [0usize; N];
    (0..size).map(move |position| {
        if position > 0 {
            // Advance the fastest axis of `M`, carrying into slower ones.
            for step in 0..N {
                let axis = if M::IS_FORTRAN { step } else { N - 1 - step };
                index[axis] += 1;
                if index[axis] < shape[axis] {
                    break;
                }
                index[axis] = 0;
            }
        }
        index
            .iter()
            .zip(&strides)
            .map(|(i, stride)| *i as isize * stride)
            .sum()
    })
}

/// A local array's extents from Python's ints, as Numba checks them.
#[track_caller]
fn checked_shape<T, const N: usize>(shape: [i64; N]) -> [usize; N] {
    if shape.iter().any(|extent| *extent < 0) {
        raise("ValueError: negative dimensions not allowed");
    }
    let extents = shape.map(|extent| extent as usize);
    let bytes = extents
        .iter()
        .try_fold(size_of::<T>().max(1), |total, extent| {
            total.checked_mul(*extent)
        });
    if bytes.is_none_or(|bytes| bytes > isize::MAX as usize) {
        raise(
            "ValueError: array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
        );
    }
    extents
}

macro_rules! arange {
    ($($name:ident: $ty:ty, $times:expr;)*) => {$(
        /// `np.arange(start, stop, step)` of this type, as Numba computes
        /// it: `ceil((stop - start) / step)` items (none if negative or not
        /// a number), item `i` being `start + i * step`.
        ///
        /// # Safety
        ///
        /// As for [`Array::from_view`], on references.
        #[track_caller]
        pub unsafe fn $name(start: $ty, stop: $ty, step: $ty) -> Array<$ty, 1, C> {
            if step == (0 as $ty) {
                raise("ValueError: Maximum allowed size exceeded");
            }
            let count = ((stop as f64 - start as f64) / step as f64).ceil();
            // Numba converts with `fptosi`, which on x86-64 makes NaN,
            // infinities and counts beyond int64 the minimum: no items.
            let count = if count.is_finite() && count.abs() < 9.2e18 { count.max(0.0) as i64 } else { 0 };
            let shape = checked_shape::<$ty, 1>([count]);
            let times: fn($ty, $ty) -> $ty = $times;
            let memory: Rc<[Cell<$ty>]> = (0..shape[0])
                .map(|i| Cell::new(start + times(i as $ty, step)))
                .collect();
            // SAFETY: forwarded from this function's contract.
            unsafe { Array::owning(memory, shape) }
        }
    )*};
}

arange! {
    arange_i64: i64, |i, step| i.wrapping_mul(step);
    arange_f64: f64, |i, step| i * step;
}

/// `np.linspace(start, stop, num)` as Numba computes it: item `i` is
/// `start + i * ((stop - start) / (num - 1))`, the last one `stop`.
///
/// # Safety
///
/// As for [`Array::from_view`], on references.
#[track_caller]
pub unsafe fn linspace(start: f64, stop: f64, num: i64) -> Array<f64, 1, C> {
    let shape = checked_shape::<f64, 1>([num]);
    let count = shape[0];
    let step = (stop - start) / (count as f64 - 1.0);
    let memory: Rc<[Cell<f64>]> = (0..count)
        .map(|i| {
            let item = if count > 1 && i == count - 1 {
                stop
            } else if count > 1 {
                start + i as f64 * step
            } else {
                start
            };
            Cell::new(item)
        })
        .collect();
    // SAFETY: forwarded from this function's contract.
    unsafe { Array::owning(memory, shape) }
}
