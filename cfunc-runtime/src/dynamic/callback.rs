//! `DynCallback`: a C function pointer backed by a Rust closure, through a
//! libffi closure (ctypes' `CFUNCTYPE`).

use super::dyn_fn::parse_signature;
use super::error::DynError;
use super::marshal::{Kind, marshal};
use super::typed::{CArgs, CReturn, describe_typed};
use super::value::Value;
use crate::panic::catch_panic;
use crate::sig::{Scalar, Signature, Type};
use core::ffi::c_void;
use libffi::middle::Cif;
use libffi::raw::{ffi_arg, ffi_cif, ffi_closure};
use smallvec::SmallVec;
use std::any::Any;

/// A C function pointer that calls a Rust closure, like ctypes'
/// `CFUNCTYPE(...)(python_function)`.
///
/// It stays callable as long as the `DynCallback` lives. A panic in the
/// closure follows the cfunc policy: reported on stderr, kept as the
/// thread's [`last_error`](crate::last_error), and the zero value returned
/// to C.
///
/// ```
/// use cfunc::{DynCallback, Value};
///
/// let offset = 10.0;
/// let shifted = DynCallback::new("float64(float64)", move |args| {
///     Value::F64(args[0].as_f64().unwrap() + offset)
/// })?;
/// // What a C library does with the pointer it is given:
/// let f: extern "C" fn(f64) -> f64 = unsafe { shifted.as_fn() };
/// assert_eq!(f(1.5), 11.5);
///
/// let typed = DynCallback::typed("int64(int64, int64)", |(a, b): (i64, i64)| a * b)?;
/// let g: extern "C" fn(i64, i64) -> i64 = unsafe { typed.as_fn() };
/// assert_eq!(g(6, 7), 42);
/// # Ok::<(), cfunc::DynError>(())
/// ```
pub struct DynCallback {
    closure: *mut ffi_closure,
    code: *const c_void,
    signature: Signature,
    /// Referenced by the closure; dropped after it is freed.
    _cif: Box<Cif>,
    _state: Box<dyn Any + Send + Sync>,
}

// SAFETY: the closure's code and data are immutable once prepared and the
// state's closure is `Send + Sync`.
unsafe impl Send for DynCallback {}
// SAFETY: as above.
unsafe impl Sync for DynCallback {}

impl Drop for DynCallback {
    fn drop(&mut self) {
        // SAFETY: `closure` came from `ffi_closure_alloc` and is freed once;
        // the cif and state it references are dropped after this.
        unsafe { libffi::low::closure_free(self.closure) };
    }
}

impl std::fmt::Debug for DynCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynCallback")
            .field("signature", &self.signature.to_string())
            .field("address", &self.code)
            .finish()
    }
}

