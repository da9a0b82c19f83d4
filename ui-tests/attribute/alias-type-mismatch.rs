use cfunc::cfunc;

type Real = f32;

#[cfunc("float64(float64)")]
fn f(x: Real) -> f64 {
    f64::from(x)
}

fn main() {}
