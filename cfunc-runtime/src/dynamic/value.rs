//! The values a dynamic call takes and returns, like ctypes' objects.

use crate::record::Record;
use crate::sig::{Scalar, Type};
use core::ffi::{CStr, c_void};
use core::marker::PhantomData;
use std::ffi::CString;
use std::fmt;

/// One argument or result of a dynamic call.
///
/// Build arguments with `From` (`4.0.into()`, `(&data[..]).into()`,
/// `c"text".into()`, `Value::null()`) and read results with the `as_*`
/// accessors.
///
/// ```
/// use cfunc::Value;
///
/// let data = [1.0, 2.0, 3.0];
/// let args: Vec<Value> = vec![4.0.into(), 7i32.into(), (&data[..]).into(), c"hello".into()];
/// assert_eq!(args[0].as_f64(), Some(4.0));
/// assert_eq!(args[1].as_i64(), Some(7));
/// assert_eq!(args[2].describe(), "a buffer of 3 float64");
/// assert_eq!(args[3].describe(), "a C string");
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Value<'a> {
    /// No value: what a `void` function returns.
    Void,
    /// `boolean`.
    Bool(bool),
    /// `int8`.
    I8(i8),
    /// `int16`.
    I16(i16),
    /// `int32` and `intc`.
    I32(i32),
    /// `int64`.
    I64(i64),
    /// `intp`.
    Isize(isize),
    /// `uint8`.
    U8(u8),
    /// `uint16`.
    U16(u16),
    /// `uint32` and `uintc`.
    U32(u32),
    /// `uint64`.
    U64(u64),
    /// `uintp`.
    Usize(usize),
    /// `float32`.
    F32(f32),
    /// `float64`.
    F64(f64),
    /// A raw pointer, passed as it is: its validity is the caller's word.
    Pointer(*mut c_void),
    /// `None`: a null pointer where one is allowed (`voidptr`).
    Null,
    /// A borrowed buffer, passed as a pointer to its first element.
    Buffer(Buffer<'a>),
    /// A buffer owned by the value (from a `Vec`), kept alive for the call.
    OwnedBuffer(OwnedBuffer),
    /// A NUL-terminated string, passed as `char *`.
    Str(&'a CStr),
    /// An owned NUL-terminated string, passed as `char *`.
    String(CString),
}

/// A borrowed buffer: the pointer, its length and its element type.
#[derive(Clone, Copy)]
pub struct Buffer<'a> {
    pub(crate) ptr: *mut c_void,
    pub(crate) len: usize,
    pub(crate) element: BufferElement,
    pub(crate) mutable: bool,
    _borrow: PhantomData<&'a mut [u8]>,
}

/// An owned buffer, built from a `Vec` of numbers.
#[derive(Clone)]
pub struct OwnedBuffer {
    words: Vec<u64>,
    len: usize,
    element: BufferElement,
}

/// What a buffer holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BufferElement {
    /// Numbers or booleans.
    Scalar(Scalar),
    /// Records of the named type.
    Record(&'static str),
}

impl fmt::Display for BufferElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BufferElement::Scalar(scalar) => write!(f, "{scalar}"),
            BufferElement::Record(name) => f.write_str(name),
        }
    }
}

impl<'a> Buffer<'a> {
    /// The buffer's length in elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer has no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The element type.
    pub fn element(&self) -> BufferElement {
        self.element
    }

    /// Whether the buffer was lent mutably (C may write to it).
    pub fn is_mutable(&self) -> bool {
        self.mutable
    }
}

impl OwnedBuffer {
    pub(crate) fn as_ptr(&self) -> *mut c_void {
        self.words.as_ptr().cast_mut().cast()
    }
}

/// Numbers and booleans that a buffer may hold.
pub trait Element: Copy + 'static {
    /// The element's signature type.
    const SCALAR: Scalar;
}

macro_rules! elements {
    ($($rust:ty => $scalar:ident, $variant:ident;)*) => {
        $(
            impl Element for $rust {
                const SCALAR: Scalar = Scalar::$scalar;
            }

            impl From<$rust> for Value<'_> {
                fn from(value: $rust) -> Self {
                    Value::$variant(value)
                }
            }
        )*
    };
}

elements! {
    bool => Boolean, Bool;
    i8 => Int8, I8;
    i16 => Int16, I16;
    i32 => Int32, I32;
    i64 => Int64, I64;
    isize => Intp, Isize;
    u8 => Uint8, U8;
    u16 => Uint16, U16;
    u32 => Uint32, U32;
    u64 => Uint64, U64;
    usize => Uintp, Usize;
    f32 => Float32, F32;
    f64 => Float64, F64;
}

