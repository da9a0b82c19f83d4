//! The module level of a block: imports, signature aliases, records,
//! cffi declarations, ctypes foreign functions, constants and the cfunc
//! definitions themselves, evaluated at compile time.
//!
//! Statements that only a Python process can run (a `print`, a call into
//! SciPy, an assignment from them) are skipped: they do not define
//! anything a cfunc can use, and a cfunc that refers to a name they bind
//! gets an error saying so.

use crate::ast::{Alias, Expr, ExprKind, FunctionDef, Module, Name, Stmt, StmtKind};
use crate::semantic_error::Errors;
use crate::text::TextRange;
use crate::types::{Layout, RecordDef, Ty};
use cfunc_runtime::cdecl;
use cfunc_runtime::sig::{Scalar, Signature, Type};
use std::collections::HashMap;
use std::rc::Rc;

mod eval;
mod values;

pub use values::*;

/// Everything the module level defines.
#[derive(Default)]
pub struct ModuleEnv {
    pub values: HashMap<String, Value>,
    pub records: Vec<Rc<RecordDef>>,
    pub records_by_name: HashMap<String, Rc<RecordDef>>,
    pub cfuncs: Vec<CFuncDecl>,
    pub foreign: HashMap<String, ForeignFn>,
    ffis: HashMap<String, cdecl::FFI>,
    /// The values given at build time for names of modules cfunc does not
    /// load, by their dotted path (`scipy.constants.c`).
    pub constants: HashMap<String, Const>,
    /// While a factory runs: its local names, innermost last.
    scopes: Vec<HashMap<String, Value>>,
    /// The factories running, innermost last.
    applications: Vec<Application>,
    /// Literal strings by the range of their expression, to point cdecl
    /// errors into them.
    pub errors: Errors,
}

const MODULES: &[&str] = &[
    "numba",
    "numba.types",
    "numba.core",
    "numba.core.types",
    "numba.core.typing",
    "numba.core.typing.cffi_utils",
    "numba.cffi_support",
    "numpy",
    "math",
    "cmath",
    "ctypes",
    "ctypes.util",
    "cffi",
    "scipy",
    "scipy.integrate",
    "scipy.special",
];

fn known_module(path: &str) -> Option<&'static str> {
    MODULES.iter().copied().find(|module| *module == path)
}

