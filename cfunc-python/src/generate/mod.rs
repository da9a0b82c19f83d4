//! Code generation: Rust tokens from the typed IR (`crate::tir`).
//!
//! A function of the IR and nothing else: every type, conversion and
//! check is already decided there, and nothing here can fail. The only
//! choices made here are Rust's: names for slots and temporaries, where
//! `unsafe` blocks go, and the order in which an element's indices are
//! computed so that the borrow checker accepts the access.

mod elementwise;
mod expr;
mod place;

use crate::ast::NodeId;
use crate::tir::{self, Iter, Label, PointerSized, Stmt, TypedFn};
use crate::types::Ty;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::{HashMap, HashSet};

/// Lints the generated code is not written to please.
fn allowed_lints() -> TokenStream {
    quote! {
        #[allow(
            unused_mut, unused_variables, unused_assignments, unused_parens, unused_braces,
            unreachable_code, unused_unsafe, non_snake_case, clippy::all, clippy::pedantic
        )]
    }
}

/// A cfunc as a `fn` item whose parameter and return types are `_`, for
/// `#[cfunc]` to complete from the signature.
pub(crate) fn cfunc_item(name: &str, typed: &TypedFn, is_unsafe: bool) -> syn::ItemFn {
    // `def loop(n):` is a Rust keyword: `r#loop` in Rust, `loop` in C.
    let name = local_ident(name);
    let params = typed.params.iter().map(|(param, _)| {
        let ident = local_ident(param);
        quote!(#ident: _)
    });
    let ret = (typed.ret != crate::types::Ty::None).then(|| quote!(-> _));
    let unsafety = is_unsafe.then(|| quote!(unsafe));
    let (lints, body) = (allowed_lints(), function_body(typed));
    syn::parse_quote! {
        #lints
        pub #unsafety fn #name(#(#params),*) #ret {
            #body
        }
    }
}

