//! `DynFn`: calling C functions from a signature string with `Value`s,
//! and typed calls, against cfuncs and libc.

use cfunc::{DynError, DynFn, Library, Value, cfunc};
use std::ffi::{CStr, c_char, c_int, c_void};

macro_rules! echo_cfuncs {
    ($($name:ident: $sig:literal, $ty:ty;)*) => {
        $(
            #[cfunc($sig)]
            fn $name(x: $ty) -> $ty {
                x
            }
        )*
    };
}

echo_cfuncs! {
    echo_bool: "boolean(boolean)", bool;
    echo_i8: "int8(int8)", i8;
    echo_i16: "int16(int16)", i16;
    echo_i32: "int32(int32)", i32;
    echo_i64: "int64(int64)", i64;
    echo_u8: "uint8(uint8)", u8;
    echo_u16: "uint16(uint16)", u16;
    echo_u32: "uint32(uint32)", u32;
    echo_u64: "uint64(uint64)", u64;
    echo_intc: "intc(intc)", c_int;
    echo_intp: "intp(intp)", isize;
    echo_uintp: "uintp(uintp)", usize;
    echo_f32: "float32(float32)", f32;
    echo_f64: "float64(float64)", f64;
}

/// Calls a `DynFn` with one argument.
fn call1(function: &DynFn, value: Value<'_>) -> Result<Value<'static>, DynError> {
    // SAFETY: the echo functions take and return one scalar.
    unsafe { function.call(&[value]) }
}

#[test]
fn every_scalar_kind_goes_in_and_comes_back() {
    let cases: Vec<(DynFn, Value<'static>)> = vec![
        (echo_bool::ctypes(), Value::Bool(true)),
        (echo_i8::ctypes(), Value::I8(-128)),
        (echo_i16::ctypes(), Value::I16(-32768)),
        (echo_i32::ctypes(), Value::I32(i32::MIN)),
        (echo_i64::ctypes(), Value::I64(i64::MIN)),
        (echo_u8::ctypes(), Value::U8(255)),
        (echo_u16::ctypes(), Value::U16(65535)),
        (echo_u32::ctypes(), Value::U32(u32::MAX)),
        (echo_u64::ctypes(), Value::U64(u64::MAX)),
        (echo_intc::ctypes(), Value::I32(-7)),
        (echo_intp::ctypes(), Value::Isize(-9)),
        (echo_uintp::ctypes(), Value::Usize(usize::MAX)),
        (echo_f32::ctypes(), Value::F32(1.5)),
        (echo_f64::ctypes(), Value::F64(-2.25)),
    ];
    for (function, value) in cases {
        let back = call1(&function, value.clone()).unwrap();
        assert_eq!(back, value, "{}", function.name());
    }
}

#[test]
fn integers_convert_when_the_value_fits() {
    assert_eq!(
        call1(&echo_i64::ctypes(), 7i32.into()).unwrap(),
        Value::I64(7)
    );
    assert_eq!(
        call1(&echo_u8::ctypes(), 200i64.into()).unwrap(),
        Value::U8(200)
    );
    assert_eq!(
        call1(&echo_f64::ctypes(), 3i32.into()).unwrap(),
        Value::F64(3.0)
    );
    assert_eq!(
        call1(&echo_f32::ctypes(), 0.5f64.into()).unwrap(),
        Value::F32(0.5f32)
    );
    let error = call1(&echo_u8::ctypes(), 300i32.into()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected uint8, got int32 300 (out of range)"
    );
    let error = call1(&echo_u32::ctypes(), (-1i32).into()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected uint32, got int32 -1 (out of range)"
    );
    let error = call1(&echo_f64::ctypes(), (i64::MAX).into()).unwrap_err();
    assert!(
        error.to_string().ends_with("(not exact in float64)"),
        "{error}"
    );
}

#[test]
fn wrong_argument_types_are_errors_that_say_what_was_found() {
    let add = {
        #[cfunc("float64(float64, float64)")]
        fn add(x: f64, y: f64) -> f64 {
            x + y
        }
        add::ctypes()
    };
    // SAFETY: `add` takes two doubles; the calls fail before reaching it.
    let error = unsafe { add.call(&[4.0.into(), c"five".into()]) }.unwrap_err();
    assert!(matches!(error, DynError::ArgumentType { position: 2, .. }));
    assert_eq!(
        error.to_string(),
        "argument 2: expected float64, got a C string"
    );
    let error = unsafe { add.call(&[true.into(), 1.0.into()]) }.unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected float64, got boolean true"
    );
    let error = unsafe { add.call(&[1.0.into()]) }.unwrap_err();
    assert!(matches!(
        error,
        DynError::Arity {
            expected: 2,
            found: 1,
            ..
        }
    ));
    assert_eq!(error.to_string(), "`add` takes 2 arguments, got 1");
    let error = unsafe { add.call(&[1.0.into(), 2.0.into(), 3.0.into()]) }.unwrap_err();
    assert_eq!(error.to_string(), "`add` takes 2 arguments, got 3");
    let error = call1(&echo_bool::ctypes(), 1i32.into()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected boolean, got int32 1"
    );
}

