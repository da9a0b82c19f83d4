//! [`ArrayView`]: a read-only n-d view over C memory.

use super::axes::for_each_axis;
use super::layout::{C, Layout};
use super::shape::{NdIndex, ShapeDisplay};
use core::fmt;
use core::iter::Sum;
use core::marker::PhantomData;
use core::ops::Index;
use core::ptr::NonNull;

/// A read-only view of `N` axes over memory that C handed over, in the
/// order `L` ([`C`] or [`F`](super::F)); made by [`carray`](super::carray)
/// or [`farray`](super::farray) from a `*const T`.
///
/// Index with a tuple of `usize`s (`a[(i, j)]`; a bare `usize` for one
/// axis), iterate in memory order, or borrow the elements as a slice.
///
/// The view holds a raw pointer, not a `&[T]`: another view (even an
/// [`ArrayViewMut`](super::ArrayViewMut)) over the same memory may exist,
/// which is what a C caller passing one buffer as both input and output
/// creates. The rule that keeps this sound is in
/// [`carray`'s safety section](super::carray#safety): the references a view
/// hands out (from indexing, [`get`](Self::get), [`iter`](Self::iter),
/// [`as_slice`](Self::as_slice)) must not be alive while the same elements
/// are written through another view. `out[(i, j)] = 2.0 * inp[(i, j)]`
/// reads, then writes, one element at a time, and is always fine.
///
/// A view is `Copy` and neither `Send` nor `Sync`: it may alias a mutable
/// view, so moving it to another thread could race with writes on this one.
///
/// ```
/// use cfunc::{ArrayView, carray};
///
/// let data: Vec<f64> = (0..6).map(f64::from).collect();
/// // SAFETY: `data` holds 2 * 3 elements and outlives the view.
/// let a: ArrayView<'_, f64, 2> = unsafe { carray(data.as_ptr(), (2, 3)) };
/// assert_eq!(a[(1, 2)], 5.0);
/// assert_eq!(a.shape(), [2, 3]);
/// assert_eq!(a.sum(), 15.0);
/// ```
pub struct ArrayView<'a, T, const N: usize, L = C> {
    /// The first element (a dangling, aligned pointer for an empty view).
    ptr: NonNull<T>,
    shape: [usize; N],
    /// Borrows `T`s for `'a` like `&'a [T]`; the order is only a type.
    _borrow: PhantomData<(&'a T, L)>,
}

impl<'a, T, const N: usize, L: Layout> ArrayView<'a, T, N, L> {
    /// Wraps parts that passed the construction checks.
    ///
    /// # Safety
    ///
    /// `ptr` is aligned and, unless `shape` holds no elements, valid for
    /// reads of the shape's elements for `'a` under the aliasing rule of
    /// [`carray`](super::carray); the shape's byte size fits in `isize`.
    #[inline(always)]
    pub(crate) unsafe fn from_checked_parts(ptr: NonNull<T>, shape: [usize; N]) -> Self {
        Self {
            ptr,
            shape,
            _borrow: PhantomData,
        }
    }

