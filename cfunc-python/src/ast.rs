//! The syntax tree of the Python subset: small, and every node keeps its
//! byte range so that any later stage can point at the user's code.
//!
//! The parser also builds nodes for constructs outside the subset
//! (`Unsupported`), so that the typer can name them in its errors instead
//! of the parser giving a vague syntax error.

use crate::text::TextRange;

/// A whole block or file.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The top-level statements, in order.
    pub body: Vec<Stmt>,
}

/// Names one statement or expression of a parsed module, so that later
/// passes can keep what they learn about a node in tables keyed by it.
/// The parser numbers the nodes of a module from 0, in source order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// A statement and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// The statement's node.
    pub id: NodeId,
    /// What statement it is.
    pub kind: StmtKind,
    /// Where it is in the source.
    pub range: TextRange,
}

/// An identifier with its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// The identifier as written.
    pub id: String,
    /// Where it is in the source.
    pub range: TextRange,
}

/// `numpy as np` in `import numpy as np`; `carray` in `from numba import carray`.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    /// The dotted name imported (`numba.core.typing.cffi_utils`).
    pub name: Vec<Name>,
    /// The `as` name, if any.
    pub asname: Option<Name>,
    /// Where the alias is in the source.
    pub range: TextRange,
}

/// A `def`: its name, parameters, decorators, annotation and body.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// The function's name.
    pub name: Name,
    /// The parameters, in order.
    pub params: Vec<Param>,
    /// `@cfunc(sig)` and any others, in source order.
    pub decorators: Vec<Expr>,
    /// The `-> annotation`, if any.
    pub returns: Option<Expr>,
    /// The statements of the body.
    pub body: Vec<Stmt>,
}

/// One parameter of a `def`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The parameter's name.
    pub name: Name,
    /// The `: annotation`, if any.
    pub annotation: Option<Expr>,
    /// The `= default`, if any.
    pub default: Option<Expr>,
    /// `*args` / `**kwargs` (outside the subset; kept to be reported).
    pub star: Option<StarKind>,
    /// Where the parameter is in the source.
    pub range: TextRange,
}

/// Which star a starred parameter has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StarKind {
    /// `*args`
    Args,
    /// `**kwargs`
    Kwargs,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `import numpy as np, math`
    Import {
        /// The modules imported.
        names: Vec<Alias>,
    },
    /// `from numba import cfunc, types` (`level` counts leading dots).
    ImportFrom {
        /// The dotted module name.
        module: Vec<Name>,
        /// The names imported from it.
        names: Vec<Alias>,
        /// How many leading dots (a relative import).
        level: u32,
    },
    /// A `def`.
    FunctionDef(Box<FunctionDef>),
    /// `a = b = value`, targets left to right; tuple targets are `Tuple` exprs.
    Assign {
        /// The targets, left to right.
        targets: Vec<Expr>,
        /// The value assigned to each.
        value: Expr,
    },
    /// `x += 1`
    AugAssign {
        /// The place updated.
        target: Expr,
        /// The operator before the `=`.
        op: BinOp,
        /// The right-hand side.
        value: Expr,
    },
    /// `x: int = 1` (annotation kept, value optional).
    AnnAssign {
        /// The place assigned.
        target: Expr,
        /// The annotation.
        annotation: Expr,
        /// The value, if any.
        value: Option<Expr>,
    },
    /// An expression statement (a call, a docstring).
    Expr(Expr),
    /// `return` or `return value`.
    Return(Option<Expr>),
    /// `if`/`elif`/`else`: an `elif` is an `If` alone in `orelse`.
    If {
        /// The condition.
        test: Expr,
        /// The statements run when it holds.
        body: Vec<Stmt>,
        /// The `else` (or `elif`) statements.
        orelse: Vec<Stmt>,
    },
    /// `for target in iter:`, with an optional `else`.
    For {
        /// The loop variable (or a tuple of them).
        target: Expr,
        /// What is iterated.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// The `else` statements, run when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `try:` with its `except` handlers, `else` and `finally`: kept for
    /// the module level (guarded imports); cfunc code has no exceptions
    /// to catch.
    Try {
        /// The statements tried.
        body: Vec<Stmt>,
        /// The `except` clauses, in order.
        handlers: Vec<ExceptHandler>,
        /// The `else` statements, run when nothing was raised.
        orelse: Vec<Stmt>,
        /// The `finally` statements.
        finalbody: Vec<Stmt>,
    },
    /// `while test:`, with an optional `else`.
    While {
        /// The condition.
        test: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// The `else` statements, run when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `pass`
    Pass,
    /// `raise`, `raise E`, `raise E("msg")` (`from` cause kept).
    Raise {
        /// The exception, if any.
        exc: Option<Expr>,
        /// The `from` cause, if any.
        cause: Option<Expr>,
    },
    /// `assert test` or `assert test, msg`.
    Assert {
        /// The condition.
        test: Expr,
        /// The message, if any.
        msg: Option<Expr>,
    },
    /// `global x` / `nonlocal x`.
    Global {
        /// The names declared.
        names: Vec<Name>,
        /// `nonlocal` rather than `global`.
        nonlocal: bool,
    },
    /// `del x`.
    Delete {
        /// What is deleted.
        targets: Vec<Expr>,
    },
    /// A statement outside the subset, parsed far enough to skip it:
    /// `class`, `try`, `with`, `async def`, `match`, `lambda`-only lines are
    /// not here (they are expressions). `construct` names it for messages
    /// (`"class definitions"`, `"try statements"`, `"with statements"`).
    Unsupported {
        /// The construct, for messages.
        construct: &'static str,
    },
}

/// An expression and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// The expression's node.
    pub id: NodeId,
    /// What expression it is.
    pub kind: ExprKind,
    /// Where it is in the source.
    pub range: TextRange,
}

