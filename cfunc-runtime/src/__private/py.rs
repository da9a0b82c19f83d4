//! Python's (and Numba's) arithmetic, for code lowered from the
//! Python-like form: floor division and modulo with Python's signs,
//! `ZeroDivisionError` as a panic (which the cfunc's policy reports),
//! integer powers by squaring, round-half-even, negative indices and
//! `range` with any step.
//!
//! Integer overflow wraps, as in Numba's `int64`.

pub use super::cmath::*;

/// Raises a Python exception; `message` is what Python prints for it, as
/// in `"ValueError: negative input"`.
///
/// The cfunc's guard reports it in one line, as Numba does, whatever
/// `RUST_BACKTRACE` says: the exception unwinds with
/// [`std::panic::resume_unwind`], which skips the panic hook and so Rust's
/// report of a panic (its `panicked at` lines and the backtrace, which are
/// about a bug in Rust code, not an error of the Python program). The
/// payload is a `String`, the message and the raising location, like a
/// `panic!`'s, so `catch_unwind` and `#[should_panic(expected = ...)]` read
/// it as they read a panic message.
///
/// With `panic = "abort"` in the build profile the line is printed here
/// and the process aborts (`resume_unwind` would end it without a word).
#[cold]
#[inline(never)]
#[track_caller]
pub fn raise(message: &str) -> ! {
    let report = format!("{message} (at {})", std::panic::Location::caller());
    if cfg!(panic = "abort") {
        use std::io::Write;
        // `eprintln!` panics if stderr is closed.
        let _ = writeln!(
            std::io::stderr(),
            "{report}; the process aborts (panic = \"abort\")"
        );
        std::process::abort();
    }
    std::panic::resume_unwind(Box::new(report))
}

/// Raises Python's `ZeroDivisionError` with its own message.
#[cold]
#[inline(never)]
fn zero_division(message: &str) -> ! {
    raise(&format!("ZeroDivisionError: {message}"))
}

macro_rules! signed_division {
    ($($floordiv:ident, $modulo:ident, $int:ty;)*) => {$(
        /// `a // b` on integers: the floor of the quotient. `MIN // -1`,
        /// which overflows, is 0, as in Numba (which returns 0 rather than
        /// trap, "more or less like NumPy").
        #[inline]
        pub fn $floordiv(a: $int, b: $int) -> $int {
            if b == 0 {
                zero_division("integer division by zero");
            }
            if a == <$int>::MIN && b == -1 {
                return 0;
            }
            let quotient = a.wrapping_div(b);
            if a.wrapping_rem(b) != 0 && ((a < 0) != (b < 0)) {
                quotient.wrapping_sub(1)
            } else {
                quotient
            }
        }

        /// `a % b` on integers: the remainder has the divisor's sign.
        #[inline]
        pub fn $modulo(a: $int, b: $int) -> $int {
            if b == 0 {
                zero_division("integer modulo by zero");
            }
            let remainder = a.wrapping_rem(b);
            if remainder != 0 && ((remainder < 0) != (b < 0)) {
                remainder.wrapping_add(b)
            } else {
                remainder
            }
        }
    )*};
}

signed_division! {
    floordiv_i64, mod_i64, i64;
}

/// `a // b` on unsigned integers.
#[inline]
pub fn floordiv_u64(a: u64, b: u64) -> u64 {
    if b == 0 {
        zero_division("integer division by zero");
    }
    a / b
}

/// `a % b` on unsigned integers.
#[inline]
pub fn mod_u64(a: u64, b: u64) -> u64 {
    if b == 0 {
        zero_division("integer modulo by zero");
    }
    a % b
}

macro_rules! float_division {
    ($($truediv:ident, $floordiv:ident, $modulo:ident, $float:ty;)*) => {$(
        /// `a / b` on floats; division by zero raises, as in Numba.
        #[inline(always)]
        pub fn $truediv(a: $float, b: $float) -> $float {
            // The division is issued before the (almost never taken) check,
            // so the check overlaps the division's latency.
            let quotient = a / b;
            if b == 0.0 {
                zero_division("division by zero");
            }
            quotient
        }

        /// `a % b` on floats: the result has the divisor's sign (CPython's
        /// `float_rem`).
        #[inline]
        pub fn $modulo(a: $float, b: $float) -> $float {
            if b == 0.0 {
                zero_division("modulo by zero");
            }
            let remainder = a % b;
            if remainder != 0.0 {
                if (b < 0.0) != (remainder < 0.0) {
                    remainder + b
                } else {
                    remainder
                }
            } else {
                (0.0 as $float).copysign(b)
            }
        }

        /// `a // b` on floats (CPython's `float_floor_div`: the floor of the
        /// exact quotient, corrected for rounding).
        #[inline]
        pub fn $floordiv(a: $float, b: $float) -> $float {
            if b == 0.0 {
                zero_division("division by zero");
            }
            let remainder = a % b;
            let mut quotient = (a - remainder) / b;
            if remainder != 0.0 && ((b < 0.0) != (remainder < 0.0)) {
                quotient -= 1.0;
            }
            if quotient != 0.0 {
                let floor = quotient.floor();
                if quotient - floor > 0.5 {
                    floor + 1.0
                } else {
                    floor
                }
            } else {
                (0.0 as $float).copysign(a / b)
            }
        }
    )*};
}

