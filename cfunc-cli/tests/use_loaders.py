"""Uses the loaders `cfunc build` wrote, from a Python without Numba, the
way code written against Numba's CFunc objects does. Argument: the output
directory. Prints one line per check; exits non-zero on the first failure."""

import ctypes
import importlib.util
import sys

out_dir = sys.argv[1]
sys.path.insert(0, out_dir)

assert importlib.util.find_spec("numba") is None, "this interpreter must not have numba"

import numpy as np
import scipy
import scipy.integrate as si

import add as add_module
import foo as foo_module
import integrand as integrand_module
import my_callback as callback_module

add = add_module.add
assert add.ctypes(4.0, 5.0) == 9.0
assert add(4.0, 5.0) == 9.0
assert add.native_name == "add"
assert add.signature == "float64(float64, float64)"
assert isinstance(add.address, int) and add.address != 0
print("add.ctypes(4.0, 5.0) =", add.ctypes(4.0, 5.0))

integrand = integrand_module.integrand
result, error = si.quad(integrand.ctypes, 1, np.inf)
assert abs(result - 0.14849550677592208) < 1e-12, result
print("quad(integrand.ctypes, 1, inf) =", result)
result, error = si.quad(integrand.llc, 1, np.inf)
assert abs(result - 0.14849550677592208) < 1e-12, result
assert isinstance(integrand.llc, scipy.LowLevelCallable)
result, error = si.quad(scipy.LowLevelCallable(integrand.ctypes), 1, np.inf)
assert abs(result - 0.14849550677592208) < 1e-12, result
print("quad(integrand.llc, 1, inf) =", result)

my_callback = callback_module.my_callback
array = np.arange(12, dtype=np.float64).reshape(3, 4)
expected = 2 * array
my_callback.ctypes(
    array.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
    array.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
    3,
    4,
)
assert (array == expected).all(), array
print("my_callback doubled the array in place")

my_struct = foo_module.my_struct
assert ctypes.sizeof(my_struct) == my_struct.dtype.itemsize == 48
assert foo_module.my_struct_dtype == my_struct.dtype
for field in ("i1", "f2", "d3", "af4"):
    assert getattr(my_struct, field).offset == my_struct.dtype.fields[field][1], field
records = np.zeros(3, dtype=my_struct.dtype)
records["i1"] = [3, -2, 7]
records["f2"] = [1.5, 0.25, -3.0]
records["d3"] = [2.0, 4.0, 0.5]
records["af4"] = np.arange(21, dtype=np.float32).reshape(3, 7) / 10
by_numpy = float(
    (records["i1"].astype(np.float64) * records["f2"].astype(np.float64) / records["d3"]).sum()
    + sum(float(row.sum(dtype=np.float32)) for row in records["af4"])
)
foo = foo_module.foo
by_cfunc = foo.ctypes(records.ctypes.data_as(ctypes.POINTER(my_struct)), 3)
assert abs(by_cfunc - by_numpy) <= 1e-12 * abs(by_numpy), (by_cfunc, by_numpy)
print("foo over a structured array =", by_cfunc, "numpy:", by_numpy)
# Callbacks made by factories: each name holds what its factory returned,
# as under Numba (a LowLevelCallable, a ctypes function).
import scipy.ndimage as ndi

import factories

assert isinstance(factories.integrand, scipy.LowLevelCallable)
result, error = si.quad(factories.integrand, 1, np.inf, args=(2.0,))
expected, _ = si.quad(lambda t: np.exp(-t / 2.0) / t**2, 1, np.inf)
assert abs(result - expected) < 1e-10, (result, expected)
print("quad(factories.integrand, 1, inf, args=(2.0,)) =", result)

result, error = si.nquad(factories.gaussian, [[-np.inf, np.inf], [-np.inf, np.inf]])
assert abs(result - np.pi) < 1e-6, result
print("nquad(factories.gaussian, R^2) =", result)

image = np.random.default_rng(7).random((20, 30))
filtered = ndi.generic_filter(image, factories.fmax, size=(3, 3))
assert np.array_equal(filtered, ndi.maximum_filter(image, size=(3, 3)))
print("generic_filter(image, factories.fmax) equals maximum_filter")

assert isinstance(factories.cube_doubled, ctypes._CFuncPtr)
assert factories.cube_doubled(1.5) == 2.0 * 1.5**3
assert factories.cube_tripled(-2.0) == 3.0 * (-2.0) ** 3
print("cube_doubled(1.5) =", factories.cube_doubled(1.5))

assert isinstance(factories.cube_address, int) and factories.cube_address != 0
cube = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(factories.cube_address)
assert cube(2.0) == 8.0
print("cube through factories.cube_address(2.0) =", cube(2.0))

import complex_numbers

# Complex slots take and give Python complex numbers; `.ctypes` takes them
# too and returns the ctypes structure of the two parts.
assert complex_numbers.rotate_scale(1 + 2j, 2.0) == (1 + 2j) * 1j * 2.0
assert complex(complex_numbers.rotate_scale.ctypes(1 + 2j, 2.0)) == -4 + 2j
assert complex_numbers.magnitude(3 + 4j) == 5.0
assert complex_numbers.ratio(1 + 2j, 1j) == 2 - 1j
print("complex_numbers.rotate_scale(1+2j, 2.0) =", complex_numbers.rotate_scale(1 + 2j, 2.0))

print("all loader checks passed")
