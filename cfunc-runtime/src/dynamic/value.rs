//! The values a dynamic call takes and returns, like ctypes' objects.

use super::error::DynError;
use crate::record::Record;
use crate::sig::{Scalar, Type};
use crate::types::RecordLayout;
use core::cell::UnsafeCell;
use core::ffi::{CStr, c_void};
use core::marker::PhantomData;
use num_complex::{Complex32, Complex64};
use std::ffi::CString;
use std::fmt;

/// One argument or result of a dynamic call.
///
/// Build arguments with `From` (`4.0.into()`, `(&data[..]).into()`,
/// `c"text".into()`, `Value::null()`) and read results with the `as_*`
/// accessors.
///
/// # Read-only and writable memory
///
/// C signatures do not say `const`: a `CPointer(T)` slot may be a `const
/// T *` that the function only reads or a `T *` that it writes. The value
/// passed says which one the caller allows, and the unsafe `call`s make
/// the rest the caller's promise:
///
/// - read-only: buffers made from shared borrows (`&[T]`, `&[T; N]`,
///   `&Vec<T>`, [`Value::records`]) and C strings (`&CStr`, `CString`).
///   C receives a pointer derived from a shared borrow and must not write
///   through it ([`Buffer::is_mutable`] is `false`);
/// - writable: buffers made from mutable borrows (`&mut [T]`, `&mut [T;
///   N]`, `&mut Vec<T>`, [`Value::records_mut`]), through `as_mut_ptr`, and
///   owned buffers (from a `Vec<T>`, see [`OwnedBuffer`]), whose memory is
///   the value's own. C may write elements of the buffer's type (for a
///   `bool` buffer, only 0 or 1);
/// - raw pointers ([`Value::Pointer`]) are the caller's word for both.
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
    /// `complex64` (C's `float _Complex`).
    Complex32(Complex32),
    /// `complex128` (C's `double _Complex`).
    Complex64(Complex64),
    /// A record passed by value: its bytes and its layout.
    Record(RecordValue),
    /// A raw pointer, passed as it is: its validity is the caller's word.
    Pointer(*mut c_void),
    /// `None`: a null pointer where one is allowed (`voidptr`).
    Null,
    /// A borrowed buffer, passed as a pointer to its first element:
    /// read-only or writable as it was borrowed.
    Buffer(Buffer<'a>),
    /// A writable buffer owned by the value (from a `Vec`), kept alive for
    /// the call; read C's writes back with [`OwnedBuffer::to_vec`].
    OwnedBuffer(OwnedBuffer),
    /// A NUL-terminated string, passed as a read-only `char *`.
    Str(&'a CStr),
    /// An owned NUL-terminated string, passed as a read-only `char *`.
    String(CString),
}

/// A borrowed buffer: the pointer, its length, its element type and
/// whether it was borrowed mutably (C may write to it) or not (C may only
/// read it: see [`Value`]'s rule on read-only memory).
///
/// ```
/// use cfunc::Value;
///
/// let mut data = [1.0, 2.0, 3.0];
/// let Value::Buffer(shared) = Value::from(&data[..]) else { unreachable!() };
/// assert_eq!((shared.len(), shared.is_mutable()), (3, false));
/// let Value::Buffer(unique) = Value::from(&mut data[..]) else { unreachable!() };
/// assert!(unique.is_mutable());
/// ```
#[derive(Clone, Copy)]
pub struct Buffer<'a> {
    pub(crate) ptr: *mut c_void,
    pub(crate) len: usize,
    pub(crate) element: BufferElement,
    pub(crate) mutable: bool,
    _borrow: PhantomData<&'a mut [u8]>,
}

