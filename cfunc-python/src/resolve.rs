//! Resolution: what each name of a cfunc body denotes, and the values
//! (in SSA form) that its locals take.
//!
//! Every name a body assigns is a local of the function (Python's
//! scoping); any other name is a module value or a built-in. Each
//! assignment to a local defines a new value ([`VarId`]), and where
//! control flow joins (after an `if`, at a loop's head, after a loop) the
//! values that reach the join are merged into a phi. That is the form
//! Numba types: each assignment gets its own type, and a phi unifies the
//! types that reach it. A read of a local refers to the one value that
//! reaches it, or to none when the local may be unassigned there.
//!
//! Leaving SSA needs, at each edge into a join, the moves from the value
//! an edge brings to the phi; they are listed per [`Site`].

use crate::ast::{BinOp, Expr, ExprKind, FunctionDef, NodeId, Stmt, StmtKind};
use crate::text::TextRange;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A local variable of the function (a Python name it assigns, or a
/// parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

/// One value of a local: a parameter, an assignment, a loop item or a phi.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// What a local is, before typing.
#[derive(Clone, Debug)]
pub struct Local {
    pub name: String,
    /// The index of the parameter it is, if one.
    pub param: Option<usize>,
    /// Only ever a loop variable of an ascending `range` from a
    /// non-negative start: indexing with it needs no wraparound.
    pub non_negative: bool,
}

/// Where a value comes from.
#[derive(Clone, Debug)]
pub enum VarDef<'a> {
    /// The argument of parameter `index`.
    Param(usize),
    /// `target = value`: the value, or the element at `path` of the tuple
    /// it is (`a, (b, c) = ...`).
    Assign { value: &'a Expr, path: Vec<usize> },
    /// `target op= value`, reading the local's previous value `target`.
    AugAssign {
        target: &'a Expr,
        op: BinOp,
        value: &'a Expr,
        range: TextRange,
    },
    /// The item of `for target in iter`, or its element at `path`.
    ForItem { iter: &'a Expr, path: Vec<usize> },
    /// A join: one incoming value per edge, `None` where the local is
    /// unassigned on that edge.
    Phi(Vec<Option<VarId>>),
}

/// A value with its local and its definition.
#[derive(Clone, Debug)]
pub struct Var<'a> {
    pub local: LocalId,
    pub def: VarDef<'a>,
    /// The assignment target (or the join) it comes from, for errors.
    pub range: TextRange,
}

/// What a name expression reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A value of a local.
    Local(VarId),
    /// A local that no assignment reaches.
    Unassigned(LocalId),
    /// A local read in code that cannot run (after a `return`): Numba
    /// drops such code before typing it.
    Unreachable,
    /// A name the function does not assign: a module value or a built-in.
    Global,
}

/// A point where the values of an edge move into the phis it reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    /// The end of an `if` statement's body (`orelse: false`) or `else`.
    BranchEnd { stmt: NodeId, orelse: bool },
    /// A `break` or `continue` statement.
    Jump(NodeId),
    /// Just before a loop starts.
    LoopEntry(NodeId),
    /// The end of a loop's body (the back edge).
    BodyEnd(NodeId),
    /// After a loop that ran to its end (and its `else`).
    NormalExit(NodeId),
}

/// `to = from` on leaving SSA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub to: VarId,
    pub from: VarId,
}

/// The resolved function.
#[derive(Debug)]
pub struct Resolution<'a> {
    pub locals: Vec<Local>,
    pub vars: Vec<Var<'a>>,
    /// The value each parameter starts with, in parameter order.
    pub params: Vec<VarId>,
    /// What each name expression that is read denotes.
    pub reads: HashMap<NodeId, Binding>,
    /// The value each assigned name expression defines.
    pub writes: HashMap<NodeId, VarId>,
    pub moves: HashMap<Site, Vec<Move>>,
    /// The value of each local at the head of each loop.
    pub loop_heads: HashMap<NodeId, BTreeMap<LocalId, Option<VarId>>>,
    /// Whether the end of the body can be reached (and so the function
    /// can return without a `return`).
    pub end_reachable: bool,
    /// Values that may be unassigned (a phi with an unassigned edge, or
    /// fed by one).
    pub maybe_unassigned: BTreeSet<VarId>,
    /// The values each value's definition reads.
    pub inputs: Vec<Vec<VarId>>,
    /// Values some expression reads, directly or through the phis they
    /// feed.
    pub live: BTreeSet<VarId>,
    by_name: HashMap<String, LocalId>,
}

