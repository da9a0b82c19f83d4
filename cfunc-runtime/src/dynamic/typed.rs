//! Typed calls: Rust types checked once against the signature, then a
//! plain call through the `extern "C"` function pointer (no libffi).

use crate::record::Record;
use crate::sig::{Scalar, Type};
use crate::types::RecordLayout;
use core::ffi::c_void;
use num_complex::{Complex32, Complex64};

/// A Rust type that a C argument or result slot may have.
///
/// # Safety
///
/// `matches` must only accept slots whose C type has the same size,
/// alignment and calling convention as `Self`.
pub unsafe trait CArg: Copy + 'static {
    /// Whether `Self` may be written for the signature type `slot`.
    fn matches(slot: &Type) -> bool;
    /// How error messages name `Self`, in signature terms.
    fn describe() -> String;
    /// Adds the layout of `Self` if it is a record passed by value, which
    /// libffi needs to prepare a closure for it.
    #[doc(hidden)]
    fn by_value_layouts(_out: &mut Vec<RecordLayout>) {}
    /// Widens the value to the `ffi_arg`-sized result buffer of a libffi
    /// closure (small integers are returned as a full register).
    ///
    /// # Safety
    ///
    /// `out` is libffi's result buffer for this type: `size_of::<Self>()`
    /// bytes, or a full `ffi_arg` for integers narrower than one.
    #[doc(hidden)]
    unsafe fn write_result(self, out: *mut c_void) {
        // SAFETY: the caller gives a writable, aligned result buffer.
        unsafe { out.cast::<Self>().write(self) }
    }
    /// Reads an argument of a libffi closure call.
    ///
    /// # Safety
    ///
    /// `source` points at a C value of the slot `Self` matches.
    #[doc(hidden)]
    unsafe fn read_arg(source: *const c_void) -> Self {
        // SAFETY: the caller guarantees a value of this type.
        unsafe { source.cast::<Self>().read() }
    }
}

fn same_integer(slot: &Type, signed: bool, size: usize) -> bool {
    matches!(slot, Type::Scalar(scalar)
        if scalar.is_integer() && scalar.is_signed() == signed && scalar.size_in_bytes() == size)
}

macro_rules! integer_ctypes {
    ($($rust:ty, $signed:expr, $name:literal;)*) => {
        $(
            // SAFETY: integers match slots of the same size and signedness.
            unsafe impl CArg for $rust {
                fn matches(slot: &Type) -> bool {
                    same_integer(slot, $signed, core::mem::size_of::<$rust>())
                }
                fn describe() -> String {
                    $name.to_owned()
                }
                unsafe fn write_result(self, out: *mut c_void) {
                    // SAFETY: libffi gives integers a full `ffi_arg` and reads
                    // narrow ones as an extended register.
                    unsafe { out.cast::<libffi::raw::ffi_arg>().write(self as i64 as libffi::raw::ffi_arg) }
                }
            }
        )*
    };
}

integer_ctypes! {
    i8, true, "int8";
    i16, true, "int16";
    i32, true, "int32";
    i64, true, "int64";
    isize, true, "intp";
    u8, false, "uint8";
    u16, false, "uint16";
    u32, false, "uint32";
    u64, false, "uint64";
    usize, false, "uintp";
}

// SAFETY: `bool` is C's `_Bool`, one byte.
unsafe impl CArg for bool {
    fn matches(slot: &Type) -> bool {
        *slot == Type::Scalar(Scalar::Boolean)
    }
    fn describe() -> String {
        "boolean".to_owned()
    }
    unsafe fn write_result(self, out: *mut c_void) {
        // SAFETY: as for integers.
        unsafe {
            out.cast::<libffi::raw::ffi_arg>()
                .write(libffi::raw::ffi_arg::from(self))
        }
    }
    /// Through a byte, so that a C caller passing a byte other than 0 or 1
    /// (a prototype mismatch) is not undefined behaviour: nonzero is true.
    unsafe fn read_arg(source: *const c_void) -> Self {
        // SAFETY: the caller guarantees a one-byte C value.
        unsafe { source.cast::<u8>().read() != 0 }
    }
}

