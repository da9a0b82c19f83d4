//! Tests of every error: exact message, column, span and suggestion.

use super::*;

/// The message for a signature that must not parse.
fn sig_error(text: &str) -> SigError {
    match parse_signature(text) {
        Ok(sig) => panic!("{text:?} should not parse, got {sig}"),
        Err(error) => error,
    }
}

fn assert_message(text: &str, expected: &str) {
    assert_eq!(sig_error(text).to_string(), expected, "input: {text:?}");
}

const ONLY_TOKENS: &str =
    "a signature contains only type names, `(`, `)`, `,` and `types.` prefixes";

#[test]
fn typos_suggest_the_known_name() {
    for (text, expected, suggestion) in [
        (
            "flaot64(float64)",
            "unknown type `flaot64` at column 1; did you mean `float64`?",
            "float64",
        ),
        (
            "Float64(float64)",
            "unknown type `Float64` at column 1; did you mean `float64`?",
            "float64",
        ),
        (
            "void(dobule)",
            "unknown type `dobule` at column 6; did you mean `double`?",
            "double",
        ),
        (
            "void(CPionter(float64))",
            "unknown type `CPionter` at column 6; did you mean `CPointer`?",
            "CPointer",
        ),
        (
            "in32()",
            "unknown type `in32` at column 1; did you mean `int32`?",
            "int32",
        ),
        (
            "void(types.f64)",
            "unknown type `f64` at column 12; did you mean `float64`?",
            "float64",
        ),
        (
            "None()",
            "unknown type `None` at column 1; did you mean `void`?",
            "void",
        ),
    ] {
        let error = sig_error(text);
        assert_eq!(error.to_string(), expected);
        assert_eq!(error.suggestion(), Some(suggestion));
    }
}

#[test]
fn typo_error_points_at_the_name() {
    let error = sig_error("void(intc, dobule)");
    assert_eq!(error.span(), 11..17);
    assert_eq!(error.column(), 12);
    assert_eq!(
        error.kind(),
        &SigErrorKind::UnknownType {
            name: "dobule".to_owned(),
            suggestion: "double"
        }
    );
}

#[test]
fn missing_parentheses() {
    assert_message(
        "float64",
        "expected `(` after the return type `float64` at column 8, found end of input",
    );
    assert_message(
        "float64 float64",
        "expected `(` after the return type `float64` at column 9, found `float64`",
    );
    assert_message("(float64)", "expected a return type at column 1, found `(`");
    assert_message(
        "void(CPointer float64)",
        "expected `(` after `CPointer` at column 15, found `float64`",
    );
    assert_message(
        "void(CPointer)",
        "expected `(` after `CPointer` at column 14, found `)`",
    );
}

#[test]
fn unbalanced_parentheses() {
    assert_message(
        "float64(float64",
        "unbalanced parentheses: `(` at column 8 is never closed; expected `)` before the end \
         of input",
    );
    assert_message(
        "float64(CPointer(float64",
        "unbalanced parentheses: `(` at column 17 is never closed; expected `)` before the end \
         of input",
    );
    assert_message(
        "float64(",
        "unbalanced parentheses: `(` at column 8 is never closed; expected `)` before the end \
         of input",
    );
    assert_message(
        "float64(float64))",
        "unbalanced parentheses: `)` at column 17 has no matching `(`",
    );
}

#[test]
fn trailing_input() {
    assert_message(
        "float64(float64, int32) xyz ",
        "trailing input `xyz` at column 25; expected end of input",
    );
    let error = sig_error("void() a\nb  ");
    assert_eq!(
        error.to_string(),
        "trailing input `a\\nb` at column 8; expected end of input"
    );
    assert_eq!(error.span(), 7..10);
    let long = format!("void() {}", "x".repeat(100));
    assert_eq!(
        sig_error(&long).to_string(),
        format!(
            "trailing input `{}…` at column 8; expected end of input",
            "x".repeat(32)
        )
    );
}

#[test]
fn empty_input() {
    let expected = "empty signature: expected a return type and an argument list, e.g. \
                    `float64(float64, float64)`";
    assert_message("", expected);
    assert_message(" \t\n ", expected);
    assert_eq!(
        parse_type("  ").unwrap_err().to_string(),
        "empty type: expected a type such as `float64` or `CPointer(int32)`"
    );
}

#[test]
fn void_arguments() {
    assert_message(
        "float64(int32, void)",
        "`void` is only valid as a return type (argument 2 at column 16)",
    );
    assert_message(
        "float64(void)",
        "`void` is only valid as a return type (argument 1 at column 9); write `float64()` for \
         a function without arguments",
    );
    assert_message(
        "void(types.none, intc)",
        "`none` is only valid as a return type (argument 1 at column 6)",
    );
}

#[test]
fn pointer_to_void() {
    let error = sig_error("void(intc, CPointer(void))");
    assert_eq!(
        error.to_string(),
        "`CPointer(void)` at column 12 is not a valid pointer type; use `voidptr` for an \
         untyped pointer"
    );
    assert_eq!(error.suggestion(), Some("voidptr"));
    assert_eq!(
        parse_type("CPointer(CPointer(types.none))")
            .unwrap_err()
            .to_string(),
        "`CPointer(none)` at column 10 is not a valid pointer type; use `voidptr` for an \
         untyped pointer"
    );
}

