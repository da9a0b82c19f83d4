//! Recursive-descent parser over the tokens of [`super::lexer`].
//!
//! Nested `CPointer(...)` is parsed with an explicit stack rather than
//! recursion, and its depth is capped, so no input can overflow the stack
//! here or later (dropping, printing or comparing a deep `Box` chain
//! recurses).

use core::ops::Range;

use super::error::{Expected, Found, SigError, SigErrorKind};
use super::lexer::{Token, TokenKind, tokenize};
use super::suggest::{NameClass, classify};
use super::types::{Signature, Type};

/// Where a type occurs; decides the wording of "expected ..." and whether
/// a following `(` is legal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// The return type of a signature: the argument list `(` follows.
    Return,
    /// A lone type given to `parse_type`.
    Lone,
    /// An argument of a signature.
    Argument,
    /// Inside `CPointer(...)`.
    Pointee,
}

impl Position {
    fn expected(self) -> Expected {
        match self {
            Position::Return => Expected::ReturnType,
            Position::Lone => Expected::Type,
            Position::Argument => Expected::ArgumentOrClose,
            Position::Pointee => Expected::Pointee,
        }
    }
}

/// A parsed type with the source locations error messages need.
struct Parsed {
    ty: Type,
    /// The whole type, from its first prefix or `CPointer` to its end.
    span: Range<usize>,
    /// The innermost name (`void` in `types.void`).
    base_name: Range<usize>,
}

/// The deepest `CPointer` nesting accepted; real signatures use two or
/// three levels.
pub(crate) const MAX_POINTER_DEPTH: usize = 64;

/// One `CPointer(` whose `)` is still to come.
struct OpenPointer {
    start: usize,
}

