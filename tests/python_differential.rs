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
//!
//! Complex numbers: a complex argument is `[re, im]` in the cases file and a
//! complex result `[re.hex(), im.hex()]` in Numba's outcomes, compared part
//! by part. Numba's `@cfunc` cannot compile a signature with a complex slot
//! (ctypes has no complex type), so `run_numba.py` compiles those functions
//! with `numba.njit(signature)`; here they are called, as every function,
//! through the dynamic caller.

mod differential {
    // `scipy.constants` is a module cfunc does not load: its value comes
    // with the block, as `cfunc build --const` gives it.
    cfunc::python!(
        file = "tests/python/differential.py",
        const scipy.constants.c = 299792458.0,
    );
}

#[path = "differential/call.rs"]
mod call;
#[path = "differential/outcome.rs"]
mod outcome;

use call::CFunc;
use outcome::{Agreement, compare, compare_num, decode_outcome, decode_result};
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
    // Past an exponent of 65536 Numba stops squaring and converts
    // `math.pow(2.0, 70000.0)`, which is infinite, back to int64.
    KnownDifference {
        function: "int_pow",
        args: "[2, 70000]",
        cfunc: "0",
        why: "Numba converts an infinite float to int64 (undefined; x86-64 gives i64::MIN); \
              cfunc keeps squaring with wrapping products, as for smaller exponents \
              (2**70000 wraps to 0, Python's result modulo 2**64)",
    },
];

/// Every cfunc of the differential module, by name, with a caller.
fn cfuncs() -> BTreeMap<&'static str, CFunc> {
    let module = concat!(module_path!(), "::differential");
    cfunc::registry()
        .into_iter()
        .filter(|entry| entry.module_path() == module)
        .map(|entry| {
            let function = CFunc::new(entry.name(), entry.address(), entry.signature());
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
    assert!(functions.len() >= 338, "only {} cfuncs", functions.len());
    assert!(cases.values().all(|inputs| !inputs.is_empty()));
    // A name given twice would keep only its last cases, silently.
    let entries = CASES
        .lines()
        .filter(|line| line.starts_with("  \""))
        .count();
    assert_eq!(
        entries,
        cases.len(),
        "a cfunc has two entries in the cases file"
    );
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
        let outcome = function.call(&args);
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
            let ours = function.call(args);
            let Some(numba) = &numba else { continue };
            let theirs = decode_outcome(function.signature(), &numba[name][index]);
            if let Some(difference) = known_difference(name, args) {
                known += 1;
                eprintln!(
                    "known difference {name}{}: cfunc {:?}, numba {:?} ({})",
                    difference.args, ours.result, theirs.result, difference.why
                );
                continue;
            }
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
