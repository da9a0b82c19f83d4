//! `DynFn`: a C function called through libffi from a signature string,
//! like a ctypes function object with `argtypes` and `restype` set.

use super::error::DynError;
use super::library::LoadedLibrary;
use super::marshal::{Frame, Kind, call_and_convert, marshal, rename_integer};
use super::typed::{CArgs, CReturn, describe_typed};
use super::value::Value;
use crate::handle::CFunc;
use crate::sig::Signature;
use crate::types::RecordLayout;
use core::ffi::c_void;
use core::marker::PhantomData;
use libffi::middle::{Cif, CodePtr};
use std::sync::Arc;

/// A C function with a known signature, callable with [`Value`]s.
///
/// The libffi call interface is prepared once, when the `DynFn` is made;
/// each call checks the arguments against the signature and converts them.
///
/// ```
/// use cfunc::{DynFn, Value, cfunc};
///
/// #[cfunc("float64(float64, float64)")]
/// fn add(x: f64, y: f64) -> f64 {
///     x + y
/// }
///
/// let add_ctypes = add::ctypes();
/// // SAFETY: `add` takes two doubles; nothing else is assumed.
/// let sum = unsafe { add_ctypes.call(&[4.0.into(), 5.0.into()]) }?;
/// assert_eq!(sum, Value::F64(9.0));
///
/// let error = unsafe { add_ctypes.call(&[4.0.into()]) }.unwrap_err();
/// assert_eq!(error.to_string(), "`add` takes 2 arguments, got 1");
/// # Ok::<(), cfunc::DynError>(())
/// ```
pub struct DynFn {
    code: CodePtr,
    signature: Signature,
    name: String,
    arg_kinds: Vec<Kind>,
    return_kind: Kind,
    /// Where each argument's C bytes go in a call's storage.
    frame: Frame,
    cif: Cif,
    /// Keeps the library that holds `code` loaded.
    _library: Option<Arc<LoadedLibrary>>,
}

// SAFETY: the prepared `Cif` is only read after construction (libffi's
// `ffi_call` does not modify it), and the code pointer is a plain address.
unsafe impl Send for DynFn {}
// SAFETY: as above; calls share nothing mutable.
unsafe impl Sync for DynFn {}

impl std::fmt::Debug for DynFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynFn")
            .field("name", &self.name)
            .field("signature", &self.signature.to_string())
            .field("address", &self.code.0.cast_const())
            .finish()
    }
}

pub(crate) fn parse_signature(text: &str) -> Result<Signature, DynError> {
    text.parse().map_err(|source| DynError::Signature {
        text: text.to_owned(),
        source,
    })
}

impl DynFn {
    /// A dynamic caller for the C function at `address`, with `signature`
    /// (Numba's grammar, e.g. `"float64(float64, float64)"`).
    ///
    /// # Errors
    ///
    /// [`DynError::Signature`] if the signature does not parse,
    /// [`DynError::RecordLayoutMissing`] for a record passed by value (use
    /// [`DynFn::with_records`]).
    ///
    /// # Safety
    ///
    /// `address` is a C function with this signature, and stays valid as
    /// long as the `DynFn`, or a [`TypedFn`] made from it, is called (a
    /// `DynFn` made from a [`DynCallback`](super::DynCallback)'s address
    /// does not keep the callback alive).
    pub unsafe fn new(address: *const c_void, signature: &str) -> Result<DynFn, DynError> {
        // SAFETY: forwarded from the caller.
        unsafe { Self::with_records(address, signature, &[]) }
    }

    /// A dynamic caller for a C function whose signature passes records
    /// by value: `records` gives the layout of each record it names (a
    /// `#[derive(Record)]` struct's `layout()`, or a [`RecordLayout`]
    /// built at run time), which libffi needs to pass them in the
    /// registers or memory the C ABI puts them in.
    ///
    /// ```
    /// use cfunc::{DynFn, Record, Value, cfunc};
    ///
    /// #[derive(Clone, Copy, PartialEq, Debug, Record)]
    /// #[repr(C)]
    /// struct point {
    ///     x: f64,
    ///     y: f64,
    /// }
    ///
    /// #[cfunc("point(point, float64)")]
    /// fn scale(p: point, factor: f64) -> point {
    ///     point { x: p.x * factor, y: p.y * factor }
    /// }
    ///
    /// let address = scale::address() as *const core::ffi::c_void;
    /// // SAFETY: `scale` has this signature and lives as long as the program.
    /// let scale_dyn = unsafe { DynFn::with_records(address, "point(point, float64)", &[point::layout()]) }?;
    /// // SAFETY: the arguments are plain values.
    /// let scaled = unsafe { scale_dyn.call(&[Value::record(&point { x: 1.0, y: -2.0 }), 3.0.into()]) }?;
    /// assert_eq!(scaled.as_record::<point>(), Some(point { x: 3.0, y: -6.0 }));
    ///
    /// // A pointer where the record goes by value is refused before the call.
    /// let error = unsafe { scale_dyn.call(&[Value::Pointer(core::ptr::null_mut()), 3.0.into()]) }.unwrap_err();
    /// assert_eq!(error.to_string(), "argument 1: expected record `point` by value, got a null raw pointer");
    /// # Ok::<(), cfunc::DynError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`DynFn::new`]; [`DynError::RecordLayoutMissing`] names a
    /// record that `records` lacks.
    ///
    /// # Safety
    ///
    /// As for [`DynFn::new`], and each layout is the C layout of the
    /// struct that the function takes or returns under that name.
    pub unsafe fn with_records(
        address: *const c_void,
        signature: &str,
        records: &[RecordLayout],
    ) -> Result<DynFn, DynError> {
        let signature = parse_signature(signature)?;
        let name = format!("function at {address:p}");
        // SAFETY: forwarded from the caller.
        unsafe { Self::with_signature(address, signature, name, records, None) }
    }

