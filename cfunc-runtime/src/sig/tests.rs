//! Tests of successful parsing, printing and the Rust/C spellings.

use super::scalar::ALIASES;
use super::*;

fn scalar(scalar: Scalar) -> Type {
    Type::Scalar(scalar)
}

fn pointer(pointee: Type) -> Type {
    Type::Pointer(Box::new(pointee))
}

fn record(name: &str) -> Type {
    Type::Record(name.to_owned())
}

fn sig(text: &str) -> Signature {
    match parse_signature(text) {
        Ok(sig) => sig,
        Err(error) => panic!("{text:?} should parse: {error}"),
    }
}

#[test]
fn every_canonical_name_parses_to_its_scalar() {
    for expected in Scalar::ALL {
        assert_eq!(Scalar::from_name(expected.name()), Some(expected));
        assert_eq!(parse_type(expected.name()), Ok(scalar(expected)));
        assert_eq!(
            parse_type(&format!("types.{expected}")),
            Ok(scalar(expected))
        );
    }
}

#[test]
fn every_alias_parses_to_its_scalar() {
    let expected_aliases: &[(&str, &[&str])] = &[
        ("boolean", &["bool_", "b1", "py_bool", "c_bool", "np_bool_"]),
        ("int8", &["i1", "char", "c_int8", "np_int8"]),
        ("int16", &["i2", "short", "c_int16", "np_int16", "np_short"]),
        ("int32", &["i4", "c_int32", "np_int32"]),
        (
            "int64",
            &[
                "i8",
                "int_",
                "long_",
                "longlong",
                "py_int",
                "c_int64",
                "np_int64",
                "np_int_",
                "np_long",
                "np_longlong",
            ],
        ),
        (
            "uint8",
            &["u1", "byte", "uchar", "c_uint8", "np_uint8", "np_uchar"],
        ),
        (
            "uint16",
            &["u2", "ushort", "c_uint16", "np_uint16", "np_ushort"],
        ),
        ("uint32", &["u4", "c_uint32", "np_uint32"]),
        (
            "uint64",
            &[
                "u8",
                "uint",
                "ulong",
                "ulonglong",
                "c_uint64",
                "np_uint64",
                "np_uint",
                "np_ulong",
                "np_ulonglong",
            ],
        ),
        ("intc", &["np_intc"]),
        ("uintc", &["np_uintc"]),
        ("intp", &["ssize_t", "c_intp", "np_intp"]),
        ("uintp", &["size_t", "c_uintp", "np_uintp"]),
        ("float32", &["f4", "float", "c_float32", "np_float32"]),
        (
            "float64",
            &[
                "f8",
                "double",
                "py_float",
                "c_float64",
                "np_float64",
                "np_double",
            ],
        ),
        ("complex64", &["c8", "np_complex64"]),
        ("complex128", &["c16", "np_complex128", "py_complex"]),
        ("void", &["none"]),
    ];
    let mut checked = 0;
    for &(canonical, aliases) in expected_aliases {
        let target = Scalar::from_name(canonical).expect("canonical name");
        for alias in aliases {
            assert_eq!(Scalar::from_name(alias), Some(target), "{alias}");
            assert_eq!(parse_type(alias), Ok(scalar(target)), "{alias}");
            assert_eq!(
                parse_type(&format!("numba.types.{alias}")),
                Ok(scalar(target))
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        ALIASES.len(),
        "the alias table has entries not tested here"
    );
}

#[test]
fn seed_signatures_parse() {
    let f64_ = || scalar(Scalar::Float64);
    assert_eq!(
        sig("float64(float64, float64)"),
        Signature {
            ret: f64_(),
            args: vec![f64_(), f64_()]
        }
    );
    assert_eq!(
        sig("float64(float64)"),
        Signature {
            ret: f64_(),
            args: vec![f64_()]
        }
    );
    let callback = Signature {
        ret: scalar(Scalar::Void),
        args: vec![
            pointer(f64_()),
            pointer(f64_()),
            scalar(Scalar::Intc),
            scalar(Scalar::Intc),
        ],
    };
    assert_eq!(
        sig("void(CPointer(float64), CPointer(float64), intc, intc)"),
        callback
    );
    assert_eq!(
        sig(
            "types.void(types.CPointer(types.double), types.CPointer(types.double), \
             types.intc, types.intc)"
        ),
        callback
    );
    assert_eq!(
        sig("void(CPointer(float64), CPointer(float64), intp)"),
        Signature {
            ret: scalar(Scalar::Void),
            args: vec![pointer(f64_()), pointer(f64_()), scalar(Scalar::Intp)],
        }
    );
    assert_eq!(
        sig("float64(CPointer(my_struct), uintp)"),
        Signature {
            ret: f64_(),
            args: vec![pointer(record("my_struct")), scalar(Scalar::Uintp)],
        }
    );
}

#[test]
fn cpointer_nests_five_deep() {
    let mut expected = scalar(Scalar::Int32);
    for _ in 0..5 {
        expected = pointer(expected);
    }
    let text = "CPointer(CPointer(CPointer(CPointer(CPointer(int32)))))";
    assert_eq!(parse_type(text), Ok(expected.clone()));
    assert_eq!(expected.to_string(), text);
    assert_eq!(expected.rust().to_string(), "*mut *mut *mut *mut *mut i32");
    assert_eq!(expected.c_type(), "int32_t *****");
}

#[test]
fn nesting_is_capped_so_deep_input_cannot_overflow_the_stack() {
    let nested =
        |depth: usize| format!("{}float64{}", "CPointer(".repeat(depth), ")".repeat(depth));
    let deepest = parse_type(&nested(parser::MAX_POINTER_DEPTH)).expect("at the limit");
    assert_eq!(deepest.to_string(), nested(parser::MAX_POINTER_DEPTH));
    let error = parse_type(&nested(parser::MAX_POINTER_DEPTH + 1)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`CPointer` at column 577 is nested more than 64 levels deep; expected at most 64 levels"
    );
    assert!(parse_type(&"CPointer(".repeat(100_000)).is_err());
    assert!(parse_signature(&nested(100_000)).is_err());
}

#[test]
fn whitespace_is_allowed_between_any_tokens() {
    let spaced = " \t\n types \n. void ( \tCPointer\n(\nfloat64\r\n) , intc\t,\n) \n\t";
    assert_eq!(
        sig(spaced),
        Signature {
            ret: scalar(Scalar::Void),
            args: vec![pointer(scalar(Scalar::Float64)), scalar(Scalar::Intc)],
        }
    );
    assert_eq!(sig("float64()"), sig(" float64 ( ) "));
}

#[test]
fn trailing_comma_in_arguments_is_accepted() {
    assert_eq!(sig("float64(int32,)"), sig("float64(int32)"));
    assert_eq!(
        sig("float64(int32, int64 ,\n)"),
        sig("float64(int32, int64)")
    );
}

#[test]
fn record_names_keep_their_spelling() {
    for name in [
        "my_struct",
        "Point",
        "Node",
        "node",
        "float3",
        "Vec3",
        "_private",
        "T",
    ] {
        assert_eq!(parse_type(name), Ok(record(name)), "{name}");
    }
    assert_eq!(parse_type("types.Point"), Ok(record("Point")));
    let parsed = sig("Pair(CPointer(Pair), Point, CPointer(CPointer(Pair)))");
    assert_eq!(parsed.records(), ["Pair", "Point"]);
    assert_eq!(parsed.args[2].records(), ["Pair"]);
    assert!(sig("void(intc)").records().is_empty());
}

#[test]
fn empty_argument_list() {
    assert_eq!(
        sig("void()"),
        Signature {
            ret: scalar(Scalar::Void),
            args: vec![]
        }
    );
    assert_eq!(sig("none()").to_string(), "void()");
}

#[test]
fn display_prints_the_canonical_form() {
    for (text, canonical) in [
        ("f8(f8, f8)", "float64(float64, float64)"),
        ("none()", "void()"),
        (
            "types.size_t(numba.types.CPointer(char))",
            "uintp(CPointer(int8))",
        ),
        ("voidptr(voidptr,)", "voidptr(voidptr)"),
        (
            "bool_(Point,CPointer(Point))",
            "boolean(Point, CPointer(Point))",
        ),
    ] {
        let printed = sig(text).to_string();
        assert_eq!(printed, canonical);
        assert_eq!(sig(&printed).to_string(), printed, "not a fixed point");
    }
}

#[test]
fn from_str_matches_the_functions() {
    let parsed: Signature = "float64(float64)".parse().unwrap();
    assert_eq!(parsed, sig("float64(float64)"));
    let ty: Type = "CPointer(intc)".parse().unwrap();
    assert_eq!(ty, pointer(scalar(Scalar::Intc)));
    assert!("".parse::<Type>().is_err());
    assert!("float64".parse::<Signature>().is_err());
}

#[test]
fn scalar_spellings() {
    let rust: Vec<_> = Scalar::ALL
        .iter()
        .map(|&s| scalar(s).rust().to_string())
        .collect();
    assert_eq!(
        rust,
        [
            "bool",
            "i8",
            "i16",
            "i32",
            "i64",
            "u8",
            "u16",
            "u32",
            "u64",
            "::core::ffi::c_int",
            "::core::ffi::c_uint",
            "isize",
            "usize",
            "f32",
            "f64",
            "::cfunc::Complex32",
            "::cfunc::Complex64",
            "()",
            "*mut ::core::ffi::c_void"
        ]
    );
    assert_eq!(format!("{:#}", scalar(Scalar::Intc).rust()), "c_int");
    assert_eq!(
        format!("{:#}", scalar(Scalar::VoidPtr).rust()),
        "*mut c_void"
    );
    let c: Vec<_> = Scalar::ALL.iter().map(|s| s.c_type()).collect();
    assert_eq!(
        c,
        [
            "bool",
            "int8_t",
            "int16_t",
            "int32_t",
            "int64_t",
            "uint8_t",
            "uint16_t",
            "uint32_t",
            "uint64_t",
            "int",
            "unsigned int",
            "intptr_t",
            "uintptr_t",
            "float",
            "double",
            "float _Complex",
            "double _Complex",
            "void",
            "void *"
        ]
    );
}

#[test]
fn scalar_classification_and_sizes() {
    let integers: Vec<_> = Scalar::ALL.into_iter().filter(|s| s.is_integer()).collect();
    assert_eq!(integers.len(), 12);
    assert!(Scalar::Intp.is_signed() && Scalar::Intc.is_signed());
    assert!(!Scalar::Uintp.is_signed() && !Scalar::Float64.is_signed());
    assert!(!Scalar::Boolean.is_integer() && !Scalar::Boolean.is_signed());
    assert!(Scalar::Float32.is_float() && !Scalar::Int32.is_float());
    assert!(Scalar::Complex64.is_complex() && !Scalar::Complex128.is_float());
    assert_eq!(Scalar::Complex64.size_in_bytes(), 8);
    assert_eq!(Scalar::Complex128.size_in_bytes(), 16);
    assert_eq!(Scalar::Int16.size_in_bytes(), 2);
    assert_eq!(Scalar::Float64.size_in_bytes(), 8);
    assert_eq!(Scalar::Intc.size_in_bytes(), 4);
    assert_eq!(Scalar::Void.size_in_bytes(), 0);
    assert_eq!(
        Scalar::VoidPtr.size_in_bytes(),
        core::mem::size_of::<usize>()
    );
}

#[test]
fn type_spellings() {
    let out = pointer(scalar(Scalar::Float64));
    assert_eq!(out.rust().to_string(), "*mut f64");
    assert_eq!(out.c_type(), "double *");
    assert_eq!(out.c_declarator("out"), "double *out");
    assert_eq!(out.c_declarator(""), "double *");
    let pp = pointer(pointer(record("my_struct")));
    assert_eq!(pp.c_declarator("p"), "my_struct **p");
    assert_eq!(pp.rust().to_string(), "*mut *mut my_struct");
    assert_eq!(scalar(Scalar::Intc).c_declarator("n"), "int n");
    assert_eq!(scalar(Scalar::VoidPtr).c_declarator("data"), "void *data");
    assert_eq!(pointer(scalar(Scalar::VoidPtr)).c_type(), "void **");
    assert_eq!(
        pointer(scalar(Scalar::VoidPtr)).rust().to_string(),
        "*mut *mut ::core::ffi::c_void"
    );
    assert_eq!(
        format!("{:#}", pointer(scalar(Scalar::Uintc)).rust()),
        "*mut c_uint"
    );
    assert!(scalar(Scalar::Void).is_void() && !out.is_void());
    assert!(out.is_pointer() && scalar(Scalar::VoidPtr).is_pointer());
    assert!(!record("p").is_pointer());
}

#[test]
fn c_declarations_of_the_seed_signatures() {
    let cases: [(&str, &str, &[&str], &str); 7] = [
        (
            "float64(float64, float64)",
            "add",
            &["x", "y"],
            "double add(double x, double y);",
        ),
        ("float64(float64)", "sq", &["x"], "double sq(double x);"),
        (
            "void(CPointer(float64), CPointer(float64), intc, intc)",
            "cb",
            &["in", "out", "m", "n"],
            "void cb(double *in, double *out, int m, int n);",
        ),
        (
            "types.void(types.CPointer(types.double), types.CPointer(types.double), \
             types.intc, types.intc)",
            "cb",
            &["in", "out", "m", "n"],
            "void cb(double *in, double *out, int m, int n);",
        ),
        (
            "void(CPointer(float64), CPointer(float64), intp)",
            "axpy",
            &["x", "y", "n"],
            "void axpy(double *x, double *y, intptr_t n);",
        ),
        (
            "float64(CPointer(my_struct), uintp)",
            "total",
            &["items", "count"],
            "double total(my_struct *items, uintptr_t count);",
        ),
        ("void()", "f", &[], "void f(void);"),
    ];
    for (text, name, params, expected) in cases {
        assert_eq!(sig(text).c_decl(name, params), expected, "{text}");
    }
}

#[test]
fn c_decl_tolerates_mismatched_parameter_names() {
    let parsed = sig("CPointer(float64)(intc, voidptr)");
    assert_eq!(parsed.c_decl("get", &["n"]), "double *get(int n, void *);");
    assert_eq!(
        parsed.c_decl("get", &["n", "p", "extra"]),
        "double *get(int n, void *p);"
    );
}
