use cfunc::cfunc;

#[cfunc("float64(float64)")]
fn sin(x: f64) -> f64 {
    x
}

#[cfunc("float64(float64)", native_name = "round")]
fn my_round(x: f64) -> f64 {
    x.round()
}

fn main() {}
