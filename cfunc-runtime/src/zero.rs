//! The value a callback returns to C after a panic under the default policy.

/// The zero value of a C return type: what Numba returns when a `@cfunc`
/// raises, and what `#[cfunc]` returns under the default `on_panic` policy.
pub trait ZeroValue {
    /// `0`, `0.0`, `0j`, `false`, a null pointer or `()`.
    fn zero() -> Self;
}

macro_rules! zero_values {
    ($($ty:ty => $zero:expr),* $(,)?) => {
        $(impl ZeroValue for $ty {
            #[inline]
            fn zero() -> Self {
                $zero
            }
        })*
    };
}

zero_values! {
    () => (),
    bool => false,
    i8 => 0, i16 => 0, i32 => 0, i64 => 0, isize => 0,
    u8 => 0, u16 => 0, u32 => 0, u64 => 0, usize => 0,
    f32 => 0.0, f64 => 0.0,
    num_complex::Complex32 => num_complex::Complex32::new(0.0, 0.0),
    num_complex::Complex64 => num_complex::Complex64::new(0.0, 0.0),
}

impl<T> ZeroValue for *mut T {
    #[inline]
    fn zero() -> Self {
        core::ptr::null_mut()
    }
}

impl<T> ZeroValue for *const T {
    #[inline]
    fn zero() -> Self {
        core::ptr::null()
    }
}
