//! The derive's data model, parsed from the struct: the record's name and
//! its fields, each keeping the tokens that errors point at.

use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Token};

use crate::diag::Errors;

mod kw {
    syn::custom_keyword!(name);
}

/// The options `#[record(...)]` accepts, for "unknown option" messages.
const OPTION_NAMES: &str = "`name = \"...\"`";

/// A struct with `#[derive(Record)]`, as far as it could be parsed.
pub struct RecordDef {
    /// The struct's identifier (the Rust type).
    pub ident: Ident,
    /// The C name: `#[record(name = "...")]` or the identifier.
    pub c_name: String,
    /// Whether `#[repr(C)]` is present.
    pub has_repr_c: bool,
    /// The named fields, in declaration order.
    pub fields: Vec<FieldDef>,
}

/// One named field.
pub struct FieldDef {
    /// The field's identifier, as written (possibly `r#type`).
    pub ident: Ident,
    /// Its C member name (the identifier without `r#`).
    pub c_name: String,
    /// Its Rust type.
    pub ty: syn::Type,
}

impl RecordDef {
    /// Reads the struct, recording every problem in `errors`; `None` when
    /// the item is not a struct with named fields.
    pub fn parse(input: &DeriveInput, errors: &mut Errors) -> Option<RecordDef> {
        let has_repr_c = parse_repr(input, errors);
        let c_name = parse_options(input, errors).unwrap_or_else(|| input.ident.to_string());
        if !input.generics.params.is_empty() {
            errors.push_spanned(
                &input.generics,
                "`#[derive(Record)]` does not support generic parameters: a C struct has one fixed layout",
            );
        }
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named
                    .named
                    .iter()
                    .filter_map(|field| {
                        let ident = field.ident.clone()?;
                        Some(FieldDef {
                            c_name: ident.unraw().to_string(),
                            ident,
                            ty: field.ty.clone(),
                        })
                    })
                    .collect(),
                Fields::Unnamed(unnamed) => {
                    errors.push_spanned(
                        unnamed,
                        "`#[derive(Record)]` needs named fields: their names become the C member names",
                    );
                    return None;
                }
                Fields::Unit => {
                    errors.push_spanned(
                        &input.ident,
                        "`#[derive(Record)]` needs at least one field: C has no empty structs",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                errors.push_at(
                    data.enum_token.span,
                    "`#[derive(Record)]` applies to structs only: a record is a C struct",
                );
                return None;
            }
            Data::Union(data) => {
                errors.push_at(
                    data.union_token.span,
                    "`#[derive(Record)]` applies to structs only: unions are not records",
                );
                return None;
            }
        };
        Some(RecordDef {
            ident: input.ident.clone(),
            c_name,
            has_repr_c,
            fields,
        })
    }
}

/// Whether `#[repr(C)]` is present; `packed`, `align`, `transparent` and
/// integer reprs are errors, since the run-time descriptor lays records
/// out naturally aligned, as C does by default.
fn parse_repr(input: &DeriveInput, errors: &mut Errors) -> bool {
    let mut has_repr_c = false;
    for attr in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("repr"))
    {
        let parsed = attr.parse_nested_meta(|meta| {
            let Some(word) = meta.path.get_ident().map(Ident::to_string) else {
                return Err(meta.error("unknown `repr` option"));
            };
            // Skip a parenthesised argument (`packed(2)`, `align(8)`).
            if meta.input.peek(syn::token::Paren) {
                let _ignored: proc_macro2::TokenStream = meta.input.parse()?;
            }
            match word.as_str() {
                "C" => has_repr_c = true,
                "packed" => errors.push_spanned(
                    &meta.path,
                    "`#[derive(Record)]` does not support `repr(packed)`: C callers expect naturally aligned fields",
                ),
                "align" => errors.push_spanned(
                    &meta.path,
                    "`#[derive(Record)]` does not support `repr(align)`: record layouts use the C default alignment",
                ),
                other => errors.push_spanned(
                    &meta.path,
                    format!("`#[derive(Record)]` needs `#[repr(C)]`, not `repr({other})`"),
                ),
            }
            Ok(())
        });
        errors.take(parsed);
    }
    has_repr_c
}

/// Reads `#[record(name = "...")]`; the C name if one was given.
fn parse_options(input: &DeriveInput, errors: &mut Errors) -> Option<String> {
    let mut name: Option<LitStr> = None;
    for attr in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("record"))
    {
        let parsed = attr.parse_args_with(|stream: syn::parse::ParseStream| {
            while !stream.is_empty() {
                if !stream.peek(kw::name) {
                    let unknown: proc_macro2::TokenTree = stream.parse()?;
                    return Err(syn::Error::new(
                        unknown.span(),
                        format!("unknown `#[record]` option `{unknown}`: expected {OPTION_NAMES}"),
                    ));
                }
                let key: kw::name = stream.parse()?;
                stream.parse::<Token![=]>()?;
                let value: LitStr = stream.parse()?;
                if name.is_some() {
                    errors.push_spanned(key, "`name` may only be specified once");
                } else if !is_c_identifier(&value.value()) {
                    errors.push_spanned(
                        &value,
                        format!(
                            "record name `{}` is not a C identifier: use letters, digits and `_`, not starting with a digit",
                            value.value()
                        ),
                    );
                } else {
                    name = Some(value);
                }
                if !stream.is_empty() {
                    stream.parse::<Token![,]>()?;
                }
            }
            Ok(())
        });
        errors.take(parsed);
    }
    name.map(|lit| lit.value())
}

/// Whether `text` is a valid C identifier.
fn is_c_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|rest| rest.is_ascii_alphanumeric() || rest == '_')
}
