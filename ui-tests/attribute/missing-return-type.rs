use cfunc::cfunc;

#[cfunc("float64(float64)")]
fn integrand(t: f64) {
    let _ = t;
}

fn main() {}
