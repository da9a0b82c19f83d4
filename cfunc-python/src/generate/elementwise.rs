//! The loops of array expressions: one pass over the operands' broadcast
//! shape that makes a new array, writes into a view (`out[:] = 2.0 *
//! inp`), or sums or multiplies the elements (`np.sum(a * b)`) without
//! making an array. Where every array operand (and the view written) is
//! C-contiguous in the loop's shape, the loop runs over flat positions,
//! which the optimizer vectorizes; otherwise it walks the broadcast
//! indices. The operands are evaluated once, before any loop.

use super::Generator;
use crate::tir::{Expr, Reduction, TempId};
use crate::types::Ty;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// Where an array expression's elements go.
pub(super) enum Sink {
    /// A new C array.
    New,
    /// The elements of this view (an `Array`); through a new array when
    /// an operand shares the view's memory as another view.
    Into(TokenStream),
    /// Folded in C order, as the runtime's `sum` and `prod` fold.
    Fold(Reduction),
}

/// How the element function reads one operand.
enum Read {
    /// The array operand at this position among the arrays.
    Array(usize),
    /// A scalar, bound once to this name.
    Scalar(Ident),
}

/// The generated pieces of one array expression.
struct Parts {
    /// Binds each operand once, and the element function.
    prelude: TokenStream,
    /// Each array operand's `RawArray`.
    arrays: Vec<Ident>,
    /// What the element function reads, in its parameters' order.
    reads: Vec<Read>,
    /// The operands' broadcast shape, as an expression.
    shape: TokenStream,
}

