//! Declaration specifiers: `typedef`, qualifiers, and the base type
//! (`unsigned long`, `struct tag {...}`, a typedef name).

use super::Parser;
use crate::cdecl::ctype::CType;
use crate::cdecl::error::{CdeclError, CdeclErrorKind};
use crate::sig::Scalar;

/// The specifiers of one declaration.
pub(super) struct Specifiers {
    /// Whether `typedef` was among them.
    pub is_typedef: bool,
    /// The base type the declarators build on.
    pub base: CType,
    /// Whether the specifiers defined or declared a struct (so that
    /// `struct s {...};` without declarators is meaningful).
    pub declares_struct: bool,
}

/// Words that are ignored where they may appear: qualifiers and storage
/// classes that do not change a type's layout or mapping.
const IGNORED: &[&str] = &[
    "const",
    "volatile",
    "restrict",
    "__restrict",
    "__restrict__",
    "extern",
    "static",
    "inline",
    "__inline",
    "register",
];

/// The arithmetic keywords, collected and then resolved together.
const ARITHMETIC: &[&str] = &[
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
    "bool",
];

/// The `<stdint.h>` and `<stddef.h>` names known without a declaration.
const STANDARD_TYPEDEFS: &[(&str, Scalar)] = &[
    ("int8_t", Scalar::Int8),
    ("int16_t", Scalar::Int16),
    ("int32_t", Scalar::Int32),
    ("int64_t", Scalar::Int64),
    ("uint8_t", Scalar::Uint8),
    ("uint16_t", Scalar::Uint16),
    ("uint32_t", Scalar::Uint32),
    ("uint64_t", Scalar::Uint64),
    ("size_t", Scalar::Uintp),
    ("ssize_t", Scalar::Intp),
    ("intptr_t", Scalar::Intp),
    ("uintptr_t", Scalar::Uintp),
    ("ptrdiff_t", Scalar::Intp),
];

/// The scalar a standard typedef name denotes.
pub(super) fn standard_typedef(name: &str) -> Option<Scalar> {
    STANDARD_TYPEDEFS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|&(_, scalar)| scalar)
}

/// `long`'s width follows the target: 64 bits on LP64, 32 on LLP64/ILP32.
fn long_scalar(unsigned: bool) -> Scalar {
    match (core::mem::size_of::<core::ffi::c_long>(), unsigned) {
        (8, false) => Scalar::Int64,
        (8, true) => Scalar::Uint64,
        (_, false) => Scalar::Int32,
        (_, true) => Scalar::Uint32,
    }
}

impl Parser<'_> {
    /// Whether the current token can start a declaration's specifiers.
    pub(super) fn starts_specifiers(&self) -> bool {
        self.peek().ident().is_some_and(|word| {
            word == "typedef"
                || word == "struct"
                || word == "union"
                || word == "enum"
                || IGNORED.contains(&word)
                || ARITHMETIC.contains(&word)
                || self.is_type_name(word)
        })
    }

    /// Whether `word` names a type through a typedef.
    pub(super) fn is_type_name(&self, word: &str) -> bool {
        self.ffi.typedefs.contains_key(word) || standard_typedef(word).is_some()
    }

    /// Parses specifiers; `allow_typedef` is false inside structs and
    /// parameter lists.
    pub(super) fn specifiers(&mut self, allow_typedef: bool) -> Result<Specifiers, CdeclError> {
        let mut first_word: Option<usize> = None;
        let mut is_typedef = false;
        let mut words: Vec<String> = Vec::new();
        let mut named: Option<CType> = None;
        let mut declares_struct = false;
        while let Some(word) = self.peek().ident().map(str::to_owned) {
            if word == "typedef" {
                if !allow_typedef {
                    return Err(self.error_here(CdeclErrorKind::InvalidType(
                        "`typedef` is only allowed at the top level".to_owned(),
                    )));
                }
                is_typedef = true;
                self.advance();
            } else if IGNORED.contains(&word.as_str()) {
                self.advance();
            } else if word == "union" {
                return Err(self.error_here(CdeclErrorKind::Unsupported("unions".to_owned())));
            } else if word == "enum" {
                return Err(self.error_here(CdeclErrorKind::Unsupported("enums".to_owned())));
            } else if named.is_none() && words.is_empty() && word == "struct" {
                named = Some(self.struct_specifier()?);
                declares_struct = true;
            } else if named.is_none() && ARITHMETIC.contains(&word.as_str()) {
                first_word.get_or_insert(self.peek().offset);
                words.push(word);
                self.advance();
            } else if named.is_none() && words.is_empty() {
                if let Some(ty) = self.typedef_type(&word) {
                    named = Some(ty);
                    self.advance();
                } else {
                    return Err(self.error_here(CdeclErrorKind::UnknownType(word)));
                }
            } else {
                break;
            }
        }
        let base = match named {
            Some(ty) => ty,
            None if words.is_empty() => {
                let found = self.peek().describe();
                return Err(self.error_here(CdeclErrorKind::Expected {
                    expected: "a type".to_owned(),
                    context: String::new(),
                    found,
                }));
            }
            None => resolve_arithmetic(&words).ok_or_else(|| {
                CdeclError::at(
                    self.source,
                    first_word.unwrap_or_default(),
                    CdeclErrorKind::InvalidSpecifiers(words.join(" ")),
                )
            })?,
        };
        Ok(Specifiers {
            is_typedef,
            base,
            declares_struct,
        })
    }

    /// The type a typedef name stands for.
    fn typedef_type(&self, word: &str) -> Option<CType> {
        self.ffi
            .typedefs
            .get(word)
            .cloned()
            .or_else(|| standard_typedef(word).map(CType::Scalar))
    }
}

/// Resolves a multiset of arithmetic keywords (`unsigned long long int`)
/// to a type, or `None` if they do not combine.
fn resolve_arithmetic(words: &[String]) -> Option<CType> {
    let count = |keyword: &str| words.iter().filter(|word| *word == keyword).count();
    let (signed, unsigned) = (count("signed"), count("unsigned"));
    let (short, long, int, char) = (count("short"), count("long"), count("int"), count("char"));
    let others = words.len() - signed - unsigned - short - long - int - char;
    if signed + unsigned > 1 || int > 1 {
        return None;
    }
    if others > 0 {
        // `void`, `float`, `double`, `_Bool` stand alone (`long double`
        // has no Numba equivalent).
        if words.len() != 1 {
            return None;
        }
        return match words[0].as_str() {
            "void" => Some(CType::Void),
            "float" => Some(CType::Scalar(Scalar::Float32)),
            "double" => Some(CType::Scalar(Scalar::Float64)),
            "_Bool" | "bool" => Some(CType::Scalar(Scalar::Boolean)),
            _ => None,
        };
    }
    let is_unsigned = unsigned == 1;
    let scalar = match (char, short, long) {
        (1, 0, 0) if int == 0 => {
            if is_unsigned {
                Scalar::Uint8
            } else {
                Scalar::Int8
            }
        }
        (0, 1, 0) if is_unsigned => Scalar::Uint16,
        (0, 1, 0) => Scalar::Int16,
        (0, 0, 0) if is_unsigned => Scalar::Uintc,
        (0, 0, 0) => Scalar::Intc,
        (0, 0, 1) => long_scalar(is_unsigned),
        (0, 0, 2) if is_unsigned => Scalar::Uint64,
        (0, 0, 2) => Scalar::Int64,
        _ => return None,
    };
    Some(CType::Scalar(scalar))
}
