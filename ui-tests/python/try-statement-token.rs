cfunc::python! {
    from numba import cfunc

    @cfunc("float64(float64)")
    def f(x):
        try:
            return 1 / x
        except ZeroDivisionError:
            return 0.0
}

fn main() {}
