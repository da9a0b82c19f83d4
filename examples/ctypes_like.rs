//! ctypes, done from Rust: load the C library, look functions up by name
//! with a signature string, and call them dynamically (the blog post's
//! "Calling C from inside Numba" examples).
//!
//! Run with `cargo run --example ctypes_like`.

use cfunc::{DynCallback, DynError, Library, Value, cfunc};
use std::ffi::c_void;

/// The seeds' 2-d doubling callback, to call with a numpy-like buffer.
#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
fn my_callback(in_: _, out: _, m: _, n: _) {
    let len = usize::try_from(m * n).unwrap_or(0);
    for k in 0..len {
        // SAFETY: the caller passes two buffers of m * n doubles.
        unsafe { *out.add(k) = 2.0 * *in_.add(k) };
    }
}

fn main() -> Result<(), DynError> {
    // LIBC = ctypes.CDLL('libc.so.6')
    // SAFETY: loading the C library runs no initialiser that is not already run.
    let libc = unsafe { Library::open("libc.so.6") }?;

    // LIBC_SLEEP = LIBC.sleep; argtypes = [c_uint]; restype = c_uint
    // SAFETY: `unsigned int sleep(unsigned int)`.
    let sleep = unsafe { libc.get("sleep", "uintc(uintc)") }?;
    let left = unsafe { sleep.call(&[1u32.into()]) }?;
    println!("sleep(1) returned {left:?}");

    // SAFETY: `int abs(int)` and `size_t strlen(const char *)`.
    let abs = unsafe { libc.get("abs", "intc(intc)") }?;
    let strlen = unsafe { libc.get("strlen", "size_t(CPointer(char))") }?;
    println!("abs(-42) = {:?}", unsafe { abs.call(&[(-42).into()]) }?);
    println!("strlen(\"cfunc\") = {:?}", unsafe {
        strlen.call(&[c"cfunc".into()])
    }?);
    // Typed: checked once, then a direct call.
    let abs_typed = abs.typed::<(i32,), i32>()?;
    println!("abs(-7) typed = {}", unsafe { abs_typed.call((-7,)) });

    // Wrong calls are errors, not crashes.
    if let Err(error) = unsafe { abs.call(&[c"not a number".into()]) } {
        println!("abs(\"not a number\") -> error: {error}");
    }

    // qsort with a comparator made from a closure (ctypes' CFUNCTYPE).
    let comparator = DynCallback::typed(
        "intc(voidptr, voidptr)",
        |(a, b): (*mut c_void, *mut c_void)| {
            // SAFETY: qsort passes pointers to two elements of the array.
            let (a, b) = unsafe { (*a.cast::<f64>(), *b.cast::<f64>()) };
            a.total_cmp(&b) as i32
        },
    )?;
    // SAFETY: qsort's prototype; the comparator compares doubles.
    let qsort = unsafe { libc.get("qsort", "void(voidptr, size_t, size_t, voidptr)") }?;
    let mut values = vec![3.5, -1.0, 10.0, 0.0, 2.25];
    let len = values.len();
    unsafe {
        qsort.call(&[
            (&mut values).into(),
            len.into(),
            size_of::<f64>().into(),
            Value::Pointer(comparator.code_ptr().cast_mut()),
        ])
    }?;
    println!("qsort -> {values:?}");

    // A numpy-like array: a flat row-major buffer and its shape, passed by
    // pointer, as `arr.ctypes.data` is.
    let (m, n) = (2, 3);
    let input: Vec<f64> = (0..m * n).map(f64::from).collect();
    let mut output = vec![0.0; input.len()];
    let doubling = my_callback::ctypes();
    unsafe { doubling.call(&[(&input).into(), (&mut output).into(), m.into(), n.into()]) }?;
    println!("my_callback({input:?}) -> {output:?}");

    // Variadic: printf.
    // SAFETY: `int printf(const char *, ...)`, with a format that matches.
    let printf = unsafe { libc.get_variadic("printf", "intc(CPointer(char))") }?;
    let written = unsafe {
        printf.call(&[
            c"printf from Rust: %s has %d items, first %.2f\n".into(),
            c"values".into(),
            5.into(),
            values[0].into(),
        ])
    }?;
    // C's stdout is buffered apart from Rust's: flush it before printing more.
    // SAFETY: `int fflush(FILE *)`; NULL flushes every stream.
    let fflush = unsafe { libc.get("fflush", "intc(voidptr)") }?;
    unsafe { fflush.call(&[Value::null()]) }?;
    println!("printf wrote {written:?} bytes");
    Ok(())
}
