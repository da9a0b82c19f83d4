cfunc::python! {
    from numba import cfunc

    COUNT = 0

    @cfunc("int64(int64)")
    def f(x):
        global COUNT
        return x
}

fn main() {}