#[cfunc("float64(CPointer(float64), intp)")]
fn sum_buffer(values: *const f64, n: isize) -> f64 {
    let n = usize::try_from(n).unwrap_or(0);
    // SAFETY: callers pass `n` readable doubles.
    unsafe { std::slice::from_raw_parts(values, n) }
        .iter()
        .sum()
}

#[cfunc("void(CPointer(int32), intp, int32)")]
fn fill_i32(out: *mut i32, n: isize, value: i32) {
    for k in 0..usize::try_from(n).unwrap_or(0) {
        // SAFETY: callers pass `n` writable ints.
        unsafe { *out.add(k) = value };
    }
}

#[cfunc("uintp(voidptr)")]
fn pointer_value(p: *mut c_void) -> usize {
    p as usize
}

#[cfunc("CPointer(float64)(CPointer(float64), intp)")]
fn offset_pointer(p: *mut f64, k: isize) -> *mut f64 {
    p.wrapping_offset(k)
}

#[test]
fn buffers_slices_vecs_and_arrays_are_passed_as_pointers() {
    let sum = sum_buffer::ctypes();
    let data = [1.0, 2.0, 3.5];
    let vec = vec![10.0, 20.0];
    // SAFETY: each buffer has at least the length passed.
    unsafe {
        assert_eq!(
            sum.call(&[(&data[..]).into(), 3isize.into()]).unwrap(),
            Value::F64(6.5)
        );
        assert_eq!(
            sum.call(&[(&data).into(), 2isize.into()]).unwrap(),
            Value::F64(3.0)
        );
        assert_eq!(
            sum.call(&[(&vec).into(), 2isize.into()]).unwrap(),
            Value::F64(30.0)
        );
        assert_eq!(
            sum.call(&[vec.clone().into(), 2isize.into()]).unwrap(),
            Value::F64(30.0)
        );
    }
    let mut out = vec![0i32; 4];
    // SAFETY: `out` has 4 ints.
    unsafe { fill_i32::ctypes().call(&[(&mut out).into(), 4isize.into(), 7.into()]) }.unwrap();
    assert_eq!(out, [7, 7, 7, 7]);
    // c_int buffers fit CPointer(int32) and CPointer(intc) alike.
    let mut ints = [0 as c_int; 2];
    unsafe { fill_i32::ctypes().call(&[(&mut ints[..]).into(), 2isize.into(), (-1).into()]) }
        .unwrap();
    assert_eq!(ints, [-1, -1]);
}

#[test]
fn buffer_element_types_are_checked() {
    let floats = [1.0f32, 2.0];
    // SAFETY: the call fails before reaching C.
    let error =
        unsafe { sum_buffer::ctypes().call(&[(&floats[..]).into(), 2isize.into()]) }.unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected CPointer(float64) (a buffer of float64 or a raw pointer), \
         got a buffer of 2 float32 (elements are float32, not float64)"
    );
}

#[test]
fn null_is_rejected_where_a_buffer_is_needed_but_allowed_for_voidptr() {
    // SAFETY: the first call fails before reaching C; the second passes null
    // to a function that only returns it.
    let error = unsafe { sum_buffer::ctypes().call(&[Value::null(), 0isize.into()]) }.unwrap_err();
    assert!(error.to_string().starts_with(
        "argument 1: expected CPointer(float64) (a buffer of float64 or a raw pointer), got null; a buffer is needed here"
    ), "{error}");
    let none: Option<&[f64]> = None;
    let error = unsafe { sum_buffer::ctypes().call(&[none.into(), 0isize.into()]) }.unwrap_err();
    assert!(matches!(error, DynError::ArgumentType { position: 1, .. }));
    assert_eq!(
        unsafe { pointer_value::ctypes().call(&[Value::null()]) }.unwrap(),
        Value::Usize(0)
    );
}

