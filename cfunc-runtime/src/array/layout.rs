//! The memory order of a view as a type: [`C`] (row-major) and [`F`]
//! (column-major), so that index arithmetic is fixed at compile time.

use super::axes::for_each_axis;
use core::fmt::Debug;
use core::hash::Hash;

mod sealed {
    pub trait Sealed {}
}

/// The memory order of a view: [`C`] for `carray`, [`F`] for `farray`.
///
/// The order is a type parameter rather than a field so that the offset of
/// `a[(i, j)]` compiles to `i * n + j` (or `i + j * m`) with no stride loads:
/// the innermost stride is the constant 1 and the optimizer treats a loop
/// over a view exactly like a loop over a slice. The trait is sealed; `C`
/// and `F` are the only orders.
///
/// ```
/// use cfunc::{C, F, Layout};
///
/// assert_eq!(C::NAME, "carray");
/// assert_eq!(F::NAME, "farray");
/// assert!(F::IS_FORTRAN && !C::IS_FORTRAN);
/// ```
pub trait Layout:
    sealed::Sealed + Copy + Default + Debug + Eq + Hash + Send + Sync + 'static
{
    /// The Numba function that makes views of this order, used in messages.
    const NAME: &'static str;
    /// Whether the first index varies fastest in memory (Fortran order).
    const IS_FORTRAN: bool;

    /// The position of `index` in memory order, counted in elements. The
    /// index must be within `shape` (the caller checks).
    #[doc(hidden)]
    fn linear_offset<const N: usize>(index: &[usize; N], shape: &[usize; N]) -> usize;

    /// The distance, in elements, between neighbours along each axis.
    #[doc(hidden)]
    fn element_strides<const N: usize>(shape: &[usize; N]) -> [usize; N];
}

/// C (row-major) order: the last index varies fastest, as in `carray` and
/// numpy's default.
///
/// ```
/// use cfunc::{C, carray};
///
/// let data = [0, 1, 2, 3, 4, 5];
/// // SAFETY: `data` holds 2 * 3 elements and outlives the view.
/// let a = unsafe { carray(data.as_ptr(), (2, 3)) };
/// assert_eq!(a[(1, 0)], 3); // offset 1 * 3 + 0
/// let _: cfunc::ArrayView<'_, i32, 2, C> = a;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct C;

/// Fortran (column-major) order: the first index varies fastest, as in
/// `farray` and numpy's `order='F'`.
///
/// ```
/// use cfunc::{F, farray};
///
/// let data = [0, 1, 2, 3, 4, 5];
/// // SAFETY: `data` holds 2 * 3 elements and outlives the view.
/// let a = unsafe { farray(data.as_ptr(), (2, 3)) };
/// assert_eq!(a[(1, 0)], 1); // offset 1 + 0 * 2
/// let _: cfunc::ArrayView<'_, i32, 2, F> = a;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct F;

impl sealed::Sealed for C {}
impl sealed::Sealed for F {}

impl Layout for C {
    const NAME: &'static str = "carray";
    const IS_FORTRAN: bool = false;

    #[inline(always)]
    fn linear_offset<const N: usize>(index: &[usize; N], shape: &[usize; N]) -> usize {
        // Horner's scheme, outermost axis first: ((i0 * d1) + i1) * d2 + i2,
        // written out axis by axis as one writes it by hand.
        let mut offset = 0;
        for_each_axis!(N, axis => offset = offset * shape[axis] + index[axis]);
        offset
    }

    #[inline]
    fn element_strides<const N: usize>(shape: &[usize; N]) -> [usize; N] {
        let mut strides = [0; N];
        let mut step = 1;
        for (stride, &extent) in strides.iter_mut().zip(shape).rev() {
            *stride = step;
            step *= extent.max(1);
        }
        strides
    }
}

impl Layout for F {
    const NAME: &'static str = "farray";
    const IS_FORTRAN: bool = true;

    #[inline(always)]
    fn linear_offset<const N: usize>(index: &[usize; N], shape: &[usize; N]) -> usize {
        // The mirror image of C: i0 + d0 * (i1 + d1 * i2).
        let mut offset = 0;
        for_each_axis!(rev N, axis => offset = offset * shape[axis] + index[axis]);
        offset
    }

    #[inline]
    fn element_strides<const N: usize>(shape: &[usize; N]) -> [usize; N] {
        let mut strides = [0; N];
        let mut step = 1;
        for (stride, &extent) in strides.iter_mut().zip(shape) {
            *stride = step;
            step *= extent.max(1);
        }
        strides
    }
}
