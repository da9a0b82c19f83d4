use super::*;
use crate::ast::BinOp;
use crate::syntax_error::NumberKind;

/// Token kinds without ranges, names shown by their text.
fn kinds(source: &str) -> Vec<TokenKind> {
    let (tokens, errors) = tokenize(source);
    assert!(errors.is_empty(), "{source:?}: {errors:?}");
    tokens.into_iter().map(|token| token.kind).collect()
}

fn error_kinds(source: &str) -> Vec<SyntaxErrorKind> {
    tokenize(source)
        .1
        .into_iter()
        .map(|error| error.kind)
        .collect()
}

use TokenKind::{Dedent, EndOfFile, Indent, Name, Newline};

#[test]
fn indentation_produces_indent_and_dedent() {
    assert_eq!(
        kinds("if x:\n    y\nz\n"),
        vec![
            TokenKind::Keyword(Keyword::If),
            Name,
            TokenKind::Op(Op::Colon),
            Newline,
            Indent,
            Name,
            Newline,
            Dedent,
            Name,
            Newline,
            EndOfFile
        ]
    );
}

#[test]
fn dedents_are_closed_at_end_of_file_without_final_newline() {
    assert_eq!(
        kinds("a:\n  b:\n    c"),
        vec![
            Name,
            TokenKind::Op(Op::Colon),
            Newline,
            Indent,
            Name,
            TokenKind::Op(Op::Colon),
            Newline,
            Indent,
            Name,
            Newline,
            Dedent,
            Dedent,
            EndOfFile
        ]
    );
}

#[test]
fn tabs_reach_the_next_multiple_of_eight() {
    // A tab is column 8, like eight spaces: no indentation change.
    assert_eq!(
        kinds("a:\n\tb\n        c\n"),
        vec![
            Name,
            TokenKind::Op(Op::Colon),
            Newline,
            Indent,
            Name,
            Newline,
            Name,
            Newline,
            Dedent,
            EndOfFile
        ]
    );
    // Two spaces then a tab is still column 8.
    assert_eq!(
        kinds("a:\n  \tb\n\tc\n")
            .iter()
            .filter(|k| **k == Indent)
            .count(),
        1
    );
}

#[test]
fn blank_and_comment_lines_produce_nothing() {
    assert_eq!(
        kinds("\n  # c\n\n  \nx  # t\n\n"),
        vec![Name, Newline, EndOfFile]
    );
}

#[test]
fn brackets_join_lines_and_backslash_continues() {
    assert_eq!(
        kinds("(a,\n  b)\nc = 1 + \\\n  2\n")
            .iter()
            .filter(|k| **k == Newline)
            .count(),
        2
    );
    assert!(!kinds("(a,\n    b)\n").contains(&Indent));
}

#[test]
fn crlf_and_lone_cr_end_lines() {
    assert_eq!(
        kinds("a\r\nb\rc"),
        vec![Name, Newline, Name, Newline, Name, Newline, EndOfFile]
    );
    let (tokens, _) = tokenize("a\r\n");
    assert_eq!(tokens[1].range, TextRange::new(1, 3));
}

#[test]
fn inconsistent_dedent_is_reported_once() {
    let source = "if x:\n    a\n  b\n  c\n";
    assert_eq!(
        error_kinds(source),
        vec![SyntaxErrorKind::InconsistentDedent]
    );
    let (tokens, _) = tokenize(source);
    // The recovered level makes no unbalanced INDENT/DEDENT.
    let indents = tokens.iter().filter(|t| t.kind == Indent).count();
    let dedents = tokens.iter().filter(|t| t.kind == Dedent).count();
    assert_eq!(indents, dedents);
}

#[test]
fn numbers_of_every_form() {
    assert_eq!(
        kinds("1_000 0x_ff 0o17 0b101 1. .5 1e-3 1_000.5 2j 00"),
        vec![
            TokenKind::Int(1000),
            TokenKind::Int(255),
            TokenKind::Int(15),
            TokenKind::Int(5),
            TokenKind::Float(1.0),
            TokenKind::Float(0.5),
            TokenKind::Float(0.001),
            TokenKind::Float(1000.5),
            TokenKind::Imaginary(2.0),
            TokenKind::Int(0),
            Newline,
            EndOfFile
        ]
    );
    assert_eq!(kinds(&u128::MAX.to_string())[0], TokenKind::Int(u128::MAX));
}

#[test]
fn bad_numbers_are_errors() {
    assert_eq!(
        error_kinds("0x 1__0 1_ 12abc 0b2"),
        vec![
            SyntaxErrorKind::InvalidNumber {
                kind: NumberKind::Hexadecimal
            },
            SyntaxErrorKind::InvalidNumber {
                kind: NumberKind::Decimal
            },
            SyntaxErrorKind::InvalidNumber {
                kind: NumberKind::Decimal
            },
            SyntaxErrorKind::InvalidNumber {
                kind: NumberKind::Decimal
            },
            SyntaxErrorKind::InvalidNumber {
                kind: NumberKind::Binary
            },
        ]
    );
    assert_eq!(error_kinds("012"), vec![SyntaxErrorKind::LeadingZeros]);
    let too_large = format!("{}0", u128::MAX);
    assert_eq!(
        error_kinds(&too_large),
        vec![SyntaxErrorKind::IntegerTooLarge]
    );
}

