// `fn_ptr()` of a cfunc that takes a pointer is an `unsafe extern "C" fn`.
use cfunc::cfunc;

#[cfunc("float64(CPointer(float64))")]
fn first(values: *const f64) -> f64 {
    // SAFETY: the caller passes a readable double.
    unsafe { *values }
}

fn main() {
    let safe: extern "C" fn(*mut f64) -> f64 = first::fn_ptr();
    let _ = safe;
}
