// `DynFn::from_cfunc` trusts a handle's address and signature, so only an
// `unsafe impl` may claim to be one.
struct Bogus;

impl cfunc::CFunc for Bogus {
    type FnPtr = usize;
    const NAME: &'static str = "bogus";
    const SIGNATURE: &'static str = "float64(float64)";
    const NATIVE_NAME: &'static str = "bogus";
    const C_DECL: &'static str = "double bogus(double x);";
    fn address() -> usize {
        16
    }
    fn fn_ptr() -> usize {
        16
    }
    fn inspect() -> &'static str {
        ""
    }
}

fn main() {}
