//! The seeds' kernels written in the Python-like form against the same
//! kernels written by hand in Rust, side by side in one run: each pair runs
//! interleaved many times and the table gives the medians and the ratio
//! Python-like / Rust.
//!
//! `cargo bench --bench python_kernels`

use cfunc::{carray, cfunc};
use std::ffi::c_int;
use std::hint::black_box;
use std::time::{Duration, Instant};

mod python {
    cfunc::python!(
        r#"
from numba import cfunc, carray, types
import numpy as np

c_sig = types.void(types.CPointer(types.double),
                   types.CPointer(types.double),
                   types.intc, types.intc)

@cfunc(c_sig)
def my_callback(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]

@cfunc(types.void(types.CPointer(types.float64), types.CPointer(types.float64), types.intp))
def invert(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, (n,))
    out = carray(out_ptr, (n,))
    for i in range(n):
        out[i] = 1 / in_[i]

@cfunc("float64(float64)")
def integrand(t):
    return np.exp(-t) / t**2

# The same kernels with Numba's `error_model="numpy"`: division by zero
# gives inf/nan instead of raising, so no check per division.

@cfunc(types.void(types.CPointer(types.float64), types.CPointer(types.float64), types.intp), error_model="numpy")
def invert_numpy(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, (n,))
    out = carray(out_ptr, (n,))
    for i in range(n):
        out[i] = 1 / in_[i]

@cfunc("float64(float64)", error_model="numpy")
def integrand_numpy(t):
    return np.exp(-t) / t**2

my_struct = types.Record.make_c_struct([
   ('i1', types.int32),
   ('f2', types.float32),
   ('d3', types.float64),
   ('af4', types.NestedArray(dtype=types.float32, shape=(7,))),
])

@cfunc(types.float64(types.CPointer(my_struct), types.uintp))
def foo(ptr, n):
   base = carray(ptr, n)
   tmp = 0
   for i in range(n):
      tmp += base[i].i1 * base[i].f2 / base[i].d3
      tmp += base[i].af4.sum()
   return tmp

@cfunc(types.float64(types.CPointer(my_struct), types.uintp), error_model="numpy")
def foo_numpy(ptr, n):
   base = carray(ptr, n)
   tmp = 0
   for i in range(n):
      tmp += base[i].i1 * base[i].f2 / base[i].d3
      tmp += base[i].af4.sum()
   return tmp
"#
    );
}

#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
fn rust_my_callback(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
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

#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn rust_invert(in_ptr: *mut f64, out_ptr: *mut f64, n: isize) {
    // SAFETY: the bench passes two buffers of n doubles.
    let in_ = unsafe { carray(in_ptr, n) };
    // SAFETY: as above.
    let mut out = unsafe { carray(out_ptr, n) };
    for i in 0..in_.len() {
        out[i] = 1.0 / in_[i];
    }
}

#[cfunc("float64(float64)")]
fn rust_integrand(t: f64) -> f64 {
    (-t).exp() / (t * t)
}

use python::my_struct;

