//! Checking values against signature slots and laying them out for libffi.

use super::error::DynError;
use super::value::{BufferElement, RecordValue, Value, element_type};
use crate::sig::{Scalar, Type};
use crate::types::RecordLayout;
use core::ffi::c_void;
use libffi::middle::{Cif, CodePtr};
use libffi::raw::ffi_arg;
use num_complex::{Complex32, Complex64};
use smallvec::SmallVec;

/// How libffi passes a slot: the C type behind each signature type.
#[derive(Clone, PartialEq, Eq, Debug)]
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
    /// `float _Complex`.
    C32,
    /// `double _Complex`.
    C64,
    Pointer,
    /// A struct by value, with its layout.
    Record(RecordLayout),
}

/// The first field of `layout` (or of a record nested in it) that is an
/// array of no elements, as `(record, field)`.
fn zero_length_field(layout: &RecordLayout) -> Option<(String, String)> {
    use crate::types::Type as Field;
    layout.fields().iter().find_map(|field| match &field.ty {
        Field::NestedArray { elem, shape } => {
            if shape.contains(&0) {
                Some((layout.name().to_owned(), field.name.clone()))
            } else if let Field::Record(inner) = &**elem {
                zero_length_field(inner)
            } else {
                None
            }
        }
        Field::Record(inner) => zero_length_field(inner),
        _ => None,
    })
}

impl Kind {
    /// The kind of a signature slot; a record by value takes its layout
    /// from `records`.
    pub(crate) fn of(ty: &Type, records: &[RecordLayout]) -> Result<Kind, DynError> {
        Ok(match ty {
            Type::Pointer(_) | Type::Scalar(Scalar::VoidPtr) => Kind::Pointer,
            Type::Record(name) => {
                let mut named = records.iter().filter(|layout| layout.name() == name);
                let Some(layout) = named.next() else {
                    return Err(DynError::RecordLayoutMissing { name: name.clone() });
                };
                if named.any(|other| other != layout) {
                    return Err(DynError::RecordLayoutConflict { name: name.clone() });
                }
                if let Some((record, field)) = zero_length_field(layout) {
                    return Err(DynError::ZeroLengthField { record, field });
                }
                Kind::Record(layout.clone())
            }
            Type::NestedArray { .. } => return Err(DynError::ArrayByValue { ty: ty.to_string() }),
            Type::Scalar(scalar) => Kind::of_scalar(*scalar),
        })
    }

    /// The kinds of a signature's arguments and of its result.
    pub(crate) fn of_signature(
        signature: &crate::sig::Signature,
        records: &[RecordLayout],
    ) -> Result<(Vec<Kind>, Kind), DynError> {
        let args = signature
            .args
            .iter()
            .map(|slot| Kind::of(slot, records))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((args, Kind::of(&signature.ret, records)?))
    }

    /// The kind of a record field's type, if a field of it is one value
    /// (a nested array is not).
    pub(crate) fn of_field(ty: &crate::types::Type) -> Option<Kind> {
        use crate::types::Type as Field;
        Some(match ty {
            Field::Scalar(scalar) => Kind::of_scalar(*scalar),
            Field::Pointer(_) => Kind::Pointer,
            Field::Record(inner) => Kind::Record(inner.clone()),
            Field::NestedArray { .. } => return None,
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
            Scalar::Complex64 => Kind::C32,
            Scalar::Complex128 => Kind::C64,
            Scalar::VoidPtr => Kind::Pointer,
            integer if integer.is_signed() => signed(integer.size_in_bytes()),
            integer => unsigned(integer.size_in_bytes()),
        }
    }

    pub(crate) fn ffi_type(&self) -> libffi::middle::Type {
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
            // libffi's own complex types: the system libffi classifies them
            // by the platform ABI (on x86-64 SysV and aarch64 as the struct
            // of two floats or doubles they are laid out as).
            Kind::C32 => T::c32(),
            Kind::C64 => T::c64(),
            Kind::Pointer => T::pointer(),
            Kind::Record(layout) => record_ffi_type(layout),
        }
    }

