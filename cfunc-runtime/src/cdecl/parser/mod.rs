//! A recursive-descent parser of C declarations into an [`FFI`]'s tables.
//!
//! ```text
//! declarations := declaration*
//! declaration  := specifiers [ declarator ( ',' declarator )* ] ';'
//! specifiers   := ( 'typedef' | qualifier | arithmetic-word | struct-spec | typedef-name )+
//! struct-spec  := 'struct' [ tag ] [ '{' member-decl+ '}' ]
//! member-decl  := specifiers declarator ( ',' declarator )* ';'
//! declarator   := '*'* ( name | '(' declarator ')' )? ( '[' size? ']' | '(' params ')' )*
//! params       := 'void' | param ( ',' param )*
//! ```

mod declarator;
mod specifiers;

use declarator::Naming;

use super::FFI;
use super::StructDef;
use super::ctype::{CType, FunctionType};
use super::error::{CdeclError, CdeclErrorKind};
use super::lexer::{Token, TokenKind, tokenize};

/// How deeply declarators and struct definitions may nest, so that
/// hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Parser state over one source text, writing into `ffi`.
pub(super) struct Parser<'s> {
    source: &'s str,
    tokens: Vec<Token>,
    position: usize,
    depth: usize,
    ffi: &'s mut FFI,
}

