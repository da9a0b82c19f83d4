//! One exported cfunc from typed input: a parsed signature, the options
//! and the user's `syn::ItemFn`, through model → check → expand. The
//! attribute (`attr`) and the Python front end (`python`) both end here,
//! each after parsing its own kind of input; neither hands over text.

mod check;
mod expand;
mod loops;
mod model;
mod rust_type;

pub(crate) use rust_type::rust_tokens;

use crate::diag::{Errors, with_fallback};
use cfunc_runtime::sig::Signature;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{Expr, ItemFn, LitBool, LitStr};

/// A cfunc to expand: everything is parsed already.
pub(crate) struct CFuncInput {
    pub signature: Signature,
    /// Where the signature is written: errors about it, and record names
    /// that do not resolve, land here.
    pub signature_span: Span,
    pub options: Options,
    pub item: ItemFn,
}

/// The options of a cfunc beyond its signature.
#[derive(Default)]
pub(crate) struct Options {
    /// `native_name = "..."`: the exported symbol.
    pub native_name: Option<LitStr>,
    pub on_panic: Option<OnPanic>,
    /// `multiversion = false`: no host-feature (AVX2/FMA) version of the body.
    pub multiversion: Option<LitBool>,
}

/// What the exported function does when its body panics.
pub(crate) enum OnPanic {
    /// Print, keep the message, return the zero value (Numba's behaviour).
    ReturnZero,
    Abort(Span),
    Return(Box<Expr>),
    Errno {
        code: Box<Expr>,
        value: Box<Expr>,
    },
}

/// Checks and expands `input`, adding to the problems already in `errors`;
/// on any error, the `compile_error!`s come with `fallback` (so one real
/// error shows instead of a cascade of unresolved names).
pub(crate) fn expand_cfunc(
    input: CFuncInput,
    mut errors: Errors,
    fallback: TokenStream,
) -> TokenStream {
    let def = model::CFuncDef::build(input);
    check::check(&def, &mut errors);
    match errors.finish() {
        Ok(()) => expand::expand(&def),
        Err(error) => with_fallback(error, fallback),
    }
}

/// The user's function as plain Rust, emitted after errors so that its
/// callers do not add "cannot find function" errors to the real one. When
/// it has `_` types (which only the signature could fill) it is left out.
pub(crate) fn fallback_item(item: &ItemFn) -> TokenStream {
    let has_placeholder = item.sig.inputs.iter().any(|input| {
        matches!(input, syn::FnArg::Typed(typed) if matches!(*typed.ty, syn::Type::Infer(_)))
    }) || matches!(&item.sig.output, syn::ReturnType::Type(_, ty) if matches!(**ty, syn::Type::Infer(_)));
    // A variadic fn only adds rustc's "C-variadic functions are unstable".
    if has_placeholder || item.sig.variadic.is_some() {
        return TokenStream::new();
    }
    let mut item = item.clone();
    item.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    item.into_token_stream()
}

/// A type as people write it (`*mut f64`, not `* mut f64`).
fn type_text(ty: &syn::Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut text = raw
        .replace("* mut ", "*mut ")
        .replace("* const ", "*const ")
        .replace("& mut ", "&mut ")
        .replace("& '", "&'")
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",");
    if text.starts_with("& ") {
        text = text.replacen("& ", "&", 1);
    }
    text.replace("& ", "&")
}
