//! Calling a cfunc of the suite on one case's JSON arguments.

use super::outcome::{Num, Outcome, json_f64, json_int, scalar};
use cfunc::sig::{Scalar, Signature, Type};
use cfunc::{Complex32, Complex64, DynFn, Value};
use serde_json::Value as Json;

/// A cfunc of the suite, called through the dynamic caller (complex slots
/// included, as libffi's complex types).
pub(crate) struct CFunc(DynFn);

impl CFunc {
    /// The cfunc of a registry entry.
    pub(crate) fn new(name: &'static str, address: usize, signature: &str) -> CFunc {
        // SAFETY: the registry pairs each cfunc's address with its signature.
        let function = unsafe { DynFn::new(address as *const _, signature) }
            .unwrap_or_else(|error| panic!("`{name}`: {error}"));
        CFunc(function)
    }

    pub(crate) fn signature(&self) -> &Signature {
        self.0.signature()
    }

    /// Calls the cfunc on one case's arguments.
    pub(crate) fn call(&self, args: &[Json]) -> Outcome {
        call(&self.0, args)
    }
}

/// A complex argument is a JSON list `[re, im]`.
fn complex_json(value: &Json) -> (f64, f64) {
    match value.as_array().map(Vec::as_slice) {
        Some([re, im]) => (json_f64(re), json_f64(im)),
        _ => panic!("a complex argument is a JSON list [re, im], not {value}"),
    }
}

/// A buffer lent to a cfunc for one call.
pub(crate) enum Buffer {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    I32(Vec<i32>),
    U8(Vec<u8>),
}

impl Buffer {
    fn new(element: &Type, values: &[Json]) -> Buffer {
        match scalar(element) {
            Scalar::Float64 => Buffer::F64(values.iter().map(json_f64).collect()),
            Scalar::Float32 => Buffer::F32(values.iter().map(|v| json_f64(v) as f32).collect()),
            Scalar::Int64 => Buffer::I64(values.iter().map(|v| json_int(v) as i64).collect()),
            Scalar::Int32 => Buffer::I32(values.iter().map(|v| json_int(v) as i32).collect()),
            Scalar::Uint8 => Buffer::U8(values.iter().map(|v| json_int(v) as u8).collect()),
            other => panic!("the suite has no buffers of {other}; add them here"),
        }
    }

    fn as_value(&mut self) -> Value<'_> {
        match self {
            Buffer::F64(data) => data.into(),
            Buffer::F32(data) => data.into(),
            Buffer::I64(data) => data.into(),
            Buffer::I32(data) => data.into(),
            Buffer::U8(data) => data.into(),
        }
    }

    fn contents(&self) -> Vec<Num> {
        match self {
            Buffer::F64(data) => data.iter().map(|&x| Num::F64(x)).collect(),
            Buffer::F32(data) => data.iter().map(|&x| Num::F32(x)).collect(),
            Buffer::I64(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
            Buffer::I32(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
            Buffer::U8(data) => data.iter().map(|&x| Num::Int(x.into())).collect(),
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
        Scalar::Complex64 => {
            let (re, im) = complex_json(value);
            Complex32::new(re as f32, im as f32).into()
        }
        Scalar::Complex128 => {
            let (re, im) = complex_json(value);
            Complex64::new(re, im).into()
        }
        other => panic!("the suite passes no {other} arguments"),
    }
}

pub(crate) fn num_of(value: &Value<'_>) -> Num {
    match *value {
        Value::Void => Num::Void,
        Value::Bool(x) => Num::Bool(x),
        Value::F32(x) => Num::F32(x),
        Value::F64(x) => Num::F64(x),
        Value::Complex32(z) => Num::C64(z.re, z.im),
        Value::Complex64(z) => Num::C128(z.re, z.im),
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