#[test]
fn raw_pointers_pass_through_and_come_back() {
    let mut data = [1.0, 2.0, 3.0];
    let base = data.as_mut_ptr();
    // SAFETY: the function only offsets the pointer.
    let result = unsafe { offset_pointer::ctypes().call(&[base.into(), 2isize.into()]) }.unwrap();
    assert_eq!(result.as_pointer(), Some(base.wrapping_add(2).cast()));
    let value = unsafe { pointer_value::ctypes().call(&[(&data[..]).into()]) }.unwrap();
    assert_eq!(value.as_u64(), Some(base as u64));
}

#[test]
fn c_strings_are_passed_as_char_pointers() {
    let libc = Library::this_process();
    // SAFETY: `size_t strlen(const char *)`.
    let strlen = unsafe { libc.get("strlen", "uintp(CPointer(int8))") }.unwrap();
    assert_eq!(
        unsafe { strlen.call(&[c"hello".into()]) }.unwrap(),
        Value::Usize(5)
    );
    let owned = std::ffi::CString::new("four").unwrap();
    assert_eq!(
        unsafe { strlen.call(&[owned.into()]) }.unwrap(),
        Value::Usize(4)
    );
    // A byte buffer is a `char *` too.
    let bytes = b"abc\0";
    assert_eq!(
        unsafe { strlen.call(&[(&bytes[..]).into()]) }.unwrap(),
        Value::Usize(3)
    );
}

#[test]
fn void_functions_return_void() {
    // SAFETY: `out` has room for 1 int.
    let mut out = [0i32; 1];
    let result = unsafe { fill_i32::ctypes().call(&[(&mut out).into(), 1isize.into(), 3.into()]) };
    assert!(result.unwrap().is_void());
}

#[test]
fn typed_calls_check_the_types_once() {
    #[cfunc("float64(float64, float64)")]
    fn add_typed(x: f64, y: f64) -> f64 {
        x + y
    }
    let dynamic = add_typed::ctypes();
    // SAFETY: `add` takes two doubles.
    assert_eq!(
        unsafe { dynamic.call_typed::<(f64, f64), f64>((4.0, 5.0)) }.unwrap(),
        9.0
    );
    let error = unsafe { dynamic.call_typed::<(f64, i32), f64>((4.0, 5)) }.unwrap_err();
    assert_eq!(
        error.to_string(),
        "typed call: the signature says `float64(float64, float64)`, the Rust types say `float64(float64, int32)`"
    );
    let typed = dynamic.typed::<(f64, f64), f64>().unwrap();
    assert_eq!(unsafe { typed.call((1.0, 2.0)) }, 3.0);
    assert!(dynamic.typed::<(f64, f64), ()>().is_err());

    let sum = sum_buffer::ctypes()
        .typed::<(*const f64, isize), f64>()
        .unwrap();
    let data = [1.0, 2.0];
    assert_eq!(unsafe { sum.call((data.as_ptr(), 2)) }, 3.0);
    assert!(
        sum_buffer::ctypes()
            .typed::<(*const f32, isize), f64>()
            .is_err()
    );
    let pointer = pointer_value::ctypes()
        .typed::<(*mut c_void,), usize>()
        .unwrap();
    assert_eq!(unsafe { pointer.call((std::ptr::null_mut(),)) }, 0);
}

#[test]
fn bad_signatures_are_reported() {
    // SAFETY: the signature fails before the address is used.
    let error = unsafe { DynFn::new(std::ptr::null(), "flaot64(float64)") }.unwrap_err();
    assert!(matches!(error, DynError::Signature { .. }));
    assert_eq!(
        error.to_string(),
        "invalid signature `flaot64(float64)`: unknown type `flaot64` at column 1; did you mean `float64`?"
    );
}

