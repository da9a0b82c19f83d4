//! Syntax errors of the Python subset: a kind plus a byte range, with all
//! of their wording in one `Display` (the derive below), so that messages
//! stay consistent and can be changed in one place.
//!
//! Lexical and grammatical errors share one type because the parser merges
//! them into a single list in source order; type errors live elsewhere.

use crate::ast::ExprKind;
use crate::text::TextRange;
use std::fmt;

/// One syntax error: what went wrong and where.
///
/// `Display` prints the message only; use
/// [`code_frame`](crate::render::code_frame) to show it with its position.
///
/// ```
/// use cfunc_python::parse_module;
///
/// let (_, errors) = parse_module("if x\n    pass\n");
/// assert_eq!(
///     errors[0].to_string(),
///     "expected `:` after the `if` condition, found newline"
/// );
/// assert_eq!(errors[0].range.start(), 4);
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{kind}")]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub range: TextRange,
}

/// What a [`SyntaxError`] is about, with the details its message needs.
///
/// ```
/// use cfunc_python::syntax_error::SyntaxErrorKind;
///
/// let kind = SyntaxErrorKind::InvalidCharacter('$');
/// assert_eq!(kind.to_string(), "invalid character `$`");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxErrorKind {
    // ---- lexical ----
    #[error("invalid character `{}`", .0.escape_debug())]
    InvalidCharacter(char),
    #[error("unterminated string literal")]
    UnterminatedString,
    #[error("unterminated triple-quoted string literal")]
    UnterminatedTripleQuotedString,
    /// `\xN`, `\u12`: fewer hex digits than the escape needs.
    #[error("truncated `\\{escape}` escape: expected {digits} hex digits")]
    TruncatedEscape { escape: char, digits: u8 },
    #[error("`\\N{{...}}` escapes are not supported; write the character itself")]
    NamedEscape,
    #[error("invalid unicode escape: {value:#x} is not a unicode scalar value")]
    InvalidCodePoint { value: u32 },
    #[error("bytes literals can only contain ASCII characters, found `{}`", .0.escape_debug())]
    NonAsciiInBytes(char),
    #[error("cannot mix bytes and string literals")]
    MixedBytesAndStr,
    #[error("invalid {kind} literal")]
    InvalidNumber { kind: NumberKind },
    #[error(
        "leading zeros in decimal integer literals are not permitted; use an `0o` prefix for octal integers"
    )]
    LeadingZeros,
    #[error("integer literal too large: expected at most {}", u128::MAX)]
    IntegerTooLarge,
    #[error("unexpected character after line continuation character")]
    CharacterAfterContinuation,
    #[error("unexpected end of file after line continuation character")]
    EndOfFileAfterContinuation,
    #[error("`{0}` was never closed")]
    UnclosedBracket(char),
    #[error("unmatched `{0}`")]
    UnmatchedBracket(char),
    #[error("closing `{close}` does not match opening `{open}`")]
    MismatchedBracket { open: char, close: char },
    #[error("unindent does not match any outer indentation level")]
    InconsistentDedent,
    #[error("unexpected indent")]
    UnexpectedIndent,
    #[error("too many nested parentheses, blocks or operators: expected at most {limit} levels")]
    NestingTooDeep { limit: u32 },

    // ---- grammatical ----
    #[error("expected {expected}{after}, found {found}")]
    Expected {
        expected: Expected,
        after: Clause,
        found: Found,
    },
    #[error("expected an indented block after `{after}`")]
    ExpectedIndentedBlock { after: &'static str },
    #[error("invalid target for {target_of}: {found}")]
    InvalidTarget {
        target_of: TargetOf,
        /// What the target is instead, from [`describe_expr`].
        found: &'static str,
    },
    #[error("starred assignment target must be in a list or tuple")]
    LoneStarredTarget,
    #[error("positional argument follows keyword argument")]
    PositionalAfterKeyword,
    #[error("parameter without a default follows parameter with a default")]
    NonDefaultAfterDefault,
    #[error("`{keyword}` without a preceding `{opener}`")]
    OrphanClause {
        keyword: &'static str,
        opener: &'static str,
    },
}

