//! [`ArrayViewMut`]: a read-write n-d view over C memory.

use super::layout::{C, Layout};
use super::shape::NdIndex;
use super::view::{ArrayView, shape_mismatch};
use core::fmt;
use core::iter::Sum;
use core::marker::PhantomData;
use core::ops::{Index, IndexMut};
use core::ptr::NonNull;

/// A read-write view of `N` axes over memory that C handed over, in the
/// order `L`; made by [`carray`](super::carray) or
/// [`farray`](super::farray) from a `*mut T`.
///
/// It has every method of [`ArrayView`] plus writes: `a[(i, j)] = x`,
/// [`get_mut`](Self::get_mut), [`fill`](Self::fill),
/// [`iter_mut`](Self::iter_mut), [`as_mut_slice`](Self::as_mut_slice).
///
/// Like [`ArrayView`] it holds a raw pointer, so two views over one buffer
/// (C passing the same array as input and output) are allowed, under the
/// rule in [`carray`'s safety section](super::carray#safety). It is neither
/// `Copy`, `Send` nor `Sync`; [`view`](Self::view) lends a read view.
///
/// ```
/// use cfunc::carray;
///
/// let mut data = vec![0.0_f64; 6];
/// // SAFETY: `data` holds 2 * 3 elements and outlives the view.
/// let mut a = unsafe { carray(data.as_mut_ptr(), (2, 3)) };
/// a[(1, 2)] = 7.0;
/// *a.get_mut((0, 1)).unwrap() = 1.0;
/// assert_eq!(a.sum(), 8.0);
/// assert_eq!(data, [0.0, 1.0, 0.0, 0.0, 0.0, 7.0]);
/// ```
pub struct ArrayViewMut<'a, T, const N: usize, L = C> {
    /// The read side; private, so its `'a` never escapes a borrow of
    /// `self` (a copy of it could otherwise outlive a write through `self`).
    view: ArrayView<'a, T, N, L>,
    /// Makes the view invariant in `T`, as `&'a mut T` is.
    _unique: PhantomData<&'a mut T>,
}

impl<'a, T, const N: usize, L: Layout> ArrayViewMut<'a, T, N, L> {
    /// Wraps parts that passed the construction checks.
    ///
    /// # Safety
    ///
    /// As for `ArrayView::from_checked_parts`, and the elements are also
    /// writable for `'a`.
    #[inline(always)]
    pub(crate) unsafe fn from_checked_parts(ptr: NonNull<T>, shape: [usize; N]) -> Self {
        Self {
            // SAFETY: forwarded from this function's contract.
            view: unsafe { ArrayView::from_checked_parts(ptr, shape) },
            _unique: PhantomData,
        }
    }

