//! The attribute's input as a small model: the parsed signature, the
//! options and the function's parameters, each keeping its tokens so that
//! later stages can put errors on them.

use super::args::{Args, OnPanic};
use crate::diag::Errors;
use cfunc_runtime::sig::{Signature, Type};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, LitStr, Pat};

pub struct CFuncDef {
    pub item: ItemFn,
    /// The signature literal as written, for spans.
    pub signature_lit: LitStr,
    pub signature: Signature,
    pub native_name: String,
    /// The `native_name = "..."` literal, or the fn's ident.
    pub native_name_span: Span,
    pub native_name_explicit: bool,
    pub on_panic: OnPanic,
    /// Also compile the body for AVX2 and AVX-512, chosen at run time.
    pub multiversion: bool,
    pub params: Vec<Param>,
}

pub struct Param {
    /// 0-based position.
    pub index: usize,
    pub pat: Box<Pat>,
    pub ty: Box<syn::Type>,
    /// The name of the parameter in the exported function.
    pub extern_ident: Ident,
    /// The parameter's name as the user wrote it, for messages and `C_DECL`.
    pub display_name: Option<String>,
}

impl Param {
    /// The parameter's name, or `#2` for an unnamed one, as the generated
    /// code names it in messages.
    pub fn label(&self) -> String {
        self.display_name
            .clone()
            .unwrap_or_else(|| format!("#{}", self.index + 1))
    }

    /// "parameter 2 `y`" (1-based, as people count).
    pub fn describe(&self) -> String {
        match &self.display_name {
            Some(name) => format!("parameter {} `{name}`", self.index + 1),
            None => format!("parameter {}", self.index + 1),
        }
    }
}

impl CFuncDef {
    /// Builds the model, recording problems in `errors`; `None` when the
    /// signature itself is missing or invalid (nothing can be checked then).
    pub fn build(args: Args, item: ItemFn, errors: &mut Errors) -> Option<CFuncDef> {
        let Some(signature_lit) = args.signature else {
            if args.cdef.is_some() || args.typedef.is_some() {
                return None; // what is wrong with them is reported already
            }
            errors.push_at(
                Span::call_site(),
                "missing signature: write it first, as in Numba: `#[cfunc(\"float64(float64, float64)\")]`",
            );
            return None;
        };
        let signature = match signature_lit.value().parse::<Signature>() {
            Ok(signature) => signature,
            Err(error) => {
                errors.push_spanned(&signature_lit, format!("invalid signature: {error}"));
                return None;
            }
        };
        let (native_name, native_name_span, native_name_explicit) = match &args.native_name {
            Some(name) => (name.value(), name.span(), true),
            None => (
                item.sig.ident.unraw().to_string(),
                item.sig.ident.span(),
                false,
            ),
        };
        let params = item
            .sig
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(index, input)| match input {
                FnArg::Typed(typed) => Some(Param::new(index, typed)),
                // A receiver is reported by the checker.
                FnArg::Receiver(_) => None,
            })
            .collect();
        // Straight-line bodies gain nothing from wider vectors and would pay
        // the dispatch on every call.
        let multiversion = match &args.multiversion {
            Some(value) => value.value,
            None => super::loops::may_loop(&item.block),
        };
        Some(CFuncDef {
            item,
            signature_lit,
            signature,
            native_name,
            native_name_span,
            native_name_explicit,
            on_panic: args.on_panic.unwrap_or(OnPanic::ReturnZero),
            multiversion,
            params,
        })
    }

    pub fn name(&self) -> &Ident {
        &self.item.sig.ident
    }

    /// The function's name as C and Python see it: `loop`, for `r#loop`.
    pub fn name_text(&self) -> String {
        self.item.sig.ident.unraw().to_string()
    }

    /// The signature slot of parameter `index`, if the arity allows one.
    pub fn slot(&self, index: usize) -> Option<&Type> {
        self.signature.args.get(index)
    }
}

impl Param {
    fn new(index: usize, typed: &syn::PatType) -> Param {
        let display_name = match &*typed.pat {
            Pat::Ident(pat) if pat.ident != "_" => Some(pat.ident.to_string()),
            _ => None,
        };
        let extern_ident = match &*typed.pat {
            Pat::Ident(pat) => pat.ident.clone(),
            other => Ident::new(&format!("__cfunc_arg{index}"), other.span()),
        };
        Param {
            index,
            pat: typed.pat.clone(),
            ty: typed.ty.clone(),
            extern_ident,
            display_name,
        }
    }
}
