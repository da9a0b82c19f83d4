// The seeds' doubling kernel trusts its caller about `m`, `n` and the two
// buffers: safe code must not be able to call it with 64x64 on 6 elements.
use cfunc::cfunc;
use std::ffi::c_int;

#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
fn my_callback(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the caller passes m x n doubles in each buffer.
    let (input, output) = unsafe { (cfunc::carray(in_, (m, n)), cfunc::carray(out, (m, n))) };
    let _ = (input, output);
}

fn main() {
    let input = [1.0; 6];
    let mut output = [0.0; 6];
    my_callback(input.as_ptr().cast_mut(), output.as_mut_ptr(), 64, 64);
}