    /// The length of each axis (Numba's `.shape`).
    ///
    /// ```
    /// # let data = [0_u8; 24];
    /// // SAFETY: `data` holds 2 * 3 * 4 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), (2, 3, 4)) };
    /// assert_eq!(a.shape(), [2, 3, 4]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn shape(&self) -> [usize; N] {
        self.shape
    }

    /// The number of axes, `N` (Numba's `.ndim`).
    ///
    /// ```
    /// # let data = [0_u8; 24];
    /// // SAFETY: `data` holds 2 * 3 * 4 elements.
    /// let a = unsafe { cfunc::farray(data.as_ptr(), (2, 3, 4)) };
    /// assert_eq!(a.ndim(), 3);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn ndim(&self) -> usize {
        N
    }

    /// The number of elements, the product of the shape.
    ///
    /// ```
    /// # let data = [0_u8; 24];
    /// // SAFETY: `data` holds 2 * 3 * 4 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), (2, 3, 4)) };
    /// assert_eq!(a.len(), 24);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// The number of elements, under Numba's name (`.size`).
    ///
    /// ```
    /// # let data = [0_u8; 24];
    /// // SAFETY: `data` holds 4 * 6 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), (4, 6)) };
    /// assert_eq!(a.size(), 24);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn size(&self) -> usize {
        self.len()
    }

    /// Whether the view has no elements (some axis has length 0).
    ///
    /// ```
    /// // SAFETY: a shape with no elements never touches the pointer.
    /// let a = unsafe { cfunc::carray(std::ptr::null::<f64>(), (3, 0)) };
    /// assert!(a.is_empty());
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.shape.contains(&0)
    }

    /// The distance in bytes between neighbours along each axis, as numpy's
    /// `.strides` gives it (axes of length 0 count as 1, as in numpy).
    ///
    /// ```
    /// # let data = [0.0_f64; 24];
    /// // SAFETY: `data` holds 2 * 3 * 4 elements.
    /// let c = unsafe { cfunc::carray(data.as_ptr(), (2, 3, 4)) };
    /// assert_eq!(c.strides(), [96, 32, 8]);
    /// // SAFETY: as above.
    /// let f = unsafe { cfunc::farray(data.as_ptr(), (2, 3, 4)) };
    /// assert_eq!(f.strides(), [8, 16, 48]);
    /// ```
    #[must_use]
    pub fn strides(&self) -> [isize; N] {
        // Construction checked that the shape's byte size, and so every
        // stride, fits in isize: the casts cannot wrap.
        L::element_strides(&self.shape).map(|stride| (stride * size_of::<T>()) as isize)
    }

    /// A pointer to the first element in memory (dangling but aligned when
    /// the view is empty and was made from a null pointer).
    ///
    /// ```
    /// let data = [1_i16, 2, 3];
    /// // SAFETY: `data` holds 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), 3) };
    /// assert_eq!(a.as_ptr(), data.as_ptr());
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn as_ptr(&self) -> *const T {
        self.ptr.as_ptr()
    }

    /// The element at `index`, or `None` if any coordinate is out of range.
    ///
    /// ```
    /// let data = [0, 1, 2, 3, 4, 5];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), (2, 3)) };
    /// assert_eq!(a.get((1, 2)), Some(&5));
    /// assert_eq!(a.get((2, 0)), None);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn get(&self, index: impl NdIndex<N>) -> Option<&T> {
        let offset = self.checked_offset(&index.into_array())?;
        // SAFETY: the offset is inside the shape, whose elements the
        // construction contract makes readable for 'a.
        Some(unsafe { &*self.ptr.as_ptr().add(offset) })
    }

    /// The element at `index`, without the bounds check.
    ///
    /// For hot loops where the optimizer cannot prove the indices in range
    /// by itself (plain `for i in 0..m` loops over the view's own shape
    /// usually need nothing: `a[(i, j)]` checks are hoisted or removed).
    ///
    /// # Safety
    ///
    /// Every coordinate of `index` is less than the length of its axis.
    ///
    /// ```
    /// let data = [0, 1, 2, 3, 4, 5];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::farray(data.as_ptr(), (2, 3)) };
    /// let mut total = 0;
    /// for j in 0..3 {
    ///     for i in 0..2 {
    ///         // SAFETY: i < 2 and j < 3, the shape.
    ///         total += unsafe { *a.get_unchecked((i, j)) };
    ///     }
    /// }
    /// assert_eq!(total, 15);
    /// ```
    #[inline(always)]
    #[must_use]
    pub unsafe fn get_unchecked(&self, index: impl NdIndex<N>) -> &T {
        let offset = L::linear_offset(&index.into_array(), &self.shape);
        // SAFETY: the caller keeps the index inside the shape, whose
        // elements the construction contract makes readable for 'a.
        unsafe { &*self.ptr.as_ptr().add(offset) }
    }

    /// The elements in memory order: row by row for C order, column by
    /// column for Fortran order.
    ///
    /// ```
    /// let data = [0, 1, 2, 3, 4, 5];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::farray(data.as_ptr(), (2, 3)) };
    /// let columns: Vec<i32> = a.iter().copied().collect();
    /// assert_eq!(columns, [0, 1, 2, 3, 4, 5]);
    /// assert_eq!((&a).into_iter().count(), 6);
    /// ```
    #[inline(always)]
    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// The elements as one slice, in memory order.
    ///
    /// The slice is a shared reference to every element: while it is alive,
    /// no other view may write to this memory.
    ///
    /// ```
    /// let data = [1.5_f32, 2.5, 3.5, 4.5];
    /// // SAFETY: `data` holds 2 * 2 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), (2, 2)) };
    /// assert_eq!(a.as_slice(), &data);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: the pointer is aligned and non-null, and the shape's
        // elements are readable for 'a (construction contract); the byte
        // size fits in isize (checked).
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len()) }
    }

    /// The sum of the elements (Numba's `.sum()`), in memory order.
    ///
    /// ```
    /// let data = [1, 2, 3, 4, 5, 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_ptr(), (2, 3)) };
    /// assert_eq!(a.sum(), 21);
    /// ```
    #[must_use]
    pub fn sum(&self) -> T
    where
        T: Copy + Sum,
    {
        self.iter().copied().sum()
    }

    /// The offset of `index` in memory order, if it is inside the shape.
    #[inline(always)]
    pub(crate) fn checked_offset(&self, index: &[usize; N]) -> Option<usize> {
        // One early exit per axis, written out (see `axes`): the optimizer
        // then proves the inner axes' checks from the loop bounds and
        // hoists the outer ones, so the seed's loop vectorizes. Written with
        // `zip` (or `any`), the same check measured 3x slower: LLVM kept
        // every comparison in the inner loop (benches/carray_ratios.rs).
        for_each_axis!(N, axis => if index[axis] >= self.shape[axis] {
            return None;
        });
        Some(L::linear_offset(index, &self.shape))
    }

    /// The offset of `index`, panicking with the index and the shape if it
    /// is outside.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn offset_or_panic(&self, index: [usize; N]) -> usize {
        match self.checked_offset(&index) {
            Some(offset) => offset,
            None => out_of_bounds::<L, N>(index, self.shape),
        }
    }
}