    /// The dynamic caller of a cfunc: what `add::ctypes()` returns. Its
    /// by-value records' layouts come from the cfunc itself.
    pub fn from_cfunc<F: CFunc>() -> DynFn {
        let signature = F::signature();
        let code = F::address() as *const c_void;
        // SAFETY: a cfunc's handle pairs its own address with its own
        // signature and the layouts of the records that signature names
        // (asserted against rustc's layout when the cfunc compiled), and
        // the function lives as long as the program.
        unsafe {
            Self::with_signature(
                code,
                signature,
                F::NATIVE_NAME.to_owned(),
                &F::record_layouts(),
                None,
            )
        }
        .unwrap_or_else(|error| panic!("cfunc `{}`: {error}", F::NAME))
    }

    /// # Safety
    ///
    /// As for [`DynFn::with_records`].
    pub(crate) unsafe fn with_signature(
        address: *const c_void,
        signature: Signature,
        name: String,
        records: &[RecordLayout],
        library: Option<Arc<LoadedLibrary>>,
    ) -> Result<DynFn, DynError> {
        let (arg_kinds, return_kind) = Kind::of_signature(&signature, records)?;
        let cif = Cif::try_new(
            arg_kinds
                .iter()
                .map(|kind| kind.ffi_type())
                .collect::<Vec<_>>(),
            return_kind.ffi_type(),
        )
        .map_err(|error| DynError::Ffi {
            signature: signature.to_string(),
            reason: format!("{error:?}"),
        })?;
        Ok(DynFn {
            code: CodePtr::from_ptr(address),
            signature,
            name,
            frame: Frame::new(&arg_kinds),
            arg_kinds,
            return_kind,
            cif,
            _library: library,
        })
    }

    /// The signature, parsed.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The function's address.
    pub fn address(&self) -> usize {
        self.code.0.cast_const() as usize
    }

