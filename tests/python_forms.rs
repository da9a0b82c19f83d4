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

// Rust's lexer takes a trailing `// b` for a comment and drops it from the
// tokens; the block's text runs to its closing delimiter all the same.
mod trailing_floor_division {
    cfunc::python! {
        from numba import cfunc

        @cfunc("int64(int64, int64)")
        def floor_last(a, b):
            return a // b
    }

    cfunc::python! {
        from numba import cfunc

        @cfunc("int64(int64, int64)")
        def floor_then_comment(a, b):
            return a // b  # Python's floor division
    }

    cfunc::python! {
        from numba import cfunc

        @cfunc("int64(int64, int64)")
        def comment_last(a, b):
            return a - b
            # a comment alone on the last line
    }

    #[cfunc::cfunc("int64(int64, int64)")]
    pub fn attribute_floor_last(a: i64, b: i64) -> i64 {
        cfunc::python! {
            return a // b
        }
    }

    #[cfunc::cfunc("int64(int64, int64)")]
    pub fn attribute_floor_one_line(a: i64, b: i64) -> i64 {
        cfunc::python! { return a // b
        }
    }
}

#[test]
fn a_trailing_floor_division_is_python_not_a_rust_comment() {
    use trailing_floor_division::*;
    assert_eq!(floor_last(-7, 2), -4);
    assert_eq!(floor_then_comment(-7, 2), -4);
    assert_eq!(comment_last(-7, 2), -9);
    assert_eq!(attribute_floor_last(-7, 2), -4);
    assert_eq!(attribute_floor_one_line(-7, 2), -4);
}

// Numba takes any Python name; a Rust keyword becomes a raw identifier,
// and the C symbol keeps the Python name.
mod keyword_names {
    cfunc::python! {
        from numba import cfunc

        @cfunc("int64(int64)")
        def loop(n):
            total = 0
            for i in range(n):
                total += i
            return total

        @cfunc("float64(float64)")
        def match(x):
            return x * 2.0

        @cfunc("int64(int64)")
        def type(x):
            return loop(x) + 1
    }

    #[cfunc::cfunc("int64(int64)")]
    pub fn r#move(x: i64) -> i64 {
        x - 1
    }
}

#[test]
fn python_names_that_are_rust_keywords_compile() {
    use keyword_names::*;
    assert_eq!(r#loop(5), 10);
    assert_eq!(r#match(1.5), 3.0);
    assert_eq!(r#type(5), 11);
    assert_eq!(r#move(5), 4);
    assert_eq!(<r#loop>::NATIVE_NAME, "loop");
    assert_eq!(<r#loop>::NAME, "loop");
    assert_eq!(<r#match>::C_DECL, "double match(double x);");
    assert_eq!(<r#move>::NATIVE_NAME, "move");
    let registered: Vec<&str> = cfunc::registry()
        .into_iter()
        .map(|info| info.native_name())
        .collect();
    assert!(registered.contains(&"loop") && registered.contains(&"type"));
}

// What only the caller can vouch for makes a cfunc `unsafe`: a ctypes
// function (its types are the module's word), a record that holds a
// pointer, and a cfunc that calls either; the rest stays safe.
mod trusting_cfuncs {
    cfunc::python!(
        r#"
import ctypes
from numba import cfunc, types

libc = ctypes.CDLL('libc.so.6')
labs = libc.labs
labs.argtypes = [ctypes.c_long]
labs.restype = ctypes.c_long

buf = types.Record.make_c_struct([
    ('data', types.CPointer(types.float64)),
    ('n', types.intp),
])

@cfunc("int64(int64)")
def magnitude(x):
    return labs(x)

@cfunc("int64(int64)")
def twice_magnitude(x):
    return 2 * magnitude(x)

@cfunc("float64(buf)")
def first(b):
    return b.data[0]

@cfunc("int64(int64)")
def plain(x):
    return x + 1
"#
    );

    #[derive(Clone, Copy, cfunc::Record)]
    #[repr(C)]
    pub struct Samples {
        pub data: *mut f64,
        pub len: usize,
    }

    /// # Safety
    /// `samples.data` points to `samples.len` doubles.
    #[cfunc::cfunc("float64(Samples)")]
    pub unsafe fn last(samples: Samples) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { *samples.data.add(samples.len - 1) }
    }
}

#[test]
fn cfuncs_that_trust_their_caller_are_unsafe_and_still_work() {
    use trusting_cfuncs::*;
    assert_eq!(plain(1), 2);
    // SAFETY: `labs` is declared with its C prototype.
    assert_eq!(unsafe { magnitude(-3) }, 3);
    // SAFETY: as above.
    assert_eq!(unsafe { twice_magnitude(-3) }, 6);
    let mut values = [2.5, 4.0];
    let record = buf {
        data: values.as_mut_ptr(),
        n: 2,
    };
    // SAFETY: `record.data` points to two doubles.
    assert_eq!(unsafe { first(record) }, 2.5);
    let samples = Samples {
        data: values.as_mut_ptr(),
        len: 2,
    };
    // SAFETY: as above.
    assert_eq!(unsafe { last(samples) }, 4.0);
    let _: extern "C" fn(i64) -> i64 = <plain>::fn_ptr();
    let _: unsafe extern "C" fn(i64) -> i64 = <twice_magnitude>::fn_ptr();
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
    // SAFETY: `values` holds 4 integers.
    assert_eq!(unsafe { total(values.as_mut_ptr(), 4) }, 10);
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

mod with_constants {
    // `from scipy.constants import c` is a module cfunc does not load: its
    // value comes with the block, as `cfunc build --const` gives it.
    cfunc::python!(
        r#"
from numba import cfunc
from scipy.constants import c
import astropy.units as u

@cfunc("float64(float64)")
def light_travel(seconds):
    return seconds * c / u.au
"#,
        const scipy.constants.c = 299792458.0,
        const astropy.units.au = 149597870700,
    );
}

#[test]
fn constants_given_with_the_block_are_compile_time_values() {
    let travel = with_constants::light_travel(499.004_783_836_156_4);
    assert!((travel - 1.0).abs() < 1e-12, "{travel}");
}

mod unicode_names {
    cfunc::python!(
        r#"
from numba import cfunc

@cfunc("float64(float64)")
def café(x):
    return x + 1.0
"#
    );
}

#[test]
fn a_python_name_outside_ascii_exports_an_ascii_symbol() {
    let entry = cfunc::registry()
        .into_iter()
        .find(|entry| entry.name() == "café")
        .expect("the cfunc is registered");
    assert_eq!(entry.native_name(), "caf_u00e9");
    assert_eq!(unicode_names::café(1.5), 2.5);
}
