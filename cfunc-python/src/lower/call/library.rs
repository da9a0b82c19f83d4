//! `math.*` and `np.*` functions.

use super::super::FnLower;
use super::super::expr::{Val, binary, convert, float_literal, int, method, runtime};
use crate::ast::Expr;
use crate::tir::{BinaryOp, Comparison, ExprKind as Op, Reduction};
use crate::types::{self, FLOAT64, INT64, Ty, unify};

/// The float functions whose `f64` method has the same name.
const SAME_NAMED: &[&str] = &[
    "exp", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "cbrt", "exp2", "log2", "log10",
];

/// The float functions taken from the C library, as Numba takes them:
/// Rust's `f64::asinh`, `acosh` and `atanh` are formulas of their own,
/// which differ from it in the last bit for many arguments.
const FROM_C_LIBRARY: &[&str] = &["asinh", "acosh", "atanh"];

impl FnLower<'_> {
    /// `math.exp(x)`, `np.sqrt(x)`, ...
    pub(crate) fn library_function(
        &mut self,
        module: &str,
        name: &str,
        vals: Vec<Val>,
        expr: &Expr,
    ) -> Option<Val> {
        if module == "numpy"
            && super::super::ufunc::is_array_function(name, vals.len())
            && Self::any_array(&vals.iter().collect::<Vec<_>>())
        {
            return self.array_function(name, vals, expr);
        }
        if module == "cmath" {
            return self.cmath_function(name, vals, expr);
        }
        if module == "numpy"
            && matches!(name, "exp" | "log" | "log10" | "sqrt")
            && let [val] = vals.as_slice()
            && val.ty.is_complex()
        {
            let val = vals.into_iter().next().expect("one argument");
            return self.numpy_complex_function(name, val, expr);
        }
        let qualified = format!("{}.{name}", if module == "numpy" { "np" } else { module });
        let unary_method = match name {
            "exp" | "sqrt" | "sin" | "cos" | "tan" | "sinh" | "cosh" | "tanh" | "cbrt" | "exp2"
            | "log2" | "log10" => SAME_NAMED.iter().find(|method| **method == name).copied(),
            "log" => Some("ln"),
            "log1p" => Some("ln_1p"),
            "expm1" => Some("exp_m1"),
            "asin" | "arcsin" => Some("asin"),
            "acos" | "arccos" => Some("acos"),
            "atan" | "arctan" => Some("atan"),
            "asinh" | "arcsinh" => Some("asinh"),
            "acosh" | "arccosh" => Some("acosh"),
            "atanh" | "arctanh" => Some("atanh"),
            "fabs" => Some("abs"),
            "degrees" | "rad2deg" => Some("to_degrees"),
            "radians" | "deg2rad" => Some("to_radians"),
            _ => None,
        };
        if let Some(method_name) = unary_method {
            if !self.arity(&qualified, &vals, 1, expr) {
                return None;
            }
            let ty = self.float_argument(&qualified, &vals[0], expr)?;
            let val = vals.into_iter().next().expect("one argument");
            let value = self.cast(val, &ty, expr.range)?;
            if FROM_C_LIBRARY.contains(&method_name) {
                let function = format!("{method_name}_{}", crate::tir::helper_suffix(&ty));
                return Some(runtime(function, vec![value], ty));
            }
            return Some(method(value, method_name, vec![], ty));
        }
        if module == "numpy"
            && let Some(reduction) = Reduction::named(name)
        {
            if vals.len() != 1 {
                self.error(
                    expr.range,
                    format!("`{qualified}` reduces the whole array in cfunc code: it takes one array, no `axis` or other arguments"),
                );
                return None;
            }
            let array = vals.into_iter().next().expect("one argument");
            return self.reduce(reduction, array, &qualified, expr);
        }
        let mut vals = vals;
        match name {
            "erf" | "erfc" | "gamma" | "lgamma" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let ty = self.float_argument(&qualified, &vals[0], expr)?;
                let value = self.cast(vals.remove(0), &FLOAT64, expr.range)?;
                let value = runtime(format!("{name}_f64"), vec![value], FLOAT64);
                Some(convert(value, &ty))
            }
            "floor" | "ceil" | "trunc" | "rint" | "round" if vals.len() == 1 => {
                let val = vals.remove(0);
                let rounding = match name {
                    "rint" | "round" => "round_ties_even",
                    "floor" => "floor",
                    "ceil" => "ceil",
                    _ => "trunc",
                };
                match val.ty.clone() {
                    // `math.floor` returns an int.
                    Ty::Float { .. } if module == "math" => {
                        let ty = val.ty.clone();
                        Some(convert(method(val, rounding, vec![], ty), &INT64))
                    }
                    ty @ Ty::Float { .. } => Some(method(val, rounding, vec![], ty)),
                    // Numba's `math.floor` of an int goes through float64, so
                    // an int64 above 2**53 comes back rounded (2**53 + 1 gives
                    // 2**53); NumPy's keeps the int.
                    ty if ty.is_integral() && module == "math" => {
                        Some(convert(convert(val, &FLOAT64), &INT64))
                    }
                    ty if ty.is_integral() => Some(convert(val, &INT64)),
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
                let val = vals.remove(0);
                match (&val.ty, name) {
                    (Ty::Float { .. }, _) => {
                        let test = match name {
                            "isnan" => "is_nan",
                            "isinf" => "is_infinite",
                            _ => "is_finite",
                        };
                        Some(method(val, test, vec![], Ty::Bool))
                    }
                    (ty, "isfinite") if ty.is_integral() => {
                        Some(Val::new(Op::Bool(true), Ty::Bool))
                    }
                    (ty, _) if ty.is_integral() => Some(Val::new(Op::Bool(false), Ty::Bool)),
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
                let b = self.cast(vals.pop().expect("two"), &ty, expr.range)?;
                let a = self.cast(vals.pop().expect("two"), &ty, expr.range)?;
                Some(match name {
                    "atan2" | "arctan2" => method(a, "atan2", vec![b], ty),
                    "hypot" => method(a, "hypot", vec![b], ty),
                    "copysign" => method(a, "copysign", vec![b], ty),
                    "fmod" => binary(BinaryOp::Rem, a, b, ty),
                    _ => method(a, "powf", vec![b], ty),
                })
            }
            "real" | "imag" | "conj" | "conjugate" | "angle" if module == "numpy" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let val = vals.remove(0);
                let ty = val.ty.clone();
                let found = match name {
                    "real" | "imag" => self.number_part(val, name),
                    "angle" => self.angle(val),
                    _ => self.conjugate(val),
                };
                if found.is_none() {
                    self.error(
                        expr.range,
                        format!("`{qualified}` takes a number, not {ty}"),
                    );
                }
                found
            }
            "abs" | "absolute" if module == "numpy" => self.builtin("abs", vals, expr),
            "minimum" | "fmin" if module == "numpy" => self.builtin("min", vals, expr),
            "maximum" | "fmax" if module == "numpy" => self.builtin("max", vals, expr),
            "sign" if module == "numpy" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let val = vals.remove(0);
                let ty = val.ty.clone();
                if !ty.is_numeric() || ty == Ty::Bool {
                    self.error(expr.range, format!("`{qualified}` is not defined for {ty}"));
                    return None;
                }
                let constant = |value: i8| {
                    if ty.is_float() {
                        convert(float_literal(f64::from(value)), &ty)
                    } else {
                        convert(int(i128::from(value), INT64), &ty)
                    }
                };
                let x = self.fresh_temp();
                let compare = |op, right: Val| {
                    Val::new(
                        Op::Compare {
                            op,
                            left: Box::new(Val::temp(x, ty.clone())),
                            right: Box::new(right),
                        },
                        Ty::Bool,
                    )
                };
                let negative = Val::new(
                    Op::Select {
                        test: Box::new(compare(Comparison::Lt, constant(0))),
                        then: Box::new(constant(-1)),
                        otherwise: Box::new(Val::temp(x, ty.clone())),
                    },
                    ty.clone(),
                );
                let sign = Val::new(
                    Op::Select {
                        test: Box::new(compare(Comparison::Gt, constant(0))),
                        then: Box::new(constant(1)),
                        otherwise: Box::new(negative),
                    },
                    ty.clone(),
                );
                Some(Val::new(
                    Op::Block {
                        lets: vec![(x, val)],
                        value: Box::new(sign),
                    },
                    ty,
                ))
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
            let message = if val.ty.is_complex()
                && let Some(function) = name.strip_prefix("math.")
            {
                format!(
                    "`{name}` takes a real number, not {} (as in Numba); `cmath.{function}` takes complex numbers",
                    val.ty
                )
            } else if val.ty.is_complex() {
                format!(
                    "`{name}` of a complex number ({}) is not supported in cfunc code yet",
                    val.ty
                )
            } else {
                format!("`{name}` takes a number, not {}", val.ty)
            };
            self.error(expr.range, message);
        }
        ty
    }
}
