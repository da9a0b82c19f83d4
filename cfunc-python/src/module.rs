//! The module level of a block: imports, signature aliases, records,
//! cffi declarations, ctypes foreign functions, constants and the cfunc
//! definitions themselves, evaluated at compile time.
//!
//! Statements that only a Python process can run (a `print`, a call into
//! SciPy, an assignment from them) are skipped: they do not define
//! anything a cfunc can use, and a cfunc that refers to a name they bind
//! gets an error saying so.

use crate::ast::{Alias, Expr, ExprKind, FunctionDef, Module, Name, Stmt, StmtKind};
use crate::semantic::Errors;
use crate::text::TextRange;
use crate::types::{Layout, RecordDef, Ty};
use cfunc_runtime::cdecl;
use cfunc_runtime::sig::{Scalar, Signature, Type};
use std::collections::HashMap;
use std::rc::Rc;

/// A Numba type object, as the module level builds them.
#[derive(Clone, Debug)]
pub enum TypeObj {
    Scalar(Scalar),
    Pointer(Box<TypeObj>),
    Record(Rc<RecordDef>),
    NestedArray(Box<TypeObj>, Vec<usize>),
}

impl TypeObj {
    pub fn sig_type(&self) -> Option<Type> {
        Some(match self {
            TypeObj::Scalar(scalar) => Type::Scalar(*scalar),
            TypeObj::Pointer(target) => Type::Pointer(Box::new(target.sig_type()?)),
            TypeObj::Record(record) => Type::Record(record.name.clone()),
            TypeObj::NestedArray(..) => return None,
        })
    }

    pub fn ty(&self) -> Ty {
        match self {
            TypeObj::Scalar(scalar) => scalar_ty(*scalar),
            TypeObj::Pointer(target) => Ty::Pointer(Box::new(target.ty())),
            TypeObj::Record(record) => Ty::Record(Rc::clone(record)),
            TypeObj::NestedArray(dtype, shape) => Ty::NestedArray {
                dtype: Box::new(dtype.ty()),
                shape: shape.clone(),
            },
        }
    }
}

/// The value type of a signature scalar.
pub fn scalar_ty(scalar: Scalar) -> Ty {
    let bits = u8::try_from(scalar.size_in_bytes() * 8).unwrap_or(64);
    match scalar {
        Scalar::Boolean => Ty::Bool,
        Scalar::Float32 | Scalar::Float64 => Ty::Float { bits },
        Scalar::Void => Ty::None,
        Scalar::VoidPtr => Ty::VoidPtr,
        integer => Ty::Int {
            signed: integer.is_signed(),
            bits,
        },
    }
}

/// The value type of a signature type, given the block's records.
pub fn sig_type_ty(ty: &Type, records: &HashMap<String, Rc<RecordDef>>) -> Option<Ty> {
    Some(match ty {
        Type::Scalar(scalar) => scalar_ty(*scalar),
        Type::Pointer(target) => Ty::Pointer(Box::new(sig_type_ty(target, records)?)),
        Type::Record(name) => Ty::Record(Rc::clone(records.get(name)?)),
    })
}

/// A compile-time constant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Const {
    Int(i128),
    Float(f64),
    Bool(bool),
}

/// A ctypes foreign function: `LIB.sleep` with `argtypes`/`restype`.
#[derive(Clone, Debug)]
pub struct ForeignFn {
    pub name: String,
    pub library: String,
    pub symbol: String,
    pub argtypes: Option<Vec<Type>>,
    /// ctypes' default result type is `c_int`.
    pub restype: Type,
}

/// A cfunc to compile.
#[derive(Clone, Debug)]
pub struct CFuncDecl {
    /// The Rust (and default native) name.
    pub name: String,
    pub def: Rc<FunctionDef>,
    pub signature: Signature,
    /// Where the signature is written, for errors about it.
    pub signature_range: TextRange,
}

