//! Unit tests of the pieces behind the views: offsets, strides, shape
//! checks and message formatting.

use super::shape::{ShapeDisplay, element_count, rejected_shape};
use super::*;

/// Every index of `shape` in C order (last axis fastest).
fn all_indices<const N: usize>(shape: [usize; N]) -> Vec<[usize; N]> {
    let len: usize = shape.iter().product();
    (0..len)
        .map(|mut linear| {
            let mut index = [0; N];
            for (slot, &extent) in index.iter_mut().zip(&shape).rev() {
                *slot = linear % extent;
                linear /= extent;
            }
            index
        })
        .collect()
}

#[test]
fn c_offsets_count_up_in_c_index_order() {
    let shape = [2, 3, 4];
    for (expected, index) in all_indices(shape).into_iter().enumerate() {
        assert_eq!(C::linear_offset(&index, &shape), expected, "{index:?}");
    }
}

#[test]
fn f_offsets_match_the_hand_formula() {
    let shape = [2, 3, 4];
    for index in all_indices(shape) {
        let [i, j, k] = index;
        assert_eq!(F::linear_offset(&index, &shape), i + 2 * j + 6 * k);
    }
}

/// Offsets, bounds and element counts of rank `N`, against the strides
/// (which are computed with a loop over the axes, not written out).
fn check_rank<const N: usize>() {
    let shape: [usize; N] = core::array::from_fn(|axis| axis % 3 + 1);
    let c_strides = C::element_strides(&shape);
    let f_strides = F::element_strides(&shape);
    let len: usize = shape.iter().product();
    assert_eq!(element_count(&shape, 8), Some(len), "rank {N}");
    let data: Vec<usize> = (0..len).collect();
    // SAFETY: `data` holds `len` elements, the product of the shape.
    let view = unsafe { carray(data.as_ptr(), shape) };
    // SAFETY: as above.
    let fortran = unsafe { farray(data.as_ptr(), shape) };
    for (expected, index) in all_indices(shape).into_iter().enumerate() {
        let dot = |strides: [usize; N]| index.iter().zip(strides).map(|(i, s)| i * s).sum();
        assert_eq!(C::linear_offset(&index, &shape), expected, "{index:?}");
        assert_eq!(
            F::linear_offset(&index, &shape),
            dot(f_strides),
            "{index:?}"
        );
        assert_eq!(view.get(index), Some(&dot(c_strides)), "{index:?}");
        assert_eq!(fortran.get(index), Some(&dot(f_strides)), "{index:?}");
    }
    for axis in 0..N {
        let mut outside = [0; N];
        outside[axis] = shape[axis];
        assert_eq!(view.get(outside), None, "rank {N}, axis {axis}");
        assert_eq!(fortran.get(outside), None, "rank {N}, axis {axis}");
    }
    let mut negative = [1_i32; N];
    negative[N - 1] = -1;
    // SAFETY: the shape is refused before the pointer is used.
    let error = unsafe { try_carray(data.as_ptr(), negative) }.unwrap_err();
    assert!(matches!(error, ArrayError::NegativeDimension { axis, .. } if axis == N - 1));
}

#[test]
fn every_rank_indexes_checks_and_counts_alike() {
    // Ranks up to 6 are written out axis by axis, higher ones loop.
    check_rank::<1>();
    check_rank::<2>();
    check_rank::<3>();
    check_rank::<4>();
    check_rank::<5>();
    check_rank::<6>();
    check_rank::<7>();
    check_rank::<8>();
}

#[test]
fn element_strides_skip_zero_lengths_like_numpy() {
    assert_eq!(C::element_strides(&[2, 3, 4]), [12, 4, 1]);
    assert_eq!(F::element_strides(&[2, 3, 4]), [1, 2, 6]);
    assert_eq!(C::element_strides(&[2, 0, 4]), [4, 4, 1]);
    assert_eq!(F::element_strides(&[2, 0, 4]), [1, 2, 2]);
}

