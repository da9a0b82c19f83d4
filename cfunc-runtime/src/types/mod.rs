//! Record types described at run time, as in `numba.types`: field and
//! element types ([`sig::Type`](crate::sig::Type) holding records by their
//! layout), C structs ([`RecordLayout`], Numba's
//! `types.Record.make_c_struct`), and views that read and write records in
//! raw memory by field name.
//!
//! Layouts follow the platform C ABI: every field at the next multiple of
//! its alignment, the record aligned as its most aligned field, its size
//! rounded up to that alignment. Records are never packed.
//!
//! ```
//! use cfunc_runtime::sig::Type;
//! use cfunc_runtime::types::RecordLayout;
//!
//! let my_struct = RecordLayout::make_c_struct(&[
//!     ("i1", Type::int32()),
//!     ("f2", Type::float32()),
//!     ("d3", Type::float64()),
//!     ("af4", Type::nested_array(Type::float32(), &[7])),
//! ])?;
//! let offsets: Vec<usize> = my_struct.fields().iter().map(|field| field.offset).collect();
//! assert_eq!(offsets, [0, 4, 8, 16]);
//! assert_eq!(my_struct.size(), 48);
//! # Ok::<(), cfunc_runtime::types::RecordError>(())
//! ```

mod error;
mod field_type;
pub mod layout;
mod record;
mod ty;
mod view;

#[cfg(test)]
mod tests;

pub use error::RecordError;
pub use field_type::{FieldPointee, FieldType};
pub use record::{Field, RecordLayout};
pub use view::{RecordArray, RecordArrayMut, RecordIter, RecordMut, RecordRef};

pub(crate) use record::is_c_identifier;

/// The field types of this module: the one C type model, records held by
/// their layout.
pub(crate) type Type = crate::sig::Type<RecordLayout>;
