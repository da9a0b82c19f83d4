use cfunc::cfunc;

struct Integrator;

impl Integrator {
    #[cfunc("float64(float64)")]
    fn eval(&self, x: f64) -> f64 {
        x
    }
}

fn main() {}
