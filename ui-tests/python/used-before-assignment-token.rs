cfunc::python! {
    from numba import cfunc

    @cfunc("float64(int64)")
    def f(n):
        for i in range(n):
            last = i * 0.5
        return last
}

fn main() {}
