//! `#[cfunc("sig", ...)]` on a Rust function: parse → check → expand.

mod args;
mod check;
mod expand;
mod libc_names;
mod loops;
mod model;
mod rust_type;

use crate::diag::{Errors, with_fallback};
use proc_macro2::TokenStream;
use quote::ToTokens;

/// Expands `#[cfunc(args)] item`. Errors come back as `compile_error!`s
/// followed by the user's function, so that one real error shows.
pub fn expand_cfunc(args: TokenStream, item: TokenStream) -> TokenStream {
    let item_fn: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(item_fn) => item_fn,
        Err(error) => {
            let error = syn::Error::new(
                error.span(),
                format!("#[cfunc] applies to a free `fn` item: {error}"),
            );
            return with_fallback(error, item);
        }
    };
    let mut errors = Errors::new();
    let mut args = args::Args::parse(args, &mut errors);
    let records = signature_from_cdef(&mut args, &mut errors);
    let mut item_fn = item_fn;
    if let Some(body) = crate::python::python_body(&item_fn.block) {
        lower_python(&mut item_fn, body, &args, &mut errors);
    }
    let fallback = fallback_item(&item_fn);
    let Some(def) = model::CFuncDef::build(args, item_fn, &mut errors) else {
        let error = errors.finish().expect_err("build failed without an error");
        let expanded = with_fallback(error, fallback);
        return quote::quote!(#records #expanded);
    };
    check::check(&def, &mut errors);
    let expanded = match errors.finish() {
        Ok(()) => expand::expand(&def),
        Err(error) => with_fallback(error, fallback),
    };
    quote::quote!(#records #expanded)
}

/// `cdef = "...", typedef = "name"`: the signature of the C function type
/// `name` declares, and the `#[repr(C)]` structs of the records it uses.
fn signature_from_cdef(args: &mut args::Args, errors: &mut Errors) -> TokenStream {
    match (&args.cdef, &args.typedef) {
        (None, None) => TokenStream::new(),
        (Some(source), Some(typedef)) => {
            if let Some(signature) = &args.signature {
                errors.push_spanned(
                    signature,
                    "give either a signature or `cdef` and `typedef`, not both",
                );
                return TokenStream::new();
            }
            match crate::record::cdecl_to_tokens(&source.value(), &typedef.value(), source.span()) {
                Ok((structs, signature)) => {
                    args.signature = Some(syn::LitStr::new(&signature, typedef.span()));
                    structs
                }
                Err(error) => {
                    errors.push(error);
                    TokenStream::new()
                }
            }
        }
        (Some(source), None) => {
            errors.push_spanned(
                source,
                "`cdef` needs `typedef = \"...\"`: the C function type to take the signature from",
            );
            TokenStream::new()
        }
        (None, Some(typedef)) => {
            errors.push_spanned(
                typedef,
                "`typedef` names a type of the `cdef = \"...\"` declarations; give them too",
            );
            TokenStream::new()
        }
    }
}

/// A body written as `python! { ... }`: compiled with the signature's
/// types for the parameters, and put in the function's place.
fn lower_python(
    item_fn: &mut syn::ItemFn,
    body: TokenStream,
    args: &args::Args,
    errors: &mut Errors,
) {
    let Some(literal) = &args.signature else {
        return;
    };
    let Ok(signature) = literal.value().parse::<cfunc_runtime::sig::Signature>() else {
        return; // reported by the model
    };
    let params: Vec<String> = item_fn
        .sig
        .inputs
        .iter()
        .enumerate()
        .map(|(index, input)| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(pat) => pat.ident.to_string(),
                _ => format!("__cfunc_arg{index}"),
            },
            syn::FnArg::Receiver(_) => "self".to_owned(),
        })
        .collect();
    let name = item_fn.sig.ident.to_string();
    match crate::python::lower_python_body(body, &name, &params, &signature) {
        Ok(block) => {
            *item_fn.block = block;
            item_fn.attrs.push(syn::parse_quote!(#[allow(
                unused_mut, unused_variables, unused_assignments, unused_parens, unused_braces,
                unreachable_code, non_snake_case, clippy::all, clippy::pedantic
            )]));
        }
        Err(error) => errors.push(error),
    }
}

/// The user's function as plain Rust, emitted after errors so that its
/// callers do not add "cannot find function" errors to the real one. When
/// it has `_` types (which only the signature could fill) it is left out.
fn fallback_item(item: &syn::ItemFn) -> TokenStream {
    if crate::python::python_body(&item.block).is_some() {
        return TokenStream::new();
    }
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

#[cfg(test)]
mod tests;
