use cfunc::cfunc;

#[cfunc("float64(float64, float64)")]
fn add(x: f64, y: f64, z: f64) -> f64 {
    x + y + z
}

fn main() {}
