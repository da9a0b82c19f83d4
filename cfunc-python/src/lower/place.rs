//! Places: what can be read and assigned (locals, array elements, pointer
//! elements, record fields, elements of a record's nested arrays).

use super::FnLower;
use super::expr::Val;
use crate::ast::{Expr, ExprKind};
use crate::tir::{self, Index, PlaceKind};
use crate::types::Ty;

/// A checked place, and whether it is a copy.
pub(crate) struct Place {
    pub place: tir::Place,
    /// A field of a record held in a local: a copy in Rust, so writing to
    /// it would not reach the array it came from.
    pub record_copy: bool,
}

impl Place {
    /// A value used as a place: a local, or a value that is only read.
    fn value(val: Val) -> Place {
        Place {
            place: tir::Place {
                ty: val.ty.clone(),
                kind: PlaceKind::Value(Box::new(val)),
            },
            record_copy: false,
        }
    }

    fn new(ty: Ty, kind: PlaceKind, record_copy: bool) -> Place {
        Place {
            place: tir::Place { ty, kind },
            record_copy,
        }
    }

    pub fn ty(&self) -> &Ty {
        &self.place.ty
    }

    /// Why this place cannot be assigned, if it cannot: what is not an
    /// element or a field is a value (`a.shape`), and tuples are immutable
    /// (Numba: "does not support item assignment").
    pub fn assignment_error(&self) -> Option<String> {
        match &self.place.kind {
            PlaceKind::Value(_) => Some(format!(
                "cannot assign to this {}: it is a value, not an element or a field",
                self.place.ty
            )),
            PlaceKind::TupleItem { tuple, .. } => Some(format!(
                "{} does not support item assignment: tuples are immutable",
                tuple.ty
            )),
            _ => None,
        }
    }

    /// The element's value.
    pub fn load(self) -> Val {
        let ty = self.place.ty.clone();
        Val::new(tir::ExprKind::Load(Box::new(self.place)), ty)
    }
}

/// One index of a subscript: its value, the literal it is (if one), and
/// whether it is known not to be negative.
pub(crate) struct IndexValue {
    val: Val,
    literal: Option<i128>,
    non_negative: bool,
}

impl IndexValue {
    fn index(self) -> Index {
        match self.literal {
            Some(n) if n >= 0 => Index::Literal(usize::try_from(n).unwrap_or(usize::MAX)),
            _ if self.non_negative => Index::NonNegative(self.val),
            _ => Index::Wrapped(self.val),
        }
    }
}

