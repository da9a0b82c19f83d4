//! Python's `cmath` functions, and NumPy's `exp`, `log`, `log10` and
//! `sqrt` of complex numbers, as Numba 0.68 computes them for complex128
//! (`numba/cpython/cmathimpl.py` and `numba/np/npyfuncs.py`): the same
//! special cases in the same order, and the same libm calls, so results
//! agree bit for bit.

use num_complex::Complex64;

fn complex(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

/// `cmath.exp(z)` and `np.exp(z)`.
pub fn exp_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.is_finite() {
        if y.is_finite() {
            let r = x.exp();
            complex(r * y.cos(), r * y.sin())
        } else {
            complex(f64::NAN, f64::NAN)
        }
    } else if x.is_nan() {
        // Python's truth of `y`: nan is true.
        if y != 0.0 {
            complex(x, x)
        } else {
            complex(x, y)
        }
    } else if x > 0.0 {
        if y.is_finite() {
            // Scaling only non-zero parts keeps `exp(inf + 0j)` at inf + 0j.
            let (mut re, mut im) = (y.cos(), y.sin());
            if re != 0.0 {
                re *= x;
            }
            if im != 0.0 {
                im *= x;
            }
            complex(re, im)
        } else {
            complex(x, f64::NAN)
        }
    } else if y.is_finite() {
        let r = x.exp();
        complex(r * y.cos(), r * y.sin())
    } else {
        complex(0.0, 0.0)
    }
}

/// `cmath.log(z)` and `np.log(z)`: `log(hypot(x, y)) + atan2(y, x) j`.
pub fn log_complex128(z: Complex64) -> Complex64 {
    complex(z.re.hypot(z.im).ln(), z.im.atan2(z.re))
}

/// `cmath.log10(z)`: the natural logarithm's parts divided by ln 10.
pub fn log10_complex128(z: Complex64) -> Complex64 {
    let log = log_complex128(z);
    complex(
        log.re / std::f64::consts::LN_10,
        log.im / std::f64::consts::LN_10,
    )
}

/// `np.log10(z)`: the natural logarithm's parts times log10(e), as NumPy
/// does (which can differ from `cmath.log10` in the last bit).
pub fn np_log10_complex128(z: Complex64) -> Complex64 {
    let log = log_complex128(z);
    complex(
        std::f64::consts::LOG10_E * log.re,
        std::f64::consts::LOG10_E * log.im,
    )
}

/// `cmath.sqrt(z)` and `np.sqrt(z)`: NumPy's `npy_csqrt` (Algorithm 312,
/// CACM 10, 1967), scaled down near overflow.
pub fn sqrt_complex128(z: Complex64) -> Complex64 {
    let (mut a, mut b) = (z.re, z.im);
    if (a == 0.0 && b == 0.0) || b.is_infinite() {
        return complex(b.abs(), b);
    }
    if a.is_nan() {
        return complex(a, a);
    }
    if a.is_infinite() {
        // `b - b` is 0 for a finite `b` and nan otherwise (with the nan's
        // bits the hardware gives, as in Numba).
        #[allow(clippy::eq_op)]
        let zero_or_nan = b - b;
        return if a < 0.0 {
            complex(zero_or_nan.abs(), a.copysign(b))
        } else {
            complex(a, zero_or_nan.copysign(b))
        };
    }
    let threshold = f64::MAX / (1.0 + std::f64::consts::SQRT_2);
    let scale = a.abs() >= threshold || b.abs() >= threshold;
    if scale {
        a *= 0.25;
        b *= 0.25;
    }
    let (real, imag) = if a >= 0.0 {
        let t = ((a + a.hypot(b)) * 0.5).sqrt();
        (t, b / (2.0 * t))
    } else {
        let t = ((-a + a.hypot(b)) * 0.5).sqrt();
        (b.abs() / (2.0 * t), t.copysign(b))
    };
    if scale {
        complex(real * 2.0, imag)
    } else {
        complex(real, imag)
    }
}

/// `cmath.cosh(z)`: `cos(y) cosh(x) + sin(y) sinh(x) j`, with CPython's
/// results for an infinite real part.
pub fn cosh_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.is_infinite() {
        let (real, mut imag) = if y.is_nan() || y == 0.0 {
            (x.abs(), y)
        } else {
            (x.copysign(y.cos()), x.copysign(y.sin()))
        };
        if x < 0.0 {
            imag = -imag;
        }
        return complex(real, imag);
    }
    complex(y.cos() * x.cosh(), y.sin() * x.sinh())
}

