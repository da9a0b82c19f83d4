//! Statements, control flow and definite assignment.

use super::expr::{Val, int, runtime};
use super::{FnLower, LoopFrame};
use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::resolve::Site;
use crate::text::TextRange;
use crate::tir::{self, ExprKind as Op, Iter, Label};
use crate::typed::Unversioned;
use crate::types::{INT64, Ty};

impl FnLower<'_> {
    pub(crate) fn block(&mut self, body: &[Stmt]) -> Vec<tir::Stmt> {
        body.iter()
            .filter_map(|stmt| self.statement(stmt))
            .collect()
    }

    fn statement(&mut self, stmt: &Stmt) -> Option<tir::Stmt> {
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                if matches!(expr.kind, ExprKind::Str(_)) {
                    return None; // a docstring
                }
                Some(tir::Stmt::Eval(self.expr(expr)?))
            }
            StmtKind::Assign { targets, value } => self.assign(targets, value),
            StmtKind::AnnAssign { target, value, .. } => match value {
                Some(value) => self.assign(std::slice::from_ref(target), value),
                None => None,
            },
            StmtKind::AugAssign { target, op, value } => {
                self.aug_assign(target, *op, value, stmt.range)
            }
            StmtKind::Return(value) => self.return_statement(value.as_ref(), stmt.range),
            StmtKind::If { test, body, orelse } => {
                let test_val = self.expr(test);
                let mut body_statements = self.block(body);
                body_statements.extend(self.moves(Site::BranchEnd {
                    stmt: stmt.id,
                    orelse: false,
                }));
                let mut orelse_statements = self.block(orelse);
                orelse_statements.extend(self.moves(Site::BranchEnd {
                    stmt: stmt.id,
                    orelse: true,
                }));
                let test = self.truthy(test_val?, test.range)?;
                Some(tir::Stmt::If {
                    test,
                    body: body_statements,
                    orelse: orelse_statements,
                })
            }
            StmtKind::While { test, body, orelse } => self.while_loop(stmt, test, body, orelse),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => self.for_loop(stmt, target, iter, body, orelse),
            StmtKind::Break => {
                let Some(frame) = self.loops.last() else {
                    self.error(stmt.range, "`break` outside a loop");
                    return None;
                };
                let label = frame.exit_label.unwrap_or(frame.label);
                let mut moves = self.moves(Site::Jump(stmt.id));
                moves.push(tir::Stmt::Break(label));
                Some(tir::Stmt::Seq(moves))
            }
            StmtKind::Continue => {
                let Some(frame) = self.loops.last() else {
                    self.error(stmt.range, "`continue` outside a loop");
                    return None;
                };
                let label = frame.label;
                let mut moves = self.moves(Site::Jump(stmt.id));
                moves.push(tir::Stmt::Continue(label));
                Some(tir::Stmt::Seq(moves))
            }
            StmtKind::Pass => None,
            StmtKind::Raise { exc, .. } => {
                let message = self.exception_message(exc.as_ref(), stmt.range)?;
                Some(tir::Stmt::Raise(message))
            }
            StmtKind::Assert { test, msg } => {
                let val = self.expr(test)?;
                let test = self.truthy(val, stmt.range)?;
                let message = match msg {
                    Some(msg) => match &msg.kind {
                        ExprKind::Str(text) => format!("AssertionError: {text}"),
                        _ => {
                            self.error(
                                msg.range,
                                "an assertion message must be a string literal in cfunc code",
                            );
                            return None;
                        }
                    },
                    None => "AssertionError".to_owned(),
                };
                Some(tir::Stmt::If {
                    test: Val::new(Op::Not(Box::new(test)), Ty::Bool),
                    body: vec![tir::Stmt::Raise(message)],
                    orelse: Vec::new(),
                })
            }
            StmtKind::FunctionDef(def) => {
                self.error(
                    def.name.range,
                    "nested functions are not supported in cfunc code",
                );
                None
            }
            StmtKind::Import { .. } | StmtKind::ImportFrom { .. } => {
                self.error(
                    stmt.range,
                    "imports belong at the top of the block, not inside a cfunc",
                );
                None
            }
            StmtKind::Global { nonlocal, .. } => {
                let keyword = if *nonlocal { "nonlocal" } else { "global" };
                self.error(stmt.range, format!("`{keyword}` statements are not supported in cfunc code: module-level names are read-only constants"));
                None
            }
            StmtKind::Delete { .. } => {
                self.error(stmt.range, "`del` is not supported in cfunc code");
                None
            }
            StmtKind::Try { .. } => {
                self.error(stmt.range, "try statements are not supported in cfunc code");
                None
            }
            StmtKind::Unsupported { construct } => {
                self.error(
                    stmt.range,
                    format!("{construct} are not supported in cfunc code"),
                );
                None
            }
        }
    }

    /// The message of `raise E("text")`: Numba allows constant arguments.
    fn exception_message(&mut self, exc: Option<&Expr>, range: TextRange) -> Option<String> {
        let Some(exc) = exc else {
            return Some("RuntimeError: No active exception to reraise".to_owned());
        };
        match &exc.kind {
            ExprKind::Name(name) => Some(name.clone()),
            ExprKind::Call { func, args, .. } => {
                let ExprKind::Name(name) = &func.kind else {
                    self.error(
                        exc.range,
                        "raise an exception class, as in `raise ValueError(\"message\")`",
                    );
                    return None;
                };
                let mut parts = Vec::new();
                for arg in args {
                    match &arg.kind {
                        ExprKind::Str(text) => parts.push(text.clone()),
                        ExprKind::Int(n) => parts.push(n.to_string()),
                        ExprKind::Float(x) => parts.push(x.to_string()),
                        _ => {
                            self.error(
                                arg.range,
                                "exception arguments must be constants in cfunc code (as in Numba)",
                            );
                            return None;
                        }
                    }
                }
                if parts.is_empty() {
                    Some(name.clone())
                } else {
                    Some(format!("{name}: {}", parts.join(", ")))
                }
            }
            _ => {
                self.error(
                    range,
                    "raise an exception class, as in `raise ValueError(\"message\")`",
                );
                None
            }
        }
    }

    fn return_statement(&mut self, value: Option<&Expr>, range: TextRange) -> Option<tir::Stmt> {
        let ret = self.ret.clone();
        match value {
            None => {
                if ret != Ty::None {
                    self.error(
                        range,
                        format!("`return` without a value, but the signature returns {ret}"),
                    );
                    None
                } else {
                    Some(tir::Stmt::Return(None))
                }
            }
            Some(expr) if matches!(expr.kind, ExprKind::None) && ret == Ty::None => {
                Some(tir::Stmt::Return(None))
            }
            Some(expr) => {
                if ret == Ty::None {
                    self.error(
                        expr.range,
                        "the signature returns void, so `return` takes no value",
                    );
                    return None;
                }
                let val = self.expr(expr)?;
                let value = self.cast(val, &ret, expr.range)?;
                Some(tir::Stmt::Return(Some(value)))
            }
        }
    }

    fn assign(&mut self, targets: &[Expr], value: &Expr) -> Option<tir::Stmt> {
        let val = self.expr(value);
        if let [target] = targets {
            return self.assign_to(target, val?, value.range);
        }
        // `a = b = value`: evaluate once.
        let val = val?;
        let temp = self.fresh_temp();
        let ty = val.ty.clone();
        let mut statements = vec![tir::Stmt::Let { temp, value: val }];
        for target in targets {
            statements.push(self.assign_to(target, Val::temp(temp, ty.clone()), value.range)?);
        }
        Some(tir::Stmt::Scope(statements))
    }

    fn assign_to(&mut self, target: &Expr, val: Val, range: TextRange) -> Option<tir::Stmt> {
        match &target.kind {
            ExprKind::Name(name) => {
                if super::is_reserved(name) {
                    self.error(target.range, super::reserved_message(name));
                    return None;
                }
                let var = *self.res.writes.get(&target.id)?;
                if self.conflicted.contains(&var) {
                    return None;
                }
                let local = self.var_val(var)?;
                let value = self.cast(val, &local.ty, range)?;
                let Op::Slot(slot) = local.kind else {
                    unreachable!("a local's value is a slot")
                };
                Some(tir::Stmt::SetSlot { slot, value })
            }
            ExprKind::Tuple(items) | ExprKind::List(items)
                if matches!(val.ty, Ty::Array { .. } | Ty::NestedArray { .. }) =>
            {
                self.unpack_array(items, val, range)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let Ty::Tuple(types) = &val.ty else {
                    self.error(
                        range,
                        format!("cannot unpack {} into {} targets", val.ty, items.len()),
                    );
                    return None;
                };
                if types.len() != items.len() {
                    self.error(
                        range,
                        format!(
                            "cannot unpack a tuple of {} into {} targets",
                            types.len(),
                            items.len()
                        ),
                    );
                    return None;
                }
                let types = types.clone();
                let tuple_ty = val.ty.clone();
                let temp = self.fresh_temp();
                let mut statements = vec![tir::Stmt::Let { temp, value: val }];
                for (index, (item, ty)) in items.iter().zip(types).enumerate() {
                    let element = Val::new(
                        Op::TupleItem(Box::new(Val::temp(temp, tuple_ty.clone())), index),
                        ty,
                    );
                    statements.push(self.assign_to(item, element, range)?);
                }
                Some(tir::Stmt::Scope(statements))
            }
            ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {
                let place = self.place(target)?;
                if let tir::PlaceKind::Value(view) = &place.place.kind
                    && matches!(view.kind, tir::ExprKind::Subview { .. })
                {
                    return self.assign_view((**view).clone(), val, range);
                }
                if let Some(message) = place.assignment_error() {
                    self.error(target.range, message);
                    return None;
                }
                if place.record_copy {
                    self.error(target.range, "assign through the array or pointer (`base[i].field = ...`): a record held in a local is a copy here");
                    return None;
                }
                if matches!(
                    place.ty(),
                    Ty::Array { .. } | Ty::NestedArray { .. } | Ty::Record(_)
                ) {
                    self.error(
                        target.range,
                        format!(
                            "cannot assign a whole {} in cfunc code; assign its elements",
                            place.ty()
                        ),
                    );
                    return None;
                }
                let ty = place.ty().clone();
                let value = self.cast(val, &ty, range)?;
                Some(tir::Stmt::Store {
                    place: place.place,
                    value,
                })
            }
            _ => {
                self.error(target.range, "cannot assign to this expression");
                None
            }
        }
    }

    /// `x, y, z = a` of a 1-d view: its length checked at run time (a
    /// `ValueError` unless it is the number of targets, as in Numba), then
    /// one element per target. A record's nested array has its length in
    /// its type.
    fn unpack_array(&mut self, items: &[Expr], val: Val, range: TextRange) -> Option<tir::Stmt> {
        let targets = items.len();
        let (dtype, length_check) = match &val.ty {
            Ty::Array { dtype, ndim: 1, .. } => (dtype.as_ref().clone(), None),
            Ty::NestedArray { dtype, shape } if shape.len() == 1 => {
                (dtype.as_ref().clone(), Some(shape[0]))
            }
            other => {
                self.error(
                    range,
                    format!("cannot unpack {other} in cfunc code: unpacking a 2-d or larger array gives views of its rows, which cfunc does not make; unpack a 1-d array or index the rows"),
                );
                return None;
            }
        };
        let array_ty = val.ty.clone();
        let temp = self.fresh_temp();
        let mut statements = vec![tir::Stmt::Let { temp, value: val }];
        let array = || tir::Place {
            ty: array_ty.clone(),
            kind: tir::PlaceKind::Value(Box::new(Val::temp(temp, array_ty.clone()))),
        };
        match length_check {
            None => {
                let length = Val::new(Op::Len(Box::new(Val::temp(temp, array_ty.clone()))), INT64);
                let check = runtime(
                    "check_unpack".to_owned(),
                    vec![length, int(targets as i128, INT64)],
                    Ty::None,
                );
                statements.push(tir::Stmt::Eval(check));
            }
            Some(length) if length != targets => {
                statements.push(tir::Stmt::Raise(format!(
                    "ValueError: cannot unpack an array of {length} elements into {targets} targets"
                )));
                return Some(tir::Stmt::Scope(statements));
            }
            Some(_) => {}
        }
        for (index, item) in items.iter().enumerate() {
            let kind = if length_check.is_some() {
                tir::PlaceKind::NestedElement {
                    array: Box::new(array()),
                    indices: vec![tir::Index::Literal(index)],
                }
            } else {
                tir::PlaceKind::ArrayElement {
                    array: Box::new(array()),
                    indices: vec![tir::Index::Literal(index)],
                    subscript: item.id,
                }
            };
            let element = Val::new(
                Op::Load(Box::new(tir::Place {
                    ty: dtype.clone(),
                    kind,
                })),
                dtype.clone(),
            );
            statements.push(self.assign_to(item, element, range)?);
        }
        Some(tir::Stmt::Scope(statements))
    }

    fn aug_assign(
        &mut self,
        target: &Expr,
        op: crate::ast::BinOp,
        value: &Expr,
        range: TextRange,
    ) -> Option<tir::Stmt> {
        match &target.kind {
            ExprKind::Name(_) => {
                let current = self.expr(target);
                let operand = self.expr(value);
                let (current, operand) = (current?, operand?);
                if matches!(current.ty, Ty::Array { .. }) {
                    // `a += x` of an array updates it in place, as in
                    // NumPy: every name for it sees the new elements.
                    let view = self.whole_view(current.clone());
                    return self.update_view(view, op, operand, range);
                }
                let result = self.binop(op, current, operand, range)?;
                self.assign_to(target, result, range)
            }
            ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {
                // The place is computed once: `a[f(i)] += 1` calls `f` once.
                // Python's order: the indices, the current value, the
                // operand, then the store; each borrow of the array ends
                // before the next step starts.
                let place = self.place(target)?;
                if let tir::PlaceKind::Value(view) = &place.place.kind
                    && matches!(view.ty, Ty::Array { .. })
                {
                    let view = (**view).clone();
                    let operand = self.expr(value)?;
                    return self.update_view(view, op, operand, range);
                }
                if let Some(message) = place.assignment_error() {
                    self.error(target.range, message);
                    return None;
                }
                if place.record_copy {
                    self.error(target.range, "assign through the array or pointer (`base[i].field += ...`): a record held in a local is a copy here");
                    return None;
                }
                let operand = self.expr(value)?;
                let ty = place.ty().clone();
                let (current, operand_temp) = (self.fresh_temp(), self.fresh_temp());
                let operand_ty = operand.ty.clone();
                let result = self.binop(
                    op,
                    Val::temp(current, ty.clone()),
                    Val::temp(operand_temp, operand_ty),
                    range,
                )?;
                let result = self.cast(result, &ty, range)?;
                Some(tir::Stmt::Update {
                    place: place.place,
                    current,
                    operand: (operand_temp, operand),
                    result,
                })
            }
            _ => {
                self.error(target.range, "cannot assign to this expression");
                None
            }
        }
    }

    fn push_loop(&mut self, needs_exit: bool) -> (Label, Option<Label>) {
        let label = Label::Loop(self.fresh_label());
        let exit_label = needs_exit.then(|| Label::Exit(self.fresh_label()));
        self.loops.push(LoopFrame { label, exit_label });
        (label, exit_label)
    }

    /// A loop's body, with the moves of its back edge at its end.
    pub(super) fn loop_body(&mut self, stmt: &Stmt, body: &[Stmt]) -> Vec<tir::Stmt> {
        let mut statements = self.block(body);
        statements.extend(self.moves(Site::BodyEnd(stmt.id)));
        statements
    }

    /// The loop, its `else`, and the moves on its normal exit, with the
    /// moves into it before it.
    fn finish_loop(
        entry: Vec<tir::Stmt>,
        looped: tir::Stmt,
        exit_label: Option<Label>,
        else_statements: Vec<tir::Stmt>,
        exit_moves: Vec<tir::Stmt>,
    ) -> tir::Stmt {
        let mut statements = entry;
        match exit_label {
            Some(label) => {
                let mut body = vec![looped];
                body.extend(else_statements);
                body.extend(exit_moves);
                statements.push(tir::Stmt::Block { label, body });
            }
            None => statements.push(looped),
        }
        tir::Stmt::Seq(statements)
    }

    fn while_loop(
        &mut self,
        stmt: &Stmt,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Option<tir::Stmt> {
        let forever = matches!(test.kind, ExprKind::Bool(true))
            || matches!(test.kind, ExprKind::Int(n) if n != 0);
        let entry = self.moves(Site::LoopEntry(stmt.id));
        let exit_moves = self.moves(Site::NormalExit(stmt.id));
        let (label, exit_label) = self.push_loop(!orelse.is_empty() || !exit_moves.is_empty());
        let test_val = self.expr(test);
        let body_statements = self.loop_body(stmt, body);
        self.loops.pop();
        let else_statements = self.block(orelse);
        let test = if forever {
            None
        } else {
            Some(self.truthy(test_val?, test.range)?)
        };
        let looped = tir::Stmt::While {
            label,
            test,
            body: body_statements,
        };
        Some(Self::finish_loop(
            entry,
            looped,
            exit_label,
            else_statements,
            exit_moves,
        ))
    }

    fn for_loop(
        &mut self,
        stmt: &Stmt,
        target: &Expr,
        iter: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Option<tir::Stmt> {
        let range = stmt.range;
        let (item_ty, iter) = self.iterator(iter)?;
        let entry = self.moves(Site::LoopEntry(stmt.id));
        let exit_moves = self.moves(Site::NormalExit(stmt.id));
        let (label, exit_label) = self.push_loop(!orelse.is_empty() || !exit_moves.is_empty());
        let errors_before = self.errors.list.len();
        let item = self.fresh_temp();
        let bind = self.assign_to(target, Val::temp(item, item_ty), range);
        let body_statements = self.loop_body(stmt, body);
        // A body with errors compiles to nothing: no plan, and no second
        // copy to report them twice.
        let clean = self.errors.list.len() == errors_before;
        let versioned = match (&bind, &iter) {
            _ if !clean => None,
            (Some(_), Iter::Range { .. }) if orelse.is_empty() && exit_moves.is_empty() => {
                self.versioned_loop(stmt, target, body)
            }
            (Some(_), Iter::Range { .. }) => {
                self.record_loop(stmt, Err(Unversioned::HasElseOrExitMoves));
                None
            }
            (Some(_), _) => {
                self.record_loop(stmt, Err(Unversioned::NotAUnitRange));
                None
            }
            (None, _) => None,
        };
        self.loops.pop();
        let else_statements = self.block(orelse);
        let looped = tir::Stmt::For(Box::new(tir::ForLoop {
            label,
            item,
            iter,
            bind: vec![bind?],
            body: body_statements,
            versioned,
        }));
        Some(Self::finish_loop(
            entry,
            looped,
            exit_label,
            else_statements,
            exit_moves,
        ))
    }

    /// What a `for` loop iterates, `range(...)` or a 1-d array: the item
    /// type and the iteration.
    pub(super) fn iterator(&mut self, iter: &Expr) -> Option<(Ty, Iter)> {
        if let ExprKind::Call {
            func,
            args,
            keywords,
        } = &iter.kind
            && matches!(&func.kind, ExprKind::Name(name) if name == "range" && !self.res.is_local(name))
        {
            if !keywords.is_empty() || args.is_empty() || args.len() > 3 {
                self.error(iter.range, "`range` takes 1 to 3 integer arguments");
                return None;
            }
            let mut bounds = Vec::new();
            for arg in args {
                let val = self.expr(arg)?;
                if !val.ty.is_integral() {
                    self.error(arg.range, format!("`range` takes integers, not {}", val.ty));
                    return None;
                }
                bounds.push(self.cast(val, &INT64, arg.range)?);
            }
            let mut bounds = bounds.into_iter();
            let (first, second, third) = (bounds.next(), bounds.next(), bounds.next());
            let iteration = match (first, second, third) {
                (Some(stop), None, None) => Iter::Range {
                    start: super::expr::int(0, INT64),
                    stop,
                },
                (Some(start), Some(stop), None) => Iter::Range { start, stop },
                (Some(start), Some(stop), Some(step)) => Iter::SteppedRange { start, stop, step },
                _ => unreachable!("checked above"),
            };
            return Some((INT64, iteration));
        }
        let val = self.expr(iter)?;
        match &val.ty {
            Ty::Array { dtype, ndim: 1, .. } => {
                let item = (**dtype).clone();
                Some((item, Iter::Array(val)))
            }
            Ty::Tuple(items) if !items.is_empty() && items.iter().all(|item| *item == items[0]) => {
                let item = items[0].clone();
                Some((item, Iter::Tuple(val)))
            }
            Ty::Array {
                dtype,
                ndim,
                layout,
            } => {
                // A row is `a[i]`: C stays C, anything else is A (Numba).
                let item = Ty::Array {
                    dtype: dtype.clone(),
                    ndim: ndim - 1,
                    layout: match layout {
                        crate::types::Layout::C => crate::types::Layout::C,
                        _ => crate::types::Layout::A,
                    },
                };
                Some((item.clone(), Iter::Rows { array: val, item }))
            }
            Ty::Tuple(items) if !items.is_empty() => {
                self.error(
                    iter.range,
                    format!(
                        "a loop over a tuple needs items of one type, as in Numba; this one is {}",
                        val.ty
                    ),
                );
                None
            }
            other => {
                self.error(
                    iter.range,
                    format!("cfunc code can loop over `range(...)`, arrays and tuples of one item type, not {other}"),
                );
                None
            }
        }
    }
}