/// The kinds of number literal, for [`SyntaxErrorKind::InvalidNumber`].
///
/// ```
/// use cfunc_python::syntax_error::{NumberKind, SyntaxErrorKind};
///
/// let kind = SyntaxErrorKind::InvalidNumber { kind: NumberKind::Hexadecimal };
/// assert_eq!(kind.to_string(), "invalid hexadecimal literal");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    Decimal,
    Hexadecimal,
    Octal,
    Binary,
}

impl fmt::Display for NumberKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberKind::Decimal => "decimal",
            NumberKind::Hexadecimal => "hexadecimal",
            NumberKind::Octal => "octal",
            NumberKind::Binary => "binary",
        })
    }
}

/// What the parser expected when it found something else.
///
/// ```
/// use cfunc_python::syntax_error::Expected;
///
/// assert_eq!(Expected::Token(":").to_string(), "`:`");
/// assert_eq!(Expected::Expression.to_string(), "an expression");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A punctuation token or keyword, as written.
    Token(&'static str),
    /// One of two tokens (`,` or `)` in a list).
    EitherToken(&'static str, &'static str),
    Expression,
    Identifier,
    Parameter,
    Newline,
    StatementEnd,
    /// `async` must be followed by `def`, `for` or `with`.
    AsyncStatement,
    /// Decorators must be followed by `def` or `class`.
    Definition,
    /// A `try` needs at least one `except` or a `finally`.
    Handler,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Token(token) => write!(f, "`{token}`"),
            Expected::EitherToken(first, second) => write!(f, "`{first}` or `{second}`"),
            Expected::Expression => f.write_str("an expression"),
            Expected::Identifier => f.write_str("a name"),
            Expected::Parameter => f.write_str("a parameter name"),
            Expected::Newline => f.write_str("a newline"),
            Expected::StatementEnd => f.write_str("a newline or `;`"),
            Expected::AsyncStatement => f.write_str("`def`, `for` or `with`"),
            Expected::Definition => f.write_str("`def` or `class`"),
            Expected::Handler => f.write_str("`except` or `finally`"),
        }
    }
}

/// Where the expected token belongs ("after the `if` condition").
///
/// ```
/// use cfunc_python::syntax_error::Clause;
///
/// assert_eq!(Clause::Condition("if").to_string(), " after the `if` condition");
/// assert_eq!(Clause::Nowhere.to_string(), "");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clause {
    /// No particular place: the message says only what was expected.
    Nowhere,
    /// After the condition of `if`, `elif` or `while`.
    Condition(&'static str),
    /// After a keyword that ends a clause header (`else`, `try`, `finally`).
    Keyword(&'static str),
    ForTarget,
    ForIterable,
    FunctionName,
    Parameters,
    ReturnAnnotation,
    ClassHeader,
    Handler,
    WithItems,
    Statement,
    Decorator,
    Arguments,
    Subscript,
    Parenthesized,
    List,
    Braces,
    Lambda,
    /// Between the `if` and the `else` of a conditional expression.
    Ternary,
    Import,
    Comprehension,
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Nowhere => Ok(()),
            Clause::Condition(keyword) => write!(f, " after the `{keyword}` condition"),
            Clause::Keyword(keyword) => write!(f, " after `{keyword}`"),
            Clause::ForTarget => f.write_str(" after the `for` target"),
            Clause::ForIterable => f.write_str(" after the `for` iterable"),
            Clause::FunctionName => f.write_str(" after the function name"),
            Clause::Parameters => f.write_str(" in the parameter list"),
            Clause::ReturnAnnotation => f.write_str(" after the function signature"),
            Clause::ClassHeader => f.write_str(" after the class header"),
            Clause::Handler => f.write_str(" after the `except` clause"),
            Clause::WithItems => f.write_str(" after the `with` items"),
            Clause::Statement => f.write_str(" after the statement"),
            Clause::Decorator => f.write_str(" after the decorator"),
            Clause::Arguments => f.write_str(" in the argument list"),
            Clause::Subscript => f.write_str(" in the subscript"),
            Clause::Parenthesized => f.write_str(" in the parentheses"),
            Clause::List => f.write_str(" in the list"),
            Clause::Braces => f.write_str(" in the braces"),
            Clause::Lambda => f.write_str(" after the lambda parameters"),
            Clause::Ternary => f.write_str(" in the conditional expression"),
            Clause::Import => f.write_str(" in the import"),
            Clause::Comprehension => f.write_str(" in the comprehension"),
        }
    }
}

