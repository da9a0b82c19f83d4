//! Rules a record must follow before code is generated: `#[repr(C)]`, at
//! least one field, and field types that are plain C data. Types the
//! derive cannot judge from their tokens (aliases, other records) are left
//! to the compiler through the `FieldType` bound.

use syn::{GenericArgument, PathArguments, Type};

use super::model::RecordDef;
use crate::diag::Errors;

/// Records every rule `def` breaks in `errors`.
pub fn check(def: &RecordDef, errors: &mut Errors) {
    if !def.has_repr_c {
        errors.push_spanned(
            &def.ident,
            "`#[derive(Record)]` needs `#[repr(C)]`: Rust may reorder fields otherwise",
        );
    }
    if def.fields.is_empty() {
        errors.push_spanned(
            &def.ident,
            "`#[derive(Record)]` needs at least one field: C has no empty structs",
        );
    }
    for field in &def.fields {
        check_field_type(&field.ty, def, errors);
    }
}

/// Rust types that own heap data or are not sized, named by their last
/// path segment, with what to use instead.
const NOT_PLAIN_DATA: &[(&str, &str)] = &[
    ("String", "use `*const c_char` for a C string"),
    ("str", "use `*const c_char` for a C string"),
    (
        "Vec",
        "use a fixed-size array `[T; N]` or a raw pointer and a length",
    ),
    ("Box", "use a raw pointer"),
    ("Rc", "use a raw pointer"),
    ("Arc", "use a raw pointer"),
    ("Option", "use a raw pointer, which may be null"),
    ("CString", "use `*const c_char`"),
    ("CStr", "use `*const c_char`"),
];

fn check_field_type(ty: &Type, def: &RecordDef, errors: &mut Errors) {
    match ty {
        Type::Reference(reference) => errors.push_spanned(
            reference,
            "a reference cannot be a record field: C memory carries no lifetimes; use a raw pointer `*const T` or `*mut T`",
        ),
        Type::Array(array) => check_field_type(&array.elem, def, errors),
        Type::Paren(inner) => check_field_type(&inner.elem, def, errors),
        Type::Group(inner) => check_field_type(&inner.elem, def, errors),
        Type::Ptr(pointer) if names_the_record(&pointer.elem, def) => errors.push_spanned(
            &pointer.elem,
            "a record cannot point to its own type: its descriptor would be infinite; use `*mut c_void`",
        ),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return;
            };
            let name = last.ident.to_string();
            if let Some((_, instead)) = NOT_PLAIN_DATA.iter().find(|(known, _)| *known == name) {
                errors.push_spanned(
                    ty,
                    format!("`{name}` cannot be a record field: it is not plain C data; {instead}"),
                );
            } else if let PathArguments::AngleBracketed(arguments) = &last.arguments {
                for argument in &arguments.args {
                    if let GenericArgument::Type(inner) = argument {
                        check_field_type(inner, def, errors);
                    }
                }
            }
        }
        Type::Tuple(tuple) => errors.push_spanned(
            tuple,
            "a tuple cannot be a record field: C has no tuples; use a nested `#[derive(Record)]` struct",
        ),
        Type::Slice(slice) => errors.push_spanned(
            slice,
            "a slice cannot be a record field: it has no fixed size; use an array `[T; N]`",
        ),
        Type::TraitObject(_) | Type::ImplTrait(_) => errors.push_spanned(
            ty,
            "a trait object cannot be a record field: it is not plain C data",
        ),
        _ => {}
    }
}

/// Whether `ty` is `Self` or the record's own name.
fn names_the_record(ty: &Type, def: &RecordDef) -> bool {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .is_some_and(|ident| ident == "Self" || *ident == def.ident),
        Type::Ptr(pointer) => names_the_record(&pointer.elem, def),
        Type::Paren(inner) => names_the_record(&inner.elem, def),
        _ => false,
    }
}
