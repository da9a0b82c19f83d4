//! Loop versioning: array loops without per-element checks.
//!
//! Every array index is checked against the shape and, under Numba's
//! default error model, every float `/` checks its divisor for zero (to
//! raise `ZeroDivisionError`). Each check is a branch out of the loop,
//! which keeps a loop that writes an array from being vectorized. Such a
//! loop over `range(start, stop)` runs in chunks instead. Before a chunk, a
//! guard checks the indices of every subscript indexed by the loop index
//! and loop-invariant values against its array's shape for the whole
//! chunk. Under `error_model="python"`, the divisors must read only the
//! loop index, values the loop does not assign and arrays it does not write
//! (checked at run time to share no byte with the arrays it writes, and the
//! loop must write only inside those: no store through a pointer), and a
//! scan evaluates every divisor at every index of the chunk. The scan may
//! read elements the loop would not (in a branch not taken, or after a
//! `return`); they are inside the arrays' shapes, which `carray`'s contract
//! makes readable. When the guard
//! and the scan pass, no check in the chunk could fail, and the chunk runs
//! a copy of the body without them; otherwise it runs the checked body. So
//! the loop computes exactly what the checked loop computes, and raises at
//! the same iteration, with the same state, when an index is out of bounds
//! or a divisor is zero.
//!
//! A loop that only assigns locals is left as it is: its float reductions
//! stay in order, so it cannot be vectorized, and a scan would only add
//! work.

use super::{DivisionCheck, FnLower};
use crate::ast::{BinOp, Expr, ExprKind, Stmt, StmtKind, UnaryOp};
use crate::module::{TypeObj, Value};
use crate::text::TextRange;
use crate::types::{FLOAT64, INT64, Ty};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeSet, HashSet};

/// Iterations per chunk of a loop whose divisors are scanned ahead: enough
/// to amortize the guard and the scan, few enough that the scanned divisors
/// are still in cache for the chunk (of 64, 256 and 1024, 64 ran the seeds'
/// `invert` fastest).
const SCAN_CHUNK: u64 = 64;

/// Iterations per chunk of a loop with index guards only. Its guard costs a
/// few compares, and a chunk should hold many steps of the AVX-512 loop (32
/// doubles each): with chunks of 64 and 256 the 2-d doubling at 2000x2000
/// ran 1.5x and 1.25x slower than Numba, with 1024 and 4096 1.1x
/// (bench/compare_numba.py).
const GUARD_CHUNK: u64 = 4096;

/// Built-in functions without side effects.
const PURE_BUILTINS: &[&str] = &["abs", "min", "max", "round", "int", "float", "bool", "len"];

/// What the syntax of a loop body allows.
pub(super) struct LoopShape<'e> {
    loop_var: &'e str,
    /// The type of the loop variable, as the loop assigns it.
    loop_var_ty: Option<Ty>,
    divisors: Vec<&'e Expr>,
    /// Every divisor can be evaluated ahead of the chunk.
    divisors_scannable: bool,
    /// Subscripts `a[...]` of a name the loop does not assign, indexed by
    /// the loop variable and loop-invariant values.
    guardable: Vec<&'e Expr>,
    /// The ranges of the subscripts the divisors read.
    divisor_subscripts: HashSet<TextRange>,
    /// Arrays the body stores into.
    stored: BTreeSet<&'e str>,
    /// The element and field targets of those stores.
    store_targets: Vec<&'e Expr>,
    /// Arrays the divisors read.
    divisor_arrays: BTreeSet<&'e str>,
}

/// The chunk bounds of a versioned loop, as `i64` expressions.
pub(super) struct RangeBounds {
    pub start: TokenStream,
    pub stop: TokenStream,
}

/// Walks a loop body, collecting what versioning needs and whether
/// anything in it rules versioning out.
struct Scan<'e, 'l> {
    lower: &'l FnLower<'l>,
    versionable: bool,
    assigned: BTreeSet<&'e str>,
    stored: BTreeSet<&'e str>,
    store_targets: Vec<&'e Expr>,
    divisors: Vec<&'e Expr>,
    subscripts: Vec<&'e Expr>,
}

