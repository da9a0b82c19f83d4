//! Type inference: each assignment gets its own type and joins unify, as in
//! Numba; inference follows a type through any number of locals and
//! always settles. The assertions are on the types inference found
//! (`Typing`), not on the generated Rust.

use cfunc_python::compile;
use cfunc_python::typed::Typing;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The typing of the block's only cfunc (whose item the front end has
/// already built as a `syn::ItemFn`, so it is a well-formed function).
fn typing_of(source: &str) -> Typing {
    let output = compile(source).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(|error| error.message()).collect();
        panic!("the block does not compile: {messages:?}\n{source}")
    });
    let [cfunc] = output.cfuncs.as_slice() else {
        panic!("expected one cfunc, found {}", output.cfuncs.len());
    };
    cfunc.typing.clone()
}

fn errors_of(source: &str) -> Vec<String> {
    match compile(source) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|error| error.message()).collect(),
    }
}

#[test]
fn each_assignment_has_its_own_type() {
    let typing = typing_of(
        "from numba import cfunc
@cfunc('float64(int64)')
def f(n):
    x = n
    y = x // 3
    x = 0.5
    return y + x
",
    );
    assert_eq!(typing.assigned_types("n"), ["int64"]);
    assert_eq!(typing.assigned_types("x"), ["int64", "float64"]);
    assert_eq!(typing.assigned_types("y"), ["int64"]);
    assert!(typing.join_types("x").is_empty());
}

#[test]
fn a_parameter_assigned_a_float_is_a_float64_value_after_the_int64_argument() {
    let typing = typing_of(
        "from numba import cfunc
@cfunc('float64(intp)')
def halve(n):
    n = n / 2
    return n
",
    );
    assert_eq!(typing.assigned_types("n"), ["int64", "float64"]);
}

#[test]
fn branches_join_in_the_unified_type() {
    let typing = typing_of(
        "from numba import cfunc
@cfunc('float64(int64)')
def f(n):
    x = n
    y = x // 3
    if n > 100:
        x = 0.5
    return y + x
",
    );
    assert_eq!(typing.assigned_types("x"), ["int64", "float64"]);
    assert_eq!(typing.join_types("x"), ["float64"]);
    assert_eq!(typing.assigned_types("y"), ["int64"]);
}

#[test]
fn a_loop_head_unifies_the_entry_and_the_back_edge() {
    let typing = typing_of(
        "from numba import cfunc
@cfunc('float64(int64)')
def f(n):
    acc = 0
    for i in range(n):
        acc = acc + 0.5
    return acc
",
    );
    assert_eq!(typing.assigned_types("acc"), ["int64", "float64"]);
    // The head of the loop (and the loop variable's head).
    assert_eq!(typing.join_types("acc"), ["float64"]);
    assert_eq!(typing.assigned_types("i"), ["int64"]);
}

#[test]
fn small_integers_unify_by_numpy_promotion_at_joins() {
    let typing = typing_of(
        "from numba import cfunc, types
@cfunc('int64(int8, uint8, int64)')
def f(a, b, c):
    if c > 0:
        x = a
    else:
        x = b
    return x
",
    );
    assert_eq!(typing.join_types("x"), ["int16"]);
}

#[test]
fn values_that_do_not_unify_are_an_error_only_where_the_join_is_read() {
    let conflicting = "from numba import cfunc
@cfunc('float64(int64)')
def f(n):
    x = 1.5
    if n > 0:
        x = (n, n)
    return READ
";
    assert_eq!(
        errors_of(&conflicting.replace("READ", "x")),
        ["cannot unify float64 and Tuple(int64, int64) for `x`: Numba gives a variable one type"]
    );
    assert!(errors_of(&conflicting.replace("READ", "1.0")).is_empty());
}

#[test]
fn a_read_where_a_local_may_be_unassigned_is_an_error() {
    let errors = errors_of(
        "from numba import cfunc
@cfunc('float64(int64)')
def f(n):
    for i in range(n):
        last = i * 0.5
    return last
",
    );
    assert_eq!(
        errors,
        [
            "local variable `last` is used before it is assigned (Python raises UnboundLocalError here)"
        ]
    );
}

#[test]
fn locals_fixes_every_value_of_a_declared_local() {
    let typing = typing_of(
        "from numba import cfunc, types
@cfunc('float64(int64, int64)', locals={'c': types.int64})
def f(a, b):
    c = a / b
    c = c * 0.5
    return c
",
    );
    assert_eq!(typing.assigned_types("c"), ["int64", "int64"]);
}

/// `x0 = 0; ...; x{n-1} = 0`, then a loop that shifts every local one
/// place down and assigns the last a float: the float reaches `x0` only
/// after `n - 1` rounds of inference.
fn chain_in_a_loop(n: usize) -> String {
    let mut source = String::from("from numba import cfunc\n@cfunc('float64(int64)')\ndef f(m):\n");
    for k in 0..n {
        source += &format!("    x{k} = 0\n");
    }
    source += "    for i in range(m):\n";
    for k in 0..n - 1 {
        source += &format!("        x{k} = x{}\n", k + 1);
    }
    source += &format!("        x{} = 0.5 * i\n    return x0\n", n - 1);
    source
}

