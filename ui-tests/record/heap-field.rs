#[derive(Clone, cfunc::Record)]
#[repr(C)]
struct Named {
    id: u32,
    name: String,
    tags: Vec<u8>,
}

fn main() {}
