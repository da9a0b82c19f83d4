//! libc's `qsort` and `bsearch` calling cfunc comparators, over `f64`s and
//! over C struct records, in both forms (Rust body and Python-like body),
//! checked against `slice::sort_by` on the same data and timed side by side.
//!
//! Run with `cargo run --release --example qsort`.

use cfunc::cfunc;
use std::cmp::Ordering;
use std::ffi::{c_int, c_void};
use std::time::{Duration, Instant};

/// What a cfunc with the signature `intc(CPointer(T), CPointer(T))`
/// exports: a comparator for `qsort` and `bsearch` over `T`s.
pub(crate) type Comparator<T> = unsafe extern "C" fn(*mut T, *mut T) -> c_int;

/// libc's comparator type, `int (*)(const void *, const void *)`.
type LibcComparator = unsafe extern "C" fn(*const c_void, *const c_void) -> c_int;

unsafe extern "C" {
    fn qsort(base: *mut c_void, count: usize, size: usize, compare: LibcComparator);
    fn bsearch(
        key: *const c_void,
        base: *const c_void,
        count: usize,
        size: usize,
        compare: LibcComparator,
    ) -> *mut c_void;
}

fn as_libc_comparator<T>(compare: Comparator<T>) -> LibcComparator {
    // SAFETY: both are `extern "C"` functions of two data pointers returning
    // an `int`; only the pointee types differ, which the C ABI ignores.
    unsafe { std::mem::transmute::<Comparator<T>, LibcComparator>(compare) }
}

/// Sorts `values` in place with libc's `qsort` and a C comparator.
///
/// # Safety
///
/// `compare` must read only the two `T`s it is given and order them
/// consistently (a total order): glibc's `qsort` may read out of bounds
/// under a comparator that contradicts itself.
pub(crate) unsafe fn qsort_by<T>(values: &mut [T], compare: Comparator<T>) {
    // SAFETY: base, count and size describe `values`; the caller vouches
    // for the comparator.
    unsafe {
        qsort(
            values.as_mut_ptr().cast(),
            values.len(),
            size_of::<T>(),
            as_libc_comparator(compare),
        );
    }
}

/// Finds `key` in `sorted` (sorted by `compare`) with libc's `bsearch` and
/// returns the index of a matching element.
///
/// # Safety
///
/// As [`qsort_by`]; `sorted` must be sorted by `compare`.
pub(crate) unsafe fn bsearch_by<T>(key: &T, sorted: &[T], compare: Comparator<T>) -> Option<usize> {
    // SAFETY: base, count and size describe `sorted`; the key outlives the
    // call; the caller vouches for the comparator.
    let found = unsafe {
        bsearch(
            (key as *const T).cast(),
            sorted.as_ptr().cast(),
            sorted.len(),
            size_of::<T>(),
            as_libc_comparator(compare),
        )
    };
    // `offset_from` needs a pointer into `sorted`, which a non-null
    // result of `bsearch` is.
    (!found.is_null()).then(|| {
        // SAFETY: `found` points to an element of `sorted`.
        let index = unsafe { found.cast::<T>().cast_const().offset_from(sorted.as_ptr()) };
        usize::try_from(index).expect("bsearch returns an element of the slice")
    })
}

/// Ascending order of doubles, `-NaN < -inf < ... < -0.0 < 0.0 < ... < inf
/// < NaN` (IEEE 754 `totalOrder`, as `f64::total_cmp`): a total order even
/// with NaNs, as `qsort` requires. A straight-line body, so it is compiled
/// once, with no host-feature check on its 20 million calls per million
/// doubles.
#[cfunc("intc(CPointer(float64), CPointer(float64))")]
pub(crate) fn ascending(a: _, b: _) -> _ {
    // SAFETY: qsort and bsearch pass pointers to two doubles of the array
    // (or to the key).
    let (a, b) = unsafe { (*a, *b) };
    a.total_cmp(&b) as c_int
}

