//! The recursive-descent parser of the Python subset.
//!
//! Ranges: every node covers the tokens it was parsed from. Grouping
//! parentheses belong to the enclosing node, not to the expression inside
//! them: in `(a + b) * c` the `BinOp` for `a + b` covers `a + b` and the
//! product covers `(a + b) * c`. The parentheses of a tuple display are
//! part of the tuple (`(1, 2)` and `()` cover their parentheses); a tuple
//! without parentheses covers its elements and any trailing comma. A
//! decorated function's statement starts at its first `@`.
//!
//! Errors: each statement is parsed with `Result`; the first error in a
//! statement is recorded and the parser skips to the end of the logical
//! line (the lexer only emits NEWLINE outside brackets, so that is the
//! next statement at the same nesting level) and goes on. An indented
//! block after a header that failed is parsed silently (its own errors
//! still count) instead of being reported as an unexpected indent.

mod compound;
mod expr;
mod expr_atom;
mod stmt;
mod target;

use crate::ast::Module;
use crate::lexer::{self, Keyword, Op, Token, TokenKind};
use crate::syntax_error::{Clause, Expected, SyntaxError, SyntaxErrorKind};
use crate::text::TextRange;

/// How deeply the tree may nest: brackets, blocks, unary and conditional
/// operators, and also each operator of a left-deep chain (`a + b + c`,
/// `f(x)(y).z`), since the typer and lowering recurse over the tree too.
/// Past it the parser reports an error instead of exhausting a stack.
const MAX_NESTING: u32 = 300;

/// The parser runs on its own thread with this much stack (reserved
/// address space, touched only as deep as the input goes): a debug build
/// uses tens of kilobytes per nesting level, more than the 2 MiB of a
/// test thread.
const PARSER_STACK_SIZE: usize = 64 << 20;

/// Parses a module (a `python!` block or a `.py` file).
///
/// Never panics; returns every syntax error found, in source order (the
/// parser recovers at the next statement).
///
/// ```
/// use cfunc_python::ast::StmtKind;
/// use cfunc_python::parse_module;
///
/// let (module, errors) = parse_module("def add(x, y):\n    return x + y\n");
/// assert!(errors.is_empty());
/// assert!(matches!(module.body[0].kind, StmtKind::FunctionDef(_)));
///
/// let (_, errors) = parse_module("x = (1 +\ny = 2 $\n");
/// assert_eq!(errors[0].to_string(), "`(` was never closed");
/// assert_eq!(errors[1].to_string(), "invalid character `$`");
/// ```
pub fn parse_module(source: &str) -> (Module, Vec<SyntaxError>) {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("cfunc-python-parser".to_owned())
            .stack_size(PARSER_STACK_SIZE)
            .spawn_scoped(scope, || parse_here(source));
        match worker {
            // A panic would be a parser bug: pass it on unchanged.
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the nesting limit still bounds the stack.
            Err(_) => parse_here(source),
        }
    })
}

fn parse_here(source: &str) -> (Module, Vec<SyntaxError>) {
    let (tokens, lexical_errors) = lexer::tokenize(source);
    let mut parser = Parser {
        source,
        tokens,
        pos: 0,
        errors: lexical_errors,
        last_end: 0,
        depth: 0,
        next_id: std::cell::Cell::new(0),
    };
    let lexical_count = parser.errors.len();
    let body = parser.statements(false);
    let mut errors = parser.errors;
    // An unclosed bracket swallows the rest of the file into one logical
    // line, so grammar errors after it are noise: CPython, too, reports
    // only the bracket.
    let unclosed_at = errors[..lexical_count]
        .iter()
        .filter(|error| matches!(error.kind, SyntaxErrorKind::UnclosedBracket(_)))
        .map(|error| error.range.start)
        .min();
    if let Some(unclosed_at) = unclosed_at {
        let mut index = 0;
        errors.retain(|error| {
            index += 1;
            index <= lexical_count || error.range.start < unclosed_at
        });
    }
    // Stable: errors at one offset keep the order they were found in.
    errors.sort_by_key(|error| error.range.start);
    (Module { body }, errors)
}

/// Why a statement could not be parsed.
#[derive(Debug)]
enum Failure {
    Error(SyntaxError),
    /// The problem is an `Unknown` token, which the lexer has reported.
    AlreadyReported,
}

type PResult<T> = Result<T, Failure>;

struct Parser<'s> {
    source: &'s str,
    /// Always ends with `EndOfFile`; `pos` never moves past it.
    tokens: Vec<Token>,
    pos: usize,
    errors: Vec<SyntaxError>,
    /// End of the last consumed token other than NEWLINE/INDENT/DEDENT:
    /// where the node being finished ends.
    last_end: usize,
    depth: u32,
    /// The id the next node gets.
    next_id: std::cell::Cell<u32>,
}

