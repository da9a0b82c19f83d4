//! From C types to Numba types: record layouts for structs, and
//! [`map_type`], numba's `cffi_support.map_type`.

use std::collections::BTreeMap;

use super::FFI;
use super::ctype::{CType, FunctionType};
use super::error::{CdeclError, CdeclErrorKind};
use crate::sig::{self, MAX_POINTER_DEPTH, Scalar, Signature};
use crate::types::{self, RecordLayout};

/// What [`map_type`] makes of a C type: a signature for function types,
/// a field/element type for the rest, and every record either uses
/// (nested records first, each once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// A function or function pointer.
    Signature {
        /// The Numba signature.
        signature: Signature,
        /// The records it uses.
        records: Vec<RecordLayout>,
    },
    /// Any other type.
    Type {
        /// The Numba type.
        ty: types::Type,
        /// The records it uses.
        records: Vec<RecordLayout>,
    },
}

impl Mapped {
    /// The signature, for a function type.
    #[must_use]
    pub fn signature(&self) -> Option<&Signature> {
        match self {
            Mapped::Signature { signature, .. } => Some(signature),
            Mapped::Type { .. } => None,
        }
    }

    /// The type, for a non-function type.
    #[must_use]
    pub fn ty(&self) -> Option<&types::Type> {
        match self {
            Mapped::Type { ty, .. } => Some(ty),
            Mapped::Signature { .. } => None,
        }
    }

    /// The type as a signature slot (`int32`, `CPointer(my_struct)`), if
    /// it has one: nested arrays do not.
    ///
    /// ```
    /// use cfunc_runtime::cdecl::{FFI, map_type};
    ///
    /// let ffi = FFI::new();
    /// let mapped = map_type(&ffi, &ffi.type_of("double *")?, true)?;
    /// assert_eq!(mapped.sig_type().unwrap().to_string(), "CPointer(float64)");
    /// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
    /// ```
    #[must_use]
    pub fn sig_type(&self) -> Option<sig::Type> {
        self.ty().and_then(slot_type)
    }

    /// The records used, nested ones before those that contain them.
    #[must_use]
    pub fn records(&self) -> &[RecordLayout] {
        match self {
            Mapped::Signature { records, .. } | Mapped::Type { records, .. } => records,
        }
    }
}

/// A field type as a signature slot type, records by name, if it has
/// one: C passes no array by value, nor a pointer to one in Numba's types.
fn slot_type(ty: &types::Type) -> Option<sig::Type> {
    fn holds_array(ty: &types::Type) -> bool {
        match ty {
            types::Type::NestedArray { .. } => true,
            types::Type::Pointer(pointee) => holds_array(pointee),
            types::Type::Scalar(_) | types::Type::Record(_) => false,
        }
    }
    (!holds_array(ty)).then(|| ty.to_named())
}

/// Numba's `cffi_support.map_type(ffi.typeof(...), use_record_dtype)`:
/// a function (pointer) type becomes a [`Signature`], anything else a
/// field type ([`Type`](crate::sig::Type)). Struct pointers become `CPointer(record)` with
/// `use_record_dtype` and `voidptr` without, as in Numba; structs by value
/// need `use_record_dtype`.
///
/// # Errors
///
/// [`CdeclErrorKind::Unmappable`] for `void` values, structs by value
/// without `use_record_dtype`, nested arrays in a signature, or
/// [`CdeclErrorKind::Incomplete`] for a struct that was only declared.
///
/// ```
/// use cfunc_runtime::cdecl::{FFI, map_type};
///
/// let mut ffi = FFI::new();
/// ffi.cdef("typedef struct pt { float x, y; } pt; void move_all(pt **, int, long);")?;
/// let mapped = map_type(&ffi, &ffi.type_of("move_all")?, true)?;
/// assert_eq!(mapped.signature().unwrap().to_string(), "void(CPointer(CPointer(pt)), intc, int64)");
/// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
/// ```
pub fn map_type(ffi: &FFI, ctype: &CType, use_record_dtype: bool) -> Result<Mapped, CdeclError> {
    let mut builder = RecordBuilder::new(ffi);
    let mapped = if let Some(function) = ctype.function() {
        let signature = builder.signature(function, use_record_dtype)?;
        // A struct tag is C's, not the grammar's: one it would read as a
        // typo (`pvoidt`) or a type cannot be written in a signature.
        for name in signature.records() {
            if let Some(problem) = sig::record_name_problem(name) {
                return Err(CdeclError::unlocated(CdeclErrorKind::Unmappable(format!(
                    "struct `{name}` cannot be named in a Numba signature: {problem}"
                ))));
            }
        }
        Mapped::Signature {
            signature,
            records: Vec::new(),
        }
    } else {
        let ty = builder.value_type(ctype, use_record_dtype, true)?;
        Mapped::Type {
            ty,
            records: Vec::new(),
        }
    };
    let mut records = Vec::new();
    for record in builder.used {
        types::Type::Record(record).collect_records(&mut records);
    }
    Ok(match mapped {
        Mapped::Signature { signature, .. } => Mapped::Signature { signature, records },
        Mapped::Type { ty, .. } => Mapped::Type { ty, records },
    })
}

/// Turns structs into records, memoised, and remembers which ones a
/// mapping used.
pub(super) struct RecordBuilder<'f> {
    ffi: &'f FFI,
    built: BTreeMap<String, RecordLayout>,
    in_progress: Vec<String>,
    used: Vec<RecordLayout>,
}

