//! The panic policy of exported callbacks.
//!
//! A panic must never unwind into C. Every generated `extern "C"` function
//! runs its body inside [`catch_panic`], which reports the panic the way
//! Numba reports an exception raised in a `@cfunc` (the panic's usual
//! report, then a line naming the callback), keeps the message as the
//! thread's last error and then returns the value chosen by the `on_panic`
//! option. Nothing but a catch frame is on the path of a call that does
//! not panic.
//!
//! A Python exception raised by code of the Python-like form
//! ([`crate::__private::py::raise`]) unwinds without the panic hook, so its report is
//! the guard's single line, whatever `RUST_BACKTRACE` says.
//!
//! With `panic = "abort"` in the build profile nothing is caught: every
//! panic ends the process after Rust's report, whatever the `on_panic`
//! option says (no value is returned, `errno` is not set, the last error
//! is not kept). The policies need the default `panic = "unwind"`.
//!
//! Everything on the panic path may run while the thread unwinds or while
//! its thread-locals are being destroyed (a cfunc called from a `Drop`), so
//! it never panics: thread-locals are reached with `try_with`, and what is
//! out of reach is done without.

use std::any::{Any, TypeId};
use std::cell::Cell;
use std::ffi::{CString, c_char, c_int};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// What the hook saw of the last panic on this thread, for the guard
    /// that catches it (touched only when a panic happens: the guard's fast
    /// path has no thread-local access, which in a shared library costs a
    /// `__tls_get_addr` call). `Cell`s, not `RefCell`s: taking and putting
    /// back cannot fail, so the panic path has no borrow to panic on.
    static PENDING: Cell<Option<Pending>> = const { Cell::new(None) };
    /// The last error message, for `last_error()` and `cfunc_last_error()`.
    static LAST_ERROR: Cell<Option<CString>> = const { Cell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

/// A panic as the hook saw it.
struct Pending {
    /// Which payload the record is about. The record can be stale: a panic
    /// caught by a plain `catch_unwind` leaves its record behind, and a
    /// payload raised by `resume_unwind` (or under a hook that replaced
    /// ours) never passes through the hook.
    payload: PayloadId,
    /// The payload's message, compared with the caught payload's.
    message: String,
    /// The message and the panic's location, as the guard reports them.
    report: String,
}

/// Identifies a panic payload across the move from the hook to
/// `catch_unwind`.
///
/// The payload's own address does not survive it (std boxes the payload
/// after the hook has run), but a `String`'s heap buffer and a `&str`'s
/// text move with it. The addresses are compared, never dereferenced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PayloadId {
    /// The address and length of the text.
    Text(usize, usize),
    /// A payload that is not text: only its type can be compared.
    Other(TypeId),
}

fn payload_id(payload: &(dyn Any + Send)) -> PayloadId {
    match payload_text(payload) {
        Some(text) => PayloadId::Text(text.as_ptr().addr(), text.len()),
        None => PayloadId::Other((*payload).type_id()),
    }
}

/// Wraps the process's panic hook, on the first guarded call that is not
/// made while the thread unwinds: the panic's message and location are
/// recorded for the guard, then the previous hook runs as before (so the
/// usual report is printed, and a hook the program set still runs).
#[cold]
fn install_hook() {
    // `take_hook` and `set_hook` panic on a panicking thread (a cfunc
    // called from a `Drop` during unwinding); a later call installs it.
    // Until then the guard reports panics without their location.
    if std::thread::panicking() {
        return;
    }
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload_message(payload);
            let pending = Pending {
                payload: payload_id(payload),
                report: describe(&message, info),
                message,
            };
            // Fails only while the thread-locals are being destroyed; the
            // guard then reports the payload's own message.
            let _ = PENDING.try_with(|slot| slot.set(Some(pending)));
            previous(info);
        }));
    });
}

fn describe(message: &str, info: &PanicHookInfo<'_>) -> String {
    match info.location() {
        Some(location) => format!("{message} (at {location})"),
        None => message.to_owned(),
    }
}

