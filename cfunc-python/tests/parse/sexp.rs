//! A compact S-expression printer for syntax trees (the snapshot format),
//! and a checker of the range invariants every tree must satisfy.

use cfunc_python::ast::{
    Alias, BoolOp, Expr, ExprKind, Module, Param, StarKind, Stmt, StmtKind, UnaryOp,
};
use cfunc_python::text::TextRange;
use std::fmt::Write as _;

/// One statement per line, nested bodies indented, each line starting with
/// the statement's byte range.
pub fn module(module: &Module) -> String {
    let mut out = String::new();
    body(&mut out, &module.body, 0);
    out
}

fn body(out: &mut String, statements: &[Stmt], depth: usize) {
    for statement in statements {
        stmt(out, statement, depth);
    }
}

fn line(out: &mut String, depth: usize, range: TextRange, text: &str) {
    let _ = writeln!(
        out,
        "{}[{}..{}] {text}",
        "  ".repeat(depth),
        range.start,
        range.end
    );
}

fn block(out: &mut String, label: &str, statements: &[Stmt], depth: usize) {
    if statements.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}{label}:", "  ".repeat(depth + 1));
    body(out, statements, depth + 2);
}

fn stmt(out: &mut String, statement: &Stmt, depth: usize) {
    let range = statement.range;
    match &statement.kind {
        StmtKind::Import { names } => {
            line(out, depth, range, &format!("(import {})", aliases(names)))
        }
        StmtKind::ImportFrom {
            module,
            names,
            level,
        } => {
            let module: Vec<&str> = module.iter().map(|name| name.id.as_str()).collect();
            let text = format!(
                "(from {}{} import {})",
                ".".repeat(*level as usize),
                module.join("."),
                aliases(names)
            );
            line(out, depth, range, &text);
        }
        StmtKind::FunctionDef(def) => {
            let params: Vec<String> = def.params.iter().map(param).collect();
            let mut text = format!("(def {} ({})", def.name.id, params.join(" "));
            for decorator in &def.decorators {
                let _ = write!(text, " @{}", expr(decorator));
            }
            if let Some(returns) = &def.returns {
                let _ = write!(text, " -> {}", expr(returns));
            }
            text.push(')');
            line(out, depth, range, &text);
            block(out, "body", &def.body, depth);
        }
        StmtKind::Assign { targets, value } => {
            let targets: Vec<String> = targets.iter().map(expr).collect();
            line(
                out,
                depth,
                range,
                &format!("(= {} {})", targets.join(" "), expr(value)),
            );
        }
        StmtKind::AugAssign { target, op, value } => {
            let text = format!("({}= {} {})", op.symbol(), expr(target), expr(value));
            line(out, depth, range, &text);
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => {
            let value = value.as_ref().map_or_else(|| "_".to_owned(), expr);
            let text = format!("(: {} {} {value})", expr(target), expr(annotation));
            line(out, depth, range, &text);
        }
        StmtKind::Expr(value) => line(out, depth, range, &format!("(expr {})", expr(value))),
        StmtKind::Return(value) => {
            let value = value
                .as_ref()
                .map_or_else(String::new, |value| format!(" {}", expr(value)));
            line(out, depth, range, &format!("(return{value})"));
        }
        StmtKind::If { test, body, orelse } => {
            line(out, depth, range, &format!("(if {})", expr(test)));
            block(out, "then", body, depth);
            block(out, "else", orelse, depth);
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            line(
                out,
                depth,
                range,
                &format!("(for {} {})", expr(target), expr(iter)),
            );
            block(out, "body", body, depth);
            block(out, "else", orelse, depth);
        }
        StmtKind::While { test, body, orelse } => {
            line(out, depth, range, &format!("(while {})", expr(test)));
            block(out, "body", body, depth);
            block(out, "else", orelse, depth);
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            line(out, depth, range, "(try)");
            block(out, "body", body, depth);
            for handler in handlers {
                let kind = handler.kind.as_ref().map_or_else(String::new, expr);
                block(out, &format!("except {kind}"), &handler.body, depth);
            }
            block(out, "else", orelse, depth);
            block(out, "finally", finalbody, depth);
        }
        StmtKind::Break => line(out, depth, range, "(break)"),
        StmtKind::Continue => line(out, depth, range, "(continue)"),
        StmtKind::Pass => line(out, depth, range, "(pass)"),
        StmtKind::Raise { exc, cause } => {
            let mut text = "(raise".to_owned();
            if let Some(exc) = exc {
                let _ = write!(text, " {}", expr(exc));
            }
            if let Some(cause) = cause {
                let _ = write!(text, " from {}", expr(cause));
            }
            text.push(')');
            line(out, depth, range, &text);
        }
        StmtKind::Assert { test, msg } => {
            let msg = msg
                .as_ref()
                .map_or_else(String::new, |msg| format!(" {}", expr(msg)));
            line(out, depth, range, &format!("(assert {}{msg})", expr(test)));
        }
        StmtKind::Global { names, nonlocal } => {
            let keyword = if *nonlocal { "nonlocal" } else { "global" };
            let names: Vec<&str> = names.iter().map(|name| name.id.as_str()).collect();
            line(
                out,
                depth,
                range,
                &format!("({keyword} {})", names.join(" ")),
            );
        }
        StmtKind::Delete { targets } => {
            let targets: Vec<String> = targets.iter().map(expr).collect();
            line(out, depth, range, &format!("(del {})", targets.join(" ")));
        }
        StmtKind::Unsupported { construct } => {
            line(out, depth, range, &format!("(unsupported {construct:?})"));
        }
    }
}

fn aliases(names: &[Alias]) -> String {
    let names: Vec<String> = names
        .iter()
        .map(|alias| {
            let dotted: Vec<&str> = alias.name.iter().map(|name| name.id.as_str()).collect();
            match &alias.asname {
                Some(asname) => format!("{} as {}", dotted.join("."), asname.id),
                None => dotted.join("."),
            }
        })
        .collect();
    names.join(", ")
}

fn param(param: &Param) -> String {
    let star = match param.star {
        Some(StarKind::Args) => "*",
        Some(StarKind::Kwargs) => "**",
        None => "",
    };
    let mut text = format!("{star}{}", param.name.id);
    if let Some(annotation) = &param.annotation {
        let _ = write!(text, ":{}", expr(annotation));
    }
    if let Some(default) = &param.default {
        let _ = write!(text, "={}", expr(default));
    }
    text
}

/// An expression as an S-expression (no ranges).
pub fn expr(expression: &Expr) -> String {
    let list = |items: &[Expr]| -> String {
        items
            .iter()
            .map(|item| format!(" {}", expr(item)))
            .collect()
    };
    let optional = |item: &Option<Box<Expr>>| item.as_deref().map_or_else(|| "_".to_owned(), expr);
    match &expression.kind {
        ExprKind::Name(id) => id.clone(),
        ExprKind::Int(value) => value.to_string(),
        ExprKind::Float(value) => format!("{value:?}"),
        ExprKind::Imaginary(value) => format!("{value:?}j"),
        ExprKind::Str(value) => format!("{value:?}"),
        ExprKind::Bytes(value) => format!("b\"{}\"", value.escape_ascii()),
        ExprKind::Bool(true) => "True".to_owned(),
        ExprKind::Bool(false) => "False".to_owned(),
        ExprKind::None => "None".to_owned(),
        ExprKind::Ellipsis => "...".to_owned(),
        ExprKind::BinOp { left, op, right } => {
            format!("({} {} {})", op.symbol(), expr(left), expr(right))
        }
        ExprKind::UnaryOp { op, operand } => {
            let symbol = match op {
                UnaryOp::Not => "not",
                UnaryOp::USub => "-",
                UnaryOp::UAdd => "+",
                UnaryOp::Invert => "~",
            };
            format!("({symbol} {})", expr(operand))
        }
        ExprKind::BoolOp { op, values } => {
            let keyword = match op {
                BoolOp::And => "and",
                BoolOp::Or => "or",
            };
            format!("({keyword}{})", list(values))
        }
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            let mut text = format!("(compare {}", expr(left));
            for (op, comparator) in ops.iter().zip(comparators) {
                let _ = write!(text, " {} {}", op.symbol(), expr(comparator));
            }
            text + ")"
        }
        ExprKind::IfExp { test, body, orelse } => {
            format!("(if {} {} {})", expr(test), expr(body), expr(orelse))
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            let mut text = format!("(call {}{}", expr(func), list(args));
            for keyword in keywords {
                let name = keyword.arg.as_ref().map_or("**", |name| name.id.as_str());
                let _ = write!(text, " ({name}= {})", expr(&keyword.value));
            }
            text + ")"
        }
        ExprKind::Attribute { value, attr } => format!("(. {} {})", expr(value), attr.id),
        ExprKind::Subscript { value, index } => format!("(index {} {})", expr(value), expr(index)),
        ExprKind::Slice { lower, upper, step } => format!(
            "(slice {} {} {})",
            optional(lower),
            optional(upper),
            optional(step)
        ),
        ExprKind::Tuple(items) => format!("(tuple{})", list(items)),
        ExprKind::List(items) => format!("(list{})", list(items)),
        ExprKind::Dict(pairs) => {
            let mut text = String::from("(dict");
            for (key, value) in pairs {
                text += &format!(" ({} {})", expr(key), expr(value));
            }
            text + ")"
        }
        ExprKind::Starred(value) => format!("(* {})", expr(value)),
        ExprKind::Unsupported { construct } => format!("(unsupported {construct:?})"),
    }
}

