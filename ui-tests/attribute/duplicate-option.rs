use cfunc::cfunc;

#[cfunc("float64(float64)", native_name = "a", native_name = "b")]
fn f(x: f64) -> f64 {
    x
}

fn main() {}
