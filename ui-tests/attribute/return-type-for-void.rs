use cfunc::cfunc;

#[cfunc("void(intc)")]
fn notify(code: std::ffi::c_int) -> i32 {
    code
}

fn main() {}
