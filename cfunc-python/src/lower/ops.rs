//! Binary operators and comparisons with Numba's types and Python's
//! semantics (wrapping integers, floor division, raising division by zero).

use super::{DivisionCheck, FnLower, Val};
use crate::ast::{BinOp, CmpOp, Expr};
use crate::text::TextRange;
use crate::types::{self, Ty, unify};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl FnLower<'_> {
    pub(crate) fn binop(
        &mut self,
        op: BinOp,
        left: Val,
        right: Val,
        range: TextRange,
    ) -> Option<Val> {
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
            self.error(
                range,
                format!(
                    "`{}` is not defined for {} and {} in cfunc code",
                    op.symbol(),
                    left.ty,
                    right.ty
                ),
            );
            return None;
        };
        if op == BinOp::Pow {
            return self.power(left, right, ty, range);
        }
        if matches!(op, BinOp::LShift | BinOp::RShift) {
            let value = self.cast(&left, &ty, range)?;
            let amount = self.cast(&right, &types::INT64, range)?;
            let method = if op == BinOp::LShift {
                quote!(wrapping_shl)
            } else {
                quote!(wrapping_shr)
            };
            return Some(Val::new(quote!((#value).#method(#amount as u32)), ty));
        }
        let a = self.cast(&left, &ty, range)?;
        let b = self.cast(&right, &ty, range)?;
        let tokens = match (&ty, op) {
            (Ty::Int { .. }, BinOp::Add) => quote!((#a).wrapping_add(#b)),
            (Ty::Int { .. }, BinOp::Sub) => quote!((#a).wrapping_sub(#b)),
            (Ty::Int { .. }, BinOp::Mult) => quote!((#a).wrapping_mul(#b)),
            (Ty::Float { .. }, BinOp::Add) => quote!((#a + #b)),
            (Ty::Float { .. }, BinOp::Sub) => quote!((#a - #b)),
            (Ty::Float { .. }, BinOp::Mult) => quote!((#a * #b)),
            (_, BinOp::BitAnd) => quote!((#a & #b)),
            (_, BinOp::BitOr) => quote!((#a | #b)),
            (_, BinOp::BitXor) => quote!((#a ^ #b)),
            (Ty::Float { .. }, BinOp::Div) if self.division == DivisionCheck::Unchecked => {
                quote!((#a / #b))
            }
            (ty, BinOp::Div | BinOp::FloorDiv | BinOp::Mod) => {
                let name = match op {
                    BinOp::Div => "truediv",
                    BinOp::FloorDiv => "floordiv",
                    _ => "mod",
                };
                let helper = format_ident!("{name}_{}", helper_suffix(ty));
                quote!(::cfunc::__private::py::#helper(#a, #b))
            }
            _ => unreachable!("the typing rules exclude this combination"),
        };
        Some(Val::new(tokens, ty))
    }

    fn power(&mut self, left: Val, right: Val, ty: Ty, range: TextRange) -> Option<Val> {
        let tokens = match (&ty, right.ty.is_float()) {
            (Ty::Int { signed: true, .. }, _) => {
                let base = self.cast(&left, &ty, range)?;
                let exponent = self.cast(&right, &types::INT64, range)?;
                quote!(::cfunc::__private::py::pow_i64(#base, #exponent))
            }
            (Ty::Int { .. }, _) => {
                let base = self.cast(&left, &ty, range)?;
                let exponent = self.cast(&right, &types::UINT64, range)?;
                quote!(::cfunc::__private::py::pow_u64(#base, #exponent))
            }
            (Ty::Float { bits }, false) => {
                let base = self.cast(&left, &ty, range)?;
                let exponent = self.cast(&right, &types::INT64, range)?;
                let helper = format_ident!("powi_f{bits}");
                quote!(::cfunc::__private::py::#helper(#base, #exponent))
            }
            _ => {
                let base = self.cast(&left, &ty, range)?;
                let exponent = self.cast(&right, &ty, range)?;
                quote!((#base).powf(#exponent))
            }
        };
        Some(Val::new(tokens, ty))
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
        let first = self.expr(left)?;
        let mut operands = vec![first];
        for comparator in comparators {
            operands.push(self.expr(comparator)?);
        }
        let names: Vec<_> = (0..operands.len())
            .map(|k| format_ident!("__cfunc_cmp{k}"))
            .collect();
        let mut tests = Vec::new();
        for (k, op) in ops.iter().enumerate() {
            let a = Val::new(
                {
                    let n = &names[k];
                    quote!(#n)
                },
                operands[k].ty.clone(),
            );
            let b = Val::new(
                {
                    let n = &names[k + 1];
                    quote!(#n)
                },
                operands[k + 1].ty.clone(),
            );
            tests.push(self.compare(*op, &a, &b, expr.range)?);
        }
        if let ([a, b], [test]) = (operands.as_slice(), tests.as_slice()) {
            let (a, b) = (&a.tokens, &b.tokens);
            let (na, nb) = (&names[0], &names[1]);
            return Some(Val::new(
                quote!({ let #na = #a; let #nb = #b; #test }),
                Ty::Bool,
            ));
        }
        // Nest so that later operands are evaluated only when needed.
        let mut chain = tests.last().cloned().expect("at least one comparison");
        for k in (0..tests.len() - 1).rev() {
            let next = &names[k + 2];
            let next_value = &operands[k + 2].tokens;
            let test = &tests[k];
            chain = quote!((#test && { let #next = #next_value; #chain }));
        }
        let (n0, n1) = (&names[0], &names[1]);
        let (v0, v1) = (&operands[0].tokens, &operands[1].tokens);
        Some(Val::new(
            quote!({ let #n0 = #v0; let #n1 = #v1; #chain }),
            Ty::Bool,
        ))
    }

    fn compare(&mut self, op: CmpOp, a: &Val, b: &Val, range: TextRange) -> Option<TokenStream> {
        let symbol = match op {
            CmpOp::Eq => quote!(==),
            CmpOp::NotEq => quote!(!=),
            CmpOp::Lt => quote!(<),
            CmpOp::LtE => quote!(<=),
            CmpOp::Gt => quote!(>),
            CmpOp::GtE => quote!(>=),
            other => {
                self.error(
                    range,
                    format!("`{}` is not supported in cfunc code", other.symbol()),
                );
                return None;
            }
        };
        match (&a.ty, &b.ty) {
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
                let ca = self.cast(a, &common, range)?;
                let cb = self.cast(b, &common, range)?;
                Some(quote!((#ca #symbol #cb)))
            }
            (Ty::Pointer(_) | Ty::VoidPtr, Ty::Pointer(_) | Ty::VoidPtr)
                if matches!(op, CmpOp::Eq | CmpOp::NotEq) =>
            {
                let (ta, tb) = (&a.tokens, &b.tokens);
                Some(
                    quote!(((#ta as *const ::core::ffi::c_void) #symbol (#tb as *const ::core::ffi::c_void))),
                )
            }
            (x, y) => {
                self.error(
                    range,
                    format!("cannot compare {x} and {y} with `{}`", op.symbol()),
                );
                None
            }
        }
    }
}

/// `i64`, `u64`, `f64`, `f32`: the runtime helper for a result type.
pub(crate) fn helper_suffix(ty: &Ty) -> &'static str {
    match ty {
        Ty::Int { signed: false, .. } => "u64",
        Ty::Float { bits: 32 } => "f32",
        Ty::Float { .. } => "f64",
        _ => "i64",
    }
}
