//! Every kernel that bench/compare_numba.py measures computes the seeds'
//! result on disjoint buffers and when C passes one buffer as both input
//! and output (`in_ == out`), in both layouts and both element types; the
//! 1-d kernels also when the buffers overlap by one element, where the
//! result is that of the element-at-a-time loop.

use cfunc_bench_kernels as kernels;
use std::ffi::c_int;

type Kernel2d<T> = unsafe extern "C" fn(*mut T, *mut T, c_int, c_int);
type Kernel1d = unsafe extern "C" fn(*mut f64, *mut f64, isize);

/// Shapes that are empty, single, shorter than one vector step, and longer
/// than several, with rows and columns of different lengths.
const SHAPES: [(usize, usize); 6] = [(0, 5), (1, 1), (3, 7), (37, 53), (64, 33), (5, 300)];

trait Value: Copy + PartialEq + std::fmt::Debug {
    fn from_index(k: usize) -> Self;
    fn doubled(self) -> Self;
}

impl Value for f64 {
    fn from_index(k: usize) -> f64 {
        0.25 + k as f64 * 1.5
    }
    fn doubled(self) -> f64 {
        2.0 * self
    }
}

impl Value for f32 {
    fn from_index(k: usize) -> f32 {
        0.25 + k as f32 * 1.5
    }
    fn doubled(self) -> f32 {
        2.0 * self
    }
}

fn values<T: Value>(len: usize) -> Vec<T> {
    (0..len).map(T::from_index).collect()
}

fn check_doubling<T: Value>(name: &str, kernel: Kernel2d<T>) {
    for (m, n) in SHAPES {
        let (rows, columns) = (c_int::try_from(m).unwrap(), c_int::try_from(n).unwrap());
        let input = values::<T>(m * n);
        let expected: Vec<T> = input.iter().map(|&x| x.doubled()).collect();

        let mut output = vec![T::from_index(9999); m * n];
        // SAFETY: both buffers hold m * n elements.
        unsafe {
            kernel(
                input.as_ptr().cast_mut(),
                output.as_mut_ptr(),
                rows,
                columns,
            )
        };
        assert_eq!(output, expected, "{name}, disjoint, {m}x{n}");

        let mut buffer = input.clone();
        let pointer = buffer.as_mut_ptr();
        // SAFETY: the buffer holds m * n elements.
        unsafe { kernel(pointer, pointer, rows, columns) };
        assert_eq!(buffer, expected, "{name}, in place, {m}x{n}");

        // Every kernel walks memory in order, so with the buffers one
        // element apart the result is that of the element-at-a-time loop.
        let len = m * n;
        for output_after in [true, false] {
            let mut buffer = values::<T>(len + 1);
            let mut sequential = buffer.clone();
            for k in 0..len {
                if output_after {
                    sequential[k + 1] = sequential[k].doubled();
                } else {
                    sequential[k] = sequential[k + 1].doubled();
                }
            }
            let start = buffer.as_mut_ptr();
            // SAFETY: `start + 1` and the `len` elements after it are in
            // the buffer.
            let shifted = unsafe { start.add(1) };
            let (from, to) = if output_after {
                (start, shifted)
            } else {
                (shifted, start)
            };
            // SAFETY: both ranges hold m * n elements inside the buffer.
            unsafe { kernel(from, to, rows, columns) };
            assert_eq!(
                buffer, sequential,
                "{name}, overlap (output after: {output_after}), {m}x{n}"
            );
        }
    }
}

#[test]
fn the_version_that_runs_is_the_one_asked_for() {
    // `CFUNC_VECTOR_LEVEL` (which CI sets to each level in turn) caps the
    // version; the CPU's own features cap it too.
    let cpu = if is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512cd")
        && is_x86_feature_detected!("avx512dq")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
    {
        cfunc::VectorLevel::Avx512
    } else if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
        cfunc::VectorLevel::Avx2
    } else {
        cfunc::VectorLevel::Baseline
    };
    let requested = match std::env::var("CFUNC_VECTOR_LEVEL").as_deref() {
        Ok("baseline") => cfunc::VectorLevel::Baseline,
        Ok("avx2") => cfunc::VectorLevel::Avx2,
        _ => cfunc::VectorLevel::Avx512,
    };
    assert_eq!(cfunc::host_vector_level(), cpu.min(requested));
}

#[test]
fn two_dimensional_doubling_in_both_orders_and_types() {
    check_doubling("rust_double_c", kernels::rust_double_c::fn_ptr());
    check_doubling("rust_double_f", kernels::rust_double_f::fn_ptr());
    check_doubling("rust_double_map", kernels::rust_double_map::fn_ptr());
    check_doubling("rust_double_c_f32", kernels::rust_double_c_f32::fn_ptr());
    check_doubling("rust_double_f_f32", kernels::rust_double_f_f32::fn_ptr());
    check_doubling("double_c", kernels::double_c::fn_ptr());
    check_doubling("double_f", kernels::double_f::fn_ptr());
    check_doubling("double_c_f32", kernels::double_c_f32::fn_ptr());
    check_doubling("double_f_f32", kernels::double_f_f32::fn_ptr());
}

#[test]
fn the_zip_form_doubles_disjoint_buffers() {
    // `iter_mut().zip(iter())` holds references into both views at once,
    // which `carray`'s contract allows only for disjoint buffers; the
    // in-place form of this loop is `assign_map` (checked above).
    for (m, n) in SHAPES {
        let input = values::<f64>(m * n);
        let mut output = vec![-1.0; m * n];
        let (rows, columns) = (c_int::try_from(m).unwrap(), c_int::try_from(n).unwrap());
        // SAFETY: both buffers hold m * n elements and do not overlap.
        unsafe {
            kernels::rust_double_zip(
                input.as_ptr().cast_mut(),
                output.as_mut_ptr(),
                rows,
                columns,
            )
        };
        let expected: Vec<f64> = input.iter().map(|x| 2.0 * x).collect();
        assert_eq!(output, expected, "{m}x{n}");
    }
}