/// Descending order of doubles, in the Python-like form. Equal for NaNs:
/// a total order only on data without NaN.
#[cfunc("intc(CPointer(float64), CPointer(float64))")]
pub(crate) fn descending(a: _, b: _) -> _ {
    cfunc::python! {
        if a[0] > b[0]:
            return -1
        elif a[0] < b[0]:
            return 1
        return 0
    }
}

// A C struct record made as Numba users make one, and a comparator over it
// in the Python-like form: by distance, ties broken by catalog number.
cfunc::python! {
    from numba import cfunc, types

    Star = types.Record.make_c_struct([
        ("catalog_id", types.int32),
        ("magnitude", types.float32),
        ("distance", types.float64),
    ])

    @cfunc(types.intc(types.CPointer(Star), types.CPointer(Star)))
    def by_distance(a, b):
        if a[0].distance < b[0].distance:
            return -1
        if a[0].distance > b[0].distance:
            return 1
        return (a[0].catalog_id > b[0].catalog_id) - (a[0].catalog_id < b[0].catalog_id)
}

/// The same record sorted by a Rust body: brightest first (smallest
/// magnitude), ties broken by catalog number.
#[cfunc("intc(CPointer(Star), CPointer(Star))")]
pub(crate) fn by_magnitude(a: _, b: _) -> _ {
    // SAFETY: qsort and bsearch pass pointers to two `Star`s.
    let (a, b): (&Star, &Star) = unsafe { (&*a, &*b) };
    star_magnitude_order(a, b) as c_int
}

/// [`by_magnitude`]'s order, for `slice::sort_by`.
pub(crate) fn star_magnitude_order(a: &Star, b: &Star) -> Ordering {
    a.magnitude
        .total_cmp(&b.magnitude)
        .then(a.catalog_id.cmp(&b.catalog_id))
}

/// [`by_distance`]'s order, for `slice::sort_by`.
pub(crate) fn star_distance_order(a: &Star, b: &Star) -> Ordering {
    a.distance
        .total_cmp(&b.distance)
        .then(a.catalog_id.cmp(&b.catalog_id))
}

/// Deterministic pseudo-random numbers (a 64-bit LCG, Knuth's MMIX
/// constants), so that runs and tests see the same data.
pub(crate) struct Lcg(pub u64);

