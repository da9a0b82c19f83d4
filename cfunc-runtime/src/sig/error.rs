//! [`SigError`]: what went wrong, where, and the one place that words it.

use core::fmt;
use core::ops::Range;

/// How many characters of user text a message quotes before eliding.
const MAX_QUOTED_CHARS: usize = 32;

/// A signature or type string that does not parse.
///
/// The message names what was expected and what was found, quotes the
/// construct literally and gives the 1-based column where it starts.
///
/// ```
/// use cfunc_runtime::sig::parse_signature;
///
/// let error = parse_signature("flaot64(float64)").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "unknown type `flaot64` at column 1; did you mean `float64`?"
/// );
/// assert_eq!(error.column(), 1);
/// assert_eq!(error.span(), 0..7);
/// assert_eq!(error.suggestion(), Some("float64"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct SigError {
    kind: SigErrorKind,
    span: Range<usize>,
    column: usize,
}

/// The category of a [`SigError`], with the details its message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigErrorKind {
    /// The signature string is empty or only whitespace.
    EmptySignature,
    /// The type string is empty or only whitespace.
    EmptyType,
    /// A name too close to a known name to be meant as a record type.
    UnknownType {
        /// The name as written.
        name: String,
        /// The known name it most likely means.
        suggestion: &'static str,
    },
    /// A Numba or NumPy type such as `float16` or `complex256` that cannot
    /// cross a C boundary.
    NoCEquivalent {
        /// The name as written (`f2`).
        name: String,
        /// The canonical name for it (`float16`).
        numba_name: &'static str,
    },
    /// A Rust primitive with no Numba counterpart, such as `i128`.
    RustOnlyType {
        /// The name as written.
        name: String,
    },
    /// Numba array syntax such as `float64[:]`.
    ArrayType {
        /// The array construct as written.
        written: String,
        /// The canonical element type, for the suggested `CPointer`.
        element: String,
    },
    /// `void` (or `none`) used as an argument type.
    VoidArgument {
        /// `void` or `none`, as written.
        written: String,
        /// The 1-based argument position.
        index: usize,
        /// When `void` is the only argument (C's `f(void)`), the canonical
        /// return type, to suggest the empty argument list instead.
        sole_argument_of: Option<String>,
    },
    /// `CPointer(void)`, for which `voidptr` is the spelling.
    VoidPointee {
        /// `void` or `none`, as written.
        written: String,
    },
    /// `CPointer()` with nothing inside.
    EmptyPointer,
    /// `CPointer` nested deeper than the limit; the span is the first
    /// `CPointer` beyond it.
    NestingTooDeep {
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// `CPointer(a, b)`: a second type where `)` was expected.
    PointerArity,
    /// An identifier that cannot name a record type (a keyword, `_`).
    InvalidRecordName {
        /// The name as written.
        name: String,
        /// Why it is rejected, e.g. "it is a Rust keyword".
        reason: &'static str,
    },
    /// A dotted name other than the `types.`/`numba.types.` prefixes.
    QualifiedName {
        /// The dotted name as written.
        written: String,
    },
    /// `(` after a type other than `CPointer`, e.g. `float64(int32)` as an
    /// argument.
    UnexpectedParen {
        /// The canonical type before the `(`.
        after: String,
    },
    /// A character that has no place in a signature (`$`, `'`, `*`, `é`).
    UnexpectedCharacter {
        /// The character.
        found: char,
    },
    /// The next token is not one the grammar allows here.
    Expected {
        /// What the grammar allows at this point.
        expected: Expected,
        /// What is there instead.
        found: Found,
    },
    /// The input ends inside parentheses; the span is the innermost `(`.
    UnclosedParen,
    /// A `)` after the complete signature.
    UnmatchedCloseParen,
    /// Text after the complete signature or type.
    TrailingInput {
        /// The trailing text, trimmed.
        text: String,
    },
}

