# Callbacks made by factories, as the LowLevelCallable tutorials and
# answers write them: each factory jits the user's function and wraps it in
# a nested cfunc. `cfunc build` runs the factories at compile time; the
# loader binds each name to what the factory returned, as Python would.
import numba
import numpy as np
from numba import carray, cfunc, float64, intc, intp, types
from numba.types import CPointer
from scipy import LowLevelCallable


def jit_integrand_function(integrand_function):
    jitted_function = numba.jit(integrand_function, nopython=True)

    @cfunc(float64(intc, CPointer(float64)))
    def wrapped(n, xx):
        return jitted_function(xx[0], xx[1])

    return LowLevelCallable(wrapped.ctypes)


@jit_integrand_function
def integrand(t, a):
    return np.exp(-t / a) / t**2


@jit_integrand_function
def gaussian(x, y):
    return np.exp(-(x * x + y * y))


def jit_filter_function(filter_function):
    jitted_function = numba.jit(filter_function, nopython=True)

    @cfunc(intc(CPointer(float64), intp, CPointer(float64), types.voidptr))
    def wrapped(values_ptr, len_values, result, data):
        values = carray(values_ptr, (len_values,), dtype=float64)
        result[0] = jitted_function(values)
        return 1

    return LowLevelCallable(wrapped.ctypes)


@jit_filter_function
def fmax(values):
    result = -np.inf
    for v in values:
        if v > result:
            result = v
    return result


def scaled(function, factor=2.0):
    jitted = numba.njit(function)

    @cfunc("float64(float64)")
    def inner(x):
        return factor * jitted(x)

    return inner.ctypes


def cube(x):
    return x * x * x


cube_doubled = scaled(cube)
cube_tripled = scaled(cube, factor=3.0)


def address_of(function):
    jitted = numba.njit(function)

    @cfunc("float64(float64)")
    def wrapped(x):
        return jitted(x)

    return wrapped.address


cube_address = address_of(cube)
