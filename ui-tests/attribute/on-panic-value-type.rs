use cfunc::cfunc;

#[cfunc("float64(float64)", on_panic = return("nan"))]
fn f(x: f64) -> f64 {
    x
}

fn main() {}