impl Expr {
    /// Calls `visit` on each expression directly inside this one, in
    /// source order (a call's callee, then its arguments and keywords).
    pub fn for_each_child<'a>(&'a self, mut visit: impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::BinOp { left, right, .. } => {
                visit(left);
                visit(right);
            }
            ExprKind::UnaryOp { operand, .. } => visit(operand),
            ExprKind::BoolOp { values, .. } | ExprKind::Tuple(values) | ExprKind::List(values) => {
                values.iter().for_each(visit)
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                visit(left);
                comparators.iter().for_each(visit);
            }
            ExprKind::IfExp { test, body, orelse } => {
                visit(test);
                visit(body);
                visit(orelse);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                visit(func);
                args.iter().for_each(&mut visit);
                keywords.iter().for_each(|keyword| visit(&keyword.value));
            }
            ExprKind::Attribute { value, .. } | ExprKind::Starred(value) => visit(value),
            ExprKind::Subscript { value, index } => {
                visit(value);
                visit(index);
            }
            ExprKind::Slice { lower, upper, step } => {
                [lower, upper, step]
                    .into_iter()
                    .flatten()
                    .for_each(|part| visit(part));
            }
            ExprKind::Dict(items) => {
                for (key, value) in items {
                    visit(key);
                    visit(value);
                }
            }
            ExprKind::Name(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Imaginary(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Ellipsis
            | ExprKind::Unsupported { .. } => {}
        }
    }
}

