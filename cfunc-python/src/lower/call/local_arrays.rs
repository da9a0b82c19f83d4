//! Local arrays: `np.zeros`, `np.ones`, `np.empty`, `np.full`, their
//! `_like` forms, `np.arange`, `np.linspace`, `np.copy` and `a.copy()`,
//! typed as Numba types them.

use super::super::FnLower;
use super::super::expr::{Val, int};
use crate::ast::{Expr, ExprKind, Keyword};
use crate::module::Value;
use crate::tir::{ExprKind as Op, NewArray};
use crate::types::{FLOAT64, INT64, Layout, Ty};

/// The NumPy functions that make a local array.
pub(super) fn makes_array(name: &str) -> bool {
    matches!(
        name,
        "zeros"
            | "ones"
            | "empty"
            | "full"
            | "zeros_like"
            | "ones_like"
            | "empty_like"
            | "full_like"
            | "arange"
            | "linspace"
            | "copy"
    )
}

/// The parameters of each function, in order, as NumPy names them.
fn parameters(name: &str) -> &'static [&'static str] {
    match name {
        "zeros" | "ones" | "empty" => &["shape", "dtype"],
        "full" => &["shape", "fill_value", "dtype"],
        "zeros_like" | "ones_like" | "empty_like" => &["a", "dtype"],
        "full_like" => &["a", "fill_value", "dtype"],
        "arange" => &["start", "stop", "step", "dtype"],
        "linspace" => &["start", "stop", "num"],
        _ => &["a"],
    }
}

