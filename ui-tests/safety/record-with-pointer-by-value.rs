// A record passed by value that holds a pointer: safe Rust could put any
// address in it, so the cfunc must be `unsafe fn`.
use cfunc::{Record, cfunc};

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Buffer {
    data: *mut f64,
    len: usize,
}

#[cfunc("float64(Buffer)")]
fn first(buffer: Buffer) -> f64 {
    // SAFETY: (what the caller cannot be asked to promise of a safe fn)
    unsafe { *buffer.data }
}

fn main() {}
