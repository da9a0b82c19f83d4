cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    label = 'result'
    return x
"#);

fn main() {}
