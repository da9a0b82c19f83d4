// Buffers lend `&[T]`/`&mut [T]` to C as arrays of `T::SCALAR` and read
// owned buffers back as `T`s, so only the crate may implement `BufferScalar`:
// a user impl calling `&'static str` a `float64` would let C write doubles
// over references.
use cfunc::BufferScalar;
use cfunc::sig::Scalar;

#[derive(Clone, Copy)]
struct Text(&'static str);

impl BufferScalar for Text {
    const SCALAR: Scalar = Scalar::Float64;
}

fn main() {}
