//! Records: dynamic layouts (`make_c_struct`) against derived ones and
//! rustc's, field access over raw memory, nested arrays, and the seeds'
//! `foo` through a typed `#[cfunc]` and through the dynamic views.

#![allow(non_camel_case_types)]

use core::ffi::{c_char, c_int, c_long, c_void};
use core::mem::offset_of;

use cfunc::sig::Type;
use cfunc::types::{RecordError, RecordLayout, RecordMut, RecordRef};
use cfunc::{Record, carray, cfunc};

#[derive(Clone, Copy, Debug, PartialEq, Record)]
#[repr(C)]
struct my_struct {
    i1: i32,
    f2: f32,
    d3: f64,
    af4: [f32; 7],
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Padded {
    a: u8,
    b: f64,
    c: u16,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Matrix {
    tag: u8,
    m: [[f32; 3]; 2],
    n: i16,
}

#[derive(Clone, Copy, Debug, PartialEq, Record)]
#[repr(C)]
struct Inner {
    x: i8,
    y: i32,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Outer {
    tag: i8,
    inner: Inner,
    z: i8,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Flags {
    on: bool,
    value: f64,
    off: bool,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct ByteThenDouble {
    b: u8,
    d: f64,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Pointers {
    data: *mut f64,
    len: usize,
    user: *mut c_void,
    name: *const c_char,
    rows: *mut *mut f32,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct TrailingPadding {
    d: f64,
    c: i8,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct OnlyBytes {
    a: i8,
    b: i8,
    c: i8,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct ArrayOfRecords {
    points: [Inner; 3],
    count: u32,
}

#[derive(Clone, Copy, Record)]
#[repr(C)]
#[record(name = "c_types_t")]
struct CTypes {
    a: c_int,
    b: c_long,
    c: c_char,
    d: u64,
    e: i16,
}

/// Builds the same record with `make_c_struct`-style descriptors, and
/// checks it against the derived `layout()` and against rustc's numbers.
macro_rules! assert_layouts_agree {
    ($ty:ty, $name:expr, { $($field:ident : $descriptor:expr),+ $(,)? }) => {{
        let dynamic = RecordLayout::named($name, &[$((stringify!($field), $descriptor)),+]).unwrap();
        assert_eq!(dynamic, <$ty as Record>::layout(), "derived and dynamic {}", $name);
        $(
            assert_eq!(
                dynamic.offset(stringify!($field)),
                Some(offset_of!($ty, $field)),
                "offset of {}.{}", $name, stringify!($field)
            );
        )+
        assert_eq!(dynamic.size(), size_of::<$ty>(), "size of {}", $name);
        assert_eq!(dynamic.align(), align_of::<$ty>(), "align of {}", $name);
        dynamic
    }};
}

#[test]
fn dynamic_and_derived_layouts_agree_with_rustc() {
    let seed = assert_layouts_agree!(my_struct, "my_struct", {
        i1: Type::int32(), f2: Type::float32(), d3: Type::float64(),
        af4: Type::nested_array(Type::float32(), &[7]),
    });
    assert_eq!((seed.offset("af4"), seed.size()), (Some(16), 48));
    let padded = assert_layouts_agree!(Padded, "Padded", {
        a: Type::uint8(), b: Type::float64(), c: Type::uint16(),
    });
    assert_eq!(padded.size(), 24);
    assert_layouts_agree!(Matrix, "Matrix", {
        tag: Type::uint8(), m: Type::nested_array(Type::float32(), &[2, 3]), n: Type::int16(),
    });
    let inner = assert_layouts_agree!(Inner, "Inner", { x: Type::int8(), y: Type::int32() });
    let outer = assert_layouts_agree!(Outer, "Outer", {
        tag: Type::int8(), inner: Type::record(inner.clone()), z: Type::int8(),
    });
    assert_eq!(outer.size(), 16);
    assert_layouts_agree!(Flags, "Flags", {
        on: Type::boolean(), value: Type::float64(), off: Type::boolean(),
    });
    assert_layouts_agree!(ByteThenDouble, "ByteThenDouble", { b: Type::uint8(), d: Type::float64() });
    assert_layouts_agree!(Pointers, "Pointers", {
        data: Type::pointer(Type::float64()),
        len: Type::uintp(),
        user: Type::voidptr(),
        name: Type::pointer(Type::int8()),
        rows: Type::pointer(Type::pointer(Type::float32())),
    });
    let trailing = assert_layouts_agree!(TrailingPadding, "TrailingPadding", {
        d: Type::float64(), c: Type::int8(),
    });
    assert_eq!(trailing.size(), 16);
    let bytes = assert_layouts_agree!(OnlyBytes, "OnlyBytes", {
        a: Type::int8(), b: Type::int8(), c: Type::int8(),
    });
    assert_eq!((bytes.size(), bytes.align()), (3, 1));
    assert_layouts_agree!(ArrayOfRecords, "ArrayOfRecords", {
        points: Type::nested_array(Type::record(inner), &[3]), count: Type::uint32(),
    });
    assert_layouts_agree!(CTypes, "c_types_t", {
        a: Type::int32(),
        b: if size_of::<c_long>() == 8 { Type::int64() } else { Type::int32() },
        c: Type::int8(),
        d: Type::uint64(),
        e: Type::int16(),
    });
}

#[test]
fn make_c_struct_matches_named_apart_from_the_name() {
    let fields = [
        ("a", Type::uint8()),
        ("b", Type::float64()),
        ("c", Type::uint16()),
    ];
    let anonymous = RecordLayout::make_c_struct(&fields).unwrap();
    let derived = Padded::layout();
    assert_eq!(anonymous.fields(), derived.fields());
    assert_eq!(
        (anonymous.size(), anonymous.align()),
        (derived.size(), derived.align())
    );
    assert_ne!(anonymous.name(), derived.name());
}

#[test]
fn typedefs_of_a_derived_record_declare_nested_records_first() {
    assert_eq!(
        Outer::c_typedefs(),
        "typedef struct Inner {\n    int8_t x;\n    int32_t y;\n} Inner;\n\
         typedef struct Outer {\n    int8_t tag;\n    Inner inner;\n    int8_t z;\n} Outer;\n"
    );
}

fn sample_records() -> [my_struct; 3] {
    [
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
    ]
}

/// The seeds' `foo` computed by hand, in f64 as Numba types it:
/// `i1 * f2` is int32 * float32 -> float64, `af4.sum()` is float32.
fn foo_by_hand(records: &[my_struct]) -> f64 {
    let mut tmp = 0.0_f64;
    for record in records {
        tmp += f64::from(record.i1) * f64::from(record.f2) / record.d3;
        tmp += f64::from(record.af4.iter().sum::<f32>());
    }
    tmp
}

#[cfunc("float64(CPointer(my_struct), uintp)")]
fn foo(ptr: *mut my_struct, n: usize) -> f64 {
    // SAFETY: the C caller passes `n` records at `ptr`.
    let base = unsafe { carray(ptr.cast_const(), n) };
    let mut tmp = 0.0;
    for i in 0..n {
        tmp += f64::from(base[i].i1) * f64::from(base[i].f2) / base[i].d3;
        tmp += f64::from(base[i].af4.iter().sum::<f32>());
    }
    tmp
}

#[test]
fn seed_foo_through_a_typed_cfunc_and_through_record_views() {
    let mut records = sample_records();
    let expected = foo_by_hand(&records);
    assert_eq!(
        expected,
        3.0 * 1.5 / 2.0 + 14.0 + (-4.0 * 0.25 / 0.5) + 7.0 + (7.0 * -2.0 / 8.0) + 10.25
    );

    // SAFETY: `records` holds `records.len()` records.
    let through_c = unsafe { foo::fn_ptr()(records.as_mut_ptr(), records.len()) };
    assert_eq!(through_c, expected);

    let layout = my_struct::layout();
    // SAFETY: `records` holds three `my_struct`s, laid out as `layout`.
    let base = unsafe { layout.carray(records.as_ptr().cast(), records.len()) }.unwrap();
    let mut tmp = 0.0_f64;
    for i in 0..base.len() {
        let record = base.at(i);
        let i1 = record.get::<i32>("i1").unwrap();
        let f2 = record.get::<f32>("f2").unwrap();
        let d3 = record.get::<f64>("d3").unwrap();
        tmp += f64::from(i1) * f64::from(f2) / d3;
        tmp += f64::from(record.array::<f32>("af4").unwrap().sum());
    }
    assert_eq!(tmp, expected);
}

#[test]
fn fields_are_read_and_written_by_name_with_type_checks() {
    let mut record = sample_records()[0];
    let layout = my_struct::layout();
    // SAFETY: `record` is a `my_struct`, used only through this view here.
    let mut view = unsafe { RecordMut::new((&raw mut record).cast(), &layout) }.unwrap();
    view.set("i1", 42_i32).unwrap();
    view.set("d3", -1.25_f64).unwrap();
    view.array_mut::<f32>("af4").unwrap()[6] = 9.0;
    assert_eq!(view.get::<i32>("i1").unwrap(), 42);
    assert_eq!(view.get::<c_int>("i1").unwrap(), 42);
    assert_eq!(view.get::<[f32; 7]>("af4").unwrap()[6], 9.0);
    assert_eq!(
        view.get::<f64>("f2").unwrap_err().to_string(),
        "field `f2` is float32, not float64"
    );
    assert_eq!(
        view.set("i1", 1_i64).unwrap_err(),
        RecordError::TypeMismatch {
            field: "i1".to_owned(),
            actual: "int32".to_owned(),
            requested: "int64".to_owned(),
        }
    );
    assert_eq!(
        view.get::<i32>("i2").unwrap_err().to_string(),
        "record `my_struct` has no field `i2`; its fields are `i1`, `f2`, `d3`, `af4`"
    );
    assert_eq!(
        view.as_ref().array::<f64>("af4").unwrap_err().to_string(),
        "field `af4` is nestedarray(float32, (7,)), not a 1-d array of float64"
    );
    assert_eq!((record.i1, record.d3, record.af4[6]), (42, -1.25, 9.0));
}

#[test]
fn bool_fields_read_any_nonzero_byte_as_true_in_arrays_and_records_too() {
    // C's `_Bool` is 0 or 1, but C code that stores a byte through a
    // `char *` may leave a 2; every reader takes a byte and compares it with 0.
    let layout = RecordLayout::make_c_struct(&[
        ("flag", Type::boolean()),
        ("flags", Type::nested_array(Type::boolean(), &[3])),
    ])
    .unwrap();
    let bytes: [u8; 4] = [2, 2, 0, 7];
    // SAFETY: 4 readable bytes, the record's size; alignment 1.
    let view = unsafe { RecordRef::new(bytes.as_ptr().cast(), &layout) }.unwrap();
    assert!(view.get::<bool>("flag").unwrap());
    assert_eq!(view.get::<[bool; 3]>("flags").unwrap(), [true, false, true]);

    // A derived record read as a whole reads each field with its reader.
    let flags_layout = Flags::layout();
    let mut storage = [0u64; 3];
    let raw = storage.as_mut_ptr().cast::<u8>();
    // SAFETY: 24 writable bytes: `on` at 0, `value` at 8, `off` at 16.
    unsafe {
        raw.write(2);
        raw.add(8).cast::<f64>().write(1.5);
        raw.add(16).write(0);
    }
    let outer = RecordLayout::make_c_struct(&[("inner", Type::Record(flags_layout))]).unwrap();
    // SAFETY: `storage` holds one `Flags`, laid out as the C compiler does.
    let view = unsafe { RecordRef::new(storage.as_ptr().cast(), &outer) }.unwrap();
    let flags: Flags = view.get("inner").unwrap();
    assert!(flags.on && !flags.off && flags.value == 1.5);
}

#[test]
fn nested_records_and_arrays_of_records_are_views_too() {
    let holder = ArrayOfRecords {
        points: [
            Inner { x: 1, y: 10 },
            Inner { x: 2, y: 20 },
            Inner { x: 3, y: 30 },
        ],
        count: 3,
    };
    let layout = ArrayOfRecords::layout();
    // SAFETY: `holder` is an `ArrayOfRecords`.
    let view = unsafe { RecordRef::new((&raw const holder).cast(), &layout) }.unwrap();
    let points = view.array::<Inner>("points").unwrap();
    assert_eq!(points.iter().map(|point| point.y).sum::<i32>(), 60);
    assert_eq!(view.get::<u32>("count").unwrap(), 3);

    let outer = Outer {
        tag: 5,
        inner: Inner { x: -1, y: 99 },
        z: 6,
    };
    let outer_layout = Outer::layout();
    // SAFETY: `outer` is an `Outer`.
    let outer_view = unsafe { RecordRef::new((&raw const outer).cast(), &outer_layout) }.unwrap();
    assert_eq!(
        outer_view.record("inner").unwrap().get::<i32>("y").unwrap(),
        99
    );
    assert_eq!(
        outer_view.get::<Inner>("inner").unwrap(),
        Inner { x: -1, y: 99 }
    );
    assert!(outer_view.record("tag").is_err());

    let matrix = Matrix {
        tag: 0,
        m: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
        n: 0,
    };
    let matrix_layout = Matrix::layout();
    // SAFETY: `matrix` is a `Matrix`.
    let matrix_view =
        unsafe { RecordRef::new((&raw const matrix).cast(), &matrix_layout) }.unwrap();
    let m = matrix_view.array_nd::<f32, 2>("m").unwrap();
    assert_eq!((m.shape(), m[(1, 2)], m.sum()), ([2, 3], 6.0, 21.0));
}

#[test]
fn bad_pointers_are_errors_and_out_of_range_panics() {
    let layout = my_struct::layout();
    // SAFETY: the null pointer is rejected before any read.
    let null = unsafe { layout.carray(core::ptr::null(), 2) }.unwrap_err();
    assert_eq!(
        null.to_string(),
        "null pointer passed for an array of 2 records of record `my_struct`"
    );
    // SAFETY: an empty array never reads.
    assert!(
        unsafe { layout.carray(core::ptr::null(), 0) }
            .unwrap()
            .is_empty()
    );
    let storage = [0_u64; 8];
    let misaligned = storage
        .as_ptr()
        .cast::<u8>()
        .wrapping_add(4)
        .cast::<c_void>();
    // SAFETY: the misaligned pointer is rejected before any read.
    let error = unsafe { RecordRef::new(misaligned, &layout) }.unwrap_err();
    assert!(
        matches!(error, RecordError::Misaligned { align: 8, .. }),
        "{error}"
    );

    let records = sample_records();
    // SAFETY: three records.
    let base = unsafe { layout.carray(records.as_ptr().cast(), 3) }.unwrap();
    assert_eq!(base.iter().len(), 3);
    let panic = std::panic::catch_unwind(|| base.at(3).get::<i32>("i1")).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_eq!(
        message,
        "record index 3 out of range for an array of 3 records"
    );
}

#[test]
fn derived_records_return_zero_after_a_panic() {
    #[cfunc("Inner(intc)")]
    fn make_inner(x: c_int) -> Inner {
        if x < 0 {
            panic!("negative input {x}");
        }
        Inner { x: 1, y: x }
    }
    assert_eq!(make_inner::fn_ptr()(5), Inner { x: 1, y: 5 });
    assert_eq!(make_inner::fn_ptr()(-1), Inner { x: 0, y: 0 });
}

/// C definitions of some of the shapes above, for `cc` and for cdecl.
const C_SHAPES: &str = "
typedef struct my_struct { int i1; float f2; double d3; float af4[7]; } my_struct;
typedef struct Padded { unsigned char a; double b; unsigned short c; } Padded;
typedef struct Matrix { unsigned char tag; float m[2][3]; short n; } Matrix;
typedef struct Inner { signed char x; int y; } Inner;
typedef struct Outer { signed char tag; Inner inner; signed char z; } Outer;
typedef struct Flags { _Bool on; double value; _Bool off; } Flags;
typedef struct TrailingPadding { double d; signed char c; } TrailingPadding;
typedef struct ArrayOfRecords { Inner points[3]; unsigned int count; } ArrayOfRecords;
";

/// (struct, member) pairs whose offsets the C program prints.
const C_MEMBERS: &[(&str, &[&str])] = &[
    ("my_struct", &["i1", "f2", "d3", "af4"]),
    ("Padded", &["a", "b", "c"]),
    ("Matrix", &["tag", "m", "n"]),
    ("Inner", &["x", "y"]),
    ("Outer", &["tag", "inner", "z"]),
    ("Flags", &["on", "value", "off"]),
    ("TrailingPadding", &["d", "c"]),
    ("ArrayOfRecords", &["points", "count"]),
];

/// Compiles a C program printing `NAME size align` and `NAME.FIELD offset`
/// lines with `cc`, runs it, and returns its output.
fn c_compiler_layouts() -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("records-cc");
    std::fs::create_dir_all(&dir).unwrap();
    let mut program = format!(
        "#include <stdio.h>\n#include <stddef.h>\n#include <stdbool.h>\n{C_SHAPES}\nint main(void) {{\n"
    );
    for (name, members) in C_MEMBERS {
        program.push_str(&format!(
            "    printf(\"{name} %zu %zu\\n\", sizeof({name}), _Alignof({name}));\n"
        ));
        for member in *members {
            program.push_str(&format!(
                "    printf(\"{name}.{member} %zu\\n\", offsetof({name}, {member}));\n"
            ));
        }
    }
    program.push_str("    return 0;\n}\n");
    let source = dir.join("layouts.c");
    let exe = dir.join("layouts");
    std::fs::write(&source, program).unwrap();
    let compiled = std::process::Command::new("cc")
        .args(["-std=c11", "-o"])
        .arg(&exe)
        .arg(&source)
        .output()
        .expect("run cc");
    assert!(
        compiled.status.success(),
        "cc failed:\n{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let run = std::process::Command::new(&exe)
        .output()
        .expect("run the layout program");
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn layouts_agree_with_the_c_compiler() {
    let printed = c_compiler_layouts();
    let mut ffi = cfunc::cdecl::FFI::new();
    ffi.cdef(C_SHAPES).unwrap();
    let derived = [
        my_struct::layout(),
        Padded::layout(),
        Matrix::layout(),
        Inner::layout(),
        Outer::layout(),
        Flags::layout(),
        TrailingPadding::layout(),
        ArrayOfRecords::layout(),
    ];
    let mut checked = 0;
    for line in printed.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let (name, member) = parts[0]
            .split_once('.')
            .map_or((parts[0], None), |(n, m)| (n, Some(m)));
        let from_cdecl = ffi.record(name).unwrap();
        let from_derive = derived.iter().find(|layout| layout.name() == name).unwrap();
        let numbers: Vec<usize> = parts[1..].iter().map(|n| n.parse().unwrap()).collect();
        match member {
            Some(member) => {
                assert_eq!(from_cdecl.offset(member), Some(numbers[0]), "cdecl {line}");
                assert_eq!(
                    from_derive.offset(member),
                    Some(numbers[0]),
                    "derive {line}"
                );
            }
            None => {
                assert_eq!(
                    [from_cdecl.size(), from_cdecl.align()],
                    numbers[..],
                    "cdecl {line}"
                );
                assert_eq!(
                    [from_derive.size(), from_derive.align()],
                    numbers[..],
                    "derive {line}"
                );
            }
        }
        checked += 1;
    }
    let expected_lines: usize = C_MEMBERS.iter().map(|(_, members)| members.len() + 1).sum();
    assert_eq!(checked, expected_lines);
}
