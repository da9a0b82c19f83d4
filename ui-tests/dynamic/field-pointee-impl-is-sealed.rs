// `FieldType for *mut T` trusts `Pointee::pointer_descriptor`, so only the
// crate may implement `Pointee`: a user impl describing `*mut Evil` as
// `int8` would make a record view accept a 1-byte field and read 8 bytes.
use cfunc::{sig::Type, types::{Pointee, Record}};

struct Evil;

impl Pointee for Evil {
    fn pointer_descriptor() -> Type<Record> {
        Type::int8()
    }
}

fn main() {}
