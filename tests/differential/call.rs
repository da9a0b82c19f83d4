//! Calling a cfunc of the suite on one case's JSON arguments.

use super::outcome::{Num, Outcome, json_f64, json_int, scalar};
use cfunc::sig::{Scalar, Signature, Type};
use cfunc::{Complex32, Complex64, DynFn, Value};
use serde_json::Value as Json;

/// A cfunc of the suite, and how the suite calls it: through the dynamic
/// caller, or, for a signature with a complex slot (which the dynamic
/// caller does not take), through its typed `extern "C"` fn pointer.
pub(crate) enum CFunc {
    Dynamic(DynFn),
    Complex {
        name: &'static str,
        address: usize,
        signature: Signature,
    },
}

impl CFunc {
    /// The cfunc of a registry entry.
    pub(crate) fn new(name: &'static str, address: usize, signature: &str) -> CFunc {
        let parsed = cfunc::sig::parse_signature(signature)
            .unwrap_or_else(|error| panic!("`{name}`: {error}"));
        let complex =
            |ty: &Type| matches!(ty, Type::Scalar(Scalar::Complex64 | Scalar::Complex128));
        if complex(&parsed.ret) || parsed.args.iter().any(complex) {
            return CFunc::Complex {
                name,
                address,
                signature: parsed,
            };
        }
        // SAFETY: the registry pairs each cfunc's address with its signature.
        let function = unsafe { DynFn::new(address as *const _, signature) }
            .unwrap_or_else(|error| panic!("`{name}`: {error}"));
        CFunc::Dynamic(function)
    }

    pub(crate) fn signature(&self) -> &Signature {
        match self {
            CFunc::Dynamic(function) => function.signature(),
            CFunc::Complex { signature, .. } => signature,
        }
    }

    /// Calls the cfunc on one case's arguments.
    pub(crate) fn call(&self, args: &[Json]) -> Outcome {
        match self {
            CFunc::Dynamic(function) => call(function, args),
            CFunc::Complex {
                name,
                address,
                signature,
            } => call_complex(name, *address, signature, args),
        }
    }
}

/// A scalar argument read from JSON: a complex number is `[re, im]`.
trait FromJson {
    fn from_json(value: &Json) -> Self;
}

/// A scalar result, comparable bit for bit.
trait ToNum {
    fn to_num(self) -> Num;
}

macro_rules! json_scalars {
    ($($ty:ty: |$value:ident| $read:expr, |$result:ident| $num:expr;)*) => {$(
        impl FromJson for $ty {
            fn from_json($value: &Json) -> Self {
                $read
            }
        }

        impl ToNum for $ty {
            fn to_num(self) -> Num {
                let $result = self;
                $num
            }
        }
    )*};
}

fn complex_json(value: &Json) -> (f64, f64) {
    match value.as_array().map(Vec::as_slice) {
        Some([re, im]) => (json_f64(re), json_f64(im)),
        _ => panic!("a complex argument is a JSON list [re, im], not {value}"),
    }
}

fn exact_int<T: TryFrom<i128>>(value: &Json) -> T {
    T::try_from(json_int(value)).unwrap_or_else(|_| panic!("{value} does not fit"))
}

json_scalars! {
    bool: |value| value.as_bool().expect("a boolean argument"), |x| Num::Bool(x);
    i16: |value| exact_int(value), |x| Num::Int(x.into());
    i32: |value| exact_int(value), |x| Num::Int(x.into());
    i64: |value| exact_int(value), |x| Num::Int(x.into());
    u16: |value| exact_int(value), |x| Num::Int(x.into());
    f32: |value| json_f64(value) as f32, |x| Num::F32(x);
    f64: |value| json_f64(value), |x| Num::F64(x);
    Complex32: |value| {
        let (re, im) = complex_json(value);
        Complex32::new(re as f32, im as f32)
    }, |z| Num::C64(z.re, z.im);
    Complex64: |value| {
        let (re, im) = complex_json(value);
        Complex64::new(re, im)
    }, |z| Num::C128(z.re, z.im);
}

