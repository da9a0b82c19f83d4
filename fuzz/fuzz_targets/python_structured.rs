//! Mostly-valid Python `@cfunc` modules built from a small grammar
//! (through `arbitrary`), rendered to text and compiled: the front end
//! must give `Ok` (with generated items that `syn` parses) or `Err` with
//! ranges inside the text, never panic or hang. Run with `-runs=N
//! -print_final_stats=1`; set `CFUNC_FUZZ_PRINT=1` to see the modules.

#![no_main]

use arbitrary::Arbitrary;
use cfunc_python::compile;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write as _;

/// (signature, parameter names, carray prologue, is void, has an array)
const SIGNATURES: &[(&str, &[&str], &str, bool, bool)] = &[
    ("float64(float64, float64)", &["x", "y"], "", false, false),
    ("int64(int64)", &["n"], "", false, false),
    ("int64(int64, int64)", &["a", "b"], "", false, false),
    ("int32(int32, int32)", &["a", "b"], "", false, false),
    ("uint64(uint64, uint64)", &["a", "b"], "", false, false),
    ("uint8(uint8)", &["a"], "", false, false),
    ("float32(float32)", &["x"], "", false, false),
    ("boolean(int64, float64)", &["n", "x"], "", false, false),
    ("float64(float64)", &["t"], "", false, false),
    (
        "types.float64(types.float64, types.intc)",
        &["x", "k"],
        "",
        false,
        false,
    ),
    ("float64()", &[], "", false, false),
    ("intc(intc, intc)", &["m", "n"], "", false, false),
    (
        "void(CPointer(float64), intp)",
        &["p", "n"],
        "    arr = carray(p, n)\n",
        true,
        true,
    ),
    (
        "void(CPointer(float64), intc)",
        &["p", "n"],
        "    arr = carray(p, (n,))\n",
        true,
        true,
    ),
    (
        "float64(CPointer(float64), intp)",
        &["p", "n"],
        "    arr = carray(p, n)\n",
        false,
        true,
    ),
    (
        "void(CPointer(float64), CPointer(float64), intc, intc)",
        &["in_", "out", "m", "n"],
        "    arr = carray(in_, (m * n,))\n    res = farray(out, (m, n))\n",
        true,
        true,
    ),
    (
        "int64(CPointer(int64), int64)",
        &["p", "n"],
        "    arr = carray(p, n)\n",
        false,
        true,
    ),
    (
        "void(voidptr, intp)",
        &["p", "n"],
        "    arr = carray(p, n, dtype=types.int32)\n",
        true,
        true,
    ),
];

const LOCALS: &[&str] = &["v", "w", "acc", "i", "j", "k"];
const BIN_OPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>",
];
const CMP_OPS: &[&str] = &["<", "<=", ">", ">=", "==", "!="];
const MATH_1: &[&str] = &[
    "math.sqrt",
    "math.sin",
    "math.cos",
    "math.exp",
    "math.log",
    "math.fabs",
    "math.floor",
    "math.ceil",
    "math.tanh",
    "math.isnan",
    "math.isinf",
    "math.lgamma",
    "abs",
    "int",
    "float",
    "bool",
    "np.exp",
    "np.sqrt",
    "round",
    "math.trunc",
];
const MATH_2: &[&str] = &[
    "math.pow",
    "math.atan2",
    "math.hypot",
    "math.copysign",
    "min",
    "max",
    "math.fmod",
];
const FLOATS: &[&str] = &[
    "0.0", "1.5", "-2.25", "1e308", "1e-310", "0.5", "3.0", "math.pi", "math.inf", "math.nan",
];
const INTS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "3",
    "7",
    "63",
    "64",
    "255",
    "256",
    "2147483647",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "100000",
    "0x7f",
    "0b101",
    "1_000",
];