float_division! {
    truediv_f64, floordiv_f64, mod_f64, f64;
    truediv_f32, floordiv_f32, mod_f32, f32;
}

// Under NumPy's error model (`error_model="numpy"`, and every element of
// an array expression) a zero divisor does not raise: Numba's integer
// `//` and `%` give 0, its float `//` the quotient's inf or nan, and its
// float `%` C's `fmod` (nan).

macro_rules! unchecked_division {
    ($($floordiv:ident, $modulo:ident, $checked_floordiv:ident, $checked_modulo:ident, $ty:ty,
       $zero:expr, $quotient_by_zero:expr, $remainder_by_zero:expr;)*) => {$(
        /// `a // b` under NumPy's error model: a zero divisor gives 0 for
        /// integers, the quotient's inf or nan for floats.
        #[inline]
        pub fn $floordiv(a: $ty, b: $ty) -> $ty {
            if b == $zero {
                ($quotient_by_zero)(a, b)
            } else {
                $checked_floordiv(a, b)
            }
        }

        /// `a % b` under NumPy's error model: a zero divisor gives 0 for
        /// integers, nan for floats.
        #[inline]
        pub fn $modulo(a: $ty, b: $ty) -> $ty {
            if b == $zero {
                ($remainder_by_zero)(a, b)
            } else {
                $checked_modulo(a, b)
            }
        }
    )*};
}

unchecked_division! {
    floordiv_np_i64, mod_np_i64, floordiv_i64, mod_i64, i64, 0, |_, _| 0, |_, _| 0;
    floordiv_np_u64, mod_np_u64, floordiv_u64, mod_u64, u64, 0, |_, _| 0, |_, _| 0;
    floordiv_np_f64, mod_np_f64, floordiv_f64, mod_f64, f64, 0.0,
        |a: f64, b: f64| a / b, |a: f64, b: f64| a % b;
    floordiv_np_f32, mod_np_f32, floordiv_f32, mod_f32, f32, 0.0,
        |a: f32, b: f32| a / b, |a: f32, b: f32| a % b;
}

// NumPy's own loops, as Numba's ufunc table implements them: what
// `np.floor_divide`, `np.remainder` and `np.power` compute, and what the
// in-place operators (`a //= b`) compute. They work in the loop's own
// width, unlike Python's operators, which compute in 64 bits.

macro_rules! signed_ufunc_division {
    ($($floor_divide:ident, $remainder:ident, $power:ident, $int:ty;)*) => {$(
        /// NumPy's `floor_divide` loop: 0 for a zero divisor and for the
        /// overflowing `MIN // -1`.
        #[inline]
        pub fn $floor_divide(a: $int, b: $int) -> $int {
            if b == 0 || (a == <$int>::MIN && b == -1) {
                return 0;
            }
            let quotient = a / b;
            if a % b != 0 && ((a > 0) != (b > 0)) {
                quotient - 1
            } else {
                quotient
            }
        }

        /// NumPy's `remainder` loop: the divisor's sign, 0 for a zero
        /// divisor.
        #[inline]
        pub fn $remainder(a: $int, b: $int) -> $int {
            if b == 0 {
                return 0;
            }
            let remainder = a.wrapping_rem(b);
            if remainder != 0 && ((a > 0) != (b > 0)) {
                remainder.wrapping_add(b)
            } else {
                remainder
            }
        }

        /// Numba's `power` loop on integers: the integer part of the
        /// reciprocal for a negative exponent, and the type's minimum for 0
        /// to a negative power. A narrow result goes through Numba's
        /// conversion from double to int32: one out of int32's range is
        /// int32's minimum, truncated to the type (so `np.power` of the
        /// int32 3 and 25 is -2**31, of the int16 ones 0), where an int64
        /// result wraps.
        #[inline]
        pub fn $power(base: $int, exponent: $int) -> $int {
            if exponent < 0 {
                return if base == 0 {
                    <$int>::MIN
                } else {
                    pow_i64(base as i64, exponent as i64) as $int
                };
            }
            if <$int>::BITS == 64 {
                return pow_i64(base as i64, exponent as i64) as $int;
            }
            let exact = u32::try_from(exponent)
                .ok()
                .and_then(|exponent| (base as i64).checked_pow(exponent))
                .and_then(|value| i32::try_from(value).ok());
            exact.unwrap_or(i32::MIN) as $int
        }
    )*};
}

