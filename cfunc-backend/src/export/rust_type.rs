//! Rust types: the tokens of the ones a signature names, and reading
//! the ones a user wrote, as far as the macro can.
//!
//! The macro sees tokens, not resolved types: it recognises primitives,
//! the `core::ffi` C aliases, raw pointers, references and `_`, and leaves
//! everything else (type aliases, records, other paths) to the compiler's
//! trait check.

use cfunc_runtime::sig::{RecordName, Scalar, Type};
use proc_macro2::{Group, Span, TokenStream, TokenTree};
use syn::{GenericArgument, PathArguments, TypePath};

/// The Rust type `ty` stands for, as tokens: the runtime's one spelling
/// ([`Type::rust`]) at `span`, except record names, which go at
/// `record_span` so that a record type that is not in scope is reported
/// where the signature names it.
pub fn rust_tokens<R: RecordName>(ty: &Type<R>, span: Span, record_span: Span) -> TokenStream {
    let spelled: TokenStream = ty
        .rust()
        .to_string()
        .parse()
        .expect("the runtime spells valid Rust types");
    respan(spelled, span, record_span, &ty.records())
}

/// `tokens` at `span`, with the idents in `records` at `record_span`. A
/// record is a bare name, never a segment after `::` (which would be part
/// of a path such as `::core::ffi::c_int`).
fn respan(tokens: TokenStream, span: Span, record_span: Span, records: &[&str]) -> TokenStream {
    let mut after_path_separator = false;
    tokens
        .into_iter()
        .map(|tree| {
            let tree = match tree {
                TokenTree::Group(group) => {
                    let inner = respan(group.stream(), span, record_span, records);
                    let mut respanned = Group::new(group.delimiter(), inner);
                    respanned.set_span(span);
                    TokenTree::Group(respanned)
                }
                TokenTree::Ident(mut ident) => {
                    let is_record =
                        !after_path_separator && records.contains(&ident.to_string().as_str());
                    ident.set_span(if is_record { record_span } else { span });
                    TokenTree::Ident(ident)
                }
                mut other => {
                    other.set_span(span);
                    other
                }
            };
            after_path_separator =
                matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ':');
            tree
        })
        .collect()
}

/// A primitive as written, normalised to the primitive it names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Primitive {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    Isize,
    Usize,
    F32,
    F64,
}

/// How a user data parameter (`voidptr` slot) is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UserData {
    Ref,
    Mut,
    OptionRef,
    OptionMut,
}

impl UserData {
    /// Whether the body gets a `&mut` (two of them must not alias).
    pub fn is_mut(self) -> bool {
        matches!(self, UserData::Mut | UserData::OptionMut)
    }
}

/// What the macro could read from a written type.
pub enum Written<'a> {
    /// `_`: filled in from the signature.
    Infer,
    Unit,
    Primitive(Primitive),
    /// `c_void`, only meaningful behind a pointer.
    CVoid,
    Pointer(Box<Written<'a>>),
    /// `&T`, `&mut T`, `Option<&T>`, `Option<&mut T>`, and the reference.
    Reference(UserData, &'a syn::TypeReference),
    /// A type the compiler will have to check (alias, record, other path).
    Opaque,
}

pub fn read(ty: &syn::Type) -> Written<'_> {
    match ty {
        syn::Type::Infer(_) => Written::Infer,
        syn::Type::Paren(inner) => read(&inner.elem),
        syn::Type::Group(inner) => read(&inner.elem),
        syn::Type::Tuple(tuple) if tuple.elems.is_empty() => Written::Unit,
        syn::Type::Ptr(pointer) => Written::Pointer(Box::new(read(&pointer.elem))),
        syn::Type::Reference(reference) => {
            let kind = if reference.mutability.is_some() {
                UserData::Mut
            } else {
                UserData::Ref
            };
            Written::Reference(kind, reference)
        }
        syn::Type::Path(path) => read_path(path),
        _ => Written::Opaque,
    }
}

fn read_path(path: &TypePath) -> Written<'_> {
    if path.qself.is_some() {
        return Written::Opaque;
    }
    let segments = &path.path.segments;
    let Some(last) = segments.last() else {
        return Written::Opaque;
    };
    let name = last.ident.to_string();
    if name == "Option" {
        return read_option(&last.arguments);
    }
    if !last.arguments.is_empty() {
        return Written::Opaque;
    }
    let prefix: Vec<String> = segments
        .iter()
        .take(segments.len() - 1)
        .map(|segment| segment.ident.to_string())
        .collect();
    let bare = prefix.is_empty();
    let c_alias_path = bare
        || matches!(
            prefix
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            ["core" | "std", "ffi"] | ["std", "os", "raw"] | ["libc"]
        );
    if bare && let Some(primitive) = primitive_named(&name) {
        return Written::Primitive(primitive);
    }
    if c_alias_path {
        if let Some(primitive) = c_alias_named(&name) {
            return Written::Primitive(primitive);
        }
        if name == "c_void" {
            return Written::CVoid;
        }
    }
    Written::Opaque
}

