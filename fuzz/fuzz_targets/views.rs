//! carray/farray views and record layouts from arbitrary shapes (every
//! primitive integer type, negative, huge), element types (including a
//! zero-sized one), and null, misaligned or dangling pointers.
//!
//! The harness passes a pointer into a real allocation only when the
//! shape's bytes fit in it; the allocation is exactly that size, so a read
//! past the view's end is a heap overflow that ASan reports. Other shapes
//! get a null pointer (or, when they have no elements or are refused
//! before the pointer matters, an arbitrary address). Construction must
//! succeed exactly when the model says, and a successful view must agree
//! with the shape: its length, its element addresses in bounds.
//!
//! Records: `RecordLayout::make_c_struct` on arbitrary field lists gives `Ok`
//! exactly when the field list is valid, with offsets increasing and
//! aligned and a size that is a multiple of the alignment; small records
//! are viewed over a real buffer and read field by field.

#![no_main]

use arbitrary::Arbitrary;
use cfunc_runtime::array::{ArrayError, ArrayView, ArrayViewMut, Layout};
use cfunc_runtime::sig::Scalar;
use cfunc_runtime::sig::Type;
use cfunc_runtime::types::{RecordLayout, RecordRef};
use cfunc_runtime::{try_carray, try_carray_as, try_farray};
use core::ffi::c_void;
use libfuzzer_sys::fuzz_target;
use std::alloc::{Layout as AllocLayout, alloc_zeroed, dealloc};
use std::hint::black_box;

/// The largest allocation a view is given.
const MAX_BYTES: usize = 4096;
/// The most elements a check reads or writes (a zero-sized element type
/// allows views of `isize::MAX` elements).
const MAX_TOUCH: usize = 2048;

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Dim {
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Isize(isize),
    I128(i128),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    Usize(usize),
    U128(u128),
    /// Small lengths, so that most shapes fit the buffer.
    Small(u8),
}

