//! A view's attributes in cfunc code: `.shape` (indexed, unpacked or as a
//! loop bound), `.size`, `.ndim`, `.strides` and `.itemsize`, read as
//! Numba's views give them, and an error on the line of any assignment to
//! one. Their values are compared with Numba's in the differential suite
//! (`shape_indexed_loops`, `strides_*` cases).

mod support;

use support::{errors_by_line, lowered};

#[test]
fn loops_bounded_by_an_indexed_shape_are_versioned() {
    let item = lowered(
        "from numba import cfunc, farray\n\
         @cfunc('void(CPointer(float64), CPointer(float64), intc, intc)')\n\
         def double(in_, out, m, n):\n\
         \x20   a = farray(in_, (m, n))\n\
         \x20   b = farray(out, (m, n))\n\
         \x20   for j in range(a.shape[1]):\n\
         \x20       for i in range(a.shape[0]):\n\
         \x20           b[i, j] = 2.0 * a[i, j]\n",
    );
    // The chunk whose guard passed reads and writes without checks, as a
    // loop bounded by `m` and `n` does.
    assert!(item.contains("get_unchecked_mut"), "{item}");
    assert!(item.contains("get_unchecked"), "{item}");
}

#[test]
fn strides_and_itemsize_follow_the_layout_and_the_element_type() {
    let item = lowered(
        "from numba import cfunc, carray\n\
         @cfunc('int64(CPointer(float32), intc, intc)')\n\
         def f(p, m, n):\n\
         \x20   a = carray(p, (m, n))\n\
         \x20   s0, s1 = a.strides\n\
         \x20   return s0 + s1 + a.itemsize + a.ndim + a.shape[-1]\n",
    );
    assert!(item.contains("size_of :: < f32 >"), "{item}");
}

#[test]
fn assigning_to_an_attribute_or_a_tuple_item_is_an_error_on_its_line() {
    let found = errors_by_line(
        "from numba import cfunc, carray\n\
         @cfunc('int64(CPointer(float64), intp)')\n\
         def f(p, n):\n\
         \x20   a = carray(p, n)\n\
         \x20   a.shape = (3,)\n\
         \x20   a.shape[0] = 3\n\
         \x20   a.size += 1\n\
         \x20   t = (1.0, 2.0)\n\
         \x20   t[0] = 0.5\n\
         \x20   return 0\n",
    );
    assert_eq!(
        found,
        [
            "5: cannot assign to this Tuple(int64): it is a value, not an element or a field",
            "6: Tuple(int64) does not support item assignment: tuples are immutable",
            "7: cannot assign to this int64: it is a value, not an element or a field",
            "9: Tuple(float64, float64) does not support item assignment: tuples are immutable",
        ]
    );
}
