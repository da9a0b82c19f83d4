//! Splits C declaration text into tokens, each with its byte offset.
//! Comments and whitespace are dropped; the first character that cannot
//! start a token is an error.

use super::error::{CdeclError, CdeclErrorKind};

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TokenKind {
    /// An identifier or keyword.
    Ident(String),
    /// An integer literal, as written.
    Number(String),
    /// One of `{ } ( ) [ ] ; , * : =`.
    Punct(char),
    /// `...`.
    Ellipsis,
    /// The end of the text.
    Eof,
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub offset: usize,
}

impl Token {
    /// How messages quote the token: `` `typedef` ``, `end of input`.
    pub fn describe(&self) -> String {
        match &self.kind {
            TokenKind::Ident(text) | TokenKind::Number(text) => format!("`{text}`"),
            TokenKind::Punct(punct) => format!("`{punct}`"),
            TokenKind::Ellipsis => "`...`".to_owned(),
            TokenKind::Eof => "end of input".to_owned(),
        }
    }

    /// Whether this is the punctuation `punct`.
    pub fn is(&self, punct: char) -> bool {
        self.kind == TokenKind::Punct(punct)
    }

    /// The identifier's text, if this is one.
    pub fn ident(&self) -> Option<&str> {
        match &self.kind {
            TokenKind::Ident(text) => Some(text),
            _ => None,
        }
    }
}

/// Tokenizes `source`; the last token is always [`TokenKind::Eof`].
pub(super) fn tokenize(source: &str) -> Result<Vec<Token>, CdeclError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let start = index;
        if byte.is_ascii_whitespace() {
            index += 1;
        } else if source[index..].starts_with("//") {
            index = source[index..]
                .find('\n')
                .map_or(bytes.len(), |end| index + end);
        } else if source[index..].starts_with("/*") {
            let Some(end) = source[index + 2..].find("*/") else {
                return Err(CdeclError::at(
                    source,
                    start,
                    CdeclErrorKind::UnterminatedComment,
                ));
            };
            index += 2 + end + 2;
        } else if byte.is_ascii_alphabetic() || byte == b'_' {
            while index < bytes.len()
                && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_')
            {
                index += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Ident(source[start..index].to_owned()),
                offset: start,
            });
        } else if byte.is_ascii_digit() {
            while index < bytes.len()
                && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_')
            {
                index += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Number(source[start..index].to_owned()),
                offset: start,
            });
        } else if source[index..].starts_with("...") {
            index += 3;
            tokens.push(Token {
                kind: TokenKind::Ellipsis,
                offset: start,
            });
        } else if b"{}()[];,*:=".contains(&byte) {
            index += 1;
            tokens.push(Token {
                kind: TokenKind::Punct(char::from(byte)),
                offset: start,
            });
        } else if byte == b'#' {
            return Err(CdeclError::at(source, start, CdeclErrorKind::Preprocessor));
        } else {
            let found = source[start..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            return Err(CdeclError::at(
                source,
                start,
                CdeclErrorKind::UnexpectedCharacter(found),
            ));
        }
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        offset: source.len(),
    });
    Ok(tokens)
}

/// The value of an integer literal (decimal, `0x` hex or `0` octal, with
/// optional `u`/`l` suffixes), or `None` if it is malformed or too large.
pub(super) fn integer_value(text: &str) -> Option<u64> {
    let digits = text.trim_end_matches(['u', 'U', 'l', 'L']);
    if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        u64::from_str_radix(hex, 16).ok()
    } else if digits.len() > 1 && digits.starts_with('0') {
        u64::from_str_radix(&digits[1..], 8).ok()
    } else {
        digits.parse().ok()
    }
}
