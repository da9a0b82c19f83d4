//! `print(...)` in cfunc code: what it shows (numbers, bools, complex
//! numbers, string literals and tuples of them) goes to the runtime's
//! printer; anything else is an error on its line. The text is compared
//! with Numba's in `tests/python_print.rs`.

mod support;

use support::{errors_by_line, lowered};

#[test]
fn print_calls_the_runtime_with_every_item() {
    let item = lowered(
        "from numba import cfunc\n\
         @cfunc('void(float64, int64)')\n\
         def f(x, n):\n\
         \x20   print('x =', x, (x, n))\n",
    );
    assert!(item.contains("print :: print"), "{item}");
    assert!(item.contains("\"x =\""), "{item}");
}

#[test]
fn what_print_cannot_show_is_an_error_on_its_line() {
    let found = errors_by_line(
        "from numba import cfunc, carray\n\
         @cfunc('void(CPointer(float64), int64)')\n\
         def f(p, n):\n\
         \x20   print(n, carray(p, n))\n\
         \x20   print(p)\n\
         \x20   print(n, sep='')\n",
    );
    assert_eq!(
        found,
        [
            "4: `print` shows numbers, bools, strings and tuples of them in cfunc code, not array(float64, 1d, C)",
            "5: `print` shows numbers, bools, strings and tuples of them in cfunc code, not CPointer(float64)",
            "6: this function takes no keyword argument `sep` in cfunc code",
        ]
    );
}
