//! Array expressions: NumPy's ufuncs over arrays and scalars (`a * 2.0`,
//! `a > 0`, `-a`, `~mask`, `np.sqrt(a)`, `np.where(mask, a, 0.0)`).
//!
//! Typed as Numba types them: the first of the ufunc's NumPy loops that
//! every operand casts to safely, where an integer may go to any float
//! when the operands mix integers and floats (`numba.np.numpy_support.
//! ufunc_find_matching_loop`); a scalar counts as its own type (a literal
//! int is int64).
//!
//! Computed as Numba computes them, under NumPy's error model (a division
//! by zero gives inf, nan or 0, no raise). An expression of operators and
//! ufuncs is one kernel (Numba's array-expression rewrite): an operator
//! computes Python's scalar operation on the elements in their own types
//! (`int32 + int32` in int64), a ufunc call its NumPy loop on the values
//! it is given, and only the whole expression's element is converted to
//! the array's dtype. The in-place operators (`a //= b`) and the ufuncs'
//! own loops (`np.floor_divide`) work in the loop's type instead.

use super::expr::Val;
use super::{DivisionCheck, FnLower};
use crate::ast::{BinOp, CmpOp, Expr, UnaryOp};
use crate::text::TextRange;
use crate::tir::ExprKind as Op;
use crate::types::{FLOAT32, FLOAT64, Layout, Ty};

/// The loops of each kind of ufunc, as NumPy lists them (its type codes,
/// without float16, long double, complex and object loops).
const NUMERIC_WITH_BOOL: &[&str] = &[
    "?", "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d",
];
const NUMERIC: &[&str] = &["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"];
const INTEGER_WITH_BOOL: &[&str] = &["?", "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q"];
const FLOATS: &[&str] = &["f", "d"];

/// The NumPy functions that are ufuncs of one argument over arrays, with
/// their loops and whether they give bools.
fn unary_ufunc(name: &str) -> Option<(&'static [&'static str], bool)> {
    Some(match name {
        "sqrt" | "exp" | "log" | "log10" | "log2" | "expm1" | "log1p" | "sin" | "cos" | "tan"
        | "arcsin" | "arccos" | "arctan" | "sinh" | "cosh" | "tanh" | "arcsinh" | "arccosh"
        | "arctanh" | "exp2" | "cbrt" | "rint" | "fabs" | "deg2rad" | "rad2deg" | "degrees"
        | "radians" => (FLOATS, false),
        "floor" | "ceil" | "trunc" => (FLOATS, false),
        "isnan" | "isinf" | "isfinite" => (NUMERIC_WITH_BOOL, true),
        "abs" | "absolute" => (NUMERIC_WITH_BOOL, false),
        "negative" | "sign" | "square" => (NUMERIC, false),
        "logical_not" => (NUMERIC_WITH_BOOL, true),
        _ => return None,
    })
}

/// The NumPy functions that are ufuncs of two arguments over arrays.
fn binary_ufunc(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "minimum" | "maximum" | "add" | "multiply" => NUMERIC_WITH_BOOL,
        "subtract" => NUMERIC,
        "divide" | "true_divide" | "arctan2" | "hypot" => FLOATS,
        "floor_divide" | "remainder" | "mod" | "power" => NUMERIC,
        _ => return None,
    })
}

/// The type a NumPy type code stands for (on a 64-bit Linux).
fn code_type(code: &str) -> Ty {
    let int = |signed, bits| Ty::Int { signed, bits };
    match code {
        "?" => Ty::Bool,
        "b" => int(true, 8),
        "B" => int(false, 8),
        "h" => int(true, 16),
        "H" => int(false, 16),
        "i" => int(true, 32),
        "I" => int(false, 32),
        "l" | "q" => int(true, 64),
        "L" | "Q" => int(false, 64),
        "f" => FLOAT32,
        _ => FLOAT64,
    }
}

/// How a kernel computes on its operands' elements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kernel {
    /// Python's operator on the elements in their own types (an array
    /// expression's operator).
    Operator,
    /// NumPy's loop: the elements converted to the loop's type, the result
    /// in that type (a ufunc call in an expression).
    Loop,
    /// NumPy's loop into an existing array (an in-place operator), whose
    /// operands are arrays already: an array expression among them is
    /// stored in its dtype first.
    InPlace,
}

