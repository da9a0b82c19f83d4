use cfunc::cfunc;

#[cfunc("float64(float64)")]
fn identity<T>(x: f64) -> f64 {
    x
}

fn main() {}
