cfunc::python! {
    from numba import cfunc

    @cfunc("float64(float64)")
    def f(x):
        return x * scale
}

fn main() {}