/// The text of a `panic!` (a `&str` or a formatted `String`).
fn payload_text(payload: &(dyn Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    payload_text(payload).map_or_else(
        || "panic with a non-string payload".to_owned(),
        str::to_owned,
    )
}

/// The hook's report of `payload` if the hook saw it, else the payload's
/// own message.
///
/// A record of another payload is stale and is dropped. Equal text at the
/// same address is taken for the same payload: the one record that could
/// be mistaken for it is an older one with the same text, whose location
/// then stands in for the missing one.
fn report_of(payload: &(dyn Any + Send)) -> String {
    let message = payload_message(payload);
    let pending = PENDING.try_with(Cell::take).ok().flatten();
    match pending {
        Some(pending) if pending.payload == payload_id(payload) && pending.message == message => {
            pending.report
        }
        _ => message,
    }
}

/// What a guarded callback does after a panic has been reported: the
/// `on_panic` option of `#[cfunc]`.
///
/// Every `FnOnce() -> R` is a policy that returns its value (`on_panic =
/// return(...)`, `errno(...)` and the default zero value);
/// [`abort_after_panic`] is the policy that ends the process.
#[doc(hidden)]
pub trait OnPanic<R> {
    /// Whether the process ends instead of returning, for the report.
    const ABORTS: bool = false;

    /// The value the callback returns to its caller.
    fn value(self) -> R;
}

impl<R, F: FnOnce() -> R> OnPanic<R> for F {
    fn value(self) -> R {
        self()
    }
}

/// The `on_panic = abort` policy; see [`abort_after_panic`].
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Abort;

impl<R> OnPanic<R> for Abort {
    const ABORTS: bool = true;

    fn value(self) -> R {
        std::process::abort()
    }
}

/// Runs `body`; if it panics, reports the panic for the callback `name` and
/// applies `on_panic` instead of unwinding: returns its value, or ends the
/// process for [`abort_after_panic`].
///
/// This is the whole guard: it never panics itself, also when called while
/// the thread unwinds or from a thread-local's destructor. With `panic =
/// "abort"` in the build profile there is nothing to catch: a panic in
/// `body` ends the process after Rust's report, and `on_panic` never runs.
#[doc(hidden)]
#[inline]
pub fn catch_panic<R>(name: &str, body: impl FnOnce() -> R, on_panic: impl OnPanic<R>) -> R {
    // `is_completed` is an inlined load; only the first calls go into
    // `install_hook`.
    if !INSTALL_HOOK.is_completed() {
        install_hook();
    }
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => report_panic(name, payload, on_panic),
    }
}

#[cold]
#[inline(never)]
fn report_panic<R, P: OnPanic<R>>(name: &str, payload: Box<dyn Any + Send>, on_panic: P) -> R {
    let detail = report_of(&*payload);
    release(payload);
    let message = format!("cfunc `{name}` panicked: {detail}");
    let outcome = if P::ABORTS {
        "on_panic = abort: the process aborts"
    } else {
        "the callback returns its on_panic value to the caller"
    };
    // `eprintln!` would panic if stderr is closed; nothing may unwind from
    // here.
    let _ = writeln!(std::io::stderr(), "{message}; {outcome}");
    set_last_error(message);
    on_panic.value()
}

/// Frees a caught payload. Text payloads (every `panic!` with a message,
/// every Python exception) drop without running user code; any other
/// payload's destructor could panic here, where nothing may unwind, so it
/// is leaked.
fn release(payload: Box<dyn Any + Send>) {
    match payload.downcast::<String>() {
        Ok(text) => drop(text),
        Err(payload) if payload.is::<&'static str>() => drop(payload),
        Err(payload) => std::mem::forget(payload),
    }
}

fn set_last_error(message: String) {
    // An interior NUL would truncate the C view; keep the text readable.
    let c_message = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // Fails only while the thread-locals are being destroyed, when no one
    // is left to read the message.
    let _ = LAST_ERROR.try_with(|last| last.set(Some(c_message)));
}

/// Runs `read` on this thread's last error; `None` once the thread-locals
/// are being destroyed.
fn with_last_error<T>(read: impl FnOnce(Option<&CString>) -> T) -> Option<T> {
    LAST_ERROR
        .try_with(|last| {
            // Moving the `CString` out and back keeps its heap buffer where
            // it is, so a pointer into it stays valid.
            let message = last.take();
            let value = read(message.as_ref());
            last.set(message);
            value
        })
        .ok()
}

/// `on_panic = abort`: [`catch_panic`] reports the panic, says that the
/// process aborts, and ends it.
#[doc(hidden)]
pub fn abort_after_panic() -> Abort {
    Abort
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
/// With `panic = "abort"` in the build profile no panic is caught (the
/// process ends after Rust's report, whatever `on_panic` says), so there is
/// never a last error.
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
    with_last_error(|message| message.map(|message| message.to_string_lossy().into_owned()))
        .flatten()
}

/// Forgets this thread's last error.
///
/// ```
/// cfunc::clear_last_error();
/// assert_eq!(cfunc::last_error(), None);
/// ```
pub fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|last| last.set(None));
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
    with_last_error(|message| message.map_or(std::ptr::null(), |message| message.as_ptr()))
        .unwrap_or(std::ptr::null())
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
