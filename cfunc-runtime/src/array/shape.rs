//! Shapes as callers write them (`(m, n)` of C `int`s, `n`, `[2, 3, 4]`)
//! and indices as views take them (`(i, j)`, `i`, `[i, j]`).

use super::axes::for_each_axis;
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
    /// The value cast to `usize` (wrapping or truncating if it is negative
    /// or too large), and whether it is >= 0 and fits: the fast path of
    /// construction, a compare and a move for C's integer types.
    ///
    /// The cast is made whatever the flag says, rather than returning an
    /// `Option`: `usize::try_from(n).ok()` leaves the optimizer a value
    /// that is undefined when `n < 0`, and a loop bounded by such a length
    /// keeps its bounds checks (and does not vectorize).
    #[doc(hidden)]
    fn extent(self) -> (usize, bool);

    /// The value widened without loss: `Ok` if it is >= 0, else `Err` with
    /// the negative value. Used only to say why a shape was refused.
    #[doc(hidden)]
    fn widen(self) -> Result<u128, i128>;
}

macro_rules! unsigned_axis_lengths {
    ($($int:ty),*) => {$(
        impl sealed::Sealed for $int {}
        impl AxisLength for $int {
            #[inline(always)]
            #[allow(clippy::cast_possible_truncation)]
            fn extent(self) -> (usize, bool) {
                (self as usize, usize::try_from(self).is_ok())
            }

            #[inline(always)]
            fn widen(self) -> Result<u128, i128> {
                // Lossless: every unsigned primitive fits in u128.
                Ok(self as u128)
            }
        }
    )*};
}

macro_rules! signed_axis_lengths {
    ($($int:ty => $unsigned:ty),*) => {$(
        impl sealed::Sealed for $int {}
        impl AxisLength for $int {
            #[inline(always)]
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            fn extent(self) -> (usize, bool) {
                // Zero-extended, not sign-extended: the optimizer then knows
                // the extent is at most the type's range.
                (self as $unsigned as usize, usize::try_from(self).is_ok())
            }

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
signed_axis_lengths!(i8 => u8, i16 => u16, i32 => u32, i64 => u64, i128 => u128, isize => usize);

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
pub trait IntoShape<const N: usize>: sealed::Sealed + Copy {
    /// The axis lengths cast to `usize`, and whether none is negative or
    /// too large (see [`AxisLength::extent`]).
    #[doc(hidden)]
    fn extents(self) -> ([usize; N], bool);

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
            fn extents(self) -> ([usize; 1], bool) {
                let (extent, valid) = AxisLength::extent(self);
                ([extent], valid)
            }

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
            fn extents(self) -> ([usize; $rank], bool) {
                let ($($name,)+) = self;
                let ($($name,)+) = ($($name.extent(),)+);
                ([$($name.0),+], true $(& $name.1)+)
            }

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
    fn extents(self) -> ([usize; N], bool) {
        let mut extents = [0; N];
        let mut valid = true;
        for_each_axis!(N, axis => {
            let (value, fits) = self[axis].extent();
            extents[axis] = value;
            valid &= fits;
        });
        (extents, valid)
    }

    #[inline(always)]
    fn widen(self) -> Result<[u128; N], ArrayError> {
        widen_all(self.map(AxisLength::widen))
    }
}

/// The element count of a shape whose elements take `element_size` bytes,
/// if its byte size fits in `isize`.
///
/// Zero-length axes are skipped in the check, as numpy does, so that every
/// stride (a product of the other axes' lengths) also fits in `isize`.
///
/// This runs at every construction, so it is plain `usize` arithmetic that
/// the optimizer sees through: two views made from the same C sizes get
/// the same shape values, and a loop bounded by one view's shape then needs
/// no bounds check on the other (which is what lets it vectorize).
#[inline(always)]
pub(crate) fn element_count<const N: usize>(
    extents: &[usize; N],
    element_size: usize,
) -> Option<usize> {
    let limit = isize::MAX as usize / element_size.max(1);
    let mut nonzero_product: usize = 1;
    for_each_axis!(N, axis => if extents[axis] != 0 {
        nonzero_product = nonzero_product
            .checked_mul(extents[axis])
            .filter(|&product| product <= limit)?;
    });
    // Every length is at most `nonzero_product`, so the plain product
    // cannot overflow. Taking it (rather than `nonzero_product`) lets the
    // optimizer see that a 1-d view's length is its one extent.
    let mut product = 1;
    for_each_axis!(N, axis => product *= extents[axis]);
    debug_assert!(product <= nonzero_product);
    Some(product)
}

/// Why `shape` was refused: its first negative axis, or a byte size past
/// `isize::MAX`. Called only from construction's out-of-line error path.
pub(crate) fn rejected_shape<S: IntoShape<N>, const N: usize>(
    shape: S,
    element_size: usize,
) -> ArrayError {
    match shape.widen() {
        Err(negative) => negative,
        Ok(wide) => ArrayError::SizeOverflow {
            shape: wide.to_vec(),
            element_size,
        },
    }
}

/// The shape as the caller gave it, for an error message (from the same
/// out-of-line path).
pub(crate) fn given_shape<S: IntoShape<N>, const N: usize>(shape: S) -> Vec<u128> {
    // Only called for shapes whose `extents` are valid: non-negative.
    shape.widen().map(|wide| wide.to_vec()).unwrap_or_default()
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
