//! Calls: built-ins, `math`/`numpy` functions, `carray`/`farray`, other
//! cfuncs of the block and ctypes foreign functions.

use super::{FnLower, Val};
use crate::ast::{Expr, ExprKind, Keyword};
use crate::module::{TypeObj, Value, scalar_ty, sig_type_ty};
use crate::types::{self, FLOAT64, INT64, Layout, Ty, UINT64, unify};
use proc_macro2::{Ident, Span};
use quote::{format_ident, quote};

/// What a callee names.
enum Callee {
    Builtin(String),
    Library(&'static str, String),
    Carray(Layout),
    CFunc(String),
    Foreign(String),
    Cast(Ty),
    Method(Box<Expr>, String),
}

impl FnLower<'_> {
    fn callee(&mut self, func: &Expr) -> Option<Callee> {
        match &func.kind {
            ExprKind::Name(name) if !self.locals.contains_key(name) => {
                match self.env.values.get(name) {
                    Some(Value::Carray(layout)) => Some(Callee::Carray(*layout)),
                    Some(Value::CFunc(cfunc)) => Some(Callee::CFunc(cfunc.clone())),
                    Some(Value::Foreign(key)) => Some(Callee::Foreign(key.clone())),
                    Some(Value::Function(module, function)) => {
                        Some(Callee::Library(module, function.clone()))
                    }
                    Some(Value::TypeObj(TypeObj::Scalar(scalar))) => {
                        Some(Callee::Cast(scalar_ty(*scalar)))
                    }
                    Some(Value::PyFunction(_)) => {
                        self.error(func.range, format!("`{name}` is a Python function; a cfunc can call other cfuncs of the block (decorate it with `@cfunc(...)`) and ctypes functions"));
                        None
                    }
                    Some(_) => {
                        self.error(
                            func.range,
                            format!("`{name}` cannot be called in cfunc code"),
                        );
                        None
                    }
                    None => Some(Callee::Builtin(name.clone())),
                }
            }
            ExprKind::Attribute { value, attr } => {
                if let ExprKind::Name(module) = &value.kind
                    && !self.locals.contains_key(module)
                {
                    return match self.env.values.get(module) {
                        Some(Value::Module(name @ ("math" | "numpy"))) => {
                            if let Some(dtype) = numpy_cast(name, &attr.id) {
                                Some(Callee::Cast(dtype))
                            } else {
                                Some(Callee::Library(name, attr.id.clone()))
                            }
                        }
                        Some(Value::Module("numba"))
                            if matches!(attr.id.as_str(), "carray" | "farray") =>
                        {
                            Some(Callee::Carray(if attr.id == "carray" {
                                Layout::C
                            } else {
                                Layout::F
                            }))
                        }
                        _ => {
                            self.error(
                                func.range,
                                format!("`{module}.{}` cannot be called in cfunc code", attr.id),
                            );
                            None
                        }
                    };
                }
                Some(Callee::Method(value.clone(), attr.id.clone()))
            }
            _ => {
                self.error(
                    func.range,
                    "only names and attributes can be called in cfunc code",
                );
                None
            }
        }
    }

