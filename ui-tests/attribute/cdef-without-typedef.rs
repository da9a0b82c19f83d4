use cfunc::cfunc;

#[cfunc(cdef = "typedef double (*unary)(double);")]
fn f(x: _) -> _ {
    x
}

fn main() {}
