use cfunc::cfunc;

#[cfunc("float64(float64)")]
struct NotAFunction;

fn main() {}
