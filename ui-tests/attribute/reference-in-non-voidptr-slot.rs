use cfunc::cfunc;

#[cfunc("float64(CPointer(float64), intc)")]
fn first(values: &f64, n: std::ffi::c_int) -> f64 {
    let _ = n;
    *values
}

fn main() {}
