//! Unit tests of `#[derive(Record)]` and `cdecl_to_tokens` over tokens.

use proc_macro2::{Span, TokenStream};
use quote::quote;

use super::{cdecl_to_tokens, derive_record};

/// The `compile_error!` messages in an expansion, in order.
fn errors_of(expansion: &TokenStream) -> Vec<String> {
    let text = expansion.to_string();
    text.split("compile_error !")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('"')? + 1;
            let end = start + rest[start..].find("\" }")?;
            Some(rest[start..end].replace("\\\"", "\"").replace("\\\\", "\\"))
        })
        .collect()
}

#[test]
fn a_valid_record_gets_its_impls_and_layout_assertions() {
    let expansion = derive_record(quote! {
        #[repr(C)]
        struct my_struct { i1: i32, f2: f32, d3: f64, af4: [f32; 7] }
    });
    assert!(errors_of(&expansion).is_empty(), "{expansion}");
    let text = expansion.to_string();
    assert!(text.contains("unsafe impl :: cfunc :: __private :: Record for my_struct"));
    assert!(text.contains("const NAME : & 'static str = \"my_struct\""));
    assert!(text.contains("impl :: cfunc :: __private :: ZeroValue for my_struct"));
    for field in ["i1", "f2", "d3", "af4"] {
        assert!(
            text.contains(&format!(
                ":: core :: mem :: offset_of ! (my_struct , {field})"
            )),
            "no offset assertion for {field}"
        );
    }
    assert!(text.contains("StructLayout :: < 4usize >"));
}

#[test]
fn the_record_option_renames_the_c_struct() {
    let expansion = derive_record(quote! {
        #[repr(C)]
        #[record(name = "point_t")]
        struct Point { x: f64, y: f64 }
    });
    assert!(errors_of(&expansion).is_empty(), "{expansion}");
    assert!(expansion.to_string().contains("\"point_t\""));
}

#[test]
fn every_problem_is_reported_at_once() {
    let expansion = derive_record(quote! {
        #[repr(packed)]
        struct Bad<T> { name: String, borrowed: &'static u8, pair: (u8, u8), ok: T }
    });
    let errors = errors_of(&expansion);
    assert_eq!(
        errors,
        [
            "`#[derive(Record)]` does not support `repr(packed)`: C callers expect naturally aligned fields",
            "`#[derive(Record)]` does not support generic parameters: a C struct has one fixed layout",
            "`#[derive(Record)]` needs `#[repr(C)]`: Rust may reorder fields otherwise",
            "`String` cannot be a record field: it is not plain C data; use `*const c_char` for a C string",
            "a reference cannot be a record field: C memory carries no lifetimes; use a raw pointer `*const T` or `*mut T`",
            "a tuple cannot be a record field: C has no tuples; use a nested `#[derive(Record)]` struct",
        ]
    );
}

#[test]
fn shapes_that_are_not_structs_with_named_fields_are_rejected() {
    let cases = [
        (
            quote!(
                #[repr(C)]
                struct Pair(u8, u8);
            ),
            "`#[derive(Record)]` needs named fields: their names become the C member names",
        ),
        (
            quote!(
                #[repr(C)]
                struct Unit;
            ),
            "`#[derive(Record)]` needs at least one field: C has no empty structs",
        ),
        (
            quote!(
                #[repr(C)]
                struct Empty {}
            ),
            "`#[derive(Record)]` needs at least one field: C has no empty structs",
        ),
        (
            quote!(
                #[repr(C)]
                enum E {
                    A,
                }
            ),
            "`#[derive(Record)]` applies to structs only: a record is a C struct",
        ),
        (
            quote!(
                #[repr(C)]
                struct Node {
                    next: *mut Node,
                }
            ),
            "a record cannot point to its own type: its descriptor would be infinite; use `*mut c_void`",
        ),
        (
            quote!(
                #[repr(C)]
                #[record(name = "not valid")]
                struct S {
                    a: u8,
                }
            ),
            "record name `not valid` is not a C identifier: use letters, digits and `_`, not starting with a digit",
        ),
        (
            quote!(
                #[repr(C, align(8))]
                struct S {
                    a: u8,
                }
            ),
            "`#[derive(Record)]` does not support `repr(align)`: record layouts use the C default alignment",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(
            errors_of(&derive_record(input.clone())),
            [expected],
            "{input}"
        );
    }
}

#[test]
fn raw_identifiers_keep_their_c_name() {
    let expansion = derive_record(quote! {
        #[repr(C)]
        struct S { r#type: u8 }
    });
    let text = expansion.to_string();
    assert!(text.contains("(\"type\" ,"), "{text}");
    assert!(text.contains("offset_of ! (S , r#type)"), "{text}");
}

#[test]
fn cdecl_to_tokens_maps_the_seed_declarations() {
    let source = "
        typedef struct my_struct { int i1; float f2; double d3; float af4[7]; } my_struct;
        typedef double (*my_func)(my_struct*, size_t);
    ";
    let (structs, signature) = cdecl_to_tokens(source, "my_func", Span::call_site()).unwrap();
    assert_eq!(signature.to_string(), "float64(CPointer(my_struct), uintp)");
    let file: syn::File = syn::parse2(structs).unwrap();
    assert_eq!(file.items.len(), 1);
    let syn::Item::Struct(item) = &file.items[0] else {
        panic!("expected a struct, got {:?}", file.items[0]);
    };
    assert_eq!(item.ident, "my_struct");
    let fields: Vec<String> = item
        .fields
        .iter()
        .map(|field| quote!(#field).to_string())
        .collect();
    assert_eq!(
        fields,
        [
            "pub i1 : :: core :: ffi :: c_int",
            "pub f2 : f32",
            "pub d3 : f64",
            "pub af4 : [f32 ; 7]",
        ]
    );
}

#[test]
fn cdecl_to_tokens_emits_nested_records_first() {
    let source = "
        struct inner { short a[2][3]; };
        typedef struct outer { struct inner in; unsigned char flag; void *user; } outer;
        typedef void cb(outer *, struct inner *);
    ";
    let (structs, signature) = cdecl_to_tokens(source, "cb", Span::call_site()).unwrap();
    assert_eq!(
        signature.to_string(),
        "void(CPointer(outer), CPointer(inner))"
    );
    let file: syn::File = syn::parse2(structs).unwrap();
    let names: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["inner", "outer"]);
    assert!(
        quote!(#file)
            .to_string()
            .contains("pub a : [[i16 ; 3] ; 2]")
    );
}

#[test]
fn cdecl_to_tokens_reports_c_errors_and_non_function_typedefs() {
    let bad_c =
        cdecl_to_tokens("typedef struct s { int a } s;", "s", Span::call_site()).unwrap_err();
    assert_eq!(
        bad_c.to_string(),
        "in the C declarations: expected `;` after the member `a` of `struct s` at line 1, column 26, found `}`"
    );
    let not_fn = cdecl_to_tokens("typedef int count_t;", "count_t", Span::call_site()).unwrap_err();
    assert_eq!(
        not_fn.to_string(),
        "`count_t` is `int`, not a function or function pointer type: name the typedef of the callback's type"
    );
    let missing =
        cdecl_to_tokens("typedef int count_t;", "my_func", Span::call_site()).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "`my_func` is not a declared type, struct or function"
    );
}