#[test]
fn dyn_fn_from_an_address_matches_the_cfunc() {
    #[cfunc("int64(int64, int64)")]
    fn sub(a: i64, b: i64) -> i64 {
        a - b
    }
    // SAFETY: the address is `sub`'s, with its signature.
    let dynamic =
        unsafe { DynFn::new(sub::address() as *const c_void, "int64(int64, int64)") }.unwrap();
    assert_eq!(
        unsafe { dynamic.call(&[10i64.into(), 3i64.into()]) }.unwrap(),
        Value::I64(7)
    );
    assert_eq!(dynamic.address(), sub::address());
    assert_eq!(dynamic.signature().to_string(), "int64(int64, int64)");
}

#[test]
fn libc_functions_through_this_process() {
    let libc = Library::this_process();
    unsafe {
        let abs = libc.get("abs", "intc(intc)").unwrap();
        assert_eq!(abs.call(&[(-42).into()]).unwrap(), Value::I32(42));
        let labs = libc.get("labs", "int64(int64)").unwrap();
        assert_eq!(
            labs.call(&[(-5_000_000_000i64).into()]).unwrap(),
            Value::I64(5_000_000_000)
        );
        let toupper = libc.get("toupper", "intc(intc)").unwrap();
        assert_eq!(
            toupper.call(&[i32::from(b'q').into()]).unwrap(),
            Value::I32(i32::from(b'Q'))
        );
        let getenv = libc
            .get("getenv", "CPointer(int8)(CPointer(int8))")
            .unwrap();
        let path = getenv.call(&[c"PATH".into()]).unwrap();
        let pointer = path.as_pointer().unwrap();
        assert!(!pointer.is_null());
        let text = CStr::from_ptr(pointer.cast::<c_char>()).to_str().unwrap();
        assert_eq!(Some(text.to_owned()), std::env::var("PATH").ok());
    }
}

