//! Complex numbers, as Numba 0.68 computes them: the arithmetic operators
//! (CPython's algorithms, without the recovery of infinities that Python
//! 3.14 added), `**`, `==`/`!=`, unary `-`/`+`, `abs` (`hypot`), `.real`,
//! `.imag`, `.conjugate()`, `complex(...)` and the implicit conversions.
//!
//! Everything but the binary operators desugars here into the core of the
//! typed IR: a complex number made of two parts (`Complex`), the parts of
//! one (`ComplexPart`), and float operations on the parts. The operators
//! are the runtime's `add_complex128`, ..., `truediv_complex128` (the
//! division branches and raises `ZeroDivisionError`), `pow_complex128`
//! (CPython's `_Py_c_pow`, or a product for an exponent of `2+0j`).

use super::FnLower;
use super::expr::{Val, convert, method, runtime};
use crate::ast::{BinOp, Expr};
use crate::text::TextRange;
use crate::tir::{self, ExprKind as Op, Part};
use crate::types::{self, COMPLEX64, COMPLEX128, FLOAT32, FLOAT64, Ty};

/// A complex number of type `ty` from parts of its part type.
fn complex(re: Val, im: Val, ty: Ty) -> Val {
    Val::new(
        Op::Complex {
            re: Box::new(re),
            im: Box::new(im),
        },
        ty,
    )
}

/// The real or imaginary part of a complex value.
fn part(value: Val, part: Part) -> Val {
    let ty = value.ty.complex_part().expect("a complex value");
    Val::new(
        Op::ComplexPart {
            value: Box::new(value),
            part,
        },
        ty,
    )
}

/// A float zero of the float type `ty`.
fn zero(ty: &Ty) -> Val {
    Val::new(Op::Float(0.0), ty.clone())
}

/// `2j`: a complex128 with a `+0.0` real part.
pub(super) fn imaginary_literal(value: f64) -> Val {
    complex_literal(0.0, value)
}

/// A complex128 constant.
pub(super) fn complex_literal(re: f64, im: f64) -> Val {
    let part = |value: f64| Val::new(Op::Float(value), FLOAT64);
    complex(part(re), part(im), COMPLEX128)
}

