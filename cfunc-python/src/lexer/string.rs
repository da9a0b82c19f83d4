//! String literals: finding where they end (f-strings included, whose
//! replacement fields may hold nested strings), then decoding escapes.

use super::{Lexer, StringValue, TokenKind};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use crate::text::TextRange;

/// Why a literal has no closing quote.
struct Unterminated;

impl Lexer<'_> {
    /// Lexes a string literal whose prefix (`rb`, `f`, ...) started at
    /// `start`; `self.pos` is at the opening quote.
    pub(super) fn string(&mut self, start: usize, prefix: &str) {
        let prefix = prefix.to_ascii_lowercase();
        let raw = prefix.contains('r');
        let bytes = prefix.contains('b');
        let formatted = prefix.contains('f');
        let quote = self.source.as_bytes()[self.pos];
        let triple = self.source.as_bytes()[self.pos..].starts_with(&[quote; 3]);
        let delimiter = if triple { 3 } else { 1 };
        self.pos += delimiter;
        let content_start = self.pos;
        if self
            .scan_to_closing_quote(quote, triple, formatted)
            .is_err()
        {
            let kind = if triple {
                SyntaxErrorKind::UnterminatedTripleQuotedString
            } else {
                SyntaxErrorKind::UnterminatedString
            };
            self.error(kind, TextRange::new(start, self.pos));
            self.push(TokenKind::Unknown, start);
            return;
        }
        let content = &self.source[content_start..self.pos - delimiter];
        let value = if formatted {
            StringValue::FString
        } else {
            decode(content, content_start, raw, bytes, &mut self.errors)
        };
        self.push(TokenKind::String(value), start);
    }

    /// Advances past the closing quote; on failure `self.pos` is where the
    /// literal was found to be unterminated (its line end or the file end).
    fn scan_to_closing_quote(
        &mut self,
        quote: u8,
        triple: bool,
        formatted: bool,
    ) -> Result<(), Unterminated> {
        let bytes = self.source.as_bytes();
        // Depth of `{...}` replacement fields (f-strings only).
        let mut field_depth = 0usize;
        loop {
            let Some(&byte) = bytes.get(self.pos) else {
                return Err(Unterminated);
            };
            match byte {
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\r' | '\n') => self.bump_newline(),
                        Some(c) => self.pos += c.len_utf8(),
                        None => {}
                    }
                    continue;
                }
                b'\n' | b'\r' if !triple => return Err(Unterminated),
                b'\'' | b'"' if field_depth > 0 => {
                    // A nested literal inside a replacement field.
                    let nested_triple = bytes[self.pos..].starts_with(&[byte; 3]);
                    self.pos += if nested_triple { 3 } else { 1 };
                    self.scan_to_closing_quote(byte, nested_triple, false)?;
                    continue;
                }
                _ if byte == quote && (!triple || bytes[self.pos..].starts_with(&[quote; 3])) => {
                    self.pos += if triple { 3 } else { 1 };
                    return Ok(());
                }
                b'{' if formatted => {
                    if field_depth == 0 && bytes.get(self.pos + 1) == Some(&b'{') {
                        self.pos += 1;
                    } else {
                        field_depth += 1;
                    }
                }
                b'}' if formatted && field_depth > 0 => field_depth -= 1,
                _ => {}
            }
            // Step a whole character so that `pos` stays on a boundary.
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
    }
}

