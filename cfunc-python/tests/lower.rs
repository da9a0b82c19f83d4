//! Lowerings pinned by the differential suite against Numba
//! (`tests/python_differential.rs` at the workspace root): each test
//! compiles a small block and checks the shape of the generated Rust, so a
//! regression shows here without running Numba.

mod support;

use cfunc_python::compile;
use support::lowered;

/// The position of `needle` in `haystack`, or a failure that shows both.
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in:\n{haystack}"))
}

#[test]
fn a_negative_index_is_computed_before_the_store_borrows_the_array() {
    // `arr[i] = ...` with an index that may be negative reads the array's
    // shape, which cannot happen inside the mutable borrow of the store.
    let item = lowered(
        r#"
from numba import cfunc, carray
@cfunc("void(CPointer(float64), int64, int64)")
def store(data, n, i):
    arr = carray(data, n)
    arr[i] = arr[0] + 1.0
"#,
    );
    let value = position(&item, "let __cfunc_stored");
    let index = position(&item, "let __cfunc_index");
    let store = position(&item, "] = __cfunc_stored");
    assert!(value < index && index < store, "{item}");
    assert!(item.contains("wrap_index"), "{item}");
}

#[test]
fn an_augmented_element_reads_its_operand_before_storing() {
    let item = lowered(
        r#"
from numba import cfunc, carray
@cfunc("void(CPointer(float64), int64)")
def accumulate(data, n):
    arr = carray(data, n)
    arr[-1] += arr[0]
"#,
    );
    // The current element, then the operand, each into a temporary.
    let current = position(&item, "= arr [__cfunc_index");
    let operand = position(&item, "= (arr [0usize])");
    let store = position(&item, "arr [__cfunc_index1] = (");
    assert!(current < operand && operand < store, "{item}");
}

#[test]
fn int64_and_uint64_compare_as_float64_like_numba() {
    let item = lowered(
        r#"
from numba import cfunc
@cfunc("boolean(int64, uint64)")
def less(a, b):
    return a < b
"#,
    );
    assert!(item.contains("as f64) < (__cfunc_t2 as f64)"), "{item}");
    assert!(!item.contains("i128"), "{item}");
}

#[test]
fn int32_and_uint32_compare_exactly_in_int64() {
    let item = lowered(
        r#"
from numba import cfunc
@cfunc("boolean(int32, uint32)")
def less(a, b):
    return a < b
"#,
    );
    assert!(item.contains("as i64) < (__cfunc_t2 as i64)"), "{item}");
}

#[test]
fn a_pointer_sized_parameter_is_widened_to_int64() {
    let item = lowered(
        r#"
from numba import cfunc
@cfunc("float64(intp)")
def halve(n):
    n = n / 2
    return n
"#,
    );
    assert!(item.contains("let mut n = (n as i64) ;"), "{item}");
}

#[test]
fn isinf_lowers_to_is_infinite() {
    let item = lowered(
        r#"
import math
from numba import cfunc
@cfunc("boolean(float64)")
def infinite(x):
    return math.isinf(x)
"#,
    );
    assert!(item.contains(". is_infinite ()"), "{item}");
}

#[test]
fn a_float_to_an_integer_power_goes_through_the_runtime() {
    // By squaring up to Numba's cutoff, `math.pow` beyond, and raising on
    // `0.0 ** -n`: all in `py::powi_f64`, never a bare `powi`.
    let item = lowered(
        r#"
from numba import cfunc
@cfunc("float64(float64, int64)")
def power(x, n):
    return x ** n
"#,
    );
    assert!(item.contains("py :: powi_f64 (x , n)"), "{item}");
    assert!(!item.contains(". powi ("), "{item}");
}

#[test]
fn names_of_the_generated_code_are_reserved() {
    for source in [
        "x = 1\n    __cfunc_end = x\n    return __cfunc_end",
        "for __cfunc_item in range(3):\n        pass\n    return 0",
    ] {
        let block =
            format!("from numba import cfunc\n@cfunc(\"int64(int64)\")\ndef f(n):\n    {source}\n");
        let errors = compile(&block)
            .err()
            .unwrap_or_else(|| panic!("compiled:\n{block}"));
        let messages: Vec<String> = errors.iter().map(|error| error.message()).collect();
        assert!(
            messages
                .iter()
                .any(|message| message.contains("reserved for the code cfunc generates")),
            "{messages:?}"
        );
    }
    let errors = compile(
        "from numba import cfunc\n@cfunc(\"int64(int64)\")\ndef f(__cfunc_n):\n    return 0\n",
    )
    .err()
    .expect("a reserved parameter name");
    assert!(
        errors[0].message().contains("`__cfunc_n`"),
        "{}",
        errors[0].message()
    );
}

/// Every error of a block that does not compile: (message, the text it points at).
fn errors_of(source: &str) -> Vec<(String, String)> {
    let errors = compile(source).err().expect("the block compiles");
    errors
        .iter()
        .map(|error| {
            let range = error.range();
            (
                error.message(),
                source[range.start()..range.end()].to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_local_declared_in_locals_converts_each_assignment_to_its_type() {
    // Numba's own test of `locals=`: `c = a / b` stored in an int64.
    let item = lowered(
        r#"
from numba import cfunc, types
@cfunc("float64(int64, int64)", locals={'c': types.int64})
def div(a, b):
    c = a / b
    return c
"#,
    );
    assert!(item.contains("let mut c : i64"), "{item}");
    let called = lowered(
        r#"
from numba import cfunc, types
@cfunc("float64(int64, int64)", locals=dict(c=types.int64))
def div(a, b):
    c = a / b
    return c
"#,
    );
    assert_eq!(
        called, item,
        "`dict(c=...)` declares as `{{'c': ...}}` does"
    );
}

#[test]
fn locals_entries_that_name_no_variable_or_no_scalar_type_are_errors_on_them() {
    let source = r#"
from numba import cfunc, types
@cfunc("float64(float64)", locals={'y': types.int64, 'x': types.CPointer(types.float64), 3: types.int8, 'x': types.int8})
def f(x):
    z = x
    return z
"#;
    let errors = errors_of(source);
    let expected = [
        (
            "the type of `x` in `locals` must be a Numba scalar type such as `types.int64`",
            "types.CPointer(types.float64)",
        ),
        ("a `locals` key is a local's name, as a string", "3"),
        ("`y` in `locals` is not a variable of `f`", "'y'"),
    ];
    for (message, text) in expected {
        assert!(
            errors.iter().any(|(m, t)| m == message && t == text),
            "no `{message}` on `{text}` in {errors:?}"
        );
    }
    let not_a_dict = r#"
from numba import cfunc, types
@cfunc("float64(float64)", locals=[('y', types.int64)])
def f(x):
    return x
"#;
    assert_eq!(
        errors_of(not_a_dict),
        [(
            "`locals` is a dict of local names to Numba types: `locals={'c': types.int64}`"
                .to_owned(),
            "[('y', types.int64)]".to_owned()
        )]
    );
}
