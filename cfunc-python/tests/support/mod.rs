//! What the lowering tests share.

use cfunc_python::compile;
use quote::ToTokens;

/// The generated item of the block's only cfunc, as one line of tokens.
pub fn lowered(source: &str) -> String {
    let output = compile(source).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(|error| error.message()).collect();
        panic!("the block does not compile: {messages:?}")
    });
    let [cfunc] = output.cfuncs.as_slice() else {
        panic!("expected one cfunc, found {}", output.cfuncs.len());
    };
    cfunc.item.to_token_stream().to_string()
}
