//! Which loops run in chunks with their checks lifted (see the
//! `versioning` module): the shape of the generated Rust for loops that
//! qualify and for each reason a loop does not. What the chunked loops
//! compute is checked against Numba by the differential suite and by
//! `tests/python_versioned_loops.rs` at the workspace root.

mod support;

use support::lowered;

/// A cfunc `f(a, b, n)` over two float64 arrays of `n` (and a pointer
/// `p`), with `body` as the body of `for i in ...:`.
fn loop_over(iter: &str, body: &str, options: &str) -> String {
    let body = body
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect::<String>();
    lowered(&format!(
        r#"
import math
from numba import cfunc, carray, types
@cfunc(types.void(types.CPointer(types.float64), types.CPointer(types.float64), types.intp){options})
def f(a_ptr, b_ptr, n):
    a = carray(a_ptr, n)
    b = carray(b_ptr, n)
    p = a_ptr
    k = 3
    for i in {iter}:
{body}"#
    ))
}

fn chunked(item: &str) -> bool {
    item.contains("__cfunc_chunk")
}

#[test]
fn a_loop_writing_an_array_with_scannable_divisors_runs_in_chunks() {
    let item = loop_over("range(n)", "b[i] = 1 / a[i]", "");
    assert!(chunked(&item), "{item}");
    // The scan, the overlap check and the unchecked copy...
    assert!(item.contains("__cfunc_nonzero"), "{item}");
    assert!(
        item.contains("disjoint (b . as_ptr () , b . len () , a . as_ptr () , a . len ())"),
        "{item}"
    );
    assert!(item.contains("get_unchecked_mut"), "{item}");
    // ...beside the checked body, which still raises.
    assert!(item.contains("truediv_f64"), "{item}");
}

#[test]
fn divisors_may_combine_the_index_invariants_and_record_fields() {
    let item = loop_over(
        "range(1, n)",
        "b[i] = b[i] / (i - k) + a[0] / (2 * a[i] + k)",
        "",
    );
    assert!(chunked(&item), "{item}");
    // `b[i] / (i - k)` stores into `b` but its divisor does not read `b`.
    assert!(
        item.contains("disjoint (b . as_ptr () , b . len () , a . as_ptr () , a . len ())"),
        "{item}"
    );
}

#[test]
fn under_the_numpy_error_model_only_indices_are_guarded() {
    let item = loop_over("range(n)", "b[i] = 1 / a[i]", r#", error_model="numpy""#);
    assert!(chunked(&item), "{item}");
    assert!(item.contains("get_unchecked_mut"), "{item}");
    assert!(!item.contains("__cfunc_nonzero"), "{item}");
    assert!(!item.contains("py :: disjoint"), "{item}");
}

#[test]
fn a_loop_without_divisions_is_guarded_too() {
    let item = loop_over("range(n)", "b[i] = 2 * a[i]", "");
    assert!(chunked(&item), "{item}");
    assert!(!item.contains("__cfunc_nonzero"), "{item}");
}

#[test]
fn an_index_other_than_the_loop_variable_or_an_invariant_stays_checked() {
    let item = loop_over("range(n - 1)", "b[i] = 2 * a[i + 1]", "");
    assert!(chunked(&item), "{item}");
    assert!(item.contains("a [__cfunc_index"), "{item}");
}

#[test]
fn loops_that_do_not_qualify_keep_their_checks() {
    let cases = [
        // Only locals: nothing to vectorize.
        ("range(n)", "k = k + 1 / a[i]", ""),
        // A divisor reading the array the loop writes.
        ("range(n)", "a[i] = 1 / a[i]", ""),
        // A divisor whose index is not the loop variable or an invariant.
        ("range(n - 1)", "b[i] = 1 / a[i + 1]", ""),
        // A divisor that calls a function.
        ("range(n)", "b[i] = 1 / math.sqrt(a[i])", ""),
        // A divisor that reads a local the loop assigns.
        ("range(n)", "k = a[i]\nb[i] = 1 / k", ""),
        // A store through a pointer, which may alias anything.
        ("range(n)", "p[i] = 1 / a[i]", ""),
        // A step, a `break`, an `else`, a nested loop.
        ("range(0, n, 2)", "b[i] = 1 / a[i]", ""),
        ("range(n)", "b[i] = 1 / a[i]\nif b[i] > 1.0:\n    break", ""),
        ("range(n)", "for j in range(2):\n    b[i] = 1 / a[i]", ""),
        // The loop variable reassigned in the body.
        ("range(n)", "b[i] = 1 / a[i]\ni = 0", ""),
    ];
    for (iter, body, options) in cases {
        let item = loop_over(iter, body, options);
        let chunks = item.matches("let mut __cfunc_chunk").count();
        let nested = body.contains("for j");
        // The inner loop of a nest qualifies on its own.
        assert_eq!(chunks, usize::from(nested), "{iter}: {body}\n{item}");
    }
}

#[test]
fn a_loop_with_an_else_keeps_its_checks() {
    let item = lowered(
        r#"
from numba import cfunc, carray, types
@cfunc(types.void(types.CPointer(types.float64), types.intp))
def f(a_ptr, n):
    a = carray(a_ptr, n)
    for i in range(n):
        a[i] = 2 * a[i]
    else:
        a[0] = 1.0
"#,
    );
    assert!(!chunked(&item), "{item}");
}