impl FnLower<'_> {
    /// `body` of a temporary holding `value`, so that an expression is
    /// evaluated once however often `body` reads it.
    fn with_temp(&mut self, value: Val, body: impl FnOnce(Val) -> Val) -> Val {
        let temp = self.fresh_temp();
        let value_ty = value.ty.clone();
        let result = body(Val::temp(temp, value_ty));
        let ty = result.ty.clone();
        Val::new(
            Op::Block {
                lets: vec![(temp, value)],
                value: Box::new(result),
            },
            ty,
        )
    }

    /// A number converted to the complex type `to`: a real number becomes
    /// the real part (converted to the part type as Numba converts it, a
    /// bool through 0/1) with a `+0.0` imaginary part; a complex number has
    /// each part converted.
    pub(super) fn convert_to_complex(&mut self, val: Val, to: &Ty) -> Val {
        let part_ty = to.complex_part().expect("a complex target");
        if &val.ty == to {
            return val;
        }
        if val.ty.is_complex() {
            return self.with_temp(val, |z| {
                let re = convert(part(z.clone(), Part::Real), &part_ty);
                let im = convert(part(z, Part::Imag), &part_ty);
                complex(re, im, to.clone())
            });
        }
        complex(convert(val, &part_ty), zero(&part_ty), to.clone())
    }

    /// The truth value of a complex number: either part non-zero (a NaN
    /// part is true).
    pub(super) fn complex_truthy(&mut self, val: Val) -> Val {
        self.with_temp(val, |z| {
            let truthy = |value: Val| Val::new(Op::Truthy(Box::new(value)), Ty::Bool);
            Val::new(
                Op::Or(vec![
                    truthy(part(z.clone(), Part::Real)),
                    truthy(part(z, Part::Imag)),
                ]),
                Ty::Bool,
            )
        })
    }

    /// `-z`: each part negated.
    pub(super) fn complex_negate(&mut self, val: Val) -> Val {
        let ty = val.ty.clone();
        self.with_temp(val, |z| {
            let negate = |value: Val| {
                let ty = value.ty.clone();
                super::expr::unary(tir::UnaryOp::Neg, value, ty)
            };
            let re = negate(part(z.clone(), Part::Real));
            let im = negate(part(z, Part::Imag));
            complex(re, im, ty)
        })
    }

    /// `a op b` where either side is complex: both sides are converted to
    /// the complex type the operation computes in, then the runtime's
    /// operation of that type runs.
    pub(super) fn complex_binop(
        &mut self,
        op: BinOp,
        left: Val,
        right: Val,
        range: TextRange,
    ) -> Option<Val> {
        let name = match op {
            BinOp::Add => "add",
            BinOp::Sub => "sub",
            BinOp::Mult => "mul",
            BinOp::Div => "truediv",
            BinOp::Pow => "pow",
            _ => {
                return self.undefined_operator(
                    op,
                    &left,
                    &right,
                    range,
                    "(Numba does not define it for complex numbers)",
                );
            }
        };
        let Some(ty) = types::complex_arithmetic(&left.ty, &right.ty) else {
            return self.undefined_operator(op, &left, &right, range, "in cfunc code");
        };
        let a = self.cast(left, &ty, range)?;
        let b = self.cast(right, &ty, range)?;
        let function = format!("{name}_{}", tir::helper_suffix(&ty));
        Some(runtime(function, vec![a, b], ty))
    }

    /// `abs(z)`: `hypot` of the parts, in the part type (Numba's
    /// `math.hypot`, which calls the C library's `hypot`/`hypotf`).
    pub(super) fn complex_abs(&mut self, val: Val) -> Val {
        let part_ty = val.ty.complex_part().expect("a complex value");
        self.with_temp(val, |z| {
            let re = part(z.clone(), Part::Real);
            let im = part(z, Part::Imag);
            method(re, "hypot", vec![im], part_ty)
        })
    }

    /// `z.real`, `z.imag`, and the same of a real number (itself, and a
    /// zero of its type, as in Numba); `None` for another attribute.
    pub(super) fn number_part(&mut self, object: Val, attr: &str) -> Option<Val> {
        let selected = match attr {
            "real" => Part::Real,
            "imag" => Part::Imag,
            _ => return None,
        };
        match (&object.ty, selected) {
            (Ty::Complex { .. }, _) => Some(part(object, selected)),
            (Ty::Int { .. } | Ty::Float { .. }, Part::Real) => Some(object),
            (Ty::Int { .. } | Ty::Float { .. }, Part::Imag) => {
                let ty = object.ty.clone();
                let zero = match ty {
                    Ty::Float { .. } => zero(&ty),
                    _ => super::expr::int(0, ty.clone()),
                };
                // The object is still evaluated, for its effects.
                Some(self.with_temp(object, |_| zero))
            }
            _ => None,
        }
    }

    /// `x.conjugate()`: the imaginary part negated; a real number is its
    /// own conjugate. `None` for a value that has no such method.
    pub(super) fn conjugate(&mut self, object: Val) -> Option<Val> {
        match &object.ty {
            Ty::Complex { .. } => {
                let ty = object.ty.clone();
                Some(self.with_temp(object, |z| {
                    let im = part(z.clone(), Part::Imag);
                    let im_ty = im.ty.clone();
                    complex(
                        part(z, Part::Real),
                        super::expr::unary(tir::UnaryOp::Neg, im, im_ty),
                        ty,
                    )
                }))
            }
            Ty::Int { .. } | Ty::Float { .. } => Some(object),
            _ => None,
        }
    }

    /// `np.angle(z)`: `atan2(z.imag, z.real)` in the parts' type, returned
    /// as `float64` (so a `complex64` angle is a `float32` one widened, as
    /// in Numba); a real number's is `atan2(0.0, x)` in `float64`.
    pub(super) fn angle(&mut self, object: Val) -> Option<Val> {
        match &object.ty {
            Ty::Complex { .. } => {
                let part_ty = object.ty.complex_part().expect("a complex value");
                let angle = self.with_temp(object, |z| {
                    let re = part(z.clone(), Part::Real);
                    let im = part(z, Part::Imag);
                    method(im, "atan2", vec![re], part_ty)
                });
                Some(convert(angle, &FLOAT64))
            }
            Ty::Int { .. } | Ty::Float { .. } | Ty::Bool => {
                let x = convert(object, &FLOAT64);
                Some(method(zero(&FLOAT64), "atan2", vec![x], FLOAT64))
            }
            _ => None,
        }
    }

    /// `complex(x)` and `complex(re, im)`, typed as Numba types them:
    /// `complex64` only from `float32`s, `complex128` otherwise; `complex`
    /// of a complex number is a `complex128`. Booleans, and a complex
    /// argument beside an imaginary part, are errors (Numba rejects both).
    pub(super) fn complex_constructor(&mut self, vals: Vec<Val>, expr: &Expr) -> Option<Val> {
        if vals.is_empty() || vals.len() > 2 {
            self.error(
                expr.range,
                "`complex` takes a number, or a real and an imaginary part, in cfunc code",
            );
            return None;
        }
        let kinds: Vec<&Ty> = vals.iter().map(|val| &val.ty).collect();
        let accepted =
            |ty: &&Ty| ty.is_int() || ty.is_float() || (ty.is_complex() && kinds.len() == 1);
        if !kinds.iter().all(accepted) {
            let names: Vec<String> = kinds.iter().map(|ty| ty.to_string()).collect();
            self.error(
                expr.range,
                format!(
                    "`complex` of {} is not supported (Numba takes integers and floats, or one complex number)",
                    names.join(" and ")
                ),
            );
            return None;
        }
        let ty = if kinds.iter().all(|ty| **ty == FLOAT32) {
            COMPLEX64
        } else {
            COMPLEX128
        };
        let part_ty = ty.complex_part().expect("a complex type");
        let mut vals = vals.into_iter();
        let re = vals.next().expect("one or two arguments");
        Some(match vals.next() {
            None => self.convert_to_complex(re, &ty),
            Some(im) => complex(convert(re, &part_ty), convert(im, &part_ty), ty),
        })
    }
}
