//! A small binding to GSL's QUADPACK port (`libgsl`, Debian's `libgsl-dev`):
//! `gsl_integration_qagiu`, which integrates `f(x, params)` over `[a, inf)`,
//! and the workspace it needs. Shared by `examples/quad.rs` and
//! `tests/quad.rs`; the library crates do not link GSL.

use std::ffi::{CStr, c_char, c_double, c_int, c_void};
use std::ptr::NonNull;
use std::sync::Once;

/// The raw C interface, as declared in `<gsl/gsl_integration.h>`,
/// `<gsl/gsl_math.h>` and `<gsl/gsl_errno.h>`.
mod sys {
    use super::{c_char, c_double, c_int, c_void};

    /// `gsl_function`: the integrand and the opaque pointer GSL hands back
    /// to it on every call.
    #[repr(C)]
    pub struct GslFunction {
        pub function: Option<unsafe extern "C" fn(c_double, *mut c_void) -> c_double>,
        pub params: *mut c_void,
    }

    /// `gsl_integration_workspace`, only ever handled by pointer.
    #[repr(C)]
    pub struct GslIntegrationWorkspace {
        _opaque: [u8; 0],
    }

    // `gslcblas` is GSL's companion BLAS, which `libgsl.so` needs at link
    // time on Debian.
    #[link(name = "gsl")]
    #[link(name = "gslcblas")]
    unsafe extern "C" {
        pub fn gsl_integration_workspace_alloc(n: usize) -> *mut GslIntegrationWorkspace;
        pub fn gsl_integration_workspace_free(workspace: *mut GslIntegrationWorkspace);
        pub fn gsl_integration_qagiu(
            f: *const GslFunction,
            a: c_double,
            epsabs: c_double,
            epsrel: c_double,
            limit: usize,
            workspace: *mut GslIntegrationWorkspace,
            result: *mut c_double,
            abserr: *mut c_double,
        ) -> c_int;
        pub fn gsl_set_error_handler_off() -> *mut c_void;
        pub fn gsl_strerror(gsl_errno: c_int) -> *const c_char;
    }
}

/// The C type of a GSL integrand: `double f(double x, void *params)`, the
/// signature `float64(float64, voidptr)` of a cfunc.
pub type Integrand = unsafe extern "C" fn(f64, *mut c_void) -> f64;

/// What went wrong in GSL.
#[derive(Debug, thiserror::Error)]
pub enum GslError {
    #[error("gsl could not allocate an integration workspace of {intervals} intervals")]
    Allocation { intervals: usize },
    #[error("gsl_integration_qagiu failed with gsl error {code}: {reason}")]
    Integration { code: i32, reason: String },
}

/// The requested accuracy: GSL stops when the error estimate is below
/// `max(absolute, relative * |result|)`.
#[derive(Clone, Copy, Debug)]
pub struct Tolerance {
    pub absolute: f64,
    pub relative: f64,
}

impl Tolerance {
    /// `scipy.integrate.quad`'s defaults (`epsabs = epsrel = 1.49e-8`), so
    /// that the result compares with the seeds' SciPy session.
    pub const SCIPY_DEFAULT: Tolerance = Tolerance {
        absolute: 1.49e-8,
        relative: 1.49e-8,
    };
}

/// The result of an integration and GSL's estimate of its absolute error.
#[derive(Clone, Copy, Debug)]
pub struct Integral {
    pub value: f64,
    pub abs_error: f64,
}

/// Owns a `gsl_integration_workspace` of a fixed number of subintervals.
pub struct Workspace {
    raw: NonNull<sys::GslIntegrationWorkspace>,
    intervals: usize,
}

impl Workspace {
    /// Allocates room for `intervals` subintervals (QUADPACK's `limit`).
    pub fn new(intervals: usize) -> Result<Self, GslError> {
        // SAFETY: plain allocation; a null result is handled below.
        let raw = unsafe { sys::gsl_integration_workspace_alloc(intervals) };
        NonNull::new(raw)
            .map(|raw| Workspace { raw, intervals })
            .ok_or(GslError::Allocation { intervals })
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        // SAFETY: `raw` came from `gsl_integration_workspace_alloc` and is
        // freed once, here.
        unsafe { sys::gsl_integration_workspace_free(self.raw.as_ptr()) };
    }
}

/// Integrates `integrand(x, params)` over `[lower, inf)` with
/// `gsl_integration_qagiu`.
///
/// # Safety
///
/// `integrand` must be safe to call with any `x >= lower` and `params`: if
/// it reads `params` as a `&T`, `params` must point to a live `T`.
pub unsafe fn integrate_to_infinity(
    integrand: Integrand,
    params: *mut c_void,
    lower: f64,
    tolerance: Tolerance,
    workspace: &mut Workspace,
) -> Result<Integral, GslError> {
    disable_gsl_abort();
    let function = sys::GslFunction {
        function: Some(integrand),
        params,
    };
    let mut integral = Integral {
        value: 0.0,
        abs_error: 0.0,
    };
    // SAFETY: `function` and the out-pointers live across the call, the
    // workspace holds `intervals` subintervals, and the caller vouches for
    // `integrand` and `params`.
    let code = unsafe {
        sys::gsl_integration_qagiu(
            &function,
            lower,
            tolerance.absolute,
            tolerance.relative,
            workspace.intervals,
            workspace.raw.as_ptr(),
            &mut integral.value,
            &mut integral.abs_error,
        )
    };
    if code == 0 {
        return Ok(integral);
    }
    // SAFETY: `gsl_strerror` returns a static NUL-terminated string.
    let reason = unsafe { CStr::from_ptr(sys::gsl_strerror(code)) };
    Err(GslError::Integration {
        code,
        reason: reason.to_string_lossy().into_owned(),
    })
}

/// GSL's default error handler aborts the process; with it off, failures
/// come back as return codes, which [`integrate_to_infinity`] turns into
/// [`GslError`]s.
fn disable_gsl_abort() {
    static ONCE: Once = Once::new();
    // SAFETY: swaps a process-wide function pointer inside GSL; `Once`
    // keeps two threads from racing on it.
    ONCE.call_once(|| unsafe {
        sys::gsl_set_error_handler_off();
    });
}
