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
use crate::ast::{BinOp, Expr, ExprKind, NodeId, Stmt, StmtKind, UnaryOp};
use crate::module::{TypeObj, Value};
use crate::resolve::VarId;
use crate::tir;
use crate::typed::{LoopVersioning, Unversioned, Versioned};
use crate::types::{FLOAT64, INT64, Ty};
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
const PURE_BUILTINS: &[&str] = &[
    "abs", "min", "max", "round", "int", "float", "bool", "complex", "len",
];

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
    /// The subscripts the divisors read.
    divisor_subscripts: HashSet<NodeId>,
    /// Arrays the body stores into.
    stored: BTreeSet<&'e str>,
    /// The element and field targets of those stores.
    store_targets: Vec<&'e Expr>,
    /// Arrays the divisors read.
    divisor_arrays: BTreeSet<&'e str>,
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
            ExprKind::BinOp { op, right, .. } => self.operator(*op, right),
            ExprKind::Call { func, .. } if !self.pure_callee(func) => self.versionable = false,
            ExprKind::Subscript { .. } => self.subscripts.push(expr),
            ExprKind::Slice { .. }
            | ExprKind::Starred(_)
            | ExprKind::Dict(_)
            | ExprKind::Unsupported { .. } => {
                self.versionable = false;
                return;
            }
            _ => {}
        }
        expr.for_each_child(|child| self.expr(child));
    }

    /// Notes a division's divisor.
    fn operator(&mut self, op: BinOp, right: &'e Expr) {
        if op == BinOp::Div {
            self.divisors.push(right);
        }
    }

    /// A callee that writes no memory: a math function, a conversion, a
    /// pure built-in or a reduction (`.sum()`). Calls to other cfuncs and to foreign
    /// functions could write the arrays the divisors read.
    fn pure_callee(&self, func: &Expr) -> bool {
        let is_local = |name: &str| self.lower.res.is_local(name);
        match &func.kind {
            ExprKind::Name(name) if !is_local(name) => match self.lower.global(name) {
                Some(Value::Function(..) | Value::TypeObj(TypeObj::Scalar(_))) => true,
                None => PURE_BUILTINS.contains(&name.as_str()),
                _ => false,
            },
            ExprKind::Attribute { value, attr } => match &value.kind {
                ExprKind::Name(module) if !is_local(module) => matches!(
                    self.lower.global(module),
                    Some(Value::Module("math" | "numpy" | "cmath"))
                ),
                _ => crate::tir::Reduction::method_named(&attr.id).is_some(),
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
    pub(super) fn of(
        lower: &FnLower<'_>,
        target: &'e Expr,
        body: &'e [Stmt],
    ) -> Result<Self, Unversioned> {
        let ExprKind::Name(loop_var) = &target.kind else {
            return Err(Unversioned::NotAUnitRange);
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
        if !versionable {
            return Err(Unversioned::BodyNotVersionable);
        }
        if stored.is_empty() {
            return Err(Unversioned::WritesNoArray);
        }
        if assigned.contains(loop_var.as_str()) {
            return Err(Unversioned::AssignsLoopVariable);
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
            return Err(Unversioned::ReassignsWrittenArray);
        }
        if shape
            .stored
            .iter()
            .any(|name| shape.divisor_arrays.contains(name))
        {
            shape.divisors_scannable = false;
        }
        shape.divisors = divisors;
        Ok(shape)
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
                    && matches!(self.lower.global(module), Some(Value::Module(_)))
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
                shape.divisor_subscripts.insert(expr.id);
                true
            }
            _ => false,
        }
    }
}

/// How a versioned loop runs: the checks its chunks make first, and what
/// the fast copy of its body leaves unchecked.
pub(super) struct VersionPlan<'e> {
    /// Pairs of a written array and an array the divisors read, which
    /// must share no byte.
    disjoint: Vec<(VarId, VarId)>,
    /// Bounds conditions, one per array, axis and index.
    guards: Vec<Guard<'e>>,
    /// The subscripts the guards cover: unchecked in the fast copy.
    unchecked: HashSet<NodeId>,
    /// The divisors scanned for zero ahead of each chunk; the fast copy
    /// divides unchecked when there are any.
    scanned: Vec<&'e Expr>,
    chunk: u64,
}

/// A condition under which an index stays inside an array's axis for the
/// whole chunk.
struct Guard<'e> {
    array: VarId,
    axis: usize,
    index: GuardIndex<'e>,
}

enum GuardIndex<'e> {
    /// The loop variable: the chunk's range is inside the axis.
    LoopVariable,
    /// A non-negative literal, never wrapped.
    Literal(u64),
    /// A loop-invariant integer, wrapped as Python wraps negative indices.
    Invariant(&'e Expr, InvariantKey),
}

/// What a loop-invariant index computes, to tell equal guards apart from
/// different ones: names by the value they read.
#[derive(PartialEq)]
enum InvariantKey {
    Value(Option<VarId>),
    Module(String, String),
    Int(u128),
    Float(u64),
    Bool(bool),
    Unary(crate::ast::UnaryOp, Box<InvariantKey>),
    Binary(BinOp, Box<InvariantKey>, Box<InvariantKey>),
    Other(NodeId),
}

