//! [`RecordRef`] and [`RecordMut`]: one record in raw memory, by field name.

use core::ffi::c_void;
use core::marker::PhantomData;
use core::ptr::NonNull;

use super::{array_field, checked_base, debug_views, record_field, typed_field};
use crate::array::{ArrayView, ArrayViewMut, try_carray};
use crate::types::{FieldType, RecordError, RecordLayout};

/// A read-only view of one record in memory, described by a [`RecordLayout`].
///
/// ```
/// use cfunc_runtime::sig::Type;
/// use cfunc_runtime::types::{RecordLayout, RecordRef};
///
/// #[repr(C)]
/// struct Sample { id: i32, weight: f32, values: [f32; 3] }
///
/// let layout = RecordLayout::make_c_struct(&[
///     ("id", Type::int32()),
///     ("weight", Type::float32()),
///     ("values", Type::nested_array(Type::float32(), &[3])),
/// ])?;
/// let sample = Sample { id: 7, weight: 0.5, values: [1.0, 2.0, 3.0] };
/// // SAFETY: `sample` has the layout described and outlives the view.
/// let view = unsafe { RecordRef::new((&raw const sample).cast(), &layout)? };
/// assert_eq!(view.get::<i32>("id")?, 7);
/// assert_eq!(view.array::<f32>("values")?.sum(), 6.0);
/// assert_eq!(view.get::<f64>("weight").unwrap_err().to_string(), "field `weight` is float32, not float64");
/// # Ok::<(), cfunc_runtime::types::RecordError>(())
/// ```
#[derive(Clone, Copy)]
pub struct RecordRef<'a> {
    base: NonNull<u8>,
    layout: &'a RecordLayout,
    _memory: PhantomData<&'a [u8]>,
}

