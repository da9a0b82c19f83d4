//! Expansion cost of `#[cfunc]`: the time the macro itself takes per
//! function (parsing, checking, generating and pretty-printing `inspect()`),
//! measured on `proc_macro2` tokens without a compiler around it.
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
    group.finish();
}

criterion_group!(benches, expansion);
criterion_main!(benches);