fn dotted(names: &[Name]) -> String {
    names
        .iter()
        .map(|name| name.id.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// The error where cfunc code uses `what` (`pd.c`, `c`), which is `full`
/// (`pandas.c`) of a module cfunc does not load.
pub fn python_module_error(what: &str, full: &str) -> String {
    let module = full.rsplit_once('.').map_or(full, |(module, _)| module);
    format!(
        "`{what}` comes from `{module}`, a module cfunc does not load (cfunc code can use numba, numpy, math, ctypes, cffi and scipy); give its value at build time (`cfunc build --const {full}=...`, or `const {full} = ...` in `python!`), or bind it to a module-level name"
    )
}

/// The Numba names of `numba.types` (and of `numba` itself) that are types.
fn numba_type(name: &str) -> Option<TypeObj> {
    match name {
        "void" | "none" => Some(TypeObj::Scalar(Scalar::Void)),
        _ => Scalar::from_name(name).map(TypeObj::Scalar),
    }
}

/// A ctypes type by its attribute name.
fn ctypes_type(name: &str) -> Option<Type> {
    let scalar = match name {
        "c_bool" => Scalar::Boolean,
        "c_byte" | "c_int8" | "c_char" => Scalar::Int8,
        "c_ubyte" | "c_uint8" => Scalar::Uint8,
        "c_short" | "c_int16" => Scalar::Int16,
        "c_ushort" | "c_uint16" => Scalar::Uint16,
        "c_int" => Scalar::Intc,
        "c_uint" => Scalar::Uintc,
        "c_int32" => Scalar::Int32,
        "c_uint32" => Scalar::Uint32,
        "c_long" | "c_longlong" | "c_int64" => Scalar::Int64,
        "c_ulong" | "c_ulonglong" | "c_uint64" => Scalar::Uint64,
        "c_size_t" => Scalar::Uintp,
        "c_ssize_t" => Scalar::Intp,
        "c_float" => Scalar::Float32,
        "c_double" => Scalar::Float64,
        "c_void_p" => Scalar::VoidPtr,
        "c_char_p" => return Some(Type::Pointer(Box::new(Type::Scalar(Scalar::Int8)))),
        _ => return None,
    };
    Some(Type::Scalar(scalar))
}

/// Why evaluating a module-level expression stopped.
enum Stop {
    /// An error was recorded.
    Error,
    /// The expression only means something in a Python process.
    Runtime,
}

type Eval = Result<Value, Stop>;

impl ModuleEnv {
    /// The names a body inside `#[cfunc]` may use without importing them:
    /// `np`, `numpy`, `math`, `numba`, `types`, `carray`, `farray`.
    pub fn prelude() -> ModuleEnv {
        let mut env = ModuleEnv::default();
        for (name, value) in [
            ("np", Value::Module("numpy")),
            ("numpy", Value::Module("numpy")),
            ("math", Value::Module("math")),
            ("numba", Value::Module("numba")),
            ("types", Value::Module("numba.types")),
            ("carray", Value::Carray(Layout::C)),
            ("farray", Value::Carray(Layout::F)),
        ] {
            env.bind(name, value);
        }
        env
    }

    /// Adds a cfunc whose signature the caller already has.
    pub fn add_cfunc(&mut self, decl: CFuncDecl) {
        self.bind(
            &decl.name,
            Value::CFunc(decl.name.clone(), CFuncForm::CFunc),
        );
        self.cfuncs.push(decl);
    }

    /// Evaluates the module level of `module`, with the values of names
    /// it imports from modules cfunc does not load (`pkg.c`).
    pub fn build_with_constants(module: &Module, constants: &[(String, Const)]) -> ModuleEnv {
        let mut env = ModuleEnv {
            constants: constants.iter().cloned().collect(),
            ..ModuleEnv::default()
        };
        for stmt in &module.body {
            env.statement(stmt);
        }
        env
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) -> Stop {
        self.errors.push(range, message);
        Stop::Error
    }

    fn bind(&mut self, name: &str, value: Value) {
        match self.scopes.last_mut() {
            Some(scope) => scope.insert(name.to_owned(), value),
            None => self.values.insert(name.to_owned(), value),
        };
    }

    /// What a name denotes here: a local of the factories running, from
    /// the innermost out, or a module-level name.
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.get(name))
            .or_else(|| self.values.get(name))
    }

    /// The module-level names bound to a form of a cfunc other than its
    /// `CFunc` object (`integrand = LowLevelCallable(wrapped.ctypes)`):
    /// (name, cfunc, form), by name.
    pub fn cfunc_forms(&self) -> Vec<(String, String, CFuncForm)> {
        let mut forms: Vec<(String, String, CFuncForm)> = self
            .values
            .iter()
            .filter_map(|(name, value)| match value {
                Value::CFunc(cfunc, form) if *form != CFuncForm::CFunc || name != cfunc => {
                    Some((name.clone(), cfunc.clone(), *form))
                }
                _ => None,
            })
            .collect();
        forms.sort_by(|a, b| a.0.cmp(&b.0));
        forms
    }

    /// Whether a factory is running.
    fn in_factory(&self) -> bool {
        !self.applications.is_empty()
    }

    /// The names the function being defined now closes over.
    fn current_closure(&self) -> Option<Scope> {
        if self.scopes.is_empty() {
            return None;
        }
        let mut names = HashMap::new();
        for scope in &self.scopes {
            names.extend(
                scope
                    .iter()
                    .map(|(name, value)| (name.clone(), value.clone())),
            );
        }
        Some(Rc::new(names))
    }

    /// The name of a new cfunc defined as `name`: inside a factory, the
    /// name the module binds the factory's result to (`integrand`, not
    /// `wrapped`), so that each application is its own cfunc; made unique
    /// if the block has it already.
    fn cfunc_name(&mut self, name: &str) -> String {
        let wanted = match self.applications.last_mut() {
            Some(application) => {
                application.cfuncs.push(self.cfuncs.len());
                match (&application.target, application.cfuncs.len()) {
                    (Some(target), 1) => target.clone(),
                    (Some(target), _) => format!("{target}_{name}"),
                    (None, _) => format!("{}_{name}", application.factory),
                }
            }
            None => name.to_owned(),
        };
        // Re-binding a name, as Python does: the new cfunc takes the name,
        // and the earlier one keeps a distinct symbol for whatever still
        // refers to it: a module-level name bound to it (`before = s`
        // ahead of `s = ...`), or else `s_1`.
        if let Some(index) = self.cfuncs.iter().position(|decl| decl.name == wanted) {
            let is_free = |env: &ModuleEnv, candidate: &str| {
                !env.cfuncs.iter().any(|decl| decl.name == candidate)
            };
            let mut aliases: Vec<&String> = self
                .values
                .iter()
                .filter(|(name, value)| {
                    **name != wanted
                        && matches!(value, Value::CFunc(cfunc, CFuncForm::CFunc) if *cfunc == wanted)
                })
                .map(|(name, _)| name)
                .collect();
            aliases.sort();
            let alias = aliases
                .into_iter()
                .find(|alias| is_free(self, alias))
                .cloned();
            let renamed = alias.unwrap_or_else(|| {
                let mut count = 1;
                loop {
                    let candidate = format!("{wanted}_{count}");
                    if is_free(self, &candidate) {
                        break candidate;
                    }
                    count += 1;
                }
            });
            self.cfuncs[index].name = renamed.clone();
            for value in self
                .values
                .values_mut()
                .chain(self.scopes.iter_mut().flat_map(|scope| scope.values_mut()))
            {
                if let Value::CFunc(name, _) = value
                    && *name == wanted
                {
                    *name = renamed.clone();
                }
            }
        }
        wanted
    }

    /// Runs a factory (a module-level function the module calls or
    /// decorates with) at compile time: binds its parameters, runs its
    /// body, and gives what it returns. The cfuncs it defines close over
    /// its locals as they are when it returns.
    fn apply(
        &mut self,
        factory: &Rc<FunctionDef>,
        closure: Option<Scope>,
        args: Vec<Value>,
        keywords: Vec<(String, Value)>,
        range: TextRange,
        target: Option<&str>,
    ) -> Eval {
        const MAX_DEPTH: usize = 16;
        if self.applications.len() >= MAX_DEPTH {
            return Err(self.error(
                range,
                format!("factories nest more than {MAX_DEPTH} deep here"),
            ));
        }
        let mut scope: HashMap<String, Value> = closure
            .map(|closure| (*closure).clone())
            .unwrap_or_default();
        let mut args = args.into_iter();
        for param in &factory.params {
            let name = &param.name.id;
            let value = match args.next() {
                Some(value) => value,
                None => match keywords.iter().find(|(keyword, _)| keyword == name) {
                    Some((_, value)) => value.clone(),
                    None => match &param.default {
                        Some(default) => self.eval(default)?,
                        None => {
                            return Err(self.error(
                                range,
                                format!("`{}` needs its argument `{name}`", factory.name.id),
                            ));
                        }
                    },
                },
            };
            scope.insert(name.clone(), value);
        }
        self.scopes.push(scope);
        self.applications.push(Application {
            factory: factory.name.id.clone(),
            target: target.map(str::to_owned),
            cfuncs: Vec::new(),
        });
        let result = self.run_body(&factory.body);
        let closure = self.current_closure();
        self.scopes.pop();
        let application = self.applications.pop().expect("pushed above");
        for index in application.cfuncs {
            self.cfuncs[index].closure = closure.clone();
        }
        result
    }

    /// A factory's body, to its `return`. Assignments from code only
    /// Python runs bind names a cfunc cannot use (it says so if it tries).
    fn run_body(&mut self, body: &[Stmt]) -> Eval {
        for stmt in body {
            match &stmt.kind {
                StmtKind::Return(Some(value)) => return self.eval(value),
                StmtKind::Return(None) => return Err(Stop::Runtime),
                StmtKind::Import { .. }
                | StmtKind::ImportFrom { .. }
                | StmtKind::FunctionDef(_)
                | StmtKind::Assign { .. }
                | StmtKind::Expr(_)
                | StmtKind::Pass => self.statement(stmt),
                _ => self.script(stmt),
            }
        }
        // Python returns `None`.
        Err(Stop::Runtime)
    }

    fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Import { names } => {
                for alias in names {
                    self.import(alias);
                }
            }
            StmtKind::ImportFrom { module, names, .. } => self.import_from(module, names),
            StmtKind::FunctionDef(def) => self.function(def),
            StmtKind::Assign { targets, value } => self.assign(targets, value),
            StmtKind::Expr(expr) => self.expression_statement(expr),
            StmtKind::Pass => {}
            // `try: import numba ... except ImportError: ...`: Numba is
            // importable where cfunc builds, so the body runs, then `else`
            // and `finally`, and no handler does, as in Numba's Python.
            StmtKind::Try {
                body,
                orelse,
                finalbody,
                ..
            } => {
                for stmt in body.iter().chain(orelse).chain(finalbody) {
                    self.statement(stmt);
                }
            }
            // `if HAVE_NUMBA:`: the branch a known condition takes.
            StmtKind::If { test, body, orelse } => match self.eval(test) {
                Ok(Value::Const(condition)) => {
                    let taken = match condition {
                        Const::Int(value) => value != 0,
                        Const::Float(value) => value != 0.0,
                        Const::Bool(value) => value,
                        Const::Complex(re, im) => re != 0.0 || im != 0.0,
                    };
                    for stmt in if taken { body } else { orelse } {
                        self.statement(stmt);
                    }
                }
                _ => self.script(stmt),
            },
            _ => self.script(stmt),
        }
    }

    /// Script code (loops, `if __name__ == ...`): whatever it binds is
    /// only known to Python, and a cfunc it defines would be missing from
    /// the build, which is an error, never silent.
    fn script(&mut self, stmt: &Stmt) {
        for def in nested_cfuncs(std::slice::from_ref(stmt)) {
            self.errors.push(
                def.name.range,
                format!(
                    "the cfunc `{}` cannot be built: it is defined inside control flow that cfunc does not run at compile time; define it at the top level",
                    def.name.id
                ),
            );
        }
        for name in bound_names(&stmt.kind) {
            self.bind(&name, Value::Opaque);
        }
    }

    fn import(&mut self, alias: &Alias) {
        let path = dotted(&alias.name);
        let Some(module) = known_module(&path) else {
            // `import sys`, `import pandas as pd`: for the module-level
            // Python only, until a cfunc uses it (an error there).
            let (bound, module) = match &alias.asname {
                Some(asname) => (asname.id.clone(), path),
                None => (alias.name[0].id.clone(), alias.name[0].id.clone()),
            };
            self.bind(&bound, Value::PythonModule(module));
            return;
        };
        match &alias.asname {
            Some(asname) => self.bind(&asname.id, Value::Module(module)),
            None => {
                let top = alias.name[0].id.clone();
                let top_module = known_module(&top).unwrap_or(module);
                self.bind(&top, Value::Module(top_module));
            }
        }
    }

    fn import_from(&mut self, module: &[Name], names: &[Alias]) {
        let path = dotted(module);
        let Some(module_name) = known_module(&path) else {
            for alias in names {
                let bound = alias.asname.as_ref().unwrap_or(&alias.name[0]).id.clone();
                let full = format!("{path}.{}", dotted(&alias.name));
                let value = match self.constants.get(&full) {
                    Some(constant) => Value::Const(*constant),
                    None => Value::PythonName(full),
                };
                self.bind(&bound, value);
            }
            return;
        };
        for alias in names {
            let name = dotted(&alias.name);
            let bound = alias.asname.as_ref().unwrap_or(&alias.name[0]).id.clone();
            if name == "*" {
                self.errors.push(
                    alias.range,
                    format!(
                        "`from {path} import *` hides which names are used; import them by name"
                    ),
                );
                continue;
            }
            let value = match self.module_attribute(module_name, &name) {
                Some(value) => value,
                None if matches!(module_name, "numpy" | "math" | "cmath") => {
                    Value::Function(module_name, name.clone())
                }
                None if module_name.starts_with("scipy") || module_name == "cffi" => Value::Opaque,
                None => {
                    self.errors.push(
                        alias.range,
                        format!("`{name}` from `{path}` is not supported in cfunc code"),
                    );
                    continue;
                }
            };
            self.bind(&bound, value);
        }
    }

    /// `module.name` for the modules cfunc knows.
    fn module_attribute(&self, module: &'static str, name: &str) -> Option<Value> {
        let in_numba_types = matches!(module, "numba.types" | "numba.core.types");
        let value = match (module, name) {
            ("numba", "cfunc") => Value::Cfunc,
            // `from numba import numba as nb`: the package is its own attribute.
            ("numba", "numba") => Value::Module("numba"),
            ("numba", "njit" | "jit") => Value::Jit,
            ("numba", "carray") => Value::Carray(Layout::C),
            ("numba", "farray") => Value::Carray(Layout::F),
            ("numba", "types") | ("numba.core", "types") => Value::Module("numba.types"),
            ("numba", "cffi_support") | ("numba.core.typing", "cffi_utils") => {
                Value::Module("numba.core.typing.cffi_utils")
            }
            ("numba.core.typing.cffi_utils" | "numba.cffi_support", "map_type") => Value::MapType,
            ("numba", "core") => Value::Module("numba.core"),
            ("numba.core", "typing") => Value::Module("numba.core.typing"),
            (_, "CPointer") if module == "numba" || in_numba_types => Value::CPointer,
            (_, "NestedArray") if module == "numba" || in_numba_types => Value::NestedArray,
            (_, "Record") if in_numba_types => Value::RecordClass,
            (_, type_name) if module == "numba" || in_numba_types => {
                Value::TypeObj(numba_type(type_name)?)
            }
            ("numpy", dtype) if np_dtype(dtype).is_some() => {
                Value::TypeObj(TypeObj::Scalar(np_dtype(dtype)?))
            }
            ("cffi", "FFI") => Value::FfiClass,
            ("scipy", "LowLevelCallable") => Value::LowLevelCallable,
            ("ctypes", "CDLL") => Value::Cdll,
            ("ctypes", "POINTER") => Value::CtypesPointer,
            ("ctypes", type_name) => Value::CtypesType(ctypes_type(type_name)?),
            ("math" | "numpy" | "cmath", constant) if math_constant(constant).is_some() => {
                Value::Const(Const::Float(math_constant(constant)?))
            }
            _ => return None,
        };
        Some(value)
    }

    fn function(&mut self, def: &FunctionDef) {
        let def = Rc::new(def.clone());
        let closure = self.current_closure();
        if def.decorators.is_empty() {
            self.bind(&def.name.id, Value::PyFunction(Rc::clone(&def), closure));
            return;
        }
        let mut signature = None;
        for decorator in &def.decorators {
            match self.eval(decorator) {
                Ok(Value::CfuncDecorator(sig, sig_range, options)) => {
                    signature = Some((sig, sig_range, options));
                }
                // `@factory`: the factory runs on the function now, and the
                // name is bound to what it returns.
                Ok(Value::PyFunction(factory, factory_closure)) => {
                    let name = def.name.id.clone();
                    let function = Value::PyFunction(Rc::clone(&def), closure);
                    let result = self.apply(
                        &factory,
                        factory_closure,
                        vec![function],
                        Vec::new(),
                        decorator.range,
                        Some(&name),
                    );
                    self.bind(&name, result.unwrap_or(Value::Opaque));
                    return;
                }
                Ok(Value::Cfunc) => {
                    self.errors.push(
                        decorator.range,
                        "`@cfunc` needs its signature, as in Numba: `@cfunc(\"float64(float64)\")`",
                    );
                }
                Ok(Value::Jit) => {}
                Ok(_) | Err(Stop::Runtime) => {
                    self.errors.push(
                        decorator.range,
                        "only `@cfunc(signature)` decorators are supported here",
                    );
                }
                Err(Stop::Error) => {}
            }
        }
        match signature {
            Some((signature, signature_range, options)) => {
                let name = self.cfunc_name(&def.name.id);
                self.bind(&def.name.id, Value::CFunc(name.clone(), CFuncForm::CFunc));
                self.cfuncs.push(CFuncDecl {
                    name,
                    def,
                    closure,
                    signature,
                    signature_range,
                    options,
                });
            }
            None => {
                let name = def.name.id.clone();
                self.bind(&name, Value::PyFunction(def, closure));
            }
        }
    }

    fn assign(&mut self, targets: &[Expr], value: &Expr) {
        // `F.argtypes = [...]` and `F.restype = ...` configure a foreign function.
        if let [target] = targets
            && let ExprKind::Attribute {
                value: object,
                attr,
            } = &target.kind
            && let ExprKind::Name(object_name) = &object.kind
            && matches!(attr.id.as_str(), "argtypes" | "restype")
        {
            self.configure_foreign(object_name, &attr.id, target.range, value);
            return;
        }
        let target_name = match targets {
            [
                Expr {
                    kind: ExprKind::Name(name),
                    ..
                },
            ] => Some(name.clone()),
            _ => None,
        };
        let result = self.eval_named(value, target_name.as_deref());
        for target in targets {
            match &result {
                Ok(value) => self.bind_target(target, value.clone()),
                Err(_) => {
                    for name in target_names(target) {
                        self.bind(&name, Value::Opaque);
                    }
                }
            }
        }
    }

    /// Binds a target (`a`, `a, b`, `(a, (b, c))`) to a value, unpacking
    /// tuples as Python does; what cannot be unpacked binds names only
    /// Python knows.
    fn bind_target(&mut self, target: &Expr, value: Value) {
        match (&target.kind, value) {
            (ExprKind::Name(name), value) => self.bind(name, value),
            (
                ExprKind::Tuple(items) | ExprKind::List(items),
                Value::Tuple(values) | Value::List(values),
            ) if items.len() == values.len() => {
                for (item, value) in items.iter().zip(values) {
                    self.bind_target(item, value);
                }
            }
            _ => {
                for name in target_names(target) {
                    self.bind(&name, Value::Opaque);
                }
            }
        }
    }

    fn configure_foreign(&mut self, object: &str, attr: &str, range: TextRange, value: &Expr) {
        let Some(Value::Foreign(key)) = self.values.get(object).cloned() else {
            self.errors.push(
                range,
                format!("`{object}` is not a ctypes function (`{object} = LIB.name`)"),
            );
            return;
        };
        let Ok(evaluated) = self.eval(value) else {
            return;
        };
        let as_type = |value: &Value| match value {
            Value::CtypesType(ty) => Some(ty.clone()),
            Value::TypeObj(obj) => obj.sig_type(),
            _ => None,
        };
        match attr {
            "argtypes" => {
                let items = match &evaluated {
                    Value::List(items) | Value::Tuple(items) => items.clone(),
                    _ => {
                        self.errors
                            .push(value.range, "`argtypes` must be a list of ctypes types");
                        return;
                    }
                };
                let types: Option<Vec<Type>> = items.iter().map(as_type).collect();
                match types {
                    Some(types) => {
                        if let Some(foreign) = self.foreign.get_mut(&key) {
                            foreign.argtypes = Some(types);
                        }
                    }
                    None => self.errors.push(value.range, "`argtypes` must be a list of ctypes types (`ctypes.c_int`, `ctypes.c_void_p`, ...)"),
                }
            }
            _ => {
                let restype = match &evaluated {
                    Value::Const(_) | Value::Opaque if matches!(value.kind, ExprKind::None) => {
                        Some(Type::Scalar(Scalar::Void))
                    }
                    other => as_type(other),
                };
                match restype {
                    Some(restype) => {
                        if let Some(foreign) = self.foreign.get_mut(&key) {
                            foreign.restype = restype;
                        }
                    }
                    None => self
                        .errors
                        .push(value.range, "`restype` must be a ctypes type or None"),
                }
            }
        }
    }

    fn expression_statement(&mut self, expr: &Expr) {
        // `ffi.cdef(src)` changes the FFI; other calls are script code.
        if let ExprKind::Call { func, .. } = &expr.kind
            && let Ok(Value::FfiMethod(_, "cdef")) = self.eval(func)
        {
            let _ = self.eval(expr);
        }
    }
}