/// What the parser found instead of what it expected.
///
/// ```
/// use cfunc_python::syntax_error::Found;
///
/// assert_eq!(Found::Text(")".into()).to_string(), "`)`");
/// assert_eq!(Found::Newline.to_string(), "newline");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A token quoted as written (a name, a number, an operator).
    Text(String),
    StringLiteral,
    Newline,
    Indent,
    Dedent,
    EndOfFile,
}

/// How many characters of a token a message quotes before eliding.
const MAX_QUOTED_CHARS: usize = 24;

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Text(text) if text.chars().count() > MAX_QUOTED_CHARS => {
                let head: String = text.chars().take(MAX_QUOTED_CHARS).collect();
                write!(f, "`{head}...`")
            }
            Found::Text(text) => write!(f, "`{text}`"),
            Found::StringLiteral => f.write_str("a string literal"),
            Found::Newline => f.write_str("newline"),
            Found::Indent => f.write_str("an indent"),
            Found::Dedent => f.write_str("the end of the block"),
            Found::EndOfFile => f.write_str("end of file"),
        }
    }
}

/// The statement whose target is invalid.
///
/// ```
/// use cfunc_python::syntax_error::TargetOf;
///
/// assert_eq!(TargetOf::AugmentedAssignment.to_string(), "augmented assignment");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetOf {
    Assignment,
    AugmentedAssignment,
    AnnotatedAssignment,
    ForLoop,
    Delete,
    Comprehension,
}

impl fmt::Display for TargetOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetOf::Assignment => "assignment",
            TargetOf::AugmentedAssignment => "augmented assignment",
            TargetOf::AnnotatedAssignment => "annotated assignment",
            TargetOf::ForLoop => "a `for` loop",
            TargetOf::Delete => "`del`",
            TargetOf::Comprehension => "a comprehension",
        })
    }
}

/// Names an expression for "invalid target" messages ("a function call").
///
/// ```
/// use cfunc_python::ast::ExprKind;
/// use cfunc_python::syntax_error::describe_expr;
///
/// assert_eq!(describe_expr(&ExprKind::Int(1)), "a literal");
/// ```
pub fn describe_expr(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Name(_) => "a name",
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Ellipsis => "a literal",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "an operator expression",
        ExprKind::BoolOp { .. } => "a boolean expression",
        ExprKind::Compare { .. } => "a comparison",
        ExprKind::IfExp { .. } => "a conditional expression",
        ExprKind::Call { .. } => "a function call",
        ExprKind::Attribute { .. } => "an attribute",
        ExprKind::Subscript { .. } => "a subscript",
        ExprKind::Slice { .. } => "a slice",
        ExprKind::Tuple(_) => "a tuple",
        ExprKind::List(_) => "a list",
        ExprKind::Dict(_) => "a dict display",
        ExprKind::Starred(_) => "a starred expression",
        ExprKind::Unsupported { construct } => match *construct {
            "dict displays" => "a dict display",
            "set displays" => "a set display",
            "lambda expressions" => "a lambda expression",
            "f-strings" => "an f-string",
            "walrus assignments" => "an assignment expression",
            "complex literals" => "a literal",
            _ => "an expression",
        },
    }
}
