//! Parsing, checking and code generation behind cfunc's macros.
//!
//! This is an ordinary library over `proc_macro2` tokens so that every stage
//! can be unit tested and benchmarked; `cfunc-macro` only forwards to it.

mod attr;
mod diag;
mod python;
mod record;

pub use attr::expand_cfunc;
pub use python::expand_python;
pub use record::{cdecl_to_tokens, derive_record};
