//! C struct records that may be named in signature strings.

/// A `#[repr(C)]` struct that a signature may name (`float64(CPointer(my_struct))`).
///
/// # Safety
///
/// Implementors must be `#[repr(C)]` plain data for which every bit pattern
/// of the right size that C may hand over is a valid value (no references,
/// no `bool`s or enums that C could fill with other values unless C's side
/// guarantees them), since callbacks read them straight from C memory; and
/// [`Record::layout`] describes exactly its fields, their offsets, and its
/// size and alignment, since the dynamic caller copies records by value
/// through it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is named in a cfunc signature but is not a record type",
    label = "`{Self}` does not implement `cfunc::Record`",
    note = "a name in a signature that is not a Numba type names a `#[repr(C)]` struct implementing `cfunc::Record`"
)]
pub unsafe trait Record: crate::types::FieldType {
    /// The name used for the struct in signatures and C headers.
    const NAME: &'static str;

    /// The run-time description of the struct's layout. For a derived
    /// record it is asserted at compile time to agree with rustc's layout.
    ///
    /// ```
    /// #[derive(Clone, Copy, cfunc::Record)]
    /// #[repr(C)]
    /// struct Pair {
    ///     tag: u8,
    ///     value: f64,
    /// }
    ///
    /// use cfunc::Record;
    /// let layout = Pair::layout();
    /// assert_eq!(layout.name(), "Pair");
    /// assert_eq!(layout.offset("value"), Some(core::mem::offset_of!(Pair, value)));
    /// assert_eq!(layout.size(), size_of::<Pair>());
    /// ```
    fn layout() -> crate::types::RecordLayout;

    /// The C definitions of this record and of every record it uses, for a
    /// header: see [`types::RecordLayout::c_typedefs`](crate::types::RecordLayout::c_typedefs).
    ///
    /// ```
    /// #[derive(Clone, Copy, cfunc::Record)]
    /// #[repr(C)]
    /// struct Pair {
    ///     tag: u8,
    ///     value: f64,
    /// }
    ///
    /// use cfunc::Record;
    /// assert_eq!(
    ///     Pair::c_typedefs(),
    ///     "typedef struct Pair {\n    uint8_t tag;\n    double value;\n} Pair;\n"
    /// );
    /// ```
    #[must_use]
    fn c_typedefs() -> String {
        Self::layout().c_typedefs()
    }
}

/// Builds the layout of a derived record. The derive has already checked
/// at compile time that the fields are distinct identifiers with sized
/// types and that the C layout equals rustc's, so failing here is a bug in
/// the derive, reported as such.
#[doc(hidden)]
#[must_use]
pub fn derived_layout(
    name: &str,
    fields: &[(&str, crate::types::Type)],
) -> crate::types::RecordLayout {
    match crate::types::RecordLayout::named(name, fields) {
        Ok(layout) => layout,
        Err(error) => panic!("bug in #[derive(Record)] for `{name}`: {error}"),
    }
}

/// Zero-initialises a derived record, the value a callback returns after
/// a panic under the default policy.
#[doc(hidden)]
#[must_use]
pub fn zeroed_record<R: Record + crate::types::FieldType>() -> R {
    // SAFETY: `FieldType`'s contract makes all-zero bytes a valid value.
    unsafe { core::mem::zeroed() }
}
