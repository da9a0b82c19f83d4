"""Random well-typed Numba `@cfunc` programs for the differential fuzzer.

A program is a small tree (tuples) so that the shrinker can take it apart:

expressions (every node carries its type, "i" int64, "f" float64, "b" bool):
    ("lit", ty, text)            a literal, as Python source
    ("var", ty, name)            a parameter, local, loop or array variable
    ("bin", ty, op, l, r)        l op r
    ("un", ty, op, e)            op e  (-, not, ~)
    ("call", ty, fname, [args])  math.sqrt(x), min(a, b), float(n), ...
    ("cmp", "b", [ops], [es])    a < b <= c
    ("ifexp", ty, c, a, b)       a if c else b
    ("idx", ty, arr, e)          arr[e % n]  (the index kept in range)
    ("areduce", ty, red, a)      np.sum(a), a.max(), ... of an array expression a:
        ("aarr", et, arr)  ("ascal", et, e)  ("abin", et, op, a, b)
        ("aun", et, "-", a)  ("acall", et, fname, a)  ("acmp", "b", op, a, b)

statements:
    ("assign", name, e) ("aug", name, op, e) ("store", arr, e, value)
    ("if", [(cond, body), ...], else_body_or_None)
    ("for", var, (start, stop, step_or_None), body)
    ("while", counter, limit, body)    counter = 0; while counter < limit: counter += 1; body
    ("break",) ("continue",) ("return", e)
"""

import random

I64_MAX = 2**63 - 1
I64_MIN = -(2**63)

INT_LITS = ["0", "1", "2", "3", "-1", "-2", "7", "-7", "10", "100", "-100", "9223372036854775807",
            "(-9223372036854775807 - 1)", "4611686018427387904", "2147483647", "-2147483648",
            "9007199254740993", "65536", "255", "-3"]
FLOAT_LITS = ["0.0", "-0.0", "1.0", "-1.0", "0.5", "-2.5", "3.0", "7.5", "1e308", "-1e308", "5e-324",
              "1e-300", "0.1", "2.0", "math.nan", "math.inf", "-math.inf", "math.pi", "1e16",
              "9007199254740993.0", "-0.5"]

# unary float functions: (name, result type)
F1 = ["math.sqrt", "math.exp", "math.log", "math.sin", "math.cos", "math.tan", "math.atan",
      "math.tanh", "math.fabs", "math.expm1", "math.log1p", "math.asinh", "math.erf", "math.erfc",
      "math.log10", "math.log2", "math.cosh", "math.asin", "math.acos", "math.atanh", "math.gamma",
      "math.lgamma",
      "np.sqrt", "np.exp", "np.floor", "np.ceil", "np.trunc", "np.abs", "np.sign", "np.log",
      "np.rint", "np.sin", "np.cbrt", "np.exp2", "np.log2", "np.arcsin", "np.arctan", "np.degrees",
      "np.radians", "np.fabs", "np.tanh", "abs"]
F2 = ["math.atan2", "math.hypot", "math.copysign", "math.pow", "np.minimum",
      "np.maximum", "np.fmin", "np.fmax", "np.arctan2", "np.hypot", "np.copysign", "np.power",
      "min", "max"]
B1 = ["math.isnan", "math.isinf", "math.isfinite", "np.isnan", "np.isinf", "np.isfinite"]
I2 = ["min", "max"]
# int -> int (or float for np.*) functions on ints
INT_TO_INT = ["abs", "math.floor", "math.ceil", "math.trunc"]
INT_ARG_FLOATY = ["np.floor", "np.ceil", "np.sqrt", "np.abs", "np.sign", "math.sqrt", "math.exp"]

CMP_OPS = ["<", "<=", ">", ">=", "==", "!="]


class Fn:
    def __init__(self, name, params, ret, locs, body):
        self.name = name
        self.params = params  # [(name, sigtype)] sigtype: int64 intc float64 float32 boolean fptr iptr
        self.ret = ret  # "int64" | "float64" | "boolean"
        self.locs = locs  # [(name, ty, init text)]
        self.body = body

    def copy(self, **kw):
        d = dict(name=self.name, params=self.params, ret=self.ret, locs=self.locs, body=self.body)
        d.update(kw)
        return Fn(**d)


