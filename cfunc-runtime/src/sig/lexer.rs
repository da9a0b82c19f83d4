//! Splits a signature string into tokens. Lexing never fails: characters
//! that belong nowhere in the grammar become [`TokenKind::Stray`] tokens so
//! that the parser can report them in context, leftmost error first.

use core::ops::Range;

/// What a token is; its text is `input[span]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenKind {
    /// An ASCII identifier: `[A-Za-z_][A-Za-z0-9_]*`.
    Ident,
    /// A word starting with a digit, e.g. `5` or `3d`; never valid.
    Number,
    LParen,
    RParen,
    Comma,
    Dot,
    /// `[`: the start of Numba array syntax such as `float64[:]`.
    LBracket,
    /// Any other single character, including non-ASCII ones.
    Stray(char),
    /// End of input, positioned just after the last non-whitespace
    /// character so that "found end of input" points next to the text.
    End,
}

/// A token and its byte range in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) span: Range<usize>,
}

/// Whitespace allowed between tokens. Only ASCII: a no-break space pasted
/// from a web page is reported rather than silently accepted.
fn is_blank(c: char) -> bool {
    c.is_ascii_whitespace()
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Tokenizes the whole input; the last token is always [`TokenKind::End`].
pub(super) fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_blank(c) {
            continue;
        }
        let kind = match c {
            '(' => TokenKind::LParen,
            ')' => TokenKind::RParen,
            ',' => TokenKind::Comma,
            '.' => TokenKind::Dot,
            '[' => TokenKind::LBracket,
            c if is_word_char(c) => {
                while chars.next_if(|&(_, next)| is_word_char(next)).is_some() {}
                if c.is_ascii_digit() {
                    TokenKind::Number
                } else {
                    TokenKind::Ident
                }
            }
            other => TokenKind::Stray(other),
        };
        let end = chars.peek().map_or(input.len(), |&(next, _)| next);
        tokens.push(Token {
            kind,
            span: start..end,
        });
    }
    let end = input.trim_end_matches(is_blank).len();
    tokens.push(Token {
        kind: TokenKind::End,
        span: end..end,
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<TokenKind> {
        tokenize(input)
            .into_iter()
            .map(|token| token.kind)
            .collect()
    }

    #[test]
    fn splits_words_and_punctuation() {
        use TokenKind::*;
        assert_eq!(
            kinds(" types.f8( a_1 ,3x)[$"),
            [
                Ident,
                Dot,
                Ident,
                LParen,
                Ident,
                Comma,
                Number,
                RParen,
                LBracket,
                Stray('$'),
                End
            ]
        );
    }

    #[test]
    fn spans_respect_multibyte_characters() {
        let tokens = tokenize("é(ü)\t");
        let spans: Vec<_> = tokens.iter().map(|token| token.span.clone()).collect();
        assert_eq!(spans, [0..2, 2..3, 3..5, 5..6, 6..6]);
        assert_eq!(tokens[0].kind, TokenKind::Stray('é'));
    }
}
