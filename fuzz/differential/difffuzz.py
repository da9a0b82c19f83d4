#!/usr/bin/env python3
"""Differential fuzzer: random Numba `@cfunc` modules, built with `cfunc build`
and compiled by real Numba, called on the same inputs, compared bit for bit.

    difffuzz.py --smoke                      # fixed seed, 20 programs
    difffuzz.py --seed 7 --programs 1000 --out /tmp/dfz
    difffuzz.py ... --cfunc PATH             # the cfunc binary (default: target/release/cfunc)

Per module (--per-module functions, default 40): `cfunc check` (functions it
rejects are counted as "rejected", by message), `cfunc build` of the rest,
then runner.py (a child process) calls each function through Numba's and
cfunc's `.ctypes` on --inputs random inputs. Results compare by float.hex,
exceptions by class (Numba: the unraisable hook; cfunc: cfunc_last_error()),
buffers by their final contents. A mismatch is shrunk (statements removed,
subexpressions replaced by children, literals or parameters, unused
parameters dropped) and written to OUT/found/ as a Python file in the style
of tests/python/differential.py plus a JSON case file in the style of
differential_cases.json. Run with the project's venv python (numba).
"""

import argparse
import json
import math
import os
import pickle
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# A seed whose 20 programs agree entirely with Numba (none hits one of
# Numba's overflow quirks), so that any mismatch in the smoke run is news.
SMOKE_SEED = 9


# ---- running a batch of functions -------------------------------------------

class Env:
    def __init__(self, args):
        self.cfunc = args.cfunc
        self.work = os.path.abspath(args.out)
        os.makedirs(os.path.join(self.work, "mods"), exist_ok=True)
        self.python = sys.executable
        self.counter = 0
        self.verbose = args.verbose

    def check(self, path):
        p = subprocess.run([self.cfunc, "check", path], capture_output=True, text=True)
        errors = []
        for line in (p.stdout + p.stderr).splitlines():
            m = re.match(r"^(.*?):(\d+):(\d+): (.*)$", line)
            if m and m.group(1).endswith(os.path.basename(path)):
                errors.append((int(m.group(2)), m.group(4)))
        return p.returncode, errors, p.stdout + p.stderr

    def evaluate(self, fns, inputs, tag):
        """{name: {"rejected": msg} | {"numba_error": msg} | {"outcomes": [...]}}"""
        self.counter += 1
        modname = "dfz_%s_%d" % (tag, self.counter)
        path = os.path.join(self.work, "mods", modname + ".py")
        results = {}
        live = list(fns)
        for _ in range(5):
            text, spans = gen.render_module(live)
            with open(path, "w") as f:
                f.write(text)
            rc, errors, out = self.check(path)
            if rc == 0:
                break
            bad = {}
            for line, msg in errors:
                for name, (a, b) in spans.items():
                    if a <= line <= b:
                        bad.setdefault(name, msg)
            if not bad:  # an error outside every function
                for fn in live:
                    results[fn.name] = {"rejected": "module: " + out.strip().splitlines()[0]}
                return results
            for name, msg in bad.items():
                results[name] = {"rejected": msg}
            live = [fn for fn in live if fn.name not in bad]
        if not live:
            return results
        build_dir = os.path.join(self.work, "build")
        env = dict(os.environ, CARGO_BUILD_JOBS="1")
        t0 = time.time()
        p = subprocess.run([self.cfunc, "build", path, "-o", build_dir], capture_output=True, text=True, env=env)
        if self.verbose:
            print("  build %s: %.1fs" % (modname, time.time() - t0), file=sys.stderr)
        if p.returncode != 0:
            for fn in live:
                results[fn.name] = {"rejected": "build failed: " + p.stderr.strip()[-300:]}
            return results
        crashed = {}  # (function, input index) -> the side that crashed: "numba" or "cfunc"
        for _ in range(10):
            job = {"header": gen.HEADER, "sources": {fn.name: gen.render_fn(fn) for fn in live},
                   "build_dir": build_dir, "module": modname,
                   "calls": {fn.name: (fn.params, inputs[fn.name]) for fn in live}, "skip": set(crashed)}
            jp = os.path.join(self.work, "job.pickle")
            rp = os.path.join(self.work, "result.pickle")
            pp = os.path.join(self.work, "progress")
            with open(jp, "wb") as f:
                pickle.dump(job, f)
            if os.path.exists(rp):
                os.remove(rp)
            c = subprocess.run([self.python, os.path.join(HERE, "runner.py"), jp, rp, pp],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=900)
            if c.returncode == 0 and os.path.exists(rp):
                with open(rp, "rb") as f:
                    res = pickle.load(f)
                for (name, k), side in crashed.items():
                    res[name]["outcomes"][k] = "crash"
                    res[name].setdefault("crashed", {})[k] = side
                results.update(res)
                return results
            prog = open(pp).read().split() if os.path.exists(pp) else []
            if len(prog) == 3:
                crashed[(prog[0], int(prog[1]))] = prog[2]
                print("  crash (rc %s) of %s in %s input %s" % (c.returncode, prog[2], prog[0], prog[1]),
                      file=sys.stderr)
            else:
                print("  runner failed: rc %s %s" % (c.returncode, c.stderr[-2000:]), file=sys.stderr)
                for fn in live:
                    results.setdefault(fn.name, {"rejected": "runner failed"})
                return results
        return results


