//! Outcomes of calls and how they compare: the values `run_numba.py`
//! writes (floats as `float.hex()` text) read back exactly, and floats
//! compared to one ulp.

use cfunc::sig::{Scalar, Signature, Type};
use serde_json::Value as Json;

/// A scalar as it left a call, comparable bit for bit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    Void,
    Bool(bool),
    Int(i128),
    F32(f32),
    F64(f64),
    /// A `complex64`: its real and imaginary parts.
    C64(f32, f32),
    /// A `complex128`.
    C128(f64, f64),
}

/// What one call did.
#[derive(Debug, PartialEq)]
pub(crate) struct Outcome {
    pub(crate) result: Num,
    /// The exception class the call raised (Numba returns 0 and reports it;
    /// so does cfunc's default panic policy).
    pub(crate) raised: Option<String>,
    /// The final contents of the pointer arguments, in order.
    pub(crate) buffers: Vec<Vec<Num>>,
}

/// How two numbers compare.
#[derive(Debug, PartialEq)]
pub(crate) enum Agreement {
    Exact,
    /// Floats one unit in the last place apart.
    OneUlp,
    Differ,
}
pub(crate) fn scalar(ty: &Type) -> Scalar {
    match ty {
        Type::Scalar(scalar) => *scalar,
        other => panic!("the suite passes scalars and pointers to scalars, not {other}"),
    }
}

/// A float input: a JSON number or "nan", "inf", "-inf".
pub(crate) fn json_f64(value: &Json) -> f64 {
    match value {
        Json::Number(number) => number.as_f64().expect("a JSON number is a double"),
        Json::String(text) => match text.as_str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => panic!("expected a float or \"nan\"/\"inf\"/\"-inf\", found {other:?}"),
        },
        other => panic!("expected a float, found {other}"),
    }
}

