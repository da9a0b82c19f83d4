cfunc::python!(r#"
import sys
from numba import cfunc
from sklearn import linear_model

sys.setrecursionlimit(10000)

@cfunc("float64(float64)")
def f(x):
    return linear_model(x)
"#);

fn main() {}