signed_ufunc_division! {
    floor_divide_i8, remainder_i8, power_i8, i8;
    floor_divide_i16, remainder_i16, power_i16, i16;
    floor_divide_i32, remainder_i32, power_i32, i32;
    floor_divide_i64, remainder_i64, power_i64, i64;
}

macro_rules! unsigned_ufunc_division {
    ($($floor_divide:ident, $remainder:ident, $power:ident, $int:ty;)*) => {$(
        /// NumPy's `floor_divide` loop on unsigned integers: 0 for a zero
        /// divisor.
        #[inline]
        pub fn $floor_divide(a: $int, b: $int) -> $int {
            if b == 0 { 0 } else { a / b }
        }

        /// NumPy's `remainder` loop on unsigned integers: 0 for a zero
        /// divisor.
        #[inline]
        pub fn $remainder(a: $int, b: $int) -> $int {
            if b == 0 { 0 } else { a % b }
        }

        /// Numba's `power` loop on unsigned integers, by squaring.
        #[inline]
        pub fn $power(base: $int, exponent: $int) -> $int {
            pow_u64(base as u64, exponent as u64) as $int
        }
    )*};
}

unsigned_ufunc_division! {
    floor_divide_u8, remainder_u8, power_u8, u8;
    floor_divide_u16, remainder_u16, power_u16, u16;
    floor_divide_u32, remainder_u32, power_u32, u32;
    floor_divide_u64, remainder_u64, power_u64, u64;
}

macro_rules! float_ufunc_division {
    ($($floor_divide:ident, $remainder:ident, $power:ident, $float:ty;)*) => {$(
        /// NumPy's `floor_divide` loop on floats: the floor of the
        /// quotient (so `inf // 2` is inf, where Python's operator gives
        /// nan).
        #[inline]
        pub fn $floor_divide(a: $float, b: $float) -> $float {
            (a / b).floor()
        }

        /// NumPy's `remainder` loop on floats: C's `fmod`, moved to the
        /// divisor's sign; a zero remainder is `+0.0`.
        #[inline]
        pub fn $remainder(a: $float, b: $float) -> $float {
            let remainder = a % b;
            if remainder != 0.0 && ((b < 0.0) != (remainder < 0.0)) {
                remainder + b
            } else {
                remainder + 0.0
            }
        }

        /// NumPy's `power` loop on floats: C's `pow`.
        #[inline]
        pub fn $power(base: $float, exponent: $float) -> $float {
            base.powf(exponent)
        }
    )*};
}

float_ufunc_division! {
    floor_divide_f32, remainder_f32, power_f32, f32;
    floor_divide_f64, remainder_f64, power_f64, f64;
}

macro_rules! complex_arithmetic {
    ($($add:ident, $sub:ident, $mul:ident, $truediv:ident, $complex:ty, $float:ty;)*) => {$(
        /// `a + b` on complex numbers: part by part.
        #[inline]
        pub fn $add(a: $complex, b: $complex) -> $complex {
            <$complex>::new(a.re + b.re, a.im + b.im)
        }

        /// `a - b` on complex numbers: part by part.
        #[inline]
        pub fn $sub(a: $complex, b: $complex) -> $complex {
            <$complex>::new(a.re - b.re, a.im - b.im)
        }

        /// `a * b` on complex numbers: `(ac - bd) + (ad + bc)i`, as
        /// CPython's `_Py_c_prod` before Python 3.14 and Numba compute it
        /// (an infinite operand may give NaN parts).
        #[inline]
        pub fn $mul(a: $complex, b: $complex) -> $complex {
            let (ac, bd) = (a.re * b.re, a.im * b.im);
            let (ad, bc) = (a.re * b.im, a.im * b.re);
            <$complex>::new(ac - bd, ad + bc)
        }

        /// `a / b` on complex numbers, by CPython's `_Py_c_quot` (Smith's
        /// method: scale by the divisor's larger part), as Numba computes
        /// it; a zero divisor raises `ZeroDivisionError` whatever the error
        /// model, and a NaN part of the divisor gives NaN parts.
        #[inline]
        pub fn $truediv(a: $complex, b: $complex) -> $complex {
            let (abs_re, abs_im) = (b.re.abs(), b.im.abs());
            if abs_re >= abs_im {
                if abs_re == 0.0 {
                    zero_division("complex division by zero");
                }
                let ratio = b.im / b.re;
                let denominator = b.re + b.im * ratio;
                <$complex>::new(
                    (a.re + a.im * ratio) / denominator,
                    (a.im - a.re * ratio) / denominator,
                )
            } else if abs_im >= abs_re {
                let ratio = b.re / b.im;
                let denominator = b.re * ratio + b.im;
                <$complex>::new(
                    (a.re * ratio + a.im) / denominator,
                    (a.im * ratio - a.re) / denominator,
                )
            } else {
                <$complex>::new(<$float>::NAN, <$float>::NAN)
            }
        }
    )*};
}

