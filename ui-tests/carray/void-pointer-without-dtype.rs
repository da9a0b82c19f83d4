// A `void *` says nothing about its elements: `carray` must be told the
// element type (Numba's dtype argument) through `carray_as`.
use cfunc::{carray, cfunc};

#[cfunc("void(voidptr, intc)")]
fn callback(data: *mut std::ffi::c_void, n: std::ffi::c_int) {
    // SAFETY: never run; this case must not compile.
    let view = unsafe { carray(data, n) };
    let _ = view;
}

fn main() {}
