use cfunc::cfunc;

#[cfunc("float64(float64)", fastmath = true)]
fn f(x: f64) -> f64 {
    x
}

fn main() {}
