//! Collecting errors instead of stopping at the first one.

use proc_macro2::TokenStream;

/// An accumulator of `syn::Error`s, folded with [`syn::Error::combine`] so
/// that one expansion reports every problem it found.
#[derive(Default)]
pub struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    pub fn push_spanned(&mut self, tokens: impl quote::ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub fn push_at(&mut self, span: proc_macro2::Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records the error of a failed step and returns its value if any.
    pub fn take<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    /// The checkpoint between checking and expanding.
    pub fn finish(self) -> Result<(), syn::Error> {
        self.combined.map_or(Ok(()), Err)
    }
}

/// `compile_error!`s for `error`, followed by the fallback tokens so that one
/// real error shows instead of a cascade of "cannot find function".
pub fn with_fallback(error: syn::Error, fallback: TokenStream) -> TokenStream {
    let mut tokens = error.to_compile_error();
    tokens.extend(fallback);
    tokens
}
