//! C declarations to Rust: the `#[repr(C)]` structs a function typedef's
//! records need, and its canonical signature. The `#[cfunc(cdef = ...)]`
//! attribute uses it to accept cffi-style declarations.

use cfunc_runtime::cdecl::{FFI, map_type};
use cfunc_runtime::sig::Signature;
use cfunc_runtime::types::RecordLayout;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote_spanned};

/// Parses `src` (C declarations), maps `typedef` (a function or function
/// pointer type, with `use_record_dtype = true`), and returns the Rust
/// definitions of the records it uses, each a
/// `#[repr(C)] #[derive(Clone, Copy, ::cfunc::Record)]` struct (nested
/// records first), and the signature. Errors are reported
/// at `span` and quote the C line and column.
///
/// # Errors
///
/// A `syn::Error` at `span` for C that does not parse, a typedef that is
/// not declared or not a function type, or a struct that cannot be a
/// record.
///
/// ```
/// use proc_macro2::Span;
///
/// let (structs, signature) = cfunc_backend::cdecl_to_tokens(
///     "typedef struct pt { double x; double y; } pt; typedef double (*norm)(pt *);",
///     "norm",
///     Span::call_site(),
/// )?;
/// assert_eq!(signature.to_string(), "float64(CPointer(pt))");
/// assert!(structs.to_string().contains("pub struct pt"));
/// # Ok::<(), syn::Error>(())
/// ```
pub fn cdecl_to_tokens(
    src: &str,
    typedef: &str,
    span: Span,
) -> syn::Result<(TokenStream, Signature)> {
    let error = |message: String| syn::Error::new(span, message);
    let mut ffi = FFI::new();
    ffi.cdef(src)
        .map_err(|cdecl| error(format!("in the C declarations: {cdecl}")))?;
    let ctype = ffi
        .type_of(typedef)
        .map_err(|cdecl| error(cdecl.to_string()))?;
    if ctype.function().is_none() {
        return Err(error(format!(
            "`{typedef}` is `{ctype}`, not a function or function pointer type: name the typedef of the callback's type"
        )));
    }
    let mapped = map_type(&ffi, &ctype, true).map_err(|cdecl| error(cdecl.to_string()))?;
    let signature = mapped
        .signature()
        .cloned()
        .ok_or_else(|| error(format!("`{typedef}` did not map to a signature")))?;
    let mut structs = TokenStream::new();
    for record in mapped.records() {
        structs.extend(record_struct(record, span)?);
    }
    Ok((structs, signature))
}

/// The Rust definition of one record.
fn record_struct(record: &RecordLayout, span: Span) -> syn::Result<TokenStream> {
    let ident = syn::parse_str::<syn::Ident>(record.name()).map_err(|_| {
        syn::Error::new(
            span,
            format!(
                "struct `{}` cannot be a Rust type: its name is a Rust keyword",
                record.name()
            ),
        )
    })?;
    let ident = syn::Ident::new(&ident.to_string(), span);
    let mut fields = Vec::new();
    for field in record.fields() {
        let name = if is_rust_keyword(&field.name) {
            format_ident!("r#{}", field.name, span = span)
        } else {
            format_ident!("{}", field.name, span = span)
        };
        let ty = crate::export::rust_tokens(&field.ty, span, span);
        fields.push(quote_spanned!(span=> pub #name: #ty));
    }
    Ok(quote_spanned! {span=>
        #[repr(C)]
        #[derive(Clone, Copy, Debug, ::cfunc::Record)]
        #[allow(non_camel_case_types)]
        pub struct #ident {
            #(#fields),*
        }
    })
}

/// Whether a C member name needs `r#` in Rust.
fn is_rust_keyword(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_err()
}
