//! The seeds' kernels written in the Python-like form against the same
//! kernels written by hand in Rust, side by side in one run: each pair runs
//! interleaved many times and the table gives the medians and the median
//! ratio Python-like / Rust.
//!
//! "The same kernel" includes its semantics. Under Numba's default error
//! model a float division by zero raises `ZeroDivisionError`, so the
//! hand-written kernel it is compared with raises too (`div_or_raise`);
//! with `error_model="numpy"` division is IEEE's, as in plain Rust. A third
//! row per dividing kernel compares the default error model with plain
//! Rust: what raising costs.
//!
//! `cargo bench --bench python_kernels`

use cfunc::{carray, cfunc};
use std::ffi::c_int;
use std::fmt::Debug;
use std::hint::black_box;
use std::time::{Duration, Instant};

mod python {
    cfunc::python!(
        r#"
from numba import cfunc, carray, njit, types
import numpy as np

@cfunc("float64(float64, float64)")
def add(x, y):
    return x + y

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

# The same integrand through an `@njit` helper, as the LowLevelCallable
# tutorials write it.
@njit
def decay(t):
    return np.exp(-t) / t**2

@cfunc("float64(float64)")
def integrand_via_helper(t):
    return decay(t)

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

# Array expressions, against hand-written Rust loops of the same
# semantics.
@cfunc(types.void(types.CPointer(types.float64), types.CPointer(types.float64), types.intp))
def double_expression(in_ptr, out_ptr, n):
    inp = carray(in_ptr, n)
    out = carray(out_ptr, n)
    out[:] = 2.0 * inp

@cfunc(types.float64(types.CPointer(types.float64), types.CPointer(types.float64), types.intp))
def dot_expression(a_ptr, b_ptr, n):
    return np.sum(carray(a_ptr, n) * carray(b_ptr, n))

@cfunc(types.float64(types.CPointer(types.float64), types.CPointer(types.float64), types.intp))
def norm_expression(a_ptr, unused, n):
    a = carray(a_ptr, n)
    return np.sqrt(np.sum(a * a))

# A small local array per call, against the same callback with scalars:
# what a temporary costs.
@cfunc("float64(float64)")
def with_temporary(t):
    v = np.zeros(3)
    v[0] = t
    v[1] = t * t
    v[2] = np.exp(-t)
    return v[0] + v[1] * 0.5 + v[2] * 0.25

@cfunc("float64(float64)")
def with_scalars(t):
    v0 = t
    v1 = t * t
    v2 = np.exp(-t)
    return v0 + v1 * 0.5 + v2 * 0.25

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

/// Python's float division: `ZeroDivisionError` on a zero divisor.
#[inline(always)]
fn div_or_raise(dividend: f64, divisor: f64) -> f64 {
    #[cold]
    fn raise() -> ! {
        panic!("ZeroDivisionError: float division by zero")
    }
    if divisor == 0.0 {
        raise()
    }
    dividend / divisor
}

#[cfunc("float64(float64, float64)")]
fn rust_add(x: f64, y: f64) -> f64 {
    x + y
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
    for (inverse, &x) in out.iter_mut().zip(in_.iter()) {
        *inverse = 1.0 / x;
    }
}

#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn rust_invert_raising(in_ptr: *mut f64, out_ptr: *mut f64, n: isize) {
    // SAFETY: the bench passes two buffers of n doubles.
    let in_ = unsafe { carray(in_ptr, n) };
    // SAFETY: as above.
    let mut out = unsafe { carray(out_ptr, n) };
    for (inverse, &x) in out.iter_mut().zip(in_.iter()) {
        *inverse = div_or_raise(1.0, x);
    }
}

#[cfunc("float64(float64)")]
fn rust_integrand(t: f64) -> f64 {
    (-t).exp() / (t * t)
}

#[cfunc("float64(float64)")]
fn rust_integrand_raising(t: f64) -> f64 {
    div_or_raise((-t).exp(), t * t)
}

#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn rust_double_expression(in_ptr: *mut f64, out_ptr: *mut f64, n: isize) {
    // SAFETY: the bench passes two buffers of n doubles.
    let inp = unsafe { carray(in_ptr, n) };
    // SAFETY: as above.
    let mut out = unsafe { carray(out_ptr, n) };
    for (doubled, &x) in out.iter_mut().zip(inp.iter()) {
        *doubled = 2.0 * x;
    }
}

#[cfunc("float64(CPointer(float64), CPointer(float64), intp)")]
fn rust_dot_expression(a_ptr: *mut f64, b_ptr: *mut f64, n: isize) -> f64 {
    // SAFETY: the bench passes two buffers of n doubles.
    let (a, b) = unsafe { (carray(a_ptr, n), carray(b_ptr, n)) };
    // In order, as NumPy's `sum` of the products in Numba.
    a.iter()
        .zip(b.iter())
        .fold(0.0, |total, (x, y)| total + x * y)
}