impl<'e> Scan<'e, '_> {
    fn statements(&mut self, body: &'e [Stmt]) {
        body.iter().for_each(|stmt| self.statement(stmt));
    }

    fn statement(&mut self, stmt: &'e Stmt) {
        match &stmt.kind {
            StmtKind::Assign { targets, value } => {
                targets.iter().for_each(|target| self.target(target));
                self.expr(value);
            }
            StmtKind::AugAssign { target, op, value } => {
                self.target(target);
                self.operator(*op, value);
                self.expr(value);
            }
            StmtKind::AnnAssign { target, value, .. } => {
                self.target(target);
                value.iter().for_each(|value| self.expr(value));
            }
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::Return(value) => value.iter().for_each(|value| self.expr(value)),
            StmtKind::Raise { exc, cause } => {
                // The exception's constructor runs only to leave the loop;
                // its arguments are expressions of the body like any other.
                for exc in [exc, cause].into_iter().flatten() {
                    match &exc.kind {
                        ExprKind::Call { args, keywords, .. } => {
                            args.iter().for_each(|arg| self.expr(arg));
                            keywords
                                .iter()
                                .for_each(|keyword| self.expr(&keyword.value));
                        }
                        _ => self.expr(exc),
                    }
                }
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.statements(body);
                self.statements(orelse);
            }
            StmtKind::Continue | StmtKind::Pass => {}
            // Nested loops and `break` would need the chunks to nest or to
            // stop early; everything else is outside the subset anyway.
            _ => self.versionable = false,
        }
    }

    fn target(&mut self, target: &'e Expr) {
        match &target.kind {
            ExprKind::Name(name) => {
                self.assigned.insert(name);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|item| self.target(item));
            }
            ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {
                match root_name(target) {
                    Some(root) => {
                        self.stored.insert(root);
                        self.store_targets.push(target);
                    }
                    None => self.versionable = false,
                }
                self.place(target);
            }
            _ => self.versionable = false,
        }
    }

    /// The subscripts and index expressions of an assignment target.
    fn place(&mut self, place: &'e Expr) {
        match &place.kind {
            ExprKind::Subscript { value, index } => {
                self.subscripts.push(place);
                self.place(value);
                self.expr(index);
            }
            ExprKind::Attribute { value, .. } => self.place(value),
            _ => {}
        }
    }

    fn expr(&mut self, expr: &'e Expr) {
        match &expr.kind {
            ExprKind::BinOp { left, op, right } => {
                self.operator(*op, right);
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                if !self.pure_callee(func) {
                    self.versionable = false;
                }
                if let ExprKind::Attribute { value, .. } = &func.kind {
                    self.expr(value);
                }
                args.iter().for_each(|arg| self.expr(arg));
                keywords
                    .iter()
                    .for_each(|keyword| self.expr(&keyword.value));
            }
            ExprKind::Subscript { value, index } => {
                self.subscripts.push(expr);
                self.expr(value);
                self.expr(index);
            }
            ExprKind::Attribute { value, .. } | ExprKind::UnaryOp { operand: value, .. } => {
                self.expr(value)
            }
            ExprKind::BoolOp { values, .. } | ExprKind::Tuple(values) | ExprKind::List(values) => {
                values.iter().for_each(|value| self.expr(value));
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                comparators.iter().for_each(|value| self.expr(value));
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Name(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Ellipsis => {}
            ExprKind::Slice { .. }
            | ExprKind::Starred(_)
            | ExprKind::Dict(_)
            | ExprKind::Unsupported { .. } => self.versionable = false,
        }
    }

    /// Notes a division's divisor.
    fn operator(&mut self, op: BinOp, right: &'e Expr) {
        if op == BinOp::Div {
            self.divisors.push(right);
        }
    }

    /// A callee that writes no memory: a math function, a conversion, a
    /// pure built-in or `.sum()`. Calls to other cfuncs and to foreign
    /// functions could write the arrays the divisors read.
    fn pure_callee(&self, func: &Expr) -> bool {
        let is_local = |name: &str| self.lower.res.is_local(name);
        match &func.kind {
            ExprKind::Name(name) if !is_local(name) => match self.lower.env.values.get(name) {
                Some(Value::Function(..) | Value::TypeObj(TypeObj::Scalar(_))) => true,
                None => PURE_BUILTINS.contains(&name.as_str()),
                _ => false,
            },
            ExprKind::Attribute { value, attr } => match &value.kind {
                ExprKind::Name(module) if !is_local(module) => matches!(
                    self.lower.env.values.get(module),
                    Some(Value::Module("math" | "numpy"))
                ),
                _ => attr.id == "sum",
            },
            _ => false,
        }
    }
}

/// The name at the root of `a[i].f[j]`.
fn root_name(place: &Expr) -> Option<&str> {
    match &place.kind {
        ExprKind::Name(name) => Some(name),
        ExprKind::Subscript { value, .. } | ExprKind::Attribute { value, .. } => root_name(value),
        _ => None,
    }
}

/// The items of an index: `i, j` or a single `i`.
fn index_items(index: &Expr) -> Vec<&Expr> {
    match &index.kind {
        ExprKind::Tuple(items) => items.iter().collect(),
        _ => vec![index],
    }
}

impl<'e> LoopShape<'e> {
    /// The shape of `for target in range(...): body`, when the loop can be
    /// versioned.
    pub(super) fn of(lower: &FnLower<'_>, target: &'e Expr, body: &'e [Stmt]) -> Option<Self> {
        let ExprKind::Name(loop_var) = &target.kind else {
            return None;
        };
        let mut scan = Scan {
            lower,
            versionable: true,
            assigned: BTreeSet::new(),
            stored: BTreeSet::new(),
            store_targets: Vec::new(),
            divisors: Vec::new(),
            subscripts: Vec::new(),
        };
        scan.statements(body);
        let Scan {
            versionable,
            assigned,
            stored,
            store_targets,
            divisors,
            subscripts,
            ..
        } = scan;
        if !versionable || stored.is_empty() || assigned.contains(loop_var.as_str()) {
            return None;
        }
        let facts = Facts {
            loop_var,
            assigned: &assigned,
            lower,
        };
        let loop_var_ty = lower
            .res
            .writes
            .get(&target.id)
            .and_then(|var| lower.var_types[var.0 as usize].clone());
        let mut shape = LoopShape {
            loop_var,
            loop_var_ty,
            divisors: Vec::new(),
            divisors_scannable: true,
            guardable: subscripts
                .into_iter()
                .filter(|subscript| facts.guardable(subscript))
                .collect(),
            divisor_subscripts: HashSet::new(),
            stored,
            store_targets,
            divisor_arrays: BTreeSet::new(),
        };
        for divisor in &divisors {
            if !facts.divisor(divisor, &mut shape) {
                shape.divisors_scannable = false;
            }
        }
        // A store into an array the divisors read would change a divisor
        // after the scan; a view the loop reassigns has no shape to guard.
        if shape.stored.iter().any(|name| assigned.contains(name)) {
            return None;
        }
        if shape
            .stored
            .iter()
            .any(|name| shape.divisor_arrays.contains(name))
        {
            shape.divisors_scannable = false;
        }
        shape.divisors = divisors;
        Some(shape)
    }
}

/// What is known of the names in a loop body.
struct Facts<'a, 'e> {
    loop_var: &'e str,
    assigned: &'a BTreeSet<&'e str>,
    lower: &'a FnLower<'a>,
}

impl Facts<'_, '_> {
    /// A value the loop does not change: constants, names it does not
    /// assign, module constants, and `+ - *` of those.
    fn invariant(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Bool(_) => true,
            ExprKind::Name(name) => name != self.loop_var && !self.assigned.contains(name.as_str()),
            ExprKind::Attribute { value, .. } => matches!(
                &value.kind,
                ExprKind::Name(module) if !self.lower.res.is_local(module)
                    && matches!(self.lower.env.values.get(module), Some(Value::Module(_)))
            ),
            ExprKind::UnaryOp {
                op: UnaryOp::USub | UnaryOp::UAdd,
                operand,
            } => self.invariant(operand),
            ExprKind::BinOp {
                left,
                op: BinOp::Add | BinOp::Sub | BinOp::Mult,
                right,
            } => self.invariant(left) && self.invariant(right),
            _ => false,
        }
    }

    fn is_loop_var(&self, expr: &Expr) -> bool {
        matches!(&expr.kind, ExprKind::Name(name) if name == self.loop_var)
    }

    /// `a[i]`, `a[i, k]`, `a[k, i]`... with `a` and `k` invariant.
    fn guardable(&self, subscript: &Expr) -> bool {
        let ExprKind::Subscript { value, index } = &subscript.kind else {
            return false;
        };
        self.invariant(value)
            && matches!(value.kind, ExprKind::Name(_))
            && index_items(index)
                .iter()
                .all(|item| self.is_loop_var(item) || self.invariant(item))
    }

    /// A divisor the scan can evaluate ahead of the chunk: the loop index,
    /// invariants, guardable subscripts and their record fields, combined
    /// with `+ - *`. Records the subscripts and arrays it reads.
    fn divisor<'e>(&self, expr: &'e Expr, shape: &mut LoopShape<'e>) -> bool {
        match &expr.kind {
            _ if self.is_loop_var(expr) || self.invariant(expr) => true,
            ExprKind::UnaryOp {
                op: UnaryOp::USub | UnaryOp::UAdd,
                operand,
            } => self.divisor(operand, shape),
            ExprKind::BinOp {
                left,
                op: BinOp::Add | BinOp::Sub | BinOp::Mult,
                right,
            } => self.divisor(left, shape) && self.divisor(right, shape),
            ExprKind::Attribute { value, .. } => {
                matches!(value.kind, ExprKind::Subscript { .. }) && self.divisor(value, shape)
            }
            ExprKind::Subscript { value, .. } if self.guardable(expr) => {
                if let ExprKind::Name(array) = &value.kind {
                    shape.divisor_arrays.insert(array);
                }
                shape.divisor_subscripts.insert(expr.range);
                true
            }
            _ => false,
        }
    }
}

