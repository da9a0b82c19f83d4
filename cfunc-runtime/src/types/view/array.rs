//! [`RecordArray`] and [`RecordArrayMut`]: `carray`s of records, and
//! [`RecordLayout::carray`] / [`RecordLayout::carray_mut`] that make them.

use core::ffi::c_void;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ptr::NonNull;

use super::single::{RecordMut, RecordRef};
use super::{checked_base, debug_views};
use crate::types::{RecordError, RecordLayout};

impl RecordLayout {
    /// Numba's `carray(ptr, n)` over records: a view of `n` consecutive
    /// records at `ptr`, `size()` bytes apart.
    ///
    /// # Errors
    ///
    /// [`RecordError::NullPointer`] (a null `ptr` with `n > 0`),
    /// [`RecordError::Misaligned`], or [`RecordError::TooLarge`] when
    /// `n` records do not fit in the address space.
    ///
    /// # Safety
    ///
    /// `ptr` must be valid for reads of `n * self.size()` bytes laid out as
    /// `n` of these records, for `'a`, and nothing may write that memory
    /// while a reference from [`RecordRef::array`] is alive.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let point = RecordLayout::named("point", &[("x", Type::float64()), ("y", Type::float64())])?;
    /// let points: [[f64; 2]; 3] = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    /// // SAFETY: three `point`s, alive for the whole view.
    /// let base = unsafe { point.carray(points.as_ptr().cast(), 3)? };
    /// assert_eq!(base.len(), 3);
    /// assert_eq!(base.at(1).get::<f64>("y")?, 4.0);
    /// let xs: f64 = base.iter().map(|p| p.get::<f64>("x").unwrap()).sum();
    /// assert_eq!(xs, 9.0);
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    pub unsafe fn carray<'a>(
        &'a self,
        ptr: *const c_void,
        n: usize,
    ) -> Result<RecordArray<'a>, RecordError> {
        let base = checked_base(ptr, self, n)?;
        Ok(RecordArray {
            base,
            len: n,
            layout: self,
            _memory: PhantomData,
        })
    }

    /// A writable [`RecordLayout::carray`].
    ///
    /// # Errors
    ///
    /// As [`RecordLayout::carray`].
    ///
    /// # Safety
    ///
    /// As [`RecordLayout::carray`], for reads and writes, and no reference
    /// handed out by another view of that memory may be alive while this
    /// one writes.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let counter = RecordLayout::make_c_struct(&[("hits", Type::uint32())])?;
    /// let mut counters = [0_u32; 4];
    /// // SAFETY: four `uint32` records, not otherwise used meanwhile.
    /// let mut base = unsafe { counter.carray_mut(counters.as_mut_ptr().cast(), 4)? };
    /// for i in 0..base.len() {
    ///     base.at_mut(i).set("hits", i as u32 * 10)?;
    /// }
    /// assert_eq!(counters, [0, 10, 20, 30]);
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    pub unsafe fn carray_mut<'a>(
        &'a self,
        ptr: *mut c_void,
        n: usize,
    ) -> Result<RecordArrayMut<'a>, RecordError> {
        let base = checked_base(ptr, self, n)?;
        Ok(RecordArrayMut {
            base,
            len: n,
            layout: self,
            _memory: PhantomData,
        })
    }
}

/// A read-only array of records in memory; made by [`RecordLayout::carray`].
#[derive(Clone, Copy)]
pub struct RecordArray<'a> {
    base: NonNull<u8>,
    len: usize,
    layout: &'a RecordLayout,
    _memory: PhantomData<&'a [u8]>,
}

impl<'a> RecordArray<'a> {
    /// The number of records.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The records' description.
    #[must_use]
    pub fn layout(&self) -> &'a RecordLayout {
        self.layout
    }

    /// Record `index` (Numba's `base[i]`).
    ///
    /// # Panics
    ///
    /// If `index >= len()`, with the index and the length, as indexing
    /// out of range does in Numba with bounds checking on.
    #[must_use]
    pub fn at(&self, index: usize) -> RecordRef<'a> {
        match self.get(index) {
            Some(record) => record,
            None => panic!(
                "record index {index} out of range for an array of {} records",
                self.len
            ),
        }
    }

    /// Record `index`, or `None` past the end.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<RecordRef<'a>> {
        if index >= self.len {
            return None;
        }
        // SAFETY: `index < len`, and the constructor checked that `len`
        // records fit; every record starts aligned, as `size` is a
        // multiple of `align`.
        let base = unsafe { self.base.add(index * self.layout.size()) };
        // SAFETY: as above.
        Some(unsafe { RecordRef::from_checked(base, self.layout) })
    }

    /// The records in order.
    #[must_use]
    pub fn iter(&self) -> RecordIter<'a> {
        RecordIter {
            array: *self,
            next: 0,
        }
    }
}

impl<'a> IntoIterator for RecordArray<'a> {
    type Item = RecordRef<'a>;
    type IntoIter = RecordIter<'a>;

    fn into_iter(self) -> RecordIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &RecordArray<'a> {
    type Item = RecordRef<'a>;
    type IntoIter = RecordIter<'a>;

    fn into_iter(self) -> RecordIter<'a> {
        self.iter()
    }
}

/// An iterator over a [`RecordArray`]'s records.
#[derive(Clone)]
pub struct RecordIter<'a> {
    array: RecordArray<'a>,
    next: usize,
}

impl<'a> Iterator for RecordIter<'a> {
    type Item = RecordRef<'a>;

    fn next(&mut self) -> Option<RecordRef<'a>> {
        let record = self.array.get(self.next)?;
        self.next += 1;
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.array.len - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for RecordIter<'_> {}
impl FusedIterator for RecordIter<'_> {}

/// A writable array of records in memory; made by [`RecordLayout::carray_mut`].
pub struct RecordArrayMut<'a> {
    base: NonNull<u8>,
    len: usize,
    layout: &'a RecordLayout,
    _memory: PhantomData<&'a mut [u8]>,
}

impl<'a> RecordArrayMut<'a> {
    /// The number of records.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A read-only view of the same records.
    #[must_use]
    pub fn as_ref(&self) -> RecordArray<'_> {
        RecordArray {
            base: self.base,
            len: self.len,
            layout: self.layout,
            _memory: PhantomData,
        }
    }

    /// Record `index`, read-only; see [`RecordArray::at`].
    ///
    /// # Panics
    ///
    /// If `index >= len()`.
    #[must_use]
    pub fn at(&self, index: usize) -> RecordRef<'_> {
        self.as_ref().at(index)
    }

    /// Record `index`, writable (Numba's `base[i].x = ...`).
    ///
    /// # Panics
    ///
    /// If `index >= len()`, with the index and the length.
    #[must_use]
    pub fn at_mut(&mut self, index: usize) -> RecordMut<'_> {
        assert!(
            index < self.len,
            "record index {index} out of range for an array of {} records",
            self.len
        );
        // SAFETY: in range, aligned, writable by the constructor's contract.
        let base = unsafe { self.base.add(index * self.layout.size()) };
        // SAFETY: as above, borrowed from `self`.
        unsafe { RecordMut::from_checked(base, self.layout) }
    }
}
debug_views!(RecordArray, RecordArrayMut);
