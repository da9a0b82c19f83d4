//! Atoms (names, literals, displays in brackets) and the bracketed parts
//! of primaries: call arguments and subscripts.

use super::{PResult, Parser};
use crate::ast::{Expr, ExprKind, Keyword as KeywordArg, Name};
use crate::lexer::{Keyword, Op, StringValue, TokenKind};
use crate::syntax_error::{Clause, Expected, SyntaxErrorKind, TargetOf};

impl Parser<'_> {
    pub(super) fn atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        let kind = match self.kind() {
            TokenKind::Name => {
                let range = self.bump().range;
                ExprKind::Name(self.text(range).to_owned())
            }
            TokenKind::Int(value) => {
                let value = *value;
                self.bump();
                ExprKind::Int(value)
            }
            TokenKind::Float(value) => {
                let value = *value;
                self.bump();
                ExprKind::Float(value)
            }
            TokenKind::Imaginary(value) => {
                let value = *value;
                self.bump();
                ExprKind::Imaginary(value)
            }
            TokenKind::String(_) => self.strings(),
            TokenKind::Keyword(Keyword::None) => {
                self.bump();
                ExprKind::None
            }
            TokenKind::Keyword(keyword @ (Keyword::True | Keyword::False)) => {
                let value = *keyword == Keyword::True;
                self.bump();
                ExprKind::Bool(value)
            }
            TokenKind::Op(Op::Ellipsis) => {
                self.bump();
                ExprKind::Ellipsis
            }
            TokenKind::Op(Op::LeftParen) => return self.parenthesized(),
            TokenKind::Op(Op::LeftBracket) => return self.list_display(),
            TokenKind::Op(Op::LeftBrace) => return self.brace_display(),
            _ => return Err(self.unexpected(Expected::Expression, Clause::Nowhere)),
        };
        Ok(self.expr(start, kind))
    }

    /// Adjacent literals concatenated (`"a" 'b'`); any f-string among them
    /// makes the whole unsupported.
    fn strings(&mut self) -> ExprKind {
        let mut text = String::new();
        let mut bytes = Vec::new();
        let mut has_str = false;
        let mut has_bytes = false;
        let mut has_fstring = false;
        while let TokenKind::String(value) = self.kind() {
            match value {
                StringValue::Str(value) => {
                    text.push_str(value);
                    has_str = true;
                }
                StringValue::Bytes(value) => {
                    bytes.extend_from_slice(value);
                    has_bytes = true;
                }
                StringValue::FString => has_fstring = true,
            }
            let range = self.bump().range;
            if has_bytes && (has_str || has_fstring) {
                self.report(SyntaxErrorKind::MixedBytesAndStr, range);
                // Once is enough for one run of literals.
                has_str = false;
                has_fstring = false;
            }
        }
        if has_fstring {
            Self::unsupported_expr("f-strings")
        } else if has_bytes {
            ExprKind::Bytes(bytes)
        } else {
            ExprKind::Str(text)
        }
    }

    /// `()`, `(x)`, `(x,)`, `(a, b)`, `(yield)`, `(x for x in y)`.
    fn parenthesized(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat_op(Op::RightParen) {
            return Ok(self.expr(start, ExprKind::Tuple(Vec::new())));
        }
        if self.at_keyword(Keyword::Yield) {
            let value = self.yield_expression()?;
            self.expect_op(Op::RightParen, ")", Clause::Parenthesized)?;
            return Ok(value);
        }
        let first = self.star_expression()?;
        if self.at_comprehension() {
            self.comprehension_clauses()?;
            self.expect_op(Op::RightParen, ")", Clause::Parenthesized)?;
            return Ok(self.unsupported(start, "generator expressions"));
        }
        if self.eat_op(Op::RightParen) {
            // Grouping parentheses: the expression keeps its own range.
            return Ok(first);
        }
        let elements = self.rest_of_sequence(first, Op::RightParen, Clause::Parenthesized)?;
        Ok(self.expr(start, ExprKind::Tuple(elements)))
    }

    /// `[a, b]`, `[]`, `[x for x in y]`.
    fn list_display(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat_op(Op::RightBracket) {
            return Ok(self.expr(start, ExprKind::List(Vec::new())));
        }
        let first = self.star_expression()?;
        if self.at_comprehension() {
            self.comprehension_clauses()?;
            self.expect_op(Op::RightBracket, "]", Clause::List)?;
            return Ok(self.unsupported(start, "list comprehensions"));
        }
        if self.eat_op(Op::RightBracket) {
            return Ok(self.expr(start, ExprKind::List(vec![first])));
        }
        let elements = self.rest_of_sequence(first, Op::RightBracket, Clause::List)?;
        Ok(self.expr(start, ExprKind::List(elements)))
    }

    /// After the first element: `, b, c,` then the closing bracket.
    fn rest_of_sequence(&mut self, first: Expr, closing: Op, clause: Clause) -> PResult<Vec<Expr>> {
        let mut elements = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(closing) {
                break;
            }
            let before = self.pos;
            elements.push(self.star_expression()?);
            self.ensure_progress(before);
        }
        self.close(closing, clause)?;
        Ok(elements)
    }

    fn close(&mut self, closing: Op, clause: Clause) -> PResult<()> {
        let spelling = match closing {
            Op::RightParen => ")",
            Op::RightBracket => "]",
            _ => "}",
        };
        if self.eat_op(closing) {
            return Ok(());
        }
        Err(self.unexpected(Expected::EitherToken(",", spelling), clause))
    }

    /// Dict and set displays and comprehensions. Only a dict display of
    /// `key: value` items is kept as a `Dict`, for the module level
    /// (`locals={...}`); the rest are outside the subset: parsed for their
    /// errors, then reported by construct.
    fn brace_display(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat_op(Op::RightBrace) {
            return Ok(self.expr(start, ExprKind::Dict(Vec::new())));
        }
        let first = self.brace_item(None)?;
        let is_dict = !matches!(first, BraceItem::Element);
        if self.at_comprehension() {
            self.comprehension_clauses()?;
            self.close(Op::RightBrace, Clause::Braces)?;
            let construct = if is_dict {
                "dict comprehensions"
            } else {
                "set comprehensions"
            };
            return Ok(self.unsupported(start, construct));
        }
        let mut items = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::RightBrace) {
                break;
            }
            let before = self.pos;
            items.push(self.brace_item(Some(is_dict))?);
            self.ensure_progress(before);
        }
        self.close(Op::RightBrace, Clause::Braces)?;
        if !is_dict {
            return Ok(self.unsupported(start, "set displays"));
        }
        let mut pairs = Vec::with_capacity(items.len());
        for item in items {
            match item {
                BraceItem::Pair(key, value) => pairs.push((key, value)),
                // `**mapping` needs a dict at run time.
                BraceItem::Unpack | BraceItem::Element => {
                    return Ok(self.unsupported(start, "dict displays"));
                }
            }
        }
        Ok(self.expr(start, ExprKind::Dict(pairs)))
    }

    /// One `key: value`, `**mapping` or set element. `dict` says whether
    /// the first item was a dict item.
    fn brace_item(&mut self, dict: Option<bool>) -> PResult<BraceItem> {
        if dict != Some(false) && self.eat_op(Op::DoubleStar) {
            self.binary(0)?;
            return Ok(BraceItem::Unpack);
        }
        let key = self.star_expression()?;
        if dict != Some(false) && self.eat_op(Op::Colon) {
            let value = self.test()?;
            return Ok(BraceItem::Pair(key, value));
        }
        if dict == Some(true) {
            return Err(self.unexpected(Expected::Token(":"), Clause::Braces));
        }
        Ok(BraceItem::Element)
    }

    fn at_comprehension(&self) -> bool {
        self.at_keyword(Keyword::For)
            || (self.at_keyword(Keyword::Async)
                && *self.nth_kind(1) == TokenKind::Keyword(Keyword::For))
    }

    /// `for x in y if c ...` clauses, repeated.
    fn comprehension_clauses(&mut self) -> PResult<()> {
        while self.at_comprehension() {
            self.eat_keyword(Keyword::Async);
            self.bump();
            let target = self.target_list()?;
            self.check_target(&target, TargetOf::Comprehension);
            self.expect_keyword(Keyword::In, "in", Clause::Comprehension)?;
            self.or_test()?;
            while self.eat_keyword(Keyword::If) {
                self.or_test()?;
            }
        }
        Ok(())
    }

    /// Arguments after a call's `(`, up to and including the `)`.
    pub(super) fn call_arguments(&mut self) -> PResult<(Vec<Expr>, Vec<KeywordArg>)> {
        let mut args = Vec::new();
        let mut keywords: Vec<KeywordArg> = Vec::new();
        while !self.at_op(Op::RightParen) {
            let before = self.pos;
            let start = self.start();
            if self.eat_op(Op::DoubleStar) {
                let value = self.test()?;
                keywords.push(KeywordArg {
                    arg: None,
                    value,
                    range: self.range_from(start),
                });
            } else if *self.kind() == TokenKind::Name
                && *self.nth_kind(1) == TokenKind::Op(Op::Equal)
            {
                let range = self.bump().range;
                let arg = Name {
                    id: self.text(range).to_owned(),
                    range,
                };
                self.bump();
                let value = self.test()?;
                keywords.push(KeywordArg {
                    arg: Some(arg),
                    value,
                    range: self.range_from(start),
                });
            } else {
                let mut value = self.star_expression()?;
                if self.at_comprehension() {
                    self.comprehension_clauses()?;
                    value = self.unsupported(start, "generator expressions");
                }
                let is_starred = matches!(value.kind, ExprKind::Starred(_));
                if !keywords.is_empty() && !is_starred {
                    self.report(SyntaxErrorKind::PositionalAfterKeyword, value.range);
                }
                args.push(value);
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
            self.ensure_progress(before);
        }
        self.close(Op::RightParen, Clause::Arguments)?;
        Ok((args, keywords))
    }

    /// The index after `[`, up to and including the `]`: one element, or a
    /// tuple of elements (slices allowed) when there is a comma.
    pub(super) fn subscript(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.subscript_element()?;
        if !self.at_op(Op::Comma) {
            self.close(Op::RightBracket, Clause::Subscript)?;
            return Ok(first);
        }
        let mut elements = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::RightBracket) {
                break;
            }
            let before = self.pos;
            elements.push(self.subscript_element()?);
            self.ensure_progress(before);
        }
        let tuple = self.expr(start, ExprKind::Tuple(elements));
        self.close(Op::RightBracket, Clause::Subscript)?;
        Ok(tuple)
    }

    /// `i`, `*i`, or a slice `lower:upper:step` with any part left out.
    fn subscript_element(&mut self) -> PResult<Expr> {
        let start = self.start();
        let lower = if self.at_op(Op::Colon) {
            None
        } else {
            let value = self.star_expression()?;
            if !self.at_op(Op::Colon) {
                return Ok(value);
            }
            Some(Box::new(value))
        };
        self.bump();
        let upper = self.optional_slice_part()?;
        let step = if self.eat_op(Op::Colon) {
            self.optional_slice_part()?
        } else {
            None
        };
        Ok(self.expr(start, ExprKind::Slice { lower, upper, step }))
    }

    fn optional_slice_part(&mut self) -> PResult<Option<Box<Expr>>> {
        if self.at_op(Op::Colon) || self.at_op(Op::Comma) || self.at_op(Op::RightBracket) {
            return Ok(None);
        }
        Ok(Some(Box::new(self.test()?)))
    }
}

/// An item of a brace display.
enum BraceItem {
    Pair(Expr, Expr),
    /// `**mapping`
    Unpack,
    /// A set element.
    Element,
}