impl<'a> Resolution<'a> {
    pub fn local_id(&self, name: &str) -> Option<LocalId> {
        self.by_name.get(name).copied()
    }

    pub fn local_named(&self, name: &str) -> Option<&Local> {
        self.by_name
            .get(name)
            .map(|local| &self.locals[local.0 as usize])
    }

    pub fn is_local(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// What the name expression `expr` reads; `Global` for names that are
    /// not the function's.
    pub fn binding(&self, expr: NodeId) -> Binding {
        self.reads.get(&expr).copied().unwrap_or(Binding::Global)
    }

    pub fn var(&self, var: VarId) -> &Var<'a> {
        &self.vars[var.0 as usize]
    }

    pub fn local(&self, local: LocalId) -> &Local {
        &self.locals[local.0 as usize]
    }

    pub fn moves(&self, site: Site) -> &[Move] {
        self.moves.get(&site).map_or(&[], Vec::as_slice)
    }
}

/// The values of every local at a point; `None` where the point cannot be
/// reached.
type State = Option<BTreeMap<LocalId, Option<VarId>>>;

struct Resolver<'a> {
    res: Resolution<'a>,
    state: State,
    /// For each enclosing loop: its statement, its head phis (local →
    /// phi) and the states at its `break`s.
    loops: Vec<LoopFrame>,
}

struct LoopFrame {
    stmt: NodeId,
    head: BTreeMap<LocalId, VarId>,
    breaks: Vec<(Site, BTreeMap<LocalId, Option<VarId>>)>,
}

/// Resolves a cfunc body.
pub fn resolve(def: &FunctionDef) -> Resolution<'_> {
    let mut names = Vec::new();
    for param in &def.params {
        names.push(param.name.id.clone());
    }
    collect_assigned(&def.body, &mut names);
    let mut by_name = HashMap::new();
    let mut locals = Vec::new();
    for name in names {
        if by_name.contains_key(&name) {
            continue;
        }
        by_name.insert(name.clone(), LocalId(locals.len() as u32));
        locals.push(Local {
            name,
            param: None,
            non_negative: false,
        });
    }
    let non_negative = non_negative_loop_variables(&def.body);
    for local in &mut locals {
        local.non_negative = non_negative.contains(local.name.as_str());
    }
    let mut resolver = Resolver {
        res: Resolution {
            locals,
            vars: Vec::new(),
            params: Vec::new(),
            reads: HashMap::new(),
            writes: HashMap::new(),
            moves: HashMap::new(),
            loop_heads: HashMap::new(),
            end_reachable: false,
            maybe_unassigned: BTreeSet::new(),
            inputs: Vec::new(),
            live: BTreeSet::new(),
            by_name,
        },
        state: None,
        loops: Vec::new(),
    };
    let mut state: BTreeMap<LocalId, Option<VarId>> = (0..resolver.res.locals.len())
        .map(|index| (LocalId(index as u32), None))
        .collect();
    for (index, param) in def.params.iter().enumerate() {
        let local = resolver.res.by_name[&param.name.id];
        if resolver.res.locals[local.0 as usize].param.is_some() {
            continue; // a repeated parameter name: Python's error, reported elsewhere
        }
        resolver.res.locals[local.0 as usize].param = Some(index);
        // A parameter is assigned, so never only a loop variable.
        resolver.res.locals[local.0 as usize].non_negative = false;
        let var = resolver.new_var(local, VarDef::Param(index), param.name.range);
        resolver.res.params.push(var);
        state.insert(local, Some(var));
    }
    resolver.state = Some(state);
    resolver.block(&def.body);
    resolver.res.end_reachable = resolver.state.is_some();
    resolver.finish();
    resolver.res
}

impl<'a> Resolver<'a> {
    fn new_var(&mut self, local: LocalId, def: VarDef<'a>, range: TextRange) -> VarId {
        let id = VarId(self.res.vars.len() as u32);
        self.res.vars.push(Var { local, def, range });
        id
    }

