//! The Python text of a `python! { ... }` block written as Rust tokens,
//! and the way back from a text range to the token it came from.
//!
//! Rust's lexer has already turned the block into tokens. Their spans
//! carry lines and columns (and the file), so the text is read back from
//! the source file, from the first token to the block's closing delimiter:
//! Python's `//`, which Rust takes for a comment, and comments survive,
//! also after the last token. Where there is no file (tokens made by
//! another macro), the text is rebuilt from the tokens at their positions.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// One token (or delimiter) with its position in the rebuilt text.
struct Piece {
    text: String,
    span: Span,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
}

/// The Python text of a block and the spans of its tokens.
pub struct TokenSource {
    pub text: String,
    pieces: Vec<Piece>,
}

fn flatten(tokens: TokenStream, pieces: &mut Vec<Piece>) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                if !open.is_empty() {
                    pieces.push(piece(open.to_owned(), group.span_open()));
                }
                flatten(group.stream(), pieces);
                if !close.is_empty() {
                    pieces.push(piece(close.to_owned(), group.span_close()));
                }
            }
            other => pieces.push(piece(other.to_string(), other.span())),
        }
    }
}

fn piece(text: String, span: Span) -> Piece {
    let (start, end) = (span.start(), span.end());
    Piece {
        text,
        span,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: 0,
    }
}

impl TokenSource {
    pub fn new(tokens: TokenStream) -> Option<TokenSource> {
        let mut pieces = Vec::new();
        flatten(tokens, &mut pieces);
        let first = pieces.first()?;
        if first.line == 0 {
            // No line information (a compiler without span locations).
            return None;
        }
        Some(Self::from_file(&pieces).unwrap_or_else(|| Self::rebuilt(pieces)))
    }

    /// The exact text between the first and the last token, read from the
    /// file, with the first token's column as the left margin.
    fn from_file(pieces: &[Piece]) -> Option<TokenSource> {
        let first = pieces.first()?;
        let last = pieces.last()?;
        let path = first.span.local_file()?;
        let file = std::fs::read_to_string(path).ok()?;
        let lines: Vec<&str> = file.split('\n').collect();
        let margin = first.column;
        let mut text = String::new();
        let mut line_offsets = Vec::new();
        let (end_line, end_column) = trailing_end(&lines, last.end_line, last.end_column);
        for line_number in first.line..=end_line {
            let line = lines.get(line_number - 1)?.trim_end_matches('\r');
            let chars: Vec<char> = line.chars().collect();
            let end = if line_number == end_line {
                end_column.min(chars.len())
            } else {
                chars.len()
            };
            // Lines indented less than the margin keep their indentation,
            // so that Python reports it.
            let start = if line_number == first.line {
                margin
            } else {
                margin.min(leading_spaces(&chars))
            };
            line_offsets.push((text.len(), start));
            text.extend(chars.get(start..end.max(start))?.iter());
            text.push('\n');
        }
        let mut located = Vec::with_capacity(pieces.len());
        for piece in pieces {
            let (line_start, line_margin) =
                *line_offsets.get(piece.line.checked_sub(first.line)?)?;
            let line_text = &text[line_start..];
            let column = piece.column.checked_sub(line_margin)?;
            let offset = line_start
                + line_text
                    .char_indices()
                    .nth(column)
                    .map_or(line_text.len(), |(i, _)| i);
            // The token must be where the file says (the file may have
            // changed since the tokens were read).
            if !text[offset..].starts_with(piece_start(&piece.text)) {
                return None;
            }
            located.push(Piece {
                offset,
                text: piece.text.clone(),
                span: piece.span,
                ..*piece
            });
        }
        Some(TokenSource {
            text,
            pieces: located,
        })
    }

    /// The tokens laid out at their lines and columns, without a file.
    fn rebuilt(mut pieces: Vec<Piece>) -> TokenSource {
        let first_line = pieces[0].line;
        let margin = pieces
            .iter()
            .filter(|p| p.line == first_line)
            .map(|p| p.column)
            .min()
            .unwrap_or(0);
        let mut text = String::new();
        let (mut line, mut column) = (first_line, margin);
        for piece in &mut pieces {
            if piece.line > line {
                for _ in line..piece.line {
                    text.push('\n');
                }
                line = piece.line;
                column = margin;
            }
            if piece.column > column {
                text.extend(std::iter::repeat_n(' ', piece.column - column));
                column = piece.column;
            } else if !text.is_empty() && !text.ends_with(['\n', ' ']) {
                text.push(' ');
                column += 1;
            }
            piece.offset = text.len();
            text.push_str(&piece.text);
            column += piece.text.chars().count();
            line = line.max(piece.end_line);
            if piece.end_line > piece.line {
                column = piece.end_column;
            }
        }
        text.push('\n');
        TokenSource { text, pieces }
    }

    /// The span of the token at (or after) byte `offset` of the text.
    pub fn span_at(&self, offset: usize) -> Span {
        self.pieces
            .iter()
            .find(|piece| piece.offset + piece.text.len() > offset)
            .or(self.pieces.last())
            .map_or_else(Span::call_site, |piece| piece.span)
    }
}

/// Where the block's text ends: after the last token, Rust's lexer saw
/// only whitespace and comments up to the closing delimiter, and a comment
/// there may be Python (`return a // b` ends in the Rust comment `// b`).
/// Lines and columns are 1-based and 0-based, as in spans.
fn trailing_end(lines: &[&str], line: usize, column: usize) -> (usize, usize) {
    let (mut end_line, mut end_column) = (line, column);
    let (mut line, mut column) = (line, column);
    let mut block_depth = 0usize;
    while let Some(text) = lines.get(line - 1) {
        let chars: Vec<char> = text.trim_end_matches('\r').chars().collect();
        while column < chars.len() {
            let pair = (chars[column], chars.get(column + 1).copied());
            if block_depth > 0 {
                match pair {
                    ('*', Some('/')) => {
                        block_depth -= 1;
                        column += 2;
                        (end_line, end_column) = (line, column);
                    }
                    ('/', Some('*')) => {
                        block_depth += 1;
                        column += 2;
                    }
                    _ => column += 1,
                }
                continue;
            }
            match pair {
                (c, _) if c.is_whitespace() => column += 1,
                ('/', Some('/')) => {
                    column = chars.len();
                    (end_line, end_column) = (line, column);
                }
                ('/', Some('*')) => {
                    block_depth += 1;
                    column += 2;
                }
                // The closing delimiter.
                _ => return (end_line, end_column),
            }
        }
        line += 1;
        column = 0;
    }
    (end_line, end_column)
}

fn leading_spaces(chars: &[char]) -> usize {
    chars
        .iter()
        .take_while(|c| **c == ' ' || **c == '\t')
        .count()
}

/// The start of a token's text as it appears in the file (a raw string's
/// text is the whole literal, so its first characters are enough).
fn piece_start(text: &str) -> &str {
    let end = text.char_indices().nth(1).map_or(text.len(), |(i, _)| i);
    &text[..end]
}