/// What the grammar allowed where a [`SigErrorKind::Expected`] error
/// occurred.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// The return type at the start of a signature.
    ReturnType,
    /// A type (when parsing a lone type).
    Type,
    /// An argument type or the closing `)` of the argument list.
    ArgumentOrClose,
    /// The type inside `CPointer(...)`.
    Pointee,
    /// The `(` opening the argument list.
    OpenParenAfterReturn {
        /// The canonical return type.
        ret: String,
    },
    /// The `(` after `CPointer`.
    OpenParenAfterCPointer,
    /// A `,` or `)` after an argument.
    CommaOrClose {
        /// The 1-based position of the argument just parsed.
        argument: usize,
    },
    /// The `)` closing `CPointer(...)`.
    CloseParenAfterPointee,
    /// A type name after a `types.` prefix.
    NameAfterPrefix {
        /// The prefix as written without whitespace, e.g. `types.`.
        prefix: String,
    },
}

/// What was found where a [`SigErrorKind::Expected`] error occurred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The input ended.
    EndOfInput,
    /// A token, with its text.
    Token(String),
}

impl SigError {
    /// Builds an error at byte range `span` of `input`.
    pub(super) fn new(kind: SigErrorKind, span: Range<usize>, input: &str) -> SigError {
        // Spans come from the lexer and lie on char boundaries; `get` keeps
        // this total anyway.
        let column = input
            .get(..span.start)
            .map_or(1, |before| before.chars().count() + 1);
        SigError { kind, span, column }
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &SigErrorKind {
        &self.kind
    }

    /// The byte range of the offending construct in the input (empty at the
    /// end of input).
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The 1-based column, in characters, where the offending construct
    /// starts. Newlines count as one character: for multi-line input this
    /// is a character offset, not a column within a line.
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    /// The replacement text when there is a single obvious fix, e.g.
    /// `float64` for `flaot64` or `voidptr` for `CPointer(void)`.
    #[must_use]
    pub fn suggestion(&self) -> Option<&'static str> {
        match &self.kind {
            SigErrorKind::UnknownType { suggestion, .. } => Some(suggestion),
            SigErrorKind::VoidPointee { .. } => Some("voidptr"),
            _ => None,
        }
    }