/// CPython's `_Py_c_pow` (3.11), which Numba's `numba_cpow` calls: polar
/// form through the C library's `hypot`, `pow`, `atan2`, `exp`, `log`,
/// `cos` and `sin`. Where CPython sets `EDOM` (zero to a negative or
/// complex power) Numba gives NaN parts and raises nothing.
fn c_pow(a: num_complex::Complex64, b: num_complex::Complex64) -> num_complex::Complex64 {
    use num_complex::Complex64;
    if b.re == 0.0 && b.im == 0.0 {
        return Complex64::new(1.0, 0.0);
    }
    if a.re == 0.0 && a.im == 0.0 {
        if b.im != 0.0 || b.re < 0.0 {
            return Complex64::new(f64::NAN, f64::NAN);
        }
        return Complex64::new(0.0, 0.0);
    }
    let magnitude = a.re.hypot(a.im);
    let mut length = magnitude.powf(b.re);
    let angle = a.im.atan2(a.re);
    let mut phase = angle * b.re;
    if b.im != 0.0 {
        length /= (angle * b.im).exp();
        phase += b.im * magnitude.ln();
    }
    Complex64::new(length * phase.cos(), length * phase.sin())
}

/// `a ** b` on complex128s, as Numba computes it: an exponent of exactly
/// `2+0j` is `a * a`, any other goes through `_Py_c_pow`.
#[inline]
pub fn pow_complex128(
    a: num_complex::Complex64,
    b: num_complex::Complex64,
) -> num_complex::Complex64 {
    if b.re == 2.0 && b.im == 0.0 {
        return mul_complex128(a, a);
    }
    c_pow(a, b)
}

/// `a ** b` on complex64s: `a * a` in float32 for `2+0j`, otherwise
/// `_Py_c_pow` in float64, rounded back (Numba's `numba_cpowf`).
#[inline]
pub fn pow_complex64(
    a: num_complex::Complex32,
    b: num_complex::Complex32,
) -> num_complex::Complex32 {
    if b.re == 2.0 && b.im == 0.0 {
        return mul_complex64(a, a);
    }
    let widen =
        |z: num_complex::Complex32| num_complex::Complex64::new(f64::from(z.re), f64::from(z.im));
    let power = c_pow(widen(a), widen(b));
    num_complex::Complex32::new(power.re as f32, power.im as f32)
}

complex_arithmetic! {
    add_complex128, sub_complex128, mul_complex128, truediv_complex128, num_complex::Complex64, f64;
    add_complex64, sub_complex64, mul_complex64, truediv_complex64, num_complex::Complex32, f32;
}

/// Raises Python's `OverflowError`: Numba negates a negative exponent, and
/// `-i64::MIN` does not fit.
#[cold]
#[inline(never)]
fn exponent_overflow() -> ! {
    raise(&format!(
        "OverflowError: the exponent {} cannot be negated",
        i64::MIN
    ))
}

/// Above this exponent Numba stops squaring and calls `math.pow`.
const SQUARING_CUTOFF: u64 = 0x10000;

/// `base ** exponent` on integers, by squaring; a negative exponent gives
/// the integer part of the reciprocal (0 unless the base is ±1), as Numba.
/// Past Numba's squaring cutoff, where Numba converts `math.pow`'s float
/// result back (undefined for results out of range), the product still
/// wraps, as below it.
#[inline]
pub fn pow_i64(base: i64, exponent: i64) -> i64 {
    if exponent == i64::MIN {
        exponent_overflow();
    }
    if exponent < 0 {
        return match base {
            1 => 1,
            -1 if exponent % 2 == 0 => 1,
            -1 => -1,
            0 => zero_division("0 cannot be raised to a negative power"),
            _ => 0,
        };
    }
    // Two's complement products wrap to the same bits signed or unsigned.
    pow_u64(base as u64, exponent as u64) as i64
}

