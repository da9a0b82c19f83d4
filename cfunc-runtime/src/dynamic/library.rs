//! Shared libraries, like ctypes' `CDLL`.

use super::dyn_fn::{DynFn, parse_signature};
use super::error::DynError;
use super::variadic::VariadicFn;
use crate::types::RecordLayout;
use core::ffi::c_void;
use std::sync::Arc;

/// A loaded library or the running process's own symbols.
pub(crate) enum LoadedLibrary {
    Loaded(libloading::Library),
    ThisProcess(libloading::os::unix::Library),
}

/// The loader's message: libloading keeps `dlerror`'s text as the source.
fn describe_load_error(error: &libloading::Error) -> String {
    match std::error::Error::source(error) {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}

/// A shared library whose functions are called dynamically, like ctypes'
/// `CDLL("libc.so.6")`.
///
/// ```
/// use cfunc::Library;
///
/// let libc = Library::this_process();
/// // SAFETY: `abs` is `int abs(int)`.
/// let abs = unsafe { libc.get("abs", "intc(intc)") }?;
/// assert_eq!(unsafe { abs.call(&[(-5).into()]) }?, cfunc::Value::I32(5));
/// # Ok::<(), cfunc::DynError>(())
/// ```
#[derive(Clone)]
pub struct Library {
    name: String,
    loaded: Arc<LoadedLibrary>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("name", &self.name).finish()
    }
}

impl Library {
    /// Loads a shared library by file name (`"libm.so.6"`, found the way
    /// `dlopen` finds it), by path, or by short name (`"m"`, tried as
    /// `libm.so`), like ctypes' `CDLL`.
    ///
    /// ```
    /// # use cfunc::Library;
    /// // SAFETY: libm's initialisers are sound to run.
    /// let libm = unsafe { Library::open("libm.so.6") }?;
    /// let fabs = unsafe { libm.get("fabs", "float64(float64)") }?;
    /// assert_eq!(unsafe { fabs.call_typed::<(f64,), f64>((-2.5,)) }?, 2.5);
    ///
    /// let missing = unsafe { Library::open("libnot-a-library.so") }.unwrap_err();
    /// assert!(missing.to_string().starts_with("cannot load library `libnot-a-library.so`"));
    /// # Ok::<(), cfunc::DynError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DynError::LibraryNotFound`] with the loader's explanation.
    ///
    /// # Safety
    ///
    /// Loading a library runs its initialisers, which may do anything.
    pub unsafe fn open(name: &str) -> Result<Library, DynError> {
        // SAFETY: forwarded from the caller.
        let first = unsafe { libloading::Library::new(name) };
        let loaded = match first {
            Ok(library) => library,
            Err(error) => {
                let short = !name.contains('/') && !name.contains(".so");
                let fallback = format!("lib{name}.so");
                // SAFETY: forwarded from the caller.
                match short.then(|| unsafe { libloading::Library::new(&fallback) }) {
                    Some(Ok(library)) => library,
                    _ => {
                        return Err(DynError::LibraryNotFound {
                            name: name.to_owned(),
                            reason: describe_load_error(&error),
                        });
                    }
                }
            }
        };
        Ok(Library {
            name: name.to_owned(),
            loaded: Arc::new(LoadedLibrary::Loaded(loaded)),
        })
    }

    /// The symbols already in the process: the executable, libc, libm and
    /// every library loaded globally (ctypes' `CDLL(None)`).
    pub fn this_process() -> Library {
        Library {
            name: "this process".to_owned(),
            loaded: Arc::new(LoadedLibrary::ThisProcess(
                libloading::os::unix::Library::this(),
            )),
        }
    }

    /// The name the library was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The address of `symbol`.
    ///
    /// # Errors
    ///
    /// [`DynError::SymbolNotFound`].
    pub fn address_of(&self, symbol: &str) -> Result<*const c_void, DynError> {
        let missing = || DynError::SymbolNotFound {
            library: self.name.clone(),
            symbol: symbol.to_owned(),
        };
        // SAFETY: the symbol is looked up as an untyped address and never
        // dereferenced here.
        let address = unsafe {
            match &*self.loaded {
                LoadedLibrary::Loaded(library) => library
                    .get::<*const c_void>(symbol.as_bytes())
                    .map(|symbol| *symbol),
                LoadedLibrary::ThisProcess(library) => library
                    .get::<*const c_void>(symbol.as_bytes())
                    .map(|symbol| *symbol),
            }
        };
        match address {
            Ok(address) if !address.is_null() => Ok(address),
            _ => Err(missing()),
        }
    }

    /// The function `symbol` with `signature`, as a [`DynFn`] that keeps the
    /// library loaded.
    ///
    /// # Errors
    ///
    /// [`DynError::SymbolNotFound`], [`DynError::Signature`].
    ///
    /// # Safety
    ///
    /// `symbol` is a C function with this signature.
    pub unsafe fn get(&self, symbol: &str, signature: &str) -> Result<DynFn, DynError> {
        // SAFETY: forwarded from the caller.
        unsafe { self.get_with_records(symbol, signature, &[]) }
    }

    /// The function `symbol` whose signature passes records by value, with
    /// their layouts, as [`DynFn::with_records`] takes them.
    ///
    /// ```
    /// use cfunc::{Library, RecordValue, Value, sig::Type, types::RecordLayout};
    ///
    /// // `div_t div(int, int)` returns a struct of two ints.
    /// let div_t = RecordLayout::named("div_t", &[("quot", Type::int32()), ("rem", Type::int32())])?;
    /// let libc = Library::this_process();
    /// // SAFETY: C's `div`.
    /// let div = unsafe { libc.get_with_records("div", "div_t(intc, intc)", &[div_t]) }?;
    /// let Value::Record(result) = (unsafe { div.call(&[17.into(), 5.into()]) }?) else { unreachable!() };
    /// assert_eq!((result.field("quot"), result.field("rem")), (Some(Value::I32(3)), Some(Value::I32(2))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`Library::get`], and [`DynError::RecordLayoutMissing`].
    ///
    /// # Safety
    ///
    /// As for [`DynFn::with_records`].
    pub unsafe fn get_with_records(
        &self,
        symbol: &str,
        signature: &str,
        records: &[RecordLayout],
    ) -> Result<DynFn, DynError> {
        let signature = parse_signature(signature)?;
        let address = self.address_of(symbol)?;
        // SAFETY: forwarded from the caller; the `Arc` keeps the code loaded.
        unsafe {
            DynFn::with_signature(
                address,
                signature,
                symbol.to_owned(),
                records,
                Some(Arc::clone(&self.loaded)),
            )
        }
    }

    /// The variadic function `symbol` (`printf`), with the signature of its
    /// fixed part (`"intc(CPointer(int8))"`); the variadic arguments' types
    /// come from the values of each call.
    ///
    /// # Errors
    ///
    /// [`DynError::SymbolNotFound`], [`DynError::Signature`].
    ///
    /// # Safety
    ///
    /// `symbol` is a variadic C function whose fixed part has this
    /// signature.
    pub unsafe fn get_variadic(
        &self,
        symbol: &str,
        fixed_signature: &str,
    ) -> Result<VariadicFn, DynError> {
        let signature = parse_signature(fixed_signature)?;
        let address = self.address_of(symbol)?;
        // SAFETY: forwarded from the caller.
        unsafe {
            VariadicFn::new(
                address,
                signature,
                symbol.to_owned(),
                Some(Arc::clone(&self.loaded)),
            )
        }
    }
}
