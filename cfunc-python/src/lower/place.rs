//! Places: what can be read and assigned (locals, array elements, pointer
//! elements, record fields, elements of a record's nested arrays).

use super::{FnLower, Val, local_ident};
use crate::ast::{Expr, ExprKind};
use crate::types::Ty;
use proc_macro2::TokenStream;
use quote::quote;

/// A place in generated code.
pub(crate) struct Place {
    pub tokens: TokenStream,
    pub ty: Ty,
    /// The place to write, when it differs from `tokens` (an unchecked
    /// array element: `get_unchecked` to read, `get_unchecked_mut` to write).
    pub write_tokens: Option<TokenStream>,
    /// Reached through a raw pointer or an unchecked index: accesses need
    /// `unsafe`.
    pub needs_unsafe: bool,
    /// A field of a record held in a local: a copy in Rust, so writing to
    /// it would not reach the array it came from.
    pub record_copy: bool,
    /// `let` statements that compute indices before the access: an index
    /// that reads the array's shape (a possibly negative index) cannot be
    /// computed inside `arr[...] = value`, where `arr` is already borrowed
    /// mutably.
    pub prelude: TokenStream,
}

impl Place {
    /// A value used as a place: a local, or a value that is only read.
    fn value(val: Val) -> Place {
        Place {
            tokens: val.tokens,
            ty: val.ty,
            write_tokens: None,
            needs_unsafe: false,
            record_copy: false,
            prelude: TokenStream::new(),
        }
    }