impl<'f> RecordBuilder<'f> {
    pub fn new(ffi: &'f FFI) -> RecordBuilder<'f> {
        RecordBuilder {
            ffi,
            built: BTreeMap::new(),
            in_progress: Vec::new(),
            used: Vec::new(),
        }
    }

    /// The record of the struct with this tag.
    pub fn record(&mut self, tag: &str) -> Result<RecordLayout, CdeclError> {
        if let Some(record) = self.built.get(tag) {
            return Ok(record.clone());
        }
        if self.in_progress.iter().any(|outer| outer == tag) {
            return Err(CdeclError::unlocated(CdeclErrorKind::SelfContaining(
                format!("`struct {tag}`"),
            )));
        }
        let def = self.ffi.structs.get(tag).ok_or_else(|| {
            CdeclError::unlocated(CdeclErrorKind::NotFound(format!("struct {tag}")))
        })?;
        let fields = def.fields.as_ref().ok_or_else(|| {
            CdeclError::unlocated(CdeclErrorKind::Incomplete(format!("`struct {tag}`")))
        })?;
        self.in_progress.push(tag.to_owned());
        let mut typed = Vec::with_capacity(fields.len());
        for (name, ctype) in fields {
            typed.push((name.as_str(), self.field_type(ctype)?));
        }
        self.in_progress.pop();
        let record = RecordLayout::named(&def.record_name, &typed)?;
        self.built.insert(tag.to_owned(), record.clone());
        Ok(record)
    }

    /// A member's type. Pointers to structs that are being laid out (a
    /// linked list's `next`) or only declared become `voidptr`: their
    /// layout is not needed to store the pointer and may not exist yet.
    fn field_type(&mut self, ctype: &CType) -> Result<types::Type, CdeclError> {
        Ok(match ctype {
            CType::Scalar(scalar) => types::Type::Scalar(*scalar),
            CType::Array(elem, len) => types::Type::nested_array(self.field_type(elem)?, &[*len]),
            CType::Struct(tag) => types::Type::Record(self.record(tag)?),
            CType::Pointer(pointee) => match &**pointee {
                CType::Void | CType::Function(_) => types::Type::voidptr(),
                CType::Struct(tag) if self.in_progress.contains(tag) || !self.is_complete(tag) => {
                    types::Type::voidptr()
                }
                other => types::Type::pointer(self.field_type(other)?),
            },
            CType::Void | CType::Function(_) => {
                return Err(CdeclError::unlocated(CdeclErrorKind::Unmappable(format!(
                    "`{ctype}` as a struct member"
                ))));
            }
        })
    }

    fn is_complete(&self, tag: &str) -> bool {
        self.ffi
            .structs
            .get(tag)
            .is_some_and(|def| def.fields.is_some())
    }

    fn signature(
        &mut self,
        function: &FunctionType,
        use_record_dtype: bool,
    ) -> Result<Signature, CdeclError> {
        let ret = match &function.ret {
            CType::Void => sig::Type::Scalar(Scalar::Void),
            other => self.slot(other, use_record_dtype)?,
        };
        let args = function
            .params
            .iter()
            .map(|param| self.slot(param, use_record_dtype))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Signature { ret, args })
    }

    /// A parameter or return type as a signature slot.
    fn slot(&mut self, ctype: &CType, use_record_dtype: bool) -> Result<sig::Type, CdeclError> {
        let ty = self.value_type(ctype, use_record_dtype, false)?;
        slot_type(&ty).ok_or_else(|| {
            CdeclError::unlocated(CdeclErrorKind::Unmappable(format!(
                "`{ctype}` in a signature: Numba signatures have no array slots"
            )))
        })
    }

    /// A value's type; `top_level` allows arrays (nested arrays are only
    /// types, never signature slots).
    fn value_type(
        &mut self,
        ctype: &CType,
        use_record_dtype: bool,
        top_level: bool,
    ) -> Result<types::Type, CdeclError> {
        Ok(match ctype {
            CType::Void => {
                return Err(CdeclError::unlocated(CdeclErrorKind::Unmappable(
                    "`void` as a value type".to_owned(),
                )));
            }
            CType::Scalar(scalar) => types::Type::Scalar(*scalar),
            CType::Struct(tag) if use_record_dtype => {
                let record = self.record(tag)?;
                self.note_used(&record);
                types::Type::Record(record)
            }
            CType::Struct(tag) => {
                return Err(CdeclError::unlocated(CdeclErrorKind::Unmappable(format!(
                    "`struct {tag}` by value without `use_record_dtype = true`"
                ))));
            }
            CType::Array(elem, len) if top_level => {
                types::Type::nested_array(self.value_type(elem, use_record_dtype, true)?, &[*len])
            }
            CType::Array(..) => {
                return Err(CdeclError::unlocated(CdeclErrorKind::Unmappable(format!(
                    "`{ctype}` in a signature: Numba signatures have no array slots"
                ))));
            }
            CType::Function(_) => types::Type::voidptr(),
            CType::Pointer(_) if pointer_depth(ctype) > MAX_POINTER_DEPTH => {
                return Err(CdeclError::unlocated(CdeclErrorKind::Unmappable(format!(
                    "a pointer nested {} levels deep: signatures allow {MAX_POINTER_DEPTH} levels \
                     of `CPointer`",
                    pointer_depth(ctype)
                ))));
            }
            CType::Pointer(pointee) => match &**pointee {
                CType::Void | CType::Function(_) => types::Type::voidptr(),
                CType::Struct(_) if !use_record_dtype => types::Type::voidptr(),
                other => types::Type::pointer(self.value_type(other, use_record_dtype, false)?),
            },
        })
    }

    fn note_used(&mut self, record: &RecordLayout) {
        if !self.used.contains(record) {
            self.used.push(record.clone());
        }
    }
}

/// How many pointers `ctype` is, one inside the next (`double **` is 2).
fn pointer_depth(mut ctype: &CType) -> usize {
    let mut depth = 0;
    while let CType::Pointer(pointee) = ctype {
        depth += 1;
        ctype = pointee;
    }
    depth
}
