//! `python!(file = "...")`: the file is read relative to the crate's
//! manifest directory, and errors come back as `FILE:LINE:COL: message`
//! with the source line and a caret.

use quote::quote;

#[test]
fn errors_in_a_file_name_the_file_line_and_column() {
    // Cargo sets CARGO_MANIFEST_DIR for the test binary to this crate.
    let out = cfunc_backend::expand_python(quote!(file = "tests/fixtures/broken.py")).to_string();
    assert!(out.contains("compile_error"), "{out}");
    assert!(
        out.contains("broken.py:11:16: name `missing` is not defined"),
        "{out}"
    );
    assert!(out.contains("11 |     return x + missing"), "{out}");
    assert!(out.contains("^^^^^^^"), "{out}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out =
        cfunc_backend::expand_python(quote!(file = "tests/fixtures/no-such-file.py")).to_string();
    assert!(
        out.contains("cannot read `tests/fixtures/no-such-file.py`"),
        "{out}"
    );
    assert!(out.contains("no-such-file.py"), "{out}");
}

#[test]
fn a_good_file_tracks_the_file_for_rebuilds() {
    let out = cfunc_backend::expand_python(quote!(file = "tests/fixtures/good.py")).to_string();
    assert!(!out.contains("compile_error"), "{out}");
    assert!(out.contains("include_bytes"), "{out}");
    assert!(out.contains("good.py"), "{out}");
}
