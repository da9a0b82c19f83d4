//! Evaluating module-level expressions at compile time: type objects,
//! signatures, records, cffi and ctypes declarations, constants.

use super::*;

impl ModuleEnv {
    pub(super) fn eval(&mut self, expr: &Expr) -> Eval {
        self.eval_named(expr, None)
    }

    /// Evaluates each of `exprs`, stopping at the first that cannot be.
    fn eval_all(&mut self, exprs: &[Expr]) -> Result<Vec<Value>, Stop> {
        exprs.iter().map(|expr| self.eval(expr)).collect()
    }

    /// Evaluates `expr`; `target` is the name it is being assigned to (a
    /// record made by `make_c_struct` takes that name).
    pub(super) fn eval_named(&mut self, expr: &Expr, target: Option<&str>) -> Eval {
        match &expr.kind {
            ExprKind::Name(name) => match self.lookup(name) {
                Some(Value::Opaque) => Err(Stop::Runtime),
                Some(value) => Ok(value.clone()),
                None if name == "None" => Err(Stop::Runtime),
                None => Err(Stop::Runtime),
            },
            ExprKind::Int(value) => Ok(Value::Const(Const::Int(
                i128::try_from(*value).unwrap_or(i128::MAX),
            ))),
            ExprKind::Float(value) => Ok(Value::Const(Const::Float(*value))),
            ExprKind::Imaginary(value) => Ok(Value::Const(Const::Complex(0.0, *value))),
            ExprKind::Bool(value) => Ok(Value::Const(Const::Bool(*value))),
            ExprKind::Str(text) => Ok(Value::Str(text.clone(), expr.range)),
            ExprKind::Tuple(items) => self.eval_all(items).map(Value::Tuple),
            ExprKind::List(items) => self.eval_all(items).map(Value::List),
            ExprKind::UnaryOp {
                op: crate::ast::UnaryOp::USub,
                operand,
            } => match self.eval(operand)? {
                Value::Const(Const::Int(value)) => Ok(Value::Const(Const::Int(-value))),
                Value::Const(Const::Float(value)) => Ok(Value::Const(Const::Float(-value))),
                Value::Const(Const::Complex(re, im)) => Ok(Value::Const(Const::Complex(-re, -im))),
                _ => Err(Stop::Runtime),
            },
            ExprKind::BinOp { left, op, right } => {
                let (left, right) = (self.eval(left)?, self.eval(right)?);
                constant_binop(&left, *op, &right).ok_or(Stop::Runtime)
            }
            ExprKind::Attribute { value, attr } => {
                let object = self.eval(value)?;
                self.attribute(&object, attr)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                let callee = self.eval(func)?;
                self.call(callee, expr, args, keywords, target)
            }
            _ => Err(Stop::Runtime),
        }
    }

    fn attribute(&mut self, object: &Value, attr: &Name) -> Eval {
        match object {
            Value::Module(module) => {
                let path = format!("{module}.{}", attr.id);
                if let Some(submodule) = known_module(&path) {
                    return Ok(Value::Module(submodule));
                }
                match self.module_attribute(module, &attr.id) {
                    Some(value) => Ok(value),
                    None if matches!(*module, "numpy" | "math" | "cmath") => {
                        Ok(Value::Function(module, attr.id.clone()))
                    }
                    None if module.starts_with("numba") => Err(self.error(
                        attr.range,
                        format!("`{module}.{}` is not supported in cfunc code", attr.id),
                    )),
                    None => Err(Stop::Runtime),
                }
            }
            Value::RecordClass if attr.id == "make_c_struct" => Ok(Value::MakeCStruct),
            // `pkg.c` of a module cfunc does not load: its value given at
            // build time, if any.
            Value::PythonModule(path) => match self.constants.get(&format!("{path}.{}", attr.id)) {
                Some(constant) => Ok(Value::Const(*constant)),
                None => Ok(Value::PythonName(format!("{path}.{}", attr.id))),
            },
            // To a cfunc, `f.ctypes` and `f.address` are `f`: what C calls.
            Value::CFunc(name, CFuncForm::CFunc) if attr.id == "ctypes" => {
                Ok(Value::CFunc(name.clone(), CFuncForm::Ctypes))
            }
            Value::CFunc(name, CFuncForm::CFunc) if attr.id == "address" => {
                Ok(Value::CFunc(name.clone(), CFuncForm::Address))
            }
            Value::Ffi(name) if matches!(attr.id.as_str(), "cdef" | "typeof") => {
                Ok(Value::FfiMethod(
                    name.clone(),
                    if attr.id == "cdef" { "cdef" } else { "typeof" },
                ))
            }
            Value::Library(library) => {
                let key = format!("{library}:{}", attr.id);
                self.foreign
                    .entry(key.clone())
                    .or_insert_with(|| ForeignFn {
                        name: attr.id.clone(),
                        library: library.clone(),
                        symbol: attr.id.clone(),
                        argtypes: None,
                        restype: Type::Scalar(Scalar::Intc),
                    });
                Ok(Value::Foreign(key))
            }
            _ => Err(Stop::Runtime),
        }
    }

