//! The differential suite: the same Python file, `tests/python/differential.py`,
//! compiled by real Numba and by `cfunc::python!`, called on the same inputs
//! (`tests/python/differential_cases.json`), must give the same results:
//! integers and booleans bit for bit, floats equal or within one ulp (NaN
//! equals NaN, the sign of zero counts), the same exception class, and the
//! same final contents of every buffer passed by pointer.
//!
//! Numba runs in `tests/python/run_numba.py`, with the interpreter named by
//! `CFUNC_PYTHON` (default: `.venv/bin/python` at the workspace root, which
//! `bash .ci/run` creates). Without it the comparison fails and says how to
//! get it, unless `CFUNC_SKIP_NUMBA=1`. The few deliberate differences are
//! listed, with their reasons, in [`KNOWN_DIFFERENCES`].

mod differential {
    cfunc::python!(file = "tests/python/differential.py");
}

use cfunc::sig::{Scalar, Signature, Type};
use cfunc::{DynFn, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const CASES: &str = include_str!("python/differential_cases.json");

/// A case where cfunc deliberately differs from Numba: cfunc's result must
/// be `cfunc` (written as `run_numba.py` writes results), and Numba's is not
/// compared.
struct KnownDifference {
    function: &'static str,
    /// The case's arguments, as in the cases file.
    args: &'static str,
    cfunc: &'static str,
    why: &'static str,
}

const KNOWN_DIFFERENCES: &[KnownDifference] = &[
    // 6148914691236517000.0 * 1.5 is about 9.2e18, past int64's range.
    KnownDifference {
        function: "return_truncates",
        args: "[6148914691236517000.0]",
        cfunc: "9223372036854775807",
        why: "a float outside int64's range converts with LLVM's `fptosi`, which is undefined \
              (x86-64 gives i64::MIN); Rust's `as` saturates",
    },
];

/// A scalar as it left a call, comparable bit for bit.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Num {
    Void,
    Bool(bool),
    Int(i128),
    F32(f32),
    F64(f64),
}

/// What one call did.
#[derive(Debug, PartialEq)]
struct Outcome {
    result: Num,
    /// The exception class the call raised (Numba returns 0 and reports it;
    /// so does cfunc's default panic policy).
    raised: Option<String>,
    /// The final contents of the pointer arguments, in order.
    buffers: Vec<Vec<Num>>,
}

/// How two numbers compare.
#[derive(Debug, PartialEq)]
enum Agreement {
    Exact,
    /// Floats one unit in the last place apart.
    OneUlp,
    Differ,
}

/// A buffer lent to a cfunc for one call.
enum Buffer {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    I32(Vec<i32>),
}

impl Buffer {
    fn new(element: &Type, values: &[Json]) -> Buffer {
        match scalar(element) {
            Scalar::Float64 => Buffer::F64(values.iter().map(json_f64).collect()),
            Scalar::Float32 => Buffer::F32(values.iter().map(|v| json_f64(v) as f32).collect()),
            Scalar::Int64 => Buffer::I64(values.iter().map(|v| json_int(v) as i64).collect()),
            Scalar::Int32 => Buffer::I32(values.iter().map(|v| json_int(v) as i32).collect()),
            other => panic!("the suite has no buffers of {other}; add them here"),
        }
    }

