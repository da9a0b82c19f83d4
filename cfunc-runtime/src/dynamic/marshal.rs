//! Checking values against signature slots and laying them out for libffi.

use super::error::DynError;
use super::value::{BufferElement, Value, element_type};
use crate::sig::{Scalar, Type};
use core::ffi::c_void;
use libffi::middle::{Cif, CodePtr};

/// How libffi passes a slot: the C type behind each signature type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Void,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Pointer,
}

impl Kind {
    pub(crate) fn of(ty: &Type) -> Result<Kind, DynError> {
        Ok(match ty {
            Type::Pointer(_) | Type::Scalar(Scalar::VoidPtr) => Kind::Pointer,
            Type::Record(name) => return Err(DynError::RecordByValue { name: name.clone() }),
            Type::Scalar(scalar) => Kind::of_scalar(*scalar),
        })
    }

    pub(crate) fn of_scalar(scalar: Scalar) -> Kind {
        // Sized by the Rust types, so `intc`/`intp` follow the target.
        fn signed(size: usize) -> Kind {
            match size {
                1 => Kind::I8,
                2 => Kind::I16,
                4 => Kind::I32,
                _ => Kind::I64,
            }
        }
        fn unsigned(size: usize) -> Kind {
            match size {
                1 => Kind::U8,
                2 => Kind::U16,
                4 => Kind::U32,
                _ => Kind::U64,
            }
        }
        match scalar {
            Scalar::Void => Kind::Void,
            Scalar::Boolean => Kind::Bool,
            Scalar::Float32 => Kind::F32,
            Scalar::Float64 => Kind::F64,
            Scalar::VoidPtr => Kind::Pointer,
            integer if integer.is_signed() => signed(integer.size_in_bytes()),
            integer => unsigned(integer.size_in_bytes()),
        }
    }

    pub(crate) fn ffi_type(self) -> libffi::middle::Type {
        use libffi::middle::Type as T;
        match self {
            Kind::Void => T::void(),
            Kind::Bool | Kind::U8 => T::u8(),
            Kind::I8 => T::i8(),
            Kind::I16 => T::i16(),
            Kind::I32 => T::i32(),
            Kind::I64 => T::i64(),
            Kind::U16 => T::u16(),
            Kind::U32 => T::u32(),
            Kind::U64 => T::u64(),
            Kind::F32 => T::f32(),
            Kind::F64 => T::f64(),
            Kind::Pointer => T::pointer(),
        }
    }

    fn integer_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Kind::I8 => (i8::MIN.into(), i8::MAX.into()),
            Kind::I16 => (i16::MIN.into(), i16::MAX.into()),
            Kind::I32 => (i32::MIN.into(), i32::MAX.into()),
            Kind::I64 => (i64::MIN.into(), i64::MAX.into()),
            Kind::U8 => (0, u8::MAX.into()),
            Kind::U16 => (0, u16::MAX.into()),
            Kind::U32 => (0, u32::MAX.into()),
            Kind::U64 => (0, u64::MAX.into()),
            _ => return None,
        })
    }
}

/// One argument as libffi reads it: the C value in the first bytes of an
/// 8-byte aligned cell.
#[derive(Clone, Copy, Default)]
#[repr(C, align(8))]
pub(crate) struct Cell([u8; 8]);

impl Cell {
    fn of<T: Copy>(value: T) -> Cell {
        const { assert!(core::mem::size_of::<T>() <= 8) };
        let mut cell = Cell::default();
        // SAFETY: `T` fits in the 8 aligned bytes of the cell (asserted above).
        unsafe { cell.0.as_mut_ptr().cast::<T>().write(value) };
        cell
    }

    pub(crate) fn bytes(&self) -> [u8; 8] {
        self.0
    }

    pub(crate) fn as_arg(&self) -> libffi::middle::Arg<'_> {
        libffi::middle::Arg::new(self)
    }
}

/// "float64", "CPointer(float64) (a buffer of float64 or a raw pointer)".
fn describe_slot(slot: &Type) -> String {
    match slot {
        Type::Pointer(target) if matches!(**target, Type::Scalar(_) | Type::Record(_)) => {
            format!("{slot} (a buffer of {target} or a raw pointer)")
        }
        Type::Scalar(Scalar::VoidPtr) => {
            "voidptr (a pointer, a buffer, a C string or null)".to_owned()
        }
        other => other.to_string(),
    }
}

fn mismatch(position: usize, slot: &Type, value: &Value<'_>, detail: &str) -> DynError {
    DynError::ArgumentType {
        position,
        expected: describe_slot(slot),
        found: format!("{}{detail}", value.describe()),
    }
}

/// Whether a buffer of `element` may be passed for `CPointer(target)`.
fn buffer_fits(target: &Type, element: BufferElement) -> bool {
    match (target, element) {
        (Type::Scalar(want), BufferElement::Scalar(have)) => {
            want == &have
                || (want.is_integer()
                    && have.is_integer()
                    && want.is_signed() == have.is_signed()
                    && want.size_in_bytes() == have.size_in_bytes())
                // `char *` buffers: C strings and bytes either way.
                || (matches!(want, Scalar::Int8 | Scalar::Uint8)
                    && matches!(have, Scalar::Int8 | Scalar::Uint8))
        }
        (Type::Record(want), BufferElement::Record(have)) => want == have,
        _ => false,
    }
}

