//! Helpers: the `@njit`/`@jit` (and plain) functions that cfuncs call.
//!
//! As Numba's dispatcher does, a helper is compiled once per tuple of
//! argument types, when a cfunc (or another helper) first calls it with
//! those types, and never if nothing calls it. Its return type is the
//! unification of its `return` values. A recursive call sees the return
//! type found so far: the first round types the body with the recursive
//! calls unknown, each further round with the type the previous one found,
//! until it settles, as Numba types recursion from its non-recursive
//! returns. Each specialization becomes a private `unsafe fn` (it may
//! take the pointers its caller passes on) that the cfunc's code calls.

use super::FnLower;
use super::expr::Val;
use crate::ast::{Expr, ExprKind, FunctionDef, Stmt, StmtKind};
use crate::module::{CfuncOptions, Scope};
use crate::semantic_error::SemanticError;
use crate::tir::ExprKind as Op;
use crate::types::{Ty, unify};
use proc_macro2::{Ident, TokenStream};
use quote::format_ident;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Rounds of typing a recursive helper may take before its return type
/// must have settled (each round can only move it up the unification
/// order, whose height is small).
const RETURN_ROUNDS: usize = 16;

/// Specializations a block may create: a helper that calls itself with
/// ever larger tuples would otherwise never stop.
const MAX_SPECIALIZATIONS: usize = 256;

/// Every specialization of the block's helpers.
#[derive(Default)]
pub(crate) struct Helpers {
    specializations: Vec<Specialization>,
    /// The specializations the cfuncs call directly.
    roots: BTreeSet<usize>,
    /// The specializations being checked, outermost first.
    in_progress: Vec<usize>,
}

struct Specialization {
    /// The helper's Python name.
    name: String,
    def: Rc<FunctionDef>,
    closure: Option<Scope>,
    args: Vec<Ty>,
    /// The return type, as far as it is known (`Ty::None` for void).
    ret: Option<Ty>,
    state: State,
    rust_name: Ident,
    /// The Rust function, or the errors that stopped it (none of its
    /// own when a helper it calls failed).
    result: Result<TokenStream, Vec<SemanticError>>,
    /// Whether its check is over and failed.
    failed: bool,
    /// The specializations it calls.
    calls: BTreeSet<usize>,
    /// Whether it calls a ctypes function itself.
    calls_foreign: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    InProgress,
    Done,
    /// Checked while a specialization it calls was still being checked:
    /// checked again when next called, with what is known by then.
    Stale,
}

/// What the reachable specializations give the block.
pub(crate) struct HelperOutput {
    pub items: Vec<TokenStream>,
    pub errors: Vec<SemanticError>,
    /// Specializations that call ctypes functions, directly or not.
    pub foreign_callers: BTreeSet<usize>,
}

impl Helpers {
    /// The specializations the cfuncs reach, in the order they were
    /// created: their functions and their errors (each error once).
    pub(crate) fn output(&self) -> HelperOutput {
        let mut reached = BTreeSet::new();
        let mut stack: Vec<usize> = self.roots.iter().copied().collect();
        while let Some(index) = stack.pop() {
            if reached.insert(index) {
                stack.extend(self.specializations[index].calls.iter().copied());
            }
        }
        let mut items = Vec::new();
        let mut errors: Vec<SemanticError> = Vec::new();
        for &index in &reached {
            match &self.specializations[index].result {
                Ok(item) => items.push(item.clone()),
                Err(found) => {
                    for error in found {
                        if !errors.contains(error) {
                            errors.push(error.clone());
                        }
                    }
                }
            }
        }
        HelperOutput {
            items,
            errors,
            foreign_callers: self.foreign_callers(),
        }
    }

    /// The specializations that reach a ctypes function, directly or
    /// through the helpers they call.
    fn foreign_callers(&self) -> BTreeSet<usize> {
        let nodes: Vec<(usize, bool, &BTreeSet<usize>)> = self
            .specializations
            .iter()
            .enumerate()
            .map(|(index, spec)| (index, spec.calls_foreign, &spec.calls))
            .collect();
        super::marked_or_calling_marked(&nodes)
    }

    /// The recursion that reaches `index` again: "`a` → `b` → `a`".
    fn cycle(&self, index: usize) -> String {
        let start = self
            .in_progress
            .iter()
            .position(|open| *open == index)
            .unwrap_or(self.in_progress.len());
        let names: Vec<String> = self.in_progress[start..]
            .iter()
            .chain(std::iter::once(&index))
            .map(|open| format!("`{}`", self.specializations[*open].name))
            .collect();
        names.join(" → ")
    }

