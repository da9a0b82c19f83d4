//! `carray`/`farray` views: offsets against hand-computed indices in both
//! orders, every view operation, construction errors, records as elements,
//! the seed's callbacks called through their C addresses, ndarray
//! conversions and random shapes.

use cfunc::{
    ArrayError, ArrayView, ArrayViewMut, C, F, carray, carray_as, cfunc, farray, farray_as,
    try_carray, try_carray_as, try_farray,
};
use proptest::prelude::*;
use std::ffi::{c_int, c_void};

/// `0.0, 1.0, ..., (len - 1)`: each element's value is its memory offset.
fn iota(len: usize) -> Vec<f64> {
    (0..len).map(|k| k as f64).collect()
}

#[test]
fn three_d_c_and_f_views_read_their_hand_computed_offsets() {
    let data = iota(24);
    // SAFETY: `data` holds 2 * 3 * 4 doubles and outlives the views.
    let c = unsafe { carray(data.as_ptr(), (2, 3, 4)) };
    // SAFETY: as above.
    let f = unsafe { farray(data.as_ptr(), (2, 3, 4)) };
    for i in 0..2 {
        for j in 0..3 {
            for k in 0..4 {
                assert_eq!(c[(i, j, k)], (i * 12 + j * 4 + k) as f64);
                assert_eq!(f[(i, j, k)], (i + j * 2 + k * 6) as f64);
                assert_eq!(c.get([i, j, k]), Some(&c[(i, j, k)]));
                // SAFETY: the loops stay inside the shape.
                assert_eq!(unsafe { *f.get_unchecked((i, j, k)) }, f[(i, j, k)]);
            }
        }
    }
}

#[test]
fn one_two_and_four_d_views_in_both_orders() {
    let data = iota(120);
    // SAFETY: `data` holds 120 doubles; every view below covers at most 120.
    unsafe {
        let line = carray(data.as_ptr(), 5_usize);
        assert_eq!((line[3], line[(4,)]), (3.0, 4.0));
        let line_f = farray(data.as_ptr(), 5_i64);
        assert_eq!(line_f[3], 3.0);

        let grid_c = carray(data.as_ptr(), (4, 5));
        let grid_f = farray(data.as_ptr(), (4, 5));
        assert_eq!(grid_c[(3, 1)], 16.0);
        assert_eq!(grid_f[(3, 1)], 7.0);

        let c4: ArrayView<'_, f64, 4, C> = carray(data.as_ptr(), (2, 3, 4, 5));
        let f4: ArrayView<'_, f64, 4, F> = farray(data.as_ptr(), (2, 3, 4, 5));
        assert_eq!(c4[(1, 2, 3, 4)], (60 + 2 * 20 + 3 * 5 + 4) as f64);
        assert_eq!(f4[(1, 2, 3, 4)], (1 + 2 * 2 + 3 * 6 + 4 * 24) as f64);
        assert_eq!(c4.ndim(), 4);
        assert_eq!(c4.len(), 120);
    }
}

/// The rank and lengths of `shape`, read back from a view made with it.
fn viewed_shape<S: cfunc::IntoShape<N>, const N: usize>(shape: S) -> [usize; N] {
    let data = [0_u8; 64];
    // SAFETY: every shape passed below holds at most 64 elements.
    unsafe { carray(data.as_ptr(), shape) }.shape()
}

#[test]
fn shapes_take_every_integer_type_and_mix_them() {
    let (m, n): (c_int, c_int) = (2, 3);
    assert_eq!(viewed_shape((m, n)), [2, 3]);
    assert_eq!(viewed_shape(n), [3]);
    assert_eq!(viewed_shape(7_i64), [7]);
    assert_eq!(viewed_shape((7_u16,)), [7]);
    assert_eq!(viewed_shape((2_usize, 3_u32, 4_i64)), [2, 3, 4]);
    assert_eq!(viewed_shape((1_i8, 2_u8, 3_i16, 4_u16)), [1, 2, 3, 4]);
    assert_eq!(
        viewed_shape((1_i128, 2_u128, 2_isize, 2_u64, 2_i32)),
        [1, 2, 2, 2, 2]
    );
    assert_eq!(viewed_shape([2_u32; 6]), [2; 6]);
    assert_eq!(viewed_shape((2, 3)), [2, 3]);
}

