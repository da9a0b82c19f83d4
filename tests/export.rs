//! `examples/export`, the seeds' callbacks as a C shared library: a C
//! program compiled against the header the library generates, and Python
//! loading it with ctypes to run `scipy.integrate.quad` through
//! `scipy.LowLevelCallable` and the doubling callback on NumPy arrays.
//!
//! The Python test runs the interpreter named by `CFUNC_PYTHON` (default:
//! `.venv/bin/python` at the workspace root, which `bash .ci/run` creates);
//! without one it fails and says how to get it, unless `CFUNC_SKIP_NUMBA=1`.

mod support;

use std::path::PathBuf;
use std::process::Command;
use support::{cdylib_dir, library_header, run, scratch_dir, workspace_root};

const LIBRARY: &str = "libcfunc_example_export.so";
const HEADER: &str = "cfunc_example_export.h";

/// The directory holding the built library.
fn export_library_dir() -> PathBuf {
    cdylib_dir("cfunc-example-export")
}

/// The header the library hands out through `cfunc_c_header`.
fn header() -> String {
    library_header(&export_library_dir().join(LIBRARY), HEADER)
}

#[test]
fn header_declares_the_seeds_callbacks_and_their_record() {
    let header = header();
    for line in [
        "double add(double x, double y);",
        "double integrand(double t);",
        "void my_callback(double *in_, double *out, int m, int n);",
        "void invert(double *in_ptr, double *out_ptr, intptr_t n);",
        "double foo(my_struct *ptr, uintptr_t n);",
        "typedef struct my_struct {",
        "    float af4[7];",
        "const char *cfunc_last_error(void);",
    ] {
        assert!(
            header.lines().any(|l| l.trim_end() == line),
            "missing {line:?} in\n{header}"
        );
    }
}

#[test]
fn c_program_uses_the_library_through_its_generated_header() {
    let include_dir = scratch_dir("export-header");
    std::fs::write(include_dir.join(HEADER), header()).unwrap();
    let lib_dir = export_library_dir();
    let exe = scratch_dir("export-c").join("use_export");
    let output = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror"])
        .arg(format!("-I{}", include_dir.display()))
        .arg(workspace_root().join("examples/export/c/use_export.c"))
        .arg("-o")
        .arg(&exe)
        .arg(format!("-L{}", lib_dir.display()))
        .arg("-lcfunc_example_export")
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .arg("-lm")
        .output()
        .expect("run cc");
    assert!(
        output.status.success(),
        "cc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = run(&exe, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "add 9.0",
            // The seeds' 0.14849550677592208, by Simpson's rule in C.
            "integral 0.1484955068",
            "my_callback 2.0 4.0 6.0 -1.0 0.0 20.0",
            "invert 1.00 0.50 0.25 2.00",
            // 3 * 1.5 / 2 + 14 + (-2) * 0.25 / 4 + 7
            "foo 23.125",
            "last error none",
        ]
    );
}

/// The Python with NumPy and SciPy, or `None` when `CFUNC_SKIP_NUMBA=1`.
fn python() -> Option<PathBuf> {
    if std::env::var("CFUNC_SKIP_NUMBA").is_ok_and(|value| value == "1") {
        eprintln!("CFUNC_SKIP_NUMBA=1: the SciPy test is skipped");
        return None;
    }
    Some(
        std::env::var_os("CFUNC_PYTHON")
            .map_or_else(|| workspace_root().join(".venv/bin/python"), PathBuf::from),
    )
}

#[test]
fn scipy_quad_and_numpy_call_the_library_through_ctypes() {
    let Some(python) = python() else { return };
    let how = "run `bash .ci/run` (it creates .venv with numba, numpy and scipy), set \
               CFUNC_PYTHON to a Python that has numpy and scipy, or set CFUNC_SKIP_NUMBA=1 \
               to skip this test";
    let script = workspace_root().join("examples/export/python/use_export.py");
    let output = Command::new(&python)
        .arg(&script)
        .arg(export_library_dir().join(LIBRARY))
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}; {how}", python.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{} {} failed ({}):\n{stdout}\n{}\n{how}",
        python.display(),
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with("quad 0.14849550677592208 "),
        "{stdout}"
    );
    assert_eq!(lines[1], "my_callback doubles every array");
    assert_eq!(
        lines[2],
        "my_callback in place [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]"
    );
    assert_eq!(lines[3], "foo sums the records");
}
