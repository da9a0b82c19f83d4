//! The kernels that `bench/compare_numba.py` measures, as a C shared
//! library: each seed kernel written as a Rust body (`rust_*`) and in the
//! Python-like form (`src/kernels.py`, the very file the script also hands
//! to Numba).

use cfunc::{carray, cfunc, farray};
use std::ffi::c_int;

cfunc::python!(file = "src/kernels.py");

/// The host-feature version the kernels run on this CPU: 1 for baseline
/// x86-64 (SSE2), 2 for AVX2 and FMA, 3 for AVX-512. The script prints it
/// beside its tables.
#[unsafe(no_mangle)]
pub extern "C" fn cfunc_bench_vector_level() -> u8 {
    cfunc::host_vector_level() as u8
}

/// The seeds' integrand, `exp(-t) / t**2`, for SciPy's `quad`.
#[cfunc("float64(float64)")]
pub fn rust_integrand(t: f64) -> f64 {
    (-t).exp() / (t * t)
}

/// The integrand with host-feature versions asked for: what their dispatch
/// costs, measured against `rust_integrand` (a straight-line body, which
/// is compiled once by default).
#[cfunc("float64(float64)", multiversion = true)]
pub fn rust_integrand_dispatched(t: f64) -> f64 {
    (-t).exp() / (t * t)
}

/// The integrand as a plain `extern "C"` function, with no panic guard
/// and no dispatch: what both cost.
#[unsafe(no_mangle)]
pub extern "C" fn rust_integrand_unguarded(t: f64) -> f64 {
    (-t).exp() / (t * t)
}

/// The seeds' doubling, `out = 2 * in`, over `carray` views, indexed.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn rust_double_c(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the caller passes two buffers of m * n doubles.
    let in_array = unsafe { carray(in_, (m, n)) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, (m, n)) };
    let [rows, columns] = in_array.shape();
    for i in 0..rows {
        for j in 0..columns {
            out_array[(i, j)] = 2.0 * in_array[(i, j)];
        }
    }
}

/// The doubling over `farray` views, column by column.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn rust_double_f(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the caller passes two buffers of m * n doubles.
    let in_array = unsafe { farray(in_, (m, n)) };
    // SAFETY: as above.
    let mut out_array = unsafe { farray(out, (m, n)) };
    let [rows, columns] = in_array.shape();
    for j in 0..columns {
        for i in 0..rows {
            out_array[(i, j)] = 2.0 * in_array[(i, j)];
        }
    }
}

/// `rust_double_c` for `float32`.
#[cfunc("void(CPointer(float32), CPointer(float32), intc, intc)")]
pub fn rust_double_c_f32(in_: *mut f32, out: *mut f32, m: c_int, n: c_int) {
    // SAFETY: the caller passes two buffers of m * n floats.
    let in_array = unsafe { carray(in_, (m, n)) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, (m, n)) };
    let [rows, columns] = in_array.shape();
    for i in 0..rows {
        for j in 0..columns {
            out_array[(i, j)] = 2.0 * in_array[(i, j)];
        }
    }
}

/// `rust_double_f` for `float32`.
#[cfunc("void(CPointer(float32), CPointer(float32), intc, intc)")]
pub fn rust_double_f_f32(in_: *mut f32, out: *mut f32, m: c_int, n: c_int) {
    // SAFETY: the caller passes two buffers of m * n floats.
    let in_array = unsafe { farray(in_, (m, n)) };
    // SAFETY: as above.
    let mut out_array = unsafe { farray(out, (m, n)) };
    let [rows, columns] = in_array.shape();
    for j in 0..columns {
        for i in 0..rows {
            out_array[(i, j)] = 2.0 * in_array[(i, j)];
        }
    }
}

/// The doubling over 1-d views.
#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
pub fn rust_double_1d(in_: *mut f64, out: *mut f64, n: isize) {
    // SAFETY: the caller passes two buffers of n doubles.
    let in_array = unsafe { carray(in_, n) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, n) };
    for i in 0..in_array.len() {
        out_array[i] = 2.0 * in_array[i];
    }
}

/// The doubling as a slice zip: for buffers that do not overlap.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn rust_double_zip(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the caller passes two buffers of m * n doubles.
    let in_array = unsafe { carray(in_, (m, n)) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, (m, n)) };
    for (y, &x) in out_array.iter_mut().zip(in_array.iter()) {
        *y = 2.0 * x;
    }
}

/// `out = 1 / in` (NBEP 4's `invert`) with IEEE division.
#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
pub fn rust_invert(in_: *mut f64, out: *mut f64, n: isize) {
    // SAFETY: the caller passes two buffers of n doubles.
    let in_array = unsafe { carray(in_, n) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, n) };
    for i in 0..in_array.len() {
        out_array[i] = 1.0 / in_array[i];
    }
}

/// Python's float division: `ZeroDivisionError` on a zero divisor, as
/// Numba's default error model raises it.
#[inline(always)]
fn divide_or_raise(dividend: f64, divisor: f64) -> f64 {
    #[cold]
    fn raise() -> ! {
        panic!("ZeroDivisionError: float division by zero")
    }
    if divisor == 0.0 {
        raise()
    }
    dividend / divisor
}

/// `invert` raising `ZeroDivisionError` on a zero divisor, as Numba does.
#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
pub fn rust_invert_raising(in_: *mut f64, out: *mut f64, n: isize) {
    // SAFETY: the caller passes two buffers of n doubles.
    let in_array = unsafe { carray(in_, n) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, n) };
    for i in 0..in_array.len() {
        out_array[i] = divide_or_raise(1.0, in_array[i]);
    }
}

/// The seeds' `foo` over records, with IEEE division.
#[cfunc("float64(CPointer(my_struct), uintp)")]
pub fn rust_foo(ptr: *mut my_struct, n: usize) -> f64 {
    // SAFETY: the caller passes n records.
    let base = unsafe { carray(ptr, n) };
    let mut tmp = 0.0;
    for record in base.iter() {
        tmp += f64::from(record.i1) * f64::from(record.f2) / record.d3;
        tmp += f64::from(record.af4.iter().fold(0.0_f32, |sum, &x| sum + x));
    }
    tmp
}

/// `foo` raising `ZeroDivisionError` on a zero divisor, as Numba does.
#[cfunc("float64(CPointer(my_struct), uintp)")]
pub fn rust_foo_raising(ptr: *mut my_struct, n: usize) -> f64 {
    // SAFETY: the caller passes n records.
    let base = unsafe { carray(ptr, n) };
    let mut tmp = 0.0;
    for record in base.iter() {
        tmp += divide_or_raise(f64::from(record.i1) * f64::from(record.f2), record.d3);
        tmp += f64::from(record.af4.iter().fold(0.0_f32, |sum, &x| sum + x));
    }
    tmp
}

/// The doubling through `assign_map`: also vectorized in place.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn rust_double_map(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the caller passes two buffers of m * n doubles, which may be
    // one buffer: `assign_map` allows that.
    let in_array = unsafe { carray(in_.cast_const(), (m, n)) };
    // SAFETY: as above.
    let mut out_array = unsafe { carray(out, (m, n)) };
    out_array.assign_map(&in_array, |x| 2.0 * x);
}
