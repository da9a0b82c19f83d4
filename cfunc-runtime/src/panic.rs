//! The panic policy of exported callbacks.
//!
//! A panic must never unwind into C. Every generated `extern "C"` function
//! runs its body inside [`catch_panic`], which reports the panic the way
//! Numba reports an exception raised in a `@cfunc` (the panic's usual
//! report, then a line naming the callback), keeps the message as the
//! thread's last error and then returns the value chosen by the `on_panic`
//! option. Nothing but a catch frame is on the path of a call that does
//! not panic.

use std::cell::RefCell;
use std::ffi::{CString, c_char, c_int};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// The message and location of the last panic on this thread, recorded
    /// by the hook for the guard that catches it (touched only when a
    /// panic happens: the guard's fast path has no thread-local access,
    /// which in a shared library costs a `__tls_get_addr` call).
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The last error message, for `last_error()` and `cfunc_last_error()`.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

/// Wraps the process's panic hook, on the first guarded call: the panic's
/// message and location are recorded for the guard, then the previous hook
/// runs as before (so the usual report is printed, and a hook the program
/// set still runs).
#[cold]
fn install_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            PENDING.with(|pending| *pending.borrow_mut() = Some(describe(info)));
            previous(info);
        }));
    });
}

fn describe(info: &PanicHookInfo<'_>) -> String {
    let message = payload_message(info.payload());
    match info.location() {
        Some(location) => format!("{message} (at {location})"),
        None => message,
    }
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// Runs `body`; if it panics, reports the panic for the callback `name` and
/// returns `on_panic()` instead of unwinding.
#[doc(hidden)]
#[inline]
pub fn catch_panic<R>(name: &str, body: impl FnOnce() -> R, on_panic: impl FnOnce() -> R) -> R {
    // `is_completed` is an inlined load; only the first call goes into
    // `call_once`.
    if !INSTALL_HOOK.is_completed() {
        install_hook();
    }
    let outcome = panic::catch_unwind(AssertUnwindSafe(body));
    match outcome {
        Ok(value) => value,
        Err(payload) => {
            let detail = PENDING
                .with(|pending| pending.borrow_mut().take())
                .unwrap_or_else(|| payload_message(&*payload));
            // Dropping a payload can itself panic; a leak is the lesser evil.
            std::mem::forget(payload);
            let message = format!("cfunc `{name}` panicked: {detail}");
            // `eprintln!` would panic if stderr is closed; nothing may
            // unwind from here.
            let _ = writeln!(
                std::io::stderr(),
                "{message}; the callback returns its on_panic value to the caller"
            );
            set_last_error(message);
            on_panic()
        }
    }
}

fn set_last_error(message: String) {
    // An interior NUL would truncate the C view; keep the text readable.
    let c_message =
        CString::new(message.replace('\0', "\\0")).expect("NUL bytes were replaced above");
    LAST_ERROR.with(|last| *last.borrow_mut() = Some(c_message));
}

/// `on_panic = abort`: the message has been printed; end the process.
#[doc(hidden)]
pub fn abort_after_panic<R>() -> R {
    std::process::abort()
}

/// `on_panic = errno(CODE, ...)`: sets the calling thread's `errno`.
#[doc(hidden)]
pub fn set_errno(code: c_int) {
    errno::set_errno(errno::Errno(code));
}

/// The message of the last panic caught in a cfunc on this thread, if any.
///
/// A panic inside a callback is reported on stderr and the callback returns
/// its `on_panic` value to C; the message stays available here until
/// [`clear_last_error`] is called or another panic replaces it.
///
/// ```
/// use cfunc::cfunc;
///
/// #[cfunc("float64(float64)", on_panic = return(f64::NAN))]
/// fn checked_sqrt(x: f64) -> f64 {
///     assert!(x >= 0.0, "negative input {x}");
///     x.sqrt()
/// }
///
/// cfunc::clear_last_error();
/// assert!(checked_sqrt(-1.0).is_nan());
/// assert!(cfunc::last_error().unwrap().contains("negative input -1"));
/// ```
pub fn last_error() -> Option<String> {
    LAST_ERROR.with(|last| {
        last.borrow()
            .as_ref()
            .map(|message| message.to_string_lossy().into_owned())
    })
}

/// Forgets this thread's last error.
///
/// ```
/// cfunc::clear_last_error();
/// assert_eq!(cfunc::last_error(), None);
/// ```
pub fn clear_last_error() {
    LAST_ERROR.with(|last| *last.borrow_mut() = None);
}

/// C entry point: the calling thread's last cfunc panic message as a
/// NUL-terminated string, or NULL when there is none.
///
/// The pointer stays valid until the next panic in a cfunc on the same
/// thread or a call to `cfunc_clear_last_error`.
///
/// ```c
/// const char *cfunc_last_error(void);
/// ```
#[unsafe(no_mangle)]
pub extern "C" fn cfunc_last_error() -> *const c_char {
    LAST_ERROR.with(|last| {
        last.borrow()
            .as_ref()
            .map_or(std::ptr::null(), |message| message.as_ptr())
    })
}

/// C entry point: forgets the calling thread's last cfunc panic message.
///
/// ```c
/// void cfunc_clear_last_error(void);
/// ```
#[unsafe(no_mangle)]
pub extern "C" fn cfunc_clear_last_error() {
    clear_last_error();
}
