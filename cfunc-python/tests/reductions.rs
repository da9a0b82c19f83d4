//! Reductions of whole arrays in cfunc code (`a.sum()`, `np.argmin(a)`,
//! `np.nanmax(a)`): the types Numba 0.68 gives them (read off `njit`
//! signatures), and an error on the Python line for what cfunc does not
//! reduce. Their values are compared with Numba's in the differential
//! suite (`sum_order`, `mean_*`, `var_*`, `argmin_*`, `nan*` cases).

mod support;

use support::{errors_by_line, lowered, type_of};

#[test]
fn reductions_have_numba_s_types() {
    for (pointer, expr, expected) in [
        ("float32", "carray(a, b).sum()", "float32"),
        ("int8", "np.sum(carray(a, b))", "int64"),
        ("uint8", "carray(a, b).prod()", "uint64"),
        ("boolean", "carray(a, b).sum()", "int64"),
        ("float32", "carray(a, b).mean()", "float32"),
        ("int32", "np.mean(carray(a, b))", "float64"),
        ("float32", "carray(a, b).var()", "float64"),
        ("float32", "np.std(carray(a, b))", "float64"),
        ("int16", "carray(a, b).min()", "int16"),
        ("boolean", "np.amax(carray(a, b))", "bool"),
        ("float32", "carray(a, b).argmax()", "int64"),
        ("float64", "np.any(carray(a, b))", "bool"),
        ("uint64", "np.nansum(carray(a, b))", "uint64"),
        ("float32", "np.nanmean(carray(a, b))", "float64"),
        ("float32", "np.nanmin(farray(a, (b, 2)))", "float32"),
        ("float32", "np.median(carray(a, b))", "float64"),
        ("uint8", "np.median(farray(a, (b, 2)))", "float64"),
        ("int32", "np.nanmedian(carray(a, b))", "float64"),
    ] {
        let found = type_of(&format!("CPointer({pointer}), int64"), expr);
        assert_eq!(found, expected, "{expr} of {pointer}");
    }
}

#[test]
fn reductions_call_the_runtime_on_the_elements_in_memory_order() {
    let item = lowered(
        "import numpy as np\n\
         from numba import cfunc, farray\n\
         @cfunc('int64(CPointer(float64), intc, intc)')\n\
         def f(p, m, n):\n\
         \x20   a = farray(p, (m, n))\n\
         \x20   return np.argmin(a) + int(a.sum())\n",
    );
    assert!(item.contains("reduce :: sum"), "{item}");
    // argmin counts in C order, so it also takes the shape and the layout.
    assert!(item.contains("reduce :: argmin"), "{item}");
    assert!(item.contains("true)"), "{item}");
}

#[test]
fn what_cfunc_does_not_reduce_is_an_error_on_its_line() {
    let found = errors_by_line(
        "import numpy as np\n\
         from numba import cfunc, carray\n\
         @cfunc('float64(CPointer(float64), CPointer(complex128), intp)')\n\
         def f(p, q, n):\n\
         \x20   a = carray(p, n)\n\
         \x20   z = carray(q, n)\n\
         \x20   s = a.sum(0)\n\
         \x20   t = z.mean()\n\
         \x20   u = np.max(a, 0)\n\
         \x20   v = np.nanmin(2.0)\n\
         \x20   w = a.nansum()\n\
         \x20   return 0.0\n",
    );
    assert_eq!(
        found,
        [
            "7: `.sum()` reduces the whole array in cfunc code: it takes no `axis` or other arguments",
            "8: `.mean()` of an array of complex128 is not supported in cfunc code",
            "9: `np.max` reduces the whole array in cfunc code: it takes one array, no `axis` or other arguments",
            "10: `np.nanmin` takes an array in cfunc code, not float64",
            "11: array(float64, 1d, C) has no method `nansum` in cfunc code",
        ]
    );
}
