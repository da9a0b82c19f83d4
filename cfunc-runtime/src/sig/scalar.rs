//! [`Scalar`]: the Numba scalar types with a C equivalent, their names and
//! aliases, and their C spelling (the Rust one is [`Type::rust`](super::Type::rust)).

use core::fmt;

/// A Numba scalar type that has a direct C equivalent.
///
/// The names follow `numba.types`; [`Scalar::from_name`] also accepts
/// Numba's aliases (`double`, `f8`, `intp`, ...).
///
/// ```
/// use cfunc_runtime::sig::Scalar;
///
/// assert_eq!(Scalar::from_name("double"), Some(Scalar::Float64));
/// assert_eq!(Scalar::Float64.name(), "float64");
/// assert_eq!(Scalar::Float64.c_type(), "double");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `boolean`: Rust `bool`, C `bool`.
    Boolean,
    /// `int8`: Rust `i8`, C `int8_t`.
    Int8,
    /// `int16`: Rust `i16`, C `int16_t`.
    Int16,
    /// `int32`: Rust `i32`, C `int32_t`.
    Int32,
    /// `int64`: Rust `i64`, C `int64_t`.
    Int64,
    /// `uint8`: Rust `u8`, C `uint8_t`.
    Uint8,
    /// `uint16`: Rust `u16`, C `uint16_t`.
    Uint16,
    /// `uint32`: Rust `u32`, C `uint32_t`.
    Uint32,
    /// `uint64`: Rust `u64`, C `uint64_t`.
    Uint64,
    /// `intc`: C `int`, Rust `c_int`.
    Intc,
    /// `uintc`: C `unsigned int`, Rust `c_uint`.
    Uintc,
    /// `intp`: pointer-sized signed integer, Rust `isize`, C `intptr_t`.
    Intp,
    /// `uintp`: pointer-sized unsigned integer, Rust `usize`, C `uintptr_t`.
    Uintp,
    /// `float32`: Rust `f32`, C `float`.
    Float32,
    /// `float64`: Rust `f64`, C `double`.
    Float64,
    /// `complex64`: two `float32`s, Rust [`Complex32`](num_complex::Complex32),
    /// C `float _Complex`.
    Complex64,
    /// `complex128`: two `float64`s, Rust [`Complex64`](num_complex::Complex64),
    /// C `double _Complex`.
    Complex128,
    /// `void`: no value; only valid as a return type.
    Void,
    /// `voidptr`: an untyped pointer, Rust `*mut c_void`, C `void *`.
    VoidPtr,
}