/// An owned, writable buffer, built from a `Vec` of numbers (ctypes'
/// `create_string_buffer`): C reads and writes the value's own copy, which
/// [`OwnedBuffer::to_vec`] reads back. Cloning copies the contents.
///
/// ```
/// use cfunc::{Library, Value};
///
/// let libc = Library::this_process();
/// // SAFETY: `void *memset(void *, int, size_t)`.
/// let memset = unsafe { libc.get("memset", "voidptr(voidptr, intc, uintp)") }?;
/// let args = [Value::from(vec![0u8; 4]), 7.into(), 4usize.into()];
/// // SAFETY: the buffer has the 4 bytes that memset writes.
/// unsafe { memset.call(&args) }?;
/// let Value::OwnedBuffer(buffer) = &args[0] else { unreachable!() };
/// assert_eq!(buffer.to_vec::<u8>(), Some(vec![7; 4]));
/// # Ok::<(), cfunc::DynError>(())
/// ```
pub struct OwnedBuffer {
    /// C writes through a pointer obtained from a shared `&Value`, so the
    /// memory is interior-mutable; 8-byte words align every `BufferScalar`.
    words: Box<[UnsafeCell<u64>]>,
    len: usize,
    element: BufferElement,
}

impl Clone for OwnedBuffer {
    fn clone(&self) -> Self {
        let words = self
            .words
            .iter()
            // SAFETY: nothing writes the cells while `&self` is read here:
            // C writes them only during a call that lends this value, and
            // an `OwnedBuffer` is not `Sync`.
            .map(|word| UnsafeCell::new(unsafe { *word.get() }))
            .collect();
        OwnedBuffer {
            words,
            len: self.len,
            element: self.element,
        }
    }
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

    /// Whether the buffer was lent mutably (C may write to it); `false`
    /// for buffers from shared borrows, which C may only read.
    pub fn is_mutable(&self) -> bool {
        self.mutable
    }
}

impl OwnedBuffer {
    /// A pointer to the first element, valid for writes of the buffer's
    /// bytes while the buffer lives.
    pub(crate) fn as_mut_ptr(&self) -> *mut c_void {
        UnsafeCell::raw_get(self.words.as_ptr()).cast()
    }

    /// The buffer's length in elements.
    ///
    /// ```
    /// let cfunc::Value::OwnedBuffer(buffer) = cfunc::Value::from(vec![1i16, 2, 3]) else {
    ///     unreachable!()
    /// };
    /// assert_eq!(buffer.len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer has no elements.
    ///
    /// ```
    /// let cfunc::Value::OwnedBuffer(buffer) = cfunc::Value::from(Vec::<f64>::new()) else {
    ///     unreachable!()
    /// };
    /// assert!(buffer.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The element type.
    ///
    /// ```
    /// use cfunc::{BufferElement, sig::Scalar};
    /// let cfunc::Value::OwnedBuffer(buffer) = cfunc::Value::from(vec![1.5f32]) else {
    ///     unreachable!()
    /// };
    /// assert_eq!(buffer.element(), BufferElement::Scalar(Scalar::Float32));
    /// ```
    pub fn element(&self) -> BufferElement {
        self.element
    }

    /// The current contents as `T`s (what C wrote, after a call), or `None`
    /// if `T` is not the element type. A `bool` element reads as `true`
    /// for any nonzero byte.
    ///
    /// ```
    /// let cfunc::Value::OwnedBuffer(buffer) = cfunc::Value::from(vec![1u32, 2]) else {
    ///     unreachable!()
    /// };
    /// assert_eq!(buffer.to_vec::<u32>(), Some(vec![1, 2]));
    /// assert_eq!(buffer.to_vec::<i32>(), None);
    /// ```
    pub fn to_vec<T: BufferScalar>(&self) -> Option<Vec<T>> {
        if self.element != BufferElement::Scalar(T::SCALAR) {
            return None;
        }
        let base = self.as_mut_ptr().cast::<u8>().cast_const();
        Some(
            (0..self.len)
                // SAFETY: the buffer holds `len` elements of `T` (its element
                // type, checked above) in its words; nothing writes them while
                // `&self` is read (see `Clone`); `read_c` accepts any bytes C
                // may have left.
                .map(|index| unsafe { T::read_c(base.add(index * size_of::<T>())) })
                .collect(),
        )
    }
}

