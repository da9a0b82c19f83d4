//! The typed IR: a cfunc body after checking. Every value has its type,
//! every operation is resolved to what it computes (`wrapping_add` of two
//! int64s, a float division that raises on zero, an unchecked element of
//! a view), and Numba's implicit conversions are explicit nodes. Nothing
//! in it can fail: the checker (`lower`) reported every error before it
//! built the IR, and code generation (`generate`) is a function of it.
//!
//! A second backend (one that compiles at run time) would consume the
//! same [`TypedFn`]: locals are typed slots, temporaries are numbered, the
//! control flow is structured (labelled loops and blocks), and the only
//! calls out are to the runtime's helpers (by name), to `f64`/`f32`
//! methods of Rust's standard library (by name), to other cfuncs of the
//! block and to ctypes functions.

use crate::ast::NodeId;
use crate::types::{Layout, Ty};
use std::collections::HashSet;

/// What a subscript does to one axis of the array it views.
#[derive(Clone, Debug)]
pub(crate) enum Axis {
    /// An int64 index: the axis goes (negative counts from the end; out of
    /// range raises `IndexError`).
    Select(Expr),
    /// `start:stop:step`, each an int64 when written, as Python's
    /// `slice.indices` reads them: the axis stays.
    Slice {
        start: Option<Expr>,
        stop: Option<Expr>,
        step: Option<Expr>,
    },
}

/// How a local array is made; the array's type is the expression's.
#[derive(Clone, Debug)]
pub(crate) enum NewArray {
    /// Every element `fill` (of the dtype), in a shape given as a tuple of
    /// int64s: `np.zeros`, `np.ones`, `np.empty` (zeroed), `np.full` and
    /// their `_like` forms.
    Full { shape: Expr, fill: Expr },
    /// `np.arange` in int64 or float64, as Numba computes it.
    Arange { start: Expr, stop: Expr, step: Expr },
    /// `np.linspace(start, stop, num)`, float64s as Numba computes them.
    Linspace { start: Expr, stop: Expr, num: Expr },
    /// A copy of an array, in the expression's order.
    Copy(Expr),
    /// An array's elements converted to the expression's dtype (an
    /// `np.arange` given another dtype).
    Convert(Expr),
}

impl NewArray {
    /// The extents of a `Full` array whose shape is literal.
    pub fn literal_shape(&self) -> Option<Vec<usize>> {
        let NewArray::Full { shape, .. } = self else {
            return None;
        };
        let ExprKind::Tuple(extents) = &shape.kind else {
            return None;
        };
        extents
            .iter()
            .map(|extent| match extent.kind {
                ExprKind::Int(extent) => usize::try_from(extent).ok(),
                _ => None,
            })
            .collect()
    }

    /// Whether a `Full` array has a literal shape small enough to live in
    /// the function's frame: a backend may put it there when the function
    /// cannot return it and the expression runs at most once per call
    /// (outside loops).
    pub fn fits_in_frame(&self) -> bool {
        const MAX_FRAME_ELEMENTS: usize = 64;
        self.literal_shape().is_some_and(|extents| {
            extents
                .iter()
                .try_fold(1usize, |size, extent| size.checked_mul(*extent))
                .is_some_and(|size| size <= MAX_FRAME_ELEMENTS)
        })
    }
}

/// A checked cfunc body.
pub(crate) struct TypedFn {
    /// The Rust parameters, in order: their names and whether each is
    /// pointer-sized in C (`intp`, `uintp`).
    pub params: Vec<(String, Option<PointerSized>)>,
    /// The parameters' types, as the body sees them.
    pub param_types: Vec<Ty>,
    /// The return type (`Ty::None` for void).
    pub ret: Ty,
    /// The slots the parameters start in, with their values.
    pub param_slots: Vec<(SlotId, Expr)>,
    /// Every slot: one per local and type.
    pub slots: Vec<Slot>,
    /// Whether the C return type is pointer-sized.
    pub ret_widen: Option<PointerSized>,
    pub body: Vec<Stmt>,
}

