//! Unit tests of the cdecl lexer and parser internals.

use super::lexer::{TokenKind, integer_value, tokenize};
use super::{CdeclErrorKind, FFI};

#[test]
fn integer_literals_in_every_base() {
    assert_eq!(integer_value("42"), Some(42));
    assert_eq!(integer_value("0x1F"), Some(31));
    assert_eq!(integer_value("017"), Some(15));
    assert_eq!(integer_value("8UL"), Some(8));
    assert_eq!(integer_value("0"), Some(0));
    assert_eq!(integer_value("12abc"), None);
    assert_eq!(integer_value("99999999999999999999999"), None);
}

#[test]
fn comments_and_whitespace_are_dropped() {
    let tokens = tokenize("int /* a\n b */ x; // tail\n").unwrap();
    let kinds: Vec<TokenKind> = tokens.into_iter().map(|token| token.kind).collect();
    assert_eq!(
        kinds,
        [
            TokenKind::Ident("int".to_owned()),
            TokenKind::Ident("x".to_owned()),
            TokenKind::Punct(';'),
            TokenKind::Eof,
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let source = format!("typedef int {}x{};", "(".repeat(10_000), ")".repeat(10_000));
    let error = FFI::new().cdef(&source).unwrap_err();
    assert_eq!(error.kind, CdeclErrorKind::TooDeep(64));
    let pointers = format!("typedef int {}p;", "*".repeat(10_000));
    assert!(FFI::new().cdef(&pointers).is_ok());
}

#[test]
fn a_failed_cdef_leaves_the_ffi_unchanged() {
    let mut ffi = FFI::new();
    ffi.cdef("typedef int a_t;").unwrap();
    assert!(ffi.cdef("typedef float b_t; typedef struct {").is_err());
    assert!(ffi.type_of("b_t").is_err());
    assert!(ffi.type_of("a_t").is_ok());
}
