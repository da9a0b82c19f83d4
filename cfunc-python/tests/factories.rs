//! Factories: module-level functions that make cfuncs, run at compile time
//! as Python runs them. Their results against Numba are in the
//! differential suite (`factory_*`).

mod support;

use cfunc_python::compile;
use support::{compiled, errors_by_line};

/// The block's cfuncs: name and signature.
fn cfuncs(source: &str) -> Vec<(String, String)> {
    let output = compiled(source);
    output
        .cfuncs
        .iter()
        .map(|cfunc| (cfunc.name.clone(), cfunc.signature.to_string()))
        .collect()
}

const TUTORIAL_FACTORY: &str = "\
import numpy as np
import numba
from numba import cfunc, float64, intc, CPointer
from scipy import LowLevelCallable

def jit_integrand_function(integrand_function):
    jitted_function = numba.jit(integrand_function, nopython=True)
    @cfunc(float64(intc, CPointer(float64)))
    def wrapped(n, xx):
        return jitted_function(xx[0], xx[1])
    return LowLevelCallable(wrapped.ctypes)
";

#[test]
fn each_application_of_the_tutorial_factory_is_its_own_cfunc() {
    let source = format!(
        "{TUTORIAL_FACTORY}
@jit_integrand_function
def integrand(t, a):
    return np.exp(-t / a) / t**2

@jit_integrand_function
def square(t, a):
    return t * t * a

def plain(t, a):
    return t - a

difference = jit_integrand_function(plain)
"
    );
    let output = compile(&source).unwrap_or_else(|errors| panic!("{errors:?}"));
    let names: Vec<&str> = output
        .cfuncs
        .iter()
        .map(|cfunc| cfunc.name.as_str())
        .collect();
    assert_eq!(names, ["integrand", "square", "difference"]);
    // One helper per application: each jits its own function.
    assert_eq!(output.helpers.len(), 3);
}

#[test]
fn arguments_and_closed_over_values_are_compile_time_constants() {
    let found = cfuncs(
        "from numba import cfunc, njit\n\
         def make(sig, offset, scale=2.0):\n    \
             @cfunc(sig)\n    \
             def inner(x):\n        return scale * x + offset\n    \
             return inner\n\
         f64 = make('float64(float64)', 0.5)\n\
         f32 = make('float32(float32)', 1, scale=3)\n\
         def affine(a, b):\n    \
             def inner(x):\n        return a * x + b\n    \
             return cfunc('int64(int64)')(inner)\n\
         ints = affine(3, 4)\n",
    );
    assert_eq!(
        found,
        [
            ("f64".to_owned(), "float64(float64)".to_owned()),
            ("f32".to_owned(), "float32(float32)".to_owned()),
            ("ints".to_owned(), "int64(int64)".to_owned()),
        ]
    );
}

#[test]
fn a_cfunc_inside_control_flow_of_a_factory_is_an_error_naming_it() {
    let found = errors_by_line(
        "from numba import cfunc\n\
         def make(flag):\n    \
             if flag:\n        \
                 @cfunc('float64(float64)')\n        \
                 def hidden(x):\n            return x\n        \
                 return hidden\n\
         made = make(True)\n\
         @cfunc('float64(float64)')\n\
         def other(x):\n    return x\n",
    );
    assert_eq!(
        found,
        [
            "5: the cfunc `hidden` cannot be built: it is defined inside control flow that cfunc does not run at compile time; define it at the top level"
        ]
    );
}

#[test]
fn a_closed_over_value_only_python_computes_is_an_error_on_its_use() {
    let found = errors_by_line(
        "import numpy as np\n\
         from numba import cfunc\n\
         def make(n):\n    \
             weights = np.ones(n)\n    \
             @cfunc('float64(float64)')\n    \
             def weighted(x):\n        return weights * x\n    \
             return weighted\n\
         f = make(3)\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("7: `weights` is set by code that only Python runs"),
        "{found:?}"
    );
}

#[test]
fn a_signature_computed_from_an_argument_types_each_application() {
    let found = cfuncs(
        "from numba import cfunc, types\n\
         def make(value_type):\n    \
             sig = value_type(value_type, value_type)\n    \
             @cfunc(sig)\n    \
             def add(a, b):\n        return a + b\n    \
             return add\n\
         add_f32 = make(types.float32)\n\
         add_i64 = make(types.int64)\n",
    );
    assert_eq!(
        found,
        [
            ("add_f32".to_owned(), "float32(float32, float32)".to_owned()),
            ("add_i64".to_owned(), "int64(int64, int64)".to_owned()),
        ]
    );
}
