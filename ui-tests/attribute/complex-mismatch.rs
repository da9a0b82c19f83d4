use cfunc::{Complex32, Complex64, cfunc};

// A float written for a complex slot: the macro sees it.
#[cfunc("complex128(complex128, float64)")]
fn scale(z: f64, k: f64) -> Complex64 {
    Complex64::new(z * k, 0.0)
}

// The single-precision type for `complex128`: the compiler's trait check.
#[cfunc("complex128(complex128)")]
fn narrow(z: Complex32) -> Complex64 {
    Complex64::new(f64::from(z.re), f64::from(z.im))
}

fn main() {}
