//! `#[cfunc("sig", ...)]` on a Rust function: the attribute's input
//! parsed into typed form (options, signature, `syn::ItemFn`), for
//! [`crate::export`] to check and expand. A body written as `python! { ... }`
//! is recognised here and compiled by the caller, which knows the Python
//! front end; this module does not.

mod args;

use crate::diag::{Errors, with_fallback};
use crate::export::{self, CFuncInput};
use cfunc_runtime::sig::Signature;
use proc_macro2::{Span, TokenStream};

/// A `#[cfunc]` attribute and its function, parsed.
pub(crate) struct Attribute {
    args: args::Args,
    /// The signature, when one is given and parses (or comes from `cdef`),
    /// and where it is written.
    signature: Option<(Signature, Span)>,
    item: syn::ItemFn,
    /// `#[repr(C)]` structs for the records a `cdef` signature uses.
    records: TokenStream,
    errors: Errors,
}

impl Attribute {
    /// Parses `#[cfunc(args)] item`. Problems with the options or the
    /// signature are kept for [`Attribute::expand`] to report with the
    /// checker's; an item that is not a `fn` is reported at once, as
    /// `compile_error!`s followed by the item.
    pub(crate) fn parse(args: TokenStream, item: TokenStream) -> Result<Attribute, TokenStream> {
        let item_fn: syn::ItemFn = match syn::parse2(item.clone()) {
            Ok(item_fn) => item_fn,
            Err(error) => {
                let error = syn::Error::new(
                    error.span(),
                    format!("#[cfunc] applies to a free `fn` item: {error}"),
                );
                return Err(with_fallback(error, item));
            }
        };
        let mut errors = Errors::new();
        let args = args::Args::parse(args, &mut errors);
        let (records, from_cdef) = signature_from_cdef(&args, &mut errors);
        let signature = match &args.signature {
            Some(literal) => {
                let parsed = literal.value().parse::<Signature>();
                errors
                    .take(parsed.map_err(|error| {
                        syn::Error::new(literal.span(), format!("invalid signature: {error}"))
                    }))
                    .map(|signature| (signature, literal.span()))
            }
            None => from_cdef,
        };
        Ok(Attribute {
            args,
            signature,
            item: item_fn,
            records,
            errors,
        })
    }

    /// The signature, if it parsed.
    pub(crate) fn signature(&self) -> Option<&Signature> {
        self.signature.as_ref().map(|(signature, _)| signature)
    }

    /// The function being exported.
    pub(crate) fn item(&self) -> &syn::ItemFn {
        &self.item
    }

    /// The tokens of a body written as `python! { ... }`.
    pub(crate) fn python_body(&self) -> Option<TokenStream> {
        python_body(&self.item.block)
    }

    /// Puts the compiled form of a `python!` body in the function's place.
    pub(crate) fn replace_python_body(&mut self, block: syn::Block) {
        *self.item.block = block;
        self.item.attrs.push(syn::parse_quote!(#[allow(
            unused_mut, unused_variables, unused_assignments, unused_parens, unused_braces,
            unreachable_code, non_snake_case, clippy::all, clippy::pedantic
        )]));
    }

    /// Records an error found while compiling a `python!` body.
    pub(crate) fn push_error(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Checks and expands the function, or reports every problem found.
    pub(crate) fn expand(self) -> TokenStream {
        let Attribute {
            args,
            signature,
            item,
            records,
            mut errors,
        } = self;
        // A body still in Python failed to compile: the user's item would
        // only add errors about the `python!` inside it.
        let fallback = if python_body(&item.block).is_some() {
            TokenStream::new()
        } else {
            export::fallback_item(&item)
        };
        let Some((signature, signature_span)) = signature else {
            if args.signature.is_none() && args.cdef.is_none() && args.typedef.is_none() {
                errors.push_at(
                    Span::call_site(),
                    "missing signature: write it first, as in Numba: `#[cfunc(\"float64(float64, float64)\")]`",
                );
            }
            let error = errors
                .finish()
                .expect_err("a missing or invalid signature is reported");
            let expanded = with_fallback(error, fallback);
            return quote::quote!(#records #expanded);
        };
        let input = CFuncInput {
            signature,
            signature_span,
            options: args.options,
            item,
        };
        let expanded = export::expand_cfunc(input, errors, fallback);
        quote::quote!(#records #expanded)
    }
}

/// `cdef = "...", typedef = "name"`: the `#[repr(C)]` structs of the
/// records the C function type `name` uses, and its signature, written at
/// the `typedef` literal.
fn signature_from_cdef(
    args: &args::Args,
    errors: &mut Errors,
) -> (TokenStream, Option<(Signature, Span)>) {
    let structs = match (&args.cdef, &args.typedef) {
        (None, None) => TokenStream::new(),
        (Some(source), Some(typedef)) => {
            if let Some(signature) = &args.signature {
                errors.push_spanned(
                    signature,
                    "give either a signature or `cdef` and `typedef`, not both",
                );
                return (TokenStream::new(), None);
            }
            match crate::record::cdecl_to_tokens(&source.value(), &typedef.value(), source.span()) {
                Ok((structs, signature)) => return (structs, Some((signature, typedef.span()))),
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
    };
    (structs, None)
}

/// The tokens inside a block whose only statement is `python! { ... }`.
fn python_body(block: &syn::Block) -> Option<TokenStream> {
    let [statement] = block.stmts.as_slice() else {
        return None;
    };
    let mac = match statement {
        syn::Stmt::Macro(stmt) => &stmt.mac,
        syn::Stmt::Expr(syn::Expr::Macro(expr), _) => &expr.mac,
        _ => return None,
    };
    mac.path
        .segments
        .last()
        .filter(|segment| segment.ident == "python")?;
    Some(mac.tokens.clone())
}

#[cfg(test)]
mod tests;