/// Checks the range invariants of a whole tree: ranges inside the source
/// and on character boundaries, children inside their parents, names
/// covering their own text, calls and subscripts ending at their closing
/// bracket, binary operations ending with their right operand.
pub fn check_ranges(source: &str, module: &Module) -> Result<(), String> {
    let mut checker = Checker {
        source,
        problems: Vec::new(),
    };
    for statement in &module.body {
        checker.stmt(statement, None);
    }
    if checker.problems.is_empty() {
        Ok(())
    } else {
        Err(checker.problems.join("\n"))
    }
}

struct Checker<'s> {
    source: &'s str,
    problems: Vec<String>,
}

impl Checker<'_> {
    fn check(&mut self, what: &str, range: TextRange, parent: Option<TextRange>) -> &str {
        let valid = range.start <= range.end
            && range.end() <= self.source.len()
            && self.source.is_char_boundary(range.start())
            && self.source.is_char_boundary(range.end());
        if !valid {
            self.problems
                .push(format!("{what} has a bad range {range:?}"));
            return "";
        }
        if let Some(parent) = parent
            && (range.start < parent.start || range.end > parent.end)
        {
            self.problems
                .push(format!("{what} {range:?} is outside its parent {parent:?}"));
        }
        &self.source[range.start()..range.end()]
    }

    fn stmt(&mut self, statement: &Stmt, parent: Option<TextRange>) {
        let range = statement.range;
        self.check("statement", range, parent);
        let inside = Some(range);
        let mut exprs: Vec<&Expr> = Vec::new();
        let mut bodies: Vec<&[Stmt]> = Vec::new();
        match &statement.kind {
            StmtKind::FunctionDef(def) => {
                self.check("function name", def.name.range, inside);
                exprs.extend(&def.decorators);
                exprs.extend(&def.returns);
                for param in &def.params {
                    self.check("parameter", param.range, inside);
                    exprs.extend(&param.annotation);
                    exprs.extend(&param.default);
                }
                bodies.push(&def.body);
            }
            StmtKind::Assign { targets, value } => {
                exprs.extend(targets);
                exprs.push(value);
            }
            StmtKind::AugAssign { target, value, .. } => exprs.extend([target, value]),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                exprs.extend([target, annotation]);
                exprs.extend(value);
            }
            StmtKind::Expr(value) => exprs.push(value),
            StmtKind::Return(value) => exprs.extend(value),
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                exprs.push(test);
                bodies.extend([body.as_slice(), orelse.as_slice()]);
            }
            StmtKind::Try { handlers, .. } => {
                exprs.extend(handlers.iter().filter_map(|handler| handler.kind.as_ref()));
                bodies.extend(statement.kind.blocks());
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                exprs.extend([target, iter]);
                bodies.extend([body.as_slice(), orelse.as_slice()]);
            }
            StmtKind::Raise { exc, cause } => exprs.extend(exc.iter().chain(cause)),
            StmtKind::Assert { test, msg } => {
                exprs.push(test);
                exprs.extend(msg);
            }
            StmtKind::Delete { targets } => exprs.extend(targets),
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    self.check("alias", alias.range, inside);
                }
            }
            _ => {}
        }
        for expression in exprs {
            self.expr(expression, inside);
        }
        for body in bodies {
            for statement in body {
                self.stmt(statement, inside);
            }
        }
    }

    fn expr(&mut self, expression: &Expr, parent: Option<TextRange>) {
        let range = expression.range;
        let text = self.check("expression", range, parent).to_owned();
        let inside = Some(range);
        let mut children: Vec<&Expr> = Vec::new();
        match &expression.kind {
            ExprKind::Name(id) if *id != text => {
                self.problems.push(format!("name {id:?} covers {text:?}"));
            }
            ExprKind::BinOp { left, right, .. } => {
                if range.end != right.range.end && !text.ends_with(')') {
                    self.problems.push(format!(
                        "binary operation {text:?} does not end with its right operand"
                    ));
                }
                children.extend([left.as_ref(), right.as_ref()]);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                if !text.ends_with(')') {
                    self.problems
                        .push(format!("call {text:?} does not end with `)`"));
                }
                children.push(func);
                children.extend(args);
                children.extend(keywords.iter().map(|keyword| &keyword.value));
            }
            ExprKind::Subscript { value, index } => {
                if !text.ends_with(']') {
                    self.problems
                        .push(format!("subscript {text:?} does not end with `]`"));
                }
                children.extend([value.as_ref(), index.as_ref()]);
            }
            ExprKind::Attribute { value, attr } => {
                if !text.ends_with(attr.id.as_str()) {
                    self.problems
                        .push(format!("attribute {text:?} does not end with its name"));
                }
                children.push(value);
            }
            ExprKind::UnaryOp { operand, .. } => children.push(operand),
            ExprKind::BoolOp { values, .. } => children.extend(values),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                children.push(left);
                children.extend(comparators);
            }
            ExprKind::IfExp { test, body, orelse } => {
                children.extend([test.as_ref(), body.as_ref(), orelse.as_ref()]);
            }
            ExprKind::Slice { lower, upper, step } => {
                children.extend(
                    lower
                        .iter()
                        .chain(upper)
                        .chain(step)
                        .map(|part| part.as_ref()),
                );
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => children.extend(items),
            ExprKind::Starred(value) => children.push(value),
            ExprKind::Dict(pairs) => {
                for (key, value) in pairs {
                    children.push(key);
                    children.push(value);
                }
            }
            _ => {}
        }
        for child in children {
            self.expr(child, inside);
        }
    }
}