mod sealed {
    /// The element types the crate knows the layout of: `BufferScalar` is
    /// trusted by the unsafe code that lends buffers to C and reads them
    /// back, so no other crate may implement it.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the element of a dynamic-call buffer",
        label = "`BufferScalar` is sealed",
        note = "buffer elements are `bool`, the integers and the floats; pass records with `Value::records`, anything else as a `Value::Pointer`"
    )]
    pub trait Sealed: Copy + 'static {
        /// Reads one element from memory that C may have written.
        ///
        /// # Safety
        ///
        /// `source` is valid for reading `size_of::<Self>()` bytes.
        unsafe fn read_c(source: *const u8) -> Self;
    }
}

/// Numbers and booleans that a buffer may hold: `bool`, `i8`..`i64`,
/// `isize`, `u8`..`u64`, `usize`, `f32`, `f64`. Sealed: the marshalling
/// code trusts `SCALAR` to be the type's C layout.
///
/// ```
/// use cfunc::{BufferScalar, sig::Scalar};
/// assert_eq!(<f32 as BufferScalar>::SCALAR, Scalar::Float32);
/// assert_eq!(<usize as BufferScalar>::SCALAR, Scalar::Uintp);
/// ```
pub trait BufferScalar: sealed::Sealed {
    /// The element's signature type.
    const SCALAR: Scalar;
}

// A byte other than 0 or 1 is not a Rust `bool`; C's nonzero is true.
impl sealed::Sealed for bool {
    unsafe fn read_c(source: *const u8) -> Self {
        // SAFETY: the caller guarantees one readable byte.
        unsafe { source.read() != 0 }
    }
}

macro_rules! numeric_elements {
    ($($rust:ty),*) => {
        $(
            impl sealed::Sealed for $rust {
                unsafe fn read_c(source: *const u8) -> Self {
                    // SAFETY: the caller guarantees the bytes; every bit
                    // pattern is a valid number.
                    unsafe { source.cast::<$rust>().read_unaligned() }
                }
            }
        )*
    };
}

numeric_elements!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64);

macro_rules! elements {
    ($($rust:ty => $scalar:ident, $variant:ident;)*) => {
        $(
            impl BufferScalar for $rust {
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

impl From<Complex32> for Value<'_> {
    fn from(value: Complex32) -> Self {
        Value::Complex32(value)
    }
}

impl From<Complex64> for Value<'_> {
    fn from(value: Complex64) -> Self {
        Value::Complex64(value)
    }
}

impl From<RecordValue> for Value<'_> {
    fn from(record: RecordValue) -> Self {
        Value::Record(record)
    }
}

impl<'a, T: BufferScalar> From<&'a [T]> for Value<'a> {
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

impl<'a, T: BufferScalar> From<&'a mut [T]> for Value<'a> {
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

impl<'a, T: BufferScalar, const N: usize> From<&'a [T; N]> for Value<'a> {
    fn from(array: &'a [T; N]) -> Self {
        Value::from(&array[..])
    }
}

impl<'a, T: BufferScalar, const N: usize> From<&'a mut [T; N]> for Value<'a> {
    fn from(array: &'a mut [T; N]) -> Self {
        Value::from(&mut array[..])
    }
}

impl<'a, T: BufferScalar> From<&'a Vec<T>> for Value<'a> {
    fn from(vec: &'a Vec<T>) -> Self {
        Value::from(vec.as_slice())
    }
}

impl<'a, T: BufferScalar> From<&'a mut Vec<T>> for Value<'a> {
    fn from(vec: &'a mut Vec<T>) -> Self {
        Value::from(vec.as_mut_slice())
    }
}

