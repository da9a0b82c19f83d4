//! Shapes as callers write them (`(m, n)` of C `int`s, `n`, `[2, 3, 4]`)
//! and indices as views take them (`(i, j)`, `i`, `[i, j]`).

use super::error::ArrayError;
use core::fmt;

mod sealed {
    pub trait Sealed {}
}

/// The length of one axis, as any primitive integer: C hands over `int`,
/// `size_t`, `int64_t`, ... and each is accepted as it comes, with negative
/// values rejected when the view is made.
///
/// ```
/// use cfunc::array::AxisLength;
///
/// fn takes_any<L: AxisLength>(_: L) {}
/// takes_any(3_u8);
/// takes_any(-1_i32); // accepted by the type, rejected by `try_carray`
/// ```
pub trait AxisLength: sealed::Sealed + Copy {
    /// The value widened without loss: `Ok` if it is >= 0, else `Err` with
    /// the negative value.
    #[doc(hidden)]
    fn widen(self) -> Result<u128, i128>;
}

macro_rules! unsigned_axis_lengths {
    ($($int:ty),*) => {$(
        impl sealed::Sealed for $int {}
        impl AxisLength for $int {
            #[inline(always)]
            fn widen(self) -> Result<u128, i128> {
                // Lossless: every unsigned primitive fits in u128.
                Ok(self as u128)
            }
        }
    )*};
}

macro_rules! signed_axis_lengths {
    ($($int:ty),*) => {$(
        impl sealed::Sealed for $int {}
        impl AxisLength for $int {
            #[inline(always)]
            fn widen(self) -> Result<u128, i128> {
                // Lossless both ways: non-negative values fit in u128 and
                // every signed primitive fits in i128.
                if self < 0 { Err(self as i128) } else { Ok(self as u128) }
            }
        }
    )*};
}

unsigned_axis_lengths!(u8, u16, u32, u64, u128, usize);
signed_axis_lengths!(i8, i16, i32, i64, i128, isize);

/// A shape with `N` axes: a tuple of 1 to 6 integers of any primitive
/// types (mixed freely), an array `[L; N]`, or a bare integer for one axis.
///
/// `N` is a parameter of the trait rather than an associated constant so
/// that the view type `ArrayView<'a, T, N, _>` can be named on stable Rust;
/// each shape type implements it for exactly one `N`, so `N` is inferred.
///
/// ```
/// use cfunc::{IntoShape, carray};
/// use std::ffi::c_int;
///
/// fn rank<S: IntoShape<N>, const N: usize>(_: S) -> usize {
///     N
/// }
/// let (m, n): (c_int, c_int) = (2, 3);
/// assert_eq!(rank((m, n)), 2);
/// assert_eq!(rank(5_i64), 1);
/// assert_eq!(rank((2_usize, 3_u32, 4_i64)), 3);
/// assert_eq!(rank([1_u8; 4]), 4);
///
/// let data = [0.0_f64; 6];
/// // SAFETY: `data` holds 2 * 3 elements and outlives the view.
/// let a = unsafe { carray(data.as_ptr(), (m, n)) };
/// assert_eq!(a.shape(), [2, 3]);
/// ```
pub trait IntoShape<const N: usize>: sealed::Sealed {
    /// The axis lengths, widened; a negative one is reported with its axis.
    #[doc(hidden)]
    fn widen(self) -> Result<[u128; N], ArrayError>;
}

/// Widens every axis length, naming the first negative one.
#[inline(always)]
fn widen_all<const N: usize>(lengths: [Result<u128, i128>; N]) -> Result<[u128; N], ArrayError> {
    let mut widened = [0; N];
    for (axis, (slot, length)) in widened.iter_mut().zip(lengths).enumerate() {
        *slot = length.map_err(|value| ArrayError::NegativeDimension { axis, value })?;
    }
    Ok(widened)
}

macro_rules! scalar_shapes {
    ($($int:ty),*) => {$(
        impl IntoShape<1> for $int {
            #[inline(always)]
            fn widen(self) -> Result<[u128; 1], ArrayError> {
                widen_all([AxisLength::widen(self)])
            }
        }
    )*};
}

scalar_shapes!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

macro_rules! tuple_shapes {
    ($($rank:literal => ($($name:ident),+);)*) => {$(
        impl<$($name: AxisLength),+> sealed::Sealed for ($($name,)+) {}
        impl<$($name: AxisLength),+> IntoShape<$rank> for ($($name,)+) {
            #[inline(always)]
            #[allow(non_snake_case)]
            fn widen(self) -> Result<[u128; $rank], ArrayError> {
                let ($($name,)+) = self;
                widen_all([$($name.widen()),+])
            }
        }
    )*};
}