    /// The symbol or description the function was made from.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Calls the function with `args`, checked against the signature.
    ///
    /// Numbers are converted where the slot's own type holds the value
    /// exactly (an `int32` for an `int64` slot, `2` for a `float64`, `0.5`
    /// for a `float32`; not `300` for a `uint8`, `16777217` or `0.1` for a
    /// `float32`); booleans go only to `boolean` slots; buffers must hold
    /// the slot's element type; `voidptr` takes any pointer, buffer, C
    /// string or null.
    ///
    /// ```
    /// use cfunc::{DynError, Library, Value};
    ///
    /// let libc = Library::this_process();
    /// // SAFETY: `void *memcpy(void *, const void *, size_t)`.
    /// let memcpy = unsafe { libc.get("memcpy", "voidptr(voidptr, voidptr, uintp)") }?;
    /// let source = [1.0f64, 2.0];
    /// let mut target = [0.0f64; 2];
    /// // SAFETY: memcpy writes 16 bytes into `target`, lent mutably, and only
    /// // reads `source`, lent read-only.
    /// unsafe { memcpy.call(&[(&mut target).into(), (&source).into(), 16usize.into()]) }?;
    /// assert_eq!(target, source);
    ///
    /// // Exact conversions only: 16777217 is not a float.
    /// #[cfunc::cfunc("float32(float32)")]
    /// fn half(x: f32) -> f32 {
    ///     x / 2.0
    /// }
    /// // SAFETY: `half` takes a float; the first call fails before reaching it.
    /// let error = unsafe { half::ctypes().call(&[16_777_217.into()]) }.unwrap_err();
    /// assert!(matches!(error, DynError::ArgumentType { .. }));
    /// assert_eq!(unsafe { half::ctypes().call(&[16_777_216.into()]) }?, Value::F32(8_388_608.0));
    /// # Ok::<(), DynError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DynError::Arity`] and [`DynError::ArgumentType`], before anything
    /// is called.
    ///
    /// # Safety
    ///
    /// The call runs C code: the arguments must satisfy the function's own
    /// contract (buffers long enough for what it reads and writes, raw
    /// pointers valid). Signatures do not say `const`, so the values say
    /// what C may write (see [`Value`]): the function must not write
    /// through a read-only value (a buffer made from a shared borrow, or a
    /// C string), and may write only valid elements into a writable one
    /// (`0` or `1` into `bool`s).
    pub unsafe fn call(&self, args: &[Value<'_>]) -> Result<Value<'static>, DynError> {
        if args.len() != self.arg_kinds.len() {
            return Err(DynError::Arity {
                function: self.name.clone(),
                expected: self.arg_kinds.len(),
                found: args.len(),
            });
        }
        let mut storage = self.frame.storage();
        for (index, ((slot, kind), value)) in self
            .signature
            .args
            .iter()
            .zip(&self.arg_kinds)
            .zip(args)
            .enumerate()
        {
            marshal(
                index + 1,
                slot,
                kind,
                value,
                self.frame.slot(&mut storage, index),
            )?;
        }
        // SAFETY: the cif and the frame were prepared from the signature
        // (and record layouts) that the caller of `new` vouched for, and
        // every argument was laid out in the storage; the rest is this
        // function's contract.
        let result = unsafe {
            call_and_convert(
                &self.cif,
                self.code,
                &self.return_kind,
                &self.frame,
                &mut storage,
            )
        };
        Ok(rename_integer(&self.signature.ret, result))
    }

    /// Calls the function with Rust values whose types match the signature
    /// (checked on each call, without allocating), straight through the
    /// function pointer: no libffi.
    ///
    /// ```
    /// # use cfunc::cfunc;
    /// #[cfunc("float64(float64, float64)")]
    /// fn add(x: f64, y: f64) -> f64 {
    ///     x + y
    /// }
    /// // SAFETY: `add` takes two doubles.
    /// let sum: f64 = unsafe { add::ctypes().call_typed((4.0, 5.0)) }?;
    /// assert_eq!(sum, 9.0);
    /// # Ok::<(), cfunc::DynError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DynError::TypedMismatch`] if `A` and `R` are not the signature's
    /// types.
    ///
    /// # Safety
    ///
    /// As for [`DynFn::call`].
    pub unsafe fn call_typed<A: CArgs, R: CReturn>(&self, args: A) -> Result<R, DynError> {
        self.check_typed::<A, R>()?;
        // SAFETY: the types match the signature (checked above), which the
        // maker of this `DynFn` vouched for.
        Ok(unsafe { args.call::<R>(self.code.0.cast_const()) })
    }

    /// A typed handle, checked once, whose calls cost a direct call.
    ///
    /// # Errors
    ///
    /// [`DynError::TypedMismatch`] if `A` and `R` are not the signature's
    /// types.
    pub fn typed<A: CArgs, R: CReturn>(&self) -> Result<TypedFn<A, R>, DynError> {
        self.check_typed::<A, R>()?;
        Ok(TypedFn {
            code: self.code.0.cast_const(),
            _library: self._library.clone(),
            _types: PhantomData,
        })
    }

    fn check_typed<A: CArgs, R: CReturn>(&self) -> Result<(), DynError> {
        // Record slots match Rust types by name; a record passed by value
        // must also have the layout this function was made with, or C
        // would read another record than the one passed.
        let mut typed_layouts = Vec::new();
        A::by_value_layouts(&mut typed_layouts);
        R::by_value_layouts(&mut typed_layouts);
        let conflict = typed_layouts.iter().find(|typed| {
            self.arg_kinds
                .iter()
                .chain([&self.return_kind])
                .any(|kind| matches!(kind, Kind::Record(layout) if layout.name() == typed.name() && layout != *typed))
        });
        if let Some(typed) = conflict {
            return Err(DynError::RecordLayoutConflict {
                name: typed.name().to_owned(),
            });
        }
        if A::matches(&self.signature.args) && R::matches(&self.signature.ret) {
            Ok(())
        } else {
            Err(DynError::TypedMismatch {
                expected: self.signature.to_string(),
                found: describe_typed::<A, R>(),
            })
        }
    }
}

/// A C function with Rust argument and result types checked against its
/// signature once; calls go straight through the function pointer.
pub struct TypedFn<A, R> {
    code: *const c_void,
    _library: Option<Arc<LoadedLibrary>>,
    _types: PhantomData<fn(A) -> R>,
}

// SAFETY: a code address is shareable; the library handle is `Arc`ed.
unsafe impl<A, R> Send for TypedFn<A, R> {}
// SAFETY: as above.
unsafe impl<A, R> Sync for TypedFn<A, R> {}

impl<A: CArgs, R: CReturn> TypedFn<A, R> {
    /// Calls the function.
    ///
    /// # Safety
    ///
    /// As for [`DynFn::call`].
    #[inline]
    pub unsafe fn call(&self, args: A) -> R {
        // SAFETY: the types were checked against the signature when this
        // handle was made; the rest is the caller's contract.
        unsafe { args.call::<R>(self.code) }
    }
}
