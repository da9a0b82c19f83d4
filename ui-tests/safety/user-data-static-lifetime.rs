// User data is borrowed for the call only; `&'static` would let the body
// keep it after C frees it.
use cfunc::cfunc;
use std::sync::Mutex;

static KEPT: Mutex<Option<&'static f64>> = Mutex::new(None);

#[cfunc("float64(float64, voidptr)")]
fn keep(x: f64, data: &'static f64) -> f64 {
    *KEPT.lock().unwrap() = Some(data);
    x
}

#[cfunc("float64(float64, voidptr)")]
fn keep_optional(x: f64, data: Option<&'static mut f64>) -> f64 {
    let _ = data;
    x
}

fn main() {}