    fn block(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.statement(stmt);
        }
    }

    fn statement(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for target in targets {
                    self.define(target, |path| VarDef::Assign { value, path }, Vec::new());
                }
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(value) = value {
                    self.expr(value);
                    self.define(target, |path| VarDef::Assign { value, path }, Vec::new());
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.expr(value);
                match &target.kind {
                    ExprKind::Name(name) if self.res.is_local(name) => {
                        self.read(target, name);
                        let local = self.res.by_name[name];
                        let def = VarDef::AugAssign {
                            target,
                            op: *op,
                            value,
                            range: stmt.range,
                        };
                        let var = self.new_var(local, def, target.range);
                        self.res.writes.insert(target.id, var);
                        self.assign(local, var);
                    }
                    _ => self.expr(target),
                }
            }
            StmtKind::Return(value) => {
                if let Some(value) = value {
                    self.expr(value);
                }
                self.state = None;
            }
            StmtKind::Raise { exc, cause } => {
                for expr in [exc, cause].into_iter().flatten() {
                    self.expr(expr);
                }
                self.state = None;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(msg) = msg {
                    self.expr(msg);
                }
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                let before = self.state.clone();
                self.block(body);
                let after_body = std::mem::replace(&mut self.state, before);
                self.block(orelse);
                let after_orelse = self.state.take();
                self.state = self.join(
                    vec![
                        (
                            Site::BranchEnd {
                                stmt: stmt.id,
                                orelse: false,
                            },
                            after_body,
                        ),
                        (
                            Site::BranchEnd {
                                stmt: stmt.id,
                                orelse: true,
                            },
                            after_orelse,
                        ),
                    ],
                    stmt.range,
                );
            }
            StmtKind::While { test, body, orelse } => {
                let forever = matches!(test.kind, ExprKind::Bool(true))
                    || matches!(test.kind, ExprKind::Int(n) if n != 0);
                self.looped(stmt, None, Some(test), body, orelse, forever);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                // The iterable is evaluated once, before the loop.
                self.expr(iter);
                self.looped(stmt, Some((target, iter)), None, body, orelse, false);
            }
            StmtKind::Break => {
                if let (Some(state), Some(frame)) = (self.state.take(), self.loops.last_mut()) {
                    frame.breaks.push((Site::Jump(stmt.id), state));
                }
            }
            StmtKind::Continue => {
                if let Some(state) = self.state.take()
                    && let Some(frame) = self.loops.last()
                {
                    let head = frame.head.clone();
                    self.back_edge(Site::Jump(stmt.id), &head, &state);
                }
            }
            StmtKind::Pass
            | StmtKind::FunctionDef(_)
            | StmtKind::Import { .. }
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global { .. }
            | StmtKind::Delete { .. }
            | StmtKind::Try { .. }
            | StmtKind::Unsupported { .. } => {}
        }
    }

    /// A `while` (with its `test`) or `for` (with its target and iterable)
    /// loop.
    fn looped(
        &mut self,
        stmt: &'a Stmt,
        for_target: Option<(&'a Expr, &'a Expr)>,
        test: Option<&'a Expr>,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        forever: bool,
    ) {
        let Some(entry) = self.state.clone() else {
            // Unreachable: resolve the names anyway, for their errors.
            self.loops.push(LoopFrame {
                stmt: stmt.id,
                head: BTreeMap::new(),
                breaks: Vec::new(),
            });
            if let Some(test) = test {
                self.expr(test);
            }
            self.block(body);
            self.loops.pop();
            self.state = None;
            self.block(orelse);
            return;
        };
        // Every local the loop assigns gets a phi at the loop's head.
        let mut assigned = Vec::new();
        if let Some((target, _)) = for_target {
            collect_target_names(target, &mut assigned);
        }
        collect_assigned(body, &mut assigned);
        let mut head = BTreeMap::new();
        let mut head_state = entry.clone();
        let mut entry_moves = Vec::new();
        for name in assigned {
            let local = self.res.by_name[&name];
            if head.contains_key(&local) {
                continue;
            }
            let incoming = entry.get(&local).copied().flatten();
            let phi = self.new_var(local, VarDef::Phi(vec![incoming]), stmt.range);
            if let Some(from) = incoming {
                entry_moves.push(Move { to: phi, from });
            }
            head.insert(local, phi);
            head_state.insert(local, Some(phi));
        }
        self.add_moves(Site::LoopEntry(stmt.id), entry_moves);
        self.res.loop_heads.insert(stmt.id, head_state.clone());
        self.state = Some(head_state.clone());
        if let Some(test) = test {
            self.expr(test);
        }
        self.loops.push(LoopFrame {
            stmt: stmt.id,
            head: head.clone(),
            breaks: Vec::new(),
        });
        if let Some((target, iter)) = for_target {
            self.define(target, |path| VarDef::ForItem { iter, path }, Vec::new());
        }
        self.block(body);
        if let Some(state) = self.state.take() {
            self.back_edge(Site::BodyEnd(stmt.id), &head, &state);
        }
        let frame = self.loops.pop().expect("pushed above");
        debug_assert_eq!(frame.stmt, stmt.id);
        // The loop ends normally where its test fails (or its iterator
        // runs out), in the state of its head; `else` runs from there.
        self.state = (!forever).then_some(head_state);
        self.block(orelse);
        let mut edges = vec![(Site::NormalExit(stmt.id), self.state.take())];
        edges.extend(
            frame
                .breaks
                .into_iter()
                .map(|(site, state)| (site, Some(state))),
        );
        self.state = self.join(edges, stmt.range);
    }

    /// An edge back to a loop's head: its values feed the head's phis.
    fn back_edge(
        &mut self,
        site: Site,
        head: &BTreeMap<LocalId, VarId>,
        state: &BTreeMap<LocalId, Option<VarId>>,
    ) {
        let mut moves = Vec::new();
        for (local, phi) in head {
            let incoming = state.get(local).copied().flatten();
            if let VarDef::Phi(incomings) = &mut self.res.vars[phi.0 as usize].def {
                incomings.push(incoming);
            }
            if let Some(from) = incoming
                && from != *phi
            {
                moves.push(Move { to: *phi, from });
            }
        }
        self.add_moves(site, moves);
    }

    fn add_moves(&mut self, site: Site, moves: Vec<Move>) {
        if !moves.is_empty() {
            self.res.moves.entry(site).or_default().extend(moves);
        }
    }

    /// Merges the states of the edges into a join; a phi for each local
    /// whose value differs between the edges that reach it.
    fn join(&mut self, edges: Vec<(Site, State)>, range: TextRange) -> State {
        let reaching: Vec<(Site, BTreeMap<LocalId, Option<VarId>>)> = edges
            .into_iter()
            .filter_map(|(site, state)| state.map(|state| (site, state)))
            .collect();
        let (_, first) = reaching.first()?;
        let mut joined = first.clone();
        if reaching.len() == 1 {
            return Some(joined);
        }
        for index in 0..self.res.locals.len() {
            let local = LocalId(index as u32);
            let incomings: Vec<Option<VarId>> = reaching
                .iter()
                .map(|(_, state)| state.get(&local).copied().flatten())
                .collect();
            if incomings.iter().all(|incoming| *incoming == incomings[0]) {
                continue;
            }
            let phi = self.new_var(local, VarDef::Phi(incomings.clone()), range);
            for ((site, _), incoming) in reaching.iter().zip(&incomings) {
                if let Some(from) = incoming {
                    self.add_moves(
                        *site,
                        vec![Move {
                            to: phi,
                            from: *from,
                        }],
                    );
                }
            }
            joined.insert(local, Some(phi));
        }
        Some(joined)
    }

    /// Defines the names of an assignment target; `def` builds the
    /// definition of the element at a tuple path.
    fn define(
        &mut self,
        target: &'a Expr,
        def: impl Fn(Vec<usize>) -> VarDef<'a> + Copy,
        path: Vec<usize>,
    ) {
        match &target.kind {
            ExprKind::Name(name) => {
                let Some(&local) = self.res.by_name.get(name) else {
                    return;
                };
                let var = self.new_var(local, def(path), target.range);
                self.res.writes.insert(target.id, var);
                self.assign(local, var);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    let mut item_path = path.clone();
                    item_path.push(index);
                    self.define(item, def, item_path);
                }
            }
            // An element or a field: its indices are read.
            _ => self.expr(target),
        }
    }

    fn assign(&mut self, local: LocalId, var: VarId) {
        if let Some(state) = &mut self.state {
            state.insert(local, Some(var));
        }
    }

    fn read(&mut self, expr: &Expr, name: &str) {
        let Some(&local) = self.res.by_name.get(name) else {
            return;
        };
        let binding = match &self.state {
            Some(state) => match state.get(&local).copied().flatten() {
                Some(var) => Binding::Local(var),
                None => Binding::Unassigned(local),
            },
            None => Binding::Unreachable,
        };
        self.res.reads.insert(expr.id, binding);
    }

    fn expr(&mut self, expr: &'a Expr) {
        if let ExprKind::Name(name) = &expr.kind {
            self.read(expr, name);
        }
        expr.for_each_child(|child| self.expr(child));
    }

    /// The inputs of each definition, the values that may be unassigned,
    /// and the live values.
    fn finish(&mut self) {
        let res = &mut self.res;
        let mut inputs = vec![Vec::new(); res.vars.len()];
        for (index, var) in res.vars.iter().enumerate() {
            let mut reads = Vec::new();
            let mut collect = |expr: &Expr| collect_reads(expr, &res.reads, &mut reads);
            match &var.def {
                VarDef::Param(_) => {}
                VarDef::Assign { value, .. } => collect(value),
                VarDef::AugAssign { target, value, .. } => {
                    collect(target);
                    collect(value);
                }
                VarDef::ForItem { iter, .. } => collect(iter),
                VarDef::Phi(incomings) => reads.extend(incomings.iter().flatten()),
            }
            reads.sort();
            reads.dedup();
            inputs[index] = reads;
        }
        // May be unassigned: a least fixpoint over the phis.
        loop {
            let mut changed = false;
            for (index, var) in res.vars.iter().enumerate() {
                let id = VarId(index as u32);
                if res.maybe_unassigned.contains(&id) {
                    continue;
                }
                if let VarDef::Phi(incomings) = &var.def
                    && incomings.iter().any(|incoming| match incoming {
                        None => true,
                        Some(var) => res.maybe_unassigned.contains(var),
                    })
                {
                    res.maybe_unassigned.insert(id);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut live: Vec<VarId> = res
            .reads
            .values()
            .filter_map(|binding| match binding {
                Binding::Local(var) => Some(*var),
                _ => None,
            })
            .collect();
        while let Some(var) = live.pop() {
            if res.live.insert(var)
                && let VarDef::Phi(incomings) = &res.vars[var.0 as usize].def
            {
                live.extend(incomings.iter().flatten());
            }
        }
        res.inputs = inputs;
    }
}

fn collect_reads(expr: &Expr, bindings: &HashMap<NodeId, Binding>, reads: &mut Vec<VarId>) {
    if let Some(Binding::Local(var)) = bindings.get(&expr.id) {
        reads.push(*var);
    }
    expr.for_each_child(|child| collect_reads(child, bindings, reads));
}

/// Every name a body assigns, in order of first assignment.
fn collect_assigned(body: &[Stmt], names: &mut Vec<String>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Assign { targets, .. } => targets
                .iter()
                .for_each(|target| collect_target_names(target, names)),
            StmtKind::AugAssign { target, .. } => collect_target_names(target, names),
            StmtKind::AnnAssign { target, .. } => collect_target_names(target, names),
            StmtKind::For {
                target,
                body,
                orelse,
                ..
            } => {
                collect_target_names(target, names);
                collect_assigned(body, names);
                collect_assigned(orelse, names);
            }
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                collect_assigned(body, names);
                collect_assigned(orelse, names);
            }
            _ => {}
        }
    }
}

