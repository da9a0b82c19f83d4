//! # cfunc: Numba's `@cfunc` for Rust
//!
//! Write a callback once, with a Numba-style signature string, and get a
//! real `extern "C"` function that any C library can call, plus a handle
//! with what Numba's `CFunc` object exposes.
//!
//! ```
//! use cfunc::cfunc;
//!
//! #[cfunc("float64(float64, float64)")]
//! pub fn add(x: f64, y: f64) -> f64 {
//!     x + y
//! }
//!
//! assert_eq!(add(4.0, 5.0), 9.0);
//! assert_eq!(add::SIGNATURE, "float64(float64, float64)");
//! assert_eq!(add::C_DECL, "double add(double x, double y);");
//! let through_pointer = add::fn_ptr();
//! assert_eq!(through_pointer(4.0, 5.0), 9.0);
//! assert_ne!(add::address(), 0);
//! ```

#![warn(missing_docs)]

pub use cfunc_runtime::array;
pub use cfunc_runtime::sig;
pub use cfunc_runtime::{
    ArrayError, ArrayView, ArrayViewMut, C, F, IntoShape, Layout, carray, carray_as, farray,
    farray_as, try_carray, try_carray_as, try_farray, try_farray_as,
};
pub use cfunc_runtime::{
    Buffer, BufferElement, BufferScalar, CArg, CArgPointee, CArgs, CReturn, DynCallback, DynError,
    DynFn, Library, OwnedBuffer, RecordValue, TypedFn, Value, VariadicFn,
};
pub use cfunc_runtime::{
    CFunc, Record, cfunc_clear_last_error, cfunc_last_error, clear_last_error, last_error,
};
pub use cfunc_runtime::{CFuncInfo, c_header, cfunc_c_header, registry};
pub use cfunc_runtime::{Complex32, Complex64};
pub use cfunc_runtime::{VectorLevel, host_vector_level};
pub use cfunc_runtime::{cdecl, types};

#[doc = include_str!("cfunc_attribute.md")]
pub use cfunc_macro::cfunc;

#[doc = include_str!("python_macro.md")]
pub use cfunc_macro::python;

/// Derives [`Record`](trait@Record) for a `#[repr(C)]` struct with named
/// fields, so that signatures can name it and views can read it; the C
/// layout the runtime computes is asserted at compile time to equal
/// rustc's (`offset_of!`, `size_of`, `align_of`). `#[record(name = "...")]`
/// sets the C name (default: the struct's name).
///
/// ```
/// #[derive(Clone, Copy, cfunc::Record)]
/// #[repr(C)]
/// struct my_struct {
///     i1: i32,
///     f2: f32,
///     d3: f64,
///     af4: [f32; 7],
/// }
///
/// use cfunc::Record;
/// assert_eq!(my_struct::NAME, "my_struct");
/// assert_eq!(my_struct::layout().offset("af4"), Some(16));
/// ```
pub use cfunc_macro::Record;

/// Paths used by generated code. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use cfunc_runtime::__private::*;
}
