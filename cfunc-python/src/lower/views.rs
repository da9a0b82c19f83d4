//! Views of arrays: basic indexing with slices (`a[1:3]`, `a[i, :]`,
//! `a[:, j]`, `a[::-1]`), integer indices that leave axes (`a[i]` of a 2-d
//! array), `a.T`, and assignment to views (`a[1:3] = 0`, `out[:] = b`),
//! typed with Numba's layouts.

use super::FnLower;
use super::expr::Val;
use crate::ast::{Expr, ExprKind};
use crate::text::TextRange;
use crate::tir::{self, Axis, ExprKind as Op};
use crate::types::{INT64, Layout, Ty};

/// One written index of a subscript, before typing.
enum Written<'e> {
    Index(&'e Expr),
    Slice {
        start: Option<&'e Expr>,
        stop: Option<&'e Expr>,
        step: Option<&'e Expr>,
    },
}

impl FnLower<'_> {
    /// Whether a subscript of an array of `ndim` axes makes a view rather
    /// than naming an element: it has a slice (or `None` or `...`, which
    /// the view reports), or fewer indices than axes.
    pub(super) fn subscript_is_view(index: &Expr, ndim: usize) -> bool {
        let items = subscript_items(index);
        items.len() < ndim
            || items.iter().any(|item| {
                matches!(
                    item.kind,
                    ExprKind::Slice { .. } | ExprKind::None | ExprKind::Ellipsis
                )
            })
    }

    /// `array[index]` as a view, typed as Numba types it.
    pub(super) fn subview(&mut self, array: Val, index: &Expr) -> Option<Val> {
        let Ty::Array {
            dtype,
            ndim,
            layout,
        } = array.ty.clone()
        else {
            unreachable!("views are of arrays")
        };
        let items = subscript_items(index);
        if items.len() > ndim {
            self.error(
                index.range,
                format!("too many indices for a {ndim}-d array: {}", items.len()),
            );
            return None;
        }
        let mut written = Vec::new();
        for item in &items {
            written.push(match &item.kind {
                ExprKind::Slice { lower, upper, step } => Written::Slice {
                    start: lower.as_deref(),
                    stop: upper.as_deref(),
                    step: step.as_deref(),
                },
                ExprKind::None | ExprKind::Ellipsis => {
                    self.error(
                        item.range,
                        "`None` (np.newaxis) and `...` in subscripts are not supported in cfunc code",
                    );
                    return None;
                }
                _ => Written::Index(item),
            });
        }
        let layout = view_layout(layout, ndim, &written);
        let mut axes = Vec::new();
        for each in &written {
            axes.push(match each {
                Written::Index(item) => Axis::Select(self.axis_integer(item)?),
                Written::Slice { start, stop, step } => Axis::Slice {
                    start: self.slice_bound(*start)?,
                    stop: self.slice_bound(*stop)?,
                    step: self.slice_bound(*step)?,
                },
            });
        }
        axes.resize_with(ndim, whole_axis);
        let kept = axes
            .iter()
            .filter(|axis| matches!(axis, Axis::Slice { .. }))
            .count();
        let ty = Ty::Array {
            dtype,
            ndim: kept,
            layout,
        };
        Some(Val::new(
            Op::Subview {
                array: Box::new(array),
                axes,
            },
            ty,
        ))
    }

    /// `a.T`.
    pub(super) fn transpose(&mut self, array: Val) -> Val {
        let Ty::Array {
            dtype,
            ndim,
            layout,
        } = array.ty.clone()
        else {
            unreachable!("`.T` is typed for arrays")
        };
        let layout = match (layout, ndim) {
            (layout, 1) => layout,
            (Layout::C, _) => Layout::F,
            (Layout::F, _) => Layout::C,
            (Layout::A, _) => Layout::A,
        };
        Val::new(
            Op::Transpose(Box::new(array)),
            Ty::Array {
                dtype,
                ndim,
                layout,
            },
        )
    }

    /// `view = value` of a view that a subscript made: a scalar fills it,
    /// an array of its dtype is copied in with broadcasting.
    pub(super) fn assign_view(
        &mut self,
        view: Val,
        value: Val,
        range: TextRange,
    ) -> Option<tir::Stmt> {
        let dtype = view_dtype(&view);
        let value = match &value.ty {
            Ty::Array { dtype: source, .. } if **source == dtype => value,
            // Numba converts the elements, as `astype` does.
            Ty::Array {
                dtype: source,
                ndim,
                ..
            } if source.is_numeric() && dtype.is_numeric() => {
                let ndim = *ndim;
                Val::new(
                    Op::NewArray(Box::new(tir::NewArray::Convert(value))),
                    Ty::Array {
                        dtype: Box::new(dtype.clone()),
                        ndim,
                        layout: Layout::C,
                    },
                )
            }
            Ty::Array { dtype: source, .. } => {
                self.error(
                    range,
                    format!("assigning an array of {source} to a view of {dtype} is not supported in cfunc code; convert the elements one at a time"),
                );
                return None;
            }
            _ => self.cast(value, &dtype, range)?,
        };
        Some(tir::Stmt::Eval(Val::new(
            Op::AssignView {
                view: Box::new(view),
                value: Box::new(value),
            },
            Ty::None,
        )))
    }

    /// Every element of `array`, as a view of the same layout (what
    /// `a += x` updates).
    pub(super) fn whole_view(&mut self, array: Val) -> Val {
        let Ty::Array { ndim, .. } = array.ty else {
            unreachable!("a view of an array")
        };
        let ty = array.ty.clone();
        let axes = (0..ndim).map(|_| whole_axis()).collect();
        Val::new(
            Op::Subview {
                array: Box::new(array),
                axes,
            },
            ty,
        )
    }

    /// `view op= operand`, in place: the view's elements become `view op
    /// operand`, converted to its dtype within the same kind (a float
    /// result does not go into an integer array, as NumPy's `same_kind`
    /// casting refuses).
    pub(super) fn update_view(
        &mut self,
        view: Val,
        op: crate::ast::BinOp,
        operand: Val,
        range: TextRange,
    ) -> Option<tir::Stmt> {
        let dtype = view_dtype(&view);
        // In place, Numba runs the ufunc's own loop with the view as its
        // output.
        let result = self.array_binop(
            op,
            view.clone(),
            operand,
            super::ufunc::Kernel::InPlace,
            range,
        )?;
        if let Ty::Array { dtype: found, .. } = &result.ty
            && found.is_float()
            && !dtype.is_float()
        {
            self.error(
                range,
                format!("cannot update an array of {dtype} in place with {found} results (NumPy's same-kind rule)"),
            );
            return None;
        }
        self.assign_view(view, result, range)
    }

    /// An integer index that leaves an axis, as an int64.
    fn axis_integer(&mut self, item: &Expr) -> Option<Val> {
        let val = self.expr(item)?;
        if matches!(val.ty, Ty::Array { .. }) {
            self.error(
                item.range,
                "indexing with an array (fancy indexing) is not supported in cfunc code",
            );
            return None;
        }
        if !val.ty.is_integral() {
            self.error(
                item.range,
                format!("array indices must be integers or slices, not {}", val.ty),
            );
            return None;
        }
        self.cast(val, &INT64, item.range)
    }

    /// A written slice bound as an int64; `None` for an absent one or a
    /// literal `None`.
    fn slice_bound(&mut self, bound: Option<&Expr>) -> Option<Option<Val>> {
        let Some(bound) = bound else {
            return Some(None);
        };
        if matches!(bound.kind, ExprKind::None) {
            return Some(None);
        }
        let val = self.expr(bound)?;
        if !val.ty.is_integral() {
            self.error(
                bound.range,
                format!("slice indices must be integers or None, not {}", val.ty),
            );
            return None;
        }
        Some(Some(self.cast(val, &INT64, bound.range)?))
    }
}

