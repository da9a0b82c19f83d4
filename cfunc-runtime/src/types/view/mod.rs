//! Record views over raw memory: [`RecordRef`] and [`RecordMut`] read and
//! write one record's fields by name, type-checked against the
//! [`RecordLayout`](super::RecordLayout) description; [`RecordArray`] and
//! [`RecordArrayMut`] are `carray`s of records (`base.at(i)` is Numba's
//! `base[i]`).
//!
//! Like the array views, these hold raw pointers, not references, so two
//! views of the same memory may exist (C callers do that); values are
//! copied in and out, and only [`RecordRef::array`]-style views hand out
//! references, under the rule of [`carray`](crate::array::carray).

mod array;
mod single;

pub use array::{RecordArray, RecordArrayMut, RecordIter};
pub use single::{RecordMut, RecordRef};

use core::ffi::c_void;
use core::ptr::NonNull;

use super::field_type::field_type_matches;
use super::{Field, FieldType, RecordError, RecordLayout, Type};

/// Checks a base pointer for `count` records: not null unless `count` is 0,
/// aligned, and the total size within `isize::MAX`. A null pointer with no
/// records becomes a dangling aligned one.
fn checked_base(
    ptr: *const c_void,
    record: &RecordLayout,
    count: usize,
) -> Result<NonNull<u8>, RecordError> {
    let fits = record
        .size()
        .checked_mul(count)
        .is_some_and(|total| isize::try_from(total).is_ok());
    if !fits {
        return Err(RecordError::TooLarge {
            what: format!("an array of {count} `{}` records", record.name()),
        });
    }
    let Some(base) = NonNull::new(ptr.cast::<u8>().cast_mut()) else {
        if count == 0 {
            // An empty view never reads; any aligned non-null address does.
            return Ok(
                NonNull::new(core::ptr::without_provenance_mut(record.align()))
                    .unwrap_or(NonNull::dangling()),
            );
        }
        return Err(RecordError::NullPointer {
            record: record.name().to_owned(),
            what: if count == 1 {
                "one record".to_owned()
            } else {
                format!("an array of {count} records")
            },
        });
    };
    let address = base.as_ptr() as usize;
    if !address.is_multiple_of(record.align()) {
        return Err(RecordError::Misaligned {
            record: record.name().to_owned(),
            align: record.align(),
            address,
        });
    }
    Ok(base)
}

/// The field `name`, or an error listing the record's fields.
fn find_field<'r>(record: &'r RecordLayout, name: &str) -> Result<&'r Field, RecordError> {
    record.field(name).ok_or_else(|| RecordError::NoSuchField {
        record: record.name().to_owned(),
        name: name.to_owned(),
        fields: record
            .fields()
            .iter()
            .map(|field| format!("`{}`", field.name))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The field `name`, checked to hold a `T`.
fn typed_field<'r, T: FieldType>(
    record: &'r RecordLayout,
    name: &str,
) -> Result<&'r Field, RecordError> {
    let field = find_field(record, name)?;
    let requested = T::descriptor();
    if !field_type_matches(&requested, &field.ty) {
        return Err(RecordError::TypeMismatch {
            field: name.to_owned(),
            actual: field.ty.to_string(),
            requested: requested.to_string(),
        });
    }
    Ok(field)
}

/// The field `name`, checked to be an `N`-dimensional nested array of
/// `T`; returns it with its shape.
fn array_field<'r, T: FieldType, const N: usize>(
    record: &'r RecordLayout,
    name: &str,
) -> Result<(&'r Field, [usize; N]), RecordError> {
    let field = find_field(record, name)?;
    let requested = T::descriptor();
    let mismatch = || RecordError::TypeMismatch {
        field: name.to_owned(),
        actual: field.ty.to_string(),
        requested: format!("a {N}-d array of {requested}"),
    };
    let Type::NestedArray { elem, shape } = &field.ty else {
        return Err(mismatch());
    };
    if !field_type_matches(&requested, elem) {
        return Err(mismatch());
    }
    let shape: [usize; N] = shape.as_slice().try_into().map_err(|_| mismatch())?;
    Ok((field, shape))
}

/// The field `name`, checked to be a nested record; returns it with the
/// nested record's description.
fn record_field<'r>(
    record: &'r RecordLayout,
    name: &str,
) -> Result<(&'r Field, &'r RecordLayout), RecordError> {
    let field = find_field(record, name)?;
    match &field.ty {
        Type::Record(nested) => Ok((field, nested)),
        other => Err(RecordError::TypeMismatch {
            field: name.to_owned(),
            actual: other.to_string(),
            requested: "a record".to_owned(),
        }),
    }
}

/// Views print their record's name and address (the memory may be shared
/// with C, so they do not read it for `Debug`).
macro_rules! debug_views {
    ($($view:ident),*) => {$(
        impl core::fmt::Debug for $view<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($view))
                    .field("record", &self.layout.name())
                    .field("address", &self.base)
                    .finish_non_exhaustive()
            }
        }
    )*};
}

pub(crate) use debug_views;
