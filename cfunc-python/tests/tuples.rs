//! Tuples and unpacking: a 1-d array unpacks into names (`x, y, z =
//! carray(p, 3)`), its length checked when it runs (`ValueError`
//! otherwise, as in Numba), the names take the element type; a loop runs
//! over a tuple whose items have one type. What cfunc cannot unpack or
//! loop over is an error on its line. Values and exceptions are compared
//! with Numba's in the differential suite (`unpack_*`, `tuple_*` cases).

mod support;

use support::{errors_by_line, lowered, type_of};

#[test]
fn unpacked_names_take_the_element_type() {
    let typing = support::typing_of(
        "from numba import cfunc, carray\n\
         @cfunc('void(CPointer(float32), int64)')\n\
         def f(p, n):\n\
         \x20   x, y = carray(p, n)\n",
    );
    assert_eq!(typing.assigned_types("x"), ["float32"]);
    assert_eq!(typing.assigned_types("y"), ["float32"]);
    assert_eq!(
        type_of("CPointer(int16), int64", "farray(a, b)[0]"),
        "int16"
    );
}

#[test]
fn a_view_s_length_is_checked_when_it_runs() {
    let item = lowered(
        "from numba import cfunc, carray\n\
         @cfunc('float64(CPointer(float64), int64)')\n\
         def f(p, n):\n\
         \x20   x, y, z = carray(p, n)\n\
         \x20   return x + y + z\n",
    );
    assert!(item.contains("check_unpack"), "{item}");
}

#[test]
fn a_record_array_of_another_length_raises_and_larger_arrays_are_errors() {
    let item = lowered(
        "from numba import cfunc, types\n\
         rec = types.Record.make_c_struct([('v', types.NestedArray(types.float64, (3,)))])\n\
         @cfunc(types.float64(types.CPointer(rec)))\n\
         def f(r):\n\
         \x20   a, b = r[0].v\n\
         \x20   return a + b\n",
    );
    assert!(
        item.contains("ValueError: cannot unpack an array of 3 elements into 2 targets"),
        "{item}"
    );
    let found = errors_by_line(
        "from numba import cfunc, carray\n\
         @cfunc('float64(CPointer(float64), int64)')\n\
         def f(p, n):\n\
         \x20   a, b = carray(p, (2, n))\n\
         \x20   return 0.0\n",
    );
    assert_eq!(
        found,
        [
            "4: cannot unpack array(float64, 2d, C) in cfunc code: unpacking a 2-d or larger array gives views of its rows, which cfunc does not make; unpack a 1-d array or index the rows"
        ]
    );
}

#[test]
fn a_loop_over_a_tuple_needs_items_of_one_type() {
    let found = errors_by_line(
        "from numba import cfunc\n\
         @cfunc('float64(float64, int64)')\n\
         def f(x, n):\n\
         \x20   for v in (x, n):\n\
         \x20       x += v\n\
         \x20   for w in (x, x):\n\
         \x20       x += w\n\
         \x20   return x\n",
    );
    assert_eq!(
        found,
        [
            "4: a loop over a tuple needs items of one type, as in Numba; this one is Tuple(float64, int64)"
        ]
    );
}