    /// A read-only view of the same elements, borrowed from this one.
    ///
    /// ```
    /// let mut data = [1, 2, 3];
    /// // SAFETY: `data` holds 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), 3) };
    /// let read: cfunc::ArrayView<'_, i32, 1> = a.view();
    /// assert_eq!(read[1], 2);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn view(&self) -> ArrayView<'_, T, N, L> {
        self.view
    }

    /// A mutable view of the same elements, borrowed from this one: while
    /// it lives, this view cannot be used, as with `&mut *reference`. It is
    /// how a view is passed to a function without giving it away.
    ///
    /// ```
    /// fn double(mut view: cfunc::ArrayViewMut<'_, f64, 1>) {
    ///     view.iter_mut().for_each(|x| *x *= 2.0);
    /// }
    /// let mut data = [1.0, 2.0];
    /// // SAFETY: `data` holds 2 elements.
    /// let mut a = unsafe { cfunc::carray(data.as_mut_ptr(), 2) };
    /// double(a.reborrow());
    /// double(a.reborrow());
    /// assert_eq!(a[1], 8.0);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn reborrow(&mut self) -> ArrayViewMut<'_, T, N, L> {
        ArrayViewMut {
            view: self.view,
            _unique: PhantomData,
        }
    }

    /// The length of each axis. See [`ArrayView::shape`].
    ///
    /// ```
    /// let mut data = [0_u8; 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 3)) };
    /// assert_eq!(a.shape(), [2, 3]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn shape(&self) -> [usize; N] {
        self.view.shape()
    }

    /// The number of axes, `N`. See [`ArrayView::ndim`].
    ///
    /// ```
    /// let mut data = [0_u8; 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 3)) };
    /// assert_eq!(a.ndim(), 2);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn ndim(&self) -> usize {
        N
    }

    /// The number of elements. See [`ArrayView::len`].
    ///
    /// ```
    /// let mut data = [0_u8; 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 3)) };
    /// assert_eq!(a.len(), 6);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn len(&self) -> usize {
        self.view.len()
    }

    /// The number of elements, under Numba's name. See [`ArrayView::size`].
    ///
    /// ```
    /// let mut data = [0_u8; 6];
    /// // SAFETY: `data` holds 6 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), 6_i32) };
    /// assert_eq!(a.size(), 6);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn size(&self) -> usize {
        self.view.len()
    }

    /// Whether the view has no elements. See [`ArrayView::is_empty`].
    ///
    /// ```
    /// // SAFETY: a shape with no elements never touches the pointer.
    /// let a = unsafe { cfunc::carray(std::ptr::null_mut::<f64>(), 0) };
    /// assert!(a.is_empty());
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The strides in bytes, as numpy gives them. See [`ArrayView::strides`].
    ///
    /// ```
    /// let mut data = [0_i32; 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let a = unsafe { cfunc::farray(data.as_mut_ptr(), (2, 3)) };
    /// assert_eq!(a.strides(), [4, 8]);
    /// ```
    #[must_use]
    pub fn strides(&self) -> [isize; N] {
        self.view.strides()
    }

    /// A pointer to the first element in memory. See [`ArrayView::as_ptr`].
    ///
    /// ```
    /// let mut data = [0_i32; 3];
    /// // SAFETY: `data` holds 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), 3) };
    /// assert_eq!(a.as_ptr(), data.as_ptr());
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn as_ptr(&self) -> *const T {
        self.view.as_ptr()
    }

    /// A mutable pointer to the first element in memory.
    ///
    /// ```
    /// let mut data = [0_i32; 3];
    /// let expected = data.as_mut_ptr();
    /// // SAFETY: `data` holds 3 elements.
    /// let mut a = unsafe { cfunc::carray(expected, 3) };
    /// assert_eq!(a.as_mut_ptr(), expected);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.view.as_ptr().cast_mut()
    }

    /// The element at `index`, or `None` if out of range. See
    /// [`ArrayView::get`].
    ///
    /// ```
    /// let mut data = [0, 1, 2, 3];
    /// // SAFETY: `data` holds 2 * 2 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 2)) };
    /// assert_eq!(a.get((1, 0)), Some(&2));
    /// assert_eq!(a.get((0, 2)), None);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn get(&self, index: impl NdIndex<N>) -> Option<&T> {
        self.view.get(index)
    }

    /// The element at `index`, mutably, or `None` if out of range.
    ///
    /// ```
    /// let mut data = [0, 1, 2, 3];
    /// // SAFETY: `data` holds 2 * 2 elements.
    /// let mut a = unsafe { cfunc::farray(data.as_mut_ptr(), (2, 2)) };
    /// *a.get_mut((1, 0)).unwrap() = 9;
    /// assert!(a.get_mut((2, 0)).is_none());
    /// assert_eq!(data, [0, 9, 2, 3]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn get_mut(&mut self, index: impl NdIndex<N>) -> Option<&mut T> {
        let offset = self.view.checked_offset(&index.into_array())?;
        // SAFETY: the offset is inside the shape, whose elements the
        // construction contract makes writable for 'a; `&mut self` keeps
        // this view from handing out another reference meanwhile.
        Some(unsafe { &mut *self.as_mut_ptr().add(offset) })
    }

    /// The element at `index`, without the bounds check. See
    /// [`ArrayView::get_unchecked`].
    ///
    /// # Safety
    ///
    /// Every coordinate of `index` is less than the length of its axis.
    ///
    /// ```
    /// let mut data = [5, 6];
    /// // SAFETY: `data` holds 2 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), 2) };
    /// // SAFETY: 1 < 2.
    /// assert_eq!(unsafe { *a.get_unchecked(1) }, 6);
    /// ```
    #[inline(always)]
    #[must_use]
    pub unsafe fn get_unchecked(&self, index: impl NdIndex<N>) -> &T {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.view.get_unchecked(index) }
    }

    /// The element at `index`, mutably, without the bounds check: for hot
    /// loops whose indices are known to be in range.
    ///
    /// # Safety
    ///
    /// Every coordinate of `index` is less than the length of its axis.
    ///
    /// ```
    /// let mut data = [0.0_f64; 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let mut a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 3)) };
    /// for i in 0..2 {
    ///     for j in 0..3 {
    ///         // SAFETY: i < 2 and j < 3, the shape.
    ///         unsafe { *a.get_unchecked_mut((i, j)) = (i * 3 + j) as f64 };
    ///     }
    /// }
    /// assert_eq!(data, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub unsafe fn get_unchecked_mut(&mut self, index: impl NdIndex<N>) -> &mut T {
        let offset = L::linear_offset(&index.into_array(), &self.view.shape());
        // SAFETY: the caller keeps the index inside the shape, whose
        // elements the construction contract makes writable for 'a.
        unsafe { &mut *self.as_mut_ptr().add(offset) }
    }

    /// The elements in memory order. See [`ArrayView::iter`].
    ///
    /// ```
    /// let mut data = [1, 2, 3, 4];
    /// // SAFETY: `data` holds 2 * 2 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 2)) };
    /// assert_eq!(a.iter().max(), Some(&4));
    /// ```
    #[inline(always)]
    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.view.iter()
    }

    /// The elements mutably, in memory order.
    ///
    /// ```
    /// let mut data = [1, 2, 3, 4];
    /// // SAFETY: `data` holds 2 * 2 elements.
    /// let mut a = unsafe { cfunc::farray(data.as_mut_ptr(), (2, 2)) };
    /// for x in a.iter_mut() {
    ///     *x *= 10;
    /// }
    /// assert_eq!(data, [10, 20, 30, 40]);
    /// ```
    #[inline(always)]
    pub fn iter_mut(&mut self) -> core::slice::IterMut<'_, T> {
        self.as_mut_slice().iter_mut()
    }

    /// The elements as one slice, in memory order. See
    /// [`ArrayView::as_slice`].
    ///
    /// ```
    /// let mut data = [1, 2, 3];
    /// // SAFETY: `data` holds 3 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), 3) };
    /// assert_eq!(a.as_slice(), &[1, 2, 3]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        self.view.as_slice()
    }

    /// The elements as one mutable slice, in memory order.
    ///
    /// The slice is an exclusive reference to every element: while it is
    /// alive, no other view may read or write this memory.
    ///
    /// ```
    /// let mut data = [3, 1, 2];
    /// // SAFETY: `data` holds 3 elements.
    /// let mut a = unsafe { cfunc::carray(data.as_mut_ptr(), 3) };
    /// a.as_mut_slice().sort();
    /// assert_eq!(data, [1, 2, 3]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        let len = self.view.len();
        // SAFETY: the pointer is aligned and non-null, the shape's elements
        // are writable for 'a (construction contract), the byte size fits
        // in isize (checked), and `&mut self` keeps this view from handing
        // out another reference while the slice lives.
        unsafe { core::slice::from_raw_parts_mut(self.as_mut_ptr(), len) }
    }

    /// The sum of the elements (Numba's `.sum()`). See [`ArrayView::sum`].
    ///
    /// ```
    /// let mut data = [0.5_f64, 1.5];
    /// // SAFETY: `data` holds 2 elements.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), 2) };
    /// assert_eq!(a.sum(), 2.0);
    /// ```
    #[must_use]
    pub fn sum(&self) -> T
    where
        T: Copy + Sum,
    {
        self.view.sum()
    }

    /// Sets every element to `f` of the element at the same index of
    /// `source` (numpy's `np.multiply(in_, 2, out=out)`), in memory order:
    /// the fast, safe form of the two-view loop, for buffers that C may
    /// pass twice.
    ///
    /// `source` may cover the same memory as this view, wholly (an
    /// in-place call, `in_ == out`) or in part. The result is always that
    /// of the element-at-a-time loop `out[k] = f(in_[k])` in memory order:
    /// an in-place call runs as a loop over the one buffer, which
    /// vectorizes; other calls as a loop over the two buffers, which the
    /// compiler vectorizes behind its own check that they do not overlap.
    ///
    /// Unlike `iter_mut().zip(source.iter())`, which holds a reference to
    /// every element of both views at once and so needs them disjoint,
    /// this holds no reference to any element, also while `f` runs (so `f`
    /// may read other views of the same memory).
    ///
    /// # Panics
    ///
    /// If the shapes differ, with both shapes.
    ///
    /// ```
    /// use cfunc::carray;
    ///
    /// let mut data = [1.0_f64, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let pointer = data.as_mut_ptr();
    /// // SAFETY: `data` holds 2 * 3 doubles; both views are cfunc views of
    /// // one element type, which may share memory.
    /// let (in_, mut out) = unsafe { (carray(pointer.cast_const(), (2, 3)), carray(pointer, (2, 3))) };
    /// out.assign_map(&in_, |x| 2.0 * x); // in place, as C may call it
    /// assert_eq!(data, [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn assign_map(&mut self, source: &ArrayView<'_, T, N, L>, mut f: impl FnMut(T) -> T)
    where
        T: Copy,
    {
        if source.shape() != self.shape() {
            shape_mismatch::<L, N>(source.shape(), self.shape());
        }
        let len = self.len();
        let target = self.as_mut_ptr();
        let from = source.as_ptr();
        if target.cast_const() == from {
            // In place: each element is read, then written, through the one
            // pointer, so the optimizer sees the same address and
            // vectorizes with no overlap check.
            for k in 0..len {
                // SAFETY: k < len, the view's elements, which are readable
                // and writable (construction contract); no reference is
                // made.
                unsafe {
                    let slot = target.add(k);
                    slot.write(f(slot.read()));
                }
            }
        } else {
            for k in 0..len {
                // SAFETY: k < len for both views (equal shapes), whose
                // elements are readable, and writable here; both views have
                // the element type `T`, so an element written here and read
                // later through `source` is a valid `T` (construction
                // contract); no reference is made, so an overlap only orders
                // the reads and writes, as the loop does.
                unsafe { target.add(k).write(f(from.add(k).read())) };
            }
        }
    }

    /// Sets every element to `value` (numpy's `a[:] = value`).
    ///
    /// ```
    /// let mut data = [0_u16; 6];
    /// // SAFETY: `data` holds 2 * 3 elements.
    /// let mut a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 3)) };
    /// a.fill(4);
    /// assert_eq!(data, [4; 6]);
    /// ```
    pub fn fill(&mut self, value: T)
    where
        T: Clone,
    {
        self.as_mut_slice().fill(value);
    }
}

