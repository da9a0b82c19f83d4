//! Local arrays in cfunc code (`np.zeros`, `np.arange`, `a.copy()`): the
//! types Numba 0.68 gives them, and an error on the Python line for the
//! forms cfunc does not make. Their values are compared with Numba's in
//! the differential suite (`zeros_accumulate`, `arange_*`, `linspace_*`,
//! `like_and_copy`, `local_arrays_in_a_loop`, ...), and their freeing in
//! `tests/python_local_arrays.rs`.

mod support;

use support::{errors_by_line, lowered, type_of};

#[test]
fn local_arrays_have_numba_s_types() {
    for (expr, expected) in [
        ("np.zeros(b)", "array(float64, 1d, C)"),
        ("np.empty((b, 2, 3))", "array(float64, 3d, C)"),
        ("np.ones((b, 2), dtype=np.int32)", "array(int32, 2d, C)"),
        ("np.ones(b, np.uint8)", "array(uint8, 1d, C)"),
        ("np.zeros(b, dtype='float32')", "array(float32, 1d, C)"),
        ("np.zeros(b, dtype='i2')", "array(int16, 1d, C)"),
        ("np.full(3, 7)", "array(int64, 1d, C)"),
        ("np.full((2, 2), 1.5, np.float32)", "array(float32, 2d, C)"),
        ("np.zeros_like(farray(a, (b, 2)))", "array(float64, 2d, F)"),
        (
            "np.empty_like(carray(a, b), dtype=np.bool_)",
            "array(bool, 1d, C)",
        ),
        ("farray(a, (b, 2)).copy()", "array(float64, 2d, C)"),
        ("np.copy(farray(a, (b, 2)))", "array(float64, 2d, F)"),
        ("np.arange(b)", "array(int64, 1d, C)"),
        ("np.arange(0.5, b)", "array(float64, 1d, C)"),
        ("np.arange(b, dtype=np.float32)", "array(float32, 1d, C)"),
        ("np.linspace(0, 1)", "array(float64, 1d, C)"),
        ("np.linspace(0, b, 7)", "array(float64, 1d, C)"),
    ] {
        let found = type_of("CPointer(float64), int64", expr);
        assert_eq!(found, expected, "{expr}");
    }
}

#[test]
fn what_cfunc_does_not_make_is_an_error_on_its_line() {
    let found = errors_by_line(
        "import numpy as np\n\
         from numba import cfunc\n\
         @cfunc('float64(int64)')\n\
         def f(n):\n\
         \x20   a = np.zeros(n, dtype=int)\n\
         \x20   b = np.zeros(n, order='F')\n\
         \x20   c = np.zeros(())\n\
         \x20   d = np.zeros(2.5)\n\
         \x20   e = np.linspace(0j, 1)\n\
         \x20   g = np.zeros(n, dtype='float16')\n\
         \x20   h = np.arange(1j)\n\
         \x20   k = np.zeros_like(n)\n\
         \x20   return 0.0\n",
    );
    assert_eq!(
        found,
        [
            "5: a dtype is a Numba or NumPy type (`np.float64`, `types.int32`) or a record type",
            "6: `np.zeros` takes no argument `order` in cfunc code (it takes shape, dtype)",
            "7: a local array's shape is an integer or a tuple of 1 to 6 integers in cfunc code, not Tuple()",
            "8: a local array's shape is an integer or a tuple of 1 to 6 integers in cfunc code, not float64",
            "9: `np.linspace` of complex128 is not supported in cfunc code (numbers that are not complex)",
            "10: \"float16\" is not a dtype cfunc code knows (a NumPy type's name, as \"float64\")",
            "11: `np.arange` of complex128 is not supported in cfunc code (ints and floats)",
            "12: `np.zeros_like` takes an array in cfunc code, not int64",
        ]
    );
}

#[test]
fn a_small_temporary_outside_loops_lives_in_the_frame() {
    let item = lowered(
        "import numpy as np\n\
         from numba import cfunc\n\
         @cfunc('float64(float64, int64)')\n\
         def f(t, n):\n\
         \x20   v = np.zeros(3)\n\
         \x20   grid = np.ones((8, 8))\n\
         \x20   big = np.zeros(65)\n\
         \x20   sized = np.zeros(n)\n\
         \x20   for i in range(n):\n\
         \x20       w = np.zeros(3)\n\
         \x20       v[0] += w[0]\n\
         \x20   return v[0] + grid[0, 0] + big[0] + sized.size\n",
    );
    // `v` and `grid` (64 elements) in the frame; `big` (65), `sized` (not
    // literal) and `w` (made in a loop, whose fast and checked copies each
    // make it) counted and freed.
    assert_eq!(item.matches(":: on_frame (").count(), 2, "{item}");
    assert_eq!(item.matches(":: full (").count(), 4, "{item}");
}

#[test]
fn a_helper_that_returns_arrays_allocates_them() {
    let output = support::compiled(
        "import numpy as np\n\
         from numba import cfunc, njit\n\
         @njit\n\
         def made():\n\
         \x20   return np.zeros(3)\n\
         @cfunc('float64()')\n\
         def f():\n\
         \x20   return made().sum()\n",
    );
    let helpers: String = output.helpers.iter().map(ToString::to_string).collect();
    assert!(helpers.contains(":: full ("), "{helpers}");
    assert!(!helpers.contains("on_frame"), "{helpers}");
}
