//! `print` in cfunc bodies prints what Numba's nopython `print` prints: the
//! functions of `tests/python/print_cases.py`, compiled by `cfunc::python!`
//! and by Numba (`tests/python/print_numba.py`, through `njit` because
//! Numba's `@cfunc` cannot run `print`), called on the cases of
//! `tests/python/print_cases.json`, print the same text.
//!
//! A cfunc's line goes straight to the process's stdout, which the test
//! harness does not capture, so the cfuncs run in a child process (this
//! test binary again, running only `child_prints_every_case`), whose
//! stdout is compared with Numba's.

mod prints {
    cfunc::python!(file = "tests/python/print_cases.py");
}

#[path = "differential/call.rs"]
#[allow(dead_code)] // the differential suite uses the rest
mod call;
#[path = "differential/outcome.rs"]
#[allow(dead_code)]
mod outcome;

use call::CFunc;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const CASES: &str = include_str!("python/print_cases.json");
const CHILD: &str = "CFUNC_PRINT_CHILD";

fn cases() -> BTreeMap<String, Vec<Vec<Json>>> {
    serde_json::from_str(CASES).expect("print_cases.json maps names to lists of argument lists")
}

/// The part of a process's stdout from the first `## ` line to `## end`.
fn printed(stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdout);
    let start = text.find("## ").expect("the cases' lines");
    let end = text.find("## end").expect("the end line");
    text[start..end].to_owned()
}

/// Runs in the child: calls every case after its `## NAME INDEX` line.
#[test]
fn child_prints_every_case() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let module = concat!(module_path!(), "::prints");
    let functions: BTreeMap<&str, CFunc> = cfunc::registry()
        .into_iter()
        .filter(|entry| entry.module_path() == module)
        .map(|entry| {
            let function = CFunc::new(entry.name(), entry.address(), entry.signature());
            (entry.name(), function)
        })
        .collect();
    let cases = cases();
    assert_eq!(
        functions.keys().copied().collect::<Vec<_>>(),
        cases.keys().map(String::as_str).collect::<Vec<_>>(),
        "every cfunc has cases and every case a cfunc"
    );
    let mut stdout = std::io::stdout();
    for (name, inputs) in &cases {
        for (index, args) in inputs.iter().enumerate() {
            writeln!(stdout, "## {name} {index}").expect("stdout");
            stdout.flush().expect("stdout");
            let outcome = functions[name.as_str()].call(args);
            assert_eq!(outcome.raised, None, "{name}{args:?}");
        }
    }
    writeln!(stdout, "## end").expect("stdout");
}

fn python() -> PathBuf {
    std::env::var_os("CFUNC_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"),
        PathBuf::from,
    )
}

#[test]
fn cfuncs_print_what_numba_prints() {
    let child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "child_prints_every_case",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs again");
    assert!(
        child.status.success(),
        "the child failed:\n{}",
        String::from_utf8_lossy(&child.stderr)
    );
    let ours = printed(&child.stdout);
    if std::env::var("CFUNC_SKIP_NUMBA").is_ok_and(|value| value == "1") {
        eprintln!("CFUNC_SKIP_NUMBA=1: what cfunc prints is not compared with Numba");
        return;
    }
    let python = python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/print_numba.py");
    let numba = Command::new(&python).arg(script).output().unwrap_or_else(|error| {
        panic!(
            "cannot run {}: {error}; run `bash .ci/run`, set CFUNC_PYTHON to a Python that has numba, or set CFUNC_SKIP_NUMBA=1",
            python.display()
        )
    });
    assert!(
        numba.status.success(),
        "print_numba.py failed:\n{}",
        String::from_utf8_lossy(&numba.stderr)
    );
    let theirs = printed(&numba.stdout);
    for (ours, theirs) in ours.lines().zip(theirs.lines()) {
        assert_eq!(ours, theirs, "cfunc's line, then Numba's");
    }
    assert_eq!(ours.lines().count(), theirs.lines().count());
    assert!(ours.lines().count() > 40, "{ours}");
}
