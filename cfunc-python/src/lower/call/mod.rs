//! Calls: built-ins, `math`/`numpy` functions, `carray`/`farray`, other
//! cfuncs of the block and ctypes foreign functions.

mod arrays;
mod builtins;
mod cmath;
mod library;
mod local_arrays;

use super::FnLower;
use super::expr::Val;
use crate::ast::{Expr, ExprKind, FunctionDef, Keyword};
use crate::module::{Scope, TypeObj, Value, scalar_ty, sig_type_ty};
use crate::tir::{ExprKind as Op, PrintItem};
use crate::types::{Layout, Ty};
use std::rc::Rc;

/// What a callee names.
enum Callee {
    Builtin(String),
    Library(&'static str, String),
    Carray(Layout),
    CFunc(String),
    /// A function of the block (`@njit`, `jit(f)` or plain `def`), with
    /// what it closes over.
    Helper(String, Rc<FunctionDef>, Option<Scope>),
    Foreign(String),
    Cast(Ty),
    Method(Box<Expr>, String),
}

impl FnLower<'_> {
    fn callee(&mut self, func: &Expr) -> Option<Callee> {
        match &func.kind {
            ExprKind::Name(name) if !self.res.is_local(name) => match self.global(name) {
                Some(Value::Carray(layout)) => Some(Callee::Carray(*layout)),
                Some(Value::CFunc(cfunc, _)) => Some(Callee::CFunc(cfunc.clone())),
                Some(Value::Foreign(key)) => Some(Callee::Foreign(key.clone())),
                Some(Value::Function(module, function)) => {
                    Some(Callee::Library(module, function.clone()))
                }
                Some(Value::TypeObj(TypeObj::Scalar(scalar))) => {
                    Some(Callee::Cast(scalar_ty(*scalar)))
                }
                Some(Value::PyFunction(def, closure)) => Some(Callee::Helper(
                    name.clone(),
                    Rc::clone(def),
                    closure.clone(),
                )),
                Some(Value::PythonModule(module) | Value::PythonName(module)) => {
                    let message = crate::module::python_module_error(name, module);
                    self.error(func.range, message);
                    None
                }
                Some(_) => {
                    self.error(
                        func.range,
                        format!("`{name}` cannot be called in cfunc code"),
                    );
                    None
                }
                None => Some(Callee::Builtin(name.clone())),
            },
            ExprKind::Attribute { value, attr } => {
                if let ExprKind::Name(module) = &value.kind
                    && !self.res.is_local(module)
                {
                    return match self.global(module) {
                        Some(Value::Module(name @ ("math" | "numpy" | "cmath"))) => {
                            if let Some(dtype) = numpy_cast(name, &attr.id) {
                                Some(Callee::Cast(dtype))
                            } else {
                                Some(Callee::Library(name, attr.id.clone()))
                            }
                        }
                        Some(Value::PythonModule(path)) => {
                            let message = crate::module::python_module_error(
                                &format!("{module}.{}", attr.id),
                                &format!("{path}.{}", attr.id),
                            );
                            self.error(func.range, message);
                            None
                        }
                        Some(Value::Module("numba"))
                            if matches!(attr.id.as_str(), "carray" | "farray") =>
                        {
                            Some(Callee::Carray(if attr.id == "carray" {
                                Layout::C
                            } else {
                                Layout::F
                            }))
                        }
                        _ => {
                            self.error(
                                func.range,
                                format!("`{module}.{}` cannot be called in cfunc code", attr.id),
                            );
                            None
                        }
                    };
                }
                Some(Callee::Method(value.clone(), attr.id.clone()))
            }
            _ => {
                self.error(
                    func.range,
                    "only names and attributes can be called in cfunc code",
                );
                None
            }
        }
    }

