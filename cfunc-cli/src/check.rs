//! `cfunc check`: the front end alone, every error with its code frame.

use cfunc_python::render::code_frame;
use cfunc_python::{Const, Output, compile_with_constants};
use std::path::Path;

/// Reads and compiles `file`; the number of cfuncs, or every error as
/// `FILE:LINE:COL: message` with a code frame.
pub fn compile_file(
    file: &Path,
    constants: &[(String, Const)],
) -> Result<(String, Output), String> {
    let source = std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    let name = file.display().to_string();
    match compile_with_constants(&source, constants) {
        Ok(output) => Ok((source, output)),
        Err(diagnostics) => {
            let frames: Vec<String> = diagnostics
                .iter()
                .map(|diagnostic| {
                    code_frame(&source, &name, diagnostic.range(), &diagnostic.message())
                })
                .collect();
            let count = frames.len();
            Err(format!(
                "{}\n{count} error{} in {name}",
                frames.join("\n"),
                if count == 1 { "" } else { "s" }
            ))
        }
    }
}

pub fn check(file: &Path, constants: &[(String, Const)]) -> Result<usize, String> {
    compile_file(file, constants).map(|(_, output)| output.cfuncs.len())
}
