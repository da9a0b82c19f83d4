cfunc::python!(r#"
import math
from numba import cfunc

@cfunc("float64(float64)")
def f(x):
    return math.sqrt(x, base=2)
"#);

fn main() {}
