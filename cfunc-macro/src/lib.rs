//! The procedural macros of `cfunc`. Use them through the `cfunc` crate,
//! which documents them; the work is done in `cfunc-backend`.

#![warn(missing_docs)]

use proc_macro::TokenStream;

/// Turns a Rust function into a C callback with a Numba-style signature.
/// See the `cfunc` crate for the documentation.
#[proc_macro_attribute]
pub fn cfunc(args: TokenStream, item: TokenStream) -> TokenStream {
    cfunc_backend::expand_cfunc(args.into(), item.into()).into()
}

/// Derives `cfunc::Record` for a `#[repr(C)]` struct, with compile-time
/// layout checks. See the `cfunc` crate for the documentation.
#[proc_macro_derive(Record, attributes(record))]
pub fn derive_record(input: TokenStream) -> TokenStream {
    cfunc_backend::derive_record(input.into()).into()
}

/// Compiles Numba-style `@cfunc` Python code to cfuncs. See the `cfunc`
/// crate for the documentation.
#[proc_macro]
pub fn python(input: TokenStream) -> TokenStream {
    cfunc_backend::expand_python(input.into()).into()
}