/// The written indices of a subscript: the items of `a[i, j]`, or the one
/// index of `a[i]`.
pub(super) fn subscript_items(index: &Expr) -> Vec<&Expr> {
    match &index.kind {
        ExprKind::Tuple(items) => items.iter().collect(),
        _ => vec![index],
    }
}

/// `:`, every entry of an axis.
fn whole_axis() -> Axis {
    Axis::Slice {
        start: None,
        stop: None,
        step: None,
    }
}

/// The element type of a view.
fn view_dtype(view: &Val) -> Ty {
    let Ty::Array { dtype, .. } = &view.ty else {
        unreachable!("a view is an array")
    };
    (**dtype).clone()
}

/// The layout of a view, as Numba's typing gives it: a C array stays C
/// when every written index but the last is an integer and the last is an
/// integer or a slice without a step; an F array likewise from its last
/// axis, when every axis is written; anything else is `A`.
fn view_layout(layout: Layout, ndim: usize, written: &[Written<'_>]) -> Layout {
    let keeps = |each: &Written<'_>, innermost: bool| match each {
        Written::Index(_) => true,
        Written::Slice { step, .. } => innermost && step.is_none(),
    };
    let contiguous = |order: &[&Written<'_>]| {
        let Some((last, outer)) = order.split_last() else {
            return true;
        };
        outer.iter().all(|each| keeps(each, false)) && keeps(last, true)
    };
    match layout {
        Layout::C if contiguous(&written.iter().collect::<Vec<_>>()) => Layout::C,
        Layout::F
            if written.len() == ndim && contiguous(&written.iter().rev().collect::<Vec<_>>()) =>
        {
            Layout::F
        }
        _ => Layout::A,
    }
}