impl FnLower<'_> {
    /// `np.<name>(args, keywords)` for a function [`makes_array`] names.
    pub(super) fn new_array(
        &mut self,
        name: &str,
        args: &[Expr],
        keywords: &[Keyword],
        expr: &Expr,
    ) -> Option<Val> {
        let qualified = format!("np.{name}");
        let parameters = parameters(name);
        let mut bound: Vec<Option<&Expr>> = vec![None; parameters.len()];
        if args.len() > parameters.len() {
            self.error(
                expr.range,
                format!(
                    "`{qualified}` takes at most {} arguments in cfunc code ({}), {} given",
                    parameters.len(),
                    parameters.join(", "),
                    args.len()
                ),
            );
            return None;
        }
        for (slot, arg) in bound.iter_mut().zip(args) {
            *slot = Some(arg);
        }
        for keyword in keywords {
            let position = keyword
                .arg
                .as_ref()
                .and_then(|arg| parameters.iter().position(|p| *p == arg.id));
            match position {
                Some(position) if bound[position].is_none() => {
                    bound[position] = Some(&keyword.value)
                }
                Some(_) => {
                    self.error(
                        keyword.range,
                        format!("`{qualified}` got this argument twice"),
                    );
                    return None;
                }
                None => {
                    let keyword_name = keyword.arg.as_ref().map_or("**", |arg| arg.id.as_str());
                    self.error(
                        keyword.range,
                        format!(
                            "`{qualified}` takes no argument `{keyword_name}` in cfunc code (it takes {})",
                            parameters.join(", ")
                        ),
                    );
                    return None;
                }
            }
        }
        let argument = |parameter: &str| {
            parameters
                .iter()
                .position(|p| *p == parameter)
                .and_then(|position| bound[position])
        };
        let dtype = match argument("dtype") {
            Some(dtype) => Some(self.array_dtype(dtype)?),
            None => None,
        };
        // `np.full` and `np.full_like` take a fill value, checked after
        // the shape or the array it is like.
        let fill = |lower: &mut Self| -> Option<Option<Val>> {
            if !name.starts_with("full") {
                return Some(None);
            }
            let Some(fill_expr) = argument("fill_value") else {
                let first = if name == "full" {
                    "a shape"
                } else {
                    "an array"
                };
                lower.error(
                    expr.range,
                    format!("`{qualified}` takes {first} and a fill value"),
                );
                return None;
            };
            Some(Some(lower.expr(fill_expr)?))
        };
        match name {
            "zeros" | "ones" | "empty" | "full" => {
                let Some(shape_expr) = argument("shape") else {
                    self.error(expr.range, format!("`{qualified}` takes a shape"));
                    return None;
                };
                let shape = self.local_shape(shape_expr)?;
                let fill = fill(self)?;
                let dtype = match (dtype, &fill) {
                    (Some(dtype), _) => dtype,
                    (None, Some(fill)) => fill.ty.clone(),
                    (None, None) => FLOAT64,
                };
                self.full(name, shape, fill, dtype, Layout::C, expr)
            }
            "zeros_like" | "ones_like" | "empty_like" | "full_like" => {
                let Some(array) = argument("a") else {
                    self.error(expr.range, format!("`{qualified}` takes an array"));
                    return None;
                };
                let array = self.expr(array)?;
                let (like, ndim, layout) = self.made_like(&array, &qualified, expr)?;
                let dtype = dtype.unwrap_or(like);
                let fill = fill(self)?;
                let shape_ty = Ty::Tuple(vec![INT64; ndim]);
                let shape = Val::new(Op::Shape(Box::new(array)), shape_ty);
                let kind = name.trim_end_matches("_like");
                self.full(kind, shape, fill, dtype, layout, expr)
            }
            "arange" => self.arange(argument, dtype, expr),
            "linspace" => {
                let (Some(start), Some(stop)) = (argument("start"), argument("stop")) else {
                    self.error(expr.range, "`np.linspace` takes a start and a stop");
                    return None;
                };
                let (start, stop) = (self.expr(start)?, self.expr(stop)?);
                let num = match argument("num") {
                    Some(num) => self.expr(num)?,
                    None => int(50, INT64),
                };
                if !num.ty.is_int() {
                    self.error(
                        expr.range,
                        "the argument \"num\" of `np.linspace` must be an integer",
                    );
                    return None;
                }
                for bound in [&start, &stop] {
                    if !bound.ty.is_numeric() {
                        self.error(
                            expr.range,
                            format!("`np.linspace` of {} is not supported in cfunc code (numbers that are not complex)", bound.ty),
                        );
                        return None;
                    }
                }
                let start = self.cast(start, &FLOAT64, expr.range)?;
                let stop = self.cast(stop, &FLOAT64, expr.range)?;
                let num = self.cast(num, &INT64, expr.range)?;
                Some(Val::new(
                    Op::NewArray(Box::new(NewArray::Linspace { start, stop, num })),
                    array_ty(FLOAT64, 1, Layout::C),
                ))
            }
            _ => {
                let Some(array) = argument("a") else {
                    self.error(expr.range, format!("`{qualified}` takes an array"));
                    return None;
                };
                let array = self.expr(array)?;
                self.copy_array(array, None, &qualified, expr)
            }
        }
    }

    /// A copy of `array`: in C order for `a.copy()` (`order` given), in the
    /// array's own order for `np.copy(a)`, as Numba makes them.
    pub(super) fn copy_array(
        &mut self,
        array: Val,
        order: Option<Layout>,
        name: &str,
        expr: &Expr,
    ) -> Option<Val> {
        let (dtype, ndim, layout) = self.made_like(&array, name, expr)?;
        let ty = array_ty(dtype, ndim, order.unwrap_or(layout));
        Some(Val::new(Op::NewArray(Box::new(NewArray::Copy(array))), ty))
    }

    /// The dtype, axes and layout of a new array made like `array` (a copy,
    /// `np.zeros_like`): Numba makes one of an `A` array in C order. An
    /// error if `array` is not an array.
    fn made_like(&mut self, array: &Val, name: &str, expr: &Expr) -> Option<(Ty, usize, Layout)> {
        let Ty::Array {
            dtype,
            ndim,
            layout,
        } = &array.ty
        else {
            self.error(
                expr.range,
                format!("`{name}` takes an array in cfunc code, not {}", array.ty),
            );
            return None;
        };
        let layout = match layout {
            Layout::A => Layout::C,
            layout => *layout,
        };
        Some(((**dtype).clone(), *ndim, layout))
    }

    /// A local array of `kind` (`zeros`, `ones`, `empty`, `full`) of
    /// `shape`, a tuple of int64s.
    fn full(
        &mut self,
        kind: &str,
        shape: Val,
        fill: Option<Val>,
        dtype: Ty,
        layout: Layout,
        expr: &Expr,
    ) -> Option<Val> {
        let Ty::Tuple(extents) = &shape.ty else {
            unreachable!("a local array's shape is a tuple")
        };
        let ndim = extents.len();
        if !dtype.is_number() && dtype != Ty::Bool {
            self.error(
                expr.range,
                format!(
                    "a local array of {dtype} is not supported in cfunc code (numbers and bools)"
                ),
            );
            return None;
        }
        let fill = match fill {
            Some(fill) => fill,
            // `np.empty` leaves memory as it was; zeros are one such value.
            None => int(i128::from(kind == "ones"), INT64),
        };
        let fill = self.cast(fill, &dtype, expr.range)?;
        Some(Val::new(
            Op::NewArray(Box::new(NewArray::Full { shape, fill })),
            array_ty(dtype, ndim, layout),
        ))
    }

    /// `np.arange(stop)`, `(start, stop)`, `(start, stop, step)`.
    fn arange<'e>(
        &mut self,
        argument: impl Fn(&str) -> Option<&'e Expr>,
        dtype: Option<Ty>,
        expr: &Expr,
    ) -> Option<Val> {
        let mut bounds = Vec::new();
        for parameter in ["start", "stop", "step"] {
            if let Some(value) = argument(parameter) {
                bounds.push(self.expr(value)?);
            }
        }
        if bounds.is_empty() {
            self.error(expr.range, "`np.arange` takes a stop");
            return None;
        }
        if let Some(bound) = bounds.iter().find(|bound| !bound.ty.is_numeric()) {
            self.error(
                expr.range,
                format!(
                    "`np.arange` of {} is not supported in cfunc code (ints and floats)",
                    bound.ty
                ),
            );
            return None;
        }
        // Numba: float64 if any bound is a float, else int64.
        let natural = if bounds.iter().any(|bound| bound.ty.is_float()) {
            FLOAT64
        } else {
            INT64
        };
        let mut bounds = bounds.into_iter();
        let (start, stop, step) = match (bounds.next(), bounds.next(), bounds.next()) {
            (Some(stop), None, None) => (int(0, INT64), stop, int(1, INT64)),
            (Some(start), Some(stop), None) => (start, stop, int(1, INT64)),
            (Some(start), Some(stop), Some(step)) => (start, stop, step),
            _ => unreachable!("one to three bounds"),
        };
        let start = self.cast(start, &natural, expr.range)?;
        let stop = self.cast(stop, &natural, expr.range)?;
        let step = self.cast(step, &natural, expr.range)?;
        let arange = Val::new(
            Op::NewArray(Box::new(NewArray::Arange { start, stop, step })),
            array_ty(natural.clone(), 1, Layout::C),
        );
        match dtype {
            None => Some(arange),
            Some(dtype) if dtype == natural => Some(arange),
            Some(dtype) if dtype.is_numeric() => Some(Val::new(
                Op::NewArray(Box::new(NewArray::Convert(arange))),
                array_ty(dtype, 1, Layout::C),
            )),
            Some(dtype) => {
                self.error(
                    expr.range,
                    format!(
                        "`np.arange` of {dtype} is not supported in cfunc code (ints and floats)"
                    ),
                );
                None
            }
        }
    }

    /// A local array's shape: an integer or a tuple of 1 to 6 integers, as
    /// a tuple of int64s.
    fn local_shape(&mut self, shape_expr: &Expr) -> Option<Val> {
        let shape = self.expr(shape_expr)?;
        let dims = match &shape.ty {
            Ty::Tuple(items) => items.len(),
            _ => 1,
        };
        let fits = match &shape.ty {
            Ty::Tuple(items) => items.iter().all(Ty::is_int),
            ty => ty.is_int(),
        };
        if !fits || dims == 0 || dims > 6 {
            self.error(
                shape_expr.range,
                format!(
                    "a local array's shape is an integer or a tuple of 1 to 6 integers in cfunc code, not {}",
                    shape.ty
                ),
            );
            return None;
        }
        let tuple = match shape.ty {
            Ty::Tuple(_) => shape,
            _ => {
                let ty = Ty::Tuple(vec![shape.ty.clone()]);
                Val::new(Op::Tuple(vec![shape]), ty)
            }
        };
        self.cast(tuple, &Ty::Tuple(vec![INT64; dims]), shape_expr.range)
    }

    /// A `dtype=` of a local array: a NumPy or Numba type, or a type's name
    /// as a string. Numba rejects Python's `int` and `float` here.
    fn array_dtype(&mut self, expr: &Expr) -> Option<Ty> {
        let named = match &expr.kind {
            ExprKind::Str(text) => {
                let found = numpy_dtype_code(text).or_else(|| super::numpy_cast("numpy", text));
                if found.is_none() {
                    self.error(expr.range, format!("\"{text}\" is not a dtype cfunc code knows (a NumPy type's name, as \"float64\")"));
                    return None;
                }
                found
            }
            _ => None,
        };
        if named.is_some() {
            return named;
        }
        if let ExprKind::Name(name) = &expr.kind
            && matches!(self.global(name), Some(Value::Module(_)))
        {
            self.error(
                expr.range,
                "a dtype is a Numba or NumPy type (`np.float64`, `types.int32`)",
            );
            return None;
        }
        self.dtype(expr)
    }
}

fn array_ty(dtype: Ty, ndim: usize, layout: Layout) -> Ty {
    Ty::Array {
        dtype: Box::new(dtype),
        ndim,
        layout,
    }
}

/// The names `np.dtype(...)` knows besides the types' own names: Python's
/// `int`, `float`, `complex` and `bool`, and the type codes (`"f8"`, `"d"`).
fn numpy_dtype_code(code: &str) -> Option<Ty> {
    let int = |signed, bits| Ty::Int { signed, bits };
    Some(match code {
        "float" | "f8" | "d" => FLOAT64,
        "f4" | "f" => crate::types::FLOAT32,
        "int" | "i8" | "l" | "q" => INT64,
        "i4" | "i" => int(true, 32),
        "i2" | "h" => int(true, 16),
        "i1" | "b" => int(true, 8),
        "u8" | "L" | "Q" => int(false, 64),
        "u4" | "I" => int(false, 32),
        "u2" | "H" => int(false, 16),
        "u1" | "B" => int(false, 8),
        "complex" | "c16" | "D" => crate::types::COMPLEX128,
        "c8" | "F" => crate::types::COMPLEX64,
        "bool" | "?" | "b1" => Ty::Bool,
        _ => return None,
    })
}
