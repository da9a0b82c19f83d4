//! Number literals: decimal, `0x`/`0o`/`0b` integers with `_` separators,
//! floats and imaginary literals.

use super::{Lexer, TokenKind, is_identifier_continue};
use crate::syntax_error::{NumberKind, SyntaxErrorKind};
use crate::text::TextRange;

impl Lexer<'_> {
    /// Lexes a number starting at `self.pos` (a digit, or `.` then a digit).
    pub(super) fn number(&mut self) {
        let start = self.pos;
        let radix = match self.source.as_bytes().get(start..start + 2) {
            Some([b'0', b'x' | b'X']) => Some((16, NumberKind::Hexadecimal)),
            Some([b'0', b'o' | b'O']) => Some((8, NumberKind::Octal)),
            Some([b'0', b'b' | b'B']) => Some((2, NumberKind::Binary)),
            _ => None,
        };
        let kind = match radix {
            Some((radix, number_kind)) => {
                self.pos += 2;
                // `0x_ff` is valid: an underscore may follow the prefix.
                if self.peek() == Some('_') {
                    self.pos += 1;
                }
                let digits = self.digits(radix);
                if digits.is_empty() {
                    return self.invalid_number(start, number_kind);
                }
                self.integer(&digits, radix, start)
            }
            None => match self.decimal(start) {
                Some(kind) => kind,
                None => return,
            },
        };
        if self.peek().is_some_and(is_identifier_continue) {
            let number_kind = radix.map_or(NumberKind::Decimal, |(_, kind)| kind);
            return self.invalid_number(start, number_kind);
        }
        self.push(kind, start);
    }

    /// A decimal integer, float or imaginary literal; `None` once an error
    /// has been recorded and the token pushed.
    fn decimal(&mut self, start: usize) -> Option<TokenKind> {
        let integer_part = self.digits(10);
        let mut is_float = false;
        if self.peek() == Some('.') {
            is_float = true;
            self.pos += 1;
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.digits(10);
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let after_e = self.source[self.pos + 1..].trim_start_matches(['+', '-']);
            let sign_length = self.source.len() - self.pos - 1 - after_e.len();
            if sign_length <= 1 && after_e.starts_with(|c: char| c.is_ascii_digit()) {
                is_float = true;
                self.pos += 1 + sign_length;
                self.digits(10);
            }
        }
        let imaginary = matches!(self.peek(), Some('j' | 'J'));
        if is_float || imaginary {
            let text: String = self.source[start..self.pos]
                .chars()
                .filter(|&c| c != '_')
                .collect();
            if imaginary {
                self.pos += 1;
            }
            return match text.parse::<f64>() {
                Ok(value) if imaginary => Some(TokenKind::Imaginary(value)),
                Ok(value) => Some(TokenKind::Float(value)),
                Err(_) => {
                    self.invalid_number(start, NumberKind::Decimal);
                    None
                }
            };
        }
        if integer_part.len() > 1
            && integer_part.starts_with('0')
            && integer_part.bytes().any(|b| b != b'0')
        {
            self.consume_identifier_tail();
            self.error(
                SyntaxErrorKind::LeadingZeros,
                TextRange::new(start, self.pos),
            );
            self.push(TokenKind::Unknown, start);
            return None;
        }
        Some(self.integer(&integer_part, 10, start))
    }

    /// Digits of `radix` with single `_` separators between them, returned
    /// without the separators.
    fn digits(&mut self, radix: u32) -> String {
        let mut digits = String::new();
        while let Some(c) = self.peek() {
            if c.is_digit(radix) {
                digits.push(c);
                self.pos += 1;
            } else if c == '_'
                && !digits.is_empty()
                && self.peek_nth(1).is_some_and(|next| next.is_digit(radix))
            {
                self.pos += 1;
            } else {
                break;
            }
        }
        digits
    }

    fn integer(&mut self, digits: &str, radix: u32, start: usize) -> TokenKind {
        match u128::from_str_radix(digits, radix) {
            Ok(value) => TokenKind::Int(value),
            Err(_) => {
                // The digits are valid, so the only failure is overflow.
                self.error(
                    SyntaxErrorKind::IntegerTooLarge,
                    TextRange::new(start, self.pos),
                );
                TokenKind::Unknown
            }
        }
    }

    fn invalid_number(&mut self, start: usize, kind: NumberKind) {
        self.consume_identifier_tail();
        self.error(
            SyntaxErrorKind::InvalidNumber { kind },
            TextRange::new(start, self.pos),
        );
        self.push(TokenKind::Unknown, start);
    }

    /// Takes the letters and digits glued to a bad literal, so that the
    /// error covers `12abc` whole and the parser does not see `abc`.
    fn consume_identifier_tail(&mut self) {
        while let Some(c) = self.peek() {
            if !is_identifier_continue(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }
}
