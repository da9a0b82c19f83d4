//! Conversions to `ndarray` views (feature `ndarray`), for code that wants
//! ndarray's slicing, broadcasting and linear algebra on C memory.

use super::layout::Layout;
use super::view::ArrayView;
use super::view_mut::ArrayViewMut;
use ndarray::{Dim, Dimension, ShapeBuilder};

/// ndarray's shape of `N` axes in order `L`.
fn ndarray_shape<const N: usize, L: Layout>(shape: [usize; N]) -> ndarray::Shape<Dim<[usize; N]>>
where
    Dim<[usize; N]>: Dimension,
{
    let mut dim = Dim::<[usize; N]>::zeros(N);
    dim.slice_mut().copy_from_slice(&shape);
    dim.set_f(L::IS_FORTRAN)
}

impl<T, const N: usize, L: Layout> ArrayView<'_, T, N, L>
where
    Dim<[usize; N]>: Dimension,
{
    /// The same elements as an `ndarray::ArrayView` with `N` axes and the
    /// same order (feature `ndarray`; `N` up to 6).
    ///
    /// ndarray's view is a shared borrow of every element: while it is
    /// alive, no other view may write to this memory.
    ///
    /// ```
    /// let data: Vec<f64> = (0..6).map(f64::from).collect();
    /// // SAFETY: `data` holds 2 * 3 doubles.
    /// let a = unsafe { cfunc::farray(data.as_ptr(), (2, 3)) };
    /// let nd = a.to_ndarray();
    /// assert_eq!(nd.shape(), &[2, 3]);
    /// assert_eq!(nd[[1, 2]], a[(1, 2)]);
    /// assert!(nd.t().is_standard_layout());
    /// ```
    #[must_use]
    pub fn to_ndarray(&self) -> ndarray::ArrayView<'_, T, Dim<[usize; N]>> {
        self.to_ndarray_detached()
    }
}

impl<T, const N: usize, L: Layout> ArrayViewMut<'_, T, N, L>
where
    Dim<[usize; N]>: Dimension,
{
    /// The same elements as an `ndarray::ArrayView` (feature `ndarray`).
    /// See [`ArrayView::to_ndarray`].
    ///
    /// ```
    /// let mut data = [1, 2, 3, 4];
    /// // SAFETY: `data` holds 2 * 2 values.
    /// let a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 2)) };
    /// assert_eq!(a.to_ndarray().sum(), 10);
    /// ```
    #[must_use]
    pub fn to_ndarray(&self) -> ndarray::ArrayView<'_, T, Dim<[usize; N]>> {
        self.view().to_ndarray_detached()
    }

    /// The same elements as an `ndarray::ArrayViewMut` with `N` axes and
    /// the same order (feature `ndarray`).
    ///
    /// ndarray's view is an exclusive borrow of every element: while it is
    /// alive, no other view may read or write this memory.
    ///
    /// ```
    /// let mut data = [0.0_f64; 6];
    /// // SAFETY: `data` holds 2 * 3 doubles.
    /// let mut a = unsafe { cfunc::carray(data.as_mut_ptr(), (2, 3)) };
    /// a.to_ndarray_mut().row_mut(1).fill(1.0);
    /// assert_eq!(data, [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
    /// ```
    #[must_use]
    pub fn to_ndarray_mut(&mut self) -> ndarray::ArrayViewMut<'_, T, Dim<[usize; N]>> {
        let shape = ndarray_shape::<N, L>(self.shape());
        // SAFETY: as in `to_ndarray`, with the elements writable, and
        // `&mut self` keeps this view from handing out other references
        // while the ndarray view lives.
        unsafe { ndarray::ArrayViewMut::from_shape_ptr(shape, self.as_mut_ptr()) }
    }
}

impl<'a, T, const N: usize, L: Layout> ArrayView<'a, T, N, L>
where
    Dim<[usize; N]>: Dimension,
{
    /// `to_ndarray` with the lifetime of the view itself: a view that a
    /// mutable view lends has `'a` bounded by the borrow of that view.
    fn to_ndarray_detached(self) -> ndarray::ArrayView<'a, T, Dim<[usize; N]>> {
        // SAFETY: the pointer is non-null and aligned, the shape's elements
        // are readable for 'a, and the byte size fits in isize
        // (construction checks and contract); the strides are the
        // contiguous ones of `L`.
        unsafe {
            ndarray::ArrayView::from_shape_ptr(ndarray_shape::<N, L>(self.shape()), self.as_ptr())
        }
    }
}
