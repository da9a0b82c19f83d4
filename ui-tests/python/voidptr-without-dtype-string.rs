cfunc::python!(r#"
from numba import cfunc, carray

@cfunc("float64(voidptr, intc)")
def f(data, n):
    values = carray(data, n)
    return values[0]
"#);

fn main() {}