/// What a module-level name stands for.
#[derive(Clone, Debug)]
pub enum Value {
    /// A module: `numba`, `numba.types`, `numpy`, `math`, `ctypes`, ...
    Module(&'static str),
    /// `numba.cfunc`.
    Cfunc,
    /// `cfunc(sig, ...)`, ready to decorate a function.
    CfuncDecorator(Signature, TextRange),
    /// `numba.njit` / `numba.jit`.
    Jit,
    /// `carray` / `farray`.
    Carray(Layout),
    TypeObj(TypeObj),
    /// `types.CPointer`.
    CPointer,
    /// `types.NestedArray`.
    NestedArray,
    /// `types.Record`.
    RecordClass,
    /// `types.Record.make_c_struct`.
    MakeCStruct,
    /// A signature, from `types.void(...)`, a string or cffi.
    Signature(Signature),
    Str(String, TextRange),
    Const(Const),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    /// `cffi.FFI`.
    FfiClass,
    /// An `FFI()` object, by name.
    Ffi(String),
    /// `ffi.cdef` / `ffi.typeof` of the named FFI object.
    FfiMethod(String, &'static str),
    /// `ffi.typeof(...)`.
    CType(cdecl::CType),
    /// `cffi_support.map_type`.
    MapType,
    /// `ctypes.CDLL`.
    Cdll,
    /// `ctypes.POINTER`.
    CtypesPointer,
    CtypesType(Type),
    /// `ctypes.CDLL('libc.so.6')`.
    Library(String),
    /// `LIB.symbol`, by the name it was bound to.
    Foreign(String),
    /// `math.exp`, `np.sqrt`, imported by name: (module, function).
    Function(&'static str, String),
    /// A plain Python function.
    PyFunction(Rc<FunctionDef>),
    /// A cfunc of the block, by name.
    CFunc(String),
    /// A name bound by code only Python runs.
    Opaque,
}

/// Everything the module level defines.
#[derive(Default)]
pub struct ModuleEnv {
    pub values: HashMap<String, Value>,
    pub records: Vec<Rc<RecordDef>>,
    pub records_by_name: HashMap<String, Rc<RecordDef>>,
    pub cfuncs: Vec<CFuncDecl>,
    pub foreign: HashMap<String, ForeignFn>,
    ffis: HashMap<String, cdecl::FFI>,
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

fn range_of(names: &[Name]) -> TextRange {
    names
        .iter()
        .map(|name| name.range)
        .reduce(TextRange::cover)
        .unwrap_or_default()
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
        self.bind(&decl.name, Value::CFunc(decl.name.clone()));
        self.cfuncs.push(decl);
    }

    /// Evaluates the module level of `module`.
    pub fn build(module: &Module) -> ModuleEnv {
        let mut env = ModuleEnv::default();
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
        self.values.insert(name.to_owned(), value);
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
            other => {
                // Script code (loops, `if __name__ == ...`): whatever it binds
                // is only known to Python.
                for name in bound_names(other) {
                    self.bind(&name, Value::Opaque);
                }
            }
        }
    }

    fn import(&mut self, alias: &Alias) {
        let path = dotted(&alias.name);
        let Some(module) = known_module(&path) else {
            self.unknown_module(&path, range_of(&alias.name));
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

    fn unknown_module(&mut self, path: &str, range: TextRange) {
        self.errors.push(
            range,
            format!(
                "module `{path}` is not available in cfunc code; the block may import numba, numpy, math, ctypes, cffi and scipy"
            ),
        );
    }

    fn import_from(&mut self, module: &[Name], names: &[Alias]) {
        let path = dotted(module);
        let Some(module_name) = known_module(&path) else {
            self.unknown_module(&path, range_of(module));
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
                None if matches!(module_name, "numpy" | "math") => {
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
            ("ctypes", "CDLL") => Value::Cdll,
            ("ctypes", "POINTER") => Value::CtypesPointer,
            ("ctypes", type_name) => Value::CtypesType(ctypes_type(type_name)?),
            ("math" | "numpy", constant) if math_constant(constant).is_some() => {
                Value::Const(Const::Float(math_constant(constant)?))
            }
            _ => return None,
        };
        Some(value)
    }

    fn function(&mut self, def: &FunctionDef) {
        let def = Rc::new(def.clone());
        if def.decorators.is_empty() {
            self.bind(&def.name.id, Value::PyFunction(Rc::clone(&def)));
            return;
        }
        let mut signature = None;
        for decorator in &def.decorators {
            match self.eval(decorator) {
                Ok(Value::CfuncDecorator(sig, sig_range)) => signature = Some((sig, sig_range)),
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
            Some((signature, signature_range)) => {
                self.bind(&def.name.id, Value::CFunc(def.name.id.clone()));
                self.cfuncs.push(CFuncDecl {
                    name: def.name.id.clone(),
                    def,
                    signature,
                    signature_range,
                });
            }
            None => {
                let name = def.name.id.clone();
                self.bind(&name, Value::PyFunction(def));
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
            match (&target.kind, &result) {
                (ExprKind::Name(name), Ok(value)) => {
                    let value = match value {
                        Value::Library(_) => value.clone(),
                        other => other.clone(),
                    };
                    if let Value::Foreign(symbol_binding) = &value
                        && symbol_binding.is_empty()
                    {
                        continue;
                    }
                    self.bind(name, value);
                }
                (ExprKind::Name(name), Err(_)) => self.bind(name, Value::Opaque),
                _ => {
                    for name in target_names(target) {
                        self.bind(&name, Value::Opaque);
                    }
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

    fn eval(&mut self, expr: &Expr) -> Eval {
        self.eval_named(expr, None)
    }

    /// Evaluates `expr`; `target` is the name it is being assigned to (a
    /// record made by `make_c_struct` takes that name).
    fn eval_named(&mut self, expr: &Expr, target: Option<&str>) -> Eval {
        match &expr.kind {
            ExprKind::Name(name) => match self.values.get(name) {
                Some(Value::Opaque) => Err(Stop::Runtime),
                Some(value) => Ok(value.clone()),
                None if name == "None" => Err(Stop::Runtime),
                None => Err(Stop::Runtime),
            },
            ExprKind::Int(value) => Ok(Value::Const(Const::Int(
                i128::try_from(*value).unwrap_or(i128::MAX),
            ))),
            ExprKind::Float(value) => Ok(Value::Const(Const::Float(*value))),
            ExprKind::Bool(value) => Ok(Value::Const(Const::Bool(*value))),
            ExprKind::Str(text) => Ok(Value::Str(text.clone(), expr.range)),
            ExprKind::Tuple(items) => items
                .iter()
                .map(|item| self.eval(item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Tuple),
            ExprKind::List(items) => items
                .iter()
                .map(|item| self.eval(item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List),
            ExprKind::UnaryOp {
                op: crate::ast::UnaryOp::USub,
                operand,
            } => match self.eval(operand)? {
                Value::Const(Const::Int(value)) => Ok(Value::Const(Const::Int(-value))),
                Value::Const(Const::Float(value)) => Ok(Value::Const(Const::Float(-value))),
                _ => Err(Stop::Runtime),
            },
            ExprKind::BinOp { left, op, right } => {
                let (left, right) = (self.eval(left)?, self.eval(right)?);
                constant_binop(&left, *op, &right).ok_or(Stop::Runtime)
            }
            ExprKind::Attribute { value, attr } => {
                let object = self.eval(value)?;
                self.attribute(&object, attr)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                let callee = self.eval(func)?;
                self.call(callee, expr, args, keywords, target)
            }
            _ => Err(Stop::Runtime),
        }
    }

    fn attribute(&mut self, object: &Value, attr: &Name) -> Eval {
        match object {
            Value::Module(module) => {
                let path = format!("{module}.{}", attr.id);
                if let Some(submodule) = known_module(&path) {
                    return Ok(Value::Module(submodule));
                }
                match self.module_attribute(module, &attr.id) {
                    Some(value) => Ok(value),
                    None if matches!(*module, "numpy" | "math") => {
                        Ok(Value::Function(module, attr.id.clone()))
                    }
                    None if module.starts_with("numba") => Err(self.error(
                        attr.range,
                        format!("`{module}.{}` is not supported in cfunc code", attr.id),
                    )),
                    None => Err(Stop::Runtime),
                }
            }
            Value::RecordClass if attr.id == "make_c_struct" => Ok(Value::MakeCStruct),
            Value::Ffi(name) if matches!(attr.id.as_str(), "cdef" | "typeof") => {
                Ok(Value::FfiMethod(
                    name.clone(),
                    if attr.id == "cdef" { "cdef" } else { "typeof" },
                ))
            }
            Value::Library(library) => {
                let key = format!("{library}:{}", attr.id);
                self.foreign
                    .entry(key.clone())
                    .or_insert_with(|| ForeignFn {
                        name: attr.id.clone(),
                        library: library.clone(),
                        symbol: attr.id.clone(),
                        argtypes: None,
                        restype: Type::Scalar(Scalar::Intc),
                    });
                Ok(Value::Foreign(key))
            }
            _ => Err(Stop::Runtime),
        }
    }

    fn call(
        &mut self,
        callee: Value,
        call: &Expr,
        args: &[Expr],
        keywords: &[crate::ast::Keyword],
        target: Option<&str>,
    ) -> Eval {
        let keyword = |name: &str| {
            keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.id == name))
        };
        match callee {
            Value::TypeObj(ret) => {
                // `types.float64(types.float64, ...)`: a signature.
                let mut arg_types = Vec::new();
                for arg in args {
                    match self.eval(arg)? {
                        Value::TypeObj(obj) => {
                            match obj.sig_type() {
                                Some(ty) => arg_types.push(ty),
                                None => return Err(self.error(
                                    arg.range,
                                    "a nested array cannot be a cfunc argument; pass a CPointer",
                                )),
                            }
                        }
                        _ => {
                            return Err(self
                                .error(arg.range, "a signature's arguments must be Numba types"));
                        }
                    }
                }
                let Some(ret) = ret.sig_type() else {
                    return Err(self.error(call.range, "a nested array cannot be returned"));
                };
                let text = Signature {
                    ret,
                    args: arg_types,
                }
                .to_string();
                match text.parse::<Signature>() {
                    Ok(signature) => Ok(Value::Signature(signature)),
                    Err(error) => {
                        Err(self.error(call.range, format!("invalid signature: {error}")))
                    }
                }
            }
            Value::CPointer => match args {
                [inner] => match self.eval(inner)? {
                    Value::TypeObj(obj) => Ok(Value::TypeObj(TypeObj::Pointer(Box::new(obj)))),
                    _ => Err(self.error(inner.range, "`CPointer` takes a Numba type")),
                },
                _ => Err(self.error(call.range, "`CPointer` takes one type")),
            },
            Value::NestedArray => {
                let dtype = keyword("dtype").map(|k| &k.value).or(args.first());
                let shape = keyword("shape").map(|k| &k.value).or(args.get(1));
                let (Some(dtype), Some(shape)) = (dtype, shape) else {
                    return Err(self.error(call.range, "`NestedArray` takes `dtype=` and `shape=`"));
                };
                let Value::TypeObj(dtype) = self.eval(dtype)? else {
                    return Err(self.error(dtype.range, "`dtype` must be a Numba type"));
                };
                let shape_items = match self.eval(shape)? {
                    Value::Tuple(items) | Value::List(items) => items,
                    single @ Value::Const(_) => vec![single],
                    _ => return Err(self.error(shape.range, "`shape` must be a tuple of integers")),
                };
                let mut dims = Vec::new();
                for item in shape_items {
                    match item {
                        Value::Const(Const::Int(n)) if n >= 0 => {
                            dims.push(usize::try_from(n).unwrap_or(usize::MAX))
                        }
                        _ => {
                            return Err(self.error(
                                shape.range,
                                "`shape` must be a tuple of non-negative integers",
                            ));
                        }
                    }
                }
                Ok(Value::TypeObj(TypeObj::NestedArray(Box::new(dtype), dims)))
            }
            Value::MakeCStruct => self.make_c_struct(call, args, target),
            Value::FfiClass => match target {
                Some(name) => {
                    self.ffis.insert(name.to_owned(), cdecl::FFI::new());
                    Ok(Value::Ffi(name.to_owned()))
                }
                None => {
                    Err(self.error(call.range, "assign the FFI object to a name: `ffi = FFI()`"))
                }
            },
            Value::FfiMethod(ffi, "cdef") => {
                let [source] = args else {
                    return Err(self.error(call.range, "`cdef` takes the C source"));
                };
                let Value::Str(text, range) = self.eval(source)? else {
                    return Err(self.error(source.range, "`cdef` takes a string of C declarations"));
                };
                let Some(state) = self.ffis.get_mut(&ffi) else {
                    return Err(Stop::Runtime);
                };
                if let Err(error) = state.cdef(&text) {
                    return Err(self.error(range, format!("in the C declarations: {error}")));
                }
                Ok(Value::Opaque)
            }
            Value::FfiMethod(ffi, _) => {
                let [name] = args else {
                    return Err(self.error(call.range, "`typeof` takes a type name"));
                };
                let Value::Str(text, range) = self.eval(name)? else {
                    return Err(self.error(name.range, "`typeof` takes a string"));
                };
                let Some(state) = self.ffis.get(&ffi) else {
                    return Err(Stop::Runtime);
                };
                match state.type_of(&text) {
                    Ok(ctype) => Ok(Value::CType(ctype)),
                    Err(error) => Err(self.error(range, format!("{error}"))),
                }
            }
            Value::MapType => self.map_type(call, args, keywords),
            Value::Cdll => {
                let [name] = args else {
                    return Err(self.error(call.range, "`CDLL` takes the library's name"));
                };
                match self.eval(name)? {
                    Value::Str(text, _) => Ok(Value::Library(text)),
                    _ => Err(Stop::Runtime),
                }
            }
            Value::CtypesPointer => match args {
                [inner] => match self.eval(inner)? {
                    Value::CtypesType(ty) => Ok(Value::CtypesType(Type::Pointer(Box::new(ty)))),
                    _ => Err(self.error(inner.range, "`POINTER` takes a ctypes type")),
                },
                _ => Err(self.error(call.range, "`POINTER` takes one type")),
            },
            Value::Cfunc => {
                let Some(first) = args.first() else {
                    return Err(self.error(
                        call.range,
                        "`cfunc` needs a signature, as in Numba: `cfunc(\"float64(float64)\")`",
                    ));
                };
                for keyword in keywords {
                    let name = keyword.arg.as_ref().map(|a| a.id.as_str()).unwrap_or("**");
                    if !matches!(
                        name,
                        "nopython"
                            | "cache"
                            | "fastmath"
                            | "error_model"
                            | "locals"
                            | "boundscheck"
                    ) {
                        self.errors.push(keyword.range, format!("`cfunc` has no option `{name}`; Numba's are nopython, cache, fastmath, error_model, locals, boundscheck"));
                    }
                }
                let signature = self.signature_of(first)?;
                Ok(Value::CfuncDecorator(signature, first.range))
            }
            Value::CfuncDecorator(signature, signature_range) => {
                // `nb_integrand = cfunc("float64(float64)")(integrand)`
                let [function] = args else {
                    return Err(Stop::Runtime);
                };
                let Value::PyFunction(def) = self.eval(function)? else {
                    return Err(self.error(
                        function.range,
                        "`cfunc(...)` wraps a function defined with `def`",
                    ));
                };
                let Some(name) = target else {
                    return Err(self.error(
                        call.range,
                        "assign the cfunc to a name: `f = cfunc(sig)(function)`",
                    ));
                };
                self.cfuncs.push(CFuncDecl {
                    name: name.to_owned(),
                    def,
                    signature,
                    signature_range,
                });
                Ok(Value::CFunc(name.to_owned()))
            }
            _ => Err(Stop::Runtime),
        }
    }

    /// A signature given as a `types` expression, a string or a name.
    fn signature_of(&mut self, expr: &Expr) -> Result<Signature, Stop> {
        match self.eval(expr)? {
            Value::Signature(signature) => Ok(signature),
            Value::Str(text, range) => match text.parse::<Signature>() {
                Ok(signature) => Ok(signature),
                Err(error) => Err(self.error(range, format!("invalid signature: {error}"))),
            },
            _ => Err(self.error(expr.range, "expected a signature: a string such as \"float64(float64)\" or `types.float64(types.float64)`")),
        }
    }

    fn make_c_struct(&mut self, call: &Expr, args: &[Expr], target: Option<&str>) -> Eval {
        let Some(name) = target else {
            return Err(self.error(
                call.range,
                "assign the record type to a name: `my_struct = types.Record.make_c_struct([...])`",
            ));
        };
        let [fields] = args else {
            return Err(self.error(
                call.range,
                "`make_c_struct` takes a list of (name, type) pairs",
            ));
        };
        let (Value::List(items) | Value::Tuple(items)) = self.eval(fields)? else {
            return Err(self.error(
                fields.range,
                "`make_c_struct` takes a list of (name, type) pairs",
            ));
        };
        let mut record_fields = Vec::new();
        for item in items {
            match item {
                Value::Tuple(pair) if pair.len() == 2 => match (&pair[0], &pair[1]) {
                    (Value::Str(field, _), Value::TypeObj(ty)) => {
                        record_fields.push((field.clone(), ty.ty()))
                    }
                    _ => {
                        return Err(self
                            .error(fields.range, "each field is a pair `('name', types.int32)`"));
                    }
                },
                _ => {
                    return Err(
                        self.error(fields.range, "each field is a pair `('name', types.int32)`")
                    );
                }
            }
        }
        let record = Rc::new(RecordDef {
            name: name.to_owned(),
            fields: record_fields,
        });
        self.add_record(Rc::clone(&record));
        Ok(Value::TypeObj(TypeObj::Record(record)))
    }

    fn add_record(&mut self, record: Rc<RecordDef>) {
        if !self.records_by_name.contains_key(&record.name) {
            self.records_by_name
                .insert(record.name.clone(), Rc::clone(&record));
            self.records.push(record);
        }
    }

    fn map_type(&mut self, call: &Expr, args: &[Expr], keywords: &[crate::ast::Keyword]) -> Eval {
        let [ctype_expr] = args else {
            return Err(self.error(call.range, "`map_type` takes a cffi type"));
        };
        let Value::CType(ctype) = self.eval(ctype_expr)? else {
            return Err(self.error(ctype_expr.range, "`map_type` takes `ffi.typeof(...)`"));
        };
        let use_record_dtype = keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "use_record_dtype"))
            .map(|k| matches!(k.value.kind, ExprKind::Bool(true)))
            .unwrap_or(false);
        let ffi_name = self.ffis.keys().next().cloned();
        let Some(ffi) = ffi_name.and_then(|name| self.ffis.get(&name)) else {
            return Err(Stop::Runtime);
        };
        match cdecl::map_type(ffi, &ctype, use_record_dtype) {
            Ok(mapped) => {
                for record in mapped.records() {
                    let def = self.record_from_layout(record);
                    self.add_record(def);
                }
                match mapped.signature() {
                    Some(signature) => Ok(Value::Signature(signature.clone())),
                    None => Err(self.error(
                        call.range,
                        "`map_type` of a non-function type is not a signature",
                    )),
                }
            }
            Err(error) => Err(self.error(call.range, format!("{error}"))),
        }
    }

    fn record_from_layout(&mut self, layout: &cfunc_runtime::types::Record) -> Rc<RecordDef> {
        if let Some(existing) = self.records_by_name.get(layout.name()) {
            return Rc::clone(existing);
        }
        let fields = layout
            .fields()
            .iter()
            .map(|field| (field.name.clone(), self.layout_type(&field.ty)))
            .collect();
        let record = Rc::new(RecordDef {
            name: layout.name().to_owned(),
            fields,
        });
        self.add_record(Rc::clone(&record));
        record
    }

    fn layout_type(&mut self, ty: &cfunc_runtime::types::Type) -> Ty {
        use cfunc_runtime::types::Type as Layout;
        match ty {
            Layout::Scalar(scalar) => scalar_ty(*scalar),
            Layout::Pointer(target) => match &**target {
                Layout::Scalar(Scalar::Void) => Ty::VoidPtr,
                other => Ty::Pointer(Box::new(self.layout_type(other))),
            },
            Layout::NestedArray { elem, shape } => Ty::NestedArray {
                dtype: Box::new(self.layout_type(elem)),
                shape: shape.clone(),
            },
            Layout::Record(record) => Ty::Record(self.record_from_layout(record)),
            #[allow(unreachable_patterns)]
            _ => Ty::None,
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
    let as_float = |c: &Const| match *c {
        Const::Int(v) => v as f64,
        Const::Float(v) => v,
        Const::Bool(v) => f64::from(u8::from(v)),
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

/// The names a statement outside the understood forms may bind.
fn bound_names(kind: &StmtKind) -> Vec<String> {
    let mut names = Vec::new();
    match kind {
        StmtKind::AugAssign { target, .. } | StmtKind::AnnAssign { target, .. } => {
            names.extend(target_names(target))
        }
        StmtKind::For {
            target,
            body,
            orelse,
            ..
        } => {
            names.extend(target_names(target));
            for stmt in body.iter().chain(orelse) {
                names.extend(bound_names(&stmt.kind));
            }
        }
        StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            for stmt in body.iter().chain(orelse) {
                names.extend(bound_names(&stmt.kind));
            }
        }
        StmtKind::Assign { targets, .. } => {
            for target in targets {
                names.extend(target_names(target));
            }
        }
        _ => {}
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
