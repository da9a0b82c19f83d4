//! Lowering a typed cfunc body to Rust tokens.
//!
//! Each cfunc is lowered by a [`FnLower`] in passes: the first passes only
//! infer the type of every local (unifying the types of its assignments,
//! as Numba does) until nothing changes; the last pass checks and emits
//! tokens, recording every error it finds.

mod call;
pub(crate) use call::foreign_accessor;
mod expr;
mod ops;
mod place;
mod stmt;
mod versioning;

use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::module::{CFuncDecl, ModuleEnv, sig_type_ty};
use crate::semantic::{Errors, SemanticError};
use crate::text::TextRange;
use crate::types::{Ty, unify};
use cfunc_runtime::sig::Signature;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A lowered cfunc: its signature and a `fn` item whose parameter and
/// return types are `_`, for `#[cfunc]` to complete.
pub struct LoweredCFunc {
    /// The cfunc's Python name.
    pub name: String,
    /// The signature its decorator gave, already parsed.
    pub signature: Signature,
    /// The function, with `_` for the types the signature fills in.
    pub item: syn::ItemFn,
    /// Where the signature is written, for errors about it.
    pub signature_range: TextRange,
}

/// A cfunc lowered but not yet emitted: whether it is an `unsafe fn`
/// depends on the cfuncs it calls, known once the whole block is lowered.
struct Lowering {
    name: String,
    signature: Signature,
    signature_range: TextRange,
    /// `name(params) -> ret`.
    header: TokenStream,
    /// The declarations and statements.
    body: TokenStream,
    /// Whether the cfunc relies on a promise only its caller can keep
    /// beyond its pointer parameters: a record parameter that holds
    /// pointers, a ctypes function (whose `argtypes`/`restype` are the
    /// module's word, like an `extern` block), or a cfunc that does.
    trusts_caller: bool,
    /// The cfuncs of the block it calls.
    callees: BTreeSet<String>,
}

impl Lowering {
    fn emit(self, is_unsafe: bool) -> LoweredCFunc {
        let Lowering { header, body, .. } = &self;
        let unsafety = is_unsafe.then(|| quote!(unsafe));
        let item: syn::ItemFn = syn::parse_quote! {
            #[allow(
                unused_mut, unused_variables, unused_assignments, unused_parens, unused_braces,
                unreachable_code, unused_unsafe, non_snake_case, clippy::all, clippy::pedantic
            )]
            pub #unsafety fn #header {
                #body
            }
        };
        LoweredCFunc {
            name: self.name,
            signature: self.signature,
            item,
            signature_range: self.signature_range,
        }
    }
}

/// A value in generated code: its tokens and its type.
#[derive(Clone)]
pub(crate) struct Val {
    pub tokens: TokenStream,
    pub ty: Ty,
}

impl Val {
    pub fn new(tokens: TokenStream, ty: Ty) -> Val {
        Val { tokens, ty }
    }
}

#[derive(Default, Clone)]
struct Local {
    ty: Option<Ty>,
    /// Read somewhere: unification errors only matter for such locals.
    read: bool,
    /// Only ever a loop variable of an ascending `range` from a
    /// non-negative start: indexing with it needs no wraparound.
    non_negative: bool,
    is_param: bool,
    /// Typed by `locals=`: assignments convert to the type instead of
    /// unifying with it.
    declared: bool,
}

/// The definitely-assigned locals at a point; `None` where the point
/// cannot be reached.
type Assigned = Option<BTreeSet<String>>;

pub(crate) struct FnLower<'a> {
    env: &'a ModuleEnv,
    decl: &'a CFuncDecl,
    ret: Ty,
    locals: BTreeMap<String, Local>,
    final_pass: bool,
    changed: bool,
    errors: Errors,
    assigned: Assigned,
    /// For each enclosing loop: its label and the assigned sets at its
    /// `break`s.
    loops: Vec<LoopFrame>,
    next_label: usize,
    /// Locals whose assignment failed with an error already reported.
    failed_assignments: BTreeSet<String>,
    /// While lowering the fast copy of a versioned loop: the subscripts
    /// whose indices the chunk's guard has checked.
    unchecked_subscripts: HashSet<TextRange>,
    /// How float `/` checks its divisor (see `versioning`).
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
    /// None: `error_model="numpy"`, or the divisors were checked ahead.
    Unchecked,
}

struct LoopFrame {
    label: syn::Lifetime,
    /// The label of the block around a loop with an `else`, which `break`
    /// leaves (skipping the `else`).
    exit_label: Option<syn::Lifetime>,
    break_states: Vec<Assigned>,
}

/// Names the generated code uses for its own locals and labels.
fn is_reserved(name: &str) -> bool {
    name.starts_with("__cfunc")
}

