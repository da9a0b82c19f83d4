cfunc::python!(r#"
from numba import cfunc

@cfunc("flaot64(float64)")
def f(x):
    return x
"#);

fn main() {}
