//! Python's built-in functions in cfunc code: `abs`, `min`, `max`,
//! `round`, `int`, `float`, `bool`, `len`.

use super::super::FnLower;
use super::super::expr::{Val, convert, int, method, runtime};
use crate::ast::Expr;
use crate::tir::{Comparison, ExprKind as Op};
use crate::types::{FLOAT64, INT64, Ty, UINT64, unify};

impl FnLower<'_> {
    pub(super) fn builtin(&mut self, name: &str, vals: Vec<Val>, expr: &Expr) -> Option<Val> {
        match name {
            "abs" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let val = vals.into_iter().next().expect("one argument");
                match val.ty.clone() {
                    ty @ Ty::Int { signed: true, .. } => {
                        Some(method(val, "wrapping_abs", vec![], ty))
                    }
                    Ty::Int { .. } => Some(val),
                    ty @ Ty::Float { .. } => Some(method(val, "abs", vec![], ty)),
                    Ty::Bool => Some(convert(val, &INT64)),
                    Ty::Complex { .. } => Some(self.complex_abs(val)),
                    other => {
                        self.error(expr.range, format!("`abs` is not defined for {other}"));
                        None
                    }
                }
            }
            "min" | "max" => {
                if vals.len() < 2 {
                    self.error(
                        expr.range,
                        format!("`{name}` takes two or more numbers in cfunc code"),
                    );
                    return None;
                }
                let mut ty = vals[0].ty.clone();
                for val in &vals[1..] {
                    match unify(&ty, &val.ty) {
                        Some(unified) if unified.is_numeric() => ty = unified,
                        _ => {
                            self.error(
                                expr.range,
                                format!("`{name}` of {ty} and {} is not defined", val.ty),
                            );
                            return None;
                        }
                    }
                }
                // Python keeps the first of equal (or unordered) values:
                // the best so far is replaced only by a strictly better one.
                let better = if name == "min" {
                    Comparison::Lt
                } else {
                    Comparison::Gt
                };
                let mut vals = vals.into_iter();
                let first = self.cast(vals.next().expect("two or more"), &ty, expr.range)?;
                let mut best = self.fresh_temp();
                let mut lets = vec![(best, first)];
                for val in vals {
                    let next = self.cast(val, &ty, expr.range)?;
                    let next_temp = self.fresh_temp();
                    lets.push((next_temp, next));
                    let (next, so_far) = (
                        Val::temp(next_temp, ty.clone()),
                        Val::temp(best, ty.clone()),
                    );
                    let test = Val::new(
                        Op::Compare {
                            op: better,
                            left: Box::new(next.clone()),
                            right: Box::new(so_far.clone()),
                        },
                        Ty::Bool,
                    );
                    best = self.fresh_temp();
                    lets.push((
                        best,
                        Val::new(
                            Op::Select {
                                test: Box::new(test),
                                then: Box::new(next),
                                otherwise: Box::new(so_far),
                            },
                            ty.clone(),
                        ),
                    ));
                }
                Some(Val::new(
                    Op::Block {
                        lets,
                        value: Box::new(Val::temp(best, ty.clone())),
                    },
                    ty,
                ))
            }
            "round" => {
                let mut vals = vals;
                match vals.as_slice() {
                    [x] if x.ty.is_float() => {
                        let x = convert(vals.remove(0), &FLOAT64);
                        Some(runtime("round_f64".to_owned(), vec![x], INT64))
                    }
                    [x] if x.ty.is_integral() => Some(convert(vals.remove(0), &INT64)),
                    [x] => {
                        self.error(expr.range, format!("`round` is not defined for {}", x.ty));
                        None
                    }
                    [x, digits] if x.ty.is_float() && digits.ty.is_integral() => {
                        let ty = x.ty.clone();
                        let digits = convert(vals.pop().expect("two"), &INT64);
                        let x = convert(vals.pop().expect("two"), &FLOAT64);
                        let rounded =
                            runtime("round_digits_f64".to_owned(), vec![x, digits], FLOAT64);
                        Some(convert(rounded, &ty))
                    }
                    _ => {
                        self.error(
                            expr.range,
                            "`round` takes a number and optionally a number of digits",
                        );
                        None
                    }
                }
            }
            "int" | "float" | "bool" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let ty = match name {
                    "int" if vals[0].ty == UINT64 => UINT64,
                    "int" => INT64,
                    "float" => FLOAT64,
                    _ => Ty::Bool,
                };
                let val = vals.into_iter().next().expect("one argument");
                self.cast(val, &ty, expr.range)
            }
            "complex" => self.complex_constructor(vals, expr),
            "len" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let val = vals.into_iter().next().expect("one argument");
                match &val.ty {
                    Ty::Array { .. } => Some(Val::new(Op::Len(Box::new(val)), INT64)),
                    Ty::Tuple(items) => Some(int(items.len() as i128, INT64)),
                    Ty::NestedArray { shape, .. } => Some(int(shape[0] as i128, INT64)),
                    other => {
                        self.error(expr.range, format!("`len` is not defined for {other}"));
                        None
                    }
                }
            }
            "range" => {
                self.error(
                    expr.range,
                    "`range` can only be looped over (`for i in range(n):`) in cfunc code",
                );
                None
            }
            "print" => {
                self.error(
                    expr.range,
                    "`print` is not supported in cfunc code: a C callback has no Python stdout",
                );
                None
            }
            _ => {
                self.error(expr.range, format!("name `{name}` is not defined"));
                None
            }
        }
    }
}
