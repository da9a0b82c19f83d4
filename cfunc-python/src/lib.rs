//! The Python-like front end of cfunc: Numba-style `@cfunc` code, parsed,
//! typed with Numba's rules and lowered to Rust tokens that call the cfunc
//! runtime. An ordinary library, so that each stage can be tested (and
//! fuzzed) without a compiler plugin.

pub mod ast;
pub mod diag;
mod lexer;
pub mod parser;
pub mod render;
pub mod text;

pub use parser::parse_module;
