//! Array loops that run in chunks with their checks lifted compute what the
//! checked loop computes: the same values, the same error at the same
//! iteration, the same elements written before it, also when the arrays
//! overlap. (The differential suite checks the same against Numba for
//! buffers that do not overlap.)

mod kernels {
    cfunc::python!(
        r#"
from numba import cfunc, carray, types

@cfunc(types.void(types.CPointer(types.float64), types.CPointer(types.float64), types.intp))
def invert(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, n)
    out = carray(out_ptr, n)
    for i in range(n):
        out[i] = 1 / in_[i]

@cfunc(types.void(types.CPointer(types.float64), types.CPointer(types.float64), types.intp, types.intp))
def invert_until(in_ptr, out_ptr, n, stop):
    in_ = carray(in_ptr, n)
    out = carray(out_ptr, n)
    for i in range(stop):
        out[i] = 1 / in_[i]

# Stops early in three ways, divides in place with `/=`, and returns the
# loop variable's last value.
@cfunc(types.int64(types.CPointer(types.float64), types.CPointer(types.float64), types.intp, types.float64))
def scale_until(in_ptr, out_ptr, n, limit):
    in_ = carray(in_ptr, n)
    out = carray(out_ptr, n)
    i = -1
    for i in range(n):
        if in_[i] == 1.5:
            continue
        out[i] /= in_[i]
        if out[i] > limit:
            return -i
        if out[i] < -limit:
            raise ValueError("below the limit")
    return i

point = types.Record.make_c_struct([
    ('p', types.CPointer(types.float64)),
    ('x', types.float64),
])

# Each record points somewhere: storing through the pointer may change a
# divisor, which no overlap check between `points` and `in_` can see.
@cfunc(types.void(types.CPointer(point), types.CPointer(types.float64), types.CPointer(types.float64), types.intp))
def store_through_pointers(points_ptr, in_ptr, out_ptr, n):
    points = carray(points_ptr, n)
    in_ = carray(in_ptr, n)
    out = carray(out_ptr, n)
    for i in range(n):
        points[i].p[0] = 0.0
        out[i] = 1.0 / in_[i]

@cfunc(types.void(types.CPointer(types.float64), types.intp))
def huge_literal_index(data, n):
    arr = carray(data, n)
    for i in range(n):
        arr[i] = 1.0
        arr[18446744073709551615] = 2.0
"#
    );
}

const N: usize = 300;

fn values() -> Vec<f64> {
    (0..N).map(|k| 0.5 + (k % 7) as f64).collect()
}

/// Runs `call` and returns the error the cfunc reported, if any.
fn error_of(call: impl FnOnce()) -> Option<String> {
    cfunc::clear_last_error();
    call();
    cfunc::last_error()
}

#[test]
fn the_loops_here_run_in_chunks() {
    for generated in [
        kernels::invert::inspect(),
        kernels::invert_until::inspect(),
        kernels::scale_until::inspect(),
        kernels::huge_literal_index::inspect(),
    ] {
        assert!(generated.contains("__cfunc_chunk"), "{generated}");
        assert!(generated.contains("get_unchecked"), "{generated}");
    }
    let generated = kernels::store_through_pointers::inspect();
    assert!(!generated.contains("__cfunc_chunk"), "{generated}");
}

#[test]
fn every_chunk_without_a_zero_divisor_is_inverted() {
    let input = values();
    let mut output = vec![-1.0; N];
    // SAFETY: the buffers hold every element the kernel touches.
    let error = error_of(|| unsafe {
        kernels::invert(input.as_ptr().cast_mut(), output.as_mut_ptr(), N as isize)
    });
    assert_eq!(error, None);
    let expected: Vec<f64> = input.iter().map(|x| 1.0 / x).collect();
    assert_eq!(output, expected);
}

#[test]
fn a_zero_divisor_raises_with_the_elements_before_it_written() {
    for zero_at in [0, 63, 64, 200, N - 1] {
        let mut input = values();
        input[zero_at] = -0.0;
        let mut output = vec![-1.0; N];
        // SAFETY: the buffers hold every element the kernel touches.
        let error = error_of(|| unsafe {
            kernels::invert(input.as_ptr().cast_mut(), output.as_mut_ptr(), N as isize)
        });
        assert!(
            error.unwrap().contains("ZeroDivisionError"),
            "zero at {zero_at}"
        );
        for (k, (&out, &x)) in output.iter().zip(&input).enumerate() {
            let expected = if k < zero_at { 1.0 / x } else { -1.0 };
            assert_eq!(out, expected, "zero at {zero_at}, element {k}");
        }
    }
}

#[test]
fn inverting_in_place_reads_each_element_before_writing_it() {
    let input = values();
    let mut data = input.clone();
    let pointer = data.as_mut_ptr();
    // SAFETY: the buffers hold every element the kernel touches.
    assert_eq!(
        error_of(|| unsafe { kernels::invert(pointer, pointer, N as isize) }),
        None
    );
    let expected: Vec<f64> = input.iter().map(|x| 1.0 / x).collect();
    assert_eq!(data, expected);

    let mut data = input.clone();
    data[150] = 0.0;
    let pointer = data.as_mut_ptr();
    // SAFETY: the buffers hold every element the kernel touches.
    let error = error_of(|| unsafe { kernels::invert(pointer, pointer, N as isize) });
    assert!(error.unwrap().contains("ZeroDivisionError"));
    assert_eq!(data[..150], expected[..150]);
    assert_eq!(data[150..], [[0.0].as_slice(), &input[151..]].concat());
}

