//! libc's `qsort` and `bsearch` with the cfunc comparators of
//! `examples/qsort.rs` agree with `slice::sort_by` and `binary_search_by`.

#[path = "../examples/qsort.rs"]
#[allow(dead_code)] // the example's `main` is not called here
mod qsort_example;

use proptest::prelude::*;
use qsort_example::{
    Star, ascending, bsearch_by, by_distance, by_magnitude, descending, qsort_by, random_doubles,
    random_stars, star_distance_order, star_magnitude_order,
};

/// A star's fields, comparable bit for bit (the record that `make_c_struct`
/// generates derives neither `PartialEq` nor `Debug`).
fn star_fields(stars: &[Star]) -> Vec<(i32, u32, u64)> {
    stars
        .iter()
        .map(|s| (s.catalog_id, s.magnitude.to_bits(), s.distance.to_bits()))
        .collect()
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|x| x.to_bits()).collect()
}

/// Sorts a copy with `qsort` and `ascending`.
fn qsort_ascending(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    // SAFETY: `ascending` is a total order on doubles, NaN included.
    unsafe { qsort_by(&mut sorted, ascending::fn_ptr()) };
    sorted
}

#[test]
fn ascending_agrees_with_sort_by_total_cmp_bit_for_bit() {
    let mut values = random_doubles(10_000, 3);
    values.extend([
        f64::NAN,
        -f64::NAN,
        -0.0,
        0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ]);
    values.extend_from_within(..100);
    let mut expected = values.clone();
    expected.sort_by(f64::total_cmp);
    assert_eq!(bits(&qsort_ascending(&values)), bits(&expected));
}

#[test]
fn python_like_descending_agrees_with_reversed_sort_by() {
    let mut values = random_doubles(10_000, 4);
    values.extend([f64::INFINITY, f64::NEG_INFINITY, 1.5, 1.5]);
    let mut sorted = values.clone();
    // SAFETY: `descending` is a total order on doubles without NaN.
    unsafe { qsort_by(&mut sorted, descending::fn_ptr()) };
    values.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(bits(&sorted), bits(&values));
}

#[test]
fn records_sort_like_sort_by_with_the_same_order() {
    let stars = random_stars(5_000, 5);
    let mut by_qsort = stars.clone();
    // SAFETY: `by_magnitude` is a total order on stars with distinct ids.
    unsafe { qsort_by(&mut by_qsort, by_magnitude::fn_ptr()) };
    let mut by_rust = stars.clone();
    by_rust.sort_by(star_magnitude_order);
    assert_eq!(star_fields(&by_qsort), star_fields(&by_rust));

    // The Python-like comparator, over the record it defines itself.
    // SAFETY: `by_distance` is a total order on stars with distinct ids.
    unsafe { qsort_by(&mut by_qsort, by_distance::fn_ptr()) };
    by_rust.sort_by(star_distance_order);
    assert_eq!(star_fields(&by_qsort), star_fields(&by_rust));
    // The data has ties, so the tie-breaks were exercised.
    assert!(by_rust.windows(2).any(|w| w[0].distance == w[1].distance));
}

#[test]
fn bsearch_finds_every_element_and_only_those() {
    let sorted = qsort_ascending(&random_doubles(2_000, 6));
    for (index, value) in sorted.iter().enumerate() {
        // SAFETY: `sorted` is sorted by `ascending`, a total order.
        let found = unsafe { bsearch_by(value, &sorted, ascending::fn_ptr()) };
        assert_eq!(found, Some(index), "{value}");
    }
    for absent in [-1e9, 1e9, f64::NAN, sorted[10] + 1e-9] {
        // SAFETY: as above.
        let found = unsafe { bsearch_by(&absent, &sorted, ascending::fn_ptr()) };
        assert_eq!(found, None, "{absent}");
        assert!(sorted.binary_search_by(|x| x.total_cmp(&absent)).is_err());
    }
    // SAFETY: as above; an empty slice is never read.
    assert_eq!(unsafe { bsearch_by(&1.0, &[], ascending::fn_ptr()) }, None);
}

#[test]
fn bsearch_over_records_finds_the_star() {
    let mut stars = random_stars(1_000, 8);
    stars.sort_by(star_magnitude_order);
    let wanted: Star = stars[417];
    // SAFETY: `stars` is sorted by `by_magnitude`'s order.
    let found = unsafe { bsearch_by(&wanted, &stars, by_magnitude::fn_ptr()) };
    assert_eq!(found, Some(417));
}

proptest! {
    #[test]
    fn qsort_with_a_cfunc_comparator_sorts_like_sort_by(values in prop::collection::vec(any::<f64>(), 0..300)) {
        let mut expected = values.clone();
        expected.sort_by(f64::total_cmp);
        prop_assert_eq!(bits(&qsort_ascending(&values)), bits(&expected));
    }
}
