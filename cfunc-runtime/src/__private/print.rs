//! `print(...)` in code lowered from the Python-like form, in the format
//! Numba's nopython `print` gives (it prints Python's `str()` of each
//! value): `True`/`False`, integers in decimal, floats as Python's `repr`
//! (the shortest digits that read back, `1e+16`, `1e-05`, `-0.0`, `nan`),
//! a `float32` as the `float64` it widens to (`0.10000000149011612`),
//! complex numbers as `(1+2j)`, tuples as `(1, 2.5)` and `(1,)`.
//!
//! The line goes to the process's stdout in one write and is flushed,
//! so it is not lost if the process then aborts, and lines of different
//! threads do not mix.

use num_complex::{Complex32, Complex64};
use std::fmt::Write as _;
use std::io::Write as _;

/// A value `print` can show.
pub trait PyStr {
    /// Appends Python's `str()` of the value.
    fn push_str(&self, out: &mut String);
    /// Appends Python's `repr()`, which a tuple shows its items with.
    fn push_repr(&self, out: &mut String) {
        self.push_str(out);
    }
}

/// Prints the values separated by spaces and ends the line.
pub fn print(items: &[&dyn PyStr]) {
    let mut line = String::new();
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            line.push(' ');
        }
        item.push_str(&mut line);
    }
    line.push('\n');
    let mut stdout = std::io::stdout().lock();
    // A closed or full stdout loses the line, as Python's print would
    // raise; a callback must not panic over it.
    let _ = stdout.write_all(line.as_bytes());
    let _ = stdout.flush();
}

macro_rules! integer_str {
    ($($int:ty),*) => {$(
        impl PyStr for $int {
            fn push_str(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

integer_str!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl PyStr for bool {
    fn push_str(&self, out: &mut String) {
        out.push_str(if *self { "True" } else { "False" });
    }
}

impl PyStr for f64 {
    fn push_str(&self, out: &mut String) {
        push_float(*self, true, out);
    }
}

impl PyStr for f32 {
    fn push_str(&self, out: &mut String) {
        push_float(f64::from(*self), true, out);
    }
}

impl PyStr for str {
    fn push_str(&self, out: &mut String) {
        out.push_str(self);
    }

    fn push_repr(&self, out: &mut String) {
        out.push('\'');
        for c in self.chars() {
            match c {
                '\'' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('\'');
    }
}

impl PyStr for &str {
    fn push_str(&self, out: &mut String) {
        (**self).push_str(out);
    }

    fn push_repr(&self, out: &mut String) {
        (**self).push_repr(out);
    }
}

impl PyStr for Complex64 {
    fn push_str(&self, out: &mut String) {
        push_complex(self.re, self.im, out);
    }
}

impl PyStr for Complex32 {
    fn push_str(&self, out: &mut String) {
        push_complex(f64::from(self.re), f64::from(self.im), out);
    }
}

macro_rules! tuple_str {
    ($(($($item:ident . $index:tt),+))*) => {$(
        impl<$($item: PyStr),+> PyStr for ($($item,)+) {
            fn push_str(&self, out: &mut String) {
                out.push('(');
                $(
                    if $index > 0 {
                        out.push_str(", ");
                    }
                    self.$index.push_repr(out);
                )+
                if [$($index),+].len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
        }
    )*};
}

tuple_str! {
    (A.0)
    (A.0, B.1)
    (A.0, B.1, C.2)
    (A.0, B.1, C.2, D.3)
    (A.0, B.1, C.2, D.3, E.4)
    (A.0, B.1, C.2, D.3, E.4, F.5)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7, I.8)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7, I.8, J.9)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7, I.8, J.9, K.10)
    (A.0, B.1, C.2, D.3, E.4, F.5, G.6, H.7, I.8, J.9, K.10, L.11)
}

/// Python's `repr` of a float: the shortest digits that read back, in
/// positional notation when the decimal point falls within 16 digits
/// before or 4 zeros after the first digit, in exponent notation
/// (`1e+16`, `1.5e-05`) otherwise. `add_dot_zero` gives an integral
/// value its `.0`, which a complex number's parts go without.
fn push_float(x: f64, add_dot_zero: bool, out: &mut String) {
    if x.is_nan() {
        out.push_str("nan");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "inf" } else { "-inf" });
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    // Rust's `{:e}` gives the same shortest digits: `1.2345e17`, `1e-5`.
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("`{:e}` writes an exponent");
    let exponent: i32 = exponent.parse().expect("a decimal exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // Where the decimal point goes, counted in digits from the first.
    let point = exponent + 1;
    if (-3..=16).contains(&point) {
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            if add_dot_zero {
                out.push_str(".0");
            }
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            out.push_str(whole);
            out.push('.');
            out.push_str(fraction);
        }
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "e{sign}{:02}", exponent.unsigned_abs());
    }
}

/// Python's `repr` of a complex number: `2j` for a real part of `+0.0`,
/// `(1+2j)` otherwise, each part without a `.0`.
fn push_complex(re: f64, im: f64, out: &mut String) {
    if re == 0.0 && re.is_sign_positive() {
        push_float(im, false, out);
        out.push('j');
        return;
    }
    out.push('(');
    push_float(re, false, out);
    // The imaginary part always has a sign; NaN's is `+`.
    if im.is_nan() || im.is_sign_positive() {
        out.push('+');
    }
    push_float(im, false, out);
    out.push_str("j)");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(item: &dyn PyStr) -> String {
        let mut out = String::new();
        item.push_str(&mut out);
        out
    }

    #[test]
    fn floats_print_as_python_s_repr() {
        for (x, expected) in [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e-7, "1.5e-07"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(shown(&x), expected, "{x:e}");
        }
        assert_eq!(shown(&0.1_f32), "0.10000000149011612");
        assert_eq!(shown(&3.0e38_f32), "3.0000000054977558e+38");
    }

    #[test]
    fn other_values_print_as_python_s_str() {
        assert_eq!(shown(&true), "True");
        assert_eq!(shown(&i64::MIN), "-9223372036854775808");
        assert_eq!(shown(&(1_i64, 2.5_f64, true)), "(1, 2.5, True)");
        assert_eq!(shown(&(7_u8,)), "(7,)");
        assert_eq!(shown(&((1_i64, "a"), -0.0_f64)), "((1, 'a'), -0.0)");
        assert_eq!(shown(&Complex64::new(1.0, 2.0)), "(1+2j)");
        assert_eq!(shown(&Complex64::new(0.0, 2.0)), "2j");
        assert_eq!(shown(&Complex64::new(-0.0, -1.5)), "(-0-1.5j)");
        assert_eq!(shown(&Complex64::new(1.5, f64::NAN)), "(1.5+nanj)");
        assert_eq!(
            shown(&Complex32::new(0.5, -1e20)),
            "(0.5-1.0000000200408773e+20j)"
        );
        assert_eq!(shown(&Complex64::new(1.0, -f64::NAN)), "(1+nanj)");
    }
}
