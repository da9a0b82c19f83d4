//! The lexer: source text to tokens, with Python's NEWLINE / INDENT /
//! DEDENT rules, implicit line joining inside brackets and backslash
//! continuations.
//!
//! It never stops at an error: it records it, emits an `Unknown` token
//! where the parser would otherwise report the same problem a second time,
//! and goes on.

mod number;
mod string;
mod token;

pub(crate) use token::{Keyword, Op, StringValue, Token, TokenKind};

use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use crate::text::TextRange;
use token::OPERATORS;

/// Python's tokenizer puts tab stops every 8 columns.
const TAB_SIZE: usize = 8;
/// Splits `source` into tokens (always ending with `EndOfFile`) and the
/// lexical errors found on the way.
pub(crate) fn tokenize(source: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    let mut lexer = Lexer {
        source,
        pos: 0,
        tokens: Vec::with_capacity(source.len() / 3),
        errors: Vec::new(),
        indents: vec![IndentLevel {
            column: 0,
            emits_dedent: false,
        }],
        brackets: Vec::new(),
        at_line_start: true,
        line_has_tokens: false,
    };
    lexer.run();
    (lexer.tokens, lexer.errors)
}

struct IndentLevel {
    column: usize,
    /// False for a level pushed to recover from an inconsistent dedent: it
    /// had no INDENT token, so leaving it must not produce a DEDENT.
    emits_dedent: bool,
}

struct Lexer<'s> {
    source: &'s str,
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
    indents: Vec<IndentLevel>,
    /// Open brackets and their offsets: inside them newlines are ignored.
    brackets: Vec<(char, usize)>,
    at_line_start: bool,
    /// Whether the current logical line has produced a token, so that a
    /// NEWLINE is due at its end.
    line_has_tokens: bool,
}

impl<'s> Lexer<'s> {
    fn run(&mut self) {
        loop {
            if self.at_line_start && self.brackets.is_empty() {
                self.at_line_start = false;
                if !self.indentation() {
                    break;
                }
            }
            self.skip_whitespace();
            let Some(c) = self.peek() else { break };
            let start = self.pos;
            match c {
                '\n' | '\r' => {
                    self.bump_newline();
                    if self.brackets.is_empty() {
                        if self.line_has_tokens {
                            self.push(TokenKind::Newline, start);
                        }
                        self.line_has_tokens = false;
                        self.at_line_start = true;
                    }
                }
                '#' => self.skip_comment(),
                '\\' => self.continuation(),
                '0'..='9' => self.number(),
                '.' if self.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) => self.number(),
                '"' | '\'' => self.string(start, ""),
                c if is_identifier_start(c) => self.identifier(),
                _ => self.operator(c),
            }
        }
        self.finish();
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT;
    /// blank and comment-only lines are skipped whole. Returns false at
    /// the end of the file.
    fn indentation(&mut self) -> bool {
        loop {
            let line_start = self.pos;
            let mut column = 0;
            while let Some(c) = self.peek() {
                match c {
                    ' ' => column += 1,
                    '\t' => column = (column / TAB_SIZE + 1) * TAB_SIZE,
                    // A form feed resets the column, as in CPython.
                    '\x0c' => column = 0,
                    _ => break,
                }
                self.pos += 1;
            }
            match self.peek() {
                None => return false,
                Some('#') => {
                    self.skip_comment();
                    if self.peek().is_some() {
                        self.bump_newline();
                    }
                }
                Some('\n' | '\r') => self.bump_newline(),
                Some(_) => {
                    self.set_indentation(column, TextRange::new(line_start, self.pos));
                    return true;
                }
            }
        }
    }

    fn set_indentation(&mut self, column: usize, whitespace: TextRange) {
        let current = self.indents.last().map_or(0, |level| level.column);
        if column > current {
            self.indents.push(IndentLevel {
                column,
                emits_dedent: true,
            });
            self.tokens.push(Token {
                kind: TokenKind::Indent,
                range: whitespace,
            });
            return;
        }
        while self
            .indents
            .last()
            .is_some_and(|level| level.column > column)
        {
            if self.indents.pop().is_some_and(|level| level.emits_dedent) {
                self.push(TokenKind::Dedent, self.pos);
            }
        }
        if self
            .indents
            .last()
            .is_some_and(|level| level.column < column)
        {
            self.error(SyntaxErrorKind::InconsistentDedent, whitespace);
            self.indents.push(IndentLevel {
                column,
                emits_dedent: false,
            });
        }
    }

