# Complex slots through `cfunc build`: C's `double _Complex` and
# `float _Complex` in the header, ctypes structures in the loader.
from numba import cfunc


@cfunc("complex128(complex128, float64)")
def rotate_scale(z, x):
    return z * 1j * x


@cfunc("float32(complex64)")
def magnitude(z):
    return abs(z)


@cfunc("complex64(complex64, complex64)")
def ratio(a, b):
    return a / b
