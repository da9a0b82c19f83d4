use cfunc::cfunc;

#[allow(non_camel_case_types)]
#[derive(Clone, cfunc::Record)]
#[repr(C)]
struct named_point {
    name: String,
    x: f64,
}

#[cfunc("float64(named_point)")]
fn x_of(p: named_point) -> f64 {
    p.x
}

fn main() {}