#[test]
fn iteration_follows_memory_order() {
    let data = iota(6);
    // SAFETY: `data` holds 2 * 3 doubles.
    let f = unsafe { farray(data.as_ptr(), (2, 3)) };
    let iterated: Vec<f64> = f.iter().copied().collect();
    let column_major: Vec<f64> = (0..3)
        .flat_map(|j| (0..2).map(move |i| (i, j)))
        .map(|index| f[index])
        .collect();
    assert_eq!(iterated, column_major);
    assert_eq!(iterated, data);

    // SAFETY: as above.
    let c = unsafe { carray(data.as_ptr(), (2, 3)) };
    let row_major: Vec<f64> = (0..2)
        .flat_map(|i| (0..3).map(move |j| (i, j)))
        .map(|index| c[index])
        .collect();
    assert_eq!((&c).into_iter().copied().collect::<Vec<_>>(), row_major);
}

#[test]
fn sum_fill_slices_and_pointers() {
    let mut data = iota(12);
    let start = data.as_mut_ptr();
    // SAFETY: `data` holds 3 * 4 doubles.
    let mut a = unsafe { farray(start, (3, 4)) };
    assert_eq!(a.sum(), 66.0);
    assert_eq!(a.size(), 12);
    assert_eq!(a.as_ptr(), start.cast_const());
    assert_eq!(a.as_mut_ptr(), start);
    a.as_mut_slice()[11] = 100.0;
    assert_eq!(a[(2, 3)], 100.0);
    for x in &mut a {
        *x += 1.0;
    }
    assert_eq!(a.as_slice()[0], 1.0);
    a.fill(0.5);
    assert_eq!(a.view().sum(), 6.0);
    assert!(data.iter().all(|&x| x == 0.5));
}

#[test]
fn strides_are_in_bytes_like_numpy() {
    let data = [0_i32; 120];
    // SAFETY: `data` holds 120 ints; the views below cover at most 120.
    unsafe {
        assert_eq!(
            carray(data.as_ptr(), (2, 3, 4, 5)).strides(),
            [240, 80, 20, 4]
        );
        assert_eq!(
            farray(data.as_ptr(), (2, 3, 4, 5)).strides(),
            [4, 8, 24, 96]
        );
        assert_eq!(carray(data.as_ptr(), 7).strides(), [4]);
        assert_eq!(carray(data.as_ptr(), (4, 0, 2)).strides(), [8, 8, 4]);
    }
}

#[test]
fn get_and_get_mut_return_none_outside() {
    let mut data = iota(6);
    // SAFETY: `data` holds 3 * 2 doubles.
    let mut a = unsafe { carray(data.as_mut_ptr(), (3, 2)) };
    assert_eq!(a.get((2, 1)), Some(&5.0));
    assert_eq!(a.get((3, 0)), None);
    assert_eq!(a.get((0, 2)), None);
    assert_eq!(a.get((usize::MAX, usize::MAX)), None);
    *a.get_mut((1, 1)).unwrap() = -1.0;
    assert!(a.get_mut((1, 2)).is_none());
    // SAFETY: (2, 0) is inside the shape.
    unsafe { *a.get_unchecked_mut((2, 0)) = -2.0 };
    assert_eq!(data, [0.0, 1.0, 2.0, -1.0, -2.0, 5.0]);
}

#[test]
#[should_panic(expected = "index (2, 5) is out of bounds for a carray of shape (2, 3)")]
fn reading_outside_a_carray_panics_with_index_and_shape() {
    let data = iota(6);
    // SAFETY: `data` holds 2 * 3 doubles.
    let a = unsafe { carray(data.as_ptr(), (2, 3)) };
    let _ = a[(2, 5)];
}

#[test]
#[should_panic(expected = "index (0, 3) is out of bounds for a farray of shape (2, 3)")]
fn writing_outside_a_farray_panics_with_index_and_shape() {
    let mut data = iota(6);
    // SAFETY: `data` holds 2 * 3 doubles.
    let mut a = unsafe { farray(data.as_mut_ptr(), (2, 3)) };
    a[(0, 3)] = 1.0;
}

#[test]
#[should_panic(expected = "index (4,) is out of bounds for a carray of shape (4,)")]
fn one_d_index_panics_name_a_one_tuple() {
    let data = iota(4);
    // SAFETY: `data` holds 4 doubles.
    let a = unsafe { carray(data.as_ptr(), 4) };
    let _ = a[4];
}

