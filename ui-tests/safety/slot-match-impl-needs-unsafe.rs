// The slot check is trusted to mean "same C ABI", so a type cannot claim a
// slot with a safe impl.
struct Meters(f32);

impl cfunc::__private::Matches<cfunc::__private::slot::float64> for Meters {}

fn main() {}
