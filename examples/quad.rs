//! The seeds' integral, `exp(-t) / t**2` over `[1, inf)`, computed by a real
//! C quadrature routine: GSL's `gsl_integration_qagiu` (QUADPACK's QAGI),
//! which calls the cfunc through its C pointer. The integrand is written
//! once in Rust and once in the Python-like form; a third integrand reads
//! its parameter through GSL's `void *params`, which Numba's `@cfunc`
//! cannot do.
//!
//! Needs GSL: `apt-get install -y libgsl-dev && cargo run --example quad`.

mod gsl;

use cfunc::cfunc;
use gsl::{GslError, Integral, Tolerance, Workspace, integrate_to_infinity};
use std::ffi::c_void;

/// What SciPy's `quad` prints for the seeds' integral.
pub(crate) const SEEDS_RESULT: f64 = 0.14849550677592208;

/// `exp(-t) / t**2`, with a Rust body. GSL passes a `params` pointer that
/// this integrand ignores.
#[cfunc("float64(float64, voidptr)")]
pub(crate) fn integrand_rust(t: f64, _params: *mut c_void) -> f64 {
    (-t).exp() / (t * t)
}

/// The same integrand written as the seeds write it, in the Python-like
/// form; its types come from the signature.
#[cfunc("float64(float64, voidptr)")]
pub(crate) fn integrand_python(t: _, params: _) -> _ {
    cfunc::python! { return np.exp(-t) / t**2 }
}

/// The parameter of [`decay`], handed to GSL as `void *params`.
#[repr(C)]
pub(crate) struct Decay {
    pub rate: f64,
}

/// `exp(-rate * t)`, its rate read through GSL's opaque user data as a
/// `&Decay`. Its integral over `[1, inf)` is `exp(-rate) / rate`.
#[cfunc("float64(float64, voidptr)")]
pub(crate) fn decay(t: f64, params: &Decay) -> f64 {
    (-params.rate * t).exp()
}

/// The exact value of [`decay`]'s integral over `[1, inf)`.
pub(crate) fn decay_integral(rate: f64) -> f64 {
    (-rate).exp() / rate
}

/// Integrates the seeds' integrand, given as a C function pointer, over
/// `[1, inf)` with SciPy's default tolerances.
pub(crate) fn seeds_integral(integrand: gsl::Integrand) -> Result<Integral, GslError> {
    let mut workspace = Workspace::new(50)?;
    // SAFETY: the seeds' integrands never read `params`, so null is fine.
    unsafe {
        integrate_to_infinity(
            integrand,
            std::ptr::null_mut(),
            1.0,
            Tolerance::SCIPY_DEFAULT,
            &mut workspace,
        )
    }
}

/// Integrates [`decay`] with the given rate over `[1, inf)`.
pub(crate) fn decay_integral_by_gsl(rate: f64) -> Result<Integral, GslError> {
    let mut workspace = Workspace::new(50)?;
    let mut params = Decay { rate };
    // SAFETY: `decay` reads `params` as a `&Decay`, and `params` outlives
    // the integration.
    unsafe {
        integrate_to_infinity(
            decay::fn_ptr(),
            (&raw mut params).cast(),
            1.0,
            Tolerance::SCIPY_DEFAULT,
            &mut workspace,
        )
    }
}

fn main() -> Result<(), GslError> {
    println!("gsl_integration_qagiu of exp(-t)/t**2 over [1, inf):");
    for (form, integrand) in [
        ("Rust body", integrand_rust::fn_ptr() as gsl::Integrand),
        (
            "Python-like body",
            integrand_python::fn_ptr() as gsl::Integrand,
        ),
    ] {
        let integral = seeds_integral(integrand)?;
        println!(
            "  {form:<17} {:?} (error estimate {:.2e})",
            integral.value, integral.abs_error
        );
    }
    println!("  SciPy (the seeds) {SEEDS_RESULT:?}");

    let rate = 2.5;
    let integral = decay_integral_by_gsl(rate)?;
    println!();
    println!("exp(-rate*t) over [1, inf), rate = {rate} passed as GSL's void *params:");
    println!(
        "  gsl               {:?} (error estimate {:.2e})",
        integral.value, integral.abs_error
    );
    println!("  exp(-rate)/rate   {:?}", decay_integral(rate));
    Ok(())
}