#[test]
fn numba_types_without_c_equivalent() {
    assert_message(
        "complex256(float64)",
        "`complex256` at column 1 is a NumPy type that Numba does not support, and has no C \
         callback equivalent; use `complex128` (C's `double _Complex`)",
    );
    assert_message(
        "void(longdouble)",
        "`longdouble` (Numba's `float128`) at column 6 is a NumPy type that Numba does not \
         support, and has no C callback equivalent; use `float64` (C's `double`)",
    );
    assert_message(
        "void(f2)",
        "`f2` (Numba's `float16`) at column 6 is a Numba type but has no C callback \
         equivalent; use `float32` and convert inside the function",
    );
    for name in ["float16", "complex256", "c32", "clongdouble", "Float16"] {
        assert!(matches!(
            sig_error(&format!("void({name})")).kind(),
            SigErrorKind::NoCEquivalent { .. }
        ));
    }
    assert_message(
        "void(i128)",
        "`i128` at column 6 is a Rust type with no C callback equivalent; signatures use Numba \
         type names such as `int64` or `float64`",
    );
}

#[test]
fn array_types() {
    assert_message(
        "void(float64[:])",
        "array type `float64[:]` at column 6 cannot cross a C boundary; pass \
         `CPointer(float64)` and a length, then build a view with carray",
    );
    assert_message(
        "f8[:, ::1](intc)",
        "array type `f8[:, ::1]` at column 1 cannot cross a C boundary; pass \
         `CPointer(float64)` and a length, then build a view with carray",
    );
    assert_message(
        "void(CPointer(int32)[:",
        "array type `CPointer(int32)[:` at column 6 cannot cross a C boundary; pass \
         `CPointer(CPointer(int32))` and a length, then build a view with carray",
    );
}

#[test]
fn cpointer_arity() {
    assert_message(
        "void(CPointer())",
        "expected a pointee type inside `CPointer()` at column 15, found `)`; e.g. \
         `CPointer(float64)`",
    );
    assert_message(
        "void(CPointer(a, b))",
        "`CPointer` takes exactly one pointee type: expected `)` at column 16, found `,`",
    );
    assert_message(
        "void(CPointer(,))",
        "expected a pointee type after `CPointer(` at column 15, found `,`",
    );
    assert_message(
        "void(CPointer(float64 int32))",
        "expected `)` to close `CPointer(` at column 23, found `int32`",
    );
}

#[test]
fn stray_characters() {
    assert_message(
        "void($)",
        &format!("unexpected `$` at column 6; {ONLY_TOKENS}"),
    );
    assert_message(
        "float64(]",
        &format!("unexpected `]` at column 9; {ONLY_TOKENS}"),
    );
    assert_message(
        "'void(float64)'",
        "unexpected `'` at column 1; write the signature without quotes",
    );
    assert_message(
        "void(float64*)",
        "unexpected `*` at column 13; pointers are written `CPointer(float64)`, and `void *` \
         is `voidptr`",
    );
    assert_message(
        "void(int32; int32)",
        &format!("unexpected `;` at column 11; {ONLY_TOKENS}"),
    );
    assert_message(
        "void(`)",
        &format!("unexpected character '`' at column 6; {ONLY_TOKENS}"),
    );
}

#[test]
fn non_ascii_input_reports_character_columns() {
    let error = sig_error("void(intc, é)");
    assert_eq!(
        error.to_string(),
        "unexpected `é` at column 12; type and record names must be ASCII identifiers"
    );
    assert_eq!(error.span(), 11..13);
    assert_message(
        "vöid(float64)",
        "unexpected `ö` at column 2; type and record names must be ASCII identifiers",
    );
    assert_message(
        "ünïcödé(float64) flaot64",
        "unexpected `ü` at column 1; type and record names must be ASCII identifiers",
    );
    assert_message(
        "void(\u{a0}float64)",
        &format!("unexpected character U+00A0 at column 6; {ONLY_TOKENS}"),
    );
    assert_message(
        "void(float64)日本",
        "trailing input `日本` at column 14; expected end of input",
    );
    assert_message(
        "日本(float64)",
        "unexpected `日` at column 1; type and record names must be ASCII identifiers",
    );
    assert_eq!(sig_error("😀(float64)").span(), 0..4);
}

#[test]
fn misplaced_tokens() {
    assert_message(
        "void(,)",
        "expected an argument type or `)` at column 6, found `,`",
    );
    assert_message(
        "void(int32,,)",
        "expected an argument type or `)` at column 12, found `,`",
    );
    assert_message(
        "void(int32 int64)",
        "expected `,` or `)` after argument 1 at column 12, found `int64`",
    );
    assert_message(
        "void(5)",
        "expected an argument type or `)` at column 6, found `5`",
    );
    assert_message(
        "void(float64(int32))",
        "unexpected `(` at column 13 after `float64`; only `CPointer` takes a parenthesised type",
    );
    assert_eq!(
        parse_type("float64(float64)").unwrap_err().to_string(),
        "unexpected `(` at column 8 after `float64`; only `CPointer` takes a parenthesised type"
    );
}

#[test]
fn prefixes_and_qualified_names() {
    assert_message(
        "void(types.)",
        "expected a type name after `types.` at column 12, found `)`",
    );
    assert_message(
        "numba.types.(intc)",
        "expected a type name after `numba.types.` at column 13, found `(`",
    );
    assert_message(
        "void(np.float64)",
        "unsupported qualified name `np.float64` at column 6; only the `types.` and \
         `numba.types.` prefixes are accepted",
    );
    assert_message(
        "void(numba.float64)",
        "unsupported qualified name `numba.float64` at column 6; only the `types.` and \
         `numba.types.` prefixes are accepted",
    );
}

#[test]
fn invalid_record_names() {
    assert_message(
        "void(fn)",
        "`fn` at column 6 cannot name a record type: it is a Rust keyword",
    );
    assert_message(
        "void(lambda)",
        "`lambda` at column 6 cannot name a record type: it is a Python keyword",
    );
    assert_message(
        "void(_)",
        "`_` at column 6 cannot name a record type: `_` alone is not an identifier",
    );
}
