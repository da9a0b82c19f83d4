//! Expressions: names, literals, operators, attributes and subscripts.

use super::{FnLower, Val};
use crate::ast::{BoolOp, Expr, ExprKind, UnaryOp};
use crate::module::{Const, Value};
use crate::resolve::Binding;
use crate::types::{self, FLOAT64, INT64, Ty, UINT64, unify};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

impl FnLower<'_> {
    /// Lowers an expression; `None` after an error (recorded in the final
    /// pass) or while a local's type is still unknown.
    pub(crate) fn expr(&mut self, expr: &Expr) -> Option<Val> {
        let val = self.expr_untyped(expr)?;
        if self.final_pass {
            self.expr_types.insert(expr.id, val.ty.clone());
        }
        Some(val)
    }

    fn expr_untyped(&mut self, expr: &Expr) -> Option<Val> {
        match &expr.kind {
            ExprKind::Name(name) => self.name(name, expr),
            ExprKind::Int(value) => self.int_literal(*value, expr),
            ExprKind::Float(value) => Some(float_literal(*value)),
            ExprKind::Bool(value) => Some(Val::new(quote!(#value), Ty::Bool)),
            ExprKind::BinOp { left, op, right } => {
                let (left_val, right_val) = (self.expr(left)?, self.expr(right)?);
                if *op == crate::ast::BinOp::Pow
                    && left_val.ty.is_float()
                    && let Some(exponent) = small_int_literal(right)
                {
                    return Some(float_power_of_literal(left_val, exponent));
                }
                self.binop(*op, left_val, right_val, expr.range)
            }
            ExprKind::UnaryOp { op, operand } => {
                let operand = self.expr(operand)?;
                self.unary(*op, operand, expr.range)
            }
            ExprKind::BoolOp { op, values } => self.bool_op(*op, values, expr),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare_chain(left, ops, comparators, expr),
            ExprKind::IfExp { test, body, orelse } => {
                let test = self.expr(test)?;
                let test = self.truthy(&test, expr.range)?;
                let (body_val, orelse_val) = (self.expr(body)?, self.expr(orelse)?);
                let Some(ty) = unify(&body_val.ty, &orelse_val.ty) else {
                    self.error(expr.range, format!("the two branches of the conditional expression have types {} and {}, which do not unify", body_val.ty, orelse_val.ty));
                    return None;
                };
                let body_tokens = self.cast(&body_val, &ty, body.range)?;
                let orelse_tokens = self.cast(&orelse_val, &ty, orelse.range)?;
                Some(Val::new(
                    quote!((if #test { #body_tokens } else { #orelse_tokens })),
                    ty,
                ))
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords, expr),
            ExprKind::Attribute { value, attr } => self.attribute(value, attr, expr),
            ExprKind::Subscript { .. } => {
                let place = self.place(expr)?;
                Some(place.load())
            }
            ExprKind::Tuple(items) => {
                let vals: Vec<Val> = items
                    .iter()
                    .map(|item| self.expr(item))
                    .collect::<Option<_>>()?;
                let tokens = vals.iter().map(|val| &val.tokens);
                let ty = Ty::Tuple(vals.iter().map(|val| val.ty.clone()).collect());
                Some(Val::new(quote!((#(#tokens,)*)), ty))
            }
            ExprKind::None => {
                self.error(
                    expr.range,
                    "`None` is only allowed as `return None` in a function that returns void",
                );
                None
            }
            ExprKind::Str(_) | ExprKind::Bytes(_) => {
                self.error(expr.range, "strings are not values in cfunc code (only in `raise`/`assert` messages and module-level declarations)");
                None
            }
            ExprKind::List(_) => {
                self.error(
                    expr.range,
                    "lists are not supported in cfunc code; use a tuple or a carray",
                );
                None
            }
            ExprKind::Slice { .. } => {
                self.error(
                    expr.range,
                    "slices are not supported in cfunc code; index elements one at a time",
                );
                None
            }
            ExprKind::Starred(_) => {
                self.error(
                    expr.range,
                    "starred expressions are not supported in cfunc code",
                );
                None
            }
            ExprKind::Ellipsis => {
                self.error(expr.range, "`...` is not a value in cfunc code");
                None
            }
            ExprKind::Dict(_) => {
                self.error(expr.range, "dict displays are not supported in cfunc code");
                None
            }
            ExprKind::Unsupported { construct } => {
                self.error(
                    expr.range,
                    format!("{construct} are not supported in cfunc code"),
                );
                None
            }
        }
    }

    fn name(&mut self, name: &str, expr: &Expr) -> Option<Val> {
        let unassigned = || {
            format!(
                "local variable `{name}` is used before it is assigned (Python raises UnboundLocalError here)"
            )
        };
        match self.res.binding(expr.id) {
            Binding::Local(var) => {
                if self.res.maybe_unassigned.contains(&var) {
                    self.error(expr.range, unassigned());
                    return None;
                }
                return self.var_val(var);
            }
            Binding::Unassigned(_) => {
                self.error(expr.range, unassigned());
                return None;
            }
            Binding::Unreachable => return None,
            Binding::Global => {}
        }
        match self.env.values.get(name) {
            Some(Value::Const(constant)) => Some(const_val(*constant)),
            Some(Value::Opaque) => {
                self.error(expr.range, format!("`{name}` is set by module-level code that only Python runs; a cfunc cannot use it"));
                None
            }
            Some(_) => {
                self.error(
                    expr.range,
                    format!("`{name}` is not a value here (call it, or use one of its attributes)"),
                );
                None
            }
            None if matches!(name, "True" | "False") => Some(Val::new(
                if name == "True" {
                    quote!(true)
                } else {
                    quote!(false)
                },
                Ty::Bool,
            )),
            None => {
                self.error(expr.range, format!("name `{name}` is not defined"));
                None
            }
        }
    }

    fn int_literal(&mut self, value: u128, expr: &Expr) -> Option<Val> {
        if let Ok(small) = i64::try_from(value) {
            let literal = Literal::i64_suffixed(small);
            Some(Val::new(quote!(#literal), INT64))
        } else if let Ok(large) = u64::try_from(value) {
            let literal = Literal::u64_suffixed(large);
            Some(Val::new(quote!(#literal), UINT64))
        } else {
            self.error(
                expr.range,
                format!("integer literal {value} does not fit in 64 bits"),
            );
            None
        }
    }

    /// Tokens of `val` converted to `to` (Numba's implicit casts).
    pub(crate) fn cast(
        &mut self,
        val: &Val,
        to: &Ty,
        range: crate::text::TextRange,
    ) -> Option<TokenStream> {
        let tokens = &val.tokens;
        if &val.ty == to {
            return Some(tokens.clone());
        }
        let target = &to;
        match (&val.ty, to) {
            (from, Ty::Bool) if from.is_numeric() => Some(self.truthy(val, range)?),
            (Ty::Bool, to) if to.is_float() => Some(quote!((u8::from(#tokens) as #target))),
            (from, to) if from.is_numeric() && to.is_numeric() => {
                Some(quote!((#tokens as #target)))
            }
            (Ty::Tuple(froms), Ty::Tuple(tos)) if froms.len() == tos.len() => {
                let mut items = Vec::new();
                for (index, (from, to)) in froms.iter().zip(tos).enumerate() {
                    let index = syn::Index::from(index);
                    let item = Val::new(quote!(__cfunc_tuple.#index), from.clone());
                    items.push(self.cast(&item, to, range)?);
                }
                Some(quote!({ let __cfunc_tuple = #tokens; (#(#items,)*) }))
            }
            (from, to) => {
                self.error(range, format!("cannot convert {from} to {to}"));
                None
            }
        }
    }

    /// A boolean from a value, by Python's truth rules for numbers and
    /// pointers.
    pub(crate) fn truthy(
        &mut self,
        val: &Val,
        range: crate::text::TextRange,
    ) -> Option<TokenStream> {
        let tokens = &val.tokens;
        match &val.ty {
            Ty::Bool => Some(tokens.clone()),
            Ty::Int { .. } => Some(quote!((#tokens != 0))),
            Ty::Float { .. } => Some(quote!((#tokens != 0.0))),
            Ty::Pointer(_) | Ty::VoidPtr => Some(quote!((!#tokens.is_null()))),
            other => {
                self.error(
                    range,
                    format!(
                        "the truth value of {other} is ambiguous in cfunc code; compare explicitly"
                    ),
                );
                None
            }
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: Val, range: crate::text::TextRange) -> Option<Val> {
        match op {
            UnaryOp::Not => {
                let test = self.truthy(&operand, range)?;
                Some(Val::new(quote!((!#test)), Ty::Bool))
            }
            UnaryOp::USub | UnaryOp::UAdd => {
                let Some(ty) = types::negate(&operand.ty) else {
                    self.error(
                        range,
                        format!(
                            "unary `{}` is not defined for {}",
                            if op == UnaryOp::USub { "-" } else { "+" },
                            operand.ty
                        ),
                    );
                    return None;
                };
                // Numba negates an integer in its own width, then widens:
                // `-p` of the int32 -2**31 is -2**31, of the uint8 1 is 255.
                let operand = match (op, &operand.ty) {
                    (UnaryOp::USub, Ty::Int { .. }) => {
                        let tokens = &operand.tokens;
                        Val::new(quote!((#tokens).wrapping_neg()), operand.ty.clone())
                    }
                    _ => operand,
                };
                let value = self.cast(&operand, &ty, range)?;
                Some(match (op, &operand.ty) {
                    (UnaryOp::UAdd, _) | (_, Ty::Int { .. }) => Val::new(value, ty),
                    (_, Ty::Bool) => Val::new(quote!((#value).wrapping_neg()), ty),
                    _ => Val::new(quote!((-#value)), ty),
                })
            }
            UnaryOp::Invert => {
                let Some(ty) = types::invert(&operand.ty) else {
                    self.error(range, format!("`~` is not defined for {}", operand.ty));
                    return None;
                };
                // In the operand's width too: `~` of the uint8 1 is 254.
                let tokens = &operand.tokens;
                let inverted = Val::new(quote!((!#tokens)), operand.ty.clone());
                let value = self.cast(&inverted, &ty, range)?;
                Some(Val::new(value, ty))
            }
        }
    }

    fn bool_op(&mut self, op: BoolOp, values: &[Expr], expr: &Expr) -> Option<Val> {
        let vals: Vec<Val> = values
            .iter()
            .map(|value| self.expr(value))
            .collect::<Option<_>>()?;
        if vals.iter().all(|val| val.ty == Ty::Bool) {
            let tokens = vals.iter().map(|val| &val.tokens);
            return Some(match op {
                BoolOp::And => Val::new(quote!((#(#tokens)&&*)), Ty::Bool),
                BoolOp::Or => Val::new(quote!((#(#tokens)||*)), Ty::Bool),
            });
        }
        // `a or b` is `a` if `a` is true, else `b`, in their unified type.
        let mut ty = vals[0].ty.clone();
        for val in &vals[1..] {
            let Some(unified) = unify(&ty, &val.ty) else {
                self.error(
                    expr.range,
                    format!(
                        "the operands of `{}` have types {ty} and {}, which do not unify",
                        if op == BoolOp::And { "and" } else { "or" },
                        val.ty
                    ),
                );
                return None;
            };
            ty = unified;
        }
        let mut result = self.cast(vals.last().expect("at least two operands"), &ty, expr.range)?;
        for val in vals.iter().rev().skip(1) {
            let name = quote!(__cfunc_operand);
            let operand = Val::new(name.clone(), val.ty.clone());
            let test = self.truthy(&operand, expr.range)?;
            let kept = self.cast(&operand, &ty, expr.range)?;
            let value = &val.tokens;
            result = match op {
                BoolOp::Or => {
                    quote!({ let __cfunc_operand = #value; if #test { #kept } else { #result } })
                }
                BoolOp::And => {
                    quote!({ let __cfunc_operand = #value; if #test { #result } else { #kept } })
                }
            };
        }
        Some(Val::new(result, ty))
    }

    fn attribute(&mut self, value: &Expr, attr: &crate::ast::Name, expr: &Expr) -> Option<Val> {
        // Module constants: `math.pi`, `np.inf`.
        if let ExprKind::Name(module) = &value.kind
            && !self.res.is_local(module)
            && let Some(Value::Module(module_name)) = self.env.values.get(module)
        {
            if matches!(*module_name, "math" | "numpy")
                && let Some(constant) = crate::module::math_constant(&attr.id)
            {
                return Some(float_literal(constant));
            }
            self.error(
                expr.range,
                format!("`{module}.{}` is not a value cfunc code can use", attr.id),
            );
            return None;
        }
        let object = self.expr(value)?;
        match (&object.ty, attr.id.as_str()) {
            (Ty::Array { ndim, .. }, "shape") => {
                let items = (0..*ndim).map(|axis| quote!((__cfunc_shape[#axis] as i64)));
                let tokens = &object.tokens;
                Some(Val::new(
                    quote!({ let __cfunc_shape = #tokens.shape(); (#(#items,)*) }),
                    Ty::Tuple(vec![INT64; *ndim]),
                ))
            }
            (Ty::Array { .. }, "size") => {
                let tokens = &object.tokens;
                Some(Val::new(quote!((#tokens.size() as i64)), INT64))
            }
            (Ty::Array { ndim, .. }, "ndim") => {
                let ndim = *ndim as i64;
                Some(Val::new(quote!(#ndim), INT64))
            }
            (Ty::NestedArray { shape, .. }, "shape") => {
                let items = shape.iter().map(|len| *len as i64);
                Some(Val::new(
                    quote!((#(#items,)*)),
                    Ty::Tuple(vec![INT64; shape.len()]),
                ))
            }
            (Ty::NestedArray { shape, .. }, "size") => {
                let size = shape.iter().product::<usize>() as i64;
                Some(Val::new(quote!(#size), INT64))
            }
            (Ty::Record(_), _) | (Ty::Pointer(_), _) => {
                let place = self.place(expr)?;
                Some(place.load())
            }
            (Ty::Float { .. }, "real") => Some(object),
            (Ty::Float { .. }, "imag") => Some(float_literal(0.0)),
            (ty, name) => {
                self.error(
                    attr.range,
                    format!("{ty} has no attribute `{name}` in cfunc code"),
                );
                None
            }
        }
    }
}

pub(crate) fn float_literal(value: f64) -> Val {
    let tokens = if value.is_nan() {
        quote!(f64::NAN)
    } else if value == f64::INFINITY {
        quote!(f64::INFINITY)
    } else if value == f64::NEG_INFINITY {
        quote!(f64::NEG_INFINITY)
    } else {
        let literal = Literal::f64_suffixed(value);
        quote!(#literal)
    };
    Val::new(tokens, FLOAT64)
}

pub(crate) fn const_val(constant: Const) -> Val {
    match constant {
        Const::Int(value) => match i64::try_from(value) {
            Ok(small) => {
                let literal = Literal::i64_suffixed(small);
                Val::new(quote!(#literal), INT64)
            }
            Err(_) => {
                let literal = Literal::u64_suffixed(u64::try_from(value).unwrap_or(u64::MAX));
                Val::new(quote!(#literal), UINT64)
            }
        },
        Const::Float(value) => float_literal(value),
        Const::Bool(value) => Val::new(quote!(#value), Ty::Bool),
    }
}

/// An integer literal exponent small enough to unroll (`t**2`, `x**-3`).
fn small_int_literal(expr: &Expr) -> Option<i64> {
    let magnitude = |expr: &Expr| match expr.kind {
        ExprKind::Int(n) if n <= 64 => Some(n as i64),
        _ => None,
    };
    match &expr.kind {
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => magnitude(operand).map(|n| -n),
        _ => magnitude(expr),
    }
}

/// `base ** n` for a literal `n`, as straight-line multiplications in the
/// order of the runtime's square-and-multiply (so the value is the same
/// bit for bit): what Numba does for constant exponents, and as fast as
/// writing `t * t`.
fn float_power_of_literal(base: Val, exponent: i64) -> Val {
    let one = if base.ty == crate::types::FLOAT32 {
        quote!(1.0f32)
    } else {
        quote!(1.0f64)
    };
    let base_tokens = &base.tokens;
    let mut steps = Vec::new();
    let mut result: Option<TokenStream> = None;
    let mut remaining = exponent.unsigned_abs();
    let mut factor = 0usize;
    steps.push(quote!(let __cfunc_f0 = #base_tokens;));
    while remaining > 0 {
        let current = quote::format_ident!("__cfunc_f{factor}");
        if remaining & 1 == 1 {
            result = Some(match result {
                None => quote!(#current),
                Some(so_far) => quote!((#so_far * #current)),
            });
        }
        remaining >>= 1;
        if remaining > 0 {
            let next = quote::format_ident!("__cfunc_f{}", factor + 1);
            steps.push(quote!(let #next = #current * #current;));
            factor += 1;
        }
    }
    let value = result.unwrap_or_else(|| one.clone());
    // Inverting a product that is (or underflowed to) 0 raises
    // `ZeroDivisionError`, as Numba's power does under either error model;
    // versioning never lifts this check (it is not a `/` it scans).
    let value = if exponent >= 0 {
        value
    } else {
        let helper = if base.ty == crate::types::FLOAT32 {
            quote!(truediv_f32)
        } else {
            quote!(truediv_f64)
        };
        quote!(::cfunc::__private::py::#helper(#one, #value))
    };
    Val::new(quote!({ #(#steps)* #value }), base.ty)
}
