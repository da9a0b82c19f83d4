//! The value types of the Python subset and Numba's typing rules for
//! them: the result types of operators and built-ins, and unification.
//!
//! The rules were read off Numba 0.68 (`njit` return types of small
//! functions over each argument type); the differential tests check the
//! values against Numba itself.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use std::fmt;
use std::rc::Rc;

/// A record type named in the block (by `make_c_struct` or a cffi
/// declaration); lowered to a `#[repr(C)]` struct of the same name.
#[derive(Debug, PartialEq)]
pub struct RecordDef {
    /// The C and Rust name.
    pub name: String,
    /// The fields, in order, with their types.
    pub fields: Vec<(String, Ty)>,
}

/// Array layout: Numba's `carray` (C) and `farray` (F).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Row-major, `carray`.
    C,
    /// Column-major, `farray`.
    F,
    /// Any strides (Numba's `A`): what slices with steps, columns of C
    /// arrays and other non-contiguous views are.
    A,
}

impl Layout {
    /// The runtime's type for this layout.
    pub fn tokens(self) -> TokenStream {
        match self {
            Layout::C => quote!(::cfunc::C),
            Layout::F => quote!(::cfunc::F),
            Layout::A => quote!(::cfunc::__private::array::A),
        }
    }
}

/// The type of a value in a cfunc body.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `boolean`.
    Bool,
    /// An integer.
    Int {
        /// Signed, or not.
        signed: bool,
        /// Its width: 8, 16, 32 or 64.
        bits: u8,
    },
    /// A float.
    Float {
        /// Its width: 32 or 64.
        bits: u8,
    },
    /// A complex number: `complex64` (two `float32`s, Rust `Complex32`)
    /// or `complex128` (two `float64`s, Rust `Complex64`).
    Complex {
        /// Its total width, as in Numba's name: 64 or 128.
        bits: u8,
    },
    /// `CPointer(T)`.
    Pointer(Box<Ty>),
    /// `voidptr`.
    VoidPtr,
    /// A `carray`/`farray` view, or a record's nested array.
    Array {
        /// The element type.
        dtype: Box<Ty>,
        /// The number of dimensions.
        ndim: usize,
        /// C or Fortran order.
        layout: Layout,
    },
    /// A record value (an element of a record array or pointer).
    Record(Rc<RecordDef>),
    /// A fixed array inside a record (`float af4[7]`): Rust `[T; N]`.
    NestedArray {
        /// The element type.
        dtype: Box<Ty>,
        /// The dimensions, outermost first.
        shape: Vec<usize>,
    },
    /// A tuple (shapes, multiple targets).
    Tuple(Vec<Ty>),
    /// `None` / a `void` result.
    None,
}

/// Numba's `int64`, the type of integer literals.
pub const INT64: Ty = Ty::Int {
    signed: true,
    bits: 64,
};
/// Numba's `uint64`.
pub const UINT64: Ty = Ty::Int {
    signed: false,
    bits: 64,
};
/// Numba's `float64`, the type of float literals.
pub const FLOAT64: Ty = Ty::Float { bits: 64 };
/// Numba's `float32`.
pub const FLOAT32: Ty = Ty::Float { bits: 32 };
/// Numba's `complex64`.
pub const COMPLEX64: Ty = Ty::Complex { bits: 64 };
/// Numba's `complex128`, the type of imaginary literals.
pub const COMPLEX128: Ty = Ty::Complex { bits: 128 };

impl Ty {
    /// Whether a value of this type carries a pointer (a record field, or a
    /// nested array or record of them).
    pub fn holds_pointers(&self) -> bool {
        match self {
            // A view is a pointer and a shape.
            Ty::Pointer(_) | Ty::VoidPtr | Ty::Array { .. } => true,
            Ty::Record(record) => record.fields.iter().any(|(_, ty)| ty.holds_pointers()),
            Ty::NestedArray { dtype, .. } => dtype.holds_pointers(),
            Ty::Tuple(items) => items.iter().any(Ty::holds_pointers),
            Ty::Bool | Ty::Int { .. } | Ty::Float { .. } | Ty::Complex { .. } | Ty::None => false,
        }
    }

