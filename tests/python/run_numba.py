"""Runs the differential suite's cfuncs through real Numba.

Imports differential.py (beside this file) with Numba, calls every cfunc
through its ``.ctypes`` wrapper on each input of differential_cases.json,
and prints one JSON document on stdout:

    {"numba": "0.68.1", "results": {"int_add": [OUTCOME, ...], ...}}

where each OUTCOME is ``{"result": R, "raised": E, "buffers": [[...], ...]}``:
``R`` is the returned value (``null`` for void), ``E`` the class name of the
exception the cfunc raised (Numba reports it as unraisable and returns 0),
and ``buffers`` the final contents of the pointer arguments, in order.
Floats are written with ``float.hex()`` ("nan", "inf", "-inf" for the
special values) so that every bit survives; integers and booleans as JSON
numbers and booleans; complex numbers as ``[re, im]`` (inputs) and
``[re.hex(), im.hex()]`` (results).

Numba's ``@cfunc`` cannot compile a signature with a complex slot (ctypes has
no complex type), so for those ``numba.cfunc`` is replaced, while
differential.py is imported, by a decorator that compiles the function with
``numba.njit(signature)`` instead (see ``ComplexSlots``): the same typing and
code generation for the body, called from Python. An exception it raises is
recorded as a cfunc's is, with the zero result a cfunc returns after one.

Exits with status 2 and a message on stderr if Numba cannot be imported.
"""

import ctypes
import importlib.util
import json
import math
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def fail(message):
    print(f"run_numba.py: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import numba
    from numba.core.ccallback import CFunc
except ImportError as error:
    fail(f"cannot import numba ({error}); `bash .ci/run` creates .venv with numba, numpy and scipy")

FLOAT_CTYPES = (ctypes.c_double, ctypes.c_float)

SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def decode_input(value, ctype):
    """A JSON input converted for a ctypes argument of type ``ctype``."""
    if ctype in FLOAT_CTYPES:
        if isinstance(value, str):
            return SPECIAL_FLOATS[value]
        return float(value)
    if ctype is ctypes.c_bool:
        if not isinstance(value, bool):
            fail(f"expected a JSON boolean for a boolean argument, found {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        fail(f"expected a JSON integer for a {ctype.__name__} argument, found {value!r}")
    return value


def encode(value):
    """A result in JSON: floats as hex strings, the rest as they are."""
    if isinstance(value, float):
        return value.hex()
    return value


class ComplexSlots:
    """Stands in for the CFunc of a signature with a complex slot: the
    function compiled by ``njit`` with that signature (and the cfunc's
    options), called on the decoded arguments."""

    def __init__(self, py_func, args, ret, options):
        self.__name__ = py_func.__name__
        self.args = args
        self.ret = ret
        self.dispatcher = numba.njit(ret(*args), **options)(py_func)

    def decode(self, value, ty):
        if isinstance(ty, numba.types.Complex):
            if not (isinstance(value, list) and len(value) == 2):
                fail(f"{self.__name__}: a complex argument is [re, im], not {value!r}")
            return complex(decode_input(value[0], ctypes.c_double), decode_input(value[1], ctypes.c_double))
        if isinstance(ty, numba.types.Float):
            return decode_input(value, ctypes.c_double)
        if isinstance(ty, numba.types.Boolean):
            return decode_input(value, ctypes.c_bool)
        if isinstance(ty, numba.types.Integer):
            return decode_input(value, ctypes.c_int64)
        fail(f"{self.__name__}: no {ty} arguments beside complex slots; add them to ComplexSlots")

    def zero(self):
        if isinstance(self.ret, numba.types.Complex):
            return 0j
        if isinstance(self.ret, numba.types.Float):
            return 0.0
        if isinstance(self.ret, numba.types.Boolean):
            return False
        return 0

    def run(self, args):
        if len(args) != len(self.args):
            fail(f"{self.__name__} takes {len(self.args)} arguments, the case has {len(args)}")
        values = [self.decode(value, ty) for value, ty in zip(args, self.args)]
        try:
            result, raised = self.dispatcher(*values), None
        except Exception as error:  # noqa: BLE001 - any exception a cfunc could raise
            result, raised = self.zero(), type(error).__name__
        if isinstance(result, complex):
            result = [result.real.hex(), result.imag.hex()]
        return {"result": encode(result), "raised": raised, "buffers": []}


def cfunc_or_njit(signature, **options):
    """``numba.cfunc``, or ``ComplexSlots`` for a signature with a complex slot."""
    args, ret = numba.core.sigutils.normalize_signature(signature)
    if not any(isinstance(ty, numba.types.Complex) for ty in (*args, ret)):
        return real_cfunc(signature, **options)
    return lambda py_func: ComplexSlots(py_func, args, ret, options)


real_cfunc = numba.cfunc


def load_module():
    spec = importlib.util.spec_from_file_location("differential", HERE / "differential.py")
    module = importlib.util.module_from_spec(spec)
    numba.cfunc = cfunc_or_njit
    try:
        spec.loader.exec_module(module)
    finally:
        numba.cfunc = real_cfunc
    return module


def run_case(cfunc, args, raised):
    """Calls ``cfunc`` on one case's arguments; the outcome as JSON data."""
    if isinstance(cfunc, ComplexSlots):
        return cfunc.run(args)
    wrapper = cfunc.ctypes
    argtypes = wrapper.argtypes
    if len(args) != len(argtypes):
        fail(f"{cfunc.__name__} takes {len(argtypes)} arguments, the case has {len(args)}")
    call_args = []
    buffers = []
    for value, argtype in zip(args, argtypes):
        if isinstance(value, list):
            # A pointer argument: a C array holding the listed elements.
            element = argtype._type_
            array = (element * max(len(value), 1))(*(decode_input(v, element) for v in value))
            buffers.append((array, len(value)))
            call_args.append(ctypes.cast(array, argtype))
        else:
            call_args.append(decode_input(value, argtype))
    raised.clear()
    result = wrapper(*call_args)
    return {
        "result": encode(result),
        "raised": raised[0] if raised else None,
        "buffers": [[encode(array[k]) for k in range(length)] for array, length in buffers],
    }


def main():
    cases = json.loads((HERE / "differential_cases.json").read_text())
    module = load_module()
    cfuncs = {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, (CFunc, ComplexSlots))
    }
    missing = sorted(set(cfuncs) - set(cases))
    unknown = sorted(set(cases) - set(cfuncs))
    if missing or unknown:
        fail(f"cfuncs without cases: {missing}; cases for unknown cfuncs: {unknown}")

    # Numba reports an exception raised in a cfunc as unraisable (and the
    # cfunc returns 0): record its class instead of printing it.
    raised = []
    sys.unraisablehook = lambda report: raised.append(type(report.exc_value).__name__)

    results = {}
    for name, inputs in cases.items():
        results[name] = [run_case(cfuncs[name], args, raised) for args in inputs]
    json.dump({"numba": numba.__version__, "results": results}, sys.stdout, indent=None)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