/// `base ** exponent` on unsigned integers, by squaring.
#[inline]
pub fn pow_u64(base: u64, exponent: u64) -> u64 {
    let (mut result, mut factor, mut remaining) = (1u64, base, exponent);
    while remaining > 0 {
        if remaining & 1 == 1 {
            result = result.wrapping_mul(factor);
        }
        remaining >>= 1;
        if remaining > 0 {
            factor = factor.wrapping_mul(factor);
        }
    }
    result
}

macro_rules! float_int_power {
    ($($name:ident, $float:ty;)*) => {$(
        /// `base ** exponent` for a float base and an integer exponent, as
        /// Numba computes it: by squaring up to an exponent of 65536, by
        /// `math.pow` in double precision beyond. A negative exponent
        /// inverts the product, and inverting 0 raises `ZeroDivisionError`
        /// (Numba's float division checks the divisor).
        #[inline]
        pub fn $name(base: $float, exponent: i64) -> $float {
            if exponent == i64::MIN {
                exponent_overflow();
            }
            let magnitude = exponent.unsigned_abs();
            if magnitude > SQUARING_CUTOFF {
                return (base as f64).powf(exponent as f64) as $float;
            }
            let (mut result, mut factor, mut remaining) = (1.0 as $float, base, magnitude);
            while remaining > 0 {
                if remaining & 1 == 1 {
                    result *= factor;
                }
                remaining >>= 1;
                if remaining > 0 {
                    factor *= factor;
                }
            }
            if exponent >= 0 {
                result
            } else if result == 0.0 {
                zero_division("float division by zero")
            } else {
                1.0 / result
            }
        }
    )*};
}

float_int_power! {
    powi_f64, f64;
    powi_f32, f32;
}

/// Python's `round(x)` for floats: to the nearest integer, ties to even.
#[inline]
pub fn round_f64(x: f64) -> i64 {
    x.round_ties_even() as i64
}

/// `round(x, ndigits)` for floats, as NumPy and Numba compute it: scale,
/// round ties to even, scale back.
#[inline]
pub fn round_digits_f64(x: f64, ndigits: i64) -> f64 {
    let ndigits = i32::try_from(ndigits).unwrap_or(if ndigits < 0 { i32::MIN } else { i32::MAX });
    if ndigits >= 0 {
        let scale = 10f64.powi(ndigits);
        let scaled = x * scale;
        if !scaled.is_finite() {
            return x;
        }
        scaled.round_ties_even() / scale
    } else {
        let scale = 10f64.powi(-ndigits);
        (x / scale).round_ties_even() * scale
    }
}

/// A Python index into an axis of length `len`: negative counts from the
/// end. Out of range stays out of range (the view reports it).
#[inline]
pub fn wrap_index(index: i64, len: usize) -> usize {
    if index < 0 {
        let from_end = len as i64 + index;
        usize::try_from(from_end).unwrap_or(usize::MAX)
    } else {
        usize::try_from(index).unwrap_or(usize::MAX)
    }
}

/// `x, y, z = a` of a 1-d array: Python's `ValueError` unless the array
/// has exactly one element per target (Numba raises it with no message).
#[inline]
#[track_caller]
pub fn check_unpack(len: i64, targets: i64) {
    if len != targets {
        raise(&format!(
            "ValueError: cannot unpack an array of {len} elements into {targets} targets"
        ));
    }
}

/// Whether `a_len` elements from `a` and `b_len` elements from `b` share no
/// byte: a loop that writes one while its divisors read the other may check
/// those divisors ahead of the writes. Only addresses are compared; nothing
/// is read. Conservative for an empty range inside the other.
#[inline]
pub fn disjoint<A, B>(a: *const A, a_len: usize, b: *const B, b_len: usize) -> bool {
    let a_end = a.addr().wrapping_add(a_len.wrapping_mul(size_of::<A>()));
    let b_end = b.addr().wrapping_add(b_len.wrapping_mul(size_of::<B>()));
    a_end <= b.addr() || b_end <= a.addr()
}

/// Python's `range(start, stop, step)` for `int64`.
#[derive(Clone, Debug)]
pub struct Range {
    next: i64,
    stop: i64,
    step: i64,
}