#[cfunc("float64(CPointer(float64), CPointer(float64), intp)")]
fn rust_norm_expression(a_ptr: *mut f64, _unused: *mut f64, n: isize) -> f64 {
    // SAFETY: the bench passes a buffer of n doubles.
    let a = unsafe { carray(a_ptr, n) };
    a.iter().fold(0.0, |total, x| total + x * x).sqrt()
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

#[cfunc("float64(CPointer(my_struct), uintp)")]
fn rust_foo_raising(ptr: *mut my_struct, n: usize) -> f64 {
    // SAFETY: the bench passes n records.
    let base = unsafe { carray(ptr, n) };
    let mut tmp = 0.0;
    for record in base.iter() {
        tmp += div_or_raise(f64::from(record.i1) * f64::from(record.f2), record.d3);
        tmp += f64::from(record.af4.iter().fold(0.0f32, |sum, x| sum + x));
    }
    tmp
}

/// Sums `f` over `points` through the pointer, as a C caller does: one
/// loop for every callback (so that code placement does not differ), and
/// the pointer opaque to the optimizer (so that nothing is inlined).
#[inline(never)]
fn sum_through_pointer(f: extern "C" fn(f64) -> f64, points: &[f64]) -> f64 {
    let f = black_box(f);
    points.iter().map(|&t| f(black_box(t))).sum()
}

/// As [`sum_through_pointer`], for `add`: each point added to itself.
#[inline(never)]
fn add_through_pointer(f: extern "C" fn(f64, f64) -> f64, points: &[f64]) -> f64 {
    let f = black_box(f);
    points.iter().map(|&t| f(black_box(t), black_box(t))).sum()
}

fn median<T: PartialOrd + Copy>(mut samples: Vec<T>) -> T {
    samples.sort_unstable_by(|a, b| a.partial_cmp(b).expect("no NaN timings"));
    samples[samples.len() / 2]
}

/// One row of the table: each side's median time and the median of the
/// per-repetition ratios.
struct Pair {
    python: Duration,
    rust: Duration,
    ratio: f64,
}

/// Runs both closures `reps` times, interleaved, alternating which goes
/// first. The ratio is the median of the ratios within each repetition: the
/// two timings of a repetition are adjacent in time, so a slow phase of a
/// shared machine slows both, where a ratio of the two medians can pair a
/// fast-phase median with a slow-phase one.
fn pair(reps: usize, mut python: impl FnMut(), mut rust: impl FnMut()) -> Pair {
    python();
    rust();
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let (mut a, mut b, mut ratios) = (vec![], vec![], vec![]);
    for rep in 0..reps {
        let (p, r) = if rep % 2 == 0 {
            let p = time(&mut python);
            (p, time(&mut rust))
        } else {
            let r = time(&mut rust);
            (time(&mut python), r)
        };
        a.push(p);
        b.push(r);
        ratios.push(p.as_secs_f64() / r.as_secs_f64());
    }
    Pair {
        python: median(a),
        rust: median(b),
        ratio: median(ratios),
    }
}

/// Set in the processes the bench starts: run the table once and print it
/// as tab-separated lines.
const CHILD: &str = "CFUNC_BENCH_CHILD";

/// Processes per table. Where code and stack land in memory moves a
/// callback through a pointer by up to ±10% from one process to the next
/// (identical machine code measured 0.91 and 1.10 in two runs), so each row
/// is the median over several processes, each placed anew by ASLR.
const PROCESSES: usize = 9;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` only checks
    // that the kernels run, once each.
    if !std::env::args().any(|arg| arg == "--bench") {
        measure(1);
        return;
    }
    if std::env::var_os(CHILD).is_some() {
        for (name, pair) in measure(41) {
            println!(
                "{name}\t{}\t{}\t{}",
                pair.python.as_nanos(),
                pair.rust.as_nanos(),
                pair.ratio
            );
        }
        return;
    }
    let mut runs: Vec<Vec<(String, Pair)>> = Vec::new();
    for _ in 0..PROCESSES {
        let output = std::process::Command::new(std::env::current_exe().expect("own path"))
            .arg("--bench")
            .env(CHILD, "1")
            .output()
            .expect("the bench runs itself");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        runs.push(
            String::from_utf8(output.stdout)
                .expect("UTF-8")
                .lines()
                .map(parse_row)
                .collect(),
        );
    }
    println!("Medians over {PROCESSES} processes.");
    println!();
    println!("| kernel / Rust baseline | Python-like | hand-written Rust | ratio |");
    println!("|---|---|---|---|");
    for (row, (name, _)) in runs[0].iter().enumerate() {
        let column = |f: fn(&Pair) -> f64| median(runs.iter().map(|run| f(&run[row].1)).collect());
        let python = Duration::from_secs_f64(column(|pair| pair.python.as_secs_f64()));
        let rust = Duration::from_secs_f64(column(|pair| pair.rust.as_secs_f64()));
        let ratio = column(|pair| pair.ratio);
        println!("| {name} | {python:.2?} | {rust:.2?} | {ratio:.3} |");
    }
}

fn parse_row(line: &str) -> (String, Pair) {
    let fields: Vec<&str> = line.split('\t').collect();
    let nanos = |field: &str| Duration::from_nanos(field.parse().expect("nanoseconds"));
    (
        fields[0].to_owned(),
        Pair {
            python: nanos(fields[1]),
            rust: nanos(fields[2]),
            ratio: fields[3].parse().expect("a ratio"),
        },
    )
}

/// A kernel that divides, in the four forms its rows compare.
struct Dividing<F> {
    python: F,
    python_numpy: F,
    rust_raising: F,
    rust: F,
}

/// The three rows of a kernel that divides: the default error model against
/// Rust that raises too, the numpy model against plain Rust, and the default
/// model against plain Rust. `result` runs one form and returns what it
/// computed, which both sides of a row must agree on; `run` is what is timed.
fn dividing_rows<F: Copy, R: PartialEq + Debug>(
    rows: &mut Vec<(String, Pair)>,
    reps: usize,
    label: &str,
    kernel: Dividing<F>,
    mut result: impl FnMut(F) -> R,
    run: impl Fn(F),
) {
    let name = label.split(':').next().unwrap_or(label);
    for (row, python, rust) in [
        (
            format!("{label} / Rust raising on zero"),
            kernel.python,
            kernel.rust_raising,
        ),
        (
            format!("{name}, error_model=\"numpy\" / plain Rust"),
            kernel.python_numpy,
            kernel.rust,
        ),
        (format!("{name} / plain Rust"), kernel.python, kernel.rust),
    ] {
        assert_eq!(result(python), result(rust), "{row}");
        rows.push((row, pair(reps, || run(python), || run(rust))));
    }
}

/// Every row of the table, each pair run `reps` times.
fn measure(reps: usize) -> Vec<(String, Pair)> {
    let mut rows = Vec::new();

    let points: Vec<f64> = (1..=100_000).map(|k| 1.0 + f64::from(k) * 1e-3).collect();
    let (python_add, rust_add) = (python::add::fn_ptr(), rust_add::fn_ptr());
    rows.push((
        "add: 100,000 calls through the pointer".to_owned(),
        pair(
            reps,
            || {
                black_box(add_through_pointer(python_add, &points));
            },
            || {
                black_box(add_through_pointer(rust_add, &points));
            },
        ),
    ));

    let (m, n) = (1000, 1000);
    let input: Vec<f64> = (0..m * n).map(|k| f64::from(k % 1000) + 0.5).collect();
    let mut output = vec![0.0; input.len()];
    let input_ptr = input.as_ptr().cast_mut();
    let output_ptr = output.as_mut_ptr();
    let (mi, ni) = (m as c_int, n as c_int);
    let python_double = python::my_callback::fn_ptr();
    let rust_double = rust_my_callback::fn_ptr();
    rows.push((
        "my_callback: 2-d doubling, 1000x1000".to_owned(),
        pair(
            reps,
            // SAFETY: both buffers hold `m * n` doubles.
            || unsafe { python_double(black_box(input_ptr), black_box(output_ptr), mi, ni) },
            // SAFETY: as above.
            || unsafe { rust_double(black_box(input_ptr), black_box(output_ptr), mi, ni) },
        ),
    ));

    let len = input.len() as isize;
    dividing_rows(
        &mut rows,
        reps,
        "invert: 1-d, 1,000,000",
        Dividing {
            python: python::invert::fn_ptr(),
            python_numpy: python::invert_numpy::fn_ptr(),
            rust_raising: rust_invert_raising::fn_ptr(),
            rust: rust_invert::fn_ptr(),
        },
        |invert| {
            // SAFETY: both buffers hold `len` doubles.
            unsafe { invert(input_ptr, output_ptr, len) };
            output.clone()
        },
        // SAFETY: as above.
        |invert| unsafe { invert(black_box(input_ptr), black_box(output_ptr), len) },
    );

    dividing_rows(
        &mut rows,
        reps,
        "integrand: 100,000 calls through the pointer",
        Dividing {
            python: python::integrand::fn_ptr(),
            python_numpy: python::integrand_numpy::fn_ptr(),
            rust_raising: rust_integrand_raising::fn_ptr(),
            rust: rust_integrand::fn_ptr(),
        },
        |integrand| sum_through_pointer(integrand, &points),
        |integrand| {
            black_box(sum_through_pointer(integrand, &points));
        },
    );

    let (inline, via_helper) = (
        python::integrand::fn_ptr(),
        python::integrand_via_helper::fn_ptr(),
    );
    assert_eq!(
        sum_through_pointer(via_helper, &points),
        sum_through_pointer(inline, &points)
    );
    rows.push((
        "integrand: through an @njit helper / written inline (both Python-like)".to_owned(),
        pair(
            reps,
            || {
                black_box(sum_through_pointer(via_helper, &points));
            },
            || {
                black_box(sum_through_pointer(inline, &points));
            },
        ),
    ));

    type Kernel = unsafe extern "C" fn(*mut f64, *mut f64, isize) -> f64;
    type VoidKernel = unsafe extern "C" fn(*mut f64, *mut f64, isize);
    for (size, calls) in [(1000usize, 1000usize), (1_000_000, 1)] {
        let a: Vec<f64> = (0..size).map(|k| 0.25 + (k % 97) as f64 * 0.5).collect();
        let mut b: Vec<f64> = (0..size).map(|k| 1.5 - (k % 13) as f64 * 0.125).collect();
        let (a_ptr, b_ptr, len) = (a.as_ptr().cast_mut(), b.as_mut_ptr(), size as isize);
        let label = if size == 1000 {
            "1,000 (1,000 calls)".to_owned()
        } else {
            "1,000,000".to_owned()
        };
        let doubles: [VoidKernel; 2] = [
            python::double_expression::fn_ptr(),
            rust_double_expression::fn_ptr(),
        ];
        let run_void = |kernel: VoidKernel| {
            for _ in 0..calls {
                // SAFETY: both buffers hold `len` doubles.
                unsafe { kernel(black_box(a_ptr), black_box(b_ptr), len) };
            }
        };
        rows.push((
            format!("out[:] = 2.0 * inp: {label} / Rust loop"),
            pair(reps, || run_void(doubles[0]), || run_void(doubles[1])),
        ));
        for (name, python_kernel, rust_kernel) in [
            (
                "np.sum(a * b)",
                python::dot_expression::fn_ptr() as Kernel,
                rust_dot_expression::fn_ptr() as Kernel,
            ),
            (
                "np.sqrt(np.sum(a * a))",
                python::norm_expression::fn_ptr() as Kernel,
                rust_norm_expression::fn_ptr() as Kernel,
            ),
        ] {
            // SAFETY: both buffers hold `len` doubles.
            let (expected, found) = unsafe {
                (
                    rust_kernel(a_ptr, b_ptr, len),
                    python_kernel(a_ptr, b_ptr, len),
                )
            };
            assert_eq!(expected.to_bits(), found.to_bits(), "{name}");
            let run = |kernel: Kernel| {
                for _ in 0..calls {
                    // SAFETY: as above.
                    black_box(unsafe { kernel(black_box(a_ptr), black_box(b_ptr), len) });
                }
            };
            rows.push((
                format!("{name}: {label} / Rust loop"),
                pair(reps, || run(python_kernel), || run(rust_kernel)),
            ));
        }
        black_box(&mut b);
    }
    let (temporary, scalars) = (
        python::with_temporary::fn_ptr(),
        python::with_scalars::fn_ptr(),
    );
    assert_eq!(
        sum_through_pointer(temporary, &points),
        sum_through_pointer(scalars, &points)
    );
    rows.push((
        "callback with a 3-element np.zeros / with 3 scalars (both Python-like)".to_owned(),
        pair(
            reps,
            || {
                black_box(sum_through_pointer(temporary, &points));
            },
            || {
                black_box(sum_through_pointer(scalars, &points));
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
    let count = records.len();
    let records_ptr = records.as_ptr().cast_mut();
    dividing_rows(
        &mut rows,
        reps,
        "foo: 100,000 records",
        Dividing {
            python: python::foo::fn_ptr(),
            python_numpy: python::foo_numpy::fn_ptr(),
            rust_raising: rust_foo_raising::fn_ptr(),
            rust: rust_foo::fn_ptr(),
        },
        // SAFETY: `records` holds `count` records.
        |kernel| unsafe { kernel(records_ptr, count) },
        |kernel| {
            // SAFETY: as above.
            black_box(unsafe { kernel(black_box(records_ptr), count) });
        },
    );
    black_box(&output);
    rows
}
