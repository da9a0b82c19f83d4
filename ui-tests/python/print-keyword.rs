cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    print("x is", x, sep=": ")
    return x
"#);

fn main() {}
