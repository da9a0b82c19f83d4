//! Expressions.

use super::elementwise::Sink;
use super::{Generator, foreign_accessor, local_ident, pointer_sized_type};
use crate::tir::{
    Axis, BinaryOp, Comparison, Expr, ExprKind, NewArray, Part, PrintItem, Reduction, UnaryOp,
};
use crate::types::{INT64, Layout, Ty, UINT64};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

impl Generator<'_> {
    /// An expression that a method call borrows (`a.shape()`, `a[i]`): a
    /// local by name, so that no handle is cloned for it.
    pub(super) fn operand(&mut self, expr: &Expr) -> TokenStream {
        match &expr.kind {
            ExprKind::Slot(slot) => {
                let ident = self.indexed_slot(*slot);
                quote!(#ident)
            }
            ExprKind::Temp(temp) => {
                let ident = Self::temp(*temp);
                quote!(#ident)
            }
            _ => {
                let value = self.expr(expr);
                quote!((#value))
            }
        }
    }

    /// Whether a new array lives in the function's frame: small, of a
    /// literal shape, made at most once per call (outside loops), in a
    /// function that returns no array.
    fn on_frame(&self, new: &NewArray) -> bool {
        new.fits_in_frame() && self.loop_depth == 0 && !self.typed.ret.holds_array()
    }

    /// An array whose ownership a new handle shares (a view of it): the
    /// local itself, never the loop's copy of its pointer and shape.
    pub(super) fn owner_operand(&mut self, expr: &Expr) -> TokenStream {
        match &expr.kind {
            ExprKind::Slot(slot) => {
                let ident = self.slot(*slot);
                quote!(#ident)
            }
            ExprKind::Load(place) => match &place.kind {
                crate::tir::PlaceKind::Value(value) => self.owner_operand(value),
                _ => self.operand(expr),
            },
            _ => self.operand(expr),
        }
    }

    /// An array operand whose elements are read as one slice: an `A`
    /// array is first copied in C order.
    pub(super) fn contiguous_operand(&mut self, expr: &Expr) -> TokenStream {
        let operand = self.operand(expr);
        match &expr.ty {
            // SAFETY of the generated block: a copy, read while nothing writes.
            Ty::Array {
                layout: Layout::A, ..
            } => quote!((unsafe { #operand.copy::<::cfunc::C>() })),
            _ => operand,
        }
    }

    pub(super) fn expr(&mut self, expr: &Expr) -> TokenStream {
        let ty = &expr.ty;
        match &expr.kind {
            // Python copies a reference to an array: the handle is cloned.
            ExprKind::Slot(_) | ExprKind::Temp(_) if ty.holds_array() => {
                let operand = self.operand(expr);
                quote!(#operand.clone())
            }
            ExprKind::Slot(slot) => {
                let ident = self.slot(*slot);
                quote!(#ident)
            }
            ExprKind::Argument(index) => {
                let (name, pointer_sized) = &self.typed.params[*index];
                let ident = local_ident(name);
                match pointer_sized {
                    // `intp` is `isize` in the exported function, int64 here.
                    Some(_) => quote!((#ident as #ty)),
                    None => quote!(#ident),
                }
            }
            ExprKind::Temp(temp) => {
                let ident = Self::temp(*temp);
                quote!(#ident)
            }
            ExprKind::Int(value) => int_literal(*value, ty),
            ExprKind::Float(value) => float_literal(*value, ty),
            ExprKind::Bool(value) => quote!(#value),
            ExprKind::Convert(value) => {
                let from = &value.ty;
                let value = self.expr(value);
                if *from == Ty::Bool && ty.is_float() {
                    quote!((u8::from(#value) as #ty))
                } else {
                    quote!((#value as #ty))
                }
            }
            ExprKind::Truthy(value) => {
                let operand_ty = value.ty.clone();
                let value = self.expr(value);
                match operand_ty {
                    Ty::Bool => value,
                    Ty::Float { .. } => quote!((#value != 0.0)),
                    Ty::Pointer(_) | Ty::VoidPtr => quote!((!#value.is_null())),
                    _ => quote!((#value != 0)),
                }
            }
            ExprKind::Complex { re, im } => {
                let (re, im) = (self.expr(re), self.expr(im));
                quote!(#ty::new(#re, #im))
            }
            ExprKind::ComplexPart { value, part } => {
                let value = self.expr(value);
                let field = match part {
                    Part::Real => quote!(re),
                    Part::Imag => quote!(im),
                };
                quote!((#value).#field)
            }
            ExprKind::Not(value) => {
                let value = self.expr(value);
                quote!((!#value))
            }
            ExprKind::Unary { op, operand } => {
                let operand = self.expr(operand);
                match op {
                    UnaryOp::WrappingNeg => quote!((#operand).wrapping_neg()),
                    UnaryOp::Neg => quote!((-#operand)),
                    UnaryOp::BitNot => quote!((!#operand)),
                }
            }
            ExprKind::Binary { op, left, right } => {
                let (a, b) = (self.expr(left), self.expr(right));
                match op {
                    BinaryOp::WrappingAdd => quote!((#a).wrapping_add(#b)),
                    BinaryOp::WrappingSub => quote!((#a).wrapping_sub(#b)),
                    BinaryOp::WrappingMul => quote!((#a).wrapping_mul(#b)),
                    BinaryOp::Add => quote!((#a + #b)),
                    BinaryOp::Sub => quote!((#a - #b)),
                    BinaryOp::Mul => quote!((#a * #b)),
                    BinaryOp::Div { checked: true } if !self.divisions_unchecked => {
                        let helper = format_ident!("truediv_{}", crate::tir::helper_suffix(ty));
                        quote!(::cfunc::__private::py::#helper(#a, #b))
                    }
                    BinaryOp::Div { .. } => quote!((#a / #b)),
                    BinaryOp::Rem => quote!((#a % #b)),
                    BinaryOp::BitAnd => quote!((#a & #b)),
                    BinaryOp::BitOr => quote!((#a | #b)),
                    BinaryOp::BitXor => quote!((#a ^ #b)),
                    BinaryOp::Shl => quote!((#a).wrapping_shl(#b as u32)),
                    BinaryOp::Shr => quote!((#a).wrapping_shr(#b as u32)),
                }
            }
            ExprKind::Compare { op, left, right } => {
                let pointers = matches!(left.ty, Ty::Pointer(_) | Ty::VoidPtr);
                let (a, b) = (self.expr(left), self.expr(right));
                let symbol = match op {
                    Comparison::Eq => quote!(==),
                    Comparison::NotEq => quote!(!=),
                    Comparison::Lt => quote!(<),
                    Comparison::LtE => quote!(<=),
                    Comparison::Gt => quote!(>),
                    Comparison::GtE => quote!(>=),
                };
                if pointers {
                    quote!(((#a as *const ::core::ffi::c_void) #symbol (#b as *const ::core::ffi::c_void)))
                } else {
                    quote!((#a #symbol #b))
                }
            }
            ExprKind::And(values) => {
                let values: Vec<TokenStream> =
                    values.iter().map(|value| self.expr(value)).collect();
                quote!((#(#values)&&*))
            }
            ExprKind::Or(values) => {
                let values: Vec<TokenStream> =
                    values.iter().map(|value| self.expr(value)).collect();
                quote!((#(#values)||*))
            }
            ExprKind::Select {
                test,
                then,
                otherwise,
            } => {
                let (test, then, otherwise) =
                    (self.expr(test), self.expr(then), self.expr(otherwise));
                quote!((if #test { #then } else { #otherwise }))
            }
            ExprKind::Block { lets, value } => {
                let lets: Vec<TokenStream> = lets
                    .iter()
                    .map(|(temp, value)| {
                        let (temp, value) = (Self::temp(*temp), self.expr(value));
                        quote!(let #temp = #value;)
                    })
                    .collect();
                let value = self.expr(value);
                quote!({ #(#lets)* #value })
            }
            ExprKind::Tuple(items) => {
                let items: Vec<TokenStream> = items.iter().map(|item| self.expr(item)).collect();
                quote!((#(#items,)*))
            }
            ExprKind::TupleItem(tuple, index) => {
                let tuple = self.expr(tuple);
                let index = syn::Index::from(*index);
                quote!((#tuple).#index)
            }
            ExprKind::Load(place) => self.place(place).load(),
            ExprKind::Method {
                receiver,
                method,
                args,
            } => {
                let receiver = self.expr(receiver);
                let args: Vec<TokenStream> = args.iter().map(|arg| self.expr(arg)).collect();
                let method = Ident::new(method, Span::call_site());
                quote!((#receiver).#method(#(#args),*))
            }
            ExprKind::Runtime { function, args } => {
                let args: Vec<TokenStream> = args.iter().map(|arg| self.expr(arg)).collect();
                let function = Ident::new(function, Span::call_site());
                quote!(::cfunc::__private::py::#function(#(#args),*))
            }
            ExprKind::Shape(array) => {
                let ndim = match &array.ty {
                    Ty::Array { ndim, .. } => *ndim,
                    _ => 0,
                };
                let array = self.operand(array);
                let items = (0..ndim).map(|axis| quote!((__cfunc_shape[#axis] as i64)));
                quote!({ let __cfunc_shape = #array.shape(); (#(#items,)*) })
            }
            ExprKind::Strides(array) => {
                let Ty::Array {
                    ndim,
                    layout,
                    dtype,
                } = &array.ty
                else {
                    unreachable!("strides are typed for views only")
                };
                let ndim = *ndim;
                if *layout == Layout::A {
                    let array = self.operand(array);
                    let strides = (0..ndim).map(|axis| {
                        quote!(((__cfunc_strides[#axis] * ::core::mem::size_of::<#dtype>() as isize) as i64))
                    });
                    return quote!({
                        let __cfunc_strides = #array.element_strides();
                        (#(#strides,)*)
                    });
                }
                let strides = (0..ndim).map(|axis| {
                    // The extents of the axes that vary faster than `axis`.
                    let faster: Vec<usize> = match layout {
                        Layout::C => (axis + 1..ndim).collect(),
                        Layout::F | Layout::A => (0..axis).collect(),
                    };
                    quote!(((__cfunc_item #(* __cfunc_shape[#faster])*) as i64))
                });
                let array = self.operand(array);
                quote!({
                    let __cfunc_shape = #array.shape();
                    let __cfunc_item = ::core::mem::size_of::<#dtype>();
                    (#(#strides,)*)
                })
            }
            ExprKind::ItemSize(dtype) => quote!((::core::mem::size_of::<#dtype>() as i64)),
            ExprKind::Size(array) => {
                let array = self.operand(array);
                quote!((#array.size() as i64))
            }
            ExprKind::Len(array) => {
                let array = self.operand(array);
                quote!((#array.shape()[0] as i64))
            }
            ExprKind::Print(items) => {
                let items = items.iter().map(|item| match item {
                    PrintItem::Text(text) => quote!(&#text),
                    PrintItem::Value(value) => {
                        let value = self.expr(value);
                        quote!(&(#value))
                    }
                });
                quote!(::cfunc::__private::print::print(
                    &[#(#items as &dyn ::cfunc::__private::print::PyStr),*]
                ))
            }
            ExprKind::NewArray(new) => {
                let Ty::Array { dtype, layout, .. } = ty else {
                    unreachable!("a new array has an array type")
                };
                let call = match &**new {
                    NewArray::Full { fill, .. } if self.on_frame(new) => {
                        let extents = new.literal_shape().unwrap_or_default();
                        let size: usize = extents.iter().product();
                        let memory = format_ident!("__cfunc_frame{}", self.frame_arrays.len());
                        self.frame_arrays.push(quote!(
                            let mut #memory = ::core::mem::MaybeUninit::<[#dtype; #size]>::uninit();
                        ));
                        let fill = self.expr(fill);
                        // The frame memory outlives every handle: the
                        // function returns no array, and this runs at most
                        // once per call.
                        quote!(<#ty>::on_frame(#memory.as_mut_ptr().cast::<#dtype>(), [#(#extents),*], #fill))
                    }
                    NewArray::Full { shape, fill } => {
                        let count = match &shape.ty {
                            Ty::Tuple(items) => items.len(),
                            _ => 1,
                        };
                        let extents = (0..count).map(syn::Index::from);
                        let (shape, fill) = (self.expr(shape), self.expr(fill));
                        quote!({
                            let __cfunc_shape = #shape;
                            <#ty>::full([#(__cfunc_shape.#extents),*], #fill)
                        })
                    }
                    NewArray::Arange { start, stop, step } => {
                        let function = format_ident!("arange_{}", crate::tir::helper_suffix(dtype));
                        let (start, stop, step) =
                            (self.expr(start), self.expr(stop), self.expr(step));
                        quote!(::cfunc::__private::array::#function(#start, #stop, #step))
                    }
                    NewArray::Linspace { start, stop, num } => {
                        let (start, stop, num) =
                            (self.expr(start), self.expr(stop), self.expr(num));
                        quote!(::cfunc::__private::array::linspace(#start, #stop, #num))
                    }
                    NewArray::Copy(array) => {
                        let array = self.operand(array);
                        let layout = layout.tokens();
                        quote!(#array.copy::<#layout>())
                    }
                    NewArray::Convert(array) => {
                        let source = match &array.ty {
                            Ty::Array { dtype, .. } => (**dtype).clone(),
                            other => other.clone(),
                        };
                        let array = self.operand(array);
                        // As `astype` converts: a bool is 0 or 1, and a
                        // number is true when it is not zero.
                        let item = quote!(__cfunc_item);
                        let converted = match (&source, &**dtype) {
                            (Ty::Bool, Ty::Float { .. }) => quote!(u8::from(#item) as #dtype),
                            (Ty::Float { .. }, Ty::Bool) => quote!(#item != 0.0),
                            (_, Ty::Bool) => quote!(#item != 0),
                            _ => quote!(#item as #dtype),
                        };
                        quote!(#array.map(|__cfunc_item| #converted))
                    }
                };
                // SAFETY of the generated block: the body uses its arrays
                // one element at a time (see `Array::from_view`).
                quote!((unsafe { #call }))
            }
            ExprKind::Subview { array, axes } => {
                let Ty::Array { ndim, layout, .. } = ty else {
                    unreachable!("a view is an array")
                };
                let layout = layout.tokens();
                let base = self.owner_operand(array);
                let mut steps = Vec::new();
                let (mut shape, mut strides) = (Vec::new(), Vec::new());
                for (axis, each) in axes.iter().enumerate() {
                    match each {
                        Axis::Select(index) => {
                            let index = self.expr(index);
                            steps.push(quote!(
                                __cfunc_start += ::cfunc::__private::array::select_axis(#index, __cfunc_shape[#axis]) * __cfunc_strides[#axis];
                            ));
                        }
                        Axis::Slice { start, stop, step } => {
                            let bound = |generator: &mut Self, bound: &Option<Expr>| match bound {
                                Some(bound) => {
                                    let bound = generator.expr(bound);
                                    quote!(Some(#bound))
                                }
                                None => quote!(None),
                            };
                            let (start, stop, step) =
                                (bound(self, start), bound(self, stop), bound(self, step));
                            let (first, length, stride) = (
                                format_ident!("__cfunc_first{axis}"),
                                format_ident!("__cfunc_length{axis}"),
                                format_ident!("__cfunc_stride{axis}"),
                            );
                            steps.push(quote!(
                                let (#first, #length, #stride) = ::cfunc::__private::array::slice_axis(#start, #stop, #step, __cfunc_shape[#axis]);
                                __cfunc_start += #first * __cfunc_strides[#axis];
                            ));
                            shape.push(quote!(#length));
                            strides.push(quote!(#stride * __cfunc_strides[#axis]));
                        }
                    }
                }
                let ndim = Literal::usize_unsuffixed(*ndim);
                // SAFETY of the generated block: `select_axis` and
                // `slice_axis` keep every index inside its axis, so the view
                // reaches only elements of the array.
                quote!({
                    let __cfunc_base = &#base;
                    let __cfunc_shape = __cfunc_base.shape();
                    let __cfunc_strides = __cfunc_base.element_strides();
                    let mut __cfunc_start: isize = 0;
                    #(#steps)*
                    unsafe { __cfunc_base.subview::<#ndim, #layout>(__cfunc_start, [#(#shape),*], [#(#strides),*]) }
                })
            }
            ExprKind::Transpose(array) => {
                let Ty::Array { layout, .. } = ty else {
                    unreachable!("a transpose is an array")
                };
                let layout = layout.tokens();
                let base = self.owner_operand(array);
                // SAFETY of the generated block: `layout` is the order of
                // the reversed axes (see `lower::views::transpose`).
                quote!((unsafe { #base.transpose::<#layout>() }))
            }
            ExprKind::Elementwise { operands, body, .. } => {
                self.elementwise(operands, body, ty, Sink::New)
            }
            ExprKind::AssignView { view, value } => {
                let view = self.expr(view);
                if let ExprKind::Elementwise { operands, body, .. } = &value.kind {
                    return self.elementwise(operands, body, &value.ty, Sink::Into(view));
                }
                if matches!(value.ty, Ty::Array { .. }) {
                    let value = self.operand(value);
                    quote!({ let mut __cfunc_view = #view; __cfunc_view.assign(&#value.raw()); })
                } else {
                    let value = self.expr(value);
                    quote!({ let mut __cfunc_view = #view; __cfunc_view.fill(#value); })
                }
            }
            ExprKind::Reduce { reduction, array }
                if matches!(reduction, Reduction::Sum | Reduction::Prod)
                    && matches!(array.kind, ExprKind::Elementwise { .. }) =>
            {
                let ExprKind::Elementwise { operands, body, .. } = &array.kind else {
                    unreachable!("matched above")
                };
                self.elementwise(operands, body, &array.ty, Sink::Fold(*reduction))
            }
            ExprKind::Reduce { reduction, array } => {
                let function = Ident::new(reduction.function(), Span::call_site());
                let (flatten, fortran) = match &array.ty {
                    Ty::NestedArray { shape, .. } => (shape.len().saturating_sub(1), false),
                    Ty::Array { layout, ndim, .. } => (0, *layout == Layout::F && *ndim > 1),
                    _ => (0, false),
                };
                let array = self.contiguous_operand(array);
                if reduction.counts_in_c_order() {
                    // A nested array is in C order: one axis of all its elements.
                    let shape = if flatten > 0 || !fortran {
                        quote!(&[__cfunc_items.len()])
                    } else {
                        quote!(&__cfunc_array.shape())
                    };
                    let flatten = (0..flatten).map(|_| quote!(.as_flattened()));
                    let items = if flatten.len() > 0 {
                        quote!((__cfunc_array)#(#flatten)*)
                    } else {
                        quote!(__cfunc_array.as_slice())
                    };
                    quote!({
                        let __cfunc_array = &#array;
                        let __cfunc_items: &[_] = #items;
                        ::cfunc::__private::reduce::#function(__cfunc_items, #shape, #fortran)
                    })
                } else {
                    let flatten = (0..flatten).map(|_| quote!(.as_flattened()));
                    let items = if flatten.len() > 0 {
                        quote!((#array)#(#flatten)*)
                    } else {
                        quote!((#array).as_slice())
                    };
                    quote!(::cfunc::__private::reduce::#function(#items))
                }
            }
            ExprKind::View {
                layout,
                pointer,
                shape,
                dtype,
            } => {
                let name = match layout {
                    Layout::C | Layout::A => "carray",
                    Layout::F => "farray",
                };
                let (pointer, shape) = (self.expr(pointer), self.expr(shape));
                let call = match dtype {
                    None => {
                        let function = format_ident!("{name}");
                        quote!(::cfunc::#function(#pointer, #shape))
                    }
                    Some(dtype) => {
                        let function = format_ident!("{name}_as");
                        quote!(::cfunc::#function::<#dtype, _, _>(#pointer, #shape))
                    }
                };
                // SAFETY of the generated block: the C caller passes a
                // pointer to a buffer of the given shape, as Numba's carray
                // assumes, alive for the whole call, which no handle the
                // body makes outlives; a null pointer, negative dimension or
                // overflow is reported as a panic.
                quote!((unsafe { ::cfunc::__private::array::Array::from_view(#call) }))
            }
            ExprKind::CallCFunc { name, args, widen } => {
                let args: Vec<TokenStream> = args
                    .iter()
                    .map(|(arg, exact)| {
                        let arg = self.expr(arg);
                        let exact = exact.map(pointer_sized_type).map(|ty| quote!(as #ty));
                        quote!((#arg) #exact)
                    })
                    .collect();
                let ident = local_ident(name);
                let widen = widen.map(|_| quote!(as #ty));
                // A cfunc may be `unsafe` (it takes pointers, or trusts its
                // caller otherwise; see `Lowering::trusts_caller`). Python
                // code can only pass it what its own caller handed in and
                // vouched for, and this cfunc becomes `unsafe` too where the
                // callee trusts its caller.
                quote!((unsafe { #ident(#(#args),*) } #widen))
            }
            ExprKind::CallHelper { function, args } => {
                let args: Vec<TokenStream> = args.iter().map(|arg| self.expr(arg)).collect();
                let function = Ident::new(function, Span::call_site());
                // A helper is an `unsafe fn` for the same reason a cfunc
                // that takes pointers is (see `lower::helpers`).
                quote!((unsafe { #function(#(#args),*) }))
            }
            ExprKind::CallForeign { key, args } => {
                let args: Vec<TokenStream> = args.iter().map(|arg| self.expr(arg)).collect();
                let accessor = foreign_accessor(key);
                // SAFETY of the generated block: the module declared the
                // function's C types (`argtypes`/`restype`), as ctypes
                // requires.
                quote!((unsafe { #accessor().call((#(#args,)*)) }))
            }
        }
    }
}

fn int_literal(value: i128, ty: &Ty) -> TokenStream {
    let literal = match i64::try_from(value) {
        Ok(small) if *ty != UINT64 => Literal::i64_suffixed(small),
        _ => Literal::u64_suffixed(u64::try_from(value).unwrap_or(u64::MAX)),
    };
    if *ty == INT64 || *ty == UINT64 {
        quote!(#literal)
    } else {
        quote!((#literal as #ty))
    }
}

fn float_literal(value: f64, ty: &Ty) -> TokenStream {
    let width = if *ty == crate::types::FLOAT32 {
        quote!(f32)
    } else {
        quote!(f64)
    };
    if value.is_nan() {
        quote!(#width::NAN)
    } else if value == f64::INFINITY {
        quote!(#width::INFINITY)
    } else if value == f64::NEG_INFINITY {
        quote!(#width::NEG_INFINITY)
    } else if *ty == crate::types::FLOAT32 {
        let literal = Literal::f32_suffixed(value as f32);
        quote!(#literal)
    } else {
        let literal = Literal::f64_suffixed(value);
        quote!(#literal)
    }
}
