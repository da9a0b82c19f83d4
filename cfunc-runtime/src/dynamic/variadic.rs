//! Variadic C functions (`printf`, `snprintf`) through libffi's variadic
//! call interface.

use super::error::DynError;
use super::library::LoadedLibrary;
use super::marshal::{Frame, Kind, call_and_convert, marshal, rename_integer};
use super::value::Value;
use crate::sig::Signature;
use crate::sig::{Scalar, Type};
use core::ffi::c_void;
use libffi::middle::{Cif, CodePtr};
use std::sync::Arc;

/// A variadic C function: the fixed part has a signature, the variadic
/// arguments take their C types from the values passed, after C's default
/// argument promotions (`float` becomes `double`, small integers `int`).
///
/// ```
/// use cfunc::{Library, Value};
///
/// let libc = Library::this_process();
/// // SAFETY: `snprintf(char *, size_t, const char *, ...)`.
/// let snprintf = unsafe { libc.get_variadic("snprintf", "intc(CPointer(int8), uintp, CPointer(int8))") }?;
/// let mut out = [0u8; 32];
/// let written = unsafe {
///     snprintf.call(&[(&mut out[..]).into(), 32usize.into(), c"%d-%.1f-%s".into(),
///                     7.into(), 2.5.into(), c"ok".into()])
/// }?;
/// assert_eq!(written, Value::I32(8));
/// assert_eq!(&out[..9], b"7-2.5-ok\0");
/// # Ok::<(), cfunc::DynError>(())
/// ```
pub struct VariadicFn {
    code: CodePtr,
    fixed: Signature,
    fixed_kinds: Vec<Kind>,
    return_kind: Kind,
    name: String,
    _library: Option<Arc<LoadedLibrary>>,
}

// SAFETY: only a code address and immutable descriptions are shared.
unsafe impl Send for VariadicFn {}
// SAFETY: as above.
unsafe impl Sync for VariadicFn {}

impl VariadicFn {
    /// # Safety
    ///
    /// `address` is a variadic C function whose fixed part is `fixed`.
    pub(crate) unsafe fn new(
        address: *const c_void,
        fixed: Signature,
        name: String,
        library: Option<Arc<LoadedLibrary>>,
    ) -> Result<VariadicFn, DynError> {
        let (fixed_kinds, return_kind) = Kind::of_signature(&fixed, &[])?;
        Ok(VariadicFn {
            code: CodePtr::from_ptr(address),
            fixed,
            fixed_kinds,
            return_kind,
            name,
            _library: library,
        })
    }

    /// The signature of the fixed part.
    pub fn fixed_signature(&self) -> &Signature {
        &self.fixed
    }

    /// Calls the function: the first arguments are checked against the
    /// fixed signature, the rest are passed as C variadic arguments of
    /// their own types.
    ///
    /// # Errors
    ///
    /// [`DynError::Arity`] if fewer arguments than the fixed part takes,
    /// [`DynError::ArgumentType`], [`DynError::VariadicArgument`] for a
    /// value that has no C variadic form (`Value::Void`).
    ///
    /// # Safety
    ///
    /// As for [`DynFn::call`](super::DynFn::call), and the variadic
    /// arguments must be what the function will read (a format string's
    /// conversions, for `printf`).
    pub unsafe fn call(&self, args: &[Value<'_>]) -> Result<Value<'static>, DynError> {
        let fixed_count = self.fixed_kinds.len();
        if args.len() < fixed_count {
            return Err(DynError::Arity {
                function: self.name.clone(),
                expected: fixed_count,
                found: args.len(),
            });
        }
        let mut kinds = self.fixed_kinds.clone();
        let mut slots: Vec<Type> = self.fixed.args.clone();
        for (index, value) in args.iter().enumerate().skip(fixed_count) {
            let slot = promoted_slot(index + 1, value)?;
            kinds.push(Kind::of(&slot, &[])?);
            slots.push(slot);
        }
        let frame = Frame::new(&kinds);
        let mut storage = frame.storage();
        for (index, ((slot, kind), value)) in slots.iter().zip(&kinds).zip(args).enumerate() {
            // A variadic boolean is passed as the `int` it is promoted to.
            // Every other value is lent itself: a copy of an owned buffer or
            // C string would be freed before C reads or writes it.
            let promoted;
            let value = match value {
                Value::Bool(flag) if index >= fixed_count => {
                    promoted = Value::I32(i32::from(*flag));
                    &promoted
                }
                other => other,
            };
            marshal(
                index + 1,
                slot,
                kind,
                value,
                frame.slot(&mut storage, index),
            )?;
        }
        let cif = Cif::try_new_variadic(
            kinds.iter().map(Kind::ffi_type).collect::<Vec<_>>(),
            fixed_count,
            self.return_kind.ffi_type(),
        )
        .map_err(|error| DynError::Ffi {
            signature: self.fixed.to_string(),
            reason: format!("{error:?}"),
        })?;
        // SAFETY: the cif and the frame describe exactly the values laid out
        // in `storage`, and the fixed part is what the maker of this
        // function vouched for.
        let result =
            unsafe { call_and_convert(&cif, self.code, &self.return_kind, &frame, &mut storage) };
        Ok(rename_integer(&self.fixed.ret, result))
    }
}

/// The type a variadic value is passed as, after C's default argument
/// promotions.
fn promoted_slot(position: usize, value: &Value<'_>) -> Result<Type, DynError> {
    let refuse = |reason: &str| DynError::VariadicArgument {
        position,
        reason: reason.to_owned(),
    };
    Ok(Type::Scalar(match value {
        Value::Bool(_)
        | Value::I8(_)
        | Value::I16(_)
        | Value::I32(_)
        | Value::U8(_)
        | Value::U16(_) => Scalar::Int32,
        Value::U32(_) => Scalar::Uint32,
        Value::I64(_) | Value::Isize(_) => Scalar::Int64,
        Value::U64(_) | Value::Usize(_) => Scalar::Uint64,
        Value::F32(_) | Value::F64(_) => Scalar::Float64,
        Value::Void => return Err(refuse("`void` has no value to pass")),
        Value::Complex32(_) | Value::Complex64(_) | Value::Record(_) => {
            return Err(refuse(&format!(
                "{} has no portable variadic form; pass a pointer to it",
                value.describe()
            )));
        }
        _ => Scalar::VoidPtr,
    }))
}