// SAFETY: `f32` is C's `float`.
unsafe impl CArg for f32 {
    fn matches(slot: &Type) -> bool {
        *slot == Type::Scalar(Scalar::Float32)
    }
    fn describe() -> String {
        "float32".to_owned()
    }
}

// SAFETY: `f64` is C's `double`.
unsafe impl CArg for f64 {
    fn matches(slot: &Type) -> bool {
        *slot == Type::Scalar(Scalar::Float64)
    }
    fn describe() -> String {
        "float64".to_owned()
    }
}

// SAFETY: `Complex32` is `#[repr(C)]` `{ re: f32, im: f32 }`, which is
// how C's `float _Complex` is laid out and passed on the supported ABIs
// (x86-64 SysV and AAPCS64 treat a complex type as a struct of its two
// parts).
unsafe impl CArg for Complex32 {
    fn matches(slot: &Type) -> bool {
        *slot == Type::Scalar(Scalar::Complex64)
    }
    fn describe() -> String {
        "complex64".to_owned()
    }
}

// SAFETY: as for `Complex32`, with `double _Complex`.
unsafe impl CArg for Complex64 {
    fn matches(slot: &Type) -> bool {
        *slot == Type::Scalar(Scalar::Complex128)
    }
    fn describe() -> String {
        "complex128".to_owned()
    }
}

// SAFETY: a `Record` is a `#[repr(C)]` struct (its contract), passed by
// value as C passes the struct of the same name, which is the only slot it
// matches.
unsafe impl<R: Record + Copy + 'static> CArg for R {
    fn matches(slot: &Type) -> bool {
        matches!(slot, Type::Record(name) if name == R::NAME)
    }
    fn describe() -> String {
        R::NAME.to_owned()
    }
    fn by_value_layouts(out: &mut Vec<RecordLayout>) {
        out.push(R::layout());
    }
    unsafe fn write_result(self, out: *mut c_void) {
        // SAFETY: libffi's result buffer for the struct holds its size.
        unsafe { out.cast::<R>().write_unaligned(self) }
    }
    unsafe fn read_arg(source: *const c_void) -> Self {
        // SAFETY: the caller guarantees a struct of this type, which the
        // `Record` contract makes valid for any bytes C hands over.
        unsafe { source.cast::<R>().read_unaligned() }
    }
}

mod sealed {
    /// The pointees the crate describes itself: `CArg for *mut T` (an
    /// `unsafe impl`) trusts `CArgPointee`, so no other crate may implement it.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the pointee of a typed dynamic call",
        label = "`CArgPointee` is sealed",
        note = "pointees are `c_void`, the scalars, `#[derive(cfunc::Record)]` structs and raw pointers to those; `CArgPointee` cannot be implemented outside cfunc"
    )]
    pub trait Sealed {}

    impl Sealed for core::ffi::c_void {}
    impl<R: crate::record::Record> Sealed for R {}
    impl<T: super::CArgPointee> Sealed for *mut T {}
    impl<T: super::CArgPointee> Sealed for *const T {}
    macro_rules! sealed_scalars {
        ($($rust:ty),*) => { $(impl Sealed for $rust {})* };
    }
    sealed_scalars!(
        bool,
        i8,
        i16,
        i32,
        i64,
        isize,
        u8,
        u16,
        u32,
        u64,
        usize,
        f32,
        f64,
        num_complex::Complex32,
        num_complex::Complex64
    );
}

/// What a raw pointer may point to in a typed call: `c_void` (`voidptr`),
/// a scalar or a record (`CPointer(T)`), or a raw pointer to one of those
/// (`CPointer(CPointer(T))`).
///
/// The trait is sealed: the typed calls trust it to accept only pointer
/// slots, so it cannot be implemented outside cfunc.
///
/// ```
/// use core::ffi::c_void;
/// use cfunc::CArgPointee;
/// use cfunc::sig::{Scalar, Type};
///
/// let slot = Type::Pointer(Box::new(Type::Scalar(Scalar::Float64)));
/// assert!(<f64 as CArgPointee>::pointer_matches(&slot));
/// assert!(!<f32 as CArgPointee>::pointer_matches(&slot));
/// assert_eq!(<*mut c_void as CArgPointee>::describe_pointer(), "CPointer(voidptr)");
/// ```
pub trait CArgPointee: sealed::Sealed + 'static {
    /// Whether `*mut Self` may be written for the pointer slot `slot`.
    fn pointer_matches(slot: &Type) -> bool;
    /// How error messages name `*mut Self`.
    fn describe_pointer() -> String;
}

