//! The cffi-like C declaration mapper: every supported construct, the
//! seeds' declarations, `map_type` with and without record dtypes,
//! malformed input with its exact message, and no panics on any input.

use cfunc::cdecl::{CType, CdeclErrorKind, FFI, map_type};
use cfunc::sig::Type;
use cfunc::sig::{Scalar, parse_signature};
use proptest::prelude::*;

const SEED: &str = "
/* Define the C struct */
typedef struct my_struct {
   int    i1;
   float  f2;
   double d3;
   float  af4[7]; // arrays are supported
} my_struct;

/* Define a callback function */
typedef double (*my_func)(my_struct*, size_t);
";

fn ffi_with(source: &str) -> FFI {
    let mut ffi = FFI::new();
    ffi.cdef(source).unwrap_or_else(|error| panic!("{error}"));
    ffi
}

fn signature_of(ffi: &FFI, name: &str, use_record_dtype: bool) -> String {
    let ctype = ffi.type_of(name).unwrap();
    map_type(ffi, &ctype, use_record_dtype)
        .unwrap()
        .signature()
        .unwrap()
        .to_string()
}

#[test]
fn the_seed_maps_like_numba() {
    let ffi = ffi_with(SEED);
    let record = ffi.record("my_struct").unwrap();
    let offsets: Vec<usize> = record.fields().iter().map(|field| field.offset).collect();
    assert_eq!(offsets, [0, 4, 8, 16]);
    assert_eq!((record.size(), record.align()), (48, 8));
    assert_eq!(
        record.field("af4").unwrap().ty,
        Type::nested_array(Type::float32(), &[7])
    );

    let ctype = ffi.type_of("my_func").unwrap();
    let with_records = map_type(&ffi, &ctype, true).unwrap();
    assert_eq!(
        with_records.signature(),
        Some(&parse_signature("float64(CPointer(my_struct), uintp)").unwrap())
    );
    assert_eq!(with_records.records(), [record]);
    let without = map_type(&ffi, &ctype, false).unwrap();
    assert_eq!(
        without.signature().unwrap().to_string(),
        "float64(voidptr, uintp)"
    );
    assert!(without.records().is_empty());
}

#[test]
fn arithmetic_type_names_and_their_combinations() {
    let long = if size_of::<core::ffi::c_long>() == 8 {
        "int64"
    } else {
        "int32"
    };
    let ulong = if size_of::<core::ffi::c_long>() == 8 {
        "uint64"
    } else {
        "uint32"
    };
    let cases: &[(&str, String)] = &[
        ("char", "int8".into()),
        ("signed char", "int8".into()),
        ("unsigned char", "uint8".into()),
        ("short", "int16".into()),
        ("short int", "int16".into()),
        ("unsigned short", "uint16".into()),
        ("int", "intc".into()),
        ("signed", "intc".into()),
        ("unsigned", "uintc".into()),
        ("unsigned int", "uintc".into()),
        ("long", long.into()),
        ("long int", long.into()),
        ("unsigned long", ulong.into()),
        ("long long", "int64".into()),
        ("unsigned long long int", "uint64".into()),
        ("float", "float32".into()),
        ("double", "float64".into()),
        ("_Bool", "boolean".into()),
        ("bool", "boolean".into()),
        ("int8_t", "int8".into()),
        ("uint16_t", "uint16".into()),
        ("int32_t", "int32".into()),
        ("uint64_t", "uint64".into()),
        ("size_t", "uintp".into()),
        ("ssize_t", "intp".into()),
        ("intptr_t", "intp".into()),
        ("uintptr_t", "uintp".into()),
        ("const double", "float64".into()),
        ("void *", "voidptr".into()),
        ("const char *", "CPointer(int8)".into()),
        ("double **", "CPointer(CPointer(float64))".into()),
    ];
    let ffi = FFI::new();
    for (c_name, numba) in cases {
        let ctype = ffi
            .type_of(c_name)
            .unwrap_or_else(|error| panic!("{c_name}: {error}"));
        let mapped = map_type(&ffi, &ctype, false).unwrap();
        assert_eq!(mapped.sig_type().unwrap().to_string(), *numba, "{c_name}");
    }
}

