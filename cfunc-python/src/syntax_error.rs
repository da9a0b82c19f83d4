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
    /// What went wrong.
    pub kind: SyntaxErrorKind,
    /// Where, in bytes of the source.
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
    /// A character that cannot start a token.
    #[error("invalid character `{}`", .0.escape_debug())]
    InvalidCharacter(char),
    /// A string literal without its closing quote.
    #[error("unterminated string literal")]
    UnterminatedString,
    /// A triple-quoted string literal without its closing quotes.
    #[error("unterminated triple-quoted string literal")]
    UnterminatedTripleQuotedString,
    /// `\xN`, `\u12`: fewer hex digits than the escape needs.
    #[error("truncated `\\{escape}` escape: expected {digits} hex digits")]
    TruncatedEscape {
        /// The escape letter (`x`, `u` or `U`).
        escape: char,
        /// How many hex digits it needs.
        digits: u8,
    },
    /// A `\N{...}` escape, which needs Unicode's name table.
    #[error("`\\N{{...}}` escapes are not supported; write the character itself")]
    NamedEscape,
    /// A `\U` escape beyond Unicode or in the surrogate range.
    #[error("invalid unicode escape: {value:#x} is not a unicode scalar value")]
    InvalidCodePoint {
        /// The value written.
        value: u32,
    },
    /// A character outside ASCII in a `b"..."` literal.
    #[error("bytes literals can only contain ASCII characters, found `{}`", .0.escape_debug())]
    NonAsciiInBytes(char),
    /// Adjacent bytes and string literals.
    #[error("cannot mix bytes and string literals")]
    MixedBytesAndStr,
    /// A number literal with no digits, or digits its base does not have.
    #[error("invalid {kind} literal")]
    InvalidNumber {
        /// The literal's base.
        kind: NumberKind,
    },
    /// `0123`: Python 3 reads octal only with `0o`.
    #[error(
        "leading zeros in decimal integer literals are not permitted; use an `0o` prefix for octal integers"
    )]
    LeadingZeros,
    /// An integer literal beyond `u128`.
    #[error("integer literal too large: expected at most {}", u128::MAX)]
    IntegerTooLarge,
    /// Something other than a newline after `\`.
    #[error("unexpected character after line continuation character")]
    CharacterAfterContinuation,
    /// A `\` at the very end of the input.
    #[error("unexpected end of file after line continuation character")]
    EndOfFileAfterContinuation,
    /// An opening bracket still open at the end of the input.
    #[error("`{0}` was never closed")]
    UnclosedBracket(char),
    /// A closing bracket with nothing open.
    #[error("unmatched `{0}`")]
    UnmatchedBracket(char),
    /// A closing bracket of another kind than the open one.
    #[error("closing `{close}` does not match opening `{open}`")]
    MismatchedBracket {
        /// The bracket that is open.
        open: char,
        /// The bracket that closes it.
        close: char,
    },
    /// A dedent to a column no enclosing block starts at.
    #[error("unindent does not match any outer indentation level")]
    InconsistentDedent,
    /// An indented line where no block starts.
    #[error("unexpected indent")]
    UnexpectedIndent,
    /// Nesting beyond the parser's limit (which keeps the stack bounded).
    #[error("too many nested parentheses, blocks or operators: expected at most {limit} levels")]
    NestingTooDeep {
        /// The deepest nesting accepted.
        limit: u32,
    },

    // ---- grammatical ----
    /// A token or construct other than the one the grammar needs here.
    #[error("expected {expected}{after}, found {found}")]
    Expected {
        /// What the grammar needs.
        expected: Expected,
        /// Where it is needed.
        after: Clause,
        /// What is there instead.
        found: Found,
    },
    /// A block header (`if x:`) with no indented body.
    #[error("expected an indented block after `{after}`")]
    ExpectedIndentedBlock {
        /// The header's keyword.
        after: &'static str,
    },
    /// An assignment, `for` or `del` target that cannot be assigned.
    #[error("invalid target for {target_of}: {found}")]
    InvalidTarget {
        /// The statement the target belongs to.
        target_of: TargetOf,
        /// What the target is instead, from [`describe_expr`].
        found: &'static str,
    },
    /// `*x = ...` without a list or tuple around the starred target.
    #[error("starred assignment target must be in a list or tuple")]
    LoneStarredTarget,
    /// `f(a=1, b)`.
    #[error("positional argument follows keyword argument")]
    PositionalAfterKeyword,
    /// `def f(a=1, b)`.
    #[error("parameter without a default follows parameter with a default")]
    NonDefaultAfterDefault,
    /// An `elif`, `else`, `except` or `finally` with no statement to continue.
    #[error("`{keyword}` without a preceding `{opener}`")]
    OrphanClause {
        /// The clause's keyword.
        keyword: &'static str,
        /// The statement it needs before it.
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
    /// Printed as "decimal"
    Decimal,
    /// Printed as "hexadecimal"
    Hexadecimal,
    /// Printed as "octal"
    Octal,
    /// Printed as "binary"
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
    /// Printed as "an expression"
    Expression,
    /// Printed as "a name"
    Identifier,
    /// Printed as "a parameter name"
    Parameter,
    /// Printed as "a newline"
    Newline,
    /// Printed as "a newline or `;`"
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
    /// Printed as " after the `for` target"
    ForTarget,
    /// Printed as " after the `for` iterable"
    ForIterable,
    /// Printed as " after the function name"
    FunctionName,
    /// Printed as " in the parameter list"
    Parameters,
    /// Printed as " after the function signature"
    ReturnAnnotation,
    /// Printed as " after the class header"
    ClassHeader,
    /// Printed as " after the `except` clause"
    Handler,
    /// Printed as " after the `with` items"
    WithItems,
    /// Printed as " after the statement"
    Statement,
    /// Printed as " after the decorator"
    Decorator,
    /// Printed as " in the argument list"
    Arguments,
    /// Printed as " in the subscript"
    Subscript,
    /// Printed as " in the parentheses"
    Parenthesized,
    /// Printed as " in the list"
    List,
    /// Printed as " in the braces"
    Braces,
    /// Printed as " after the lambda parameters"
    Lambda,
    /// Between the `if` and the `else` of a conditional expression.
    Ternary,
    /// Printed as " in the import"
    Import,
    /// Printed as " in the comprehension"
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
    /// Printed as "a string literal"
    StringLiteral,
    /// Printed as "newline"
    Newline,
    /// Printed as "an indent"
    Indent,
    /// Printed as "the end of the block"
    Dedent,
    /// Printed as "end of file"
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
    /// Printed as "assignment"
    Assignment,
    /// Printed as "augmented assignment"
    AugmentedAssignment,
    /// Printed as "annotated assignment"
    AnnotatedAssignment,
    /// Printed as "a `for` loop"
    ForLoop,
    /// Printed as "`del`"
    Delete,
    /// Printed as "a comprehension"
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
        | ExprKind::Imaginary(_)
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
            _ => "an expression",
        },
    }
}
