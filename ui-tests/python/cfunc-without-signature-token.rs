cfunc::python! {
    from numba import cfunc

    @cfunc
    def f(x):
        return x
}

fn main() {}
