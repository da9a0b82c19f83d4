//! `#[derive(Record)]` on a `#[repr(C)]` struct: parse → check → expand,
//! and [`cdecl_to_tokens`], which turns C declarations into derived
//! structs and a signature for the `#[cfunc]` attribute.

mod cdecl;
mod check;
mod expand;
mod model;

#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;

use crate::diag::{Errors, with_fallback};

pub use cdecl::cdecl_to_tokens;

/// Expands `#[derive(Record)]` on `input`. Errors, all of them at once,
/// come back as `compile_error!`s; nothing else is generated then, since a
/// derive never re-emits the struct.
pub fn derive_record(input: TokenStream) -> TokenStream {
    let item: syn::DeriveInput = match syn::parse2(input) {
        Ok(item) => item,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::new();
    let def = model::RecordDef::parse(&item, &mut errors);
    if let Some(def) = &def {
        check::check(def, &mut errors);
    }
    match (errors.finish(), def) {
        (Ok(()), Some(def)) => expand::expand(&def),
        (Err(error), _) => with_fallback(error, TokenStream::new()),
        (Ok(()), None) => TokenStream::new(),
    }
}
