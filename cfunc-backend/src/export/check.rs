//! Checking a `#[cfunc]` function against its signature, collecting every
//! problem before anything is generated.

use super::model::{CFuncDef, Param};
use super::rust_type::{self, Written};
use super::type_text;
use crate::diag::Errors;
use cfunc_runtime::sig::{Scalar, Type};
use cfunc_runtime::symbol as libc_names;
use syn::{FnArg, ReturnType};

pub fn check(def: &CFuncDef, errors: &mut Errors) {
    check_no_array_slots(def, errors);
    check_fn_shape(def, errors);
    check_arity(def, errors);
    for param in &def.params {
        if let Some(slot) = def.slot(param.index) {
            check_param(param, slot, errors);
        }
    }
    check_return(def, errors);
    check_native_name(def, errors);
    check_handle_name(def, errors);
}

/// The handle is a type named like the function; named like a primitive it
/// would shadow that primitive in the whole module.
fn check_handle_name(def: &CFuncDef, errors: &mut Errors) {
    const PRIMITIVES: &[&str] = &[
        "bool", "char", "str", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32",
        "u64", "u128", "usize", "f16", "f32", "f64", "f128",
    ];
    let name = def.name().to_string();
    if PRIMITIVES.contains(&name.as_str()) {
        errors.push_spanned(
            def.name(),
            format!(
                "a cfunc cannot be named `{name}`: its handle is a type of the same name and would shadow the primitive `{name}`; rename the function (`native_name = \"{name}\"` keeps the C symbol)"
            ),
        );
    }
}

fn check_fn_shape(def: &CFuncDef, errors: &mut Errors) {
    let sig = &def.item.sig;
    if !sig.generics.params.is_empty() {
        errors.push_spanned(
            &sig.generics,
            "a cfunc cannot be generic: C calls one concrete function; write the concrete types",
        );
    }
    if let Some(clause) = &sig.generics.where_clause {
        errors.push_spanned(clause, "a cfunc cannot have a `where` clause");
    }
    if let Some(asyncness) = &sig.asyncness {
        errors.push_spanned(
            asyncness,
            "a cfunc cannot be `async`: C calls it and expects the result on return",
        );
    }
    if let Some(variadic) = &sig.variadic {
        errors.push_spanned(
            variadic,
            "a cfunc cannot be variadic: Rust can only define fixed-arity C functions",
        );
    }
    if let Some(abi) = &sig.abi {
        let is_c = abi.name.as_ref().is_none_or(|name| name.value() == "C");
        if !is_c {
            errors.push_spanned(
                abi,
                "a cfunc always uses the C ABI; remove the `extern` ABI or write `extern \"C\"`",
            );
        }
    }
    for input in &sig.inputs {
        if let FnArg::Receiver(receiver) = input {
            errors.push_spanned(
                receiver,
                "a cfunc cannot take `self`: it must be a free function; pass the object as `voidptr` user data (`data: &T`)",
            );
        }
    }
}

fn check_arity(def: &CFuncDef, errors: &mut Errors) {
    let expected = def.signature.args.len();
    let found = def.params.len();
    if expected == found {
        return;
    }
    let message = format!(
        "signature `{}` takes {expected} parameter{}, but fn `{}` has {found}",
        def.signature,
        if expected == 1 { "" } else { "s" },
        def.name(),
    );
    match def.params.get(expected) {
        Some(extra) => errors.push_spanned(&extra.ty, message),
        None => errors.push_at(def.item.sig.paren_token.span.join(), message),
    }
}

/// "`float64` (f64)": the slot as the signature says and as Rust writes it.
pub fn describe_slot(slot: &Type) -> String {
    format!("`{slot}` ({})", rust_spelling(slot))
}

fn rust_spelling(slot: &Type) -> String {
    match slot {
        Type::Scalar(Scalar::Void) => "no return value".to_owned(),
        Type::Scalar(Scalar::VoidPtr) => "*mut c_void or *const c_void".to_owned(),
        Type::Pointer(target) => {
            let inner = format!("{:#}", target.rust());
            format!("*mut {inner} or *const {inner}")
        }
        other => format!("{:#}", other.rust()),
    }
}

