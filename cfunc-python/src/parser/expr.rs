//! Expressions by precedence, loosest first: tuples, `:=`, `lambda`,
//! conditional expressions, `or`, `and`, `not`, comparisons, `|`, `^`,
//! `&`, shifts, `+ -`, `* / // % @`, unary `+ - ~`, `**`, `await`, and
//! primaries (calls, attributes, subscripts).

use super::{PResult, Parser};
use crate::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, UnaryOp};
use crate::lexer::{Keyword, Op, TokenKind};
use crate::syntax_error::{Clause, Expected};

/// Binary operator levels below the comparisons, loosest first.
const BINARY_LEVELS: &[&[(Op, BinOp)]] = &[
    &[(Op::VerticalBar, BinOp::BitOr)],
    &[(Op::Caret, BinOp::BitXor)],
    &[(Op::Amper, BinOp::BitAnd)],
    &[
        (Op::LeftShift, BinOp::LShift),
        (Op::RightShift, BinOp::RShift),
    ],
    &[(Op::Plus, BinOp::Add), (Op::Minus, BinOp::Sub)],
    &[
        (Op::Star, BinOp::Mult),
        (Op::Slash, BinOp::Div),
        (Op::DoubleSlash, BinOp::FloorDiv),
        (Op::Percent, BinOp::Mod),
        (Op::At, BinOp::MatMult),
    ],
];

