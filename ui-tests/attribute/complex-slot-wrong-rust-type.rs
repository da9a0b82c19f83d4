use cfunc::cfunc;

#[cfunc("complex128(float64)")]
fn f(x: f64) -> f64 {
    x
}

fn main() {}
