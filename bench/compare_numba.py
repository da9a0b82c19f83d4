"""Side by side, in one run on one machine: the seeds' kernels as Numba's
@cfunc, as cfunc's Python-like form (`python!`), as Rust bodies
(`#[cfunc]`), and in C compiled with `cc -O2` and `cc -O3 -march=native`,
on data that sits in cache (500x500, 10^5 elements) and data that does not
(2000x2000); and the seeds' integrand in scipy.integrate.quad. Prints
markdown tables of medians and ratios.

    .venv/bin/python bench/compare_numba.py [--quick] [--processes N]

The Numba and `python!` variants are compiled from one file,
bench/kernels/src/kernels.py; the Rust bodies are in bench/kernels/src/lib.rs;
the C ones in bench/compare_numba.c.

How the noise of a shared machine is handled:
- every array kernel is called by a C loop through its function pointer, so
  that no variant pays Python's call overhead inside the timing;
- each round times every variant of a table once, in an order that rotates
  from round to round, and a row's ratio is the median over rounds of the
  ratio to the Numba variant timed in the same round: the two timings are
  seconds apart, so a slow phase of the machine slows both;
- the whole measurement runs in several fresh processes (ASLR places code
  and buffers anew in each, which moves a short callback by several
  percent), and each figure is the median over processes; the table also
  gives the lowest and highest process ratio.

--quick takes one process and few rounds (for CI, to prove that the script
works); the figures in the README come from a full run.
"""

import argparse
import ctypes
import json
import os
import platform
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
KERNELS_PY = ROOT / "bench" / "kernels" / "src" / "kernels.py"
SEEDS_RESULT = 0.14849550677592208
VECTOR_LEVELS = {1: "baseline x86-64 (SSE2)", 2: "AVX2 + FMA", 3: "AVX-512"}


# --- building the native variants --------------------------------------------

def build_cfunc_library():
    """Builds bench/kernels in release; returns the path of its .so."""
    command = ["cargo", "build", "--release", "--quiet", "-p", "cfunc-bench-kernels",
               "--message-format=json"]
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    for line in result.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and \
                message["target"]["name"] == "cfunc_bench_kernels":
            return next(name for name in message["filenames"] if name.endswith(".so"))
    sys.exit("cargo build did not report libcfunc_bench_kernels.so")


C_BUILDS = {"C, cc -O2": ["-O2"], "C, cc -O3 -march=native": ["-O3", "-march=native"]}


def build_c_libraries(directory):
    """Compiles bench/compare_numba.c once per entry of C_BUILDS."""
    libraries = {}
    for position, (label, flags) in enumerate(C_BUILDS.items()):
        library = os.path.join(directory, f"libkernels_c{position}.so")
        subprocess.run(["cc", *flags, "-shared", "-fPIC", "-o", library,
                        str(ROOT / "bench" / "compare_numba.c"), "-lm"], check=True)
        libraries[label] = library
    return libraries


def widest_register(disassembly):
    for register, width in (("zmm", "512-bit"), ("ymm", "256-bit"), ("xmm", "128-bit")):
        if f"%{register}" in disassembly or f"{register}0" in disassembly:
            return width
    return "none"


def objdump_functions(library):
    """{symbol: disassembly} of a shared library, symbols demangled."""
    text = subprocess.run(["objdump", "-d", "-C", "--no-show-raw-insn", library],
                          check=True, capture_output=True, text=True).stdout
    functions, name = {}, None
    for line in text.splitlines():
        if line.endswith(">:"):
            name = line[line.index("<") + 1:-2]
            functions[name] = []
        elif name is not None:
            functions[name].append(line)
    return {name: "\n".join(lines) for name, lines in functions.items()}


# --- the tables ---------------------------------------------------------------

# Each table: the kernel's C prototype kind, the arguments, and its variants
# as (row label, library key, symbol). Library keys: "c0"/"c1" (the C
# builds), "numba" (a Numba cfunc by name), "cfunc" (bench/kernels).
def doubling_variants(name, extra=()):
    return [
        ("C, cc -O2", "c0", name),
        ("C, cc -O3 -march=native", "c1", name),
        ("Numba @cfunc", "numba", name),
        ("cfunc `python!`", "cfunc", name),
        ("cfunc Rust body, `a[(i, j)]`", "cfunc", "rust_" + name),
        *extra,
    ]


