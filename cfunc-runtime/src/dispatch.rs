//! Run-time choice of the host-feature version of a cfunc body.
//!
//! Numba compiles each callback for the host CPU (AVX2 and FMA on current
//! x86-64 machines). A portable Rust build targets baseline x86-64 (SSE2),
//! so `#[cfunc]` also compiles the body with AVX2 and FMA enabled and picks
//! that version when the CPU has them (`multiversion = false` turns this
//! off).

/// Whether the running CPU has AVX2 and FMA. `std` caches the detection,
/// so this is a load and a test after the first call.
#[doc(hidden)]
#[inline]
pub fn host_has_avx2_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}
