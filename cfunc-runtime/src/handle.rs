//! The handle that `#[cfunc]` defines next to each exported function.

use crate::sig::Signature;

/// What Numba's `CFunc` object exposes, as associated items of the handle
/// type that `#[cfunc]` defines with the function's name.
///
/// The handle also has the same items as inherent consts and functions, so
/// `add::SIGNATURE` works without importing this trait; the trait lets code
/// be generic over callbacks.
///
/// ```
/// use cfunc::{CFunc, cfunc};
///
/// #[cfunc("float64(float64, float64)")]
/// fn add(x: f64, y: f64) -> f64 {
///     x + y
/// }
///
/// fn describe<F: CFunc>() -> String {
///     format!("{} at {:#x}: {}", F::NATIVE_NAME, F::address(), F::C_DECL)
/// }
///
/// assert!(describe::<add>().ends_with("double add(double x, double y);"));
/// assert_eq!((add::fn_ptr())(4.0, 5.0), 9.0);
/// ```
///
/// # Safety
///
/// Code that calls through a handle trusts it: `address()` must be the
/// address of an `extern "C"` function of type `FnPtr`, living as long as
/// the program, whose C prototype is `SIGNATURE`. `#[cfunc]` implements it;
/// nothing else should.
pub unsafe trait CFunc {
    /// The typed function pointer, e.g. `extern "C" fn(f64, f64) -> f64`
    /// (`unsafe extern "C" fn` when a parameter is a pointer, `CPointer` or
    /// `voidptr`: only the caller can vouch for the memory behind it).
    type FnPtr: Copy;
    /// The Rust name of the function.
    const NAME: &'static str;
    /// The signature in canonical form, e.g. `float64(float64, float64)`.
    const SIGNATURE: &'static str;
    /// The symbol the function is exported under (Numba's `native_name`).
    const NATIVE_NAME: &'static str;
    /// The C declaration, e.g. `double add(double x, double y);`.
    const C_DECL: &'static str;

    /// The address of the exported function (Numba's `address`).
    fn address() -> usize;
    /// The exported function as a typed function pointer.
    fn fn_ptr() -> Self::FnPtr;
    /// The Rust code the macro generated for the function (the analogue of
    /// Numba's `inspect_llvm()`).
    fn inspect() -> &'static str;

    /// The layouts of the records the signature names (by value or behind
    /// a pointer), so that the dynamic caller can pass records by value.
    ///
    /// ```
    /// use cfunc::{CFunc, Record, cfunc};
    ///
    /// #[derive(Clone, Copy, Record)]
    /// #[repr(C)]
    /// struct point {
    ///     x: f64,
    ///     y: f64,
    /// }
    ///
    /// #[cfunc("float64(point)")]
    /// fn norm1(p: point) -> f64 {
    ///     p.x.abs() + p.y.abs()
    /// }
    ///
    /// let layouts = <norm1 as CFunc>::record_layouts();
    /// assert_eq!(layouts, vec![point::layout()]);
    /// ```
    fn record_layouts() -> Vec<crate::types::RecordLayout> {
        Vec::new()
    }

    /// The signature, parsed.
    fn signature() -> Signature {
        Self::SIGNATURE
            .parse()
            .expect("the macro only emits canonical signatures")
    }
}
