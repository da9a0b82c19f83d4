//! The Python front end on arbitrary text: `parse_module`, `compile` and
//! `compile_function` give `Ok` or `Err` (never panic; libFuzzer's
//! `-timeout` catches hangs). Every error has a range inside the source
//! and renders as a code frame with its line; every generated cfunc is a
//! Rust item that `syn` parses.

#![no_main]

use cfunc_python::render::code_frame;
use cfunc_python::text::{LineIndex, TextRange};
use cfunc_python::{compile, compile_function, parse_module};
use cfunc_runtime::sig::parse_signature;
use libfuzzer_sys::fuzz_target;

/// Checks every range; renders the first few as code frames (each frame
/// scans the source, so rendering hundreds of errors of a large input
/// would make the harness, not the front end, quadratic).
fn check_ranges(source: &str, errors: impl Iterator<Item = (TextRange, String)>) {
    let index = LineIndex::new(source);
    for (count, (range, message)) in errors.enumerate() {
        assert!(
            range.start() <= range.end() && range.end() <= source.len(),
            "range {}..{} outside a source of {} bytes: {message}",
            range.start(),
            range.end(),
            source.len()
        );
        if count < 8 {
            let frame = code_frame(source, "fuzz.py", range, &message);
            let position = index.line_column(range.start());
            assert!(position.line >= 1 && position.column >= 1);
            assert!(
                frame.starts_with(&format!("fuzz.py:{}:{}: ", position.line, position.column)),
                "frame without line info: {frame:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    forget_spans();
});

fn check(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let (_module, syntax_errors) = parse_module(source);
    check_ranges(
        source,
        syntax_errors
            .iter()
            .map(|error| (error.range, error.to_string())),
    );
    match compile(source) {
        // A cfunc comes back as a `syn::ItemFn`: lowering to tokens that are
        // no function panics inside `compile`, which the fuzzer reports.
        Ok(output) => {
            for tokens in output.records.iter().chain(&output.foreign) {
                syn::parse2::<syn::Item>(tokens.clone()).unwrap_or_else(|error| {
                    panic!("generated tokens are no item: {error}\n{tokens}")
                });
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "Err without a diagnostic");
            check_ranges(
                source,
                errors.iter().map(|error| (error.range(), error.message())),
            );
        }
    }
    // The same text as the body of `#[cfunc("float64(float64, int64)")] fn f(x, n)`.
    let signature = parse_signature("float64(float64, int64)").expect("a valid signature");
    let params = ["x".to_owned(), "n".to_owned()];
    match compile_function(source, "f", &params, &signature) {
        Ok(_) => {}
        Err(errors) => {
            assert!(!errors.is_empty(), "Err without a diagnostic");
            check_ranges(
                source,
                errors.iter().map(|error| (error.range(), error.message())),
            );
        }
    }
}

/// Outside a proc-macro, proc-macro2 keeps every span's source text in a
/// thread-local map that only grows (~60 KB per compile of a large
/// module): without this, a long run ends in libFuzzer's out-of-memory
/// report. Safe here: no span of this input outlives `check`.
fn forget_spans() {
    proc_macro2::extra::invalidate_current_thread_spans();
}
