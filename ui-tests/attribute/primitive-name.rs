use cfunc::cfunc;

#[cfunc("float64(float64)")]
fn f64(x: f64) -> f64 {
    x
}

fn main() {}
