cfunc::python! {
    import pandas as pd
    from numba import cfunc

    @cfunc("float64(float64)")
    def f(x):
        return x * pd.c
}

fn main() {}
