//! Statement lists and simple statements (everything that fits on one
//! logical line).

use super::{PResult, Parser};
use crate::ast::{Alias, ExprKind, Name, Stmt, StmtKind};
use crate::lexer::{Keyword, Op, TokenKind};
use crate::syntax_error::{Clause, Expected, SyntaxErrorKind, TargetOf};
use crate::text::TextRange;

impl Parser<'_> {
    /// Statements up to the end of the file or, in a block, up to its
    /// DEDENT (left for the caller).
    pub(super) fn statements(&mut self, in_block: bool) -> Vec<Stmt> {
        let mut body = Vec::new();
        let mut after_failure = false;
        loop {
            let before = self.pos;
            match self.kind() {
                TokenKind::EndOfFile => break,
                TokenKind::Dedent if in_block => break,
                TokenKind::Dedent | TokenKind::Newline => {
                    self.bump();
                }
                TokenKind::Indent => {
                    let indent = self.bump().range;
                    if !after_failure {
                        self.report(SyntaxErrorKind::UnexpectedIndent, indent);
                    }
                    // Parsed for its errors; its statements belong nowhere.
                    match self.nested(|parser| Ok(parser.statements(true))) {
                        Ok(_) => {
                            if *self.kind() == TokenKind::Dedent {
                                self.bump();
                            }
                        }
                        Err(failure) => {
                            self.record(failure);
                            self.recover();
                        }
                    }
                    after_failure = false;
                }
                _ => {
                    after_failure = false;
                    let depth = self.depth;
                    if let Err(failure) = self.statement(&mut body) {
                        self.record(failure);
                        self.recover();
                        after_failure = true;
                    }
                    // An error may have left chains counted.
                    self.depth = depth;
                }
            }
            self.ensure_progress(before);
        }
        body
    }

    /// One statement line (several simple statements if `;`-separated).
    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let orphan = |keyword, opener| SyntaxErrorKind::OrphanClause { keyword, opener };
        let statement = match self.kind() {
            TokenKind::Keyword(Keyword::If) => self.if_statement()?,
            TokenKind::Keyword(Keyword::While) => self.while_statement()?,
            TokenKind::Keyword(Keyword::For) => self.for_statement()?,
            TokenKind::Keyword(Keyword::Def) => {
                let start = self.start();
                self.function_def(start, Vec::new())?
            }
            TokenKind::Keyword(Keyword::Class) => {
                let start = self.start();
                self.class_def(start)?
            }
            TokenKind::Keyword(Keyword::Try) => self.try_statement()?,
            TokenKind::Keyword(Keyword::With) => self.with_statement()?,
            TokenKind::Keyword(Keyword::Async) => self.async_statement()?,
            TokenKind::Op(Op::At) => self.decorated()?,
            TokenKind::Keyword(Keyword::Elif) => {
                return Err(self.failure(orphan("elif", "if"), self.token().range));
            }
            TokenKind::Keyword(Keyword::Else) => {
                return Err(self.failure(orphan("else", "if"), self.token().range));
            }
            TokenKind::Keyword(Keyword::Except) => {
                return Err(self.failure(orphan("except", "try"), self.token().range));
            }
            TokenKind::Keyword(Keyword::Finally) => {
                return Err(self.failure(orphan("finally", "try"), self.token().range));
            }
            TokenKind::Name if self.looks_like_match() => self.match_statement(),
            _ => return self.simple_statements(out),
        };
        out.push(statement);
        Ok(())
    }

    /// `a = 1; b = 2` up to and including the NEWLINE.
    pub(super) fn simple_statements(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let statement = self.small_statement()?;
            out.push(statement);
            if !self.eat_op(Op::Semicolon) || self.at_statement_end() {
                break;
            }
        }
        match self.kind() {
            TokenKind::Newline => {
                self.bump();
                Ok(())
            }
            TokenKind::EndOfFile => Ok(()),
            _ => Err(self.unexpected(Expected::StatementEnd, Clause::Nowhere)),
        }
    }

    pub(super) fn at_statement_end(&self) -> bool {
        matches!(
            self.kind(),
            TokenKind::Newline | TokenKind::EndOfFile | TokenKind::Op(Op::Semicolon)
        )
    }

    fn small_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let kind = match self.kind() {
            TokenKind::Keyword(Keyword::Pass) => {
                self.bump();
                StmtKind::Pass
            }
            TokenKind::Keyword(Keyword::Break) => {
                self.bump();
                StmtKind::Break
            }
            TokenKind::Keyword(Keyword::Continue) => {
                self.bump();
                StmtKind::Continue
            }
            TokenKind::Keyword(Keyword::Return) => {
                self.bump();
                let value = if self.at_statement_end() {
                    None
                } else {
                    Some(self.star_expressions()?)
                };
                StmtKind::Return(value)
            }
            TokenKind::Keyword(Keyword::Raise) => {
                self.bump();
                let mut exc = None;
                let mut cause = None;
                if !self.at_statement_end() {
                    exc = Some(self.test()?);
                    if self.eat_keyword(Keyword::From) {
                        cause = Some(self.test()?);
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            TokenKind::Keyword(keyword @ (Keyword::Global | Keyword::Nonlocal)) => {
                let nonlocal = *keyword == Keyword::Nonlocal;
                self.bump();
                let mut names = vec![self.expect_name(Expected::Identifier, Clause::Nowhere)?];
                while self.eat_op(Op::Comma) {
                    names.push(self.expect_name(Expected::Identifier, Clause::Nowhere)?);
                }
                StmtKind::Global { names, nonlocal }
            }
            TokenKind::Keyword(Keyword::Del) => {
                self.bump();
                let mut targets = vec![self.target_element()?];
                while self.eat_op(Op::Comma) && !self.at_statement_end() {
                    targets.push(self.target_element()?);
                }
                for target in &targets {
                    self.check_target(target, TargetOf::Delete);
                }
                StmtKind::Delete { targets }
            }
            TokenKind::Keyword(Keyword::Assert) => {
                self.bump();
                let test = self.test()?;
                let msg = if self.eat_op(Op::Comma) {
                    Some(self.test()?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            TokenKind::Keyword(Keyword::Import) => {
                self.bump();
                let mut names = vec![self.alias(true)?];
                while self.eat_op(Op::Comma) {
                    names.push(self.alias(true)?);
                }
                StmtKind::Import { names }
            }
            TokenKind::Keyword(Keyword::From) => self.import_from()?,
            _ => self.expression_statement()?,
        };
        Ok(Stmt {
            id: self.node_id(),
            kind,
            range: self.range_from(start),
        })
    }

    /// Assignments, augmented and annotated assignments, and bare
    /// expressions (calls, docstrings, `yield`).
    fn expression_statement(&mut self) -> PResult<StmtKind> {
        let first = self.star_expressions_or_yield()?;
        match *self.kind() {
            TokenKind::Op(Op::Equal) => {
                let mut targets = vec![first];
                self.bump();
                let mut value = self.star_expressions_or_yield()?;
                while self.eat_op(Op::Equal) {
                    targets.push(value);
                    value = self.star_expressions_or_yield()?;
                }
                for target in &targets {
                    self.check_target(target, TargetOf::Assignment);
                }
                Ok(StmtKind::Assign { targets, value })
            }
            TokenKind::AugAssign(op) => {
                self.bump();
                self.check_single_target(&first, TargetOf::AugmentedAssignment);
                let value = self.star_expressions_or_yield()?;
                Ok(StmtKind::AugAssign {
                    target: first,
                    op,
                    value,
                })
            }
            TokenKind::Op(Op::Colon) => {
                self.bump();
                self.check_single_target(&first, TargetOf::AnnotatedAssignment);
                let annotation = self.test()?;
                let value = if self.eat_op(Op::Equal) {
                    Some(self.star_expressions_or_yield()?)
                } else {
                    None
                };
                Ok(StmtKind::AnnAssign {
                    target: first,
                    annotation,
                    value,
                })
            }
            _ => Ok(StmtKind::Expr(first)),
        }
    }

    /// `from ..pkg.mod import a as b, c` / `from x import (a, b,)` / `import *`.
    fn import_from(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut level = 0;
        loop {
            if self.eat_op(Op::Dot) {
                level += 1;
            } else if self.eat_op(Op::Ellipsis) {
                level += 3;
            } else {
                break;
            }
        }
        let module = if level == 0 || *self.kind() == TokenKind::Name {
            self.dotted_name()?
        } else {
            Vec::new()
        };
        self.expect_keyword(Keyword::Import, "import", Clause::Import)?;
        if self.at_op(Op::Star) {
            // `*` is kept as an alias named `*`, for the typer to refuse.
            let range = self.bump().range;
            let star = Name {
                id: "*".to_owned(),
                range,
            };
            return Ok(StmtKind::ImportFrom {
                module,
                names: vec![Alias {
                    name: vec![star],
                    asname: None,
                    range,
                }],
                level,
            });
        }
        let parenthesized = self.eat_op(Op::LeftParen);
        let mut names = vec![self.alias(false)?];
        while self.eat_op(Op::Comma) {
            if parenthesized && self.at_op(Op::RightParen) {
                break;
            }
            names.push(self.alias(false)?);
        }
        if parenthesized {
            self.expect_op(Op::RightParen, ")", Clause::Import)?;
        }
        Ok(StmtKind::ImportFrom {
            module,
            names,
            level,
        })
    }

    /// `numpy as np` (dotted names only in `import`, not after `from`).
    fn alias(&mut self, dotted: bool) -> PResult<Alias> {
        let start = self.start();
        let name = if dotted {
            self.dotted_name()?
        } else {
            vec![self.expect_name(Expected::Identifier, Clause::Import)?]
        };
        let asname = if self.eat_keyword(Keyword::As) {
            Some(self.expect_name(Expected::Identifier, Clause::Import)?)
        } else {
            None
        };
        Ok(Alias {
            name,
            asname,
            range: self.range_from(start),
        })
    }

    fn dotted_name(&mut self) -> PResult<Vec<Name>> {
        let mut parts = vec![self.expect_name(Expected::Identifier, Clause::Import)?];
        while self.eat_op(Op::Dot) {
            parts.push(self.expect_name(Expected::Identifier, Clause::Import)?);
        }
        Ok(parts)
    }

    pub(super) fn expect_name(&mut self, expected: Expected, after: Clause) -> PResult<Name> {
        if *self.kind() != TokenKind::Name {
            return Err(self.unexpected(expected, after));
        }
        let range = self.bump().range;
        Ok(Name {
            id: self.text(range).to_owned(),
            range,
        })
    }

    /// `match` is a soft keyword: it starts a match statement only when the
    /// logical line is a block header (ends with `:`) and `match` is not
    /// itself being assigned, annotated or accessed.
    fn looks_like_match(&self) -> bool {
        if self.text(self.token().range) != "match" {
            return false;
        }
        if matches!(
            self.nth_kind(1),
            TokenKind::Op(Op::Equal | Op::Colon | Op::Dot | Op::Comma | Op::Semicolon)
                | TokenKind::AugAssign(_)
                | TokenKind::Newline
                | TokenKind::EndOfFile
        ) {
            return false;
        }
        let line_end = self.tokens[self.pos..]
            .iter()
            .position(|token| matches!(token.kind, TokenKind::Newline | TokenKind::EndOfFile))
            .map_or(self.tokens.len(), |offset| self.pos + offset);
        line_end > self.pos + 1 && self.tokens[line_end - 1].kind == TokenKind::Op(Op::Colon)
    }

    /// Skips a match statement (patterns are not expressions) whole.
    fn match_statement(&mut self) -> Stmt {
        let start = self.start();
        while !matches!(self.kind(), TokenKind::Newline | TokenKind::EndOfFile) {
            self.bump();
        }
        self.bump();
        if *self.kind() == TokenKind::Indent {
            let mut depth = 0usize;
            loop {
                match self.bump().kind {
                    TokenKind::Indent => depth += 1,
                    TokenKind::Dedent => depth -= 1,
                    TokenKind::EndOfFile => break,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
        }
        Stmt {
            id: self.node_id(),
            kind: StmtKind::Unsupported {
                construct: "match statements",
            },
            range: self.range_from(start),
        }
    }

    /// A parsed statement turned into an `Unsupported` one.
    pub(super) fn unsupported_stmt(&self, construct: &'static str, range: TextRange) -> Stmt {
        Stmt {
            id: self.node_id(),
            kind: StmtKind::Unsupported { construct },
            range,
        }
    }

    pub(super) fn unsupported_expr(construct: &'static str) -> ExprKind {
        ExprKind::Unsupported { construct }
    }
}