impl Dim {
    /// The value, widened: `Ok` if >= 0, `Err` if negative.
    fn wide(self) -> Result<u128, i128> {
        let signed = |v: i128| if v < 0 { Err(v) } else { Ok(v as u128) };
        match self {
            Dim::I8(v) => signed(v.into()),
            Dim::I16(v) => signed(v.into()),
            Dim::I32(v) => signed(v.into()),
            Dim::I64(v) => signed(v.into()),
            Dim::Isize(v) => signed(v as i128),
            Dim::I128(v) => signed(v),
            Dim::U8(v) => Ok(v.into()),
            Dim::U16(v) => Ok(v.into()),
            Dim::U32(v) => Ok(v.into()),
            Dim::U64(v) => Ok(v.into()),
            Dim::Usize(v) => Ok(v as u128),
            Dim::U128(v) => Ok(v),
            Dim::Small(v) => Ok(u128::from(v % 9)),
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pointer {
    Null,
    /// Into a real allocation, `offset` bytes from its (16-aligned) start.
    Buffer {
        offset: u8,
    },
    /// An arbitrary address, used only when nothing may be read.
    Address(usize),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Access {
    Const,
    Mut,
    VoidConst,
    VoidMut,
}

#[derive(Arbitrary, Debug)]
struct ViewInput {
    element: u8,
    /// 0: a bare integer; 1..=6: an array of that rank; 7, 8: mixed tuples.
    form: u8,
    dims: [Dim; 6],
    pointer: Pointer,
    access: Access,
    fortran: bool,
    /// Index components: 0 = 0, 1 = last, 2 = extent (out of bounds), else the value.
    probes: Vec<[u8; 6]>,
}

#[derive(Arbitrary, Debug)]
enum TypeSpec {
    Scalar(u8),
    Pointer(Box<TypeSpec>),
    Nested(Box<TypeSpec>, Vec<u16>),
    HugeNested(Box<TypeSpec>, Vec<usize>),
    Record(Vec<(u8, TypeSpec)>),
}

#[derive(Arbitrary, Debug)]
struct RecordInput {
    fields: Vec<(u8, TypeSpec)>,
    /// Arbitrary names, used for name choices past the fixed list.
    names: Vec<String>,
    count: u8,
    offset: u8,
}

#[derive(Arbitrary, Debug)]
enum Input {
    View(ViewInput),
    Record(RecordInput),
}

/// What construction should give.
#[derive(Debug, PartialEq)]
enum Expected {
    Ok { len: usize },
    Negative { axis: usize },
    TooLarge,
    Null,
    Misaligned,
}

fn model(dims: &[Result<u128, i128>], size: usize, ptr: usize, align: usize) -> Expected {
    if let Some(axis) = dims.iter().position(Result::is_err) {
        return Expected::Negative { axis };
    }
    let limit = (isize::MAX as u128) / (size.max(1) as u128);
    let mut nonzero: u128 = 1;
    let mut len: u128 = 1;
    for dim in dims {
        let dim = *dim.as_ref().unwrap();
        if dim > usize::MAX as u128 {
            return Expected::TooLarge;
        }
        len *= dim.min(1);
        if dim != 0 {
            nonzero = match nonzero.checked_mul(dim) {
                Some(product) if product <= limit => product,
                _ => return Expected::TooLarge,
            };
        }
    }
    let len = if len == 0 { 0 } else { nonzero as usize };
    if len == 0 {
        Expected::Ok { len }
    } else if ptr == 0 {
        Expected::Null
    } else if ptr % align != 0 {
        Expected::Misaligned
    } else {
        Expected::Ok { len }
    }
}

fn matches_expected(result: &Result<(), ArrayError>, expected: &Expected) -> bool {
    match (result, expected) {
        (Ok(()), Expected::Ok { .. }) => true,
        (Err(ArrayError::NegativeDimension { axis, .. }), Expected::Negative { axis: want }) => {
            axis == want
        }
        (Err(ArrayError::SizeOverflow { .. }), Expected::TooLarge) => true,
        (Err(ArrayError::NullPointer { .. }), Expected::Null) => true,
        (Err(ArrayError::Misaligned { .. }), Expected::Misaligned) => true,
        _ => false,
    }
}

/// An allocation of exactly `size` bytes (at least 1), 16-aligned.
struct Buffer {
    ptr: *mut u8,
    layout: AllocLayout,
}

impl Buffer {
    fn new(size: usize) -> Buffer {
        let layout = AllocLayout::from_size_align(size.max(1), 16).unwrap();
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc_zeroed(layout) };
        assert!(!ptr.is_null());
        Buffer { ptr, layout }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: allocated with this layout.
        unsafe { dealloc(self.ptr, self.layout) };
    }
}

fn index_from(probe: &[u8; 6], shape: &[usize]) -> Vec<usize> {
    shape
        .iter()
        .zip(probe)
        .map(|(&extent, &choice)| match choice % 4 {
            0 => 0,
            1 => extent.saturating_sub(1),
            2 => extent,
            _ => usize::from(choice),
        })
        .collect()
}

fn in_view(element: *const u8, base: *const u8, len: usize, size: usize) -> bool {
    let start = base as usize;
    let address = element as usize;
    address >= start && address + size <= start + len * size
}

fn check_view<T: Copy + Default + PartialEq + core::fmt::Debug, const N: usize, L: Layout>(
    view: &ArrayView<'_, T, N, L>,
    shape: &[usize; N],
    len: usize,
    ptr: usize,
    probes: &[[u8; 6]],
) {
    assert_eq!(&view.shape(), shape);
    assert_eq!(view.len(), len);
    assert_eq!(view.is_empty(), len == 0);
    if len > 0 {
        assert_eq!(view.as_ptr() as usize, ptr);
    }
    let size = size_of::<T>();
    let base = view.as_ptr().cast::<u8>();
    let mut count = 0;
    for value in view.iter().take(MAX_TOUCH) {
        black_box(*value);
        count += 1;
    }
    assert_eq!(count, len.min(MAX_TOUCH));
    if len <= MAX_TOUCH {
        assert_eq!(view.as_slice().len(), len);
    }
    for probe in probes.iter().take(8) {
        let index: [usize; N] = index_from(probe, shape).try_into().unwrap();
        let inside = index.iter().zip(shape).all(|(i, extent)| i < extent);
        match view.get(index) {
            Some(element) => {
                assert!(inside, "get({index:?}) in shape {shape:?} gave Some");
                assert!(
                    in_view((element as *const T).cast(), base, len, size),
                    "element outside the view"
                );
                black_box(*element);
            }
            None => assert!(!inside, "get({index:?}) in shape {shape:?} gave None"),
        }
    }
}

fn check_view_mut<T: Copy + Default + PartialEq + core::fmt::Debug, const N: usize, L: Layout>(
    view: &mut ArrayViewMut<'_, T, N, L>,
    shape: &[usize; N],
    len: usize,
    ptr: usize,
    probes: &[[u8; 6]],
) {
    check_view(&view.view(), shape, len, ptr, probes);
    for value in view.iter_mut().take(MAX_TOUCH) {
        *value = T::default();
    }
    if len <= MAX_TOUCH {
        view.fill(T::default());
    }
    for probe in probes.iter().take(8) {
        let index: [usize; N] = index_from(probe, shape).try_into().unwrap();
        let inside = index.iter().zip(shape).all(|(i, extent)| i < extent);
        match view.get_mut(index) {
            Some(element) => {
                assert!(inside);
                *element = T::default();
            }
            None => assert!(!inside),
        }
    }
}

/// Constructs and checks views of `T` with `shape` (any `IntoShape`).
macro_rules! run_shape {
    ($T:ty, $shape:expr, $dims:expr, $input:expr) => {{
        let input: &ViewInput = $input;
        let shape = $shape;
        let dims: Vec<Result<u128, i128>> = $dims;
        let size = size_of::<$T>();
        let align = align_of::<$T>();
        // Choose the pointer: a real one only if the bytes fit.
        let valid_len = match model(&dims, size, align, align) {
            Expected::Ok { len } => Some(len),
            _ => None,
        };
        let mut buffer = None;
        let ptr: usize = match (input.pointer, valid_len) {
            (Pointer::Buffer { offset }, Some(len))
                if len
                    .checked_mul(size)
                    .is_some_and(|bytes| bytes + usize::from(offset) <= MAX_BYTES) =>
            {
                let owned = Buffer::new(usize::from(offset) + len * size);
                let ptr = owned.ptr as usize + usize::from(offset);
                buffer = Some(owned);
                ptr
            }
            (Pointer::Address(address), Some(0)) | (Pointer::Address(address), None) => address,
            _ => 0,
        };
        let expected = model(&dims, size, ptr, align);
        let extents: Vec<usize> = dims
            .iter()
            .map(|d| *d.as_ref().unwrap_or(&0) as usize)
            .collect();
        let len = match expected {
            Expected::Ok { len } => len,
            _ => 0,
        };
        let probes = &input.probes;
        // SAFETY: `ptr` is null, or points to `len` elements of an
        // allocation of exactly their size, or the shape has no elements
        // or is refused before the pointer is used.
        let result: Result<(), ArrayError> = unsafe {
            match (input.access, input.fortran) {
                (Access::Const, false) => try_carray(ptr as *const $T, shape).map(|view| {
                    check_view(
                        &view,
                        &extents.clone().try_into().unwrap(),
                        len,
                        ptr,
                        probes,
                    )
                }),
                (Access::Const, true) => try_farray(ptr as *const $T, shape).map(|view| {
                    check_view(
                        &view,
                        &extents.clone().try_into().unwrap(),
                        len,
                        ptr,
                        probes,
                    )
                }),
                (Access::Mut, false) => try_carray(ptr as *mut $T, shape).map(|mut view| {
                    check_view_mut(
                        &mut view,
                        &extents.clone().try_into().unwrap(),
                        len,
                        ptr,
                        probes,
                    )
                }),
                (Access::Mut, true) => try_farray(ptr as *mut $T, shape).map(|mut view| {
                    check_view_mut(
                        &mut view,
                        &extents.clone().try_into().unwrap(),
                        len,
                        ptr,
                        probes,
                    )
                }),
                (Access::VoidConst, _) => try_carray_as::<$T, _, _>(ptr as *const c_void, shape)
                    .map(|view| {
                        check_view(
                            &view,
                            &extents.clone().try_into().unwrap(),
                            len,
                            ptr,
                            probes,
                        )
                    }),
                (Access::VoidMut, _) => {
                    try_carray_as::<$T, _, _>(ptr as *mut c_void, shape).map(|mut view| {
                        check_view_mut(
                            &mut view,
                            &extents.clone().try_into().unwrap(),
                            len,
                            ptr,
                            probes,
                        )
                    })
                }
            }
        };
        if let Err(error) = &result {
            assert!(!error.to_string().is_empty());
        }
        assert!(
            matches_expected(&result, &expected),
            "shape {dims:?} of {}-byte elements at {ptr:#x}: expected {expected:?}, got {result:?}",
            size
        );
        drop(buffer);
    }};
}

macro_rules! cast_dims {
    ($int:ty, $dims:expr, $n:literal) => {{
        let mut out: [$int; $n] = [0 as $int; $n];
        for (slot, dim) in out.iter_mut().zip($dims) {
            *slot = match dim.wide() {
                Ok(v) => v as $int,
                Err(v) => v as $int,
            };
        }
        out
    }};
}

/// The widened dims of a shape of `$int`s.
fn widened<I: Copy + TryInto<i128> + TryInto<u128>>(values: &[I]) -> Vec<Result<u128, i128>> {
    values
        .iter()
        .map(|&v| match TryInto::<u128>::try_into(v) {
            Ok(u) => Ok(u),
            Err(_) => Err(TryInto::<i128>::try_into(v).unwrap_or(i128::MIN)),
        })
        .collect()
}

macro_rules! run_array_rank {
    ($T:ty, $int:ty, $input:expr) => {{
        let input: &ViewInput = $input;
        match input.form % 7 {
            1 => {
                let s = cast_dims!($int, &input.dims, 1);
                run_shape!($T, s, widened(&s), input)
            }
            2 => {
                let s = cast_dims!($int, &input.dims, 2);
                run_shape!($T, s, widened(&s), input)
            }
            3 => {
                let s = cast_dims!($int, &input.dims, 3);
                run_shape!($T, s, widened(&s), input)
            }
            4 => {
                let s = cast_dims!($int, &input.dims, 4);
                run_shape!($T, s, widened(&s), input)
            }
            5 => {
                let s = cast_dims!($int, &input.dims, 5);
                run_shape!($T, s, widened(&s), input)
            }
            _ => {
                let s = cast_dims!($int, &input.dims, 6);
                run_shape!($T, s, widened(&s), input)
            }
        }
    }};
}

fn run_element<T: Copy + Default + PartialEq + core::fmt::Debug>(input: &ViewInput) {
    let d = input.dims;
    match input.form % 10 {
        // A bare integer of the first dim's own type.
        0 => match d[0] {
            Dim::I8(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::I16(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::I32(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::I64(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::Isize(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::I128(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::U8(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::U16(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::U32(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::U64(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::Usize(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::U128(v) => run_shape!(T, v, vec![d[0].wide()], input),
            Dim::Small(v) => run_shape!(T, v % 9, vec![d[0].wide()], input),
        },
        // Mixed tuples: C's `int` and `size_t`, and three kinds.
        7 => {
            let s = (
                cast_dims!(i32, &d[..1], 1)[0],
                cast_dims!(u64, &d[1..2], 1)[0],
            );
            run_shape!(T, s, [widened(&[s.0]), widened(&[s.1])].concat(), input)
        }
        8 => {
            let s = (
                cast_dims!(u8, &d[..1], 1)[0],
                cast_dims!(i64, &d[1..2], 1)[0],
                cast_dims!(usize, &d[2..3], 1)[0],
            );
            run_shape!(
                T,
                s,
                [widened(&[s.0]), widened(&[s.1]), widened(&[s.2])].concat(),
                input
            )
        }
        // Arrays of one integer type, whose dims are cast from the input.
        _ => match d[5] {
            Dim::I8(_) | Dim::Small(_) => run_array_rank!(T, i8, input),
            Dim::I32(_) | Dim::I16(_) => run_array_rank!(T, i32, input),
            Dim::I64(_) | Dim::Isize(_) => run_array_rank!(T, i64, input),
            Dim::U64(_) | Dim::U32(_) | Dim::U16(_) | Dim::U8(_) => run_array_rank!(T, u64, input),
            Dim::Usize(_) => run_array_rank!(T, usize, input),
            Dim::I128(_) | Dim::U128(_) => run_array_rank!(T, u128, input),
        },
    }
}

fn run_view(input: &ViewInput) {
    match input.element % 5 {
        0 => run_element::<f64>(input),
        1 => run_element::<u8>(input),
        2 => run_element::<i32>(input),
        3 => run_element::<[u8; 3]>(input),
        _ => run_element::<()>(input),
    }
}

// ---- records ---------------------------------------------------------

const SCALARS: &[Scalar] = &[
    Scalar::Int8,
    Scalar::Int16,
    Scalar::Int32,
    Scalar::Int64,
    Scalar::Uint8,
    Scalar::Uint16,
    Scalar::Uint32,
    Scalar::Uint64,
    Scalar::Float32,
    Scalar::Float64,
    Scalar::Boolean,
    Scalar::Intc,
    Scalar::Uintc,
    Scalar::Intp,
    Scalar::Uintp,
    Scalar::VoidPtr,
    Scalar::Void,
];

const NAMES: &[&str] = &[
    "x", "y", "z", "_a", "b2", "x", "", "1st", "a b", "é", "struct", "int",
];

fn name_of<'a>(choice: u8, names: &'a [String]) -> &'a str {
    let index = usize::from(choice);
    if index < NAMES.len() {
        NAMES[index]
    } else {
        names.get(index - NAMES.len()).map_or("w", String::as_str)
    }
}

fn build_type(spec: &TypeSpec, names: &[String], depth: usize) -> Type<RecordLayout> {
    if depth > 4 {
        return Type::int8();
    }
    match spec {
        TypeSpec::Scalar(index) => Type::Scalar(SCALARS[usize::from(*index) % SCALARS.len()]),
        TypeSpec::Pointer(inner) => Type::pointer(build_type(inner, names, depth + 1)),
        TypeSpec::Nested(elem, shape) => {
            let shape: Vec<usize> = shape.iter().take(4).map(|&d| usize::from(d % 64)).collect();
            Type::nested_array(build_type(elem, names, depth + 1), &shape)
        }
        TypeSpec::HugeNested(elem, shape) => {
            let shape: Vec<usize> = shape.iter().take(4).copied().collect();
            Type::nested_array(build_type(elem, names, depth + 1), &shape)
        }
        TypeSpec::Record(fields) => {
            let fields = build_fields(fields, names, depth + 1);
            match RecordLayout::make_c_struct(&fields) {
                Ok(record) => Type::record(record),
                Err(_) => Type::int16(),
            }
        }
    }
}

fn build_fields<'a>(
    specs: &[(u8, TypeSpec)],
    names: &'a [String],
    depth: usize,
) -> Vec<(&'a str, Type<RecordLayout>)> {
    specs
        .iter()
        .take(12)
        .map(|(name, spec)| (name_of(*name, names), build_type(spec, names, depth)))
        .collect()
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn has_void(ty: &Type<RecordLayout>) -> bool {
    match ty {
        Type::Scalar(scalar) => *scalar == Scalar::Void,
        Type::NestedArray { elem, .. } => has_void(elem),
        _ => false,
    }
}

/// The model's size of a record of `fields`, or None if it overflows.
fn model_size(fields: &[(&str, Type<RecordLayout>)]) -> Option<(usize, usize)> {
    let mut cursor: usize = 0;
    let mut align = 1;
    for (_, ty) in fields {
        let size = ty.checked_size()?;
        let a = ty.align();
        cursor = cursor.checked_add(a - 1)? / a * a;
        cursor = cursor.checked_add(size)?;
        align = align.max(a);
    }
    Some((cursor.checked_add(align - 1)? / align * align, align))
}

fn read_fields(record: RecordRef<'_>, depth: usize) {
    for field in record.layout().fields() {
        let name = field.name.as_str();
        let _ = record.get::<f64>(name).map(black_box);
        let _ = record.get::<i32>(name).map(black_box);
        let _ = record.get::<u8>(name).map(black_box);
        let _ = record.get::<bool>(name).map(black_box);
        let _ = record.get::<*mut c_void>(name).map(black_box);
        if let Ok(array) = record.array::<f32>(name) {
            black_box(array.iter().take(MAX_TOUCH).fold(0.0, |a, b| a + b));
        }
        if let Ok(array) = record.array::<u8>(name) {
            black_box(array.iter().take(MAX_TOUCH).count());
        }
        if depth < 4 {
            if let Ok(inner) = record.record(name) {
                read_fields(inner, depth + 1);
            }
        }
    }
    assert!(record.get::<f64>("no_such_field").is_err());
}

fn run_record(input: &RecordInput) {
    let fields = build_fields(&input.fields, &input.names, 0);
    let result = RecordLayout::make_c_struct(&fields);
    let mut seen: Vec<&str> = Vec::new();
    let mut valid = !fields.is_empty();
    for (name, ty) in &fields {
        valid &= is_identifier(name) && !seen.contains(name) && !has_void(ty);
        seen.push(name);
    }
    let model = if valid { model_size(&fields) } else { None };
    let record = match (result, model) {
        (Ok(record), Some((size, align))) => {
            assert_eq!((record.size(), record.align()), (size, align), "{fields:?}");
            record
        }
        (Err(error), None) => {
            assert!(!error.to_string().is_empty());
            return;
        }
        (result, model) => panic!("fields {fields:?}: model {model:?}, got {result:?}"),
    };
    let align = record.align();
    assert!(align.is_power_of_two());
    assert_eq!(record.size() % align, 0);
    let mut end = 0usize;
    for (field, (name, ty)) in record.fields().iter().zip(&fields) {
        assert_eq!(field.name, *name);
        assert_eq!(&field.ty, ty);
        assert!(field.offset >= end, "overlap in {record:?}");
        assert_eq!(field.offset % ty.align(), 0);
        end = field.offset + ty.size();
    }
    assert!(end <= record.size());
    let _ = record.c_typedefs();
    // View a few records over a buffer of exactly their size.
    let count = usize::from(input.count % 5);
    let offset = usize::from(input.offset % 17);
    // A record may be nearly `usize::MAX` bytes (nested arrays of large
    // shapes): too big to allocate, so only its layout is checked.
    let Some(bytes) = record.size().checked_mul(count) else {
        return;
    };
    if bytes.saturating_add(offset) > MAX_BYTES || align > 16 {
        return;
    }
    let buffer = Buffer::new(bytes + offset);
    let ptr = buffer.ptr.wrapping_add(offset).cast::<c_void>();
    let aligned = (ptr as usize) % align == 0;
    // SAFETY: `count` records' bytes from `ptr` are allocated and zeroed.
    match unsafe { record.carray(ptr, count) } {
        Ok(array) => {
            // Unlike carray/farray, a record array refuses a misaligned
            // pointer also when it is empty.
            assert!(aligned, "misaligned pointer accepted");
            assert_eq!(array.len(), count);
            for one in array.iter() {
                read_fields(one, 0);
            }
            assert!(array.get(count).is_none());
        }
        Err(error) => assert!(!aligned, "refused an aligned pointer: {error}"),
    }
    // SAFETY: null is refused before use.
    assert!(unsafe { RecordRef::new(core::ptr::null(), &record) }.is_err());
}

fuzz_target!(|input: Input| {
    match &input {
        Input::View(view) => run_view(view),
        Input::Record(record) => run_record(record),
    }
});
