//! Which loops run in chunks with their checks lifted (see the
//! `versioning` module), and why the others do not: the assertions are on
//! the plan each loop got, plus the shape of the chunked Rust where that is
//! the point. What the chunked loops compute is checked against Numba by
//! the differential suite and by `tests/python_versioned_loops.rs` at the
//! workspace root.

use cfunc_python::compile;
use cfunc_python::typed::{LoopVersioning, Unversioned, Versioned};

/// A cfunc `f(a, b, n)` over two float64 arrays of `n` (and a pointer
/// `p`), with `body` as the body of `for i in ...:`: what versioning made
/// of each loop, and the generated item.
fn loop_over(iter: &str, body: &str, options: &str) -> (Vec<LoopVersioning>, String) {
    let body = body
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect::<String>();
    versioning_of(&format!(
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

fn versioning_of(source: &str) -> (Vec<LoopVersioning>, String) {
    let output = compile(source).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(|error| error.message()).collect();
        panic!("the block does not compile: {messages:?}")
    });
    let [cfunc] = output.cfuncs.as_slice() else {
        panic!("expected one cfunc");
    };
    let item = &cfunc.item;
    (cfunc.loops.clone(), quote::quote!(#item).to_string())
}

fn outcomes(loops: &[LoopVersioning]) -> Vec<Result<Versioned, Unversioned>> {
    loops.iter().map(|each| each.outcome.clone()).collect()
}

#[test]
fn a_loop_writing_an_array_with_scannable_divisors_runs_in_chunks() {
    let (loops, item) = loop_over("range(n)", "b[i] = 1 / a[i]", "");
    assert_eq!(
        outcomes(&loops),
        [Ok(Versioned {
            guarded_subscripts: 2,
            scanned_divisors: 1,
            chunk: 64
        })]
    );
    // The overlap check and the unchecked copy...
    assert!(
        item.contains("let (__cfunc_written , __cfunc_written_len) = __cfunc_raw_b . span () ; let (__cfunc_read , __cfunc_read_len) = __cfunc_raw_a . span () ; :: cfunc :: __private :: py :: disjoint ("),
        "{item}"
    );
    assert!(item.contains("get_unchecked_mut"), "{item}");
    // The scan runs once the guards passed: it reads unchecked too.
    let scan = item
        .split("__cfunc_nonzero &=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no scan in {item}"));
    assert!(scan.contains("get_unchecked"), "{scan}");
    // ...beside the checked body, which still raises.
    assert!(item.contains("truediv_f64"), "{item}");
}

#[test]
fn divisors_may_combine_the_index_invariants_and_record_fields() {
    let (loops, item) = loop_over(
        "range(1, n)",
        "b[i] = b[i] / (i - k) + a[0] / (2 * a[i] + k)",
        "",
    );
    assert_eq!(
        outcomes(&loops),
        [Ok(Versioned {
            guarded_subscripts: 4,
            scanned_divisors: 2,
            chunk: 64
        })]
    );
    // `b[i] / (i - k)` stores into `b` but its divisor does not read `b`.
    assert!(
        item.contains("let (__cfunc_written , __cfunc_written_len) = __cfunc_raw_b . span () ; let (__cfunc_read , __cfunc_read_len) = __cfunc_raw_a . span () ; :: cfunc :: __private :: py :: disjoint ("),
        "{item}"
    );
}

#[test]
fn under_the_numpy_error_model_only_indices_are_guarded() {
    let (loops, item) = loop_over("range(n)", "b[i] = 1 / a[i]", r#", error_model="numpy""#);
    assert_eq!(
        outcomes(&loops),
        [Ok(Versioned {
            guarded_subscripts: 2,
            scanned_divisors: 0,
            chunk: 4096
        })]
    );
    assert!(!item.contains("py :: disjoint"), "{item}");
}

#[test]
fn a_loop_without_divisions_is_guarded_too() {
    let (loops, _) = loop_over("range(n)", "b[i] = 2 * a[i]", "");
    assert_eq!(
        outcomes(&loops),
        [Ok(Versioned {
            guarded_subscripts: 2,
            scanned_divisors: 0,
            chunk: 4096
        })]
    );
}

#[test]
fn subscripts_of_one_array_by_one_index_share_a_guard() {
    let (_, item) = loop_over("range(n)", "b[i] = a[i] + a[i] * a[k]", "");
    // b by i, a by i, a by k: three guards for four subscripts.
    let guard = item
        .split("let __cfunc_fast : bool =")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no guard in {item}"));
    assert_eq!(
        guard.matches("(__cfunc_end as u64) <=").count(),
        2,
        "{guard}"
    );
    assert_eq!(
        guard.matches("wrap_index ((k) as i64").count(),
        1,
        "{guard}"
    );
}

#[test]
fn an_index_other_than_the_loop_variable_or_an_invariant_stays_checked() {
    let (loops, item) = loop_over("range(n - 1)", "b[i] = 2 * a[i + 1]", "");
    assert_eq!(
        outcomes(&loops),
        [Ok(Versioned {
            guarded_subscripts: 1,
            scanned_divisors: 0,
            chunk: 4096
        })]
    );
    assert!(item.contains("__cfunc_raw_a [__cfunc_index"), "{item}");
}

#[test]
fn loops_that_do_not_qualify_keep_their_checks_and_say_why() {
    use Unversioned::*;
    let cases = [
        // Only locals: nothing to vectorize.
        ("range(n)", "k = k + 1 / a[i]", WritesNoArray),
        // A divisor reading the array the loop writes.
        ("range(n)", "a[i] = 1 / a[i]", DivisorsNotScannable),
        // A divisor whose index is not the loop variable or an invariant.
        ("range(n - 1)", "b[i] = 1 / a[i + 1]", DivisorsNotScannable),
        // A divisor that calls a function.
        (
            "range(n)",
            "b[i] = 1 / math.sqrt(a[i])",
            DivisorsNotScannable,
        ),
        // A divisor that reads a local the loop assigns.
        ("range(n)", "k = a[i]\nb[i] = 1 / k", DivisorsNotScannable),
        // A store through a pointer, which may alias anything.
        ("range(n)", "p[i] = 1 / a[i]", NotAView),
        // A step, a `break`.
        ("range(0, n, 2)", "b[i] = 1 / a[i]", NotAUnitRange),
        (
            "range(n)",
            "b[i] = 1 / a[i]\nif b[i] > 1.0:\n    break",
            BodyNotVersionable,
        ),
        // The loop variable reassigned in the body.
        ("range(n)", "b[i] = 1 / a[i]\ni = 0", AssignsLoopVariable),
    ];
    for (iter, body, reason) in cases {
        let (loops, item) = loop_over(iter, body, "");
        assert_eq!(outcomes(&loops), [Err(reason)], "{iter}: {body}\n{item}");
        assert!(!item.contains("let mut __cfunc_chunk"), "{item}");
    }
}

#[test]
fn the_inner_loop_of_a_nest_qualifies_on_its_own() {
    let (loops, item) = loop_over("range(n)", "for j in range(2):\n    b[i] = 1 / a[i]", "");
    assert_eq!(
        outcomes(&loops),
        [
            Ok(Versioned {
                guarded_subscripts: 2,
                scanned_divisors: 1,
                chunk: 64
            }),
            Err(Unversioned::BodyNotVersionable),
        ]
    );
    assert_eq!(item.matches("let mut __cfunc_chunk").count(), 1, "{item}");
}

#[test]
fn a_loop_with_an_else_keeps_its_checks() {
    let (loops, _) = versioning_of(
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
    assert_eq!(outcomes(&loops), [Err(Unversioned::HasElseOrExitMoves)]);
}

#[test]
fn a_loop_variable_declared_float_is_not_versioned() {
    let (loops, _) = versioning_of(
        r#"
from numba import cfunc, carray, types
@cfunc(types.void(types.CPointer(types.float64), types.intp), locals={'i': types.float64})
def f(a_ptr, n):
    a = carray(a_ptr, n)
    for i in range(n):
        a[0] = 2 * i
"#,
    );
    assert_eq!(outcomes(&loops), [Err(Unversioned::LoopVariableNotInt64)]);
}

#[test]
fn an_error_in_a_versionable_loop_is_reported_once() {
    // Found by the `python_structured` fuzz target: the fast copy of the
    // body lowered it a second time.
    let source = r#"
from numba import cfunc, carray, types
@cfunc(types.void(types.CPointer(types.float64), types.intp))
def f(a_ptr, n):
    a = carray(a_ptr, n)
    for i in range(n):
        a[i] = 2 * a[i] + missing
"#;
    let messages: Vec<String> = match compile(source) {
        Ok(_) => panic!("compiled"),
        Err(errors) => errors.iter().map(|error| error.message()).collect(),
    };
    assert_eq!(messages, ["name `missing` is not defined"]);
}
