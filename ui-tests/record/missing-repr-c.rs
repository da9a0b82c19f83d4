#[derive(Clone, Copy, cfunc::Record)]
struct MyStruct {
    i1: i32,
    f2: f32,
}

fn main() {}