#[test]
fn pointer_types_match_only_pointer_slots() {
    // SAFETY: every call fails the type check before reaching C.
    let error =
        unsafe { echo_f64::ctypes().call_typed::<(*mut f64,), f64>((std::ptr::null_mut(),)) }
            .unwrap_err();
    assert!(matches!(error, DynError::TypedMismatch { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "typed call: the signature says `float64(float64)`, the Rust types say `float64(CPointer(float64))`"
    );
    assert!(matches!(
        echo_f64::ctypes().typed::<(f64,), *mut f64>(),
        Err(DynError::TypedMismatch { .. })
    ));
    assert!(matches!(
        echo_u64::ctypes().typed::<(*mut c_void,), u64>(),
        Err(DynError::TypedMismatch { .. })
    ));
    assert!(matches!(
        echo_uintp::ctypes().typed::<(usize,), *const c_void>(),
        Err(DynError::TypedMismatch { .. })
    ));
    // Pointers still match the pointer slots they stand for.
    assert!(
        pointer_value::ctypes()
            .typed::<(*const c_void,), usize>()
            .is_ok()
    );
    assert!(
        offset_pointer::ctypes()
            .typed::<(*mut f64, isize), *mut f64>()
            .is_ok()
    );
}

#[test]
fn float_slots_take_only_values_exact_in_their_own_type() {
    // 2^24 + 1 is a double but not a float.
    let error = call1(&echo_f32::ctypes(), Value::I32(16_777_217)).unwrap_err();
    assert!(matches!(error, DynError::ArgumentType { position: 1, .. }));
    assert_eq!(
        error.to_string(),
        "argument 1: expected float32, got int32 16777217 (not exact in float32)"
    );
    assert_eq!(
        call1(&echo_f32::ctypes(), Value::I32(16_777_216)).unwrap(),
        Value::F32(16_777_216.0)
    );
    assert_eq!(
        call1(&echo_f64::ctypes(), Value::I32(16_777_217)).unwrap(),
        Value::F64(16_777_217.0)
    );
    let error = call1(&echo_f32::ctypes(), Value::U64(u64::MAX)).unwrap_err();
    assert!(
        error.to_string().ends_with("(not exact in float32)"),
        "{error}"
    );
    let error = call1(&echo_f64::ctypes(), Value::U64(u64::MAX)).unwrap_err();
    assert!(
        error.to_string().ends_with("(not exact in float64)"),
        "{error}"
    );
    // A double narrows to a float only when the float holds it exactly.
    let error = call1(&echo_f32::ctypes(), 0.1f64.into()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected float32, got float64 0.1 (not exact in float32)"
    );
    let error = call1(&echo_f32::ctypes(), 1e300f64.into()).unwrap_err();
    assert!(
        error.to_string().ends_with("(not exact in float32)"),
        "{error}"
    );
    for exact in [0.5f64, -2.25, 0.0, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(
            call1(&echo_f32::ctypes(), exact.into()).unwrap(),
            Value::F32(exact as f32)
        );
    }
    let nan = call1(&echo_f32::ctypes(), f64::NAN.into()).unwrap();
    assert!(matches!(nan, Value::F32(x) if x.is_nan()));
    // A float widens to a double exactly.
    assert_eq!(
        call1(&echo_f64::ctypes(), 0.1f32.into()).unwrap(),
        Value::F64(f64::from(0.1f32))
    );
}

#[test]
fn integer_slots_take_only_integers_in_range() {
    assert_eq!(
        call1(&echo_i8::ctypes(), Value::I64(-128)).unwrap(),
        Value::I8(-128)
    );
    let error = call1(&echo_i8::ctypes(), Value::U8(128)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected int8, got uint8 128 (out of range)"
    );
    let error = call1(&echo_u64::ctypes(), Value::I8(-1)).unwrap_err();
    assert!(error.to_string().ends_with("(out of range)"), "{error}");
    let error = call1(&echo_i64::ctypes(), Value::U64(u64::MAX)).unwrap_err();
    assert!(error.to_string().ends_with("(out of range)"), "{error}");
    // Floats and booleans are not integers, as booleans are not floats.
    let error = call1(&echo_i32::ctypes(), 2.0f64.into()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected int32, got float64 2"
    );
    let error = call1(&echo_i32::ctypes(), true.into()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected int32, got boolean true"
    );
}

#[test]
fn owned_buffers_are_written_through_a_writable_pointer() {
    // The value owns the copy; C writes into it and the caller reads it back.
    let mut args = [Value::from(vec![0i32; 4]), 4isize.into(), 9.into()];
    // SAFETY: the buffer has 4 ints, which `fill_i32` writes.
    unsafe { fill_i32::ctypes().call(&args) }.unwrap();
    let Value::OwnedBuffer(buffer) = &args[0] else {
        panic!("expected an owned buffer, got {:?}", args[0])
    };
    assert_eq!(buffer.len(), 4);
    assert_eq!(
        buffer.element(),
        cfunc::BufferElement::Scalar(cfunc::sig::Scalar::Int32)
    );
    assert_eq!(buffer.to_vec::<i32>(), Some(vec![9, 9, 9, 9]));
    assert_eq!(buffer.to_vec::<u32>(), None, "element types are checked");
    // A clone is a copy: C's later writes to the original are not in it.
    let copy = buffer.clone();
    (args[1], args[2]) = (2isize.into(), 1.into());
    // SAFETY: as above, for the first 2 ints.
    unsafe { fill_i32::ctypes().call(&args) }.unwrap();
    let Value::OwnedBuffer(buffer) = &args[0] else {
        unreachable!()
    };
    assert_eq!(buffer.to_vec::<i32>(), Some(vec![1, 1, 9, 9]));
    assert_eq!(copy.to_vec::<i32>(), Some(vec![9, 9, 9, 9]));
    // Booleans C wrote are read back as C truth values.
    let libc = Library::this_process();
    // SAFETY: `void *memset(void *, int, size_t)` on the 3 bytes of the buffer.
    let memset = unsafe { libc.get("memset", "voidptr(voidptr, intc, uintp)") }.unwrap();
    let flags = [Value::from(vec![false; 3]), 1.into(), 3usize.into()];
    unsafe { memset.call(&flags) }.unwrap();
    let Value::OwnedBuffer(flags) = &flags[0] else {
        unreachable!()
    };
    assert_eq!(flags.to_vec::<bool>(), Some(vec![true; 3]));
}

#[test]
fn buffers_report_the_access_they_were_lent_with() {
    #[derive(Clone, Copy, cfunc::Record)]
    #[repr(C)]
    struct Pair {
        a: f64,
        b: f64,
    }
    let access = |value: &Value<'_>| match value {
        Value::Buffer(buffer) => buffer.is_mutable(),
        other => panic!("not a borrowed buffer: {other:?}"),
    };
    let mut data = [1.0f64, 2.0];
    let mut pairs = [Pair { a: 1.0, b: 2.0 }];
    assert!(!access(&Value::from(&data[..])));
    assert!(!access(&Value::from(&data)));
    assert!(!access(&Value::records(&pairs)));
    assert!(access(&Value::from(&mut data[..])));
    assert!(access(&Value::from(&mut data)));
    assert!(access(&Value::records_mut(&mut pairs)));
    // A mutable buffer is lent through `as_mut_ptr`, and C's writes land.
    let base = data.as_mut_ptr();
    let value = Value::from(&mut data[..]);
    assert_eq!(value.as_pointer(), Some(base.cast()));
    let _ = pairs[0].a + pairs[0].b;
}

#[test]
fn void_and_float32_results_are_read_from_an_initialised_cell() {
    #[cfunc("float32(float32, float32)")]
    fn mul_f32(x: f32, y: f32) -> f32 {
        x * y
    }
    #[cfunc("void()")]
    fn nothing() {}
    #[cfunc("int8(int8)")]
    fn negate_i8(x: i8) -> i8 {
        x.wrapping_neg()
    }
    #[cfunc("uint16(uint16)")]
    fn add_one_u16(x: u16) -> u16 {
        x.wrapping_add(1)
    }
    // SAFETY: each cfunc takes the scalars it is passed.
    unsafe {
        assert_eq!(
            mul_f32::ctypes()
                .call(&[1.5f32.into(), (-2.0f32).into()])
                .unwrap(),
            Value::F32(-3.0)
        );
        assert!(nothing::ctypes().call(&[]).unwrap().is_void());
        assert_eq!(
            negate_i8::ctypes().call(&[Value::I8(5)]).unwrap(),
            Value::I8(-5)
        );
        assert_eq!(
            add_one_u16::ctypes().call(&[Value::U16(65535)]).unwrap(),
            Value::U16(0)
        );
    }
}

#[test]
fn complex_numbers_by_value_through_values_and_typed_calls() {
    use cfunc::{Complex32, Complex64};
    #[cfunc::cfunc("complex128(complex128, float64)")]
    fn rotate_scale(z: Complex64, factor: f64) -> Complex64 {
        Complex64::new(-z.im, z.re) * factor
    }
    #[cfunc::cfunc("complex64(complex64, complex64)")]
    fn product(a: Complex32, b: Complex32) -> Complex32 {
        a * b
    }
    let rotate = rotate_scale::ctypes();
    // SAFETY: plain values for a cfunc of this signature.
    let turned = unsafe { rotate.call(&[Complex64::new(1.0, 2.0).into(), 3.0.into()]) }.unwrap();
    assert_eq!(turned, Value::Complex64(Complex64::new(-6.0, 3.0)));
    // A complex64 widens exactly into a complex128 slot.
    let widened = unsafe { rotate.call(&[Complex32::new(0.5, 0.25).into(), 2.0.into()]) }.unwrap();
    assert_eq!(widened.as_complex64(), Some(Complex64::new(-0.5, 1.0)));
    // A real number is not silently given a zero imaginary part.
    let error = unsafe { rotate.call(&[1.0.into(), 3.0.into()]) }.unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected complex128, got float64 1"
    );
    let multiply = product::ctypes();
    let result = unsafe {
        multiply.call(&[
            Complex32::new(1.0, 1.0).into(),
            Complex32::new(2.0, -1.0).into(),
        ])
    }
    .unwrap();
    assert_eq!(result, Value::Complex32(Complex32::new(3.0, 1.0)));
    // A complex128 narrows only where both parts are exact floats.
    let error = unsafe {
        multiply.call(&[
            Complex64::new(0.1, 0.0).into(),
            Complex32::new(1.0, 0.0).into(),
        ])
    }
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected complex64, got complex128 0.1+0i (not exact in complex64)"
    );
    // Typed calls pass num-complex values straight through.
    let typed: Complex64 = unsafe { rotate.call_typed((Complex64::new(2.0, 0.0), 1.0)) }.unwrap();
    assert_eq!(typed, Complex64::new(0.0, 2.0));
    let wrong = unsafe {
        rotate.call_typed::<(Complex32, f64), Complex64>((Complex32::new(2.0, 0.0), 1.0))
    };
    assert_eq!(
        wrong.unwrap_err().to_string(),
        "typed call: the signature says `complex128(complex128, float64)`, the Rust types say `complex128(complex64, float64)`"
    );
}

