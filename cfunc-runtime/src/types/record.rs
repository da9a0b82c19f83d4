//! [`RecordLayout`]: a C struct described at run time (Numba's `types.Record`).

use std::fmt;
use std::sync::Arc;

use super::layout::{FieldShape, align_up};
use super::{RecordError, Type};
use crate::sig::Scalar;

/// One field of a [`RecordLayout`]: its name, type and byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// The field's type.
    pub ty: Type,
    /// Bytes from the start of the record to the field.
    pub offset: usize,
}

/// A C struct type described at run time, laid out by the platform C ABI
/// (natural alignment, padding between fields, tail padding). Cloning is
/// cheap (the description is shared).
///
/// ```
/// use cfunc_runtime::sig::Type;
/// use cfunc_runtime::types::RecordLayout;
///
/// let my_struct = RecordLayout::named("my_struct", &[
///     ("i1", Type::int32()),
///     ("f2", Type::float32()),
///     ("d3", Type::float64()),
///     ("af4", Type::nested_array(Type::float32(), &[7])),
/// ])?;
/// assert_eq!(my_struct.offset("d3"), Some(8));
/// assert_eq!(my_struct.offset("af4"), Some(16));
/// assert_eq!((my_struct.size(), my_struct.align()), (48, 8));
/// assert_eq!(
///     my_struct.c_typedefs(),
///     "typedef struct my_struct {\n    int32_t i1;\n    float f2;\n    double d3;\n    float af4[7];\n} my_struct;\n"
/// );
/// # Ok::<(), cfunc_runtime::types::RecordError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RecordLayout {
    inner: Arc<RecordInner>,
}

#[derive(PartialEq, Eq, Hash)]
struct RecordInner {
    name: String,
    fields: Vec<Field>,
    size: usize,
    align: usize,
}

impl RecordLayout {
    /// Numba's `types.Record.make_c_struct`: a record from `(name, type)`
    /// pairs in declaration order, with offsets by the C ABI. The record
    /// gets a generated C name, `record_` followed by a hash of its fields,
    /// so that [`RecordLayout::c_typedefs`] can declare it; use [`RecordLayout::named`]
    /// to choose the name.
    ///
    /// # Errors
    ///
    /// [`RecordError`] for no fields, a duplicate or non-identifier field
    /// name, a `void` field, or a size that overflows.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let rec = RecordLayout::make_c_struct(&[("flag", Type::boolean()), ("value", Type::float64())])?;
    /// assert_eq!(rec.offset("value"), Some(8));
    /// assert_eq!(rec.size(), 16);
    /// assert!(rec.name().starts_with("record_"));
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    pub fn make_c_struct(fields: &[(&str, Type)]) -> Result<RecordLayout, RecordError> {
        let name = generated_name(fields);
        RecordLayout::named(&name, fields)
    }

    /// A record with a C name, as `typedef struct NAME {...} NAME;` would
    /// declare it.
    ///
    /// # Errors
    ///
    /// As [`RecordLayout::make_c_struct`], plus a `name` that is not a C
    /// identifier.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::{RecordLayout, RecordError};
    ///
    /// let error = RecordLayout::named("my struct", &[("x", Type::int8())]).unwrap_err();
    /// assert!(matches!(error, RecordError::InvalidName { what: "record", .. }));
    /// ```
    pub fn named(name: &str, fields: &[(&str, Type)]) -> Result<RecordLayout, RecordError> {
        if !is_c_identifier(name) {
            return Err(RecordError::InvalidName {
                what: "record",
                name: name.to_owned(),
            });
        }
        if fields.is_empty() {
            return Err(RecordError::Empty {
                name: name.to_owned(),
            });
        }
        let mut placed: Vec<Field> = Vec::with_capacity(fields.len());
        let mut cursor = 0usize;
        let mut align = 1usize;
        for (field_name, ty) in fields {
            check_field(field_name, ty, &placed)?;
            let too_large = || RecordError::TooLarge {
                what: format!("field `{field_name}` of record `{name}`"),
            };
            let shape = FieldShape {
                size: ty.checked_size().ok_or_else(too_large)?,
                align: ty.align(),
            };
            let offset = align_up(cursor, shape.align).ok_or_else(too_large)?;
            cursor = offset.checked_add(shape.size).ok_or_else(too_large)?;
            align = align.max(shape.align);
            placed.push(Field {
                name: (*field_name).to_owned(),
                ty: ty.clone(),
                offset,
            });
        }
        let size = align_up(cursor, align).ok_or_else(|| RecordError::TooLarge {
            what: format!("record `{name}`"),
        })?;
        Ok(RecordLayout {
            inner: Arc::new(RecordInner {
                name: name.to_owned(),
                fields: placed,
                size,
                align,
            }),
        })
    }

    /// The C name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The fields in declaration order.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let rec = RecordLayout::named("pair", &[("a", Type::int8()), ("b", Type::int32())])?;
    /// let offsets: Vec<usize> = rec.fields().iter().map(|field| field.offset).collect();
    /// assert_eq!(offsets, [0, 4]);
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    #[must_use]
    pub fn fields(&self) -> &[Field] {
        &self.inner.fields
    }

