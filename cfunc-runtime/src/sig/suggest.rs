//! Decides what an identifier in type position means: a scalar, `CPointer`,
//! a record name, or a mistake worth a specific message ("did you mean").
//!
//! Every identifier that is not a known name would otherwise silently become
//! a record type and fail much later, in generated code, with a confusing
//! "cannot find type" error. So near-misses of known names are rejected here,
//! while staying permissive enough that ordinary record names (`point`,
//! `node`, `float3`) are accepted.

use super::scalar::{ALIASES, Scalar};

/// The name of the only type constructor in the grammar.
pub(super) const CPOINTER: &str = "CPointer";

/// What an identifier in type position turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameClass {
    Scalar(Scalar),
    CPointer,
    /// A Numba type without a C equivalent; carries Numba's canonical name.
    NoCEquivalent {
        numba_name: &'static str,
    },
    /// A Rust primitive with no Numba counterpart (`i128`, `str`, ...).
    RustOnly,
    /// Too close to a known name to be a record; carries the known name.
    Typo {
        suggestion: &'static str,
    },
    /// Would be a record, but is not a usable Rust/Python identifier.
    InvalidRecord {
        reason: &'static str,
    },
    Record,
}

/// Numba and NumPy types that exist but cannot cross a C boundary, with
/// the canonical name each spelling denotes.
const NO_C_EQUIVALENT: &[(&str, &str)] = &[
    ("float16", "float16"),
    ("f2", "float16"),
    ("complex256", "complex256"),
    ("c32", "complex256"),
    ("clongdouble", "complex256"),
    ("float128", "float128"),
    ("longdouble", "float128"),
];

/// Rust primitives that have no Numba scalar at all.
const RUST_ONLY: &[&str] = &["i128", "u128", "f16", "f128", "str"];

/// Rust and C spellings a user is likely to write, with the Numba name to
/// use instead. Checked before fuzzy matching because the fuzzy match would
/// pick a wrong neighbour (`i32` is one edit from Numba's `i2`, `c_int` from
/// `c_int8`). Rust's `i8`/`u8`/`char` are absent: they are Numba aliases.
const FOREIGN_SPELLINGS: &[(&str, &str)] = &[
    // Python's `None` is Numba's `none`, but `void` is the canonical name.
    ("none", "void"),
    ("bool", "boolean"),
    ("i16", "int16"),
    ("i32", "int32"),
    ("i64", "int64"),
    ("u16", "uint16"),
    ("u32", "uint32"),
    ("u64", "uint64"),
    ("isize", "intp"),
    ("usize", "uintp"),
    ("f32", "float32"),
    ("f64", "float64"),
    ("int", "intc"),
    ("unsigned", "uintc"),
    ("c_int", "intc"),
    ("c_uint", "uintc"),
    ("c_short", "int16"),
    ("c_ushort", "uint16"),
    ("c_char", "int8"),
    ("c_schar", "int8"),
    ("c_uchar", "uint8"),
    ("c_float", "float32"),
    ("c_double", "float64"),
    ("c_void", "voidptr"),
    ("int8_t", "int8"),
    ("int16_t", "int16"),
    ("int32_t", "int32"),
    ("int64_t", "int64"),
    ("uint8_t", "uint8"),
    ("uint16_t", "uint16"),
    ("uint32_t", "uint32"),
    ("uint64_t", "uint64"),
    ("intptr_t", "intp"),
    ("uintptr_t", "uintp"),
];

/// Rust (2024 edition, strict and reserved) keywords: a record with one of
/// these names could not be named in generated code.
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Python keywords: the same signature string is meant to work in Numba.
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Known names that fuzzy matching must not suggest: `none` is one edit away
/// from the common record name `node`. A case-insensitive exact match
/// (`None`) still suggests it.
const NOT_FUZZY_TARGETS: &[&str] = &["none"];

/// Every name the grammar knows, canonical names first so that ties in
/// fuzzy matching prefer them.
fn known_names() -> impl Iterator<Item = &'static str> {
    Scalar::ALL
        .into_iter()
        .map(Scalar::name)
        .chain(ALIASES.iter().map(|&(alias, _)| alias))
        .chain(core::iter::once(CPOINTER))
}

/// Classifies an identifier (already known to be ASCII `[A-Za-z_]\w*`).
pub(super) fn classify(name: &str) -> NameClass {
    if name == CPOINTER {
        return NameClass::CPointer;
    }
    if let Some(scalar) = Scalar::from_name(name) {
        return NameClass::Scalar(scalar);
    }
    if let Some(&(_, numba_name)) = NO_C_EQUIVALENT
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(name))
    {
        return NameClass::NoCEquivalent { numba_name };
    }
    if RUST_ONLY.contains(&name) {
        return NameClass::RustOnly;
    }
    if let Some(&(_, suggestion)) = FOREIGN_SPELLINGS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(name))
    {
        return NameClass::Typo { suggestion };
    }
    if let Some(suggestion) = known_names().find(|known| known.eq_ignore_ascii_case(name)) {
        return NameClass::Typo { suggestion };
    }
    if let Some(reason) = invalid_record_reason(name) {
        return NameClass::InvalidRecord { reason };
    }
    match closest_known_name(name) {
        Some(suggestion) => NameClass::Typo { suggestion },
        None => NameClass::Record,
    }
}

