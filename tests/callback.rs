//! `DynCallback`: C function pointers backed by Rust closures, called by C.

use cfunc::{DynCallback, DynError, Library, Value};
use std::ffi::c_void;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// libc's `qsort`, called with a comparator address.
fn qsort_f64(values: &mut [f64], comparator: usize) {
    let libc = Library::this_process();
    // SAFETY: `void qsort(void *, size_t, size_t, int (*)(const void *, const void *))`;
    // the comparator compares two doubles.
    let qsort = unsafe { libc.get("qsort", "void(voidptr, uintp, uintp, voidptr)") }.unwrap();
    let len = values.len();
    unsafe {
        qsort
            .call(&[
                (&mut values[..]).into(),
                len.into(),
                size_of::<f64>().into(),
                (comparator as *mut c_void).into(),
            ])
            .unwrap();
    }
}

#[test]
fn qsort_with_a_value_comparator() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let comparator = DynCallback::new("intc(voidptr, voidptr)", move |args| {
        counter.fetch_add(1, Ordering::Relaxed);
        let (a, b) = (args[0].as_pointer().unwrap(), args[1].as_pointer().unwrap());
        // SAFETY: qsort passes pointers to two elements of the f64 array.
        let (a, b) = unsafe { (*a.cast::<f64>(), *b.cast::<f64>()) };
        Value::I32(a.total_cmp(&b) as i32)
    })
    .unwrap();
    let mut values = vec![3.5, -1.0, 10.0, 0.0, 2.25, -7.5, 3.5];
    let mut expected = values.clone();
    expected.sort_by(f64::total_cmp);
    qsort_f64(&mut values, comparator.address());
    assert_eq!(values, expected);
    assert!(calls.load(Ordering::Relaxed) >= values.len() - 1);
}

#[test]
fn qsort_with_a_typed_comparator() {
    let comparator = DynCallback::typed(
        "intc(voidptr, voidptr)",
        |(a, b): (*mut c_void, *mut c_void)| {
            // SAFETY: qsort passes pointers to two elements of the f64 array.
            let (a, b) = unsafe { (*a.cast::<f64>(), *b.cast::<f64>()) };
            b.total_cmp(&a) as i32
        },
    )
    .unwrap();
    let mut values: Vec<f64> = (0..100).map(|k| f64::from((k * 37) % 101)).collect();
    let mut expected = values.clone();
    expected.sort_by(|a, b| b.total_cmp(a));
    qsort_f64(&mut values, comparator.address());
    assert_eq!(values, expected);
}

#[test]
fn every_argument_and_return_kind_crosses_the_closure() {
    let echo = |signature: &str| {
        DynCallback::new(signature, |args| args[0].clone().into_owned_scalar()).unwrap()
    };
    // Each callback must outlive the calls through its pointer.
    let callbacks: Vec<DynCallback> = [
        "int8(int8)",
        "uint16(uint16)",
        "intc(intc)",
        "uint64(uint64)",
        "intp(intp)",
        "float32(float32)",
        "float64(float64)",
        "boolean(boolean)",
        "voidptr(voidptr)",
    ]
    .into_iter()
    .map(echo)
    .collect();
    unsafe {
        let f: extern "C" fn(i8) -> i8 = callbacks[0].as_fn();
        assert_eq!(f(-100), -100);
        let f: extern "C" fn(u16) -> u16 = callbacks[1].as_fn();
        assert_eq!(f(65000), 65000);
        let f: extern "C" fn(i32) -> i32 = callbacks[2].as_fn();
        assert_eq!(f(-5), -5);
        let f: extern "C" fn(u64) -> u64 = callbacks[3].as_fn();
        assert_eq!(f(u64::MAX), u64::MAX);
        let f: extern "C" fn(isize) -> isize = callbacks[4].as_fn();
        assert_eq!(f(-9), -9);
        let f: extern "C" fn(f32) -> f32 = callbacks[5].as_fn();
        assert_eq!(f(0.5), 0.5);
        let f: extern "C" fn(f64) -> f64 = callbacks[6].as_fn();
        assert_eq!(f(1e300), 1e300);
        let f: extern "C" fn(bool) -> bool = callbacks[7].as_fn();
        assert!(f(true));
        assert!(!f(false));
        let data = 5u8;
        let f: extern "C" fn(*const u8) -> *const u8 = callbacks[8].as_fn();
        assert_eq!(f(&data), &raw const data);
    }
}