impl<'a> RecordRef<'a> {
    /// A view of the record at `ptr`.
    ///
    /// # Errors
    ///
    /// [`RecordError::NullPointer`] or [`RecordError::Misaligned`] if
    /// `ptr` is null or not aligned to `layout.align()`.
    ///
    /// # Safety
    ///
    /// `ptr` must be valid for reads of `layout.size()` bytes laid out as
    /// `layout` says, for `'a`, and nothing may write that memory while a
    /// reference from [`RecordRef::array`] is alive. The `bool`s of a
    /// nested array viewed with [`RecordRef::array`] must be 0 or 1 (the
    /// view hands out `&bool`); [`RecordRef::get`] reads any byte.
    pub unsafe fn new(
        ptr: *const c_void,
        layout: &'a RecordLayout,
    ) -> Result<RecordRef<'a>, RecordError> {
        let base = checked_base(ptr, layout, 1)?;
        // SAFETY: checked above and forwarded from this function's contract.
        Ok(unsafe { RecordRef::from_checked(base, layout) })
    }

    /// # Safety
    ///
    /// `base` is aligned and valid for reads of one `layout` for `'a`.
    pub(super) unsafe fn from_checked(
        base: NonNull<u8>,
        layout: &'a RecordLayout,
    ) -> RecordRef<'a> {
        RecordRef {
            base,
            layout,
            _memory: PhantomData,
        }
    }

    /// The record's description.
    #[must_use]
    pub fn layout(&self) -> &'a RecordLayout {
        self.layout
    }

    /// The record's address.
    #[must_use]
    pub fn as_ptr(&self) -> *const c_void {
        self.base.as_ptr().cast_const().cast()
    }

    /// The value of field `name` as a `T` (Numba's `rec.name`).
    ///
    /// # Errors
    ///
    /// [`RecordError::NoSuchField`], or [`RecordError::TypeMismatch`] when
    /// `T` is not the field's type (`c_int` and `i32` are one type).
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::{RecordLayout, RecordRef};
    ///
    /// let layout = RecordLayout::make_c_struct(&[("flag", Type::boolean()), ("x", Type::float64())])?;
    /// let bytes: [f64; 2] = [f64::from_bits(1), 2.5];
    /// // SAFETY: 16 readable, 8-aligned bytes; the first byte is 1.
    /// let view = unsafe { RecordRef::new(bytes.as_ptr().cast(), &layout)? };
    /// assert_eq!(view.get::<f64>("x")?, 2.5);
    /// assert!(view.get::<bool>("flag")?);
    /// assert!(view.get::<f64>("y").is_err());
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    pub fn get<T: FieldType>(&self, name: &str) -> Result<T, RecordError> {
        let field = typed_field::<T>(self.layout, name)?;
        // SAFETY: the field lies inside the record, which the constructor's
        // contract makes readable, and holds a `T` (checked above).
        Ok(unsafe { T::read_from(self.base.as_ptr().add(field.offset)) })
    }

    /// A view of the nested array field `name` (Numba's `rec.af4`), one
    /// dimension; see [`RecordRef::array_nd`] for more.
    ///
    /// # Errors
    ///
    /// [`RecordError::NoSuchField`], or [`RecordError::TypeMismatch`] if
    /// the field is not a one-dimensional array of `T`.
    pub fn array<T: FieldType>(&self, name: &str) -> Result<ArrayView<'a, T, 1>, RecordError> {
        self.array_nd::<T, 1>(name)
    }

    /// A view of the `N`-dimensional nested array field `name`, in C order.
    ///
    /// # Errors
    ///
    /// As [`RecordRef::array`], for `N` dimensions.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::{RecordLayout, RecordRef};
    ///
    /// let layout = RecordLayout::make_c_struct(&[("m", Type::nested_array(Type::int16(), &[2, 3]))])?;
    /// let data: [i16; 6] = [1, 2, 3, 4, 5, 6];
    /// // SAFETY: `data` has the layout described.
    /// let view = unsafe { RecordRef::new(data.as_ptr().cast(), &layout)? };
    /// let m = view.array_nd::<i16, 2>("m")?;
    /// assert_eq!(m[(1, 0)], 4);
    /// assert!(view.array::<i16>("m").is_err());
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    pub fn array_nd<T: FieldType, const N: usize>(
        &self,
        name: &str,
    ) -> Result<ArrayView<'a, T, N>, RecordError> {
        let (field, shape) = array_field::<T, N>(self.layout, name)?;
        // SAFETY: the field lies inside the readable record, is aligned for
        // `T` (the record is aligned and the offset follows the C rule) and
        // holds the shape's elements.
        let ptr = unsafe { self.base.as_ptr().add(field.offset) }
            .cast::<T>()
            .cast_const();
        // SAFETY: as above; the aliasing rule is the constructor's.
        let view = unsafe { try_carray(ptr, shape) };
        Ok(view.unwrap_or_else(|error| {
            unreachable!("a checked record field is a valid array: {error}")
        }))
    }

    /// A view of the nested record field `name` (Numba's `rec.inner`).
    ///
    /// # Errors
    ///
    /// [`RecordError::NoSuchField`], or [`RecordError::TypeMismatch`] if
    /// the field is not a record.
    pub fn record(&self, name: &str) -> Result<RecordRef<'a>, RecordError> {
        let (field, nested) = record_field(self.layout, name)?;
        // SAFETY: the nested record lies inside this one, aligned by the C rule.
        let base = unsafe { self.base.add(field.offset) };
        // SAFETY: as above.
        Ok(unsafe { RecordRef::from_checked(base, nested) })
    }
}

/// A read-write view of one record in memory, described by a [`RecordLayout`].
///
/// ```
/// use cfunc_runtime::sig::Type;
/// use cfunc_runtime::types::{RecordLayout, RecordMut};
///
/// let layout = RecordLayout::make_c_struct(&[("n", Type::int64()), ("x", Type::float64())])?;
/// let mut storage = [0_i64; 2];
/// // SAFETY: `storage` has room for the record and is not otherwise used.
/// let mut view = unsafe { RecordMut::new(storage.as_mut_ptr().cast(), &layout)? };
/// view.set("n", 3_i64)?;
/// view.set("x", 0.25_f64)?;
/// assert_eq!(view.get::<i64>("n")?, 3);
/// assert!(view.set("n", 3_i32).is_err());
/// assert_eq!(storage[0], 3);
/// # Ok::<(), cfunc_runtime::types::RecordError>(())
/// ```
pub struct RecordMut<'a> {
    base: NonNull<u8>,
    layout: &'a RecordLayout,
    _memory: PhantomData<&'a mut [u8]>,
}

