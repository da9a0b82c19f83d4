use cfunc::cfunc;

#[cfunc("float64(float64)")]
extern "system" fn f(x: f64) -> f64 {
    x
}

fn main() {}
