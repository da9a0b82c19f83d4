//! Code generation for a checked record: the `Record`, `FieldType` and
//! `ZeroValue` impls, and the compile-time assertions that the C layout
//! computed from the field types equals rustc's.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::model::RecordDef;

/// The impls and assertions for `def`.
pub fn expand(def: &RecordDef) -> TokenStream {
    let ident = &def.ident;
    let span = ident.span();
    let c_name = &def.c_name;
    let field_count = def.fields.len();
    let shapes: Vec<TokenStream> = def
        .fields
        .iter()
        .map(|field| {
            let ty = &field.ty;
            quote_spanned!(ty.span()=> <#ty as ::cfunc::__private::FieldType>::SHAPE)
        })
        .collect();
    let descriptors = def.fields.iter().map(|field| {
        let ty = &field.ty;
        let name = &field.c_name;
        quote_spanned!(ty.span()=> (#name, <#ty as ::cfunc::__private::FieldType>::descriptor()))
    });
    let layout_const = quote_spanned!(span=>
        ::cfunc::__private::StructLayout::<#field_count>::of([#(#shapes),*])
    );
    let offset_checks = def.fields.iter().enumerate().map(|(index, field)| {
        let field_ident = &field.ident;
        let message = format!(
            "#[derive(Record)]: the C offset of `{ident}.{}` differs from rustc's",
            field.c_name
        );
        quote_spanned!(field.ident.span()=>
            ::core::assert!(
                __CFUNC_C_LAYOUT.offsets[#index] == ::core::mem::offset_of!(#ident, #field_ident),
                #message
            );
        )
    });
    let size_message = format!("#[derive(Record)]: the C size of `{ident}` differs from rustc's");
    let align_message =
        format!("#[derive(Record)]: the C alignment of `{ident}` differs from rustc's");
    let zero = zero_value_impl(def, span);
    let field_types: Vec<&syn::Type> = def.fields.iter().map(|field| &field.ty).collect();
    // Field by field, so that each field's own reader runs (a `bool` reads
    // its byte, never a byte pattern Rust forbids).
    let field_reads = def.fields.iter().map(|field| {
        let (field_ident, ty) = (&field.ident, &field.ty);
        quote_spanned! {ty.span()=>
            #field_ident: <#ty as ::cfunc::__private::FieldType>::read_from(
                source.add(::core::mem::offset_of!(#ident, #field_ident)),
            )
        }
    });
    quote_spanned! {span=>
        // SAFETY: `#[repr(C)]` (checked by the derive) with `FieldType`
        // fields only, so the struct is C plain data; the assertions below
        // prove the descriptor's layout equals rustc's.
        unsafe impl ::cfunc::__private::Record for #ident {
            const NAME: &'static str = #c_name;

            fn layout() -> ::cfunc::__private::RecordLayout {
                ::cfunc::__private::derived_layout(#c_name, &[#(#descriptors),*])
            }
        }

        // SAFETY: as above; every field is zeroable, hence the struct.
        unsafe impl ::cfunc::__private::FieldType for #ident {
            const SHAPE: ::cfunc::__private::FieldShape = {
                let layout = #layout_const;
                ::cfunc::__private::FieldShape { size: layout.size, align: layout.align }
            };
            const HAS_POINTERS: bool = false #(|| <#field_types as ::cfunc::__private::FieldType>::HAS_POINTERS)*;

            fn descriptor() -> ::cfunc::__private::Type<::cfunc::__private::RecordLayout> {
                ::cfunc::__private::Type::Record(
                    <#ident as ::cfunc::__private::Record>::layout(),
                )
            }

            #[inline]
            unsafe fn read_from(source: *const u8) -> Self {
                // SAFETY: the caller guarantees the record's bytes are
                // readable; each field lies inside them, at its offset.
                unsafe { #ident { #(#field_reads),* } }
            }
        }

        #zero

        const _: () = {
            const __CFUNC_C_LAYOUT: ::cfunc::__private::StructLayout<#field_count> = #layout_const;
            #(#offset_checks)*
            ::core::assert!(
                __CFUNC_C_LAYOUT.size == ::core::mem::size_of::<#ident>(),
                #size_message
            );
            ::core::assert!(
                __CFUNC_C_LAYOUT.align == ::core::mem::align_of::<#ident>(),
                #align_message
            );
        };
    }
}

/// `ZeroValue`, so that a record can be returned by value under the default
/// panic policy (Numba returns zeroed memory when a cfunc raises).
fn zero_value_impl(def: &RecordDef, span: Span) -> TokenStream {
    let ident = &def.ident;
    let body = quote!(::cfunc::__private::zeroed_record::<#ident>());
    quote_spanned! {span=>
        impl ::cfunc::__private::ZeroValue for #ident {
            #[inline]
            fn zero() -> Self {
                #body
            }
        }
    }
}
