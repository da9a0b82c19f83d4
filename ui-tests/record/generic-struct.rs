#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
struct Pair<T> {
    first: T,
    second: T,
}

fn main() {}