/// The Rust type of a signature scalar, for the typed calls.
macro_rules! rust_type {
    (Boolean) => {
        bool
    };
    (Int16) => {
        i16
    };
    (Int32) => {
        i32
    };
    (Int64) => {
        i64
    };
    (Uint16) => {
        u16
    };
    (Float32) => {
        f32
    };
    (Float64) => {
        f64
    };
    (Complex64) => {
        Complex32
    };
    (Complex128) => {
        Complex64
    };
}

/// Calls a cfunc with a complex slot through its typed fn pointer. The
/// suite's signatures with complex slots are listed here, one arm each.
fn call_complex(name: &str, address: usize, signature: &Signature, args: &[Json]) -> Outcome {
    assert_eq!(args.len(), signature.args.len(), "`{name}`: arity");
    let slots: Vec<Scalar> = signature.args.iter().map(scalar).collect();
    macro_rules! typed_calls {
        ($($ret:ident($($arg:ident),*);)*) => {
            match (scalar(&signature.ret), slots.as_slice()) {
                $((Scalar::$ret, [$(Scalar::$arg),*]) => {
                    // SAFETY: the registry pairs the address with this
                    // signature, whose slots are these Rust types.
                    let function: extern "C" fn($(rust_type!($arg)),*) -> rust_type!($ret) =
                        unsafe { std::mem::transmute::<usize, _>(address) };
                    let mut args = args.iter();
                    function($(<rust_type!($arg) as FromJson>::from_json(
                        args.next().expect(stringify!($arg)),
                    )),*)
                    .to_num()
                })*
                _ => panic!("`{name}`: add `{signature}` to the typed calls in call.rs"),
            }
        };
    }
    cfunc::clear_last_error();
    let result = typed_calls! {
        Complex128(Complex128, Complex128);
        Complex64(Complex64, Complex64);
        Complex128(Complex64, Float64);
        Complex64(Complex64, Float32);
        Complex128(Complex64, Int32);
        Complex64(Complex64, Int16);
        Complex128(Complex64, Uint16);
        Complex128(Int64, Complex128);
        Complex128(Float64, Complex128);
        Complex64(Complex64, Boolean);
        Float64(Complex128);
        Float32(Complex64);
        Complex128(Complex128);
        Complex64(Complex64);
        Boolean(Complex128, Complex128);
        Boolean(Complex128, Float64);
        Complex128(Float64);
        Complex128(Float64, Float64);
        Complex128(Int64);
        Complex64(Float32, Float32);
        Int64(Complex128);
        Complex128(Complex128, Int64);
        Complex64(Complex128);
        Complex64(Int64);
    };
    Outcome {
        result,
        raised: cfunc::last_error().map(|message| exception_class(&message)),
        buffers: Vec::new(),
    }
}

/// A buffer lent to a cfunc for one call.
pub(crate) enum Buffer {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    I32(Vec<i32>),
}

impl Buffer {
    fn new(element: &Type, values: &[Json]) -> Buffer {
        match scalar(element) {
            Scalar::Float64 => Buffer::F64(values.iter().map(json_f64).collect()),
            Scalar::Float32 => Buffer::F32(values.iter().map(|v| json_f64(v) as f32).collect()),
            Scalar::Int64 => Buffer::I64(values.iter().map(|v| json_int(v) as i64).collect()),
            Scalar::Int32 => Buffer::I32(values.iter().map(|v| json_int(v) as i32).collect()),
            other => panic!("the suite has no buffers of {other}; add them here"),
        }
    }