    /// The full message; `Display` forwards here.
    fn render(&self) -> String {
        let column = self.column;
        match &self.kind {
            SigErrorKind::EmptySignature => "empty signature: expected a return type and an \
                 argument list, e.g. `float64(float64, float64)`"
                .to_owned(),
            SigErrorKind::EmptyType => {
                "empty type: expected a type such as `float64` or `CPointer(int32)`".to_owned()
            }
            SigErrorKind::UnknownType { name, suggestion } => format!(
                "unknown type {} at column {column}; did you mean `{suggestion}`?",
                quote(name)
            ),
            SigErrorKind::NoCEquivalent { name, numba_name } => {
                let alias_note = if name == numba_name {
                    String::new()
                } else {
                    format!(" (Numba's `{numba_name}`)")
                };
                let what = if matches!(*numba_name, "complex256" | "float128") {
                    "a NumPy type that Numba does not support, and"
                } else {
                    "a Numba type but"
                };
                format!(
                    "{}{alias_note} at column {column} is {what} has no C callback \
                     equivalent; {}",
                    quote(name),
                    no_c_equivalent_advice(numba_name)
                )
            }
            SigErrorKind::RustOnlyType { name } => format!(
                "{} at column {column} is a Rust type with no C callback equivalent; signatures \
                 use Numba type names such as `int64` or `float64`",
                quote(name)
            ),
            SigErrorKind::ArrayType { written, element } => format!(
                "array type {} at column {column} cannot cross a C boundary; pass \
                 `CPointer({element})` and a length, then build a view with carray",
                quote(written)
            ),
            SigErrorKind::VoidArgument {
                written,
                index,
                sole_argument_of,
            } => {
                let fix = sole_argument_of.as_ref().map_or(String::new(), |ret| {
                    format!("; write `{ret}()` for a function without arguments")
                });
                format!(
                    "{} is only valid as a return type (argument {index} at column {column}){fix}",
                    quote(written)
                )
            }
            SigErrorKind::VoidPointee { written } => format!(
                "`CPointer({written})` at column {column} is not a valid pointer type; use \
                 `voidptr` for an untyped pointer"
            ),
            SigErrorKind::EmptyPointer => format!(
                "expected a pointee type inside `CPointer()` at column {column}, found `)`; \
                 e.g. `CPointer(float64)`"
            ),
            SigErrorKind::NestingTooDeep { limit } => format!(
                "`CPointer` at column {column} is nested more than {limit} levels deep; \
                 expected at most {limit} levels"
            ),
            SigErrorKind::PointerArity => format!(
                "`CPointer` takes exactly one pointee type: expected `)` at column {column}, \
                 found `,`"
            ),
            SigErrorKind::InvalidRecordName { name, reason } => format!(
                "{} at column {column} cannot name a record type: {reason}",
                quote(name)
            ),
            SigErrorKind::QualifiedName { written } => format!(
                "unsupported qualified name {} at column {column}; only the `types.` and \
                 `numba.types.` prefixes are accepted",
                quote(written)
            ),
            SigErrorKind::UnexpectedParen { after } => format!(
                "unexpected `(` at column {column} after `{after}`; only `CPointer` takes a \
                 parenthesised type"
            ),
            SigErrorKind::UnexpectedCharacter { found } => format!(
                "unexpected {} at column {column}; {}",
                describe_char(*found),
                stray_character_hint(*found)
            ),
            SigErrorKind::Expected { expected, found } => {
                format!("expected {expected} at column {column}, found {found}")
            }
            SigErrorKind::UnclosedParen => format!(
                "unbalanced parentheses: `(` at column {column} is never closed; expected `)` \
                 before the end of input"
            ),
            SigErrorKind::UnmatchedCloseParen => {
                format!("unbalanced parentheses: `)` at column {column} has no matching `(`")
            }
            SigErrorKind::TrailingInput { text } => format!(
                "trailing input {} at column {column}; expected end of input",
                quote(text)
            ),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::ReturnType => f.write_str("a return type"),
            Expected::Type => f.write_str("a type"),
            Expected::ArgumentOrClose => f.write_str("an argument type or `)`"),
            Expected::Pointee => f.write_str("a pointee type after `CPointer(`"),
            Expected::OpenParenAfterReturn { ret } => {
                write!(f, "`(` after the return type `{ret}`")
            }
            Expected::OpenParenAfterCPointer => f.write_str("`(` after `CPointer`"),
            Expected::CommaOrClose { argument } => {
                write!(f, "`,` or `)` after argument {argument}")
            }
            Expected::CloseParenAfterPointee => f.write_str("`)` to close `CPointer(`"),
            Expected::NameAfterPrefix { prefix } => write!(f, "a type name after `{prefix}`"),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::EndOfInput => f.write_str("end of input"),
            Found::Token(text) => f.write_str(&quote(text)),
        }
    }
}

/// What to do instead of a Numba type that has no C equivalent.
fn no_c_equivalent_advice(numba_name: &str) -> &'static str {
    match numba_name {
        "float16" => "use `float32` and convert inside the function",
        "complex256" => "use `complex128` (C's `double _Complex`)",
        _ => "use `float64` (C's `double`)",
    }
}

/// What a stray character probably means, or else what a signature may
/// contain.
fn stray_character_hint(found: char) -> &'static str {
    match found {
        '*' => "pointers are written `CPointer(float64)`, and `void *` is `voidptr`",
        '\'' | '"' => "write the signature without quotes",
        c if c.is_alphabetic() => "type and record names must be ASCII identifiers",
        _ => "a signature contains only type names, `(`, `)`, `,` and `types.` prefixes",
    }
}

/// Quotes user text in backticks, escaping control characters and eliding
/// long text so that a message stays on one readable line.
fn quote(text: &str) -> String {
    let mut quoted = String::from("`");
    for (index, c) in text.chars().enumerate() {
        if index == MAX_QUOTED_CHARS {
            quoted.push('…');
            break;
        }
        if c.is_control() {
            quoted.extend(c.escape_default());
        } else {
            quoted.push(c);
        }
    }
    quoted.push('`');
    quoted
}

/// Names a stray character; invisible ones by code point, since quoting a
/// no-break space would look like quoting nothing.
fn describe_char(c: char) -> String {
    if c.is_whitespace() || c.is_control() {
        format!("character U+{:04X}", u32::from(c))
    } else if c == '`' {
        "character '`'".to_owned()
    } else {
        format!("`{c}`")
    }
}
