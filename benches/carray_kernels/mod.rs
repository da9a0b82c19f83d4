//! The seed's 2-d doubling kernel four ways, each a `#[cfunc]` with the
//! seed's C signature `void(double *in, double *out, int m, int n)`:
//! a bounds-checked slice loop and `carray` views in C order, and the same
//! pair in Fortran order (`j * m + i`, `j` outermost, so both walk memory
//! sequentially). Shared by the criterion bench and the ratio table.

use cfunc::{carray, cfunc, farray};
use std::ffi::c_int;

/// The C type of every kernel.
pub type Kernel = unsafe extern "C" fn(*mut f64, *mut f64, c_int, c_int);

/// Converts the C dimensions the way a careful callback does (negative
/// counts as an empty matrix), so the slice kernels and the views agree.
fn dimensions(m: c_int, n: c_int) -> (usize, usize) {
    (
        usize::try_from(m).unwrap_or(0),
        usize::try_from(n).unwrap_or(0),
    )
}

/// What a Rust programmer writes without views: slices and `i * n + j`.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn raw_c_double(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    let (m, n) = dimensions(m, n);
    // SAFETY: the bench passes two distinct buffers of m * n doubles.
    let (input, output) = unsafe {
        (
            std::slice::from_raw_parts(in_, m * n),
            std::slice::from_raw_parts_mut(out, m * n),
        )
    };
    for i in 0..m {
        for j in 0..n {
            output[i * n + j] = 2.0 * input[i * n + j];
        }
    }
}

/// The seed's kernel through `carray` views.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn carray_double(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the bench passes two buffers of m * n doubles.
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

/// The slice loop in Fortran indexing, column by column.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn raw_f_double(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    let (m, n) = dimensions(m, n);
    // SAFETY: the bench passes two distinct buffers of m * n doubles.
    let (input, output) = unsafe {
        (
            std::slice::from_raw_parts(in_, m * n),
            std::slice::from_raw_parts_mut(out, m * n),
        )
    };
    for j in 0..n {
        for i in 0..m {
            output[j * m + i] = 2.0 * input[j * m + i];
        }
    }
}

/// The kernel through `farray` views, column by column.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
pub fn farray_double(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the bench passes two buffers of m * n doubles.
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

/// The kernels by name, in the order the tables list them.
pub fn kernels() -> [(&'static str, Kernel); 4] {
    [
        ("raw_c", raw_c_double::fn_ptr()),
        ("carray", carray_double::fn_ptr()),
        ("raw_f", raw_f_double::fn_ptr()),
        ("farray", farray_double::fn_ptr()),
    ]
}

/// The matrix sizes measured (m = n): 8 MB and 128 MB per matrix.
pub const SIZES: [usize; 2] = [1000, 4000];

/// Input and output buffers for an m x m matrix.
pub fn buffers(m: usize) -> (Vec<f64>, Vec<f64>) {
    let input = (0..m * m).map(|k| (k % 1024) as f64).collect();
    (input, vec![0.0; m * m])
}
