//! Run-time choice of the host-feature version of a cfunc body.
//!
//! Numba compiles each callback for the host CPU: AVX-512 on a current
//! server, AVX2 and FMA on most desktops. A portable Rust build targets
//! baseline x86-64 (SSE2), so `#[cfunc]` also compiles the body for the
//! x86-64-v3 set (AVX2, FMA) and the x86-64-v4 set (AVX-512 F, BW, CD,
//! DQ, VL) and calls the widest version the CPU runs (`multiversion =
//! false` turns this off).
//!
//! The environment variable `CFUNC_VECTOR_LEVEL` (`baseline`, `avx2` or
//! `avx512`), read once, caps the level: to compare the versions, or to
//! test each on one machine. A level the CPU lacks is never chosen.

use core::sync::atomic::{AtomicU8, Ordering};

/// The widest set of vector instructions the running CPU has, among those
/// a cfunc body is compiled for: the version of a looping body that runs
/// here (see [`host_vector_level`]).
///
/// ```
/// use cfunc::VectorLevel;
///
/// assert!(VectorLevel::Baseline < VectorLevel::Avx2);
/// assert_eq!(VectorLevel::Avx512.name(), "avx512");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum VectorLevel {
    /// SSE2: what every x86-64 CPU (and every other target) runs.
    Baseline = 1,
    /// x86-64-v3's vector part: AVX2 and FMA.
    Avx2 = 2,
    /// x86-64-v4's vector part: AVX-512 F, BW, CD, DQ and VL, with AVX2
    /// and FMA.
    Avx512 = 3,
}

impl VectorLevel {
    /// The level's name, as `CFUNC_VECTOR_LEVEL` takes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            VectorLevel::Baseline => "baseline",
            VectorLevel::Avx2 => "avx2",
            VectorLevel::Avx512 => "avx512",
        }
    }
}

/// The level found by the first call; 0 until then.
static HOST_LEVEL: AtomicU8 = AtomicU8::new(0);

/// The running CPU's [`VectorLevel`], capped by `CFUNC_VECTOR_LEVEL`: the
/// version of every looping cfunc body that runs in this process.
///
/// One load and a compare after the first call (each call of a cfunc
/// makes it, so it must cost next to nothing; `std`'s detection would test
/// each feature in turn).
///
/// ```
/// let level = cfunc::host_vector_level();
/// println!("cfunc bodies run their {} version here", level.name());
/// ```
#[inline(always)]
pub fn host_vector_level() -> VectorLevel {
    match HOST_LEVEL.load(Ordering::Relaxed) {
        3 => VectorLevel::Avx512,
        2 => VectorLevel::Avx2,
        1 => VectorLevel::Baseline,
        _ => detect_host_level(),
    }
}

#[cold]
#[inline(never)]
fn detect_host_level() -> VectorLevel {
    let level = capped(detected_level(), requested_level().as_deref());
    // Racing first calls compute the same value, so a plain store is enough.
    HOST_LEVEL.store(level as u8, Ordering::Relaxed);
    level
}

/// `CFUNC_VECTOR_LEVEL`, read with C's `getenv`: the first call of a
/// cfunc may come from a signal handler or a child forked from a threaded
/// process, where `std::env`'s lock and allocation could deadlock.
fn requested_level() -> Option<String> {
    unsafe extern "C" {
        fn getenv(name: *const core::ffi::c_char) -> *const core::ffi::c_char;
    }
    // SAFETY: the name is a NUL-terminated string; `getenv` returns null or
    // a NUL-terminated string that stays valid until the environment is
    // changed, and it is copied out at once.
    unsafe {
        let value = getenv(c"CFUNC_VECTOR_LEVEL".as_ptr());
        (!value.is_null()).then(|| {
            core::ffi::CStr::from_ptr(value)
                .to_string_lossy()
                .into_owned()
        })
    }
}

/// `detected`, lowered to the level named by `requested` if it names one;
/// a value that names none is reported on stderr and ignored.
fn capped(detected: VectorLevel, requested: Option<&str>) -> VectorLevel {
    let Some(name) = requested else {
        return detected;
    };
    let levels = [
        VectorLevel::Baseline,
        VectorLevel::Avx2,
        VectorLevel::Avx512,
    ];
    match levels
        .into_iter()
        .find(|level| level.name().eq_ignore_ascii_case(name.trim()))
    {
        Some(cap) => detected.min(cap),
        None => {
            use std::io::Write;
            // Nothing may panic here: a cfunc's call is on the stack.
            let _ = writeln!(
                std::io::stderr(),
                "cfunc: CFUNC_VECTOR_LEVEL={name:?} is not one of baseline, avx2, avx512; ignored"
            );
            detected
        }
    }
}

#[cfg(target_arch = "x86_64")]
fn detected_level() -> VectorLevel {
    use std::is_x86_feature_detected as has;
    let avx2 = has!("avx2") && has!("fma");
    let avx512 = has!("avx512f")
        && has!("avx512bw")
        && has!("avx512cd")
        && has!("avx512dq")
        && has!("avx512vl");
    match (avx2, avx512) {
        (true, true) => VectorLevel::Avx512,
        (true, false) => VectorLevel::Avx2,
        (false, _) => VectorLevel::Baseline,
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn detected_level() -> VectorLevel {
    VectorLevel::Baseline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cached_level_is_at_most_the_detected_one() {
        let first = host_vector_level();
        assert!(first <= detected_level());
        assert_eq!(HOST_LEVEL.load(Ordering::Relaxed), first as u8);
        assert_eq!(host_vector_level(), first);
    }

    #[test]
    fn the_environment_lowers_the_level_but_never_raises_it() {
        use VectorLevel::{Avx2, Avx512, Baseline};
        assert_eq!(capped(Avx512, Some("avx2")), Avx2);
        assert_eq!(capped(Avx512, Some(" baseline\n")), Baseline);
        assert_eq!(capped(Avx512, Some("AVX2")), Avx2);
        assert_eq!(capped(Avx2, Some("avx512")), Avx2);
        assert_eq!(capped(Avx512, Some("sse4")), Avx512);
        assert_eq!(capped(Baseline, None), Baseline);
    }
}