/// The same shift inside a branch of a loop, with the other branch
/// copying the chain the other way.
fn chain_in_branches(n: usize) -> String {
    let mut source = String::from("from numba import cfunc\n@cfunc('float64(int64)')\ndef f(m):\n");
    for k in 0..n {
        source += &format!("    x{k} = 0\n");
    }
    source += "    for i in range(m):\n        if i % 2 == 0:\n";
    for k in 0..n - 1 {
        source += &format!("            x{k} = x{}\n", k + 1);
    }
    source += &format!("            x{} = 0.5\n        else:\n", n - 1);
    for k in (1..n).rev() {
        source += &format!("            x{k} = x{}\n", k - 1);
    }
    source += "    return x0\n";
    source
}

#[test]
fn shifted_chains_of_2_to_200_locals_type_as_numba_types_them() {
    for n in 2..=200 {
        let typing = typing_of(&chain_in_a_loop(n));
        for k in 0..n - 1 {
            let local = format!("x{k}");
            assert_eq!(
                typing.assigned_types(&local),
                ["int64", "float64"],
                "n = {n}, {local}"
            );
            assert_eq!(typing.join_types(&local), ["float64"], "n = {n}, {local}");
        }
        let last = format!("x{}", n - 1);
        assert_eq!(
            typing.assigned_types(&last),
            ["int64", "float64"],
            "n = {n}"
        );

        let typing = typing_of(&chain_in_branches(n));
        for k in 0..n {
            let local = format!("x{k}");
            // The head of the loop and the join after the `if`.
            assert_eq!(
                typing.join_types(&local),
                ["float64", "float64"],
                "n = {n}, {local}"
            );
        }
    }
}

/// A random program over int64 and float64 locals: assignments of sums,
/// differences and products, `if`s and `for` loops, every read after an
/// assignment that reaches it on every path.
#[derive(Clone, Debug)]
enum Stmt {
    Assign(usize, Expr),
    If(Vec<Stmt>, Vec<Stmt>),
    For(Vec<Stmt>),
}

#[derive(Clone, Debug)]
enum Expr {
    Int(i64),
    Float(f64),
    Var(usize),
    Binary(Box<Expr>, char, Box<Expr>),
}

const VARIABLES: usize = 6;

fn expr(depth: u32) -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![
        (0i64..10).prop_map(Expr::Int),
        (0i64..10).prop_map(|n| Expr::Float(n as f64 + 0.5)),
        (0..VARIABLES).prop_map(Expr::Var),
    ];
    leaf.prop_recursive(depth, 8, 2, |inner| {
        (
            inner.clone(),
            prop_oneof![Just('+'), Just('-'), Just('*')],
            inner,
        )
            .prop_map(|(a, op, b)| Expr::Binary(Box::new(a), op, Box::new(b)))
    })
    .boxed()
}

