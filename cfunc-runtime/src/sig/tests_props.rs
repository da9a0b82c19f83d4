//! Property tests: printing round-trips, and no input makes the parser
//! panic or report a span outside the input.

use proptest::prelude::*;

use super::*;

/// Scalars valid in any position (everything but `void`).
fn value_scalar() -> impl Strategy<Value = Scalar> {
    proptest::sample::select(
        Scalar::ALL
            .into_iter()
            .filter(|scalar| *scalar != Scalar::Void)
            .collect::<Vec<_>>(),
    )
}

/// Identifiers that the parser takes as record names, i.e. not known
/// names, near-misses of them, or keywords.
fn record_name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,10}".prop_filter("must parse as a record", |name| {
        parse_type(name) == Ok(Type::Record(name.clone()))
    })
}

/// Any type valid as an argument.
fn value_type() -> impl Strategy<Value = Type> {
    let leaf = prop_oneof![
        3 => value_scalar().prop_map(Type::Scalar),
        1 => record_name().prop_map(Type::Record),
    ];
    leaf.prop_recursive(6, 12, 1, |pointee| {
        pointee.prop_map(|pointee| Type::Pointer(Box::new(pointee)))
    })
}

fn signature() -> impl Strategy<Value = Signature> {
    let ret = prop_oneof![1 => Just(Type::Scalar(Scalar::Void)), 4 => value_type()];
    (ret, proptest::collection::vec(value_type(), 0..6))
        .prop_map(|(ret, args)| Signature { ret, args })
}

/// Fragments of real and broken signatures, so that random concatenations
/// reach deep into the grammar instead of failing at the first character.
const FRAGMENTS: &[&str] = &[
    "float64",
    "f8",
    "intc",
    "voidptr",
    "void",
    "none",
    "CPointer",
    "types",
    "numba",
    ".",
    "(",
    "(",
    ")",
    ")",
    ",",
    ",",
    " ",
    "\n",
    "\t",
    "my_struct",
    "Point",
    "[",
    ":",
    "]",
    "flaot64",
    "complex128",
    "5",
    "_",
    "fn",
    "$",
    "é",
    "日",
    "*",
    "'",
    "\u{a0}",
];

fn grammar_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..24)
        .prop_map(|fragments| fragments.concat())
}

/// Checks what must hold for any input: no panic, an error span on char
/// boundaries inside the input, a 1-based column, and a fixed point for
/// anything accepted.
fn check_any_input(text: &str) -> Result<(), TestCaseError> {
    match parse_signature(text) {
        Ok(sig) => {
            let printed = sig.to_string();
            let reparsed = parse_signature(&printed);
            prop_assert_eq!(reparsed.as_ref(), Ok(&sig));
            prop_assert_eq!(reparsed.map(|sig| sig.to_string()), Ok(printed));
        }
        Err(error) => check_error(text, &error)?,
    }
    match parse_type(text) {
        Ok(ty) => prop_assert_eq!(parse_type(&ty.to_string()), Ok(ty)),
        Err(error) => check_error(text, &error)?,
    }
    Ok(())
}

fn check_error(text: &str, error: &SigError) -> Result<(), TestCaseError> {
    let span = error.span();
    prop_assert!(
        text.get(span.clone()).is_some(),
        "span {:?} of {:?}",
        span,
        text
    );
    let expected_column = text[..span.start].chars().count() + 1;
    prop_assert_eq!(error.column(), expected_column);
    prop_assert!(!error.to_string().is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_signatures_parse_back_to_themselves(sig in signature()) {
        let printed = sig.to_string();
        let reparsed = parse_signature(&printed);
        prop_assert_eq!(reparsed.as_ref(), Ok(&sig), "printed as {}", printed);
        prop_assert_eq!(reparsed.map(|sig| sig.to_string()), Ok(printed));
    }

    #[test]
    fn printed_types_parse_back_to_themselves(ty in value_type()) {
        prop_assert_eq!(parse_type(&ty.to_string()), Ok(ty));
    }

    #[test]
    fn whitespace_and_prefixes_do_not_change_the_meaning(
        sig in signature(),
        blanks in proptest::collection::vec("[ \t\n]{0,3}", 64),
    ) {
        // Put random whitespace around every punctuation mark and `types.`
        // before every name that is a scalar or `CPointer`.
        let mut blanks = blanks.into_iter().cycle();
        let mut spaced = String::new();
        let printed = sig.to_string();
        // The canonical form ends in `)`, so every piece ends in punctuation.
        for piece in printed.split_inclusive(['(', ')', ',']) {
            let (word, punctuation) = piece.split_at(piece.len() - 1);
            let word = word.trim();
            if word == "CPointer" || Scalar::from_name(word).is_some() {
                spaced.push_str("types.");
            }
            spaced.push_str(word);
            spaced.push_str(&blanks.next().unwrap_or_default());
            spaced.push_str(punctuation);
            spaced.push_str(&blanks.next().unwrap_or_default());
        }
        prop_assert_eq!(parse_signature(&spaced), Ok(sig), "spaced as {:?}", spaced);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_any_input(&text)?;
    }

    #[test]
    fn grammar_like_strings_never_panic(text in grammar_soup()) {
        check_any_input(&text)?;
    }
}
