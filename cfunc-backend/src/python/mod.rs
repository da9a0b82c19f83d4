//! `cfunc::python!`: Numba-style `@cfunc` code compiled to cfuncs. Three
//! input forms: Rust tokens (`python! { ... }`), a string literal
//! (`python!(r#"..."#)`) and a file beside the crate
//! (`python!(file = "callbacks.py")`).

mod source;

use crate::diag::Errors;
use crate::export::{self, CFuncInput};
use cfunc_python::render::code_frame;
use cfunc_python::{Const, Diagnostic, Output, compile_with_constants};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use source::TokenSource;
use syn::LitStr;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};

/// Where the Python text came from, to put errors in the right place.
pub(crate) enum Origin<'a> {
    /// Rust tokens: errors go on the token.
    Tokens(&'a TokenSource),
    /// A string literal: errors go on the literal, with the Python line,
    /// column and a code frame in the message.
    Literal(Span),
    /// A file: `FILE:LINE:COL` and a code frame, on the macro's argument.
    File { name: String, span: Span },
}

impl Origin<'_> {
    pub(crate) fn error(&self, source: &str, diagnostic: &Diagnostic) -> syn::Error {
        let range = diagnostic.range();
        let message = diagnostic.message();
        match self {
            Origin::Tokens(tokens) => syn::Error::new(tokens.span_at(range.start()), message),
            Origin::Literal(span) => {
                syn::Error::new(*span, code_frame(source, "<python block>", range, &message))
            }
            Origin::File { name, span } => {
                syn::Error::new(*span, code_frame(source, name, range, &message))
            }
        }
    }

    fn span(&self, offset: usize) -> Span {
        match self {
            Origin::Tokens(tokens) => tokens.span_at(offset),
            Origin::Literal(span) | Origin::File { span, .. } => *span,
        }
    }
}

mod kw {
    syn::custom_keyword!(file);
}

enum Input {
    Literal(LitStr, Constants),
    File(LitStr, Constants),
    Tokens(TokenStream),
}

/// `const pkg.c = 299792458.0`: values of names the block imports from
/// modules cfunc does not load.
type Constants = Vec<(String, Const)>;

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) && (input.peek2(syn::parse::End) || input.peek2(syn::Token![,])) {
            let literal = input.parse()?;
            return Ok(Input::Literal(literal, constants(input)?));
        }
        if input.peek(kw::file) && input.peek2(syn::Token![=]) {
            input.parse::<kw::file>()?;
            input.parse::<syn::Token![=]>()?;
            let path: LitStr = input.parse()?;
            return Ok(Input::File(path, constants(input)?));
        }
        Ok(Input::Tokens(input.parse()?))
    }
}

/// `, const a.b = 1.5, const n = -3`, to the end of the input.
fn constants(input: ParseStream) -> syn::Result<Constants> {
    let mut constants = Vec::new();
    while !input.is_empty() {
        input.parse::<syn::Token![,]>()?;
        if input.is_empty() {
            break;
        }
        if !input.peek(syn::Token![const]) {
            return Err(input.error(
                "after the code, `python!` takes only `const name = value` entries (`const scipy.constants.c = 299792458.0`)",
            ));
        }
        input.parse::<syn::Token![const]>()?;
        let mut path = vec![syn::Ident::parse_any(input)?.to_string()];
        while input.peek(syn::Token![.]) {
            input.parse::<syn::Token![.]>()?;
            path.push(syn::Ident::parse_any(input)?.to_string());
        }
        input.parse::<syn::Token![=]>()?;
        let negative = input.parse::<Option<syn::Token![-]>>()?.is_some();
        let value: syn::Lit = input.parse()?;
        let text = match &value {
            syn::Lit::Int(int) => int.base10_digits().to_owned(),
            syn::Lit::Float(float) => float.base10_digits().to_owned(),
            syn::Lit::Bool(boolean) => boolean.value.to_string(),
            _ => "".to_owned(),
        };
        let text = if negative { format!("-{text}") } else { text };
        let Some(constant) = Const::parse(&text) else {
            return Err(syn::Error::new(
                value.span(),
                "a constant is an int, a float or a bool",
            ));
        };
        constants.push((path.join("."), constant));
    }
    Ok(constants)
}