/// `range(start, stop, step)`; a zero step raises `ValueError` as Python does.
#[inline]
pub fn range(start: i64, stop: i64, step: i64) -> Range {
    if step == 0 {
        raise("ValueError: range() arg 3 must not be zero");
    }
    Range {
        next: start,
        stop,
        step,
    }
}

impl Iterator for Range {
    type Item = i64;

    #[inline]
    fn next(&mut self) -> Option<i64> {
        let more = if self.step > 0 {
            self.next < self.stop
        } else {
            self.next > self.stop
        };
        if !more {
            return None;
        }
        let current = self.next;
        match current.checked_add(self.step) {
            Some(next) => self.next = next,
            None => self.next = self.stop,
        }
        Some(current)
    }
}

unsafe extern "C" {
    fn erf(x: f64) -> f64;
    fn erfc(x: f64) -> f64;
    fn tgamma(x: f64) -> f64;
    fn lgamma_r(x: f64, sign: *mut core::ffi::c_int) -> f64;
    fn asinh(x: f64) -> f64;
    fn acosh(x: f64) -> f64;
    fn atanh(x: f64) -> f64;
    fn asinhf(x: f32) -> f32;
    fn acoshf(x: f32) -> f32;
    fn atanhf(x: f32) -> f32;
}

macro_rules! libm_functions {
    ($($name:ident => $c:ident, $float:ty;)*) => {$(
        /// The C library's function of the same name, which Numba calls:
        /// `std` has no `erf` or `gamma`, and its `asinh`, `acosh` and
        /// `atanh` are its own formulas, which differ from the C library's
        /// in the last bit for many arguments.
        #[inline]
        pub fn $name(x: $float) -> $float {
            // SAFETY: a pure libm function of one float.
            unsafe { $c(x) }
        }
    )*};
}

libm_functions! {
    erf_f64 => erf, f64;
    erfc_f64 => erfc, f64;
    gamma_f64 => tgamma, f64;
    asinh_f64 => asinh, f64;
    acosh_f64 => acosh, f64;
    atanh_f64 => atanh, f64;
    asinh_f32 => asinhf, f32;
    acosh_f32 => acoshf, f32;
    atanh_f32 => atanhf, f32;
}