/// The panic of `a[index]` outside the shape, kept out of line so that the
/// indexing fast path stays small. The index and shape are taken by value:
/// with a reference, the hot loop would spill the index to the stack on
/// every access in case the panic needs it.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn out_of_bounds<L: Layout, const N: usize>(index: [usize; N], shape: [usize; N]) -> ! {
    panic!(
        "index {} is out of bounds for a {} of shape {}",
        ShapeDisplay(&index),
        L::NAME,
        ShapeDisplay(&shape)
    )
}

/// The panic of a two-view operation on views of different shapes, in
/// numpy's words.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn shape_mismatch<L: Layout, const N: usize>(
    source: [usize; N],
    target: [usize; N],
) -> ! {
    panic!(
        "could not broadcast input {} from shape {} into shape {}",
        L::NAME,
        ShapeDisplay(&source),
        ShapeDisplay(&target)
    )
}

impl<T, const N: usize, L: Layout, I: NdIndex<N>> Index<I> for ArrayView<'_, T, N, L> {
    type Output = T;

    /// # Panics
    ///
    /// If a coordinate is out of range, with the index and the shape.
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &T {
        let offset = self.offset_or_panic(index.into_array());
        // SAFETY: the offset is inside the shape, whose elements the
        // construction contract makes readable for 'a.
        unsafe { &*self.ptr.as_ptr().add(offset) }
    }
}

impl<'s, T, const N: usize, L: Layout> IntoIterator for &'s ArrayView<'_, T, N, L> {
    type Item = &'s T;
    type IntoIter = core::slice::Iter<'s, T>;

    #[inline(always)]
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T, const N: usize, L> Clone for ArrayView<'_, T, N, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, const N: usize, L> Copy for ArrayView<'_, T, N, L> {}

impl<T: fmt::Debug, const N: usize, L: Layout> fmt::Debug for ArrayView<'_, T, N, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(L::NAME)
            .field("shape", &format_args!("{}", ShapeDisplay(&self.shape)))
            .field("data", &self.as_slice())
            .finish()
    }
}