tuple_shapes! {
    1 => (A);
    2 => (A, B);
    3 => (A, B, D);
    4 => (A, B, D, E);
    5 => (A, B, D, E, G);
    6 => (A, B, D, E, G, H);
}

impl<L: AxisLength, const N: usize> sealed::Sealed for [L; N] {}
impl<L: AxisLength, const N: usize> IntoShape<N> for [L; N] {
    #[inline(always)]
    fn widen(self) -> Result<[u128; N], ArrayError> {
        widen_all(self.map(AxisLength::widen))
    }
}

/// Checks that a shape of elements of `element_size` bytes fits in `isize`
/// bytes and returns it in `usize`s with its element count.
///
/// Zero-length axes are skipped in the product, as numpy does, so that every
/// stride (a product of the other axes' lengths) also fits in `isize`.
pub(crate) fn checked_shape<const N: usize>(
    shape: [u128; N],
    element_size: usize,
) -> Result<([usize; N], usize), ArrayError> {
    let limit = isize::MAX as u128 / element_size.max(1) as u128;
    let overflow = || ArrayError::SizeOverflow {
        shape: shape.to_vec(),
        element_size,
    };
    let mut nonzero_product: u128 = 1;
    for &extent in shape.iter().filter(|&&extent| extent != 0) {
        nonzero_product = nonzero_product
            .checked_mul(extent)
            .filter(|&product| product <= limit)
            .ok_or_else(overflow)?;
    }
    // Every length is at most `nonzero_product` <= isize::MAX, so it fits,
    // and so does their product. Taking the product of the narrowed lengths
    // (rather than `nonzero_product`) lets the optimizer see that a 1-d
    // view's length is its one extent, which removes the bounds checks from
    // loops over `0..extent`.
    let narrowed = shape.map(|extent| extent as usize);
    let len = narrowed.iter().product();
    Ok((narrowed, len))
}

/// An index into a view of `N` axes: a tuple of `usize`s, an array
/// `[usize; N]`, or a bare `usize` for one axis.
///
/// ```
/// use cfunc::carray;
///
/// let data = [10, 11, 12, 13, 14, 15];
/// // SAFETY: `data` holds 6 elements and outlives the views.
/// let flat = unsafe { carray(data.as_ptr(), 6) };
/// assert_eq!((flat[4], flat[(4,)], flat[[4]]), (14, 14, 14));
/// // SAFETY: as above, 2 * 3 elements.
/// let grid = unsafe { carray(data.as_ptr(), (2, 3)) };
/// assert_eq!((grid[(1, 1)], grid[[1, 1]]), (14, 14));
/// ```
pub trait NdIndex<const N: usize>: sealed::Sealed + Copy {
    /// The index as an array.
    #[doc(hidden)]
    fn into_array(self) -> [usize; N];
}

impl NdIndex<1> for usize {
    #[inline(always)]
    fn into_array(self) -> [usize; 1] {
        [self]
    }
}

impl<const N: usize> NdIndex<N> for [usize; N] {
    #[inline(always)]
    fn into_array(self) -> [usize; N] {
        self
    }
}

macro_rules! tuple_indices {
    ($($rank:literal => ($($name:ident),+);)*) => {$(
        impl NdIndex<$rank> for ($(tuple_indices!(@usize $name),)+) {
            #[inline(always)]
            #[allow(non_snake_case)]
            fn into_array(self) -> [usize; $rank] {
                let ($($name,)+) = self;
                [$($name),+]
            }
        }
    )*};
    (@usize $name:ident) => { usize };
}

tuple_indices! {
    1 => (A);
    2 => (A, B);
    3 => (A, B, D);
    4 => (A, B, D, E);
    5 => (A, B, D, E, G);
    6 => (A, B, D, E, G, H);
}

/// Formats a shape or an index as Python prints a tuple: `(3,)`, `(2, 3)`.
pub(crate) struct ShapeDisplay<'a, V>(pub(crate) &'a [V]);

impl<V: fmt::Display> fmt::Display for ShapeDisplay<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for (position, value) in self.0.iter().enumerate() {
            if position > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{value}")?;
        }
        if self.0.len() == 1 {
            f.write_str(",")?;
        }
        f.write_str(")")
    }
}
