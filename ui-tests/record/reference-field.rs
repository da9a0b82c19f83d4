#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
struct Borrowing {
    len: usize,
    data: &'static [f64; 4],
}

fn main() {}