SIGNAME = {"int64": "int64", "intc": "intc", "float64": "float64", "float32": "float32",
           "boolean": "boolean", "fptr": "types.CPointer(types.float64)",
           "iptr": "types.CPointer(types.int64)"}
RETTY = {"int64": "i", "float64": "f", "boolean": "b"}


def sig_string(fn):
    return "%s(%s)" % (fn.ret, ", ".join(SIGNAME[t] for _, t in fn.params))


class Gen:
    def __init__(self, rng):
        self.rng = rng

    # ---- program ---------------------------------------------------------
    def function(self, name):
        r = self.rng
        params = []
        nscal = r.randint(1, 4)
        for k in range(nscal):
            t = r.choices(["int64", "float64", "boolean", "intc", "float32"], [5, 5, 1, 1, 1])[0]
            params.append(("p%d" % k, t))
        self.arrays = []  # (array var, ptr param, elt type)
        if r.random() < 0.3:
            kind = r.choice(["fptr", "iptr"])
            params.append(("ptr", kind))
            params.append(("n", "int64"))
            self.arrays.append(("arr", "ptr", "f" if kind == "fptr" else "i"))
        ret = r.choices(["int64", "float64", "boolean"], [4, 5, 1])[0]
        self.params = params
        self.scope = []  # (name, ty, writable)
        for pname, t in params:
            if t in ("int64", "intc"):
                self.scope.append((pname, "i", False))
            elif t in ("float64", "float32"):
                self.scope.append((pname, "f", False))
            elif t == "boolean":
                self.scope.append((pname, "b", False))
        locs = []
        for k in range(r.randint(1, 4)):
            ty = r.choices(["i", "f", "b"], [5, 5, 1])[0]
            init = r.choice(INT_LITS[:10]) if ty == "i" else (r.choice(FLOAT_LITS[:8]) if ty == "f" else r.choice(["True", "False"]))
            # initialize from a parameter sometimes
            same = [n for n, t, _ in self.scope if t == ty and not n.startswith("x")]
            if same and r.random() < 0.5:
                init = r.choice(same)
                if ty == "f":
                    init = "float(%s)" % init
            locs.append(("x%d" % k, ty, init))
            self.scope.append(("x%d" % k, ty, True))
        self.counter = 0
        self.loop_depth = 0
        self.ret_ty = RETTY[ret]
        body = self.block(r.randint(2, 6), depth=0)
        body.append(("return", self.expr(self.ret_ty, 3)))
        return Fn(name, params, ret, locs, body)

    def block(self, n, depth):
        return [self.stmt(depth) for _ in range(n)]

    def stmt(self, depth):
        r = self.rng
        writable = [(n, t) for n, t, w in self.scope if w]
        choices = ["assign", "aug", "assign"]
        weights = [3, 3, 2]
        if depth < 2:
            choices += ["if", "for", "while"]
            weights += [3, 2, 1]
        if self.arrays:
            choices.append("store")
            weights.append(2)
        if self.loop_depth:
            choices += ["brk"]
            weights += [2]
        # Outside loops and branches a local may change type (Numba types
        # each assignment): an int64 local assigned a float64 is float64
        # from there on.
        if depth == 0 and any(t == "i" for _, t in writable):
            choices.append("retype")
            weights.append(1)
        choices.append("ret")
        weights.append(1)
        kind = r.choices(choices, weights)[0]
        if kind == "retype":
            name = r.choice([n for n, t in writable if t == "i"])
            value = self.expr("f", 3)
            self.scope = [(n, "f" if n == name else t, w) for n, t, w in self.scope]
            return ("assign", name, value)
        if kind in ("assign", "aug") and not writable:
            kind = "assign"
        if kind == "assign":
            name, ty = r.choice(writable)
            return ("assign", name, self.expr(ty, 3))
        if kind == "aug":
            name, ty = r.choice(writable)
            if ty == "i":
                op = r.choice(["+", "-", "*", "//", "%", "&", "|", "^"])
                return ("aug", name, op, self.expr("i", 2))
            if ty == "f":
                op = r.choice(["+", "-", "*", "/", "//", "%"])
                return ("aug", name, op, self.expr(r.choice("fi"), 2))
            return ("assign", name, self.expr("b", 2))
        if kind == "store":
            arr, _, et = r.choice(self.arrays)
            return ("store", arr, self.index_expr(), self.expr(et, 2))
        if kind == "ret":
            return ("if", [(self.expr("b", 2), [("return", self.expr(self.ret_ty, 2))])], None)
        if kind == "brk":
            return ("if", [(self.expr("b", 2), [(r.choice(["break", "continue"]),)])], None)
        if kind == "if":
            arms = [(self.expr("b", 3), self.block(r.randint(1, 3), depth + 1))]
            while r.random() < 0.3:
                arms.append((self.expr("b", 3), self.block(r.randint(1, 2), depth + 1)))
            els = self.block(r.randint(1, 2), depth + 1) if r.random() < 0.5 else None
            return ("if", arms, els)
        if kind == "for":
            var = "i%d" % self.counter
            self.counter += 1
            start = r.choice(["0", "1", "-3", "5", "10", self.small_int()])
            stop = r.choice(["0", "4", "-5", "8", self.small_int()])
            step = r.choice([None, "1", "2", "-1", "-2", "3", "-3"])
            if step and step.startswith("-") and r.random() < 0.7:
                start, stop = stop, start  # usually iterate something
            self.scope.append((var, "i", False))
            self.loop_depth += 1
            body = self.block(r.randint(1, 3), depth + 1)
            self.loop_depth -= 1
            self.scope.pop()
            return ("for", var, (start, stop, step), body)
        # while
        var = "w%d" % self.counter
        self.counter += 1
        limit = r.choice(["3", "5", "8", self.small_int()])
        self.scope.append((var, "i", False))
        self.loop_depth += 1
        body = self.block(r.randint(1, 3), depth + 1)
        self.loop_depth -= 1
        self.scope.pop()
        return ("while", var, limit, body)

    def small_int(self):
        ints = [n for n, t, _ in self.scope if t == "i" and n.startswith("p")]
        if ints:
            return "%s %% %d" % (self.rng.choice(ints), self.rng.choice([5, 7, 9]))
        return str(self.rng.randint(-4, 9))

    def index_expr(self):
        r = self.rng
        if r.random() < 0.1:
            return ("lit", "i", "-1")
        if r.random() < 0.3:
            return ("lit", "i", "0")
        return ("bin", "i", "%", self.expr("i", 1), ("var", "i", "n"))

    # ---- expressions -----------------------------------------------------
    def leaf(self, ty):
        r = self.rng
        vars_ = [n for n, t, _ in self.scope if t == ty]
        if vars_ and r.random() < 0.7:
            return ("var", ty, r.choice(vars_))
        if ty == "i":
            return ("lit", "i", r.choice(INT_LITS))
        if ty == "f":
            return ("lit", "f", r.choice(FLOAT_LITS))
        return ("lit", "b", r.choice(["True", "False"]))

    def expr(self, ty, depth):
        e = self.expr1(ty, depth)
        # CPython folds literal-only integer subexpressions into constants,
        # which Numba cannot type once they leave int64: keep a variable in.
        if ty == "i" and e[0] not in ("lit", "var") and is_const(e):
            vars_ = [n for n, t, _ in self.scope if t == "i"]
            if vars_:
                return ("var", "i", self.rng.choice(vars_))
            return ("lit", "i", self.rng.choice(INT_LITS))
        return e

    def expr1(self, ty, depth):
        r = self.rng
        if ty != "b" and self.arrays and depth > 0 and r.random() < 0.08:
            return self.array_reduction(ty, depth)
        if depth <= 0 or r.random() < 0.25:
            if ty != "b" and self.arrays and r.random() < 0.25:
                for arr, _, et in self.arrays:
                    if et == ty:
                        return ("idx", et, arr, self.index_expr())
            if ty == "b" and r.random() < 0.5:
                return self.cmp(depth)
            return self.leaf(ty)
        if ty == "i":
            k = r.choices(["bin", "un", "call", "ifexp", "shift", "pow", "conv"], [10, 2, 2, 2, 1, 1, 1])[0]
            if k == "bin":
                op = r.choice(["+", "-", "*", "//", "%", "+", "-", "*", "//", "%", "&", "|", "^"])
                return ("bin", "i", op, self.expr("i", depth - 1), self.expr("i", depth - 1))
            if k == "un":
                return ("un", "i", r.choice(["-", "-", "~"]), self.expr("i", depth - 1))
            if k == "call":
                if r.random() < 0.5:
                    return ("call", "i", r.choice(I2), [self.expr("i", depth - 1), self.expr("i", depth - 1)])
                return ("call", "i", r.choice(INT_TO_INT), [self.expr("i", depth - 1)])
            if k == "ifexp":
                return ("ifexp", "i", self.expr("b", depth - 1), self.expr("i", depth - 1), self.expr("i", depth - 1))
            if k == "shift":
                return ("bin", "i", r.choice(["<<", ">>"]), self.expr("i", depth - 1), ("lit", "i", str(r.randint(0, 63))))
            if k == "pow":
                return ("bin", "i", "**", self.expr("i", depth - 1), ("lit", "i", str(r.randint(0, 4))))
            return ("call", "i", "int", [self.expr("b", depth - 1)])
        if ty == "f":
            k = r.choices(["bin", "mixed", "un", "call1", "call2", "ifexp", "conv", "pow", "truediv", "intfloaty"],
                          [8, 3, 1, 4, 2, 2, 2, 1, 2, 1])[0]
            if k == "bin":
                op = r.choice(["+", "-", "*", "/", "//", "%"])
                return ("bin", "f", op, self.expr("f", depth - 1), self.expr("f", depth - 1))
            if k == "mixed":
                op = r.choice(["+", "-", "*", "/", "//", "%"])
                a, b = self.expr("f", depth - 1), self.expr("i", depth - 1)
                if r.random() < 0.5:
                    a, b = b, a
                return ("bin", "f", op, a, b)
            if k == "un":
                return ("un", "f", "-", self.expr("f", depth - 1))
            if k == "call1":
                return ("call", "f", r.choice(F1), [self.expr("f", depth - 1)])
            if k == "call2":
                return ("call", "f", r.choice(F2), [self.expr("f", depth - 1), self.expr("f", depth - 1)])
            if k == "ifexp":
                return ("ifexp", "f", self.expr("b", depth - 1), self.expr("f", depth - 1), self.expr("f", depth - 1))
            if k == "conv":
                return ("call", "f", "float", [self.expr("i", depth - 1)])
            if k == "pow":
                if r.random() < 0.5:
                    return ("bin", "f", "**", self.expr("f", depth - 1), ("lit", "i", str(r.randint(-2, 3))))
                return ("bin", "f", "**", self.expr("f", depth - 1), self.expr("f", depth - 1))
            if k == "intfloaty":
                return ("call", "f", r.choice(INT_ARG_FLOATY), [self.expr("i", depth - 1)])
            return ("bin", "f", "/", self.expr("i", depth - 1), self.expr("i", depth - 1))
        # bool
        k = r.choices(["cmp", "and", "not", "isx"], [5, 2, 1, 1])[0]
        if k == "cmp":
            return self.cmp(depth)
        if k == "and":
            return ("bin", "b", r.choice(["and", "or"]), self.expr("b", depth - 1), self.expr("b", depth - 1))
        if k == "not":
            return ("un", "b", "not", self.expr("b", depth - 1))
        return ("call", "b", r.choice(B1), [self.expr("f", depth - 1)])

    # ---- array expressions, reduced to a scalar ----------------------------
    def array_reduction(self, ty, depth):
        """np.sum(a), a.min(), ... of an array expression over the carray."""
        r = self.rng
        a = self.array_expr(min(depth, 3))
        if a[1] == "f" and ty == "i":
            # A count of the elements passing a comparison is an int.
            a = ("acmp", "b", r.choice(CMP_OPS), a, ("ascal", "f", self.expr("f", 1)))
            return ("areduce", "i", r.choice(["np.sum", ".sum"]), a)
        red = r.choice(["np.sum", ".sum", "np.prod", ".max", ".min", "np.max", "np.min"])
        e = ("areduce", a[1], red, a)
        if a[1] == "i" and ty == "f":
            return ("call", "f", "float", [e])
        return e

    def array_expr(self, depth):
        r = self.rng
        arr, _, et = self.arrays[0]
        if depth <= 0 or r.random() < 0.3:
            return ("aarr", et, arr)
        k = r.choices(["bin", "scal", "un", "call", "pow"], [4, 4, 1, 2, 1])[0]
        a = self.array_expr(depth - 1)
        if k == "un":
            return ("aun", a[1], "-", a)
        if k == "call":
            fname = r.choice(["np.sqrt", "np.abs", "np.exp", "np.floor"])
            return ("acall", a[1] if fname == "np.abs" else "f", fname, a)
        if k == "pow":
            return ("abin", a[1], "**", a, ("ascal", "i", ("lit", "i", str(r.randint(0, 3)))))
        if k == "scal":
            st = r.choice("if")
            b = ("ascal", st, self.expr(st, 1))
        else:
            b = self.array_expr(depth - 1)
        if r.random() < 0.5:
            a, b = b, a
        op = r.choice(["+", "-", "*", "/", "//", "%"])
        et = "f" if op == "/" or "f" in (a[1], b[1]) else "i"
        return ("abin", et, op, a, b)

    def cmp(self, depth):
        r = self.rng
        n = 2 if r.random() < 0.75 else 3
        kind = r.choice(["i", "f", "mix"])
        es = []
        for _ in range(n):
            t = kind if kind != "mix" else r.choice("if")
            es.append(self.expr(t, max(depth - 1, 0)))
        ops = [r.choice(CMP_OPS) for _ in range(n - 1)]
        return ("cmp", "b", ops, es)


