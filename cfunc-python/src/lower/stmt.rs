//! Statements, control flow and definite assignment.

use super::versioning::RangeBounds;
use super::{FnLower, LoopFrame, Val};
use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::resolve::Site;
use crate::text::TextRange;
use crate::typed::Unversioned;
use crate::types::{INT64, Ty};
use proc_macro2::TokenStream;
use quote::quote;

impl FnLower<'_> {
    pub(crate) fn block(&mut self, body: &[Stmt]) -> Vec<TokenStream> {
        body.iter()
            .filter_map(|stmt| self.statement(stmt))
            .collect()
    }

    fn statement(&mut self, stmt: &Stmt) -> Option<TokenStream> {
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                if matches!(expr.kind, ExprKind::Str(_)) {
                    return None; // a docstring
                }
                let val = self.expr(expr)?;
                let tokens = val.tokens;
                Some(quote!(let _ = #tokens;))
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
                let mut body_tokens = self.block(body);
                body_tokens.extend(self.moves(Site::BranchEnd {
                    stmt: stmt.id,
                    orelse: false,
                }));
                let mut orelse_tokens = self.block(orelse);
                orelse_tokens.extend(self.moves(Site::BranchEnd {
                    stmt: stmt.id,
                    orelse: true,
                }));
                let test = self.truthy(&test_val?, test.range)?;
                if orelse_tokens.is_empty() {
                    Some(quote!(if #test { #(#body_tokens)* }))
                } else {
                    Some(quote!(if #test { #(#body_tokens)* } else { #(#orelse_tokens)* }))
                }
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
                let label = frame
                    .exit_label
                    .clone()
                    .unwrap_or_else(|| frame.label.clone());
                let moves = self.moves(Site::Jump(stmt.id));
                Some(quote!(#(#moves)* break #label;))
            }
            StmtKind::Continue => {
                let Some(frame) = self.loops.last() else {
                    self.error(stmt.range, "`continue` outside a loop");
                    return None;
                };
                let label = frame.label.clone();
                let moves = self.moves(Site::Jump(stmt.id));
                Some(quote!(#(#moves)* continue #label;))
            }
            StmtKind::Pass => None,
            StmtKind::Raise { exc, .. } => {
                let message = self.exception_message(exc.as_ref(), stmt.range)?;
                Some(quote!(::cfunc::__private::py::raise(#message);))
            }
            StmtKind::Assert { test, msg } => {
                let val = self.expr(test)?;
                let test = self.truthy(&val, stmt.range)?;
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
                Some(quote!(if !#test { ::cfunc::__private::py::raise(#message); }))
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

    fn return_statement(&mut self, value: Option<&Expr>, range: TextRange) -> Option<TokenStream> {
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
                    Some(quote!(return;))
                }
            }
            Some(expr) if matches!(expr.kind, ExprKind::None) && ret == Ty::None => {
                Some(quote!(return;))
            }
            Some(expr) => {
                if ret == Ty::None {
                    self.error(
                        expr.range,
                        "the signature returns void, so `return` takes no value",
                    );
                    None
                } else {
                    let val = self.expr(expr);
                    match val {
                        Some(val) => {
                            let value = self.cast(&val, &ret, expr.range);
                            let exact = super::pointer_sized(&self.decl.signature.ret);
                            value.map(|value| quote!(return (#value) #exact;))
                        }
                        None => None,
                    }
                }
            }
        }
    }

    fn assign(&mut self, targets: &[Expr], value: &Expr) -> Option<TokenStream> {
        let val = self.expr(value);
        if let [target] = targets {
            return self.assign_to(target, val?, value.range);
        }
        // `a = b = value`: evaluate once.
        let val = val?;
        let tokens = &val.tokens;
        let temp = Val::new(quote!(__cfunc_value), val.ty.clone());
        let mut statements = vec![quote!(let __cfunc_value = #tokens;)];
        for target in targets {
            statements.push(self.assign_to(target, temp.clone(), value.range)?);
        }
        Some(quote!({ #(#statements)* }))
    }

    fn assign_to(&mut self, target: &Expr, val: Val, range: TextRange) -> Option<TokenStream> {
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
                let value = self.cast(&val, &local.ty, range)?;
                let ident = local.tokens;
                Some(quote!(#ident = #value;))
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
                let tokens = &val.tokens;
                let mut statements = vec![quote!(let __cfunc_unpack = #tokens;)];
                for (index, (item, ty)) in items.iter().zip(types).enumerate() {
                    let field = syn::Index::from(index);
                    let element = Val::new(quote!(__cfunc_unpack.#field), ty.clone());
                    statements.push(self.assign_to(item, element, range)?);
                }
                Some(quote!({ #(#statements)* }))
            }
            ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {
                let place = self.place(target)?;
                if place.record_copy {
                    self.error(target.range, "assign through the array or pointer (`base[i].field = ...`): a record held in a local is a copy here");
                    return None;
                }
                if matches!(
                    place.ty,
                    Ty::Array { .. } | Ty::NestedArray { .. } | Ty::Record(_)
                ) {
                    self.error(
                        target.range,
                        format!(
                            "cannot assign a whole {} in cfunc code; assign its elements",
                            place.ty
                        ),
                    );
                    return None;
                }
                let value = self.cast(&val, &place.ty, range)?;
                Some(place.store(value))
            }
            _ => {
                self.error(target.range, "cannot assign to this expression");
                None
            }
        }
    }

    fn aug_assign(
        &mut self,
        target: &Expr,
        op: crate::ast::BinOp,
        value: &Expr,
        range: TextRange,
    ) -> Option<TokenStream> {
        match &target.kind {
            ExprKind::Name(_) => {
                let current = self.expr(target);
                let operand = self.expr(value);
                let result = self.binop(op, current?, operand?, range)?;
                self.assign_to(target, result, range)
            }
            ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {
                // The place is computed once: `a[f(i)] += 1` calls `f` once.
                // Python's order: the indices, the current value, the
                // operand, then the store; each borrow of the array ends
                // before the next step starts.
                let place = self.place(target)?;
                if place.record_copy {
                    self.error(target.range, "assign through the array or pointer (`base[i].field += ...`): a record held in a local is a copy here");
                    return None;
                }
                let operand = self.expr(value)?;
                let current = Val::new(quote!(__cfunc_current), place.ty.clone());
                let operand_tokens = &operand.tokens;
                let operand = Val::new(quote!(__cfunc_operand), operand.ty.clone());
                let result = self.binop(op, current, operand, range)?;
                let stored = self.cast(&result, &place.ty, range)?;
                let (prelude, read, write) = (&place.prelude, place.read(), place.write(stored));
                Some(quote!({
                    #prelude
                    let __cfunc_current = #read;
                    let __cfunc_operand = #operand_tokens;
                    #write
                }))
            }
            _ => {
                self.error(target.range, "cannot assign to this expression");
                None
            }
        }
    }

    fn push_loop(&mut self, needs_exit: bool) -> (syn::Lifetime, Option<syn::Lifetime>) {
        let label = self.fresh_label("loop");
        let exit_label = needs_exit.then(|| self.fresh_label("exit"));
        self.loops.push(LoopFrame {
            label: label.clone(),
            exit_label: exit_label.clone(),
        });
        (label, exit_label)
    }

    /// A loop's body, with the moves of its back edge at its end.
    pub(super) fn loop_body(&mut self, stmt: &Stmt, body: &[Stmt]) -> Vec<TokenStream> {
        let mut tokens = self.block(body);
        tokens.extend(self.moves(Site::BodyEnd(stmt.id)));
        tokens
    }

    /// The loop, its `else`, and the moves on its normal exit, with the
    /// moves into it before it.
    fn finish_loop(
        entry: Vec<TokenStream>,
        looped: TokenStream,
        exit_label: Option<syn::Lifetime>,
        else_tokens: Vec<TokenStream>,
        exit_moves: Vec<TokenStream>,
    ) -> TokenStream {
        match exit_label {
            Some(exit) => {
                quote!(#(#entry)* #exit: { #looped #(#else_tokens)* #(#exit_moves)* })
            }
            None => quote!(#(#entry)* #looped),
        }
    }

    fn while_loop(
        &mut self,
        stmt: &Stmt,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Option<TokenStream> {
        let forever = matches!(test.kind, ExprKind::Bool(true))
            || matches!(test.kind, ExprKind::Int(n) if n != 0);
        let entry = self.moves(Site::LoopEntry(stmt.id));
        let exit_moves = self.moves(Site::NormalExit(stmt.id));
        let (label, exit_label) = self.push_loop(!orelse.is_empty() || !exit_moves.is_empty());
        let test_val = self.expr(test);
        let body_tokens = self.loop_body(stmt, body);
        self.loops.pop();
        let else_tokens = self.block(orelse);
        let looped = if forever {
            quote!(#label: loop { #(#body_tokens)* })
        } else {
            let test = self.truthy(&test_val?, test.range)?;
            quote!(#label: while #test { #(#body_tokens)* })
        };
        Some(Self::finish_loop(
            entry,
            looped,
            exit_label,
            else_tokens,
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
    ) -> Option<TokenStream> {
        let range = stmt.range;
        let (item_ty, iter_tokens, bounds) = self.iterator(iter)?;
        let entry = self.moves(Site::LoopEntry(stmt.id));
        let exit_moves = self.moves(Site::NormalExit(stmt.id));
        let (label, exit_label) = self.push_loop(!orelse.is_empty() || !exit_moves.is_empty());
        let errors_before = self.errors.list.len();
        let bind = self.assign_to(target, Val::new(quote!(__cfunc_item), item_ty), range);
        let body_tokens = self.loop_body(stmt, body);
        // A body with errors compiles to nothing: no plan, and no second
        // copy to report them twice.
        let clean = self.errors.list.len() == errors_before;
        let versioned = match (&bind, &bounds) {
            _ if !clean => None,
            (Some(bind), Some(bounds)) if orelse.is_empty() && exit_moves.is_empty() => {
                self.versioned_loop(stmt, target, body, &label, bounds, bind, &body_tokens)
            }
            (Some(_), Some(_)) => {
                self.record_loop(stmt, Err(Unversioned::HasElseOrExitMoves));
                None
            }
            (Some(_), None) => {
                self.record_loop(stmt, Err(Unversioned::NotAUnitRange));
                None
            }
            (None, _) => None,
        };
        self.loops.pop();
        let else_tokens = self.block(orelse);
        let bind = bind?;
        let looped = match versioned {
            Some(versioned) => versioned,
            None => quote!(#label: for __cfunc_item in #iter_tokens { #bind #(#body_tokens)* }),
        };
        Some(Self::finish_loop(
            entry,
            looped,
            exit_label,
            else_tokens,
            exit_moves,
        ))
    }

    /// What a `for` loop iterates, `range(...)` or a 1-d array: the item
    /// type, the iterator, and the bounds of a `range` with step 1.
    pub(super) fn iterator(
        &mut self,
        iter: &Expr,
    ) -> Option<(Ty, TokenStream, Option<RangeBounds>)> {
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
                bounds.push(self.cast(&val, &INT64, arg.range)?);
            }
            let (start, stop) = match bounds.as_slice() {
                [stop] => (quote!(0i64), stop.clone()),
                [start, stop] => (start.clone(), stop.clone()),
                [start, stop, step] => {
                    let tokens = quote!(::cfunc::__private::py::range(#start, #stop, #step));
                    return Some((INT64, tokens, None));
                }
                _ => unreachable!("checked above"),
            };
            let tokens = quote!((#start..#stop));
            return Some((INT64, tokens, Some(RangeBounds { start, stop })));
        }
        let val = self.expr(iter)?;
        match &val.ty {
            Ty::Array { dtype, ndim: 1, .. } => {
                let tokens = &val.tokens;
                Some((
                    (**dtype).clone(),
                    quote!(#tokens.iter().copied().collect::<::std::vec::Vec<_>>()),
                    None,
                ))
            }
            other => {
                self.error(
                    iter.range,
                    format!("cfunc code can loop over `range(...)` and 1-d arrays, not {other}"),
                );
                None
            }
        }
    }
}