    /// The field called `name`.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let rec = RecordLayout::named("pair", &[("a", Type::int8()), ("b", Type::int32())])?;
    /// assert_eq!(rec.field("b").map(|field| &field.ty), Some(&Type::int32()));
    /// assert!(rec.field("c").is_none());
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.inner.fields.iter().find(|field| field.name == name)
    }

    /// The offset of the field called `name`.
    #[must_use]
    pub fn offset(&self, name: &str) -> Option<usize> {
        self.field(name).map(|field| field.offset)
    }

    /// The size in bytes, tail padding included (the stride of an array
    /// of these records).
    #[must_use]
    pub fn size(&self) -> usize {
        self.inner.size
    }

    /// The alignment in bytes: the largest field alignment.
    #[must_use]
    pub fn align(&self) -> usize {
        self.inner.align
    }

    /// The C definitions of every record this one stores inline or points
    /// to (innermost first, each once), then its own, each as
    /// `typedef struct NAME { ...; } NAME;`. Types are spelled with the
    /// `<stdint.h>` and `<stdbool.h>` names, which the including header
    /// must bring in.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let point = RecordLayout::named("point", &[("x", Type::float64()), ("y", Type::float64())])?;
    /// let segment = RecordLayout::named("segment", &[
    ///     ("ends", Type::nested_array(Type::record(point.clone()), &[2])),
    ///     ("weight", Type::pointer(Type::float32())),
    /// ])?;
    /// assert_eq!(
    ///     segment.c_typedefs(),
    ///     "typedef struct point {\n    double x;\n    double y;\n} point;\n\
    ///      typedef struct segment {\n    point ends[2];\n    float *weight;\n} segment;\n"
    /// );
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    #[must_use]
    pub fn c_typedefs(&self) -> String {
        self.c_typedef_list().concat()
    }

    /// The definitions of [`c_typedefs`](Self::c_typedefs), one string per
    /// record, nested records first.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let inner = RecordLayout::named("inner", &[("a", Type::int32())])?;
    /// let outer = RecordLayout::named("outer", &[("i", Type::record(inner))])?;
    /// let definitions = outer.c_typedef_list();
    /// assert_eq!(definitions.len(), 2);
    /// assert!(definitions[0].starts_with("typedef struct inner {"));
    /// # Ok::<(), cfunc_runtime::types::RecordError>(())
    /// ```
    #[must_use]
    pub fn c_typedef_list(&self) -> Vec<String> {
        let mut records = Vec::new();
        Type::Record(self.clone()).collect_records(&mut records);
        records.iter().map(RecordLayout::c_typedef).collect()
    }

    /// This record's own `typedef struct NAME {...} NAME;` line block.
    fn c_typedef(&self) -> String {
        let name = self.name();
        let mut text = format!("typedef struct {name} {{\n");
        for field in self.fields() {
            text.push_str(&format!("    {};\n", field.ty.c_declarator(&field.name)));
        }
        text.push_str(&format!("}} {name};\n"));
        text
    }
}

/// Rejects a field whose name is invalid or taken, or whose type is `void`.
fn check_field(name: &str, ty: &Type, placed: &[Field]) -> Result<(), RecordError> {
    if !is_c_identifier(name) {
        return Err(RecordError::InvalidName {
            what: "field",
            name: name.to_owned(),
        });
    }
    if placed.iter().any(|field| field.name == name) {
        return Err(RecordError::DuplicateField {
            name: name.to_owned(),
        });
    }
    if contains_void(ty) {
        return Err(RecordError::VoidField {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Whether `void` appears where a value would be stored (a `void` pointee
/// is `voidptr`, which is fine).
fn contains_void(ty: &Type) -> bool {
    match ty {
        Type::Scalar(scalar) => *scalar == Scalar::Void,
        Type::NestedArray { elem, .. } => contains_void(elem),
        Type::Pointer(_) | Type::Record(_) => false,
    }
}

/// Whether `name` can name a C struct or member.
pub(crate) fn is_c_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|rest| rest.is_ascii_alphanumeric() || rest == '_')
}

/// A stable C name for an anonymous record: FNV-1a over its fields' names
/// and types, so that equal descriptions get equal names in every run.
fn generated_name(fields: &[(&str, Type)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, ty) in fields {
        for byte in format!("{name}:{ty};").bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("record_{:08x}", hash as u32)
}

impl fmt::Debug for RecordLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordLayout")
            .field("name", &self.inner.name)
            .field("fields", &self.inner.fields)
            .field("size", &self.inner.size)
            .field("align", &self.inner.align)
            .finish()
    }
}

impl fmt::Display for RecordLayout {
    /// In the style of Numba's repr:
    /// `Record(i1[type=int32;offset=0],...;size=48;align=8)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Record(")?;
        for (index, field) in self.fields().iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            write!(
                f,
                "{}[type={};offset={}]",
                field.name, field.ty, field.offset
            )?;
        }
        write!(f, ";size={};align={})", self.size(), self.align())
    }
}