impl Lcg {
    /// A float in `[0, 1)` from the top 53 bits.
    pub fn next_unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// [`ascending`] as a plain `extern "C"` function, without cfunc's panic
/// guard: the timing baseline that shows what the guard costs inside `qsort`.
extern "C" fn plain_ascending(a: *mut f64, b: *mut f64) -> c_int {
    // SAFETY: as in `ascending`.
    let (a, b) = unsafe { (*a, *b) };
    a.total_cmp(&b) as c_int
}

/// `count` doubles in `[-1000, 1000)`.
pub(crate) fn random_doubles(count: usize, seed: u64) -> Vec<f64> {
    let mut rng = Lcg(seed);
    (0..count)
        .map(|_| rng.next_unit() * 2000.0 - 1000.0)
        .collect()
}

/// `count` stars with distinct catalog numbers and repeated magnitudes and
/// distances, so that the tie-breaks matter.
pub(crate) fn random_stars(count: usize, seed: u64) -> Vec<Star> {
    let mut rng = Lcg(seed);
    (0..count)
        .map(|k| Star {
            catalog_id: i32::try_from(k).expect("fewer than 2**31 stars"),
            magnitude: (rng.next_unit() * 20.0).round() as f32 - 1.5,
            distance: (rng.next_unit() * 100.0).round() * 3.26,
        })
        .collect()
}

/// One way of sorting a vector, timed by [`interleaved_medians`].
type Sort<'a, T> = &'a mut dyn FnMut(&mut Vec<T>);

/// The median time of each sort in `sorts` on fresh copies of `data`,
/// interleaved run by run so that a slow moment of the machine hits all of
/// them alike.
fn interleaved_medians<T: Clone>(
    data: &[T],
    runs: usize,
    sorts: &mut [Sort<'_, T>],
) -> Vec<Duration> {
    let mut times = vec![Vec::with_capacity(runs); sorts.len()];
    for _ in 0..runs {
        for (sort, times) in sorts.iter_mut().zip(&mut times) {
            let mut copy = data.to_vec();
            let start = Instant::now();
            sort(&mut copy);
            times.push(start.elapsed());
            std::hint::black_box(copy);
        }
    }
    times
        .into_iter()
        .map(|mut times| {
            times.sort_unstable();
            times[runs / 2]
        })
        .collect()
}

fn main() {
    let mut values = random_doubles(8, 7);
    values.extend([f64::NAN, -0.0, 0.0, f64::NEG_INFINITY]);
    println!("{}", ascending::C_DECL);
    println!("before:          {values:?}");
    // SAFETY: `ascending` is a total order on doubles, NaN included.
    unsafe { qsort_by(&mut values, ascending::fn_ptr()) };
    println!("qsort ascending: {values:?}");
    let key = values[3];
    // SAFETY: as above; `values` is sorted by `ascending`.
    let found = unsafe { bsearch_by(&key, &values, ascending::fn_ptr()) };
    println!("bsearch {key}:   {found:?}");
    values.retain(|x| !x.is_nan());
    // SAFETY: `descending` is a total order on doubles without NaN.
    unsafe { qsort_by(&mut values, descending::fn_ptr()) };
    println!("qsort descending (Python-like comparator): {values:?}");

    println!();
    println!("{}", by_distance::C_DECL);
    let mut stars = random_stars(6, 11);
    // SAFETY: `by_distance` is a total order on stars with distinct ids.
    unsafe { qsort_by(&mut stars, by_distance::fn_ptr()) };
    assert!(stars.is_sorted_by(|a, b| star_distance_order(a, b).is_le()));
    for star in &stars {
        println!(
            "  star {:>2}: distance {:6.2}, magnitude {:5.1}",
            star.catalog_id, star.distance, star.magnitude
        );
    }

    println!();
    let (count, runs) = (1_000_000, 9);
    let doubles = random_doubles(count, 1);
    let stars = random_stars(count, 2);
    println!("median of {runs} runs, {count} elements:");
    println!(
        "| sort | qsort + cfunc (ms) | qsort + plain extern \"C\" (ms) | slice::sort_by (ms) |"
    );
    println!("|---|---|---|---|");
    // SAFETY: `ascending` is a total order on doubles.
    let mut doubles_by_cfunc = |v: &mut Vec<f64>| unsafe { qsort_by(v, ascending::fn_ptr()) };
    // SAFETY: `plain_ascending` is the same total order.
    let mut doubles_by_plain_fn = |v: &mut Vec<f64>| unsafe { qsort_by(v, plain_ascending) };
    let mut doubles_by_rust = |v: &mut Vec<f64>| v.sort_by(f64::total_cmp);
    let doubles_times = interleaved_medians(
        &doubles,
        runs,
        &mut [
            &mut doubles_by_cfunc,
            &mut doubles_by_plain_fn,
            &mut doubles_by_rust,
        ],
    );
    // SAFETY: `by_magnitude` is a total order on stars with distinct ids.
    let mut stars_by_cfunc = |v: &mut Vec<Star>| unsafe { qsort_by(v, by_magnitude::fn_ptr()) };
    let mut stars_by_rust = |v: &mut Vec<Star>| v.sort_by(star_magnitude_order);
    let star_times =
        interleaved_medians(&stars, runs, &mut [&mut stars_by_cfunc, &mut stars_by_rust]);
    let rows = [
        (
            "f64, ascending",
            doubles_times[0],
            Some(doubles_times[1]),
            doubles_times[2],
        ),
        ("Star, by magnitude", star_times[0], None, star_times[1]),
    ];
    let millis = |time: Duration| format!("{:.1}", time.as_secs_f64() * 1e3);
    for (what, cfunc_time, plain_time, sort_by_time) in rows {
        println!(
            "| {what} | {} | {} | {} |",
            millis(cfunc_time),
            plain_time.map_or_else(|| "-".to_owned(), millis),
            millis(sort_by_time)
        );
    }
}
