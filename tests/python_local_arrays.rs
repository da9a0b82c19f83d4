//! Local arrays in `python!` bodies are freed when the cfunc returns, on
//! every path: a normal return, an early one, a raise, arrays made in a
//! loop, arrays a helper returned, and views of local arrays written by
//! array expressions. A counting allocator measures the
//! bytes each call leaves behind on its thread; CI also runs this binary
//! under valgrind with leak checking.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting the bytes live on each thread.
struct Counting;

thread_local! {
    static LIVE_BYTES: Cell<isize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the count is a side effect.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE_BYTES.try_with(|live| live.set(live.get() + layout.size() as isize));
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE_BYTES.try_with(|live| live.set(live.get() - layout.size() as isize));
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE_BYTES.with(Cell::get)
}

/// What `call` leaves allocated on this thread, once any lazily created
/// state (the panic hook, the last-error slot) exists.
fn bytes_left_by(mut call: impl FnMut()) -> isize {
    call();
    cfunc::clear_last_error();
    let before = live_bytes();
    for _ in 0..10 {
        call();
        cfunc::clear_last_error();
    }
    live_bytes() - before
}

cfunc::python!(
    r#"
import numpy as np
from numba import carray, cfunc, njit

@njit
def smoothed(a, n):
    out = np.empty(n)
    for i in range(n):
        out[i] = 0.5 * a[i] + 0.25 * a[(i + 1) % n]
    return out

@cfunc("float64(CPointer(float64), int64)")
def local_work(data, n):
    a = carray(data, n)
    weights = np.linspace(0.0, 1.0, n)
    total = 0.0
    for i in range(n):
        window = np.zeros(3)
        window[i % 3] = a[i] * weights[i]
        total += window.sum()
    if n > 4:
        return total + smoothed(a, n).sum()
    counts = np.arange(n)
    return total + counts.sum()

@cfunc("float64(int64)")
def raises_after_allocating(n):
    grid = np.ones((n, 4))
    copy = grid.copy()
    if n > 2:
        raise ValueError("too many rows")
    return copy.sum()

@cfunc("float64(int64)")
def views_and_expressions(n):
    # Strided, reversed and overlapping views of a local array, written
    # and read by array expressions: valgrind checks every access.
    g = np.zeros((n, 4))
    g[:, ::2] = 1.0
    g[1:] = g[:-1] * 2.0 + g[1:]
    row = g[n - 1, ::-1]
    row += np.linspace(0.0, 1.0, 4)
    total = 0.0
    for r in g.T:
        total = total * 0.5 + np.sum(r * r)
    return total + np.median(g) + (g[::-1] > 1.0).sum()

@cfunc("float64(int64)")
def negative_shape(n):
    kept = np.ones(100)
    return np.zeros(n).sum() + kept.sum()
"#
);

#[test]
fn arrays_made_in_loops_and_by_helpers_are_freed_on_return() {
    let mut data = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let expected_short: f64 = {
        let weights = [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0];
        let plain: f64 = data[..4].iter().zip(weights).map(|(a, w)| a * w).sum();
        plain + 6.0
    };
    // SAFETY: `data` holds at least 4 float64s.
    assert_eq!(unsafe { local_work(data.as_mut_ptr(), 4) }, expected_short);
    for n in [0, 4, 6] {
        let left = bytes_left_by(|| {
            // SAFETY: `data` holds 6 float64s.
            std::hint::black_box(unsafe { local_work(data.as_mut_ptr(), n) });
        });
        assert_eq!(left, 0, "local_work(_, {n}) left {left} bytes allocated");
    }
}

#[test]
fn arrays_are_freed_when_the_cfunc_raises() {
    assert_eq!(raises_after_allocating(2), 8.0);
    assert_eq!(raises_after_allocating(3), 0.0);
    let message = cfunc::last_error().expect("the raise is reported");
    assert!(message.contains("ValueError: too many rows"), "{message}");
    let left = bytes_left_by(|| {
        std::hint::black_box(raises_after_allocating(3));
    });
    assert_eq!(left, 0, "a raising call left {left} bytes allocated");
}

#[test]
fn a_negative_extent_raises_value_error_and_frees_what_was_made() {
    assert_eq!(negative_shape(2), 100.0);
    assert_eq!(negative_shape(-1), 0.0);
    let message = cfunc::last_error().expect("the error is reported");
    assert!(
        message.contains("ValueError: negative dimensions not allowed"),
        "{message}"
    );
    let left = bytes_left_by(|| {
        std::hint::black_box(negative_shape(-1));
    });
    assert_eq!(left, 0, "the failed call left {left} bytes allocated");
}

/// `views_and_expressions`, computed on plain Rust arrays.
fn views_and_expressions_by_hand(n: usize) -> f64 {
    let mut g = vec![[0.0f64; 4]; n];
    for row in &mut g {
        row[0] = 1.0;
        row[2] = 1.0;
    }
    let before = g.clone();
    for i in 1..n {
        for j in 0..4 {
            g[i][j] = before[i - 1][j] * 2.0 + before[i][j];
        }
    }
    for k in 0..4 {
        g[n - 1][3 - k] += k as f64 / 3.0;
    }
    let mut total = 0.0;
    for column in 0..4 {
        total = total * 0.5
            + g.iter()
                .fold(0.0, |sum, row| sum + row[column] * row[column]);
    }
    let mut values: Vec<f64> = g.iter().flatten().copied().collect();
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    let median = (values[middle - 1] + values[middle]) / 2.0;
    let above = values.iter().filter(|value| **value > 1.0).count();
    total + median + above as f64
}

#[test]
fn views_and_expressions_of_local_arrays_compute_and_free() {
    for n in [2, 3, 5] {
        assert_eq!(
            views_and_expressions(n as i64),
            views_and_expressions_by_hand(n),
            "n = {n}"
        );
        let left = bytes_left_by(|| {
            std::hint::black_box(views_and_expressions(n as i64));
        });
        assert_eq!(
            left, 0,
            "views_and_expressions({n}) left {left} bytes allocated"
        );
    }
}