fn np_dtype(name: &str) -> Option<Scalar> {
    match name {
        "bool_" => Some(Scalar::Boolean),
        "intc" => Some(Scalar::Intc),
        "uintc" => Some(Scalar::Uintc),
        "intp" => Some(Scalar::Intp),
        "uintp" => Some(Scalar::Uintp),
        "float32" | "single" => Some(Scalar::Float32),
        "float64" | "double" => Some(Scalar::Float64),
        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64" => {
            Scalar::from_name(name)
        }
        _ => None,
    }
}

/// `math.pi`, `np.inf`, ...
pub fn math_constant(name: &str) -> Option<f64> {
    Some(match name {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "tau" => std::f64::consts::TAU,
        "inf" | "Inf" | "infty" | "PINF" => f64::INFINITY,
        "NINF" => f64::NEG_INFINITY,
        "nan" | "NaN" | "NAN" => f64::NAN,
        _ => return None,
    })
}

fn constant_binop(left: &Value, op: crate::ast::BinOp, right: &Value) -> Option<Value> {
    use crate::ast::BinOp;
    let (Value::Const(a), Value::Const(b)) = (left, right) else {
        return None;
    };
    if let (Some(x), Some(y)) = (complex_operand(a, b), complex_operand(b, a)) {
        return complex_binop(x, op, y).map(|z| Value::Const(Const::Complex(z.re, z.im)));
    }
    let as_float = |c: &Const| match *c {
        Const::Int(v) => v as f64,
        Const::Float(v) => v,
        Const::Bool(v) => f64::from(u8::from(v)),
        Const::Complex(..) => unreachable!("complex operands are folded above"),
    };
    Some(Value::Const(match (a, b, op) {
        (Const::Int(x), Const::Int(y), BinOp::Add) => Const::Int(x.checked_add(*y)?),
        (Const::Int(x), Const::Int(y), BinOp::Sub) => Const::Int(x.checked_sub(*y)?),
        (Const::Int(x), Const::Int(y), BinOp::Mult) => Const::Int(x.checked_mul(*y)?),
        (Const::Int(x), Const::Int(y), BinOp::Pow) if *y >= 0 => {
            Const::Int(x.checked_pow(u32::try_from(*y).ok()?)?)
        }
        (Const::Int(x), Const::Int(y), BinOp::LShift) if (0..127).contains(y) => {
            Const::Int(x.checked_shl(u32::try_from(*y).ok()?)?)
        }
        (_, _, BinOp::Add) => Const::Float(as_float(a) + as_float(b)),
        (_, _, BinOp::Sub) => Const::Float(as_float(a) - as_float(b)),
        (_, _, BinOp::Mult) => Const::Float(as_float(a) * as_float(b)),
        (_, _, BinOp::Div) if as_float(b) != 0.0 => Const::Float(as_float(a) / as_float(b)),
        (_, _, BinOp::Pow) => Const::Float(as_float(a).powf(as_float(b))),
        _ => return None,
    }))
}

