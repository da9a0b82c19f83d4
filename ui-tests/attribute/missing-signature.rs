use cfunc::cfunc;

#[cfunc]
fn add(x: f64, y: f64) -> f64 {
    x + y
}

#[cfunc(native_name = "mul")]
fn times(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {}
