//! Lowering a cfunc body to the typed IR (`crate::tir`), and from there
//! to Rust tokens.
//!
//! Each cfunc is resolved (`crate::resolve`: names, and the values of its
//! locals in SSA form), its values are typed by inference (`infer`: a
//! worklist to a fixpoint), and then a [`FnLower`] checks the body,
//! recording every error it finds and building the typed IR, with loop
//! versioning's plan for each loop (`versioning`). Code generation
//! (`crate::generate`) reads only that IR.

mod call;
mod complex;
mod expr;
mod helpers;
mod infer;
mod ops;
mod place;
mod stmt;
mod ufunc;
mod versioning;
mod views;

use crate::ast::{FunctionDef, NodeId};
use crate::module::{CFuncDecl, CfuncOptions, ModuleEnv, Scope, Value, sig_type_ty};
use crate::resolve::{Move, Resolution, Site, VarDef, VarId};
use crate::semantic_error::{Errors, SemanticError};
use crate::text::TextRange;
use crate::tir::{self, ExprKind as Op, Label, PointerSized, SlotId, TempId};
use crate::typed::{LoopVersioning, TypedValue, Typing, ValueOrigin};
use crate::types::Ty;
use cfunc_runtime::sig::Signature;
use expr::Val;
use helpers::Helpers;
use proc_macro2::TokenStream;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A lowered cfunc: its signature and a `fn` item whose parameter and
/// return types are `_`, for `#[cfunc]` to complete.
pub struct LoweredCFunc {
    /// The cfunc's Python name.
    pub name: String,
    /// The symbol it exports: its name, unless that is a C library name
    /// (see [`cfunc_runtime::symbol::python_cfunc_symbol`]).
    pub native_name: String,
    /// The signature its decorator gave, already parsed.
    pub signature: Signature,
    /// The function, with `_` for the types the signature fills in.
    pub item: syn::ItemFn,
    /// Where the signature is written, for errors about it.
    pub signature_range: TextRange,
    /// The type of every value of every local.
    pub typing: Typing,
    /// What loop versioning made of each `for` loop, in source order.
    pub loops: Vec<LoopVersioning>,
}

/// A cfunc checked but not yet generated: whether it is an `unsafe fn`
/// depends on the cfuncs it calls, known once the whole block is checked.
pub(crate) struct Lowering {
    name: String,
    signature: Signature,
    signature_range: TextRange,
    /// The checked body.
    pub typed: tir::TypedFn,
    /// Whether the cfunc relies on a promise only its caller can keep
    /// beyond its pointer parameters: a record parameter that holds
    /// pointers, a ctypes function (whose `argtypes`/`restype` are the
    /// module's word, like an `extern` block), or a cfunc that does.
    trusts_caller: bool,
    /// The cfuncs of the block it calls.
    callees: BTreeSet<String>,
    /// The helper specializations it calls.
    helper_calls: BTreeSet<usize>,
    typing: Typing,
    loops: Vec<LoopVersioning>,
}

impl Lowering {
    fn emit(self, is_unsafe: bool) -> LoweredCFunc {
        let item = crate::generate::cfunc_item(&self.name, &self.typed, is_unsafe);
        LoweredCFunc {
            native_name: cfunc_runtime::symbol::python_cfunc_symbol(&self.name),
            name: self.name,
            signature: self.signature,
            item,
            signature_range: self.signature_range,
            typing: self.typing,
            loops: self.loops,
        }
    }
}

