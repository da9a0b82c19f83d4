cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    class Point:
        pass
    return x
"#);

fn main() {}