/// Converting a borrowed argument value into a result value.
trait IntoOwnedScalar {
    fn into_owned_scalar(self) -> Value<'static>;
}

impl IntoOwnedScalar for Value<'_> {
    fn into_owned_scalar(self) -> Value<'static> {
        match self {
            Value::Pointer(pointer) => Value::Pointer(pointer),
            Value::Bool(v) => Value::Bool(v),
            Value::I8(v) => Value::I8(v),
            Value::U16(v) => Value::U16(v),
            Value::I32(v) => Value::I32(v),
            Value::U64(v) => Value::U64(v),
            Value::Isize(v) => Value::Isize(v),
            Value::F32(v) => Value::F32(v),
            Value::F64(v) => Value::F64(v),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn a_panic_in_the_closure_returns_zero_and_is_kept() {
    let failing = DynCallback::new("float64(float64)", |args| {
        let x = args[0].as_f64().unwrap();
        assert!(x >= 0.0, "negative {x}");
        Value::F64(x.sqrt())
    })
    .unwrap();
    let f: extern "C" fn(f64) -> f64 = unsafe { failing.as_fn() };
    cfunc::clear_last_error();
    assert_eq!(f(4.0), 2.0);
    assert_eq!(f(-4.0), 0.0);
    let message = cfunc::last_error().unwrap();
    assert!(
        message.contains("DynCallback float64(float64)` panicked: negative -4"),
        "{message}"
    );

    let typed = DynCallback::typed("int32(int32)", |(x,): (i32,)| 100 / x).unwrap();
    let g: extern "C" fn(i32) -> i32 = unsafe { typed.as_fn() };
    assert_eq!(g(0), 0);
    assert!(
        cfunc::last_error()
            .unwrap()
            .contains("attempt to divide by zero")
    );
}

#[test]
fn a_closure_returning_the_wrong_type_is_reported() {
    let wrong = DynCallback::new("intc(intc)", |_| Value::F64(1.5)).unwrap();
    let f: extern "C" fn(i32) -> i32 = unsafe { wrong.as_fn() };
    assert_eq!(f(1), 0);
    let message = cfunc::last_error().unwrap();
    assert!(
        message.contains("the closure returned float64 1.5 for the return type intc"),
        "{message}"
    );
}

#[test]
fn typed_callbacks_check_their_types() {
    let error = DynCallback::typed("float64(float64)", |(x,): (f32,)| f64::from(x)).unwrap_err();
    assert!(matches!(error, DynError::TypedMismatch { .. }));
    assert_eq!(
        error.to_string(),
        "typed call: the signature says `float64(float64)`, the Rust types say `float64(float32)`"
    );
    let error = DynCallback::new("float64(flaot64)", |_| Value::Void).unwrap_err();
    assert!(matches!(error, DynError::Signature { .. }));
}

#[test]
fn callbacks_are_callable_from_many_threads() {
    let total = Arc::new(AtomicUsize::new(0));
    let sink = Arc::clone(&total);
    let add = DynCallback::new("void(uintp)", move |args| {
        sink.fetch_add(
            usize::try_from(args[0].as_u64().unwrap()).unwrap(),
            Ordering::Relaxed,
        );
        Value::Void
    })
    .unwrap();
    let f: extern "C" fn(usize) = unsafe { add.as_fn() };
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(move || {
                for k in 0..1000 {
                    f(k);
                }
            });
        }
    });
    assert_eq!(total.load(Ordering::Relaxed), 4 * (999 * 1000 / 2));
}

#[test]
fn a_callback_can_be_called_through_a_dyn_fn() {
    let doubled = DynCallback::new("float64(float64)", |args| {
        Value::F64(2.0 * args[0].as_f64().unwrap())
    })
    .unwrap();
    // SAFETY: the callback's own address and signature.
    let function = unsafe { cfunc::DynFn::new(doubled.code_ptr(), "float64(float64)") }.unwrap();
    assert_eq!(
        unsafe { function.call(&[21.0.into()]) }.unwrap(),
        Value::F64(42.0)
    );
}

