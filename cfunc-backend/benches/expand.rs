//! Expansion cost of `#[cfunc]` and `python!`: the time the macros
//! themselves take per function (parsing, checking or typing, generating
//! and pretty-printing `inspect()`), measured on `proc_macro2` tokens
//! without a compiler around it.
//!
//! `cargo bench -p cfunc-backend --bench expand`

use criterion::{Criterion, criterion_group, criterion_main};
use quote::quote;
use std::hint::black_box;

fn expansion(c: &mut Criterion) {
    let mut group = c.benchmark_group("expand_cfunc");
    group.bench_function("add: float64(float64, float64)", |b| {
        b.iter(|| {
            cfunc_backend::expand_cfunc(
                black_box(quote!("float64(float64, float64)")),
                black_box(quote!(
                    pub fn add(x: f64, y: f64) -> f64 {
                        x + y
                    }
                )),
            )
        })
    });
    group.bench_function("my_callback: placeholders and a loop body", |b| {
        b.iter(|| {
            cfunc_backend::expand_cfunc(
                black_box(quote!(
                    "void(CPointer(float64), CPointer(float64), intc, intc)"
                )),
                black_box(quote! {
                    fn my_callback(in_: _, out: _, m: _, n: _) {
                        let len = usize::try_from(m * n).unwrap_or(0);
                        for k in 0..len {
                            unsafe { *out.add(k) = 2.0 * *in_.add(k) };
                        }
                    }
                }),
            )
        })
    });
    group.bench_function("python!: the seeds' my_callback block", |b| {
        b.iter(|| {
            cfunc_backend::expand_python(black_box(quote!(
                r#"
from numba import cfunc, types, carray

c_sig = types.void(types.CPointer(types.double),
                   types.CPointer(types.double),
                   types.intc, types.intc)

@cfunc(c_sig)
def my_callback(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]
"#
            )))
        })
    });
    group.finish();
}

criterion_group!(benches, expansion);
criterion_main!(benches);
