use cfunc::cfunc;

#[cfunc("float64(float64, float64)")]
fn add(x: f64, y: i32) -> f64 {
    x + f64::from(y)
}

fn main() {}