impl CArgPointee for c_void {
    fn pointer_matches(slot: &Type) -> bool {
        *slot == Type::Scalar(Scalar::VoidPtr)
    }
    fn describe_pointer() -> String {
        "voidptr".to_owned()
    }
}

impl<R: Record> CArgPointee for R {
    fn pointer_matches(slot: &Type) -> bool {
        matches!(slot, Type::Pointer(target) if matches!(&**target, Type::Record(name) if name == R::NAME))
    }
    fn describe_pointer() -> String {
        format!("CPointer({})", R::NAME)
    }
}

macro_rules! scalar_pointees {
    ($($rust:ty),*) => {
        $(
            impl CArgPointee for $rust {
                fn pointer_matches(slot: &Type) -> bool {
                    matches!(slot, Type::Pointer(target) if <$rust as CArg>::matches(target))
                }
                fn describe_pointer() -> String {
                    format!("CPointer({})", <$rust as CArg>::describe())
                }
            }
        )*
    };
}

scalar_pointees!(
    bool, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64, Complex32, Complex64
);

impl<T: CArgPointee> CArgPointee for *mut T {
    fn pointer_matches(slot: &Type) -> bool {
        matches!(slot, Type::Pointer(target) if T::pointer_matches(target))
    }
    fn describe_pointer() -> String {
        format!("CPointer({})", T::describe_pointer())
    }
}

impl<T: CArgPointee> CArgPointee for *const T {
    fn pointer_matches(slot: &Type) -> bool {
        <*mut T as CArgPointee>::pointer_matches(slot)
    }
    fn describe_pointer() -> String {
        <*mut T as CArgPointee>::describe_pointer()
    }
}

// SAFETY: all raw pointers to sized types are one pointer wide, and they
// match only slots that C passes as pointers (checked here, whatever the
// pointee says).
unsafe impl<T: CArgPointee> CArg for *mut T {
    fn matches(slot: &Type) -> bool {
        slot.is_pointer() && T::pointer_matches(slot)
    }
    fn describe() -> String {
        T::describe_pointer()
    }
}

// SAFETY: as for `*mut T`.
unsafe impl<T: CArgPointee> CArg for *const T {
    fn matches(slot: &Type) -> bool {
        slot.is_pointer() && T::pointer_matches(slot)
    }
    fn describe() -> String {
        T::describe_pointer()
    }
}

/// A result type of a typed call: a [`CArg`] or `()` for `void`.
///
/// # Safety
///
/// As for [`CArg`].
pub unsafe trait CReturn: 'static {
    /// Whether `Self` may be written for the return slot `slot`.
    fn matches(slot: &Type) -> bool;
    /// How error messages name `Self`.
    fn describe() -> String;
    /// As for [`CArg::by_value_layouts`].
    #[doc(hidden)]
    fn by_value_layouts(_out: &mut Vec<RecordLayout>) {}
    /// Writes the result for a libffi closure.
    ///
    /// # Safety
    ///
    /// As for [`CArg::write_result`].
    #[doc(hidden)]
    unsafe fn write_result(self, out: *mut c_void);
    /// The value to return to C after a panic.
    #[doc(hidden)]
    fn zero() -> Self;
}

// SAFETY: `()` is `void`.
unsafe impl CReturn for () {
    fn matches(slot: &Type) -> bool {
        slot.is_void()
    }
    fn describe() -> String {
        "void".to_owned()
    }
    unsafe fn write_result(self, _out: *mut c_void) {}
    fn zero() -> Self {}
}

