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
    pub body: Vec<Stmt>,
}

/// Names one statement or expression of a parsed module, so that later
/// passes can keep what they learn about a node in tables keyed by it.
/// The parser numbers the nodes of a module from 0, in source order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub id: NodeId,
    pub kind: StmtKind,
    pub range: TextRange,
}

/// An identifier with its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub id: String,
    pub range: TextRange,
}

/// `numpy as np` in `import numpy as np`; `carray` in `from numba import carray`.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    /// The dotted name imported (`numba.core.typing.cffi_utils`).
    pub name: Vec<Name>,
    pub asname: Option<Name>,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: Name,
    pub params: Vec<Param>,
    /// `@cfunc(sig)` and any others, in source order.
    pub decorators: Vec<Expr>,
    pub returns: Option<Expr>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Name,
    pub annotation: Option<Expr>,
    pub default: Option<Expr>,
    /// `*args` / `**kwargs` (outside the subset; kept to be reported).
    pub star: Option<StarKind>,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StarKind {
    Args,
    Kwargs,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `import numpy as np, math`
    Import {
        names: Vec<Alias>,
    },
    /// `from numba import cfunc, types` (`level` counts leading dots).
    ImportFrom {
        module: Vec<Name>,
        names: Vec<Alias>,
        level: u32,
    },
    FunctionDef(Box<FunctionDef>),
    /// `a = b = value`, targets left to right; tuple targets are `Tuple` exprs.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `x += 1`
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    /// `x: int = 1` (annotation kept, value optional).
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
    },
    /// An expression statement (a call, a docstring).
    Expr(Expr),
    Return(Option<Expr>),
    /// `if`/`elif`/`else`: an `elif` is an `If` alone in `orelse`.
    If {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    Break,
    Continue,
    Pass,
    /// `raise`, `raise E`, `raise E("msg")` (`from` cause kept).
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    /// `global x` / `nonlocal x`.
    Global {
        names: Vec<Name>,
        nonlocal: bool,
    },
    /// `del x`.
    Delete {
        targets: Vec<Expr>,
    },
    /// A statement outside the subset, parsed far enough to skip it:
    /// `class`, `try`, `with`, `async def`, `match`, `lambda`-only lines are
    /// not here (they are expressions). `construct` names it for messages
    /// (`"class definitions"`, `"try statements"`, `"with statements"`).
    Unsupported {
        construct: &'static str,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub id: NodeId,
    pub kind: ExprKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// `None` for `**kwargs`.
    pub arg: Option<Name>,
    pub value: Expr,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(String),
    /// An integer literal; Python's are unbounded, so the value is kept as
    /// written up to `u128` and the typer decides what it means.
    Int(u128),
    Float(f64),
    /// A string literal (adjacent literals concatenated, escapes decoded).
    Str(String),
    /// `b"..."` literals.
    Bytes(Vec<u8>),
    Bool(bool),
    None,
    /// `...`
    Ellipsis,
    BinOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `a and b and c` (all operands, same operator).
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    /// `a < b <= c`: `ops.len() == comparators.len()`.
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    /// `body if test else orelse`
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    Attribute {
        value: Box<Expr>,
        attr: Name,
    },
    /// `a[i]`, `a[i, j]` (the index is then a `Tuple`).
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
    },
    /// `a:b:c` inside a subscript.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
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
    /// expressions"`, `"walrus assignments"`, `"complex literals"`.
    Unsupported {
        construct: &'static str,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    /// `-x`
    USub,
    /// `+x`
    UAdd,
    /// `~x`
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
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
