cfunc::python!(r#"
from numba import cfunc

@cfunc("float64(int64)")
def f(n):
    x = 1.5
    if n > 0:
        x = (n, n)
    return x
"#);

fn main() {}
