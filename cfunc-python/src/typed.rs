//! What the front end found about a cfunc, for tests and tools: every
//! value of every local with the type inference gave it.

use crate::text::TextRange;
use crate::types::Ty;

/// Where a value of a local comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueOrigin {
    /// The argument a parameter starts with.
    Parameter,
    /// An assignment (`x = ...`, `x += ...`, an unpacking).
    Assignment,
    /// The item a `for` loop assigns each iteration.
    LoopItem,
    /// Where control flow joins (after an `if`, at a loop's head, after a
    /// loop): the values that reach it, unified.
    Join,
}

/// One value of a local (an SSA version).
#[derive(Clone, Debug, PartialEq)]
pub struct TypedValue {
    /// The local's Python name.
    pub local: String,
    /// What defines the value.
    pub origin: ValueOrigin,
    /// `None` where no type could be found (an error says why).
    pub ty: Option<Ty>,
    /// The assignment target, parameter or joining statement.
    pub range: TextRange,
}

/// The values of a cfunc's locals, in the order they are defined.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Typing {
    /// Every value of every local, parameters first.
    pub values: Vec<TypedValue>,
}

impl Typing {
    /// The types of the values that `local`'s parameter, assignments and
    /// loop items give it, in source order, as Numba names them.
    ///
    /// ```
    /// let output = cfunc_python::compile(
    ///     "from numba import cfunc\n\
    ///      @cfunc('float64(int64)')\n\
    ///      def f(n):\n    x = n\n    y = x // 3\n    x = 0.5\n    return y + x\n",
    /// )
    /// .unwrap();
    /// let typing = &output.cfuncs[0].typing;
    /// assert_eq!(typing.assigned_types("x"), ["int64", "float64"]);
    /// assert_eq!(typing.assigned_types("y"), ["int64"]);
    /// ```
    pub fn assigned_types(&self, local: &str) -> Vec<String> {
        self.types(local, |origin| origin != ValueOrigin::Join)
    }

    /// The types of `local`'s joins, in the order they are defined.
    pub fn join_types(&self, local: &str) -> Vec<String> {
        self.types(local, |origin| origin == ValueOrigin::Join)
    }

    fn types(&self, local: &str, keep: impl Fn(ValueOrigin) -> bool) -> Vec<String> {
        self.values
            .iter()
            .filter(|value| value.local == local && keep(value.origin))
            .map(|value| {
                value
                    .ty
                    .as_ref()
                    .map_or_else(|| "?".to_owned(), Ty::to_string)
            })
            .collect()
    }
}

/// What loop versioning made of one `for` loop.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopVersioning {
    /// The `for` statement.
    pub range: TextRange,
    /// How it runs, or why it keeps every check.
    pub outcome: Result<Versioned, Unversioned>,
}

/// A loop that runs in chunks, each checked ahead and then run without
/// the checks it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned {
    /// Subscripts whose bounds checks the chunk's guard covers.
    pub guarded_subscripts: usize,
    /// Divisors scanned for zero ahead of each chunk.
    pub scanned_divisors: usize,
    /// Iterations per chunk.
    pub chunk: u64,
}

/// Why a loop keeps every check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unversioned {
    /// Not `for name in range(start, stop)` (a step, an array, a tuple
    /// target).
    NotAUnitRange,
    /// The loop has an `else`, or merges values of different types after
    /// it.
    HasElseOrExitMoves,
    /// A nested loop, a `break`, a call that may write memory, or a
    /// construct outside the subset.
    BodyNotVersionable,
    /// It writes only locals: its float reductions stay in order, so
    /// nothing would vectorize.
    WritesNoArray,
    /// It assigns its loop variable.
    AssignsLoopVariable,
    /// It reassigns an array it writes, which leaves no shape to guard.
    ReassignsWrittenArray,
    /// The loop variable is not int64 (`locals=` declared it otherwise).
    LoopVariableNotInt64,
    /// A divisor cannot be evaluated ahead of the chunk: it calls a
    /// function, reads a local the loop assigns, an index other than the
    /// loop variable or an invariant, or an array the loop writes.
    DivisorsNotScannable,
    /// An array it writes (or a divisor reads) is not a view.
    NotAView,
    /// With divisors to scan, a store goes through a pointer, which may
    /// write anything.
    StoreThroughPointer,
    /// A divisor reads through a pointer, which cannot be scanned ahead.
    DivisorThroughPointer,
}
