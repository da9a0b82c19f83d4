//! No panic unwinds into C: each `on_panic` policy, called from Rust.
//! (The C side is in `c_interop.rs`.)

use cfunc::cfunc;
use std::process::Command;

#[cfunc("float64(float64)")]
fn default_policy(x: f64) -> f64 {
    assert!(x >= 0.0, "negative input {x}");
    x.sqrt()
}

#[cfunc("int32(int32)", on_panic = return(-1))]
fn return_policy(x: i32) -> i32 {
    100 / x
}

#[cfunc("float64(float64)", on_panic = errno(34, f64::INFINITY))]
fn errno_policy(x: f64) -> f64 {
    assert!(x < 1e300, "overflow for {x}");
    x * 2.0
}

#[cfunc("void(int32)", on_panic = abort)]
fn abort_policy(x: i32) {
    assert!(x >= 0, "abort requested with {x}");
}

#[cfunc("CPointer(int32)(boolean)")]
fn null_on_panic(fail: bool) -> *mut i32 {
    assert!(!fail, "asked to fail");
    std::ptr::NonNull::dangling().as_ptr()
}

#[cfunc("void(boolean)")]
fn void_default(fail: bool) {
    assert!(!fail, "void callback failed");
}

#[cfunc("float64(float64)")]
fn nested_outer(x: f64) -> f64 {
    // A cfunc calling a cfunc: the inner panic is handled by the inner guard.
    default_policy(x) + 1.0
}

#[test]
fn default_returns_zero_and_keeps_the_message() {
    cfunc::clear_last_error();
    assert_eq!(default_policy(9.0), 3.0);
    assert_eq!(cfunc::last_error(), None);
    assert_eq!(default_policy(-1.0), 0.0);
    let message = cfunc::last_error().unwrap();
    assert!(
        message.starts_with("cfunc `default_policy` panicked: negative input -1"),
        "{message}"
    );
    assert!(
        message.contains("panic_policy.rs"),
        "the location is kept: {message}"
    );
}

#[test]
fn zero_values_cover_pointers_and_void() {
    assert!(null_on_panic(true).is_null());
    assert!(!null_on_panic(false).is_null());
    void_default(true);
    assert!(
        cfunc::last_error()
            .unwrap()
            .contains("void callback failed")
    );
}

#[test]
fn return_policy_returns_the_given_value() {
    assert_eq!(return_policy(4), 25);
    assert_eq!(return_policy(0), -1);
    assert!(
        cfunc::last_error()
            .unwrap()
            .contains("attempt to divide by zero")
    );
}

#[test]
fn errno_policy_sets_errno_and_returns_the_value() {
    errno::set_errno(errno::Errno(0));
    assert_eq!(errno_policy(1.0), 2.0);
    assert_eq!(errno::errno().0, 0);
    assert_eq!(errno_policy(1e301), f64::INFINITY);
    assert_eq!(errno::errno().0, 34);
}

#[test]
fn nested_cfuncs_each_apply_their_policy() {
    assert_eq!(nested_outer(-4.0), 1.0);
    assert!(cfunc::last_error().unwrap().contains("`default_policy`"));
}

#[test]
fn last_error_is_per_thread() {
    cfunc::clear_last_error();
    std::thread::spawn(|| {
        assert_eq!(default_policy(-2.0), 0.0);
        assert!(cfunc::last_error().is_some());
    })
    .join()
    .unwrap();
    assert_eq!(cfunc::last_error(), None);
}

#[test]
fn panics_outside_cfuncs_still_reach_the_previous_hook() {
    // Installs the wrapper hook first.
    default_policy(-1.0);
    let result = std::panic::catch_unwind(|| panic!("ordinary panic"));
    assert!(result.is_err());
}

/// Names the test that a child process runs: the parent re-runs this binary
/// for tests that end the process or need a process of their own.
const CHILD: &str = "CFUNC_TEST_CHILD";

fn is_child(test: &str) -> bool {
    std::env::var(CHILD).is_ok_and(|name| name == test)
}