/// `c` as a complex operand of an operation with `other`, when either is
/// complex: a real number becomes `c + 0j`, as Python converts it.
fn complex_operand(c: &Const, other: &Const) -> Option<cfunc_runtime::Complex64> {
    let is_complex = |c: &Const| matches!(c, Const::Complex(..));
    if !(is_complex(c) || is_complex(other)) {
        return None;
    }
    let re = match *c {
        Const::Int(v) => v as f64,
        Const::Float(v) => v,
        Const::Bool(v) => f64::from(u8::from(v)),
        Const::Complex(re, im) => return Some(cfunc_runtime::Complex64::new(re, im)),
    };
    Some(cfunc_runtime::Complex64::new(re, 0.0))
}

/// A complex operation on constants as CPython 3.11 computes it (the
/// algorithms cfunc code gets from the runtime: `_Py_c_prod`,
/// `_Py_c_quot`); `None` where Python raises (division by zero) or for an
/// operation this does not fold.
fn complex_binop(
    a: cfunc_runtime::Complex64,
    op: crate::ast::BinOp,
    b: cfunc_runtime::Complex64,
) -> Option<cfunc_runtime::Complex64> {
    use crate::ast::BinOp;
    use cfunc_runtime::Complex64;
    Some(match op {
        BinOp::Add => Complex64::new(a.re + b.re, a.im + b.im),
        BinOp::Sub => Complex64::new(a.re - b.re, a.im - b.im),
        BinOp::Mult => Complex64::new(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re),
        BinOp::Div => {
            let (abs_re, abs_im) = (b.re.abs(), b.im.abs());
            if abs_re >= abs_im {
                if abs_re == 0.0 {
                    return None;
                }
                let ratio = b.im / b.re;
                let denominator = b.re + b.im * ratio;
                Complex64::new(
                    (a.re + a.im * ratio) / denominator,
                    (a.im - a.re * ratio) / denominator,
                )
            } else if abs_im >= abs_re {
                let ratio = b.re / b.im;
                let denominator = b.re * ratio + b.im;
                Complex64::new(
                    (a.re * ratio + a.im) / denominator,
                    (a.im * ratio - a.re) / denominator,
                )
            } else {
                Complex64::new(f64::NAN, f64::NAN)
            }
        }
        _ => return None,
    })
}