/// Decodes the text between the quotes. Errors are pushed with ranges
/// relative to the file (`offset` is where `content` starts).
fn decode(
    content: &str,
    offset: usize,
    raw: bool,
    bytes: bool,
    errors: &mut Vec<SyntaxError>,
) -> StringValue {
    let mut out = String::with_capacity(content.len());
    let mut chars = content.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            // Python reads source with universal newlines.
            '\r' => {
                chars.next_if(|&(_, next)| next == '\n');
                out.push('\n');
            }
            '\\' if !raw => {
                let Some((_, escape)) = chars.next() else {
                    break;
                };
                let escape_start = offset + index;
                match escape {
                    '\n' => {}
                    '\r' => {
                        chars.next_if(|&(_, next)| next == '\n');
                    }
                    '\\' | '\'' | '"' => out.push(escape),
                    'a' => out.push('\x07'),
                    'b' => out.push('\x08'),
                    'f' => out.push('\x0c'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'v' => out.push('\x0b'),
                    '0'..='7' => {
                        let mut value = escape.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.next_if(|&(_, next)| next.is_digit(8)) {
                                Some((_, digit)) => {
                                    value = value * 8 + digit.to_digit(8).unwrap_or(0)
                                }
                                None => break,
                            }
                        }
                        // Octal escapes reach 0o777 at most: always a scalar value.
                        out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                    }
                    'x' | 'u' | 'U' if !(bytes && escape != 'x') => {
                        let digits: u8 = match escape {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut value = 0u32;
                        let mut read = 0;
                        while read < digits {
                            match chars.next_if(|&(_, next)| next.is_ascii_hexdigit()) {
                                Some((_, digit)) => {
                                    value = value * 16 + digit.to_digit(16).unwrap_or(0)
                                }
                                None => break,
                            }
                            read += 1;
                        }
                        let escape_end = chars
                            .peek()
                            .map_or(offset + content.len(), |&(i, _)| offset + i);
                        let range = TextRange::new(escape_start, escape_end);
                        if read < digits {
                            errors.push(SyntaxError {
                                kind: SyntaxErrorKind::TruncatedEscape { escape, digits },
                                range,
                            });
                        } else if let Some(decoded) = char::from_u32(value) {
                            out.push(decoded);
                        } else {
                            errors.push(SyntaxError {
                                kind: SyntaxErrorKind::InvalidCodePoint { value },
                                range,
                            });
                        }
                    }
                    'N' if !bytes => {
                        let rest = &content[index..];
                        let length = rest.find('}').map_or(2, |close| close + 1);
                        // Skip the name so that it is not decoded as text.
                        while chars.next_if(|&(i, _)| i < index + length).is_some() {}
                        errors.push(SyntaxError {
                            kind: SyntaxErrorKind::NamedEscape,
                            range: TextRange::new(escape_start, escape_start + length),
                        });
                    }
                    // Python keeps unknown escapes as written (with a warning).
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            _ => out.push(c),
        }
    }
    if !bytes {
        return StringValue::Str(out);
    }
    if let Some((index, c)) = content.char_indices().find(|&(_, c)| !c.is_ascii()) {
        errors.push(SyntaxError {
            kind: SyntaxErrorKind::NonAsciiInBytes(c),
            range: TextRange::new(offset + index, offset + index + c.len_utf8()),
        });
    }
    // Escapes such as `\xff` decode to chars below 256: each is one byte.
    StringValue::Bytes(out.chars().map(|c| c as u32 as u8).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(content: &str, raw: bool, bytes: bool) -> (StringValue, Vec<SyntaxError>) {
        let mut errors = Vec::new();
        let value = decode(content, 0, raw, bytes, &mut errors);
        (value, errors)
    }

    #[test]
    fn decodes_simple_escapes() {
        let (value, errors) = decoded(r#"a\tb\n\\\'\"\x41\u00e9\U0001F600\101"#, false, false);
        assert_eq!(value, StringValue::Str("a\tb\n\\'\"Aé😀A".into()));
        assert!(errors.is_empty());
    }

    #[test]
    fn raw_strings_keep_backslashes() {
        let (value, _) = decoded(r"a\nb", true, false);
        assert_eq!(value, StringValue::Str(r"a\nb".into()));
    }

    #[test]
    fn unknown_escape_is_kept() {
        let (value, errors) = decoded(r"\q", false, false);
        assert_eq!(value, StringValue::Str(r"\q".into()));
        assert!(errors.is_empty());
    }

    #[test]
    fn truncated_hex_escape_is_an_error() {
        let (_, errors) = decoded(r"ab\x4", false, false);
        assert_eq!(
            errors[0].kind,
            SyntaxErrorKind::TruncatedEscape {
                escape: 'x',
                digits: 2
            }
        );
        assert_eq!(errors[0].range, TextRange::new(2, 5));
    }

    #[test]
    fn named_escape_is_an_error() {
        let (_, errors) = decoded(r"\N{BULLET}x", false, false);
        assert_eq!(errors[0].kind, SyntaxErrorKind::NamedEscape);
        assert_eq!(errors[0].range, TextRange::new(0, 10));
    }

    #[test]
    fn bytes_decode_high_escapes_to_single_bytes() {
        let (value, errors) = decoded(r"\xff\u0041", false, true);
        assert_eq!(value, StringValue::Bytes(b"\xff\\u0041".to_vec()));
        assert!(errors.is_empty());
    }

    #[test]
    fn surrogate_escape_is_an_error() {
        let (_, errors) = decoded(r"\ud800", false, false);
        assert_eq!(
            errors[0].kind,
            SyntaxErrorKind::InvalidCodePoint { value: 0xd800 }
        );
    }

    #[test]
    fn crlf_is_normalised() {
        let (value, _) = decoded("a\r\nb\\\r\nc", false, false);
        assert_eq!(value, StringValue::Str("a\nbc".into()));
    }
}
