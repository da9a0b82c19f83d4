// `__errno_location` would replace glibc's for the whole process (then
// `File::open` on a missing path reports "Success"); `atexit` comes from
// libc_nonshared.a and `strlcpy` from glibc 2.38.
use cfunc::cfunc;

#[cfunc("intc()", native_name = "__errno_location")]
fn errno_location() -> i32 {
    0
}

#[cfunc("intc(voidptr)", native_name = "atexit")]
fn my_atexit(f: *mut std::ffi::c_void) -> i32 {
    let _ = f;
    0
}

#[cfunc("uintp(voidptr, voidptr, uintp)")]
fn strlcpy(d: *mut std::ffi::c_void, s: *mut std::ffi::c_void, n: usize) -> usize {
    let _ = (d, s);
    n
}

#[cfunc("float64(float64)")]
fn _Exit(x: f64) -> f64 {
    x
}

fn main() {}