def is_const(e):
    k = e[0]
    if k == "lit":
        return True
    if k in ("var", "idx"):
        return False
    if k == "bin":
        return is_const(e[3]) and is_const(e[4])
    if k == "un":
        return is_const(e[3])
    if k == "call":
        return all(is_const(a) for a in e[3])
    if k == "cmp":
        return all(is_const(a) for a in e[3])
    if k == "ifexp":
        return is_const(e[2]) and is_const(e[3]) and is_const(e[4])
    return False


# ---- rendering -------------------------------------------------------------
PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8,
        "+": 9, "-": 9, "*": 10, "/": 10, "//": 10, "%": 10, "u-": 11, "~": 11, "**": 12}


def render_expr(e):
    k = e[0]
    if k == "lit":
        t = e[2]
        return "(%s)" % t if t.startswith("-") or " " in t else t
    if k == "var":
        return e[2]
    if k == "bin":
        return "(%s %s %s)" % (render_expr(e[3]), e[2], render_expr(e[4]))
    if k == "un":
        op = e[2]
        return "(%s%s%s)" % (op, " " if op == "not" else "", render_expr(e[3]))
    if k == "call":
        return "%s(%s)" % (e[2], ", ".join(render_expr(a) for a in e[3]))
    if k == "cmp":
        parts = [render_expr(e[3][0])]
        for op, x in zip(e[2], e[3][1:]):
            parts += [op, render_expr(x)]
        return "(%s)" % " ".join(parts)
    if k == "ifexp":
        return "(%s if %s else %s)" % (render_expr(e[3]), render_expr(e[2]), render_expr(e[4]))
    if k == "idx":
        return "%s[%s]" % (e[2], render_expr(e[3]))
    if k == "areduce":
        if e[2].startswith("."):
            return "%s%s()" % (render_expr(e[3]), e[2])
        return "%s(%s)" % (e[2], render_expr(e[3]))
    if k == "aarr":
        return e[2]
    if k == "ascal":
        return render_expr(e[2])
    if k in ("abin", "acmp"):
        return "(%s %s %s)" % (render_expr(e[3]), e[2], render_expr(e[4]))
    if k == "aun":
        return "(-%s)" % render_expr(e[3])
    if k == "acall":
        return "%s(%s)" % (e[2], render_expr(e[3]))
    raise ValueError(e)


