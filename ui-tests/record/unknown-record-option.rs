#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
#[record(rename = "point_t")]
struct Point {
    x: f64,
}

fn main() {}
