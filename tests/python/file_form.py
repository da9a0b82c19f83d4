# A module of cfuncs that `python!(file = "...")` compiles.
from numba import cfunc

SCALE = 2


@cfunc("float64(float64, float64)")
def scaled_sum(x, y):
    return SCALE * (x + y)
