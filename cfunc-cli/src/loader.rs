//! The Python loader written next to the library: the cfuncs as objects
//! with Numba's `CFunc` interface (`.address`, `.native_name`, `.ctypes`,
//! calling), plus `.signature` and `.llc`, and the records as
//! `ctypes.Structure` classes and NumPy dtypes. Standard library only;
//! NumPy and SciPy are used when present.

use cfunc_python::types::{RecordDef, Ty};
use cfunc_python::{CFuncForm, Output};
use cfunc_runtime::sig::{Scalar, Type};
use std::fmt::Write as _;
use std::path::Path;

fn scalar_ctype(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Boolean => "ctypes.c_bool",
        Scalar::Int8 => "ctypes.c_int8",
        Scalar::Int16 => "ctypes.c_int16",
        Scalar::Int32 => "ctypes.c_int32",
        Scalar::Int64 => "ctypes.c_int64",
        Scalar::Uint8 => "ctypes.c_uint8",
        Scalar::Uint16 => "ctypes.c_uint16",
        Scalar::Uint32 => "ctypes.c_uint32",
        Scalar::Uint64 => "ctypes.c_uint64",
        Scalar::Intc => "ctypes.c_int",
        Scalar::Uintc => "ctypes.c_uint",
        Scalar::Intp => "ctypes.c_ssize_t",
        Scalar::Uintp => "ctypes.c_size_t",
        Scalar::Float32 => "ctypes.c_float",
        Scalar::Float64 => "ctypes.c_double",
        Scalar::Complex64 => "_complex64",
        Scalar::Complex128 => "_complex128",
        Scalar::Void => "None",
        Scalar::VoidPtr => "ctypes.c_void_p",
    }
}

/// The ctypes type of a signature type, as Numba's `.ctypes` has it
/// (`CPointer(float64)` is `POINTER(c_double)`).
fn sig_ctype(ty: &Type) -> String {
    match ty {
        Type::Scalar(scalar) => scalar_ctype(*scalar).to_owned(),
        Type::Pointer(target) => format!("ctypes.POINTER({})", sig_ctype(target)),
        Type::Record(name) => name.clone(),
        Type::NestedArray { elem, shape } => shape
            .iter()
            .rev()
            .fold(sig_ctype(elem), |inner, len| format!("({inner} * {len})")),
    }
}

fn field_ctype(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "ctypes.c_bool".to_owned(),
        Ty::Int { signed, bits } => format!("ctypes.c_{}int{bits}", if *signed { "" } else { "u" }),
        Ty::Float { bits: 32 } => "ctypes.c_float".to_owned(),
        Ty::Float { .. } => "ctypes.c_double".to_owned(),
        Ty::Pointer(target) => format!("ctypes.POINTER({})", field_ctype(target)),
        Ty::Record(record) => record.name.clone(),
        Ty::NestedArray { dtype, shape } => {
            shape.iter().rev().fold(field_ctype(dtype), |inner, len| {
                format!("({inner} * {len})")
            })
        }
        _ => "ctypes.c_void_p".to_owned(),
    }
}

/// A NumPy dtype field: `("name", "<f4")`, `("af4", "<f4", (7,))`.
fn field_dtype(name: &str, ty: &Ty) -> String {
    let base = |ty: &Ty| match ty {
        Ty::Bool => "'?'".to_owned(),
        Ty::Int { signed, bits } => format!("'<{}{}'", if *signed { "i" } else { "u" }, bits / 8),
        Ty::Float { bits } => format!("'<f{}'", bits / 8),
        Ty::Record(record) => format!("{}.dtype", record.name),
        _ => "np.uintp".to_owned(),
    };
    match ty {
        Ty::NestedArray { dtype, shape } => {
            let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
            format!("({name:?}, {}, ({},))", base(dtype), dims.join(", "))
        }
        other => format!("({name:?}, {})", base(other)),
    }
}

fn record_class(out: &mut String, record: &RecordDef) {
    let name = &record.name;
    let _ = writeln!(out, "class {name}(ctypes.Structure):");
    let _ = writeln!(out, "    \"\"\"The C struct `{name}`.\"\"\"");
    let _ = writeln!(out, "    _fields_ = [");
    for (field, ty) in &record.fields {
        let _ = writeln!(out, "        ({field:?}, {}),", field_ctype(ty));
    }
    let fields: Vec<String> = record
        .fields
        .iter()
        .map(|(field, ty)| field_dtype(field, ty))
        .collect();
    let _ = writeln!(out, "    ]");
    let _ = writeln!(
        out,
        "    dtype = _LazyDtype(lambda np: np.dtype([{}], align=True))\n",
        fields.join(", ")
    );
    let _ = writeln!(out, "_RECORDS[{name:?}] = {name}\n");
}