/// The checker of one cfunc: it types the values (`infer`), then checks
/// the body once, reporting every error and building the typed IR.
pub(crate) struct FnLower<'a> {
    env: &'a ModuleEnv,
    def: &'a FunctionDef,
    /// The cfunc being checked; `None` for a helper.
    cfunc: Option<&'a CFuncDecl>,
    /// The names it closes over, when a factory defined it.
    closure: Option<Scope>,
    /// The type of each parameter (`None`: a record the block lacks).
    param_types: Vec<Option<Ty>>,
    /// The helpers' specializations, shared by every checker of the block.
    helpers: &'a RefCell<Helpers>,
    /// The specializations the body calls (in the final pass).
    helper_calls: BTreeSet<usize>,
    /// Whether the body called a specialization still being checked (a
    /// recursive call), whose return type may yet change.
    consumed_in_progress: bool,
    /// The return type (`None` for void).
    ret: Ty,
    /// Two return values of a helper whose types do not unify, and where
    /// the second is.
    return_conflict: Option<(Ty, Ty, TextRange)>,
    /// What each name denotes, and the values of the locals.
    res: Resolution<'a>,
    /// The type of each value (by `VarId`), as inference finds it.
    var_types: Vec<Option<Ty>>,
    /// The slot that holds each value, once the types are known.
    var_slots: Vec<Option<SlotId>>,
    slots: Vec<tir::Slot>,
    /// The type `locals=` gives a local (by `LocalId`).
    declared: Vec<Option<Ty>>,
    /// Values whose incoming types do not unify: the types and the range
    /// of the assignment that brings the second.
    conflicts: BTreeMap<VarId, (Ty, Ty, TextRange)>,
    /// The values with a conflict, whose assignments are not emitted.
    conflicted: BTreeSet<VarId>,
    /// A value whose type had not settled within inference's step bound.
    unsettled: Option<VarId>,
    final_pass: bool,
    errors: Errors,
    /// For each enclosing loop: its labels.
    loops: Vec<LoopFrame>,
    next_label: u32,
    next_temp: u32,
    /// The type of each expression and place the checker has seen.
    expr_types: HashMap<NodeId, Ty>,
    /// What versioning made of each `for` loop.
    loop_versioning: Vec<LoopVersioning>,
    /// How float `/` checks its divisor.
    division: DivisionCheck,
    /// Whether the body calls a ctypes function.
    calls_foreign: bool,
    /// The cfuncs of the block the body calls.
    callees: BTreeSet<String>,
}

/// How a float `/` handles a zero divisor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DivisionCheck {
    /// Raise `ZeroDivisionError` (Numba's default error model).
    Raise,
    /// None: `error_model="numpy"`.
    Unchecked,
}

struct LoopFrame {
    label: Label,
    /// The label of the block around a loop with an `else` (or with moves
    /// on its normal exit), which `break` leaves, skipping them.
    exit_label: Option<Label>,
}

/// Names the generated code uses for its own locals and labels.
fn is_reserved(name: &str) -> bool {
    name.starts_with("__cfunc")
}

fn reserved_message(name: &str) -> String {
    format!("`{name}`: names starting with `__cfunc` are reserved for the code cfunc generates")
}

