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
    for generated in [kernels::invert::inspect(), kernels::invert_until::inspect()] {
        assert!(generated.contains("__cfunc_chunk"), "{generated}");
        assert!(generated.contains("get_unchecked"), "{generated}");
    }
}

#[test]
fn every_chunk_without_a_zero_divisor_is_inverted() {
    let input = values();
    let mut output = vec![-1.0; N];
    let error =
        error_of(|| kernels::invert(input.as_ptr().cast_mut(), output.as_mut_ptr(), N as isize));
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
        let error = error_of(|| {
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
    assert_eq!(
        error_of(|| kernels::invert(pointer, pointer, N as isize)),
        None
    );
    let expected: Vec<f64> = input.iter().map(|x| 1.0 / x).collect();
    assert_eq!(data, expected);

    let mut data = input.clone();
    data[150] = 0.0;
    let pointer = data.as_mut_ptr();
    let error = error_of(|| kernels::invert(pointer, pointer, N as isize));
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
    assert_eq!(
        error_of(|| kernels::invert(start, shifted, N as isize)),
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
    assert_eq!(
        error_of(|| kernels::invert(shifted, start, N as isize)),
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
    let error = error_of(|| {
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
