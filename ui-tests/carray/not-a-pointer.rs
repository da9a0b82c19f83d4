// `carray` takes the raw pointer to the first element, not a slice.
use cfunc::carray;

fn main() {
    let data = vec![1.0_f64; 4];
    // SAFETY: never run; this case must not compile.
    let view = unsafe { carray(&data[..], 4) };
    let _ = view;
}
