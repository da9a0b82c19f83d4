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

const ABORT_CHILD: &str = "CFUNC_TEST_ABORT_CHILD";

#[test]
fn abort_policy_ends_the_process() {
    if std::env::var_os(ABORT_CHILD).is_some() {
        abort_policy(-3);
        unreachable!("abort_policy returned");
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["abort_policy_ends_the_process", "--exact", "--nocapture"])
        .env(ABORT_CHILD, "1")
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(output.status.signal(), Some(6), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cfunc `abort_policy` panicked: abort requested with -3"),
        "{stderr}"
    );
    abort_policy(0);
}