/// Expands `cfunc::python!(...)`.
pub fn expand_python(input: TokenStream) -> TokenStream {
    let parsed = match syn::parse2::<Input>(input) {
        Ok(parsed) => parsed,
        Err(error) => return error.to_compile_error(),
    };
    match parsed {
        Input::Literal(literal, constants) => {
            let source = literal.value();
            expand_source(&source, &constants, &Origin::Literal(literal.span()), None)
        }
        Input::File(path, constants) => {
            let name = path.value();
            let Some(full) = locate(&name, path.span()) else {
                let manifest_dir =
                    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
                return syn::Error::new(
                    path.span(),
                    format!("cannot read `{name}`: no such file in {manifest_dir} (the crate's directory) or beside the source file"),
                )
                .to_compile_error();
            };
            let source = match std::fs::read_to_string(&full) {
                Ok(source) => source,
                Err(error) => {
                    return syn::Error::new(
                        path.span(),
                        format!("cannot read `{}`: {error}", full.display()),
                    )
                    .to_compile_error();
                }
            };
            // Rebuild when the file changes.
            let full_text = full.to_string_lossy().into_owned();
            let track = quote!(
                const _: &[u8] = ::core::include_bytes!(#full_text);
            );
            expand_source(
                &source,
                &constants,
                &Origin::File {
                    name,
                    span: path.span(),
                },
                Some(track),
            )
        }
        Input::Tokens(tokens) => {
            if tokens.is_empty() {
                return syn::Error::new(
                    Span::call_site(),
                    "`python!` needs a block of Numba-style Python code",
                )
                .to_compile_error();
            }
            let Some(token_source) = TokenSource::new(tokens) else {
                return syn::Error::new(
                    Span::call_site(),
                    "this compiler does not report token positions, so the block's indentation is lost; pass the code as a string: `python!(r#\"...\"#)`",
                )
                .to_compile_error();
            };
            let text = token_source.text.clone();
            expand_source(&text, &[], &Origin::Tokens(&token_source), None)
        }
    }
}

/// The file `name` names: relative to the crate's manifest directory, or
/// else to the directory of the source file that invokes the macro.
fn locate(name: &str, span: Span) -> Option<std::path::PathBuf> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let in_crate = std::path::Path::new(&manifest_dir).join(name);
    if in_crate.is_file() {
        return Some(in_crate);
    }
    let beside = span.local_file()?.parent()?.join(name);
    let beside = if beside.is_relative() {
        std::path::Path::new(&manifest_dir).join(beside)
    } else {
        beside
    };
    beside.is_file().then_some(beside)
}

fn expand_source(
    source: &str,
    constants: &[(String, Const)],
    origin: &Origin<'_>,
    extra: Option<TokenStream>,
) -> TokenStream {
    match compile_with_constants(source, constants) {
        Ok(output) => expand_output(output, origin, extra),
        Err(diagnostics) => {
            let mut errors = diagnostics
                .iter()
                .map(|diagnostic| origin.error(source, diagnostic));
            let mut combined = errors.next().expect("compile failed with an error");
            for error in errors {
                combined.combine(error);
            }
            let mut tokens = combined.to_compile_error();
            tokens.extend(extra);
            tokens
        }
    }
}

fn expand_output(output: Output, origin: &Origin<'_>, extra: Option<TokenStream>) -> TokenStream {
    let Output {
        records,
        foreign,
        helpers,
        cfuncs,
        ..
    } = output;
    let mut tokens = quote!(#(#records)* #(#foreign)* #(#helpers)*);
    for cfunc in cfuncs {
        let span = origin.span(cfunc.signature_range.start());
        // A cfunc named like a C library function exports another symbol,
        // as Numba's cfuncs never export their Python names.
        let native_name =
            (cfunc.native_name != cfunc.name).then(|| LitStr::new(&cfunc.native_name, span));
        let input = CFuncInput {
            signature: cfunc.signature,
            signature_span: span,
            options: export::Options {
                native_name,
                ..export::Options::default()
            },
            item: cfunc.item,
        };
        // The lowered item has `_` types, so it has no fallback.
        tokens.extend(export::expand_cfunc(
            input,
            Errors::new(),
            TokenStream::new(),
        ));
    }
    tokens.extend(extra);
    tokens
}

/// Compiles the `python!` body (`tokens`) of a `#[cfunc]` function `item`
/// into a Rust block, its parameters typed by `signature`.
pub(crate) fn lower_fn_body(
    tokens: TokenStream,
    item: &syn::ItemFn,
    signature: &cfunc_runtime::sig::Signature,
) -> Result<syn::Block, syn::Error> {
    let params: Vec<String> = item
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
    let name = item.sig.ident.to_string();
    let literal = syn::parse2::<LitStr>(tokens.clone()).ok();
    let token_source;
    let (source, origin) = match &literal {
        Some(literal) => (literal.value(), Origin::Literal(literal.span())),
        None => {
            token_source = TokenSource::new(tokens)
                .ok_or_else(|| syn::Error::new(Span::call_site(), "an empty `python!` body"))?;
            (token_source.text.clone(), Origin::Tokens(&token_source))
        }
    };
    match cfunc_python::compile_function(&source, &name, &params, signature) {
        Ok(lowered) => Ok(*lowered.item.block),
        Err(diagnostics) => {
            let mut errors = diagnostics
                .iter()
                .map(|diagnostic| origin.error(&source, diagnostic));
            let mut combined = errors.next().expect("compile failed with an error");
            for error in errors {
                combined.combine(error);
            }
            Err(combined)
        }
    }
}