    fn as_value(&mut self) -> Value<'_> {
        match self {
            Buffer::F64(data) => data.into(),
            Buffer::F32(data) => data.into(),
            Buffer::I64(data) => data.into(),
            Buffer::I32(data) => data.into(),
        }
    }

    fn contents(&self) -> Vec<Num> {
        match self {
            Buffer::F64(data) => data.iter().map(|&x| Num::F64(x)).collect(),
            Buffer::F32(data) => data.iter().map(|&x| Num::F32(x)).collect(),
            Buffer::I64(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
            Buffer::I32(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
        }
    }
}
/// The argument for a scalar slot.
pub(crate) fn argument(slot: Scalar, value: &Json) -> Value<'static> {
    let int = || json_int(value);
    let narrow = |what: &str| -> ! { panic!("{value} does not fit in {what}") };
    match slot {
        Scalar::Boolean => value.as_bool().expect("a boolean argument").into(),
        Scalar::Int8 => i8::try_from(int())
            .unwrap_or_else(|_| narrow("int8"))
            .into(),
        Scalar::Int16 => i16::try_from(int())
            .unwrap_or_else(|_| narrow("int16"))
            .into(),
        Scalar::Int32 | Scalar::Intc => i32::try_from(int())
            .unwrap_or_else(|_| narrow("int32"))
            .into(),
        Scalar::Int64 => i64::try_from(int())
            .unwrap_or_else(|_| narrow("int64"))
            .into(),
        Scalar::Intp => isize::try_from(int())
            .unwrap_or_else(|_| narrow("intp"))
            .into(),
        Scalar::Uint8 => u8::try_from(int())
            .unwrap_or_else(|_| narrow("uint8"))
            .into(),
        Scalar::Uint16 => u16::try_from(int())
            .unwrap_or_else(|_| narrow("uint16"))
            .into(),
        Scalar::Uint32 | Scalar::Uintc => u32::try_from(int())
            .unwrap_or_else(|_| narrow("uint32"))
            .into(),
        Scalar::Uint64 => u64::try_from(int())
            .unwrap_or_else(|_| narrow("uint64"))
            .into(),
        Scalar::Uintp => usize::try_from(int())
            .unwrap_or_else(|_| narrow("uintp"))
            .into(),
        Scalar::Float32 => (json_f64(value) as f32).into(),
        Scalar::Float64 => json_f64(value).into(),
        other => panic!("the suite passes no {other} arguments"),
    }
}

pub(crate) fn num_of(value: &Value<'_>) -> Num {
    match *value {
        Value::Void => Num::Void,
        Value::Bool(x) => Num::Bool(x),
        Value::F32(x) => Num::F32(x),
        Value::F64(x) => Num::F64(x),
        ref other => Num::Int(
            other
                .as_i64()
                .map(i128::from)
                .or_else(|| other.as_u64().map(i128::from))
                .unwrap_or_else(|| panic!("unexpected result {}", other.describe())),
        ),
    }
}

/// The exception class of a cfunc's last error (`cfunc `f` panicked:
/// ZeroDivisionError: division by zero (at ...)`).
pub(crate) fn exception_class(message: &str) -> String {
    let raised = message
        .split_once("panicked: ")
        .map_or(message, |(_, rest)| rest);
    raised
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Calls `function` on one case's arguments.
pub(crate) fn call(function: &DynFn, args: &[Json]) -> Outcome {
    let signature = function.signature();
    assert_eq!(
        args.len(),
        signature.args.len(),
        "`{}` takes {} arguments",
        function.name(),
        signature.args.len()
    );
    let mut buffers: Vec<Buffer> = Vec::new();
    for (slot, arg) in signature.args.iter().zip(args) {
        match (slot, arg) {
            (Type::Pointer(element), Json::Array(values)) => {
                buffers.push(Buffer::new(element, values))
            }
            (Type::Pointer(_), other) => panic!("a pointer argument is a JSON list, not {other}"),
            _ => {}
        }
    }
    let mut lent = buffers.iter_mut();
    let values: Vec<Value<'_>> = signature
        .args
        .iter()
        .zip(args)
        .map(|(slot, arg)| match slot {
            Type::Pointer(_) => lent.next().expect("one buffer per pointer").as_value(),
            slot => argument(scalar(slot), arg),
        })
        .collect();
    cfunc::clear_last_error();
    // SAFETY: the address and signature come from the cfunc's registry entry,
    // and every pointer argument is a live buffer of the pointee type.
    let result = unsafe { function.call(&values) }
        .unwrap_or_else(|error| panic!("calling `{}`: {error}", function.name()));
    let raised = cfunc::last_error().map(|message| exception_class(&message));
    drop(values);
    Outcome {
        result: num_of(&result),
        raised,
        buffers: buffers.iter().map(Buffer::contents).collect(),
    }
}
