//! Every way of writing a signature and its Rust types that must compile.

use cfunc::cfunc;
use std::ffi::{c_int, c_uint, c_void};

#[cfunc("float64(float64, float64)")]
pub fn add(x: f64, y: f64) -> f64 {
    x + y
}

#[cfunc("types.void(types.CPointer(types.double), types.CPointer(types.double), types.intc, types.intc)")]
fn my_callback(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    let _ = (in_, out, m, n);
}

#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn invert(in_ptr: _, out_ptr: _, n: _) {
    let _: (*mut f64, *mut f64, isize) = (in_ptr, out_ptr, n);
}

#[cfunc("b1(i1, i2, i4, i8, u1, u2, u4, u8, f4, f8, uintc, size_t, ssize_t)")]
#[allow(clippy::too_many_arguments)]
fn all_scalars(
    a: i8,
    b: i16,
    c: i32,
    d: i64,
    e: u8,
    f: u16,
    g: u32,
    h: u64,
    i: f32,
    j: f64,
    k: c_uint,
    l: usize,
    m: isize,
) -> bool {
    let _ = (a, b, c, d, e, f, g, h, i, j, k, l, m);
    true
}

#[cfunc("none(voidptr, voidptr)")]
fn opaque(a: *mut c_void, b: *const c_void) {
    let _ = (a, b);
}

type Real = f64;

#[cfunc("float64(float64)")]
fn through_alias(x: Real) -> Real {
    x
}

#[cfunc("intc(intc)")]
extern "C" fn already_extern(x: c_int) -> core::ffi::c_int {
    x
}

#[cfunc("float64(float64, voidptr)")]
fn user_data(x: f64, scale: &f64) -> f64 {
    x * scale
}

fn main() {
    assert_eq!(add(1.0, 2.0), 3.0);
    assert!(all_scalars(0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 0, 0, 0));
    // SAFETY: empty shapes: nothing is read through the null pointers.
    unsafe {
        my_callback(std::ptr::null_mut(), std::ptr::null_mut(), 0, 0);
        invert(std::ptr::null_mut(), std::ptr::null_mut(), 0);
        opaque(std::ptr::null_mut(), std::ptr::null());
    }
    assert_eq!(through_alias(2.0), 2.0);
    assert_eq!(already_extern(3), 3);
    let scale = 2.0f64;
    // SAFETY: `scale` is a live f64.
    let doubled = unsafe { user_data(1.5, (&raw const scale).cast_mut().cast()) };
    assert_eq!(doubled, 3.0);
}

#[cfunc("complex128(complex128, c8, float64)")]
fn complex_slots(z: cfunc::Complex64, w: cfunc::Complex32, k: f64) -> cfunc::Complex64 {
    z * k + cfunc::Complex64::new(f64::from(w.re), f64::from(w.im))
}

#[cfunc("c8(c8, CPointer(complex128))")]
unsafe fn complex_inferred(z: _, out: _) -> _ {
    let _: *mut cfunc::Complex64 = out;
    z
}