    /// The element's value, indices included.
    pub fn load(&self) -> Val {
        let (access, prelude) = (self.read(), &self.prelude);
        if prelude.is_empty() {
            Val::new(quote!((#access)), self.ty.clone())
        } else {
            Val::new(quote!({ #prelude #access }), self.ty.clone())
        }
    }

    /// Stores `value`. With a prelude, `value` is evaluated first, as
    /// Python evaluates the right-hand side before the target's indices.
    pub fn store(&self, value: TokenStream) -> TokenStream {
        if self.prelude.is_empty() {
            return self.write(value);
        }
        let (prelude, assignment) = (&self.prelude, self.write(quote!(__cfunc_stored)));
        quote!({ let __cfunc_stored = #value; #prelude #assignment })
    }

    /// Reads the place, assuming its prelude ran.
    pub fn read(&self) -> TokenStream {
        let tokens = &self.tokens;
        if self.needs_unsafe {
            // SAFETY of the generated block: pointer indexing is unchecked,
            // as in Numba and C, and the C caller passes valid pointers; an
            // unchecked array index was checked against the shape before
            // the loop chunk that uses it (see `versioning`).
            quote!(unsafe { #tokens })
        } else {
            quote!(#tokens)
        }
    }

    /// Writes the place, assuming its prelude ran.
    pub fn write(&self, value: TokenStream) -> TokenStream {
        let tokens = self.write_tokens.as_ref().unwrap_or(&self.tokens);
        if self.needs_unsafe {
            quote!(unsafe { #tokens = #value; })
        } else {
            quote!(#tokens = #value;)
        }
    }
}

/// One index of a subscript: its value, the literal it is (if one), and
/// whether it is known not to be negative.
pub(crate) struct IndexValue {
    val: Val,
    literal: Option<i128>,
    non_negative: bool,
}

/// A record field's name as a Rust identifier.
pub(crate) fn field_ident(name: &str) -> proc_macro2::Ident {
    local_ident(name)
}

impl FnLower<'_> {
    /// The place an expression denotes (for loads of elements and fields,
    /// and for assignment targets).
    pub(crate) fn place(&mut self, expr: &Expr) -> Option<Place> {
        let place = self.place_untyped(expr)?;
        if self.final_pass {
            self.expr_types.insert(expr.id, place.ty.clone());
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
                let Ty::Record(record) = &base.ty else {
                    self.error(
                        attr.range,
                        format!("{} has no field `{}`", base.ty, attr.id),
                    );
                    return None;
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
                let field = field_ident(&attr.id);
                let tokens = &base.tokens;
                Some(Place {
                    tokens: quote!(#tokens.#field),
                    write_tokens: base.write_tokens.map(|write| quote!(#write.#field)),
                    ty: field_ty.clone(),
                    needs_unsafe: base.needs_unsafe,
                    record_copy: base.record_copy || matches!(value.kind, ExprKind::Name(_)),
                    prelude: base.prelude,
                })
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

    /// A fresh name for an index computed before an access.
    fn fresh_index(&mut self) -> proc_macro2::Ident {
        self.next_label += 1;
        quote::format_ident!("__cfunc_index{}", self.next_label)
    }

    fn index_values(&mut self, index: &Expr) -> Option<Vec<IndexValue>> {
        let items: Vec<&Expr> = match &index.kind {
            ExprKind::Tuple(items) => items.iter().collect(),
            _ => vec![index],
        };
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
        let indices = self.index_values(index)?;
        let base_tokens = base.tokens.clone();
        let mut prelude = base.prelude.clone();
        match &base.ty {
            Ty::Array { dtype, ndim, .. } => {
                if indices.len() != *ndim {
                    self.error(
                        index.range,
                        format!(
                            "a {ndim}-d array takes {ndim} indices, got {}",
                            indices.len()
                        ),
                    );
                    return None;
                }
                let mut parts = Vec::new();
                for (
                    axis,
                    IndexValue {
                        val,
                        literal,
                        non_negative,
                    },
                ) in indices.iter().enumerate()
                {
                    let tokens = &val.tokens;
                    parts.push(match literal {
                        Some(n) if *n >= 0 => {
                            let n = usize::try_from(*n).unwrap_or(usize::MAX);
                            quote!(#n)
                        }
                        _ if *non_negative => quote!((#tokens as usize)),
                        _ => {
                            // Reads the shape, so it is computed before the
                            // access borrows the array.
                            let name = self.fresh_index();
                            prelude.extend(quote!(let #name = ::cfunc::__private::py::wrap_index((#tokens) as i64, #base_tokens.shape()[#axis]);));
                            quote!(#name)
                        }
                    });
                }
                let index = if *ndim == 1 {
                    let part = &parts[0];
                    quote!(#part)
                } else {
                    quote!((#(#parts,)*))
                };
                if self.unchecked_subscripts.contains(&expr.id) {
                    return Some(Place {
                        tokens: quote!((*#base_tokens.get_unchecked(#index))),
                        write_tokens: Some(quote!((*#base_tokens.get_unchecked_mut(#index)))),
                        ty: (**dtype).clone(),
                        needs_unsafe: true,
                        record_copy: false,
                        prelude,
                    });
                }
                Some(Place {
                    tokens: quote!(#base_tokens[#index]),
                    write_tokens: None,
                    ty: (**dtype).clone(),
                    needs_unsafe: base.needs_unsafe,
                    record_copy: false,
                    prelude,
                })
            }
            Ty::Pointer(target) => {
                let [IndexValue { val, .. }] = indices.as_slice() else {
                    self.error(index.range, "a pointer takes one index");
                    return None;
                };
                let tokens = &val.tokens;
                Some(Place {
                    tokens: quote!((*#base_tokens.offset((#tokens) as isize))),
                    write_tokens: None,
                    ty: (**target).clone(),
                    needs_unsafe: true,
                    record_copy: false,
                    prelude,
                })
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
                let mut tokens = base_tokens;
                let mut write_tokens = base.write_tokens;
                for (
                    axis,
                    IndexValue {
                        val,
                        literal,
                        non_negative,
                    },
                ) in indices.iter().enumerate()
                {
                    let len = shape[axis];
                    let value = &val.tokens;
                    let part = match literal {
                        Some(n) if *n >= 0 => {
                            let n = usize::try_from(*n).unwrap_or(usize::MAX);
                            quote!(#n)
                        }
                        _ if *non_negative => quote!((#value as usize)),
                        _ => quote!(::cfunc::__private::py::wrap_index((#value) as i64, #len)),
                    };
                    tokens = quote!(#tokens[#part]);
                    write_tokens = write_tokens.map(|write| quote!(#write[#part]));
                }
                let rest = shape[indices.len()..].to_vec();
                let ty = if rest.is_empty() {
                    (**dtype).clone()
                } else {
                    Ty::NestedArray {
                        dtype: dtype.clone(),
                        shape: rest,
                    }
                };
                Some(Place {
                    tokens,
                    write_tokens,
                    ty,
                    needs_unsafe: base.needs_unsafe,
                    record_copy: base.record_copy,
                    prelude,
                })
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
                let position = if *n < 0 { items.len() as i128 + n } else { *n };
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
                let field = syn::Index::from(usize::try_from(position).unwrap_or(0));
                Some(Place {
                    tokens: quote!(#base_tokens.#field),
                    write_tokens: None,
                    ty: item.clone(),
                    needs_unsafe: base.needs_unsafe,
                    record_copy: true,
                    prelude,
                })
            }
            other => {
                self.error(expr.range, format!("{other} cannot be indexed"));
                None
            }
        }
    }
}
