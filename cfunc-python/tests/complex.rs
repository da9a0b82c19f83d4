//! Complex numbers in cfunc code: the types Numba 0.68 gives them
//! (read off `njit` signatures of small functions), and an error on the
//! Python line for every complex operation Numba rejects or cfunc does
//! not implement. Their values are compared with Numba's in the
//! differential suite (`complex_*` cases).

mod support;

use support::{errors_by_line, lowered, type_of, typing_of};

#[test]
fn arithmetic_promotes_as_numba_does() {
    for (args, expr, expected) in [
        ("complex64, complex64", "a + b", "complex64"),
        ("complex64, complex128", "a * b", "complex128"),
        ("complex64, float32", "a - b", "complex64"),
        ("complex64, float64", "a + b", "complex128"),
        ("complex64, int8", "a * b", "complex64"),
        ("complex64, int16", "a / b", "complex64"),
        ("complex64, uint8", "a + b", "complex64"),
        ("complex64, boolean", "a + b", "complex64"),
        // Numba widens here, although complex64 holds every uint16.
        ("complex64, uint16", "a + b", "complex128"),
        ("complex64, int32", "a + b", "complex128"),
        ("complex64, uint64", "b / a", "complex128"),
        ("int64, complex128", "a + b", "complex128"),
        ("complex64, float32", "a + 1", "complex128"),
        ("complex64, float32", "a + 1j", "complex128"),
        ("complex64, complex64", "-a", "complex64"),
        ("complex64, complex64", "a ** b", "complex64"),
        ("complex64, int16", "a ** b", "complex64"),
        ("complex64, float32", "a ** 2", "complex128"),
        ("float64, complex64", "a ** b", "complex128"),
        ("complex64, complex64", "+a", "complex64"),
        ("complex64, complex64", "abs(a)", "float32"),
        ("complex128, complex64", "abs(a)", "float64"),
        ("complex64, complex64", "a.real", "float32"),
        ("complex64, complex64", "a.imag", "float32"),
        ("complex64, complex64", "a.conjugate()", "complex64"),
        ("float32, int32", "a.imag", "float32"),
        ("float32, int32", "b.imag", "int32"),
        ("float32, int32", "a.conjugate()", "float32"),
        ("complex64, complex64", "a == b", "bool"),
        ("complex64, float64", "a != b", "bool"),
        ("float32, float32", "complex(a, b)", "complex64"),
        ("float32, float64", "complex(a, b)", "complex128"),
        ("float32, int32", "complex(a, b)", "complex128"),
        ("float32, int32", "complex(a)", "complex64"),
        ("float32, int32", "complex(b)", "complex128"),
        ("complex64, int32", "complex(a)", "complex128"),
        ("float32, int32", "2 + 3j", "complex128"),
    ] {
        assert_eq!(type_of(args, expr), expected, "{expr} of {args}");
    }
}

#[test]
fn joins_unify_as_numba_does() {
    for (args, expected) in [
        ("complex64, float32", "complex64"),
        ("complex64, int16", "complex64"),
        ("complex64, uint16", "complex64"),
        ("complex64, int32", "complex128"),
        ("complex64, float64", "complex128"),
        ("complex64, complex128", "complex128"),
        ("float64, complex64", "complex128"),
    ] {
        let typing = typing_of(&format!(
            "from numba import cfunc\n\
             @cfunc('void({args})')\n\
             def f(a, b):\n    x = a\n    if b:\n        x = b\n"
        ));
        assert_eq!(typing.join_types("x"), [expected], "{args}");
    }
}

#[test]
fn complex_signature_slots_are_complex_in_the_body() {
    // A complex slot was once typed as an unsigned integer.
    for signature in [
        "types.complex64(types.complex128, types.complex64)",
        "'c8(c16, c8)'",
        "'complex64(complex128, complex64)'",
    ] {
        let source = format!(
            "from numba import cfunc, types\n\
             @cfunc({signature})\n\
             def f(a, b):\n    return a.imag + b\n"
        );
        let typing = typing_of(&source);
        assert_eq!(typing.assigned_types("a"), ["complex128"], "{signature}");
        assert_eq!(typing.assigned_types("b"), ["complex64"], "{signature}");
        // float64 + complex64 computes in complex128; the result converts
        // to complex64, part by part.
        let item = lowered(&source);
        assert!(item.contains("add_complex128"), "{item}");
        assert!(item.contains(":: cfunc :: Complex32 :: new"), "{item}");
    }
}