/// C passes an array as a pointer to its first element, so no slot can
/// hold one (the parser never makes one; a front end could).
fn check_no_array_slots(def: &CFuncDef, errors: &mut Errors) {
    fn holds_array(ty: &Type) -> bool {
        match ty {
            Type::NestedArray { .. } => true,
            Type::Pointer(target) => holds_array(target),
            Type::Scalar(_) | Type::Record(_) => false,
        }
    }
    let slots = core::iter::once(&def.signature.ret).chain(&def.signature.args);
    for slot in slots.filter(|slot| holds_array(slot)) {
        errors.push_at(
            def.signature_span,
            format!(
                "`{slot}` cannot be a signature slot: C passes arrays as pointers; write a `CPointer` to the element type"
            ),
        );
    }
}

fn check_param(param: &Param, slot: &Type, errors: &mut Errors) {
    let written = rust_type::read(&param.ty);
    if let Written::Reference(_, reference) = written {
        // `'_` is elided too.
        if let Some(lifetime) = reference
            .lifetime
            .as_ref()
            .filter(|lifetime| lifetime.ident != "_")
        {
            errors.push_spanned(
                lifetime,
                format!(
                    "{}: user data is borrowed for the call only, so its reference takes no lifetime; write `&T` or `&mut T` (`{lifetime}` would let the body keep it after C has freed it)",
                    param.describe(),
                ),
            );
        }
        if *slot != Type::Scalar(Scalar::VoidPtr) {
            errors.push_spanned(
                &param.ty,
                format!(
                    "{}: a reference is only allowed for a `voidptr` slot (opaque user data); signature says {}",
                    param.describe(),
                    describe_slot(slot),
                ),
            );
        }
        return;
    }
    if rust_type::fits(&written, slot) == Some(false) {
        errors.push_spanned(
            &param.ty,
            format!(
                "{}: signature says {}, found `{}`",
                param.describe(),
                describe_slot(slot),
                type_text(&param.ty),
            ),
        );
    }
}

fn check_return(def: &CFuncDef, errors: &mut Errors) {
    let slot = &def.signature.ret;
    match &def.item.sig.output {
        ReturnType::Default => {
            if !slot.is_void() {
                errors.push_at(
                    def.item.sig.paren_token.span.close(),
                    format!(
                        "return type: signature says {}, but fn `{}` returns nothing; add `-> {:#}` (or `-> _`)",
                        describe_slot(slot),
                        def.name(),
                        slot.rust(),
                    ),
                );
            }
        }
        ReturnType::Type(_, ty) => {
            let written = rust_type::read(ty);
            if let Written::Reference(..) = written {
                errors.push_spanned(
                    ty,
                    format!(
                        "return type: a cfunc cannot return a reference; signature says {}",
                        describe_slot(slot),
                    ),
                );
            } else if rust_type::fits(&written, slot) == Some(false) {
                let hint = if slot.is_void() {
                    "; remove the return type or change the signature"
                } else {
                    ""
                };
                errors.push_spanned(
                    ty,
                    format!(
                        "return type: signature says {}, found `{}`{hint}",
                        describe_slot(slot),
                        type_text(ty),
                    ),
                );
            }
        }
    }
}

fn is_c_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn check_native_name(def: &CFuncDef, errors: &mut Errors) {
    let name = &def.native_name;
    if !is_c_identifier(name) {
        errors.push_at(
            def.native_name_span,
            format!("native name `{name}` is not a C identifier (letters, digits and `_`, not starting with a digit)"),
        );
        return;
    }
    let fix = if def.native_name_explicit {
        "choose another `native_name`"
    } else {
        "rename the function or set `native_name = \"...\"`"
    };
    if libc_names::is_reserved(name) {
        errors.push_at(
            def.native_name_span,
            format!(
                "native name `{name}` is reserved to the C implementation (names starting with `__` or with `_` and a capital letter), which may define it for the whole process; {fix}"
            ),
        );
        return;
    }
    if libc_names::is_taken(name) {
        errors.push_at(
            def.native_name_span,
            format!(
                "native name `{name}` is already defined by the C library; exporting it would replace `{name}` for the whole process; {fix}"
            ),
        );
    }
}