#[test]
#[should_panic(expected = "dimension 1 of the shape is -1; dimensions must be >= 0")]
fn plain_carray_panics_with_the_error_message() {
    let data = iota(4);
    let (m, n): (c_int, c_int) = (2, -1);
    // SAFETY: the shape is rejected before the pointer is used.
    let _ = unsafe { carray(data.as_ptr(), (m, n)) };
}

#[test]
fn assign_map_on_disjoint_views_in_both_orders() {
    let input = iota(6);
    let mut output = vec![0.0; 6];
    // SAFETY: both buffers hold 2 * 3 doubles.
    let (from, mut to) = unsafe {
        (
            farray(input.as_ptr(), (2, 3)),
            farray(output.as_mut_ptr(), (2, 3)),
        )
    };
    to.assign_map(&from, |x| 10.0 * x + 1.0);
    assert_eq!(output, [1.0, 11.0, 21.0, 31.0, 41.0, 51.0]);
}

#[test]
fn assign_map_in_place_reads_each_element_once() {
    for len in [0, 1, 5, 64, 1001] {
        let mut data = iota(len);
        let pointer = data.as_mut_ptr();
        // SAFETY: both views cover the same `len` doubles, which cfunc
        // views may share.
        let (from, mut to) = unsafe { (carray(pointer.cast_const(), len), carray(pointer, len)) };
        to.assign_map(&from, |x| 2.0 * x + 1.0);
        let expected: Vec<f64> = (0..len).map(|k| 2.0 * k as f64 + 1.0).collect();
        assert_eq!(data, expected, "{len}");
    }
}

#[test]
fn assign_map_on_overlapping_views_follows_memory_order() {
    // The output one element after the input: each step reads what the
    // step before wrote, as `out[k] = f(in_[k])` in order does.
    let mut buffer = vec![1.0; 9];
    let start = buffer.as_mut_ptr();
    // SAFETY: `start + 1` and the 8 elements after it are in the buffer,
    // and cfunc views may overlap.
    let (from, mut to) = unsafe {
        (
            carray(start.cast_const(), (2, 4)),
            carray(start.add(1), (2, 4)),
        )
    };
    to.assign_map(&from, |x| 2.0 * x);
    assert_eq!(buffer, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0]);

    // The output one element before: each step reads an element that no
    // step has written yet.
    let mut buffer = iota(9);
    let start = buffer.as_mut_ptr();
    // SAFETY: as above.
    let (from, mut to) = unsafe { (carray(start.add(1).cast_const(), 8), carray(start, 8)) };
    to.assign_map(&from, |x| -x);
    assert_eq!(
        buffer,
        [-1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0, 8.0]
    );
}

#[test]
#[should_panic(expected = "could not broadcast input carray from shape (3, 2) into shape (2, 3)")]
fn assign_map_needs_equal_shapes() {
    let input = iota(6);
    let mut output = vec![0.0; 6];
    // SAFETY: both buffers hold 6 doubles.
    let (from, mut to) = unsafe {
        (
            carray(input.as_ptr(), (3, 2)),
            carray(output.as_mut_ptr(), (2, 3)),
        )
    };
    to.assign_map(&from, |x| x);
}

#[test]
fn negative_dimension_is_a_typed_error() {
    let data = iota(4);
    // SAFETY: the shape is rejected before the pointer is used.
    let error = unsafe { try_carray(data.as_ptr(), (2 as c_int, -1 as c_int)) }.unwrap_err();
    assert_eq!(error, ArrayError::NegativeDimension { axis: 1, value: -1 });
    assert_eq!(
        error.to_string(),
        "dimension 1 of the shape is -1; dimensions must be >= 0"
    );
}

#[test]
fn null_pointer_with_elements_is_a_typed_error() {
    // SAFETY: the null pointer is rejected before it is used.
    let error = unsafe { try_farray(std::ptr::null_mut::<f64>(), (2_u8, 3_u8)) }.unwrap_err();
    assert_eq!(
        error,
        ArrayError::NullPointer {
            shape: vec![2, 3],
            len: 6
        }
    );
    assert_eq!(
        error.to_string(),
        "expected a non-null data pointer for a view of shape (2, 3) (6 elements), found null"
    );
}