/// `math.lgamma`: C's `lgamma` writes the sign of the gamma function to the
/// global `signgam`, a data race between threads; `lgamma_r` returns it.
#[inline]
pub fn lgamma_f64(x: f64) -> f64 {
    let mut sign = 0;
    // SAFETY: a libm function of one double that writes only `sign`.
    unsafe { lgamma_r(x, &mut sign) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lgamma_is_the_log_of_the_gamma_function_magnitude_on_every_thread() {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..1000)
                        .map(|_| (lgamma_f64(0.5), lgamma_f64(-0.5), lgamma_f64(1.0)))
                        .next_back()
                })
            })
            .collect();
        for thread in threads {
            let (half, minus_half, one) = thread.join().unwrap().unwrap();
            assert!((half - 0.572_364_942_924_700_1).abs() < 1e-15);
            assert!((minus_half - 1.265_512_123_484_645_4).abs() < 1e-15);
            assert_eq!(one, 0.0);
        }
    }

    #[test]
    fn integer_floor_division_and_modulo_follow_python() {
        for (a, b, q, r) in [
            (7, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
            (6, 3, 2, 0),
        ] {
            assert_eq!(floordiv_i64(a, b), q, "{a} // {b}");
            assert_eq!(mod_i64(a, b), r, "{a} % {b}");
        }
    }

    #[test]
    fn float_floor_division_and_modulo_follow_python() {
        assert_eq!(mod_f64(-7.5, 2.0), 0.5);
        assert_eq!(mod_f64(5.0, -3.0), -1.0);
        assert_eq!(floordiv_f64(-7.5, 2.0), -4.0);
        assert_eq!(floordiv_f64(7.0, -2.0), -4.0);
        assert!(mod_f64(-0.0, 3.0).is_sign_positive());
        assert!(mod_f64(3.0, -3.0).is_sign_negative());
        assert_eq!(floordiv_f64(1.0, 0.1), 9.0);
    }

    #[test]
    #[should_panic(expected = "ZeroDivisionError: integer division by zero")]
    fn integer_division_by_zero_raises() {
        floordiv_i64(1, 0);
    }

    #[test]
    fn min_floor_divided_by_minus_one_is_zero_as_in_numba() {
        assert_eq!(floordiv_i64(i64::MIN, -1), 0);
        assert_eq!(mod_i64(i64::MIN, -1), 0);
        assert_eq!(floordiv_i64(i64::MIN, 1), i64::MIN);
    }

    #[test]
    fn float_powers_switch_to_pow_past_numbas_cutoff() {
        let base = 1.000_000_1f64;
        let squared = (0..16).fold(base, |x, _| x * x);
        assert_eq!(powi_f64(base, 65536), squared);
        assert_eq!(powi_f64(base, 65537), base.powf(65537.0));
        assert_eq!(powi_f32(1.5, 70000), f32::INFINITY);
        assert_eq!(powi_f64(0.0, -100_000), f64::INFINITY);
    }

    #[test]
    #[should_panic(expected = "ZeroDivisionError")]
    fn zero_to_a_negative_integer_power_raises() {
        powi_f64(0.0, -1);
    }

    #[test]
    #[should_panic(expected = "OverflowError")]
    fn the_most_negative_exponent_raises() {
        pow_i64(2, i64::MIN);
    }

    #[test]
    fn powers() {
        assert_eq!(pow_i64(2, 10), 1024);
        assert_eq!(pow_i64(2, -1), 0);
        assert_eq!(pow_i64(-1, -3), -1);
        assert_eq!(pow_i64(3, 41), 3i64.wrapping_pow(41));
        assert_eq!(powi_f64(2.0, -2), 0.25);
        assert_eq!(powi_f64(1.5, 3), 3.375);
    }

    #[test]
    fn rounding_and_indices() {
        assert_eq!(round_f64(2.5), 2);
        assert_eq!(round_f64(3.5), 4);
        assert_eq!(round_f64(-2.5), -2);
        assert_eq!(round_digits_f64(2.675, 1), 2.7);
        assert_eq!(wrap_index(-1, 5), 4);
        assert_eq!(wrap_index(2, 5), 2);
        assert_eq!(wrap_index(-6, 5), usize::MAX);
    }

    #[test]
    fn ranges_follow_python() {
        assert_eq!(range(0, 5, 2).collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!(range(5, 0, -2).collect::<Vec<_>>(), [5, 3, 1]);
        assert_eq!(range(0, 0, 1).count(), 0);
        assert_eq!(
            range(i64::MAX - 1, i64::MAX, 5).collect::<Vec<_>>(),
            [i64::MAX - 1]
        );
    }

    #[test]
    fn disjoint_compares_byte_ranges() {
        let buffer = [0.0f64; 8];
        let at = |k: usize| buffer[k..].as_ptr();
        assert!(disjoint(at(0), 4, at(4), 4));
        assert!(disjoint(at(4), 4, at(0), 4));
        assert!(!disjoint(at(0), 5, at(4), 4));
        assert!(!disjoint(at(0), 8, at(2), 1));
        // Bytes, not elements: two f32s over the second double's bytes.
        let floats = at(1).cast::<f32>();
        assert!(!disjoint(at(1), 1, floats, 2));
        assert!(disjoint(at(0), 1, floats, 2));
        assert!(!disjoint(at(0), 2, floats.wrapping_add(1), 1));
    }

    #[test]
    fn complex_division_follows_cpython() {
        use num_complex::{Complex32, Complex64};
        let c = Complex64::new;
        // Both branches of Smith's method, with Numba's results.
        assert_eq!(truediv_complex128(c(1.0, 2.0), c(3.0, 4.0)), c(0.44, 0.08));
        assert_eq!(truediv_complex128(c(1.0, 2.0), c(4.0, 3.0)), c(0.4, 0.2));
        assert_eq!(truediv_complex128(c(1.0, 2.0), c(0.0, 1.0)), c(2.0, -1.0));
        // An infinite divisor part gives zeros; a NaN part gives NaNs.
        assert_eq!(
            truediv_complex128(c(1.0, 1.0), c(f64::INFINITY, 1.0)),
            c(0.0, 0.0)
        );
        let nan = truediv_complex128(c(1.0, 1.0), c(0.0, f64::NAN));
        assert!(nan.re.is_nan() && nan.im.is_nan());
        assert_eq!(
            truediv_complex64(Complex32::new(1.0, 2.0), Complex32::new(0.0, 1.0)),
            Complex32::new(2.0, -1.0)
        );
        for zero in [c(0.0, 0.0), c(-0.0, 0.0), c(0.0, -0.0)] {
            let raised = std::panic::catch_unwind(|| truediv_complex128(c(1.0, 1.0), zero));
            let message = raised.unwrap_err().downcast::<String>().unwrap();
            assert!(
                message.starts_with("ZeroDivisionError: complex division by zero"),
                "{message}"
            );
        }
    }

    #[test]
    fn complex_products_are_the_plain_formula() {
        use num_complex::Complex64;
        let c = Complex64::new;
        assert_eq!(mul_complex128(c(1.5, -2.0), c(0.25, 4.0)), c(8.375, 5.5));
        // No recovery of infinities (Python 3.14 added one; Numba under
        // Python 3.11 has none): inf * 0 in the imaginary part is NaN.
        let product = mul_complex128(c(f64::INFINITY, 0.0), c(2.0, 0.0));
        assert_eq!(product.re, f64::INFINITY);
        assert!(product.im.is_nan());
        assert_eq!(add_complex128(c(1.0, -0.0), c(2.0, 0.0)), c(3.0, 0.0));
        assert!(
            sub_complex128(c(-0.0, 0.0), c(0.0, 0.0))
                .re
                .is_sign_negative()
        );
    }

    // The expected values are what Numba 0.68 gives for the same inputs.
    #[test]
    fn numpy_error_model_division_does_not_raise() {
        assert_eq!(floordiv_np_i64(5, 0), 0);
        assert_eq!(mod_np_i64(-5, 0), 0);
        assert_eq!(floordiv_np_u64(5, 0), 0);
        assert_eq!(floordiv_np_i64(-7, 2), -4);
        assert_eq!(floordiv_np_f64(1.0, 0.0), f64::INFINITY);
        assert_eq!(floordiv_np_f64(-1.0, 0.0), f64::NEG_INFINITY);
        assert!(floordiv_np_f64(0.0, 0.0).is_nan());
        assert!(mod_np_f64(1.0, 0.0).is_nan());
        assert_eq!(mod_np_f64(-7.5, 2.0), 0.5);
        assert_eq!(power_i64(0, -1), i64::MIN);
    }

    #[test]
    fn numpy_loops_work_in_their_own_width() {
        assert_eq!(floor_divide_i32(i32::MIN, -1), 0);
        assert_eq!(floor_divide_i32(7, 0), 0);
        assert_eq!(floor_divide_i32(-7, 2), -4);
        assert_eq!(remainder_i32(-7, 2), 1);
        assert_eq!(remainder_i32(i32::MIN, -1), 0);
        assert_eq!(remainder_i8(7, 0), 0);
        assert_eq!(floor_divide_u8(7, 0), 0);
        assert_eq!(power_i32(3, 25), i32::MIN);
        assert_eq!(power_i32(2, 31), i32::MIN);
        assert_eq!(power_i32(0, -1), i32::MIN);
        assert_eq!(power_i32(7, 3), 343);
        assert_eq!(power_i16(3, 25), 0);
        assert_eq!(power_i16(2, 9), 512);
        assert_eq!(power_i8(2, 7), -128);
        assert_eq!(power_i8(16, 2), 0);
        assert_eq!(power_u8(3, 25), 163);
        assert_eq!(power_u32(5, 100), 2_323_835_121);
        assert_eq!(power_i64(3, 40), -6_289_078_614_652_622_815);
        assert_eq!(floor_divide_f64(f64::INFINITY, 2.0), f64::INFINITY);
        assert_eq!(floor_divide_f64(-7.5, 2.0), -4.0);
        let zero = remainder_f64(-4.0, 2.0);
        assert!(zero == 0.0 && zero.is_sign_positive());
        assert_eq!(remainder_f64(-7.5, 2.0), 0.5);
        assert!(remainder_f64(7.0, 0.0).is_nan());
        assert_eq!(power_f64(2.0, 0.5), std::f64::consts::SQRT_2);
    }

    // Numba calls the C library; Rust's own `asinh`, `acosh` and `atanh`
    // differ from it in the last bit at these arguments.
    #[test]
    fn inverse_hyperbolic_functions_are_the_c_library_s() {
        for x in [2.188, -1.482, -3.507] {
            // SAFETY: pure libm functions of one double.
            let (c_asinh, c_acosh, c_atanh) = unsafe { (asinh(x), acosh(1.0 - x), atanh(x / 6.0)) };
            assert_eq!(asinh_f64(x).to_bits(), c_asinh.to_bits(), "asinh({x})");
            assert_eq!(acosh_f64(1.0 - x).to_bits(), c_acosh.to_bits());
            assert_eq!(atanh_f64(x / 6.0).to_bits(), c_atanh.to_bits());
        }
        assert_ne!(
            asinh_f64(2.188),
            2.188_f64.asinh(),
            "std's asinh is its own"
        );
    }
}