pub(super) struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    position: usize,
    /// Spans of the `(` consumed but not yet closed, innermost last.
    open_parens: Vec<Range<usize>>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(input: &'a str) -> Parser<'a> {
        Parser {
            input,
            tokens: tokenize(input),
            position: 0,
            open_parens: Vec::new(),
        }
    }

    /// `signature := type '(' [ type (',' type)* [','] ] ')'`
    pub(super) fn signature(mut self) -> Result<Signature, SigError> {
        if self.peek().kind == TokenKind::End {
            return Err(self.error(SigErrorKind::EmptySignature, 0..0));
        }
        let ret = self.parse_type(Position::Return)?.ty;
        let open = self.peek().clone();
        if open.kind != TokenKind::LParen {
            let expected = Expected::OpenParenAfterReturn {
                ret: ret.to_string(),
            };
            return Err(self.unexpected(expected, &open));
        }
        self.open(open.span);
        let mut args = Vec::new();
        loop {
            if self.peek().kind == TokenKind::RParen {
                self.close();
                break;
            }
            let index = args.len() + 1;
            let arg = self.parse_type(Position::Argument)?;
            if arg.ty.is_void() {
                return Err(self.void_argument(&arg, index, &ret));
            }
            args.push(arg.ty);
            let separator = self.peek().clone();
            match separator.kind {
                TokenKind::Comma => self.advance(),
                TokenKind::RParen => {
                    self.close();
                    break;
                }
                _ => {
                    let expected = Expected::CommaOrClose { argument: index };
                    return Err(self.unexpected(expected, &separator));
                }
            }
        }
        self.expect_end()?;
        Ok(Signature { ret, args })
    }

    /// A single type followed by the end of input.
    pub(super) fn lone_type(mut self) -> Result<Type, SigError> {
        if self.peek().kind == TokenKind::End {
            return Err(self.error(SigErrorKind::EmptyType, 0..0));
        }
        let parsed = self.parse_type(Position::Lone)?;
        self.expect_end()?;
        Ok(parsed.ty)
    }

    /// `type := ['types' '.'] NAME [ '(' type ')' ]`, where only `CPointer`
    /// takes the parenthesised part.
    fn parse_type(&mut self, position: Position) -> Result<Parsed, SigError> {
        let mut open_pointers: Vec<OpenPointer> = Vec::new();
        // Descend through `CPointer(` until a non-pointer name is reached.
        let (base, base_name, base_start) = loop {
            let here = if open_pointers.is_empty() {
                position
            } else {
                Position::Pointee
            };
            let start = self.peek().span.start;
            let name = self.name(here)?;
            let text = &self.input[name.span.clone()];
            let ty = match classify(text) {
                NameClass::CPointer => {
                    let open = self.peek().clone();
                    if open.kind != TokenKind::LParen {
                        return Err(self.unexpected(Expected::OpenParenAfterCPointer, &open));
                    }
                    self.open(open.span);
                    let first_inside = self.peek().clone();
                    if first_inside.kind == TokenKind::RParen {
                        return Err(self.error(SigErrorKind::EmptyPointer, first_inside.span));
                    }
                    if open_pointers.len() == MAX_POINTER_DEPTH {
                        let kind = SigErrorKind::NestingTooDeep {
                            limit: MAX_POINTER_DEPTH,
                        };
                        return Err(self.error(kind, name.span));
                    }
                    open_pointers.push(OpenPointer { start });
                    continue;
                }
                NameClass::Scalar(scalar) => Type::Scalar(scalar),
                NameClass::Record => Type::Record(text.to_owned()),
                rejected => return Err(self.rejected_name(rejected, name.span)),
            };
            break (ty, name.span, start);
        };

        let mut ty = base;
        let mut span = base_start..base_name.end;
        if ty.is_void() && !open_pointers.is_empty() {
            let written = self.input[base_name.clone()].to_owned();
            let pointer_start = open_pointers.last().map_or(base_start, |open| open.start);
            return Err(self.error(
                SigErrorKind::VoidPointee { written },
                pointer_start..base_name.end,
            ));
        }
        // Climb back out, closing one `CPointer(` per level.
        loop {
            let here = if open_pointers.is_empty() {
                position
            } else {
                Position::Pointee
            };
            self.reject_suffix(&ty, &span, here)?;
            let Some(open) = open_pointers.pop() else {
                break;
            };
            let close = self.peek().clone();
            match close.kind {
                TokenKind::RParen => self.close(),
                TokenKind::Comma => {
                    return Err(self.error(SigErrorKind::PointerArity, close.span));
                }
                _ => return Err(self.unexpected(Expected::CloseParenAfterPointee, &close)),
            }
            ty = Type::Pointer(Box::new(ty));
            span = open.start..close.span.end;
        }
        Ok(Parsed {
            ty,
            span,
            base_name,
        })
    }

    /// Consumes an optional `types.`/`numba.types.` prefix and the name
    /// after it; returns the name token.
    fn name(&mut self, position: Position) -> Result<Token, SigError> {
        let first = self.peek().clone();
        if first.kind != TokenKind::Ident {
            return Err(self.unexpected(position.expected(), &first));
        }
        let prefix = if self.ident_at(0, "numba")
            && self.kind_at(1) == TokenKind::Dot
            && self.ident_at(2, "types")
            && self.kind_at(3) == TokenKind::Dot
        {
            Some((4, "numba.types."))
        } else if self.ident_at(0, "types") && self.kind_at(1) == TokenKind::Dot {
            Some((2, "types."))
        } else {
            None
        };
        if let Some((token_count, prefix)) = prefix {
            for _ in 0..token_count {
                self.advance();
            }
            let after = self.peek().clone();
            if after.kind != TokenKind::Ident {
                let expected = Expected::NameAfterPrefix {
                    prefix: prefix.to_owned(),
                };
                return Err(self.unexpected(expected, &after));
            }
        }
        let name = self.peek().clone();
        self.advance();
        if self.peek().kind == TokenKind::Dot {
            return Err(self.qualified_name(first.span.start));
        }
        Ok(name)
    }

    /// Reports `a.b.c` (already positioned on the first `.`) as a whole.
    fn qualified_name(&mut self, start: usize) -> SigError {
        let mut end = self.tokens[self.position.saturating_sub(1)].span.end;
        while self.peek().kind == TokenKind::Dot && self.kind_at(1) == TokenKind::Ident {
            self.advance();
            end = self.peek().span.end;
            self.advance();
        }
        let written = self.input[start..end].to_owned();
        self.error(SigErrorKind::QualifiedName { written }, start..end)
    }

    /// Rejects array syntax after any type, and `(` after a type anywhere
    /// except before the argument list.
    fn reject_suffix(
        &self,
        ty: &Type,
        span: &Range<usize>,
        position: Position,
    ) -> Result<(), SigError> {
        let next = self.peek();
        match next.kind {
            TokenKind::LBracket => {
                let after_bracket = next.span.end;
                let trimmed_end = self.end_of_text();
                let end = self.input[after_bracket..]
                    .find(']')
                    .map_or(trimmed_end, |offset| after_bracket + offset + 1);
                let written = self.input[span.start..end].to_owned();
                let element = ty.to_string();
                Err(self.error(
                    SigErrorKind::ArrayType { written, element },
                    span.start..end,
                ))
            }
            TokenKind::LParen if position != Position::Return => Err(self.error(
                SigErrorKind::UnexpectedParen {
                    after: ty.to_string(),
                },
                next.span.clone(),
            )),
            _ => Ok(()),
        }
    }

    /// After the complete signature or type only whitespace may follow.
    fn expect_end(&self) -> Result<(), SigError> {
        let token = self.peek();
        match token.kind {
            TokenKind::End => Ok(()),
            TokenKind::RParen => {
                Err(self.error(SigErrorKind::UnmatchedCloseParen, token.span.clone()))
            }
            _ => {
                let span = token.span.start..self.end_of_text();
                let text = self.input[span.clone()].to_owned();
                Err(self.error(SigErrorKind::TrailingInput { text }, span))
            }
        }
    }

    fn void_argument(&self, arg: &Parsed, index: usize, ret: &Type) -> SigError {
        let is_sole_argument = index == 1
            && (self.kind_at(0) == TokenKind::RParen
                || (self.kind_at(0) == TokenKind::Comma && self.kind_at(1) == TokenKind::RParen));
        let kind = SigErrorKind::VoidArgument {
            written: self.input[arg.base_name.clone()].to_owned(),
            index,
            sole_argument_of: is_sole_argument.then(|| ret.to_string()),
        };
        self.error(kind, arg.span.clone())
    }

    fn rejected_name(&self, class: NameClass, span: Range<usize>) -> SigError {
        let name = self.input[span.clone()].to_owned();
        let kind = match class {
            NameClass::NoCEquivalent { numba_name } => {
                SigErrorKind::NoCEquivalent { name, numba_name }
            }
            NameClass::RustOnly => SigErrorKind::RustOnlyType { name },
            NameClass::Typo { suggestion } => SigErrorKind::UnknownType { name, suggestion },
            NameClass::InvalidRecord { reason } => SigErrorKind::InvalidRecordName { name, reason },
            // Accepted names never reach here; report them as a plain
            // expectation failure rather than panicking.
            NameClass::Scalar(_) | NameClass::CPointer | NameClass::Record => {
                SigErrorKind::Expected {
                    expected: Expected::Type,
                    found: Found::Token(name),
                }
            }
        };
        self.error(kind, span)
    }

    /// The error for `token` where `expected` was required. Stray characters
    /// and an end of input inside parentheses get their own, sharper kinds.
    fn unexpected(&self, expected: Expected, token: &Token) -> SigError {
        let found = match token.kind {
            TokenKind::Stray(found) => {
                return self.error(
                    SigErrorKind::UnexpectedCharacter { found },
                    token.span.clone(),
                );
            }
            TokenKind::End => {
                if let Some(open) = self.open_parens.last() {
                    return self.error(SigErrorKind::UnclosedParen, open.clone());
                }
                Found::EndOfInput
            }
            _ => Found::Token(self.input[token.span.clone()].to_owned()),
        };
        self.error(
            SigErrorKind::Expected { expected, found },
            token.span.clone(),
        )
    }

    fn error(&self, kind: SigErrorKind, span: Range<usize>) -> SigError {
        SigError::new(kind, span, self.input)
    }

    fn peek(&self) -> &Token {
        self.token_at(0)
    }

    fn token_at(&self, offset: usize) -> &Token {
        // The token list always ends with `End`; reading past it keeps
        // returning `End`.
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[self.position.saturating_add(offset).min(last)]
    }

    fn kind_at(&self, offset: usize) -> TokenKind {
        self.token_at(offset).kind
    }

    fn ident_at(&self, offset: usize, word: &str) -> bool {
        let token = self.token_at(offset);
        token.kind == TokenKind::Ident && self.input[token.span.clone()] == *word
    }

    fn advance(&mut self) {
        if self.position + 1 < self.tokens.len() {
            self.position += 1;
        }
    }

    fn open(&mut self, span: Range<usize>) {
        self.open_parens.push(span);
        self.advance();
    }

    fn close(&mut self) {
        self.open_parens.pop();
        self.advance();
    }

    /// The byte offset just after the last non-whitespace character.
    fn end_of_text(&self) -> usize {
        self.tokens.last().map_or(0, |end| end.span.end)
    }
}
