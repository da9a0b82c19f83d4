# Records and complex numbers by value through `cfunc build`: a C program
# (call_by_value.c) and Python through the loader (call_by_value.py) call
# these with the same arguments and must print the same values.
from numba import cfunc, types

interval = types.Record.make_c_struct([("lo", types.float64), ("hi", types.float64)])
sample = types.Record.make_c_struct(
    [("tag", types.int32), ("x", types.float64), ("y", types.float32)]
)
# 24 bytes: C passes it in memory.
triple = types.Record.make_c_struct(
    [("a", types.float64), ("b", types.float64), ("c", types.float64)]
)


@cfunc(types.float64(interval, types.float64))
def clamp(i, x):
    if x < i.lo:
        return i.lo
    if x > i.hi:
        return i.hi
    return x


# Five integers leave one integer register: the record goes on the stack
# and the sixth integer still takes a register.
@cfunc(
    types.float64(
        types.int64, types.int64, types.int64, types.int64, types.int64,
        sample, types.int64, types.float64,
    )
)
def late_sample(a1, a2, a3, a4, a5, s, a6, x):
    return a1 + 2 * a2 + 3 * a3 + 4 * a4 + 5 * a5 + 6 * a6 + s.tag * s.x - s.y + x


# Eight doubles fill the float registers; the record and the last double
# go on the stack.
@cfunc(
    types.float64(
        types.float64, types.float64, types.float64, types.float64,
        types.float64, types.float64, types.float64, types.float64,
        triple, types.float64,
    )
)
def weighted_triple(x1, x2, x3, x4, x5, x6, x7, x8, t, x9):
    head = x1 + 2 * x2 + 3 * x3 + 4 * x4 + 5 * x5 + 6 * x6 + 7 * x7 + 8 * x8
    return head + 9 * x9 + t.a - 2 * t.b + 3 * t.c


@cfunc("complex128(float64, complex128, int64)")
def affine(x, z, n):
    return z * x + n


@cfunc("complex64(complex64, complex64)")
def product(a, b):
    return a * b


@cfunc("float64(complex128)")
def norm2(z):
    return z.real * z.real + z.imag * z.imag