/// A keyword argument of a call: `name=value`, or `**kwargs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// `None` for `**kwargs`.
    pub arg: Option<Name>,
    /// The value passed.
    pub value: Expr,
    /// Where the argument is in the source.
    pub range: TextRange,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A name.
    Name(String),
    /// An integer literal; Python's are unbounded, so the value is kept as
    /// written up to `u128` and the typer decides what it means.
    Int(u128),
    /// A float literal.
    Float(f64),
    /// An imaginary literal (`2j`): its imaginary part.
    Imaginary(f64),
    /// A string literal (adjacent literals concatenated, escapes decoded).
    Str(String),
    /// `b"..."` literals.
    Bytes(Vec<u8>),
    /// `True` or `False`.
    Bool(bool),
    /// `None`
    None,
    /// `...`
    Ellipsis,
    /// `left op right`
    BinOp {
        /// The left operand.
        left: Box<Expr>,
        /// The operator.
        op: BinOp,
        /// The right operand.
        right: Box<Expr>,
    },
    /// `op operand`
    UnaryOp {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a and b and c` (all operands, same operator).
    BoolOp {
        /// `and` or `or`.
        op: BoolOp,
        /// The operands, in order.
        values: Vec<Expr>,
    },
    /// `a < b <= c`: `ops.len() == comparators.len()`.
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// The operators, in order.
        ops: Vec<CmpOp>,
        /// The operands after each operator.
        comparators: Vec<Expr>,
    },
    /// `body if test else orelse`
    IfExp {
        /// The condition.
        test: Box<Expr>,
        /// The value when it holds.
        body: Box<Expr>,
        /// The value otherwise.
        orelse: Box<Expr>,
    },
    /// `func(args, keywords)`
    Call {
        /// What is called.
        func: Box<Expr>,
        /// The positional arguments.
        args: Vec<Expr>,
        /// The keyword arguments.
        keywords: Vec<Keyword>,
    },
    /// `value.attr`
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute's name.
        attr: Name,
    },
    /// `a[i]`, `a[i, j]` (the index is then a `Tuple`).
    Subscript {
        /// What is indexed.
        value: Box<Expr>,
        /// The index.
        index: Box<Expr>,
    },
    /// `a:b:c` inside a subscript.
    Slice {
        /// The start, if written.
        lower: Option<Box<Expr>>,
        /// The end, if written.
        upper: Option<Box<Expr>>,
        /// The step, if written.
        step: Option<Box<Expr>>,
    },
    /// `(a, b)` or `a, b`.
    Tuple(Vec<Expr>),
    /// `[a, b]` (module level: `make_c_struct([...])`, `argtypes = [...]`).
    List(Vec<Expr>),
    /// `{k: v, ...}` (module level: `locals={...}`), keys and values in order.
    Dict(Vec<(Expr, Expr)>),
    /// `*x` in a call or a target.
    Starred(Box<Expr>),
    /// An expression outside the subset, parsed to be reported:
    /// `construct` is e.g. `"dict displays"`, `"set displays"`,
    /// `"list comprehensions"`, `"generator expressions"`, `"lambda
    /// expressions"`, `"f-strings"`, `"await expressions"`, `"yield
    /// expressions"`, `"walrus assignments"`.
    Unsupported {
        /// The construct, for messages.
        construct: &'static str,
    },
}

impl StmtKind {
    /// The statement lists nested in a compound statement (`if`, `while`,
    /// `for`, `try`: every body, handler, `else` and `finally`), not a
    /// function's body, which is its own scope.
    pub fn blocks(&self) -> Vec<&[Stmt]> {
        match self {
            StmtKind::If { body, orelse, .. }
            | StmtKind::While { body, orelse, .. }
            | StmtKind::For { body, orelse, .. } => vec![body, orelse],
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => std::iter::once(body.as_slice())
                .chain(handlers.iter().map(|handler| handler.body.as_slice()))
                .chain([orelse.as_slice(), finalbody.as_slice()])
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// One `except` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    /// The exception class (or tuple of them); `None` for a bare `except:`.
    pub kind: Option<Expr>,
    /// The statements run when it matches.
    pub body: Vec<Stmt>,
    /// The clause, header and body.
    pub range: TextRange,
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `@`
    MatMult,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
}

impl BinOp {
    /// The operator as written (`//`, `**`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mult => "*",
            BinOp::MatMult => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
        }
    }
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not x`
    Not,
    /// `-x`
    USub,
    /// `+x`
    UAdd,
    /// `~x`
    Invert,
}

/// A short-circuiting operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoolOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl CmpOp {
    /// The operator as written (`<=`, `is not`).
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}
