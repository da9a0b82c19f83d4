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
use crate::array::{ArrayView, ArrayViewMut, C, Layout, NdIndex};
use core::cell::Cell;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut, Index, IndexMut};
use core::ptr::NonNull;
use std::rc::Rc;

/// An array value of a Python-form cfunc body: a view of C memory, or a
/// local array with counted ownership. Not a public API.
pub struct Array<T, const N: usize, L> {
    raw: RawArray<T, N, L>,
    /// The memory of a local array; `None` for a view of memory C lent.
    owner: Option<Rc<[Cell<T>]>>,
}

/// The pointer and shape of an [`Array`], without its ownership: what a
/// loop indexes. Valid while the handle it came from lives.
pub struct RawArray<T, const N: usize, L> {
    ptr: NonNull<T>,
    shape: [usize; N],
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
        Self {
            raw: RawArray {
                // A view's pointer is never null (dangling when empty).
                ptr: NonNull::new(view.as_mut_ptr()).unwrap_or(NonNull::dangling()),
                shape: view.shape(),
                _layout: PhantomData,
            },
            owner: None,
        }
    }

    /// What an array local holds before the body assigns it: no elements.
    #[inline(always)]
    pub fn unset() -> Self {
        Self {
            raw: RawArray {
                ptr: NonNull::dangling(),
                shape: [0; N],
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
        let size: usize = shape.iter().product();
        for offset in 0..size {
            // SAFETY: inside the memory, by the caller's promise.
            unsafe { memory.add(offset).write(value) };
        }
        Self {
            raw: RawArray {
                ptr: NonNull::new(memory).unwrap_or(NonNull::dangling()),
                shape,
                _layout: PhantomData,
            },
            owner: None,
        }
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
            raw: RawArray {
                ptr,
                shape,
                _layout: PhantomData,
            },
            owner: Some(memory),
        }
    }
}

impl<T: Copy, const N: usize, L: Layout> RawArray<T, N, L> {
    /// A local copy of the elements in the order `M` (`a.copy()` is in C
    /// order, `np.copy(a)` keeps the order).
    ///
    /// # Safety
    ///
    /// As for [`Array::from_view`], on references.
    pub unsafe fn copy<M: Layout>(&self) -> Array<T, N, M> {
        let view = self.view();
        let memory: Rc<[Cell<T>]> = if L::IS_FORTRAN == M::IS_FORTRAN || N < 2 {
            view.as_slice()
                .iter()
                .map(|item| Cell::new(*item))
                .collect()
        } else {
            let strides = L::element_strides(&self.shape);
            let items = view.as_slice();
            logical_offsets::<N, M>(self.shape, strides)
                .map(|offset| Cell::new(items[offset]))
                .collect()
        };
        // SAFETY: forwarded from this function's contract.
        unsafe { Array::owning(memory, self.shape) }
    }

    /// A local array of `convert` of each element, in the same order.
    ///
    /// # Safety
    ///
    /// As for [`Array::from_view`], on references.
    pub unsafe fn map<U: Copy>(&self, convert: impl Fn(T) -> U) -> Array<U, N, L> {
        let memory: Rc<[Cell<U>]> = self
            .as_slice()
            .iter()
            .map(|item| Cell::new(convert(*item)))
            .collect();
        // SAFETY: forwarded from this function's contract.
        unsafe { Array::owning(memory, self.shape) }
    }

    /// The elements' read view. Cheap: a pointer and a shape.
    #[inline(always)]
    fn view(&self) -> ArrayView<'_, T, N, L> {
        // SAFETY: the parts come from a checked view or from an owned
        // allocation of that shape, alive while the handle is.
        unsafe { ArrayView::from_checked_parts(self.ptr, self.shape) }
    }

    /// The extent of each axis.
    #[inline(always)]
    pub fn shape(&self) -> [usize; N] {
        self.shape
    }

    /// The number of elements.
    #[inline(always)]
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// The number of elements (what `py::disjoint` compares).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.size()
    }

    /// Whether there are no elements.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.size() == 0
    }

    /// The first element in memory.
    #[inline(always)]
    pub fn as_ptr(&self) -> *const T {
        self.ptr.as_ptr()
    }

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

    /// The element at `index`, unchecked.
    ///
    /// # Safety
    ///
    /// Every coordinate is less than its axis's extent.
    #[inline(always)]
    pub unsafe fn get_unchecked(&self, index: impl NdIndex<N>) -> &T {
        let offset = L::linear_offset(&index.into_array(), &self.shape);
        // SAFETY: inside the shape, by the caller's promise.
        unsafe { &*self.ptr.as_ptr().add(offset) }
    }

    /// The element at `index` for writing, unchecked.
    ///
    /// # Safety
    ///
    /// Every coordinate is less than its axis's extent.
    #[inline(always)]
    pub unsafe fn get_unchecked_mut(&mut self, index: impl NdIndex<N>) -> &mut T {
        let offset = L::linear_offset(&index.into_array(), &self.shape);
        // SAFETY: inside the shape, by the caller's promise; writable, as
        // C lent it or the handle owns it (in `Cell`s).
        unsafe { &mut *self.ptr.as_ptr().add(offset) }
    }
}

impl<T: Copy, const N: usize, L: Layout, I: NdIndex<N>> Index<I> for RawArray<T, N, L> {
    type Output = T;

    /// The element at `index`; out of the shape, the panic a view's
    /// indexing gives.
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &T {
        let offset = self.view().offset_or_panic(index.into_array());
        // SAFETY: inside the shape.
        unsafe { &*self.ptr.as_ptr().add(offset) }
    }
}

impl<T: Copy, const N: usize, L: Layout, I: NdIndex<N>> IndexMut<I> for RawArray<T, N, L> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut T {
        let offset = self.view().offset_or_panic(index.into_array());
        // SAFETY: inside the shape, and writable (see `get_unchecked_mut`).
        unsafe { &mut *self.ptr.as_ptr().add(offset) }
    }
}

/// The offsets, in the memory of an array with element `strides`, of its
/// elements in the memory order of `M`.
fn logical_offsets<const N: usize, M: Layout>(
    shape: [usize; N],
    strides: [usize; N],
) -> impl Iterator<Item = usize> {
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
            .map(|(i, stride)| i * stride)
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