    fn finish(&mut self) {
        let end = self.source.len();
        if let Some(&(open, offset)) = self.brackets.last() {
            self.error(
                SyntaxErrorKind::UnclosedBracket(open),
                TextRange::new(offset, offset + 1),
            );
            // Keeps the parser from adding "found end of file" to this.
            self.push(TokenKind::Unknown, end);
        }
        if self.line_has_tokens {
            self.push(TokenKind::Newline, end);
        }
        while let Some(level) = self.indents.pop() {
            if level.emits_dedent {
                self.push(TokenKind::Dedent, end);
            }
        }
        self.push(TokenKind::EndOfFile, end);
    }

    fn skip_whitespace(&mut self) {
        while let Some(' ' | '\t' | '\x0c') = self.peek() {
            self.pos += 1;
        }
    }

    fn skip_comment(&mut self) {
        let rest = &self.source[self.pos..];
        self.pos += rest.find(['\n', '\r']).unwrap_or(rest.len());
    }

    /// A backslash joins the next line; anything else after it is an error.
    fn continuation(&mut self) {
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some('\n' | '\r') => self.bump_newline(),
            None => {
                self.error(
                    SyntaxErrorKind::EndOfFileAfterContinuation,
                    TextRange::new(start, self.pos),
                );
            }
            Some(_) => {
                self.error(
                    SyntaxErrorKind::CharacterAfterContinuation,
                    TextRange::new(start, self.pos),
                );
                self.push(TokenKind::Unknown, start);
            }
        }
    }

    fn identifier(&mut self) {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !is_identifier_continue(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        let text = &self.source[start..self.pos];
        if matches!(self.peek(), Some('"' | '\'')) && is_string_prefix(text) {
            self.string(start, text);
            return;
        }
        let kind = Keyword::from_text(text).map_or(TokenKind::Name, TokenKind::Keyword);
        self.push(kind, start);
    }

    fn operator(&mut self, c: char) {
        let start = self.pos;
        let rest = &self.source[start..];
        let Some((spelling, kind)) = OPERATORS
            .iter()
            .find(|(spelling, _)| rest.starts_with(spelling))
        else {
            self.pos += c.len_utf8();
            self.error(
                SyntaxErrorKind::InvalidCharacter(c),
                TextRange::new(start, self.pos),
            );
            self.push(TokenKind::Unknown, start);
            return;
        };
        self.pos += spelling.len();
        match c {
            '(' | '[' | '{' => self.brackets.push((c, start)),
            ')' | ']' | '}' => {
                let range = TextRange::new(start, self.pos);
                match self.brackets.pop() {
                    None => {
                        self.error(SyntaxErrorKind::UnmatchedBracket(c), range);
                        self.push(TokenKind::Unknown, start);
                        return;
                    }
                    Some((open, _)) if closing_of(open) != c => {
                        self.error(SyntaxErrorKind::MismatchedBracket { open, close: c }, range);
                        self.push(TokenKind::Unknown, start);
                        return;
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        self.push(kind.clone(), start);
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        if !matches!(
            kind,
            TokenKind::Newline | TokenKind::Dedent | TokenKind::EndOfFile
        ) {
            self.line_has_tokens = true;
        }
        self.tokens.push(Token {
            kind,
            range: TextRange::new(start, self.pos.max(start)),
        });
    }

    fn error(&mut self, kind: SyntaxErrorKind, range: TextRange) {
        self.errors.push(SyntaxError { kind, range });
    }

    fn peek(&self) -> Option<char> {
        self.source[self.pos..].chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.source[self.pos..].chars().nth(n)
    }

    /// Consumes `\n`, `\r\n` or a lone `\r`.
    fn bump_newline(&mut self) {
        if self.source[self.pos..].starts_with("\r\n") {
            self.pos += 2;
        } else {
            self.pos += 1;
        }
    }
}

fn closing_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn is_identifier_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && unicode_ident::is_xid_start(c))
}

fn is_identifier_continue(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric() || (!c.is_ascii() && unicode_ident::is_xid_continue(c))
}

fn is_string_prefix(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
    )
}

#[cfg(test)]
mod tests;
