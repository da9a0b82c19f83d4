//! What the lowering tests share.

use cfunc_python::compile;
use cfunc_python::text::LineIndex;
use quote::ToTokens;

/// What a block compiles to; a failure that lists the errors if it does
/// not compile.
pub fn compiled(source: &str) -> cfunc_python::Output {
    compile(source).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(|error| error.message()).collect();
        panic!("the block does not compile: {messages:?}")
    })
}

/// The generated item of the block's only cfunc, as one line of tokens.
#[allow(dead_code)] // each test crate uses what it needs
pub fn lowered(source: &str) -> String {
    let output = compiled(source);
    let [cfunc] = output.cfuncs.as_slice() else {
        panic!("expected one cfunc, found {}", output.cfuncs.len());
    };
    cfunc.item.to_token_stream().to_string()
}

/// Every error of a block that does not compile, as `line: message`.
#[allow(dead_code)] // each test crate uses what it needs
pub fn errors_by_line(source: &str) -> Vec<String> {
    let Err(errors) = compile(source) else {
        panic!("the block compiles");
    };
    let index = LineIndex::new(source);
    errors
        .iter()
        .map(|error| {
            let line = index.line_column(error.range().start()).line;
            format!("{line}: {}", error.message())
        })
        .collect()
}

/// The typing of the block's first cfunc.
#[allow(dead_code)] // each test crate uses what it needs
pub fn typing_of(source: &str) -> cfunc_python::typed::Typing {
    let output = compile(source).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(|error| error.message()).collect();
        panic!("the block does not compile: {messages:?}\n{source}")
    });
    output.cfuncs[0].typing.clone()
}

/// The type of `r = EXPR` in a cfunc of `signature` whose parameters are
/// `a` and `b`.
#[allow(dead_code)] // each test crate uses what it needs
pub fn type_of(signature: &str, expr: &str) -> String {
    let typing = typing_of(&format!(
        "import numpy as np\n\
         from numba import carray, cfunc, farray\n\
         @cfunc('void({signature})')\n\
         def f(a, b):\n    r = {expr}\n"
    ));
    let types = typing.assigned_types("r");
    assert_eq!(types.len(), 1, "{expr}: {types:?}");
    types[0].clone()
}
