//! The seed's 2-d doubling kernel on 1000 x 1000 and 4000 x 4000 doubles:
//! bounds-checked slice loops against `carray`/`farray` views, each a
//! `#[cfunc]` called through its C function pointer, side by side in one
//! criterion run. `cargo bench --bench carray_ratios` prints the ratios.
//!
//! `cargo bench --bench carray`

mod carray_kernels;

use carray_kernels::{SIZES, buffers, kernels};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use std::ffi::c_int;
use std::hint::black_box;
use std::time::Duration;

fn doubling(c: &mut Criterion) {
    for m in SIZES {
        let mut group = c.benchmark_group(format!("double_{m}x{m}"));
        group.throughput(Throughput::Bytes((2 * m * m * size_of::<f64>()) as u64));
        if m > 1000 {
            // Tens of milliseconds per call: flat sampling keeps the run
            // short.
            group.sampling_mode(SamplingMode::Flat).sample_size(20);
        }
        group.measurement_time(Duration::from_secs(4));
        let (mut input, mut output) = buffers(m);
        let side = c_int::try_from(m).expect("bench sizes fit in a C int");
        for (name, kernel) in kernels() {
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                // SAFETY: both buffers hold `side * side` doubles.
                b.iter(|| unsafe {
                    kernel(
                        black_box(input.as_mut_ptr()),
                        black_box(output.as_mut_ptr()),
                        black_box(side),
                        black_box(side),
                    );
                });
            });
        }
        black_box(&output);
        group.finish();
    }
}

criterion_group!(benches, doubling);
criterion_main!(benches);
