#[derive(Clone, Copy, cfunc::Record)]
#[repr(C, packed)]
struct Packed {
    tag: u8,
    value: f64,
}

fn main() {}
