//! The panic policy of exported callbacks.
//!
//! A panic must never unwind into C. Every generated `extern "C"` function
//! runs its body inside [`catch_panic`], which reports the panic the way
//! Numba reports an exception raised in a `@cfunc` (a line on stderr), keeps
//! the message as the thread's last error and then returns the value chosen by
//! the `on_panic` option.

use std::cell::{Cell, RefCell};
use std::ffi::{CString, c_char, c_int};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// How many guarded callbacks are running on this thread (callbacks may
    /// call other callbacks).
    static GUARD_DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The message of the panic being unwound, recorded by the hook so that
    /// it can be printed once, with its location, by the guard.
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The last error message, for `last_error()` and `cfunc_last_error()`.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

/// Wraps the process's panic hook once: inside a guarded callback the panic
/// is recorded instead of printed (the guard prints one line that names the
/// callback); everywhere else the previous hook runs unchanged.
fn install_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARD_DEPTH.with(Cell::get) > 0 {
                PENDING.with(|pending| *pending.borrow_mut() = Some(describe(info)));
            } else {
                previous(info);
            }
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

/// Whether the hook is installed: a relaxed load on the hot path, the
/// `Once` only the first time.
static HOOK_INSTALLED: AtomicBool = AtomicBool::new(false);

#[cold]
fn install_hook_once() {
    install_hook();
    HOOK_INSTALLED.store(true, Ordering::Release);
}

/// Runs `body`; if it panics, reports the panic for the callback `name` and
/// returns `on_panic()` instead of unwinding.
#[doc(hidden)]
#[inline]
pub fn catch_panic<R>(name: &str, body: impl FnOnce() -> R, on_panic: impl FnOnce() -> R) -> R {
    if !HOOK_INSTALLED.load(Ordering::Acquire) {
        install_hook_once();
    }
    // `catch_unwind` returns on every unwind, so the decrement always runs
    // (a guard object would cost a landing pad on every call).
    GUARD_DEPTH.with(|depth| depth.set(depth.get() + 1));
    let outcome = panic::catch_unwind(AssertUnwindSafe(body));
    GUARD_DEPTH.with(|depth| depth.set(depth.get() - 1));
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
            let _ = writeln!(std::io::stderr(), "{message}");
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