pub(crate) fn json_int(value: &Json) -> i128 {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
        .unwrap_or_else(|| panic!("expected an integer, found {value}"))
}
/// `float.hex()` text (`-0x1.8p+1`, `0x0.0p+0`, `nan`, `inf`) to a double,
/// exactly.
pub(crate) fn parse_hex_float(text: &str) -> Option<f64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = match body {
        "nan" => f64::NAN,
        "inf" => f64::INFINITY,
        _ => {
            let body = body.strip_prefix("0x")?;
            let (mantissa, exponent) = body.split_once('p')?;
            let (lead, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
            let exponent: i64 = exponent.parse().ok()?;
            if fraction.len() > 13 {
                return None;
            }
            let fraction_bits =
                u64::from_str_radix(fraction, 16).ok()? << (4 * (13 - fraction.len()));
            match lead {
                "1" => {
                    let biased = u64::try_from(exponent + 1023)
                        .ok()
                        .filter(|e| (1..2047).contains(e))?;
                    f64::from_bits(biased << 52 | fraction_bits)
                }
                // Python writes zero and subnormals with a leading 0 and p-1022.
                "0" if fraction_bits == 0 => 0.0,
                "0" if exponent == -1022 => f64::from_bits(fraction_bits),
                _ => return None,
            }
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A result as `run_numba.py` writes it, read as the type `ty` returns.
pub(crate) fn decode_result(ty: &Type, value: &Json) -> Num {
    let float = || {
        let text = value
            .as_str()
            .unwrap_or_else(|| panic!("a float result is hex text, not {value}"));
        parse_hex_float(text).unwrap_or_else(|| panic!("{text:?} is not `float.hex()` text"))
    };
    match scalar(ty) {
        Scalar::Void => Num::Void,
        Scalar::Boolean => Num::Bool(value.as_bool().expect("a boolean result")),
        // Exact: the double was widened from this float.
        Scalar::Float32 => Num::F32(float() as f32),
        Scalar::Float64 => Num::F64(float()),
        // `[re.hex(), im.hex()]`.
        Scalar::Complex64 | Scalar::Complex128 => {
            let part = |part: &Json| decode_result(&Type::Scalar(Scalar::Float64), part);
            let parts = value
                .as_array()
                .unwrap_or_else(|| panic!("a complex result is a list [re, im], not {value}"));
            let [Num::F64(re), Num::F64(im)] = [part(&parts[0]), part(&parts[1])] else {
                unreachable!("float64 parts")
            };
            if scalar(ty) == Scalar::Complex64 {
                Num::C64(re as f32, im as f32)
            } else {
                Num::C128(re, im)
            }
        }
        _ => Num::Int(json_int(value)),
    }
}

pub(crate) fn decode_outcome(signature: &Signature, json: &Json) -> Outcome {
    let pointees: Vec<&Type> = signature
        .args
        .iter()
        .filter_map(|slot| match slot {
            Type::Pointer(element) => Some(&**element),
            _ => None,
        })
        .collect();
    let buffers = json["buffers"].as_array().expect("a list of buffers");
    Outcome {
        result: decode_result(&signature.ret, &json["result"]),
        raised: json["raised"].as_str().map(str::to_owned),
        buffers: pointees
            .iter()
            .zip(buffers)
            .map(|(element, values)| {
                let values = values.as_array().expect("a buffer is a list");
                values
                    .iter()
                    .map(|value| decode_result(element, value))
                    .collect()
            })
            .collect(),
    }
}

/// The distance in ulps between two finite or infinite floats of one sign
/// convention (the ordered integer view of their bits).
pub(crate) fn ulps(a: i64, b: i64) -> u64 {
    let ordered = |bits: i64| if bits < 0 { i64::MIN - bits } else { bits };
    ordered(a).abs_diff(ordered(b))
}

pub(crate) fn compare_num(cfunc: Num, numba: Num) -> Agreement {
    let float_agreement = |nan: (bool, bool), zero_signs: Option<(bool, bool)>, distance: u64| {
        match nan {
            (true, true) => Agreement::Exact,
            // The sign of zero is part of Python's float semantics (the
            // ordered view puts both zeros at 0, so check it first).
            (false, false) if zero_signs.is_some_and(|(a, b)| a != b) => Agreement::Differ,
            (false, false) if distance == 0 => Agreement::Exact,
            (false, false) if distance == 1 => Agreement::OneUlp,
            _ => Agreement::Differ,
        }
    };
    match (cfunc, numba) {
        (Num::F64(a), Num::F64(b)) => float_agreement(
            (a.is_nan(), b.is_nan()),
            (a == 0.0 || b == 0.0).then(|| (a.is_sign_negative(), b.is_sign_negative())),
            ulps(a.to_bits() as i64, b.to_bits() as i64),
        ),
        (Num::F32(a), Num::F32(b)) => float_agreement(
            (a.is_nan(), b.is_nan()),
            (a == 0.0 || b == 0.0).then(|| (a.is_sign_negative(), b.is_sign_negative())),
            ulps(i64::from(a.to_bits() as i32), i64::from(b.to_bits() as i32)),
        ),
        // Part by part: the worse of the two.
        (Num::C64(a_re, a_im), Num::C64(b_re, b_im)) => worse(
            compare_num(Num::F32(a_re), Num::F32(b_re)),
            compare_num(Num::F32(a_im), Num::F32(b_im)),
        ),
        (Num::C128(a_re, a_im), Num::C128(b_re, b_im)) => worse(
            compare_num(Num::F64(a_re), Num::F64(b_re)),
            compare_num(Num::F64(a_im), Num::F64(b_im)),
        ),
        (a, b) if a == b => Agreement::Exact,
        _ => Agreement::Differ,
    }
}

fn worse(a: Agreement, b: Agreement) -> Agreement {
    match (a, b) {
        (Agreement::Differ, _) | (_, Agreement::Differ) => Agreement::Differ,
        (Agreement::OneUlp, _) | (_, Agreement::OneUlp) => Agreement::OneUlp,
        _ => Agreement::Exact,
    }
}

/// How two outcomes compare: the worst of their parts.
pub(crate) fn compare(cfunc: &Outcome, numba: &Outcome) -> Agreement {
    if cfunc.raised != numba.raised || cfunc.buffers.len() != numba.buffers.len() {
        return Agreement::Differ;
    }
    let mut pairs = vec![(cfunc.result, numba.result)];
    for (ours, theirs) in cfunc.buffers.iter().zip(&numba.buffers) {
        if ours.len() != theirs.len() {
            return Agreement::Differ;
        }
        pairs.extend(ours.iter().copied().zip(theirs.iter().copied()));
    }
    let agreements: Vec<Agreement> = pairs.into_iter().map(|(a, b)| compare_num(a, b)).collect();
    if agreements.contains(&Agreement::Differ) {
        Agreement::Differ
    } else if agreements.contains(&Agreement::OneUlp) {
        Agreement::OneUlp
    } else {
        Agreement::Exact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_floats_parse_to_their_exact_bits() {
        for x in [
            3.0,
            -0.1,
            1e308,
            f64::MIN_POSITIVE,
            5e-324,
            -2.5e-310,
            f64::MAX,
        ] {
            let text = hex(x);
            assert_eq!(
                parse_hex_float(&text).map(f64::to_bits),
                Some(x.to_bits()),
                "{text}"
            );
        }
        assert_eq!(
            parse_hex_float("-0x0.0p+0").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert!(parse_hex_float("nan").is_some_and(f64::is_nan));
        assert_eq!(parse_hex_float("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_hex_float("3.0"), None);
    }

    /// `float.hex()` of a finite double, written from its bits.
    fn hex(x: f64) -> String {
        let bits = x.to_bits();
        let sign = if x.is_sign_negative() { "-" } else { "" };
        let (exponent, fraction) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
        match exponent {
            0 => format!("{sign}0x0.{fraction:013x}p-1022"),
            _ => format!("{sign}0x1.{fraction:013x}p{:+}", exponent as i64 - 1023),
        }
    }

    #[test]
    fn floats_agree_to_one_ulp_with_nan_equal_and_signed_zeros_apart() {
        let next = f64::from_bits(1.0f64.to_bits() + 1);
        assert_eq!(compare_num(Num::F64(1.0), Num::F64(1.0)), Agreement::Exact);
        assert_eq!(
            compare_num(Num::F64(1.0), Num::F64(next)),
            Agreement::OneUlp
        );
        assert_eq!(
            compare_num(Num::F64(f64::NAN), Num::F64(-f64::NAN)),
            Agreement::Exact
        );
        assert_eq!(
            compare_num(Num::F64(0.0), Num::F64(-0.0)),
            Agreement::Differ
        );
        assert_eq!(
            compare_num(Num::F64(5e-324), Num::F64(-5e-324)),
            Agreement::Differ
        );
        assert_eq!(
            compare_num(
                Num::F32(1.0),
                Num::F32(f32::from_bits(1.0f32.to_bits() + 1))
            ),
            Agreement::OneUlp
        );
        assert_eq!(compare_num(Num::Int(-1), Num::Int(-1)), Agreement::Exact);
        assert_eq!(compare_num(Num::Int(1), Num::Bool(true)), Agreement::Differ);
    }
}
