//! Checking values against signature slots and laying them out for libffi.

use super::error::DynError;
use super::value::{BufferElement, Value, element_type};
use crate::sig::{Scalar, Type};
use core::ffi::c_void;
use libffi::middle::{Cif, CodePtr};
use libffi::raw::ffi_arg;
use smallvec::SmallVec;

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
            Type::NestedArray { .. } => return Err(DynError::ArrayByValue { ty: ty.to_string() }),
            Type::Scalar(scalar) if scalar.is_complex() => {
                return Err(DynError::ComplexByValue { ty: ty.to_string() });
            }
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
}

/// The integer a value stands for in an integer or float slot: booleans
/// are not numbers here, as integers are not booleans in a `boolean` slot.
fn integer_value(value: &Value<'_>) -> Option<i128> {
    match value {
        Value::Bool(_) => None,
        other => other.as_i128(),
    }
}

/// `value` as an `f32`, if the float holds it exactly (NaN stays NaN).
fn exact_f32(value: &Value<'_>) -> Option<Option<f32>> {
    Some(match value {
        Value::F32(number) => Some(*number),
        Value::F64(number) => {
            let narrow = *number as f32;
            (f64::from(narrow) == *number || number.is_nan()).then_some(narrow)
        }
        other => {
            let integer = integer_value(other)?;
            let float = integer as f32;
            (float as i128 == integer).then_some(float)
        }
    })
}

