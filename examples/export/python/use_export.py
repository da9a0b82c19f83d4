"""Loads libcfunc_example_export.so with ctypes, integrates its `integrand`
with scipy.integrate.quad through scipy.LowLevelCallable (as the seeds do
with Numba's cfunc), and runs `my_callback` on NumPy arrays.

Usage: python use_export.py PATH/TO/libcfunc_example_export.so
Prints one line per check; exits non-zero if a check fails.
"""

import ctypes
import sys

import numpy as np
import scipy
import scipy.integrate as si

SEEDS_RESULT = 0.14849550677592208


def python_integrand(t):
    return np.exp(-t) / t**2


def main(library_path):
    lib = ctypes.CDLL(library_path)

    integrand = lib.integrand
    integrand.restype = ctypes.c_double
    integrand.argtypes = (ctypes.c_double,)
    value, error = si.quad(scipy.LowLevelCallable(integrand), 1, np.inf)
    assert abs(value - SEEDS_RESULT) < 1e-12, (value, SEEDS_RESULT)
    reference, reference_error = si.quad(python_integrand, 1, np.inf)
    assert abs(value - reference) < 1e-12 and abs(error - reference_error) < 1e-15
    print(f"quad {value!r} {error:.2e}")

    my_callback = lib.my_callback
    my_callback.restype = None
    my_callback.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int)
    rng = np.random.default_rng(7)
    for shape in [(3, 4), (1, 1), (0, 5), (257, 129)]:
        in_ = rng.standard_normal(shape)
        out = np.full(shape, np.nan)
        my_callback(in_.ctypes.data, out.ctypes.data, *shape)
        assert np.array_equal(out, 2 * in_), shape
    print("my_callback doubles every array")

    # In place, as a C caller may pass one buffer for both.
    in_place = np.arange(6.0).reshape(2, 3)
    my_callback(in_place.ctypes.data, in_place.ctypes.data, 2, 3)
    assert np.array_equal(in_place, 2 * np.arange(6.0).reshape(2, 3))
    print("my_callback in place", in_place.ravel().tolist())

    # The seeds' my_struct as a NumPy record array (C layout: align=True).
    my_struct = np.dtype(
        [("i1", np.int32), ("f2", np.float32), ("d3", np.float64), ("af4", np.float32, (7,))],
        align=True,
    )
    assert my_struct.itemsize == 48
    records = np.zeros(3, my_struct)
    records["i1"] = [3, -2, 7]
    records["f2"] = [1.5, 0.25, -3.0]
    records["d3"] = [2.0, 4.0, 0.5]
    records["af4"] = rng.standard_normal((3, 7)).astype(np.float32)
    foo = lib.foo
    foo.restype = ctypes.c_double
    foo.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
    expected = 0.0
    for record in records:
        expected += float(record["i1"]) * float(record["f2"]) / record["d3"]
        total = np.float32(0)
        for x in record["af4"]:
            total = np.float32(total + x)
        expected += float(total)
    result = foo(records.ctypes.data, len(records))
    assert abs(result - expected) <= 1e-12 * abs(expected), (result, expected)
    print("foo sums the records")


if __name__ == "__main__":
    main(sys.argv[1])
