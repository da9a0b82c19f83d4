// `CArg for *mut T` trusts `CArgPointee::pointer_matches`, so only the crate
// may implement `CArgPointee`: a user impl that accepts any slot would let
// `call_typed::<(*mut Evil,), *mut Evil>` through for `float64(float64)`,
// passing a pointer where C reads a double.
use cfunc::CArgPointee;
use cfunc::sig::Type;

struct Evil;

impl CArgPointee for Evil {
    fn pointer_matches(_slot: &Type) -> bool {
        true
    }
    fn describe_pointer() -> String {
        "float64".to_owned()
    }
}

fn main() {}
