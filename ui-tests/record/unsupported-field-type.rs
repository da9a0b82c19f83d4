#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
struct Timed {
    id: u32,
    elapsed: std::time::Duration,
}

fn main() {}
