use cfunc::cfunc;

#[cfunc("float64(float64, intc)", cache = true, bogus = 1)]
fn f(x: f32, n: u64) -> i64 {
    let _ = (x, n);
    0
}

fn main() {}
