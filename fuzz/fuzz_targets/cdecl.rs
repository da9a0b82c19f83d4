//! cffi-like C declarations on arbitrary text: `FFI::cdef` gives `Ok` or
//! a located `Err` and, on error, leaves the `FFI` as it was; then every
//! identifier of the text is looked up with `type_of` and `record`, and
//! every type found is mapped with `map_type` both ways. Nothing panics;
//! signatures that come out print in a form the signature grammar parses
//! back; record layouts keep their invariants.
//!
//! A NUL byte splits the input into several `cdef` calls on one `FFI`.

#![no_main]

use cfunc_runtime::cdecl::{CdeclError, FFI, map_type};
use cfunc_runtime::sig::parse_signature;
use cfunc_runtime::types::RecordLayout;
use libfuzzer_sys::fuzz_target;

fn check_error(source: &str, error: &CdeclError) {
    if let Some(location) = error.location {
        assert!(
            location.offset <= source.len(),
            "offset past the end: {error:?}"
        );
        assert!(location.line >= 1 && location.column >= 1, "{error:?}");
    }
    assert!(!error.to_string().is_empty());
}

fn check_record(record: &RecordLayout) {
    let align = record.align();
    assert!(align.is_power_of_two(), "align {align} of {record:?}");
    assert_eq!(
        record.size() % align,
        0,
        "size not a multiple of align: {record:?}"
    );
    let mut end = 0usize;
    for field in record.fields() {
        assert!(field.offset >= end, "overlapping fields in {record:?}");
        assert_eq!(
            field.offset % field.ty.align(),
            0,
            "misaligned field in {record:?}"
        );
        assert!(field.ty.align() <= align, "{record:?}");
        end = field.offset + field.ty.size();
        assert!(end <= record.size(), "field past the end in {record:?}");
    }
    let _ = record.c_typedefs();
}

/// The identifiers of `text`, each once, at most 64.
fn identifiers(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() && names.len() < 64 {
        let byte = bytes[index];
        if byte == b'_' || byte.is_ascii_alphabetic() {
            let start = index;
            while index < bytes.len()
                && (bytes[index] == b'_' || bytes[index].is_ascii_alphanumeric())
            {
                index += 1;
            }
            let name = &text[start..index];
            if !names.contains(&name) {
                names.push(name);
            }
        } else {
            index += 1;
        }
    }
    names
}

fn map_both(ffi: &FFI, name: &str) {
    let Ok(ctype) = ffi.type_of(name) else {
        return;
    };
    let _ = ctype.to_string();
    for use_record_dtype in [true, false] {
        match map_type(ffi, &ctype, use_record_dtype) {
            Ok(mapped) => {
                if let Some(signature) = mapped.signature() {
                    let printed = signature.to_string();
                    let again = parse_signature(&printed).unwrap_or_else(|error| {
                        panic!("`{name}` mapped to {printed:?}, which does not parse: {error}")
                    });
                    assert_eq!(&again, signature, "`{name}` mapped to {printed:?}");
                }
                if let Some(ty) = mapped.ty() {
                    let _ = (ty.to_string(), ty.c_declarator("x"), ty.checked_size());
                }
                let _ = mapped.sig_type();
                for record in mapped.records() {
                    check_record(record);
                }
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut ffi = FFI::new();
    for source in text.split('\0').take(4) {
        let before = format!("{ffi:?}");
        if let Err(error) = ffi.cdef(source) {
            check_error(source, &error);
            assert_eq!(before, format!("{ffi:?}"), "a failed cdef changed the FFI");
        }
    }
    for name in identifiers(text) {
        map_both(&ffi, name);
        for spelling in [name.to_owned(), format!("struct {name}")] {
            if let Ok(record) = ffi.record(&spelling) {
                check_record(&record);
            }
        }
    }
    // The last line as a C type name (`struct s *`, `double[3]`).
    if let Some(last) = text.lines().last() {
        map_both(&ffi, last);
    }
});