#[test]
fn structs_tagged_anonymous_nested_and_forward_declared() {
    let ffi = ffi_with(
        "
        struct node;                                   /* forward declaration */
        struct node { int value; struct node *next; }; /* self-reference */
        typedef struct { char tag; double value; } tagged;
        struct grid { unsigned char kind; float cells[2][3]; };
        typedef struct outer {
            struct inner { short a; short b; } first;  // nested definition
            struct inner second;
            tagged items[2];
            const struct grid *grid;
        } outer;
        ",
    );
    let node = ffi.record("struct node").unwrap();
    assert_eq!(node.field("next").unwrap().ty, Type::voidptr());
    assert_eq!(node.size(), 16);
    let tagged = ffi.record("tagged").unwrap();
    assert_eq!((tagged.name(), tagged.offset("value")), ("tagged", Some(8)));
    let grid = ffi.record("grid").unwrap();
    assert_eq!(
        grid.field("cells").unwrap().ty,
        Type::nested_array(Type::float32(), &[2, 3])
    );
    assert_eq!((grid.offset("cells"), grid.size()), (Some(4), 28));
    let outer = ffi.record("outer").unwrap();
    let offsets: Vec<usize> = outer.fields().iter().map(|field| field.offset).collect();
    assert_eq!(offsets, [0, 4, 8, 40]);
    assert_eq!(outer.size(), 48);
    assert_eq!(
        outer.field("grid").unwrap().ty,
        Type::pointer(Type::record(grid))
    );
    assert!(
        outer
            .c_typedefs()
            .starts_with("typedef struct inner {\n    int16_t a;\n")
    );
}

#[test]
fn several_declarators_and_comma_separated_members() {
    let ffi = ffi_with("typedef int count_t, *count_ptr; struct point { double x, y, z; };");
    assert_eq!(ffi.type_of("count_t").unwrap(), CType::Scalar(Scalar::Intc));
    assert_eq!(ffi.type_of("count_ptr").unwrap().to_string(), "int *");
    assert_eq!(ffi.record("point").unwrap().offset("z"), Some(16));
}

#[test]
fn function_typedefs_prototypes_and_pointers() {
    let ffi = ffi_with(
        "
        typedef struct pt { float x, y; } pt;
        typedef void callback_t(void *user, int code);
        typedef int (*compare_t)(const void *, const void *);
        double integrate(double (*f)(double), double lo, double hi);
        pt *make_points(size_t n, pt seed, int counts[4]);
        extern long long total(void);
        ",
    );
    assert_eq!(
        signature_of(&ffi, "callback_t", true),
        "void(voidptr, intc)"
    );
    assert_eq!(
        signature_of(&ffi, "compare_t", true),
        "intc(voidptr, voidptr)"
    );
    assert_eq!(
        signature_of(&ffi, "integrate", true),
        "float64(voidptr, float64, float64)"
    );
    assert_eq!(
        signature_of(&ffi, "make_points", true),
        "CPointer(pt)(uintp, pt, CPointer(intc))"
    );
    assert_eq!(signature_of(&ffi, "total", false), "int64()");
    assert_eq!(
        ffi.type_of("compare_t").unwrap().to_string(),
        "int (*)(void *, void *)"
    );
    let by_value = map_type(&ffi, &ffi.type_of("make_points").unwrap(), false).unwrap_err();
    assert_eq!(
        by_value.to_string(),
        "cannot map `struct pt` by value without `use_record_dtype = true`"
    );
}

