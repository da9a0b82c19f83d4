//! Compound statements: a header ending in `:` and an indented block (or
//! simple statements on the same line).

use super::{PResult, Parser};
use crate::ast::{ExceptHandler, Expr, FunctionDef, Param, StarKind, Stmt, StmtKind};
use crate::lexer::{Keyword, Op, TokenKind};
use crate::syntax_error::{Clause, Expected, SyntaxErrorKind, TargetOf};
use crate::text::TextRange;

impl Parser<'_> {
    /// The block after a header's `:`; `owner` names the header keyword
    /// for "expected an indented block after `for`".
    fn suite(&mut self, owner: &'static str) -> PResult<Vec<Stmt>> {
        if *self.kind() != TokenKind::Newline {
            let mut body = Vec::new();
            self.simple_statements(&mut body)?;
            return Ok(body);
        }
        self.bump();
        if *self.kind() != TokenKind::Indent {
            let range = self.token().range;
            self.report(
                SyntaxErrorKind::ExpectedIndentedBlock { after: owner },
                range,
            );
            return Ok(Vec::new());
        }
        self.bump();
        let body = self.nested(|parser| Ok(parser.statements(true)))?;
        if *self.kind() == TokenKind::Dedent {
            self.bump();
        }
        Ok(body)
    }

    fn colon_and_suite(&mut self, owner: &'static str, after: Clause) -> PResult<Vec<Stmt>> {
        self.expect_op(Op::Colon, ":", after)?;
        self.suite(owner)
    }

    fn else_clause(&mut self) -> PResult<Vec<Stmt>> {
        if !self.eat_keyword(Keyword::Else) {
            return Ok(Vec::new());
        }
        self.colon_and_suite("else", Clause::Keyword("else"))
    }

    /// `if`/`elif`/`else`, built from the last clause backwards so that an
    /// `elif` is an `If` alone in the previous `orelse`. Each `If` ends
    /// where the whole chain ends.
    pub(super) fn if_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let (test, body) = self.conditional_clause("if")?;
        let mut elifs = Vec::new();
        while self.at_keyword(Keyword::Elif) {
            let elif_start = self.start();
            let (test, body) = self.conditional_clause("elif")?;
            elifs.push((elif_start, test, body));
        }
        let mut orelse = self.else_clause()?;
        let end = self.last_end;
        for (elif_start, test, body) in elifs.into_iter().rev() {
            let elif = Stmt {
                id: self.node_id(),
                kind: StmtKind::If { test, body, orelse },
                range: TextRange::new(elif_start, end),
            };
            orelse = vec![elif];
        }
        Ok(Stmt {
            id: self.node_id(),
            kind: StmtKind::If { test, body, orelse },
            range: TextRange::new(start, end),
        })
    }

    /// `if test: body` or `elif test: body`, keyword included.
    fn conditional_clause(&mut self, keyword: &'static str) -> PResult<(Expr, Vec<Stmt>)> {
        self.bump();
        let test = self.named_expression()?;
        let body = self.colon_and_suite(keyword, Clause::Condition(keyword))?;
        Ok((test, body))
    }

    pub(super) fn while_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump();
        let test = self.named_expression()?;
        let body = self.colon_and_suite("while", Clause::Condition("while"))?;
        let orelse = self.else_clause()?;
        Ok(Stmt {
            id: self.node_id(),
            kind: StmtKind::While { test, body, orelse },
            range: self.range_from(start),
        })
    }

    pub(super) fn for_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump();
        let target = self.target_list()?;
        self.check_target(&target, TargetOf::ForLoop);
        self.expect_keyword(Keyword::In, "in", Clause::ForTarget)?;
        let iter = self.star_expressions()?;
        let body = self.colon_and_suite("for", Clause::ForIterable)?;
        let orelse = self.else_clause()?;
        Ok(Stmt {
            id: self.node_id(),
            kind: StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
            range: self.range_from(start),
        })
    }

    /// `def name(params) -> ret: body`, `start` being the first decorator's
    /// `@` when there are decorators.
    pub(super) fn function_def(&mut self, start: usize, decorators: Vec<Expr>) -> PResult<Stmt> {
        self.bump();
        let name = self.expect_name(Expected::Identifier, Clause::Keyword("def"))?;
        self.expect_op(Op::LeftParen, "(", Clause::FunctionName)?;
        let params = self.parameters(Op::RightParen, true)?;
        if !self.eat_op(Op::RightParen) {
            return Err(self.unexpected(Expected::EitherToken(",", ")"), Clause::Parameters));
        }
        let returns = if self.eat_op(Op::Arrow) {
            Some(self.test()?)
        } else {
            None
        };
        let body = self.colon_and_suite("def", Clause::ReturnAnnotation)?;
        let def = FunctionDef {
            name,
            params,
            decorators,
            returns,
            body,
        };
        Ok(Stmt {
            id: self.node_id(),
            kind: StmtKind::FunctionDef(Box::new(def)),
            range: self.range_from(start),
        })
    }

    /// Parameters up to (not including) `closing`: `)` for a `def`, `:`
    /// for a lambda (whose parameters take no annotations). A bare `*` and
    /// the `/` marker only change how Python callers may pass arguments,
    /// which C callers cannot do, so they leave no `Param`.
    pub(super) fn parameters(&mut self, closing: Op, annotations: bool) -> PResult<Vec<Param>> {
        let mut params = Vec::new();
        let mut seen_default = false;
        let mut keyword_only = false;
        while !self.at_op(closing) {
            let before = self.pos;
            let start = self.start();
            if self.eat_op(Op::Slash) {
            } else if self.at_op(Op::Star) || self.at_op(Op::DoubleStar) {
                let star = if self.bump().kind == TokenKind::Op(Op::Star) {
                    StarKind::Args
                } else {
                    StarKind::Kwargs
                };
                keyword_only = true;
                let bare = star == StarKind::Args && (self.at_op(Op::Comma) || self.at_op(closing));
                if !bare {
                    let name = self.expect_name(Expected::Parameter, Clause::Parameters)?;
                    let annotation = self.annotation(annotations)?;
                    params.push(Param {
                        name,
                        annotation,
                        default: None,
                        star: Some(star),
                        range: self.range_from(start),
                    });
                }
            } else {
                let name = self.expect_name(Expected::Parameter, Clause::Parameters)?;
                let annotation = self.annotation(annotations)?;
                let default = if self.eat_op(Op::Equal) {
                    Some(self.test()?)
                } else {
                    None
                };
                let range = self.range_from(start);
                if default.is_none() && seen_default && !keyword_only {
                    self.report(SyntaxErrorKind::NonDefaultAfterDefault, range);
                }
                seen_default |= default.is_some();
                params.push(Param {
                    name,
                    annotation,
                    default,
                    star: None,
                    range,
                });
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
            self.ensure_progress(before);
        }
        Ok(params)
    }

    fn annotation(&mut self, allowed: bool) -> PResult<Option<Expr>> {
        if allowed && self.eat_op(Op::Colon) {
            return Ok(Some(self.test()?));
        }
        Ok(None)
    }

    /// `@decorator` lines, then the `def` (or `class`) they decorate.
    pub(super) fn decorated(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let mut decorators = Vec::new();
        while self.eat_op(Op::At) {
            decorators.push(self.named_expression()?);
            if *self.kind() != TokenKind::Newline {
                return Err(self.unexpected(Expected::Newline, Clause::Decorator));
            }
            self.bump();
        }
        match self.kind() {
            TokenKind::Keyword(Keyword::Def) => self.function_def(start, decorators),
            TokenKind::Keyword(Keyword::Class) => self.class_def(start),
            TokenKind::Keyword(Keyword::Async)
                if *self.nth_kind(1) == TokenKind::Keyword(Keyword::Def) =>
            {
                self.bump();
                self.function_def(start, decorators)?;
                Ok(self.unsupported_stmt("async functions", self.range_from(start)))
            }
            _ => Err(self.unexpected(Expected::Definition, Clause::Decorator)),
        }
    }

    /// `class C(Base): ...`, parsed for its errors and then reported as
    /// unsupported.
    pub(super) fn class_def(&mut self, start: usize) -> PResult<Stmt> {
        self.bump();
        self.expect_name(Expected::Identifier, Clause::Keyword("class"))?;
        if self.at_op(Op::LeftParen) {
            self.bump();
            self.call_arguments()?;
        }
        self.colon_and_suite("class", Clause::ClassHeader)?;
        Ok(self.unsupported_stmt("class definitions", self.range_from(start)))
    }

    pub(super) fn try_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump();
        let body = self.colon_and_suite("try", Clause::Keyword("try"))?;
        let mut handlers = Vec::new();
        let mut has_handler = false;
        let mut star = false;
        while self.at_keyword(Keyword::Except) {
            let handler_start = self.start();
            self.bump();
            has_handler = true;
            // `except*` (exception groups).
            star |= self.eat_op(Op::Star);
            let mut kind = None;
            if !self.at_op(Op::Colon) {
                kind = Some(self.test()?);
                if self.eat_keyword(Keyword::As) {
                    self.expect_name(Expected::Identifier, Clause::Keyword("as"))?;
                }
            }
            let handler_body = self.colon_and_suite("except", Clause::Handler)?;
            handlers.push(ExceptHandler {
                kind,
                body: handler_body,
                range: self.range_from(handler_start),
            });
        }
        let orelse = if has_handler {
            self.else_clause()?
        } else {
            Vec::new()
        };
        let mut finalbody = Vec::new();
        if self.eat_keyword(Keyword::Finally) {
            has_handler = true;
            finalbody = self.colon_and_suite("finally", Clause::Keyword("finally"))?;
        }
        if !has_handler {
            // Reported without failing: the blocks have been consumed.
            let failure = self.unexpected(Expected::Handler, Clause::Keyword("try"));
            self.record(failure);
        }
        if star {
            return Ok(self.unsupported_stmt("try statements", self.range_from(start)));
        }
        Ok(Stmt {
            id: self.node_id(),
            kind: StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
            range: self.range_from(start),
        })
    }

    pub(super) fn with_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump();
        if self.at_op(Op::LeftParen) && self.parenthesized_header() {
            self.bump();
            while !self.at_op(Op::RightParen) {
                self.with_item()?;
                if !self.eat_op(Op::Comma) {
                    break;
                }
            }
            self.expect_op(Op::RightParen, ")", Clause::WithItems)?;
        } else {
            self.with_item()?;
            while self.eat_op(Op::Comma) {
                self.with_item()?;
            }
        }
        self.colon_and_suite("with", Clause::WithItems)?;
        Ok(self.unsupported_stmt("with statements", self.range_from(start)))
    }

    fn with_item(&mut self) -> PResult<()> {
        self.test()?;
        if self.eat_keyword(Keyword::As) {
            self.target_element()?;
        }
        Ok(())
    }

    /// Whether the `(` at the cursor closes right before the header's `:`
    /// (`with (a as b, c):`), rather than opening an expression.
    fn parenthesized_header(&self) -> bool {
        let mut depth = 0usize;
        for (offset, token) in self.tokens[self.pos..].iter().enumerate() {
            match token.kind {
                TokenKind::Op(Op::LeftParen | Op::LeftBracket | Op::LeftBrace) => depth += 1,
                TokenKind::Op(Op::RightParen | Op::RightBracket | Op::RightBrace) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return *self.nth_kind(offset + 1) == TokenKind::Op(Op::Colon);
                    }
                }
                TokenKind::Newline | TokenKind::EndOfFile => return false,
                _ => {}
            }
        }
        false
    }

    pub(super) fn async_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump();
        let construct = match self.kind() {
            TokenKind::Keyword(Keyword::Def) => {
                self.function_def(start, Vec::new())?;
                "async functions"
            }
            TokenKind::Keyword(Keyword::For) => {
                self.for_statement()?;
                "async for loops"
            }
            TokenKind::Keyword(Keyword::With) => {
                self.with_statement()?;
                "async with statements"
            }
            _ => return Err(self.unexpected(Expected::AsyncStatement, Clause::Keyword("async"))),
        };
        Ok(self.unsupported_stmt(construct, self.range_from(start)))
    }
}
