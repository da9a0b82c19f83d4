//! The Python-like front end of cfunc: Numba-style `@cfunc` code, parsed,
//! typed with Numba's rules and lowered to Rust tokens that call the cfunc
//! runtime. An ordinary library, so that each stage can be tested (and
//! fuzzed) without a compiler plugin.

#![warn(missing_docs)]

pub mod ast;
pub mod compile;
pub mod diag;
mod lexer;
mod lower;
mod module;
pub mod parser;
pub mod render;
pub mod semantic;
pub mod text;
mod transcript;
pub mod types;

pub use compile::{Diagnostic, Output, compile, compile_function};
pub use lower::LoweredCFunc;
pub use parser::parse_module;
