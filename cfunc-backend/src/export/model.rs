//! A cfunc's input as a small model: the parsed signature, the
//! options and the function's parameters, each keeping its tokens so that
//! later stages can put errors on them.

use super::{CFuncInput, OnPanic};
use cfunc_runtime::sig::{Signature, Type};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, Pat};

pub struct CFuncDef {
    pub item: ItemFn,
    /// Where the signature is written, for errors and record names.
    pub signature_span: Span,
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
    /// Builds the model; what is wrong with it is for the checker to say.
    pub fn build(input: CFuncInput) -> CFuncDef {
        let CFuncInput {
            signature,
            signature_span,
            options,
            item,
        } = input;
        let (native_name, native_name_span, native_name_explicit) = match &options.native_name {
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
        let multiversion = match &options.multiversion {
            Some(value) => value.value,
            None => super::loops::may_loop(&item.block),
        };
        CFuncDef {
            item,
            signature_span,
            signature,
            native_name,
            native_name_span,
            native_name_explicit,
            on_panic: options.on_panic.unwrap_or(OnPanic::ReturnZero),
            multiversion,
            params,
        }
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