/// A `math`/`numpy` function of constants, where Python gives a number
/// (`None` where it raises, or for a function this does not know).
fn constant_call(module: &str, function: &str, args: &[Value]) -> Option<Value> {
    let float = |value: &Value| match *value {
        Value::Const(Const::Int(v)) => Some(v as f64),
        Value::Const(Const::Float(v)) => Some(v),
        Value::Const(Const::Bool(v)) => Some(f64::from(u8::from(v))),
        _ => None,
    };
    let floats: Vec<f64> = args.iter().map(float).collect::<Option<_>>()?;
    let value = match (function, floats.as_slice()) {
        ("sqrt", [x]) if *x >= 0.0 || module == "numpy" => x.sqrt(),
        ("exp", [x]) => x.exp(),
        ("expm1", [x]) => x.exp_m1(),
        ("log", [x]) if *x > 0.0 || module == "numpy" => x.ln(),
        ("log", [x, base]) if module == "math" && *x > 0.0 && *base > 0.0 => x.ln() / base.ln(),
        ("log10", [x]) if *x > 0.0 || module == "numpy" => x.log10(),
        ("log2", [x]) if *x > 0.0 || module == "numpy" => x.log2(),
        ("log1p", [x]) if *x > -1.0 || module == "numpy" => x.ln_1p(),
        ("sin", [x]) => x.sin(),
        ("cos", [x]) => x.cos(),
        ("tan", [x]) => x.tan(),
        ("asin" | "arcsin", [x]) => x.asin(),
        ("acos" | "arccos", [x]) => x.acos(),
        ("atan" | "arctan", [x]) => x.atan(),
        ("sinh", [x]) => x.sinh(),
        ("cosh", [x]) => x.cosh(),
        ("tanh", [x]) => x.tanh(),
        ("atan2" | "arctan2", [y, x]) => y.atan2(*x),
        ("hypot", [x, y]) => x.hypot(*y),
        ("pow" | "power", [x, y]) if module == "math" || module == "numpy" => x.powf(*y),
        ("fabs", [x]) => x.abs(),
        ("copysign", [x, y]) => x.copysign(*y),
        ("radians" | "deg2rad", [x]) => x.to_radians(),
        ("degrees" | "rad2deg", [x]) => x.to_degrees(),
        // `math.floor` and friends give an int.
        ("floor" | "ceil" | "trunc", [x]) if module == "math" && x.is_finite() => {
            let rounded = match function {
                "floor" => x.floor(),
                "ceil" => x.ceil(),
                _ => x.trunc(),
            };
            return Some(Value::Const(Const::Int(rounded as i128)));
        }
        _ => return None,
    };
    Some(Value::Const(Const::Float(value)))
}

