use cfunc::cfunc;

#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
fn my_callback(in_: *mut f64, out: *mut f64) {
    let _ = (in_, out);
}

fn main() {}