/// NumPy's `can_cast(from, to, "safe")` over the types above, with Numba's
/// exception: when the operands mix integers and floats, any integer goes
/// to any float.
fn can_cast(from: &Ty, to: &Ty, mixed: bool) -> bool {
    match (from, to) {
        _ if from == to => true,
        (Ty::Bool, _) => true,
        (Ty::Int { .. }, Ty::Float { .. }) if mixed => true,
        (
            Ty::Int { signed: true, bits },
            Ty::Int {
                signed: true,
                bits: to,
            },
        ) => bits <= to,
        (
            Ty::Int {
                signed: false,
                bits,
            },
            Ty::Int { signed, bits: to },
        ) => {
            if *signed {
                bits < to
            } else {
                bits <= to
            }
        }
        (Ty::Int { bits, .. }, Ty::Float { bits: 32 }) => *bits <= 16,
        (Ty::Int { .. }, Ty::Float { .. }) => true,
        (Ty::Float { bits }, Ty::Float { bits: to }) => bits <= to,
        _ => false,
    }
}

/// The first loop whose input types every operand casts to.
fn find_loop(loops: &[&str], inputs: &[Ty]) -> Option<Ty> {
    let mixed = inputs.iter().any(Ty::is_int) && inputs.iter().any(Ty::is_float);
    loops
        .iter()
        .map(|code| code_type(code))
        .find(|loop_ty| inputs.iter().all(|input| can_cast(input, loop_ty, mixed)))
}

/// The element type of an operand: an array's dtype, or the scalar's type.
fn element_type(val: &Val) -> &Ty {
    match &val.ty {
        Ty::Array { dtype, .. } => dtype,
        ty => ty,
    }
}

/// Whether `np.<name>` of `count` arguments, some of them arrays, is an
/// array expression here (`np.where` of any count, which reports a wrong
/// one).
pub(super) fn is_array_function(name: &str, count: usize) -> bool {
    name == "where"
        || (count == 1 && unary_ufunc(name).is_some())
        || (count == 2 && binary_ufunc(name).is_some())
}

/// The two operands of a binary operation's element.
fn pair(items: Vec<Val>) -> Option<(Val, Val)> {
    let [left, right] = <[Val; 2]>::try_from(items).ok()?;
    Some((left, right))
}