    fn as_value(&mut self) -> Value<'_> {
        match self {
            Buffer::F64(data) => data.into(),
            Buffer::F32(data) => data.into(),
            Buffer::I64(data) => data.into(),
            Buffer::I32(data) => data.into(),
        }
    }

    fn contents(&self) -> Vec<Num> {
        match self {
            Buffer::F64(data) => data.iter().map(|&x| Num::F64(x)).collect(),
            Buffer::F32(data) => data.iter().map(|&x| Num::F32(x)).collect(),
            Buffer::I64(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
            Buffer::I32(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
        }
    }
}

fn scalar(ty: &Type) -> Scalar {
    match ty {
        Type::Scalar(scalar) => *scalar,
        other => panic!("the suite passes scalars and pointers to scalars, not {other}"),
    }
}

/// A float input: a JSON number or "nan", "inf", "-inf".
fn json_f64(value: &Json) -> f64 {
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

fn json_int(value: &Json) -> i128 {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
        .unwrap_or_else(|| panic!("expected an integer, found {value}"))
}

/// The argument for a scalar slot.
fn argument(slot: Scalar, value: &Json) -> Value<'static> {
    let int = || json_int(value);
    let narrow = |what: &str| -> ! { panic!("{value} does not fit in {what}") };
    match slot {
        Scalar::Boolean => value.as_bool().expect("a boolean argument").into(),
        Scalar::Int8 => i8::try_from(int())
            .unwrap_or_else(|_| narrow("int8"))
            .into(),
        Scalar::Int16 => i16::try_from(int())
            .unwrap_or_else(|_| narrow("int16"))
            .into(),
        Scalar::Int32 | Scalar::Intc => i32::try_from(int())
            .unwrap_or_else(|_| narrow("int32"))
            .into(),
        Scalar::Int64 => i64::try_from(int())
            .unwrap_or_else(|_| narrow("int64"))
            .into(),
        Scalar::Intp => isize::try_from(int())
            .unwrap_or_else(|_| narrow("intp"))
            .into(),
        Scalar::Uint8 => u8::try_from(int())
            .unwrap_or_else(|_| narrow("uint8"))
            .into(),
        Scalar::Uint16 => u16::try_from(int())
            .unwrap_or_else(|_| narrow("uint16"))
            .into(),
        Scalar::Uint32 | Scalar::Uintc => u32::try_from(int())
            .unwrap_or_else(|_| narrow("uint32"))
            .into(),
        Scalar::Uint64 => u64::try_from(int())
            .unwrap_or_else(|_| narrow("uint64"))
            .into(),
        Scalar::Uintp => usize::try_from(int())
            .unwrap_or_else(|_| narrow("uintp"))
            .into(),
        Scalar::Float32 => (json_f64(value) as f32).into(),
        Scalar::Float64 => json_f64(value).into(),
        other => panic!("the suite passes no {other} arguments"),
    }
}

fn num_of(value: &Value<'_>) -> Num {
    match *value {
        Value::Void => Num::Void,
        Value::Bool(x) => Num::Bool(x),
        Value::F32(x) => Num::F32(x),
        Value::F64(x) => Num::F64(x),
        ref other => Num::Int(
            other
                .as_i64()
                .map(i128::from)
                .or_else(|| other.as_u64().map(i128::from))
                .unwrap_or_else(|| panic!("unexpected result {}", other.describe())),
        ),
    }
}

/// The exception class of a panic message (`ZeroDivisionError: ...`).
fn exception_class(message: &str) -> String {
    message
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Calls `function` on one case's arguments.
fn call(function: &DynFn, args: &[Json]) -> Outcome {
    let signature = function.signature();
    assert_eq!(
        args.len(),
        signature.args.len(),
        "`{}` takes {} arguments",
        function.name(),
        signature.args.len()
    );
    let mut buffers: Vec<Buffer> = Vec::new();
    for (slot, arg) in signature.args.iter().zip(args) {
        match (slot, arg) {
            (Type::Pointer(element), Json::Array(values)) => {
                buffers.push(Buffer::new(element, values))
            }
            (Type::Pointer(_), other) => panic!("a pointer argument is a JSON list, not {other}"),
            _ => {}
        }
    }
    let mut lent = buffers.iter_mut();
    let values: Vec<Value<'_>> = signature
        .args
        .iter()
        .zip(args)
        .map(|(slot, arg)| match slot {
            Type::Pointer(_) => lent.next().expect("one buffer per pointer").as_value(),
            slot => argument(scalar(slot), arg),
        })
        .collect();
    cfunc::clear_last_error();
    // SAFETY: the address and signature come from the cfunc's registry entry,
    // and every pointer argument is a live buffer of the pointee type.
    let result = unsafe { function.call(&values) }
        .unwrap_or_else(|error| panic!("calling `{}`: {error}", function.name()));
    let raised = cfunc::last_error().map(|message| exception_class(&message));
    drop(values);
    Outcome {
        result: num_of(&result),
        raised,
        buffers: buffers.iter().map(Buffer::contents).collect(),
    }
}

/// `float.hex()` text (`-0x1.8p+1`, `0x0.0p+0`, `nan`, `inf`) to a double,
/// exactly.
fn parse_hex_float(text: &str) -> Option<f64> {
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
fn decode_result(ty: &Type, value: &Json) -> Num {
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
        _ => Num::Int(json_int(value)),
    }
}

fn decode_outcome(signature: &Signature, json: &Json) -> Outcome {
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
fn ulps(a: i64, b: i64) -> u64 {
    let ordered = |bits: i64| if bits < 0 { i64::MIN - bits } else { bits };
    ordered(a).abs_diff(ordered(b))
}

fn compare_num(cfunc: Num, numba: Num) -> Agreement {
    let float_agreement = |nan: (bool, bool), zero_signs: Option<(bool, bool)>, distance: u64| {
        match nan {
            (true, true) => Agreement::Exact,
            (false, false) if distance == 0 => Agreement::Exact,
            // The sign of zero is part of Python's float semantics.
            (false, false) if zero_signs.is_some_and(|(a, b)| a != b) => Agreement::Differ,
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
        (a, b) if a == b => Agreement::Exact,
        _ => Agreement::Differ,
    }
}

/// How two outcomes compare: the worst of their parts.
fn compare(cfunc: &Outcome, numba: &Outcome) -> Agreement {
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

/// Every cfunc of the differential module, by name, with a dynamic caller.
fn cfuncs() -> BTreeMap<&'static str, DynFn> {
    let module = concat!(module_path!(), "::differential");
    cfunc::registry()
        .into_iter()
        .filter(|entry| entry.module_path() == module)
        .map(|entry| {
            // SAFETY: the registry pairs each cfunc's address with its signature.
            let function = unsafe { DynFn::new(entry.address() as *const _, entry.signature()) }
                .unwrap_or_else(|error| panic!("`{}`: {error}", entry.name()));
            (entry.name(), function)
        })
        .collect()
}

fn cases() -> BTreeMap<String, Vec<Vec<Json>>> {
    serde_json::from_str(CASES)
        .expect("differential_cases.json maps names to lists of argument lists")
}

fn known_difference(function: &str, args: &[Json]) -> Option<&'static KnownDifference> {
    KNOWN_DIFFERENCES.iter().find(|known| {
        let listed: Vec<Json> = serde_json::from_str(known.args).expect("known arguments are JSON");
        known.function == function && listed == args
    })
}

#[test]
fn every_cfunc_has_cases_and_every_case_a_cfunc() {
    let functions: Vec<&str> = cfuncs().into_keys().collect();
    let cases = cases();
    let named: Vec<&str> = cases.keys().map(String::as_str).collect();
    assert_eq!(functions, named);
    assert!(functions.len() >= 70, "only {} cfuncs", functions.len());
    assert!(cases.values().all(|inputs| !inputs.is_empty()));
}

#[test]
fn known_differences_give_cfuncs_documented_results() {
    let functions = cfuncs();
    for known in KNOWN_DIFFERENCES {
        let function = &functions[known.function];
        let args: Vec<Json> = serde_json::from_str(known.args).expect("known arguments are JSON");
        assert!(
            cases()[known.function].contains(&args),
            "{} {} is not a case",
            known.function,
            known.args
        );
        let expected: Json = serde_json::from_str(known.cfunc).expect("a known result is JSON");
        let outcome = call(function, &args);
        let expected = decode_result(&function.signature().ret, &expected);
        assert_eq!(
            compare_num(outcome.result, expected),
            Agreement::Exact,
            "{}{}: {}",
            known.function,
            known.args,
            known.why
        );
    }
}

/// Where the Python with Numba is, or why the comparison cannot run.
fn python() -> PathBuf {
    std::env::var_os("CFUNC_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"),
        PathBuf::from,
    )
}

/// Numba's outcomes, by function; `None` when `CFUNC_SKIP_NUMBA=1`.
fn numba_outcomes() -> Option<Json> {
    if std::env::var("CFUNC_SKIP_NUMBA").is_ok_and(|value| value == "1") {
        eprintln!("CFUNC_SKIP_NUMBA=1: cfunc's results are not compared with Numba's");
        return None;
    }
    let python = python();
    let how = "run `bash .ci/run` (it creates .venv with numba, numpy and scipy), set \
               CFUNC_PYTHON to a Python that has numba, or set CFUNC_SKIP_NUMBA=1 to skip the comparison";
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(&python)
        .arg(root.join("tests/python/run_numba.py"))
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}; {how}", python.display()));
    assert!(
        output.status.success(),
        "{} tests/python/run_numba.py failed ({}):\n{}\n{how}",
        python.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Json = serde_json::from_slice(&output.stdout).expect("run_numba.py prints JSON");
    eprintln!("compared with Numba {}", json["numba"]);
    Some(json["results"].clone())
}

#[test]
fn cfunc_agrees_with_numba() {
    let functions = cfuncs();
    let cases = cases();
    let numba = numba_outcomes();
    let (mut exact, mut one_ulp, mut known) = (0, Vec::new(), 0);
    let mut differences = Vec::new();
    for (name, inputs) in &cases {
        let function = &functions[name.as_str()];
        for (index, args) in inputs.iter().enumerate() {
            let ours = call(function, args);
            let Some(numba) = &numba else { continue };
            if known_difference(name, args).is_some() {
                known += 1;
                continue;
            }
            let theirs = decode_outcome(function.signature(), &numba[name][index]);
            let case = format!("{name}{}", Json::Array(args.clone()));
            match compare(&ours, &theirs) {
                Agreement::Exact => exact += 1,
                Agreement::OneUlp => one_ulp.push(case),
                Agreement::Differ => {
                    differences.push(format!("{case}:\n  cfunc {ours:?}\n  numba {theirs:?}"))
                }
            }
        }
    }
    eprintln!(
        "{} cfuncs, {} cases: {exact} bit-identical, {} within 1 ulp {one_ulp:?}, {known} known differences",
        cases.len(),
        cases.values().map(Vec::len).sum::<usize>(),
        one_ulp.len(),
    );
    assert!(
        differences.is_empty(),
        "{} cases differ from Numba:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