pub fn python_module(name: &str, source: &Path, output: &Output) -> String {
    let mut out = String::new();
    let source_name = source
        .file_name()
        .map_or_else(String::new, |file| file.to_string_lossy().into_owned());
    let _ = write!(
        out,
        r#""""The cfuncs of {source_name}, compiled ahead of time by `cfunc build`.

Each cfunc has Numba's `CFunc` interface: `.address`, `.native_name`,
`.ctypes` (a ctypes function with argtypes and restype set), and calling
it calls the compiled code; plus `.signature` and `.llc` (a
`scipy.LowLevelCallable`).
"""

import ctypes
import os

_lib = ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib{name}.so"))


class CFunc:
    """A compiled C callback, with the interface of Numba's `CFunc`."""

    def __init__(self, name, native_name, signature, restype, argtypes):
        self.__name__ = name
        self.native_name = native_name
        self.signature = signature
        self.address = ctypes.cast(getattr(_lib, native_name), ctypes.c_void_p).value
        self.ctypes = ctypes.CFUNCTYPE(restype, *argtypes)(self.address)
        self._llc = None
        self._call = self.ctypes
        complex_types = (_complex64, _complex128)
        if restype in complex_types or any(arg in complex_types for arg in argtypes):
            self._call = _ByrefCall(native_name, restype, argtypes)

    def __call__(self, *args):
        return self._call(*args)

    @property
    def llc(self):
        """A `scipy.LowLevelCallable` for the function, made on first use."""
        if self._llc is None:
            import scipy

            self._llc = scipy.LowLevelCallable(self.ctypes)
        return self._llc

    def __repr__(self):
        return "<cfunc {{}} {{}} at {{:#x}}>".format(self.__name__, self.signature, self.address)


class _ComplexMixin:
    """C's `float _Complex`/`double _Complex` as a ctypes structure of its two
    parts, which C passes and returns as it does the complex type; a Python
    number is accepted where one is expected."""

    @classmethod
    def from_param(cls, value):
        if isinstance(value, cls):
            return value
        value = complex(value)
        return cls(value.real, value.imag)

    def __complex__(self):
        return complex(self.real, self.imag)

    def __repr__(self):
        return "{{}}({{!r}})".format(type(self).__name__, complex(self))


class _complex64(_ComplexMixin, ctypes.Structure):
    _fields_ = [("real", ctypes.c_float), ("imag", ctypes.c_float)]


class _complex128(_ComplexMixin, ctypes.Structure):
    _fields_ = [("real", ctypes.c_double), ("imag", ctypes.c_double)]


class _ByrefCall:
    """Calls the twin `<native_name>_byref` that the library exports for a
    function with complex arguments or result: Python's ctypes has no complex
    type, so each complex goes by pointer and the result comes back through
    a last `out` pointer."""

    def __init__(self, native_name, restype, argtypes):
        complex_types = (_complex64, _complex128)
        self._complex_args = [arg if arg in complex_types else None for arg in argtypes]
        self._complex_result = restype if restype in complex_types else None
        twin_args = [ctypes.POINTER(arg) if arg in complex_types else arg for arg in argtypes]
        if self._complex_result is not None:
            twin_args.append(ctypes.POINTER(restype))
            restype = None
        self._twin = ctypes.CFUNCTYPE(restype, *twin_args)(
            ctypes.cast(getattr(_lib, native_name + "_byref"), ctypes.c_void_p).value
        )

    def __call__(self, *args):
        if len(args) != len(self._complex_args):
            raise TypeError(
                "this function takes {{}} arguments ({{}} given)".format(len(self._complex_args), len(args))
            )
        converted = []
        for value, complex_type in zip(args, self._complex_args):
            if complex_type is None:
                converted.append(value)
            else:
                value = complex(value)
                converted.append(ctypes.byref(complex_type(value.real, value.imag)))
        if self._complex_result is None:
            return self._twin(*converted)
        out = self._complex_result()
        self._twin(*converted, ctypes.byref(out))
        return complex(out.real, out.imag)


class _LazyDtype:
    """A record's NumPy dtype, made on first use: importing NumPy takes
    longer than loading the library, and NumPy is optional (None without it)."""

    def __init__(self, make):
        self._make = make
        self._dtype = None

    def __get__(self, instance, owner):
        if self._dtype is None:
            try:
                import numpy
            except ImportError:
                return None
            self._dtype = self._make(numpy)
        return self._dtype


_RECORDS = {{}}


def __getattr__(name):
    """`my_struct_dtype`: the dtype of the record `my_struct`."""
    if name.endswith("_dtype") and name[: -len("_dtype")] in _RECORDS:
        return _RECORDS[name[: -len("_dtype")]].dtype
    raise AttributeError("module {{!r}} has no attribute {{!r}}".format(__name__, name))


"#
    );
    for record in &output.record_defs {
        record_class(&mut out, record);
    }
    for cfunc in &output.cfuncs {
        let signature = &cfunc.signature;
        let argtypes: Vec<String> = signature.args.iter().map(sig_ctype).collect();
        let _ = writeln!(
            out,
            "{0} = CFunc({0:?}, {4:?}, {1:?}, {2}, [{3}])",
            cfunc.name,
            signature.to_string(),
            sig_ctype(&signature.ret),
            argtypes.join(", "),
            cfunc.native_name,
        );
    }
    // What the module bound to a form of a cfunc (a factory that returns
    // `LowLevelCallable(wrapped.ctypes)`, say), the name holds here too.
    for (name, cfunc, form) in &output.cfunc_forms {
        let value = match form {
            CFuncForm::CFunc => cfunc.clone(),
            CFuncForm::Ctypes => format!("{cfunc}.ctypes"),
            CFuncForm::Address => format!("{cfunc}.address"),
            CFuncForm::LowLevelCallable => format!("{cfunc}.llc"),
        };
        let _ = writeln!(out, "{name} = {value}");
    }
    let names: Vec<String> = output
        .record_defs
        .iter()
        .map(|record| format!("{:?}", record.name))
        .chain(
            output
                .cfuncs
                .iter()
                .map(|cfunc| format!("{:?}", cfunc.name)),
        )
        .collect();
    let _ = writeln!(out, "\n__all__ = [{}]", names.join(", "));
    out
}