#[derive(Arbitrary, Debug)]
enum Expr {
    Param(u8),
    Local(u8),
    Int(u8),
    SmallInt(i16),
    Float(u8),
    Bool(bool),
    Bin(Box<Expr>, u8, Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Invert(Box<Expr>),
    Cmp(Box<Expr>, u8, Box<Expr>),
    Chain(Box<Expr>, u8, Box<Expr>, u8, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    Math1(u8, Box<Expr>),
    Math2(u8, Box<Expr>, Box<Expr>),
    Read(Box<Expr>),
    Len,
    Paren(Box<Expr>),
}

#[derive(Arbitrary, Debug)]
enum Range {
    Stop(Expr),
    StartStop(Expr, Expr),
    Step(Expr, Expr, i8),
    StepExpr(Expr, Expr, Expr),
}

#[derive(Arbitrary, Debug)]
enum Stmt {
    Assign(u8, Expr),
    AugAssign(u8, u8, Expr),
    If(Expr, Vec<Stmt>, Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    For(u8, Range, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    WhileTrue(Vec<Stmt>),
    Break,
    Continue,
    Return(Option<Expr>),
    Pass,
    Write(Expr, Expr),
    Write2(Expr, Expr, Expr),
}

#[derive(Arbitrary, Debug)]
struct Module {
    signature: u8,
    name: u8,
    constant: Option<Expr>,
    helper: u8,
    body: Vec<Stmt>,
}

struct Renderer<'a> {
    out: String,
    params: &'a [&'a str],
    has_array: bool,
    void: bool,
    loop_depth: usize,
}

fn pick<'a>(list: &[&'a str], index: u8) -> &'a str {
    list[usize::from(index) % list.len()]
}

const MAX_DEPTH: usize = 6;

