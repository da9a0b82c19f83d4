cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    g = lambda y: y * 2
    return x
"#);

fn main() {}