def same(nb, cf):
    return nb[0] == cf[0] and nb[1] == cf[1] and nb[2] == cf[2]


def kind_of(nb, cf):
    return "raise" if nb[1] != cf[1] else "value"


# ---- shrinking ---------------------------------------------------------------

LITS = {"i": ["0", "1", "-1"], "f": ["0.0", "1.0"], "b": ["True", "False"]}


def expr_variants(e, params):
    """Smaller expressions replacing e (at the top or inside)."""
    ty = e[1]
    out = []
    if e[0] not in ("lit", "var"):
        for child in children(e):
            if child[1] == ty:
                out.append(child)
        for lit in LITS[ty]:
            out.append(("lit", ty, lit))
        for pn, pt in params:
            if gen.RETTY.get({"intc": "int64", "float32": "float64"}.get(pt, pt)) == ty:
                out.append(("var", ty, pn))
    elif e[0] == "lit" and e[2] not in LITS[ty]:
        out.append(("lit", ty, LITS[ty][0]))
    # inside
    k = e[0]
    if k == "bin":
        out += [("bin", ty, e[2], v, e[4]) for v in expr_variants(e[3], params)]
        out += [("bin", ty, e[2], e[3], v) for v in expr_variants(e[4], params)]
    elif k == "un":
        out += [("un", ty, e[2], v) for v in expr_variants(e[3], params)]
    elif k == "call":
        for j, a in enumerate(e[3]):
            out += [("call", ty, e[2], e[3][:j] + [v] + e[3][j + 1:]) for v in expr_variants(a, params)]
    elif k == "cmp":
        if len(e[3]) == 3:
            out.append(("cmp", "b", e[2][:1], e[3][:2]))
            out.append(("cmp", "b", e[2][1:], e[3][1:]))
        for j, a in enumerate(e[3]):
            out += [("cmp", "b", e[2], e[3][:j] + [v] + e[3][j + 1:]) for v in expr_variants(a, params)]
    elif k == "ifexp":
        out += [("ifexp", ty, v, e[3], e[4]) for v in expr_variants(e[2], params)]
        out += [("ifexp", ty, e[2], v, e[4]) for v in expr_variants(e[3], params)]
        out += [("ifexp", ty, e[2], e[3], v) for v in expr_variants(e[4], params)]
    elif k == "idx":
        out += [("idx", ty, e[2], v) for v in expr_variants(e[3], params)]
    return out


def children(e):
    k = e[0]
    if k == "bin":
        return [e[3], e[4]]
    if k == "un":
        return [e[3]]
    if k == "call":
        return list(e[3])
    if k == "cmp":
        return list(e[3])
    if k == "ifexp":
        return [e[2], e[3], e[4]]
    if k == "idx":
        return [e[3]]
    return []


def body_variants(body, params):
    out = []
    for j, s in enumerate(body):
        pre, post = body[:j], body[j + 1:]
        out.append(pre + post)
        for rep in stmt_variants(s, params):
            out.append(pre + rep + post)
    return out