impl Parser<'_> {
    /// A fresh id for the node being finished.
    fn node_id(&self) -> crate::ast::NodeId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        crate::ast::NodeId(id)
    }

    fn token(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn kind(&self) -> &TokenKind {
        &self.tokens[self.pos].kind
    }

    fn nth_kind(&self, n: usize) -> &TokenKind {
        let index = (self.pos + n).min(self.tokens.len() - 1);
        &self.tokens[index].kind
    }

    fn start(&self) -> usize {
        self.token().range.start()
    }

    fn range_from(&self, start: usize) -> TextRange {
        TextRange::new(start, self.last_end.max(start))
    }

    fn text(&self, range: TextRange) -> &str {
        self.source
            .get(range.start()..range.end())
            .unwrap_or_default()
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if !matches!(token.kind, TokenKind::EndOfFile) {
            self.pos += 1;
        }
        if !matches!(
            token.kind,
            TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent | TokenKind::EndOfFile
        ) {
            self.last_end = token.range.end();
        }
        token
    }

    fn at_op(&self, op: Op) -> bool {
        *self.kind() == TokenKind::Op(op)
    }

    fn at_keyword(&self, keyword: Keyword) -> bool {
        *self.kind() == TokenKind::Keyword(keyword)
    }

    fn eat_op(&mut self, op: Op) -> bool {
        let found = self.at_op(op);
        if found {
            self.bump();
        }
        found
    }

    fn eat_keyword(&mut self, keyword: Keyword) -> bool {
        let found = self.at_keyword(keyword);
        if found {
            self.bump();
        }
        found
    }

    fn expect_op(&mut self, op: Op, spelling: &'static str, after: Clause) -> PResult<TextRange> {
        if self.at_op(op) {
            return Ok(self.bump().range);
        }
        Err(self.unexpected(Expected::Token(spelling), after))
    }

    fn expect_keyword(
        &mut self,
        keyword: Keyword,
        spelling: &'static str,
        after: Clause,
    ) -> PResult<TextRange> {
        if self.at_keyword(keyword) {
            return Ok(self.bump().range);
        }
        Err(self.unexpected(Expected::Token(spelling), after))
    }

    /// "expected X, found <the current token>".
    fn unexpected(&self, expected: Expected, after: Clause) -> Failure {
        let token = self.token();
        if token.kind == TokenKind::Unknown {
            return Failure::AlreadyReported;
        }
        Failure::Error(SyntaxError {
            kind: SyntaxErrorKind::Expected {
                expected,
                after,
                found: token.found(self.source),
            },
            range: token.range,
        })
    }

    fn failure(&self, kind: SyntaxErrorKind, range: TextRange) -> Failure {
        Failure::Error(SyntaxError { kind, range })
    }

    /// Records an error that does not stop the statement.
    fn report(&mut self, kind: SyntaxErrorKind, range: TextRange) {
        self.errors.push(SyntaxError { kind, range });
    }

    fn record(&mut self, failure: Failure) {
        if let Failure::Error(error) = failure {
            self.errors.push(error);
        }
    }

    /// Runs `parse` one nesting level deeper, refusing past `MAX_NESTING`.
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_NESTING {
            let range = self.token().range;
            return Err(self.failure(
                SyntaxErrorKind::NestingTooDeep { limit: MAX_NESTING },
                range,
            ));
        }
        self.depth += 1;
        let result = parse(self);
        self.depth -= 1;
        result
    }

    /// Counts one more operator of a left-deep chain against the nesting
    /// limit; the caller restores `depth` when the chain ends.
    fn deepen(&mut self) -> PResult<()> {
        if self.depth >= MAX_NESTING {
            let range = self.token().range;
            return Err(self.failure(
                SyntaxErrorKind::NestingTooDeep { limit: MAX_NESTING },
                range,
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Skips the rest of a logical line after an error.
    fn recover(&mut self) {
        while !matches!(
            self.kind(),
            TokenKind::Newline | TokenKind::EndOfFile | TokenKind::Dedent | TokenKind::Indent
        ) {
            self.bump();
        }
        if *self.kind() == TokenKind::Newline {
            self.bump();
        }
    }

    /// The loop-progress guard: a list-parsing loop that went round
    /// without consuming a token is a parser bug that would hang the
    /// compiler. Debug builds (tests, fuzzing) panic naming the stuck
    /// token; release builds skip that token so that parsing still ends.
    fn ensure_progress(&mut self, previous: usize) {
        if self.pos == previous && *self.kind() != TokenKind::EndOfFile {
            debug_assert!(
                false,
                "parser made no progress at {:?} ({:?})",
                self.token().kind,
                self.token().range,
            );
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
