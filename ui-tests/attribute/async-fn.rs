use cfunc::cfunc;

#[cfunc("float64(float64)")]
async fn later(x: f64) -> f64 {
    x
}

fn main() {}