    /// The C size and alignment of a value of this kind.
    #[inline]
    pub(crate) fn size_align(&self) -> (usize, usize) {
        fn of<T>() -> (usize, usize) {
            (size_of::<T>(), align_of::<T>())
        }
        match self {
            Kind::Void => (0, 1),
            Kind::Bool | Kind::U8 | Kind::I8 => of::<u8>(),
            Kind::I16 | Kind::U16 => of::<u16>(),
            Kind::I32 | Kind::U32 => of::<u32>(),
            Kind::I64 | Kind::U64 => of::<u64>(),
            Kind::F32 => of::<f32>(),
            Kind::F64 => of::<f64>(),
            Kind::C32 => of::<Complex32>(),
            Kind::C64 => of::<Complex64>(),
            Kind::Pointer => of::<*mut c_void>(),
            Kind::Record(layout) => (layout.size(), layout.align()),
        }
    }

    /// Whether libffi widens a result of this kind to a full `ffi_arg`
    /// (integers narrower than a register).
    fn is_widened(&self) -> bool {
        (self.integer_range().is_some() && self.size_align().0 < size_of::<ffi_arg>())
            || *self == Kind::Bool
    }

    fn integer_range(&self) -> Option<(i128, i128)> {
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

/// The libffi struct type of a record: one element per scalar, pointer or
/// nested record field, and `N` consecutive elements for a nested array of
/// `N` elements (how libffi describes C arrays inside structs). libffi
/// places the elements by their own alignment, which gives the padding of
/// the C layout.
fn record_ffi_type(layout: &RecordLayout) -> libffi::middle::Type {
    use libffi::middle::Type as T;
    fn push(ty: &crate::types::Type, elements: &mut Vec<T>) {
        match ty {
            // A complex field is laid out, and classified by the ABIs, as
            // two consecutive floats of its part's type.
            Type::Scalar(Scalar::Complex64) => elements.extend([T::f32(), T::f32()]),
            Type::Scalar(Scalar::Complex128) => elements.extend([T::f64(), T::f64()]),
            Type::Scalar(scalar) => elements.push(Kind::of_scalar(*scalar).ffi_type()),
            Type::Pointer(_) => elements.push(T::pointer()),
            Type::Record(inner) => elements.push(record_ffi_type(inner)),
            Type::NestedArray { elem, shape } => {
                for _ in 0..shape.iter().product::<usize>() {
                    push(elem, elements);
                }
            }
        }
    }
    let mut elements = Vec::new();
    for field in layout.fields() {
        push(&field.ty, &mut elements);
    }
    T::structure(elements)
}

/// The largest alignment of a value that [`Storage`] holds: every C type
/// of the signature grammar and of record fields is at most this aligned.
const STORAGE_ALIGN: usize = 16;

#[derive(Clone, Copy)]
#[repr(C, align(16))]
struct Chunk([u8; STORAGE_ALIGN]);

/// Zeroed bytes aligned for any argument or result: a call's arguments at
/// the offsets of a [`Frame`], or a result.
pub(crate) struct Storage(SmallVec<[Chunk; INLINE_CHUNKS]>);

/// Chunks held without allocating: 128 bytes of arguments.
const INLINE_CHUNKS: usize = 8;

impl Storage {
    pub(crate) fn zeroed(bytes: usize) -> Storage {
        const ZERO: Chunk = Chunk([0; STORAGE_ALIGN]);
        let chunks = bytes.div_ceil(STORAGE_ALIGN);
        // A call's arguments usually fit inline: a zeroed array, not a
        // loop pushing chunks one by one.
        Storage(if chunks <= INLINE_CHUNKS {
            SmallVec::from_buf_and_len([ZERO; INLINE_CHUNKS], chunks)
        } else {
            SmallVec::from_vec(vec![ZERO; chunks])
        })
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        // SAFETY: the chunks are contiguous arrays of bytes without padding
        // (`Chunk` is `repr(C)`, one `[u8; 16]` aligned to its size).
        unsafe {
            core::slice::from_raw_parts(self.0.as_ptr().cast::<u8>(), self.0.len() * STORAGE_ALIGN)
        }
    }

    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`, borrowed uniquely.
        unsafe {
            core::slice::from_raw_parts_mut(
                self.0.as_mut_ptr().cast::<u8>(),
                self.0.len() * STORAGE_ALIGN,
            )
        }
    }

    fn as_mut_ptr(&mut self) -> *mut u8 {
        self.0.as_mut_ptr().cast::<u8>()
    }
}

/// Where each argument of a call lives in its [`Storage`]: at the next
/// multiple of its alignment.
pub(crate) struct Frame {
    ranges: Vec<(usize, usize)>,
    size: usize,
}

impl Frame {
    pub(crate) fn new(kinds: &[Kind]) -> Frame {
        let mut ranges = Vec::with_capacity(kinds.len());
        let mut cursor = 0usize;
        for kind in kinds {
            let (size, align) = kind.size_align();
            assert!(
                align <= STORAGE_ALIGN,
                "an argument aligned to {align} bytes"
            );
            let offset = cursor.next_multiple_of(align);
            ranges.push((offset, size));
            cursor = offset + size;
        }
        Frame {
            ranges,
            size: cursor,
        }
    }

    /// Zeroed storage for the arguments.
    pub(crate) fn storage(&self) -> Storage {
        Storage::zeroed(self.size)
    }

    /// The bytes of argument `index` in `storage`.
    pub(crate) fn slot<'s>(&self, storage: &'s mut Storage, index: usize) -> &'s mut [u8] {
        let (offset, size) = self.ranges[index];
        &mut storage.bytes_mut()[offset..offset + size]
    }

    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }
}

/// Writes `value` as the bytes of a slot of its size.
fn put<T: Copy>(out: &mut [u8], value: T) {
    assert_eq!(out.len(), size_of::<T>(), "a slot of the value's size");
    // SAFETY: `out` has exactly `size_of::<T>()` writable bytes (checked);
    // the write makes no assumption about their alignment.
    unsafe { out.as_mut_ptr().cast::<T>().write_unaligned(value) }
}

/// Types whose every bit pattern is a valid value, read from C's bytes.
///
/// # Safety
///
/// Any initialised `size_of::<Self>()` bytes are a valid `Self`.
unsafe trait Plain: Copy {}

macro_rules! plain {
    ($($ty:ty),*) => {
        $(
            // SAFETY: integers, floats, pairs of floats and raw pointers
            // accept any initialised bytes.
            unsafe impl Plain for $ty {}
        )*
    };
}

plain!(
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    Complex32,
    Complex64,
    *mut c_void
);

/// Reads a `T` from the start of `bytes`.
fn take<T: Plain>(bytes: &[u8]) -> T {
    assert!(bytes.len() >= size_of::<T>(), "bytes for the value");
    // SAFETY: at least `size_of::<T>()` initialised bytes (checked), read
    // without assuming alignment; any bytes are a `T` (`Plain`).
    unsafe { bytes.as_ptr().cast::<T>().read_unaligned() }
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
        Type::Record(name) => format!("record `{name}` by value"),
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

/// Checks `value` against `slot` (passed as `kind`) and writes its C bytes
/// into `out`, which has the kind's size.
pub(crate) fn marshal(
    position: usize,
    slot: &Type,
    kind: &Kind,
    value: &Value<'_>,
    out: &mut [u8],
) -> Result<(), DynError> {
    match kind {
        Kind::Void => unreachable!("the signature grammar has no void arguments"),
        Kind::Pointer => put(out, pointer_value(position, slot, value)?),
        Kind::Bool => match value {
            Value::Bool(flag) => put(out, u8::from(*flag)),
            other => return Err(mismatch(position, slot, other, "")),
        },
        // Numbers convert only where the slot's own type holds them
        // exactly: 16777217 is a double but not a float, 0.1 neither.
        Kind::F32 => match exact_f32(value) {
            Some(Some(number)) => put(out, number),
            Some(None) => return Err(mismatch(position, slot, value, " (not exact in float32)")),
            None => return Err(mismatch(position, slot, value, "")),
        },
        Kind::F64 => match exact_f64(value) {
            Some(Some(number)) => put(out, number),
            Some(None) => return Err(mismatch(position, slot, value, " (not exact in float64)")),
            None => return Err(mismatch(position, slot, value, "")),
        },
        // Complex slots take complex values only, as float slots take no
        // complex: a real number is not silently given a zero imaginary part.
        Kind::C32 => match value {
            Value::Complex32(number) => put(out, *number),
            Value::Complex64(number) => {
                let narrow = Complex32::new(number.re as f32, number.im as f32);
                let exact = |wide: f64, narrow: f32| f64::from(narrow) == wide || wide.is_nan();
                if !(exact(number.re, narrow.re) && exact(number.im, narrow.im)) {
                    return Err(mismatch(position, slot, value, " (not exact in complex64)"));
                }
                put(out, narrow);
            }
            other => return Err(mismatch(position, slot, other, "")),
        },
        Kind::C64 => match value {
            Value::Complex64(number) => put(out, *number),
            Value::Complex32(number) => put(
                out,
                Complex64::new(f64::from(number.re), f64::from(number.im)),
            ),
            other => return Err(mismatch(position, slot, other, "")),
        },
        Kind::Record(layout) => match value {
            Value::Record(record) if record.layout() == layout => {
                out.copy_from_slice(record.bytes());
            }
            Value::Record(record) if record.layout().name() == layout.name() => {
                return Err(mismatch(
                    position,
                    slot,
                    value,
                    &format!(
                        " with another layout ({} instead of {layout})",
                        record.layout()
                    ),
                ));
            }
            other => return Err(mismatch(position, slot, other, "")),
        },
        integer_kind => {
            let (low, high) = integer_kind.integer_range().expect("an integer kind");
            let Some(integer) = integer_value(value) else {
                return Err(mismatch(position, slot, value, ""));
            };
            if integer < low || integer > high {
                return Err(mismatch(position, slot, value, " (out of range)"));
            }
            match integer_kind {
                Kind::I8 => put(out, integer as i8),
                Kind::I16 => put(out, integer as i16),
                Kind::I32 => put(out, integer as i32),
                Kind::I64 => put(out, integer as i64),
                Kind::U8 => put(out, integer as u8),
                Kind::U16 => put(out, integer as u16),
                Kind::U32 => put(out, integer as u32),
                _ => put(out, integer as u64),
            }
        }
    }
    Ok(())
}

fn pointer_value(position: usize, slot: &Type, value: &Value<'_>) -> Result<*mut c_void, DynError> {
    match (slot, value) {
        // A raw pointer is the caller's word, for any pointer slot.
        (_, Value::Pointer(pointer)) => Ok(*pointer),
        (Type::Scalar(Scalar::VoidPtr), Value::Null) => Ok(core::ptr::null_mut()),
        (Type::Scalar(Scalar::VoidPtr), other) => match other.as_pointer() {
            Some(pointer) => Ok(pointer),
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
                Ok(other.as_pointer().expect("buffers have pointers"))
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

/// The value of `kind` in C's bytes (an argument of a closure call, or a
/// result that libffi does not widen).
#[inline]
pub(crate) fn read_c(kind: &Kind, bytes: &[u8]) -> Value<'static> {
    match kind {
        Kind::Void => Value::Void,
        Kind::Bool => Value::Bool(take::<u8>(bytes) != 0),
        Kind::I8 => Value::I8(take(bytes)),
        Kind::I16 => Value::I16(take(bytes)),
        Kind::I32 => Value::I32(take(bytes)),
        Kind::I64 => Value::I64(take(bytes)),
        Kind::U8 => Value::U8(take(bytes)),
        Kind::U16 => Value::U16(take(bytes)),
        Kind::U32 => Value::U32(take(bytes)),
        Kind::U64 => Value::U64(take(bytes)),
        Kind::F32 => Value::F32(take(bytes)),
        Kind::F64 => Value::F64(take(bytes)),
        Kind::C32 => Value::Complex32(take(bytes)),
        Kind::C64 => Value::Complex64(take(bytes)),
        Kind::Pointer => Value::Pointer(take(bytes)),
        Kind::Record(layout) => {
            Value::Record(RecordValue::from_c_bytes(layout, &bytes[..layout.size()]))
        }
    }
}

/// The size of a result buffer for `kind`: libffi writes a full `ffi_arg`
/// for integers narrower than one, and may store the registers of a
/// small struct in full, so a result gets at least two words.
fn result_bytes(kind: &Kind) -> usize {
    kind.size_align()
        .0
        .max(size_of::<ffi_arg>())
        .max(2 * size_of::<u64>())
}

/// Calls `code` through `cif` with the arguments laid out in `args` at the
/// offsets of `frame`, and converts the result of `kind`.
///
/// # Safety
///
/// `code` is a function with the C signature `cif` describes, `frame` was
/// made from the kinds of its arguments, and `args` holds their values.
pub(crate) unsafe fn call_and_convert(
    cif: &Cif,
    code: CodePtr,
    kind: &Kind,
    frame: &Frame,
    args: &mut Storage,
) -> Value<'static> {
    let raw_cif = cif.as_raw_ptr();
    // SAFETY: `raw_cif` points at the prepared `ffi_cif` inside `cif`.
    let nargs = unsafe { (*raw_cif).nargs };
    assert_eq!(nargs as usize, frame.len(), "one slot per argument");
    let base = args.as_mut_ptr();
    // libffi takes `void **` and reads the arguments through them.
    let mut pointers: SmallVec<[*mut c_void; 8]> = frame
        .ranges
        .iter()
        // SAFETY: every range lies inside the storage made for the frame.
        .map(|&(offset, _)| unsafe { base.add(offset) }.cast::<c_void>())
        .collect();
    let mut result = Storage::zeroed(result_bytes(kind));
    // SAFETY: the caller guarantees that `code` has the signature `cif` was
    // prepared for and that the arguments are laid out for it (their count
    // checked above); the result buffer is zeroed, 16-aligned and as large
    // as libffi writes for the kind (see `result_bytes`).
    unsafe {
        libffi::raw::ffi_call(
            raw_cif,
            Some(*code.as_fun()),
            result.as_mut_ptr().cast::<c_void>(),
            pointers.as_mut_ptr(),
        );
    }
    let bytes = result.bytes();
    if kind.is_widened() {
        // Truncating the word keeps its low bits on either endianness.
        let word = take::<ffi_arg>(bytes);
        return match kind {
            Kind::Bool => Value::Bool(word as u8 != 0),
            Kind::I8 => Value::I8(word as i8),
            Kind::I16 => Value::I16(word as i16),
            Kind::I32 => Value::I32(word as i32),
            Kind::U8 => Value::U8(word as u8),
            Kind::U16 => Value::U16(word as u16),
            _ => Value::U32(word as u32),
        };
    }
    read_c(kind, bytes)
}

/// Writes a closure's result, laid out in `bytes` (the kind's size), into
/// libffi's result buffer.
///
/// # Safety
///
/// `out` is libffi's result buffer for `kind`: a full `ffi_arg` for the
/// integers narrower than one, the type's size otherwise.
pub(crate) unsafe fn write_result(kind: &Kind, bytes: &[u8], out: *mut c_void) {
    if *kind == Kind::Void {
        return;
    }
    if kind.is_widened() {
        let word = match kind {
            Kind::Bool | Kind::U8 => ffi_arg::from(take::<u8>(bytes)),
            Kind::U16 => ffi_arg::from(take::<u16>(bytes)),
            Kind::U32 => ffi_arg::from(take::<u32>(bytes)),
            Kind::I8 => take::<i8>(bytes) as i64 as ffi_arg,
            Kind::I16 => take::<i16>(bytes) as i64 as ffi_arg,
            _ => take::<i32>(bytes) as i64 as ffi_arg,
        };
        // SAFETY: the caller gives a full, aligned `ffi_arg`.
        unsafe { out.cast::<ffi_arg>().write(word) };
        return;
    }
    let size = kind.size_align().0;
    // SAFETY: the caller gives `size` writable bytes, which do not overlap
    // the closure's own `bytes`.
    unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), out.cast::<u8>(), size) };
}

/// Why a value could not be stored in bytes that outlive it (a callback's
/// result, a record's field).
pub(crate) enum StoreRefusal {
    /// The value owns the memory a pointer slot would point into, which
    /// would dangle once the value drops.
    Owned,
    /// The value does not convert to the slot; what was found instead.
    Mismatch(String),
}

/// Lays `value` out in `out` for `slot`, to be read after `value` is gone.
pub(crate) fn store(
    slot: &Type,
    kind: &Kind,
    value: &Value<'_>,
    out: &mut [u8],
) -> Result<(), StoreRefusal> {
    if *kind == Kind::Pointer && value.owns_memory() {
        return Err(StoreRefusal::Owned);
    }
    marshal(0, slot, kind, value, out).map_err(|error| {
        StoreRefusal::Mismatch(match error {
            DynError::ArgumentType { found, .. } => found,
            _ => value.describe(),
        })
    })
}

/// The value a C function of return slot `slot` gives, with the integer
/// kinds named as the signature names them (`intp` gives `Isize`).
#[inline]
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
