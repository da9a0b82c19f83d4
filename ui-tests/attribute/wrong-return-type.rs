use cfunc::cfunc;

#[cfunc("float64(float64)")]
fn half(x: f64) -> f32 {
    x as f32 / 2.0
}

fn main() {}
