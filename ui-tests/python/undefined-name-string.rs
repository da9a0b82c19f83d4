cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    y = x + 1
    return y * scale
"#);

fn main() {}
