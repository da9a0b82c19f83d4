"""Child process of difffuzz.py: compiles each function of a job with Numba,
loads the same functions from the library `cfunc build` made, calls both on
the same inputs, and writes the outcomes (pickled) to the result file.

    python runner.py JOB.pickle RESULT.pickle PROGRESS_FILE

An outcome is (result, raised, buffers): floats as float.hex() strings, the
exception class name or None, the final buffer contents (floats as hex).
A crash (segfault) of the process is found by the parent from PROGRESS_FILE,
which names the call in progress and the side making it (numba or cfunc).
"""

import ctypes
import importlib
import os
import pickle
import sys
import warnings

warnings.filterwarnings("ignore")

SIG_CTYPES = {"int64": ctypes.c_int64, "intc": ctypes.c_int, "float64": ctypes.c_double,
              "float32": ctypes.c_float, "boolean": ctypes.c_bool,
              "fptr": ctypes.c_double, "iptr": ctypes.c_int64}


def enc(v):
    if isinstance(v, float):
        return v.hex()
    return v


def exception_class(message):
    rest = message.split("panicked: ", 1)[1] if "panicked: " in message else message
    out = ""
    for c in rest:
        if c.isalnum() or c == "_":
            out += c
        else:
            break
    return out


def call(wrapper, params, args, raised, before, after):
    call_args = []
    buffers = []
    for (pn, t), v in zip(params, args):
        if t in ("fptr", "iptr"):
            el = SIG_CTYPES[t]
            arr = (el * max(len(v), 1))(*v)
            buffers.append((arr, len(v)))
            call_args.append(ctypes.cast(arr, ctypes.POINTER(el)))
        else:
            call_args.append(v)
    before()
    result = wrapper(*call_args)
    exc, msg = after()
    return (enc(result), exc, tuple(tuple(enc(a[k]) for k in range(n)) for a, n in buffers), msg)


def note_progress(path, name, k, side):
    # Written before each call, so that after a crash the parent knows whose it was.
    with open(path, "w") as f:
        f.write("%s %d %s\n" % (name, k, side))


def main():
    job_path, result_path, progress_path = sys.argv[1:4]
    with open(job_path, "rb") as f:
        job = pickle.load(f)
    from numba.core.ccallback import CFunc

    raised = []
    sys.unraisablehook = lambda report: raised.append(
        (type(report.exc_value).__name__, str(report.exc_value)))
    ns = {}
    exec(job["header"], ns)
    numba_fns = {}
    numba_errors = {}
    for name, src in job["sources"].items():
        try:
            exec(compile(src, "<%s>" % name, "exec"), ns)
            numba_fns[name] = ns[name]
        except Exception as error:  # Numba rejects the function
            first = str(error).strip().splitlines()
            numba_errors[name] = "%s: %s" % (type(error).__name__, " ".join(first[:6])[:400])
    cmod = None
    if job.get("build_dir"):
        sys.path.insert(0, job["build_dir"])
        cmod = importlib.import_module(job["module"])
        lib = cmod._lib
        lib.cfunc_last_error.restype = ctypes.c_char_p
        lib.cfunc_last_error.argtypes = []
        lib.cfunc_clear_last_error.restype = None

    def nb_before():
        raised.clear()

    def nb_after():
        if raised:
            return raised[0][0], raised[0][1]
        return None, None

    def cf_before():
        lib.cfunc_clear_last_error()

    def cf_after():
        m = lib.cfunc_last_error()
        if m:
            m = m.decode("utf-8", "replace")
            return exception_class(m), m
        return None, None

    results = {}
    skip = set(job.get("skip", ()))
    for name, (params, inputs) in job["calls"].items():
        if name in numba_errors:
            results[name] = {"numba_error": numba_errors[name]}
            continue
        cf = getattr(cmod, name, None) if cmod is not None else None
        outs = []
        for k, args in enumerate(inputs):
            if (name, k) in skip:
                outs.append(None)
                continue
            note_progress(progress_path, name, k, "numba")
            nb = call(numba_fns[name].ctypes, params, args, raised, nb_before, nb_after)
            cr = None
            if cf is not None:
                note_progress(progress_path, name, k, "cfunc")
                cr = call(cf.ctypes, params, args, raised, cf_before, cf_after)
            outs.append((nb, cr))
        results[name] = {"outcomes": outs}
    with open(progress_path, "w") as f:
        f.write("done\n")
    with open(result_path, "wb") as f:
        pickle.dump(results, f)


if __name__ == "__main__":
    main()
