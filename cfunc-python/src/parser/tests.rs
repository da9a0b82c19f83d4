//! Parser unit tests: tree shapes and ranges of single constructs.

use super::*;
use crate::ast::{BinOp, CmpOp, Expr, ExprKind, Stmt, StmtKind, UnaryOp};

fn parse_ok(source: &str) -> Vec<Stmt> {
    let (module, errors) = parse_module(source);
    assert!(errors.is_empty(), "{source:?}: {errors:?}");
    module.body
}

fn expression(source: &str) -> Expr {
    match parse_ok(source).remove(0).kind {
        StmtKind::Expr(value) => value,
        other => panic!("not an expression statement: {other:?}"),
    }
}

fn text(source: &str, range: TextRange) -> &str {
    &source[range.start()..range.end()]
}

fn name(id: &str) -> ExprKind {
    ExprKind::Name(id.to_owned())
}

#[test]
fn unary_minus_applies_to_the_power() {
    let tree = expression("-2**2");
    let ExprKind::UnaryOp {
        op: UnaryOp::USub,
        operand,
    } = tree.kind
    else {
        panic!("expected a negation, got {tree:?}");
    };
    let ExprKind::BinOp {
        op: BinOp::Pow,
        left,
        right,
    } = operand.kind
    else {
        panic!("expected a power");
    };
    assert_eq!(
        (left.kind, right.kind),
        (ExprKind::Int(2), ExprKind::Int(2))
    );
}

#[test]
fn chained_comparison_is_one_node() {
    let tree = expression("a < b <= c");
    let ExprKind::Compare {
        left,
        ops,
        comparators,
    } = tree.kind
    else {
        panic!("expected a comparison");
    };
    assert_eq!(left.kind, name("a"));
    assert_eq!(ops, vec![CmpOp::Lt, CmpOp::LtE]);
    let kinds: Vec<ExprKind> = comparators.into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![name("b"), name("c")]);
}

#[test]
fn call_range_includes_the_closing_paren() {
    let source = "f(a, b=1)  # c";
    let tree = expression(source);
    assert_eq!(text(source, tree.range), "f(a, b=1)");
}

#[test]
fn binop_range_covers_both_operands() {
    let source = "x = a.b  +  c[1]\n";
    let StmtKind::Assign { value, .. } = &parse_ok(source)[0].kind else {
        panic!("expected an assignment");
    };
    assert_eq!(text(source, value.range), "a.b  +  c[1]");
}

#[test]
fn grouping_parentheses_are_outside_the_inner_range() {
    let source = "(a)";
    let tree = expression(source);
    assert_eq!(text(source, tree.range), "a");
    let source = "(a, b)";
    assert_eq!(text(source, expression(source).range), "(a, b)");
    let source = "(a).b";
    assert_eq!(text(source, expression(source).range), "(a).b");
}

#[test]
fn statement_ranges_exclude_the_newline_and_cover_blocks() {
    let source = "@d\ndef f(x):\n    return x\n\ny = 1\n";
    let body = parse_ok(source);
    assert_eq!(text(source, body[0].range), "@d\ndef f(x):\n    return x");
    assert_eq!(text(source, body[1].range), "y = 1");
}

#[test]
fn elif_is_an_if_alone_in_orelse() {
    let source = "if a:\n    x\nelif b:\n    y\nelse:\n    z\n";
    let body = parse_ok(source);
    let StmtKind::If { orelse, .. } = &body[0].kind else {
        panic!("expected an if");
    };
    assert_eq!(orelse.len(), 1);
    assert_eq!(
        text(source, orelse[0].range),
        "elif b:\n    y\nelse:\n    z"
    );
    let StmtKind::If {
        test,
        orelse: inner,
        ..
    } = &orelse[0].kind
    else {
        panic!("expected an elif");
    };
    assert_eq!(test.kind, name("b"));
    assert_eq!(inner.len(), 1);
}

