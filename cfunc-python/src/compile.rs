//! The whole pipeline: parse, evaluate the module level, type and lower
//! each cfunc, and generate the records and foreign-function accessors
//! they use.

use crate::lower::{LoweredCFunc, lower_cfuncs};
use crate::module::{ModuleEnv, sig_type_ty};
use crate::parser::parse_module;
use crate::semantic_error::SemanticError;
use crate::syntax_error::SyntaxError;
use crate::text::TextRange;
use crate::types::RecordDef;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An error anywhere in the pipeline, with its range in the source.
#[derive(Clone, Debug, PartialEq)]
pub enum Diagnostic {
    /// The text does not parse.
    Syntax(SyntaxError),
    /// It parses, but a name, a type or a construct is wrong.
    Semantic(SemanticError),
}

impl Diagnostic {
    /// The message, without position.
    pub fn message(&self) -> String {
        match self {
            Diagnostic::Syntax(error) => error.to_string(),
            Diagnostic::Semantic(error) => error.to_string(),
        }
    }

    /// Where in the source.
    pub fn range(&self) -> TextRange {
        match self {
            Diagnostic::Syntax(error) => error.range,
            Diagnostic::Semantic(error) => error.range,
        }
    }
}

/// What a block compiles to.
pub struct Output {
    /// `#[repr(C)]` structs of the records the block defines.
    pub records: Vec<TokenStream>,
    /// The same records as types, in definition order (nested records
    /// before the records that contain them).
    pub record_defs: Vec<std::rc::Rc<RecordDef>>,
    /// Functions that resolve ctypes foreign functions on first use.
    pub foreign: Vec<TokenStream>,
    /// A private function per specialization of each `@njit` (or plain)
    /// function the cfuncs call.
    pub helpers: Vec<TokenStream>,
    /// Module-level names bound to a cfunc other than by its own name, or
    /// to another form of it (what a factory returned: `f.ctypes`,
    /// `LowLevelCallable(...)`): (name, cfunc, form), by name.
    pub cfunc_forms: Vec<(String, String, crate::CFuncForm)>,
    /// The cfuncs, for `#[cfunc]` to expand.
    pub cfuncs: Vec<LoweredCFunc>,
}

impl Diagnostic {
    fn moved(self, map: impl Fn(usize) -> usize) -> Diagnostic {
        let remap = |range: TextRange| TextRange::new(map(range.start()), map(range.end()));
        match self {
            Diagnostic::Syntax(mut error) => {
                error.range = remap(error.range);
                Diagnostic::Syntax(error)
            }
            Diagnostic::Semantic(mut error) => {
                error.range = remap(error.range);
                Diagnostic::Semantic(error)
            }
        }
    }
}

/// Compiles a block of Numba-style Python; every error, in source order.
/// A pasted interactive session (`>>> ` prompts) compiles as its code.
pub fn compile(source: &str) -> Result<Output, Vec<Diagnostic>> {
    compile_with_constants(source, &[])
}

/// [`compile()`], with the values of names the block imports from modules
/// cfunc does not load (`("scipy.constants.c", Const::Float(299792458.0))`
/// for `from scipy.constants import c`, or `import pkg` and `pkg.c`).
///
/// ```
/// use cfunc_python::{Const, compile_with_constants};
/// let source = "from numba import cfunc\nfrom units import c\n\
///               @cfunc('float64(float64)')\ndef f(x):\n    return x * c\n";
/// assert!(cfunc_python::compile(source).is_err());
/// let constants = [("units.c".to_owned(), Const::Float(299792458.0))];
/// assert!(compile_with_constants(source, &constants).is_ok());
/// ```
pub fn compile_with_constants(
    source: &str,
    constants: &[(String, crate::Const)],
) -> Result<Output, Vec<Diagnostic>> {
    match crate::transcript::extract(source) {
        Some(extracted) => compile_code(&extracted.code, constants).map_err(|errors| {
            errors
                .into_iter()
                .map(|error| error.moved(|offset| extracted.original(offset)))
                .collect()
        }),
        None => compile_code(source, constants),
    }
}