impl<'a> RecordMut<'a> {
    /// A writable view of the record at `ptr`.
    ///
    /// # Errors
    ///
    /// As [`RecordRef::new`].
    ///
    /// # Safety
    ///
    /// `ptr` must be valid for reads and writes of `layout.size()` bytes
    /// laid out as `layout` says, for `'a`, and no reference handed out by
    /// another view of that memory may be alive while this one writes.
    /// Nested `bool` arrays viewed as arrays hold 0 or 1, as for
    /// [`RecordRef::new`].
    pub unsafe fn new(
        ptr: *mut c_void,
        layout: &'a RecordLayout,
    ) -> Result<RecordMut<'a>, RecordError> {
        let base = checked_base(ptr, layout, 1)?;
        // SAFETY: checked above and forwarded from this function's contract.
        Ok(unsafe { RecordMut::from_checked(base, layout) })
    }

    /// # Safety
    ///
    /// `base` is aligned and valid for reads and writes of one `layout`.
    pub(super) unsafe fn from_checked(
        base: NonNull<u8>,
        layout: &'a RecordLayout,
    ) -> RecordMut<'a> {
        RecordMut {
            base,
            layout,
            _memory: PhantomData,
        }
    }

    /// A read-only view of the same record.
    #[must_use]
    pub fn as_ref(&self) -> RecordRef<'_> {
        // SAFETY: the same checked memory, borrowed for less time.
        unsafe { RecordRef::from_checked(self.base, self.layout) }
    }

    /// The record's description.
    #[must_use]
    pub fn layout(&self) -> &'a RecordLayout {
        self.layout
    }

    /// The record's address.
    #[must_use]
    pub fn as_mut_ptr(&mut self) -> *mut c_void {
        self.base.as_ptr().cast()
    }

    /// The value of field `name`; see [`RecordRef::get`].
    ///
    /// # Errors
    ///
    /// As [`RecordRef::get`].
    pub fn get<T: FieldType>(&self, name: &str) -> Result<T, RecordError> {
        self.as_ref().get(name)
    }

    /// Stores `value` in field `name` (Numba's `rec.name = value`).
    ///
    /// # Errors
    ///
    /// [`RecordError::NoSuchField`], or [`RecordError::TypeMismatch`] when
    /// `T` is not the field's type.
    pub fn set<T: FieldType>(&mut self, name: &str, value: T) -> Result<(), RecordError> {
        let field = typed_field::<T>(self.layout, name)?;
        // SAFETY: the field lies inside the writable record and holds a `T`.
        unsafe {
            self.base
                .as_ptr()
                .add(field.offset)
                .cast::<T>()
                .write_unaligned(value);
        }
        Ok(())
    }

    /// A writable view of the nested array field `name`.
    ///
    /// # Errors
    ///
    /// As [`RecordRef::array`].
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::{RecordLayout, RecordMut};
    ///
    /// let layout = RecordLayout::make_c_struct(&[("v", Type::nested_array(Type::float32(), &[3]))])?;
    /// let mut data = [0.0_f32; 3];
    /// // SAFETY: `data` has the layout described and is not otherwise used.
    /// let mut view = unsafe { RecordMut::new(data.as_mut_ptr().cast(), &layout)? };
    /// view.array_mut::<f32>("v")?[2] = 4.0;
    /// assert_eq!(data, [0.0, 0.0, 4.0]);
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    pub fn array_mut<T: FieldType>(
        &mut self,
        name: &str,
    ) -> Result<ArrayViewMut<'_, T, 1>, RecordError> {
        let (field, shape) = array_field::<T, 1>(self.layout, name)?;
        // SAFETY: as in `RecordRef::array_nd`, with write access borrowed
        // from `self`.
        let ptr = unsafe { self.base.as_ptr().add(field.offset) }.cast::<T>();
        // SAFETY: as above.
        let view = unsafe { try_carray(ptr, shape) };
        Ok(view.unwrap_or_else(|error| {
            unreachable!("a checked record field is a valid array: {error}")
        }))
    }

    /// A writable view of the nested record field `name`.
    ///
    /// # Errors
    ///
    /// As [`RecordRef::record`].
    pub fn record_mut(&mut self, name: &str) -> Result<RecordMut<'_>, RecordError> {
        let (field, nested) = record_field(self.layout, name)?;
        // SAFETY: the nested record lies inside this one, aligned by the C rule.
        let base = unsafe { self.base.add(field.offset) };
        // SAFETY: as above, borrowed from `self`.
        Ok(unsafe { RecordMut::from_checked(base, nested) })
    }
}
debug_views!(RecordRef, RecordMut);
