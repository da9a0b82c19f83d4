//! The parser against fixture files (AST and diagnostic snapshots),
//! hand-written precedence trees, range conventions and fuzzing.

#[path = "parse/sexp.rs"]
mod sexp;

use cfunc_python::parse_module;
use cfunc_python::render::code_frame;
use proptest::prelude::*;
use std::path::Path;

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn ok_fixtures_parse_without_errors() {
    insta::glob!("fixtures/ok/*.py", |path| {
        let source = std::fs::read_to_string(path).expect("fixture is readable");
        let (module, errors) = parse_module(&source);
        let rendered: Vec<String> = errors
            .iter()
            .map(|error| code_frame(&source, &file_name(path), error.range, &error.to_string()))
            .collect();
        assert!(rendered.is_empty(), "{}", rendered.concat());
        if let Err(problems) = sexp::check_ranges(&source, &module) {
            panic!("{}: {problems}", path.display());
        }
        insta::assert_snapshot!(sexp::module(&module));
    });
}

#[test]
fn err_fixtures_render_their_diagnostics() {
    insta::glob!("fixtures/err/*.py", |path| {
        let source = std::fs::read_to_string(path).expect("fixture is readable");
        let (module, errors) = parse_module(&source);
        assert!(
            !errors.is_empty(),
            "{} parsed without errors",
            path.display()
        );
        assert!(
            errors
                .windows(2)
                .all(|pair| pair[0].range.start <= pair[1].range.start),
            "errors are not in source order"
        );
        if let Err(problems) = sexp::check_ranges(&source, &module) {
            panic!("{}: {problems}", path.display());
        }
        let rendered: String = errors
            .iter()
            .map(|error| code_frame(&source, &file_name(path), error.range, &error.to_string()))
            .collect();
        insta::assert_snapshot!(rendered);
    });
}

/// Parses one expression statement and prints it.
fn tree(source: &str) -> String {
    let (module, errors) = parse_module(source);
    assert!(errors.is_empty(), "{source:?}: {errors:?}");
    match &module.body[..] {
        [statement] => match &statement.kind {
            cfunc_python::ast::StmtKind::Expr(value) => sexp::expr(value),
            other => panic!("{source:?} is not an expression statement: {other:?}"),
        },
        other => panic!("{source:?} gave {} statements", other.len()),
    }
}

#[test]
fn imaginary_literals_keep_their_imaginary_part() {
    assert_eq!(tree("3 + 4j"), "(+ 3 4.0j)");
    assert_eq!(tree("-1.5e3J"), "(- 1500.0j)");
    assert_eq!(tree("0_1j * .5j"), "(* 1.0j 0.5j)");
}

#[test]
fn power_binds_tighter_than_unary_minus_on_its_left() {
    assert_eq!(tree("-2**2"), "(- (** 2 2))");
    assert_eq!(tree("2**-1"), "(** 2 (- 1))");
    assert_eq!(tree("2**3**2"), "(** 2 (** 3 2))");
}

#[test]
fn comparisons_chain_into_one_node() {
    assert_eq!(tree("a < b < c"), "(compare a < b < c)");
    assert_eq!(tree("a is not b not in c"), "(compare a is not b not in c)");
}

#[test]
fn not_is_looser_than_comparisons() {
    assert_eq!(tree("not a == b"), "(not (compare a == b))");
    assert_eq!(tree("not a and b"), "(and (not a) b)");
}

#[test]
fn conditional_expressions_nest_to_the_right() {
    assert_eq!(tree("a if b else c if d else e"), "(if b a (if d c e))");
}

#[test]
fn multiplicative_operators_are_left_associative() {
    assert_eq!(tree("x // y % z"), "(% (// x y) z)");
    assert_eq!(tree("a - b - c"), "(- (- a b) c)");
}

#[test]
fn arithmetic_precedence_ladder() {
    assert_eq!(tree("1 + 2 * 3 ** 4"), "(+ 1 (* 2 (** 3 4)))");
    assert_eq!(
        tree("a | b ^ c & d << e + f"),
        "(| a (^ b (& c (<< d (+ e f)))))"
    );
    assert_eq!(tree("a or b and c"), "(or a (and b c))");
    assert_eq!(tree("-x.y[1](2)"), "(- (call (index (. x y) 1) 2))");
}

#[test]
fn call_arguments_and_subscripts() {
    assert_eq!(
        tree("f(a, *b, c=1, **d)"),
        "(call f a (* b) (c= 1) (**= d))"
    );
    assert_eq!(tree("a[i, j]"), "(index a (tuple i j))");
    assert_eq!(
        tree("a[1:2, ::3]"),
        "(index a (tuple (slice 1 2 _) (slice _ _ 3)))"
    );
    assert_eq!(tree("a[:]"), "(index a (slice _ _ _))");
}

