//! Inputs the fuzz targets (`fuzz/`) found to break the front end, kept
//! as ordinary tests.

use cfunc_python::compile;

/// Every diagnostic of `source` lies inside it.
fn ranges_inside(source: &str) {
    let Err(errors) = compile(source) else {
        return;
    };
    for error in errors {
        let range = error.range();
        assert!(
            range.start() <= range.end() && range.end() <= source.len(),
            "{range:?} outside {} bytes: {}",
            source.len(),
            error.message()
        );
    }
}

#[test]
fn a_transcript_whose_last_line_has_no_newline() {
    // `python_text`: the error at the end of the extracted code pointed one
    // byte past the pasted session.
    ranges_inside(">>> import numpy as np\n>>> def f(t):\n        #ifndreturn te");
}
