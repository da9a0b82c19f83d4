//! Expressions: names, literals, operators, attributes and subscripts.

use super::FnLower;
use crate::ast::{BoolOp, Expr, ExprKind, UnaryOp};
use crate::module::{Const, Value};
use crate::resolve::Binding;
use crate::text::TextRange;
use crate::tir::{self, BinaryOp, ExprKind as Op};
use crate::types::{self, FLOAT64, INT64, Ty, UINT64, unify};

/// A checked expression.
pub(crate) type Val = tir::Expr;

impl FnLower<'_> {
    /// Checks an expression; `None` after an error (recorded in the final
    /// pass) or while a local's type is still unknown.
    pub(crate) fn expr(&mut self, expr: &Expr) -> Option<Val> {
        let val = self.expr_untyped(expr)?;
        if self.final_pass {
            self.expr_types.insert(expr.id, val.ty.clone());
        }
        Some(val)
    }

    /// Checks each expression, so that an error in each is reported; all
    /// of them, or `None`.
    pub(crate) fn exprs(&mut self, exprs: &[Expr]) -> Option<Vec<Val>> {
        let checked: Vec<Option<Val>> = exprs.iter().map(|expr| self.expr(expr)).collect();
        checked.into_iter().collect()
    }

    fn expr_untyped(&mut self, expr: &Expr) -> Option<Val> {
        match &expr.kind {
            ExprKind::Name(name) => self.name(name, expr),
            ExprKind::Int(value) => self.int_literal(*value, expr),
            ExprKind::Float(value) => Some(float_literal(*value)),
            ExprKind::Imaginary(value) => Some(super::complex::imaginary_literal(*value)),
            ExprKind::Bool(value) => Some(Val::new(Op::Bool(*value), Ty::Bool)),
            ExprKind::BinOp { left, op, right } => {
                // Both sides are checked, so that an error in each is reported.
                let (left_val, right_val) = (self.expr(left), self.expr(right));
                let (left_val, right_val) = (left_val?, right_val?);
                if *op == crate::ast::BinOp::Pow
                    && left_val.ty.is_float()
                    && let Some(exponent) = small_int_literal(right)
                {
                    return Some(self.float_power_of_literal(left_val, exponent));
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
                let test = self.truthy(test, expr.range)?;
                let (body_val, orelse_val) = (self.expr(body)?, self.expr(orelse)?);
                let Some(ty) = unify(&body_val.ty, &orelse_val.ty) else {
                    self.error(expr.range, format!("the two branches of the conditional expression have types {} and {}, which do not unify", body_val.ty, orelse_val.ty));
                    return None;
                };
                let then = self.cast(body_val, &ty, body.range)?;
                let otherwise = self.cast(orelse_val, &ty, orelse.range)?;
                Some(Val::new(
                    Op::Select {
                        test: Box::new(test),
                        then: Box::new(then),
                        otherwise: Box::new(otherwise),
                    },
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
                let vals: Vec<Val> = self.exprs(items)?;
                let ty = Ty::Tuple(vals.iter().map(|val| val.ty.clone()).collect());
                Some(Val::new(Op::Tuple(vals), ty))
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
        match self.global(name) {
            Some(Value::Const(constant)) => Some(const_val(*constant)),
            // A tuple of constants (`LIMITS = (0.5, 2.5)`, or one a factory
            // closes over), as Numba freezes a global tuple.
            Some(Value::Tuple(items)) if constant_tuple(items).is_some() => constant_tuple(items),
            Some(Value::Opaque) => {
                self.error(expr.range, format!("`{name}` is set by code that only Python runs (at the module level, or in the factory that made this cfunc); a cfunc can use only what is known at compile time: numbers, tuples, types, functions and other cfuncs"));
                None
            }
            Some(Value::PythonModule(module) | Value::PythonName(module)) => {
                let message = crate::module::python_module_error(name, module);
                self.error(expr.range, message);
                None
            }
            Some(_) => {
                self.error(
                    expr.range,
                    format!("`{name}` is not a value here (call it, or use one of its attributes)"),
                );
                None
            }
            None if matches!(name, "True" | "False") => {
                Some(Val::new(Op::Bool(name == "True"), Ty::Bool))
            }
            None => {
                self.error(expr.range, format!("name `{name}` is not defined"));
                None
            }
        }
    }

    fn int_literal(&mut self, value: u128, expr: &Expr) -> Option<Val> {
        if i64::try_from(value).is_ok() {
            Some(int(value as i128, INT64))
        } else if u64::try_from(value).is_ok() {
            Some(int(value as i128, UINT64))
        } else {
            self.error(
                expr.range,
                format!("integer literal {value} does not fit in 64 bits"),
            );
            None
        }
    }

    /// `val` converted to `to` (Numba's implicit casts).
    pub(crate) fn cast(&mut self, val: Val, to: &Ty, range: TextRange) -> Option<Val> {
        if &val.ty == to {
            return Some(val);
        }
        match (&val.ty, to) {
            (from, Ty::Bool) if from.is_number() => self.truthy(val, range),
            (from, to) if from.is_numeric() && to.is_numeric() => {
                Some(Val::new(Op::Convert(Box::new(val)), to.clone()))
            }
            (from, Ty::Complex { .. }) if from.is_number() => {
                Some(self.convert_to_complex(val, to))
            }
            (from @ Ty::Complex { .. }, to) if to.is_numeric() => {
                self.error(
                    range,
                    format!("cannot convert {from} to {to} (take `.real`, `.imag` or `abs()`)"),
                );
                None
            }
            (Ty::Tuple(froms), Ty::Tuple(tos)) if froms.len() == tos.len() => {
                let tuple = self.fresh_temp();
                let mut items = Vec::new();
                for (index, (from, to)) in froms.iter().zip(tos).enumerate() {
                    let item = Val::new(
                        Op::TupleItem(Box::new(Val::temp(tuple, val.ty.clone())), index),
                        from.clone(),
                    );
                    items.push(self.cast(item, to, range)?);
                }
                Some(Val::new(
                    Op::Block {
                        lets: vec![(tuple, val)],
                        value: Box::new(Val::new(Op::Tuple(items), to.clone())),
                    },
                    to.clone(),
                ))
            }
            (from, to) => {
                self.error(range, format!("cannot convert {from} to {to}"));
                None
            }
        }
    }

    /// A boolean from a value, by Python's truth rules for numbers and
    /// pointers.
    pub(crate) fn truthy(&mut self, val: Val, range: TextRange) -> Option<Val> {
        match &val.ty {
            Ty::Bool => Some(val),
            Ty::Int { .. } | Ty::Float { .. } | Ty::Pointer(_) | Ty::VoidPtr => {
                Some(Val::new(Op::Truthy(Box::new(val)), Ty::Bool))
            }
            Ty::Complex { .. } => Some(self.complex_truthy(val)),
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

    pub(super) fn unary(&mut self, op: UnaryOp, operand: Val, range: TextRange) -> Option<Val> {
        if Self::any_array(&[&operand]) {
            return self.array_unary(op, operand, range);
        }
        match op {
            UnaryOp::Not => {
                let test = self.truthy(operand, range)?;
                Some(Val::new(Op::Not(Box::new(test)), Ty::Bool))
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
                let operand_ty = operand.ty.clone();
                // Numba negates an integer in its own width, then widens:
                // `-p` of the int32 -2**31 is -2**31, of the uint8 1 is 255.
                let operand = match (op, &operand_ty) {
                    (UnaryOp::USub, Ty::Int { .. }) => {
                        unary(tir::UnaryOp::WrappingNeg, operand, operand_ty.clone())
                    }
                    _ => operand,
                };
                let value = self.cast(operand, &ty, range)?;
                Some(match (op, &operand_ty) {
                    (UnaryOp::UAdd, _) | (_, Ty::Int { .. }) => value,
                    (_, Ty::Complex { .. }) => self.complex_negate(value),
                    (_, Ty::Bool) => unary(tir::UnaryOp::WrappingNeg, value, ty),
                    _ => unary(tir::UnaryOp::Neg, value, ty),
                })
            }
            UnaryOp::Invert => {
                let Some(ty) = types::invert(&operand.ty) else {
                    self.error(range, format!("`~` is not defined for {}", operand.ty));
                    return None;
                };
                // In the operand's width too: `~` of the uint8 1 is 254.
                let operand_ty = operand.ty.clone();
                let inverted = unary(tir::UnaryOp::BitNot, operand, operand_ty);
                self.cast(inverted, &ty, range)
            }
        }
    }

    fn bool_op(&mut self, op: BoolOp, values: &[Expr], expr: &Expr) -> Option<Val> {
        let vals: Vec<Val> = self.exprs(values)?;
        if vals.iter().all(|val| val.ty == Ty::Bool) {
            return Some(match op {
                BoolOp::And => Val::new(Op::And(vals), Ty::Bool),
                BoolOp::Or => Val::new(Op::Or(vals), Ty::Bool),
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
        let mut vals = vals;
        let last = vals.pop().expect("at least two operands");
        let mut result = self.cast(last, &ty, expr.range)?;
        for val in vals.into_iter().rev() {
            let operand = self.fresh_temp();
            let operand_val = Val::temp(operand, val.ty.clone());
            let test = self.truthy(operand_val.clone(), expr.range)?;
            let kept = self.cast(operand_val, &ty, expr.range)?;
            let (then, otherwise) = match op {
                BoolOp::Or => (kept, result),
                BoolOp::And => (result, kept),
            };
            result = Val::new(
                Op::Block {
                    lets: vec![(operand, val)],
                    value: Box::new(Val::new(
                        Op::Select {
                            test: Box::new(test),
                            then: Box::new(then),
                            otherwise: Box::new(otherwise),
                        },
                        ty.clone(),
                    )),
                },
                ty.clone(),
            );
        }
        Some(result)
    }

    fn attribute(&mut self, value: &Expr, attr: &crate::ast::Name, expr: &Expr) -> Option<Val> {
        if let ExprKind::Name(module) = &value.kind
            && !self.res.is_local(module)
            && let Some(Value::PythonModule(path)) = self.global(module)
        {
            let full = format!("{path}.{}", attr.id);
            if let Some(constant) = self.env.constants.get(&full) {
                return Some(const_val(*constant));
            }
            let message =
                crate::module::python_module_error(&format!("{module}.{}", attr.id), &full);
            self.error(expr.range, message);
            return None;
        }
        // Module constants: `math.pi`, `np.inf`.
        if let ExprKind::Name(module) = &value.kind
            && !self.res.is_local(module)
            && let Some(Value::Module(module_name)) = self.global(module)
        {
            if matches!(*module_name, "math" | "numpy" | "cmath")
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
                let ty = Ty::Tuple(vec![INT64; *ndim]);
                Some(Val::new(Op::Shape(Box::new(object)), ty))
            }
            (Ty::Array { .. }, "size") => Some(Val::new(Op::Size(Box::new(object)), INT64)),
            (Ty::Array { .. }, "T") => Some(self.transpose(object)),
            (Ty::Array { ndim, .. }, "ndim") => Some(int(*ndim as i128, INT64)),
            (Ty::Array { ndim, .. }, "strides") => {
                let ty = Ty::Tuple(vec![INT64; *ndim]);
                Some(Val::new(Op::Strides(Box::new(object)), ty))
            }
            (Ty::Array { dtype, .. }, "itemsize") => {
                Some(Val::new(Op::ItemSize((**dtype).clone()), INT64))
            }
            (Ty::NestedArray { shape, .. }, "shape") => Some(Val::new(
                Op::Tuple(shape.iter().map(|len| int(*len as i128, INT64)).collect()),
                Ty::Tuple(vec![INT64; shape.len()]),
            )),
            (Ty::NestedArray { shape, .. }, "size") => {
                Some(int(shape.iter().product::<usize>() as i128, INT64))
            }
            (Ty::Record(_), _) | (Ty::Pointer(_), _) => {
                let place = self.place(expr)?;
                Some(place.load())
            }
            (Ty::Complex { .. } | Ty::Int { .. } | Ty::Float { .. }, "real" | "imag") => {
                self.number_part(object, &attr.id)
            }
            (ty, name) => {
                self.error(
                    attr.range,
                    format!("{ty} has no attribute `{name}` in cfunc code"),
                );
                None
            }
        }
    }

    /// `base ** n` for a literal `n`, as straight-line multiplications in
    /// the order of the runtime's square-and-multiply (so the value is the
    /// same bit for bit): what Numba does for constant exponents, and as
    /// fast as writing `t * t`.
    fn float_power_of_literal(&mut self, base: Val, exponent: i64) -> Val {
        let ty = base.ty.clone();
        let mut factor = self.fresh_temp();
        let mut lets = vec![(factor, base)];
        let mut result: Option<Val> = None;
        let mut remaining = exponent.unsigned_abs();
        while remaining > 0 {
            let current = Val::temp(factor, ty.clone());
            if remaining & 1 == 1 {
                result = Some(match result {
                    None => current.clone(),
                    Some(so_far) => binary(BinaryOp::Mul, so_far, current.clone(), ty.clone()),
                });
            }
            remaining >>= 1;
            if remaining > 0 {
                factor = self.fresh_temp();
                lets.push((
                    factor,
                    binary(BinaryOp::Mul, current.clone(), current, ty.clone()),
                ));
            }
        }
        let one = Val::new(Op::Float(1.0), ty.clone());
        let value = result.unwrap_or_else(|| one.clone());
        // Inverting a product that is (or underflowed to) 0 raises
        // `ZeroDivisionError`, as Numba's power does under either error
        // model; versioning never lifts this check (it is not a `/` it
        // scans).
        let value = if exponent >= 0 {
            value
        } else {
            runtime(
                format!("truediv_{}", tir::helper_suffix(&ty)),
                vec![one, value],
                ty.clone(),
            )
        };
        Val::new(
            Op::Block {
                lets,
                value: Box::new(value),
            },
            ty,
        )
    }
}

/// An integer constant of type `ty`.
pub(crate) fn int(value: i128, ty: Ty) -> Val {
    Val::new(Op::Int(value), ty)
}

pub(crate) fn float_literal(value: f64) -> Val {
    Val::new(Op::Float(value), FLOAT64)
}

pub(crate) fn unary(op: tir::UnaryOp, operand: Val, ty: Ty) -> Val {
    Val::new(
        Op::Unary {
            op,
            operand: Box::new(operand),
        },
        ty,
    )
}

pub(crate) fn binary(op: BinaryOp, left: Val, right: Val, ty: Ty) -> Val {
    Val::new(
        Op::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
        ty,
    )
}

pub(crate) fn method(receiver: Val, method: &'static str, args: Vec<Val>, ty: Ty) -> Val {
    Val::new(
        Op::Method {
            receiver: Box::new(receiver),
            method,
            args,
        },
        ty,
    )
}

pub(crate) fn runtime(function: String, args: Vec<Val>, ty: Ty) -> Val {
    Val::new(Op::Runtime { function, args }, ty)
}

/// `val` converted to `ty` with `as`, where a check already showed the
/// conversion is numeric (or none is needed).
pub(crate) fn convert(val: Val, ty: &Ty) -> Val {
    if &val.ty == ty {
        val
    } else {
        Val::new(Op::Convert(Box::new(val)), ty.clone())
    }
}

pub(crate) fn const_val(constant: Const) -> Val {
    match constant {
        Const::Int(value) => match i64::try_from(value) {
            Ok(small) => int(small as i128, INT64),
            Err(_) => int(u64::try_from(value).unwrap_or(u64::MAX) as i128, UINT64),
        },
        Const::Float(value) => float_literal(value),
        Const::Complex(re, im) => super::complex::complex_literal(re, im),
        Const::Bool(value) => Val::new(Op::Bool(value), Ty::Bool),
    }
}

/// A tuple of constants (nested tuples too) as a value.
fn constant_tuple(items: &[Value]) -> Option<Val> {
    let vals: Vec<Val> = items
        .iter()
        .map(|item| match item {
            Value::Const(constant) => Some(const_val(*constant)),
            Value::Tuple(inner) => constant_tuple(inner),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let ty = Ty::Tuple(vals.iter().map(|val| val.ty.clone()).collect());
    Some(Val::new(Op::Tuple(vals), ty))
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
