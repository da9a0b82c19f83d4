"""Start-up cost of a C callback from Python, side by side in one run:
wall time of a fresh Python process from start until the seeds' integrand
has been called once, for

  (a) `import integrand` of the library `cfunc build` made ahead of time,
  (b) Numba's `@cfunc`, compiled in the process (no cache),
  (c) Numba's `@cfunc(cache=True)` with a warm cache,

and the time of a second `cfunc build` after a one-line change to the file.

    python bench/startup.py [--runs N]      (a Python with numba and numpy)
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ROOT / "cfunc-cli" / "tests" / "seeds" / "integrand.py"

NUMBA_SCRIPT = """
import numpy as np
from numba import cfunc

@cfunc("float64(float64)", cache={cache})
def integrand(t):
    return np.exp(-t) / t**2

integrand.ctypes(1.0)
"""


def cfunc_command():
    built = ROOT / "target" / "release" / "cfunc"
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "cfunc-cli"], cwd=ROOT, check=True
    )
    return [str(built)]


def timed(command, cwd=None, env=None):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_of(runs, command, cwd=None, env=None):
    return statistics.median(timed(command, cwd, env) for _ in range(runs))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    python = sys.executable
    work = pathlib.Path(tempfile.mkdtemp(prefix="cfunc-startup-"))
    try:
        env = dict(os.environ, CFUNC_CACHE_DIR=str(work / "cache"))
        cfunc = cfunc_command()
        source = work / "integrand.py"
        shutil.copy(SEED, source)
        out = work / "out"
        subprocess.run(cfunc + ["build", str(source), "-o", str(out)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        import_script = (
            "import sys; sys.path.insert(0, {!r}); import integrand; integrand.integrand(1.0)".format(str(out))
        )
        a = median_of(args.runs, [python, "-c", import_script])

        numba_dir = work / "numba"
        numba_dir.mkdir()
        (numba_dir / "nocache.py").write_text(NUMBA_SCRIPT.format(cache=False))
        (numba_dir / "cached.py").write_text(NUMBA_SCRIPT.format(cache=True))
        b = median_of(args.runs, [python, "nocache.py"], cwd=numba_dir)
        timed([python, "cached.py"], cwd=numba_dir)  # warms the cache
        c = median_of(args.runs, [python, "cached.py"], cwd=numba_dir)

        # A one-line change, then a second build (the crate and its
        # dependencies are already built).
        text = source.read_text()
        source.write_text(text.replace("t**2", "(t * t)"))
        rebuild = timed(cfunc + ["build", str(source), "-o", str(out)], env=env)

        print("| from process start to the first call | median (s) | ratio to (a) |")
        print("|---|---|---|")
        print(f"| (a) import of the `cfunc build` library | {a:.3f} | 1.0 |")
        print(f"| (b) Numba `@cfunc`, no cache | {b:.3f} | {b / a:.1f} |")
        print(f"| (c) Numba `@cfunc(cache=True)`, warm cache | {c:.3f} | {c / a:.1f} |")
        print()
        print(f"second `cfunc build` after a one-line change: {rebuild:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