    fn call(
        &mut self,
        callee: Value,
        call: &Expr,
        args: &[Expr],
        keywords: &[crate::ast::Keyword],
        target: Option<&str>,
    ) -> Eval {
        let keyword = |name: &str| {
            keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.id == name))
        };
        match callee {
            Value::TypeObj(ret) => {
                // `types.float64(types.float64, ...)`: a signature.
                let mut arg_types = Vec::new();
                for arg in args {
                    match self.eval(arg)? {
                        Value::TypeObj(obj) => {
                            match obj.sig_type() {
                                Some(ty) => arg_types.push(ty),
                                None => return Err(self.error(
                                    arg.range,
                                    "a nested array cannot be a cfunc argument; pass a CPointer",
                                )),
                            }
                        }
                        _ => {
                            return Err(self
                                .error(arg.range, "a signature's arguments must be Numba types"));
                        }
                    }
                }
                let Some(ret) = ret.sig_type() else {
                    return Err(self.error(call.range, "a nested array cannot be returned"));
                };
                let text = Signature {
                    ret,
                    args: arg_types,
                }
                .to_string();
                match text.parse::<Signature>() {
                    Ok(signature) => Ok(Value::Signature(signature)),
                    Err(error) => {
                        Err(self.error(call.range, format!("invalid signature: {error}")))
                    }
                }
            }
            Value::CPointer => match args {
                [inner] => match self.eval(inner)? {
                    Value::TypeObj(obj) => Ok(Value::TypeObj(TypeObj::Pointer(Box::new(obj)))),
                    _ => Err(self.error(inner.range, "`CPointer` takes a Numba type")),
                },
                _ => Err(self.error(call.range, "`CPointer` takes one type")),
            },
            Value::NestedArray => {
                let dtype = keyword("dtype").map(|k| &k.value).or(args.first());
                let shape = keyword("shape").map(|k| &k.value).or(args.get(1));
                let (Some(dtype), Some(shape)) = (dtype, shape) else {
                    return Err(self.error(call.range, "`NestedArray` takes `dtype=` and `shape=`"));
                };
                let Value::TypeObj(dtype) = self.eval(dtype)? else {
                    return Err(self.error(dtype.range, "`dtype` must be a Numba type"));
                };
                let shape_items = match self.eval(shape)? {
                    Value::Tuple(items) | Value::List(items) => items,
                    single @ Value::Const(_) => vec![single],
                    _ => return Err(self.error(shape.range, "`shape` must be a tuple of integers")),
                };
                let mut dims = Vec::new();
                for item in shape_items {
                    match item {
                        Value::Const(Const::Int(n)) if n >= 0 => {
                            dims.push(usize::try_from(n).unwrap_or(usize::MAX))
                        }
                        _ => {
                            return Err(self.error(
                                shape.range,
                                "`shape` must be a tuple of non-negative integers",
                            ));
                        }
                    }
                }
                Ok(Value::TypeObj(TypeObj::NestedArray(Box::new(dtype), dims)))
            }
            Value::MakeCStruct => self.make_c_struct(call, args, target),
            Value::FfiClass => match target {
                Some(name) => {
                    self.ffis.insert(name.to_owned(), cdecl::FFI::new());
                    Ok(Value::Ffi(name.to_owned()))
                }
                None => {
                    Err(self.error(call.range, "assign the FFI object to a name: `ffi = FFI()`"))
                }
            },
            Value::FfiMethod(ffi, "cdef") => {
                let [source] = args else {
                    return Err(self.error(call.range, "`cdef` takes the C source"));
                };
                let Value::Str(text, range) = self.eval(source)? else {
                    return Err(self.error(source.range, "`cdef` takes a string of C declarations"));
                };
                let Some(state) = self.ffis.get_mut(&ffi) else {
                    return Err(Stop::Runtime);
                };
                if let Err(error) = state.cdef(&text) {
                    return Err(self.error(range, format!("in the C declarations: {error}")));
                }
                Ok(Value::Opaque)
            }
            Value::FfiMethod(ffi, _) => {
                let [name] = args else {
                    return Err(self.error(call.range, "`typeof` takes a type name"));
                };
                let Value::Str(text, range) = self.eval(name)? else {
                    return Err(self.error(name.range, "`typeof` takes a string"));
                };
                let Some(state) = self.ffis.get(&ffi) else {
                    return Err(Stop::Runtime);
                };
                match state.type_of(&text) {
                    Ok(ctype) => Ok(Value::CType(ctype)),
                    Err(error) => Err(self.error(range, format!("{error}"))),
                }
            }
            Value::MapType => self.map_type(call, args, keywords),
            Value::Cdll => {
                let [name] = args else {
                    return Err(self.error(call.range, "`CDLL` takes the library's name"));
                };
                match self.eval(name)? {
                    Value::Str(text, _) => Ok(Value::Library(text)),
                    _ => Err(Stop::Runtime),
                }
            }
            Value::CtypesPointer => match args {
                [inner] => match self.eval(inner)? {
                    Value::CtypesType(ty) => Ok(Value::CtypesType(Type::Pointer(Box::new(ty)))),
                    _ => Err(self.error(inner.range, "`POINTER` takes a ctypes type")),
                },
                _ => Err(self.error(call.range, "`POINTER` takes one type")),
            },
            Value::Cfunc => {
                let Some(first) = args.first() else {
                    return Err(self.error(
                        call.range,
                        "`cfunc` needs a signature, as in Numba: `cfunc(\"float64(float64)\")`",
                    ));
                };
                let mut error_model = ErrorModel::Python;
                let mut locals = Vec::new();
                for keyword in keywords {
                    let name = keyword.arg.as_ref().map(|a| a.id.as_str()).unwrap_or("**");
                    if name == "locals" {
                        locals = self.declared_locals(&keyword.value);
                    }
                    if name == "error_model" {
                        match &keyword.value.kind {
                            ExprKind::Str(model) if model == "numpy" => {
                                error_model = ErrorModel::Numpy
                            }
                            ExprKind::Str(model) if model == "python" => {
                                error_model = ErrorModel::Python
                            }
                            _ => {
                                self.errors.push(
                                    keyword.value.range,
                                    "`error_model` is \"python\" or \"numpy\"",
                                );
                            }
                        }
                    }
                    if !matches!(
                        name,
                        "nopython"
                            | "cache"
                            | "fastmath"
                            | "error_model"
                            | "locals"
                            | "boundscheck"
                    ) {
                        self.errors.push(keyword.range, format!("`cfunc` has no option `{name}`; Numba's are nopython, cache, fastmath, error_model, locals, boundscheck"));
                    }
                }
                let signature = self.signature_of(first)?;
                let options = CfuncOptions {
                    error_model,
                    locals,
                };
                Ok(Value::CfuncDecorator(
                    signature,
                    first.range,
                    Rc::new(options),
                ))
            }
            // `njit(f)`, `numba.jit(f, nopython=True)`: the function, which
            // cfuncs call as a helper; `jit(nopython=True)`, `njit(cache=True)`
            // or `njit("float64(float64)")`: a decorator that does the same.
            Value::Jit => match args {
                [function] if !matches!(function.kind, ExprKind::Str(_)) => {
                    match self.eval(function)? {
                        function @ Value::PyFunction(..) => Ok(function),
                        _ => Err(self.error(
                            function.range,
                            "`jit(...)` wraps a function defined with `def`",
                        )),
                    }
                }
                _ => Ok(Value::Jit),
            },
            // `math.sqrt(2.0)`, `np.exp(-0.5)` of constants, as Python computes them.
            Value::Function(module, function) => {
                let values = self.eval_all(args)?;
                if !keywords.is_empty() {
                    return Err(Stop::Runtime);
                }
                constant_call(module, &function, &values).ok_or(Stop::Runtime)
            }
            // `LowLevelCallable(wrapped.ctypes)`: to a cfunc, the callback.
            Value::LowLevelCallable => match args {
                [function, ..] => match self.eval(function)? {
                    Value::CFunc(name, _) => Ok(Value::CFunc(name, CFuncForm::LowLevelCallable)),
                    _ => Err(Stop::Runtime),
                },
                [] => Err(Stop::Runtime),
            },
            // A factory, run now: `integrand = make(f, 2.5)`.
            Value::PyFunction(def, closure) => {
                let values = self.eval_all(args)?;
                let mut named = Vec::new();
                for keyword in keywords {
                    let Some(name) = &keyword.arg else {
                        return Err(Stop::Runtime);
                    };
                    named.push((name.id.clone(), self.eval(&keyword.value)?));
                }
                self.apply(&def, closure, values, named, call.range, target)
            }
            Value::CfuncDecorator(signature, signature_range, options) => {
                // `nb_integrand = cfunc("float64(float64)")(integrand)`
                let [function] = args else {
                    return Err(Stop::Runtime);
                };
                let Value::PyFunction(def, closure) = self.eval(function)? else {
                    return Err(self.error(
                        function.range,
                        "`cfunc(...)` wraps a function defined with `def`",
                    ));
                };
                // Inside a factory, `return cfunc(sig)(inner)` is named by
                // what the module binds the factory's result to.
                let name = match target {
                    Some(name) => name.to_owned(),
                    None if self.in_factory() => def.name.id.clone(),
                    None => {
                        return Err(self.error(
                            call.range,
                            "assign the cfunc to a name: `f = cfunc(sig)(function)`",
                        ));
                    }
                };
                let name = self.cfunc_name(&name);
                self.cfuncs.push(CFuncDecl {
                    name: name.clone(),
                    def,
                    closure,
                    signature,
                    signature_range,
                    options,
                });
                Ok(Value::CFunc(name, CFuncForm::CFunc))
            }
            _ => Err(Stop::Runtime),
        }
    }

    /// `locals={'c': types.int64, ...}` or `locals=dict(c=types.int64)`:
    /// local names, Numba scalar types.
    fn declared_locals(&mut self, value: &Expr) -> Vec<DeclaredLocal> {
        // (the name, where it is written, its type)
        let entries: Vec<(Option<&str>, TextRange, &Expr)> = match &value.kind {
            ExprKind::Dict(pairs) => pairs
                .iter()
                .map(|(key, ty)| match &key.kind {
                    ExprKind::Str(name) => (Some(name.as_str()), key.range, ty),
                    _ => (None, key.range, ty),
                })
                .collect(),
            ExprKind::Call {
                func,
                args,
                keywords,
            } if matches!(&func.kind, ExprKind::Name(name) if name == "dict")
                && args.is_empty() =>
            {
                keywords
                    .iter()
                    .map(|keyword| match &keyword.arg {
                        Some(arg) => (Some(arg.id.as_str()), arg.range, &keyword.value),
                        None => (None, keyword.range, &keyword.value),
                    })
                    .collect()
            }
            _ => {
                self.errors.push(
                    value.range,
                    "`locals` is a dict of local names to Numba types: `locals={'c': types.int64}`",
                );
                return Vec::new();
            }
        };
        let mut locals: Vec<DeclaredLocal> = Vec::new();
        for (name, key_range, ty) in entries {
            let Some(name) = name else {
                self.errors
                    .push(key_range, "a `locals` key is a local's name, as a string");
                continue;
            };
            if locals.iter().any(|local| local.name == name) {
                self.errors
                    .push(key_range, format!("`{name}` is in `locals` twice"));
                continue;
            }
            let declared = match self.eval(ty) {
                Ok(Value::TypeObj(TypeObj::Scalar(scalar))) if scalar != Scalar::Void => {
                    scalar_ty(scalar)
                }
                Ok(_) | Err(Stop::Runtime) => {
                    self.errors.push(
                        ty.range,
                        format!("the type of `{name}` in `locals` must be a Numba scalar type such as `types.int64`"),
                    );
                    continue;
                }
                Err(Stop::Error) => continue,
            };
            locals.push(DeclaredLocal {
                name: name.to_owned(),
                ty: declared,
                range: key_range,
            });
        }
        locals
    }

    /// A signature given as a `types` expression, a string or a name.
    fn signature_of(&mut self, expr: &Expr) -> Result<Signature, Stop> {
        match self.eval(expr)? {
            Value::Signature(signature) => Ok(signature),
            Value::Str(text, range) => match text.parse::<Signature>() {
                Ok(signature) => Ok(signature),
                Err(error) => Err(self.error(range, format!("invalid signature: {error}"))),
            },
            _ => Err(self.error(expr.range, "expected a signature: a string such as \"float64(float64)\" or `types.float64(types.float64)`")),
        }
    }

    fn make_c_struct(&mut self, call: &Expr, args: &[Expr], target: Option<&str>) -> Eval {
        let Some(name) = target else {
            return Err(self.error(
                call.range,
                "assign the record type to a name: `my_struct = types.Record.make_c_struct([...])`",
            ));
        };
        let [fields] = args else {
            return Err(self.error(
                call.range,
                "`make_c_struct` takes a list of (name, type) pairs",
            ));
        };
        let (Value::List(items) | Value::Tuple(items)) = self.eval(fields)? else {
            return Err(self.error(
                fields.range,
                "`make_c_struct` takes a list of (name, type) pairs",
            ));
        };
        let mut record_fields = Vec::new();
        for item in items {
            match item {
                Value::Tuple(pair) if pair.len() == 2 => match (&pair[0], &pair[1]) {
                    (Value::Str(field, _), Value::TypeObj(ty)) => {
                        record_fields.push((field.clone(), ty.ty()))
                    }
                    _ => {
                        return Err(self
                            .error(fields.range, "each field is a pair `('name', types.int32)`"));
                    }
                },
                _ => {
                    return Err(
                        self.error(fields.range, "each field is a pair `('name', types.int32)`")
                    );
                }
            }
        }
        let record = Rc::new(RecordDef {
            name: name.to_owned(),
            fields: record_fields,
        });
        self.add_record(Rc::clone(&record));
        Ok(Value::TypeObj(TypeObj::Record(record)))
    }

    fn add_record(&mut self, record: Rc<RecordDef>) {
        if !self.records_by_name.contains_key(&record.name) {
            self.records_by_name
                .insert(record.name.clone(), Rc::clone(&record));
            self.records.push(record);
        }
    }

    fn map_type(&mut self, call: &Expr, args: &[Expr], keywords: &[crate::ast::Keyword]) -> Eval {
        let [ctype_expr] = args else {
            return Err(self.error(call.range, "`map_type` takes a cffi type"));
        };
        let Value::CType(ctype) = self.eval(ctype_expr)? else {
            return Err(self.error(ctype_expr.range, "`map_type` takes `ffi.typeof(...)`"));
        };
        let use_record_dtype = keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "use_record_dtype"))
            .map(|k| matches!(k.value.kind, ExprKind::Bool(true)))
            .unwrap_or(false);
        let ffi_name = self.ffis.keys().next().cloned();
        let Some(ffi) = ffi_name.and_then(|name| self.ffis.get(&name)) else {
            return Err(Stop::Runtime);
        };
        match cdecl::map_type(ffi, &ctype, use_record_dtype) {
            Ok(mapped) => {
                for record in mapped.records() {
                    let def = self.record_from_layout(record);
                    self.add_record(def);
                }
                match mapped.signature() {
                    Some(signature) => Ok(Value::Signature(signature.clone())),
                    None => Err(self.error(
                        call.range,
                        "`map_type` of a non-function type is not a signature",
                    )),
                }
            }
            Err(error) => Err(self.error(call.range, format!("{error}"))),
        }
    }

    fn record_from_layout(&mut self, layout: &cfunc_runtime::types::RecordLayout) -> Rc<RecordDef> {
        if let Some(existing) = self.records_by_name.get(layout.name()) {
            return Rc::clone(existing);
        }
        let fields = layout
            .fields()
            .iter()
            .map(|field| (field.name.clone(), self.layout_type(&field.ty)))
            .collect();
        let record = Rc::new(RecordDef {
            name: layout.name().to_owned(),
            fields,
        });
        self.add_record(Rc::clone(&record));
        record
    }

    fn layout_type(
        &mut self,
        ty: &cfunc_runtime::sig::Type<cfunc_runtime::types::RecordLayout>,
    ) -> Ty {
        use cfunc_runtime::sig::Type as Layout;
        match ty {
            Layout::Scalar(scalar) => scalar_ty(*scalar),
            Layout::Pointer(target) => match &**target {
                Layout::Scalar(Scalar::Void) => Ty::VoidPtr,
                other => Ty::Pointer(Box::new(self.layout_type(other))),
            },
            Layout::NestedArray { elem, shape } => Ty::NestedArray {
                dtype: Box::new(self.layout_type(elem)),
                shape: shape.clone(),
            },
            Layout::Record(record) => Ty::Record(self.record_from_layout(record)),
            #[allow(unreachable_patterns)]
            _ => Ty::None,
        }
    }
}
