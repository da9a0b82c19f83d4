//! Places: reads and writes of elements and fields.

use super::{Generator, local_ident};
use crate::tir::{Index, Place, PlaceKind};
use crate::types::Ty;
use proc_macro2::TokenStream;
use quote::quote;

/// A place in Rust.
pub(super) struct RustPlace {
    tokens: TokenStream,
    /// The place to write, when it differs from `tokens` (an unchecked
    /// array element: `get_unchecked` to read, `get_unchecked_mut` to write).
    write_tokens: Option<TokenStream>,
    /// Reached through a raw pointer or an unchecked index: accesses need
    /// `unsafe`.
    needs_unsafe: bool,
    /// `let` statements that compute indices before the access: an index
    /// that reads the array's shape (a possibly negative index) cannot be
    /// computed inside `arr[...] = value`, where `arr` is already borrowed
    /// mutably.
    pub prelude: TokenStream,
}

impl RustPlace {
    /// The element's value, indices included.
    pub fn load(&self) -> TokenStream {
        let (access, prelude) = (self.read(), &self.prelude);
        if prelude.is_empty() {
            quote!((#access))
        } else {
            quote!({ #prelude #access })
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

impl Generator<'_> {
    pub(super) fn place(&mut self, place: &Place) -> RustPlace {
        match &place.kind {
            PlaceKind::Value(value) => RustPlace {
                tokens: self.operand(value),
                write_tokens: None,
                needs_unsafe: false,
                prelude: TokenStream::new(),
            },
            PlaceKind::ArrayElement {
                array,
                indices,
                subscript,
            } => {
                let base = self.place(array);
                let base_tokens = &base.tokens;
                let mut prelude = base.prelude.clone();
                let mut parts = Vec::new();
                for (axis, index) in indices.iter().enumerate() {
                    parts.push(match index {
                        Index::Literal(_) | Index::NonNegative(_) => self.unwrapped_index(index),
                        Index::Wrapped(value) => {
                            // Reads the shape, so it is computed before the
                            // access borrows the array.
                            let value = self.expr(value);
                            self.next_index += 1;
                            let name = quote::format_ident!("__cfunc_index{}", self.next_index);
                            prelude.extend(quote!(let #name = ::cfunc::__private::py::wrap_index((#value) as i64, #base_tokens.shape()[#axis]);));
                            quote!(#name)
                        }
                    });
                }
                let index = match parts.as_slice() {
                    [part] => part.clone(),
                    parts => quote!((#(#parts,)*)),
                };
                if self.unchecked.contains(subscript) {
                    return RustPlace {
                        tokens: quote!((*#base_tokens.get_unchecked(#index))),
                        write_tokens: Some(quote!((*#base_tokens.get_unchecked_mut(#index)))),
                        needs_unsafe: true,
                        prelude,
                    };
                }
                RustPlace {
                    tokens: quote!(#base_tokens[#index]),
                    write_tokens: None,
                    needs_unsafe: base.needs_unsafe,
                    prelude,
                }
            }
            PlaceKind::PointerElement { pointer, index } => {
                let base = self.place(pointer);
                let index = self.expr(index);
                let base_tokens = &base.tokens;
                RustPlace {
                    tokens: quote!((*#base_tokens.offset((#index) as isize))),
                    write_tokens: None,
                    needs_unsafe: true,
                    prelude: base.prelude,
                }
            }
            PlaceKind::Field { record, field } => {
                let base = self.place(record);
                let field = local_ident(field);
                let tokens = &base.tokens;
                RustPlace {
                    tokens: quote!(#tokens.#field),
                    write_tokens: base.write_tokens.map(|write| quote!(#write.#field)),
                    needs_unsafe: base.needs_unsafe,
                    prelude: base.prelude,
                }
            }
            PlaceKind::NestedElement { array, indices } => {
                let shape = match &array.ty {
                    Ty::NestedArray { shape, .. } => shape.clone(),
                    _ => Vec::new(),
                };
                let base = self.place(array);
                let mut tokens = base.tokens;
                let mut write_tokens = base.write_tokens;
                for (axis, index) in indices.iter().enumerate() {
                    let part = match index {
                        Index::Literal(_) | Index::NonNegative(_) => self.unwrapped_index(index),
                        Index::Wrapped(value) => {
                            let value = self.expr(value);
                            let len = shape[axis];
                            quote!(::cfunc::__private::py::wrap_index((#value) as i64, #len))
                        }
                    };
                    tokens = quote!(#tokens[#part]);
                    write_tokens = write_tokens.map(|write| quote!(#write[#part]));
                }
                RustPlace {
                    tokens,
                    write_tokens,
                    needs_unsafe: base.needs_unsafe,
                    prelude: base.prelude,
                }
            }
            PlaceKind::TupleItem { tuple, index } => {
                let base = self.place(tuple);
                let tokens = &base.tokens;
                let index = syn::Index::from(*index);
                RustPlace {
                    tokens: quote!(#tokens.#index),
                    write_tokens: None,
                    needs_unsafe: base.needs_unsafe,
                    prelude: base.prelude,
                }
            }
        }
    }

    /// A literal or non-negative index, as a `usize`.
    fn unwrapped_index(&mut self, index: &Index) -> TokenStream {
        match index {
            Index::Literal(n) => quote!(#n),
            Index::NonNegative(value) => {
                let value = self.expr(value);
                quote!((#value as usize))
            }
            Index::Wrapped(_) => unreachable!("the caller wraps a possibly negative index"),
        }
    }
}
