//! NumPy's reductions of a whole array, as Numba 0.68 computes them in
//! nopython mode: `sum`, `prod`, `mean`, `var`, `std`, `min`, `max`,
//! `argmin`, `argmax`, `any`, `all` and the NaN-aware `nansum`,
//! `nanprod`, `nanmean`, `nanmin`, `nanmax`.
//!
//! Each takes the elements in memory order (a view's `as_slice()`), which
//! is the order of Numba's `np.nditer` over a contiguous array, and adds or
//! multiplies them one after the other: Numba's `sum` is a plain loop, not
//! NumPy's pairwise summation, so the results differ from NumPy's in the
//! last bits and equal Numba's. `argmin` and `argmax` count in C order
//! (Numba's `a.flat`) whatever the layout, so they also take the shape and
//! whether the memory is in Fortran order.
//!
//! The result types are Numba's: `sum` and `prod` of a signed integer or a
//! bool in `int64`, of an unsigned one in `uint64`, of a float in its own
//! type; `mean` in `float64`, or `float32` for `float32`; `var` and `std`
//! in `float64`; `nanmean` in `float64`; the others in the element type.

use super::py::raise;

/// An element type NumPy's reductions take.
pub trait Element: Copy + PartialOrd {
    /// What `sum` and `prod` accumulate in.
    type Total: Copy;
    /// What `mean` accumulates in and returns.
    type Mean: MeanFloat;
    const ZERO: Self::Total;
    const ONE: Self::Total;
    /// `total + self`, wrapping for integers.
    fn add_to(self, total: Self::Total) -> Self::Total;
    /// `total * self`, wrapping for integers.
    fn multiply_into(self, total: Self::Total) -> Self::Total;
    fn to_mean(self) -> Self::Mean;
    fn to_f64(self) -> f64;
    fn is_nan(self) -> bool;
    /// Python's truth value.
    fn is_truthy(self) -> bool;
    /// `(self + other) / 2` as Numba's `np.median` computes it: the sum in
    /// the scalar type the two add in, then a float64 true division.
    fn midpoint(self, other: Self) -> f64;
}

/// `f32` or `f64`: the type of a mean.
pub trait MeanFloat: Copy + core::ops::Add<Output = Self> + core::ops::Sub<Output = Self> {
    const ZERO: Self;
    fn square(self) -> Self;
    fn to_f64(self) -> f64;
    /// A `float64` quotient converted to this type, as Numba returns it.
    fn from_f64(value: f64) -> Self;
}