def render_block(body, ind, out):
    if not body:
        out.append(ind + "pass")
    for s in body:
        k = s[0]
        if k == "assign":
            out.append("%s%s = %s" % (ind, s[1], render_expr(s[2])))
        elif k == "aug":
            out.append("%s%s %s= %s" % (ind, s[1], s[2], render_expr(s[3])))
        elif k == "store":
            out.append("%s%s[%s] = %s" % (ind, s[1], render_expr(s[2]), render_expr(s[3])))
        elif k == "if":
            for j, (c, b) in enumerate(s[1]):
                out.append("%s%s %s:" % (ind, "if" if j == 0 else "elif", render_expr(c)))
                render_block(b, ind + "    ", out)
            if s[2] is not None:
                out.append(ind + "else:")
                render_block(s[2], ind + "    ", out)
        elif k == "for":
            start, stop, step = s[2]
            args = [start, stop] + ([step] if step else [])
            out.append("%sfor %s in range(%s):" % (ind, s[1], ", ".join(args)))
            render_block(s[3], ind + "    ", out)
        elif k == "while":
            out.append("%s%s = 0" % (ind, s[1]))
            out.append("%swhile %s < %s:" % (ind, s[1], s[2]))
            out.append("%s    %s += 1" % (ind, s[1]))
            render_block(s[3], ind + "    ", out)
        elif k in ("break", "continue"):
            out.append(ind + k)
        elif k == "return":
            out.append("%sreturn %s" % (ind, render_expr(s[1])))
        else:
            raise ValueError(s)