impl Renderer<'_> {
    fn expr(&self, expr: &Expr, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return "1".to_owned();
        }
        let sub = |e: &Expr| self.expr(e, depth + 1);
        match expr {
            Expr::Param(index) if !self.params.is_empty() => pick(self.params, *index).to_owned(),
            Expr::Param(_) => "SCALE".to_owned(),
            Expr::Local(index) => pick(LOCALS, *index).to_owned(),
            Expr::Int(index) => pick(INTS, *index).to_owned(),
            Expr::SmallInt(value) => value.to_string(),
            Expr::Float(index) => pick(FLOATS, *index).to_owned(),
            Expr::Bool(value) => if *value { "True" } else { "False" }.to_owned(),
            Expr::Bin(a, op, b) => format!("{} {} {}", sub(a), pick(BIN_OPS, *op), sub(b)),
            Expr::Neg(a) => format!("-{}", sub(a)),
            Expr::Not(a) => format!("not {}", sub(a)),
            Expr::Invert(a) => format!("~{}", sub(a)),
            Expr::Cmp(a, op, b) => format!("{} {} {}", sub(a), pick(CMP_OPS, *op), sub(b)),
            Expr::Chain(a, op1, b, op2, c) => format!(
                "{} {} {} {} {}",
                sub(a),
                pick(CMP_OPS, *op1),
                sub(b),
                pick(CMP_OPS, *op2),
                sub(c)
            ),
            Expr::And(a, b) => format!("({} and {})", sub(a), sub(b)),
            Expr::Or(a, b) => format!("({} or {})", sub(a), sub(b)),
            Expr::IfExp(a, b, c) => format!("({} if {} else {})", sub(a), sub(b), sub(c)),
            Expr::Math1(f, a) => format!("{}({})", pick(MATH_1, *f), sub(a)),
            Expr::Math2(f, a, b) => format!("{}({}, {})", pick(MATH_2, *f), sub(a), sub(b)),
            Expr::Read(index) if self.has_array => format!("arr[{}]", sub(index)),
            Expr::Read(index) => format!("helper({})", sub(index)),
            Expr::Len if self.has_array => "len(arr)".to_owned(),
            Expr::Len => "SCALE".to_owned(),
            Expr::Paren(a) => format!("({})", sub(a)),
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn block(&mut self, stmts: &[Stmt], indent: usize, depth: usize) {
        let mut wrote = false;
        for stmt in stmts.iter().take(8) {
            wrote |= self.stmt(stmt, indent, depth);
        }
        if !wrote {
            self.line(indent, "pass");
        }
    }

    /// Renders `stmt`; false if it rendered nothing.
    fn stmt(&mut self, stmt: &Stmt, indent: usize, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match stmt {
            Stmt::Assign(local, value) => {
                let text = format!("{} = {}", pick(LOCALS, *local), self.expr(value, depth));
                self.line(indent, &text);
            }
            Stmt::AugAssign(local, op, value) => {
                let text = format!(
                    "{} {}= {}",
                    pick(LOCALS, *local),
                    pick(BIN_OPS, *op),
                    self.expr(value, depth)
                );
                self.line(indent, &text);
            }
            Stmt::If(test, then, elifs, otherwise) => {
                let text = format!("if {}:", self.expr(test, depth));
                self.line(indent, &text);
                self.block(then, indent + 1, depth + 1);
                for (test, body) in elifs.iter().take(3) {
                    let text = format!("elif {}:", self.expr(test, depth));
                    self.line(indent, &text);
                    self.block(body, indent + 1, depth + 1);
                }
                if let Some(body) = otherwise {
                    self.line(indent, "else:");
                    self.block(body, indent + 1, depth + 1);
                }
            }
            Stmt::For(local, range, body) => {
                let args = match range {
                    Range::Stop(stop) => self.expr(stop, depth),
                    Range::StartStop(start, stop) => {
                        format!("{}, {}", self.expr(start, depth), self.expr(stop, depth))
                    }
                    Range::Step(start, stop, step) => {
                        format!(
                            "{}, {}, {step}",
                            self.expr(start, depth),
                            self.expr(stop, depth)
                        )
                    }
                    Range::StepExpr(start, stop, step) => format!(
                        "{}, {}, {}",
                        self.expr(start, depth),
                        self.expr(stop, depth),
                        self.expr(step, depth)
                    ),
                };
                let text = format!("for {} in range({args}):", pick(LOCALS, *local));
                self.line(indent, &text);
                self.loop_depth += 1;
                self.block(body, indent + 1, depth + 1);
                self.loop_depth -= 1;
            }
            Stmt::While(test, body, otherwise) => {
                let text = format!("while {}:", self.expr(test, depth));
                self.line(indent, &text);
                self.loop_depth += 1;
                self.block(body, indent + 1, depth + 1);
                self.loop_depth -= 1;
                if let Some(body) = otherwise {
                    self.line(indent, "else:");
                    self.block(body, indent + 1, depth + 1);
                }
            }
            Stmt::WhileTrue(body) => {
                self.line(indent, "while True:");
                self.loop_depth += 1;
                self.block(body, indent + 1, depth + 1);
                self.line(indent + 1, "break");
                self.loop_depth -= 1;
            }
            // Mostly valid: `break`/`continue` only inside loops.
            Stmt::Break if self.loop_depth > 0 => self.line(indent, "break"),
            Stmt::Continue if self.loop_depth > 0 => self.line(indent, "continue"),
            Stmt::Break | Stmt::Continue => return false,
            Stmt::Return(value) => match value {
                Some(value) if !self.void => {
                    let text = format!("return {}", self.expr(value, depth));
                    self.line(indent, &text);
                }
                _ if self.void => self.line(indent, "return"),
                _ => self.line(indent, "return 0"),
            },
            Stmt::Pass => self.line(indent, "pass"),
            Stmt::Write(index, value) if self.has_array => {
                let text = format!(
                    "arr[{}] = {}",
                    self.expr(index, depth),
                    self.expr(value, depth)
                );
                self.line(indent, &text);
            }
            Stmt::Write2(i, j, value) if self.has_array => {
                let text = format!(
                    "arr[{}] += {}",
                    self.expr(i, depth),
                    self.expr(value, depth)
                );
                self.line(indent, &text);
                let _ = j;
            }
            Stmt::Write(..) | Stmt::Write2(..) => return false,
        }
        true
    }
}

