cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    table = {'a': x}
    return x
"#);

fn main() {}