def render_fn(fn):
    out = ['@cfunc("%s")' % sig_string(fn),
           "def %s(%s):" % (fn.name, ", ".join(n for n, _ in fn.params))]
    for pn, t in fn.params:
        if t in ("fptr", "iptr"):
            out.append("    arr = carray(%s, n)" % pn)
    for n, _, init in fn.locs:
        out.append("    %s = %s" % (n, init))
    render_block(fn.body, "    ", out)
    return "\n".join(out) + "\n"


HEADER = "import math\n\nimport numpy as np\nfrom numba import carray, cfunc, types\n\n"


def render_module(fns):
    """The module source and, per function, its (first, last) line numbers."""
    text = HEADER
    spans = {}
    for fn in fns:
        text += "\n"
        first = text.count("\n") + 1
        src = render_fn(fn)
        text += src
        spans[fn.name] = (first, first + src.count("\n") - 1)
    return text, spans


# ---- inputs ----------------------------------------------------------------
INT_VALUES = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 100, I64_MAX, I64_MIN, I64_MAX - 1, I64_MIN + 1,
              2**31, -(2**31), 2**53 + 1, 2**32, 6, 5]
INTC_VALUES = [0, 1, -1, 2, -2, 7, -7, 2**31 - 1, -(2**31), 100, 3]
FLOAT_VALUES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.5, 3.0, 7.5, -7.5, 1e308, -1e308, 5e-324, 1e-300,
                float("nan"), float("inf"), float("-inf"), 2.0**53, 2.0**63, -(2.0**63), 0.1, 1e16, 3.5]


def rand_value(rng, t):
    if t == "int64":
        return rng.choice(INT_VALUES) if rng.random() < 0.8 else rng.randint(-1000, 1000) if rng.random() < 0.7 else rng.randint(I64_MIN, I64_MAX)
    if t == "intc":
        return rng.choice(INTC_VALUES) if rng.random() < 0.8 else rng.randint(-(2**31), 2**31 - 1)
    if t in ("float64", "float32"):
        return rng.choice(FLOAT_VALUES) if rng.random() < 0.8 else rng.uniform(-100, 100)
    if t == "boolean":
        return rng.random() < 0.5
    raise ValueError(t)


def inputs_for(rng, fn, count):
    out = []
    for _ in range(count):
        args = []
        length = rng.randint(1, 6)
        for pn, t in fn.params:
            if t == "fptr":
                args.append([rand_value(rng, "float64") for _ in range(length)])
            elif t == "iptr":
                args.append([rand_value(rng, "int64") for _ in range(length)])
            elif pn == "n" and any(tt in ("fptr", "iptr") for _, tt in fn.params):
                args.append(length)
            else:
                args.append(rand_value(rng, t))
        out.append(args)
    return out
