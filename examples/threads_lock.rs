//! The blog post's lock example: many threads call a cfunc that takes a
//! lock through C functions (pthread mutexes from the C library, looked up
//! at run time), reads a slot of a shared array, waits, and writes it back
//! incremented. With the lock the total is exact; without it, updates are
//! lost.
//!
//! Run with `cargo run --example threads_lock`.

use cfunc::{Library, TypedFn, cfunc};
use std::ffi::{c_int, c_uint, c_void};
use std::sync::OnceLock;

const THREADS: usize = 100;
const SLOTS: usize = 100;

/// The C functions the callback calls, resolved once (like
/// `LOCK_ACQUIRE = PYLIB.PyThread_acquire_lock` at import time).
struct Pthreads {
    lock: TypedFn<(*mut c_void,), c_int>,
    unlock: TypedFn<(*mut c_void,), c_int>,
    usleep: TypedFn<(c_uint,), c_int>,
}

fn pthreads() -> &'static Pthreads {
    static FUNCTIONS: OnceLock<Pthreads> = OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        let libc = Library::this_process();
        // SAFETY: the prototypes of `pthread_mutex_lock`, `pthread_mutex_unlock`
        // and `usleep`.
        let get = |name: &str, signature: &str| unsafe { libc.get(name, signature) }.unwrap();
        Pthreads {
            lock: get("pthread_mutex_lock", "intc(voidptr)").typed().unwrap(),
            unlock: get("pthread_mutex_unlock", "intc(voidptr)")
                .typed()
                .unwrap(),
            usleep: get("usleep", "intc(uintc)").typed().unwrap(),
        }
    })
}

/// `do_calc(lock, result, n, idx)`: a null `lock` means no locking.
#[cfunc("void(voidptr, CPointer(int64), intp, intp)")]
fn do_calc(lock: *mut c_void, result: *mut i64, n: isize, idx: isize) {
    let functions = pthreads();
    let idx = usize::try_from(idx.rem_euclid(n)).unwrap_or(0);
    // SAFETY: the functions' own contracts: a live, initialised mutex, and
    // `result` has `n` slots.
    unsafe {
        if !lock.is_null() {
            functions.lock.call((lock,));
        }
        let slot = result.add(idx);
        let existing = *slot;
        functions.usleep.call((2_000,));
        *slot = existing + 1;
        if !lock.is_null() {
            functions.unlock.call((lock,));
        }
    }
}

/// Runs `THREADS` threads, each calling `do_calc` once through its C address.
fn run(lock: *mut c_void) -> i64 {
    let mut result = vec![0i64; SLOTS];
    let result_address = result.as_mut_ptr() as usize;
    let lock_address = lock as usize;
    let function = do_calc::fn_ptr();
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            scope.spawn(move || {
                // A cheap pseudo-random slot, as `numpy.random.rand() * n`.
                let idx = (thread * 7919 + 13) % SLOTS / 4;
                // SAFETY: `lock` is null or a live, initialised mutex, and
                // `result` has `SLOTS` slots, both outliving the scope.
                unsafe {
                    function(
                        lock_address as *mut c_void,
                        result_address as *mut i64,
                        SLOTS as isize,
                        idx as isize,
                    )
                };
            });
        }
    });
    result.iter().sum()
}

fn main() {
    let libc = Library::this_process();
    // SAFETY: `int pthread_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *)`
    // and `int pthread_mutex_destroy(pthread_mutex_t *)`.
    let (init, destroy) = unsafe {
        (
            libc.get("pthread_mutex_init", "intc(voidptr, voidptr)")
                .unwrap(),
            libc.get("pthread_mutex_destroy", "intc(voidptr)").unwrap(),
        )
    };
    // Storage for a `pthread_mutex_t` (40 bytes on 64-bit glibc), generously sized and aligned.
    let mut mutex = Box::new([0u64; 16]);
    let mutex_ptr = mutex.as_mut_ptr().cast::<c_void>();
    unsafe { init.call(&[mutex_ptr.into(), cfunc::Value::null()]) }.unwrap();

    let with_lock = run(mutex_ptr);
    println!("with the lock:    total {with_lock} (expected {THREADS})");
    let without_lock = run(std::ptr::null_mut());
    println!("without the lock: total {without_lock} (updates lost to races)");

    unsafe { destroy.call(&[mutex_ptr.into()]) }.unwrap();
    assert_eq!(with_lock, THREADS as i64, "the lock keeps every update");
}