#[cfunc("float64(CPointer(my_struct), uintp)")]
fn rust_foo(ptr: *mut my_struct, n: usize) -> f64 {
    // SAFETY: the bench passes n records.
    let base = unsafe { carray(ptr, n) };
    let mut tmp = 0.0;
    for record in base.iter() {
        tmp += f64::from(record.i1) * f64::from(record.f2) / record.d3;
        tmp += f64::from(record.af4.iter().fold(0.0f32, |sum, x| sum + x));
    }
    tmp
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// Runs both closures `reps` times, interleaved, and returns the medians.
fn pair(reps: usize, mut python: impl FnMut(), mut rust: impl FnMut()) -> (Duration, Duration) {
    python();
    rust();
    let (mut a, mut b) = (Vec::with_capacity(reps), Vec::with_capacity(reps));
    for _ in 0..reps {
        let start = Instant::now();
        python();
        a.push(start.elapsed());
        let start = Instant::now();
        rust();
        b.push(start.elapsed());
    }
    (median(a), median(b))
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` only checks
    // that the kernels run, once each.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let reps = if quick { 1 } else { 201 };
    let mut rows = Vec::new();

    let (m, n) = (1000, 1000);
    let input: Vec<f64> = (0..m * n).map(|k| f64::from(k % 1000) + 0.5).collect();
    let mut output = vec![0.0; input.len()];
    let input_ptr = input.as_ptr().cast_mut();
    let output_ptr = output.as_mut_ptr();
    let (mi, ni) = (m as c_int, n as c_int);
    let python_double = python::my_callback::fn_ptr();
    let rust_double = rust_my_callback::fn_ptr();
    rows.push((
        "my_callback: 2-d doubling, 1000x1000",
        pair(
            reps,
            || python_double(black_box(input_ptr), black_box(output_ptr), mi, ni),
            || rust_double(black_box(input_ptr), black_box(output_ptr), mi, ni),
        ),
    ));

    let python_invert = python::invert::fn_ptr();
    let rust_invert = rust_invert::fn_ptr();
    let len = input.len() as isize;
    rows.push((
        "invert: 1-d, 1,000,000",
        pair(
            reps,
            || python_invert(black_box(input_ptr), black_box(output_ptr), len),
            || rust_invert(black_box(input_ptr), black_box(output_ptr), len),
        ),
    ));

    let python_invert_numpy = python::invert_numpy::fn_ptr();
    rows.push((
        "invert, error_model=\"numpy\"",
        pair(
            reps,
            || python_invert_numpy(black_box(input_ptr), black_box(output_ptr), len),
            || rust_invert(black_box(input_ptr), black_box(output_ptr), len),
        ),
    ));

    let python_integrand = python::integrand::fn_ptr();
    let rust_integrand = rust_integrand::fn_ptr();
    let points: Vec<f64> = (1..=100_000).map(|k| 1.0 + f64::from(k) * 1e-3).collect();
    let sum_with =
        |f: extern "C" fn(f64) -> f64| points.iter().map(|&t| f(black_box(t))).sum::<f64>();
    rows.push((
        "integrand: 100,000 calls through the pointer",
        pair(
            reps,
            || {
                black_box(sum_with(python_integrand));
            },
            || {
                black_box(sum_with(rust_integrand));
            },
        ),
    ));

    let python_integrand_numpy = python::integrand_numpy::fn_ptr();
    rows.push((
        "integrand, error_model=\"numpy\"",
        pair(
            reps,
            || {
                black_box(sum_with(python_integrand_numpy));
            },
            || {
                black_box(sum_with(rust_integrand));
            },
        ),
    ));

    let records: Vec<my_struct> = (0..100_000)
        .map(|k| my_struct {
            i1: k % 17,
            f2: 0.5 + (k % 5) as f32,
            d3: 1.0 + f64::from(k % 3),
            af4: [0.25; 7],
        })
        .collect();
    let python_foo = python::foo::fn_ptr();
    let rust_foo = rust_foo::fn_ptr();
    let count = records.len();
    let records_ptr = records.as_ptr().cast_mut();
    assert_eq!(python_foo(records_ptr, count), rust_foo(records_ptr, count));
    rows.push((
        "foo: 100,000 records",
        pair(
            reps,
            || {
                black_box(python_foo(black_box(records_ptr), count));
            },
            || {
                black_box(rust_foo(black_box(records_ptr), count));
            },
        ),
    ));

    let python_foo_numpy = python::foo_numpy::fn_ptr();
    rows.push((
        "foo, error_model=\"numpy\"",
        pair(
            reps,
            || {
                black_box(python_foo_numpy(black_box(records_ptr), count));
            },
            || {
                black_box(rust_foo(black_box(records_ptr), count));
            },
        ),
    ));
    black_box(&output);
    println!("| kernel | Python-like | hand-written Rust | ratio |");
    println!("|---|---|---|---|");
    for (name, (python, rust)) in rows {
        println!(
            "| {name} | {python:.2?} | {rust:.2?} | {:.3} |",
            python.as_secs_f64() / rust.as_secs_f64()
        );
    }
}
