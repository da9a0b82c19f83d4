//! `math.*` and `np.*` functions.

use super::super::{FnLower, Val};
use crate::ast::Expr;
use crate::types::{self, FLOAT64, INT64, Ty, unify};
use proc_macro2::{Ident, Span};
use quote::{format_ident, quote};

impl FnLower<'_> {
    /// `math.exp(x)`, `np.sqrt(x)`, ...
    pub(super) fn library_function(
        &mut self,
        module: &str,
        name: &str,
        vals: Vec<Val>,
        expr: &Expr,
    ) -> Option<Val> {
        let qualified = format!("{}.{name}", if module == "numpy" { "np" } else { module });
        let unary_method = match name {
            "exp" | "sqrt" | "sin" | "cos" | "tan" | "sinh" | "cosh" | "tanh" | "asinh"
            | "acosh" | "atanh" | "cbrt" | "exp2" | "log2" | "log10" => Some(name),
            "log" => Some("ln"),
            "log1p" => Some("ln_1p"),
            "expm1" => Some("exp_m1"),
            "asin" | "arcsin" => Some("asin"),
            "acos" | "arccos" => Some("acos"),
            "atan" | "arctan" => Some("atan"),
            "arcsinh" => Some("asinh"),
            "arccosh" => Some("acosh"),
            "arctanh" => Some("atanh"),
            "fabs" => Some("abs"),
            "degrees" | "rad2deg" => Some("to_degrees"),
            "radians" | "deg2rad" => Some("to_radians"),
            _ => None,
        };
        if let Some(method) = unary_method {
            if !self.arity(&qualified, &vals, 1, expr) {
                return None;
            }
            let ty = self.float_argument(&qualified, &vals[0], expr)?;
            let value = self.cast(&vals[0], &ty, expr.range)?;
            let method = Ident::new(method, Span::call_site());
            return Some(Val::new(quote!((#value).#method()), ty));
        }
        match name {
            "erf" | "erfc" | "gamma" | "lgamma" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let ty = self.float_argument(&qualified, &vals[0], expr)?;
                let value = self.cast(&vals[0], &FLOAT64, expr.range)?;
                let helper = format_ident!("{name}_f64");
                let target = &ty;
                Some(Val::new(
                    quote!((::cfunc::__private::py::#helper(#value) as #target)),
                    ty,
                ))
            }
            "floor" | "ceil" | "trunc" | "rint" | "round" if vals.len() == 1 => {
                let val = &vals[0];
                if module == "math" {
                    // `math.floor` returns an int.
                    let tokens = &val.tokens;
                    return match &val.ty {
                        Ty::Float { .. } => {
                            let method = Ident::new(
                                if name == "rint" || name == "round" {
                                    "round_ties_even"
                                } else {
                                    name
                                },
                                Span::call_site(),
                            );
                            Some(Val::new(quote!(((#tokens).#method() as i64)), INT64))
                        }
                        ty if ty.is_integral() => Some(Val::new(quote!((#tokens as i64)), INT64)),
                        other => {
                            self.error(
                                expr.range,
                                format!("`{qualified}` is not defined for {other}"),
                            );
                            None
                        }
                    };
                }
                let tokens = &val.tokens;
                match &val.ty {
                    Ty::Float { .. } => {
                        let method = Ident::new(
                            if name == "rint" || name == "round" {
                                "round_ties_even"
                            } else {
                                name
                            },
                            Span::call_site(),
                        );
                        Some(Val::new(quote!((#tokens).#method()), val.ty.clone()))
                    }
                    ty if ty.is_integral() => Some(Val::new(quote!((#tokens as i64)), INT64)),
                    other => {
                        self.error(
                            expr.range,
                            format!("`{qualified}` is not defined for {other}"),
                        );
                        None
                    }
                }
            }
            "isnan" | "isinf" | "isfinite" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let val = &vals[0];
                let tokens = &val.tokens;
                match (&val.ty, name) {
                    (Ty::Float { .. }, _) => {
                        let method = match name {
                            "isnan" => quote!(is_nan),
                            "isinf" => quote!(is_infinite),
                            _ => quote!(is_finite),
                        };
                        Some(Val::new(quote!((#tokens).#method()), Ty::Bool))
                    }
                    (ty, "isfinite") if ty.is_integral() => Some(Val::new(quote!(true), Ty::Bool)),
                    (ty, _) if ty.is_integral() => Some(Val::new(quote!(false), Ty::Bool)),
                    (other, _) => {
                        self.error(
                            expr.range,
                            format!("`{qualified}` is not defined for {other}"),
                        );
                        None
                    }
                }
            }
            "atan2" | "arctan2" | "hypot" | "copysign" | "pow" | "power" | "fmod" => {
                if !self.arity(&qualified, &vals, 2, expr) {
                    return None;
                }
                let ty = match (module, name) {
                    ("math", "pow") => FLOAT64,
                    _ => {
                        let a = types::float_function(&vals[0].ty);
                        let b = types::float_function(&vals[1].ty);
                        match (a, b) {
                            (Some(a), Some(b)) => unify(&a, &b)?,
                            _ => {
                                self.error(expr.range, format!("`{qualified}` takes numbers"));
                                return None;
                            }
                        }
                    }
                };
                let a = self.cast(&vals[0], &ty, expr.range)?;
                let b = self.cast(&vals[1], &ty, expr.range)?;
                let tokens = match name {
                    "atan2" | "arctan2" => quote!((#a).atan2(#b)),
                    "hypot" => quote!((#a).hypot(#b)),
                    "copysign" => quote!((#a).copysign(#b)),
                    "fmod" => quote!((#a % #b)),
                    _ => quote!((#a).powf(#b)),
                };
                Some(Val::new(tokens, ty))
            }
            "abs" | "absolute" if module == "numpy" => self.builtin("abs", vals, expr),
            "minimum" | "fmin" if module == "numpy" => self.builtin("min", vals, expr),
            "maximum" | "fmax" if module == "numpy" => self.builtin("max", vals, expr),
            "sign" if module == "numpy" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let val = &vals[0];
                let tokens = &val.tokens;
                let target = &val.ty;
                let zero = if val.ty.is_float() {
                    quote!(0.0)
                } else {
                    quote!(0)
                };
                match &val.ty {
                    ty if ty.is_numeric() && *ty != Ty::Bool => Some(Val::new(
                        quote!({ let __cfunc_x = #tokens; if __cfunc_x > #zero { 1 as #target } else if __cfunc_x < #zero { (0 as #target) - (1 as #target) } else { __cfunc_x } }),
                        val.ty.clone(),
                    )),
                    other => {
                        self.error(
                            expr.range,
                            format!("`{qualified}` is not defined for {other}"),
                        );
                        None
                    }
                }
            }
            _ => {
                self.error(
                    expr.range,
                    format!("`{qualified}` is not supported in cfunc code"),
                );
                None
            }
        }
    }

    /// The result type of a float function of `val`, or an error.
    pub(super) fn float_argument(&mut self, name: &str, val: &Val, expr: &Expr) -> Option<Ty> {
        let ty = types::float_function(&val.ty);
        if ty.is_none() {
            self.error(
                expr.range,
                format!("`{name}` takes a number, not {}", val.ty),
            );
        }
        ty
    }
}
