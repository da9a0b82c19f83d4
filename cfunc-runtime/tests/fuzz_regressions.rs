//! Inputs the coverage-guided fuzzers (`fuzz/`) found, kept as ordinary
//! tests: each once broke a property the fuzz target checks.

use cfunc_runtime::cdecl::{FFI, map_type};
use cfunc_runtime::sig::parse_signature;

/// `cdef` accepts any depth of `*`, but a signature allows 64 levels of
/// `CPointer`: mapping a deeper parameter gave a signature that its own
/// grammar refused to read back (fuzz target `cdecl`).
#[test]
fn mapping_refuses_pointers_deeper_than_signatures_allow() {
    for (depth, mappable) in [(64, true), (65, false), (200, false)] {
        let source = format!("typedef double (*f)(double {}p, int);", "*".repeat(depth));
        let mut ffi = FFI::new();
        ffi.cdef(&source).expect("cdef takes any depth of pointers");
        let ty = ffi.type_of("f").expect("declared");
        for use_record_dtype in [true, false] {
            match map_type(&ffi, &ty, use_record_dtype) {
                Ok(mapped) => {
                    assert!(mappable, "depth {depth} mapped");
                    let signature = mapped.signature().expect("a function type");
                    let text = signature.to_string();
                    assert_eq!(&parse_signature(&text).expect("reads back"), signature);
                }
                Err(error) => {
                    assert!(!mappable, "depth {depth}: {error}");
                    assert!(error.to_string().contains("64 levels"), "{error}");
                }
            }
        }
    }
}

/// A nested definition that reuses the outer struct's tag made the struct
/// hold itself by value; laying it out recursed until the stack overflowed
/// (fuzz target `cdecl`). It is now an error naming the struct.
#[test]
fn a_struct_that_holds_itself_by_value_is_an_error_not_a_stack_overflow() {
    let source = "typedef struct my_struct {\n    int32_t i1;\n    double d3;\n    \
                  struct my_struct {\n        int32_t i1;\n        float af4[7];\n    } my_struct;\n\
                  } my_struct;\n";
    let mut ffi = FFI::new();
    ffi.cdef(source).expect("cdef takes the nested definition");
    for name in ["my_struct", "struct my_struct"] {
        let error = ffi.record(name).expect_err("no finite layout");
        assert!(
            error.to_string().contains("holds itself by value"),
            "{error}"
        );
    }
}

/// A struct whose tag the signature grammar reads as a misspelling of a
/// type (`pvoidt` is two edits from `void`) mapped to a signature that the
/// grammar refused to read back (fuzz target `cdecl`). It is now an error
/// naming the struct; an ordinary tag still maps.
#[test]
fn a_struct_tag_the_grammar_reads_as_a_typo_is_an_error() {
    for (tag, mappable) in [("pvoidt", false), ("point", true)] {
        let source = format!("typedef struct {tag} {{ float x, y; }} pt(void *user, int code);");
        let mut ffi = FFI::new();
        ffi.cdef(&source)
            .expect("a function type returning a struct");
        let ty = ffi.type_of("pt").expect("declared");
        match map_type(&ffi, &ty, true) {
            Ok(mapped) => {
                assert!(mappable, "`{tag}` mapped");
                let signature = mapped.signature().expect("a function type");
                let text = signature.to_string();
                assert_eq!(&parse_signature(&text).expect("reads back"), signature);
            }
            Err(error) => {
                assert!(!mappable, "`{tag}`: {error}");
                assert!(
                    error.to_string().contains("misspelling of `void`"),
                    "{error}"
                );
            }
        }
    }
}
