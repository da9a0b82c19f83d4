//! Records as Numba users know them: `types.Record.make_c_struct`, cffi
//! declarations mapped to a signature, and the seeds' `foo` callback over
//! an array of `my_struct`, called through its C address.
//!
//! Run with `cargo run --example records`.

#![allow(non_camel_case_types)] // `my_struct` keeps its C name.

use cfunc::cdecl::{FFI, map_type};
use cfunc::sig::Type;
use cfunc::types::{RecordError, RecordLayout};
use cfunc::{Record, carray, cfunc};

/// The C struct of the seeds, typed: its layout is checked against the
/// dynamic descriptor at compile time.
#[derive(Clone, Copy, Record)]
#[repr(C)]
struct my_struct {
    i1: i32,
    f2: f32,
    d3: f64,
    af4: [f32; 7],
}

/// The seeds' `foo`: `base = carray(ptr, n)`, then sum over the records.
#[cfunc("float64(CPointer(my_struct), uintp)")]
fn foo(ptr: *mut my_struct, n: usize) -> f64 {
    // SAFETY: the caller passes `n` records at `ptr`, as the C contract says.
    let base = unsafe { carray(ptr.cast_const(), n) };
    let mut tmp = 0.0;
    for i in 0..n {
        tmp += f64::from(base[i].i1) * f64::from(base[i].f2) / base[i].d3;
        tmp += f64::from(base[i].af4.iter().sum::<f32>());
    }
    tmp
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // types.Record.make_c_struct([...])
    let dynamic = RecordLayout::make_c_struct(&[
        ("i1", Type::int32()),
        ("f2", Type::float32()),
        ("d3", Type::float64()),
        ("af4", Type::nested_array(Type::float32(), &[7])),
    ])?;
    println!("make_c_struct: {dynamic}");

    // ffi.cdef(src); cffi_support.map_type(ffi.typeof('my_func'), use_record_dtype=True)
    let mut ffi = FFI::new();
    ffi.cdef(
        "typedef struct my_struct { int i1; float f2; double d3; float af4[7]; } my_struct;
         typedef double (*my_func)(my_struct*, size_t);",
    )?;
    let my_func = ffi.type_of("my_func")?;
    let with_records = map_type(&ffi, &my_func, true)?;
    let without_records = map_type(&ffi, &my_func, false)?;
    println!(
        "map_type(use_record_dtype=True):  {}",
        signature_text(with_records.signature())
    );
    println!(
        "map_type(use_record_dtype=False): {}",
        signature_text(without_records.signature())
    );
    print!("{}", ffi.record("my_struct")?.c_typedefs());
    assert_eq!(signature_text(with_records.signature()), foo::SIGNATURE);

    let mut records = [
        my_struct {
            i1: 3,
            f2: 1.5,
            d3: 2.0,
            af4: [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
        },
        my_struct {
            i1: -4,
            f2: 0.25,
            d3: 0.5,
            af4: [1.0; 7],
        },
        my_struct {
            i1: 7,
            f2: -2.0,
            d3: 8.0,
            af4: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.25],
        },
    ];

    // Call `foo` as C would: through its address.
    // SAFETY: `foo::address()` is the address of `foo`'s `extern "C" fn`,
    // whose type is exactly this one.
    let from_c: extern "C" fn(*mut my_struct, usize) -> f64 =
        unsafe { std::mem::transmute(foo::address()) };
    let result = from_c(records.as_mut_ptr(), records.len());

    let by_hand: f64 = records
        .iter()
        .map(|r| f64::from(r.i1) * f64::from(r.f2) / r.d3 + f64::from(r.af4.iter().sum::<f32>()))
        .sum();
    println!("foo(records, 3) through its C address = {result}");
    println!("computed by hand                      = {by_hand}");

    // The same, through the dynamic record views (no Rust struct needed).
    let via_views = dynamic_foo(&dynamic, &records)?;
    println!("through RecordArray views             = {via_views}");
    assert_eq!(result, by_hand);
    assert_eq!(via_views, by_hand);
    Ok(())
}

/// `foo` over record memory described at run time.
fn dynamic_foo(layout: &RecordLayout, records: &[my_struct]) -> Result<f64, RecordError> {
    assert_eq!(layout.size(), size_of::<my_struct>());
    // SAFETY: `records` are `my_struct`s, which `layout` describes.
    let base = unsafe { layout.carray(records.as_ptr().cast(), records.len())? };
    let mut tmp = 0.0;
    for record in &base {
        tmp += f64::from(record.get::<i32>("i1")?) * f64::from(record.get::<f32>("f2")?)
            / record.get::<f64>("d3")?;
        tmp += f64::from(record.array::<f32>("af4")?.sum());
    }
    Ok(tmp)
}

fn signature_text(signature: Option<&cfunc::sig::Signature>) -> String {
    signature.map_or_else(|| "(not a function)".to_owned(), ToString::to_string)
}