/// `cmath.sinh(z)`: `cos(y) sinh(x) + sin(y) cosh(x) j`, with CPython's
/// results for an infinite real part.
pub fn sinh_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.is_infinite() {
        if y.is_nan() {
            return complex(x, y);
        }
        let (mut real, mut imag) = (y.cos(), y.sin());
        if real != 0.0 {
            real *= x;
        }
        if imag != 0.0 {
            imag *= x.abs();
        }
        return complex(real, imag);
    }
    complex(y.cos() * x.sinh(), y.sin() * x.cosh())
}

/// `cmath.tanh(z)`: CPython's `c_tanh`.
pub fn tanh_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.is_infinite() {
        let imag = if y.is_infinite() {
            0.0
        } else {
            0.0_f64.copysign((2.0 * y).sin())
        };
        return complex(1.0_f64.copysign(x), imag);
    }
    let (tx, ty) = (x.tanh(), y.tan());
    let cx = 1.0 / x.cosh();
    let txty = tx * ty;
    let denom = 1.0 + txty * txty;
    complex(tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx)
}

/// `cmath.cos(z)`: `cosh(z j)`.
pub fn cos_complex128(z: Complex64) -> Complex64 {
    cosh_complex128(complex(-z.im, z.re))
}

/// `cmath.sin(z)`: `-j sinh(z j)`.
pub fn sin_complex128(z: Complex64) -> Complex64 {
    let r = sinh_complex128(complex(-z.im, z.re));
    complex(r.im, -r.re)
}

/// `cmath.tan(z)`: `-j tanh(z j)`.
pub fn tan_complex128(z: Complex64) -> Complex64 {
    let r = tanh_complex128(complex(-z.im, z.re));
    complex(r.im, -r.re)
}

/// The parts above which Numba's inverse functions switch to their
/// large-argument formulas: float32's maximum over 4, as Numba writes it
/// (for complex128 too).
const LARGE_PART: f64 = (f32::MAX / 4.0) as f64;

/// `cmath.acos(z)`: CPython's `c_acos`.
pub fn acos_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.abs() > LARGE_PART || y.abs() > LARGE_PART {
        let real = y.abs().atan2(x);
        let imag = ((x * 0.5).hypot(y * 0.5).ln() + 4.0_f64.ln()).copysign(-y);
        return complex(real, imag);
    }
    let s1 = sqrt_complex128(complex(1.0 - x, -y));
    let s2 = sqrt_complex128(complex(1.0 + x, y));
    complex(
        2.0 * s1.re.atan2(s2.re),
        super::py::asinh_f64(s2.re * s1.im - s2.im * s1.re),
    )
}

/// `cmath.acosh(z)`: CPython's `c_acosh`.
pub fn acosh_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.abs() > LARGE_PART || y.abs() > LARGE_PART {
        let real = (x * 0.5).hypot(y * 0.5).ln() + 4.0_f64.ln();
        return complex(real, y.atan2(x));
    }
    let s1 = sqrt_complex128(complex(x - 1.0, y));
    let s2 = sqrt_complex128(complex(x + 1.0, y));
    complex(
        super::py::asinh_f64(s1.re * s2.re + s1.im * s2.im),
        2.0 * s1.im.atan2(s2.re),
    )
}

/// `cmath.asinh(z)`: CPython's `c_asinh`.
pub fn asinh_complex128(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.abs() > LARGE_PART || y.abs() > LARGE_PART {
        let real = ((x * 0.5).hypot(y * 0.5).ln() + 4.0_f64.ln()).copysign(x);
        return complex(real, y.atan2(x.abs()));
    }
    let s1 = sqrt_complex128(complex(1.0 + y, -x));
    let s2 = sqrt_complex128(complex(1.0 - y, x));
    complex(
        super::py::asinh_f64(s1.re * s2.im - s2.re * s1.im),
        y.atan2(s1.re * s2.re - s1.im * s2.im),
    )
}

/// `cmath.asin(z)`: `-j asinh(z j)`.
pub fn asin_complex128(z: Complex64) -> Complex64 {
    let r = asinh_complex128(complex(-z.im, z.re));
    complex(r.im, -r.re)
}

/// `cmath.atan(z)`: `-j atanh(z j)`, with Numba's sign for an infinite
/// real part beside a nan imaginary part.
pub fn atan_complex128(z: Complex64) -> Complex64 {
    let r = atanh_complex128(complex(-z.im, z.re));
    if z.re.is_infinite() && z.im.is_nan() {
        complex(r.im, r.re)
    } else {
        complex(r.im, -r.re)
    }
}