/// A helper's specialization as a private function of the block.
pub(crate) fn helper_item(rust_name: &Ident, typed: &TypedFn) -> TokenStream {
    let params = typed
        .params
        .iter()
        .zip(&typed.param_types)
        .map(|((param, _), ty)| {
            let ident = local_ident(param);
            quote!(#ident: #ty)
        });
    let ret = &typed.ret;
    let ret = (*ret != crate::types::Ty::None).then(|| quote!(-> #ret));
    let (lints, body) = (allowed_lints(), function_body(typed));
    // `unsafe`: it may dereference the pointers its caller passes, which
    // only the caller's own caller vouched for; it is private to the block
    // and called only from the code generated for it.
    quote! {
        #lints
        #[inline]
        unsafe fn #rust_name(#(#params),*) #ret {
            #body
        }
    }
}

/// The declarations and statements of a function's Rust body.
fn function_body(typed: &TypedFn) -> TokenStream {
    let mut generator = Generator {
        typed,
        slot_idents: typed.slots.iter().map(slot_ident).collect(),
        next_index: 0,
        unchecked: HashSet::new(),
        divisions_unchecked: false,
        projected: HashMap::new(),
        loop_depth: 0,
        frame_arrays: Vec::new(),
    };
    let mut declared = vec![false; typed.slots.len()];
    let mut statements = Vec::new();
    for (slot, value) in &typed.param_slots {
        declared[slot.0 as usize] = true;
        let is_argument = matches!(value.kind, tir::ExprKind::Argument(_));
        let value = generator.expr(value);
        let (ident, ty) = (generator.slot(*slot), &typed.slots[slot.0 as usize].ty);
        // An argument has its slot's type already (the signature's).
        statements.push(if is_argument {
            quote!(let mut #ident = #value;)
        } else {
            quote!(let mut #ident: #ty = #value;)
        });
    }
    for (index, slot) in typed.slots.iter().enumerate() {
        if !declared[index] {
            let (ident, ty) = (&generator.slot_idents[index], &slot.ty);
            // An array local starts empty, so that a loop may copy its
            // pointer and shape ahead (see `projecting`) wherever it is.
            statements.push(if matches!(ty, Ty::Array { .. }) {
                quote!(let mut #ident: #ty = <#ty>::unset();)
            } else {
                quote!(let mut #ident: #ty;)
            });
        }
    }
    let body: Vec<TokenStream> = typed.body.iter().map(|stmt| generator.stmt(stmt)).collect();
    let frames = &generator.frame_arrays;
    quote!(#(#frames)* #(#statements)* #(#body)*)
}

/// Python names that cannot be Rust identifiers as they are.
pub(crate) fn local_ident(name: &str) -> Ident {
    const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "const", "dyn", "enum", "extern", "fn", "gen", "impl",
        "let", "loop", "match", "mod", "move", "mut", "priv", "pub", "ref", "static", "struct",
        "trait", "true", "false", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where",
        "macro", "abstract", "become", "do", "final", "override", "try", "union", "yield", "in",
        "for", "if", "else", "while", "break", "continue", "return",
    ];
    if RESERVED.contains(&name) {
        format_ident!("{name}_")
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The generated function that resolves a foreign function once.
pub(crate) fn foreign_accessor(key: &str) -> Ident {
    let cleaned: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format_ident!("__cfunc_foreign_{cleaned}")
}

/// A local's first type keeps its Python name; later types get their own.
fn slot_ident(slot: &tir::Slot) -> Ident {
    if slot.position == 0 {
        local_ident(&slot.local)
    } else {
        format_ident!("__cfunc_{}_{}", slot.local, slot.position)
    }
}

struct Generator<'a> {
    typed: &'a TypedFn,
    slot_idents: Vec<Ident>,
    next_index: u32,
    /// While generating the fast copy of a versioned loop: the subscripts
    /// its guards cover.
    unchecked: HashSet<NodeId>,
    /// While generating the fast copy of a versioned loop whose divisors
    /// were scanned: float divisions need no check.
    divisions_unchecked: bool,
    /// Inside a loop: the array locals it does not assign, each with the
    /// copy of its pointer and shape made before the loop.
    projected: HashMap<u32, Ident>,
    /// How many loops enclose the code being generated.
    loop_depth: u32,
    /// The declarations of the frame memory of small local arrays.
    frame_arrays: Vec<TokenStream>,
}

impl Generator<'_> {
    fn slot(&self, slot: tir::SlotId) -> &Ident {
        &self.slot_idents[slot.0 as usize]
    }

    /// How an array local is indexed here: by its copy inside a loop that
    /// made one, else by its name.
    fn indexed_slot(&self, slot: tir::SlotId) -> &Ident {
        self.projected
            .get(&slot.0)
            .unwrap_or_else(|| self.slot(slot))
    }

    /// A loop over `bodies`, generated by `generate`, after copies of the
    /// pointer and shape of each array local the loop does not assign.
    /// The loop indexes the copies: they have no destructor, so the
    /// optimizer keeps them in registers and vectorizes the loop, which it
    /// does not do while it indexes a value with drop glue.
    fn projecting(
        &mut self,
        bodies: &[&[Stmt]],
        generate: impl FnOnce(&mut Self) -> TokenStream,
    ) -> TokenStream {
        let mut assigned = HashSet::new();
        for body in bodies {
            tir::assigned_slots(body, &mut assigned);
        }
        let mut copies = Vec::new();
        let mut added = Vec::new();
        for (index, slot) in self.typed.slots.iter().enumerate() {
            let index = index as u32;
            if matches!(slot.ty, Ty::Array { .. })
                && !assigned.contains(&index)
                && !self.projected.contains_key(&index)
            {
                let ident = &self.slot_idents[index as usize];
                let name = ident.to_string();
                let copy = format_ident!("__cfunc_raw_{}", name.trim_start_matches("r#"));
                copies.push(quote!(let mut #copy = #ident.raw();));
                self.projected.insert(index, copy);
                added.push(index);
            }
        }
        self.loop_depth += 1;
        let tokens = generate(self);
        self.loop_depth -= 1;
        for index in added {
            self.projected.remove(&index);
        }
        if copies.is_empty() {
            tokens
        } else {
            quote!({ #(#copies)* #tokens })
        }
    }

    fn temp(temp: tir::TempId) -> Ident {
        format_ident!("__cfunc_t{}", temp.0)
    }

    fn label(label: Label) -> syn::Lifetime {
        let name = match label {
            Label::Loop(n) => format!("'__cfunc_loop_{n}"),
            Label::Exit(n) => format!("'__cfunc_exit_{n}"),
        };
        syn::Lifetime::new(&name, Span::call_site())
    }

    fn block(&mut self, statements: &[Stmt]) -> TokenStream {
        let statements = statements.iter().map(|stmt| self.stmt(stmt));
        quote!(#(#statements)*)
    }

    fn stmt(&mut self, stmt: &Stmt) -> TokenStream {
        match stmt {
            Stmt::Eval(value) => {
                let value = self.expr(value);
                quote!(let _ = #value;)
            }
            Stmt::SetSlot { slot, value } => {
                let value = self.expr(value);
                let ident = self.slot(*slot);
                quote!(#ident = #value;)
            }
            Stmt::Store { place, value } => {
                let value = self.expr(value);
                self.place(place).store(value)
            }
            Stmt::Update {
                place,
                current,
                operand: (operand, operand_value),
                result,
            } => {
                let place = self.place(place);
                let (current, operand) = (Self::temp(*current), Self::temp(*operand));
                let operand_value = self.expr(operand_value);
                let result = self.expr(result);
                let (prelude, read, write) = (&place.prelude, place.read(), place.write(result));
                quote!({
                    #prelude
                    let #current = #read;
                    let #operand = #operand_value;
                    #write
                })
            }
            Stmt::Let { temp, value } => {
                let (temp, value) = (Self::temp(*temp), self.expr(value));
                quote!(let #temp = #value;)
            }
            Stmt::Scope(statements) => {
                let statements = self.block(statements);
                quote!({ #statements })
            }
            Stmt::Seq(statements) => self.block(statements),
            Stmt::If { test, body, orelse } => {
                let test = self.expr(test);
                let body = self.block(body);
                if orelse.is_empty() {
                    quote!(if #test { #body })
                } else {
                    let orelse = self.block(orelse);
                    quote!(if #test { #body } else { #orelse })
                }
            }
            Stmt::While { label, test, body } => self.projecting(&[body], |generator| {
                let label = Self::label(*label);
                let body = generator.block(body);
                match test {
                    None => quote!(#label: loop { #body }),
                    Some(test) => {
                        let test = generator.expr(test);
                        quote!(#label: while #test { #body })
                    }
                }
            }),
            Stmt::For(for_loop) => self
                .projecting(&[&for_loop.bind, &for_loop.body], |generator| {
                    generator.for_loop(for_loop)
                }),
            Stmt::Block { label, body } => {
                let label = Self::label(*label);
                let body = self.block(body);
                quote!(#label: { #body })
            }
            Stmt::Break(label) => {
                let label = Self::label(*label);
                quote!(break #label;)
            }
            Stmt::Continue(label) => {
                let label = Self::label(*label);
                quote!(continue #label;)
            }
            Stmt::Return(None) => quote!(return;),
            Stmt::Return(Some(value)) => {
                let value = self.expr(value);
                let exact = self.typed.ret_widen.map(pointer_sized_type);
                let exact = exact.map(|ty| quote!(as #ty));
                quote!(return (#value) #exact;)
            }
            Stmt::Raise(message) => quote!(::cfunc::__private::py::raise(#message);),
        }
    }

    fn for_loop(&mut self, for_loop: &tir::ForLoop) -> TokenStream {
        let label = Self::label(for_loop.label);
        let item = Self::temp(for_loop.item);
        let bind = self.block(&for_loop.bind);
        let body = self.block(&for_loop.body);
        match (&for_loop.iter, &for_loop.versioned) {
            (Iter::Range { start, stop }, Some(versioned)) => {
                let (start, stop) = (self.expr(start), self.expr(stop));
                self.versioned_loop(for_loop, versioned, (start, stop), &bind, &body)
            }
            (Iter::Range { start, stop }, None) => {
                let (start, stop) = (self.expr(start), self.expr(stop));
                quote!(#label: for #item in (#start..#stop) { #bind #body })
            }
            (Iter::SteppedRange { start, stop, step }, _) => {
                let (start, stop, step) = (self.expr(start), self.expr(stop), self.expr(step));
                quote!(#label: for #item in ::cfunc::__private::py::range(#start, #stop, #step) { #bind #body })
            }
            (Iter::Tuple(tuple), _) => {
                let count = match &tuple.ty {
                    Ty::Tuple(items) => items.len(),
                    _ => 0,
                };
                let indices = (0..count).map(Literal::usize_unsuffixed);
                let tuple = self.expr(tuple);
                quote!(#label: for #item in { let __cfunc_tuple = #tuple; [#(__cfunc_tuple.#indices),*] } { #bind #body })
            }
            (Iter::Rows { array, item: row }, _) => {
                let Ty::Array { ndim, layout, .. } = row else {
                    unreachable!("a row is an array")
                };
                let layout = layout.tokens();
                let rest: Vec<usize> = (1..=*ndim).collect();
                let ndim = Literal::usize_unsuffixed(*ndim);
                let base = self.owner_operand(array);
                // SAFETY of the generated block: the row index is inside
                // the first axis, so the row's elements are the array's.
                quote!({
                    let __cfunc_rows = &#base;
                    let __cfunc_shape = __cfunc_rows.shape();
                    let __cfunc_strides = __cfunc_rows.element_strides();
                    #label: for __cfunc_row in 0..__cfunc_shape[0] {
                        let #item = unsafe {
                            __cfunc_rows.subview::<#ndim, #layout>(
                                __cfunc_row as isize * __cfunc_strides[0],
                                [#(__cfunc_shape[#rest]),*],
                                [#(__cfunc_strides[#rest]),*],
                            )
                        };
                        #bind #body
                    }
                })
            }
            (Iter::Array(array), _) => {
                let array = self.contiguous_operand(array);
                quote!(#label: for #item in #array.iter().copied().collect::<::std::vec::Vec<_>>() { #bind #body })
            }
        }
    }

    /// The chunked loop of a versioned `for`: the checks before each
    /// chunk, the fast copy of the body and the checked one (`body`).
    fn versioned_loop(
        &mut self,
        for_loop: &tir::ForLoop,
        versioned: &tir::VersionedLoop,
        (start, stop): (TokenStream, TokenStream),
        bind: &TokenStream,
        body: &TokenStream,
    ) -> TokenStream {
        let label = Self::label(for_loop.label);
        let item = Self::temp(for_loop.item);
        let disjoint = versioned.disjoint.iter().map(|(written, read)| {
            let (written, read) = (self.indexed_slot(*written), self.indexed_slot(*read));
            quote!({
                let (__cfunc_written, __cfunc_written_len) = #written.span();
                let (__cfunc_read, __cfunc_read_len) = #read.span();
                ::cfunc::__private::py::disjoint(__cfunc_written, __cfunc_written_len, __cfunc_read, __cfunc_read_len)
            })
        });
        let disjoint: Vec<TokenStream> = disjoint.collect();
        let mut guards = Vec::new();
        for guard in &versioned.guards {
            let base = self.indexed_slot(guard.array).clone();
            let axis = guard.axis;
            let extent = quote!((#base.shape()[#axis] as u64));
            guards.push(match &guard.index {
                tir::GuardIndex::LoopVariable => {
                    quote!((__cfunc_chunk >= 0 && (__cfunc_end as u64) <= #extent))
                }
                tir::GuardIndex::Literal(literal) => quote!((#literal < #extent)),
                tir::GuardIndex::Invariant(index) => {
                    let index = self.expr(index);
                    quote!(
                        ((::cfunc::__private::py::wrap_index((#index) as i64, #base.shape()[#axis]) as u64) < #extent)
                    )
                }
            });
        }
        // The scan runs after the guards passed (`&&`), so the subscripts
        // they cover are read unchecked there too.
        self.unchecked = versioned.unchecked.clone();
        let nonzero: Vec<TokenStream> = versioned
            .divisors
            .iter()
            .map(|divisor| {
                let divisor = self.expr(divisor);
                quote!(((#divisor) != 0.0))
            })
            .collect();
        self.divisions_unchecked = !versioned.divisors.is_empty();
        let fast_body = self.block(&for_loop.body);
        self.unchecked.clear();
        self.divisions_unchecked = false;
        let chunk_len = versioned.chunk;
        let chunk = chunk_len as i64;
        let scan = (!nonzero.is_empty()).then(|| {
            quote! {
                && {
                    let mut __cfunc_nonzero = true;
                    for #item in __cfunc_chunk..__cfunc_end {
                        #bind
                        __cfunc_nonzero &= true #(& #nonzero)*;
                    }
                    __cfunc_nonzero
                }
            }
        });
        quote! {{
            let __cfunc_start: i64 = #start;
            let __cfunc_stop: i64 = #stop;
            let __cfunc_disjoint: bool = true #(&& #disjoint)*;
            let mut __cfunc_chunk: i64 = __cfunc_start;
            while __cfunc_chunk < __cfunc_stop {
                let __cfunc_end: i64 = if __cfunc_stop.abs_diff(__cfunc_chunk) > #chunk_len {
                    __cfunc_chunk + #chunk
                } else {
                    __cfunc_stop
                };
                let __cfunc_fast: bool = __cfunc_disjoint #(&& #guards)* #scan;
                if __cfunc_fast {
                    #label: for #item in __cfunc_chunk..__cfunc_end { #bind #fast_body }
                } else {
                    #label: for #item in __cfunc_chunk..__cfunc_end { #bind #body }
                }
                __cfunc_chunk = __cfunc_end;
            }
        }}
    }
}

/// `isize` or `usize`.
fn pointer_sized_type(size: PointerSized) -> TokenStream {
    match size {
        PointerSized::Signed => quote!(isize),
        PointerSized::Unsigned => quote!(usize),
    }
}
