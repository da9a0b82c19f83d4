//! `DynCallback`: a C function pointer backed by a Rust closure, through a
//! libffi closure (ctypes' `CFUNCTYPE`).

use super::dyn_fn::parse_signature;
use super::error::DynError;
use super::marshal::{Kind, StoreRefusal, read_c, rename_integer, store, write_result};
use super::typed::{CArgs, CReturn, describe_typed};
use super::value::Value;
use crate::panic::catch_panic;
use crate::sig::{Signature, Type};
use crate::types::RecordLayout;
use core::ffi::c_void;
use libffi::middle::Cif;
use libffi::raw::{ffi_cif, ffi_closure};
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
    /// [`DynError::Signature`], [`DynError::RecordLayoutMissing`] for a
    /// record by value (use [`DynCallback::with_records`]),
    /// [`DynError::Ffi`].
    pub fn new<F>(signature: &str, body: F) -> Result<DynCallback, DynError>
    where
        F: Fn(&[Value<'_>]) -> Value<'static> + Send + Sync + 'static,
    {
        Self::with_records(signature, &[], body)
    }

    /// A callback whose signature passes records by value, with their
    /// layouts (as [`DynFn::with_records`](super::DynFn::with_records)
    /// takes them): the closure receives and returns them as
    /// [`Value::Record`]s.
    ///
    /// ```
    /// use cfunc::{DynCallback, Record, Value};
    ///
    /// #[derive(Clone, Copy, PartialEq, Debug, Record)]
    /// #[repr(C)]
    /// struct interval {
    ///     lo: f64,
    ///     hi: f64,
    /// }
    ///
    /// let widen = DynCallback::with_records("interval(interval, float64)", &[interval::layout()], |args| {
    ///     let i = args[0].as_record::<interval>().unwrap();
    ///     let by = args[1].as_f64().unwrap();
    ///     Value::record(&interval { lo: i.lo - by, hi: i.hi + by })
    /// })?;
    /// // What a C library does with the pointer it is given:
    /// let f: extern "C" fn(interval, f64) -> interval = unsafe { widen.as_fn() };
    /// assert_eq!(f(interval { lo: 1.0, hi: 2.0 }, 0.5), interval { lo: 0.5, hi: 2.5 });
    /// # Ok::<(), cfunc::DynError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`DynCallback::new`]; [`DynError::RecordLayoutMissing`]
    /// names a record that `records` lacks.
    pub fn with_records<F>(
        signature: &str,
        records: &[RecordLayout],
        body: F,
    ) -> Result<DynCallback, DynError>
    where
        F: Fn(&[Value<'_>]) -> Value<'static> + Send + Sync + 'static,
    {
        let signature = parse_signature(signature)?;
        let (arg_kinds, return_kind) = Kind::of_signature(&signature, records)?;
        let state = Box::new(ValueState {
            label: format!("DynCallback {signature}"),
            signature: signature.clone(),
            arg_kinds: arg_kinds.clone(),
            return_kind: return_kind.clone(),
            body: Box::new(body),
        });
        Self::prepare(signature, &arg_kinds, &return_kind, value_trampoline, state)
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
        // The records' layouts come from the Rust types themselves.
        let mut records = Vec::new();
        A::by_value_layouts(&mut records);
        R::by_value_layouts(&mut records);
        let (arg_kinds, return_kind) = Kind::of_signature(&signature, &records)?;
        let state = Box::new(TypedState {
            label: format!("DynCallback {signature}"),
            body,
        });
        Self::prepare(
            signature,
            &arg_kinds,
            &return_kind,
            typed_trampoline::<A, R, F>,
            state,
        )
    }

    /// Prepares a closure calling `trampoline` with `state` as its data.
    /// The trampoline must read its data as an `S`.
    fn prepare<S: Send + Sync + 'static>(
        signature: Signature,
        arg_kinds: &[Kind],
        return_kind: &Kind,
        trampoline: RawCallback,
        state: Box<S>,
    ) -> Result<DynCallback, DynError> {
        let ffi_error = |reason: String| DynError::Ffi {
            signature: signature.to_string(),
            reason,
        };
        let cif = Cif::try_new(
            arg_kinds.iter().map(Kind::ffi_type).collect::<Vec<_>>(),
            return_kind.ffi_type(),
        )
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
unsafe fn read_value(kind: &Kind, slot: &Type, pointer: *const c_void) -> Value<'static> {
    let size = kind.size_align().0;
    // SAFETY: the caller guarantees a value of the kind's size behind
    // `pointer`, which libffi keeps alive for the call.
    let bytes = unsafe { core::slice::from_raw_parts(pointer.cast::<u8>(), size) };
    rename_integer(slot, read_c(kind, bytes))
}

/// Checks a `Value` closure's result for the return slot and lays out its
/// C bytes in `out` (the kind's size).
///
/// The bytes hold only the value's bits: a pointer into memory the value
/// owns would dangle once `returned` is dropped, so owning values are
/// refused for pointer slots.
fn marshal_result(
    slot: &Type,
    kind: &Kind,
    returned: &Value<'_>,
    out: &mut [u8],
) -> Result<(), DynError> {
    store(slot, kind, returned, out).map_err(|refusal| match refusal {
        StoreRefusal::Owned => DynError::OwnedReturn {
            expected: slot.to_string(),
            found: returned.describe(),
        },
        StoreRefusal::Mismatch(found) => DynError::CallbackReturn {
            expected: slot.to_string(),
            found,
        },
    })
}

/// Results up to this size are laid out on the stack.
const INLINE_RESULT: usize = 32;

/// Lays out `bytes` bytes for a result with `fill`, on the stack when they
/// fit, and hands them to `fill`.
fn with_result_bytes(bytes: usize, fill: impl FnOnce(&mut [u8])) {
    if bytes <= INLINE_RESULT {
        fill(&mut [0; INLINE_RESULT][..bytes])
    } else {
        fill(&mut vec![0; bytes])
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
    let kind = &state.return_kind;
    let size = kind.size_align().0;
    let returned = catch_panic(
        &state.label,
        || {
            // Made empty in place and pushed into: building the vector by
            // value (`collect`, `with_capacity`) copies its inline array.
            let mut values: SmallVec<[Value<'static>; 8]> = SmallVec::new();
            for (index, (kind, slot)) in state
                .arg_kinds
                .iter()
                .zip(&state.signature.args)
                .enumerate()
            {
                // SAFETY: libffi passes one pointer per argument, to a value
                // of the type the cif (built from these kinds) declares.
                values.push(unsafe { read_value(kind, slot, *args.add(index)) });
            }
            let returned = (state.body)(&values);
            if *kind != Kind::Void {
                with_result_bytes(size, |bytes| {
                    match marshal_result(&state.signature.ret, kind, &returned, bytes) {
                        // SAFETY: `result` is libffi's buffer for the return
                        // kind, and `bytes` has the kind's size.
                        Ok(()) => unsafe { write_result(kind, bytes, result) },
                        // C cannot receive an error: report it as a panic is.
                        Err(error) => panic!("{error}"),
                    }
                });
            }
            true
        },
        || false,
    );
    if !returned {
        // Zero bits are the zero value of every C scalar, pointer, complex
        // number and record.
        // SAFETY: as above.
        with_result_bytes(size, |zeros| unsafe { write_result(kind, zeros, result) });
    }
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