/// `cmath.atanh(z)`: CPython's `c_atanh`, reduced to a non-negative real
/// part.
pub fn atanh_complex128(z: Complex64) -> Complex64 {
    let negate = z.re < 0.0;
    let (x, y) = if negate { (-z.re, -z.im) } else { (z.re, z.im) };
    let large = LARGE_PART.sqrt();
    let small = f64::from(f32::MIN_POSITIVE).sqrt();
    let ay = y.abs();
    let (real, mut imag);
    if x.is_nan() || x > large || ay > large {
        real = if y.is_infinite() {
            0.0_f64.copysign(x)
        } else if x.is_infinite() {
            0.0
        } else {
            let h = (x * 0.5).hypot(y * 0.5);
            x / 4.0 / h / h
        };
        imag = -std::f64::consts::FRAC_PI_2.copysign(-y);
    } else if x == 1.0 && ay < small {
        if ay == 0.0 {
            real = f64::INFINITY;
            imag = y;
        } else {
            real = -(ay.sqrt() / ay.hypot(2.0).sqrt()).ln();
            imag = (2.0_f64.atan2(-ay) / 2.0).copysign(y);
        }
    } else {
        let square = ay * ay;
        let one_minus = 1.0 - x;
        real = (4.0 * x / (one_minus * one_minus + square)).ln_1p() * 0.25;
        imag = -(-2.0 * y).atan2(one_minus * (1.0 + x) - square) * 0.5;
    }
    if y.is_nan() {
        imag = f64::NAN;
    }
    if negate {
        complex(-real, -imag)
    } else {
        complex(real, imag)
    }
}

/// `cmath.phase(z)`: `atan2(imag, real)`.
pub fn phase_complex128(z: Complex64) -> f64 {
    z.im.atan2(z.re)
}

/// `cmath.polar(z)`: `(abs(z), phase(z))`.
pub fn polar_complex128(z: Complex64) -> (f64, f64) {
    (z.re.hypot(z.im), z.im.atan2(z.re))
}

/// `cmath.rect(r, phi)`: `r * (cos(phi) + sin(phi) j)`, keeping a zero
/// part zero (with the sign's xor) for an infinite `r`, and CPython's
/// results for a non-finite `phi`.
pub fn rect_complex128(r: f64, phi: f64) -> Complex64 {
    if !phi.is_finite() {
        if r == 0.0 {
            return complex(r.abs(), 0.0);
        }
        if r.is_infinite() {
            return complex(r, phi);
        }
    }
    let scaled = |part: f64| {
        if part == 0.0 && r.is_infinite() {
            part / r
        } else {
            part * r
        }
    };
    complex(scaled(phi.cos()), scaled(phi.sin()))
}

/// `cmath.isnan(z)`: either part is nan.
pub fn isnan_complex128(z: Complex64) -> bool {
    z.re.is_nan() || z.im.is_nan()
}

/// `cmath.isinf(z)`: either part is infinite.
pub fn isinf_complex128(z: Complex64) -> bool {
    z.re.is_infinite() || z.im.is_infinite()
}

/// `cmath.isfinite(z)`: both parts are finite.
pub fn isfinite_complex128(z: Complex64) -> bool {
    z.re.is_finite() && z.im.is_finite()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numba_s_constants_are_the_standard_ones() {
        // Numba writes ln 10 as 2.302585092994045684 and log10(e) as
        // 0.434294481903251827651128918916605082.
        let parse = |text: &str| text.parse::<f64>().expect("a float");
        assert_eq!(parse("2.302585092994045684"), std::f64::consts::LN_10);
        assert_eq!(
            parse("0.434294481903251827651128918916605082"),
            std::f64::consts::LOG10_E
        );
    }

    #[test]
    fn special_values_follow_cpython() {
        let inf = f64::INFINITY;
        assert_eq!(exp_complex128(complex(inf, 0.0)), complex(inf, 0.0));
        assert_eq!(exp_complex128(complex(-inf, inf)), complex(0.0, 0.0));
        assert!(exp_complex128(complex(f64::NAN, 1.0)).im.is_nan());
        assert_eq!(exp_complex128(complex(f64::NAN, 0.0)).im, 0.0);
        assert_eq!(sqrt_complex128(complex(-4.0, 0.0)), complex(0.0, 2.0));
        assert_eq!(sqrt_complex128(complex(-4.0, -0.0)), complex(0.0, -2.0));
        assert_eq!(sqrt_complex128(complex(1.0, inf)), complex(inf, inf));
        assert_eq!(sqrt_complex128(complex(-inf, 1.0)), complex(0.0, inf));
        let huge = sqrt_complex128(complex(f64::MAX, f64::MAX));
        assert!(huge.re.is_finite() && huge.im.is_finite());
        assert_eq!(rect_complex128(0.0, inf), complex(0.0, 0.0));
        assert_eq!(rect_complex128(inf, 0.0), complex(inf, 0.0));
        assert_eq!(polar_complex128(complex(-1.0, 0.0)).1, std::f64::consts::PI);
        assert!(isnan_complex128(complex(0.0, f64::NAN)));
        assert!(isinf_complex128(complex(inf, f64::NAN)));
        assert!(!isfinite_complex128(complex(1.0, inf)));
    }
}