/// A variable of the function: a local in one of its types (a local
/// whose type changes between assignments, as Numba allows, has one slot
/// per type).
pub(crate) struct Slot {
    /// The Python local.
    pub local: String,
    pub ty: Ty,
    /// Which of the local's types this is, in the order they appear.
    pub position: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SlotId(pub u32);

/// A temporary the checker introduced (an operand evaluated once, the
/// item of a loop).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct TempId(pub u32);

/// `isize`/`usize` in C, int64/uint64 in cfunc code.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PointerSized {
    Signed,
    Unsigned,
}

#[derive(Clone, Debug)]
pub(crate) struct Expr {
    pub ty: Ty,
    pub kind: ExprKind,
}

impl Expr {
    pub fn new(kind: ExprKind, ty: Ty) -> Expr {
        Expr { ty, kind }
    }

    pub fn temp(temp: TempId, ty: Ty) -> Expr {
        Expr::new(ExprKind::Temp(temp), ty)
    }
}

#[derive(Clone, Debug)]
pub(crate) enum ExprKind {
    Slot(SlotId),
    /// The C argument of the parameter at this index.
    Argument(usize),
    Temp(TempId),
    /// An integer constant of the expression's type.
    Int(i128),
    /// A float constant of the expression's type.
    Float(f64),
    Bool(bool),
    /// The operand converted to the expression's numeric type (`as`, or
    /// 0/1 for a bool to a float).
    Convert(Box<Expr>),
    /// The operand's truth value: non-zero, non-null.
    Truthy(Box<Expr>),
    /// A complex number of the expression's type from its two parts, each
    /// of the part type (`float32` for `complex64`).
    Complex {
        re: Box<Expr>,
        im: Box<Expr>,
    },
    /// One part of a complex number, in the part type.
    ComplexPart {
        value: Box<Expr>,
        part: Part,
    },
    /// Logical negation of a bool.
    Not(Box<Expr>),
    /// An operation in the operand's own type.
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// Both operands have the expression's type, except a shift amount
    /// (int64).
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// Operands of one numeric type, or two pointers.
    Compare {
        op: Comparison,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// Short-circuiting, of bools.
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// `then` if `test` (a bool) holds, else `otherwise`: only one runs.
    Select {
        test: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// Temporaries bound in order, then the value.
    Block {
        lets: Vec<(TempId, Expr)>,
        value: Box<Expr>,
    },
    Tuple(Vec<Expr>),
    TupleItem(Box<Expr>, usize),
    Load(Box<Place>),
    /// A method of Rust's `f64`/`f32`/integers on the receiver.
    Method {
        receiver: Box<Expr>,
        method: &'static str,
        args: Vec<Expr>,
    },
    /// A function of the runtime's Python semantics.
    Runtime {
        function: String,
        args: Vec<Expr>,
    },
    /// The shape of a view, as int64s.
    Shape(Box<Expr>),
    /// The number of elements of a view.
    Size(Box<Expr>),
    /// The strides of a view in bytes, as int64s, as Numba's `carray` and
    /// `farray` make them: plain products of the other extents, so an axis
    /// of length 0 makes the strides it enters 0.
    Strides(Box<Expr>),
    /// The size in bytes of an element of this type (`a.itemsize`).
    ItemSize(Ty),
    /// The first extent of a view.
    Len(Box<Expr>),
    /// A reduction of a view's or nested array's elements (`a.sum()`,
    /// `np.argmin(a)`), in the expression's type: the runtime's function of
    /// that name, as Numba computes it.
    Reduce {
        reduction: Reduction,
        array: Box<Expr>,
    },
    /// `print(...)`: the items' `str()`, separated by spaces, as one line
    /// on stdout.
    Print(Vec<PrintItem>),
    /// A local array (`np.zeros(n)`, `a.copy()`), of the expression's
    /// type: memory the body owns, freed when no local refers to it.
    NewArray(Box<NewArray>),
    /// A view of part of an array (`a[1:3]`, `a[i]` of a 2-d array,
    /// `a[:, j]`, `a[::-1]`), of the expression's type: the same memory,
    /// one entry of `axes` per axis of `array`.
    Subview {
        array: Box<Expr>,
        axes: Vec<Axis>,
    },
    /// `a.T`: the axes reversed, the same memory.
    Transpose(Box<Expr>),
    /// An array expression (`a * 2.0`, `np.sqrt(a)`, `a > b`): a new C
    /// array of the operands' broadcast shape, each element `body` with
    /// each temporary bound to its operand's element there (an array
    /// operand's element, or a scalar operand's value).
    Elementwise {
        operands: Vec<(TempId, Expr)>,
        body: Box<Expr>,
        /// The element as the kernel computes it, before its conversion
        /// to the dtype, where the two differ: an operator computes in
        /// Python's scalar types (`int32 + int32` in int64), and an
        /// enclosing expression fused with this one computes on that
        /// value, as Numba's array-expression kernel does.
        kernel: Option<Box<Expr>>,
    },
    /// `view[...] = value`: every element of `view` set to `value` (a
    /// scalar of its dtype), or assigned from `value` (an array of its
    /// dtype, broadcast as NumPy does; a shape that does not broadcast
    /// raises `ValueError`).
    AssignView {
        view: Box<Expr>,
        value: Box<Expr>,
    },
    /// `carray`/`farray` of a pointer and a shape; `dtype` for a voidptr.
    View {
        layout: Layout,
        pointer: Box<Expr>,
        shape: Box<Expr>,
        dtype: Option<Ty>,
    },
    /// Another cfunc of the block.
    CallCFunc {
        name: String,
        args: Vec<(Expr, Option<PointerSized>)>,
        widen: Option<PointerSized>,
    },
    /// A specialization of a helper (`@njit` function) of the block.
    CallHelper {
        function: String,
        args: Vec<Expr>,
    },
    /// A ctypes function the module declared.
    CallForeign {
        key: String,
        args: Vec<Expr>,
    },
}

/// What `print` shows: a string literal as it is, or a value (a number,
/// a bool or a tuple of them) as Python's `str()` shows it.
#[derive(Clone, Debug)]
pub(crate) enum PrintItem {
    Text(String),
    Value(Expr),
}

/// NumPy's reductions of a whole array.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Reduction {
    Sum,
    Prod,
    Mean,
    Var,
    Std,
    Min,
    Max,
    ArgMin,
    ArgMax,
    Any,
    All,
    NanSum,
    NanProd,
    NanMean,
    NanMin,
    NanMax,
    Median,
    NanMedian,
}

impl Reduction {
    /// The reduction a NumPy function of this name computes (`np.sum(a)`,
    /// `np.amin(a)`, `np.nanmax(a)`).
    pub fn named(name: &str) -> Option<Reduction> {
        Some(match name {
            "sum" => Reduction::Sum,
            "prod" => Reduction::Prod,
            "mean" => Reduction::Mean,
            "var" => Reduction::Var,
            "std" => Reduction::Std,
            "min" | "amin" => Reduction::Min,
            "max" | "amax" => Reduction::Max,
            "argmin" => Reduction::ArgMin,
            "argmax" => Reduction::ArgMax,
            "any" => Reduction::Any,
            "all" => Reduction::All,
            "nansum" => Reduction::NanSum,
            "nanprod" => Reduction::NanProd,
            "nanmean" => Reduction::NanMean,
            "nanmin" => Reduction::NanMin,
            "nanmax" => Reduction::NanMax,
            "median" => Reduction::Median,
            "nanmedian" => Reduction::NanMedian,
            _ => return None,
        })
    }