#[test]
fn element_count_multiplies_the_extents() {
    assert_eq!(element_count(&[2, 3, 4], 8), Some(24));
    assert_eq!(element_count(&[5, 0], 8), Some(0));
}

#[test]
fn element_count_rejects_byte_sizes_past_isize() {
    let half = (isize::MAX as usize).div_ceil(2);
    assert_eq!(element_count(&[half], 1), Some(half));
    assert_eq!(element_count(&[half], 2), None);
    // A zero-length axis does not excuse the others: their strides would
    // still overflow.
    assert_eq!(element_count(&[0, half, 4], 1), None);
    assert_eq!(element_count(&[usize::MAX, 0], 1), None);
}

#[test]
fn refused_shapes_say_why() {
    assert_eq!(
        rejected_shape((2_i32, -3_i32), 8),
        ArrayError::NegativeDimension { axis: 1, value: -3 }
    );
    assert_eq!(
        rejected_shape([u128::MAX, 0], 1),
        ArrayError::SizeOverflow {
            shape: vec![u128::MAX, 0],
            element_size: 1
        }
    );
    // Too large for usize: `extents` refuses it, the message keeps it.
    assert!(!IntoShape::extents(u128::MAX).1);
    // SAFETY: the shape is refused before the pointer is used.
    let error = unsafe { try_carray(core::ptr::null::<u8>(), (u128::MAX, 0_u8)) }.unwrap_err();
    assert!(matches!(
        error,
        ArrayError::SizeOverflow {
            element_size: 1,
            ..
        }
    ));
}

#[test]
fn extents_of_c_integers_are_their_values() {
    assert_eq!(IntoShape::extents((2_u8, 7_i64, 3_i32)), ([2, 7, 3], true));
    assert!(!IntoShape::extents((2_u8, -7_i64)).1);
    assert_eq!(IntoShape::extents([1_isize, 2, 3]), ([1, 2, 3], true));
    assert!(!IntoShape::extents(i128::MIN).1);
}

#[test]
fn shapes_print_as_python_tuples() {
    assert_eq!(ShapeDisplay::<usize>(&[]).to_string(), "()");
    assert_eq!(ShapeDisplay(&[3]).to_string(), "(3,)");
    assert_eq!(ShapeDisplay(&[2, 3]).to_string(), "(2, 3)");
}

#[test]
fn negative_lengths_name_their_axis() {
    assert_eq!(
        IntoShape::widen((2_u8, -7_i64, 3_i32)),
        Err(ArrayError::NegativeDimension { axis: 1, value: -7 })
    );
    assert_eq!(
        IntoShape::widen([1_isize, 2, -3]),
        Err(ArrayError::NegativeDimension { axis: 2, value: -3 })
    );
    assert_eq!(IntoShape::widen(u128::MAX), Ok([u128::MAX]));
    assert_eq!(
        IntoShape::widen(i128::MIN),
        Err(ArrayError::NegativeDimension {
            axis: 0,
            value: i128::MIN
        })
    );
}

#[test]
fn empty_views_accept_null_and_misaligned_pointers() {
    // SAFETY: empty shapes never touch the pointer.
    let from_null = unsafe { try_carray(core::ptr::null::<u64>(), (0, 3)) }.unwrap();
    assert!(from_null.is_empty());
    assert!(from_null.as_ptr().is_aligned());
    let bytes = [0_u8; 16];
    let odd = bytes[1..].as_ptr().cast::<u64>();
    // SAFETY: as above.
    let from_odd = unsafe { try_farray(odd, 0_u8) }.unwrap();
    assert!(from_odd.as_ptr().is_aligned());
    assert!(from_odd.as_slice().is_empty());
}

#[test]
fn zero_sized_elements_have_zero_strides() {
    let units = [(); 6];
    // SAFETY: `units` holds 2 * 3 elements.
    let a = unsafe { carray(units.as_ptr(), (2, 3)) };
    assert_eq!(a.strides(), [0, 0]);
    assert_eq!(a.len(), 6);
    assert_eq!(a.iter().count(), 6);
}