fn block(depth: u32) -> BoxedStrategy<Vec<Stmt>> {
    let assign = (0..VARIABLES, expr(2)).prop_map(|(v, e)| Stmt::Assign(v, e));
    if depth == 0 {
        return prop::collection::vec(assign, 1..5).boxed();
    }
    let stmt = prop_oneof![
        4 => assign,
        1 => (block(depth - 1), block(depth - 1)).prop_map(|(a, b)| Stmt::If(a, b)),
        1 => block(depth - 1).prop_map(Stmt::For),
    ];
    prop::collection::vec(stmt, 1..6).boxed()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Type {
    Int,
    Float,
}

/// The reference: abstract interpretation over environments (a local's
/// type at each point), iterating each loop until its head is stable,
/// independent of the SSA form cfunc uses. Records the type of each
/// assignment, in source order, per local.
struct Reference {
    assigned: BTreeMap<usize, Vec<Type>>,
    /// The index of each assignment among its local's, in source order.
    order: Vec<(usize, usize)>,
}

type Env = BTreeMap<usize, Type>;

fn join(a: &Env, b: &Env) -> Env {
    // Only locals assigned on both paths may be read after the join.
    a.iter()
        .filter_map(|(v, t)| b.get(v).map(|u| (*v, (*t).max(*u))))
        .collect()
}

impl Reference {
    fn type_of(expr: &Expr, env: &Env) -> Option<Type> {
        match expr {
            Expr::Int(_) => Some(Type::Int),
            Expr::Float(_) => Some(Type::Float),
            Expr::Var(v) => env.get(v).copied(),
            Expr::Binary(a, _, b) => Some(Self::type_of(a, env)?.max(Self::type_of(b, env)?)),
        }
    }

    /// Runs `body` from `env`; the slot of each assignment is numbered in
    /// source order (`next`), and its recorded type only grows.
    fn block(&mut self, body: &[Stmt], env: &mut Env, next: &mut usize) {
        for stmt in body {
            match stmt {
                Stmt::Assign(v, e) => {
                    let ty = Self::type_of(e, env).expect("generated reads are assigned");
                    let (local, index) = self.order[*next];
                    *next += 1;
                    let slot = &mut self.assigned.get_mut(&local).unwrap()[index];
                    *slot = (*slot).max(ty);
                    env.insert(*v, ty);
                }
                Stmt::If(a, b) => {
                    let mut then_env = env.clone();
                    self.block(a, &mut then_env, next);
                    self.block(b, env, next);
                    *env = join(&then_env, env);
                }
                Stmt::For(body) => {
                    let start = *next;
                    let entry = env.clone();
                    let mut head = entry.clone();
                    loop {
                        *next = start;
                        let mut inner = head.clone();
                        self.block(body, &mut inner, next);
                        // At the head, a local keeps the entry's value or the
                        // back edge's; one assigned only in the loop cannot
                        // be read after it.
                        let mut new_head = entry.clone();
                        for (v, t) in &entry {
                            if let Some(u) = inner.get(v) {
                                new_head.insert(*v, (*t).max(*u));
                            }
                        }
                        if new_head == head {
                            break;
                        }
                        head = new_head;
                    }
                    *env = head;
                }
            }
        }
    }
}

fn number_assignments(
    body: &[Stmt],
    order: &mut Vec<(usize, usize)>,
    counts: &mut BTreeMap<usize, usize>,
) {
    for stmt in body {
        match stmt {
            Stmt::Assign(v, _) => {
                let count = counts.entry(*v).or_default();
                order.push((*v, *count));
                *count += 1;
            }
            Stmt::If(a, b) => {
                number_assignments(a, order, counts);
                number_assignments(b, order, counts);
            }
            Stmt::For(body) => number_assignments(body, order, counts),
        }
    }
}

/// Rewrites reads of locals that may be unassigned into literals, so that
/// every program is one Numba accepts.
fn well_formed(body: &mut [Stmt], env: &mut std::collections::BTreeSet<usize>) {
    fn fix(expr: &mut Expr, env: &std::collections::BTreeSet<usize>) {
        match expr {
            Expr::Var(v) if !env.contains(v) => *expr = Expr::Int(*v as i64),
            Expr::Binary(a, _, b) => {
                fix(a, env);
                fix(b, env);
            }
            _ => {}
        }
    }
    for stmt in body {
        match stmt {
            Stmt::Assign(v, e) => {
                fix(e, env);
                env.insert(*v);
            }
            Stmt::If(a, b) => {
                let mut then_env = env.clone();
                well_formed(a, &mut then_env);
                well_formed(b, env);
                *env = env.intersection(&then_env).copied().collect();
            }
            Stmt::For(body) => {
                let mut inner = env.clone();
                well_formed(body, &mut inner);
            }
        }
    }
}

fn render_expr(expr: &Expr) -> String {
    match expr {
        Expr::Int(n) => n.to_string(),
        Expr::Float(x) => format!("{x:?}"),
        Expr::Var(v) => format!("v{v}"),
        Expr::Binary(a, op, b) => format!("({} {op} {})", render_expr(a), render_expr(b)),
    }
}

fn render(body: &[Stmt], indent: usize, loops: &mut usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for stmt in body {
        match stmt {
            Stmt::Assign(v, e) => *out += &format!("{pad}v{v} = {}\n", render_expr(e)),
            Stmt::If(a, b) => {
                *out += &format!("{pad}if m > {}:\n", *loops % 3);
                render(a, indent + 4, loops, out);
                *out += &format!("{pad}else:\n");
                render(b, indent + 4, loops, out);
            }
            Stmt::For(body) => {
                *loops += 1;
                *out += &format!("{pad}for i{loops} in range(m):\n");
                render(body, indent + 4, loops, out);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn inference_settles_on_the_types_of_the_reference(mut body in block(2)) {
        well_formed(&mut body, &mut std::collections::BTreeSet::new());
        let mut source = String::from("from numba import cfunc\n@cfunc('float64(int64)')\ndef f(m):\n");
        let mut loops = 0;
        render(&body, 4, &mut loops, &mut source);
        source += "    return 1.0\n";

        let mut order = Vec::new();
        let mut counts = BTreeMap::new();
        number_assignments(&body, &mut order, &mut counts);
        let mut reference = Reference {
            assigned: counts.iter().map(|(v, n)| (*v, vec![Type::Int; *n])).collect(),
            order,
        };
        reference.block(&body, &mut Env::new(), &mut 0);

        let typing = typing_of(&source);
        for (v, types) in &reference.assigned {
            let expected: Vec<&str> = types
                .iter()
                .map(|ty| if *ty == Type::Int { "int64" } else { "float64" })
                .collect();
            prop_assert_eq!(typing.assigned_types(&format!("v{v}")), expected, "{}", source);
        }
    }
}