impl GuardIndex<'_> {
    fn same_as(&self, other: &GuardIndex<'_>) -> bool {
        match (self, other) {
            (GuardIndex::LoopVariable, GuardIndex::LoopVariable) => true,
            (GuardIndex::Literal(a), GuardIndex::Literal(b)) => a == b,
            (GuardIndex::Invariant(_, a), GuardIndex::Invariant(_, b)) => a == b,
            _ => false,
        }
    }
}

impl FnLower<'_> {
    /// Versions the `for` loop `stmt` over `range(start, stop)` if it
    /// qualifies, recording the outcome: the checks before each chunk and
    /// what the fast copy leaves unchecked. Runs after the body was
    /// checked, so the types of its expressions are known.
    pub(super) fn versioned_loop(
        &mut self,
        stmt: &Stmt,
        target: &Expr,
        body: &[Stmt],
    ) -> Option<tir::VersionedLoop> {
        let plan = LoopShape::of(self, target, body).and_then(|shape| self.plan(&shape, stmt));
        let plan = match plan {
            Ok(plan) => plan,
            Err(reason) => {
                self.record_loop(stmt, Err(reason));
                return None;
            }
        };
        self.record_loop(
            stmt,
            Ok(Versioned {
                guarded_subscripts: plan.unchecked.len(),
                scanned_divisors: plan.scanned.len(),
                chunk: plan.chunk,
            }),
        );
        Some(self.versioned_ir(plan))
    }

    /// The plan in the typed IR: the views as slots, the invariant indices
    /// and the divisors as checked expressions.
    fn versioned_ir(&mut self, plan: VersionPlan<'_>) -> tir::VersionedLoop {
        let slot = |lower: &FnLower<'_>, var: VarId| {
            lower.var_slot(var).expect("a planned array has a type")
        };
        let disjoint = plan
            .disjoint
            .iter()
            .map(|(written, read)| (slot(self, *written), slot(self, *read)))
            .collect();
        let mut guards = Vec::new();
        for guard in plan.guards {
            let index = match guard.index {
                GuardIndex::LoopVariable => tir::GuardIndex::LoopVariable,
                GuardIndex::Literal(literal) => tir::GuardIndex::Literal(literal),
                GuardIndex::Invariant(item, _) => tir::GuardIndex::Invariant(
                    self.expr(item).expect("the checked body has this index"),
                ),
            };
            guards.push(tir::Guard {
                array: slot(self, guard.array),
                axis: guard.axis,
                index,
            });
        }
        let divisors = plan
            .scanned
            .iter()
            .filter_map(|divisor| {
                let val = self
                    .expr(divisor)
                    .expect("the checked body has this divisor");
                // A complex division checks its own divisor, under either
                // error model: there is nothing to scan.
                if val.ty.is_complex() {
                    return None;
                }
                Some(
                    self.cast(val, &FLOAT64, divisor.range)
                        .expect("a divisor is a number"),
                )
            })
            .collect();
        tir::VersionedLoop {
            disjoint,
            guards,
            unchecked: plan.unchecked,
            divisors,
            chunk: plan.chunk,
        }
    }

    pub(super) fn record_loop(&mut self, stmt: &Stmt, outcome: Result<Versioned, Unversioned>) {
        if self.final_pass {
            self.loop_versioning.push(LoopVersioning {
                range: stmt.range,
                outcome,
            });
        }
    }

    /// The plan for a loop of this shape, from the types the checked body
    /// was lowered with.
    fn plan<'e>(&self, shape: &LoopShape<'e>, stmt: &Stmt) -> Result<VersionPlan<'e>, Unversioned> {
        if shape.loop_var_ty != Some(INT64) {
            return Err(Unversioned::LoopVariableNotInt64);
        }
        // Under `error_model="numpy"` the divisions have no check to lift.
        let scan = self.division == DivisionCheck::Raise && !shape.divisors.is_empty();
        if scan && !shape.divisors_scannable {
            return Err(Unversioned::DivisorsNotScannable);
        }
        let stored = self.array_values(stmt, &shape.stored)?;
        let read = self.array_values(stmt, &shape.divisor_arrays)?;
        if scan
            && shape
                .store_targets
                .iter()
                .any(|target| !self.stores_inside_root(target))
        {
            return Err(Unversioned::StoreThroughPointer);
        }
        let disjoint = if scan {
            stored
                .iter()
                .flat_map(|written| read.iter().map(move |read| (*written, *read)))
                .collect()
        } else {
            Vec::new()
        };
        let mut guards: Vec<Guard<'e>> = Vec::new();
        let mut unchecked = HashSet::new();
        for subscript in &shape.guardable {
            match self.subscript_guards(shape, subscript, stmt) {
                Some(found) => {
                    for guard in found {
                        // Subscripts of one array by one index share a guard.
                        if !guards.iter().any(|seen| {
                            seen.array == guard.array
                                && seen.axis == guard.axis
                                && seen.index.same_as(&guard.index)
                        }) {
                            guards.push(guard);
                        }
                    }
                    unchecked.insert(subscript.id);
                }
                None if scan && shape.divisor_subscripts.contains(&subscript.id) => {
                    return Err(Unversioned::DivisorThroughPointer);
                }
                None => {}
            }
        }
        let scanned = if scan {
            shape.divisors.clone()
        } else {
            Vec::new()
        };
        Ok(VersionPlan {
            disjoint,
            guards,
            unchecked,
            chunk: if scanned.is_empty() {
                GUARD_CHUNK
            } else {
                SCAN_CHUNK
            },
            scanned,
        })
    }

    /// Whether a store to `target` (`a[i]`, `a[i].f`, `a[i].f[k]`) writes
    /// inside the memory of its root array `a`: no step after the root's
    /// own subscript goes through a pointer (`a[i].p[0] = ...` writes
    /// wherever the pointer field leads, which the overlap check cannot
    /// see).
    fn stores_inside_root(&self, target: &Expr) -> bool {
        match &target.kind {
            ExprKind::Subscript { value, .. } | ExprKind::Attribute { value, .. } => {
                if let ExprKind::Name(_) = value.kind {
                    return true;
                }
                match self.expr_types.get(&value.id) {
                    Some(Ty::Pointer(_) | Ty::VoidPtr) | None => false,
                    Some(_) => self.stores_inside_root(value),
                }
            }
            _ => false,
        }
    }

    /// The values of locals that must all be arrays, as the loop `stmt`
    /// (which does not assign them) sees them.
    fn array_values(&self, stmt: &Stmt, names: &BTreeSet<&str>) -> Result<Vec<VarId>, Unversioned> {
        names
            .iter()
            .map(|name| self.array_value(stmt, name))
            .collect()
    }

    /// The value of the local `name` at the head of the loop `stmt`, which
    /// must be an array.
    fn array_value(&self, stmt: &Stmt, name: &str) -> Result<VarId, Unversioned> {
        let var = self
            .res
            .loop_heads
            .get(&stmt.id)
            .and_then(|head| head.get(&self.res.local_id(name)?).copied().flatten())
            .ok_or(Unversioned::NotAView)?;
        match &self.var_types[var.0 as usize] {
            Some(Ty::Array { .. }) => Ok(var),
            _ => Err(Unversioned::NotAView),
        }
    }

    /// The guards under which every index of `subscript` is in bounds for
    /// the whole chunk, or `None` when its base is not an array.
    fn subscript_guards<'e>(
        &self,
        shape: &LoopShape<'_>,
        subscript: &'e Expr,
        stmt: &Stmt,
    ) -> Option<Vec<Guard<'e>>> {
        let ExprKind::Subscript { value, index } = &subscript.kind else {
            return None;
        };
        let ExprKind::Name(name) = &value.kind else {
            return None;
        };
        let array = self.array_value(stmt, name).ok()?;
        let Some(Ty::Array { ndim, .. }) = &self.var_types[array.0 as usize] else {
            return None;
        };
        let items = index_items(index);
        if items.len() != *ndim {
            return None;
        }
        let mut guards = Vec::new();
        for (axis, item) in items.into_iter().enumerate() {
            let index = if matches!(&item.kind, ExprKind::Name(name) if name == shape.loop_var) {
                GuardIndex::LoopVariable
            } else if let ExprKind::Int(literal) = item.kind {
                GuardIndex::Literal(u64::try_from(literal).unwrap_or(u64::MAX))
            } else {
                if !self.expr_types.get(&item.id)?.is_integral() {
                    return None;
                }
                GuardIndex::Invariant(item, self.invariant_key(item))
            };
            guards.push(Guard { array, axis, index });
        }
        Some(guards)
    }

    fn invariant_key(&self, expr: &Expr) -> InvariantKey {
        match &expr.kind {
            ExprKind::Name(_) => InvariantKey::Value(match self.res.binding(expr.id) {
                crate::resolve::Binding::Local(var) => Some(var),
                _ => None,
            }),
            ExprKind::Attribute { value, attr } => match &value.kind {
                ExprKind::Name(module) => InvariantKey::Module(module.clone(), attr.id.clone()),
                _ => InvariantKey::Other(expr.id),
            },
            ExprKind::Int(n) => InvariantKey::Int(*n),
            ExprKind::Float(x) => InvariantKey::Float(x.to_bits()),
            ExprKind::Bool(b) => InvariantKey::Bool(*b),
            ExprKind::UnaryOp { op, operand } => {
                InvariantKey::Unary(*op, Box::new(self.invariant_key(operand)))
            }
            ExprKind::BinOp { left, op, right } => InvariantKey::Binary(
                *op,
                Box::new(self.invariant_key(left)),
                Box::new(self.invariant_key(right)),
            ),
            _ => InvariantKey::Other(expr.id),
        }
    }
}
