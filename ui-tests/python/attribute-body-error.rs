use cfunc::cfunc;

#[cfunc("float64(float64)")]
fn integrand(t: _) -> _ {
    cfunc::python! { return np.exp(-t) / undefined_name }
}

fn main() {}
