cfunc::python! {
    from numba import cfunc

    @cfunc("float64(float64)")
    def f(x):
        if x > 0:
            return x
}

fn main() {}