#[test]
fn decorators_and_parameters_are_kept() {
    let source = "@cfunc(\"float64(float64)\", nopython=True)\ndef f(a, b: int = 1, *args, **kw) -> float:\n    pass\n";
    let StmtKind::FunctionDef(def) = &parse_ok(source)[0].kind else {
        panic!("expected a def");
    };
    assert_eq!(def.decorators.len(), 1);
    let ExprKind::Call { keywords, .. } = &def.decorators[0].kind else {
        panic!("expected a call");
    };
    assert_eq!(
        keywords[0].arg.as_ref().map(|n| n.id.as_str()),
        Some("nopython")
    );
    let names: Vec<&str> = def.params.iter().map(|p| p.name.id.as_str()).collect();
    assert_eq!(names, vec!["a", "b", "args", "kw"]);
    assert_eq!(text(source, def.params[1].range), "b: int = 1");
    assert_eq!(def.params[2].star, Some(crate::ast::StarKind::Args));
    assert!(def.returns.is_some());
}

#[test]
fn semicolons_separate_statements() {
    assert_eq!(parse_ok("a = 1; b = 2;\nc = 3\n").len(), 3);
}

#[test]
fn adjacent_strings_concatenate() {
    let tree = expression("'a' \"b\" '''c'''");
    assert_eq!(tree.kind, ExprKind::Str("abc".to_owned()));
}

#[test]
fn match_is_a_statement_only_as_a_header() {
    let body = parse_ok("match x:\n    case 1:\n        pass\nmatch = 2\nmatch(y)\n");
    assert_eq!(body.len(), 3);
    assert_eq!(
        body[0].kind,
        StmtKind::Unsupported {
            construct: "match statements"
        }
    );
    assert!(matches!(body[1].kind, StmtKind::Assign { .. }));
    assert!(matches!(body[2].kind, StmtKind::Expr(_)));
}

#[test]
fn unsupported_statements_are_named() {
    for (source, construct) in [
        ("class C:\n    pass\n", "class definitions"),
        ("try:\n    pass\nexcept* E:\n    pass\n", "try statements"),
        ("with a as b:\n    pass\n", "with statements"),
        ("async def f():\n    pass\n", "async functions"),
        ("async for x in y:\n    pass\n", "async for loops"),
    ] {
        assert_eq!(
            parse_ok(source)[0].kind,
            StmtKind::Unsupported { construct },
            "{source}"
        );
    }
}

#[test]
fn try_keeps_its_blocks_for_the_module_level() {
    let body = parse_ok(
        "try:\n    import numba\nexcept ImportError:\n    numba = None\nelse:\n    ok = 1\nfinally:\n    pass\n",
    );
    let StmtKind::Try {
        body,
        handlers,
        orelse,
        finalbody,
    } = &body[0].kind
    else {
        panic!("expected a try statement");
    };
    assert_eq!(
        (body.len(), handlers.len(), orelse.len(), finalbody.len()),
        (1, 1, 1, 1)
    );
    assert!(
        matches!(&handlers[0].kind, Some(kind) if kind.kind == ExprKind::Name("ImportError".to_owned()))
    );
}

#[test]
fn from_import_counts_leading_dots() {
    let StmtKind::ImportFrom { module, level, .. } = &parse_ok("from ...a.b import c\n")[0].kind
    else {
        panic!("expected an import");
    };
    assert_eq!(*level, 3);
    assert_eq!(module.len(), 2);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = MAX_NESTING as usize + 10;
    let source = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    let (_, errors) = parse_module(&source);
    assert!(
        errors
            .iter()
            .any(|error| matches!(error.kind, SyntaxErrorKind::NestingTooDeep { .. }))
    );
    let unary = format!("x = {}1\n", "-".repeat(10_000));
    let (_, errors) = parse_module(&unary);
    assert!(!errors.is_empty());
}

#[test]
fn nesting_up_to_the_limit_parses_on_a_small_stack() {
    // Test threads have 2 MiB of stack, less than a compiler thread.
    let depth = MAX_NESTING as usize - 5;
    let source = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    let (_, errors) = parse_module(&source);
    assert!(errors.is_empty(), "{errors:?}");
}