impl<'a> FnLower<'a> {
    fn new(
        env: &'a ModuleEnv,
        helpers: &'a RefCell<Helpers>,
        decl: &'a CFuncDecl,
    ) -> Result<FnLower<'a>, Vec<SemanticError>> {
        let mut errors = Errors::default();
        let signature = &decl.signature;
        let def = &decl.def;
        if signature.args.len() != def.params.len() {
            errors.push(
                def.name.range,
                format!(
                    "signature `{signature}` takes {} argument{}, but `{}` has {} parameter{}",
                    signature.args.len(),
                    if signature.args.len() == 1 { "" } else { "s" },
                    def.name.id,
                    def.params.len(),
                    if def.params.len() == 1 { "" } else { "s" },
                ),
            );
            // Nothing else can be typed without the parameters.
            return Err(errors.list);
        }
        let ret = sig_type_ty(&signature.ret, &env.records_by_name).unwrap_or(Ty::None);
        for (param, slot) in def.params.iter().zip(&signature.args) {
            if param.star.is_some() || param.default.is_some() {
                errors.push(
                    param.range,
                    "cfunc parameters are plain names: no defaults, `*args` or `**kwargs`",
                );
            }
            if is_reserved(&param.name.id) {
                errors.push(param.name.range, reserved_message(&param.name.id));
            }
            if sig_type_ty(slot, &env.records_by_name).is_none() {
                errors.push(
                    decl.signature_range,
                    format!(
                        "record `{}` is not defined in this block: define it with `types.Record.make_c_struct` or a cffi declaration",
                        slot.records().join("`, `")
                    ),
                );
            }
        }
        let param_types = signature
            .args
            .iter()
            .map(|slot| sig_type_ty(slot, &env.records_by_name))
            .collect();
        let mut lower = FnLower::with_body(env, helpers, def, param_types, ret, &decl.options);
        lower.cfunc = Some(decl);
        lower.closure = decl.closure.clone();
        lower.errors.list.splice(0..0, errors.list);
        Ok(lower)
    }

    /// A checker of `def` with parameters of these types.
    fn with_body(
        env: &'a ModuleEnv,
        helpers: &'a RefCell<Helpers>,
        def: &'a FunctionDef,
        param_types: Vec<Option<Ty>>,
        ret: Ty,
        options: &CfuncOptions,
    ) -> FnLower<'a> {
        let mut errors = Errors::default();
        let res = crate::resolve::resolve(def);
        let mut declared = vec![None; res.locals.len()];
        for entry in &options.locals {
            match res.local_id(&entry.name) {
                Some(local) => declared[local.0 as usize] = Some(entry.ty.clone()),
                None => errors.push(
                    entry.range,
                    format!(
                        "`{}` in `locals` is not a variable of `{}`",
                        entry.name, def.name.id
                    ),
                ),
            }
        }
        FnLower {
            env,
            def,
            cfunc: None,
            closure: None,
            param_types,
            helpers,
            helper_calls: BTreeSet::new(),
            consumed_in_progress: false,
            ret,
            return_conflict: None,
            var_types: vec![None; res.vars.len()],
            var_slots: vec![None; res.vars.len()],
            slots: Vec::new(),
            res,
            declared,
            conflicts: BTreeMap::new(),
            conflicted: BTreeSet::new(),
            unsettled: None,
            final_pass: false,
            errors,
            loops: Vec::new(),
            next_label: 0,
            next_temp: 0,
            expr_types: HashMap::new(),
            loop_versioning: Vec::new(),
            division: match options.error_model {
                crate::module::ErrorModel::Python => DivisionCheck::Raise,
                crate::module::ErrorModel::Numpy => DivisionCheck::Unchecked,
            },
            calls_foreign: false,
            callees: BTreeSet::new(),
        }
    }

    pub(crate) fn error(&mut self, range: TextRange, message: impl Into<String>) {
        if self.final_pass {
            self.errors.push(range, message);
        }
    }

    fn fresh_label(&mut self) -> u32 {
        self.next_label += 1;
        self.next_label
    }

    /// What a name that is not a local denotes: a name the function closes
    /// over, or a module-level name.
    pub(crate) fn global(&self, name: &str) -> Option<&Value> {
        self.closure
            .as_ref()
            .and_then(|closure| closure.get(name))
            .or_else(|| self.env.values.get(name))
    }

    pub(crate) fn fresh_temp(&mut self) -> TempId {
        self.next_temp += 1;
        TempId(self.next_temp)
    }

    /// Infers the types and checks the body into the typed IR; the IR, or
    /// every error.
    fn run(mut self) -> Result<Lowering, Vec<SemanticError>> {
        self.infer();
        let decl = self.cfunc.expect("a cfunc");
        let typed = self.check()?;
        let typing = self.typing();
        let record_holds_pointers = self
            .param_types
            .iter()
            .flatten()
            .any(|ty| matches!(ty, Ty::Record(_)) && ty.holds_pointers());
        Ok(Lowering {
            name: decl.name.clone(),
            signature: decl.signature.clone(),
            signature_range: decl.signature_range,
            typed,
            trusts_caller: record_holds_pointers || self.calls_foreign,
            callees: self.callees,
            helper_calls: self.helper_calls,
            typing,
            loops: self.loop_versioning,
        })
    }

    /// The final pass, once the values are typed: checks the body into the
    /// typed IR; the IR, or every error.
    fn check(&mut self) -> Result<tir::TypedFn, Vec<SemanticError>> {
        let body = &self.def.body;
        self.name_slots();
        self.final_pass = true;
        self.next_label = 0;
        self.report_type_conflicts();
        let statements = self.block(body);
        // Errors already found may have cut the function short: reaching the
        // end is only worth reporting in an otherwise clean function.
        if self.res.end_reachable && self.ret != Ty::None && self.errors.is_empty() {
            let name = &self.def.name;
            self.errors.push(
                name.range,
                format!(
                    "`{}` can reach its end without returning a value, but its signature returns {}",
                    name.id, self.ret
                ),
            );
        }
        let param_slots = self.param_slots();
        if !self.errors.is_empty() {
            return Err(std::mem::take(&mut self.errors.list));
        }
        let signature = self.cfunc.map(|decl| &decl.signature);
        Ok(tir::TypedFn {
            param_types: self.param_types.iter().flatten().cloned().collect(),
            ret: self.ret.clone(),
            params: self
                .def
                .params
                .iter()
                .enumerate()
                .map(|(index, param)| {
                    let exact =
                        signature.and_then(|signature| pointer_sized(&signature.args[index]));
                    (param.name.id.clone(), exact)
                })
                .collect(),
            param_slots,
            slots: std::mem::take(&mut self.slots),
            ret_widen: signature.and_then(|signature| pointer_sized(&signature.ret)),
            body: statements,
        })
    }

    fn typing(&self) -> Typing {
        let values = self
            .res
            .vars
            .iter()
            .zip(&self.var_types)
            .map(|(var, ty)| TypedValue {
                local: self.res.local(var.local).name.clone(),
                origin: match var.def {
                    VarDef::Param(_) => ValueOrigin::Parameter,
                    VarDef::Assign { .. } | VarDef::AugAssign { .. } => ValueOrigin::Assignment,
                    VarDef::ForItem { .. } => ValueOrigin::LoopItem,
                    VarDef::Phi(_) => ValueOrigin::Join,
                },
                ty: ty.clone(),
                range: var.range,
            })
            .collect();
        Typing { values }
    }

    /// Gives each value a slot: one per local and type, so that the
    /// values of a local that share a type share its slot, and a local
    /// that changes type (as Numba allows) has one slot per type.
    fn name_slots(&mut self) {
        for (index, var) in self.res.vars.iter().enumerate() {
            let Some(ty) = &self.var_types[index] else {
                continue;
            };
            let local = &self.res.local(var.local).name;
            let slot = match self
                .slots
                .iter()
                .position(|slot| slot.local == *local && slot.ty == *ty)
            {
                Some(slot) => slot,
                None => {
                    let position = self
                        .slots
                        .iter()
                        .filter(|slot| slot.local == *local)
                        .count();
                    self.slots.push(tir::Slot {
                        local: local.clone(),
                        ty: ty.clone(),
                        position,
                    });
                    self.slots.len() - 1
                }
            };
            self.var_slots[index] = Some(SlotId(slot as u32));
        }
    }

    /// A value's slot, once named.
    pub(crate) fn var_slot(&self, var: VarId) -> Option<SlotId> {
        self.var_slots[var.0 as usize]
    }

    /// A value as an expression: its slot, with its type once inferred.
    pub(crate) fn var_val(&self, var: VarId) -> Option<Val> {
        let ty = self.var_types[var.0 as usize].clone()?;
        // Inference checks expressions before the slots are named, only
        // for their types; the IR it builds is dropped.
        let slot = self.var_slot(var).unwrap_or(SlotId(u32::MAX));
        Some(Val::new(Op::Slot(slot), ty))
    }

    /// The moves into the phis of `site`, as assignments.
    pub(crate) fn moves(&mut self, site: Site) -> Vec<tir::Stmt> {
        let moves = self.res.moves(site).to_vec();
        let mut statements = Vec::new();
        for Move { to, from } in moves {
            // A value that may be unassigned only feeds phis that may be
            // unassigned too, and reading those is an error.
            if self.res.maybe_unassigned.contains(&from)
                || self.conflicted.contains(&to)
                || self.var_slot(to) == self.var_slot(from)
            {
                continue;
            }
            let (Some(source), Some(slot), Some(ty)) = (
                self.var_val(from),
                self.var_slot(to),
                self.var_types[to.0 as usize].clone(),
            ) else {
                continue;
            };
            let range = self.res.var(from).range;
            if let Some(value) = self.cast(source, &ty, range) {
                statements.push(tir::Stmt::SetSlot { slot, value });
            }
        }
        statements
    }

    fn report_type_conflicts(&mut self) {
        let conflicts = std::mem::take(&mut self.conflicts);
        self.conflicted = conflicts.keys().copied().collect();
        for (var, (current, found, range)) in conflicts {
            if self.res.live.contains(&var) {
                let name = &self.res.local(self.res.var(var).local).name;
                self.errors.push(
                    range,
                    format!("cannot unify {current} and {found} for `{name}`: Numba gives a variable one type"),
                );
            }
        }
        if let Some(var) = self.unsettled {
            let var = self.res.var(var);
            let name = &self.res.local(var.local).name;
            self.errors.push(
                var.range,
                format!("the type of `{name}` did not settle: cfunc cannot infer it"),
            );
        }
    }

    /// The slot each parameter starts in, with its argument converted to
    /// the slot's type; reports the values whose type is unknown.
    fn param_slots(&mut self) -> Vec<(SlotId, Val)> {
        let missing: BTreeSet<String> = self
            .res
            .live
            .iter()
            .filter(|var| self.var_types[var.0 as usize].is_none())
            .filter(|var| !self.res.maybe_unassigned.contains(var))
            .map(|var| self.res.local(self.res.var(*var).local).name.clone())
            .collect();
        let already_failed = !self.errors.is_empty();
        for name in missing.into_iter().filter(|_| !already_failed) {
            self.errors.push(
                self.def.name.range,
                format!("the type of `{name}` cannot be inferred"),
            );
        }
        let mut params = Vec::new();
        for (index, (param, var)) in self
            .def
            .params
            .iter()
            .zip(self.res.params.clone())
            .enumerate()
        {
            let slot_ty = self.param_types[index].clone();
            let (Some(slot), Some(ty), Some(slot_ty)) = (
                self.var_slot(var),
                self.var_types[var.0 as usize].clone(),
                slot_ty,
            ) else {
                continue;
            };
            let argument = Val::new(Op::Argument(index), slot_ty);
            if let Some(value) = self.cast(argument, &ty, param.range) {
                params.push((slot, value));
            }
        }
        params
    }
}

