// `CType for *mut T` trusts `Pointee::pointer_matches`, so only the crate
// may implement `Pointee`: a user impl that accepts any slot would let
// `call_typed::<(*mut Evil,), *mut Evil>` through for `float64(float64)`,
// passing a pointer where C reads a double.
use cfunc::Pointee;
use cfunc::sig::Type;

struct Evil;

impl Pointee for Evil {
    fn pointer_matches(_slot: &Type) -> bool {
        true
    }
    fn describe_pointer() -> String {
        "float64".to_owned()
    }
}

fn main() {}