#[test]
fn null_pointer_with_an_empty_shape_is_an_empty_view() {
    // SAFETY: an empty shape never touches the pointer.
    let mut a = unsafe { carray(std::ptr::null_mut::<f64>(), (0, 4)) };
    assert!(a.is_empty());
    assert_eq!((a.len(), a.shape()), (0, [0, 4]));
    assert_eq!(a.iter().count(), 0);
    assert_eq!(a.sum(), 0.0);
    assert_eq!(a.get((0, 0)), None);
    a.fill(1.0);
    assert!(a.as_ptr().is_aligned() && !a.as_ptr().is_null());
}

#[test]
fn size_overflow_is_a_typed_error() {
    let data = iota(1);
    let huge = i64::MAX / 4;
    // SAFETY: the shape is rejected before the pointer is used.
    let error = unsafe { try_carray(data.as_ptr(), (huge, 2_i64)) }.unwrap_err();
    assert_eq!(
        error,
        ArrayError::SizeOverflow {
            shape: vec![huge as u128, 2],
            element_size: 8
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "a view of shape ({huge}, 2) with 8-byte elements is larger than isize::MAX bytes; \
             expected a shape whose byte size fits in isize"
        )
    );
    // SAFETY: as above.
    let wide = unsafe { try_carray(data.as_ptr(), (u64::MAX, u64::MAX)) };
    assert!(matches!(wide, Err(ArrayError::SizeOverflow { .. })));
}

#[test]
fn misaligned_pointer_is_a_typed_error() {
    let data = iota(4);
    let odd = data.as_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
    // SAFETY: the misaligned pointer is rejected before it is used.
    let error = unsafe { try_carray(odd, 2) }.unwrap_err();
    assert_eq!(
        error,
        ArrayError::Misaligned {
            address: odd.addr(),
            align: 8,
            element_type: "f64"
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "data pointer {:#x} is not aligned for `f64`; expected an address that is a multiple of 8",
            odd.addr()
        )
    );
}

/// The seed's record, as C lays it out.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
struct MyStruct {
    i1: i32,
    f2: f32,
    d3: f64,
    af4: [f32; 7],
}

fn sample_records() -> Vec<MyStruct> {
    (0..3_u8)
        .map(|k| MyStruct {
            i1: i32::from(k) + 1,
            f2: f32::from(k) * 0.5,
            d3: 2.0,
            af4: [f32::from(k); 7],
        })
        .collect()
}

/// The seed's `foo`, with the record array passed as user data: the
/// `CPointer(my_struct)` form needs the record type registered, which the
/// records tests cover.
#[cfunc("float64(voidptr, uintp)")]
fn foo(ptr: *mut c_void, n: usize) -> f64 {
    // SAFETY: the caller passes n records.
    let base = unsafe { carray_as::<MyStruct, _, _>(ptr.cast_const(), n) };
    let mut tmp = 0.0;
    for i in 0..n {
        tmp += f64::from(base[i].i1) * f64::from(base[i].f2) / base[i].d3;
        // SAFETY: `af4` is 7 floats inside the record, alive while `base` is.
        let af4 = unsafe { carray(base[i].af4.as_ptr(), 7) };
        tmp += f64::from(af4.sum());
    }
    tmp
}

#[test]
fn records_are_elements_with_plain_field_access() {
    let mut records = sample_records();
    // SAFETY: `records` holds 3 records.
    let mut base = unsafe { carray(records.as_mut_ptr(), 3) };
    assert_eq!(base[1].f2, 0.5);
    base[2].i1 = 30;
    assert_eq!(base.strides(), [size_of::<MyStruct>() as isize]);
    assert_eq!(records[2].i1, 30);

    let expected: f64 = records
        .iter()
        .map(|r| {
            f64::from(r.i1) * f64::from(r.f2) / r.d3
                + r.af4.iter().map(|&x| f64::from(x)).sum::<f64>()
        })
        .sum();
    let through_c = foo::fn_ptr();
    // SAFETY: `records` holds `records.len()` records.
    let total = unsafe { through_c(records.as_mut_ptr().cast(), records.len()) };
    assert_eq!(total, expected);
}