impl Parser<'_> {
    pub(super) fn can_start_expression(&self) -> bool {
        match self.kind() {
            TokenKind::Name
            | TokenKind::Int(_)
            | TokenKind::Float(_)
            | TokenKind::Imaginary(_)
            | TokenKind::String(_) => true,
            TokenKind::Keyword(keyword) => matches!(
                keyword,
                Keyword::None
                    | Keyword::True
                    | Keyword::False
                    | Keyword::Not
                    | Keyword::Lambda
                    | Keyword::Await
                    | Keyword::Yield
            ),
            TokenKind::Op(op) => matches!(
                op,
                Op::LeftParen
                    | Op::LeftBracket
                    | Op::LeftBrace
                    | Op::Minus
                    | Op::Plus
                    | Op::Tilde
                    | Op::Ellipsis
                    | Op::Star
            ),
            _ => false,
        }
    }

    /// The right-hand side of an assignment or an expression statement:
    /// a `yield` expression or `star_expressions`.
    pub(super) fn star_expressions_or_yield(&mut self) -> PResult<Expr> {
        if self.at_keyword(Keyword::Yield) {
            return self.yield_expression();
        }
        self.star_expressions()
    }

    /// `yield`, `yield x, y`, `yield from x`: parsed to be reported.
    pub(super) fn yield_expression(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat_keyword(Keyword::From) {
            self.test()?;
        } else if self.can_start_expression() {
            self.star_expressions()?;
        }
        Ok(self.unsupported(start, "yield expressions"))
    }

    /// `a`, `a, b`, `*a, b,`: a tuple without parentheses when there is a
    /// comma.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        self.comma_list(Self::star_expression)
    }

    /// `*x` or a named expression.
    pub(super) fn star_expression(&mut self) -> PResult<Expr> {
        self.starred_or(Self::named_expression)
    }

    /// One `element`, or several separated by commas (with an optional
    /// trailing comma) as a tuple without parentheses.
    pub(super) fn comma_list(&mut self, element: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let start = self.start();
        let first = element(self)?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let mut elements = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.can_start_expression() {
                break;
            }
            elements.push(element(self)?);
        }
        Ok(self.expr(start, ExprKind::Tuple(elements)))
    }

    /// `*x` (a starred operand parsed above the comparisons), or `rest`.
    pub(super) fn starred_or(&mut self, rest: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.start();
            self.bump();
            let value = self.binary(0)?;
            return Ok(self.expr(start, ExprKind::Starred(Box::new(value))));
        }
        rest(self)
    }

    /// `name := value` (outside the subset) or a plain `test`.
    pub(super) fn named_expression(&mut self) -> PResult<Expr> {
        if *self.kind() == TokenKind::Name && *self.nth_kind(1) == TokenKind::Op(Op::ColonEqual) {
            let start = self.start();
            self.bump();
            self.bump();
            self.test()?;
            return Ok(self.unsupported(start, "walrus assignments"));
        }
        self.test()
    }

    /// A full expression without tuples: `lambda`, `a if b else c`, and
    /// everything tighter.
    pub(super) fn test(&mut self) -> PResult<Expr> {
        self.nested(|parser| {
            if parser.at_keyword(Keyword::Lambda) {
                return parser.lambda();
            }
            let start = parser.start();
            let body = parser.or_test()?;
            if !parser.eat_keyword(Keyword::If) {
                return Ok(body);
            }
            let test = parser.or_test()?;
            parser.expect_keyword(Keyword::Else, "else", Clause::Ternary)?;
            let orelse = parser.test()?;
            Ok(parser.expr(
                start,
                ExprKind::IfExp {
                    test: Box::new(test),
                    body: Box::new(body),
                    orelse: Box::new(orelse),
                },
            ))
        })
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        self.parameters(Op::Colon, false)?;
        self.expect_op(Op::Colon, ":", Clause::Lambda)?;
        self.test()?;
        Ok(self.unsupported(start, "lambda expressions"))
    }

    pub(super) fn or_test(&mut self) -> PResult<Expr> {
        self.bool_op(Keyword::Or, BoolOp::Or)
    }

    fn bool_op(&mut self, keyword: Keyword, op: BoolOp) -> PResult<Expr> {
        let start = self.start();
        let operand = |parser: &mut Self| match op {
            BoolOp::Or => parser.bool_op(Keyword::And, BoolOp::And),
            BoolOp::And => parser.not_test(),
        };
        let first = operand(self)?;
        if !self.at_keyword(keyword) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_keyword(keyword) {
            values.push(operand(self)?);
        }
        Ok(self.expr(start, ExprKind::BoolOp { op, values }))
    }

    fn not_test(&mut self) -> PResult<Expr> {
        if !self.at_keyword(Keyword::Not) {
            return self.comparison();
        }
        let start = self.start();
        self.bump();
        let operand = self.nested(Self::not_test)?;
        Ok(self.expr(
            start,
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: Box::new(operand),
            },
        ))
    }

    /// `a < b <= c`, `x is not None`, `k not in d` (chained, one node).
    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.binary(0)?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some(op) = self.comparison_operator() {
            ops.push(op);
            comparators.push(self.binary(0)?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(self.expr(
            start,
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
        ))
    }

    /// Consumes a comparison operator if one is next.
    fn comparison_operator(&mut self) -> Option<CmpOp> {
        let op = match self.kind() {
            TokenKind::Op(Op::EqEqual) => CmpOp::Eq,
            TokenKind::Op(Op::NotEqual) => CmpOp::NotEq,
            TokenKind::Op(Op::Less) => CmpOp::Lt,
            TokenKind::Op(Op::LessEqual) => CmpOp::LtE,
            TokenKind::Op(Op::Greater) => CmpOp::Gt,
            TokenKind::Op(Op::GreaterEqual) => CmpOp::GtE,
            TokenKind::Keyword(Keyword::In) => CmpOp::In,
            TokenKind::Keyword(Keyword::Is) => {
                self.bump();
                return Some(if self.eat_keyword(Keyword::Not) {
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                });
            }
            TokenKind::Keyword(Keyword::Not)
                if *self.nth_kind(1) == TokenKind::Keyword(Keyword::In) =>
            {
                self.bump();
                CmpOp::NotIn
            }
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    /// The left-associative binary operators of `BINARY_LEVELS` binding at
    /// least as tightly as `min_level`, by precedence climbing: one stack
    /// frame per operand instead of one per level, which keeps deeply
    /// parenthesized input within the stack.
    pub(super) fn binary(&mut self, min_level: usize) -> PResult<Expr> {
        let start = self.start();
        let entry_depth = self.depth;
        let mut left = self.unary()?;
        while let Some((level, op)) = self.binary_operator() {
            if level < min_level {
                break;
            }
            self.deepen()?;
            self.bump();
            let right = self.binary(level + 1)?;
            left = self.expr(
                start,
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
            );
        }
        self.depth = entry_depth;
        Ok(left)
    }

    /// The binary operator at the cursor and its level in `BINARY_LEVELS`.
    fn binary_operator(&self) -> Option<(usize, BinOp)> {
        let TokenKind::Op(token) = *self.kind() else {
            return None;
        };
        BINARY_LEVELS
            .iter()
            .enumerate()
            .find_map(|(level, operators)| {
                operators
                    .iter()
                    .find(|(candidate, _)| *candidate == token)
                    .map(|&(_, op)| (level, op))
            })
    }

    /// Unary `-`, `+`, `~` (binding looser than `**` on their right).
    fn unary(&mut self) -> PResult<Expr> {
        let op = match self.kind() {
            TokenKind::Op(Op::Minus) => UnaryOp::USub,
            TokenKind::Op(Op::Plus) => UnaryOp::UAdd,
            TokenKind::Op(Op::Tilde) => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.start();
        self.bump();
        let operand = self.nested(Self::unary)?;
        Ok(self.expr(
            start,
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
        ))
    }

    /// `a ** b`, right-associative, its right operand a unary expression
    /// (`2 ** -1`).
    fn power(&mut self) -> PResult<Expr> {
        let start = self.start();
        let base = self.await_primary()?;
        if !self.eat_op(Op::DoubleStar) {
            return Ok(base);
        }
        let exponent = self.nested(Self::unary)?;
        Ok(self.expr(
            start,
            ExprKind::BinOp {
                left: Box::new(base),
                op: BinOp::Pow,
                right: Box::new(exponent),
            },
        ))
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        if !self.at_keyword(Keyword::Await) {
            return self.primary();
        }
        let start = self.start();
        self.bump();
        self.nested(Self::await_primary)?;
        Ok(self.unsupported(start, "await expressions"))
    }

    /// An atom followed by calls, subscripts and attribute accesses.
    fn primary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let entry_depth = self.depth;
        let mut value = self.atom()?;
        loop {
            if matches!(
                self.kind(),
                TokenKind::Op(Op::LeftParen | Op::LeftBracket | Op::Dot)
            ) {
                self.deepen()?;
            }
            let kind = match self.kind() {
                TokenKind::Op(Op::LeftParen) => {
                    self.bump();
                    let (args, keywords) = self.call_arguments()?;
                    ExprKind::Call {
                        func: Box::new(value),
                        args,
                        keywords,
                    }
                }
                TokenKind::Op(Op::LeftBracket) => {
                    self.bump();
                    let index = self.subscript()?;
                    ExprKind::Subscript {
                        value: Box::new(value),
                        index: Box::new(index),
                    }
                }
                TokenKind::Op(Op::Dot) => {
                    self.bump();
                    let attr = self.expect_name(Expected::Identifier, Clause::Keyword("."))?;
                    ExprKind::Attribute {
                        value: Box::new(value),
                        attr,
                    }
                }
                _ => {
                    self.depth = entry_depth;
                    return Ok(value);
                }
            };
            value = self.expr(start, kind);
        }
    }

    pub(super) fn expr(&self, start: usize, kind: ExprKind) -> Expr {
        Expr {
            id: self.node_id(),
            kind,
            range: self.range_from(start),
        }
    }

    pub(super) fn unsupported(&self, start: usize, construct: &'static str) -> Expr {
        self.expr(start, Self::unsupported_expr(construct))
    }
}
