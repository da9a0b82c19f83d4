#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
enum Color {
    Red,
    Green,
}

fn main() {}
