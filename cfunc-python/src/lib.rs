//! The Python-like front end of cfunc: Numba-style `@cfunc` code, parsed,
//! typed with Numba's rules and lowered to Rust tokens that call the cfunc
//! runtime. An ordinary library, so that each stage can be tested (and
//! fuzzed) without a compiler plugin.
//!
//! The stages, in order: [`parser`] (with its lexer) reads the text into
//! an [`ast`]; `module` evaluates the module level (imports, signatures,
//! records, ctypes declarations); `resolve` puts each cfunc body in SSA
//! form with its names resolved; `lower` infers the types of its values,
//! checks the body into a typed IR (`tir`) and plans its loop versioning;
//! `generate` turns that IR into Rust.
//! [`compile()`] runs them all.

#![warn(missing_docs)]

pub mod ast;
mod lexer;
pub mod parser;
pub mod syntax_error;
pub mod text;
mod transcript;

mod module;

mod resolve;

mod generate;
mod lower;
pub mod semantic_error;
mod tir;
pub mod typed;
pub mod types;

pub mod compile;
pub mod render;

pub use compile::{Diagnostic, Output, compile, compile_function, compile_with_constants};
pub use lower::{Lowered, LoweredCFunc};
pub use module::{CFuncForm, Const};
pub use parser::parse_module;
