#[derive(Clone, cfunc::Record)]
#[repr(C)]
struct NotCopy {
    x: f64,
}

fn main() {}