fn reserved_message(name: &str) -> String {
    format!("`{name}`: names starting with `__cfunc` are reserved for the code cfunc generates")
}

/// Python names that cannot be Rust identifiers as they are.
pub(crate) fn local_ident(name: &str) -> Ident {
    const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "const", "dyn", "enum", "extern", "fn", "gen", "impl",
        "let", "loop", "match", "mod", "move", "mut", "priv", "pub", "ref", "static", "struct",
        "trait", "true", "false", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where",
        "macro", "abstract", "become", "do", "final", "override", "try", "union", "yield", "in",
        "for", "if", "else", "while", "break", "continue", "return",
    ];
    if RESERVED.contains(&name) {
        format_ident!("{name}_")
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

impl<'a> FnLower<'a> {
    fn new(env: &'a ModuleEnv, decl: &'a CFuncDecl) -> Result<FnLower<'a>, Vec<SemanticError>> {
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
        let mut locals = BTreeMap::new();
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
            let ty = sig_type_ty(slot, &env.records_by_name);
            if ty.is_none() {
                errors.push(
                    decl.signature_range,
                    format!(
                        "record `{}` is not defined in this block: define it with `types.Record.make_c_struct` or a cffi declaration",
                        slot.records().join("`, `")
                    ),
                );
            }
            locals.insert(
                param.name.id.clone(),
                Local {
                    ty,
                    is_param: true,
                    ..Local::default()
                },
            );
        }
        let mut lower = FnLower {
            env,
            decl,
            ret,
            locals,
            final_pass: false,
            changed: false,
            errors,
            assigned: Some(BTreeSet::new()),
            loops: Vec::new(),
            next_label: 0,
            failed_assignments: BTreeSet::new(),
            unchecked_subscripts: HashSet::new(),
            division: match decl.options.error_model {
                crate::module::ErrorModel::Python => DivisionCheck::Raise,
                crate::module::ErrorModel::Numpy => DivisionCheck::Unchecked,
            },
            calls_foreign: false,
            callees: BTreeSet::new(),
        };
        collect_locals(&def.body, &mut lower.locals);
        mark_non_negative(&def.body, &mut lower.locals);
        for declared in &decl.options.locals {
            match lower.locals.get_mut(&declared.name) {
                Some(local) => {
                    local.ty = Some(declared.ty.clone());
                    local.declared = true;
                }
                None => lower.errors.push(
                    declared.range,
                    format!(
                        "`{}` in `locals` is not a variable of `{}`",
                        declared.name, def.name.id
                    ),
                ),
            }
        }
        Ok(lower)
    }

    pub(crate) fn error(&mut self, range: TextRange, message: impl Into<String>) {
        if self.final_pass {
            self.errors.push(range, message);
        }
    }

    /// Records that local `name` is assigned a value of type `ty`.
    /// Whether the type unifies; `false` after reporting that it does not.
    fn assign_type(&mut self, name: &str, ty: &Ty, range: TextRange) -> bool {
        if is_reserved(name) {
            self.error(range, reserved_message(name));
            return false;
        }
        let Some(local) = self.locals.get(name) else {
            return true;
        };
        if local.declared {
            return true;
        }
        // A parameter is a variable like any other (Numba types
        // `n = n / 2` as float64): its type unifies with what it is
        // assigned, and the declarations convert the argument to it.
        let current = local.ty.clone();
        let read = local.read;
        let unified = match &current {
            None => Some(ty.clone()),
            Some(current) => unify(current, ty),
        };
        match unified {
            Some(unified) if current.as_ref() != Some(&unified) => {
                self.changed = true;
                if let Some(local) = self.locals.get_mut(name) {
                    local.ty = Some(unified);
                }
                true
            }
            Some(_) => true,
            None if read => {
                let current = current.map(|ty| ty.to_string()).unwrap_or_default();
                self.error(range, format!("cannot unify {current} and {ty} for `{name}`: Numba gives a variable one type"));
                false
            }
            None => true,
        }
    }

    fn fresh_label(&mut self, prefix: &str) -> syn::Lifetime {
        self.next_label += 1;
        syn::Lifetime::new(
            &format!("'__cfunc_{prefix}_{}", self.next_label),
            Span::call_site(),
        )
    }

    /// Runs the passes; the tokens of the final pass, or every error.
    fn run(mut self) -> Result<Lowering, Vec<SemanticError>> {
        let body = &self.decl.def.body;
        for _ in 0..16 {
            self.changed = false;
            self.reset();
            let _ = self.block(body);
            if !self.changed {
                break;
            }
        }
        self.final_pass = true;
        self.reset();
        let statements = self.block(body);
        // Errors already found may have cut the function short: reaching the
        // end is only worth reporting in an otherwise clean function.
        if self.assigned.is_some() && self.ret != Ty::None && self.errors.is_empty() {
            let name = &self.decl.def.name;
            self.errors.push(
                name.range,
                format!(
                    "`{}` can reach its end without returning a value, but its signature returns {}",
                    name.id, self.ret
                ),
            );
        }
        let declarations = self.declarations();
        if !self.errors.is_empty() {
            return Err(self.errors.list);
        }
        // `def loop(n):` is a Rust keyword: `r#loop` in Rust, `loop` in C.
        let name = local_ident(&self.decl.name);
        let params = self.decl.def.params.iter().map(|param| {
            let ident = local_ident(&param.name.id);
            quote!(#ident: _)
        });
        let ret = (self.ret != Ty::None).then(|| quote!(-> _));
        let record_holds_pointers = self.decl.def.params.iter().any(|param| {
            self.locals
                .get(&param.name.id)
                .and_then(|local| local.ty.as_ref())
                .is_some_and(|ty| matches!(ty, Ty::Record(_)) && ty.holds_pointers())
        });
        Ok(Lowering {
            name: self.decl.name.clone(),
            signature: self.decl.signature.clone(),
            signature_range: self.decl.signature_range,
            header: quote!(#name(#(#params),*) #ret),
            body: quote!(#(#declarations)* #(#statements)*),
            trusts_caller: record_holds_pointers || self.calls_foreign,
            callees: self.callees,
        })
    }

    fn reset(&mut self) {
        let params: BTreeSet<String> = self
            .locals
            .iter()
            .filter(|(_, local)| local.is_param)
            .map(|(name, _)| name.clone())
            .collect();
        self.assigned = Some(params);
        self.loops.clear();
        self.next_label = 0;
    }

    /// `let mut x: T;` for every local that is not a parameter.
    fn declarations(&mut self) -> Vec<TokenStream> {
        let mut declarations = Vec::new();
        let missing: Vec<String> = self
            .locals
            .iter()
            .filter(|(_, local)| !local.is_param && local.ty.is_none() && local.read)
            .map(|(name, _)| name.clone())
            .collect();
        let already_failed = !self.errors.is_empty();
        for name in missing.into_iter().filter(|_| !already_failed) {
            self.errors.push(
                self.decl.def.name.range,
                format!("the type of `{name}` cannot be inferred"),
            );
        }
        for (name, local) in &self.locals {
            if local.is_param {
                continue;
            }
            let Some(ty) = &local.ty else { continue };
            let ident = local_ident(name);
            let rust: syn::Type = syn::parse_str(&ty.rust()).expect("generated types parse");
            declarations.push(quote!(let mut #ident: #rust;));
        }
        let mut params = Vec::new();
        for (param, slot) in self.decl.def.params.iter().zip(&self.decl.signature.args) {
            let ident = local_ident(&param.name.id);
            let local_ty = self
                .locals
                .get(&param.name.id)
                .and_then(|local| local.ty.clone());
            let slot_ty = sig_type_ty(slot, &self.env.records_by_name);
            let (Some(local_ty), Some(slot_ty)) = (local_ty, slot_ty) else {
                params.push(quote!(let mut #ident = #ident;));
                continue;
            };
            // `intp` is `isize` in the exported function, `int64` here.
            let argument = match pointer_sized(slot) {
                Some(_) => {
                    let rust: syn::Type =
                        syn::parse_str(&slot_ty.rust()).expect("generated types parse");
                    quote!((#ident as #rust))
                }
                None => quote!(#ident),
            };
            if local_ty == slot_ty {
                params.push(quote!(let mut #ident = #argument;));
                continue;
            }
            let range = param.range;
            let rust: syn::Type = syn::parse_str(&local_ty.rust()).expect("generated types parse");
            if let Some(converted) = self.cast(&Val::new(argument, slot_ty), &local_ty, range) {
                params.push(quote!(let mut #ident: #rust = #converted;));
            }
        }
        params.into_iter().chain(declarations).collect()
    }
}

/// `as isize` / `as usize` for the pointer-sized signature types, whose
/// Rust types differ from the `int64`/`uint64` values they hold here.
pub(crate) fn pointer_sized(slot: &cfunc_runtime::sig::Type) -> Option<TokenStream> {
    use cfunc_runtime::sig::{Scalar, Type};
    match slot {
        Type::Scalar(Scalar::Intp) => Some(quote!(as isize)),
        Type::Scalar(Scalar::Uintp) => Some(quote!(as usize)),
        _ => None,
    }
}

/// Every name a body assigns is local to it (Python's scoping).
fn collect_locals(body: &[Stmt], locals: &mut BTreeMap<String, Local>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Assign { targets, .. } => {
                targets.iter().for_each(|t| collect_targets(t, locals))
            }
            StmtKind::AugAssign { target, .. } | StmtKind::AnnAssign { target, .. } => {
                collect_targets(target, locals)
            }
            StmtKind::For {
                target,
                body,
                orelse,
                ..
            } => {
                collect_targets(target, locals);
                collect_locals(body, locals);
                collect_locals(orelse, locals);
            }
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                collect_locals(body, locals);
                collect_locals(orelse, locals);
            }
            _ => {}
        }
    }
}

fn collect_targets(target: &Expr, locals: &mut BTreeMap<String, Local>) {
    match &target.kind {
        ExprKind::Name(name) => {
            locals.entry(name.clone()).or_default();
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().for_each(|t| collect_targets(t, locals))
        }
        _ => {}
    }
}

/// Marks the locals that are only loop variables of ascending ranges that
/// start at a non-negative literal.
fn mark_non_negative(body: &[Stmt], locals: &mut BTreeMap<String, Local>) {
    let mut candidates = BTreeSet::new();
    let mut other = BTreeSet::new();
    scan_assignments(body, &mut candidates, &mut other);
    for name in candidates.difference(&other) {
        if let Some(local) = locals.get_mut(name)
            && !local.is_param
        {
            local.non_negative = true;
        }
    }
}

fn ascending_from_non_negative(iter: &Expr) -> bool {
    let ExprKind::Call {
        func,
        args,
        keywords,
    } = &iter.kind
    else {
        return false;
    };
    if !keywords.is_empty() || !matches!(&func.kind, ExprKind::Name(name) if name == "range") {
        return false;
    }
    match args.as_slice() {
        [_] => true,
        [start, _] => matches!(start.kind, ExprKind::Int(_)),
        [start, _, step] => {
            matches!(start.kind, ExprKind::Int(_)) && matches!(step.kind, ExprKind::Int(n) if n > 0)
        }
        _ => false,
    }
}

fn scan_assignments(
    body: &[Stmt],
    candidates: &mut BTreeSet<String>,
    other: &mut BTreeSet<String>,
) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let mut names = BTreeMap::new();
                collect_targets(target, &mut names);
                let good =
                    ascending_from_non_negative(iter) && matches!(target.kind, ExprKind::Name(_));
                for name in names.into_keys() {
                    if good {
                        candidates.insert(name);
                    } else {
                        other.insert(name);
                    }
                }
                scan_assignments(body, candidates, other);
                scan_assignments(orelse, candidates, other);
            }
            StmtKind::Assign { targets, .. } => {
                let mut names = BTreeMap::new();
                targets.iter().for_each(|t| collect_targets(t, &mut names));
                other.extend(names.into_keys());
            }
            StmtKind::AugAssign { target, .. } | StmtKind::AnnAssign { target, .. } => {
                let mut names = BTreeMap::new();
                collect_targets(target, &mut names);
                other.extend(names.into_keys());
            }
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                scan_assignments(body, candidates, other);
                scan_assignments(orelse, candidates, other);
            }
            _ => {}
        }
    }
}

/// Lowers every cfunc of the module.
pub fn lower_cfuncs(env: &ModuleEnv) -> (Vec<LoweredCFunc>, Vec<SemanticError>) {
    let mut lowered = Vec::new();
    let mut errors = Vec::new();
    for decl in &env.cfuncs {
        let lower = match FnLower::new(env, decl) {
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
    let trusting = trusting_cfuncs(&lowered);
    let lowered = lowered
        .into_iter()
        .map(|lowering| {
            let is_unsafe = trusting.contains(&lowering.name);
            lowering.emit(is_unsafe)
        })
        .collect();
    (lowered, errors)
}

/// The cfuncs that trust their caller, directly or through the cfuncs they
/// call (a fixpoint over the block's call graph): they become `unsafe fn`.
fn trusting_cfuncs(lowered: &[Lowering]) -> BTreeSet<String> {
    let mut trusting: BTreeSet<String> = lowered
        .iter()
        .filter(|lowering| lowering.trusts_caller)
        .map(|lowering| lowering.name.clone())
        .collect();
    loop {
        let reached: Vec<&Lowering> = lowered
            .iter()
            .filter(|lowering| {
                !trusting.contains(&lowering.name)
                    && lowering.callees.iter().any(|name| trusting.contains(name))
            })
            .collect();
        if reached.is_empty() {
            return trusting;
        }
        trusting.extend(reached.into_iter().map(|lowering| lowering.name.clone()));
    }
}