/// `value` as an `f64`, if the double holds it exactly.
fn exact_f64(value: &Value<'_>) -> Option<Option<f64>> {
    Some(match value {
        Value::F32(number) => Some(f64::from(*number)),
        Value::F64(number) => Some(*number),
        other => {
            let integer = integer_value(other)?;
            let float = integer as f64;
            (float as i128 == integer).then_some(float)
        }
    })
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
        // Numbers convert only where the slot's own type holds them
        // exactly: 16777217 is a double but not a float, 0.1 neither.
        Kind::F32 => match exact_f32(value) {
            Some(Some(number)) => Ok(Cell::of(number)),
            Some(None) => Err(mismatch(position, slot, value, " (not exact in float32)")),
            None => Err(mismatch(position, slot, value, "")),
        },
        Kind::F64 => match exact_f64(value) {
            Some(Some(number)) => Ok(Cell::of(number)),
            Some(None) => Err(mismatch(position, slot, value, " (not exact in float64)")),
            None => Err(mismatch(position, slot, value, "")),
        },
        integer_kind => {
            let (low, high) = integer_kind.integer_range().expect("an integer kind");
            let Some(integer) = integer_value(value) else {
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

/// Arguments up to this many are passed without allocating.
const INLINE_ARGS: usize = 8;

/// libffi's result buffer: zeroed (libffi writes nothing for `void` and
/// only 4 bytes for `float`, and nothing unwritten is ever read as
/// initialised), 8-aligned, and at least a full `ffi_arg`, which libffi
/// writes for integers narrower than one, and 8 bytes (`int64`, `double`,
/// pointers).
#[repr(C, align(8))]
struct ReturnCell([u8; RETURN_BYTES]);

const RETURN_BYTES: usize = if size_of::<ffi_arg>() > 8 {
    size_of::<ffi_arg>()
} else {
    8
};

const _: () = assert!(align_of::<ffi_arg>() <= 8);

/// Types whose every bit pattern is a valid value, read from the result.
///
/// # Safety
///
/// Any initialised `size_of::<Self>()` bytes are a valid `Self`.
unsafe trait Plain: Copy {}

// SAFETY: integers, floats and raw pointers accept any initialised bytes
// (`ffi_arg` is `c_ulong`, one of the two unsigned widths).
unsafe impl Plain for u32 {}
// SAFETY: as above.
unsafe impl Plain for u64 {}
// SAFETY: as above.
unsafe impl Plain for i64 {}
// SAFETY: as above.
unsafe impl Plain for f32 {}
// SAFETY: as above.
unsafe impl Plain for f64 {}
// SAFETY: as above.
unsafe impl Plain for *mut c_void {}

impl ReturnCell {
    /// Reads a `T` from the start of the buffer.
    fn read<T: Plain>(&self) -> T {
        const { assert!(size_of::<T>() <= RETURN_BYTES && align_of::<T>() <= 8) };
        // SAFETY: `T` fits in the aligned buffer (asserted above), every
        // byte of which is initialised, and any bytes are a `T` (`Plain`).
        unsafe { self.0.as_ptr().cast::<T>().read() }
    }

    /// A small integer result: libffi widens it to a full `ffi_arg`, and
    /// truncating the word keeps its low bits on either endianness.
    fn word(&self) -> ffi_arg {
        self.read::<ffi_arg>()
    }
}

/// Calls `code` through `cif` with the laid-out `args` and converts the
/// result of `kind`.
///
/// # Safety
///
/// `code` is a function with the C signature `cif` describes, and `args`
/// are the cells laid out for its arguments (one per argument of `cif`).
pub(crate) unsafe fn call_and_convert(
    cif: &Cif,
    code: CodePtr,
    kind: Kind,
    args: &[Cell],
) -> Value<'static> {
    let raw_cif = cif.as_raw_ptr();
    // SAFETY: `raw_cif` points at the prepared `ffi_cif` inside `cif`.
    let nargs = unsafe { (*raw_cif).nargs };
    assert_eq!(nargs as usize, args.len(), "one cell per argument");
    // libffi takes `void **` but only reads the arguments.
    let mut pointers: SmallVec<[*mut c_void; INLINE_ARGS]> = args
        .iter()
        .map(|cell| core::ptr::from_ref(cell).cast_mut().cast::<c_void>())
        .collect();
    let mut result = ReturnCell([0; RETURN_BYTES]);
    // SAFETY: the caller guarantees that `code` has the signature `cif` was
    // prepared for and that `args` hold its arguments (their count checked
    // above); libffi writes at most `RETURN_BYTES` into the aligned result
    // buffer for the scalar and pointer kinds, and reads the cif and the
    // argument cells without writing them.
    unsafe {
        libffi::raw::ffi_call(
            raw_cif,
            Some(*code.as_fun()),
            result.0.as_mut_ptr().cast::<c_void>(),
            pointers.as_mut_ptr(),
        );
    }
    match kind {
        Kind::Void => Value::Void,
        Kind::Bool => Value::Bool(result.word() as u8 != 0),
        Kind::I8 => Value::I8(result.word() as i8),
        Kind::I16 => Value::I16(result.word() as i16),
        Kind::I32 => Value::I32(result.word() as i32),
        Kind::U8 => Value::U8(result.word() as u8),
        Kind::U16 => Value::U16(result.word() as u16),
        Kind::U32 => Value::U32(result.word() as u32),
        // As wide as `ffi_arg` or wider, or floats: libffi writes them as
        // they are, at the start of the buffer.
        Kind::I64 => Value::I64(result.read()),
        Kind::U64 => Value::U64(result.read()),
        Kind::F32 => Value::F32(result.read()),
        Kind::F64 => Value::F64(result.read()),
        Kind::Pointer => Value::Pointer(result.read()),
    }
}

/// The value a C function of return slot `slot` gives, with the integer
/// kinds named as the signature names them (`intp` gives `Isize`).
pub(crate) fn rename_integer(slot: &Type, value: Value<'static>) -> Value<'static> {
    // `Kind::of_scalar` sizes `intp`/`uintp` by `isize`, so the conversions
    // below are exact on every target.
    match (slot, value) {
        (Type::Scalar(Scalar::Intp), Value::I64(v)) => Value::Isize(v as isize),
        (Type::Scalar(Scalar::Intp), Value::I32(v)) => Value::Isize(v as isize),
        (Type::Scalar(Scalar::Uintp), Value::U64(v)) => Value::Usize(v as usize),
        (Type::Scalar(Scalar::Uintp), Value::U32(v)) => Value::Usize(v as usize),
        (_, value) => value,
    }
}