#[test]
fn an_owned_result_for_a_pointer_slot_is_refused_not_left_dangling() {
    // The closure's `CString` and `Vec` are freed when it returns: handing
    // their address to C would be a use after free.
    let string = DynCallback::new("CPointer(int8)()", |_| {
        Value::String(std::ffi::CString::new("temporary").unwrap())
    })
    .unwrap();
    let f: extern "C" fn() -> *const std::ffi::c_char = unsafe { string.as_fn() };
    cfunc::clear_last_error();
    let returned = f();
    if !returned.is_null() {
        // What C does with the result; on a dangling pointer, valgrind
        // reports the read.
        // SAFETY: only reached if the callback returned a string.
        let text = unsafe { std::ffi::CStr::from_ptr(returned) };
        panic!(
            "the callback returned {:?} instead of null",
            text.to_bytes().len()
        );
    }
    let message = cfunc::last_error().unwrap();
    assert!(
        message.contains(
            "the closure returned a C string owned by the value for the return type CPointer(int8)"
        ),
        "{message}"
    );
    assert!(
        message.contains("freed when the callback returns"),
        "{message}"
    );

    let buffer = DynCallback::new("voidptr()", |_| vec![1.0f64, 2.0].into()).unwrap();
    let g: extern "C" fn() -> *mut c_void = unsafe { buffer.as_fn() };
    cfunc::clear_last_error();
    assert!(g().is_null());
    let message = cfunc::last_error().unwrap();
    assert!(
        message.contains("returned a buffer of 2 float64 owned by the value"),
        "{message}"
    );
}

#[test]
fn static_strings_buffers_and_raw_pointers_may_be_returned() {
    static TABLE: [f64; 3] = [1.0, 2.0, 3.0];
    let text = DynCallback::new("CPointer(int8)()", |_| c"static".into()).unwrap();
    let f: extern "C" fn() -> *const std::ffi::c_char = unsafe { text.as_fn() };
    // SAFETY: the callback returns a `'static` C string.
    assert_eq!(unsafe { std::ffi::CStr::from_ptr(f()) }, c"static");
    let table = DynCallback::new("CPointer(float64)()", |_| (&TABLE[..]).into()).unwrap();
    let g: extern "C" fn() -> *const f64 = unsafe { table.as_fn() };
    assert_eq!(g(), TABLE.as_ptr());
    let raw = DynCallback::new("voidptr(voidptr)", |args| {
        Value::Pointer(args[0].as_pointer().unwrap())
    })
    .unwrap();
    let h: extern "C" fn(*mut c_void) -> *mut c_void = unsafe { raw.as_fn() };
    let mut slot = 0u8;
    assert_eq!(h((&raw mut slot).cast()), (&raw mut slot).cast());
}

#[test]
fn a_closure_result_must_be_exact_in_the_return_type() {
    let inexact = DynCallback::new("float32(float32)", |args| {
        Value::F64(args[0].as_f64().unwrap() + 0.1)
    })
    .unwrap();
    let f: extern "C" fn(f32) -> f32 = unsafe { inexact.as_fn() };
    cfunc::clear_last_error();
    assert_eq!(f(1.0), 0.0);
    let message = cfunc::last_error().unwrap();
    assert!(
        message.contains(
            "the closure returned float64 1.1 (not exact in float32) for the return type float32"
        ),
        "{message}"
    );
    let exact = DynCallback::new("float32(float32)", |args| {
        Value::F64(args[0].as_f64().unwrap() * 2.0)
    })
    .unwrap();
    let g: extern "C" fn(f32) -> f32 = unsafe { exact.as_fn() };
    assert_eq!(g(1.5), 3.0);
    let narrow = DynCallback::new("int8()", |_| Value::I32(300)).unwrap();
    let h: extern "C" fn() -> i8 = unsafe { narrow.as_fn() };
    assert_eq!(h(), 0);
    assert!(
        cfunc::last_error()
            .unwrap()
            .contains("the closure returned int32 300 (out of range) for the return type int8")
    );
}