#[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
fn my_callback(in_: *mut f64, out: *mut f64, m: c_int, n: c_int) {
    // SAFETY: the C caller passes two buffers of m * n doubles.
    let in_array = unsafe { carray(in_, (m, n)) };
    // SAFETY: as above; in-place calls (in_ == out) are allowed because the
    // loop accesses one element at a time.
    let mut out_array = unsafe { carray(out, (m, n)) };
    let [rows, columns] = in_array.shape();
    for i in 0..rows {
        for j in 0..columns {
            out_array[(i, j)] = 2.0 * in_array[(i, j)];
        }
    }
}

#[cfunc("void(CPointer(float64), CPointer(float64), intp)")]
fn invert(in_ptr: *mut f64, out_ptr: *mut f64, n: isize) {
    // SAFETY: the C caller passes two buffers of n doubles.
    let in_ = unsafe { carray(in_ptr.cast_const(), (n,)) };
    // SAFETY: as above.
    let mut out = unsafe { carray(out_ptr, (n,)) };
    for i in 0..in_.len() {
        out[i] = 1.0 / in_[i];
    }
}

#[test]
fn seed_my_callback_called_through_its_c_address() {
    type Kernel = extern "C" fn(*mut f64, *mut f64, c_int, c_int);
    // SAFETY: the address is that of `my_callback`, whose type is `Kernel`.
    let kernel = unsafe { std::mem::transmute::<usize, Kernel>(my_callback::address()) };
    let mut input = iota(6);
    let mut output = vec![0.0; 6];
    kernel(input.as_mut_ptr(), output.as_mut_ptr(), 2, 3);
    assert_eq!(output, input.iter().map(|x| 2.0 * x).collect::<Vec<_>>());

    // One buffer as both input and output.
    let start = input.as_mut_ptr();
    kernel(start, start, 3, 2);
    assert_eq!(input, output);
}

#[test]
fn seed_my_callback_reports_a_negative_shape_through_the_panic_policy() {
    let mut buffer = iota(4);
    cfunc::clear_last_error();
    // SAFETY: the view is refused before any access.
    unsafe { (my_callback::fn_ptr())(buffer.as_mut_ptr(), buffer.as_mut_ptr(), -2, 2) };
    let message = cfunc::last_error().expect("the panic is recorded");
    assert!(
        message.contains("dimension 0 of the shape is -2"),
        "{message}"
    );
    assert_eq!(buffer, iota(4));
}

#[test]
fn seed_invert_called_through_its_fn_ptr() {
    let input = [1.0, 2.0, 4.0, 0.5];
    let mut output = [0.0; 4];
    // SAFETY: both buffers hold 4 doubles.
    unsafe { (invert::fn_ptr())(input.as_ptr().cast_mut(), output.as_mut_ptr(), 4) };
    assert_eq!(output, [1.0, 0.5, 0.25, 2.0]);
}

#[test]
fn void_pointers_take_an_element_type() {
    let mut data = iota(6);
    let user_data: *mut c_void = data.as_mut_ptr().cast();
    // SAFETY: `user_data` points to 2 * 3 doubles.
    let mut a: ArrayViewMut<'_, f64, 2, C> = unsafe { carray_as::<f64, _, _>(user_data, (2, 3)) };
    a[(1, 0)] = 30.0;
    // SAFETY: as above, read-only.
    let f = unsafe { farray_as::<f64, _, _>(user_data.cast_const(), (2, 3)) };
    assert_eq!(f[(0, 1)], 2.0);
    // (1, 1) in F order is offset 3, written as (1, 0) in C order above.
    assert_eq!(f[(1, 1)], 30.0);
    // SAFETY: as above.
    let error = unsafe { try_carray_as::<f64, _, _>(user_data.cast_const(), -3) }.unwrap_err();
    assert!(matches!(
        error,
        ArrayError::NegativeDimension { axis: 0, value: -3 }
    ));
    assert_eq!(data[3], 30.0);
}