def stmt_variants(s, params):
    """Lists of statements replacing s."""
    k = s[0]
    out = []
    if k == "assign":
        out += [[("assign", s[1], v)] for v in expr_variants(s[2], params)]
    elif k == "aug":
        out += [[("aug", s[1], s[2], v)] for v in expr_variants(s[3], params)]
    elif k == "store":
        out += [[("store", s[1], v, s[3])] for v in expr_variants(s[2], params)]
        out += [[("store", s[1], s[2], v)] for v in expr_variants(s[3], params)]
    elif k == "return":
        out += [[("return", v)] for v in expr_variants(s[1], params)]
    elif k == "if":
        arms, els = s[1], s[2]
        for c, b in arms:
            out.append(b)
        if els is not None:
            out.append(els)
            out.append([("if", arms, None)])
        if len(arms) > 1:
            for j in range(len(arms)):
                out.append([("if", arms[:j] + arms[j + 1:], els)])
        for j, (c, b) in enumerate(arms):
            out += [[("if", arms[:j] + [(v, b)] + arms[j + 1:], els)] for v in expr_variants(c, params)]
            out += [[("if", arms[:j] + [(c, v)] + arms[j + 1:], els)] for v in body_variants(b, params)]
        if els is not None:
            out += [[("if", arms, v)] for v in body_variants(els, params)]
    elif k == "for":
        out.append(s[3])
        start, stop, step = s[2]
        if step is not None:
            out.append([("for", s[1], (start, stop, None), s[3])])
        out += [[("for", s[1], s[2], v)] for v in body_variants(s[3], params)]
    elif k == "while":
        out += [[("while", s[1], s[2], v)] for v in body_variants(s[3], params)]
    return out


def size(fn):
    return len(gen.render_fn(fn))


def fn_variants(fn):
    out = []
    for v in body_variants(fn.body, fn.params):
        if v and v[-1][0] == "return" or any(st[0] == "return" for st in v):
            out.append(fn.copy(body=v))
    for j in range(len(fn.locs)):
        out.append(fn.copy(locs=fn.locs[:j] + fn.locs[j + 1:]))
        n, ty, init = fn.locs[j]
        if init not in LITS[ty]:
            out.append(fn.copy(locs=fn.locs[:j] + [(n, ty, LITS[ty][0])] + fn.locs[j + 1:]))
    return out


def drop_unused_params(fn, args):
    src = gen.render_fn(fn)
    body = src.split("\n", 2)[2]
    keep = []
    for j, (pn, t) in enumerate(fn.params):
        used = re.search(r"\b%s\b" % re.escape(pn), body)
        if pn == "n" and any(tt in ("fptr", "iptr") for _, tt in fn.params):
            used = True
        if used:
            keep.append(j)
    if len(keep) == len(fn.params):
        return None
    params = [fn.params[j] for j in keep]
    # rename to p0.. order is kept; names stay as they are
    return fn.copy(params=params), [args[j] for j in keep]


def arg_variants(fn, args):
    out = []
    simple = {"int64": [0, 1, -1], "intc": [0, 1], "float64": [0.0, 1.0], "float32": [0.0, 1.0],
              "boolean": [False, True]}
    for j, (pn, t) in enumerate(fn.params):
        if t in simple:
            for v in simple[t]:
                if (type(v), repr(v)) != (type(args[j]), repr(args[j])):
                    out.append(args[:j] + [v] + args[j + 1:])
    return out


def shrink(env, fn, args, kind, budget_rounds=40, per_round=24, budget_seconds=60):
    """Greedy delta debugging: each round evaluates up to per_round smaller
    variants in one module and keeps the smallest that still mismatches in
    the same way."""
    best, best_args = fn, args
    rounds = 0
    tried = set()
    t0 = time.time()
    while rounds < budget_rounds and time.time() - t0 < budget_seconds:
        rounds += 1
        cands = []
        dp = drop_unused_params(best, best_args)
        if dp:
            cands.append(dp)
        for v in sorted(fn_variants(best), key=size):
            src = gen.render_fn(v)
            if src in tried:
                continue
            tried.add(src)
            cands.append((v, best_args))
            if len(cands) >= per_round:
                break
        if len(cands) < per_round:
            for a in arg_variants(best, best_args)[:8]:
                cands.append((best, a))
        if not cands:
            break
        fns, inputs = [], {}
        for j, (v, a) in enumerate(cands):
            v2 = v.copy(name="s%d" % j)
            fns.append(v2)
            inputs[v2.name] = [a]
        res = env.evaluate(fns, inputs, "shrink")
        found = None
        for j, (v, a) in enumerate(cands):
            r = res.get("s%d" % j, {})
            outs = r.get("outcomes")
            if not outs or outs[0] in (None, "crash") or outs[0][1] is None:
                continue
            nb, cf = outs[0]
            if not same(nb, cf) and kind_of(nb, cf) == kind:
                key = (size(v), len(v.params), sum(len(repr(x)) for x in a))
                if found is None or key < found[0]:
                    found = (key, v, a)
        if found is None:
            break
        best, best_args = found[1], found[2]
    return best, best_args


