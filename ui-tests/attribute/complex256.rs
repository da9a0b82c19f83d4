use cfunc::cfunc;

#[cfunc("complex256(float64)")]
fn f(x: f64) -> f64 {
    x
}

fn main() {}