/// Checks `value` against `slot` (passed as `kind`) and lays it out.
pub(crate) fn marshal(
    position: usize,
    slot: &Type,
    kind: Kind,
    value: &Value<'_>,
) -> Result<Cell, DynError> {
    match kind {
        Kind::Void => unreachable!("the signature grammar has no void arguments"),
        Kind::Pointer => marshal_pointer(position, slot, value),
        Kind::Bool => match value {
            Value::Bool(flag) => Ok(Cell::of(u8::from(*flag))),
            other => Err(mismatch(position, slot, other, "")),
        },
        Kind::F32 | Kind::F64 => {
            let number = match value {
                Value::F64(number) => *number,
                Value::F32(number) => f64::from(*number),
                other => match other.as_i128() {
                    Some(integer) if !matches!(other, Value::Bool(_)) => {
                        let float = integer as f64;
                        if float as i128 != integer {
                            return Err(mismatch(position, slot, other, " (not exact as a float)"));
                        }
                        float
                    }
                    _ => return Err(mismatch(position, slot, other, "")),
                },
            };
            Ok(if kind == Kind::F32 {
                // ctypes rounds a Python float to `c_float` the same way.
                Cell::of(number as f32)
            } else {
                Cell::of(number)
            })
        }
        integer_kind => {
            let (low, high) = integer_kind.integer_range().expect("an integer kind");
            let Some(integer) = value.as_i128() else {
                return Err(mismatch(position, slot, value, ""));
            };
            if integer < low || integer > high {
                return Err(mismatch(position, slot, value, " (out of range)"));
            }
            Ok(match integer_kind {
                Kind::I8 => Cell::of(integer as i8),
                Kind::I16 => Cell::of(integer as i16),
                Kind::I32 => Cell::of(integer as i32),
                Kind::I64 => Cell::of(integer as i64),
                Kind::U8 => Cell::of(integer as u8),
                Kind::U16 => Cell::of(integer as u16),
                Kind::U32 => Cell::of(integer as u32),
                _ => Cell::of(integer as u64),
            })
        }
    }
}

fn marshal_pointer(position: usize, slot: &Type, value: &Value<'_>) -> Result<Cell, DynError> {
    let pointer_cell = |pointer: *mut c_void| Ok(Cell::of(pointer));
    match (slot, value) {
        // A raw pointer is the caller's word, for any pointer slot.
        (_, Value::Pointer(pointer)) => pointer_cell(*pointer),
        (Type::Scalar(Scalar::VoidPtr), Value::Null) => pointer_cell(core::ptr::null_mut()),
        (Type::Scalar(Scalar::VoidPtr), other) => match other.as_pointer() {
            Some(pointer) => pointer_cell(pointer),
            None => Err(mismatch(position, slot, other, "")),
        },
        (Type::Pointer(_), Value::Null) => Err(mismatch(
            position,
            slot,
            value,
            "; a buffer is needed here (pass `Value::Pointer(ptr::null_mut())` if C accepts NULL)",
        )),
        (Type::Pointer(target), other) => match other.buffer_element() {
            Some(element) if buffer_fits(target, element) => {
                pointer_cell(other.as_pointer().expect("buffers have pointers"))
            }
            Some(element) => Err(mismatch(
                position,
                slot,
                other,
                &format!(" (elements are {}, not {target})", element_type(element)),
            )),
            None => Err(mismatch(position, slot, other, "")),
        },
        (_, other) => Err(mismatch(position, slot, other, "")),
    }
}

/// Calls `code` through `cif` and converts the result of `kind`.
///
/// # Safety
///
/// `code` is a function with the C signature `cif` describes, and `args`
/// point at cells laid out for it.
pub(crate) unsafe fn call_and_convert(
    cif: &Cif,
    code: CodePtr,
    kind: Kind,
    args: &[libffi::middle::Arg<'_>],
) -> Value<'static> {
    // SAFETY (all arms): the caller guarantees that `code` has the signature
    // `cif` was prepared for, whose return type is `kind`.
    unsafe {
        match kind {
            Kind::Void => {
                cif.call::<()>(code, args);
                Value::Void
            }
            Kind::Bool => Value::Bool(cif.call::<u8>(code, args) != 0),
            Kind::I8 => Value::I8(cif.call(code, args)),
            Kind::I16 => Value::I16(cif.call(code, args)),
            Kind::I32 => Value::I32(cif.call(code, args)),
            Kind::I64 => Value::I64(cif.call(code, args)),
            Kind::U8 => Value::U8(cif.call(code, args)),
            Kind::U16 => Value::U16(cif.call(code, args)),
            Kind::U32 => Value::U32(cif.call(code, args)),
            Kind::U64 => Value::U64(cif.call(code, args)),
            Kind::F32 => Value::F32(cif.call(code, args)),
            Kind::F64 => Value::F64(cif.call(code, args)),
            Kind::Pointer => Value::Pointer(cif.call(code, args)),
        }
    }
}

/// The value a C function of return slot `slot` gives, with the integer
/// kinds named as the signature names them (`intp` gives `Isize`).
pub(crate) fn rename_integer(slot: &Type, value: Value<'static>) -> Value<'static> {
    match (slot, value) {
        (Type::Scalar(Scalar::Intp), Value::I64(v)) => Value::Isize(v as isize),
        (Type::Scalar(Scalar::Uintp), Value::U64(v)) => Value::Usize(v as usize),
        (_, value) => value,
    }
}
