//! Views in cfunc code: slices, rows and columns, `a.T` and assignment to
//! views, with the layouts Numba 0.68's typing gives them (a C array stays
//! C when only its last written index is a slice without a step; an F
//! array likewise from its first axis; anything else is `A`), and an error
//! on the Python line for indexing cfunc does not do. Their values are
//! compared with Numba's in the differential suite (`slice_*`,
//! `rows_and_columns`, `farray_views`, `transposes`, `assign_*`, ...).

mod support;

use support::{errors_by_line, type_of};

#[test]
fn views_have_numba_s_layouts() {
    for (expr, expected) in [
        ("carray(a, b)[1:3]", "array(float64, 1d, C)"),
        ("carray(a, b)[::2]", "array(float64, 1d, A)"),
        ("carray(a, b)[0:b:1]", "array(float64, 1d, A)"),
        ("carray(a, b)[::-1]", "array(float64, 1d, A)"),
        ("carray(a, (b, 4))[1]", "array(float64, 1d, C)"),
        ("carray(a, (b, 4))[1, :]", "array(float64, 1d, C)"),
        ("carray(a, (b, 4))[:, 1]", "array(float64, 1d, A)"),
        ("carray(a, (b, 4))[1:3]", "array(float64, 2d, C)"),
        ("carray(a, (b, 4))[1:3, 0:2]", "array(float64, 2d, A)"),
        ("carray(a, (b, 4, 5))[1, 2]", "array(float64, 1d, C)"),
        ("farray(a, (b, 4))[:, 1]", "array(float64, 1d, F)"),
        ("farray(a, (b, 4))[1, :]", "array(float64, 1d, A)"),
        ("farray(a, (b, 4))[1]", "array(float64, 1d, A)"),
        ("farray(a, (b, 4))[1:3, 2]", "array(float64, 1d, F)"),
        ("carray(a, (b, 4)).T", "array(float64, 2d, F)"),
        ("farray(a, (b, 4)).T", "array(float64, 2d, C)"),
        ("carray(a, (b, 4))[:, ::2].T", "array(float64, 2d, A)"),
        ("carray(a, b).T", "array(float64, 1d, C)"),
        ("carray(a, (b, 4))[:, 1].copy()", "array(float64, 1d, C)"),
        ("np.zeros_like(carray(a, b)[::2])", "array(float64, 1d, C)"),
        ("carray(a, (b, 4))[1:][0]", "array(float64, 1d, C)"),
        ("carray(a, (b, 4))[:, 1].sum()", "float64"),
        ("len(carray(a, (b, 4))[::2])", "int64"),
    ] {
        let found = type_of("CPointer(float64), int64", expr);
        assert_eq!(found, expected, "{expr}");
    }
}

#[test]
fn indexing_cfunc_does_not_do_is_an_error_on_its_line() {
    let found = errors_by_line(
        "import numpy as np\n\
         from numba import cfunc, carray\n\
         @cfunc('float64(CPointer(float64), int64, CPointer(int64))')\n\
         def f(p, n, q):\n\
         \x20   a = carray(p, (n, 3))\n\
         \x20   b = a[np.zeros(2, dtype=np.int64)]\n\
         \x20   c = a[None, :]\n\
         \x20   d = a[..., 0]\n\
         \x20   e = a[1, 2, 3]\n\
         \x20   g = a[0.5:2]\n\
         \x20   a[0:2] = np.zeros(2, dtype=np.complex128)\n\
         \x20   h = a[1.5, :]\n\
         \x20   k = carray(q, n)\n\
         \x20   k += 1.5\n\
         \x20   return 0.0\n",
    );
    assert_eq!(
        found,
        [
            "6: indexing with an array (fancy indexing) is not supported in cfunc code",
            "7: `None` (np.newaxis) and `...` in subscripts are not supported in cfunc code",
            "8: `None` (np.newaxis) and `...` in subscripts are not supported in cfunc code",
            "9: a 2-d array takes 2 indices, got 3",
            "10: slice indices must be integers or None, not float64",
            "11: assigning an array of complex128 to a view of float64 is not supported in cfunc code; convert the elements one at a time",
            "12: array indices must be integers or slices, not float64",
            "14: cannot update an array of int64 in place with float64 results (NumPy's same-kind rule)",
        ]
    );
}

#[test]
fn loops_over_arrays_give_rows_and_updates_keep_the_type() {
    let typing = support::typing_of(
        "import numpy as np\n\
         from numba import cfunc, carray, farray\n\
         @cfunc('void(CPointer(float32), int64)')\n\
         def f(p, n):\n\
         \x20   a = carray(p, (n, 2, 3))\n\
         \x20   for row in a:\n\
         \x20       x = row\n\
         \x20   for column in farray(p, (n, 2)):\n\
         \x20       y = column\n\
         \x20   b = carray(p, n)\n\
         \x20   b *= 2.5\n\
         \x20   c = b\n",
    );
    assert_eq!(typing.assigned_types("x"), ["array(float32, 2d, C)"]);
    assert_eq!(typing.assigned_types("y"), ["array(float32, 1d, A)"]);
    // `b *= 2.5` computes in float64 and stores float32s into `b`.
    assert_eq!(typing.assigned_types("c"), ["array(float32, 1d, C)"]);
}
