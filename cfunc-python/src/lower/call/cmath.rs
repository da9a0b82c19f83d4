//! `cmath.*`, and NumPy's `exp`, `log`, `log10` and `sqrt` of a complex
//! number: calls into the runtime's ports of Numba's implementations, for
//! complex128 (a real argument converts to it, as Numba types it).

use super::super::FnLower;
use super::super::expr::{Val, runtime};
use crate::ast::{BinOp, Expr};
use crate::types::{COMPLEX128, FLOAT64, Ty};

impl FnLower<'_> {
    /// `cmath.<name>(...)`.
    pub(super) fn cmath_function(
        &mut self,
        name: &str,
        vals: Vec<Val>,
        expr: &Expr,
    ) -> Option<Val> {
        let qualified = format!("cmath.{name}");
        let result = match name {
            "exp" | "log" | "log10" | "sqrt" | "sin" | "cos" | "tan" | "sinh" | "cosh" | "tanh"
            | "asin" | "acos" | "atan" | "asinh" | "acosh" | "atanh" => COMPLEX128,
            "phase" => FLOAT64,
            "polar" => Ty::Tuple(vec![FLOAT64, FLOAT64]),
            "isnan" | "isinf" | "isfinite" => Ty::Bool,
            "rect" => {
                if !self.arity(&qualified, &vals, 2, expr) {
                    return None;
                }
                let mut parts = Vec::new();
                for val in vals {
                    if !(val.ty.is_numeric()) {
                        self.error(
                            expr.range,
                            format!("`cmath.rect` takes real numbers, not {}", val.ty),
                        );
                        return None;
                    }
                    parts.push(self.cast(val, &FLOAT64, expr.range)?);
                }
                return Some(runtime("rect_complex128".to_owned(), parts, COMPLEX128));
            }
            _ => {
                self.error(
                    expr.range,
                    format!("`{qualified}` is not supported in cfunc code, as in Numba (which has cmath's exp, log, log10, sqrt, the trigonometric and hyperbolic functions and their inverses, phase, polar, rect, isnan, isinf and isfinite)"),
                );
                return None;
            }
        };
        if name == "log" && vals.len() == 2 {
            // `cmath.log(z, base)` is `log(z) / log(base)`, a complex
            // division (which raises for base 1).
            let mut logs = Vec::new();
            for val in vals {
                let z = self.complex128_argument(&qualified, val, expr)?;
                logs.push(runtime("log_complex128".to_owned(), vec![z], COMPLEX128));
            }
            let [z, base] = <[Val; 2]>::try_from(logs).ok()?;
            return self.complex_binop(BinOp::Div, z, base, expr.range);
        }
        if !self.arity(&qualified, &vals, 1, expr) {
            return None;
        }
        let val = vals.into_iter().next().expect("one argument");
        let z = self.complex128_argument(&qualified, val, expr)?;
        Some(runtime(format!("{name}_complex128"), vec![z], result))
    }

    /// `np.exp`, `np.log`, `np.log10` or `np.sqrt` of a complex number.
    pub(super) fn numpy_complex_function(
        &mut self,
        name: &str,
        val: Val,
        expr: &Expr,
    ) -> Option<Val> {
        let z = self.complex128_argument(&format!("np.{name}"), val, expr)?;
        let function = match name {
            // NumPy multiplies by log10(e) where cmath divides by ln 10.
            "log10" => "np_log10_complex128".to_owned(),
            other => format!("{other}_complex128"),
        };
        Some(runtime(function, vec![z], COMPLEX128))
    }

    /// The argument of a complex function as a complex128: a complex128, or
    /// a real number converted to one. Numba computes complex64 arguments
    /// (and float32 ones, which it converts to complex64) in mixed
    /// precision, which cfunc does not reproduce yet.
    fn complex128_argument(&mut self, name: &str, val: Val, expr: &Expr) -> Option<Val> {
        match &val.ty {
            ty if *ty == COMPLEX128 => Some(val),
            Ty::Int { .. } | Ty::Bool | Ty::Float { bits: 64 } => {
                Some(self.convert_to_complex(val, &COMPLEX128))
            }
            ty @ (Ty::Complex { .. } | Ty::Float { .. }) => {
                self.error(
                    expr.range,
                    format!("`{name}` of {ty} is not supported in cfunc code yet (complex128 and float64 are)"),
                );
                None
            }
            ty => {
                self.error(expr.range, format!("`{name}` takes a number, not {ty}"));
                None
            }
        }
    }
}