#[test]
fn records_by_value_need_their_layout_and_a_record_value() {
    #[derive(Clone, Copy, PartialEq, Debug, cfunc::Record)]
    #[repr(C)]
    struct point {
        x: f64,
        y: f64,
    }
    #[cfunc::cfunc("float64(point, int32)")]
    fn weighted(p: point, weight: i32) -> f64 {
        (p.x + p.y) * f64::from(weight)
    }
    let address = weighted::address() as *const core::ffi::c_void;
    // SAFETY: the function is never called without its layout.
    let missing = unsafe { cfunc::DynFn::new(address, "float64(point, int32)") }.unwrap_err();
    assert!(
        matches!(missing, cfunc::DynError::RecordLayoutMissing { ref name } if name == "point")
    );
    assert!(missing.to_string().contains("with_records"), "{missing}");

    // `ctypes()` takes the layout from the cfunc.
    let weighted_dyn = weighted::ctypes();
    let p = point { x: 1.5, y: 2.0 };
    // SAFETY: plain values.
    let value = unsafe { weighted_dyn.call(&[Value::record(&p), 4.into()]) }.unwrap();
    assert_eq!(value, Value::F64(14.0));
    let typed: f64 = unsafe { weighted_dyn.call_typed((p, 4)) }.unwrap();
    assert_eq!(typed, 14.0);

    let points = [p];
    let error = unsafe { weighted_dyn.call(&[Value::records(&points), 4.into()]) }.unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected record `point` by value, got a buffer of 1 point"
    );
    // Another record of the same name but another layout is refused.
    let other = cfunc::types::RecordLayout::named(
        "point",
        &[
            ("x", cfunc::sig::Type::float32()),
            ("y", cfunc::sig::Type::float32()),
        ],
    )
    .unwrap();
    let error =
        unsafe { weighted_dyn.call(&[cfunc::RecordValue::zeroed(&other).into(), 4.into()]) }
            .unwrap_err();
    assert!(error.to_string().starts_with("argument 1: expected record `point` by value, got record `point` by value with another layout"), "{error}");
}

