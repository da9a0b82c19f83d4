use cfunc::cfunc;

#[cfunc("void(CPointer(float64), voidptr)")]
fn fill(out: *mut f32, data: *mut u8) {
    let _ = (out, data);
}

fn main() {}
