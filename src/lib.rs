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

pub use cfunc_runtime::sig;
pub use cfunc_runtime::{
    CFunc, Record, cfunc_clear_last_error, cfunc_last_error, clear_last_error, last_error,
};

#[doc = include_str!("cfunc_attribute.md")]
pub use cfunc_macro::cfunc;

/// Paths used by generated code. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use cfunc_runtime::__private::*;
}
