// `FieldType for *mut T` trusts `FieldPointee::pointer_descriptor`, so only the
// crate may implement `FieldPointee`: a user impl describing `*mut Evil` as
// `int8` would make a record view accept a 1-byte field and read 8 bytes.
use cfunc::{sig::Type, types::{FieldPointee, RecordLayout}};

struct Evil;

impl FieldPointee for Evil {
    fn pointer_descriptor() -> Type<RecordLayout> {
        Type::int8()
    }
}

fn main() {}