    /// Whether a value of this type holds an array: in Rust a handle that
    /// is cloned, not copied, where Python copies a reference.
    pub fn holds_array(&self) -> bool {
        match self {
            Ty::Array { .. } => true,
            Ty::Tuple(items) => items.iter().any(Ty::holds_array),
            _ => false,
        }
    }

    /// Whether this is an integer (not `bool`).
    pub fn is_int(&self) -> bool {
        matches!(self, Ty::Int { .. })
    }

    /// Integers and booleans: what integer arithmetic takes.
    pub fn is_integral(&self) -> bool {
        matches!(self, Ty::Int { .. } | Ty::Bool)
    }

    /// Whether this is a float.
    pub fn is_float(&self) -> bool {
        matches!(self, Ty::Float { .. })
    }

    /// The Rust name of a bool, int or float type (`i32`, `f64`), which
    /// also names the runtime's functions of that type.
    pub fn scalar_name(&self) -> Option<String> {
        match self {
            Ty::Bool => Some("bool".to_owned()),
            Ty::Int { signed, bits } => Some(format!("{}{bits}", if *signed { "i" } else { "u" })),
            Ty::Float { bits } => Some(format!("f{bits}")),
            _ => None,
        }
    }

    /// Integers, booleans and floats (not complex numbers, which most
    /// operations do not take).
    pub fn is_numeric(&self) -> bool {
        self.is_integral() || self.is_float()
    }

    /// Whether this is a complex number.
    pub fn is_complex(&self) -> bool {
        matches!(self, Ty::Complex { .. })
    }

    /// Numbers of any kind: integers, booleans, floats and complex numbers.
    pub fn is_number(&self) -> bool {
        self.is_numeric() || self.is_complex()
    }

    /// The type of a complex number's parts (`float32` for `complex64`).
    pub fn complex_part(&self) -> Option<Ty> {
        match self {
            Ty::Complex { bits } => Some(Ty::Float { bits: bits / 2 }),
            _ => None,
        }
    }

    /// Signed integers and floats: whether a value can be negative.
    pub fn is_signed(&self) -> bool {
        matches!(self, Ty::Int { signed: true, .. } | Ty::Float { .. })
    }
}

