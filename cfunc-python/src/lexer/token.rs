//! The tokens the lexer produces and the parser consumes.

use crate::ast::BinOp;
use crate::syntax_error::Found;
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

/// The value of a string literal token, escapes already decoded.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StringValue {
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string: its content is skipped, never interpreted.
    FString,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// An identifier (soft keywords such as `match` included); its text is
    /// the token's source range.
    Name,
    Int(u128),
    Float(f64),
    /// `1j`, `2.5e3J`: the imaginary part.
    Imaginary(f64),
    String(StringValue),
    Newline,
    Indent,
    Dedent,
    EndOfFile,
    /// Something the lexer already reported (an invalid character, an
    /// unterminated string): the parser skips it without a second error.
    Unknown,
    Keyword(Keyword),
    Op(Op),
    /// `+=` and the other augmented assignment operators.
    AugAssign(BinOp),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keyword {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Keyword {
    pub(crate) fn from_text(text: &str) -> Option<Keyword> {
        Some(match text {
            "False" => Keyword::False,
            "None" => Keyword::None,
            "True" => Keyword::True,
            "and" => Keyword::And,
            "as" => Keyword::As,
            "assert" => Keyword::Assert,
            "async" => Keyword::Async,
            "await" => Keyword::Await,
            "break" => Keyword::Break,
            "class" => Keyword::Class,
            "continue" => Keyword::Continue,
            "def" => Keyword::Def,
            "del" => Keyword::Del,
            "elif" => Keyword::Elif,
            "else" => Keyword::Else,
            "except" => Keyword::Except,
            "finally" => Keyword::Finally,
            "for" => Keyword::For,
            "from" => Keyword::From,
            "global" => Keyword::Global,
            "if" => Keyword::If,
            "import" => Keyword::Import,
            "in" => Keyword::In,
            "is" => Keyword::Is,
            "lambda" => Keyword::Lambda,
            "nonlocal" => Keyword::Nonlocal,
            "not" => Keyword::Not,
            "or" => Keyword::Or,
            "pass" => Keyword::Pass,
            "raise" => Keyword::Raise,
            "return" => Keyword::Return,
            "try" => Keyword::Try,
            "while" => Keyword::While,
            "with" => Keyword::With,
            "yield" => Keyword::Yield,
            _ => return None,
        })
    }
}

/// Operators and delimiters (augmented assignments are separate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    DoubleSlash,
    Percent,
    At,
    LeftShift,
    RightShift,
    Amper,
    VerticalBar,
    Caret,
    Tilde,
    ColonEqual,
    Less,
    Greater,
    LessEqual,
    GreaterEqual,
    EqEqual,
    NotEqual,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Comma,
    Colon,
    Dot,
    Semicolon,
    Equal,
    Arrow,
    Ellipsis,
}

/// Operators by spelling, longest first so that the lexer can take the
/// first prefix match.
pub(crate) const OPERATORS: &[(&str, TokenKind)] = &[
    ("**=", TokenKind::AugAssign(BinOp::Pow)),
    ("//=", TokenKind::AugAssign(BinOp::FloorDiv)),
    (">>=", TokenKind::AugAssign(BinOp::RShift)),
    ("<<=", TokenKind::AugAssign(BinOp::LShift)),
    ("...", TokenKind::Op(Op::Ellipsis)),
    ("+=", TokenKind::AugAssign(BinOp::Add)),
    ("-=", TokenKind::AugAssign(BinOp::Sub)),
    ("*=", TokenKind::AugAssign(BinOp::Mult)),
    ("/=", TokenKind::AugAssign(BinOp::Div)),
    ("%=", TokenKind::AugAssign(BinOp::Mod)),
    ("&=", TokenKind::AugAssign(BinOp::BitAnd)),
    ("|=", TokenKind::AugAssign(BinOp::BitOr)),
    ("^=", TokenKind::AugAssign(BinOp::BitXor)),
    ("@=", TokenKind::AugAssign(BinOp::MatMult)),
    ("**", TokenKind::Op(Op::DoubleStar)),
    ("//", TokenKind::Op(Op::DoubleSlash)),
    ("<<", TokenKind::Op(Op::LeftShift)),
    (">>", TokenKind::Op(Op::RightShift)),
    ("<=", TokenKind::Op(Op::LessEqual)),
    (">=", TokenKind::Op(Op::GreaterEqual)),
    ("==", TokenKind::Op(Op::EqEqual)),
    ("!=", TokenKind::Op(Op::NotEqual)),
    ("->", TokenKind::Op(Op::Arrow)),
    (":=", TokenKind::Op(Op::ColonEqual)),
    ("+", TokenKind::Op(Op::Plus)),
    ("-", TokenKind::Op(Op::Minus)),
    ("*", TokenKind::Op(Op::Star)),
    ("/", TokenKind::Op(Op::Slash)),
    ("%", TokenKind::Op(Op::Percent)),
    ("@", TokenKind::Op(Op::At)),
    ("&", TokenKind::Op(Op::Amper)),
    ("|", TokenKind::Op(Op::VerticalBar)),
    ("^", TokenKind::Op(Op::Caret)),
    ("~", TokenKind::Op(Op::Tilde)),
    ("<", TokenKind::Op(Op::Less)),
    (">", TokenKind::Op(Op::Greater)),
    ("(", TokenKind::Op(Op::LeftParen)),
    (")", TokenKind::Op(Op::RightParen)),
    ("[", TokenKind::Op(Op::LeftBracket)),
    ("]", TokenKind::Op(Op::RightBracket)),
    ("{", TokenKind::Op(Op::LeftBrace)),
    ("}", TokenKind::Op(Op::RightBrace)),
    (",", TokenKind::Op(Op::Comma)),
    (":", TokenKind::Op(Op::Colon)),
    (".", TokenKind::Op(Op::Dot)),
    (";", TokenKind::Op(Op::Semicolon)),
    ("=", TokenKind::Op(Op::Equal)),
];

impl Token {
    /// How a message quotes this token when it was not what was expected.
    pub(crate) fn found(&self, source: &str) -> Found {
        match self.kind {
            TokenKind::Newline => Found::Newline,
            TokenKind::Indent => Found::Indent,
            TokenKind::Dedent => Found::Dedent,
            TokenKind::EndOfFile => Found::EndOfFile,
            TokenKind::String(_) => Found::StringLiteral,
            _ => Found::Text(
                source
                    .get(self.range.start()..self.range.end())
                    .unwrap_or_default()
                    .to_owned(),
            ),
        }
    }
}
