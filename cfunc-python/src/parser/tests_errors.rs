//! Parser unit tests: error messages, their ranges and recovery.

use super::*;

fn messages(source: &str) -> Vec<(String, &str)> {
    let (_, errors) = parse_module(source);
    errors
        .iter()
        .map(|error| {
            let range = error.range;
            (error.to_string(), &source[range.start()..range.end()])
        })
        .collect()
}

#[test]
fn missing_colon_names_the_clause() {
    assert_eq!(
        messages("if x\n    pass\n"),
        vec![(
            "expected `:` after the `if` condition, found newline".to_owned(),
            "\n"
        )]
    );
}

#[test]
fn block_after_failed_header_is_not_an_unexpected_indent() {
    let found = messages("for i in x\n    y = (\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0]
            .0
            .starts_with("expected `:` after the `for` iterable")
    );
    assert_eq!(found[1].0, "`(` was never closed");
}

#[test]
fn expected_indented_block_points_at_the_next_line() {
    assert_eq!(
        messages("while x:\ny = 1\n"),
        vec![("expected an indented block after `while`".to_owned(), "y")]
    );
}

#[test]
fn recovery_continues_at_the_next_statement() {
    let found = messages("x = )\ny = 1 +\nz = [\n");
    let texts: Vec<&str> = found.iter().map(|(message, _)| message.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "unmatched `)`",
            "expected an expression, found newline",
            "`[` was never closed",
        ]
    );
}

#[test]
fn expected_expression_found_paren() {
    assert_eq!(
        messages("f(1 + )\n"),
        vec![("expected an expression, found `)`".to_owned(), ")")]
    );
}

#[test]
fn invalid_targets_name_what_they_are() {
    assert_eq!(
        messages("f() = 1\n"),
        vec![(
            "invalid target for assignment: a function call".to_owned(),
            "f()"
        )]
    );
    assert_eq!(
        messages("a, b += 1\n")[0].0,
        "invalid target for augmented assignment: a tuple"
    );
    assert_eq!(
        messages("for x + 1 in y: pass\n")[0].0,
        "invalid target for a `for` loop: an operator expression"
    );
}

#[test]
fn lexer_errors_are_not_repeated_by_the_parser() {
    assert_eq!(
        messages("x = 'abc\ny = 2\n"),
        vec![("unterminated string literal".to_owned(), "'abc")]
    );
    assert_eq!(messages("x = $\n").len(), 1);
}

#[test]
fn orphan_else_is_reported() {
    assert_eq!(
        messages("else:\n    pass\n"),
        vec![("`else` without a preceding `if`".to_owned(), "else")]
    );
}

#[test]
fn errors_come_back_in_source_order() {
    let (_, errors) = parse_module("a = (\nb = 1 $\n");
    let starts: Vec<u32> = errors.iter().map(|error| error.range.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert_eq!(errors.len(), 2);
}
