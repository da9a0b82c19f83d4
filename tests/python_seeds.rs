//! Every Python block of the seed documents (Numba's `@cfunc` docs and its
//! C-callback proposal) that defines a cfunc, compiled verbatim by
//! `cfunc::python!`, gives the seeds' results.

mod support;

use cfunc::Value;

mod add_block {
    cfunc::python!(
        r#"
from numba import cfunc

@cfunc("float64(float64, float64)")
def add(x, y):
    return x + y
print(add.ctypes(4.0, 5.0))  # prints "9.0"
"#
    );
}

#[test]
fn add_ctypes_gives_nine() {
    let result = unsafe { add_block::add::ctypes().call(&[4.0.into(), 5.0.into()]) }.unwrap();
    assert_eq!(result, Value::F64(9.0));
    assert_eq!(add_block::add(4.0, 5.0), 9.0);
}

mod integrand_block {
    // The seed's IPython session, prompts included.
    cfunc::python!(
        r#"
>>> import numpy as np
>>> from numba import cfunc
>>> def integrand(t):
        return np.exp(-t) / t**2
   ...:
>>> nb_integrand = cfunc("float64(float64)")(integrand)
"#
    );
}

#[test]
fn integrand_matches_exp_minus_t_over_t_squared() {
    for t in [1.0f64, 1.5, 2.0, 10.0, 123.25] {
        let expected = (-t).exp() / (t * t);
        assert_eq!(integrand_block::nb_integrand(t), expected, "t = {t}");
    }
    assert_eq!(integrand_block::nb_integrand::SIGNATURE, "float64(float64)");
}

mod callback_block {
    cfunc::python!(
        r#"
from numba import cfunc, types, carray

c_sig = types.void(types.CPointer(types.double),
                   types.CPointer(types.double),
                   types.intc, types.intc)

@cfunc(c_sig)
def my_callback(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]
"#
    );
}

#[test]
fn my_callback_doubles_an_m_by_n_array() {
    let (m, n) = (3, 4);
    let mut input: Vec<f64> = (0..m * n).map(|k| f64::from(k) * 0.5 - 1.0).collect();
    let mut output = vec![0.0; input.len()];
    // Called through its C address, as a C library would.
    let function: extern "C" fn(*mut f64, *mut f64, i32, i32) =
        unsafe { std::mem::transmute(callback_block::my_callback::address()) };
    function(input.as_mut_ptr(), output.as_mut_ptr(), m, n);
    let expected: Vec<f64> = input.iter().map(|x| 2.0 * x).collect();
    assert_eq!(output, expected);
}

mod nbep_blocks {
    cfunc::python!(
        r#"
from numba import cfunc
from numba.types import float64

# A callback with the C signature `double(double)`

@cfunc(float64(float64), nopython=True)
def integrand(x):
    return 1 / x
"#
    );

    cfunc::python!(
        r#"
from numba import cfunc, carray
from numba.types import float64, CPointer, void, intp

# A callback with the C signature `void(double *, double *, size_t)`

@cfunc(void(CPointer(float64), CPointer(float64), intp))
def invert(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, (n,))
    out = carray(out_ptr, (n,))
    for i in range(n):
        out[i] = 1 / in_[i]
"#
    );
}

#[test]
fn nbep_integrand_and_invert() {
    assert_eq!(nbep_blocks::integrand(4.0), 0.25);
    let mut input = vec![1.0, 2.0, 4.0, -0.5];
    let mut output = vec![0.0; 4];
    // SAFETY: both buffers hold 4 doubles.
    unsafe { nbep_blocks::invert(input.as_mut_ptr(), output.as_mut_ptr(), 4) };
    assert_eq!(output, [1.0, 0.5, 0.25, -2.0]);
}

mod cffi_block {
    // The import block and the cffi block of the seed, one after the other.
    cfunc::python!(
        r#"
from numba import cffi_support
nbtype = cffi_support.map_type(cffi_type, use_record_dtype=True)

from cffi import FFI
src = """
/* Define the C struct */
typedef struct my_struct {
   int    i1;
   float  f2;
   double d3;
   float  af4[7]; // arrays are supported
} my_struct;
/* Define a callback function */
typedef double (*my_func)(my_struct*, size_t);
"""
ffi = FFI()
ffi.cdef(src)
# Get the function signature from *my_func*
sig = cffi_support.map_type(ffi.typeof('my_func'), use_record_dtype=True)
# Make the cfunc
from numba import cfunc, carray
@cfunc(sig)
def foo(ptr, n):
   base = carray(ptr, n)  # view pointer as an array of my_struct
   tmp = 0
   for i in range(n):
      tmp += base[i].i1 * base[i].f2 / base[i].d3
      tmp += base[i].af4.sum()  # nested arrays are like normal numpy array
   return tmp
"#
    );
}

#[test]
fn foo_over_three_cffi_records_matches_the_hand_computation() {
    use cffi_block::my_struct;
    let (records, expected) = support::three_seed_records();
    let structs: Vec<my_struct> = records
        .iter()
        .map(|&(i1, f2, d3, af4)| my_struct { i1, f2, d3, af4 })
        .collect();
    let function: extern "C" fn(*mut my_struct, usize) -> f64 =
        unsafe { std::mem::transmute(cffi_block::foo::address()) };
    assert_eq!(function(structs.as_ptr().cast_mut(), 3), expected);
    assert_eq!(
        cffi_block::foo::SIGNATURE,
        "float64(CPointer(my_struct), uintp)"
    );
}