#[test]
fn module_level_complex_constants_are_complex128_values() {
    let source = "from numba import cfunc\n\
                  I = 1j\n\
                  W = -(2 + I) * 3 / (1 - 1j)\n\
                  BAD = 1 / 0j\n\
                  @cfunc('complex64(complex64)')\n\
                  def f(z):\n    r = z * I + W\n    return r\n";
    let typing = typing_of(source);
    assert_eq!(typing.assigned_types("r"), ["complex128"]);
    // -(2+1j)*3/(1-1j), as Python computes it: (-1.5-4.5j).
    let item = lowered(source);
    assert!(
        item.contains("Complex64 :: new (- 1.5f64 , - 4.5f64)"),
        "{item}"
    );
    // Python raises ZeroDivisionError at import: the name has no value.
    let found = errors_by_line(
        "from numba import cfunc\n\
         BAD = 1 / 0j\n\
         @cfunc('complex128(complex128)')\n\
         def f(z):\n    return z * BAD\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("5: `BAD` is set by code that only Python runs"),
        "{found:?}"
    );
}

#[test]
fn complex_division_raises_through_the_runtime_under_either_error_model() {
    for options in ["", ", error_model='numpy'"] {
        let item = lowered(&format!(
            "from numba import cfunc\n\
             @cfunc('complex128(complex128, float64)'{options})\n\
             def f(z, x):\n    return z / x\n"
        ));
        assert!(item.contains("truediv_complex128"), "{item}");
    }
}

#[test]
fn what_numba_rejects_is_an_error_on_its_line() {
    let found = errors_by_line(
        "from numba import cfunc\n\
         import math\n\
         @cfunc('void(complex128, complex128, float64)')\n\
         def f(z, w, x):\n\
         \x20   a = z // w\n\
         \x20   b = z % x\n\
         \x20   c = z < w\n\
         \x20   d = x >= z\n\
         \x20   e = int(z)\n\
         \x20   g = float(z)\n\
         \x20   h = ~z\n\
         \x20   i = z & 1\n\
         \x20   j = min(z, w)\n\
         \x20   k = complex(z, w)\n\
         \x20   m = complex(True)\n\
         \x20   n = True.imag\n",
    );
    assert_eq!(
        found,
        [
            "5: `//` is not defined for complex128 and complex128 (Numba does not define it for complex numbers)",
            "6: `%` is not defined for complex128 and float64 (Numba does not define it for complex numbers)",
            "7: cannot compare complex128 and complex128 with `<` (complex numbers are not ordered)",
            "8: cannot compare float64 and complex128 with `>=` (complex numbers are not ordered)",
            "9: cannot convert complex128 to int64 (take `.real`, `.imag` or `abs()`)",
            "10: cannot convert complex128 to float64 (take `.real`, `.imag` or `abs()`)",
            "11: `~` is not defined for complex128",
            "12: `&` is not defined for complex128 and int64 (Numba does not define it for complex numbers)",
            "13: `min` of complex128 and complex128 is not defined",
            "14: `complex` of complex128 and complex128 is not supported (Numba takes integers and floats, or one complex number)",
            "15: `complex` of bool is not supported (Numba takes integers and floats, or one complex number)",
            "16: bool has no attribute `imag` in cfunc code",
        ]
    );
}

#[test]
fn what_cfunc_does_not_implement_is_an_error_on_its_line() {
    let found = errors_by_line(
        "from numba import cfunc\n\
         import cmath\n\
         import math\n\
         import numpy as np\n\
         @cfunc('complex128(complex128, complex64)')\n\
         def f(z, w):\n\
         \x20   a = np.sin(z)\n\
         \x20   b = cmath.isclose(z, z)\n\
         \x20   c = math.exp(z)\n\
         \x20   d = cmath.sqrt(w)\n\
         \x20   e = math.isnan(z)\n\
         \x20   g = round(z)\n\
         \x20   return z.real\n",
    );
    let sum = errors_by_line(
        "from numba import cfunc, carray, types\n\
         @cfunc(types.complex128(types.CPointer(types.complex128), types.intc))\n\
         def f(p, n):\n    return carray(p, n).sum()\n",
    );
    assert_eq!(
        sum,
        ["4: `.sum()` of an array of complex128 is not supported in cfunc code"]
    );
    assert_eq!(
        found,
        [
            "7: `np.sin` of a complex number (complex128) is not supported in cfunc code yet",
            "8: `cmath.isclose` is not supported in cfunc code, as in Numba (which has cmath's exp, log, log10, sqrt, the trigonometric and hyperbolic functions and their inverses, phase, polar, rect, isnan, isinf and isfinite)",
            "9: `math.exp` takes a real number, not complex128 (as in Numba); `cmath.exp` takes complex numbers",
            "10: `cmath.sqrt` of complex64 is not supported in cfunc code yet (complex128 and float64 are)",
            "11: `math.isnan` is not defined for complex128",
            "12: `round` is not defined for complex128",
        ]
    );
}