/// The Rust type a value has in generated code.
impl ToTokens for Ty {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Ty::Bool | Ty::Int { .. } | Ty::Float { .. } => {
                let ident = format_ident!("{}", self.scalar_name().expect("a scalar"));
                quote!(#ident)
            }
            // num-complex names a complex type by its part's width.
            Ty::Complex { bits: 64 } => quote!(::cfunc::Complex32),
            Ty::Complex { .. } => quote!(::cfunc::Complex64),
            Ty::Pointer(target) => quote!(*mut #target),
            Ty::VoidPtr => quote!(*mut ::core::ffi::c_void),
            Ty::Array {
                dtype,
                ndim,
                layout,
            } => {
                let ndim = Literal::usize_unsuffixed(*ndim);
                let layout = layout.tokens();
                quote!(::cfunc::__private::array::Array<#dtype, #ndim, #layout>)
            }
            Ty::Record(record) => {
                let ident = Ident::new(&record.name, Span::call_site());
                quote!(#ident)
            }
            Ty::NestedArray { dtype, shape } => {
                shape.iter().rev().fold(quote!(#dtype), |inner, len| {
                    let len = Literal::usize_unsuffixed(*len);
                    quote!([#inner; #len])
                })
            }
            Ty::Tuple(items) => quote!((#(#items,)*)),
            Ty::None => quote!(()),
        });
    }
}

impl fmt::Display for Ty {
    /// Numba's names: `int64`, `float32`, `CPointer(float64)`,
    /// `array(float64, 2d, C)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::Int { signed, bits } => write!(f, "{}int{bits}", if *signed { "" } else { "u" }),
            Ty::Float { bits } => write!(f, "float{bits}"),
            Ty::Complex { bits } => write!(f, "complex{bits}"),
            Ty::Pointer(target) => write!(f, "CPointer({target})"),
            Ty::VoidPtr => f.write_str("voidptr"),
            Ty::Array {
                dtype,
                ndim,
                layout,
            } => write!(f, "array({dtype}, {ndim}d, {layout:?})"),
            Ty::Record(record) => write!(f, "Record({})", record.name),
            Ty::NestedArray { dtype, shape } => {
                let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
                write!(f, "nestedarray({dtype}, ({},))", dims.join(", "))
            }
            Ty::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Ty::to_string).collect();
                write!(f, "Tuple({})", items.join(", "))
            }
            Ty::None => f.write_str("none"),
        }
    }
}

fn int(signed: bool, bits: u8) -> Ty {
    Ty::Int { signed, bits }
}

/// The machine-width integer an integer operation computes in: 64 bits,
/// signed if either operand is (Numba: `int64 + uint64` is `int64`).
fn machine_int(a: &Ty, b: &Ty) -> Ty {
    let unsigned = |ty: &Ty| matches!(ty, Ty::Int { signed: false, .. });
    int(!(unsigned(a) && unsigned(b)), 64)
}

/// The float an operation between `a` and `b` computes in: `float32` only
/// when both sides are `float32` (or a bool); `float64` otherwise.
fn arithmetic_float(a: &Ty, b: &Ty) -> Ty {
    let fits_float32 = |ty: &Ty| matches!(ty, Ty::Float { bits: 32 } | Ty::Bool);
    if fits_float32(a) && fits_float32(b) {
        FLOAT32
    } else {
        FLOAT64
    }
}

/// The complex type `a + b`, `a - b`, `a * b` and `a / b` compute in when
/// either side is complex; `None` if neither is, or the other is not a
/// number. `complex64` stays `complex64` only with `complex64`, `float32`,
/// `bool`, `int8`, `int16` and `uint8` (Numba 0.68: `complex64 + uint16`
/// is `complex128`, though their unification is `complex64`).
pub fn complex_arithmetic(a: &Ty, b: &Ty) -> Option<Ty> {
    if !(a.is_complex() || b.is_complex()) || !(a.is_number() && b.is_number()) {
        return None;
    }
    let keeps_complex64 = |ty: &Ty| {
        matches!(
            ty,
            Ty::Complex { bits: 64 }
                | Ty::Float { bits: 32 }
                | Ty::Bool
                | Ty::Int {
                    signed: true,
                    bits: 8 | 16
                }
                | Ty::Int {
                    signed: false,
                    bits: 8
                }
        )
    };
    Some(if keeps_complex64(a) && keeps_complex64(b) {
        COMPLEX64
    } else {
        COMPLEX128
    })
}

/// The result of `a + b`, `a - b`, `a * b`, `a // b`, `a % b` on real
/// numbers (see [`complex_arithmetic`] for complex ones).
pub fn arithmetic(a: &Ty, b: &Ty) -> Option<Ty> {
    if !(a.is_numeric() && b.is_numeric()) {
        return None;
    }
    Some(if a.is_float() || b.is_float() {
        arithmetic_float(a, b)
    } else {
        machine_int(a, b)
    })
}

/// The result of `a / b`: always a float.
pub fn true_division(a: &Ty, b: &Ty) -> Option<Ty> {
    if !(a.is_numeric() && b.is_numeric()) {
        return None;
    }
    Some(if a.is_float() || b.is_float() {
        arithmetic_float(a, b)
    } else {
        FLOAT64
    })
}

/// The result of `a ** b`: integer powers stay integers (a negative
/// exponent gives 0, as in Numba); a `float32` base keeps `float32` for an
/// integer exponent.
pub fn power(a: &Ty, b: &Ty) -> Option<Ty> {
    if !(a.is_numeric() && b.is_numeric()) {
        return None;
    }
    Some(match (a.is_float(), b.is_float()) {
        (false, false) => machine_int(a, b),
        (true, false) => a.clone(),
        _ => arithmetic_float(a, b),
    })
}

/// The result of `&`, `|`, `^`: integers only; two booleans stay boolean.
pub fn bitwise(a: &Ty, b: &Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Bool, Ty::Bool) => Some(Ty::Bool),
        _ if a.is_integral() && b.is_integral() => Some(machine_int(a, b)),
        _ => None,
    }
}

