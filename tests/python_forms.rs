//! The three input forms of `cfunc::python!` and the Python-like body of
//! `#[cfunc]`.

use cfunc::cfunc;

mod token_form {
    cfunc::python! {
        from numba import cfunc
        import math

        @cfunc("float64(float64, float64)")
        def hypot_floor(x, y):
            # floor division here, read from the file, not a Rust comment
            return math.sqrt(x * x + y * y) // 1.0

        @cfunc("int64(int64)")
        def collatz_steps(n):
            steps = 0
            while n != 1:
                if n % 2 == 0:
                    n = n // 2
                else:
                    n = 3 * n + 1
                steps += 1
            return steps
    }
}

#[test]
fn token_form_keeps_floor_division_and_comments() {
    assert_eq!(token_form::hypot_floor(3.0, 4.5), 5.0);
    assert_eq!(token_form::collatz_steps(27), 111);
}

mod file_form {
    cfunc::python!(file = "tests/python/file_form.py");
}

#[test]
fn file_form_compiles_the_file() {
    assert_eq!(file_form::scaled_sum(2.0, 3.0), 10.0);
}

#[cfunc("float64(float64)")]
fn integrand(t: _) -> _ {
    cfunc::python! { return np.exp(-t) / t**2 }
}

#[cfunc("int64(CPointer(int64), intp)")]
fn total(values: _, n: _) -> _ {
    cfunc::python! {
        arr = carray(values, n)
        s = 0
        for k in range(n):
            s += arr[k]
        return s
    }
}

#[test]
fn attribute_with_a_python_body() {
    assert_eq!(integrand(2.0), (-2.0f64).exp() / 4.0);
    let mut values = [1i64, 2, 3, 4];
    assert_eq!(total(values.as_mut_ptr(), 4), 10);
    assert!(integrand::inspect().contains("exp"));
}

mod error_models {
    cfunc::python!(
        r#"
from numba import cfunc

@cfunc("float64(float64, float64)")
def python_model(x, y):
    return x / y

@cfunc("float64(float64, float64)", error_model="numpy")
def numpy_model(x, y):
    return x / y
"#
    );
}

#[test]
fn error_model_numpy_divides_by_zero_like_numpy() {
    cfunc::clear_last_error();
    assert_eq!(error_models::python_model(1.0, 0.0), 0.0);
    assert!(
        cfunc::last_error()
            .unwrap()
            .contains("ZeroDivisionError: division by zero")
    );
    cfunc::clear_last_error();
    assert_eq!(error_models::numpy_model(1.0, 0.0), f64::INFINITY);
    assert!(error_models::numpy_model(0.0, 0.0).is_nan());
    assert_eq!(cfunc::last_error(), None);
}
