//! Declarators: the part of a declaration that names a thing and wraps
//! the base type in pointers, arrays and function types
//! (`(*my_func)(my_struct *, size_t)`, `af4[7]`, `**pp`).

use super::Parser;
use crate::cdecl::ctype::{CType, FunctionType};
use crate::cdecl::error::{CdeclError, CdeclErrorKind};
use crate::cdecl::lexer::{TokenKind, integer_value};

/// The words that cannot name a declared thing.
const KEYWORDS: &[&str] = &[
    "typedef", "struct", "union", "enum", "const", "volatile", "restrict", "extern", "static",
    "inline", "register", "void", "char", "short", "int", "long", "float", "double", "signed",
    "unsigned", "_Bool", "bool",
];

/// One step from the base type outwards.
enum Step {
    Pointer,
    /// An array; `None` for `[]`.
    Array(Option<usize>, usize),
    Function(Vec<CType>),
}

/// A parsed declarator: the declared name (if any) with its offset, and
/// the steps to apply to the base type, innermost (closest to the base)
/// first.
pub(super) struct Declarator {
    pub name: Option<(String, usize)>,
    steps: Vec<Step>,
}

/// Whether a declarator must, may or must not name something.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    Named,
    Abstract,
    Either,
}

impl Parser<'_> {
    /// Parses one declarator.
    pub(super) fn declarator(&mut self, naming: Naming) -> Result<Declarator, CdeclError> {
        self.enter()?;
        let mut pointers = 0usize;
        while self.peek().is('*') {
            self.advance();
            pointers += 1;
            while self.peek().ident().is_some_and(|word| {
                matches!(word, "const" | "volatile" | "restrict" | "__restrict")
            }) {
                self.advance();
            }
        }
        let mut inner: Option<Declarator> = None;
        let mut name = None;
        if self.peek().is('(') && self.opens_nested_declarator() {
            self.advance();
            inner = Some(self.declarator(naming)?);
            self.expect(')', " to close the parenthesised declarator")?;
        } else if let Some(word) = self.peek().ident().map(str::to_owned)
            && naming != Naming::Abstract
            && !KEYWORDS.contains(&word.as_str())
        {
            name = Some((word, self.peek().offset));
            self.advance();
        }
        let mut suffixes = Vec::new();
        loop {
            if self.peek().is('[') {
                let offset = self.peek().offset;
                self.advance();
                let size = self.array_size()?;
                self.expect(']', " to close the array size")?;
                suffixes.push(Step::Array(size, offset));
            } else if self.peek().is('(') {
                self.advance();
                suffixes.push(Step::Function(self.parameters()?));
            } else {
                break;
            }
        }
        // `int *a[3]` is an array of pointers: pointers bind to the base,
        // then the suffixes, last first, then the parenthesised part.
        let mut steps: Vec<Step> = (0..pointers).map(|_| Step::Pointer).collect();
        steps.extend(suffixes.into_iter().rev());
        if let Some(inner) = inner {
            name = inner.name;
            steps.extend(inner.steps);
        }
        self.leave();
        if naming == Naming::Named && name.is_none() {
            let found = self.peek().describe();
            return Err(self.error_here(CdeclErrorKind::Expected {
                expected: "a name".to_owned(),
                context: " in the declaration".to_owned(),
                found,
            }));
        }
        Ok(Declarator { name, steps })
    }

    /// After `(`: a nested declarator (`(*f)`, `(name)`) rather than a
    /// parameter list (`(int)`, `()`).
    fn opens_nested_declarator(&self) -> bool {
        let next = self.peek_at(1);
        next.is('*')
            || next.is('(')
            || next
                .ident()
                .is_some_and(|word| !KEYWORDS.contains(&word) && !self.is_type_name(word))
    }

    /// The size in `[...]`, `None` for `[]`.
    fn array_size(&mut self) -> Result<Option<usize>, CdeclError> {
        match &self.peek().kind {
            TokenKind::Punct(']') => Ok(None),
            TokenKind::Number(text) => {
                let text = text.clone();
                let size = integer_value(&text)
                    .and_then(|value| usize::try_from(value).ok())
                    .filter(|&value| value > 0)
                    .ok_or_else(|| self.error_here(CdeclErrorKind::InvalidArraySize(text)))?;
                self.advance();
                Ok(Some(size))
            }
            _ => {
                let found = self.peek().describe();
                Err(self.error_here(CdeclErrorKind::Expected {
                    expected: "an integer array size".to_owned(),
                    context: " after `[`".to_owned(),
                    found,
                }))
            }
        }
    }

    /// A parameter list after its `(`, through the `)`.
    fn parameters(&mut self) -> Result<Vec<CType>, CdeclError> {
        let mut params = Vec::new();
        if self.peek().is(')') {
            self.advance();
            return Ok(params);
        }
        if self.peek().ident() == Some("void") && self.peek_at(1).is(')') {
            self.advance();
            self.advance();
            return Ok(params);
        }
        loop {
            if self.peek().kind == TokenKind::Ellipsis {
                return Err(self.error_here(CdeclErrorKind::Unsupported(
                    "variadic functions (`...`)".to_owned(),
                )));
            }
            let specifiers = self.specifiers(false)?;
            let declarator = self.declarator(Naming::Either)?;
            let offset = self.peek().offset;
            let ty = self.apply(specifiers.base, declarator.steps, true)?;
            if ty == CType::Void {
                return Err(self.error_at(
                    offset,
                    CdeclErrorKind::InvalidType("a parameter cannot have type `void`".to_owned()),
                ));
            }
            params.push(ty);
            if self.peek().is(',') {
                self.advance();
                continue;
            }
            self.expect(')', " after the parameter")?;
            return Ok(params);
        }
    }

    /// The declared type: `base` with the declarator's steps applied.
    /// `is_parameter` adjusts arrays and functions to pointers, as C does.
    pub(super) fn declared_type(
        &self,
        base: CType,
        declarator: Declarator,
        is_parameter: bool,
    ) -> Result<(Option<(String, usize)>, CType), CdeclError> {
        let ty = self.apply(base, declarator.steps, is_parameter)?;
        Ok((declarator.name, ty))
    }

    fn apply(
        &self,
        base: CType,
        steps: Vec<Step>,
        is_parameter: bool,
    ) -> Result<CType, CdeclError> {
        let mut ty = base;
        let step_count = steps.len();
        for (index, step) in steps.into_iter().enumerate() {
            let outermost = index + 1 == step_count;
            ty = match step {
                Step::Pointer => CType::Pointer(Box::new(ty)),
                Step::Array(size, offset) => {
                    if matches!(ty, CType::Void | CType::Function(_)) {
                        return Err(self.error_at(
                            offset,
                            CdeclErrorKind::InvalidType(format!("an array cannot hold `{ty}`")),
                        ));
                    }
                    match size {
                        Some(size) if !(outermost && is_parameter) => {
                            CType::Array(Box::new(ty), size)
                        }
                        // A parameter `T x[]` or `T x[N]` is a `T *`.
                        _ if outermost && is_parameter => CType::Pointer(Box::new(ty)),
                        _ => {
                            return Err(self.error_at(
                                offset,
                                CdeclErrorKind::Unsupported(
                                    "arrays without a size (flexible array members)".to_owned(),
                                ),
                            ));
                        }
                    }
                }
                Step::Function(params) => {
                    if matches!(ty, CType::Array(..) | CType::Function(_)) {
                        return Err(self.error_here(CdeclErrorKind::InvalidType(format!(
                            "a function cannot return `{ty}`"
                        ))));
                    }
                    let function = CType::Function(Box::new(FunctionType { ret: ty, params }));
                    if outermost && is_parameter {
                        CType::Pointer(Box::new(function))
                    } else {
                        function
                    }
                }
            };
        }
        Ok(ty)
    }
}