impl<'s> Parser<'s> {
    /// Tokenizes `source` for parsing into `ffi`.
    pub fn new(source: &'s str, ffi: &'s mut FFI) -> Result<Parser<'s>, CdeclError> {
        Ok(Parser {
            tokens: tokenize(source)?,
            source,
            position: 0,
            depth: 0,
            ffi,
        })
    }

    /// Parses every declaration in the source.
    pub fn declarations(&mut self) -> Result<(), CdeclError> {
        while self.peek().kind != TokenKind::Eof {
            let before = self.position;
            self.declaration()?;
            assert!(
                self.position > before,
                "cdecl parser made no progress at {}",
                self.peek().describe()
            );
        }
        Ok(())
    }

    /// Parses the whole source as one type name (`struct s *`,
    /// `double (*)(int)`), for `FFI::type_of`.
    pub fn type_name(&mut self) -> Result<CType, CdeclError> {
        let specifiers = self.specifiers(false)?;
        let declarator = self.declarator(Naming::Abstract)?;
        let (_, ty) = self.declared_type(specifiers.base, declarator, false)?;
        if self.peek().kind != TokenKind::Eof {
            let found = self.peek().describe();
            return Err(self.error_here(CdeclErrorKind::Expected {
                expected: "end of the type".to_owned(),
                context: String::new(),
                found,
            }));
        }
        Ok(ty)
    }

    fn declaration(&mut self) -> Result<(), CdeclError> {
        if self.peek().is(';') {
            self.advance();
            return Ok(());
        }
        if !self.starts_specifiers() {
            return Err(match self.peek().ident() {
                Some(word) => self.error_here(CdeclErrorKind::UnknownType(word.to_owned())),
                None => {
                    let found = self.peek().describe();
                    self.error_here(CdeclErrorKind::Expected {
                        expected: "a declaration".to_owned(),
                        context: String::new(),
                        found,
                    })
                }
            });
        }
        let specifiers = self.specifiers(true)?;
        if self.peek().is(';') && specifiers.declares_struct && !specifiers.is_typedef {
            self.advance();
            return Ok(());
        }
        loop {
            let declarator = self.declarator(Naming::Named)?;
            let (name, ty) = self.declared_type(specifiers.base.clone(), declarator, false)?;
            // `declarator(Naming::Named)` guarantees a name.
            let (name, offset) = name.unwrap_or_default();
            if specifiers.is_typedef {
                self.define_typedef(&name, offset, ty)?;
            } else if let CType::Function(function) = ty {
                if self.peek().is('{') {
                    return Err(
                        self.error_here(CdeclErrorKind::Unsupported("function bodies".to_owned()))
                    );
                }
                self.define_function(&name, offset, *function)?;
            } else {
                return Err(self.error_at(
                    offset,
                    CdeclErrorKind::InvalidType(format!(
                        "`{name}` declares a variable: only types and functions can be declared"
                    )),
                ));
            }
            if self.peek().is(',') {
                self.advance();
                continue;
            }
            return self.expect(';', &format!(" after the declaration of `{name}`"));
        }
    }

    fn define_typedef(&mut self, name: &str, offset: usize, ty: CType) -> Result<(), CdeclError> {
        if let Some(existing) = self.ffi.typedefs.get(name) {
            // C11 allows repeating a typedef with the same type.
            if *existing == ty {
                return Ok(());
            }
            return Err(self.error_at(
                offset,
                CdeclErrorKind::Duplicate(format!("typedef `{name}`")),
            ));
        }
        if self.ffi.functions.contains_key(name) {
            return Err(self.error_at(offset, CdeclErrorKind::Duplicate(format!("`{name}`"))));
        }
        // The first typedef of a struct names its record, as users write
        // that name in signatures.
        if let CType::Struct(tag) = &ty
            && let Some(def) = self.ffi.structs.get_mut(tag)
            && !def.named_by_typedef
        {
            def.record_name = name.to_owned();
            def.named_by_typedef = true;
        }
        self.ffi.typedefs.insert(name.to_owned(), ty);
        Ok(())
    }

    fn define_function(
        &mut self,
        name: &str,
        offset: usize,
        function: FunctionType,
    ) -> Result<(), CdeclError> {
        match self.ffi.functions.get(name) {
            Some(existing) if *existing == function => Ok(()),
            Some(_) => Err(self.error_at(
                offset,
                CdeclErrorKind::Duplicate(format!("function `{name}`")),
            )),
            None if self.ffi.typedefs.contains_key(name) => {
                Err(self.error_at(offset, CdeclErrorKind::Duplicate(format!("`{name}`"))))
            }
            None => {
                self.ffi.functions.insert(name.to_owned(), function);
                Ok(())
            }
        }
    }

    /// `struct [tag] [{ members }]`, from the `struct` keyword.
    fn struct_specifier(&mut self) -> Result<CType, CdeclError> {
        let struct_offset = self.peek().offset;
        self.advance();
        let tag = match self.peek().ident() {
            Some(word) => {
                let word = word.to_owned();
                self.advance();
                Some(word)
            }
            None => None,
        };
        if !self.peek().is('{') {
            let Some(tag) = tag else {
                let found = self.peek().describe();
                return Err(self.error_here(CdeclErrorKind::Expected {
                    expected: "a struct tag or `{`".to_owned(),
                    context: " after `struct`".to_owned(),
                    found,
                }));
            };
            // A reference, or a forward declaration: known, maybe not
            // yet defined.
            self.ffi
                .structs
                .entry(tag.clone())
                .or_insert_with(|| StructDef {
                    record_name: tag.clone(),
                    named_by_typedef: false,
                    fields: None,
                });
            return Ok(CType::Struct(tag));
        }
        let key = match &tag {
            Some(tag) => {
                if self
                    .ffi
                    .structs
                    .get(tag)
                    .is_some_and(|def| def.fields.is_some())
                {
                    return Err(self.error_at(
                        struct_offset,
                        CdeclErrorKind::Duplicate(format!("`struct {tag}`")),
                    ));
                }
                tag.clone()
            }
            None => {
                self.ffi.anonymous_structs += 1;
                format!("anon_{}", self.ffi.anonymous_structs)
            }
        };
        self.advance();
        self.enter()?;
        let fields = self.struct_members(&key)?;
        self.leave();
        let def = self
            .ffi
            .structs
            .entry(key.clone())
            .or_insert_with(|| StructDef {
                record_name: key.clone(),
                named_by_typedef: false,
                fields: None,
            });
        def.fields = Some(fields);
        Ok(CType::Struct(key))
    }

    /// The members of a struct after its `{`, through the `}`.
    fn struct_members(&mut self, key: &str) -> Result<Vec<(String, CType)>, CdeclError> {
        let mut fields: Vec<(String, CType)> = Vec::new();
        while !self.peek().is('}') {
            if self.peek().kind == TokenKind::Eof {
                let found = self.peek().describe();
                return Err(self.error_here(CdeclErrorKind::Expected {
                    expected: "`}`".to_owned(),
                    context: format!(" to close `struct {key}`"),
                    found,
                }));
            }
            let specifiers = self.specifiers(false)?;
            loop {
                let declarator = self.declarator(Naming::Named)?;
                let (name, ty) = self.declared_type(specifiers.base.clone(), declarator, false)?;
                let (name, offset) = name.unwrap_or_default();
                if self.peek().is(':') {
                    return Err(
                        self.error_here(CdeclErrorKind::Unsupported("bit-fields".to_owned()))
                    );
                }
                self.check_member(key, &name, offset, &ty, &fields)?;
                fields.push((name.clone(), ty));
                if self.peek().is(',') {
                    self.advance();
                    continue;
                }
                self.expect(
                    ';',
                    &format!(" after the member `{name}` of `struct {key}`"),
                )?;
                break;
            }
        }
        let closing = self.peek().offset;
        self.advance();
        if fields.is_empty() {
            return Err(self.error_at(
                closing,
                CdeclErrorKind::InvalidType(format!(
                    "`struct {key}` has no members: C has no empty structs"
                )),
            ));
        }
        Ok(fields)
    }

    fn check_member(
        &self,
        key: &str,
        name: &str,
        offset: usize,
        ty: &CType,
        fields: &[(String, CType)],
    ) -> Result<(), CdeclError> {
        if fields.iter().any(|(existing, _)| existing == name) {
            return Err(self.error_at(
                offset,
                CdeclErrorKind::Duplicate(format!("member `{name}` in `struct {key}`")),
            ));
        }
        let mut stored = ty;
        while let CType::Array(elem, _) = stored {
            stored = elem;
        }
        match stored {
            CType::Void | CType::Function(_) => Err(self.error_at(
                offset,
                CdeclErrorKind::InvalidType(format!("member `{name}` cannot have type `{ty}`")),
            )),
            CType::Struct(tag)
                if self
                    .ffi
                    .structs
                    .get(tag)
                    .is_none_or(|def| def.fields.is_none()) =>
            {
                Err(self.error_at(
                    offset,
                    CdeclErrorKind::Incomplete(format!("`struct {tag}`")),
                ))
            }
            _ => Ok(()),
        }
    }

    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.position + ahead).min(last)]
    }

    fn advance(&mut self) {
        if self.position + 1 < self.tokens.len() {
            self.position += 1;
        }
    }

    /// Consumes `punct` or reports what was found instead; `context` says
    /// where (" after the declaration of `x`").
    fn expect(&mut self, punct: char, context: &str) -> Result<(), CdeclError> {
        if self.peek().is(punct) {
            self.advance();
            return Ok(());
        }
        let found = self.peek().describe();
        Err(self.error_here(CdeclErrorKind::Expected {
            expected: format!("`{punct}`"),
            context: context.to_owned(),
            found,
        }))
    }

    fn enter(&mut self) -> Result<(), CdeclError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here(CdeclErrorKind::TooDeep(MAX_DEPTH)));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn error_here(&self, kind: CdeclErrorKind) -> CdeclError {
        self.error_at(self.peek().offset, kind)
    }

    fn error_at(&self, offset: usize, kind: CdeclErrorKind) -> CdeclError {
        CdeclError::at(self.source, offset, kind)
    }
}