    /// The runtime's function (`::cfunc::__private::reduce::*`).
    pub fn function(self) -> &'static str {
        match self {
            Reduction::Sum => "sum",
            Reduction::Prod => "prod",
            Reduction::Mean => "mean",
            Reduction::Var => "var",
            Reduction::Std => "std",
            Reduction::Min => "min",
            Reduction::Max => "max",
            Reduction::ArgMin => "argmin",
            Reduction::ArgMax => "argmax",
            Reduction::Any => "any",
            Reduction::All => "all",
            Reduction::NanSum => "nansum",
            Reduction::NanProd => "nanprod",
            Reduction::NanMean => "nanmean",
            Reduction::NanMin => "nanmin",
            Reduction::NanMax => "nanmax",
            Reduction::Median => "median",
            Reduction::NanMedian => "nanmedian",
        }
    }

    /// The reduction an array method of this name computes (`a.sum()`;
    /// NumPy has `amin` and the NaN-aware ones as functions only).
    pub fn method_named(name: &str) -> Option<Reduction> {
        if name.starts_with("nan") || name.starts_with("am") || name == "median" {
            return None;
        }
        Reduction::named(name)
    }

    /// Whether the result depends on the elements' C order (an index
    /// counted in it, a median selected from a C-order copy), which needs
    /// the array's shape and layout.
    pub fn counts_in_c_order(self) -> bool {
        matches!(
            self,
            Reduction::ArgMin | Reduction::ArgMax | Reduction::Median | Reduction::NanMedian
        )
    }
}