def dividing_variants(name):
    """A kernel that divides, under both of Numba's error models, as Rust
    with IEEE division and as Rust that raises as Numba's default does."""
    return [
        ("C, cc -O2 (IEEE division)", "c0", name),
        ("C, cc -O3 -march=native (IEEE)", "c1", name),
        ("Numba @cfunc (raises ZeroDivisionError)", "numba", name),
        ("Numba @cfunc, error_model=\"numpy\" (IEEE)", "numba", name + "_numpy"),
        ("cfunc `python!` (raises)", "cfunc", name),
        ("cfunc `python!`, error_model=\"numpy\" (IEEE)", "cfunc", name + "_numpy"),
        ("cfunc Rust body, plain `/` (IEEE)", "cfunc", "rust_" + name),
        ("cfunc Rust body, raising on zero", "cfunc", f"rust_{name}_raising"),
    ]


def tables(quick):
    rng = np.random.default_rng(0)
    result = []
    sizes = [500, 2000]
    for m in sizes:
        for dtype, suffix in ((np.float64, ""), (np.float32, "_f32")):
            data = rng.standard_normal((m, m)).astype(dtype)
            for order, kernel in (("C", "double_c"), ("F", "double_f")):
                extra = ()
                if kernel == "double_c" and suffix == "":
                    extra = (("cfunc Rust body, `iter_mut().zip(iter())`", "cfunc", "rust_double_zip"),
                             ("cfunc Rust body, `assign_map`", "cfunc", "rust_double_map"))
                title = (f"`out = 2 * in`, {m}x{m} {np.dtype(dtype).name}, "
                         f"{'carray' if order == 'C' else 'farray'} (`{kernel + suffix}`)")
                result.append(dict(title=title, kind="2d", data=data, shape=(m, m),
                                   expected=lambda x: 2 * x,
                                   calls=3 if m > 1000 else 100,
                                   variants=doubling_variants(kernel + suffix, extra)))
    data = rng.standard_normal((500, 500))
    result.append(dict(
        title="`out = 2 * in` in place (C passes one buffer as both), 500x500 float64, carray",
        kind="2d", in_place=True, data=data, shape=(500, 500), expected=lambda x: 2 * x,
        calls=100, variants=[
            ("C, cc -O2", "c0", "double_c"),
            ("C, cc -O3 -march=native", "c1", "double_c"),
            ("Numba @cfunc", "numba", "double_c"),
            ("cfunc `python!`", "cfunc", "double_c"),
            ("cfunc Rust body, `a[(i, j)]`", "cfunc", "rust_double_c"),
            ("cfunc Rust body, `assign_map`", "cfunc", "rust_double_map"),
        ]))
    n = 100_000
    data = rng.standard_normal(n)
    result.append(dict(title=f"`out = 2 * in`, 1-d, {n} float64 (`double_1d`)", kind="1d",
                       data=data, shape=(n,), expected=lambda x: 2 * x, calls=300,
                       variants=doubling_variants("double_1d")))
    divisors = rng.uniform(0.5, 2.0, n)
    result.append(dict(
        title=f"`out = 1 / in`, 1-d, {n} float64 (`invert`); no divisor is zero",
        kind="1d", data=divisors, shape=(n,), expected=lambda x: 1 / x, calls=30,
        variants=dividing_variants("invert")))
    result.append(dict(
        title=f"`foo` over {n} records of `my_struct` (a float reduction)",
        kind="records", data=None, shape=(n,), expected=None, calls=20,
        variants=dividing_variants("foo")))
    result.append(dict(
        title="`scipy.integrate.quad(f, 1, inf)` of `exp(-t) / t**2` (one call)",
        kind="quad", data=None, shape=(), expected=None, calls=200 if quick else 1000,
        variants=[
            ("C, cc -O2", "c0", "integrand"),
            ("C, cc -O3 -march=native", "c1", "integrand"),
            ("Numba @cfunc", "numba", "integrand"),
            ("cfunc `python!`", "cfunc", "integrand"),
            ("cfunc Rust body", "cfunc", "rust_integrand"),
            ("cfunc Rust body, `multiversion = true` (host-feature dispatch)", "cfunc",
             "rust_integrand_dispatched"),
            ("plain Rust `extern \"C\"` (no panic guard)", "cfunc", "rust_integrand_unguarded"),
        ]))
    return result


