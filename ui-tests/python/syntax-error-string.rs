cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    return (x + 1
"#);

fn main() {}