/// A part of a complex number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Part {
    Real,
    Imag,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum UnaryOp {
    /// Integer negation, wrapping in the operand's width.
    WrappingNeg,
    /// Float negation.
    Neg,
    /// Bitwise not.
    BitNot,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BinaryOp {
    WrappingAdd,
    WrappingSub,
    WrappingMul,
    /// Float arithmetic.
    Add,
    Sub,
    Mul,
    /// Float division; `checked` raises `ZeroDivisionError` on a zero
    /// divisor (Numba's default error model), unless versioning scanned
    /// the divisors of the loop it is in.
    Div {
        checked: bool,
    },
    /// Float remainder with the sign of the dividend (C's `fmod`).
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    /// Shifts by an int64 amount, wrapping.
    Shl,
    Shr,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Comparison {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
}

/// Something that can be read, and perhaps written.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    pub ty: Ty,
    pub kind: PlaceKind,
}

#[derive(Clone, Debug)]
pub(crate) enum PlaceKind {
    /// A value read as it is (a local, a call's result).
    Value(Box<Expr>),
    /// An element of a view, each index checked against its extent unless
    /// the loop's versioning covers `subscript`.
    ArrayElement {
        array: Box<Place>,
        indices: Vec<Index>,
        subscript: NodeId,
    },
    /// `p[i]`, unchecked as in C.
    PointerElement {
        pointer: Box<Place>,
        index: Box<Expr>,
    },
    Field {
        record: Box<Place>,
        field: String,
    },
    /// Elements of a record's fixed array (whose extents its type holds).
    NestedElement {
        array: Box<Place>,
        indices: Vec<Index>,
    },
    TupleItem {
        tuple: Box<Place>,
        index: usize,
    },
}

#[derive(Clone, Debug)]
pub(crate) enum Index {
    /// A non-negative literal.
    Literal(usize),
    /// A value known not to be negative (a `range` loop variable).
    NonNegative(Expr),
    /// Any integer, wrapped as Python wraps negative indices.
    Wrapped(Expr),
}

/// A loop or block label.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Label {
    Loop(u32),
    /// The block around a loop that `break` leaves, skipping its `else`.
    Exit(u32),
}