# --- one measuring process ----------------------------------------------------

KERNEL_2D = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int)
INTEGRAND = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)


def records(numba_namespace, n):
    dtype = numba_namespace["my_struct"].dtype
    base = np.zeros(n, dtype=dtype)
    k = np.arange(n)
    base["i1"] = k % 17
    base["f2"] = 0.5 + (k % 5)
    base["d3"] = 1.0 + (k % 3)
    base["af4"] = 0.25
    return base


def measure(paths, quick, rounds, only):
    """Times every table; returns {title: {row: [median seconds, median
    ratio to Numba, median ratio to C -O2]}} and what the process found out
    about the machine."""
    import scipy
    import scipy.integrate as si

    numba_namespace = runpy.run_path(str(KERNELS_PY))
    libraries = {"cfunc": ctypes.CDLL(paths["cfunc"])}
    libraries["cfunc"].cfunc_bench_vector_level.restype = ctypes.c_uint8
    for position, label in enumerate(C_BUILDS):
        libraries[f"c{position}"] = ctypes.CDLL(paths[label])
    driver = libraries["c0"]
    driver.repeat_2d.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                 ctypes.c_int, ctypes.c_int, ctypes.c_long]
    driver.repeat_1d.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                 ctypes.c_ssize_t, ctypes.c_long]
    driver.repeat_records.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                      ctypes.c_long]
    driver.repeat_records.restype = ctypes.c_double

    def address(key, symbol):
        if key == "numba":
            return numba_namespace[symbol].address
        return ctypes.cast(getattr(libraries[key], symbol), ctypes.c_void_p).value

    report = {}
    for table in tables(quick):
        if only not in table["title"]:
            continue
        kind, calls = table["kind"], table["calls"]
        runners = {}
        if kind in ("2d", "1d"):
            data = np.asfortranarray(table["data"]) if "double_f" in table["title"] \
                else table["data"]
            out = np.empty_like(data)
            # In place, the kernels double the one buffer again at every call;
            # past inf the values stay inf, which costs what finite ones do.
            in_place = table.get("in_place", False)
            source = out if in_place else data
            for label, key, symbol in table["variants"]:
                pointer = address(key, symbol)
                out[...] = data if in_place else np.nan
                if kind == "2d":
                    m, n = data.shape
                    driver.repeat_2d(pointer, source.ctypes.data, out.ctypes.data, m, n, 1)
                    runners[label] = (lambda p=pointer, m=m, n=n: driver.repeat_2d(
                        p, source.ctypes.data, out.ctypes.data, m, n, calls))
                else:
                    (n,) = data.shape
                    driver.repeat_1d(pointer, source.ctypes.data, out.ctypes.data, n, 1)
                    runners[label] = (lambda p=pointer, n=n: driver.repeat_1d(
                        p, source.ctypes.data, out.ctypes.data, n, calls))
                assert np.array_equal(out, table["expected"](data)), (table["title"], label)
        elif kind == "records":
            base = records(numba_namespace, table["shape"][0])
            results = {}
            for label, key, symbol in table["variants"]:
                pointer = address(key, symbol)
                results[label] = driver.repeat_records(pointer, base.ctypes.data, len(base), 1)
                runners[label] = (lambda p=pointer: driver.repeat_records(
                    p, base.ctypes.data, len(base), calls))
            assert len(set(results.values())) == 1, results
        else:
            for label, key, symbol in table["variants"]:
                callable_ = scipy.LowLevelCallable(INTEGRAND(address(key, symbol)))
                value, _ = si.quad(callable_, 1, np.inf)
                assert abs(value - SEEDS_RESULT) < 1e-12, (label, value)

                def run(c=callable_):
                    for _ in range(calls):
                        si.quad(c, 1, np.inf)
                runners[label] = run
        labels = list(runners)
        baseline = next(label for label in labels if label.startswith("Numba"))
        c_baseline = labels[0]
        for label in labels:  # warm-up: page faults, caches, the CPU clock
            runners[label]()
        times = {label: [] for label in labels}
        ratios = {label: [] for label in labels}
        c_ratios = {label: [] for label in labels}
        for round_ in range(rounds):
            shift = round_ % len(labels)
            sample = {}
            for label in labels[shift:] + labels[:shift]:
                start = time.perf_counter()
                runners[label]()
                sample[label] = (time.perf_counter() - start) / calls
            for label in labels:
                times[label].append(sample[label])
                ratios[label].append(sample[label] / sample[baseline])
                c_ratios[label].append(sample[label] / sample[c_baseline])
        report[table["title"]] = {
            label: [statistics.median(times[label]), statistics.median(ratios[label]),
                    statistics.median(c_ratios[label])]
            for label in labels}

    import llvmlite.binding as llvm
    numba_asm = {name: numba_namespace[name]._library.get_asm_str()
                 for name in ("double_c", "double_1d")}
    machine = {
        "cpu": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                     if line.startswith("model name")), platform.processor()),
        "cfunc_level": libraries["cfunc"].cfunc_bench_vector_level(),
        "numba_cpu": llvm.get_host_cpu_name(),
        "numba_width": {name: widest_register(asm) for name, asm in numba_asm.items()},
    }
    return report, machine