impl<T, const N: usize, L: Layout, I: NdIndex<N>> Index<I> for ArrayViewMut<'_, T, N, L> {
    type Output = T;

    /// # Panics
    ///
    /// If a coordinate is out of range, with the index and the shape.
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &T {
        &self.view[index]
    }
}

impl<T, const N: usize, L: Layout, I: NdIndex<N>> IndexMut<I> for ArrayViewMut<'_, T, N, L> {
    /// # Panics
    ///
    /// If a coordinate is out of range, with the index and the shape.
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut T {
        let offset = self.view.offset_or_panic(index.into_array());
        // SAFETY: the offset is inside the shape, whose elements the
        // construction contract makes writable for 'a; `&mut self` keeps
        // this view from handing out another reference meanwhile.
        unsafe { &mut *self.as_mut_ptr().add(offset) }
    }
}

impl<'s, T, const N: usize, L: Layout> IntoIterator for &'s ArrayViewMut<'_, T, N, L> {
    type Item = &'s T;
    type IntoIter = core::slice::Iter<'s, T>;

    #[inline(always)]
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'s, T, const N: usize, L: Layout> IntoIterator for &'s mut ArrayViewMut<'_, T, N, L> {
    type Item = &'s mut T;
    type IntoIter = core::slice::IterMut<'s, T>;

    #[inline(always)]
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T: fmt::Debug, const N: usize, L: Layout> fmt::Debug for ArrayViewMut<'_, T, N, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.view, f)
    }
}
