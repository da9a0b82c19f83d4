//! Unit tests of the attribute pipeline over `proc_macro2` tokens.

use crate::expand_cfunc;
use quote::quote;

fn expand_to_string(args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> String {
    expand_cfunc(args, item).to_string()
}

#[test]
fn exports_under_the_native_name() {
    let out = expand_to_string(
        quote!("float64(float64, float64)"),
        quote!(
            pub fn add(x: f64, y: f64) -> f64 {
                x + y
            }
        ),
    );
    assert!(out.contains("export_name = \"add\""), "{out}");
    assert!(out.contains("pub extern \"C\" fn add"), "{out}");
    assert!(out.contains("double add(double x, double y);"), "{out}");
    assert!(!out.contains("compile_error"), "{out}");
}

#[test]
fn native_name_option_renames_the_symbol() {
    let out = expand_to_string(
        quote!("float64(float64)", native_name = "my_integrand"),
        quote!(
            fn integrand(t: f64) -> f64 {
                t
            }
        ),
    );
    assert!(out.contains("export_name = \"my_integrand\""), "{out}");
    assert!(out.contains("double my_integrand(double t);"), "{out}");
}

#[test]
fn placeholders_are_filled_from_the_signature() {
    let out = expand_to_string(
        quote!("void(CPointer(float64), intc)"),
        quote!(
            fn fill(out: _, n: _) {}
        ),
    );
    assert!(out.contains("out : * mut f64"), "{out}");
    assert!(out.contains("n : :: core :: ffi :: c_int"), "{out}");
}

#[test]
fn every_error_is_reported_at_once() {
    let out = expand_to_string(
        quote!("float64(float64, float64)", bogus = 1),
        quote!(
            fn add(x: i32, y: u8) -> f32 {
                0.0
            }
        ),
    );
    for expected in [
        "unknown option `bogus`",
        "parameter 1 `x`: signature says `float64` (f64), found `i32`",
        "parameter 2 `y`: signature says `float64` (f64), found `u8`",
        "return type: signature says `float64` (f64), found `f32`",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in {out}");
    }
}

#[test]
fn libc_names_are_rejected_unless_renamed() {
    let out = expand_to_string(
        quote!("float64(float64)"),
        quote!(
            fn sin(x: f64) -> f64 {
                x
            }
        ),
    );
    assert!(
        out.contains("native name `sin` is already defined by the C library"),
        "{out}"
    );
    let out = expand_to_string(
        quote!("float64(float64)", native_name = "my_sin"),
        quote!(
            fn sin(x: f64) -> f64 {
                x
            }
        ),
    );
    assert!(!out.contains("compile_error"), "{out}");
}

#[test]
fn user_data_makes_the_function_unsafe() {
    let out = expand_to_string(
        quote!("float64(float64, voidptr)"),
        quote!(
            fn f(x: f64, params: &Params) -> f64 {
                x * params.scale
            }
        ),
    );
    assert!(
        out.contains("pub") || out.contains("unsafe extern \"C\" fn f"),
        "{out}"
    );
    assert!(out.contains("unsafe extern \"C\" fn f"), "{out}");
    assert!(out.contains("user_data_ref"), "{out}");
    assert!(out.contains("# Safety"), "{out}");
}

#[test]
fn errors_keep_the_users_function() {
    let out = expand_to_string(
        quote!("float64(float64)"),
        quote!(
            fn g(x: i32) -> f64 {
                1.0
            }
        ),
    );
    assert!(out.contains("compile_error"), "{out}");
    assert!(out.contains("fn g (x : i32) -> f64"), "{out}");
}

/// How many times the expansion tests whether two pointers are one buffer.
fn same_buffer_tests(args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> usize {
    expand_to_string(args, item).matches("addr_eq").count()
}

#[test]
fn a_looping_body_gets_a_copy_for_one_buffer_passed_twice() {
    let out = expand_to_string(
        quote!("void(CPointer(float64), CPointer(float64), intp)"),
        quote!(
            fn double(in_: _, out: _, n: _) {
                for i in 0..n {}
            }
        ),
    );
    // The baseline body and both host-feature versions test for themselves.
    let tests = out.matches(":: core :: ptr :: addr_eq (in_ , out)").count();
    assert_eq!(tests, 3, "{out}");
    assert!(out.contains("let out = in_ ;"), "{out}");
}

#[test]
fn a_read_only_pointer_is_rebound_to_the_mutable_one() {
    let out = expand_to_string(
        quote!("void(CPointer(float64), CPointer(float64), intp)"),
        quote!(
            fn double(source: *const f64, target: *mut f64, n: isize) {
                for i in 0..n {}
            }
        ),
    );
    assert!(
        out.contains("let source = target . cast_const () ;"),
        "{out}"
    );
}

#[test]
fn no_same_buffer_copy_without_two_pointers_of_one_type_or_a_loop() {
    // One pointer.
    assert_eq!(
        same_buffer_tests(
            quote!("void(CPointer(float64), intp)"),
            quote!(
                fn fill(out: _, n: _) {
                    for i in 0..n {}
                }
            ),
        ),
        0
    );
    // Two element types.
    assert_eq!(
        same_buffer_tests(
            quote!("void(CPointer(float64), CPointer(int32), intp)"),
            quote!(
                fn convert(from: _, to: _, n: _) {
                    for i in 0..n {}
                }
            ),
        ),
        0
    );
    // Read-only pointers only: reads need no overlap check.
    assert_eq!(
        same_buffer_tests(
            quote!("float64(CPointer(float64), CPointer(float64), intp)"),
            quote!(
                fn dot(a: *const f64, b: *const f64, n: isize) -> f64 {
                    for i in 0..n {}
                    0.0
                }
            ),
        ),
        0
    );
    // A body with no loop has no host-feature versions and no copy.
    assert_eq!(
        same_buffer_tests(
            quote!("void(CPointer(float64), CPointer(float64))"),
            quote!(
                fn copy_one(from: _, to: _) {}
            ),
        ),
        0
    );
}