#[test]
fn record_values_are_built_and_read_field_by_field() {
    use cfunc::sig::Type;
    use cfunc::types::RecordLayout;
    use cfunc::{Complex64, RecordValue};
    let inner = RecordLayout::named(
        "inner",
        &[("flag", Type::boolean()), ("z", Type::complex128())],
    )
    .unwrap();
    let outer = RecordLayout::named(
        "outer",
        &[
            ("n", Type::uint8()),
            ("inner", Type::record(inner.clone())),
            ("p", Type::pointer(Type::float64())),
            ("v", Type::nested_array(Type::float32(), &[2])),
        ],
    )
    .unwrap();
    let mut nested = RecordValue::zeroed(&inner);
    nested.set("flag", true).unwrap();
    nested.set("z", Complex64::new(1.5, -2.0)).unwrap();
    let mut record = RecordValue::zeroed(&outer);
    record.set("n", 200).unwrap();
    record.set("inner", nested.clone()).unwrap();
    assert_eq!(record.field("n"), Some(Value::U8(200)));
    assert_eq!(record.field("inner"), Some(Value::Record(nested)));
    assert_eq!(
        record.field("p"),
        Some(Value::Pointer(core::ptr::null_mut()))
    );
    // Nested arrays are not scalar fields: read and written through bytes.
    assert_eq!(record.field("v"), None);
    assert_eq!(record.field("missing"), None);

    let error = record.set("n", 300).unwrap_err();
    assert_eq!(
        error.to_string(),
        "field `n` of record `outer`: expected uint8, got int32 300 (out of range)"
    );
    let error = record.set("inner", 1.0).unwrap_err();
    assert_eq!(
        error.to_string(),
        "field `inner` of record `outer`: expected inner, got float64 1"
    );
    let error = record.set("v", 1.0).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("field `v` of record `outer`: expected nestedarray(float32, (2,))"),
        "{error}"
    );
    // A pointer into memory the value owns would dangle.
    let error = record.set("p", vec![1.0f64]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "field `p` of record `outer`: expected CPointer(float64), got a buffer of 1 float64"
    );
    let error = record.set("nope", 1).unwrap_err();
    assert_eq!(
        error.to_string(),
        "record `outer` has no field `nope` (its fields: n, inner, p, v)"
    );
}
