cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    print("x is", x)
    return x
"#);

fn main() {}
