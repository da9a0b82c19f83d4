//! Parsing, checking and code generation behind cfunc's macros.
//!
//! This is an ordinary library over `proc_macro2` tokens so that every stage
//! can be unit tested and benchmarked; `cfunc-macro` only forwards to it.
//!
//! Both kinds of input end in `export`, which takes a parsed signature
//! and a `syn::ItemFn`: `attr` parses the attribute's tokens, `python`
//! compiles Python-like code. This file composes them for a `#[cfunc]`
//! function whose body is `python! { ... }`.

#![warn(missing_docs)]

mod attr;
mod diag;
mod export;
mod python;
mod record;

use proc_macro2::TokenStream;

pub use python::expand_python;
pub use record::{cdecl_to_tokens, derive_record};

/// Expands `#[cfunc(args)] item`. Errors come back as `compile_error!`s
/// followed by the user's function, so that one real error shows.
pub fn expand_cfunc(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut attribute = match attr::Attribute::parse(args, item) {
        Ok(attribute) => attribute,
        Err(tokens) => return tokens,
    };
    if let (Some(body), Some(signature)) = (attribute.python_body(), attribute.signature()) {
        match python::lower_fn_body(body, attribute.item(), signature) {
            Ok(block) => attribute.replace_python_body(block),
            Err(error) => attribute.push_error(error),
        }
    }
    attribute.expand()
}