/// Whether a signature type is `intp`/`uintp`, whose Rust types
/// (`isize`/`usize`) differ from the int64/uint64 values they hold here.
pub(crate) fn pointer_sized(slot: &cfunc_runtime::sig::Type) -> Option<PointerSized> {
    use cfunc_runtime::sig::{Scalar, Type};
    match slot {
        Type::Scalar(Scalar::Intp) => Some(PointerSized::Signed),
        Type::Scalar(Scalar::Uintp) => Some(PointerSized::Unsigned),
        _ => None,
    }
}
/// The block's cfuncs, and the helper functions they call.
pub struct Lowered {
    /// The cfuncs, for `#[cfunc]` to complete.
    pub cfuncs: Vec<LoweredCFunc>,
    /// A private function per specialization of a helper the cfuncs call.
    pub helpers: Vec<TokenStream>,
}

/// Lowers every cfunc of the module: checks it, then generates its Rust.
pub fn lower_cfuncs(env: &ModuleEnv) -> (Lowered, Vec<SemanticError>) {
    let (lowered, helpers, errors) = check_cfuncs(env);
    let trusting = trusting_cfuncs(&lowered);
    let cfuncs = lowered
        .into_iter()
        .map(|lowering| {
            let is_unsafe = trusting.contains(&lowering.name);
            lowering.emit(is_unsafe)
        })
        .collect();
    (Lowered { cfuncs, helpers }, errors)
}