/// The names a statement outside the understood forms may bind.
fn bound_names(kind: &StmtKind) -> Vec<String> {
    let mut names = Vec::new();
    match kind {
        StmtKind::AugAssign { target, .. } | StmtKind::AnnAssign { target, .. } => {
            names.extend(target_names(target))
        }
        StmtKind::For { target, .. } => names.extend(target_names(target)),
        StmtKind::FunctionDef(def) => names.push(def.name.id.clone()),
        StmtKind::Import { names: aliases } | StmtKind::ImportFrom { names: aliases, .. } => {
            for alias in aliases {
                let bound = alias.asname.as_ref().unwrap_or(&alias.name[0]);
                names.push(bound.id.clone());
            }
        }
        StmtKind::Assign { targets, .. } => {
            for target in targets {
                names.extend(target_names(target));
            }
        }
        _ => {}
    }
    for block in kind.blocks() {
        for stmt in block {
            names.extend(bound_names(&stmt.kind));
        }
    }
    names
}

fn target_names(target: &Expr) -> Vec<String> {
    match &target.kind {
        ExprKind::Name(name) => vec![name.clone()],
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().flat_map(target_names).collect()
        }
        ExprKind::Starred(inner) => target_names(inner),
        _ => Vec::new(),
    }
}

/// A factory running at compile time.
struct Application {
    factory: String,
    /// The name the module binds its result to.
    target: Option<String>,
    /// The cfuncs it has defined (indices into `ModuleEnv::cfuncs`).
    cfuncs: Vec<usize>,
}

/// The functions decorated `@cfunc(...)` in `body`, at any depth of its
/// control flow.
fn nested_cfuncs(body: &[Stmt]) -> Vec<&FunctionDef> {
    let mut found = Vec::new();
    for stmt in body {
        match &stmt.kind {
            StmtKind::FunctionDef(def) if def.decorators.iter().any(is_cfunc_decorator) => {
                found.push(&**def);
            }
            kind => {
                for block in kind.blocks() {
                    found.extend(nested_cfuncs(block));
                }
            }
        }
    }
    found
}

/// `@cfunc(...)`, `@numba.cfunc(...)`, `@nb.cfunc(...)`, by its spelling.
fn is_cfunc_decorator(decorator: &Expr) -> bool {
    let callee = match &decorator.kind {
        ExprKind::Call { func, .. } => func,
        _ => return false,
    };
    match &callee.kind {
        ExprKind::Name(name) => name == "cfunc",
        ExprKind::Attribute { attr, .. } => attr.id == "cfunc",
        _ => false,
    }
}
