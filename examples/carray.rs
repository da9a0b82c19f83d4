//! The seed's array callbacks: `my_callback` doubles an m x n matrix and
//! `invert` takes reciprocals, each viewing its C pointers with `carray`.
//! Both are called through their C addresses, as a C library would.
//!
//! Run with `cargo run --example carray`.

use cfunc::{carray, cfunc};
use std::ffi::c_int;

/// `void my_callback(double *in_, double *out, int m, int n)`.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
fn my_callback(in_: _, out: _, m: _, n: _) {
    // SAFETY: the C caller passes two buffers of m * n doubles; they may be
    // the same buffer, which the element-at-a-time loop below allows.
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

/// `void invert(double *in_ptr, double *out_ptr, intptr_t n)`.
#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn invert(in_ptr: _, out_ptr: _, n: _) {
    // SAFETY: the C caller passes two buffers of n doubles.
    let in_ = unsafe { carray(in_ptr, (n,)) };
    // SAFETY: as above.
    let mut out = unsafe { carray(out_ptr, (n,)) };
    for i in 0..in_.len() {
        out[i] = 1.0 / in_[i];
    }
}

/// Prints an m x n row-major matrix, one row per line.
fn print_matrix(label: &str, values: &[f64], columns: usize) {
    println!("{label}:");
    for row in values.chunks(columns) {
        let cells: Vec<String> = row.iter().map(|x| format!("{x:5.1}")).collect();
        println!("  [{}]", cells.join(", "));
    }
}

fn main() {
    println!("{}", my_callback::C_DECL);
    type Kernel = extern "C" fn(*mut f64, *mut f64, c_int, c_int);
    // SAFETY: the address is that of `my_callback`, whose type is `Kernel`.
    let kernel = unsafe { std::mem::transmute::<usize, Kernel>(my_callback::address()) };
    let (m, n) = (3, 4);
    let mut input: Vec<f64> = (0..m * n).map(f64::from).collect();
    let mut output = vec![0.0; input.len()];
    print_matrix("in (before)", &input, n as usize);
    kernel(input.as_mut_ptr(), output.as_mut_ptr(), m, n);
    print_matrix("out (after)", &output, n as usize);
    // In place: C passes one buffer as both arguments.
    let buffer = output.as_mut_ptr();
    kernel(buffer, buffer, m, n);
    print_matrix("out doubled again, in place", &output, n as usize);

    println!();
    println!("{}", invert::C_DECL);
    type Invert = extern "C" fn(*mut f64, *mut f64, isize);
    // SAFETY: the address is that of `invert`, whose type is `Invert`.
    let invert_c = unsafe { std::mem::transmute::<usize, Invert>(invert::address()) };
    let mut values = vec![1.0, 2.0, 4.0, 8.0, 0.5];
    let mut inverses = vec![0.0; values.len()];
    println!("in  (before): {values:?}");
    invert_c(values.as_mut_ptr(), inverses.as_mut_ptr(), 5);
    println!("out (after):  {inverses:?}");
}