fn collect_target_names(target: &Expr, names: &mut Vec<String>) {
    match &target.kind {
        ExprKind::Name(name) if !names.contains(name) => names.push(name.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => items
            .iter()
            .for_each(|item| collect_target_names(item, names)),
        _ => {}
    }
}

/// The names that are only loop variables of ascending ranges that start
/// at a non-negative literal.
fn non_negative_loop_variables(body: &[Stmt]) -> BTreeSet<String> {
    let mut candidates = BTreeSet::new();
    let mut other = BTreeSet::new();
    scan_assignments(body, &mut candidates, &mut other);
    candidates.difference(&other).cloned().collect()
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
        let mut names = Vec::new();
        match &stmt.kind {
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                collect_target_names(target, &mut names);
                let good =
                    ascending_from_non_negative(iter) && matches!(target.kind, ExprKind::Name(_));
                if good {
                    candidates.extend(names);
                } else {
                    other.extend(names);
                }
                scan_assignments(body, candidates, other);
                scan_assignments(orelse, candidates, other);
            }
            StmtKind::Assign { targets, .. } => {
                targets
                    .iter()
                    .for_each(|target| collect_target_names(target, &mut names));
                other.extend(names);
            }
            StmtKind::AugAssign { target, .. } | StmtKind::AnnAssign { target, .. } => {
                collect_target_names(target, &mut names);
                other.extend(names);
            }
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                scan_assignments(body, candidates, other);
                scan_assignments(orelse, candidates, other);
            }
            _ => {}
        }
    }
}