    /// The specialization of this function (the definition a factory run
    /// made, not only its name) for these argument types.
    fn find(&self, def: &Rc<FunctionDef>, args: &[Ty]) -> Option<usize> {
        self.specializations
            .iter()
            .position(|spec| Rc::ptr_eq(&spec.def, def) && spec.args == args)
    }
}

impl FnLower<'_> {
    /// A call of the helper `name`.
    pub(crate) fn call_helper(
        &mut self,
        name: &str,
        def: &Rc<FunctionDef>,
        closure: Option<Scope>,
        args: &[Expr],
        expr: &Expr,
    ) -> Option<Val> {
        if !self.argument_count(name, args.len(), def.params.len(), expr) {
            return None;
        }
        let vals: Vec<Val> = self.exprs(args)?;
        for (arg, val) in args.iter().zip(&vals) {
            // A view is lent (reborrowed); a record's fixed array would be
            // copied, where Numba passes a reference its writes go through.
            if matches!(val.ty, Ty::NestedArray { .. }) {
                self.error(
                    arg.range,
                    format!(
                        "passing {} to a helper is not supported yet; pass its elements",
                        val.ty
                    ),
                );
                return None;
            }
        }
        let types: Vec<Ty> = vals.iter().map(|val| val.ty.clone()).collect();
        let index = self.specialize(name, def, closure, types, expr)?;
        let (ret, in_progress, rust_name) = {
            let helpers = self.helpers.borrow();
            let spec = &helpers.specializations[index];
            (
                spec.ret.clone(),
                spec.state == State::InProgress,
                spec.rust_name.to_string(),
            )
        };
        if in_progress {
            self.consumed_in_progress = true;
        }
        if self.final_pass {
            self.helper_calls.insert(index);
            if self.cfunc.is_some() {
                self.helpers.borrow_mut().roots.insert(index);
            }
        }
        let Some(ret) = ret else {
            // A helper with errors of its own reports them.
            let failed = self.helpers.borrow().specializations[index].failed;
            if failed {
                return None;
            }
            let cycle = self.helpers.borrow().cycle(index);
            self.error(
                expr.range,
                format!("the return type of `{name}` cannot be inferred: every path through the recursion {cycle} calls again before returning"),
            );
            return None;
        };
        Some(Val::new(
            Op::CallHelper {
                function: rust_name,
                args: vals,
            },
            ret,
        ))
    }

    /// The specialization of `name` for these argument types, checked
    /// now if it is new (or stale).
    fn specialize(
        &mut self,
        name: &str,
        def: &Rc<FunctionDef>,
        closure: Option<Scope>,
        args: Vec<Ty>,
        expr: &Expr,
    ) -> Option<usize> {
        let existing = self.helpers.borrow().find(def, &args);
        let index = match existing {
            Some(index) => {
                if self.helpers.borrow().specializations[index].state != State::Stale {
                    return Some(index);
                }
                index
            }
            None => {
                let mut helpers = self.helpers.borrow_mut();
                if helpers.specializations.len() >= MAX_SPECIALIZATIONS {
                    drop(helpers);
                    self.error(
                        expr.range,
                        format!("`{name}` needs more than {MAX_SPECIALIZATIONS} specializations: its argument types never repeat"),
                    );
                    return None;
                }
                let count = helpers
                    .specializations
                    .iter()
                    .filter(|spec| spec.name == name)
                    .count();
                helpers.specializations.push(Specialization {
                    name: name.to_owned(),
                    def: Rc::clone(def),
                    closure,
                    args,
                    ret: None,
                    state: State::InProgress,
                    rust_name: format_ident!("__cfunc_helper_{}_{count}", name),
                    result: Err(Vec::new()),
                    failed: false,
                    calls: BTreeSet::new(),
                    calls_foreign: false,
                });
                helpers.specializations.len() - 1
            }
        };
        self.check_specialization(index);
        Some(index)
    }

    fn check_specialization(&mut self, index: usize) {
        let (def, closure, args) = {
            let mut helpers = self.helpers.borrow_mut();
            let spec = &mut helpers.specializations[index];
            spec.state = State::InProgress;
            let checked = (
                Rc::clone(&spec.def),
                spec.closure.clone(),
                spec.args.clone(),
            );
            helpers.in_progress.push(index);
            checked
        };
        let options = CfuncOptions::default();
        let param_types = args.iter().cloned().map(Some).collect();
        let mut checker = FnLower::with_body(
            self.env,
            self.helpers,
            &def,
            param_types,
            Ty::None,
            &options,
        );
        checker.closure = closure;
        let result = checker.check_helper(index);
        let mut helpers = self.helpers.borrow_mut();
        helpers.in_progress.pop();
        let spec = &mut helpers.specializations[index];
        spec.failed = result.is_err();
        spec.result = result;
        spec.calls = std::mem::take(&mut checker.helper_calls);
        spec.calls_foreign = checker.calls_foreign;
        spec.state = if checker.consumed_in_progress {
            State::Stale
        } else {
            State::Done
        };
    }

    /// Types the helper's body in rounds until its return type settles,
    /// then checks it and generates its function.
    fn check_helper(&mut self, index: usize) -> Result<TokenStream, Vec<SemanticError>> {
        let mut ret: Option<Ty> = None;
        for _ in 0..RETURN_ROUNDS {
            self.helpers.borrow_mut().specializations[index].ret = ret.clone();
            self.reset_inference();
            self.infer();
            let found = self.return_type();
            if found == ret {
                break;
            }
            ret = found;
        }
        self.helpers.borrow_mut().specializations[index].ret = ret.clone();
        let Some(ret) = ret else {
            // No return value has a type: either an error in one of them
            // (report it), or recursion with no way out.
            self.final_pass = true;
            let mut values = Vec::new();
            returned_values(&self.def.body, &mut values);
            for value in values {
                let _ = self.expr(value);
            }
            if !self.errors.is_empty() {
                return Err(std::mem::take(&mut self.errors.list));
            }
            // A helper it calls failed, and says why.
            let helpers = self.helpers.borrow();
            if self
                .helper_calls
                .iter()
                .any(|callee| helpers.specializations[*callee].failed)
            {
                return Err(Vec::new());
            }
            drop(helpers);
            return Err(vec![SemanticError::new(
                self.def.name.range,
                format!(
                    "the return type of `{}` cannot be inferred: every path through its recursion calls again before returning",
                    self.def.name.id
                ),
            )]);
        };
        if let Some((first, other, range)) = self.return_conflict.take() {
            return Err(vec![SemanticError::new(
                range,
                format!(
                    "`{}` returns {first} and {other}, which do not unify: Numba gives a function one return type",
                    self.def.name.id
                ),
            )]);
        }
        self.ret = ret;
        let typed = self.check()?;
        let rust_name = self.helpers.borrow().specializations[index]
            .rust_name
            .clone();
        Ok(crate::generate::helper_item(&rust_name, &typed))
    }

    fn reset_inference(&mut self) {
        self.var_types.iter_mut().for_each(|ty| *ty = None);
        self.conflicts.clear();
        self.unsettled = None;
    }

    /// The unification of the types of the `return` values known so far:
    /// `Ty::None` for a helper that returns nothing, `None` while no
    /// returned value has a type.
    fn return_type(&mut self) -> Option<Ty> {
        let mut values = Vec::new();
        returned_values(&self.def.body, &mut values);
        if values.is_empty() {
            return Some(Ty::None);
        }
        let mut unified: Option<Ty> = None;
        self.return_conflict = None;
        for value in values {
            let Some(val) = self.expr(value) else {
                continue;
            };
            unified = Some(match unified {
                None => val.ty,
                Some(so_far) => match unify(&so_far, &val.ty) {
                    Some(ty) => ty,
                    None => {
                        self.return_conflict
                            .get_or_insert((so_far.clone(), val.ty, value.range));
                        so_far
                    }
                },
            });
        }
        unified
    }
}

/// The values of a body's `return` statements (not `return` or `return
/// None`).
fn returned_values<'e>(body: &'e [Stmt], values: &mut Vec<&'e Expr>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Return(Some(value)) if !matches!(value.kind, ExprKind::None) => {
                values.push(value);
            }
            StmtKind::If { body, orelse, .. }
            | StmtKind::While { body, orelse, .. }
            | StmtKind::For { body, orelse, .. } => {
                returned_values(body, values);
                returned_values(orelse, values);
            }
            _ => {}
        }
    }
}