    pub(crate) fn call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
        expr: &Expr,
    ) -> Option<Val> {
        let callee = self.callee(func)?;
        if let Callee::Carray(layout) = callee {
            return self.carray(layout, args, keywords, expr);
        }
        if let Callee::Library("numpy", name) = &callee
            && local_arrays::makes_array(name)
        {
            return self.new_array(name, args, keywords, expr);
        }
        if let Some(keyword) = keywords.first() {
            let name = keyword
                .arg
                .as_ref()
                .map_or("**".to_owned(), |arg| arg.id.clone());
            self.error(
                keyword.range,
                format!("this function takes no keyword argument `{name}` in cfunc code"),
            );
            return None;
        }
        match callee {
            Callee::Method(object, method) => self.method(&object, &method, args, expr),
            Callee::Cast(ty) => {
                let [arg] = args else {
                    self.error(expr.range, "a type conversion takes one argument");
                    return None;
                };
                let val = self.expr(arg)?;
                self.cast(val, &ty, arg.range)
            }
            Callee::CFunc(name) => self.call_cfunc(&name, args, expr),
            Callee::Helper(name, def, closure) => {
                self.call_helper(&name, &def, closure, args, expr)
            }
            Callee::Foreign(key) => self.call_foreign(&key, args, expr),
            Callee::Builtin(name) if name == "print" => self.print(args),
            Callee::Builtin(name) => {
                let vals: Vec<Val> = self.exprs(args)?;
                self.builtin(&name, vals, expr)
            }
            Callee::Library(module, name) => {
                let vals: Vec<Val> = self.exprs(args)?;
                self.library_function(module, &name, vals, expr)
            }
            Callee::Carray(_) => unreachable!("handled above"),
        }
    }

    /// `print(a, "text", (b, c))`, as Numba prints in nopython mode.
    fn print(&mut self, args: &[Expr]) -> Option<Val> {
        let mut items = Vec::new();
        let mut failed = false;
        for arg in args {
            if let ExprKind::Str(text) = &arg.kind {
                items.push(PrintItem::Text(text.clone()));
                continue;
            }
            let Some(val) = self.expr(arg) else {
                failed = true;
                continue;
            };
            if !printable(&val.ty) {
                self.error(
                    arg.range,
                    format!("`print` shows numbers, bools, strings and tuples of them in cfunc code, not {}", val.ty),
                );
                failed = true;
                continue;
            }
            items.push(PrintItem::Value(val));
        }
        if failed {
            return None;
        }
        Some(Val::new(Op::Print(items), Ty::None))
    }

    fn arity(&mut self, name: &str, vals: &[Val], expected: usize, expr: &Expr) -> bool {
        self.argument_count(name, vals.len(), expected, expr)
    }

    /// Whether a call of `name` passes the `expected` number of arguments;
    /// an error on the call if not.
    pub(crate) fn argument_count(
        &mut self,
        name: &str,
        found: usize,
        expected: usize,
        expr: &Expr,
    ) -> bool {
        if found == expected {
            return true;
        }
        self.error(
            expr.range,
            format!(
                "`{name}` takes {expected} argument{}, got {found}",
                if expected == 1 { "" } else { "s" },
            ),
        );
        false
    }

    fn call_cfunc(&mut self, name: &str, args: &[Expr], expr: &Expr) -> Option<Val> {
        let Some(decl) = self.env.cfuncs.iter().find(|decl| decl.name == name) else {
            self.error(expr.range, format!("`{name}` is not a cfunc of this block"));
            return None;
        };
        let signature = decl.signature.clone();
        if !self.argument_count(name, args.len(), signature.args.len(), expr) {
            return None;
        }
        let mut values = Vec::new();
        for (arg, slot) in args.iter().zip(&signature.args) {
            let val = self.expr(arg)?;
            let ty = sig_type_ty(slot, &self.env.records_by_name)?;
            values.push((self.cast(val, &ty, arg.range)?, super::pointer_sized(slot)));
        }
        let ret = sig_type_ty(&signature.ret, &self.env.records_by_name)?;
        self.callees.insert(name.to_owned());
        Some(Val::new(
            Op::CallCFunc {
                name: name.to_owned(),
                args: values,
                widen: super::pointer_sized(&signature.ret),
            },
            ret,
        ))
    }

    fn call_foreign(&mut self, key: &str, args: &[Expr], expr: &Expr) -> Option<Val> {
        self.calls_foreign = true;
        let foreign = self.env.foreign.get(key)?.clone();
        let Some(argtypes) = &foreign.argtypes else {
            self.error(expr.range, format!("set `{}.argtypes` before calling it from a cfunc: cfunc needs the C argument types", foreign.name));
            return None;
        };
        if !self.argument_count(&foreign.name, args.len(), argtypes.len(), expr) {
            return None;
        }
        let mut values = Vec::new();
        for (arg, slot) in args.iter().zip(argtypes) {
            let val = self.expr(arg)?;
            let ty = sig_type_ty(slot, &self.env.records_by_name)?;
            values.push(self.cast(val, &ty, arg.range)?);
        }
        let ret = sig_type_ty(&foreign.restype, &self.env.records_by_name)?;
        Some(Val::new(
            Op::CallForeign {
                key: key.to_owned(),
                args: values,
            },
            ret,
        ))
    }
}

/// `np.float64(x)`, `np.int32(x)`: conversions written as calls.
fn numpy_cast(module: &str, name: &str) -> Option<Ty> {
    if !matches!(module, "numpy" | "numba" | "numba.types") {
        return None;
    }
    let scalar = match name {
        "bool_" => cfunc_runtime::sig::Scalar::Boolean,
        "double" => cfunc_runtime::sig::Scalar::Float64,
        "single" => cfunc_runtime::sig::Scalar::Float32,
        other => cfunc_runtime::sig::Scalar::from_name(other)?,
    };
    if matches!(
        scalar,
        cfunc_runtime::sig::Scalar::Void | cfunc_runtime::sig::Scalar::VoidPtr
    ) {
        return None;
    }
    Some(scalar_ty(scalar))
}

/// Whether `print` shows values of this type.
fn printable(ty: &Ty) -> bool {
    match ty {
        Ty::Bool | Ty::Int { .. } | Ty::Float { .. } | Ty::Complex { .. } => true,
        Ty::Tuple(items) => items.len() <= 12 && items.iter().all(printable),
        _ => false,
    }
}