#[test]
fn dropping_a_callback_frees_its_closure_and_state() {
    let shared = Arc::new(5i64);
    let captured = Arc::clone(&shared);
    let value = DynCallback::new("int64(int64)", move |args| {
        Value::I64(args[0].as_i64().unwrap() + *captured)
    })
    .unwrap();
    let captured = Arc::clone(&shared);
    let typed = DynCallback::typed("int64(int64)", move |(x,): (i64,)| x * *captured).unwrap();
    assert_eq!(Arc::strong_count(&shared), 3);
    // Moving the callbacks does not move what libffi points into.
    let moved = vec![value, typed];
    let f: extern "C" fn(i64) -> i64 = unsafe { moved[0].as_fn() };
    let g: extern "C" fn(i64) -> i64 = unsafe { moved[1].as_fn() };
    assert_eq!((f(1), g(2)), (6, 10));
    drop(moved);
    assert_eq!(Arc::strong_count(&shared), 1);
}

#[test]
fn a_typed_boolean_argument_reads_any_nonzero_byte_as_true() {
    let echo = DynCallback::typed("boolean(boolean)", |(flag,): (bool,)| flag).unwrap();
    // A C caller whose prototype says `unsigned char` may pass any byte.
    let f: extern "C" fn(u8) -> u8 = unsafe { echo.as_fn() };
    assert_eq!((f(0), f(1), f(2), f(255)), (0, 1, 1, 1));
}

mod small {
    #[derive(Clone, Copy, Debug, cfunc::Record)]
    #[repr(C)]
    pub struct point {
        pub x: f64,
    }
}

mod large {
    #[derive(Clone, Copy, Debug, cfunc::Record)]
    #[repr(C)]
    pub struct point {
        pub v: [f64; 8],
    }
}

#[test]
fn two_record_types_of_one_name_are_refused_not_confused() {
    // libffi would be told one `point` and the closure would write the
    // other: a 64-byte result into an 8-byte slot.
    let refused = DynCallback::typed("point(point)", |(p,): (small::point,)| large::point {
        v: [p.x; 8],
    });
    assert!(
        matches!(&refused, Err(DynError::RecordLayoutConflict { name }) if name == "point"),
        "{:?}",
        refused.err()
    );
}

#[derive(Clone, Copy, Debug, cfunc::Record)]
#[repr(C)]
struct padded {
    a: u8,
    align: [u64; 0],
    b: u8,
}

#[test]
fn a_record_with_a_zero_length_array_is_not_passed_by_value() {
    // The empty array aligns the record (16 bytes, as C and Rust lay it
    // out) but has no libffi element, so libffi would see 2 bytes.
    let refused = DynCallback::typed("padded()", |(): ()| padded {
        a: 1,
        align: [],
        b: 2,
    });
    assert!(
        matches!(&refused, Err(DynError::ZeroLengthField { record, field })
            if record == "padded" && field == "align"),
        "{:?}",
        refused.err()
    );
}

#[test]
fn a_typed_call_with_another_layout_under_the_record_name_is_refused() {
    use cfunc::Record;
    let callback = DynCallback::typed("float64(point)", |(p,): (large::point,)| {
        p.v.iter().sum::<f64>()
    })
    .unwrap();
    // SAFETY: the address is the callback's, of this signature, and the
    // callback outlives the handle.
    let function = unsafe {
        cfunc::DynFn::with_records(
            callback.code_ptr(),
            "float64(point)",
            &[large::point::layout()],
        )
    }
    .unwrap();
    // By name both are `point`; passing the 8-byte one where C reads the
    // 64-byte one would read past it.
    assert!(matches!(
        function.typed::<(small::point,), f64>(),
        Err(DynError::RecordLayoutConflict { name }) if name == "point"
    ));
    let typed = function.typed::<(large::point,), f64>().unwrap();
    // SAFETY: the types are the function's.
    let sum = unsafe { typed.call((large::point { v: [0.5; 8] },)) };
    assert_eq!(sum, 4.0);
}