impl Parts {
    /// The element function applied to the operands' elements, each array
    /// read by `array_read` (given its position among the arrays).
    fn element(&self, array_read: impl Fn(usize) -> TokenStream) -> TokenStream {
        let reads = self.reads.iter().map(|read| match read {
            Read::Array(k) => array_read(*k),
            Read::Scalar(name) => quote!(#name),
        });
        quote!(__cfunc_element(#(#reads),*))
    }

    /// The loops over `__cfunc_shape`, each element going to `target` (at
    /// its flat position or its index) or folded by `fold` (which reads
    /// `__cfunc_value`).
    ///
    /// Where everything is C-contiguous in the shape, the loop runs over
    /// flat positions, through raw pointers bound just before it: the
    /// arrays' own copies have had their addresses taken (by the calls that
    /// check them), so the optimizer would reload their pointers on every
    /// iteration and not vectorize.
    fn loops(&self, target: Option<&Ident>, fold: &TokenStream) -> TokenStream {
        let arrays = &self.arrays;
        let pointers: Vec<Ident> = (0..arrays.len())
            .map(|k| format_ident!("__cfunc_pointer{k}"))
            .collect();
        let views: Vec<Ident> = (0..arrays.len())
            .map(|k| format_ident!("__cfunc_broadcast{k}"))
            .collect();
        // SAFETY of the generated blocks: every position and index is
        // inside the shape of what it reads.
        let by_pointer = self.element(|k| {
            let pointer = &pointers[k];
            quote!(unsafe { *#pointer.add(__cfunc_position) })
        });
        let by_index = self.element(|k| {
            let view = &views[k];
            quote!(unsafe { *#view.get_unchecked(__cfunc_index) })
        });
        let indexed = |store: TokenStream| {
            quote! {
                #(let #views = #arrays.broadcast_to(__cfunc_shape);)*
                ::cfunc::__private::array::for_each_index(__cfunc_shape, |__cfunc_index| {
                    let __cfunc_value = #by_index;
                    #store
                });
            }
        };
        let flat = quote!(true #(&& #arrays.is_flat(&__cfunc_shape))*);
        let Some(target) = target else {
            let indexed = indexed(fold.clone());
            return quote! {
                if #flat {
                    let __cfunc_size: usize = __cfunc_shape.iter().product();
                    #(let #pointers = #arrays.as_ptr();)*
                    for __cfunc_position in 0..__cfunc_size {
                        let __cfunc_value = #by_pointer;
                        #fold
                    }
                } else {
                    #indexed
                }
            };
        };
        // SAFETY of the generated block: the index is inside the target.
        let indexed =
            indexed(quote!(unsafe { *#target.get_unchecked_mut(__cfunc_index) = __cfunc_value; }));
        quote! {
            if #flat && #target.is_flat(&__cfunc_shape) {
                let __cfunc_size: usize = __cfunc_shape.iter().product();
                #(let #pointers = #arrays.as_ptr();)*
                let __cfunc_written = #target.as_mut_ptr();
                for __cfunc_position in 0..__cfunc_size {
                    let __cfunc_value = #by_pointer;
                    // SAFETY of the generated block: inside the target.
                    unsafe { *__cfunc_written.add(__cfunc_position) = __cfunc_value; }
                }
            } else {
                #indexed
            }
        }
    }

    /// A new C array of the expression's type `ty` over `__cfunc_shape`.
    fn new_array(&self, ty: &Ty, dtype: &Ty) -> TokenStream {
        let zero = match dtype {
            Ty::Bool => quote!(false),
            dtype => quote!((0 as #dtype)),
        };
        let out = format_ident!("__cfunc_out");
        let loops = self.loops(Some(&out), &TokenStream::new());
        quote! {{
            // SAFETY of the generated block: a new array.
            let __cfunc_result = unsafe {
                <#ty>::full(__cfunc_shape.map(|extent| extent as i64), #zero)
            };
            let mut #out = __cfunc_result.raw();
            #loops
            __cfunc_result
        }}
    }
}

impl Generator<'_> {
    pub(super) fn elementwise(
        &mut self,
        operands: &[(TempId, Expr)],
        body: &Expr,
        ty: &Ty,
        sink: Sink,
    ) -> TokenStream {
        let Ty::Array { ndim, dtype, .. } = ty else {
            unreachable!("an array expression is an array")
        };
        let parts = self.parts(operands, body, *ndim, dtype);
        let Parts { prelude, shape, .. } = &parts;
        match sink {
            Sink::New => {
                let new_array = parts.new_array(ty, dtype);
                quote!({
                    #prelude
                    let __cfunc_shape = #shape;
                    #new_array
                })
            }
            Sink::Fold(reduction) => {
                let (start, step) = match reduction {
                    Reduction::Prod => (quote!(ONE), quote!(multiply_into)),
                    _ => (quote!(ZERO), quote!(add_to)),
                };
                let fold = quote! {
                    __cfunc_total = ::cfunc::__private::reduce::Element::#step(__cfunc_value, __cfunc_total);
                };
                let loops = parts.loops(None, &fold);
                quote!({
                    #prelude
                    let __cfunc_shape = #shape;
                    let mut __cfunc_total = <#dtype as ::cfunc::__private::reduce::Element>::#start;
                    #loops
                    __cfunc_total
                })
            }
            Sink::Into(view) => {
                let target = format_ident!("__cfunc_target");
                let loops = parts.loops(Some(&target), &TokenStream::new());
                let new_array = parts.new_array(ty, dtype);
                let clashes = parts
                    .arrays
                    .iter()
                    .map(|array| quote!(|| #target.clashes_with(&#array)));
                quote!({
                    let mut __cfunc_view = #view;
                    let mut #target = __cfunc_view.raw();
                    #prelude
                    let __cfunc_shape = #shape;
                    ::cfunc::__private::array::check_assignable(&__cfunc_shape, &#target.shape());
                    if false #(#clashes)* {
                        // An operand overlaps the view: the whole result
                        // first, as NumPy and Numba copy such a source.
                        let __cfunc_result = #new_array;
                        __cfunc_view.assign(&__cfunc_result.raw());
                    } else {
                        let __cfunc_shape = #target.shape();
                        #loops
                    }
                })
            }
        }
    }

    fn parts(
        &mut self,
        operands: &[(TempId, Expr)],
        body: &Expr,
        ndim: usize,
        dtype: &Ty,
    ) -> Parts {
        let mut bindings = Vec::new();
        let (mut shapes, mut parameters, mut arrays, mut reads) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (position, (temp, operand)) in operands.iter().enumerate() {
            let temp = Self::temp(*temp);
            let value = format_ident!("__cfunc_operand{position}");
            match &operand.ty {
                Ty::Array { dtype: element, .. } => {
                    let array = self.operand(operand);
                    // `&` keeps a temporary array alive for the block.
                    let held = format_ident!("__cfunc_held{position}");
                    bindings.push(quote!(let #held = &#array; let #value = #held.raw();));
                    shapes.push(quote!(&#value.shape()[..]));
                    parameters.push(quote!(#temp: #element));
                    reads.push(Read::Array(arrays.len()));
                    arrays.push(value);
                }
                scalar => {
                    let scalar_value = self.expr(operand);
                    bindings.push(quote!(let #value = #scalar_value;));
                    parameters.push(quote!(#temp: #scalar));
                    reads.push(Read::Scalar(value));
                }
            }
        }
        let body = self.expr(body);
        let ndim = Literal::usize_unsuffixed(ndim);
        Parts {
            prelude: quote! {
                #(#bindings)*
                let __cfunc_element = |#(#parameters),*| -> #dtype { #body };
            },
            arrays,
            reads,
            shape: quote!(::cfunc::__private::array::broadcast_shape::<#ndim>(&[#(#shapes),*])),
        }
    }
}