/// The result of `<<`, `>>`: integers only.
pub fn shift(a: &Ty, b: &Ty) -> Option<Ty> {
    (a.is_integral() && b.is_integral()).then(|| {
        let unsigned = matches!(a, Ty::Int { signed: false, .. });
        int(!unsigned, 64)
    })
}

/// The result of `-x` and `+x`.
pub fn negate(a: &Ty) -> Option<Ty> {
    match a {
        Ty::Bool => Some(INT64),
        Ty::Int { signed, .. } => Some(int(*signed, 64)),
        Ty::Float { .. } | Ty::Complex { .. } => Some(a.clone()),
        _ => None,
    }
}

/// The result of `~x`.
pub fn invert(a: &Ty) -> Option<Ty> {
    match a {
        Ty::Bool => Some(Ty::Bool),
        Ty::Int { signed, .. } => Some(int(*signed, 64)),
        _ => None,
    }
}

/// Numba's unification of two types a variable is assigned (NumPy's
/// promotion for numbers): `int64` and `float64` give `float64`, `int64`
/// and `uint64` give `float64`, `uint8` and `int8` give `int16`.
pub fn unify(a: &Ty, b: &Ty) -> Option<Ty> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Ty::Bool, other) | (other, Ty::Bool) if other.is_number() => Some(other.clone()),
        (Ty::Complex { bits: x }, Ty::Complex { bits: y }) => Some(Ty::Complex { bits: *x.max(y) }),
        // A complex64 holds what a float32 holds: float32 and integers of
        // up to 16 bits (Numba 0.68).
        (Ty::Complex { bits: 64 }, other) | (other, Ty::Complex { bits: 64 })
            if other.is_numeric() =>
        {
            Some(match other {
                Ty::Float { bits: 32 } | Ty::Int { bits: 8 | 16, .. } => COMPLEX64,
                _ => COMPLEX128,
            })
        }
        (Ty::Complex { .. }, other) | (other, Ty::Complex { .. }) if other.is_numeric() => {
            Some(COMPLEX128)
        }
        (Ty::Float { bits: x }, Ty::Float { bits: y }) => Some(Ty::Float { bits: *x.max(y) }),
        (Ty::Float { bits }, Ty::Int { bits: int_bits, .. })
        | (Ty::Int { bits: int_bits, .. }, Ty::Float { bits }) => {
            // A float holds the integer exactly only if its mantissa is wide
            // enough: int8/int16 fit float32, wider integers need float64.
            Some(if *bits == 32 && *int_bits <= 16 {
                FLOAT32
            } else {
                FLOAT64
            })
        }
        (
            Ty::Int {
                signed: s1,
                bits: b1,
            },
            Ty::Int {
                signed: s2,
                bits: b2,
            },
        ) => {
            if s1 == s2 {
                Some(int(*s1, *b1.max(b2)))
            } else {
                let (signed_bits, unsigned_bits) = if *s1 { (*b1, *b2) } else { (*b2, *b1) };
                if unsigned_bits < signed_bits {
                    Some(int(true, signed_bits))
                } else if unsigned_bits < 64 {
                    Some(int(true, unsigned_bits * 2))
                } else {
                    Some(FLOAT64)
                }
            }
        }
        (Ty::Tuple(xs), Ty::Tuple(ys)) if xs.len() == ys.len() => xs
            .iter()
            .zip(ys)
            .map(|(x, y)| unify(x, y))
            .collect::<Option<Vec<_>>>()
            .map(Ty::Tuple),
        _ => None,
    }
}