#[test]
fn ndarray_views_have_the_same_shape_order_and_elements() {
    let mut data = iota(24);
    // SAFETY: `data` holds 2 * 3 * 4 doubles.
    let c = unsafe { carray(data.as_ptr(), (2, 3, 4)) };
    // SAFETY: as above.
    let f = unsafe { farray(data.as_ptr(), (2, 3, 4)) };
    let (nd_c, nd_f) = (c.to_ndarray(), f.to_ndarray());
    assert!(nd_c.is_standard_layout());
    assert!(nd_f.t().is_standard_layout());
    for ((i, j, k), &x) in nd_c.indexed_iter() {
        assert_eq!(x, c[(i, j, k)]);
        assert_eq!(nd_f[[i, j, k]], f[(i, j, k)]);
    }
    let byte_strides: Vec<isize> = nd_f.strides().iter().map(|s| s * 8).collect();
    assert_eq!(byte_strides, f.strides());

    // SAFETY: as above, now written through one view at a time.
    let mut m = unsafe { farray(data.as_mut_ptr(), (4, 6)) };
    m.to_ndarray_mut().column_mut(5).fill(-1.0);
    assert_eq!(m.to_ndarray().sum(), iota(20).iter().sum::<f64>() - 4.0);
    assert_eq!(&data[20..], &[-1.0; 4]);
}

/// Every index of `shape` in C order.
fn all_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let len: usize = shape.iter().product();
    (0..len)
        .map(|mut linear| {
            let mut index = vec![0; shape.len()];
            for (slot, &extent) in index.iter_mut().zip(shape).rev() {
                *slot = linear % extent;
                linear /= extent;
            }
            index
        })
        .collect()
}

/// Reads every index of a view through `get` and through iteration, and
/// checks that both touch exactly the buffer's elements, each once, and
/// that an index past any axis gives `None`.
fn check_covers_buffer<const N: usize, L: cfunc::Layout>(
    view: ArrayView<'_, u32, N, L>,
    buffer: &[u32],
) {
    let range = buffer.as_ptr_range();
    let mut seen = vec![0_u32; buffer.len()];
    let shape = view.shape();
    for index in all_indices(&shape) {
        let index: [usize; N] = index.try_into().unwrap();
        let element = view.get(index).expect("indices inside the shape are Some");
        let pointer: *const u32 = element;
        assert!(range.contains(&pointer));
        // The buffer holds each element's own offset, so the value says
        // which element was read.
        seen[*element as usize] += 1;
        for axis in 0..N {
            let mut outside = index;
            outside[axis] = shape[axis];
            assert_eq!(view.get(outside), None);
        }
    }
    assert!(seen.iter().all(|&count| count == 1), "{seen:?}");
    let iterated: Vec<u32> = view.iter().copied().collect();
    assert_eq!(iterated, buffer);
    assert!(
        view.iter()
            .all(|element| range.contains(&std::ptr::from_ref(element)))
    );
}

fn check_both_orders<S: cfunc::IntoShape<N> + Copy, const N: usize>(shape: S, len: usize) {
    let buffer: Vec<u32> = (0..len as u32).collect();
    // SAFETY: `buffer` holds exactly the shape's element count.
    check_covers_buffer(unsafe { carray(buffer.as_ptr(), shape) }, &buffer);
    // SAFETY: as above.
    check_covers_buffer(unsafe { farray(buffer.as_ptr(), shape) }, &buffer);
}

proptest! {
    #[test]
    fn random_shapes_stay_inside_their_buffer(shape in prop::collection::vec(0_usize..5, 1..=4)) {
        let len: usize = shape.iter().product();
        match *shape.as_slice() {
            [a] => check_both_orders(a as c_int, len),
            [a, b] => check_both_orders((a as u8, b as i64), len),
            [a, b, c] => check_both_orders([a, b, c], len),
            [a, b, c, d] => check_both_orders((a as u16, b, c as i32, d as isize), len),
            _ => unreachable!("the strategy makes 1 to 4 axes"),
        }
    }
}

#[test]
fn a_reborrowed_view_writes_the_same_elements_and_then_gives_them_back() {
    fn scale(mut view: ArrayViewMut<'_, f64, 2>, factor: f64) {
        view.iter_mut().for_each(|x| *x *= factor);
    }
    let mut data = iota(6);
    // SAFETY: `data` holds 2 x 3 elements.
    let mut view = unsafe { carray(data.as_mut_ptr(), (2, 3)) };
    scale(view.reborrow(), 2.0);
    scale(view.reborrow(), 0.5);
    view[(1, 2)] += 10.0;
    assert_eq!(view.reborrow().shape(), [2, 3]);
    assert_eq!(data, [0.0, 1.0, 2.0, 3.0, 4.0, 15.0]);
}
