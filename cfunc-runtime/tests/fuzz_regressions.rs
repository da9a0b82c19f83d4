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