#[test]
fn declarations_accumulate_over_cdef_calls() {
    let mut ffi = FFI::new();
    ffi.cdef("typedef struct a { int x; } a;").unwrap();
    ffi.cdef("typedef struct b { a first; a second[2]; } b;")
        .unwrap();
    ffi.cdef("typedef void (*use_b)(b *);").unwrap();
    let mapped = map_type(&ffi, &ffi.type_of("use_b").unwrap(), true).unwrap();
    let names: Vec<&str> = mapped
        .records()
        .iter()
        .map(|record| record.name())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let error = ffi.cdef("struct a { double y; };").unwrap_err();
    assert_eq!(
        error.to_string(),
        "duplicate definition of `struct a` at line 1, column 1"
    );
}

#[test]
fn non_function_types_map_to_field_types() {
    let ffi = ffi_with(SEED);
    let pointer = map_type(&ffi, &ffi.type_of("my_struct *").unwrap(), true).unwrap();
    assert_eq!(
        pointer.sig_type().unwrap().to_string(),
        "CPointer(my_struct)"
    );
    let as_void = map_type(&ffi, &ffi.type_of("my_struct *").unwrap(), false).unwrap();
    assert_eq!(as_void.ty(), Some(&Type::voidptr()));
    let array = map_type(&ffi, &ffi.type_of("float[2][4]").unwrap(), true).unwrap();
    assert_eq!(
        array.ty(),
        Some(&Type::nested_array(Type::float32(), &[2, 4]))
    );
    assert_eq!(array.sig_type(), None);
}

/// Malformed declarations and the exact message each gives.
const MALFORMED: &[(&str, &str)] = &[
    (
        "typedef struct my_struct { int i1; } my_struct\n typedef int x;",
        "expected `;` after the declaration of `my_struct` at line 2, column 2, found `typedef`",
    ),
    (
        "struct s { int a; int a; };",
        "duplicate definition of member `a` in `struct s` at line 1, column 23",
    ),
    (
        "union u { int a; };",
        "unions are not supported at line 1, column 1",
    ),
    (
        "enum color { RED };",
        "enums are not supported at line 1, column 1",
    ),
    (
        "struct s { int flag : 1; };",
        "bit-fields are not supported at line 1, column 21",
    ),
    (
        "typedef int (*f)(int, ...);",
        "variadic functions (`...`) are not supported at line 1, column 23",
    ),
    (
        "typedef foo_t bar_t;",
        "unknown type name `foo_t` at line 1, column 9",
    ),
    (
        "typedef unsigned double d;",
        "invalid combination of type specifiers `unsigned double` at line 1, column 9",
    ),
    (
        "struct s { float v[0]; };",
        "invalid array size `0`: expected a positive integer constant at line 1, column 20",
    ),
    (
        "struct s { float v[]; };",
        "arrays without a size (flexible array members) are not supported at line 1, column 19",
    ),
    (
        "struct s { int a; ",
        "expected `}` to close `struct s` at line 1, column 19, found end of input",
    ),
    (
        "/* never closed",
        "unterminated comment: `/*` without `*/` at line 1, column 1",
    ),
    (
        "#include <stdio.h>",
        "preprocessor directives are not supported: pass the declarations themselves at line 1, column 1",
    ),
    (
        "int x;",
        "`x` declares a variable: only types and functions can be declared at line 1, column 5",
    ),
    (
        "int f(int) { return 1; }",
        "function bodies are not supported at line 1, column 12",
    ),
    (
        "struct later; struct s { struct later l; };",
        "`struct later` is declared but never defined, so it has no layout at line 1, column 39",
    ),
    (
        "typedef int t; typedef float t;",
        "duplicate definition of typedef `t` at line 1, column 30",
    ),
    (
        "struct s {};",
        "`struct s` has no members: C has no empty structs at line 1, column 11",
    ),
    (
        "typedef int @bad;",
        "unexpected character `@` at line 1, column 13",
    ),
    (
        "typedef int a[3]\n\n  struct",
        "expected `;` after the declaration of `a` at line 3, column 3, found `struct`",
    ),
];

