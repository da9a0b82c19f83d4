//! Array expressions in cfunc code (`a * 2.0`, `a > 0`, `~mask`,
//! `np.sqrt(a)`, `np.where(mask, a, 0.0)`): the dtypes Numba 0.68's ufunc
//! loop selection gives them (read off `njit` signatures), and an error on
//! the Python line for what cfunc does not compute. Their values are
//! compared with Numba's in the differential suite (`array_*`,
//! `double_into`, `assign_between_dtypes`).

mod support;

use support::{errors_by_line, typing_of};

/// The type of `r = EXPR` where `f64`, `f32`, `i64`, `i32`, `u8`, `i16`
/// are 1-d arrays of those dtypes and `b` a bool array.
fn array_type_of(expr: &str) -> String {
    let typing = typing_of(&format!(
        "import numpy as np\n\
         from numba import carray, cfunc\n\
         @cfunc('void(CPointer(float64), CPointer(float32), CPointer(int64), CPointer(int32), CPointer(uint8), CPointer(int16), CPointer(boolean), int64)')\n\
         def f(p0, p1, p2, p3, p4, p5, p6, n):\n\
         \x20   f64 = carray(p0, n)\n\
         \x20   f32 = carray(p1, n)\n\
         \x20   i64 = carray(p2, n)\n\
         \x20   i32 = carray(p3, n)\n\
         \x20   u8 = carray(p4, n)\n\
         \x20   i16 = carray(p5, n)\n\
         \x20   b = carray(p6, n)\n\
         \x20   r = {expr}\n"
    ));
    let types = typing.assigned_types("r");
    assert_eq!(types.len(), 1, "{expr}: {types:?}");
    types[0].clone()
}

#[test]
fn array_expressions_have_numba_s_dtypes() {
    for (expr, expected) in [
        ("f64*2", "float64"),
        ("f32*2.0", "float64"),
        ("f32*2", "float32"),
        ("i64*2.0", "float64"),
        ("i32+1", "int64"),
        ("i32+i32", "int32"),
        ("f32+f64", "float64"),
        ("i64/2", "float64"),
        ("i32/i32", "float64"),
        ("b+1", "int64"),
        ("f32<1.0", "bool"),
        ("i64==i32", "bool"),
        ("-i32", "int32"),
        ("np.sqrt(i64)", "float64"),
        ("np.sqrt(f32)", "float32"),
        ("np.abs(i32)", "int32"),
        ("np.where(b, f32, 0.0)", "float64"),
        ("np.where(b, i32, 1)", "int64"),
        ("~b", "bool"),
        ("np.isnan(f32)", "bool"),
        ("u8+1", "int64"),
        ("u8*u8", "uint8"),
        ("i16*2", "int64"),
        ("f32*np.float32(2)", "float32"),
        ("np.exp(i32)", "float64"),
        ("1 / f32", "float32"),
        ("b & b", "bool"),
        ("i32 | 1", "int64"),
        ("np.float32(3) * i16", "float32"),
        ("f32 * i64", "float32"),
        ("np.minimum(f32, 1.0)", "float64"),
        ("np.sin(u8)", "float32"),
        ("i32 // i32", "int32"),
        ("f32 % 2", "float32"),
        ("i64 ** 2", "int64"),
        ("u8 // 2", "int64"),
        ("u8 ** u8", "uint8"),
        ("np.floor_divide(i32, 2.0)", "float64"),
        ("(i32 + i32) // 2", "int64"),
        ("(i32 + i32) // i32", "int32"),
    ] {
        let found = array_type_of(expr);
        assert_eq!(found, format!("array({expected}, 1d, C)"), "{expr}");
    }
}

#[test]
fn what_array_expressions_do_not_compute_is_an_error_on_its_line() {
    let found = errors_by_line(
        "import numpy as np\n\
         from numba import cfunc, carray\n\
         @cfunc('float64(CPointer(float64), int64)')\n\
         def f(p, n):\n\
         \x20   a = carray(p, n)\n\
         \x20   b = a << 2\n\
         \x20   c = a @ a\n\
         \x20   d = not a\n\
         \x20   e = 0 < a < 1\n\
         \x20   g = abs(a)\n\
         \x20   h = a * 1j\n\
         \x20   return 0.0\n",
    );
    assert_eq!(
        found,
        [
            "6: `<<` of arrays is not supported in cfunc code yet (array expressions take + - * / // % ** & | ^, comparisons and NumPy's math functions)",
            "7: `@` of arrays is not supported in cfunc code yet (array expressions take + - * / // % ** & | ^, comparisons and NumPy's math functions)",
            "8: `not` of an array is ambiguous (as in NumPy); use `~a` or `np.logical_not(a)`",
            "9: a chained comparison of arrays is ambiguous (as in NumPy); compare two at a time and combine with `&`",
            "10: `abs` is not defined for array(float64, 1d, C)",
            "11: array expressions of complex128 are not supported in cfunc code (ints, floats and bools)",
        ]
    );
}