impl FnLower<'_> {
    /// The place an expression denotes (for loads of elements and fields,
    /// and for assignment targets).
    pub(crate) fn place(&mut self, expr: &Expr) -> Option<Place> {
        let place = self.place_untyped(expr)?;
        if self.final_pass {
            self.expr_types.insert(expr.id, place.ty().clone());
        }
        Some(place)
    }

    fn place_untyped(&mut self, expr: &Expr) -> Option<Place> {
        match &expr.kind {
            ExprKind::Subscript { value, index } => {
                let base = self.base_place(value)?;
                self.element(base, index, expr)
            }
            ExprKind::Attribute { value, attr } => {
                let base = self.base_place(value)?;
                let Ty::Record(record) = base.ty() else {
                    // An attribute that is a value (`a.shape`, `z.real`),
                    // read as one: `a.shape[0]`, `a.T[i, j]`.
                    return Some(Place::value(self.expr(expr)?));
                };
                let Some((_, field_ty)) = record.fields.iter().find(|(name, _)| *name == attr.id)
                else {
                    let fields: Vec<&str> = record
                        .fields
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .collect();
                    self.error(
                        attr.range,
                        format!(
                            "record `{}` has no field `{}`; its fields are {}",
                            record.name,
                            attr.id,
                            fields.join(", ")
                        ),
                    );
                    return None;
                };
                let field_ty = field_ty.clone();
                let record_copy = base.record_copy || matches!(value.kind, ExprKind::Name(_));
                Some(Place::new(
                    field_ty,
                    PlaceKind::Field {
                        record: Box::new(base.place),
                        field: attr.id.clone(),
                    },
                    record_copy,
                ))
            }
            // A local or any other value: read as it is.
            _ => Some(Place::value(self.expr(expr)?)),
        }
    }

    fn base_place(&mut self, value: &Expr) -> Option<Place> {
        match &value.kind {
            ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {
                // A record field of a module (`math.pi`) is a value, not a place.
                if let ExprKind::Attribute { value: inner, .. } = &value.kind
                    && let ExprKind::Name(name) = &inner.kind
                    && !self.res.is_local(name)
                {
                    return Some(Place::value(self.expr(value)?));
                }
                self.place(value)
            }
            _ => self.place(value),
        }
    }

    fn index_values(&mut self, index: &Expr) -> Option<Vec<IndexValue>> {
        let items = super::views::subscript_items(index);
        let mut values = Vec::new();
        for item in items {
            let literal = match &item.kind {
                ExprKind::Int(n) => i128::try_from(*n).ok(),
                ExprKind::UnaryOp {
                    op: crate::ast::UnaryOp::USub,
                    operand,
                } => match operand.kind {
                    ExprKind::Int(n) => i128::try_from(n).ok().map(|n| -n),
                    _ => None,
                },
                _ => None,
            };
            let non_negative = matches!(&item.kind, ExprKind::Name(name) if self.res.local_named(name).is_some_and(|local| local.non_negative));
            let val = self.expr(item)?;
            if !val.ty.is_integral() {
                self.error(
                    item.range,
                    format!("array indices must be integers, not {}", val.ty),
                );
                return None;
            }
            values.push(IndexValue {
                val,
                literal,
                non_negative,
            });
        }
        Some(values)
    }

    fn element(&mut self, base: Place, index: &Expr, expr: &Expr) -> Option<Place> {
        if let Ty::Array { ndim, .. } = base.ty()
            && Self::subscript_is_view(index, *ndim)
        {
            let view = self.subview(base.load(), index)?;
            return Some(Place::value(view));
        }
        let indices = self.index_values(index)?;
        match base.ty().clone() {
            Ty::Array { dtype, ndim, .. } => {
                if indices.len() != ndim {
                    self.error(
                        index.range,
                        format!(
                            "a {ndim}-d array takes {ndim} indices, got {}",
                            indices.len()
                        ),
                    );
                    return None;
                }
                Some(Place::new(
                    *dtype,
                    PlaceKind::ArrayElement {
                        array: Box::new(base.place),
                        indices: indices.into_iter().map(IndexValue::index).collect(),
                        subscript: expr.id,
                    },
                    false,
                ))
            }
            Ty::Pointer(target) => {
                let Ok([IndexValue { val, .. }]) = <[IndexValue; 1]>::try_from(indices) else {
                    self.error(index.range, "a pointer takes one index");
                    return None;
                };
                Some(Place::new(
                    *target,
                    PlaceKind::PointerElement {
                        pointer: Box::new(base.place),
                        index: Box::new(val),
                    },
                    false,
                ))
            }
            Ty::NestedArray { dtype, shape } => {
                if indices.len() > shape.len() {
                    self.error(
                        index.range,
                        format!(
                            "a nested array of {} dimension(s) takes at most {} indices",
                            shape.len(),
                            shape.len()
                        ),
                    );
                    return None;
                }
                let rest = shape[indices.len()..].to_vec();
                let ty = if rest.is_empty() {
                    *dtype
                } else {
                    Ty::NestedArray { dtype, shape: rest }
                };
                let record_copy = base.record_copy;
                Some(Place::new(
                    ty,
                    PlaceKind::NestedElement {
                        array: Box::new(base.place),
                        indices: indices.into_iter().map(IndexValue::index).collect(),
                    },
                    record_copy,
                ))
            }
            Ty::Tuple(items) => {
                let [
                    IndexValue {
                        literal: Some(n), ..
                    },
                ] = indices.as_slice()
                else {
                    self.error(index.range, "a tuple takes a constant integer index");
                    return None;
                };
                let n = *n;
                let position = if n < 0 { items.len() as i128 + n } else { n };
                let Some(item) = usize::try_from(position).ok().and_then(|p| items.get(p)) else {
                    self.error(
                        index.range,
                        format!(
                            "tuple index {n} is out of range for a tuple of {}",
                            items.len()
                        ),
                    );
                    return None;
                };
                Some(Place::new(
                    item.clone(),
                    PlaceKind::TupleItem {
                        tuple: Box::new(base.place),
                        index: usize::try_from(position).unwrap_or(0),
                    },
                    true,
                ))
            }
            other => {
                self.error(expr.range, format!("{other} cannot be indexed"));
                None
            }
        }
    }
}
