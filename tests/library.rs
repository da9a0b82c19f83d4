//! `Library`: loading shared libraries and finding symbols, like ctypes'
//! `CDLL`; variadic functions.

mod support;

use cfunc::{DynError, Library, Value};
use support::fixture_cdylib_dir;

#[test]
fn open_by_file_name_and_call() {
    // SAFETY: libm's initialisers are sound; `cos` is `double cos(double)`.
    let libm = unsafe { Library::open("libm.so.6") }.unwrap();
    assert_eq!(libm.name(), "libm.so.6");
    let cos = unsafe { libm.get("cos", "float64(float64)") }.unwrap();
    assert_eq!(unsafe { cos.call(&[0.0.into()]) }.unwrap(), Value::F64(1.0));
    let pow = unsafe { libm.get("pow", "double(double, double)") }.unwrap();
    assert_eq!(
        unsafe { pow.call_typed::<(f64, f64), f64>((2.0, 10.0)) }.unwrap(),
        1024.0
    );
}

#[test]
fn open_by_path_the_cfunc_fixture_library() {
    let path = fixture_cdylib_dir().join("libcfunc_fixture_callbacks.so");
    // SAFETY: the fixture library only registers cfuncs when loaded.
    let library = unsafe { Library::open(path.to_str().unwrap()) }.unwrap();
    let add = unsafe { library.get("add", "float64(float64, float64)") }.unwrap();
    assert_eq!(
        unsafe { add.call(&[4.0.into(), 5.0.into()]) }.unwrap(),
        Value::F64(9.0)
    );
    let mul = unsafe { library.get("cfunc_fixture_mul", "int32(int32, int32)") }.unwrap();
    assert_eq!(
        unsafe { mul.call(&[6.into(), 7.into()]) }.unwrap(),
        Value::I32(42)
    );
    // The `DynFn` keeps the library loaded after the `Library` is gone.
    drop(library);
    assert_eq!(
        unsafe { mul.call(&[2.into(), 3.into()]) }.unwrap(),
        Value::I32(6)
    );
}

#[test]
fn missing_library_is_a_clear_error() {
    // SAFETY: nothing is loaded.
    let error = unsafe { Library::open("libcfunc-does-not-exist.so.1") }.unwrap_err();
    assert!(matches!(error, DynError::LibraryNotFound { .. }));
    let message = error.to_string();
    assert!(
        message.starts_with("cannot load library `libcfunc-does-not-exist.so.1`: "),
        "{message}"
    );
    assert!(message.contains("No such file"), "{message}");
}

#[test]
fn missing_symbol_is_a_clear_error() {
    let libc = Library::this_process();
    // SAFETY: the lookup fails before any call.
    let error = unsafe { libc.get("cfunc_no_such_symbol", "void()") }.unwrap_err();
    assert!(matches!(error, DynError::SymbolNotFound { .. }));
    assert_eq!(
        error.to_string(),
        "library `this process` has no symbol `cfunc_no_such_symbol`"
    );
    assert!(libc.address_of("strlen").is_ok());
}

#[test]
fn bad_signature_from_get_is_a_clear_error() {
    let libc = Library::this_process();
    let error = unsafe { libc.get("abs", "intc(intc") }.unwrap_err();
    assert!(matches!(error, DynError::Signature { .. }));
    assert!(
        error
            .to_string()
            .starts_with("invalid signature `intc(intc`: "),
        "{error}"
    );
}

#[test]
fn variadic_snprintf_formats_each_kind() {
    let libc = Library::this_process();
    // SAFETY: `int snprintf(char *, size_t, const char *, ...)`; the format
    // matches the variadic values.
    let snprintf =
        unsafe { libc.get_variadic("snprintf", "intc(CPointer(int8), uintp, CPointer(int8))") }
            .unwrap();
    let mut out = [0u8; 64];
    let written = unsafe {
        snprintf.call(&[
            (&mut out[..]).into(),
            64usize.into(),
            c"%d|%ld|%u|%.2f|%.1f|%s|%c".into(),
            (-3i32).into(),
            (1i64 << 40).into(),
            7u32.into(),
            2.5f32.into(),
            0.25f64.into(),
            c"str".into(),
            i8::try_from(b'z').unwrap().into(),
        ])
    }
    .unwrap();
    let text = std::ffi::CStr::from_bytes_until_nul(&out)
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(text, "-3|1099511627776|7|2.50|0.2|str|z");
    assert_eq!(written, Value::I32(i32::try_from(text.len()).unwrap()));
}

#[test]
fn variadic_calls_lend_owned_values_themselves_not_copies() {
    let libc = Library::this_process();
    // SAFETY: `int snprintf(char *, size_t, const char *, ...)`; the format
    // matches the variadic value.
    let snprintf =
        unsafe { libc.get_variadic("snprintf", "intc(CPointer(int8), uintp, CPointer(int8))") }
            .unwrap();
    // An owned buffer as the fixed output and an owned C string as a
    // variadic argument: C must write into the first and read the second,
    // not copies freed before the call.
    let args = [
        Value::from(vec![0u8; 16]),
        16usize.into(),
        c"<%s>".into(),
        std::ffi::CString::new("owned").unwrap().into(),
    ];
    // SAFETY: the buffer has the 16 bytes snprintf may write.
    let written = unsafe { snprintf.call(&args) }.unwrap();
    assert_eq!(written, Value::I32(7));
    let Value::OwnedBuffer(out) = &args[0] else {
        unreachable!()
    };
    assert_eq!(&out.to_vec::<u8>().unwrap()[..8], b"<owned>\0");
}

#[test]
fn variadic_printf_returns_the_count() {
    let libc = Library::this_process();
    // SAFETY: `int printf(const char *, ...)` with a matching format.
    let printf = unsafe { libc.get_variadic("printf", "intc(CPointer(int8))") }.unwrap();
    let written =
        unsafe { printf.call(&[c"variadic %s %d\n".into(), c"printf".into(), 42.into()]) };
    assert_eq!(written.unwrap(), Value::I32(19));
}

#[test]
fn variadic_fixed_part_is_checked() {
    let libc = Library::this_process();
    let printf = unsafe { libc.get_variadic("printf", "intc(CPointer(int8))") }.unwrap();
    // SAFETY: both calls fail before reaching C.
    let error = unsafe { printf.call(&[]) }.unwrap_err();
    assert_eq!(error.to_string(), "`printf` takes 1 argument, got 0");
    let error = unsafe { printf.call(&[1.5.into()]) }.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("argument 1: expected CPointer(int8)"),
        "{error}"
    );
    let error = unsafe { printf.call(&[c"%d".into(), Value::Void]) }.unwrap_err();
    assert_eq!(
        error.to_string(),
        "variadic argument 2: `void` has no value to pass"
    );
}