/// Numba's alternative spellings, each mapped to the scalar it denotes.
///
/// `float` is deliberately C's `float` (32 bits). Numba itself rejects
/// `float` in signature strings; accepting it with the C meaning is what a
/// reader of a C callback signature expects. Note also that Numba's `i8` and
/// `u8` count *bytes*: they are 64-bit, unlike Rust's `i8`/`u8`.
pub(super) const ALIASES: &[(&str, Scalar)] = &[
    ("bool_", Scalar::Boolean),
    ("b1", Scalar::Boolean),
    ("py_bool", Scalar::Boolean),
    ("c_bool", Scalar::Boolean),
    ("np_bool_", Scalar::Boolean),
    ("i1", Scalar::Int8),
    ("char", Scalar::Int8),
    ("c_int8", Scalar::Int8),
    ("np_int8", Scalar::Int8),
    ("i2", Scalar::Int16),
    ("short", Scalar::Int16),
    ("c_int16", Scalar::Int16),
    ("np_int16", Scalar::Int16),
    ("np_short", Scalar::Int16),
    ("i4", Scalar::Int32),
    ("c_int32", Scalar::Int32),
    ("np_int32", Scalar::Int32),
    ("i8", Scalar::Int64),
    ("int_", Scalar::Int64),
    ("long_", Scalar::Int64),
    ("longlong", Scalar::Int64),
    ("py_int", Scalar::Int64),
    ("c_int64", Scalar::Int64),
    ("np_int64", Scalar::Int64),
    ("np_int_", Scalar::Int64),
    ("np_long", Scalar::Int64),
    ("np_longlong", Scalar::Int64),
    ("u1", Scalar::Uint8),
    ("byte", Scalar::Uint8),
    ("uchar", Scalar::Uint8),
    ("c_uint8", Scalar::Uint8),
    ("np_uint8", Scalar::Uint8),
    ("np_uchar", Scalar::Uint8),
    ("u2", Scalar::Uint16),
    ("ushort", Scalar::Uint16),
    ("c_uint16", Scalar::Uint16),
    ("np_uint16", Scalar::Uint16),
    ("np_ushort", Scalar::Uint16),
    ("u4", Scalar::Uint32),
    ("c_uint32", Scalar::Uint32),
    ("np_uint32", Scalar::Uint32),
    ("u8", Scalar::Uint64),
    ("uint", Scalar::Uint64),
    ("ulong", Scalar::Uint64),
    ("ulonglong", Scalar::Uint64),
    ("c_uint64", Scalar::Uint64),
    ("np_uint64", Scalar::Uint64),
    ("np_uint", Scalar::Uint64),
    ("np_ulong", Scalar::Uint64),
    ("np_ulonglong", Scalar::Uint64),
    ("np_intc", Scalar::Intc),
    ("np_uintc", Scalar::Uintc),
    ("ssize_t", Scalar::Intp),
    ("c_intp", Scalar::Intp),
    ("np_intp", Scalar::Intp),
    ("size_t", Scalar::Uintp),
    ("c_uintp", Scalar::Uintp),
    ("np_uintp", Scalar::Uintp),
    ("f4", Scalar::Float32),
    ("float", Scalar::Float32),
    ("c_float32", Scalar::Float32),
    ("np_float32", Scalar::Float32),
    ("f8", Scalar::Float64),
    ("double", Scalar::Float64),
    ("py_float", Scalar::Float64),
    ("c_float64", Scalar::Float64),
    ("np_float64", Scalar::Float64),
    ("np_double", Scalar::Float64),
    ("c8", Scalar::Complex64),
    ("np_complex64", Scalar::Complex64),
    ("c16", Scalar::Complex128),
    ("np_complex128", Scalar::Complex128),
    ("py_complex", Scalar::Complex128),
    ("none", Scalar::Void),
];

impl Scalar {
    /// Every scalar, in declaration order.
    pub const ALL: [Scalar; 19] = [
        Scalar::Boolean,
        Scalar::Int8,
        Scalar::Int16,
        Scalar::Int32,
        Scalar::Int64,
        Scalar::Uint8,
        Scalar::Uint16,
        Scalar::Uint32,
        Scalar::Uint64,
        Scalar::Intc,
        Scalar::Uintc,
        Scalar::Intp,
        Scalar::Uintp,
        Scalar::Float32,
        Scalar::Float64,
        Scalar::Complex64,
        Scalar::Complex128,
        Scalar::Void,
        Scalar::VoidPtr,
    ];