impl<T: BufferScalar> From<Vec<T>> for Value<'_> {
    /// An owned, writable copy: C reads and writes the value's copy, which
    /// [`OwnedBuffer::to_vec`] reads back (pass `&mut vec` to have C write
    /// into `vec` itself).
    fn from(vec: Vec<T>) -> Self {
        let bytes = core::mem::size_of_val(vec.as_slice());
        let mut words: Box<[UnsafeCell<u64>]> =
            (0..bytes.div_ceil(8)).map(|_| UnsafeCell::new(0)).collect();
        // SAFETY: `words` has at least `bytes` bytes (`UnsafeCell<u64>` is
        // laid out as `u64`), is 8-aligned (enough for every `BufferScalar`), is
        // uniquely borrowed here and does not overlap `vec`.
        unsafe {
            core::ptr::copy_nonoverlapping(
                vec.as_ptr().cast::<u8>(),
                UnsafeCell::raw_get(words.as_mut_ptr()).cast::<u8>(),
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

    /// A record by value (a copy of `record`), for a slot that names the
    /// record itself rather than `CPointer` to it.
    ///
    /// ```
    /// # use cfunc::Value;
    /// #[derive(Clone, Copy, PartialEq, Debug, cfunc::Record)]
    /// #[repr(C)]
    /// struct Point { x: f64, y: f64 }
    /// let value = Value::record(&Point { x: 1.0, y: 2.0 });
    /// assert_eq!(value.describe(), "record `Point` by value");
    /// assert_eq!(value.as_record::<Point>(), Some(Point { x: 1.0, y: 2.0 }));
    /// ```
    pub fn record<R: Record>(record: &R) -> Self {
        Value::Record(RecordValue::new(record))
    }

    /// The value as a record of type `R`, for a record value with `R`'s
    /// layout.
    pub fn as_record<R: Record>(&self) -> Option<R> {
        match self {
            Value::Record(record) => record.get(),
            _ => None,
        }
    }

    /// The value as a `complex128`, for complex values (a `complex64`
    /// widens exactly) and for real numbers that an `f64` holds exactly.
    ///
    /// ```
    /// use cfunc::{Complex64, Value};
    /// assert_eq!(Value::from(Complex64::new(1.0, -2.0)).as_complex64(), Some(Complex64::new(1.0, -2.0)));
    /// assert_eq!(Value::F64(3.0).as_complex64(), Some(Complex64::new(3.0, 0.0)));
    /// ```
    pub fn as_complex64(&self) -> Option<Complex64> {
        match *self {
            Value::Complex64(value) => Some(value),
            Value::Complex32(value) => Some(Complex64::new(value.re.into(), value.im.into())),
            _ => self.as_f64().map(|re| Complex64::new(re, 0.0)),
        }
    }

    /// A read-only buffer of records, passed as a pointer to the first one
    /// (C may only read it).
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

    /// A writable buffer of records, passed through `as_mut_ptr`: C may
    /// write records into it (valid values of `R`, as [`Record`] requires).
    ///
    /// ```
    /// # use cfunc::Value;
    /// #[derive(Clone, Copy, cfunc::Record)]
    /// #[repr(C)]
    /// struct Point { x: f64, y: f64 }
    /// let mut points = [Point { x: 1.0, y: 2.0 }];
    /// let Value::Buffer(buffer) = Value::records_mut(&mut points) else { unreachable!() };
    /// assert!(buffer.is_mutable());
    /// ```
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

    /// The value as a raw pointer, for pointers, null, buffers and C
    /// strings. Writing through the pointer of a read-only value (a shared
    /// borrow or a C string) is undefined behaviour.
    pub fn as_pointer(&self) -> Option<*mut c_void> {
        match self {
            Value::Pointer(pointer) => Some(*pointer),
            Value::Null => Some(core::ptr::null_mut()),
            Value::Buffer(buffer) => Some(buffer.ptr),
            Value::OwnedBuffer(buffer) => Some(buffer.as_mut_ptr()),
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
            Value::Complex32(value) => format!("complex64 {value}"),
            Value::Complex64(value) => format!("complex128 {value}"),
            Value::Record(record) => format!("record `{}` by value", record.layout().name()),
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

    /// Whether the value owns the memory its pointer points to (an owned
    /// buffer or C string), which is freed with the value.
    pub(crate) fn owns_memory(&self) -> bool {
        matches!(self, Value::OwnedBuffer(_) | Value::String(_))
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
    /// Scalars compare by type and value, records by layout and field bits,
    /// pointers by address.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Void, Value::Void) | (Value::Null, Value::Null) => true,
            (Value::F32(a), Value::F32(b)) => a == b,
            (Value::F64(a), Value::F64(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Complex32(a), Value::Complex32(b)) => a == b,
            (Value::Complex64(a), Value::Complex64(b)) => a == b,
            (Value::Record(a), Value::Record(b)) => a == b,
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

/// A record by value: a copy of a C struct's bytes with its layout, like
/// a ctypes `Structure` instance. Made from a `#[derive(Record)]` struct
/// ([`RecordValue::new`]) or field by field from a layout
/// ([`RecordValue::zeroed`] and [`RecordValue::set`]), e.g. one that
/// [`FFI::cdef`](crate::cdecl::FFI::cdef) declared.
///
/// ```
/// use cfunc::{RecordValue, Value, sig::Type, types::RecordLayout};
///
/// let layout = RecordLayout::named("interval", &[("lo", Type::float64()), ("hi", Type::float64())])?;
/// let mut interval = RecordValue::zeroed(&layout);
/// interval.set("lo", 1.5)?;
/// interval.set("hi", 4)?;
/// assert_eq!(interval.field("hi"), Some(Value::F64(4.0)));
/// let error = interval.set("mid", 2.0).unwrap_err();
/// assert_eq!(error.to_string(), "record `interval` has no field `mid` (its fields: lo, hi)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct RecordValue {
    layout: RecordLayout,
    bytes: Box<[u8]>,
}

impl fmt::Debug for RecordValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct(self.layout.name());
        for field in self.layout.fields() {
            match self.field(&field.name) {
                Some(value) => out.field(&field.name, &value),
                None => out.field(&field.name, &format_args!("{}", field.ty)),
            };
        }
        out.finish()
    }
}

impl RecordValue {
    /// A copy of `record`.
    pub fn new<R: Record>(record: &R) -> RecordValue {
        let layout = R::layout();
        assert_eq!(
            layout.size(),
            size_of::<R>(),
            "`{}::layout()` has the size of the type",
            R::NAME
        );
        // SAFETY: `record` is a live `R`, whose fields lie where `R::layout()`
        // says (the `Record` contract).
        unsafe { RecordValue::copy_of(layout, (record as *const R).cast::<u8>()) }
    }

    /// A record of `layout` with every field zero (`0`, `0.0`, `false`,
    /// null).
    pub fn zeroed(layout: &RecordLayout) -> RecordValue {
        RecordValue {
            layout: layout.clone(),
            bytes: vec![0; layout.size()].into_boxed_slice(),
        }
    }

    /// The record C handed over in `bytes`. Only the fields are copied:
    /// C leaves whatever its registers held in the padding, and records
    /// compare bit for bit.
    pub(crate) fn from_c_bytes(layout: &RecordLayout, bytes: &[u8]) -> RecordValue {
        let source = &bytes[..layout.size()];
        // SAFETY: `source` holds a whole record of `layout` (sliced above).
        unsafe { RecordValue::copy_of(layout.clone(), source.as_ptr()) }
    }

    /// A copy of the fields of the record at `source`, with zero padding:
    /// padding may be uninitialised (in a Rust value) or garbage (in what
    /// C's registers held), and records compare bit for bit.
    ///
    /// # Safety
    ///
    /// `source` points at a live value laid out as `layout`.
    unsafe fn copy_of(layout: RecordLayout, source: *const u8) -> RecordValue {
        let mut bytes = vec![0; layout.size()].into_boxed_slice();
        // SAFETY: forwarded from this function's contract.
        unsafe { copy_fields(&layout, source, &mut bytes, 0) };
        RecordValue { layout, bytes }
    }

    /// The record's layout.
    pub fn layout(&self) -> &RecordLayout {
        &self.layout
    }

    /// The record's bytes, as C lays them out, with zero padding.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The record as an `R`, if `R`'s layout is this record's.
    pub fn get<R: Record>(&self) -> Option<R> {
        (R::layout() == self.layout).then(|| {
            // SAFETY: the bytes have `R`'s size and layout (checked above and
            // by the `Record` contract); they are zero, fields set through
            // `set` (valid values of their types) or what C handed over,
            // which the `Record` contract makes a valid `R`. Read without
            // assuming alignment.
            unsafe { self.bytes.as_ptr().cast::<R>().read_unaligned() }
        })
    }

    /// The value of a scalar, complex, pointer or nested-record field
    /// (`None` for a field that does not exist or is a nested array).
    pub fn field(&self, name: &str) -> Option<Value<'static>> {
        let field = self.layout.field(name)?;
        let kind = super::marshal::Kind::of_field(&field.ty)?;
        let bytes = &self.bytes[field.offset..field.offset + field.ty.size()];
        Some(super::marshal::rename_integer(
            &field.ty.to_named(),
            super::marshal::read_c(&kind, bytes),
        ))
    }

    /// Sets a scalar, complex, pointer or nested-record field, converting
    /// `value` as a call converts an argument for a slot of the field's
    /// type (exactly: `0.1` does not fit a `float32` field).
    ///
    /// The record keeps only the address of what a pointer field points
    /// to, and may outlive any borrow (it can be returned from a callback),
    /// so the value is `'static`: a borrowed buffer or C string must live
    /// for the whole program, and one the value owns is refused.
    ///
    /// # Errors
    ///
    /// [`DynError::UnknownField`] and [`DynError::FieldValue`].
    pub fn set(&mut self, name: &str, value: impl Into<Value<'static>>) -> Result<(), DynError> {
        let value = value.into();
        let unknown = || DynError::UnknownField {
            record: self.layout.name().to_owned(),
            field: name.to_owned(),
            fields: self
                .layout
                .fields()
                .iter()
                .map(|field| field.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        let field = self.layout.field(name).ok_or_else(unknown)?.clone();
        let slot = field.ty.to_named();
        let range = field.offset..field.offset + field.ty.size();
        let refused = |found: String| DynError::FieldValue {
            record: self.layout.name().to_owned(),
            field: name.to_owned(),
            expected: slot.to_string(),
            found,
        };
        let Some(kind) = super::marshal::Kind::of_field(&field.ty) else {
            return Err(refused(value.describe()));
        };
        super::marshal::store(&slot, &kind, &value, &mut self.bytes[range]).map_err(|refusal| {
            refused(match refusal {
                super::marshal::StoreRefusal::Owned => value.describe(),
                super::marshal::StoreRefusal::Mismatch(found) => found,
            })
        })
    }
}

/// Copies the bytes of the fields of a record of `layout` at `source` into
/// `target` at `base`, recursing into nested records so that no padding
/// byte is read.
///
/// # Safety
///
/// `source` points at a live value laid out as `layout`.
unsafe fn copy_fields(layout: &RecordLayout, source: *const u8, target: &mut [u8], base: usize) {
    for field in layout.fields() {
        let offset = base + field.offset;
        // SAFETY: the field lies inside the record at `source`.
        let field_source = unsafe { source.add(field.offset) };
        match &field.ty {
            Type::Record(inner) => {
                // SAFETY: a nested record at its offset.
                unsafe { copy_fields(inner, field_source, target, offset) };
            }
            Type::NestedArray { elem, shape } if matches!(**elem, Type::Record(_)) => {
                let Type::Record(inner) = &**elem else {
                    unreachable!()
                };
                let count: usize = shape.iter().product();
                for index in 0..count {
                    // SAFETY: element `index` of the nested array.
                    unsafe {
                        copy_fields(
                            inner,
                            field_source.add(index * inner.size()),
                            target,
                            offset + index * inner.size(),
                        );
                    }
                }
            }
            // Scalars, pointers and arrays of them have no padding.
            other => {
                let size = other.size();
                // SAFETY: `size` initialised bytes of the field, copied into
                // the field's range of `target` (the record's size).
                unsafe {
                    core::ptr::copy_nonoverlapping(
                        field_source,
                        target[offset..offset + size].as_mut_ptr(),
                        size,
                    );
                }
            }
        }
    }
}
