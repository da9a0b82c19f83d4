//! Code generation for a checked `#[cfunc]` function: the exported
//! `extern "C"` function, the slot checks and the same-named handle.

use super::OnPanic;
use super::model::{CFuncDef, Param};
use super::rust_type::{self, UserData, Written};
use cfunc_runtime::sig::{Scalar, Signature, Type};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, ReturnType};

/// One parameter as the generated code needs it.
struct Lowered<'a> {
    param: &'a Param,
    /// The type in the body function (`_` filled from the signature).
    body_ty: TokenStream,
    /// The type in the exported function.
    extern_ty: TokenStream,
    /// Converts the exported parameter into the body's (user data only).
    conversion: Option<TokenStream>,
    /// The compile-time slot check for a type the user wrote.
    check: Option<TokenStream>,
    /// How a user-data reference is written, and the type it points to.
    user_data: Option<(UserData, &'a syn::Type)>,
}

pub fn expand(def: &CFuncDef) -> TokenStream {
    let lowered: Vec<Lowered<'_>> = def
        .params
        .iter()
        .map(|param| lower_param(def, param))
        .collect();
    // A pointer parameter is memory only the C caller can vouch for: a safe
    // function would let safe Rust pass any address.
    let takes_pointer = def.signature.args.iter().any(Type::is_pointer);
    let is_unsafe = takes_pointer || def.item.sig.unsafety.is_some();

    let (ret_ty, ret_check) = lower_return(def);
    let exported = exported_fn(def, &lowered, &ret_ty, is_unsafe);
    let pointer_free = if is_unsafe {
        Vec::new()
    } else {
        pointer_free_records(def, &lowered)
    };
    let checks: Vec<&TokenStream> = lowered
        .iter()
        .filter_map(|param| param.check.as_ref())
        .chain(ret_check.as_ref())
        .chain(&pointer_free)
        .collect();
    let cfg_attrs: Vec<&syn::Attribute> = def
        .item
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect();
    let checks = (!checks.is_empty()).then(|| {
        quote! {
            #(#cfg_attrs)*
            const _: () = { #(#checks)* };
        }
    });
    let (twin, twin_c_decl) = byref_twin(def, &lowered, &ret_ty, &cfg_attrs).unzip();
    let generated = quote! { #exported #twin #checks };
    let handle = handle(
        def,
        &lowered,
        &ret_ty,
        is_unsafe,
        &cfg_attrs,
        &inspect_text(&generated),
        twin_c_decl.as_deref(),
    );
    quote! { #generated #handle }
}

/// Whether a signature slot is a complex number passed by value.
fn is_complex(slot: &Type) -> bool {
    slot.as_scalar().is_some_and(Scalar::is_complex)
}

/// The signature of the by-pointer twin (see [`byref_twin`]), if the
/// function passes a complex number by value.
fn byref_signature(signature: &Signature) -> Option<Signature> {
    if !signature
        .args
        .iter()
        .chain([&signature.ret])
        .any(is_complex)
    {
        return None;
    }
    let by_pointer = |slot: &Type| {
        if is_complex(slot) {
            Type::Pointer(Box::new(slot.clone()))
        } else {
            slot.clone()
        }
    };
    let mut args: Vec<Type> = signature.args.iter().map(by_pointer).collect();
    if is_complex(&signature.ret) {
        args.push(by_pointer(&signature.ret));
    }
    let ret = if is_complex(&signature.ret) {
        Type::Scalar(Scalar::Void)
    } else {
        signature.ret.clone()
    };
    Some(Signature { ret, args })
}

/// The twin of a function that passes complex numbers by value, exported
/// as `<native_name>_byref`: the same call with each complex argument read
/// through a pointer and a complex result written through a last `out`
/// pointer. Python's ctypes has no complex type, so the loader calls this;
/// C callers use the function itself. Gives the twin and its C declaration.
fn byref_twin(
    def: &CFuncDef,
    lowered: &[Lowered<'_>],
    ret_ty: &Option<TokenStream>,
    cfg_attrs: &[&syn::Attribute],
) -> Option<(TokenStream, String)> {
    let twin_signature = byref_signature(&def.signature)?;
    let name = def.name();
    let twin_ident = Ident::new(&format!("__cfunc_byref_{}", name.unraw()), name.span());
    let twin_name = cfunc_runtime::symbol::byref_twin(&def.native_name);
    let mut params = Vec::new();
    let mut args = Vec::new();
    for (lowered, slot) in lowered.iter().zip(&def.signature.args) {
        let ident = &lowered.param.extern_ident;
        let ty = &lowered.extern_ty;
        if is_complex(slot) {
            params.push(quote!(#ident: *const #ty));
            args.push(quote!(#ident.read()));
        } else {
            params.push(quote!(#ident: #ty));
            args.push(quote!(#ident));
        }
    }
    let call = quote!(#name(#(#args),*));
    let body = if is_complex(&def.signature.ret) {
        let ty = ret_ty.as_ref().expect("a complex return has a type");
        params.push(quote!(__cfunc_out: *mut #ty));
        quote!(__cfunc_out.write(#call))
    } else {
        call
    };
    let ret = ret_ty
        .as_ref()
        .filter(|_| !is_complex(&def.signature.ret))
        .map(|ty| quote!(-> #ty));
    let doc = format!(
        "`{}` with its complex arguments and result passed by pointer, exported as \
         `{twin_name}` for callers without complex types.\n\n# Safety\n\n\
         Each complex pointer is valid and aligned, the result's for writing; \
         the rest is the contract of `{}`.",
        def.native_name, def.native_name
    );
    let mut c_names: Vec<String> = def.params.iter().map(c_parameter_name).collect();
    if is_complex(&def.signature.ret) {
        // `out`, unless a parameter has that name already.
        let mut out = "out".to_owned();
        while c_names.contains(&out) {
            out.push('_');
        }
        c_names.push(out);
    }
    let c_names: Vec<&str> = c_names.iter().map(String::as_str).collect();
    let twin_c_decl = twin_signature.c_decl(&twin_name, &c_names);
    let twin = quote! {
        #(#cfg_attrs)*
        #[doc = #doc]
        #[doc(hidden)]
        #[unsafe(export_name = #twin_name)]
        pub unsafe extern "C" fn #twin_ident(#(#params),*) #ret {
            // SAFETY: the caller passes valid pointers for the complex
            // slots and upholds the function's own contract.
            #[allow(unused_unsafe)]
            unsafe { #body }
        }
    };
    Some((twin, twin_c_decl))
}

/// The layouts of the records the signature names, for headers and the
/// dynamic caller; this is also where a name that is not a `Record` is
/// reported, on the signature literal.
fn record_layout_fns(def: &CFuncDef) -> Vec<TokenStream> {
    let span = def.signature_span;
    let mut names = def.signature.records();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let ident = Ident::new(name, span);
            quote_spanned!(span=> ::cfunc::__private::assert_record::<#ident>())
        })
        .collect()
}

/// The marker type of a slot, for `assert_matches`.
fn slot_marker(slot: &Type, record_span: Span) -> TokenStream {
    match slot {
        Type::Scalar(scalar) => {
            let marker = Ident::new(scalar.name(), Span::call_site());
            quote!(::cfunc::__private::slot::#marker)
        }
        Type::Pointer(target) => {
            let target = slot_marker(target, record_span);
            quote!(::cfunc::__private::slot::CPointer<#target>)
        }
        Type::Record(name) => {
            let ident = Ident::new(name, record_span);
            quote!(::cfunc::__private::slot::record<#ident>)
        }
        Type::NestedArray { .. } => unreachable!("the checker rejects array slots"),
    }
}

fn lower_param<'a>(def: &CFuncDef, param: &'a Param) -> Lowered<'a> {
    let slot = def
        .slot(param.index)
        .expect("the checker rejected arity mismatches");
    let written_ty = &param.ty;
    let ident = &param.extern_ident;
    match rust_type::read(written_ty) {
        Written::Infer => {
            let filled = rust_type::rust_tokens(slot, written_ty.span(), def.signature_span);
            Lowered {
                param,
                body_ty: filled.clone(),
                extern_ty: filled,
                conversion: None,
                check: None,
                user_data: None,
            }
        }
        Written::Reference(kind, reference) => {
            let target = &*reference.elem;
            let label = param.label();
            let convert = match kind {
                UserData::Ref => quote!(user_data_ref),
                UserData::Mut => quote!(user_data_mut),
                UserData::OptionRef => quote!(user_data_opt),
                UserData::OptionMut => quote!(user_data_opt_mut),
            };
            let conversion = quote_spanned! {written_ty.span()=>
                // SAFETY: the exported function is `unsafe`; its caller
                // passes null or a pointer to a live value of this type.
                let #ident = unsafe {
                    ::cfunc::__private::#convert::<#target>(#ident, #label)
                };
            };
            Lowered {
                param,
                body_ty: quote!(#written_ty),
                extern_ty: quote!(*mut ::core::ffi::c_void),
                conversion: Some(conversion),
                check: None,
                user_data: Some((kind, target)),
            }
        }
        _ => {
            let marker = slot_marker(slot, def.signature_span);
            let check = quote_spanned! {written_ty.span()=>
                ::cfunc::__private::assert_matches::<#written_ty, #marker>();
            };
            Lowered {
                param,
                body_ty: quote!(#written_ty),
                extern_ty: quote!(#written_ty),
                conversion: None,
                check: Some(check),
                user_data: None,
            }
        }
    }
}

/// The return type to emit (`None` for no return value) and its check.
fn lower_return(def: &CFuncDef) -> (Option<TokenStream>, Option<TokenStream>) {
    let slot = &def.signature.ret;
    match &def.item.sig.output {
        ReturnType::Default => (None, None),
        ReturnType::Type(_, ty) => match **ty {
            syn::Type::Infer(_) if slot.is_void() => (None, None),
            syn::Type::Infer(_) => (
                Some(rust_type::rust_tokens(slot, ty.span(), def.signature_span)),
                None,
            ),
            _ => {
                let marker = slot_marker(slot, def.signature_span);
                let check = quote_spanned! {ty.span()=>
                    ::cfunc::__private::assert_matches::<#ty, #marker>();
                };
                (Some(quote!(#ty)), Some(check))
            }
        },
    }
}

/// The guard's `on_panic` argument: a closure giving the value to return,
/// or the abort policy, which the guard names in its report. The closures
/// spell out their return type because the guard's parameter is a policy
/// trait, not `FnOnce() -> R`, so rustc would not infer it: a mistyped
/// value would then be reported as an unmet trait bound rather than as a
/// type mismatch at the value.
fn panic_value(def: &CFuncDef, ret_ty: &Option<TokenStream>) -> TokenStream {
    let unit = quote!(());
    let ret_ty = ret_ty.as_ref().unwrap_or(&unit);
    match &def.on_panic {
        OnPanic::ReturnZero => {
            quote!(|| -> #ret_ty { <#ret_ty as ::cfunc::__private::ZeroValue>::zero() })
        }
        OnPanic::Abort(span) => quote_spanned!(*span=> ::cfunc::__private::abort_after_panic()),
        OnPanic::Return(value) => quote!(|| -> #ret_ty { #value }),
        OnPanic::Errno { code, value } => quote! {
            || -> #ret_ty {
                ::cfunc::__private::set_errno(#code);
                #value
            }
        },
    }
}

fn exported_fn(
    def: &CFuncDef,
    lowered: &[Lowered<'_>],
    ret_ty: &Option<TokenStream>,
    is_unsafe: bool,
) -> TokenStream {
    let name = def.name();
    let name_text = def.name_text();
    let vis = &def.item.vis;
    let attrs = &def.item.attrs;
    let native_name = &def.native_name;
    let block = &def.item.block;
    let unsafety = is_unsafe.then(|| quote!(unsafe));
    let body_unsafety = def.item.sig.unsafety;
    let ret = ret_ty.as_ref().map(|ty| quote!(-> #ty));
    let extern_params = lowered.iter().map(|lowered| {
        let ident = &lowered.param.extern_ident;
        let ty = &lowered.extern_ty;
        quote!(#ident: #ty)
    });
    let body_params = lowered.iter().map(|lowered| {
        let pat = &lowered.param.pat;
        let ty = &lowered.body_ty;
        quote!(#pat: #ty)
    });
    let disjointness = user_data_disjointness(lowered);
    let conversions = lowered
        .iter()
        .filter_map(|lowered| lowered.conversion.as_ref());
    let args = lowered.iter().map(|lowered| &lowered.param.extern_ident);
    let call = if body_unsafety.is_some() {
        quote! {
            // SAFETY: the exported function is `unsafe` with the body's
            // contract; its caller upholds it.
            unsafe { __cfunc_body(#(#args),*) }
        }
    } else {
        quote!(__cfunc_body(#(#args),*))
    };
    let on_panic = panic_value(def, ret_ty);
    let safety_doc = is_unsafe.then(|| safety_doc(def, lowered));
    let same_buffer = def
        .multiversion
        .then(|| same_buffer_rebinding(lowered))
        .flatten();
    let (host_version, host_dispatch) = if def.multiversion {
        host_feature_version(
            lowered,
            ret_ty,
            body_unsafety.is_some(),
            same_buffer.as_ref(),
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let call = same_buffer_branch(call, same_buffer.as_ref());
    quote! {
        #(#attrs)*
        #safety_doc
        #[unsafe(export_name = #native_name)]
        #vis #unsafety extern "C" fn #name(#(#extern_params),*) #ret {
            #[inline(always)]
            #body_unsafety fn __cfunc_body(#(#body_params),*) #ret #block
            #host_version
            ::cfunc::__private::catch_panic(
                #name_text,
                move || {
                    #(#disjointness)*
                    #(#conversions)*
                    #host_dispatch
                    #call
                },
                #on_panic,
            )
        }
    }
}

/// C callers often pass one buffer as both input and output (the seeds'
/// kernels in place). Read through one pointer and written through the
/// other, the buffer looks to the optimizer like two that may overlap, and
/// the overlap check it puts before a vectorized loop sends the loop to
/// scalar code. So when the raw pointers of one element type are all
/// equal, the body runs with the first mutable one in every position: one
/// value, so the loop reads and writes one buffer and vectorizes, as
/// `ArrayViewMut::assign_map` does in place. The arguments are the same
/// addresses either way. Gives the test and the rebinding, for the first
/// element type passed at least twice, once through a `*mut`.
fn same_buffer_rebinding(lowered: &[Lowered<'_>]) -> Option<(TokenStream, TokenStream)> {
    let pointers: Vec<(&Ident, syn::TypePtr)> = lowered
        .iter()
        .filter(|lowered| lowered.user_data.is_none())
        .filter_map(|lowered| {
            let pointer = syn::parse2::<syn::TypePtr>(lowered.body_ty.clone()).ok()?;
            Some((&lowered.param.extern_ident, pointer))
        })
        .collect();
    let element = |pointer: &syn::TypePtr| pointer.elem.to_token_stream().to_string();
    pointers.iter().find_map(|(leader, leader_ty)| {
        // Only a written buffer needs the copy: reads need no overlap check.
        leader_ty.mutability?;
        let others: Vec<&(&Ident, syn::TypePtr)> = pointers
            .iter()
            .filter(|(ident, ty)| ident != leader && element(ty) == element(leader_ty))
            .collect();
        if others.is_empty() {
            return None;
        }
        let all_equal = others
            .iter()
            .map(|(other, _)| quote!(::core::ptr::addr_eq(#leader, #other)));
        let rebinding = others.iter().map(|(other, ty)| match ty.mutability {
            Some(_) => quote!(let #other = #leader;),
            None => quote!(let #other = #leader.cast_const();),
        });
        Some((quote!(#(#all_equal)&&*), quote!(#(#rebinding)*)))
    })
}

/// `call`, preceded by its same-buffer copy when there is one (see
/// [`same_buffer_rebinding`]). Each copy must be inlined where the test is
/// made: the pointers are one value only inside the function that rebinds
/// them, so every host-feature version makes the test itself.
fn same_buffer_branch(
    call: TokenStream,
    same_buffer: Option<&(TokenStream, TokenStream)>,
) -> TokenStream {
    match same_buffer {
        Some((all_equal, rebinding)) => quote! {
            if #all_equal {
                #rebinding
                #call
            } else {
                #call
            }
        },
        None => call,
    }
}

/// The body compiled again for x86-64-v3's and x86-64-v4's vector sets
/// (the body is `#[inline(always)]`, so each of these functions compiles
/// it with its features), and the run-time check that picks the widest
/// the CPU has: what Numba gets by compiling for the host CPU, in a binary
/// that still runs on any x86-64.
fn host_feature_version(
    lowered: &[Lowered<'_>],
    ret_ty: &Option<TokenStream>,
    body_is_unsafe: bool,
    same_buffer: Option<&(TokenStream, TokenStream)>,
) -> (TokenStream, TokenStream) {
    let ret = ret_ty.as_ref().map(|ty| quote!(-> #ty));
    let params: Vec<_> = lowered
        .iter()
        .map(|lowered| {
            let ident = &lowered.param.extern_ident;
            let ty = &lowered.body_ty;
            quote!(#ident: #ty)
        })
        .collect();
    let args: Vec<_> = lowered
        .iter()
        .map(|lowered| &lowered.param.extern_ident)
        .collect();
    let inner_call = if body_is_unsafe {
        quote! {
            // SAFETY: forwarded from the exported function's caller.
            unsafe { __cfunc_body(#(#args),*) }
        }
    } else {
        quote!(__cfunc_body(#(#args),*))
    };
    let inner_call = same_buffer_branch(inner_call, same_buffer);
    let version = quote! {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        fn __cfunc_body_avx2(#(#params),*) #ret {
            #inner_call
        }
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx2,fma")]
        fn __cfunc_body_avx512(#(#params),*) #ret {
            #inner_call
        }
    };
    let dispatch = quote! {
        #[cfg(target_arch = "x86_64")]
        match ::cfunc::__private::host_vector_level() {
            // SAFETY: the CPU has these features, detected at run time.
            ::cfunc::__private::VectorLevel::Avx512 => {
                return unsafe { __cfunc_body_avx512(#(#args),*) };
            }
            // SAFETY: as above.
            ::cfunc::__private::VectorLevel::Avx2 => {
                return unsafe { __cfunc_body_avx2(#(#args),*) };
            }
            ::cfunc::__private::VectorLevel::Baseline => {}
        }
    };
    (version, dispatch)
}

/// A safe cfunc's records passed by value must hold no pointer: safe Rust
/// could put any address in one (a C caller's record is its word).
fn pointer_free_records(def: &CFuncDef, lowered: &[Lowered<'_>]) -> Vec<TokenStream> {
    lowered
        .iter()
        .filter(|lowered| matches!(def.slot(lowered.param.index), Some(Type::Record(_))))
        .map(|lowered| {
            let ty = &lowered.body_ty;
            quote_spanned! {lowered.param.ty.span()=>
                ::cfunc::__private::assert_pointer_free::<#ty>();
            }
        })
        .collect()
}

/// A user-data `&mut` must not alias another user-data reference: C may
/// pass one pointer twice, so every pair with a mutable side is checked
/// for overlapping bytes before any reference is made.
fn user_data_disjointness(lowered: &[Lowered<'_>]) -> Vec<TokenStream> {
    let user_data: Vec<(&Lowered<'_>, UserData, &syn::Type)> = lowered
        .iter()
        .filter_map(|lowered| {
            lowered
                .user_data
                .map(|(kind, target)| (lowered, kind, target))
        })
        .collect();
    let mut checks = Vec::new();
    for (i, (first, first_kind, first_ty)) in user_data.iter().enumerate() {
        for (second, second_kind, second_ty) in &user_data[i + 1..] {
            if !(first_kind.is_mut() || second_kind.is_mut()) {
                continue;
            }
            let (first_ident, second_ident) =
                (&first.param.extern_ident, &second.param.extern_ident);
            let (first_label, second_label) = (first.param.label(), second.param.label());
            checks.push(quote_spanned! {second.param.ty.span()=>
                ::cfunc::__private::assert_user_data_disjoint::<#first_ty, #second_ty>(
                    #first_ident, #first_label, #second_ident, #second_label,
                );
            });
        }
    }
    checks
}

fn safety_doc(def: &CFuncDef, lowered: &[Lowered<'_>]) -> TokenStream {
    let mut text = String::from("\n# Safety\n\n");
    for lowered in lowered {
        let name = lowered.param.label();
        let Some(slot) = def.slot(lowered.param.index) else {
            continue;
        };
        if lowered.user_data.is_some() {
            text.push_str(&format!(
                "- `{name}` is opaque user data: null or a pointer to a live, aligned value of the \
                 declared type, not mutated elsewhere while the call runs; for a `&mut`, not \
                 accessed elsewhere at all, also not through a pointer parameter. Null is allowed \
                 only where the parameter is an `Option`; a null for a plain reference, and a \
                 `&mut` that overlaps another user-data parameter, are reported as panics.\n"
            ));
        } else if slot.is_pointer() {
            text.push_str(&format!(
                "- `{name}` (`{slot}`) is a raw pointer: it must be valid for every read and \
                 write the body makes through it, for the sizes the other arguments give.\n"
            ));
        }
    }
    if def.item.sig.unsafety.is_some() {
        text.push_str("- The body is an `unsafe fn`: callers uphold its contract.\n");
    }
    quote!(#[doc = #text])
}

fn fn_pointer_type(
    lowered: &[Lowered<'_>],
    ret_ty: &Option<TokenStream>,
    is_unsafe: bool,
) -> TokenStream {
    let unsafety = is_unsafe.then(|| quote!(unsafe));
    let params = lowered.iter().map(|lowered| &lowered.extern_ty);
    let ret = ret_ty.as_ref().map(|ty| quote!(-> #ty));
    quote!(#unsafety extern "C" fn(#(#params),*) #ret)
}

fn c_decl(def: &CFuncDef) -> String {
    let names: Vec<String> = def.params.iter().map(c_parameter_name).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    def.signature.c_decl(&def.native_name, &names)
}

/// A parameter name that is valid in C: Rust names that are C keywords get
/// a trailing `_`, unnamed ones are `argN`.
fn c_parameter_name(param: &Param) -> String {
    const C_ONLY_KEYWORDS: &[&str] = &[
        "auto", "case", "char", "default", "double", "float", "goto", "int", "long", "register",
        "restrict", "short", "signed", "sizeof", "switch", "typedef", "union", "unsigned",
        "volatile", "inline", "void", "bool",
    ];
    match &param.display_name {
        Some(name) => {
            let name = name.trim_start_matches("r#");
            if C_ONLY_KEYWORDS.contains(&name) {
                format!("{name}_")
            } else {
                name.to_owned()
            }
        }
        None => format!("arg{}", param.index + 1),
    }
}

fn inspect_text(generated: &TokenStream) -> String {
    match syn::parse2::<syn::File>(generated.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => generated.to_string(),
    }
}

fn handle(
    def: &CFuncDef,
    lowered: &[Lowered<'_>],
    ret_ty: &Option<TokenStream>,
    is_unsafe: bool,
    cfg_attrs: &[&syn::Attribute],
    inspect: &str,
    byref_c_decl: Option<&str>,
) -> TokenStream {
    let name = def.name();
    let vis = &def.item.vis;
    let name_text = def.name_text();
    let signature = def.signature.to_string();
    let native_name = &def.native_name;
    let c_decl = c_decl(def);
    let fn_ptr_ty = fn_pointer_type(lowered, ret_ty, is_unsafe);
    let record_layouts = record_layout_fns(def);
    let byref_c_decl = match byref_c_decl {
        Some(decl) => quote!(::core::option::Option::Some(#decl)),
        None => quote!(::core::option::Option::None),
    };
    let handle_doc = format!(
        "Handle of the cfunc `{name_text}` (`{signature}`), exported as `{native_name}`: \
         its signature, C declaration and address, like Numba's `CFunc` object."
    );
    quote! {
        #(#cfg_attrs)*
        #[doc = #handle_doc]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #name {}

        #(#cfg_attrs)*
        #[allow(dead_code)]
        impl #name {
            /// The Rust name of the function.
            pub const NAME: &'static str = #name_text;
            /// The signature in canonical form.
            pub const SIGNATURE: &'static str = #signature;
            /// The symbol the function is exported under.
            pub const NATIVE_NAME: &'static str = #native_name;
            /// The C declaration of the exported function.
            pub const C_DECL: &'static str = #c_decl;
            #[doc(hidden)]
            pub const __RECORDS: &'static [fn() -> ::cfunc::__private::RecordLayout] =
                &[#(#record_layouts),*];

            /// The address of the exported function.
            pub fn address() -> usize {
                Self::fn_ptr() as usize
            }

            /// The exported function as a typed function pointer.
            pub fn fn_ptr() -> #fn_ptr_ty {
                #name
            }

            /// The Rust code generated for the function.
            pub fn inspect() -> &'static str {
                #inspect
            }

            /// A dynamic caller bound to the function, like Numba's `.ctypes`.
            pub fn ctypes() -> ::cfunc::DynFn {
                ::cfunc::DynFn::from_cfunc::<Self>()
            }
        }

        #(#cfg_attrs)*
        ::cfunc::__private::inventory::submit! {
            ::cfunc::__private::CFuncInfo::__new(
                #name_text,
                ::core::module_path!(),
                #signature,
                #native_name,
                #c_decl,
                <#name>::address,
                <#name>::__RECORDS,
                #byref_c_decl,
            )
        }

        #(#cfg_attrs)*
        // SAFETY: the address, pointer type and signature are those of the
        // function generated above from this signature.
        unsafe impl ::cfunc::CFunc for #name {
            type FnPtr = #fn_ptr_ty;
            const NAME: &'static str = #name_text;
            const SIGNATURE: &'static str = #signature;
            const NATIVE_NAME: &'static str = #native_name;
            const C_DECL: &'static str = #c_decl;

            fn address() -> usize {
                <#name>::address()
            }

            fn fn_ptr() -> Self::FnPtr {
                #name
            }

            fn inspect() -> &'static str {
                <#name>::inspect()
            }

            fn record_layouts() -> ::std::vec::Vec<::cfunc::__private::RecordLayout> {
                <#name>::__RECORDS.iter().map(|layout| layout()).collect()
            }
        }
    }
}
