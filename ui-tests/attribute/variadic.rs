use cfunc::cfunc;

#[cfunc("intc(intc)")]
unsafe extern "C" fn log_all(count: std::ffi::c_int, _: ...) -> std::ffi::c_int {
    count
}

fn main() {}
