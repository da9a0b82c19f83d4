//! Python's built-in functions in cfunc code: `abs`, `min`, `max`,
//! `round`, `int`, `float`, `bool`, `len`.

use super::super::{FnLower, Val};
use crate::ast::Expr;
use crate::types::{FLOAT64, INT64, Ty, UINT64, unify};
use quote::quote;

impl FnLower<'_> {
    pub(super) fn builtin(&mut self, name: &str, vals: Vec<Val>, expr: &Expr) -> Option<Val> {
        match name {
            "abs" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let val = &vals[0];
                let tokens = &val.tokens;
                match &val.ty {
                    Ty::Int { signed: true, .. } => {
                        Some(Val::new(quote!((#tokens).wrapping_abs()), val.ty.clone()))
                    }
                    Ty::Int { .. } => Some(val.clone()),
                    Ty::Float { .. } => Some(Val::new(quote!((#tokens).abs()), val.ty.clone())),
                    Ty::Bool => Some(Val::new(quote!((#tokens as i64)), INT64)),
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
                let first = self.cast(&vals[0], &ty, expr.range)?;
                let mut steps = Vec::new();
                for val in &vals[1..] {
                    let next = self.cast(val, &ty, expr.range)?;
                    // Python keeps the first of equal (or unordered) values.
                    steps.push(if name == "min" {
                        quote!({ let __cfunc_next = #next; if __cfunc_next < __cfunc_best { __cfunc_best = __cfunc_next; } })
                    } else {
                        quote!({ let __cfunc_next = #next; if __cfunc_next > __cfunc_best { __cfunc_best = __cfunc_next; } })
                    });
                }
                Some(Val::new(
                    quote!({ let mut __cfunc_best = #first; #(#steps)* __cfunc_best }),
                    ty,
                ))
            }
            "round" => match vals.as_slice() {
                [x] => {
                    let tokens = &x.tokens;
                    match &x.ty {
                        Ty::Float { .. } => Some(Val::new(
                            quote!(::cfunc::__private::py::round_f64(#tokens as f64)),
                            INT64,
                        )),
                        ty if ty.is_integral() => Some(Val::new(quote!((#tokens as i64)), INT64)),
                        other => {
                            self.error(expr.range, format!("`round` is not defined for {other}"));
                            None
                        }
                    }
                }
                [x, digits] if x.ty.is_float() && digits.ty.is_integral() => {
                    let (tokens, digits) = (&x.tokens, &digits.tokens);
                    let target = &x.ty;
                    Some(Val::new(
                        quote!((::cfunc::__private::py::round_digits_f64(#tokens as f64, #digits as i64) as #target)),
                        x.ty.clone(),
                    ))
                }
                _ => {
                    self.error(
                        expr.range,
                        "`round` takes a number and optionally a number of digits",
                    );
                    None
                }
            },
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
                let tokens = self.cast(&vals[0], &ty, expr.range)?;
                Some(Val::new(tokens, ty))
            }
            "len" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let tokens = &vals[0].tokens;
                match &vals[0].ty {
                    Ty::Array { .. } => Some(Val::new(quote!((#tokens.shape()[0] as i64)), INT64)),
                    Ty::Tuple(items) => {
                        let len = items.len() as i64;
                        Some(Val::new(quote!(#len), INT64))
                    }
                    Ty::NestedArray { shape, .. } => {
                        let len = shape[0] as i64;
                        Some(Val::new(quote!(#len), INT64))
                    }
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
