//! C struct records that may be named in signature strings.

/// A `#[repr(C)]` struct that a signature may name (`float64(CPointer(my_struct))`).
///
/// # Safety
///
/// Implementors must be `#[repr(C)]` plain data for which every bit pattern
/// of the right size that C may hand over is a valid value (no references,
/// no `bool`s or enums that C could fill with other values unless C's side
/// guarantees them), since callbacks read them straight from C memory.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is named in a cfunc signature but is not a record type",
    label = "`{Self}` does not implement `cfunc::Record`",
    note = "a name in a signature that is not a Numba type names a `#[repr(C)]` struct implementing `cfunc::Record`"
)]
pub unsafe trait Record: Copy + 'static {
    /// The name used for the struct in signatures and C headers.
    const NAME: &'static str;
}
