//! `DynCallback`: a C function pointer backed by a Rust closure, through a
//! libffi closure (ctypes' `CFUNCTYPE`).

use super::dyn_fn::parse_signature;
use super::error::DynError;
use super::marshal::{Cell, Kind, marshal};
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
    /// The call interface the closure points into, from `Box::into_raw`:
    /// owned as a raw pointer so that moving the `DynCallback` never
    /// asserts unique access to memory libffi reads (libffi-rs #106), and
    /// freed in `drop` after the closure.
    cif: *mut Cif,
    /// The closure's state (the `userdata` libffi passes to the
    /// trampoline), from `Box::into_raw`, freed in `drop` after the closure.
    state: *mut (dyn Any + Send + Sync),
}

// SAFETY: the closure's code, cif and state are only read once prepared,
// and the state (with the user's closure) is `Send + Sync`.
unsafe impl Send for DynCallback {}
// SAFETY: as above.
unsafe impl Sync for DynCallback {}

impl Drop for DynCallback {
    fn drop(&mut self) {
        // SAFETY: `closure` came from `ffi_closure_alloc` and is freed once,
        // here; after it, nothing refers to the cif or the state, which came
        // from `Box::into_raw` and are freed once, here.
        unsafe {
            libffi::low::closure_free(self.closure);
            drop(Box::from_raw(self.state));
            drop(Box::from_raw(self.cif));
        }
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
    /// The result must fit the return type as an argument fits its slot
    /// (exactly: `Value::F64(0.1)` does not fit `float32`). For a pointer
    /// return type it must be a pointer to memory that outlives the call:
    /// a [`Value::Pointer`], [`Value::Null`], or a `'static` buffer or C
    /// string (`c"text".into()`); C must not write through a read-only one.
    /// A value that owns its memory ([`Value::String`],
    /// [`Value::OwnedBuffer`]) is refused, since it is freed as the
    /// callback returns. C cannot receive an error, so a result that does
    /// not fit is reported as a panic is ([`DynError::CallbackReturn`],
    /// [`DynError::OwnedReturn`] as [`last_error`](crate::last_error)) and
    /// the callback returns zero (null).
    ///
    /// ```
    /// use cfunc::{DynCallback, Value};
    ///
    /// let name = DynCallback::new("CPointer(int8)()", |_| c"cfunc".into())?;
    /// let f: extern "C" fn() -> *const core::ffi::c_char = unsafe { name.as_fn() };
    /// // SAFETY: the callback returns a `'static` C string.
    /// assert_eq!(unsafe { core::ffi::CStr::from_ptr(f()) }, c"cfunc");
    ///
    /// let freed = DynCallback::new("CPointer(int8)()", |_| {
    ///     std::ffi::CString::new("temporary").unwrap().into()
    /// })?;
    /// let g: extern "C" fn() -> *const core::ffi::c_char = unsafe { freed.as_fn() };
    /// assert!(g().is_null());
    /// assert!(cfunc::last_error().unwrap().contains("owned by the value"));
    /// # Ok::<(), cfunc::DynError>(())
    /// ```
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
        Self::prepare(signature, value_trampoline, state)
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
        Self::prepare(signature, typed_trampoline::<A, R, F>, state)
    }

    /// Prepares a closure calling `trampoline` with `state` as its data.
    /// The trampoline must read its data as an `S`.
    fn prepare<S: Send + Sync + 'static>(
        signature: Signature,
        trampoline: RawCallback,
        state: Box<S>,
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
        let cif = Cif::try_new(arg_types, Kind::of(&signature.ret)?.ffi_type())
            .map_err(|error| ffi_error(format!("{error:?}")))?;
        let (closure, code) = libffi::low::try_closure_alloc()
            .ok_or_else(|| ffi_error("ffi_closure_alloc failed".to_owned()))?;
        // From here on the cif and the state are only reached through raw
        // pointers, which the returned value owns (or which are freed below).
        let cif = Box::into_raw(Box::new(cif));
        let state = Box::into_raw(state);
        // SAFETY: `cif` is a live, prepared call interface from
        // `Box::into_raw`; `as_raw_ptr` points into it.
        let raw_cif = unsafe { (*cif).as_raw_ptr() };
        // SAFETY: `closure` is freshly allocated; the cif and the state stay
        // allocated at these addresses until the closure is freed in `drop`
        // (or below), and the trampoline reads its data as an `S`.
        let status = unsafe {
            libffi::raw::ffi_prep_closure_loc(
                closure,
                raw_cif,
                Some(trampoline),
                state.cast::<c_void>(),
                code.0,
            )
        };
        if status != libffi::raw::ffi_status_FFI_OK {
            // SAFETY: allocated above and never handed out; the cif and the
            // state came from `Box::into_raw` and nothing else refers to them.
            unsafe {
                libffi::low::closure_free(closure);
                drop(Box::from_raw(state));
                drop(Box::from_raw(cif));
            }
            return Err(ffi_error(format!("ffi_prep_closure_loc returned {status}")));
        }
        Ok(DynCallback {
            closure,
            code: code.0.cast_const(),
            signature,
            cif,
            state,
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
    /// callback's signature, and the `DynCallback` outlives every call
    /// through it (it is not dropped while a call, on any thread, is
    /// running, nor called afterwards).
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

/// Checks and lays out a `Value` closure's result for the return slot.
///
/// The cell holds only the value's bits: a pointer into memory the value
/// owns would dangle once `returned` is dropped, so owning values are
/// refused for pointer slots.
fn marshal_result(slot: &Type, kind: Kind, returned: &Value<'_>) -> Result<Cell, DynError> {
    if kind == Kind::Pointer && returned.owns_memory() {
        return Err(DynError::OwnedReturn {
            expected: slot.to_string(),
            found: returned.describe(),
        });
    }
    marshal(0, slot, kind, returned).map_err(|error| DynError::CallbackReturn {
        expected: slot.to_string(),
        found: match error {
            DynError::ArgumentType { found, .. } => found,
            _ => returned.describe(),
        },
    })
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
            match marshal_result(&state.signature.ret, state.return_kind, &returned) {
                Ok(cell) => cell.bytes(),
                // C cannot receive an error: report it as a panic is.
                Err(error) => panic!("{error}"),
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