/// The type of a reduction of an array of `dtype`, as Numba 0.68 types
/// it (read off `njit` signatures): `sum` and `prod` of integers and
/// bools in 64 bits (unsigned stays unsigned), of floats in their own
/// width; `mean` in `float64`, but `float32` for `float32`; `var`, `std`
/// and `nanmean` in `float64`; `min`, `max` and their NaN-aware forms in
/// `dtype`; `argmin`/`argmax` in `int64`; `any`/`all` in `bool`. `None`
/// for the dtypes cfunc does not reduce (complex numbers, records,
/// pointers).
pub(crate) fn reduction_type(reduction: crate::tir::Reduction, dtype: &Ty) -> Option<Ty> {
    use crate::tir::Reduction as R;
    let mean = match dtype {
        Ty::Float { bits: 32 } => FLOAT32,
        _ => FLOAT64,
    };
    let total = match dtype {
        Ty::Bool => INT64,
        Ty::Int { signed, .. } => int(*signed, 64),
        Ty::Float { .. } => dtype.clone(),
        _ => return None,
    };
    Some(match reduction {
        // Numba: the two middle elements' mean is float64, whatever the
        // dtype; bools have no median.
        R::Median | R::NanMedian if *dtype == Ty::Bool => return None,
        R::Median | R::NanMedian => FLOAT64,
        R::Sum | R::Prod | R::NanSum | R::NanProd => total,
        R::Mean => mean,
        R::Var | R::Std | R::NanMean => FLOAT64,
        R::Min | R::Max | R::NanMin | R::NanMax => dtype.clone(),
        R::ArgMin | R::ArgMax => INT64,
        R::Any | R::All => Ty::Bool,
    })
}

/// The result of a `math.*`/`np.*` float function of `x` (`exp`, `sqrt`,
/// `sin`, ...): `float32` stays `float32`, integers give `float64`.
pub fn float_function(x: &Ty) -> Option<Ty> {
    match x {
        Ty::Float { .. } => Some(x.clone()),
        Ty::Int { .. } | Ty::Bool => Some(FLOAT64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INT32: Ty = Ty::Int {
        signed: true,
        bits: 32,
    };
    const UINT32: Ty = Ty::Int {
        signed: false,
        bits: 32,
    };

    #[test]
    fn arithmetic_follows_numba() {
        assert_eq!(arithmetic(&INT32, &INT32), Some(INT64));
        assert_eq!(arithmetic(&INT64, &UINT64), Some(INT64));
        assert_eq!(arithmetic(&UINT32, &UINT32), Some(UINT64));
        assert_eq!(arithmetic(&Ty::Bool, &Ty::Bool), Some(INT64));
        assert_eq!(arithmetic(&INT64, &FLOAT32), Some(FLOAT64));
        assert_eq!(arithmetic(&FLOAT32, &FLOAT32), Some(FLOAT32));
        assert_eq!(arithmetic(&INT32, &FLOAT32), Some(FLOAT64));
        assert_eq!(arithmetic(&FLOAT32, &FLOAT64), Some(FLOAT64));
        assert_eq!(true_division(&INT32, &INT32), Some(FLOAT64));
        assert_eq!(true_division(&FLOAT32, &FLOAT32), Some(FLOAT32));
        assert_eq!(power(&FLOAT32, &INT32), Some(FLOAT32));
        assert_eq!(power(&INT32, &INT32), Some(INT64));
        assert_eq!(power(&INT64, &FLOAT64), Some(FLOAT64));
        assert_eq!(negate(&UINT32), Some(UINT64));
        assert_eq!(bitwise(&Ty::Bool, &Ty::Bool), Some(Ty::Bool));
        assert_eq!(bitwise(&INT64, &UINT64), Some(INT64));
    }

    #[test]
    fn unification_follows_numpy_promotion() {
        assert_eq!(unify(&INT64, &FLOAT64), Some(FLOAT64));
        assert_eq!(unify(&Ty::Bool, &INT64), Some(INT64));
        assert_eq!(unify(&INT64, &UINT64), Some(FLOAT64));
        assert_eq!(unify(&INT32, &UINT32), Some(INT64));
        assert_eq!(unify(&INT64, &FLOAT32), Some(FLOAT64));
        assert_eq!(
            unify(
                &Ty::Int {
                    signed: false,
                    bits: 8
                },
                &Ty::Int {
                    signed: true,
                    bits: 8
                }
            ),
            Some(Ty::Int {
                signed: true,
                bits: 16
            })
        );
        assert_eq!(unify(&INT64, &Ty::Tuple(vec![INT64])), None);
    }
}