// SAFETY: delegates to `CArg`, whose contract is the same.
unsafe impl<T: CArg + crate::zero::ZeroValue> CReturn for T {
    fn matches(slot: &Type) -> bool {
        <T as CArg>::matches(slot)
    }
    fn describe() -> String {
        <T as CArg>::describe()
    }
    fn by_value_layouts(out: &mut Vec<RecordLayout>) {
        <T as CArg>::by_value_layouts(out);
    }
    unsafe fn write_result(self, out: *mut c_void) {
        // SAFETY: forwarded contract.
        unsafe { <T as CArg>::write_result(self, out) }
    }
    fn zero() -> Self {
        <T as crate::zero::ZeroValue>::zero()
    }
}

/// The arguments of a typed call: a tuple of [`CArg`]s, `()` to
/// `(A, B, C, D, E, F, G, H)`.
///
/// # Safety
///
/// `call` must call `code` as `extern "C" fn(A, B, ...) -> R`, and
/// `read` read each argument as its own type.
pub unsafe trait CArgs: Sized + 'static {
    /// The number of arguments.
    const LEN: usize;
    /// Whether the tuple's types may be written for `slots`.
    fn matches(slots: &[Type]) -> bool;
    /// How error messages name the tuple's types.
    fn describe() -> Vec<String>;
    /// The layouts of the records the tuple passes by value.
    #[doc(hidden)]
    fn by_value_layouts(out: &mut Vec<RecordLayout>);
    /// Calls `code` with these arguments.
    ///
    /// # Safety
    ///
    /// `code` is an `extern "C"` function taking these argument types and
    /// returning `R`, whose own contract the arguments satisfy.
    #[doc(hidden)]
    unsafe fn call<R: CReturn>(self, code: *const c_void) -> R;
    /// Reads the arguments of a libffi closure call.
    ///
    /// # Safety
    ///
    /// `args` points at `LEN` pointers to values of these types.
    #[doc(hidden)]
    unsafe fn read(args: *const *const c_void) -> Self;
}

macro_rules! tuple_args {
    ($len:expr; $($name:ident: $index:tt),*) => {
        // SAFETY: the call transmutes to exactly `extern "C" fn(A, ...) -> R`,
        // and `read` reads each pointer as its own type.
        unsafe impl<$($name: CArg),*> CArgs for ($($name,)*) {
            const LEN: usize = $len;

            fn matches(slots: &[Type]) -> bool {
                slots.len() == $len $(&& $name::matches(&slots[$index]))*
            }

            fn describe() -> Vec<String> {
                vec![$($name::describe()),*]
            }

            #[allow(unused_variables)]
            fn by_value_layouts(out: &mut Vec<RecordLayout>) {
                $($name::by_value_layouts(out);)*
            }

            #[allow(non_snake_case)]
            unsafe fn call<R: CReturn>(self, code: *const c_void) -> R {
                // SAFETY: the caller guarantees the function type.
                let function: extern "C" fn($($name),*) -> R =
                    unsafe { core::mem::transmute::<*const c_void, extern "C" fn($($name),*) -> R>(code) };
                let ($($name,)*) = self;
                function($($name),*)
            }

            #[allow(unused_variables, unused_unsafe, clippy::unused_unit)]
            unsafe fn read(args: *const *const c_void) -> Self {
                // SAFETY: the caller guarantees `LEN` pointers to these types.
                unsafe { ($($name::read_arg(*args.add($index)),)*) }
            }
        }
    };
}

tuple_args!(0;);
tuple_args!(1; A: 0);
tuple_args!(2; A: 0, B: 1);
tuple_args!(3; A: 0, B: 1, C: 2);
tuple_args!(4; A: 0, B: 1, C: 2, D: 3);
tuple_args!(5; A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_args!(6; A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_args!(7; A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_args!(8; A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);

/// "float64(float64, int32)" for the Rust types of a typed call.
pub(crate) fn describe_typed<A: CArgs, R: CReturn>() -> String {
    format!("{}({})", R::describe(), A::describe().join(", "))
}
