//! Whether a cfunc body may loop, which decides whether it is compiled in
//! host-feature versions when `multiversion` is not given.
//!
//! Wider vectors only help loops. A straight-line body (the seeds'
//! integrand) gains nothing from AVX-512 and pays the dispatch on every
//! call: about 1% of SciPy's `quad` (bench/compare_numba.py).

use syn::visit::{self, Visit};

/// Methods that walk a whole slice, iterator or view, so that a body
/// calling one may vectorize without a loop or closure of its own.
const BULK_METHODS: &[&str] = &[
    "as_mut_slice",
    "as_slice",
    "assign_map",
    "chunks",
    "chunks_exact",
    "clone_from_slice",
    "contains",
    "copy_from_slice",
    "copy_within",
    "extend_from_slice",
    "fill",
    "fill_with",
    "into_iter",
    "iter",
    "iter_mut",
    "product",
    "resize",
    "reverse",
    "sort",
    "sort_by",
    "sort_unstable",
    "sort_unstable_by",
    "sum",
    "to_ndarray",
    "to_ndarray_mut",
    "to_vec",
    "windows",
];

/// Macros whose expansion has no loop of its own: checks, panics and text.
const STRAIGHT_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "concat",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "matches",
    "panic",
    "stringify",
    "todo",
    "unimplemented",
    "unreachable",
];

/// Whether `block` holds a loop (`for`, `while`, `loop`), a closure (what
/// iterator adaptors take), a call of a bulk slice or iterator method, or
/// a macro whose expansion may loop.
pub fn may_loop(block: &syn::Block) -> bool {
    let mut finder = LoopFinder { found: false };
    finder.visit_block(block);
    finder.found
}

struct LoopFinder {
    found: bool,
}

impl<'ast> Visit<'ast> for LoopFinder {
    fn visit_expr_for_loop(&mut self, _: &'ast syn::ExprForLoop) {
        self.found = true;
    }

    fn visit_expr_while(&mut self, _: &'ast syn::ExprWhile) {
        self.found = true;
    }

    fn visit_expr_loop(&mut self, _: &'ast syn::ExprLoop) {
        self.found = true;
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {
        self.found = true;
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if BULK_METHODS.iter().any(|name| call.method == name) {
            self.found = true;
        } else {
            visit::visit_expr_method_call(self, call);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let straight = mac
            .path
            .get_ident()
            .is_some_and(|name| STRAIGHT_MACROS.iter().any(|known| name == known));
        if !straight {
            self.found = true;
        }
    }

    // Items nested in the body are compiled on their own, not in the
    // body's versions.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

#[cfg(test)]
mod tests {
    use super::may_loop;

    fn body(tokens: proc_macro2::TokenStream) -> syn::Block {
        syn::parse2(tokens).expect("a block")
    }

    #[test]
    fn straight_line_bodies_do_not_loop() {
        assert!(!may_loop(&body(quote::quote!({ (-t).exp() / (t * t) }))));
        assert!(!may_loop(&body(quote::quote!({
            if x < 0.0 {
                panic!("negative: {x}")
            }
            let y = x.sqrt();
            assert!(y >= 0.0);
            y
        }))));
        // A helper defined inside is its own function.
        assert!(!may_loop(&body(quote::quote!({
            fn helper(v: &[f64]) -> f64 {
                v.iter().sum()
            }
            t + 1.0
        }))));
    }

    #[test]
    fn loops_closures_bulk_methods_and_opaque_macros_may_loop() {
        for tokens in [
            quote::quote!({
                for i in 0..n {
                    out[i] = 2.0 * in_[i];
                }
            }),
            quote::quote!({
                while k < n {
                    k += 1;
                }
            }),
            quote::quote!({
                loop {
                    break;
                }
            }),
            quote::quote!({
                out.assign_map(&in_, |x| 2.0 * x);
            }),
            quote::quote!({ a.as_slice().iter().copied().sum::<f64>() }),
            quote::quote!({ a.sum() }),
            quote::quote!({
                cfunc::python! { return np.exp(-t) }
            }),
            quote::quote!({
                if n > 0 {
                    out.fill(0.0)
                }
            }),
        ] {
            assert!(may_loop(&body(tokens.clone())), "{tokens}");
        }
    }
}