#[test]
fn operators_take_the_longest_match() {
    assert_eq!(
        kinds("**= ** * //= // -> := ... . @= @ != <<= <"),
        vec![
            TokenKind::AugAssign(BinOp::Pow),
            TokenKind::Op(Op::DoubleStar),
            TokenKind::Op(Op::Star),
            TokenKind::AugAssign(BinOp::FloorDiv),
            TokenKind::Op(Op::DoubleSlash),
            TokenKind::Op(Op::Arrow),
            TokenKind::Op(Op::ColonEqual),
            TokenKind::Op(Op::Ellipsis),
            TokenKind::Op(Op::Dot),
            TokenKind::AugAssign(BinOp::MatMult),
            TokenKind::Op(Op::At),
            TokenKind::Op(Op::NotEqual),
            TokenKind::AugAssign(BinOp::LShift),
            TokenKind::Op(Op::Less),
            Newline,
            EndOfFile
        ]
    );
}

#[test]
fn keywords_and_unicode_identifiers() {
    let source = "def résumé match";
    let (tokens, errors) = tokenize(source);
    assert!(errors.is_empty());
    assert_eq!(tokens[0].kind, TokenKind::Keyword(Keyword::Def));
    assert_eq!(tokens[1].kind, Name);
    assert_eq!(
        &source[tokens[1].range.start()..tokens[1].range.end()],
        "résumé"
    );
    // A soft keyword is a name to the lexer.
    assert_eq!(tokens[2].kind, Name);
}

#[test]
fn string_prefixes_and_values() {
    assert_eq!(
        kinds(r#"'a' "b" '''c''' r'\n' b'\x01' Rb"\x" f'{x}' u'é'"#),
        vec![
            TokenKind::String(StringValue::Str("a".into())),
            TokenKind::String(StringValue::Str("b".into())),
            TokenKind::String(StringValue::Str("c".into())),
            TokenKind::String(StringValue::Str(r"\n".into())),
            TokenKind::String(StringValue::Bytes(vec![1])),
            TokenKind::String(StringValue::Bytes(br"\x".to_vec())),
            TokenKind::String(StringValue::FString),
            TokenKind::String(StringValue::Str("é".into())),
            Newline,
            EndOfFile
        ]
    );
}

#[test]
fn fstring_fields_may_hold_quotes_and_braces() {
    let kinds = kinds(r#"f"{d["k"]} {{x}} {y:{w}}" + 1"#);
    assert_eq!(kinds[0], TokenKind::String(StringValue::FString));
    assert_eq!(kinds[1], TokenKind::Op(Op::Plus));
}

#[test]
fn unterminated_strings_are_errors() {
    assert_eq!(
        error_kinds("'abc\nx"),
        vec![SyntaxErrorKind::UnterminatedString]
    );
    assert_eq!(
        error_kinds("'''abc\nx"),
        vec![SyntaxErrorKind::UnterminatedTripleQuotedString]
    );
    assert_eq!(
        error_kinds("f'{x"),
        vec![SyntaxErrorKind::UnterminatedString]
    );
    assert_eq!(
        error_kinds(r"'abc\"),
        vec![SyntaxErrorKind::UnterminatedString]
    );
}

#[test]
fn brackets_are_checked() {
    assert_eq!(
        error_kinds("(a"),
        vec![SyntaxErrorKind::UnclosedBracket('(')]
    );
    assert_eq!(
        error_kinds("a)"),
        vec![SyntaxErrorKind::UnmatchedBracket(')')]
    );
    assert_eq!(
        error_kinds("(a]"),
        vec![SyntaxErrorKind::MismatchedBracket {
            open: '(',
            close: ']'
        }]
    );
}

#[test]
fn invalid_characters_become_unknown_tokens() {
    let (tokens, errors) = tokenize("a $ ? !");
    assert_eq!(
        errors.iter().map(|e| e.kind.clone()).collect::<Vec<_>>(),
        vec![
            SyntaxErrorKind::InvalidCharacter('$'),
            SyntaxErrorKind::InvalidCharacter('?'),
            SyntaxErrorKind::InvalidCharacter('!'),
        ]
    );
    assert_eq!(tokens[1].kind, TokenKind::Unknown);
    assert_eq!(errors[0].range, TextRange::new(2, 3));
}

#[test]
fn continuation_errors() {
    assert_eq!(
        error_kinds("x = 1 \\ 2"),
        vec![SyntaxErrorKind::CharacterAfterContinuation]
    );
    assert_eq!(
        error_kinds("x = \\"),
        vec![SyntaxErrorKind::EndOfFileAfterContinuation]
    );
}

#[test]
fn token_ranges_cover_their_text() {
    let source = "x = foo(1.5, 'a')\n";
    let (tokens, _) = tokenize(source);
    let texts: Vec<&str> = tokens
        .iter()
        .map(|token| &source[token.range.start()..token.range.end()])
        .collect();
    assert_eq!(
        texts,
        vec!["x", "=", "foo", "(", "1.5", ",", "'a'", ")", "\n", ""]
    );
}
