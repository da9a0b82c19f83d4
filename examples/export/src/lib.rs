//! The seeds' callbacks as a C shared library, `libcfunc_example_export.so`,
//! some written in Rust and some in the Python-like form:
//!
//! | symbol | signature | form |
//! |---|---|---|
//! | `add` | `float64(float64, float64)` | Rust |
//! | `integrand` | `float64(float64)` | Python-like (for `scipy.LowLevelCallable`) |
//! | `my_callback` | `void(CPointer(double), CPointer(double), intc, intc)` | Python-like, the seeds' block verbatim |
//! | `invert` | `void(CPointer(float64), CPointer(float64), intp)` | Rust |
//! | `foo` | `float64(CPointer(my_struct), uintp)` | Python-like, the seeds' cffi block |
//!
//! Like every library built with cfunc, it also exports
//! `const char *cfunc_c_header(const char *guard)`, which returns the C
//! header of all of the above, and `cfunc_last_error()`.
//!
//! Build with `cargo build --release -p cfunc-example-export`; the C
//! program in `c/` and the Python script in `python/` use the library.

use cfunc::{carray, cfunc};

/// The seeds' first callback.
#[cfunc("float64(float64, float64)")]
pub fn add(x: f64, y: f64) -> f64 {
    x + y
}

/// The seeds' integrand, `exp(-t) / t**2`, with the signature that
/// `scipy.LowLevelCallable` accepts for `scipy.integrate.quad`.
///
/// `multiversion = false`: the body is a `python!` block, which the
/// straight-line rule cannot see into, and has nothing for wider vectors to
/// do; SciPy calls it about 100 times per integral, where the host-feature
/// check costs about 1% (the `multiversion = true` row of
/// `bench/compare_numba.py`).
#[cfunc("float64(float64)", multiversion = false)]
pub fn integrand(t: _) -> _ {
    cfunc::python! { return np.exp(-t) / t**2 }
}

/// `invert` from Numba's C-callback proposal (NBEP 4), in Rust: `out[i] =
/// 1 / in[i]`.
#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn invert(in_ptr: _, out_ptr: _, n: _) {
    // SAFETY: the C caller passes two buffers of n doubles.
    let in_ = unsafe { carray(in_ptr, (n,)) };
    // SAFETY: as above.
    let mut out = unsafe { carray(out_ptr, (n,)) };
    for i in 0..in_.len() {
        out[i] = 1.0 / in_[i];
    }
}

// The seeds' 2-d doubling callback and the seeds' record callback, pasted
// from Numba's documentation.
cfunc::python!(file = "src/callbacks.py");
