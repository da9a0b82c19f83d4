//! Complex numbers in the Python-like form: parameters and results of
//! `complex64`/`complex128`, Numba's promotions, CPython's division (and
//! its `ZeroDivisionError`), `abs`, the parts, literals and `complex(...)`.
//! The differential suite compares the same operations with Numba.

use cfunc::{Complex32, Complex64};

mod block {
    cfunc::python!(
        r#"
from numba import cfunc, types

@cfunc("complex128(complex128, float64)")
def scale(z, x):
    return z * x

@cfunc(types.complex64(types.complex64, types.float32))
def shift32(z, x):
    return z + x

@cfunc("c16(c8, int32)")
def widen(z, n):
    return z + n

@cfunc("complex128(complex128, complex128)")
def quotient(a, b):
    return a / b

@cfunc("float64(complex128)")
def magnitude(z):
    return abs(z)

@cfunc("float32(complex64)")
def magnitude32(z):
    return abs(z)

@cfunc("complex128(float64, float64)")
def build(re, im):
    w = complex(re, im)
    return w.conjugate() + 2 + 3j - 1j * w.imag

@cfunc("boolean(complex128, float64)")
def same(z, x):
    return z == x

@cfunc("float64(complex128)")
def parts(z):
    t = -z
    if z:
        return t.real * 10.0 + t.imag
    return 99.0
"#
    );
}

#[test]
fn complex_parameters_and_results_cross_the_c_abi() {
    assert_eq!(
        block::scale(Complex64::new(1.5, -2.0), 2.0),
        Complex64::new(3.0, -4.0)
    );
    assert_eq!(
        block::shift32(Complex32::new(1.0, -0.0), 0.5),
        Complex32::new(1.5, 0.0)
    );
    assert_eq!(
        block::widen(Complex32::new(0.5, 1.0), 16_777_217),
        Complex64::new(16_777_217.5, 1.0)
    );
}

#[test]
fn complex_division_follows_cpython_and_raises_on_zero() {
    assert_eq!(
        block::quotient(Complex64::new(1.0, 2.0), Complex64::new(3.0, 4.0)),
        Complex64::new(0.44, 0.08)
    );
    // Both parts of the divisor zero, whatever their signs, and whatever
    // the error model: Numba raises (and the cfunc returns 0j).
    for divisor in [Complex64::new(0.0, -0.0), Complex64::new(-0.0, 0.0)] {
        cfunc::clear_last_error();
        assert_eq!(
            block::quotient(Complex64::new(1.0, 1.0), divisor),
            Complex64::new(0.0, 0.0)
        );
        assert!(
            cfunc::last_error()
                .unwrap()
                .contains("ZeroDivisionError: complex division by zero")
        );
    }
    cfunc::clear_last_error();
    assert_eq!(
        block::quotient(Complex64::new(1.0, 2.0), Complex64::new(0.0, 1.0)),
        Complex64::new(2.0, -1.0)
    );
    let nan = block::quotient(Complex64::new(1.0, 0.0), Complex64::new(f64::NAN, 0.0));
    assert!(nan.re.is_nan() && nan.im.is_nan());
    assert_eq!(cfunc::last_error(), None);
}

#[test]
fn abs_parts_literals_and_the_constructor() {
    assert_eq!(block::magnitude(Complex64::new(3.0, 4.0)), 5.0);
    assert_eq!(block::magnitude32(Complex32::new(3.0, 4.0)), 5.0);
    assert_eq!(block::build(1.0, 2.0), Complex64::new(3.0, -1.0));
    assert!(block::same(Complex64::new(2.0, 0.0), 2.0));
    assert!(!block::same(Complex64::new(2.0, -1.0), 2.0));
    assert_eq!(block::parts(Complex64::new(1.0, 2.0)), -12.0);
    assert_eq!(block::parts(Complex64::new(0.0, -0.0)), 99.0);
}

mod complex_record {
    cfunc::python!(
        r#"
from numba import cfunc, carray, types

sample = types.Record.make_c_struct([
   ('weight', types.float64),
   ('z', types.complex128),
])

@cfunc(types.complex128(types.CPointer(sample), types.intc))
def weighted_sum(ptr, n):
    samples = carray(ptr, n)
    total = 0j
    for i in range(n):
        total += samples[i].weight * samples[i].z
    return total
"#
    );
}

#[test]
fn records_hold_complex_fields() {
    use complex_record::sample;
    let samples = [
        sample {
            weight: 2.0,
            z: Complex64::new(1.0, -1.0),
        },
        sample {
            weight: 0.5,
            z: Complex64::new(4.0, 2.0),
        },
    ];
    // SAFETY: `samples` holds 2 records, which the body only reads.
    let total = unsafe { complex_record::weighted_sum(samples.as_ptr().cast_mut(), 2) };
    assert_eq!(total, Complex64::new(4.0, -1.0));
}

mod complex_arrays {
    cfunc::python!(
        r#"
from numba import cfunc, carray, types

c16p = types.CPointer(types.complex128)

@cfunc(types.void(c16p, c16p, c16p, types.intc))
def ratios(a, b, out, n):
    x = carray(a, n)
    y = carray(b, n)
    r = carray(out, n)
    for i in range(n):
        r[i] = x[i] / y[i]
        r[i] += 1
        r[i] *= 2j
"#
    );
}

#[test]
fn complex_arrays_are_read_and_written_and_a_zero_divisor_raises_in_order() {
    let a = [
        Complex64::new(1.0, 2.0),
        Complex64::new(3.0, -1.0),
        Complex64::new(5.0, 5.0),
    ];
    let mut b = [
        Complex64::new(0.0, 1.0),
        Complex64::new(2.0, 0.0),
        Complex64::new(1.0, 1.0),
    ];
    let mut out = [Complex64::new(0.0, 0.0); 3];
    let expected = |k: usize, b: &[Complex64]| {
        let q = block_div(a[k], b[k]);
        Complex64::new(-2.0 * q.im, 2.0 * (q.re + 1.0))
    };
    cfunc::clear_last_error();
    // SAFETY: each pointer is to 3 complex numbers.
    unsafe {
        complex_arrays::ratios(a.as_ptr().cast_mut(), b.as_mut_ptr(), out.as_mut_ptr(), 3);
    }
    assert_eq!(cfunc::last_error(), None);
    for (k, value) in out.iter().enumerate() {
        assert_eq!(*value, expected(k, &b), "{k}");
    }
    // A zero divisor raises where it is met: the elements before it are
    // written, the rest are not.
    b[1] = Complex64::new(0.0, -0.0);
    let mut out = [Complex64::new(7.0, 7.0); 3];
    // SAFETY: as above.
    unsafe {
        complex_arrays::ratios(a.as_ptr().cast_mut(), b.as_mut_ptr(), out.as_mut_ptr(), 3);
    }
    assert!(
        cfunc::last_error()
            .unwrap()
            .contains("ZeroDivisionError: complex division by zero")
    );
    assert_eq!(out[0], expected(0, &b));
    assert_eq!(&out[1..], [Complex64::new(7.0, 7.0); 2]);
}

/// The quotient the way the generated code computes it.
fn block_div(a: Complex64, b: Complex64) -> Complex64 {
    block::quotient(a, b)
}
