from numba import cfunc

@cfunc("float64(float64, float64)")
def add(x, y):
    return x + y
