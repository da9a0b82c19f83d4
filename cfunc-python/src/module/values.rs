//! The values of the module level: Numba type objects, constants,
//! foreign functions, cfunc declarations, and what a name stands for.

use crate::ast::FunctionDef;
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
        Scalar::Complex64 | Scalar::Complex128 => Ty::Complex { bits },
        Scalar::Void => Ty::None,
        Scalar::VoidPtr => Ty::VoidPtr,
        Scalar::Int8
        | Scalar::Int16
        | Scalar::Int32
        | Scalar::Int64
        | Scalar::Uint8
        | Scalar::Uint16
        | Scalar::Uint32
        | Scalar::Uint64
        | Scalar::Intc
        | Scalar::Uintc
        | Scalar::Intp
        | Scalar::Uintp => Ty::Int {
            signed: scalar.is_signed(),
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
        // C passes arrays as pointers: no signature slot holds one.
        Type::NestedArray { .. } => return None,
    })
}

/// What a module-level name bound to a cfunc holds, as in Python: the
/// `CFunc` object, `f.ctypes`, `f.address` or `LowLevelCallable(...)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CFuncForm {
    /// The object Numba's `@cfunc` makes.
    CFunc,
    /// Its `.ctypes`: a ctypes function.
    Ctypes,
    /// Its `.address`: an integer.
    Address,
    /// `scipy.LowLevelCallable(f.ctypes)`.
    LowLevelCallable,
}

/// The local names of a function the module level ran (a factory), with
/// their values.
pub type Scope = Rc<HashMap<String, Value>>;

/// A compile-time constant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Const {
    /// A Python int (within 128 bits).
    Int(i128),
    /// A Python float.
    Float(f64),
    /// `True` or `False`.
    Bool(bool),
    /// A Python complex (`2j`, `1 + 0.5j`): its real and imaginary parts.
    Complex(f64, f64),
}

impl Const {
    /// A constant given as text at build time (`cfunc build --const
    /// pkg.c=299792458.0`): an int, a float or `True`/`False`, written as
    /// Python and Rust both write them.
    ///
    /// ```
    /// use cfunc_python::Const;
    /// assert_eq!(Const::parse("-3"), Some(Const::Int(-3)));
    /// assert_eq!(Const::parse("2.5e8"), Some(Const::Float(2.5e8)));
    /// assert_eq!(Const::parse("True"), Some(Const::Bool(true)));
    /// assert_eq!(Const::parse("inf"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Const> {
        let text = text.trim();
        match text {
            "True" | "true" => return Some(Const::Bool(true)),
            "False" | "false" => return Some(Const::Bool(false)),
            _ => {}
        }
        let digits = text.strip_prefix('-').unwrap_or(text);
        let numeric = !digits.is_empty()
            && digits.starts_with(|c: char| c.is_ascii_digit())
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'));
        if !numeric {
            return None;
        }
        let cleaned = text.replace('_', "");
        if let Ok(int) = cleaned.parse::<i128>() {
            return Some(Const::Int(int));
        }
        cleaned
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .map(Const::Float)
    }
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
    /// The names it closes over, when a factory defined it: the
    /// factory's locals, as compile-time values.
    pub closure: Option<Scope>,
    pub signature: Signature,
    /// Where the signature is written, for errors about it.
    pub signature_range: TextRange,
    pub options: Rc<CfuncOptions>,
}

/// One entry of `locals={...}`.
#[derive(Clone, Debug)]
pub struct DeclaredLocal {
    pub name: String,
    pub ty: Ty,
    /// The entry's key, for errors about it.
    pub range: TextRange,
}

/// The options of `cfunc(sig, ...)` that change how the body is compiled.
#[derive(Clone, Debug, Default)]
pub struct CfuncOptions {
    pub error_model: ErrorModel,
    /// Numba's `locals={'name': type}`: locals whose type is declared, not
    /// inferred; every assignment converts to it.
    pub locals: Vec<DeclaredLocal>,
}

/// Numba's `error_model` option: what float division by zero does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorModel {
    /// Raise `ZeroDivisionError` (Numba's default for `@cfunc`).
    #[default]
    Python,
    /// Give `inf` or `nan`, as NumPy does: no check, so loops vectorize.
    Numpy,
}

/// What a module-level name stands for.
#[derive(Clone, Debug)]
pub enum Value {
    /// A module: `numba`, `numba.types`, `numpy`, `math`, `ctypes`, ...
    Module(&'static str),
    /// `numba.cfunc`.
    Cfunc,
    /// `cfunc(sig, ...)`, ready to decorate a function.
    CfuncDecorator(Signature, TextRange, Rc<CfuncOptions>),
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
    /// A Python function (plain or jitted), with the names it closes over
    /// when a factory defined it.
    PyFunction(Rc<FunctionDef>, Option<Scope>),
    /// `scipy.LowLevelCallable`.
    LowLevelCallable,
    /// A cfunc of the block, by name, as the `CFunc` object or one of the
    /// forms C libraries take it in.
    CFunc(String, CFuncForm),
    /// A name bound by code only Python runs.
    Opaque,
    /// A module cfunc does not load (`sys`, `pandas`), by its path: fine
    /// for module-level Python, an error where a cfunc uses it.
    PythonModule(String),
    /// A name imported from such a module, by the module's path.
    PythonName(String),
}