/// The pieces of a versioned loop besides the checked body.
struct FastParts {
    disjoint: Vec<TokenStream>,
    guards: Vec<TokenStream>,
    nonzero: Vec<TokenStream>,
    body: Vec<TokenStream>,
}

impl FnLower<'_> {
    /// The versioned form of the `for` loop `stmt`, or `None` to keep the
    /// checked loop (whose tokens are `checked_body`). Runs with the loop's
    /// frame pushed.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn versioned_loop(
        &mut self,
        shape: &LoopShape<'_>,
        stmt: &Stmt,
        label: &syn::Lifetime,
        bounds: &RangeBounds,
        bind: &TokenStream,
        body: &[Stmt],
        checked_body: &[TokenStream],
    ) -> Option<TokenStream> {
        let (errors_before, division) = (self.errors.list.len(), self.division);
        let parts = self.fast_parts(shape, stmt, body);
        self.unchecked_subscripts.clear();
        self.division = division;
        if self.errors.list.len() > errors_before {
            // The checked body lowered cleanly, so this is a case the fast
            // copy does not handle: keep the checked loop.
            self.errors.list.truncate(errors_before);
            return None;
        }
        let FastParts {
            disjoint,
            guards,
            nonzero,
            body,
        } = parts?;
        let RangeBounds { start, stop } = bounds;
        let chunk_len = if nonzero.is_empty() {
            GUARD_CHUNK
        } else {
            SCAN_CHUNK
        };
        let chunk = chunk_len as i64;
        let scan = (!nonzero.is_empty()).then(|| {
            quote! {
                && {
                    let mut __cfunc_nonzero = true;
                    for __cfunc_item in __cfunc_chunk..__cfunc_end {
                        #bind
                        __cfunc_nonzero &= true #(& #nonzero)*;
                    }
                    __cfunc_nonzero
                }
            }
        });
        Some(quote! {{
            let __cfunc_start: i64 = #start;
            let __cfunc_stop: i64 = #stop;
            let __cfunc_disjoint: bool = true #(&& #disjoint)*;
            let mut __cfunc_chunk: i64 = __cfunc_start;
            while __cfunc_chunk < __cfunc_stop {
                let __cfunc_end: i64 = if __cfunc_stop.abs_diff(__cfunc_chunk) > #chunk_len {
                    __cfunc_chunk + #chunk
                } else {
                    __cfunc_stop
                };
                let __cfunc_fast: bool = __cfunc_disjoint #(&& #guards)* #scan;
                if __cfunc_fast {
                    #label: for __cfunc_item in __cfunc_chunk..__cfunc_end { #bind #(#body)* }
                } else {
                    #label: for __cfunc_item in __cfunc_chunk..__cfunc_end { #bind #(#checked_body)* }
                }
                __cfunc_chunk = __cfunc_end;
            }
        }})
    }

    /// The checks and the fast copy of the body; `None` (possibly after
    /// errors, which the caller discards) when the types rule it out.
    fn fast_parts(
        &mut self,
        shape: &LoopShape<'_>,
        stmt: &Stmt,
        body: &[Stmt],
    ) -> Option<FastParts> {
        if shape.loop_var_ty != Some(INT64) {
            return None;
        }
        // Under `error_model="numpy"` the divisions have no check to lift.
        let scan = self.division == DivisionCheck::Raise && !shape.divisors.is_empty();
        if scan && !shape.divisors_scannable {
            return None;
        }
        let stored = self.array_names(stmt, &shape.stored)?;
        let read = self.array_names(stmt, &shape.divisor_arrays)?;
        if scan {
            for target in &shape.store_targets {
                self.stores_inside_root(target)?;
            }
        }
        let disjoint = if scan {
            stored
                .iter()
                .flat_map(|written| {
                    read.iter().map(move |read| {
                        quote!(::cfunc::__private::py::disjoint(
                            #written.as_ptr(), #written.len(), #read.as_ptr(), #read.len()
                        ))
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut guards: Vec<TokenStream> = Vec::new();
        for subscript in &shape.guardable {
            match self.subscript_guard(shape, subscript) {
                Some(guard) => {
                    for condition in guard {
                        // Subscripts of one array by one index share a guard.
                        let text = condition.to_string();
                        if !guards.iter().any(|seen| seen.to_string() == text) {
                            guards.push(condition);
                        }
                    }
                    self.unchecked_subscripts.insert(subscript.range);
                }
                // A divisor read through a pointer cannot be scanned ahead.
                None if scan && shape.divisor_subscripts.contains(&subscript.range) => {
                    return None;
                }
                None => {}
            }
        }
        let mut nonzero = Vec::new();
        for divisor in shape.divisors.iter().filter(|_| scan) {
            let val = self.expr(divisor)?;
            let value = self.cast(&val, &FLOAT64, divisor.range)?;
            nonzero.push(quote!(((#value) != 0.0)));
        }
        if scan {
            self.division = DivisionCheck::Unchecked;
        }
        let body = self.loop_body(stmt, body);
        Some(FastParts {
            disjoint,
            guards,
            nonzero,
            body,
        })
    }

    /// `Some` when a store to `target` (`a[i]`, `a[i].f`, `a[i].f[k]`)
    /// writes inside the memory of its root array `a`: no step after the
    /// root's own subscript goes through a pointer (`a[i].p[0] = ...` writes
    /// wherever the pointer field leads, which the overlap check cannot see).
    fn stores_inside_root(&mut self, target: &Expr) -> Option<()> {
        match &target.kind {
            ExprKind::Subscript { value, .. } | ExprKind::Attribute { value, .. } => {
                if let ExprKind::Name(_) = value.kind {
                    return Some(());
                }
                let base = self.expr(value)?;
                if matches!(base.ty, Ty::Pointer(_) | Ty::VoidPtr) {
                    return None;
                }
                self.stores_inside_root(value)
            }
            _ => None,
        }
    }

    /// The tokens of locals that must all be arrays, as the loop `stmt`
    /// (which does not assign them) sees them.
    fn array_names(&mut self, stmt: &Stmt, names: &BTreeSet<&str>) -> Option<Vec<TokenStream>> {
        let head = self.res.loop_heads.get(&stmt.id)?;
        let mut arrays = Vec::new();
        for name in names {
            let var = (*head.get(&self.res.local_id(name)?)?)?;
            let val = self.var_val(var)?;
            if !matches!(val.ty, Ty::Array { .. }) {
                return None;
            }
            arrays.push(val.tokens);
        }
        Some(arrays)
    }

    /// The conditions under which every index of `subscript` is in bounds
    /// for the whole chunk, or `None` when its base is not an array.
    fn subscript_guard(
        &mut self,
        shape: &LoopShape<'_>,
        subscript: &Expr,
    ) -> Option<Vec<TokenStream>> {
        let ExprKind::Subscript { value, index } = &subscript.kind else {
            return None;
        };
        let base = self.expr(value)?;
        let Ty::Array { ndim, .. } = base.ty else {
            return None;
        };
        let items = index_items(index);
        if items.len() != ndim {
            return None;
        }
        let base = base.tokens;
        let mut guard = Vec::new();
        for (axis, item) in items.into_iter().enumerate() {
            let extent = quote!((#base.shape()[#axis] as u64));
            if matches!(&item.kind, ExprKind::Name(name) if name == shape.loop_var) {
                guard.push(quote!((__cfunc_chunk >= 0 && (__cfunc_end as u64) <= #extent)));
            } else if let ExprKind::Int(literal) = item.kind {
                // As the subscript uses it: a literal is never wrapped.
                let literal = u64::try_from(literal).unwrap_or(u64::MAX);
                guard.push(quote!((#literal < #extent)));
            } else {
                let val = self.expr(item)?;
                if !val.ty.is_integral() {
                    return None;
                }
                let tokens = val.tokens;
                guard.push(quote!(
                    ((::cfunc::__private::py::wrap_index((#tokens) as i64, #base.shape()[#axis]) as u64) < #extent)
                ));
            }
        }
        Some(guard)
    }
}
