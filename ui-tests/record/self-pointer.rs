#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
struct Node {
    value: i32,
    next: *mut Node,
}

fn main() {}
