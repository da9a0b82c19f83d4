//! Helpers: `@njit`/`@jit` functions (and plain ones) that cfuncs call,
//! compiled once per tuple of argument types and only when called. Their
//! results against Numba are in the differential suite (`helper_*`).

mod support;

use quote::ToTokens;
use support::{compiled, errors_by_line};

/// The names of the helper functions a block generates.
fn helper_names(source: &str) -> Vec<String> {
    let output = compiled(source);
    output
        .helpers
        .iter()
        .map(|item| {
            let item: syn::ItemFn = syn::parse2(item.clone()).expect("a helper is a function");
            assert!(item.sig.unsafety.is_some(), "helpers are unsafe fns");
            assert!(
                matches!(item.vis, syn::Visibility::Inherited),
                "helpers are private"
            );
            format!("{}{}", item.sig.ident, signature_types(&item))
        })
        .collect()
}

/// `(i64) -> i64` for `fn f(x: i64) -> i64`.
fn signature_types(item: &syn::ItemFn) -> String {
    let params: Vec<String> = item
        .sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Typed(typed) => typed.ty.to_token_stream().to_string(),
            syn::FnArg::Receiver(_) => "self".to_owned(),
        })
        .collect();
    let ret = match &item.sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", ty.to_token_stream()),
    };
    format!("({}){ret}", params.join(", "))
}

#[test]
fn a_helper_gets_one_version_per_tuple_of_argument_types() {
    let names = helper_names(
        "from numba import cfunc, njit\n\
         @njit\n\
         def square(x):\n    return x * x\n\
         @cfunc('float64(int64, float64, int64)')\n\
         def f(n, x, m):\n    return square(n) + square(x) + square(m)\n",
    );
    assert_eq!(
        names,
        [
            "__cfunc_helper_square_0(i64) -> i64",
            "__cfunc_helper_square_1(f64) -> f64"
        ]
    );
}

#[test]
fn every_spelling_of_jit_makes_a_helper() {
    let names = helper_names(
        "import numba\n\
         from numba import cfunc, jit, njit\n\
         @njit\n\
         def a(x):\n    return x + 1.0\n\
         @jit(nopython=True)\n\
         def b(x):\n    return x + 2.0\n\
         @numba.njit(cache=True, fastmath=True)\n\
         def c(x):\n    return x + 3.0\n\
         @numba.jit('float64(float64)', nopython=True)\n\
         def d(x):\n    return x + 4.0\n\
         def plain(x):\n    return x + 5.0\n\
         e = numba.jit(plain, nopython=True)\n\
         g = njit(plain)\n\
         @cfunc('float64(float64)')\n\
         def f(x):\n    return a(x) + b(x) + c(x) + d(x) + e(x) + g(x) + plain(x)\n",
    );
    let functions: Vec<&str> = names
        .iter()
        .map(|name| name.split('(').next().unwrap())
        .collect();
    assert_eq!(
        functions,
        [
            "__cfunc_helper_a_0",
            "__cfunc_helper_b_0",
            "__cfunc_helper_c_0",
            "__cfunc_helper_d_0",
            // `e`, `g` and `plain` are one function: one version of it.
            "__cfunc_helper_e_0",
        ]
    );
}

#[test]
fn helpers_return_tuples_and_call_helpers() {
    let names = helper_names(
        "from numba import cfunc, njit\n\
         @njit\n\
         def both(a, b):\n    return a + b, a * b\n\
         @njit\n\
         def total(a, b):\n    s, p = both(a, b)\n    return s + p\n\
         @cfunc('int64(int64, int64)')\n\
         def f(a, b):\n    return total(a, b)\n",
    );
    assert_eq!(
        names,
        [
            "__cfunc_helper_total_0(i64, i64) -> i64",
            "__cfunc_helper_both_0(i64, i64) -> (i64 , i64 ,)"
        ]
    );
}

#[test]
fn a_recursive_helper_is_typed_from_its_other_returns() {
    let names = helper_names(
        "from numba import cfunc, njit\n\
         @njit\n\
         def halvings(x):\n    if x < 1.0:\n        return 0\n    return 1 + halvings(x / 2)\n\
         @cfunc('int64(float64)')\n\
         def f(x):\n    return halvings(x)\n",
    );
    assert_eq!(names, ["__cfunc_helper_halvings_0(f64) -> i64"]);
}

#[test]
fn a_helper_nothing_calls_is_not_compiled() {
    // As Numba compiles lazily: the list would be an error if it were.
    let names = helper_names(
        "from numba import cfunc, njit\n\
         @njit\n\
         def unused(x):\n    return [x]\n\
         @cfunc('float64(float64)')\n\
         def f(x):\n    return x\n",
    );
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn an_error_in_a_helper_is_reported_on_its_line_once() {
    let found = errors_by_line(
        "from numba import cfunc, njit\n\
         @njit\n\
         def bad(x):\n    return [x]\n\
         @cfunc('float64(float64, int64)')\n\
         def f(x, n):\n    return bad(x) + bad(n)\n",
    );
    assert_eq!(
        found,
        ["4: lists are not supported in cfunc code; use a tuple or a carray"]
    );
}

#[test]
fn return_values_that_do_not_unify_are_an_error() {
    let found = errors_by_line(
        "from numba import cfunc, njit\n\
         @njit\n\
         def pick(flag, x):\n    if flag:\n        return x\n    return (x, x)\n\
         @cfunc('float64(boolean, float64)')\n\
         def f(flag, x):\n    return pick(flag, x)\n",
    );
    assert_eq!(
        found,
        [
            "6: `pick` returns float64 and Tuple(float64, float64), which do not unify: Numba gives a function one return type"
        ]
    );
}

#[test]
fn recursion_without_a_way_out_is_an_error() {
    let found = errors_by_line(
        "from numba import cfunc, njit\n\
         @njit\n\
         def forever(n):\n    return forever(n + 1)\n\
         @cfunc('int64(int64)')\n\
         def f(n):\n    return forever(n)\n",
    );
    // On the call that recurses, once.
    assert_eq!(
        found,
        [
            "4: the return type of `forever` cannot be inferred: every path through the recursion `forever` → `forever` calls again before returning"
        ]
    );
}

#[test]
fn a_call_with_the_wrong_number_of_arguments_is_an_error() {
    let found = errors_by_line(
        "from numba import cfunc, njit\n\
         @njit\n\
         def square(x):\n    return x * x\n\
         @cfunc('float64(float64)')\n\
         def f(x):\n    return square(x, x)\n",
    );
    assert_eq!(found, ["7: `square` takes 1 argument, got 2"]);
}

#[test]
fn mutual_recursion_without_a_way_out_names_the_cycle() {
    let found = errors_by_line(
        "from numba import cfunc, njit\n\
         @njit\n\
         def ping(n):\n    return pong(n - 1)\n\
         @njit\n\
         def pong(n):\n    return ping(n + 1)\n\
         @cfunc('int64(int64)')\n\
         def f(n):\n    return ping(n)\n",
    );
    assert_eq!(
        found,
        [
            "7: the return type of `ping` cannot be inferred: every path through the recursion `ping` → `pong` → `ping` calls again before returning"
        ]
    );
}
