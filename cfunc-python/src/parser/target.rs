//! Assignment targets: parsing them where the grammar needs a target
//! before an `in` (`for`, comprehensions) and checking the expressions
//! that turned out to be targets (`=`, `+=`, `del`).

use super::{PResult, Parser};
use crate::ast::{Expr, ExprKind};
use crate::syntax_error::{SyntaxErrorKind, TargetOf, describe_expr};

impl Parser<'_> {
    /// `i`, `i, j`, `(a, b), *rest`: targets parsed above the comparisons so
    /// that the `in` that follows is not read as an operator.
    pub(super) fn target_list(&mut self) -> PResult<Expr> {
        self.comma_list(Self::target_element)
    }

    /// One target: `*x` or an expression without comparisons.
    pub(super) fn target_element(&mut self) -> PResult<Expr> {
        self.starred_or(|parser| parser.binary(0))
    }

    /// Reports a target of `=`, `for`, `del` or a comprehension that cannot
    /// be assigned to (the statement itself is kept).
    pub(super) fn check_target(&mut self, target: &Expr, target_of: TargetOf) {
        match &target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
            ExprKind::Tuple(elements) | ExprKind::List(elements) => {
                for element in elements {
                    match &element.kind {
                        ExprKind::Starred(inner) if target_of != TargetOf::Delete => {
                            self.check_target(inner, target_of);
                        }
                        _ => self.check_target(element, target_of),
                    }
                }
            }
            ExprKind::Starred(_) if target_of != TargetOf::Delete => {
                self.report(SyntaxErrorKind::LoneStarredTarget, target.range);
            }
            other => self.report(
                SyntaxErrorKind::InvalidTarget {
                    target_of,
                    found: describe_expr(other),
                },
                target.range,
            ),
        }
    }

    /// Augmented and annotated assignments take one name, attribute or
    /// subscript, never a tuple.
    pub(super) fn check_single_target(&mut self, target: &Expr, target_of: TargetOf) {
        match &target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
            other => self.report(
                SyntaxErrorKind::InvalidTarget {
                    target_of,
                    found: describe_expr(other),
                },
                target.range,
            ),
        }
    }
}
