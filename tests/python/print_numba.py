"""Prints what Numba prints for the cases of print_cases.json.

Imports print_cases.py (beside this file) with `numba.cfunc` replaced by
`numba.njit` of the same signature, because Numba 0.68's `@cfunc` cannot
run `print` ("RuntimeError: missing Environment"), and calls every function
on each of its cases (in the order of their names), after a line
`## NAME INDEX`. Exits with status 2 and a message on stderr if Numba
cannot be imported.
"""

import importlib.util
import json
import math
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent

try:
    import numba
except ImportError as error:
    print(f"print_numba.py: cannot import numba ({error})", file=sys.stderr)
    sys.exit(2)

SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def main():
    cfunc = numba.cfunc
    numba.cfunc = lambda signature, **options: numba.njit(signature, **options)
    try:
        spec = importlib.util.spec_from_file_location("print_cases", HERE / "print_cases.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        numba.cfunc = cfunc
    cases = json.loads((HERE / "print_cases.json").read_text())
    for name, inputs in sorted(cases.items()):
        function = getattr(module, name)
        for index, args in enumerate(inputs):
            print(f"## {name} {index}")
            function(*(SPECIAL_FLOATS.get(arg, arg) if isinstance(arg, str) else arg for arg in args))
    print("## end")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