# ---- reporting ---------------------------------------------------------------

def json_value(v):
    if isinstance(v, list):
        return [json_value(x) for x in v]
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def dec(v):
    """An encoded outcome value, readable."""
    if isinstance(v, str):
        try:
            return repr(float.fromhex(v))
        except ValueError:
            return v
    return repr(v)


def describe(o):
    if o is None:
        return "not measured"
    if o == "crash":
        return "crashed (the process died)"
    r, exc, bufs, msg = o
    s = "result %s" % dec(r)
    if exc:
        s += ", raised %s (%s)" % (exc, (msg or "").strip()[:160])
    if bufs:
        s += ", buffers %s" % [[dec(x) for x in b] for b in bufs]
    return s


def write_case(outdir, index, fn, args, nb, cf, original):
    found = os.path.join(outdir, "found")
    os.makedirs(found, exist_ok=True)
    name = "fuzz_case_%03d" % index
    fn = fn.copy(name=name)
    src = gen.render_fn(fn)
    text = ("# Found by fuzz/differential/difffuzz.py (shrunk). Numba and cfunc differ on\n"
            "# %s%s:\n#   numba: %s\n#   cfunc: %s\n" % (name, json.dumps(json_value(args)), describe(nb), describe(cf)))
    text += gen.HEADER + "\n" + src
    with open(os.path.join(found, name + ".py"), "w") as f:
        f.write(text)
    with open(os.path.join(found, name + ".json"), "w") as f:
        json.dump({name: [json_value(args)]}, f)
        f.write("\n")
    with open(os.path.join(found, name + ".original.py"), "w") as f:
        f.write(gen.HEADER + "\n" + gen.render_fn(original))
    return name, src


def cause_key(fn):
    """The operations a shrunk program uses: programs with the same set are
    reported once (likely the same cause)."""
    body = gen.render_fn(fn).split("\n", 1)[1]
    toks = re.findall(r"math\.\w+|np\.\w+|\b(?:min|max|abs|int|float|range|while|if|for)\b|//=?|%=?|\*\*|<<|>>|/=?|\[|[-+*]=|[<>=!]=|[<>]|\bnot\b|\band\b|\bor\b|~", body)
    return " ".join(sorted(set(toks)))