impl FnLower<'_> {
    /// Whether any of these operands is an array: the operation is then an
    /// array expression.
    pub(super) fn any_array(vals: &[&Val]) -> bool {
        vals.iter().any(|val| matches!(val.ty, Ty::Array { .. }))
    }

    /// `left op right` with an array operand.
    pub(super) fn array_binop(
        &mut self,
        op: BinOp,
        left: Val,
        right: Val,
        kernel: Kernel,
        range: TextRange,
    ) -> Option<Val> {
        let loops = match op {
            BinOp::Add | BinOp::Mult => NUMERIC_WITH_BOOL,
            BinOp::Sub | BinOp::FloorDiv | BinOp::Mod | BinOp::Pow => NUMERIC,
            BinOp::Div => FLOATS,
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => INTEGER_WITH_BOOL,
            _ => {
                self.error(
                    range,
                    format!(
                        "`{}` of arrays is not supported in cfunc code yet (array expressions take + - * / // % ** & | ^, comparisons and NumPy's math functions)",
                        op.symbol()
                    ),
                );
                return None;
            }
        };
        self.ufunc(
            loops,
            false,
            vec![left, right],
            kernel,
            range,
            |lower, items| {
                let (left, right) = pair(items)?;
                match kernel {
                    Kernel::Operator => lower.binop(op, left, right, range),
                    Kernel::Loop | Kernel::InPlace => lower.numpy_loop(op, left, right, range),
                }
            },
        )
    }

    /// NumPy's loop for `op` on two elements of the loop's type: its own
    /// `floor_divide`, `remainder` and `power`, which work in the loop's
    /// width, or the scalar operation for the others.
    fn numpy_loop(&mut self, op: BinOp, left: Val, right: Val, range: TextRange) -> Option<Val> {
        let name = match op {
            BinOp::FloorDiv => "floor_divide",
            BinOp::Mod => "remainder",
            BinOp::Pow => "power",
            _ => return self.binop(op, left, right, range),
        };
        let ty = left.ty.clone();
        let scalar = ty
            .scalar_name()
            .expect("NumPy's loops are of ints and floats");
        let function = format!("{name}_{scalar}");
        Some(super::expr::runtime(function, vec![left, right], ty))
    }

    /// `left op right` of comparisons with an array operand: a bool array.
    pub(super) fn array_compare(
        &mut self,
        op: CmpOp,
        left: Val,
        right: Val,
        range: TextRange,
    ) -> Option<Val> {
        self.ufunc(
            NUMERIC_WITH_BOOL,
            true,
            vec![left, right],
            Kernel::Operator,
            range,
            |lower, items| {
                let (left, right) = pair(items)?;
                lower.compare(op, left, right, range)
            },
        )
    }

    /// `-a`, `+a`, `~a` of an array.
    pub(super) fn array_unary(
        &mut self,
        op: UnaryOp,
        operand: Val,
        range: TextRange,
    ) -> Option<Val> {
        let loops = match op {
            UnaryOp::USub | UnaryOp::UAdd => NUMERIC,
            UnaryOp::Invert => INTEGER_WITH_BOOL,
            UnaryOp::Not => {
                self.error(
                    range,
                    "`not` of an array is ambiguous (as in NumPy); use `~a` or `np.logical_not(a)`",
                );
                return None;
            }
        };
        self.ufunc(
            loops,
            false,
            vec![operand],
            Kernel::Operator,
            range,
            |lower, mut items| {
                let item = items.pop()?;
                match (op, &item.ty) {
                    // NumPy's `~` of bools is logical negation.
                    (UnaryOp::Invert, Ty::Bool) => {
                        Some(Val::new(Op::Not(Box::new(item)), Ty::Bool))
                    }
                    _ => lower.unary(op, item, range),
                }
            },
        )
    }

    /// `np.<name>(...)` of arrays, for a `name` and argument count that
    /// [`is_array_function`] accepts.
    pub(super) fn array_function(
        &mut self,
        name: &str,
        vals: Vec<Val>,
        expr: &Expr,
    ) -> Option<Val> {
        let range = expr.range;
        if name == "where" {
            return self.array_where(vals, expr);
        }
        if let Some((loops, gives_bool)) = unary_ufunc(name) {
            return self.ufunc(
                loops,
                gives_bool,
                vals,
                Kernel::Loop,
                range,
                |lower, items| {
                    let function = match name {
                        "absolute" => "abs",
                        other => other,
                    };
                    if function == "logical_not" {
                        let item = items.into_iter().next()?;
                        let test = lower.truthy(item, range)?;
                        return Some(Val::new(Op::Not(Box::new(test)), Ty::Bool));
                    }
                    lower.library_function("numpy", function, items, expr)
                },
            );
        }
        let loops = binary_ufunc(name)
            .unwrap_or_else(|| unreachable!("`is_array_function` accepted `np.{name}`"));
        self.ufunc(loops, false, vals, Kernel::Loop, range, |lower, items| {
            let (left, right) = pair(items)?;
            let op = match name {
                "add" => BinOp::Add,
                "subtract" => BinOp::Sub,
                "multiply" => BinOp::Mult,
                "divide" | "true_divide" => BinOp::Div,
                "floor_divide" => BinOp::FloorDiv,
                "remainder" | "mod" => BinOp::Mod,
                "power" => BinOp::Pow,
                other => return lower.library_function("numpy", other, vec![left, right], expr),
            };
            lower.numpy_loop(op, left, right, range)
        })
    }

    /// `np.where(condition, x, y)` of arrays: elements of `x` where the
    /// condition holds, else of `y`, in the type both promote to.
    fn array_where(&mut self, vals: Vec<Val>, expr: &Expr) -> Option<Val> {
        let range = expr.range;
        let [condition, x, y] = <[Val; 3]>::try_from(vals).ok().or_else(|| {
            self.error(
                range,
                "`np.where` of arrays takes a condition and two values in cfunc code",
            );
            None
        })?;
        if !self.elements_supported(&[&condition, &x, &y], range) {
            return None;
        }
        let (x_ty, y_ty) = (element_type(&x).clone(), element_type(&y).clone());
        let Some(result) =
            crate::types::unify(&x_ty, &y_ty).filter(|ty| ty.is_number() || *ty == Ty::Bool)
        else {
            self.error(
                range,
                format!("`np.where` of {x_ty} and {y_ty} is not supported in cfunc code"),
            );
            return None;
        };
        // `np.where` is a function of arrays, not part of a kernel: an
        // operand that is an array expression is stored in its dtype first.
        self.elementwise(
            vec![condition, x, y],
            result.clone(),
            false,
            range,
            |lower, mut items| {
                let y = items.pop()?;
                let x = items.pop()?;
                let condition = items.pop()?;
                let test = lower.truthy(condition, range)?;
                let then = lower.cast(x, &result, range)?;
                let otherwise = lower.cast(y, &result, range)?;
                Some(Val::new(
                    Op::Select {
                        test: Box::new(test),
                        then: Box::new(then),
                        otherwise: Box::new(otherwise),
                    },
                    result.clone(),
                ))
            },
        )
    }

    /// A ufunc over `operands`, typed by the loop Numba selects from
    /// `loops` for their dtypes: `build` on their elements, computed as
    /// `kernel` says (a `Loop` kernel gets the elements converted to the
    /// loop it selects for them), converted to the loop's type (bool for
    /// `gives_bool`) when stored.
    fn ufunc(
        &mut self,
        loops: &[&str],
        gives_bool: bool,
        operands: Vec<Val>,
        kernel: Kernel,
        range: TextRange,
        build: impl FnOnce(&mut Self, Vec<Val>) -> Option<Val>,
    ) -> Option<Val> {
        if !self.elements_supported(&operands.iter().collect::<Vec<_>>(), range) {
            return None;
        }
        let inputs: Vec<Ty> = operands
            .iter()
            .map(|val| element_type(val).clone())
            .collect();
        let Some(loop_ty) = find_loop(loops, &inputs) else {
            let names: Vec<String> = inputs.iter().map(Ty::to_string).collect();
            self.error(
                range,
                format!(
                    "this array expression is not supported in cfunc code for elements of {}",
                    names.join(" and ")
                ),
            );
            return None;
        };
        let dtype = if gives_bool {
            Ty::Bool
        } else {
            loop_ty.clone()
        };
        let on_kernels = kernel != Kernel::InPlace;
        self.elementwise(operands, dtype, on_kernels, range, |lower, items| {
            if kernel == Kernel::Operator {
                return build(lower, items);
            }
            // The values of a fused operand are in the kernel's types,
            // which may select another loop than the dtypes did.
            let values: Vec<Ty> = items.iter().map(|item| item.ty.clone()).collect();
            let value_loop = find_loop(loops, &values).unwrap_or(loop_ty);
            let mut cast = Vec::new();
            for item in items {
                cast.push(lower.cast(item, &value_loop, range)?);
            }
            let value = build(lower, cast)?;
            let result = if gives_bool { Ty::Bool } else { value_loop };
            lower.cast(value, &result, range)
        })
    }

    /// Whether array expressions compute on these operands' elements
    /// (ints, floats and bools); an error on `range` if not.
    fn elements_supported(&mut self, operands: &[&Val], range: TextRange) -> bool {
        let Some(bad) = operands
            .iter()
            .map(|val| element_type(val))
            .find(|ty| !(ty.is_numeric() || **ty == Ty::Bool))
        else {
            return true;
        };
        self.error(
            range,
            format!("array expressions of {bad} are not supported in cfunc code (ints, floats and bools)"),
        );
        false
    }

    /// The array of `build` applied to the operands' elements (which the
    /// caller checked with `elements_supported`), under NumPy's error
    /// model, stored as `dtype`. An operand that is itself an array
    /// expression is fused: its operands become this one's, and its element
    /// is computed in this loop (broadcasting all operands at once gives
    /// the same shape), as its kernel computes it when `on_kernels` (an
    /// enclosing kernel), else in its dtype.
    fn elementwise(
        &mut self,
        operands: Vec<Val>,
        dtype: Ty,
        on_kernels: bool,
        range: TextRange,
        build: impl FnOnce(&mut Self, Vec<Val>) -> Option<Val>,
    ) -> Option<Val> {
        let ndim = operands
            .iter()
            .map(|val| match &val.ty {
                Ty::Array { ndim, .. } => *ndim,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let mut bound = Vec::new();
        let mut items = Vec::new();
        let mut fused = Vec::new();
        for operand in operands {
            let temp = self.fresh_temp();
            match operand.kind {
                Op::Elementwise {
                    operands,
                    body,
                    kernel,
                } => {
                    let element = match kernel {
                        Some(kernel) if on_kernels => *kernel,
                        _ => *body,
                    };
                    items.push(Val::temp(temp, element.ty.clone()));
                    bound.extend(operands);
                    fused.push((temp, element));
                }
                _ => {
                    items.push(Val::temp(temp, element_type(&operand).clone()));
                    bound.push((temp, operand));
                }
            }
        }
        let division = std::mem::replace(&mut self.division, DivisionCheck::Unchecked);
        let value = build(self, items);
        self.division = division;
        let mut value = value?;
        if !fused.is_empty() {
            let ty = value.ty.clone();
            value = Val::new(
                Op::Block {
                    lets: fused,
                    value: Box::new(value),
                },
                ty,
            );
        }
        let (body, kernel) = if value.ty == dtype {
            (value, None)
        } else {
            (
                self.cast(value.clone(), &dtype, range)?,
                Some(Box::new(value)),
            )
        };
        let ty = Ty::Array {
            dtype: Box::new(dtype),
            ndim,
            layout: Layout::C,
        };
        Some(Val::new(
            Op::Elementwise {
                operands: bound,
                body: Box::new(body),
                kernel,
            },
            ty,
        ))
    }
}
