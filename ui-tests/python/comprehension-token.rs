cfunc::python! {
    from numba import cfunc

    @cfunc("float64(int64)")
    def f(n):
        squares = [i * i for i in range(n)]
        return 0.0
}

fn main() {}
