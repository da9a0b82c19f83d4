//! `carray`/`farray`, dtypes, and array methods (`.sum()`, `.argmin()`).

use super::super::FnLower;
use super::super::expr::Val;
use super::numpy_cast;
use crate::ast::{Expr, ExprKind, Keyword};
use crate::module::Value;
use crate::tir::{ExprKind as Op, Reduction};
use crate::types::{self, Layout, Ty};

impl FnLower<'_> {
    pub(super) fn method(
        &mut self,
        object: &Expr,
        method: &str,
        args: &[Expr],
        expr: &Expr,
    ) -> Option<Val> {
        let val = self.place(object)?.load();
        let reduction = match &val.ty {
            Ty::Array { .. } | Ty::NestedArray { .. } => Reduction::method_named(method),
            _ => None,
        };
        if !args.is_empty() {
            let message = if reduction.is_some() {
                format!(
                    "`.{method}()` reduces the whole array in cfunc code: it takes no `axis` or other arguments"
                )
            } else {
                format!("`.{method}()` takes no arguments in cfunc code")
            };
            self.error(expr.range, message);
            return None;
        }
        if let Some(reduction) = reduction {
            return self.reduce(reduction, val, &format!(".{method}()"), expr);
        }
        match (&val.ty, method) {
            (Ty::Array { .. }, "copy") => self.copy_array(val, Some(Layout::C), ".copy()", expr),
            (Ty::Complex { .. } | Ty::Int { .. } | Ty::Float { .. }, "conjugate") => {
                self.conjugate(val)
            }
            (ty, method) => {
                self.error(
                    expr.range,
                    format!("{ty} has no method `{method}` in cfunc code"),
                );
                None
            }
        }
    }

    /// A reduction of a whole view or nested array; `name` is how the code
    /// wrote it (`.sum()`, `np.argmin`).
    pub(super) fn reduce(
        &mut self,
        reduction: Reduction,
        array: Val,
        name: &str,
        expr: &Expr,
    ) -> Option<Val> {
        let (Ty::Array { dtype, .. } | Ty::NestedArray { dtype, .. }) = &array.ty else {
            self.error(
                expr.range,
                format!("`{name}` takes an array in cfunc code, not {}", array.ty),
            );
            return None;
        };
        let Some(ty) = types::reduction_type(reduction, dtype) else {
            self.error(
                expr.range,
                format!("`{name}` of an array of {dtype} is not supported in cfunc code"),
            );
            return None;
        };
        Some(Val::new(
            Op::Reduce {
                reduction,
                array: Box::new(array),
            },
            ty,
        ))
    }

    /// `carray(ptr, shape)`, `carray(ptr, shape, dtype)`.
    pub(super) fn carray(
        &mut self,
        layout: Layout,
        args: &[Expr],
        keywords: &[Keyword],
        expr: &Expr,
    ) -> Option<Val> {
        let name = if layout == Layout::C {
            "carray"
        } else {
            "farray"
        };
        let dtype_expr = keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "dtype"))
            .map(|k| &k.value)
            .or(args.get(2));
        if let Some(keyword) = keywords.iter().find(|k| {
            !k.arg
                .as_ref()
                .is_some_and(|a| a.id == "dtype" || a.id == "shape")
        }) {
            self.error(
                keyword.range,
                format!("`{name}` takes a pointer, a shape and an optional dtype"),
            );
            return None;
        }
        let shape_expr = keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "shape"))
            .map(|k| &k.value)
            .or(args.get(1));
        let (Some(pointer_expr), Some(shape_expr)) = (args.first(), shape_expr) else {
            self.error(expr.range, format!("`{name}` takes a pointer and a shape"));
            return None;
        };
        let pointer = self.expr(pointer_expr)?;
        let shape = self.expr(shape_expr)?;
        let dims: Vec<Ty> = match &shape.ty {
            Ty::Tuple(items) => items.clone(),
            ty if ty.is_integral() => vec![ty.clone()],
            other => {
                self.error(
                    shape_expr.range,
                    format!("a shape is an integer or a tuple of integers, not {other}"),
                );
                return None;
            }
        };
        if dims.iter().any(|dim| !dim.is_int()) || dims.is_empty() || dims.len() > 6 {
            self.error(
                shape_expr.range,
                "a shape is an integer or a tuple of 1 to 6 integers",
            );
            return None;
        }
        let dtype = match dtype_expr {
            Some(dtype_expr) => Some(self.dtype(dtype_expr)?),
            None => None,
        };
        let ndim = dims.len();
        let (element, dtype) = match (&pointer.ty, dtype) {
            (Ty::Pointer(target), None) => ((**target).clone(), None),
            (Ty::Pointer(target), Some(dtype)) if **target == dtype => (dtype, None),
            (Ty::VoidPtr, Some(dtype)) => (dtype.clone(), Some(dtype)),
            (Ty::VoidPtr, None) => {
                self.error(expr.range, format!("`{name}` of a voidptr needs its dtype, as in Numba: `{name}(ptr, shape, np.float64)`"));
                return None;
            }
            (Ty::Pointer(target), Some(dtype)) => {
                self.error(
                    expr.range,
                    format!("the dtype {dtype} does not match the pointer's element type {target}"),
                );
                return None;
            }
            (other, _) => {
                self.error(
                    pointer_expr.range,
                    format!("`{name}` takes a pointer (CPointer or voidptr), not {other}"),
                );
                return None;
            }
        };
        Some(Val::new(
            Op::View {
                layout,
                pointer: Box::new(pointer),
                shape: Box::new(shape),
                dtype,
            },
            Ty::Array {
                dtype: Box::new(element),
                ndim,
                layout,
            },
        ))
    }

    /// A dtype argument: `np.float64`, `types.float64`, a record type.
    pub(super) fn dtype(&mut self, expr: &Expr) -> Option<Ty> {
        let found = match &expr.kind {
            ExprKind::Name(name) => match self.global(name) {
                Some(Value::TypeObj(obj)) => Some(obj.ty()),
                _ => None,
            },
            ExprKind::Attribute { value, attr } => match &value.kind {
                ExprKind::Name(module) => match self.global(module) {
                    Some(Value::Module(module)) => numpy_cast(module, &attr.id),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        if found.is_none() {
            self.error(
                expr.range,
                "a dtype is a Numba or NumPy type (`np.float64`, `types.int32`) or a record type",
            );
        }
        found
    }
}
