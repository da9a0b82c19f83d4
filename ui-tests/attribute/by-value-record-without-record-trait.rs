use cfunc::cfunc;

#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy)]
struct point {
    x: f64,
    y: f64,
}

#[cfunc("float64(point)")]
fn norm1(p: point) -> f64 {
    p.x.abs() + p.y.abs()
}

fn main() {}