fn read_option(arguments: &PathArguments) -> Written<'_> {
    let PathArguments::AngleBracketed(arguments) = arguments else {
        return Written::Opaque;
    };
    let mut types = arguments.args.iter().filter_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    match (types.next(), types.next()) {
        (Some(syn::Type::Reference(reference)), None) => {
            let kind = if reference.mutability.is_some() {
                UserData::OptionMut
            } else {
                UserData::OptionRef
            };
            Written::Reference(kind, reference)
        }
        _ => Written::Opaque,
    }
}

fn primitive_named(name: &str) -> Option<Primitive> {
    Some(match name {
        "bool" => Primitive::Bool,
        "i8" => Primitive::I8,
        "i16" => Primitive::I16,
        "i32" => Primitive::I32,
        "i64" => Primitive::I64,
        "u8" => Primitive::U8,
        "u16" => Primitive::U16,
        "u32" => Primitive::U32,
        "u64" => Primitive::U64,
        "isize" => Primitive::Isize,
        "usize" => Primitive::Usize,
        "f32" => Primitive::F32,
        "f64" => Primitive::F64,
        _ => return None,
    })
}

/// The `core::ffi` aliases that are the same type on every platform Rust
/// supports as a C callback host (`c_long` and `c_char` are not, and are
/// left to the compiler).
fn c_alias_named(name: &str) -> Option<Primitive> {
    Some(match name {
        "c_schar" => Primitive::I8,
        "c_uchar" => Primitive::U8,
        "c_short" => Primitive::I16,
        "c_ushort" => Primitive::U16,
        "c_int" => Primitive::I32,
        "c_uint" => Primitive::U32,
        "c_longlong" => Primitive::I64,
        "c_ulonglong" => Primitive::U64,
        "c_float" => Primitive::F32,
        "c_double" => Primitive::F64,
        _ => return None,
    })
}

/// The primitive a scalar slot takes (`intc` is `c_int`, which is `i32`).
fn primitive_of(scalar: Scalar) -> Option<Primitive> {
    Some(match scalar {
        Scalar::Boolean => Primitive::Bool,
        Scalar::Int8 => Primitive::I8,
        Scalar::Int16 => Primitive::I16,
        Scalar::Int32 | Scalar::Intc => Primitive::I32,
        Scalar::Int64 => Primitive::I64,
        Scalar::Uint8 => Primitive::U8,
        Scalar::Uint16 => Primitive::U16,
        Scalar::Uint32 | Scalar::Uintc => Primitive::U32,
        Scalar::Uint64 => Primitive::U64,
        Scalar::Intp => Primitive::Isize,
        Scalar::Uintp => Primitive::Usize,
        Scalar::Float32 => Primitive::F32,
        Scalar::Float64 => Primitive::F64,
        Scalar::Complex64 | Scalar::Complex128 | Scalar::Void | Scalar::VoidPtr => return None,
    })
}

/// Whether what was written can be the slot's type, when the macro can
/// tell: `Some(false)` is a certain mismatch, `None` is for the compiler.
pub fn fits(written: &Written<'_>, slot: &Type) -> Option<bool> {
    match (written, slot) {
        (Written::Infer, _) | (Written::Opaque, _) => None,
        (_, Type::Record(_)) => match written {
            Written::Primitive(_)
            | Written::Unit
            | Written::Pointer(_)
            | Written::CVoid
            | Written::Reference(..) => Some(false),
            Written::Infer | Written::Opaque => None,
        },
        (Written::Unit, Type::Scalar(Scalar::Void)) => Some(true),
        (Written::Primitive(primitive), Type::Scalar(scalar)) => {
            Some(primitive_of(*scalar) == Some(*primitive))
        }
        (Written::Pointer(pointee), Type::Scalar(Scalar::VoidPtr)) => match **pointee {
            Written::CVoid => Some(true),
            Written::Opaque | Written::Infer => None,
            _ => Some(false),
        },
        (Written::Pointer(pointee), Type::Pointer(target)) => fits(pointee, target),
        _ => Some(false),
    }
}
