use cfunc::cfunc;

#[cfunc("float64(CPointer(my_struct), uintp)")]
fn foo(ptr: _, n: _) -> f64 {
    let _ = (ptr, n);
    0.0
}

fn main() {}
