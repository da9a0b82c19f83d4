"""Calls the cfuncs of tests/files/by_value.py through the loader `cfunc
build` wrote, with the arguments tests/files/call_by_value.c passes, and
prints the same lines. Argument: the output directory."""

import sys

sys.path.insert(0, sys.argv[1])

import by_value as m


def print_complex(name, z):
    print("%s = %.17g %.17g" % (name, z.real, z.imag))


# Records by value are the loader's `ctypes.Structure` classes.
i = m.interval(-1.5, 2.25)
print("clamp(i, -3) = %.17g" % m.clamp(i, -3.0))
print("clamp(i, 0.5) = %.17g" % m.clamp(i, 0.5))
print("clamp(i, 7) = %.17g" % m.clamp(i, 7.0))
s = m.sample(-3, 1.25, 0.5)
print("late_sample = %.17g" % m.late_sample(1, -2, 3, -4, 5, s, 6, 0.125))
t = m.triple(0.5, -1.5, 2.75)
print(
    "weighted_triple = %.17g"
    % m.weighted_triple(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, t, -0.25)
)
# Complex numbers go through the `_byref` twins; Python complex in and out.
print_complex("affine", m.affine(2.5, 1 - 2j, 3))
print_complex("product", m.product(1.5 + 0.5j, -2 + 4j))
print("norm2 = %.17g" % m.norm2(3 - 4j))