#[derive(Clone, Debug)]
pub(crate) enum Stmt {
    /// Evaluated for its effects.
    Eval(Expr),
    SetSlot {
        slot: SlotId,
        value: Expr,
    },
    Store {
        place: Place,
        value: Expr,
    },
    /// `place op= operand`: the place's indices, then its current value
    /// (as `current`), then the operand (as `operand`), then the store of
    /// `result`.
    Update {
        place: Place,
        current: TempId,
        operand: (TempId, Expr),
        result: Expr,
    },
    Let {
        temp: TempId,
        value: Expr,
    },
    /// Statements whose temporaries end with them.
    Scope(Vec<Stmt>),
    /// Statements in sequence.
    Seq(Vec<Stmt>),
    If {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `test` is `None` for `while True`.
    While {
        label: Label,
        test: Option<Expr>,
        body: Vec<Stmt>,
    },
    For(Box<ForLoop>),
    /// A labelled block.
    Block {
        label: Label,
        body: Vec<Stmt>,
    },
    Break(Label),
    Continue(Label),
    Return(Option<Expr>),
    /// Raises the exception with this message.
    Raise(String),
}

#[derive(Clone, Debug)]
pub(crate) struct ForLoop {
    pub label: Label,
    /// Holds each item before `bind` assigns it to the target.
    pub item: TempId,
    pub iter: Iter,
    pub bind: Vec<Stmt>,
    pub body: Vec<Stmt>,
    /// How the loop runs in chunks, when it is versioned.
    pub versioned: Option<VersionedLoop>,
}

#[derive(Clone, Debug)]
pub(crate) enum Iter {
    /// `range(start, stop)` of int64s.
    Range { start: Expr, stop: Expr },
    /// `range(start, stop, step)`.
    SteppedRange { start: Expr, stop: Expr, step: Expr },
    /// The elements of a 1-d view, copied before the loop.
    Array(Expr),
    /// The items of a tuple whose items have one type.
    Tuple(Expr),
    /// The rows of an array of 2 or more axes (views of its first axis's
    /// entries), of the item type.
    Rows { array: Expr, item: Ty },
}

/// The checks a versioned loop makes before each chunk (see `versioning`),
/// and what its fast copy leaves unchecked.
#[derive(Clone, Debug)]
pub(crate) struct VersionedLoop {
    /// Pairs of views that must share no byte.
    pub disjoint: Vec<(SlotId, SlotId)>,
    pub guards: Vec<Guard>,
    /// The subscripts the guards cover.
    pub unchecked: HashSet<NodeId>,
    /// The divisors, as float64s, scanned for zero; with any, the fast
    /// copy's float divisions are unchecked.
    pub divisors: Vec<Expr>,
    pub chunk: u64,
}

/// An index that stays inside a view's axis for the whole chunk.
#[derive(Clone, Debug)]
pub(crate) struct Guard {
    pub array: SlotId,
    pub axis: usize,
    pub index: GuardIndex,
}

#[derive(Clone, Debug)]
pub(crate) enum GuardIndex {
    /// The loop variable: the chunk's range is inside the axis.
    LoopVariable,
    /// A non-negative literal.
    Literal(u64),
    /// A loop-invariant integer, wrapped as Python wraps negative indices.
    Invariant(Expr),
}

/// Adds the slots that `body` assigns, at any depth, to `assigned`.
pub(crate) fn assigned_slots(body: &[Stmt], assigned: &mut HashSet<u32>) {
    for stmt in body {
        match stmt {
            Stmt::SetSlot { slot, .. } => {
                assigned.insert(slot.0);
            }
            Stmt::Scope(body) | Stmt::Seq(body) | Stmt::Block { body, .. } => {
                assigned_slots(body, assigned);
            }
            Stmt::While { body, .. } => assigned_slots(body, assigned),
            Stmt::If { body, orelse, .. } => {
                assigned_slots(body, assigned);
                assigned_slots(orelse, assigned);
            }
            Stmt::For(for_loop) => {
                assigned_slots(&for_loop.bind, assigned);
                assigned_slots(&for_loop.body, assigned);
            }
            Stmt::Eval(_)
            | Stmt::Store { .. }
            | Stmt::Update { .. }
            | Stmt::Let { .. }
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::Return(_)
            | Stmt::Raise(_) => {}
        }
    }
}

/// `i64`, `u64`, `f64`, `f32`, `complex64`, `complex128`: the suffix of
/// the runtime helper for a result type (`floordiv_i64`, `truediv_f32`,
/// `mul_complex128`).
pub(crate) fn helper_suffix(ty: &Ty) -> &'static str {
    match ty {
        Ty::Int { signed: false, .. } => "u64",
        Ty::Float { bits: 32 } => "f32",
        Ty::Float { .. } => "f64",
        Ty::Complex { bits: 64 } => "complex64",
        Ty::Complex { .. } => "complex128",
        _ => "i64",
    }
}

#[cfg(test)]
mod tests;
