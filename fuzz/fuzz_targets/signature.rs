//! The signature grammar on arbitrary text: `parse_signature` and
//! `parse_type` return `Ok` or `Err`, never panic; an error's span lies on
//! char boundaries of the input; what parses prints in a canonical form
//! that parses back to an equal value, and prints the same again.

#![no_main]

use cfunc_runtime::sig::{SigError, parse_signature, parse_type};
use libfuzzer_sys::fuzz_target;

fn check_error(text: &str, error: &SigError) {
    let span = error.span();
    assert!(
        span.start <= span.end,
        "inverted span {span:?} for {text:?}"
    );
    assert!(
        text.get(span.clone()).is_some(),
        "span {span:?} is not a range of char boundaries of {text:?}"
    );
    assert!(error.column() >= 1, "column 0 for {text:?}");
    let message = error.to_string();
    assert!(!message.is_empty(), "empty message for {text:?}");
    let _ = error.suggestion();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_signature(text) {
        Ok(signature) => {
            let canonical = signature.to_string();
            let again = parse_signature(&canonical).unwrap_or_else(|error| {
                panic!("{text:?} printed as {canonical:?}, which does not parse: {error}")
            });
            assert_eq!(again, signature, "{text:?} printed as {canonical:?}");
            assert_eq!(again.to_string(), canonical, "canonical form not stable");
            assert!(
                !signature.args.iter().any(|arg| arg.is_void()),
                "void argument from {text:?}"
            );
            let names = ["a", "b", "c"];
            let _ = signature.c_decl("f", &names);
            let _ = signature.records();
            for ty in core::iter::once(&signature.ret).chain(&signature.args) {
                let _ = (
                    ty.rust().to_string(),
                    format!("{:#}", ty.rust()),
                    ty.c_type(),
                    ty.c_declarator("x"),
                );
            }
        }
        Err(error) => check_error(text, &error),
    }
    match parse_type(text) {
        Ok(ty) => {
            let canonical = ty.to_string();
            let again = parse_type(&canonical).unwrap_or_else(|error| {
                panic!("{text:?} printed as {canonical:?}, which does not parse: {error}")
            });
            assert_eq!(again, ty, "{text:?} printed as {canonical:?}");
            let _ = (ty.rust().to_string(), ty.c_declarator(""), ty.records());
        }
        Err(error) => check_error(text, &error),
    }
});
