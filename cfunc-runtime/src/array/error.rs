//! [`ArrayError`]: why a data pointer and a shape do not make a view.

use super::shape::ShapeDisplay;

/// Why [`try_carray`](super::try_carray) (and its siblings) refused to make
/// a view. The plain forms ([`carray`](super::carray), ...) panic with the
/// same message, which a cfunc's panic policy then reports.
///
/// Each variant keeps the values its message names, so callers can match on
/// them instead of parsing text.
///
/// ```
/// use cfunc::{ArrayError, try_carray};
/// use std::ffi::c_int;
///
/// let (m, n): (c_int, c_int) = (2, -1);
/// let mut data = [0.0_f64; 4];
/// // SAFETY: nothing is read; the shape is rejected first.
/// let error = unsafe { try_carray(data.as_mut_ptr(), (m, n)) }.unwrap_err();
/// assert_eq!(error, ArrayError::NegativeDimension { axis: 1, value: -1 });
/// assert_eq!(
///     error.to_string(),
///     "dimension 1 of the shape is -1; dimensions must be >= 0"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArrayError {
    /// A dimension given as a signed integer (a C `int`) is negative.
    #[error("dimension {axis} of the shape is {value}; dimensions must be >= 0")]
    NegativeDimension {
        /// The axis of the offending dimension, counted from 0.
        axis: usize,
        /// The dimension as the caller passed it.
        value: i128,
    },
    /// The element count, or the byte size of the elements, does not fit
    /// in `isize` (the limit on the size of any Rust or C object).
    #[error(
        "a view of shape {} with {element_size}-byte elements is larger than isize::MAX bytes; \
         expected a shape whose byte size fits in isize",
        ShapeDisplay(shape)
    )]
    SizeOverflow {
        /// The shape as given.
        shape: Vec<u128>,
        /// `size_of` the element type.
        element_size: usize,
    },
    /// The data pointer is null but the shape has elements.
    #[error(
        "expected a non-null data pointer for a view of shape {} ({len} elements), found null",
        ShapeDisplay(shape)
    )]
    NullPointer {
        /// The shape as given.
        shape: Vec<u128>,
        /// The number of elements the shape holds.
        len: usize,
    },
    /// The data pointer is not a multiple of the element type's alignment.
    #[error(
        "data pointer {address:#x} is not aligned for `{element_type}`; \
         expected an address that is a multiple of {align}"
    )]
    Misaligned {
        /// The pointer's address.
        address: usize,
        /// `align_of` the element type.
        align: usize,
        /// The element type's name, as `core::any::type_name` gives it.
        element_type: &'static str,
    },
}