fn run_child(test: &str, envs: &[(&str, &str)]) -> std::process::Output {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture"])
        .env(CHILD, test)
        .envs(envs.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn abort_policy_ends_the_process() {
    if is_child("abort_policy_ends_the_process") {
        abort_policy(-3);
        unreachable!("abort_policy returned");
    }
    let output = run_child("abort_policy_ends_the_process", &[]);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(output.status.signal(), Some(6), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cfunc `abort_policy` panicked: abort requested with -3"),
        "{stderr}"
    );
    abort_policy(0);
}

#[test]
fn abort_policy_says_that_the_process_aborts() {
    if is_child("abort_policy_says_that_the_process_aborts") {
        abort_policy(-4);
        unreachable!("abort_policy returned");
    }
    let output = run_child("abort_policy_says_that_the_process_aborts", &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = stderr
        .lines()
        .find(|line| line.starts_with("cfunc `abort_policy` panicked"))
        .unwrap_or_else(|| panic!("no report in {stderr}"));
    assert!(report.contains("the process aborts"), "{report}");
    assert!(!report.contains("returns its on_panic value"), "{report}");
}

/// Calls cfuncs from its `Drop`, which runs while a panic unwinds.
struct CallsWhileUnwinding;

impl Drop for CallsWhileUnwinding {
    fn drop(&mut self) {
        assert!(std::thread::panicking());
        assert_eq!(default_policy(4.0), 2.0);
        assert_eq!(default_policy(-1.0), 0.0);
        assert!(cfunc::last_error().unwrap().contains("negative input -1"));
    }
}

#[test]
fn the_first_call_may_happen_while_the_thread_unwinds() {
    // The hook is installed on the process's first cfunc call, so this
    // needs a process whose first call is made during unwinding.
    if is_child("the_first_call_may_happen_while_the_thread_unwinds") {
        let unwound = std::panic::catch_unwind(|| {
            let _calls = CallsWhileUnwinding;
            panic!("unwinding through a cfunc call");
        });
        assert!(unwound.is_err());
        // A later call installs the hook, which records the location.
        assert_eq!(default_policy(-2.0), 0.0);
        let message = cfunc::last_error().unwrap();
        assert!(message.contains("negative input -2 (at "), "{message}");
        return;
    }
    let output = run_child("the_first_call_may_happen_while_the_thread_unwinds", &[]);
    assert!(output.status.success(), "{output:?}");
}

static RETURNED_AT_EXIT: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// Calls a panicking cfunc from its `Drop`, when its thread exits.
struct CallsAtThreadExit;

impl Drop for CallsAtThreadExit {
    fn drop(&mut self) {
        RETURNED_AT_EXIT.store(return_policy(0), std::sync::atomic::Ordering::SeqCst);
    }
}

thread_local! {
    static CALLS_AT_THREAD_EXIT: CallsAtThreadExit = const { CallsAtThreadExit };
}

#[test]
fn a_panic_during_thread_local_teardown_returns_the_on_panic_value() {
    // A failure aborts, so it runs in a process of its own.
    if is_child("a_panic_during_thread_local_teardown_returns_the_on_panic_value") {
        std::thread::spawn(|| {
            // Destructors run in the reverse order of first use: touching
            // this value first makes it outlive the cfunc's thread-locals.
            CALLS_AT_THREAD_EXIT.with(|_| {});
            assert_eq!(return_policy(0), -1);
        })
        .join()
        .unwrap();
        assert_eq!(
            RETURNED_AT_EXIT.load(std::sync::atomic::Ordering::SeqCst),
            -1
        );
        return;
    }
    let output = run_child(
        "a_panic_during_thread_local_teardown_returns_the_on_panic_value",
        &[],
    );
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr
            .matches("cfunc `return_policy` panicked: attempt to divide by zero")
            .count(),
        2,
        "{stderr}"
    );
}

#[cfunc("int32(int32)")]
fn resumes_unwinding(x: i32) -> i32 {
    if x < 0 {
        std::panic::resume_unwind(Box::new(format!("resumed with {x}")));
    }
    x
}

#[test]
fn resume_unwind_reports_its_own_payload() {
    // Installs the hook.
    assert_eq!(default_policy(-1.0), 0.0);
    // Recorded by the hook, and never consumed by a cfunc's guard.
    let result = std::panic::catch_unwind(|| panic!("handled elsewhere {}", 1));
    assert!(result.is_err());
    // `resume_unwind` skips the hook: nothing new is recorded.
    assert_eq!(resumes_unwinding(-5), 0);
    let message = cfunc::last_error().unwrap();
    assert_eq!(
        message,
        "cfunc `resumes_unwinding` panicked: resumed with -5"
    );
}

mod python_like {
    cfunc::python! {
        from numba import cfunc

        @cfunc("float64(float64)")
        def reciprocal(x):
            return 1.0 / x

        @cfunc("int64(int64)")
        def checked(n):
            if n < 0:
                raise ValueError("negative input")
            assert n != 7, "not seven"
            return n
    }
}

#[test]
fn python_exceptions_are_reported_in_one_line() {
    if is_child("python_exceptions_are_reported_in_one_line") {
        assert_eq!(python_like::reciprocal(0.0), 0.0);
        assert_eq!(python_like::checked(-1), 0);
        assert_eq!(python_like::checked(7), 0);
        eprintln!("--- a Rust panic follows ---");
        assert_eq!(default_policy(-1.0), 0.0);
        return;
    }
    let output = run_child(
        "python_exceptions_are_reported_in_one_line",
        &[("RUST_BACKTRACE", "1")],
    );
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let (python, rust) = stderr
        .split_once("--- a Rust panic follows ---")
        .unwrap_or_else(|| panic!("{stderr}"));
    let lines: Vec<&str> = python.lines().filter(|line| !line.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{python}");
    assert!(
        lines[0].starts_with("cfunc `reciprocal` panicked: ZeroDivisionError: division by zero"),
        "{python}"
    );
    assert!(
        lines[1].starts_with("cfunc `checked` panicked: ValueError: negative input"),
        "{python}"
    );
    assert!(
        lines[2].starts_with("cfunc `checked` panicked: AssertionError: not seven"),
        "{python}"
    );
    // A Rust panic keeps Rust's report, backtrace included.
    assert!(rust.contains("panicked at"), "{rust}");
    assert!(rust.contains("stack backtrace"), "{rust}");
    assert!(
        rust.contains("cfunc `default_policy` panicked: negative input -1"),
        "{rust}"
    );
}

#[test]
fn python_exceptions_keep_their_message_as_the_last_error() {
    assert_eq!(python_like::reciprocal(0.0), 0.0);
    let message = cfunc::last_error().unwrap();
    assert!(
        message
            .starts_with("cfunc `reciprocal` panicked: ZeroDivisionError: division by zero (at "),
        "{message}"
    );
    assert_eq!(python_like::checked(-1), 0);
    let message = cfunc::last_error().unwrap();
    assert!(
        message.starts_with("cfunc `checked` panicked: ValueError: negative input (at "),
        "{message}"
    );
}
