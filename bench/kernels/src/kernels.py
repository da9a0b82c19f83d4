# The kernels that bench/compare_numba.py runs through Numba and, compiled
# by `cfunc::python!(file = ...)`, as cfunc's Python-like form: one source
# for both, so that both compile the same code.
from numba import cfunc, carray, farray, types
import numpy as np

sig_2d = types.void(types.CPointer(types.float64), types.CPointer(types.float64),
                       types.intc, types.intc)
sig_2d_f32 = types.void(types.CPointer(types.float32), types.CPointer(types.float32),
                           types.intc, types.intc)
sig_1d = types.void(types.CPointer(types.float64), types.CPointer(types.float64),
                       types.intp)


@cfunc("float64(float64)")
def integrand(t):
    return np.exp(-t) / t**2


@cfunc(sig_2d)
def double_c(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]


@cfunc(sig_2d)
def double_f(in_, out, m, n):
    in_array = farray(in_, (m, n))
    out_array = farray(out, (m, n))
    for j in range(n):
        for i in range(m):
            out_array[i, j] = 2 * in_array[i, j]


@cfunc(sig_2d_f32)
def double_c_f32(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]


@cfunc(sig_2d_f32)
def double_f_f32(in_, out, m, n):
    in_array = farray(in_, (m, n))
    out_array = farray(out, (m, n))
    for j in range(n):
        for i in range(m):
            out_array[i, j] = 2 * in_array[i, j]


@cfunc(sig_1d)
def double_1d(in_, out, n):
    in_array = carray(in_, n)
    out_array = carray(out, n)
    for i in range(n):
        out_array[i] = 2 * in_array[i]


@cfunc(sig_1d)
def invert(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, (n,))
    out = carray(out_ptr, (n,))
    for i in range(n):
        out[i] = 1 / in_[i]


my_struct = types.Record.make_c_struct([
    ('i1', types.int32),
    ('f2', types.float32),
    ('d3', types.float64),
    ('af4', types.NestedArray(dtype=types.float32, shape=(7,))),
])


@cfunc(types.float64(types.CPointer(my_struct), types.uintp))
def foo(ptr, n):
    base = carray(ptr, n)
    tmp = 0
    for i in range(n):
        tmp += base[i].i1 * base[i].f2 / base[i].d3
        tmp += base[i].af4.sum()
    return tmp


# The dividing kernels again under Numba's `error_model="numpy"`: division
# by zero gives inf or nan as in C, instead of raising ZeroDivisionError.

@cfunc(sig_1d, error_model="numpy")
def invert_numpy(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, (n,))
    out = carray(out_ptr, (n,))
    for i in range(n):
        out[i] = 1 / in_[i]


@cfunc(types.float64(types.CPointer(my_struct), types.uintp), error_model="numpy")
def foo_numpy(ptr, n):
    base = carray(ptr, n)
    tmp = 0
    for i in range(n):
        tmp += base[i].i1 * base[i].f2 / base[i].d3
        tmp += base[i].af4.sum()
    return tmp
