from numba import cfunc


@cfunc("int64(int64)")
def twice(x):
    return 2 * x


@cfunc("float64(float64)")
def broken(x):
    return x + missing