impl<'a, T: Element> From<&'a [T]> for Value<'a> {
    fn from(slice: &'a [T]) -> Self {
        Value::Buffer(Buffer {
            ptr: slice.as_ptr().cast_mut().cast(),
            len: slice.len(),
            element: BufferElement::Scalar(T::SCALAR),
            mutable: false,
            _borrow: PhantomData,
        })
    }
}

impl<'a, T: Element> From<&'a mut [T]> for Value<'a> {
    fn from(slice: &'a mut [T]) -> Self {
        Value::Buffer(Buffer {
            ptr: slice.as_mut_ptr().cast(),
            len: slice.len(),
            element: BufferElement::Scalar(T::SCALAR),
            mutable: true,
            _borrow: PhantomData,
        })
    }
}

impl<'a, T: Element, const N: usize> From<&'a [T; N]> for Value<'a> {
    fn from(array: &'a [T; N]) -> Self {
        Value::from(&array[..])
    }
}

impl<'a, T: Element, const N: usize> From<&'a mut [T; N]> for Value<'a> {
    fn from(array: &'a mut [T; N]) -> Self {
        Value::from(&mut array[..])
    }
}

impl<'a, T: Element> From<&'a Vec<T>> for Value<'a> {
    fn from(vec: &'a Vec<T>) -> Self {
        Value::from(vec.as_slice())
    }
}

impl<'a, T: Element> From<&'a mut Vec<T>> for Value<'a> {
    fn from(vec: &'a mut Vec<T>) -> Self {
        Value::from(vec.as_mut_slice())
    }
}

impl<T: Element> From<Vec<T>> for Value<'_> {
    /// An owned copy, for input buffers: C sees the data, the caller does
    /// not see what C writes (pass `&mut vec` for that).
    fn from(vec: Vec<T>) -> Self {
        let bytes = core::mem::size_of_val(vec.as_slice());
        let mut words = vec![0u64; bytes.div_ceil(8)];
        // SAFETY: `words` has at least `bytes` bytes, is 8-aligned (enough for
        // every `Element`), and does not overlap `vec`.
        unsafe {
            core::ptr::copy_nonoverlapping(
                vec.as_ptr().cast::<u8>(),
                words.as_mut_ptr().cast::<u8>(),
                bytes,
            );
        }
        Value::OwnedBuffer(OwnedBuffer {
            words,
            len: vec.len(),
            element: BufferElement::Scalar(T::SCALAR),
        })
    }
}

impl<'a> From<&'a CStr> for Value<'a> {
    fn from(text: &'a CStr) -> Self {
        Value::Str(text)
    }
}

impl From<CString> for Value<'_> {
    fn from(text: CString) -> Self {
        Value::String(text)
    }
}

impl<T> From<*mut T> for Value<'_> {
    fn from(pointer: *mut T) -> Self {
        Value::Pointer(pointer.cast())
    }
}

impl<T> From<*const T> for Value<'_> {
    fn from(pointer: *const T) -> Self {
        Value::Pointer(pointer.cast_mut().cast())
    }
}

