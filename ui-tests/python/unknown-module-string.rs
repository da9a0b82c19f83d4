cfunc::python!(r#"
from numba import cfunc
from sklearn import linear_model

@cfunc("float64(float64)")
def f(x):
    return x
"#);

fn main() {}
