use cfunc::cfunc;

#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy)]
struct my_struct {
    i1: i32,
}

#[cfunc("float64(CPointer(my_struct), uintp)")]
fn foo(ptr: _, n: _) -> f64 {
    let _ = (ptr, n);
    0.0
}

fn main() {}