impl<'a, T> From<Option<T>> for Value<'a>
where
    T: Into<Value<'a>>,
{
    /// `None` is [`Value::Null`].
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

impl<'a> Value<'a> {
    /// A null pointer (`None` in ctypes).
    pub fn null() -> Self {
        Value::Null
    }

    /// A buffer of records, passed as a pointer to the first one.
    ///
    /// ```
    /// # use cfunc::Value;
    /// #[derive(Clone, Copy, cfunc::Record)]
    /// #[repr(C)]
    /// struct Point { x: f64, y: f64 }
    /// let points = [Point { x: 1.0, y: 2.0 }];
    /// assert_eq!(Value::records(&points).describe(), "a buffer of 1 Point");
    /// ```
    pub fn records<R: Record>(records: &'a [R]) -> Self {
        Value::Buffer(Buffer {
            ptr: records.as_ptr().cast_mut().cast(),
            len: records.len(),
            element: BufferElement::Record(R::NAME),
            mutable: false,
            _borrow: PhantomData,
        })
    }

    /// A mutable buffer of records.
    pub fn records_mut<R: Record>(records: &'a mut [R]) -> Self {
        Value::Buffer(Buffer {
            ptr: records.as_mut_ptr().cast(),
            len: records.len(),
            element: BufferElement::Record(R::NAME),
            mutable: true,
            _borrow: PhantomData,
        })
    }

    /// The value as an `f64`, for any float or integer value that an `f64`
    /// holds exactly.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::F64(value) => Some(value),
            Value::F32(value) => Some(f64::from(value)),
            _ => self.as_i128().and_then(|value| {
                let float = value as f64;
                (float as i128 == value).then_some(float)
            }),
        }
    }

    /// The value as an `i64`, for any integer (or boolean) value that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_i128().and_then(|value| i64::try_from(value).ok())
    }

    /// The value as a `u64`, for any integer (or boolean) value that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i128().and_then(|value| u64::try_from(value).ok())
    }

    /// The value as a `bool`, for booleans.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(value) => Some(value),
            _ => None,
        }
    }

    /// The value as a raw pointer, for pointers, null and buffers.
    pub fn as_pointer(&self) -> Option<*mut c_void> {
        match self {
            Value::Pointer(pointer) => Some(*pointer),
            Value::Null => Some(core::ptr::null_mut()),
            Value::Buffer(buffer) => Some(buffer.ptr),
            Value::OwnedBuffer(buffer) => Some(buffer.as_ptr()),
            Value::Str(text) => Some(text.as_ptr().cast_mut().cast()),
            Value::String(text) => Some(text.as_ptr().cast_mut().cast()),
            _ => None,
        }
    }

    /// Whether this is [`Value::Void`].
    pub fn is_void(&self) -> bool {
        matches!(self, Value::Void)
    }

    pub(crate) fn as_i128(&self) -> Option<i128> {
        Some(match *self {
            Value::Bool(value) => i128::from(value),
            Value::I8(value) => value.into(),
            Value::I16(value) => value.into(),
            Value::I32(value) => value.into(),
            Value::I64(value) => value.into(),
            Value::Isize(value) => value as i128,
            Value::U8(value) => value.into(),
            Value::U16(value) => value.into(),
            Value::U32(value) => value.into(),
            Value::U64(value) => value.into(),
            Value::Usize(value) => value as i128,
            _ => return None,
        })
    }

    /// How error messages name the value: `int32 7`, `a buffer of 3
    /// float64`, `a C string`, `null`.
    pub fn describe(&self) -> String {
        match self {
            Value::Void => "no value".to_owned(),
            Value::Bool(value) => format!("boolean {value}"),
            Value::I8(value) => format!("int8 {value}"),
            Value::I16(value) => format!("int16 {value}"),
            Value::I32(value) => format!("int32 {value}"),
            Value::I64(value) => format!("int64 {value}"),
            Value::Isize(value) => format!("intp {value}"),
            Value::U8(value) => format!("uint8 {value}"),
            Value::U16(value) => format!("uint16 {value}"),
            Value::U32(value) => format!("uint32 {value}"),
            Value::U64(value) => format!("uint64 {value}"),
            Value::Usize(value) => format!("uintp {value}"),
            Value::F32(value) => format!("float32 {value}"),
            Value::F64(value) => format!("float64 {value}"),
            Value::Pointer(pointer) if pointer.is_null() => "a null raw pointer".to_owned(),
            Value::Pointer(pointer) => format!("a raw pointer {pointer:p}"),
            Value::Null => "null".to_owned(),
            Value::Buffer(buffer) => format!("a buffer of {} {}", buffer.len, buffer.element),
            Value::OwnedBuffer(buffer) => {
                format!("a buffer of {} {}", buffer.len, buffer.element)
            }
            Value::Str(_) | Value::String(_) => "a C string".to_owned(),
        }
    }

    /// The element type of a buffer-like value.
    pub(crate) fn buffer_element(&self) -> Option<BufferElement> {
        match self {
            Value::Buffer(buffer) => Some(buffer.element),
            Value::OwnedBuffer(buffer) => Some(buffer.element),
            Value::Str(_) | Value::String(_) => Some(BufferElement::Scalar(Scalar::Int8)),
            _ => None,
        }
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PartialEq for Value<'_> {
    /// Scalars compare by type and value; pointers by address.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Void, Value::Void) | (Value::Null, Value::Null) => true,
            (Value::F32(a), Value::F32(b)) => a == b,
            (Value::F64(a), Value::F64(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (a, b) if a.as_i128().is_some() => {
                core::mem::discriminant(a) == core::mem::discriminant(b)
                    && a.as_i128() == b.as_i128()
            }
            (a, b) => match (a.as_pointer(), b.as_pointer()) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            },
        }
    }
}

/// The signature type a value would be for a typed description.
pub(crate) fn element_type(element: BufferElement) -> Type {
    match element {
        BufferElement::Scalar(scalar) => Type::Scalar(scalar),
        BufferElement::Record(name) => Type::Record(name.to_owned()),
    }
}