/// Runs a 1-d kernel on disjoint buffers, in place, and with the output one
/// element after and one before the input, against `step` applied one
/// element at a time in order.
fn check_one_dimensional(name: &str, kernel: Kernel1d, step: fn(f64) -> f64) {
    for len in [0, 1, 7, 100, 1000, 4099] {
        let input = values::<f64>(len);
        let expected: Vec<f64> = input.iter().map(|&x| step(x)).collect();
        let n = isize::try_from(len).unwrap();

        let mut output = vec![-1.0; len];
        // SAFETY: both buffers hold `len` doubles.
        unsafe { kernel(input.as_ptr().cast_mut(), output.as_mut_ptr(), n) };
        assert_eq!(output, expected, "{name}, disjoint, {len}");

        let mut buffer = input.clone();
        let pointer = buffer.as_mut_ptr();
        // SAFETY: the buffer holds `len` doubles.
        unsafe { kernel(pointer, pointer, n) };
        assert_eq!(buffer, expected, "{name}, in place, {len}");

        for output_after in [true, false] {
            let mut buffer = values::<f64>(len + 1);
            let mut sequential = buffer.clone();
            for k in 0..len {
                if output_after {
                    sequential[k + 1] = step(sequential[k]);
                } else {
                    sequential[k] = step(sequential[k + 1]);
                }
            }
            let start = buffer.as_mut_ptr();
            // SAFETY: `start + 1` and the `len` elements after it are in
            // the buffer.
            let shifted = unsafe { start.add(1) };
            let (from, to) = if output_after {
                (start, shifted)
            } else {
                (shifted, start)
            };
            // SAFETY: both ranges hold `len` doubles inside the buffer.
            unsafe { kernel(from, to, n) };
            assert_eq!(
                buffer, sequential,
                "{name}, overlap (output after: {output_after}), {len}"
            );
        }
    }
}

#[test]
fn one_dimensional_kernels_on_disjoint_same_and_overlapping_buffers() {
    let double = |x: f64| 2.0 * x;
    let invert = |x: f64| 1.0 / x;
    check_one_dimensional("rust_double_1d", kernels::rust_double_1d::fn_ptr(), double);
    check_one_dimensional("double_1d", kernels::double_1d::fn_ptr(), double);
    check_one_dimensional("rust_invert", kernels::rust_invert::fn_ptr(), invert);
    check_one_dimensional(
        "rust_invert_raising",
        kernels::rust_invert_raising::fn_ptr(),
        invert,
    );
    check_one_dimensional("invert", kernels::invert::fn_ptr(), invert);
    check_one_dimensional("invert_numpy", kernels::invert_numpy::fn_ptr(), invert);
}

#[test]
fn the_raising_inversions_stop_at_the_first_zero_as_numba_does() {
    for kernel in [
        kernels::rust_invert_raising::fn_ptr(),
        kernels::invert::fn_ptr(),
    ] {
        let mut input = values::<f64>(300);
        input[200] = 0.0;
        let mut output = vec![-1.0; 300];
        cfunc::clear_last_error();
        // SAFETY: both buffers hold 300 doubles.
        unsafe { kernel(input.as_ptr().cast_mut(), output.as_mut_ptr(), 300) };
        let error = cfunc::last_error().expect("the zero divisor is reported");
        assert!(error.contains("ZeroDivisionError"), "{error}");
        for (k, (&out, &x)) in output.iter().zip(&input).enumerate() {
            assert_eq!(out, if k < 200 { 1.0 / x } else { -1.0 }, "element {k}");
        }
    }
    // IEEE division: a zero divisor gives inf, and the loop goes on.
    let input = [2.0, 0.0, -0.0, 4.0];
    let mut output = [0.0; 4];
    for kernel in [
        kernels::rust_invert::fn_ptr(),
        kernels::invert_numpy::fn_ptr(),
    ] {
        // SAFETY: both buffers hold 4 doubles.
        unsafe { kernel(input.as_ptr().cast_mut(), output.as_mut_ptr(), 4) };
        assert_eq!(output, [0.5, f64::INFINITY, f64::NEG_INFINITY, 0.25]);
    }
}

#[test]
fn every_foo_sums_the_records_alike() {
    let records: Vec<kernels::my_struct> = (0..1000)
        .map(|k| kernels::my_struct {
            i1: k % 17,
            f2: 0.5 + (k % 5) as f32,
            d3: 1.0 + f64::from(k % 3),
            af4: [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, k as f32],
        })
        .collect();
    // Two additions per record, in order, as the kernels make them.
    let mut expected = 0.0;
    for r in &records {
        expected += f64::from(r.i1) * f64::from(r.f2) / r.d3;
        expected += f64::from(r.af4.iter().fold(0.0_f32, |sum, &x| sum + x));
    }
    for (name, kernel) in [
        ("rust_foo", kernels::rust_foo::fn_ptr()),
        ("rust_foo_raising", kernels::rust_foo_raising::fn_ptr()),
        ("foo", kernels::foo::fn_ptr()),
        ("foo_numpy", kernels::foo_numpy::fn_ptr()),
    ] {
        // SAFETY: `records` holds 1000 records.
        let total = unsafe { kernel(records.as_ptr().cast_mut(), records.len()) };
        assert_eq!(total, expected, "{name}");
    }
}