type ValueBody = dyn Fn(&[Value<'_>]) -> Value<'static> + Send + Sync;

struct ValueState {
    label: String,
    signature: Signature,
    arg_kinds: Vec<Kind>,
    return_kind: Kind,
    body: Box<ValueBody>,
}

struct TypedState<F> {
    label: String,
    body: F,
}

type RawCallback = unsafe extern "C" fn(*mut ffi_cif, *mut c_void, *mut *mut c_void, *mut c_void);

impl DynCallback {
    /// A callback with `signature` whose arguments reach `body` as
    /// [`Value`]s; its result is converted to the return type.
    ///
    /// # Errors
    ///
    /// [`DynError::Signature`], [`DynError::RecordByValue`],
    /// [`DynError::Ffi`].
    pub fn new<F>(signature: &str, body: F) -> Result<DynCallback, DynError>
    where
        F: Fn(&[Value<'_>]) -> Value<'static> + Send + Sync + 'static,
    {
        let signature = parse_signature(signature)?;
        let arg_kinds = signature
            .args
            .iter()
            .map(Kind::of)
            .collect::<Result<Vec<_>, _>>()?;
        let return_kind = Kind::of(&signature.ret)?;
        let state = Box::new(ValueState {
            label: format!("DynCallback {signature}"),
            signature: signature.clone(),
            arg_kinds,
            return_kind,
            body: Box::new(body),
        });
        let userdata = (&raw const *state).cast_mut().cast::<c_void>();
        Self::prepare(signature, value_trampoline, userdata, state)
    }

    /// A callback whose closure takes and returns Rust values (checked
    /// against the signature here, once).
    ///
    /// # Errors
    ///
    /// [`DynError::TypedMismatch`] and the errors of [`DynCallback::new`].
    pub fn typed<A, R, F>(signature: &str, body: F) -> Result<DynCallback, DynError>
    where
        A: CArgs,
        R: CReturn,
        F: Fn(A) -> R + Send + Sync + 'static,
    {
        let signature = parse_signature(signature)?;
        if !(A::matches(&signature.args) && R::matches(&signature.ret)) {
            return Err(DynError::TypedMismatch {
                expected: signature.to_string(),
                found: describe_typed::<A, R>(),
            });
        }
        let state = Box::new(TypedState {
            label: format!("DynCallback {signature}"),
            body,
        });
        let userdata = (&raw const *state).cast_mut().cast::<c_void>();
        Self::prepare(signature, typed_trampoline::<A, R, F>, userdata, state)
    }

    fn prepare(
        signature: Signature,
        trampoline: RawCallback,
        userdata: *mut c_void,
        state: Box<dyn Any + Send + Sync>,
    ) -> Result<DynCallback, DynError> {
        let ffi_error = |reason: String| DynError::Ffi {
            signature: signature.to_string(),
            reason,
        };
        let arg_types = signature
            .args
            .iter()
            .map(|slot| Kind::of(slot).map(Kind::ffi_type))
            .collect::<Result<Vec<_>, _>>()?;
        let cif = Box::new(
            Cif::try_new(arg_types, Kind::of(&signature.ret)?.ffi_type())
                .map_err(|error| ffi_error(format!("{error:?}")))?,
        );
        let (closure, code) = libffi::low::try_closure_alloc()
            .ok_or_else(|| ffi_error("ffi_closure_alloc failed".to_owned()))?;
        // SAFETY: `closure` is freshly allocated; `cif` and `userdata` are
        // boxed and kept alive (and unmoved) by the returned value until the
        // closure is freed in `drop`.
        let status = unsafe {
            libffi::raw::ffi_prep_closure_loc(
                closure,
                cif.as_raw_ptr(),
                Some(trampoline),
                userdata,
                code.0,
            )
        };
        if status != libffi::raw::ffi_status_FFI_OK {
            // SAFETY: allocated above and not handed out.
            unsafe { libffi::low::closure_free(closure) };
            return Err(ffi_error(format!("ffi_prep_closure_loc returned {status}")));
        }
        Ok(DynCallback {
            closure,
            code: code.0.cast_const(),
            signature,
            _cif: cif,
            _state: state,
        })
    }

    /// The callback's address, to hand to C.
    pub fn address(&self) -> usize {
        self.code as usize
    }

    /// The callback's code pointer, to hand to C.
    pub fn code_ptr(&self) -> *const c_void {
        self.code
    }

    /// The signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The callback as a typed function pointer, e.g.
    /// `extern "C" fn(f64) -> f64`.
    ///
    /// # Safety
    ///
    /// `F` is an `extern "C"` function pointer type with exactly the
    /// callback's signature, and it is not called after the `DynCallback`
    /// is dropped.
    pub unsafe fn as_fn<F: Copy>(&self) -> F {
        assert_eq!(
            core::mem::size_of::<F>(),
            core::mem::size_of::<*const c_void>(),
            "`as_fn` needs a function pointer type"
        );
        // SAFETY: same size (checked); the caller guarantees the type.
        unsafe { core::mem::transmute_copy::<*const c_void, F>(&self.code) }
    }
}

/// Reads one argument of a closure call.
///
/// # Safety
///
/// `pointer` points at a value of the C type of `kind`.
unsafe fn read_value(kind: Kind, slot: &Type, pointer: *const c_void) -> Value<'static> {
    // SAFETY: the caller guarantees the type behind `pointer`.
    unsafe {
        match kind {
            Kind::Void => Value::Void,
            Kind::Bool => Value::Bool(pointer.cast::<u8>().read() != 0),
            Kind::I8 => Value::I8(pointer.cast::<i8>().read()),
            Kind::I16 => Value::I16(pointer.cast::<i16>().read()),
            Kind::I32 => Value::I32(pointer.cast::<i32>().read()),
            Kind::I64 if *slot == Type::Scalar(Scalar::Intp) => {
                Value::Isize(pointer.cast::<isize>().read())
            }
            Kind::I64 => Value::I64(pointer.cast::<i64>().read()),
            Kind::U8 => Value::U8(pointer.cast::<u8>().read()),
            Kind::U16 => Value::U16(pointer.cast::<u16>().read()),
            Kind::U32 => Value::U32(pointer.cast::<u32>().read()),
            Kind::U64 if *slot == Type::Scalar(Scalar::Uintp) => {
                Value::Usize(pointer.cast::<usize>().read())
            }
            Kind::U64 => Value::U64(pointer.cast::<u64>().read()),
            Kind::F32 => Value::F32(pointer.cast::<f32>().read()),
            Kind::F64 => Value::F64(pointer.cast::<f64>().read()),
            Kind::Pointer => Value::Pointer(pointer.cast::<*mut c_void>().read()),
        }
    }
}

/// Writes a closure's result.
///
/// # Safety
///
/// `out` is libffi's result buffer for `kind`.
unsafe fn write_cell(kind: Kind, cell_bytes: [u8; 8], out: *mut c_void) {
    // SAFETY: the caller gives libffi's result buffer: exactly the type's
    // size for floats and pointers, a full `ffi_arg` for integers.
    unsafe {
        let bytes = cell_bytes.as_ptr();
        match kind {
            Kind::Void => {}
            Kind::Bool | Kind::U8 => out.cast::<ffi_arg>().write(ffi_arg::from(bytes.read())),
            Kind::U16 => out
                .cast::<ffi_arg>()
                .write(ffi_arg::from(bytes.cast::<u16>().read_unaligned())),
            Kind::U32 => out
                .cast::<ffi_arg>()
                .write(ffi_arg::from(bytes.cast::<u32>().read_unaligned())),
            Kind::I8 => out
                .cast::<ffi_arg>()
                .write(bytes.cast::<i8>().read() as i64 as ffi_arg),
            Kind::I16 => out
                .cast::<ffi_arg>()
                .write(bytes.cast::<i16>().read_unaligned() as i64 as ffi_arg),
            Kind::I32 => out
                .cast::<ffi_arg>()
                .write(bytes.cast::<i32>().read_unaligned() as i64 as ffi_arg),
            Kind::I64 | Kind::U64 => out
                .cast::<u64>()
                .write(bytes.cast::<u64>().read_unaligned()),
            Kind::F32 => out
                .cast::<f32>()
                .write(bytes.cast::<f32>().read_unaligned()),
            Kind::F64 => out
                .cast::<f64>()
                .write(bytes.cast::<f64>().read_unaligned()),
            Kind::Pointer => out
                .cast::<usize>()
                .write(bytes.cast::<usize>().read_unaligned()),
        }
    }
}

unsafe extern "C" fn value_trampoline(
    _cif: *mut ffi_cif,
    result: *mut c_void,
    args: *mut *mut c_void,
    userdata: *mut c_void,
) {
    // SAFETY: `userdata` is the `ValueState` this closure was prepared with,
    // alive while the closure exists.
    let state = unsafe { &*userdata.cast::<ValueState>() };
    let bytes = catch_panic(
        &state.label,
        || {
            let values: SmallVec<[Value<'static>; 8]> = state
                .arg_kinds
                .iter()
                .zip(&state.signature.args)
                .enumerate()
                // SAFETY: libffi passes one pointer per argument, to a value
                // of the type the cif (built from these kinds) declares.
                .map(|(index, (kind, slot))| unsafe { read_value(*kind, slot, *args.add(index)) })
                .collect();
            let returned = (state.body)(&values);
            if state.return_kind == Kind::Void {
                return [0; 8];
            }
            match marshal(0, &state.signature.ret, state.return_kind, &returned) {
                Ok(cell) => cell.bytes(),
                Err(_) => panic!(
                    "the closure returned {} for the return type {}",
                    returned.describe(),
                    state.signature.ret
                ),
            }
        },
        // Zero bits are the zero value of every C scalar and pointer.
        || [0; 8],
    );
    // SAFETY: `result` is libffi's buffer for the return kind.
    unsafe { write_cell(state.return_kind, bytes, result) };
}

unsafe extern "C" fn typed_trampoline<A, R, F>(
    _cif: *mut ffi_cif,
    result: *mut c_void,
    args: *mut *mut c_void,
    userdata: *mut c_void,
) where
    A: CArgs,
    R: CReturn,
    F: Fn(A) -> R,
{
    // SAFETY: `userdata` is the `TypedState<F>` this closure was prepared
    // with, alive while the closure exists.
    let state = unsafe { &*userdata.cast::<TypedState<F>>() };
    let value = catch_panic(
        &state.label,
        // SAFETY: the cif was built from a signature that `A` matches.
        || (state.body)(unsafe { A::read(args.cast_const().cast()) }),
        R::zero,
    );
    // SAFETY: `result` is libffi's buffer for `R`'s C type.
    unsafe { value.write_result(result) };
}