#[test]
fn tuples_with_and_without_parentheses() {
    assert_eq!(tree("()"), "(tuple)");
    assert_eq!(tree("(1,)"), "(tuple 1)");
    assert_eq!(tree("1, 2,"), "(tuple 1 2)");
    assert_eq!(tree("(1)"), "1");
}

#[test]
fn dict_displays_of_pairs_are_kept_for_the_module_level() {
    assert_eq!(tree("{}"), "(dict)");
    assert_eq!(
        tree("{'c': types.int64, 'd': 1,}"),
        r#"(dict ("c" (. types int64)) ("d" 1))"#
    );
}

#[test]
fn unsupported_constructs_are_named() {
    for (source, construct) in [
        ("{1: 2, **d}", "dict displays"),
        ("{1, 2}", "set displays"),
        ("{k: v for k in d}", "dict comprehensions"),
        ("{k for k in d}", "set comprehensions"),
        ("[x for x in y if x]", "list comprehensions"),
        ("(x for x in y)", "generator expressions"),
        ("lambda x, y=1: x + y", "lambda expressions"),
        ("f'{x!r:>{width}}'", "f-strings"),
        ("(y := 1)", "walrus assignments"),
        ("await x", "await expressions"),
        ("(yield x)", "yield expressions"),
    ] {
        assert_eq!(
            tree(source),
            format!("(unsupported {construct:?})"),
            "{source}"
        );
    }
}

#[test]
fn grouping_parentheses_belong_to_the_enclosing_node() {
    let source = "(a + b) * c";
    let (module, _) = parse_module(source);
    let cfunc_python::ast::StmtKind::Expr(product) = &module.body[0].kind else {
        panic!("not an expression");
    };
    assert_eq!(product.range.start()..product.range.end(), 0..11);
    let cfunc_python::ast::ExprKind::BinOp { left, .. } = &product.kind else {
        panic!("not a binary operation");
    };
    assert_eq!(&source[left.range.start()..left.range.end()], "a + b");
}

#[test]
fn one_thousand_lines_parse_quickly() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok");
    let mut fixtures: Vec<_> = std::fs::read_dir(directory)
        .expect("fixtures are listed")
        .map(|entry| entry.expect("fixture entry").path())
        .collect();
    fixtures.sort();
    let mut source = String::new();
    while source.lines().count() < 1000 {
        for path in &fixtures {
            source.push_str(&std::fs::read_to_string(path).expect("fixture is readable"));
            source.push('\n');
        }
    }
    let started = std::time::Instant::now();
    let (module, errors) = parse_module(&source);
    let elapsed = started.elapsed();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(module.body.len() > 300);
    println!("parsed {} lines in {elapsed:?}", source.lines().count());
    // Generous for debug builds; a release build takes about a millisecond.
    assert!(elapsed.as_millis() < 500, "took {elapsed:?}");
}

/// Tokens the fuzzer glues together, indentation and line breaks included.
const VOCABULARY: &[&str] = &[
    "def", "f", "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "...", "=", "==", "+=", "**",
    "//", "-", "+", "*", "@", "->", ":=", "if", "elif", "else", "for", "in", "while", "return",
    "not", "and", "or", "is", "lambda", "yield", "await", "async", "class", "try", "except",
    "finally", "with", "as", "match", "case", "import", "from", "x", "1", "0x1f", "1.5e3", "1j",
    "'s'", "\"t\"", "'''", "f'{x}'", "b'\\x00'", "#c", "\\", "\n", "\r\n", "    ", "\t", " ", "$",
    "\u{e9}", "global", "del", "pass", "break", "raise",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..60).prop_map(|tokens| {
        let mut source = String::new();
        for token in tokens {
            source.push_str(token);
            source.push(' ');
        }
        source
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(source in "\\PC{0,80}|[ -~\\t\\n\\r]{0,120}") {
        let (module, errors) = parse_module(&source);
        for error in &errors {
            prop_assert!(error.range.end() <= source.len());
            prop_assert!(error.range.start <= error.range.end);
            let _ = code_frame(&source, "fuzz.py", error.range, &error.to_string());
        }
        prop_assert!(sexp::check_ranges(&source, &module).is_ok());
    }

    #[test]
    fn token_soups_never_panic(source in token_soup()) {
        let (module, errors) = parse_module(&source);
        for error in &errors {
            prop_assert!(error.range.end() <= source.len());
            prop_assert!(error.range.start <= error.range.end);
        }
        if let Err(problems) = sexp::check_ranges(&source, &module) {
            prop_assert!(false, "{}", problems);
        }
    }
}
