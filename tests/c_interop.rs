//! cfuncs in a real `cdylib`, called by a real C program compiled with `cc`.

mod support;

use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use support::{compile_c_program, fixture_cdylib_dir, run, workspace_root};

fn c_program() -> std::path::PathBuf {
    compile_c_program(
        &workspace_root().join("tests/c/call_cfuncs.c"),
        "call_cfuncs",
    )
}

#[test]
fn cdylib_exports_cfuncs_under_their_native_names() {
    let library = fixture_cdylib_dir().join("libcfunc_fixture_callbacks.so");
    let output = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&library)
        .output()
        .expect("run nm");
    assert!(output.status.success());
    let symbols = String::from_utf8_lossy(&output.stdout);
    let exported: Vec<&str> = symbols
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (_, kind, name) = (fields.next()?, fields.next()?, fields.next()?);
            (kind == "T").then_some(name)
        })
        .collect();
    for name in [
        "add",
        "cfunc_fixture_mul",
        "sum_doubles",
        "sqrt_or_panic",
        "scaled",
        "cfunc_last_error",
        "cfunc_clear_last_error",
    ] {
        assert!(
            exported.contains(&name),
            "`{name}` not exported; exported: {exported:?}"
        );
    }
    assert!(
        !exported.contains(&"mul"),
        "`mul` was renamed by native_name"
    );
}

#[test]
fn c_program_calls_cfuncs_and_survives_panics() {
    let output = run(&c_program(), &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let expected = [
        "add 9.0",
        "dlsym add 3.5",
        "mul 42",
        "mul direct -21",
        "sum 10.5",
        "sqrt 4.0",
        "sqrt panic 0.0",
        "cleared: yes",
        "div 25",
        "div panic -1",
        "log panic isnan=1 errno=33",
        "scaled 10.00",
        "scaled null 0.00",
        "scaled_or_identity 10.00 4.00",
        "counter 42",
        "still running",
    ];
    let lines: Vec<&str> = stdout.lines().collect();
    for line in expected {
        assert!(lines.contains(&line), "missing line {line:?} in:\n{stdout}");
    }
    let last_error = lines
        .iter()
        .find(|line| line.starts_with("last error: "))
        .expect("last error line");
    assert!(
        last_error.contains("cfunc `sqrt_or_panic` panicked: negative input -4"),
        "{last_error}"
    );
    // Each panic is reported once on stderr, naming the callback.
    assert!(
        stderr.contains("cfunc `sqrt_or_panic` panicked: negative input -4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cfunc `checked_div100` panicked: attempt to divide by zero"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cfunc `log_or_edom` panicked: log of -1"),
        "{stderr}"
    );
    assert!(stderr.contains("cfunc `scaled` panicked: parameter `params` is a reference to user data, but C passed a null pointer"), "{stderr}");
    // One line per caught panic names the callback (after Rust's own report).
    let reports = stderr
        .lines()
        .filter(|line| line.starts_with("cfunc `"))
        .count();
    assert_eq!(reports, 4, "{stderr}");
}

#[test]
fn abort_policy_ends_the_c_process() {
    let output = run(&c_program(), &["abort"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.signal(),
        Some(libc_sigabrt()),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stdout.contains("not reached"));
    assert!(
        stderr.contains("cfunc `abort_if_negative` panicked: abort requested with -7"),
        "{stderr}"
    );
}

/// SIGABRT is 6 on every Unix that cfunc's tests run on.
fn libc_sigabrt() -> i32 {
    6
}
