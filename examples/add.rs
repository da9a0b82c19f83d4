//! The seed's first example: `add`, called directly, through its typed
//! pointer and through its address, with its C declaration.
//!
//! Run with `cargo run --example add`.

use cfunc::cfunc;

#[cfunc("float64(float64, float64)")]
pub fn add(x: f64, y: f64) -> f64 {
    x + y
}

fn main() {
    println!("signature:   {}", add::SIGNATURE);
    println!("C decl:      {}", add::C_DECL);
    println!("native name: {}", add::NATIVE_NAME);
    println!("address:     {:#x}", add::address());

    println!("direct call:        add(4.0, 5.0) = {}", add(4.0, 5.0));

    let typed = add::fn_ptr();
    println!("typed pointer call: {}", typed(4.0, 5.0));

    // What a C library does with the address it was given.
    // SAFETY: the address is that of `add`, an `extern "C" fn(f64, f64) -> f64`.
    let from_address =
        unsafe { std::mem::transmute::<usize, extern "C" fn(f64, f64) -> f64>(add::address()) };
    println!("call by address:    {}", from_address(4.0, 5.0));
}