# --- the parent: processes, medians, tables -----------------------------------

def print_tables(reports, machine, paths, options):
    import numba
    import scipy
    print(f"{machine['cpu']}; Python {platform.python_version()}, NumPy {np.__version__}, "
          f"SciPy {scipy.__version__}, Numba {numba.__version__}; "
          f"{len(reports)} process(es) x {options.rounds} rounds"
          f"{' (--quick)' if options.quick else ''}.")
    functions = objdump_functions(paths["cfunc"])
    level = machine["cfunc_level"]
    version = {1: None, 2: "__cfunc_body_avx2", 3: "__cfunc_body_avx512"}[level]
    rust_double_c = next((text for name, text in functions.items()
                          if version and "rust_double_c::" in name and version in name), "")
    c_native = objdump_functions(paths["C, cc -O3 -march=native"]).get("double_c", "")
    print(f"\nVector width in use: cfunc runs its {VECTOR_LEVELS[level]} version here "
          f"(widest register in `rust_double_c`'s: {widest_register(rust_double_c)}); "
          f"Numba compiles for `{machine['numba_cpu']}` "
          f"(`double_c`: {machine['numba_width']['double_c']}); "
          f"`cc -O3 -march=native` gives `double_c` {widest_register(c_native)}; "
          f"`cc -O2` targets baseline x86-64.")
    for title in reports[0]:
        print(f"\n{title}\n")
        print("| variant | median | ratio to C -O2 | ratio to Numba "
              "| lowest, highest process ratio to Numba |")
        print("|---|---|---|---|---|")
        for label in reports[0][title]:
            seconds = statistics.median(report[title][label][0] for report in reports)
            per_process = [report[title][label][1] for report in reports]
            to_c = statistics.median(report[title][label][2] for report in reports)
            unit, scale = ("ms", 1e3) if seconds > 1e-3 else ("µs", 1e6)
            print(f"| {label} | {seconds * scale:.2f} {unit} | {to_c:.3f} "
                  f"| {statistics.median(per_process):.3f} "
                  f"| {min(per_process):.3f}, {max(per_process):.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one process, few rounds (CI)")
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--only", default="", help="measure only the tables whose title has this text")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.rounds is None:
        options.rounds = 3 if options.quick else 21
    if options.quick:
        options.processes = 1
    if options.child:
        report, machine = measure(json.loads(options.child), options.quick, options.rounds,
                                  options.only)
        json.dump({"report": report, "machine": machine}, sys.stdout)
        return

    with tempfile.TemporaryDirectory() as directory:
        paths = {"cfunc": build_cfunc_library(), **build_c_libraries(directory)}
        reports = []
        for _ in range(options.processes):
            command = [sys.executable, __file__, "--child", json.dumps(paths),
                       "--rounds", str(options.rounds), "--only", options.only] + (["--quick"] if options.quick else [])
            child = subprocess.run(command, check=True, capture_output=True, text=True)
            result = json.loads(child.stdout)
            reports.append(result["report"])
        print_tables(reports, result["machine"], paths, options)


if __name__ == "__main__":
    main()