/// Why `name` cannot name a record, if it cannot.
fn invalid_record_reason(name: &str) -> Option<&'static str> {
    if name == "_" {
        Some("`_` alone is not an identifier")
    } else if RUST_KEYWORDS.contains(&name) {
        Some("it is a Rust keyword")
    } else if PYTHON_KEYWORDS.contains(&name) {
        Some("it is a Python keyword")
    } else {
        None
    }
}

/// How many edits a misspelling of this length may contain. Short names get
/// fewer because almost every short word is near some short alias (`u2`).
fn allowed_edits(name_len: usize) -> usize {
    match name_len {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// The digits of `text`, sorted. A typo keeps the digits (maybe reordered:
/// `float46`); a different set of digits signals a different name on
/// purpose, e.g. a `float3` or `int2` record.
fn sorted_digits(text: &str) -> Vec<u8> {
    let mut digits: Vec<u8> = text.bytes().filter(u8::is_ascii_digit).collect();
    digits.sort_unstable();
    digits
}

/// The known name nearest to `name` within the allowed number of edits,
/// compared case-insensitively. Ties go to the earlier (canonical) name.
fn closest_known_name(name: &str) -> Option<&'static str> {
    let budget = allowed_edits(name.len());
    if budget == 0 {
        return None;
    }
    let lowered = name.to_ascii_lowercase();
    let digits = sorted_digits(&lowered);
    let mut best: Option<(usize, &'static str)> = None;
    for known in known_names().filter(|known| !NOT_FUZZY_TARGETS.contains(known)) {
        if sorted_digits(known) != digits {
            continue;
        }
        let distance = edit_distance(lowered.as_bytes(), known.to_ascii_lowercase().as_bytes());
        if distance <= budget && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, known));
        }
    }
    best.map(|(_, known)| known)
}

/// Optimal string alignment distance (Levenshtein plus transposition of
/// adjacent characters), which catches `dobule` and `CPionter` as one edit.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    // Inputs can be arbitrarily long identifiers; any length gap beyond the
    // edit budget already rules a pair out, so skip the quadratic work.
    if a.len().abs_diff(b.len()) > 2 {
        return a.len().abs_diff(b.len());
    }
    let mut before_previous: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, &a_char) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != b_char);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && a_char == b[j - 1] && a[i - 1] == b_char {
                best = best.min(before_previous[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        core::mem::swap(&mut before_previous, &mut previous);
        core::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance(b"dobule", b"double"), 1);
        assert_eq!(edit_distance(b"cpionter", b"cpointer"), 1);
        assert_eq!(edit_distance(b"in32", b"int32"), 1);
        assert_eq!(edit_distance(b"flaot64", b"float64"), 1);
        assert_eq!(edit_distance(b"", b"abc"), 3);
        assert_eq!(edit_distance(b"abc", b"abc"), 0);
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
    }

    #[test]
    fn typos_get_suggestions() {
        for (typo, expected) in [
            ("flaot64", "float64"),
            ("Float64", "float64"),
            ("dobule", "double"),
            ("CPionter", CPOINTER),
            ("cpointer", CPOINTER),
            ("Pointer", CPOINTER),
            ("in32", "int32"),
            ("float46", "float64"),
            ("f64", "float64"),
            ("usize", "uintp"),
            ("c_int", "intc"),
            ("None", "void"),
            ("VOID", "void"),
        ] {
            assert_eq!(
                classify(typo),
                NameClass::Typo {
                    suggestion: expected
                },
                "{typo}"
            );
        }
    }

    #[test]
    fn ordinary_record_names_are_accepted() {
        for name in [
            "my_struct",
            "node",
            "Node",
            "point",
            "Point3",
            "float3",
            "int2",
            "Vec3",
            "Params",
            "x",
            "T",
            "__",
        ] {
            assert_eq!(classify(name), NameClass::Record, "{name}");
        }
    }

    #[test]
    fn keywords_are_not_record_names() {
        assert!(matches!(classify("fn"), NameClass::InvalidRecord { .. }));
        assert!(matches!(
            classify("lambda"),
            NameClass::InvalidRecord { .. }
        ));
        assert!(matches!(classify("_"), NameClass::InvalidRecord { .. }));
    }
}
