//! Unit tests of the pieces behind the views: offsets, strides, shape
//! checks and message formatting.

use super::shape::{ShapeDisplay, checked_shape};
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

#[test]
fn element_strides_skip_zero_lengths_like_numpy() {
    assert_eq!(C::element_strides(&[2, 3, 4]), [12, 4, 1]);
    assert_eq!(F::element_strides(&[2, 3, 4]), [1, 2, 6]);
    assert_eq!(C::element_strides(&[2, 0, 4]), [4, 4, 1]);
    assert_eq!(F::element_strides(&[2, 0, 4]), [1, 2, 2]);
}

#[test]
fn checked_shape_counts_elements() {
    assert_eq!(checked_shape([2, 3, 4], 8), Ok(([2, 3, 4], 24)));
    assert_eq!(checked_shape([5, 0], 8), Ok(([5, 0], 0)));
}

#[test]
fn checked_shape_rejects_byte_sizes_past_isize() {
    let half = (isize::MAX as u128).div_ceil(2);
    assert_eq!(
        checked_shape([half], 1),
        Ok(([half as usize], half as usize))
    );
    assert!(matches!(
        checked_shape([half], 2),
        Err(ArrayError::SizeOverflow {
            element_size: 2,
            ..
        })
    ));
    // A zero-length axis does not excuse the others: their strides would
    // still overflow.
    assert!(matches!(
        checked_shape([0, half, 4], 1),
        Err(ArrayError::SizeOverflow { .. })
    ));
    assert!(matches!(
        checked_shape([u128::MAX, 0], 1),
        Err(ArrayError::SizeOverflow { .. })
    ));
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