impl MeanFloat for f64 {
    const ZERO: f64 = 0.0;
    fn square(self) -> f64 {
        self * self
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(value: f64) -> f64 {
        value
    }
}

impl MeanFloat for f32 {
    const ZERO: f32 = 0.0;
    fn square(self) -> f32 {
        self * self
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn from_f64(value: f64) -> f32 {
        value as f32
    }
}

macro_rules! integer_element {
    ($($int:ty => $total:ty),* $(,)?) => {$(
        impl Element for $int {
            type Total = $total;
            type Mean = f64;
            const ZERO: $total = 0;
            const ONE: $total = 1;
            fn add_to(self, total: $total) -> $total {
                total.wrapping_add(self as $total)
            }
            fn multiply_into(self, total: $total) -> $total {
                total.wrapping_mul(self as $total)
            }
            fn to_mean(self) -> f64 {
                self as f64
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn is_nan(self) -> bool {
                false
            }
            fn is_truthy(self) -> bool {
                self != 0
            }
            fn midpoint(self, other: Self) -> f64 {
                (self as $total).wrapping_add(other as $total) as f64 / 2.0
            }
        }
    )*};
}

integer_element!(
    i8 => i64, i16 => i64, i32 => i64, i64 => i64,
    u8 => u64, u16 => u64, u32 => u64, u64 => u64,
);

impl Element for bool {
    type Total = i64;
    type Mean = f64;
    const ZERO: i64 = 0;
    const ONE: i64 = 1;
    fn add_to(self, total: i64) -> i64 {
        total.wrapping_add(i64::from(self))
    }
    fn multiply_into(self, total: i64) -> i64 {
        total.wrapping_mul(i64::from(self))
    }
    fn to_mean(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn is_nan(self) -> bool {
        false
    }
    fn is_truthy(self) -> bool {
        self
    }
    fn midpoint(self, other: Self) -> f64 {
        (i64::from(self) + i64::from(other)) as f64 / 2.0
    }
}

macro_rules! float_element {
    ($($float:ty),*) => {$(
        impl Element for $float {
            type Total = $float;
            type Mean = $float;
            const ZERO: $float = 0.0;
            const ONE: $float = 1.0;
            fn add_to(self, total: $float) -> $float {
                total + self
            }
            fn multiply_into(self, total: $float) -> $float {
                total * self
            }
            fn to_mean(self) -> $float {
                self
            }
            fn to_f64(self) -> f64 {
                f64::from(self)
            }
            fn is_nan(self) -> bool {
                <$float>::is_nan(self)
            }
            fn is_truthy(self) -> bool {
                self != 0.0
            }
            fn midpoint(self, other: Self) -> f64 {
                f64::from(self + other) / 2.0
            }
        }
    )*};
}

float_element!(f32, f64);

/// `np.median(a)` as Numba computes it: a copy in C order, then the
/// middle element, or the mean of the two middle ones, found by Numba's
/// quickselect (a median-of-three pivot, Hoare partitions); so where NaNs
/// make the order undefined, the result is still Numba's. NaN when empty.
pub fn median<T: Element>(items: &[T], shape: &[usize], fortran: bool) -> f64 {
    let mut copy: Vec<T> = c_order_offsets(shape, fortran)
        .map(|offset| items[offset])
        .collect();
    median_of(&mut copy)
}

/// `np.nanmedian(a)`: the median of the elements that are not NaN; NaN
/// when there are none.
pub fn nanmedian<T: Element>(items: &[T], _shape: &[usize], _fortran: bool) -> f64 {
    let mut copy: Vec<T> = items
        .iter()
        .copied()
        .filter(|item| !item.is_nan())
        .collect();
    median_of(&mut copy)
}

/// Numba's `_median_inner`; the items are reordered.
fn median_of<T: Element>(items: &mut [T]) -> f64 {
    let n = items.len();
    if n == 0 {
        return f64::NAN;
    }
    let (low, high, half) = (0, n as isize - 1, (n >> 1) as isize);
    if n & 1 == 0 {
        let (a, b) = select_two(items, half - 1, low, high);
        a.midpoint(b)
    } else {
        select(items, half, low, high).to_f64()
    }
}

/// Numba's `_partition`: the median of the first, middle and last items
/// as the pivot, then a Hoare partition; the pivot's final position.
fn partition<T: Element>(items: &mut [T], low: isize, high: isize) -> isize {
    let at = |i: isize| i as usize;
    let mid = (low + high) >> 1;
    if items[at(mid)] < items[at(low)] {
        items.swap(at(low), at(mid));
    }
    if items[at(high)] < items[at(mid)] {
        items.swap(at(high), at(mid));
    }
    if items[at(mid)] < items[at(low)] {
        items.swap(at(low), at(mid));
    }
    let pivot = items[at(mid)];
    items.swap(at(high), at(mid));
    let (mut i, mut j) = (low, high - 1);
    loop {
        while i < high && items[at(i)] < pivot {
            i += 1;
        }
        while j >= low && pivot < items[at(j)] {
            j -= 1;
        }
        if i >= j {
            break;
        }
        items.swap(at(i), at(j));
        i += 1;
        j -= 1;
    }
    items.swap(at(i), at(high));
    i
}

/// Numba's `_select`: the `k`th smallest of `items[low..=high]`.
fn select<T: Element>(items: &mut [T], k: isize, mut low: isize, mut high: isize) -> T {
    let mut i = partition(items, low, high);
    while i != k {
        if i < k {
            low = i + 1;
        } else {
            high = i - 1;
        }
        i = partition(items, low, high);
    }
    items[k as usize]
}

/// Numba's `_select_two`: the `k`th and `k + 1`th smallest.
fn select_two<T: Element>(items: &mut [T], k: isize, mut low: isize, mut high: isize) -> (T, T) {
    loop {
        let i = partition(items, low, high);
        if i < k {
            low = i + 1;
        } else if i > k + 1 {
            high = i - 1;
        } else if i == k {
            select(items, k + 1, i + 1, high);
            break;
        } else {
            select(items, k, low, i - 1);
            break;
        }
    }
    (items[k as usize], items[k as usize + 1])
}

/// `a.sum()`, `np.sum(a)`.
pub fn sum<T: Element>(items: &[T]) -> T::Total {
    items
        .iter()
        .fold(T::ZERO, |total, &item| item.add_to(total))
}

/// `a.prod()`, `np.prod(a)`.
pub fn prod<T: Element>(items: &[T]) -> T::Total {
    items
        .iter()
        .fold(T::ONE, |total, &item| item.multiply_into(total))
}

/// `np.nansum(a)`: the sum of the elements that are not NaN.
pub fn nansum<T: Element>(items: &[T]) -> T::Total {
    items
        .iter()
        .filter(|item| !item.is_nan())
        .fold(T::ZERO, |total, &item| item.add_to(total))
}

/// `np.nanprod(a)`.
pub fn nanprod<T: Element>(items: &[T]) -> T::Total {
    items
        .iter()
        .filter(|item| !item.is_nan())
        .fold(T::ONE, |total, &item| item.multiply_into(total))
}

/// `a.mean()`: accumulated in the mean's type, divided in `float64` (so
/// an empty array gives NaN, as in Numba, which divides with NumPy's
/// error model here).
pub fn mean<T: Element>(items: &[T]) -> T::Mean {
    let total = items
        .iter()
        .fold(<T::Mean as MeanFloat>::ZERO, |total, &item| {
            total + item.to_mean()
        });
    T::Mean::from_f64(total.to_f64() / items.len() as f64)
}

/// `np.nanmean(a)`: accumulated in `float64` over the elements that are
/// not NaN; NaN when there are none.
pub fn nanmean<T: Element>(items: &[T]) -> f64 {
    let (total, count) = items
        .iter()
        .filter(|item| !item.is_nan())
        .fold((0.0, 0_u64), |(total, count), &item| {
            (total + item.to_f64(), count + 1)
        });
    total / count as f64
}

/// `a.var()`: the mean of the squared deviations from `a.mean()`. Each
/// deviation and its square are in the mean's type (`float32` for a
/// `float32` array), the squares are added in `float64`. An empty array
/// raises `ZeroDivisionError`, as Numba's division by the size does.
pub fn var<T: Element>(items: &[T]) -> f64 {
    let mean = mean(items);
    let squares = items.iter().fold(0.0, |total, &item| {
        total + (item.to_mean() - mean).square().to_f64()
    });
    if items.is_empty() {
        raise("ZeroDivisionError: division by zero");
    }
    squares / items.len() as f64
}

/// `a.std()`: `a.var() ** 0.5`, which LLVM turns into a square root (the
/// variance is never `-0.0` or `-inf`, where they differ).
pub fn std<T: Element>(items: &[T]) -> f64 {
    var(items).sqrt()
}

/// `a.min()`: the first NaN if there is one, else the smallest element,
/// the first of equals in memory order (so `min` of `[0.0, -0.0]` is
/// `0.0`). An empty array raises `ValueError`.
pub fn min<T: Element>(items: &[T]) -> T {
    extreme(items, "minimum", |item, best| item < best)
}

/// `a.max()`, as [`min`].
pub fn max<T: Element>(items: &[T]) -> T {
    extreme(items, "maximum", |item, best| item > best)
}

fn extreme<T: Element>(items: &[T], name: &str, better: impl Fn(T, T) -> bool) -> T {
    let Some((&first, rest)) = items.split_first() else {
        raise(&format!(
            "ValueError: zero-size array to reduction operation {name} which has no identity"
        ))
    };
    if first.is_nan() {
        return first;
    }
    let mut best = first;
    for &item in rest {
        if item.is_nan() {
            return item;
        }
        if better(item, best) {
            best = item;
        }
    }
    best
}

/// `np.nanmin(a)`: the smallest element that is not NaN, the last of
/// equals (Numba's loop replaces the minimum unless it is smaller, so
/// `nanmin` of `[0.0, -0.0]` is `-0.0`); NaN when every element is. An
/// empty array raises `ValueError`.
pub fn nanmin<T: Element>(items: &[T]) -> T {
    nan_extreme(items, |best, item| best < item)
}

/// `np.nanmax(a)`, as [`nanmin`].
pub fn nanmax<T: Element>(items: &[T]) -> T {
    nan_extreme(items, |best, item| best > item)
}

fn nan_extreme<T: Element>(items: &[T], keeps: impl Fn(T, T) -> bool) -> T {
    let Some(&first) = items.first() else {
        raise("ValueError: zero-size array to reduction operation not possible")
    };
    items.iter().fold(first, |best, &item| {
        if keeps(best, item) || item.is_nan() {
            best
        } else {
            item
        }
    })
}

/// `a.argmin()`: the index, counted in C order, of the first NaN if there
/// is one, else of the first smallest element. `fortran` says the
/// elements are in Fortran order in memory. An empty array raises
/// `ValueError`.
pub fn argmin<T: Element>(items: &[T], shape: &[usize], fortran: bool) -> i64 {
    arg_extreme(items, shape, fortran, "argmin", |item, best| item < best)
}

/// `a.argmax()`, as [`argmin`].
pub fn argmax<T: Element>(items: &[T], shape: &[usize], fortran: bool) -> i64 {
    arg_extreme(items, shape, fortran, "argmax", |item, best| item > best)
}

fn arg_extreme<T: Element>(
    items: &[T],
    shape: &[usize],
    fortran: bool,
    name: &str,
    better: impl Fn(T, T) -> bool,
) -> i64 {
    if items.is_empty() {
        raise(&format!(
            "ValueError: attempt to get {name} of an empty sequence"
        ));
    }
    let mut best: Option<(T, usize)> = None;
    for (index, offset) in c_order_offsets(shape, fortran).enumerate() {
        let item = items[offset];
        if item.is_nan() {
            return index as i64;
        }
        match best {
            Some((value, _)) if !better(item, value) => {}
            _ => best = Some((item, index)),
        }
    }
    best.map_or(0, |(_, index)| index as i64)
}

/// The memory offsets of the elements in C order: `0, 1, 2, ...` for C
/// order (or one axis); for Fortran order, the last axis moves fastest.
fn c_order_offsets(shape: &[usize], fortran: bool) -> Box<dyn Iterator<Item = usize> + '_> {
    let count: usize = shape.iter().product();
    if !fortran || shape.len() <= 1 {
        return Box::new(0..count);
    }
    // In Fortran order, axis k moves by the product of the extents before it.
    let strides: Vec<usize> = shape
        .iter()
        .scan(1, |stride, &extent| {
            let this = *stride;
            *stride *= extent;
            Some(this)
        })
        .collect();
    let mut index = vec![0_usize; shape.len()];
    Box::new((0..count).map(move |position| {
        if position > 0 {
            for axis in (0..shape.len()).rev() {
                index[axis] += 1;
                if index[axis] < shape[axis] {
                    break;
                }
                index[axis] = 0;
            }
        }
        index.iter().zip(&strides).map(|(i, s)| i * s).sum()
    }))
}

/// `a.any()`: whether some element is true.
pub fn any<T: Element>(items: &[T]) -> bool {
    items.iter().any(|item| item.is_truthy())
}

/// `a.all()`: whether every element is true.
pub fn all<T: Element>(items: &[T]) -> bool {
    items.iter().all(|item| item.is_truthy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_add_in_memory_order_not_pairwise() {
        // One after the other, each 1.0 added to 1e16 is lost.
        let items = [1e16, 1.0, 1.0, -1e16, 1.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(sum(&items), 5.0);
        assert_eq!(sum(&[true, true, false]), 2_i64);
        assert_eq!(sum(&[u8::MAX, 1]), 256_u64);
        assert_eq!(prod(&[i64::MAX, 2]), -2);
        assert_eq!(nansum(&[f64::NAN, 1.5, 2.0]), 3.5);
        assert!(nanmean::<f64>(&[f64::NAN]).is_nan());
    }

    #[test]
    fn means_of_float32_divide_in_float64() {
        let items = [1.5_f32, 2.25, 3.0];
        assert_eq!(mean(&items), 2.25_f32);
        assert!(mean::<f64>(&[]).is_nan());
        let deviations: f64 = items
            .iter()
            .map(|x| f64::from((x - 2.25_f32) * (x - 2.25_f32)))
            .sum();
        assert_eq!(var(&items), deviations / 3.0);
        assert_eq!(std(&[1, 2, 3, 4]), 1.25_f64.sqrt());
    }

    #[test]
    fn extremes_follow_nans_and_the_order_of_equals() {
        assert_eq!(min(&[0.0, -0.0_f64]).to_bits(), 0.0_f64.to_bits());
        assert_eq!(nanmin(&[0.0, -0.0_f64]).to_bits(), (-0.0_f64).to_bits());
        assert!(max(&[1.0, f64::NAN, 3.0]).is_nan());
        assert_eq!(nanmax(&[f64::NAN, 1.0, 3.0, f64::NAN]), 3.0);
        assert!(nanmin(&[f64::NAN, f64::NAN]).is_nan());
        assert_eq!(argmax(&[1.0, f64::NAN, 3.0, f64::NAN], &[4], false), 1);
        assert_eq!(argmin(&[2, 1, 1], &[3], false), 1);
    }

    #[test]
    fn arg_extremes_count_in_c_order_for_fortran_memory() {
        // [[3, 1], [0.5, 9]] in Fortran order is 3, 0.5, 1, 9 in memory.
        let memory = [3.0, 0.5, 1.0, 9.0];
        assert_eq!(argmin(&memory, &[2, 2], true), 2);
        assert_eq!(argmax(&memory, &[2, 2], true), 3);
        let c_order: Vec<usize> = c_order_offsets(&[2, 3, 2], true).collect();
        assert_eq!(c_order, [0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11]);
    }

    #[test]
    fn truth_values_of_any_and_all() {
        assert!(any(&[0.0, f64::NAN]));
        assert!(!all(&[0.0, f64::NAN]));
        assert!(all::<i32>(&[]));
        assert!(!any::<i32>(&[]));
    }

    #[test]
    #[should_panic(expected = "ValueError: zero-size array to reduction operation minimum")]
    fn the_minimum_of_nothing_raises() {
        min::<f64>(&[]);
    }

    #[test]
    #[should_panic(expected = "ZeroDivisionError")]
    fn the_variance_of_nothing_raises() {
        var::<f64>(&[]);
    }
}