    /// The canonical Numba name, e.g. `"float64"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Scalar::Boolean => "boolean",
            Scalar::Int8 => "int8",
            Scalar::Int16 => "int16",
            Scalar::Int32 => "int32",
            Scalar::Int64 => "int64",
            Scalar::Uint8 => "uint8",
            Scalar::Uint16 => "uint16",
            Scalar::Uint32 => "uint32",
            Scalar::Uint64 => "uint64",
            Scalar::Intc => "intc",
            Scalar::Uintc => "uintc",
            Scalar::Intp => "intp",
            Scalar::Uintp => "uintp",
            Scalar::Float32 => "float32",
            Scalar::Float64 => "float64",
            Scalar::Complex64 => "complex64",
            Scalar::Complex128 => "complex128",
            Scalar::Void => "void",
            Scalar::VoidPtr => "voidptr",
        }
    }

    /// Looks up a canonical name or a Numba alias (case-sensitive, without
    /// any `types.` prefix). `float` is C's `float`, i.e. [`Scalar::Float32`].
    ///
    /// ```
    /// use cfunc_runtime::sig::Scalar;
    ///
    /// assert_eq!(Scalar::from_name("intp"), Some(Scalar::Intp));
    /// assert_eq!(Scalar::from_name("size_t"), Some(Scalar::Uintp));
    /// assert_eq!(Scalar::from_name("Float64"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Scalar> {
        Scalar::ALL
            .into_iter()
            .find(|scalar| scalar.name() == name)
            .or_else(|| {
                ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == name)
                    .map(|&(_, scalar)| scalar)
            })
    }

    /// The C spelling, e.g. `"double"`, `"int32_t"`, `"double _Complex"` or
    /// `"void *"` (headers include `<stdbool.h>`, `<stdint.h>` and, when a
    /// complex type is used, `<complex.h>`).
    #[must_use]
    pub const fn c_type(self) -> &'static str {
        match self {
            Scalar::Boolean => "bool",
            Scalar::Int8 => "int8_t",
            Scalar::Int16 => "int16_t",
            Scalar::Int32 => "int32_t",
            Scalar::Int64 => "int64_t",
            Scalar::Uint8 => "uint8_t",
            Scalar::Uint16 => "uint16_t",
            Scalar::Uint32 => "uint32_t",
            Scalar::Uint64 => "uint64_t",
            Scalar::Intc => "int",
            Scalar::Uintc => "unsigned int",
            Scalar::Intp => "intptr_t",
            Scalar::Uintp => "uintptr_t",
            Scalar::Float32 => "float",
            Scalar::Float64 => "double",
            Scalar::Complex64 => "float _Complex",
            Scalar::Complex128 => "double _Complex",
            Scalar::Void => "void",
            Scalar::VoidPtr => "void *",
        }
    }

    /// Whether this is an integer type, signed or not. `boolean` is not.
    #[must_use]
    pub const fn is_integer(self) -> bool {
        matches!(
            self,
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
                | Scalar::Uintp
        )
    }

    /// Whether this is a *signed integer* type. Floats return `false`
    /// (ask [`Scalar::is_float`]) so that this answers "does it need sign
    /// extension", the question generated code asks.
    #[must_use]
    pub const fn is_signed(self) -> bool {
        matches!(
            self,
            Scalar::Int8
                | Scalar::Int16
                | Scalar::Int32
                | Scalar::Int64
                | Scalar::Intc
                | Scalar::Intp
        )
    }

    /// Whether this is `float32` or `float64`.
    #[must_use]
    pub const fn is_float(self) -> bool {
        matches!(self, Scalar::Float32 | Scalar::Float64)
    }

    /// Whether this is `complex64` or `complex128`.
    #[must_use]
    pub const fn is_complex(self) -> bool {
        matches!(self, Scalar::Complex64 | Scalar::Complex128)
    }

    /// The size of the value on the current target (`void` has size 0).
    /// Computed from the Rust type, so it matches the C ABI of the target
    /// this crate is compiled for.
    #[must_use]
    pub const fn size_in_bytes(self) -> usize {
        use core::mem::size_of;
        match self {
            Scalar::Boolean => size_of::<bool>(),
            Scalar::Int8 => size_of::<i8>(),
            Scalar::Int16 => size_of::<i16>(),
            Scalar::Int32 => size_of::<i32>(),
            Scalar::Int64 => size_of::<i64>(),
            Scalar::Uint8 => size_of::<u8>(),
            Scalar::Uint16 => size_of::<u16>(),
            Scalar::Uint32 => size_of::<u32>(),
            Scalar::Uint64 => size_of::<u64>(),
            Scalar::Intc => size_of::<core::ffi::c_int>(),
            Scalar::Uintc => size_of::<core::ffi::c_uint>(),
            Scalar::Intp => size_of::<isize>(),
            Scalar::Uintp => size_of::<usize>(),
            Scalar::Float32 => size_of::<f32>(),
            Scalar::Float64 => size_of::<f64>(),
            Scalar::Complex64 => size_of::<num_complex::Complex32>(),
            Scalar::Complex128 => size_of::<num_complex::Complex64>(),
            Scalar::Void => size_of::<()>(),
            Scalar::VoidPtr => size_of::<*mut core::ffi::c_void>(),
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