    pub(crate) fn call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
        expr: &Expr,
    ) -> Option<Val> {
        let callee = self.callee(func)?;
        if let Callee::Carray(layout) = callee {
            return self.carray(layout, args, keywords, expr);
        }
        if let Some(keyword) = keywords.first() {
            let name = keyword
                .arg
                .as_ref()
                .map_or("**".to_owned(), |arg| arg.id.clone());
            self.error(
                keyword.range,
                format!("this function takes no keyword argument `{name}` in cfunc code"),
            );
            return None;
        }
        match callee {
            Callee::Method(object, method) => self.method(&object, &method, args, expr),
            Callee::Cast(ty) => {
                let [arg] = args else {
                    self.error(expr.range, "a type conversion takes one argument");
                    return None;
                };
                let val = self.expr(arg)?;
                let tokens = self.cast(&val, &ty, arg.range)?;
                Some(Val::new(tokens, ty))
            }
            Callee::CFunc(name) => self.call_cfunc(&name, args, expr),
            Callee::Foreign(key) => self.call_foreign(&key, args, expr),
            Callee::Builtin(name) => {
                let vals: Vec<Val> = args
                    .iter()
                    .map(|arg| self.expr(arg))
                    .collect::<Option<_>>()?;
                self.builtin(&name, vals, expr)
            }
            Callee::Library(module, name) => {
                let vals: Vec<Val> = args
                    .iter()
                    .map(|arg| self.expr(arg))
                    .collect::<Option<_>>()?;
                self.library_function(module, &name, vals, expr)
            }
            Callee::Carray(_) => unreachable!("handled above"),
        }
    }

    fn arity(&mut self, name: &str, vals: &[Val], expected: usize, expr: &Expr) -> bool {
        if vals.len() == expected {
            return true;
        }
        self.error(
            expr.range,
            format!(
                "`{name}` takes {expected} argument{}, got {}",
                if expected == 1 { "" } else { "s" },
                vals.len()
            ),
        );
        false
    }

    fn builtin(&mut self, name: &str, vals: Vec<Val>, expr: &Expr) -> Option<Val> {
        match name {
            "abs" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let val = &vals[0];
                let tokens = &val.tokens;
                match &val.ty {
                    Ty::Int { signed: true, .. } => {
                        Some(Val::new(quote!((#tokens).wrapping_abs()), val.ty.clone()))
                    }
                    Ty::Int { .. } => Some(val.clone()),
                    Ty::Float { .. } => Some(Val::new(quote!((#tokens).abs()), val.ty.clone())),
                    Ty::Bool => Some(Val::new(quote!((#tokens as i64)), INT64)),
                    other => {
                        self.error(expr.range, format!("`abs` is not defined for {other}"));
                        None
                    }
                }
            }
            "min" | "max" => {
                if vals.len() < 2 {
                    self.error(
                        expr.range,
                        format!("`{name}` takes two or more numbers in cfunc code"),
                    );
                    return None;
                }
                let mut ty = vals[0].ty.clone();
                for val in &vals[1..] {
                    match unify(&ty, &val.ty) {
                        Some(unified) if unified.is_numeric() => ty = unified,
                        _ => {
                            self.error(
                                expr.range,
                                format!("`{name}` of {ty} and {} is not defined", val.ty),
                            );
                            return None;
                        }
                    }
                }
                let first = self.cast(&vals[0], &ty, expr.range)?;
                let mut steps = Vec::new();
                for val in &vals[1..] {
                    let next = self.cast(val, &ty, expr.range)?;
                    // Python keeps the first of equal (or unordered) values.
                    steps.push(if name == "min" {
                        quote!({ let __cfunc_next = #next; if __cfunc_next < __cfunc_best { __cfunc_best = __cfunc_next; } })
                    } else {
                        quote!({ let __cfunc_next = #next; if __cfunc_next > __cfunc_best { __cfunc_best = __cfunc_next; } })
                    });
                }
                Some(Val::new(
                    quote!({ let mut __cfunc_best = #first; #(#steps)* __cfunc_best }),
                    ty,
                ))
            }
            "round" => match vals.as_slice() {
                [x] => {
                    let tokens = &x.tokens;
                    match &x.ty {
                        Ty::Float { .. } => Some(Val::new(
                            quote!(::cfunc::__private::py::round_f64(#tokens as f64)),
                            INT64,
                        )),
                        ty if ty.is_integral() => Some(Val::new(quote!((#tokens as i64)), INT64)),
                        other => {
                            self.error(expr.range, format!("`round` is not defined for {other}"));
                            None
                        }
                    }
                }
                [x, digits] if x.ty.is_float() && digits.ty.is_integral() => {
                    let (tokens, digits) = (&x.tokens, &digits.tokens);
                    let target: syn::Type = syn::parse_str(&x.ty.rust()).ok()?;
                    Some(Val::new(
                        quote!((::cfunc::__private::py::round_digits_f64(#tokens as f64, #digits as i64) as #target)),
                        x.ty.clone(),
                    ))
                }
                _ => {
                    self.error(
                        expr.range,
                        "`round` takes a number and optionally a number of digits",
                    );
                    None
                }
            },
            "int" | "float" | "bool" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let ty = match name {
                    "int" if vals[0].ty == UINT64 => UINT64,
                    "int" => INT64,
                    "float" => FLOAT64,
                    _ => Ty::Bool,
                };
                let tokens = self.cast(&vals[0], &ty, expr.range)?;
                Some(Val::new(tokens, ty))
            }
            "len" => {
                if !self.arity(name, &vals, 1, expr) {
                    return None;
                }
                let tokens = &vals[0].tokens;
                match &vals[0].ty {
                    Ty::Array { .. } => Some(Val::new(quote!((#tokens.shape()[0] as i64)), INT64)),
                    Ty::Tuple(items) => {
                        let len = items.len() as i64;
                        Some(Val::new(quote!(#len), INT64))
                    }
                    Ty::NestedArray { shape, .. } => {
                        let len = shape[0] as i64;
                        Some(Val::new(quote!(#len), INT64))
                    }
                    other => {
                        self.error(expr.range, format!("`len` is not defined for {other}"));
                        None
                    }
                }
            }
            "range" => {
                self.error(
                    expr.range,
                    "`range` can only be looped over (`for i in range(n):`) in cfunc code",
                );
                None
            }
            "print" => {
                self.error(
                    expr.range,
                    "`print` is not supported in cfunc code: a C callback has no Python stdout",
                );
                None
            }
            _ => {
                self.error(expr.range, format!("name `{name}` is not defined"));
                None
            }
        }
    }

    /// `math.exp(x)`, `np.sqrt(x)`, ...
    fn library_function(
        &mut self,
        module: &str,
        name: &str,
        vals: Vec<Val>,
        expr: &Expr,
    ) -> Option<Val> {
        let qualified = format!("{}.{name}", if module == "numpy" { "np" } else { module });
        let unary_method = match name {
            "exp" | "sqrt" | "sin" | "cos" | "tan" | "sinh" | "cosh" | "tanh" | "asinh"
            | "acosh" | "atanh" | "cbrt" | "exp2" | "log2" | "log10" => Some(name),
            "log" => Some("ln"),
            "log1p" => Some("ln_1p"),
            "expm1" => Some("exp_m1"),
            "asin" | "arcsin" => Some("asin"),
            "acos" | "arccos" => Some("acos"),
            "atan" | "arctan" => Some("atan"),
            "arcsinh" => Some("asinh"),
            "arccosh" => Some("acosh"),
            "arctanh" => Some("atanh"),
            "fabs" => Some("abs"),
            "degrees" | "rad2deg" => Some("to_degrees"),
            "radians" | "deg2rad" => Some("to_radians"),
            _ => None,
        };
        if let Some(method) = unary_method {
            if !self.arity(&qualified, &vals, 1, expr) {
                return None;
            }
            let ty = self.float_argument(&qualified, &vals[0], expr)?;
            let value = self.cast(&vals[0], &ty, expr.range)?;
            let method = Ident::new(method, Span::call_site());
            return Some(Val::new(quote!((#value).#method()), ty));
        }
        match name {
            "erf" | "erfc" | "gamma" | "lgamma" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let ty = self.float_argument(&qualified, &vals[0], expr)?;
                let value = self.cast(&vals[0], &FLOAT64, expr.range)?;
                let helper = format_ident!("{name}_f64");
                let target: syn::Type = syn::parse_str(&ty.rust()).ok()?;
                Some(Val::new(
                    quote!((::cfunc::__private::py::#helper(#value) as #target)),
                    ty,
                ))
            }
            "floor" | "ceil" | "trunc" | "rint" | "round" if vals.len() == 1 => {
                let val = &vals[0];
                if module == "math" {
                    // `math.floor` returns an int.
                    let tokens = &val.tokens;
                    return match &val.ty {
                        Ty::Float { .. } => {
                            let method = Ident::new(
                                if name == "rint" || name == "round" {
                                    "round_ties_even"
                                } else {
                                    name
                                },
                                Span::call_site(),
                            );
                            Some(Val::new(quote!(((#tokens).#method() as i64)), INT64))
                        }
                        ty if ty.is_integral() => Some(Val::new(quote!((#tokens as i64)), INT64)),
                        other => {
                            self.error(
                                expr.range,
                                format!("`{qualified}` is not defined for {other}"),
                            );
                            None
                        }
                    };
                }
                let tokens = &val.tokens;
                match &val.ty {
                    Ty::Float { .. } => {
                        let method = Ident::new(
                            if name == "rint" || name == "round" {
                                "round_ties_even"
                            } else {
                                name
                            },
                            Span::call_site(),
                        );
                        Some(Val::new(quote!((#tokens).#method()), val.ty.clone()))
                    }
                    ty if ty.is_integral() => Some(Val::new(quote!((#tokens as i64)), INT64)),
                    other => {
                        self.error(
                            expr.range,
                            format!("`{qualified}` is not defined for {other}"),
                        );
                        None
                    }
                }
            }
            "isnan" | "isinf" | "isfinite" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let val = &vals[0];
                let tokens = &val.tokens;
                match (&val.ty, name) {
                    (Ty::Float { .. }, _) => {
                        let method = match name {
                            "isnan" => quote!(is_nan),
                            "isinf" => quote!(is_infinite),
                            _ => quote!(is_finite),
                        };
                        Some(Val::new(quote!((#tokens).#method()), Ty::Bool))
                    }
                    (ty, "isfinite") if ty.is_integral() => Some(Val::new(quote!(true), Ty::Bool)),
                    (ty, _) if ty.is_integral() => Some(Val::new(quote!(false), Ty::Bool)),
                    (other, _) => {
                        self.error(
                            expr.range,
                            format!("`{qualified}` is not defined for {other}"),
                        );
                        None
                    }
                }
            }
            "atan2" | "arctan2" | "hypot" | "copysign" | "pow" | "power" | "fmod" => {
                if !self.arity(&qualified, &vals, 2, expr) {
                    return None;
                }
                let ty = match (module, name) {
                    ("math", "pow") => FLOAT64,
                    _ => {
                        let a = types::float_function(&vals[0].ty);
                        let b = types::float_function(&vals[1].ty);
                        match (a, b) {
                            (Some(a), Some(b)) => unify(&a, &b)?,
                            _ => {
                                self.error(expr.range, format!("`{qualified}` takes numbers"));
                                return None;
                            }
                        }
                    }
                };
                let a = self.cast(&vals[0], &ty, expr.range)?;
                let b = self.cast(&vals[1], &ty, expr.range)?;
                let tokens = match name {
                    "atan2" | "arctan2" => quote!((#a).atan2(#b)),
                    "hypot" => quote!((#a).hypot(#b)),
                    "copysign" => quote!((#a).copysign(#b)),
                    "fmod" => quote!((#a % #b)),
                    _ => quote!((#a).powf(#b)),
                };
                Some(Val::new(tokens, ty))
            }
            "abs" | "absolute" if module == "numpy" => self.builtin("abs", vals, expr),
            "minimum" | "fmin" if module == "numpy" => self.builtin("min", vals, expr),
            "maximum" | "fmax" if module == "numpy" => self.builtin("max", vals, expr),
            "sign" if module == "numpy" => {
                if !self.arity(&qualified, &vals, 1, expr) {
                    return None;
                }
                let val = &vals[0];
                let tokens = &val.tokens;
                let target: syn::Type = syn::parse_str(&val.ty.rust()).ok()?;
                let zero = if val.ty.is_float() {
                    quote!(0.0)
                } else {
                    quote!(0)
                };
                match &val.ty {
                    ty if ty.is_numeric() && *ty != Ty::Bool => Some(Val::new(
                        quote!({ let __cfunc_x = #tokens; if __cfunc_x > #zero { 1 as #target } else if __cfunc_x < #zero { (0 as #target) - (1 as #target) } else { __cfunc_x } }),
                        val.ty.clone(),
                    )),
                    other => {
                        self.error(
                            expr.range,
                            format!("`{qualified}` is not defined for {other}"),
                        );
                        None
                    }
                }
            }
            _ => {
                self.error(
                    expr.range,
                    format!("`{qualified}` is not supported in cfunc code"),
                );
                None
            }
        }
    }

    /// The result type of a float function of `val`, or an error.
    fn float_argument(&mut self, name: &str, val: &Val, expr: &Expr) -> Option<Ty> {
        let ty = types::float_function(&val.ty);
        if ty.is_none() {
            self.error(
                expr.range,
                format!("`{name}` takes a number, not {}", val.ty),
            );
        }
        ty
    }

    fn method(&mut self, object: &Expr, method: &str, args: &[Expr], expr: &Expr) -> Option<Val> {
        let val = self.place(object)?.load();
        if !args.is_empty() {
            self.error(
                expr.range,
                format!("`.{method}()` takes no arguments in cfunc code"),
            );
            return None;
        }
        let tokens = &val.tokens;
        match (&val.ty, method) {
            (Ty::Array { dtype, .. }, "sum") => {
                let ty = types::sum_of(dtype)?;
                let zero = if ty.is_float() {
                    quote!(0.0)
                } else {
                    quote!(0)
                };
                let target: syn::Type = syn::parse_str(&ty.rust()).ok()?;
                let step = if ty.is_float() {
                    quote!(__cfunc_sum + (__cfunc_x as #target))
                } else {
                    quote!(__cfunc_sum.wrapping_add(__cfunc_x as #target))
                };
                Some(Val::new(
                    quote!(#tokens.iter().fold(#zero as #target, |__cfunc_sum, &__cfunc_x| #step)),
                    ty,
                ))
            }
            (Ty::NestedArray { dtype, shape }, "sum") => {
                let ty = types::sum_of(dtype)?;
                let zero = if ty.is_float() {
                    quote!(0.0)
                } else {
                    quote!(0)
                };
                let target: syn::Type = syn::parse_str(&ty.rust()).ok()?;
                let flatten = (1..shape.len()).map(|_| quote!(.as_flattened()));
                let step = if ty.is_float() {
                    quote!(__cfunc_sum + (__cfunc_x as #target))
                } else {
                    quote!(__cfunc_sum.wrapping_add(__cfunc_x as #target))
                };
                Some(Val::new(
                    quote!((#tokens)#(#flatten)*.iter().fold(#zero as #target, |__cfunc_sum, &__cfunc_x| #step)),
                    ty,
                ))
            }
            (ty, method) => {
                self.error(
                    expr.range,
                    format!("{ty} has no method `{method}` in cfunc code"),
                );
                None
            }
        }
    }

    /// `carray(ptr, shape)`, `carray(ptr, shape, dtype)`.
    fn carray(
        &mut self,
        layout: Layout,
        args: &[Expr],
        keywords: &[Keyword],
        expr: &Expr,
    ) -> Option<Val> {
        let name = if layout == Layout::C {
            "carray"
        } else {
            "farray"
        };
        let dtype_expr = keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "dtype"))
            .map(|k| &k.value)
            .or(args.get(2));
        if let Some(keyword) = keywords.iter().find(|k| {
            !k.arg
                .as_ref()
                .is_some_and(|a| a.id == "dtype" || a.id == "shape")
        }) {
            self.error(
                keyword.range,
                format!("`{name}` takes a pointer, a shape and an optional dtype"),
            );
            return None;
        }
        let shape_expr = keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "shape"))
            .map(|k| &k.value)
            .or(args.get(1));
        let (Some(pointer_expr), Some(shape_expr)) = (args.first(), shape_expr) else {
            self.error(expr.range, format!("`{name}` takes a pointer and a shape"));
            return None;
        };
        let pointer = self.expr(pointer_expr)?;
        let shape = self.expr(shape_expr)?;
        let dims: Vec<Ty> = match &shape.ty {
            Ty::Tuple(items) => items.clone(),
            ty if ty.is_integral() => vec![ty.clone()],
            other => {
                self.error(
                    shape_expr.range,
                    format!("a shape is an integer or a tuple of integers, not {other}"),
                );
                return None;
            }
        };
        if dims.iter().any(|dim| !dim.is_int()) || dims.is_empty() || dims.len() > 6 {
            self.error(
                shape_expr.range,
                "a shape is an integer or a tuple of 1 to 6 integers",
            );
            return None;
        }
        let dtype = match dtype_expr {
            Some(dtype_expr) => Some(self.dtype(dtype_expr)?),
            None => None,
        };
        let function = format_ident!("{name}");
        let (pointer_tokens, shape_tokens) = (&pointer.tokens, &shape.tokens);
        let ndim = dims.len();
        let (element, tokens) = match (&pointer.ty, dtype) {
            (Ty::Pointer(target), None) => (
                (**target).clone(),
                quote!(::cfunc::#function(#pointer_tokens, #shape_tokens)),
            ),
            (Ty::Pointer(target), Some(dtype)) if **target == dtype => (
                dtype,
                quote!(::cfunc::#function(#pointer_tokens, #shape_tokens)),
            ),
            (Ty::VoidPtr, Some(dtype)) => {
                let typed = format_ident!("{name}_as");
                let element: syn::Type = syn::parse_str(&dtype.rust()).ok()?;
                (
                    dtype,
                    quote!(::cfunc::#typed::<#element, _, _>(#pointer_tokens, #shape_tokens)),
                )
            }
            (Ty::VoidPtr, None) => {
                self.error(expr.range, format!("`{name}` of a voidptr needs its dtype, as in Numba: `{name}(ptr, shape, np.float64)`"));
                return None;
            }
            (Ty::Pointer(target), Some(dtype)) => {
                self.error(
                    expr.range,
                    format!("the dtype {dtype} does not match the pointer's element type {target}"),
                );
                return None;
            }
            (other, _) => {
                self.error(
                    pointer_expr.range,
                    format!("`{name}` takes a pointer (CPointer or voidptr), not {other}"),
                );
                return None;
            }
        };
        // SAFETY of the generated block: the C caller passes a pointer to a
        // buffer of the given shape, as Numba's carray assumes; a null
        // pointer, negative dimension or overflow is reported as a panic.
        Some(Val::new(
            quote!((unsafe { #tokens })),
            Ty::Array {
                dtype: Box::new(element),
                ndim,
                layout,
            },
        ))
    }

    /// A dtype argument: `np.float64`, `types.float64`, a record type.
    fn dtype(&mut self, expr: &Expr) -> Option<Ty> {
        let found = match &expr.kind {
            ExprKind::Name(name) => match self.env.values.get(name) {
                Some(Value::TypeObj(obj)) => Some(obj.ty()),
                _ => None,
            },
            ExprKind::Attribute { value, attr } => match &value.kind {
                ExprKind::Name(module) => match self.env.values.get(module) {
                    Some(Value::Module(module)) => numpy_cast(module, &attr.id),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        if found.is_none() {
            self.error(
                expr.range,
                "a dtype is a Numba or NumPy type (`np.float64`, `types.int32`) or a record type",
            );
        }
        found
    }

    fn call_cfunc(&mut self, name: &str, args: &[Expr], expr: &Expr) -> Option<Val> {
        let Some(decl) = self.env.cfuncs.iter().find(|decl| decl.name == name) else {
            self.error(expr.range, format!("`{name}` is not a cfunc of this block"));
            return None;
        };
        let signature = decl.signature.clone();
        if args.len() != signature.args.len() {
            self.error(
                expr.range,
                format!(
                    "`{name}` takes {} argument{}, got {}",
                    signature.args.len(),
                    if signature.args.len() == 1 { "" } else { "s" },
                    args.len()
                ),
            );
            return None;
        }
        let mut values = Vec::new();
        for (arg, slot) in args.iter().zip(&signature.args) {
            let val = self.expr(arg)?;
            let ty = sig_type_ty(slot, &self.env.records_by_name)?;
            let value = self.cast(&val, &ty, arg.range)?;
            let exact = super::pointer_sized(slot);
            values.push(quote!((#value) #exact));
        }
        let ret = sig_type_ty(&signature.ret, &self.env.records_by_name)?;
        let ident = Ident::new(name, Span::call_site());
        let widen = super::pointer_sized(&signature.ret).map(|_| {
            let rust: syn::Type = syn::parse_str(&ret.rust()).expect("generated types parse");
            quote!(as #rust)
        });
        Some(Val::new(quote!((#ident(#(#values),*) #widen)), ret))
    }

    fn call_foreign(&mut self, key: &str, args: &[Expr], expr: &Expr) -> Option<Val> {
        let foreign = self.env.foreign.get(key)?.clone();
        let Some(argtypes) = &foreign.argtypes else {
            self.error(expr.range, format!("set `{}.argtypes` before calling it from a cfunc: cfunc needs the C argument types", foreign.name));
            return None;
        };
        if args.len() != argtypes.len() {
            self.error(
                expr.range,
                format!(
                    "`{}` takes {} argument{}, got {}",
                    foreign.name,
                    argtypes.len(),
                    if argtypes.len() == 1 { "" } else { "s" },
                    args.len()
                ),
            );
            return None;
        }
        let mut values = Vec::new();
        for (arg, slot) in args.iter().zip(argtypes) {
            let val = self.expr(arg)?;
            let ty = sig_type_ty(slot, &self.env.records_by_name)?;
            values.push(self.cast(&val, &ty, arg.range)?);
        }
        let ret = sig_type_ty(&foreign.restype, &self.env.records_by_name)?;
        let accessor = foreign_accessor(key);
        // SAFETY of the generated block: the module declared the function's
        // C types (`argtypes`/`restype`), as ctypes requires.
        Some(Val::new(
            quote!((unsafe { #accessor().call((#(#values,)*)) })),
            ret,
        ))
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

/// `np.float64(x)`, `np.int32(x)`: conversions written as calls.
fn numpy_cast(module: &str, name: &str) -> Option<Ty> {
    if !matches!(module, "numpy" | "numba" | "numba.types") {
        return None;
    }
    let scalar = match name {
        "bool_" => cfunc_runtime::sig::Scalar::Boolean,
        "double" => cfunc_runtime::sig::Scalar::Float64,
        "single" => cfunc_runtime::sig::Scalar::Float32,
        other => cfunc_runtime::sig::Scalar::from_name(other)?,
    };
    if matches!(
        scalar,
        cfunc_runtime::sig::Scalar::Void | cfunc_runtime::sig::Scalar::VoidPtr
    ) {
        return None;
    }
    Some(scalar_ty(scalar))
}