#[test]
fn malformed_declarations_have_exact_messages() {
    for (source, expected) in MALFORMED {
        let error = FFI::new().cdef(source).unwrap_err();
        assert_eq!(error.to_string(), *expected, "for {source:?}");
    }
}

#[test]
fn lookups_of_unknown_names_and_non_records() {
    let ffi = ffi_with(SEED);
    assert_eq!(
        ffi.type_of("nope").unwrap_err().to_string(),
        "`nope` is not a declared type, struct or function"
    );
    assert_eq!(
        ffi.record("my_func").unwrap_err().to_string(),
        "`my_func` is the type `double (*)(struct my_struct *, uintptr_t)`, not a struct"
    );
    assert!(matches!(
        ffi.record("nope").unwrap_err().kind,
        CdeclErrorKind::NotFound(_)
    ));
    let mut forward = FFI::new();
    forward
        .cdef("struct opaque; typedef void (*take)(struct opaque *);")
        .unwrap();
    assert_eq!(signature_of(&forward, "take", false), "void(voidptr)");
    let incomplete = map_type(&forward, &forward.type_of("take").unwrap(), true).unwrap_err();
    assert_eq!(
        incomplete.to_string(),
        "`struct opaque` is declared but never defined, so it has no layout"
    );
}

/// Pieces of C that the token soups are made of.
const SOUP: &[&str] = &[
    "typedef",
    "struct",
    "union",
    "enum",
    "int",
    "long",
    "unsigned",
    "double",
    "float",
    "char",
    "void",
    "const",
    "size_t",
    "my_struct",
    "x",
    "y",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    ",",
    "*",
    ":",
    "...",
    "7",
    "0",
    "0x10",
    "99999999999999999999",
    "/*",
    "*/",
    "//",
    "\n",
    "#",
    "@",
    "bool",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(source in "\\PC{0,200}") {
        let mut ffi = FFI::new();
        let _ = ffi.cdef(&source);
        let _ = ffi.type_of(&source);
    }

    #[test]
    fn random_token_soups_never_panic(indices in proptest::collection::vec(0..SOUP.len(), 0..60)) {
        let source: Vec<&str> = indices.iter().map(|&index| SOUP[index]).collect();
        let source = source.join(" ");
        let mut ffi = FFI::new();
        let _ = ffi.cdef(SEED);
        if ffi.cdef(&source).is_ok() {
            // Whatever parsed must also map and lay out without panicking.
            for name in ["x", "y", "my_struct"] {
                if let Ok(ctype) = ffi.type_of(name) {
                    let _ = map_type(&ffi, &ctype, true);
                    let _ = map_type(&ffi, &ctype, false);
                }
                let _ = ffi.record(name);
            }
        }
        let _ = ffi.type_of(&source);
    }
}

mod from_the_attribute {
    use cfunc::cfunc;

    /// The signature and the record come from C declarations, as with
    /// cffi's `map_type(ffi.typeof("norm_fn"), use_record_dtype=True)`.
    #[cfunc(
        cdef = "typedef struct pt { double x; double y; } pt;
                typedef double (*norm_fn)(pt *, size_t);",
        typedef = "norm_fn"
    )]
    pub fn total_x(points: _, n: _) -> _ {
        // SAFETY: callers pass `n` points.
        let points = unsafe { std::slice::from_raw_parts(points, n) };
        points.iter().map(|p| p.x).sum()
    }
}

#[test]
fn the_attribute_takes_its_signature_and_structs_from_c_declarations() {
    use from_the_attribute::{pt, total_x};
    assert_eq!(total_x::SIGNATURE, "float64(CPointer(pt), uintp)");
    assert_eq!(total_x::C_DECL, "double total_x(pt *points, uintptr_t n);");
    let points = [pt { x: 1.5, y: 0.0 }, pt { x: 2.0, y: 9.0 }];
    // SAFETY: `points` holds 2 records, which the body only reads.
    assert_eq!(unsafe { total_x(points.as_ptr().cast_mut(), 2) }, 3.5);
}
