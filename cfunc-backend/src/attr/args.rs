//! Parsing the attribute's arguments: `#[cfunc("sig", key = value, ...)]`.

use crate::diag::Errors;
use crate::export::{OnPanic, Options};
use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Expr, LitBool, LitStr, Token, parenthesized};

mod kw {
    syn::custom_keyword!(native_name);
    syn::custom_keyword!(on_panic);
    syn::custom_keyword!(nopython);
    syn::custom_keyword!(cache);
    syn::custom_keyword!(multiversion);
    syn::custom_keyword!(cdef);
    syn::custom_keyword!(typedef);
    syn::custom_keyword!(abort);
    syn::custom_keyword!(errno);
}

/// The options a `#[cfunc]` attribute may carry.
pub const OPTION_NAMES: &str =
    "`native_name`, `on_panic`, `multiversion`, `cdef`, `typedef`, `nopython`, `cache`";

/// The attribute's arguments as written.
#[derive(Default)]
pub struct Args {
    pub signature: Option<LitStr>,
    pub options: Options,
    /// `cdef = "C declarations"`: the signature comes from the C function
    /// type `typedef` names, as with cffi's `map_type`.
    pub cdef: Option<LitStr>,
    pub typedef: Option<LitStr>,
    /// Numba's `nopython = ...` and `cache = ...`: accepted so that pasted
    /// code compiles; Rust code is always compiled ahead of time.
    pub numba_no_ops: Vec<Span>,
}

/// One `key = value` (or the leading signature string) as parsed.
enum Arg {
    Signature(LitStr),
    NativeName(kw::native_name, LitStr),
    OnPanic(kw::on_panic, OnPanic),
    Multiversion(kw::multiversion, LitBool),
    Cdef(kw::cdef, LitStr),
    Typedef(kw::typedef, LitStr),
    NumbaNoOp(Span),
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if lookahead.peek(LitStr) {
            return Ok(Arg::Signature(input.parse()?));
        }
        if lookahead.peek(kw::native_name) {
            let key: kw::native_name = input.parse()?;
            input.parse::<Token![=]>()?;
            return Ok(Arg::NativeName(key, input.parse()?));
        }
        if lookahead.peek(kw::on_panic) {
            let key: kw::on_panic = input.parse()?;
            input.parse::<Token![=]>()?;
            return Ok(Arg::OnPanic(key, parse_on_panic(input)?));
        }
        if lookahead.peek(kw::cdef) {
            let key: kw::cdef = input.parse()?;
            input.parse::<Token![=]>()?;
            return Ok(Arg::Cdef(key, input.parse()?));
        }
        if lookahead.peek(kw::typedef) {
            let key: kw::typedef = input.parse()?;
            input.parse::<Token![=]>()?;
            return Ok(Arg::Typedef(key, input.parse()?));
        }
        if lookahead.peek(kw::multiversion) {
            let key: kw::multiversion = input.parse()?;
            input.parse::<Token![=]>()?;
            return Ok(Arg::Multiversion(key, parse_flag(input)?));
        }
        if lookahead.peek(kw::nopython) || lookahead.peek(kw::cache) {
            let span = input.span();
            input.parse::<syn::Ident>()?;
            input.parse::<Token![=]>()?;
            parse_flag(input)?;
            return Ok(Arg::NumbaNoOp(span));
        }
        if input.peek(syn::Ident) {
            let ident: syn::Ident = input.parse()?;
            return Err(syn::Error::new(
                ident.span(),
                format!("unknown option `{ident}`; expected one of {OPTION_NAMES}"),
            ));
        }
        Err(lookahead.error())
    }
}