#[test]
fn overlapping_arrays_follow_the_order_of_iterations() {
    // `out` one element after `in_`: each iteration reads what the one
    // before wrote, as in the checked loop.
    let mut buffer = vec![2.0; N + 1];
    let start = buffer.as_mut_ptr();
    // SAFETY: `start + 1` and the N elements after it are inside `buffer`.
    let shifted = unsafe { start.add(1) };
    // SAFETY: the buffers hold every element the kernel touches.
    assert_eq!(
        error_of(|| unsafe { kernels::invert(start, shifted, N as isize) }),
        None
    );
    let mut expected = vec![2.0; N + 1];
    for i in 0..N {
        expected[i + 1] = 1.0 / expected[i];
    }
    assert_eq!(buffer, expected);

    // `out` one element before `in_`: each iteration reads an element no
    // iteration has written yet.
    let mut buffer: Vec<f64> = (1..=N + 1).map(|k| k as f64).collect();
    let start = buffer.as_mut_ptr();
    // SAFETY: as above.
    let shifted = unsafe { start.add(1) };
    // SAFETY: the buffers hold every element the kernel touches.
    assert_eq!(
        error_of(|| unsafe { kernels::invert(shifted, start, N as isize) }),
        None
    );
    let mut expected: Vec<f64> = (1..=N + 1).map(|k| k as f64).collect();
    for i in 0..N {
        expected[i] = 1.0 / expected[i + 1];
    }
    assert_eq!(buffer, expected);
}

#[test]
fn an_index_past_the_end_raises_after_every_element_before_it() {
    let input = values();
    let mut output = vec![-1.0; N];
    // SAFETY: the buffers hold every element the kernel touches.
    let error = error_of(|| unsafe {
        kernels::invert_until(
            input.as_ptr().cast_mut(),
            output.as_mut_ptr(),
            N as isize,
            N as isize + 1,
        )
    });
    assert!(error.unwrap().contains("index (300,) is out of bounds"));
    let expected: Vec<f64> = input.iter().map(|x| 1.0 / x).collect();
    assert_eq!(output, expected);
}

#[test]
fn continue_return_raise_and_the_loop_variable_behave_as_in_python() {
    // `out[k] /= in_[k]` from 3.0, except where `in_[k]` is 1.5 (`continue`).
    let scaled = |input: &[f64], k: usize| if input[k] == 1.5 { 3.0 } else { 3.0 / input[k] };
    let run = |input: &[f64]| {
        let mut output = vec![3.0; N];
        let mut result = 0;
        // SAFETY: the buffers hold every element the kernel touches.
        let error = error_of(|| {
            result = unsafe {
                kernels::scale_until(
                    input.as_ptr().cast_mut(),
                    output.as_mut_ptr(),
                    N as isize,
                    1000.0,
                )
            };
        });
        (result, output, error)
    };
    let written_up_to = |input: &[f64], output: &[f64], last: usize| {
        for (k, &out) in output.iter().enumerate() {
            let expected = if k <= last { scaled(input, k) } else { 3.0 };
            assert_eq!(out, expected, "element {k}");
        }
    };

    // No early exit: the loop variable ends at n - 1.
    let input = values();
    let (result, output, error) = run(&input);
    assert_eq!((result, error), (N as i64 - 1, None));
    written_up_to(&input, &output, N - 1);

    // `return` after the first element above the limit.
    let mut input = values();
    input[130] = 0.001;
    let (result, output, error) = run(&input);
    assert_eq!((result, error), (-130, None));
    written_up_to(&input, &output, 130);

    // `raise` after the first element below the limit.
    let mut input = values();
    input[130] = -0.001;
    let (_, output, error) = run(&input);
    assert!(error.unwrap().contains("ValueError: below the limit"));
    written_up_to(&input, &output, 130);

    // A zero divisor raises before its element is written.
    let mut input = values();
    input[70] = 0.0;
    let (_, output, error) = run(&input);
    assert!(error.unwrap().contains("ZeroDivisionError"));
    written_up_to(&input, &output, 69);
}

#[test]
fn a_store_through_a_pointer_keeps_the_divisor_checks() {
    // Each record points at the next divisor: the store zeroes in_[i + 1]
    // before iteration i + 1 divides by it, so the loop raises at i = 1.
    let n = 10;
    let mut input = vec![1.0; n + 1];
    let base = input.as_mut_ptr();
    let mut points: Vec<kernels::point> = (0..n)
        .map(|k| kernels::point {
            // SAFETY: k + 1 <= n is inside `input`.
            p: unsafe { base.add(k + 1) },
            x: 0.0,
        })
        .collect();
    let mut output = vec![-1.0; n];
    // SAFETY: the buffers hold every element the kernel touches.
    let error = error_of(|| unsafe {
        kernels::store_through_pointers(points.as_mut_ptr(), base, output.as_mut_ptr(), n as isize)
    });
    assert!(error.unwrap().contains("ZeroDivisionError"));
    assert_eq!(output[0], 1.0);
    assert!(output[1..].iter().all(|&x| x == -1.0));
}

#[test]
fn an_index_literal_beyond_int64_is_out_of_bounds() {
    // The literal is not wrapped around as a negative index would be.
    let mut buffer = vec![-1.0; N + 1];
    // SAFETY: N elements after the first are inside `buffer`.
    let data = unsafe { buffer.as_mut_ptr().add(1) };
    // SAFETY: the buffers hold every element the kernel touches.
    let error = error_of(|| unsafe { kernels::huge_literal_index(data, N as isize) });
    assert!(error.unwrap().contains("out of bounds"));
    assert_eq!(buffer[..3], [-1.0, 1.0, -1.0]);
    assert!(buffer[2..].iter().all(|&x| x == -1.0));
}
