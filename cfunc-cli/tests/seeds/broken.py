from numba import cfunc

@cfunc("float64(float64)")
def first(x):
    return x * missing

@cfunc("float64(float64)")
def second(x):
    values = [x, x]
    return x
