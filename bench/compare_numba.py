"""Side by side, in one run on one machine: the seeds' integrand in
scipy.integrate.quad and the seeds' 2-d doubling callback, as
(a) pure Python, (b) Numba's @cfunc, (c) cfunc's exported callback
(examples/export, built in release), (d) the same code in C (cc -O2).
Prints markdown tables of medians and ratios.

    .venv/bin/python bench/compare_numba.py [--quick]

--quick takes few samples (for CI, to prove that the script works); the
figures in the README come from a full run. Every sample times all the
variants in turn (interleaved), so a slow moment of the machine hits them
alike; the table gives each variant's median.
"""

import argparse
import ctypes
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np
import scipy
import scipy.integrate as si
from numba import carray, cfunc, types

ROOT = Path(__file__).resolve().parent.parent
SEEDS_RESULT = 0.14849550677592208


# --- the seeds' code, for Numba and for pure Python --------------------------

def integrand(t):
    return np.exp(-t) / t**2


nb_integrand = cfunc("float64(float64)")(integrand)

c_sig = types.void(types.CPointer(types.double),
                   types.CPointer(types.double),
                   types.intc, types.intc)


@cfunc(c_sig)
def nb_my_callback(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]


# --- building the native variants --------------------------------------------

def build_cfunc_library():
    """Builds examples/export in release; returns the path of its .so."""
    command = ["cargo", "build", "--release", "--quiet", "-p", "cfunc-example-export",
               "--message-format=json"]
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    for line in result.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and \
                message["target"]["name"] == "cfunc_example_export":
            return next(name for name in message["filenames"] if name.endswith(".so"))
    sys.exit("cargo build did not report libcfunc_example_export.so")


def build_c_library(directory):
    """Compiles bench/compare_numba.c with cc -O2; returns the .so path."""
    library = os.path.join(directory, "libseeds_c.so")
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", library,
                    str(ROOT / "bench" / "compare_numba.c"), "-lm"], check=True)
    return library


# The same ctypes prototypes for every native variant, so that all of them
# reach SciPy and the caller through the same path.
INTEGRAND = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int)


def symbol_address(library, name):
    return ctypes.cast(getattr(library, name), ctypes.c_void_p).value


# --- timing ------------------------------------------------------------------

def interleaved_medians(variants, samples, calls):
    """variants: {name: (function, calls_per_sample_divisor)}; returns the
    median seconds per call of each, sampled in turn."""
    times = {name: [] for name in variants}
    for _ in range(samples):
        for name, (function, divisor) in variants.items():
            count = max(1, calls // divisor)
            start = time.perf_counter()
            for _ in range(count):
                function()
            times[name].append((time.perf_counter() - start) / count)
    return {name: statistics.median(values) for name, values in times.items()}


def table(title, unit, scale, medians, baseline, also):
    print(f"\n{title}\n")
    print(f"| variant | median ({unit}) | ratio to C | ratio to Numba |")
    print("|---|---|---|---|")
    for name, seconds in medians.items():
        print(f"| {name} | {seconds * scale:.2f} | {seconds / medians[baseline]:.3f} "
              f"| {seconds / medians[also]:.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few samples (CI)")
    options = parser.parse_args()
    samples, quad_calls, kernel_calls = (3, 20, 1) if options.quick else (31, 2000, 5)

    cfunc_library = ctypes.CDLL(build_cfunc_library())
    with tempfile.TemporaryDirectory() as directory:
        c_library = ctypes.CDLL(build_c_library(directory))

    integrands = {
        "C, cc -O2": INTEGRAND(symbol_address(c_library, "integrand")),
        "Numba @cfunc": INTEGRAND(nb_integrand.address),
        "cfunc (examples/export)": INTEGRAND(symbol_address(cfunc_library, "integrand")),
    }
    quad_variants = {"pure Python": (lambda: si.quad(integrand, 1, np.inf), 20)}
    for name, function in integrands.items():
        callable_ = scipy.LowLevelCallable(function)
        value, _ = si.quad(callable_, 1, np.inf)
        assert abs(value - SEEDS_RESULT) < 1e-12, (name, value)
        quad_variants[name] = ((lambda c=callable_: si.quad(c, 1, np.inf)), 1)
    assert abs(si.quad(integrand, 1, np.inf)[0] - SEEDS_RESULT) < 1e-12

    m = n = 2000
    in_ = np.random.default_rng(0).standard_normal((m, n))
    out = np.empty_like(in_)
    kernels = {
        "C, cc -O2": CALLBACK(symbol_address(c_library, "my_callback")),
        "Numba @cfunc": CALLBACK(nb_my_callback.address),
        "cfunc (examples/export)": CALLBACK(symbol_address(cfunc_library, "my_callback")),
    }
    kernel_variants = {}
    for name, function in kernels.items():
        out.fill(np.nan)
        function(in_.ctypes.data, out.ctypes.data, m, n)
        assert np.array_equal(out, 2 * in_), name
        kernel_variants[name] = ((lambda f=function: f(in_.ctypes.data, out.ctypes.data, m, n)), 1)

    # Warm-up: one round of everything (page faults, CPU clock).
    interleaved_medians(quad_variants, 1, 20)
    interleaved_medians(kernel_variants, 1, 1)
    quad = interleaved_medians(quad_variants, samples, quad_calls)
    doubling = interleaved_medians(kernel_variants, samples, kernel_calls)

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    print(f"{cpu}; Python {platform.python_version()}, NumPy {np.__version__}, "
          f"SciPy {scipy.__version__}, Numba {numba.__version__}; "
          f"{samples} interleaved samples{' (--quick)' if options.quick else ''}")
    table("`scipy.integrate.quad(f, 1, inf)` of `exp(-t) / t**2` (one call)", "µs", 1e6,
          quad, "C, cc -O2", "Numba @cfunc")
    table(f"the 2-d doubling callback `my_callback` on {m}x{n} float64", "ms", 1e3,
          doubling, "C, cc -O2", "Numba @cfunc")


if __name__ == "__main__":
    main()
