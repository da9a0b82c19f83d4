# `print` in cfunc bodies: every function here is compiled by `cfunc::python!`
# (tests/python_print.rs) and, through tests/python/print_numba.py, by
# Numba's `njit` with the same signature (Numba 0.68's `@cfunc` cannot run
# `print`: the call raises "RuntimeError: missing Environment"). Both are
# called on the inputs of print_cases.json, and what they print must be
# the same text.
import numpy as np
from numba import cfunc


@cfunc("void(float64, int64)")
def print_numbers(x, n):
    print(x, n)
    print(x * 1e20, x / 1e6, -x, x * 0.0)


@cfunc("void(float32, boolean, uint8, int16)")
def print_small_types(f, b, u, s):
    print(f, b, u, s, f * 2)


@cfunc("void(float64, int64)")
def print_text_and_tuples(x, n):
    print("x =", x, "and n =", n)
    print((x, n), (n,), ((1, 2.5), True))
    print()
    print('done')


@cfunc("void(float64, float64)")
def print_complex(re, im):
    print(complex(re, im), 2j * re, complex(re, im) * 1j)


@cfunc("int64(int64)")
def print_in_a_loop(n):
    total = 0
    for i in range(n):
        total += i * i
        print(i, total)
    return total
