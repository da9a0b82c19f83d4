//! The seeds' integral through a real C quadrature routine: GSL's
//! `gsl_integration_qagiu` calls the cfuncs of `examples/quad.rs` (Rust
//! body, Python-like body, user data through `void *params`) by pointer.
//! Needs `libgsl-dev`, which `.ci/run` installs.

#[path = "../examples/quad.rs"]
#[allow(dead_code)] // the example's `main` is not called here
mod quad_example;

use quad_example::{
    Decay, SEEDS_RESULT, decay, decay_integral, decay_integral_by_gsl, integrand_python,
    integrand_rust, seeds_integral,
};

/// How close GSL must come to SciPy's result (the bar); GSL's own
/// error estimate is about 4e-10, its actual error far smaller.
const AGREEMENT: f64 = 1e-12;

#[test]
fn rust_body_integrates_to_the_seeds_value() {
    let integral = seeds_integral(integrand_rust::fn_ptr()).unwrap();
    assert!(
        (integral.value - SEEDS_RESULT).abs() < AGREEMENT,
        "{integral:?}"
    );
    assert!(
        integral.abs_error > 0.0 && integral.abs_error < 1e-8,
        "{integral:?}"
    );
}

#[test]
fn python_body_integrates_to_the_seeds_value() {
    let integral = seeds_integral(integrand_python::fn_ptr()).unwrap();
    assert!(
        (integral.value - SEEDS_RESULT).abs() < AGREEMENT,
        "{integral:?}"
    );
}

#[test]
fn both_forms_give_bit_identical_integrals() {
    // The same arithmetic in the same order: GSL sees the same samples.
    let rust = seeds_integral(integrand_rust::fn_ptr()).unwrap();
    let python = seeds_integral(integrand_python::fn_ptr()).unwrap();
    assert_eq!(rust.value.to_bits(), python.value.to_bits());
    assert_eq!(rust.abs_error.to_bits(), python.abs_error.to_bits());
}

#[test]
fn both_forms_compute_the_seeds_integrand() {
    for t in [1.0f64, 1.25, 3.0, 40.0, 1e3] {
        let expected = (-t).exp() / (t * t);
        // SAFETY: the integrands ignore their `params`.
        assert_eq!(unsafe { integrand_rust(t, std::ptr::null_mut()) }, expected);
        // SAFETY: as above.
        assert_eq!(
            unsafe { integrand_python(t, std::ptr::null_mut()) },
            expected
        );
    }
}

#[test]
fn user_data_integrand_gives_the_analytic_value() {
    for rate in [0.5, 1.0, 2.5, 7.0] {
        let integral = decay_integral_by_gsl(rate).unwrap();
        let exact = decay_integral(rate);
        assert!(
            (integral.value - exact).abs() <= 1e-12 * exact.max(1.0),
            "rate {rate}: {integral:?}, exact {exact}"
        );
    }
}

#[test]
fn user_data_integrand_reads_the_params_it_is_given() {
    let params = Decay { rate: 3.0 };
    // SAFETY: the pointer is to a live `Decay`.
    let value = unsafe { decay(2.0, (&raw const params).cast_mut().cast()) };
    assert_eq!(value, (-6.0f64).exp());
}

#[test]
fn user_data_integrand_with_null_params_returns_zero_instead_of_crashing() {
    // A plain `&Decay` slot given null is a panic, reported and turned into
    // the default policy's zero, never dereferenced.
    // SAFETY: null is checked by the generated code before any read.
    let value = unsafe { decay(2.0, std::ptr::null_mut()) };
    assert_eq!(value, 0.0);
    assert!(cfunc::last_error().is_some());
}