def category(msg):
    msg = re.sub(r"`[^`]*`", "`…`", msg)
    msg = re.sub(r"\b(int64|float64|float32|int32|intc|bool|boolean|uint64)\b", "T", msg)
    return msg[:120]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--programs", type=int, default=100)
    ap.add_argument("--smoke", action="store_true", help="fixed seed, 20 programs")
    ap.add_argument("--out", default=None, help="work and output directory (found/ goes here)")
    ap.add_argument("--per-module", type=int, default=40)
    ap.add_argument("--inputs", type=int, default=10, help="inputs per function")
    ap.add_argument("--max-shrink", type=int, default=30, help="mismatching functions to shrink")
    ap.add_argument("--shrink-seconds", type=float, default=60, help="time limit per shrink")
    ap.add_argument("--cfunc", default=os.path.join(ROOT, "target", "release", "cfunc"))
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    if args.smoke:
        args.seed = SMOKE_SEED if args.seed is None else args.seed
        args.programs = 20
        args.per_module = 20
        args.max_shrink = 2
        args.shrink_seconds = 30
    if args.seed is None:
        args.seed = random.randrange(2**32)
    if args.out is None:
        args.out = os.path.join("/tmp", "difffuzz-%d" % args.seed)
    env = Env(args)
    t_start = time.time()
    rng = random.Random(args.seed)
    tally = dict(programs=0, calls=0, agree=0, mismatches=0, rejected=0, numba_rejected=0, crashes=0,
                 numba_crashes=0, cfunc_crashes=0)
    rejections = {}
    numba_rejections = {}
    mismatches = []  # (fn, args, nb, cf)
    mismatch_fns = set()
    made = 0
    module = 0
    while made < args.programs:
        count = min(args.per_module, args.programs - made)
        fns, inputs = [], {}
        g = gen.Gen(rng)
        for j in range(count):
            fn = g.function("f%d_%d" % (module, j))
            fns.append(fn)
            inputs[fn.name] = gen.inputs_for(rng, fn, args.inputs)
        made += count
        res = env.evaluate(fns, inputs, "m%d" % module)
        by_name = {fn.name: fn for fn in fns}
        for name, r in res.items():
            tally["programs"] += 1
            if "rejected" in r:
                tally["rejected"] += 1
                rejections.setdefault(category(r["rejected"]), []).append((name, r["rejected"]))
                continue
            if "numba_error" in r:
                tally["numba_rejected"] += 1
                numba_rejections.setdefault(category(r["numba_error"]), []).append(name)
                continue
            for k, o in enumerate(r["outcomes"]):
                tally["calls"] += 1
                if o == "crash":
                    side = r.get("crashed", {}).get(k, "numba")
                    tally["crashes"] += 1
                    tally[side + "_crashes"] += 1
                    # The side that did not crash has no outcome: Numba's crash stops the process before
                    # cfunc's call, and cfunc's loses the result Numba had returned.
                    mismatches.append((by_name[name], inputs[name][k],
                                       "crash" if side == "numba" else None, "crash" if side == "cfunc" else None))
                    continue
                nb, cf = o
                if cf is None:
                    continue
                if same(nb, cf):
                    tally["agree"] += 1
                else:
                    tally["mismatches"] += 1
                    if name not in mismatch_fns:
                        mismatch_fns.add(name)
                        mismatches.append((by_name[name], inputs[name][k], nb, cf))
        module += 1
        print("module %d: %d programs, %s" % (module, made, tally), file=sys.stderr, flush=True)
    t_gen = time.time() - t_start

    shrunk = []
    seen = set()
    groups = {}
    for fn, a, nb, cf in mismatches[: args.max_shrink]:
        if "crash" in (nb, cf):
            shrunk.append((fn, a, nb, cf, gen.render_fn(fn), fn))
            continue
        small, sargs = shrink(env, fn, a, kind_of(nb, cf), budget_seconds=args.shrink_seconds)
        res = env.evaluate([small.copy(name="final")], {"final": [sargs]}, "final")
        o = res.get("final", {}).get("outcomes", [None])[0]
        if o and o != "crash":
            nb, cf = o
        key = cause_key(small)
        groups.setdefault(key, []).append(fn.name)
        if key in seen:
            continue
        seen.add(key)
        shrunk.append((small, sargs, nb, cf, key, fn))

    print()
    print("difffuzz: seed %d, %d modules" % (args.seed, module))
    for fn_idx, (small, sargs, nb, cf, key, orig) in enumerate(shrunk):
        name, src = write_case(args.out, fn_idx, small, sargs, nb, cf, orig)
        print("\n=== mismatch %s (from %s), inputs %s" % (name, orig.name, json.dumps(json_value(sargs))))
        if key in groups:
            print("# cause key %s: %d mismatching function(s) shrink to it: %s" % (key, len(groups[key]), " ".join(groups[key][:12])))
        print(src.rstrip())
        print("  numba: %s\n  cfunc: %s" % (describe(nb), describe(cf)))
    if len(mismatches) > args.max_shrink:
        print("\n(%d more mismatching functions not shrunk)" % (len(mismatches) - args.max_shrink))
    if rejections:
        print("\nrejected by cfunc, by category:")
        for cat, items in sorted(rejections.items(), key=lambda kv: -len(kv[1])):
            print("  %4d  %s   e.g. %s" % (len(items), cat, items[0][0]))
    if numba_rejections:
        print("\nrejected by Numba (generator outside Numba's subset), by category:")
        for cat, items in sorted(numba_rejections.items(), key=lambda kv: -len(kv[1])):
            print("  %4d  %s   e.g. %s" % (len(items), cat, items[0]))
    total = time.time() - t_start
    print("\ntally: programs %d, calls %d, agree %d, mismatches %d (in %d functions, %d distinct after shrinking), "
          "rejected %d, numba-rejected %d, crashes %d (numba %d, cfunc %d); time %.1fs (%.1fs generating and comparing, %.1fs shrinking)"
          % (tally["programs"], tally["calls"], tally["agree"], tally["mismatches"], len(mismatch_fns), len(shrunk),
             tally["rejected"], tally["numba_rejected"], tally["crashes"], tally["numba_crashes"],
             tally["cfunc_crashes"], total, t_gen, total - t_gen))
    print("cases written to %s" % os.path.join(args.out, "found") if shrunk else "no cases written")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
