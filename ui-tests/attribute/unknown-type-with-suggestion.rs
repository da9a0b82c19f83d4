use cfunc::cfunc;

#[cfunc("flaot64(float64)")]
fn f(x: f64) -> f64 {
    x
}

fn main() {}
