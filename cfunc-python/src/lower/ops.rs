//! Binary operators and comparisons with Numba's types and Python's
//! semantics (wrapping integers, floor division, raising division by zero).

use super::expr::{Val, binary, method, runtime};
use super::{DivisionCheck, FnLower};
use crate::ast::{BinOp, CmpOp, Expr};
use crate::text::TextRange;
use crate::tir::{BinaryOp, Comparison, ExprKind as Op};
use crate::types::{self, Ty, unify};

impl FnLower<'_> {
    pub(crate) fn binop(
        &mut self,
        op: BinOp,
        left: Val,
        right: Val,
        range: TextRange,
    ) -> Option<Val> {
        if Self::any_array(&[&left, &right]) {
            return self.array_binop(op, left, right, super::ufunc::Kernel::Operator, range);
        }
        if left.ty.is_complex() || right.ty.is_complex() {
            return self.complex_binop(op, left, right, range);
        }
        let rule = match op {
            BinOp::Add | BinOp::Sub | BinOp::Mult | BinOp::FloorDiv | BinOp::Mod => {
                types::arithmetic(&left.ty, &right.ty)
            }
            BinOp::Div => types::true_division(&left.ty, &right.ty),
            BinOp::Pow => types::power(&left.ty, &right.ty),
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => types::bitwise(&left.ty, &right.ty),
            BinOp::LShift | BinOp::RShift => types::shift(&left.ty, &right.ty),
            BinOp::MatMult => None,
        };
        let Some(ty) = rule else {
            return self.undefined_operator(op, &left, &right, range, "in cfunc code");
        };
        if op == BinOp::Pow {
            return self.power(left, right, ty, range);
        }
        if matches!(op, BinOp::LShift | BinOp::RShift) {
            let value = self.cast(left, &ty, range)?;
            let amount = self.cast(right, &types::INT64, range)?;
            let shift = if op == BinOp::LShift {
                BinaryOp::Shl
            } else {
                BinaryOp::Shr
            };
            return Some(binary(shift, value, amount, ty));
        }
        let a = self.cast(left, &ty, range)?;
        let b = self.cast(right, &ty, range)?;
        let checked = self.division == DivisionCheck::Raise;
        let operation = match (&ty, op) {
            (Ty::Int { .. }, BinOp::Add) => BinaryOp::WrappingAdd,
            (Ty::Int { .. }, BinOp::Sub) => BinaryOp::WrappingSub,
            (Ty::Int { .. }, BinOp::Mult) => BinaryOp::WrappingMul,
            (Ty::Float { .. }, BinOp::Add) => BinaryOp::Add,
            (Ty::Float { .. }, BinOp::Sub) => BinaryOp::Sub,
            (Ty::Float { .. }, BinOp::Mult) => BinaryOp::Mul,
            (_, BinOp::BitAnd) => BinaryOp::BitAnd,
            (_, BinOp::BitOr) => BinaryOp::BitOr,
            (_, BinOp::BitXor) => BinaryOp::BitXor,
            (Ty::Float { .. }, BinOp::Div) => BinaryOp::Div { checked },
            (ty, BinOp::Div | BinOp::FloorDiv | BinOp::Mod) => {
                let name = match (op, checked) {
                    (BinOp::Div, _) => "truediv",
                    (BinOp::FloorDiv, true) => "floordiv",
                    (BinOp::FloorDiv, false) => "floordiv_np",
                    (_, true) => "mod",
                    (_, false) => "mod_np",
                };
                let function = format!("{name}_{}", crate::tir::helper_suffix(ty));
                return Some(runtime(function, vec![a, b], ty.clone()));
            }
            _ => unreachable!("the typing rules exclude this combination"),
        };
        Some(binary(operation, a, b, ty))
    }

    /// Reports `op` as not defined for the operands' types; `why` ends the
    /// message (`in cfunc code`, or the reason Numba gives).
    pub(super) fn undefined_operator(
        &mut self,
        op: BinOp,
        left: &Val,
        right: &Val,
        range: TextRange,
        why: &str,
    ) -> Option<Val> {
        self.error(
            range,
            format!(
                "`{}` is not defined for {} and {} {why}",
                op.symbol(),
                left.ty,
                right.ty
            ),
        );
        None
    }

    fn power(&mut self, left: Val, right: Val, ty: Ty, range: TextRange) -> Option<Val> {
        let base = self.cast(left, &ty, range)?;
        let right_is_float = right.ty.is_float();
        Some(match (&ty, right_is_float) {
            (Ty::Int { signed: true, .. }, _) => {
                let exponent = self.cast(right, &types::INT64, range)?;
                // Under NumPy's error model 0 to a negative power is the
                // type's minimum, not a raise.
                let function = match self.division {
                    DivisionCheck::Raise => "pow_i64",
                    DivisionCheck::Unchecked => "power_i64",
                };
                runtime(function.to_owned(), vec![base, exponent], ty)
            }
            (Ty::Int { .. }, _) => {
                let exponent = self.cast(right, &types::UINT64, range)?;
                runtime("pow_u64".to_owned(), vec![base, exponent], ty)
            }
            (Ty::Float { bits }, false) => {
                let exponent = self.cast(right, &types::INT64, range)?;
                runtime(format!("powi_f{bits}"), vec![base, exponent], ty)
            }
            _ => {
                let exponent = self.cast(right, &ty, range)?;
                method(base, "powf", vec![exponent], ty)
            }
        })
    }

    /// `a < b <= c`: each operand evaluated once, left to right, stopping
    /// at the first false comparison.
    pub(crate) fn compare_chain(
        &mut self,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
        expr: &Expr,
    ) -> Option<Val> {
        let checked: Vec<Option<Val>> = std::iter::once(left)
            .chain(comparators)
            .map(|operand| self.expr(operand))
            .collect();
        let operands: Vec<Val> = checked.into_iter().collect::<Option<_>>()?;
        if Self::any_array(&operands.iter().collect::<Vec<_>>()) {
            let [left, right] = <[Val; 2]>::try_from(operands).ok().or_else(|| {
                self.error(
                    expr.range,
                    "a chained comparison of arrays is ambiguous (as in NumPy); compare two at a time and combine with `&`",
                );
                None
            })?;
            return self.array_compare(ops[0], left, right, expr.range);
        }
        let temps: Vec<Val> = operands
            .iter()
            .map(|operand| Val::temp(self.fresh_temp(), operand.ty.clone()))
            .collect();
        let mut tests = Vec::new();
        for (k, op) in ops.iter().enumerate() {
            tests.push(self.compare(*op, temps[k].clone(), temps[k + 1].clone(), expr.range)?);
        }
        let bind = |temp: &Val, operand: Val| {
            let Op::Temp(id) = temp.kind else {
                unreachable!("a temporary")
            };
            (id, operand)
        };
        // Nest so that later operands are evaluated only when needed.
        let mut operands = operands.into_iter();
        let (first, second) = (
            operands.next().expect("two operands"),
            operands.next().expect("two operands"),
        );
        let rest: Vec<Val> = operands.collect();
        let mut chain = tests.pop().expect("at least one comparison");
        for (k, next) in rest.into_iter().enumerate().rev() {
            let test = tests.pop().expect("one comparison per operand");
            let inner = Val::new(
                Op::Block {
                    lets: vec![bind(&temps[k + 2], next)],
                    value: Box::new(chain),
                },
                Ty::Bool,
            );
            chain = Val::new(Op::And(vec![test, inner]), Ty::Bool);
        }
        Some(Val::new(
            Op::Block {
                lets: vec![bind(&temps[0], first), bind(&temps[1], second)],
                value: Box::new(chain),
            },
            Ty::Bool,
        ))
    }

    pub(super) fn compare(&mut self, op: CmpOp, a: Val, b: Val, range: TextRange) -> Option<Val> {
        let comparison = match op {
            CmpOp::Eq => Comparison::Eq,
            CmpOp::NotEq => Comparison::NotEq,
            CmpOp::Lt => Comparison::Lt,
            CmpOp::LtE => Comparison::LtE,
            CmpOp::Gt => Comparison::Gt,
            CmpOp::GtE => Comparison::GtE,
            other => {
                self.error(
                    range,
                    format!("`{}` is not supported in cfunc code", other.symbol()),
                );
                return None;
            }
        };
        let (left, right) = match (&a.ty, &b.ty) {
            (x, y) if x.is_complex() || y.is_complex() => {
                let common = types::complex_arithmetic(x, y);
                match common {
                    Some(common) if matches!(op, CmpOp::Eq | CmpOp::NotEq) => {
                        (self.cast(a, &common, range)?, self.cast(b, &common, range)?)
                    }
                    _ => {
                        let reason = if common.is_some() {
                            " (complex numbers are not ordered)"
                        } else {
                            ""
                        };
                        self.error(
                            range,
                            format!("cannot compare {x} and {y} with `{}`{reason}", op.symbol()),
                        );
                        return None;
                    }
                }
            }
            (x, y) if x.is_numeric() && y.is_numeric() => {
                // Numba compares in the operands' common type, like NumPy:
                // a signed and an unsigned integer meet in a wider signed
                // integer, or in float64 when one is 64 bits wide (so
                // `2**63 - 1 < 2**63` is false there, as in Numba).
                let common = if x.is_float() || y.is_float() {
                    types::arithmetic(x, y)?
                } else if x == y {
                    x.clone()
                } else {
                    unify(x, y)?
                };
                (self.cast(a, &common, range)?, self.cast(b, &common, range)?)
            }
            (Ty::Pointer(_) | Ty::VoidPtr, Ty::Pointer(_) | Ty::VoidPtr)
                if matches!(op, CmpOp::Eq | CmpOp::NotEq) =>
            {
                (a, b)
            }
            (x, y) => {
                self.error(
                    range,
                    format!("cannot compare {x} and {y} with `{}`", op.symbol()),
                );
                return None;
            }
        };
        Some(Val::new(
            Op::Compare {
                op: comparison,
                left: Box::new(left),
                right: Box::new(right),
            },
            Ty::Bool,
        ))
    }
}