fn compile_code(
    source: &str,
    constants: &[(String, crate::Const)],
) -> Result<Output, Vec<Diagnostic>> {
    let (module, syntax_errors) = parse_module(source);
    if !syntax_errors.is_empty() {
        return Err(syntax_errors.into_iter().map(Diagnostic::Syntax).collect());
    }
    let env = ModuleEnv::build_with_constants(&module, constants);
    let mut errors: Vec<Diagnostic> = env
        .errors
        .list
        .iter()
        .cloned()
        .map(Diagnostic::Semantic)
        .collect();
    let (lowered, lower_errors) = lower_cfuncs(&env);
    let crate::lower::Lowered { cfuncs, helpers } = lowered;
    errors.extend(lower_errors.into_iter().map(Diagnostic::Semantic));
    // Two cfuncs exporting one symbol would fail only when the library
    // links; say so here, where `cfunc check` sees it too.
    for (index, cfunc) in cfuncs.iter().enumerate() {
        if let Some(first) = cfuncs[..index]
            .iter()
            .find(|other| other.native_name == cfunc.native_name)
        {
            errors.push(Diagnostic::Semantic(SemanticError::new(
                cfunc.signature_range,
                format!(
                    "`{}` would export the symbol `{}`, as `{}` does{}; rename one of them",
                    cfunc.name,
                    cfunc.native_name,
                    first.name,
                    if first.name == first.native_name {
                        String::new()
                    } else {
                        format!(
                            " (its name is the C library's, so it exports `{}`)",
                            first.native_name
                        )
                    },
                ),
            )));
        }
    }
    if cfuncs.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::Semantic(SemanticError::new(
            TextRange::empty(0),
            "the block defines no cfunc: decorate a function with `@cfunc(signature)`",
        )));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|error| error.range().start);
        errors.dedup();
        return Err(errors);
    }
    let records = env
        .records
        .iter()
        .map(|record| record_struct(record))
        .collect();
    let mut foreign_keys: Vec<&String> = env.foreign.keys().collect();
    foreign_keys.sort();
    let foreign = foreign_keys
        .into_iter()
        .filter_map(|key| {
            let function = &env.foreign[key];
            let argtypes = function.argtypes.as_ref()?;
            let args: Vec<crate::types::Ty> = argtypes
                .iter()
                .map(|ty| sig_type_ty(ty, &env.records_by_name))
                .collect::<Option<_>>()?;
            let ret = sig_type_ty(&function.restype, &env.records_by_name)?;
            let signature = cfunc_runtime::sig::Signature {
                ret: function.restype.clone(),
                args: argtypes.clone(),
            }
            .to_string();
            let accessor = crate::generate::foreign_accessor(key);
            let (library, symbol) = (&function.library, &function.symbol);
            Some(quote! {
                #[allow(non_snake_case)]
                fn #accessor() -> &'static ::cfunc::TypedFn<(#(#args,)*), #ret> {
                    static FUNCTION: ::std::sync::OnceLock<::cfunc::TypedFn<(#(#args,)*), #ret>> =
                        ::std::sync::OnceLock::new();
                    FUNCTION.get_or_init(|| {
                        // SAFETY: the block declared the function's C types
                        // (`argtypes`/`restype`), as ctypes requires.
                        let library = unsafe { ::cfunc::Library::open(#library) }
                            .unwrap_or_else(|error| ::core::panic!("{error}"));
                        unsafe { library.get(#symbol, #signature) }
                            .and_then(|function| function.typed())
                            .unwrap_or_else(|error| ::core::panic!("{error}"))
                    })
                }
            })
        })
        .collect();
    Ok(Output {
        records,
        record_defs: env.records.clone(),
        foreign,
        helpers,
        cfunc_forms: env.cfunc_forms(),
        cfuncs,
    })
}

/// Compiles the body of a `#[cfunc]` function written as `python! { ... }`:
/// `params` are the function's parameter names, typed by `signature`.
pub fn compile_function(
    body: &str,
    name: &str,
    params: &[String],
    signature: &cfunc_runtime::sig::Signature,
) -> Result<LoweredCFunc, Vec<Diagnostic>> {
    let (module, syntax_errors) = parse_module(body);
    if !syntax_errors.is_empty() {
        return Err(syntax_errors.into_iter().map(Diagnostic::Syntax).collect());
    }
    let whole = TextRange::new(0, body.len());
    let name_node = crate::ast::Name {
        id: name.to_owned(),
        range: whole,
    };
    let def = crate::ast::FunctionDef {
        name: name_node,
        params: params
            .iter()
            .map(|param| crate::ast::Param {
                name: crate::ast::Name {
                    id: param.clone(),
                    range: whole,
                },
                annotation: None,
                default: None,
                star: None,
                range: whole,
            })
            .collect(),
        decorators: Vec::new(),
        returns: None,
        body: module.body,
    };
    let mut env = ModuleEnv::prelude();
    env.add_cfunc(crate::module::CFuncDecl {
        name: name.to_owned(),
        def: std::rc::Rc::new(def),
        closure: None,
        signature: signature.clone(),
        signature_range: whole,
        options: Default::default(),
    });
    let (lowered, errors) = lower_cfuncs(&env);
    let mut cfuncs = lowered.cfuncs;
    if !errors.is_empty() {
        let mut errors: Vec<Diagnostic> = errors.into_iter().map(Diagnostic::Semantic).collect();
        errors.sort_by_key(|error| error.range().start);
        errors.dedup();
        return Err(errors);
    }
    Ok(cfuncs.remove(0))
}

fn record_struct(record: &RecordDef) -> TokenStream {
    let name = Ident::new(&record.name, Span::call_site());
    let fields = record.fields.iter().map(|(field, ty)| {
        let ident = crate::generate::local_ident(field);
        let ty = &ty;
        quote!(pub #ident: #ty)
    });
    quote! {
        #[repr(C)]
        #[derive(Clone, Copy, ::cfunc::Record)]
        #[allow(non_camel_case_types, dead_code)]
        pub struct #name {
            #(#fields,)*
        }
    }
}
