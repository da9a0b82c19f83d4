//! Ratios of the seed's doubling kernel through views to the same kernel
//! as a bounds-checked slice loop, from one run: the four kernels run
//! interleaved (so clock and cache drift hit them alike), many times, and
//! the table gives each one's median time and its ratio to the slice loop
//! of the same order.
//!
//! `cargo bench --bench carray_ratios`

mod carray_kernels;

use carray_kernels::{Kernel, SIZES, buffers, kernels};
use std::ffi::c_int;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How many timed calls of each kernel per size: enough for a stable
/// median, few enough that the large size stays within seconds.
fn repetitions(m: usize) -> usize {
    if m > 1000 { 25 } else { 301 }
}

fn time_once(kernel: Kernel, input: &mut [f64], output: &mut [f64], side: c_int) -> Duration {
    assert!(input.len() >= (side * side) as usize && output.len() >= input.len());
    let start = Instant::now();
    // SAFETY: both buffers hold `side * side` doubles, checked above.
    unsafe {
        kernel(
            black_box(input.as_mut_ptr()),
            black_box(output.as_mut_ptr()),
            black_box(side),
            black_box(side),
        );
    }
    let elapsed = start.elapsed();
    black_box(&output);
    elapsed
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not and
    // only needs this to build and finish, so it runs one repetition.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    println!("| matrix | kernel | median | ratio to the slice loop |");
    println!("|---|---|---|---|");
    for m in SIZES {
        let (mut input, mut output) = buffers(m);
        let side = c_int::try_from(m).expect("bench sizes fit in a C int");
        let kernels = kernels();
        let reps = if quick { 1 } else { repetitions(m) };
        let mut samples = vec![Vec::with_capacity(reps); kernels.len()];
        // One untimed round warms caches, page tables and the CPU clock.
        for &(_, kernel) in &kernels {
            time_once(kernel, &mut input, &mut output, side);
        }
        for _ in 0..reps {
            for (slot, &(_, kernel)) in samples.iter_mut().zip(&kernels) {
                slot.push(time_once(kernel, &mut input, &mut output, side));
            }
        }
        let medians: Vec<Duration> = samples.into_iter().map(median).collect();
        for (position, ((name, _), time)) in kernels.iter().zip(&medians).enumerate() {
            // Kernels come in pairs: the slice loop, then its view version.
            let baseline = medians[position - position % 2];
            let ratio = time.as_secs_f64() / baseline.as_secs_f64();
            println!("| {m}x{m} | {name} | {time:.2?} | {ratio:.3} |");
        }
    }
}
