#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
struct Point(f64, f64);

fn main() {}
