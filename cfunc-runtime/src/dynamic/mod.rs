//! The dynamic side, on libffi: calling C functions from a signature string
//! ([`DynFn`], [`VariadicFn`]), making C function pointers from closures
//! ([`DynCallback`]) and loading libraries ([`Library`]), as ctypes does
//! for Python.

mod callback;
mod dyn_fn;
mod error;
mod library;
mod marshal;
mod typed;
mod value;
mod variadic;

pub use callback::DynCallback;
pub use dyn_fn::{DynFn, TypedFn};
pub use error::DynError;
pub use library::Library;
pub use typed::{CArg, CArgPointee, CArgs, CReturn};
pub use value::{Buffer, BufferElement, BufferScalar, OwnedBuffer, RecordValue, Value};
pub use variadic::VariadicFn;