/// A flag's value, as Rust (`true`) or as Python (`True`) spells it: the
/// Numba options are pasted from Python code.
fn parse_flag(input: ParseStream) -> syn::Result<LitBool> {
    if input.peek(LitBool) {
        return input.parse();
    }
    if input.peek(syn::Ident) {
        let ident: syn::Ident = input.fork().parse()?;
        let value = match ident.to_string().as_str() {
            "True" => Some(true),
            "False" => Some(false),
            _ => None,
        };
        if let Some(value) = value {
            input.parse::<syn::Ident>()?;
            return Ok(LitBool::new(value, ident.span()));
        }
    }
    Err(input.error("expected `true` or `false` (or Python's `True` or `False`)"))
}

fn parse_on_panic(input: ParseStream) -> syn::Result<OnPanic> {
    let lookahead = input.lookahead1();
    if lookahead.peek(kw::abort) {
        let key: kw::abort = input.parse()?;
        Ok(OnPanic::Abort(key.span))
    } else if lookahead.peek(Token![return]) {
        input.parse::<Token![return]>()?;
        let content;
        parenthesized!(content in input);
        let value: Expr = content.parse()?;
        Ok(OnPanic::Return(Box::new(value)))
    } else if lookahead.peek(kw::errno) {
        input.parse::<kw::errno>()?;
        let content;
        parenthesized!(content in input);
        let code: Expr = content.parse()?;
        content.parse::<Token![,]>()?;
        let value: Expr = content.parse()?;
        content.parse::<Option<Token![,]>>()?;
        Ok(OnPanic::Errno {
            code: Box::new(code),
            value: Box::new(value),
        })
    } else {
        Err(lookahead.error())
    }
}

fn duplicate(errors: &mut Errors, span: Span, name: &str) {
    errors.push_at(span, format!("`{name}` may only be specified once"));
}

impl Args {
    /// Parses the arguments, recording every problem in `errors`. Each
    /// comma-separated argument is parsed on its own, so one bad option does
    /// not hide the others (or the signature).
    pub fn parse(tokens: TokenStream, errors: &mut Errors) -> Args {
        let mut args = Args::default();
        for (position, chunk) in split_at_commas(tokens).into_iter().enumerate() {
            let Some(arg) = errors.take(syn::parse2::<Arg>(chunk)) else {
                continue;
            };
            match arg {
                Arg::Signature(text) if position == 0 => args.signature = Some(text),
                Arg::Signature(text) => match args.signature {
                    Some(_) => errors.push_spanned(&text, "the signature may only be given once"),
                    None => errors.push_spanned(
                        &text,
                        "the signature string must come first: `#[cfunc(\"float64(float64)\", ...)]`",
                    ),
                },
                Arg::NativeName(key, name) => match args.options.native_name {
                    Some(_) => duplicate(errors, key.span, "native_name"),
                    None => args.options.native_name = Some(name),
                },
                Arg::OnPanic(key, policy) => match args.options.on_panic {
                    Some(_) => duplicate(errors, key.span, "on_panic"),
                    None => args.options.on_panic = Some(policy),
                },
                Arg::Multiversion(key, value) => match args.options.multiversion {
                    Some(_) => duplicate(errors, key.span, "multiversion"),
                    None => args.options.multiversion = Some(value),
                },
                Arg::Cdef(key, source) => match args.cdef {
                    Some(_) => duplicate(errors, key.span, "cdef"),
                    None => args.cdef = Some(source),
                },
                Arg::Typedef(key, name) => match args.typedef {
                    Some(_) => duplicate(errors, key.span, "typedef"),
                    None => args.typedef = Some(name),
                },
                Arg::NumbaNoOp(span) => args.numba_no_ops.push(span),
            }
        }
        args
    }
}

/// The top-level comma-separated pieces of an argument list (commas inside
/// brackets belong to their group), without empty trailing pieces.
fn split_at_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut chunks = vec![TokenStream::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => chunks.push(TokenStream::new()),
            _ => chunks
                .last_mut()
                .expect("starts with one chunk")
                .extend([token]),
        }
    }
    chunks.retain(|chunk| !chunk.is_empty());
    chunks
}