fn render(module: &Module) -> String {
    let (signature, params, prologue, void, has_array) =
        SIGNATURES[usize::from(module.signature) % SIGNATURES.len()];
    let mut renderer = Renderer {
        out: String::new(),
        params,
        has_array,
        void,
        loop_depth: 0,
    };
    renderer.out.push_str(
        "import math\nimport numpy as np\nfrom numba import cfunc, carray, farray, types\n\n",
    );
    let constant = match &module.constant {
        Some(expr) => Renderer {
            out: String::new(),
            params: &["3"],
            has_array: false,
            void: false,
            loop_depth: 0,
        }
        .expr(expr, 3),
        None => "2".to_owned(),
    };
    let _ = writeln!(renderer.out, "SCALE = {constant}\n");
    // `helper` is another cfunc, a jitted function (specialized per
    // argument type, perhaps recursive) or a factory's cfunc.
    renderer.out.push_str(match module.helper % 5 {
        0 => "@cfunc(\"float64(float64)\")\ndef helper(z):\n    return z * SCALE\n\n",
        1 => "@cfunc(\"int64(int64)\")\ndef helper(z):\n    return z + 1\n\n",
        2 => "from numba import njit\n@njit\ndef helper(z):\n    return z * SCALE\n\n",
        3 => {
            "from numba import njit\n@njit\ndef helper(z):\n    if z < 1:\n        return z\n    \
             return helper(z // 2) + 1\n\n"
        }
        _ => {
            "def make(k):\n    @cfunc(\"float64(float64)\")\n    def inner(z):\n        \
             return z * k\n    return inner\n\nhelper = make(SCALE)\n\n"
        }
    });
    let name = pick(&["f", "callback", "kernel", "loop", "match"], module.name);
    let _ = writeln!(
        renderer.out,
        "@cfunc(\"{signature}\")\ndef {name}({}):",
        params.join(", ")
    );
    renderer.out.push_str(prologue);
    // Locals that the body may read: define them first (mostly valid).
    if module.name % 4 != 0 {
        let init = if module.name % 3 == 0 { "0.0" } else { "0" };
        for local in LOCALS {
            let _ = writeln!(renderer.out, "    {local} = {init}");
        }
    }
    renderer.block(&module.body, 1, 0);
    if !void {
        renderer.line(1, "return acc");
    }
    renderer.out
}

fuzz_target!(|module: Module| {
    check(&module);
    forget_spans();
});

fn check(module: &Module) {
    let source = render(module);
    if std::env::var_os("CFUNC_FUZZ_PRINT").is_some() {
        eprintln!("{source}");
    }
    let result = compile(&source);
    if std::env::var_os("CFUNC_FUZZ_PRINT").is_some() {
        match &result {
            Ok(_) => eprintln!("=> Ok"),
            Err(errors) => eprintln!("=> Err: {}", errors[0].message()),
        }
    }
    match result {
        // A cfunc comes back as a `syn::ItemFn`: lowering to tokens that are
        // no function panics inside `compile`, which the fuzzer reports.
        Ok(_) => {}
        Err(errors) => {
            assert!(!errors.is_empty(), "Err without a diagnostic");
            for error in &errors {
                let range = error.range();
                assert!(
                    range.start() <= range.end() && range.end() <= source.len(),
                    "range outside the source: {}\n{source}",
                    error.message()
                );
                let _ =
                    cfunc_python::render::code_frame(&source, "gen.py", range, &error.message());
            }
        }
    }
}

/// Outside a proc-macro, proc-macro2 keeps every span's source text in a
/// thread-local map that only grows (~60 KB per compile of a large
/// module): without this, a long run ends in libFuzzer's out-of-memory
/// report. Safe here: no span of this input outlives `check`.
fn forget_spans() {
    proc_macro2::extra::invalidate_current_thread_spans();
}