/// Checks every cfunc of the module into the typed IR, with the helper
/// specializations they reach (as Rust functions).
pub(crate) fn check_cfuncs(
    env: &ModuleEnv,
) -> (Vec<Lowering>, Vec<TokenStream>, Vec<SemanticError>) {
    let helpers = RefCell::new(Helpers::default());
    let mut lowered = Vec::new();
    let mut errors = Vec::new();
    for decl in &env.cfuncs {
        let lower = match FnLower::new(env, &helpers, decl) {
            Ok(lower) => lower,
            Err(found) => {
                errors.extend(found);
                continue;
            }
        };
        match lower.run() {
            Ok(item) => lowered.push(item),
            Err(found) => errors.extend(found),
        }
    }
    let output = helpers.borrow().output();
    errors.extend(output.errors);
    // A cfunc that reaches a ctypes function through a helper trusts its
    // caller as if it called the function itself.
    for lowering in &mut lowered {
        if !lowering.helper_calls.is_disjoint(&output.foreign_callers) {
            lowering.trusts_caller = true;
        }
    }
    (lowered, output.items, errors)
}

/// The cfuncs that trust their caller, directly or through the cfuncs they
/// call: they become `unsafe fn`.
fn trusting_cfuncs(lowered: &[Lowering]) -> BTreeSet<String> {
    let nodes: Vec<(String, bool, &BTreeSet<String>)> = lowered
        .iter()
        .map(|lowering| {
            (
                lowering.name.clone(),
                lowering.trusts_caller,
                &lowering.callees,
            )
        })
        .collect();
    marked_or_calling_marked(&nodes)
}

/// The nodes of a call graph (each: its key, whether it is marked, what it
/// calls) that are marked or call a marked one, directly or not: a
/// fixpoint.
fn marked_or_calling_marked<K: Ord + Clone>(nodes: &[(K, bool, &BTreeSet<K>)]) -> BTreeSet<K> {
    let mut reached: BTreeSet<K> = nodes
        .iter()
        .filter(|(_, marked, _)| *marked)
        .map(|(key, _, _)| key.clone())
        .collect();
    loop {
        let more: Vec<K> = nodes
            .iter()
            .filter(|(key, _, calls)| {
                !reached.contains(key) && calls.iter().any(|callee| reached.contains(callee))
            })
            .map(|(key, _, _)| key.clone())
            .collect();
        if more.is_empty() {
            return reached;
        }
        reached.extend(more);
    }
}
