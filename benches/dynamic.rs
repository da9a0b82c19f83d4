//! Cost of a call, side by side in one run: a direct `extern "C"` call, a
//! call through the typed function pointer, raw libffi `Cif::call`,
//! `DynFn::call` with `Value`s, `DynFn::call_typed` and `TypedFn::call`;
//! and a C function (libc's `qsort`) calling a cfunc comparator against a
//! `DynCallback` comparator. Prints the table of medians and ratios after
//! criterion's own report.
//!
//! `cargo bench --bench dynamic`

use cfunc::{DynCallback, Library, TypedFn, Value, cfunc};
use criterion::{Criterion, criterion_group};
use libffi::middle::{Cif, CodePtr, Type, arg};
use std::ffi::{c_int, c_void};
use std::hint::black_box;

#[cfunc("float64(float64, float64)")]
fn bench_add(x: f64, y: f64) -> f64 {
    x + y
}

/// The same function without the panic guard: the floor.
extern "C" fn plain_add(x: f64, y: f64) -> f64 {
    x + y
}

#[cfunc("intc(voidptr, voidptr)")]
fn compare_f64(a: *mut c_void, b: *mut c_void) -> c_int {
    // SAFETY: qsort passes pointers to two doubles of the array.
    let (a, b) = unsafe { (*a.cast::<f64>(), *b.cast::<f64>()) };
    a.total_cmp(&b) as c_int
}

const CALLS: &str = "call float64(float64, float64)";
const QSORT: &str = "qsort 1000 doubles";

fn calls(c: &mut Criterion) {
    let mut group = c.benchmark_group(CALLS);
    group.bench_function("direct extern C (no guard)", |b| {
        b.iter(|| plain_add(black_box(4.0), black_box(5.0)))
    });
    group.bench_function("direct cfunc", |b| {
        b.iter(|| bench_add(black_box(4.0), black_box(5.0)))
    });
    let pointer = black_box(bench_add::fn_ptr());
    group.bench_function("typed fn pointer", |b| {
        b.iter(|| black_box(pointer)(black_box(4.0), black_box(5.0)))
    });
    let cif = Cif::new(vec![Type::f64(), Type::f64()], Type::f64());
    let code = CodePtr::from_ptr(bench_add::address() as *const c_void);
    group.bench_function("raw libffi Cif::call", |b| {
        b.iter(|| {
            let (x, y) = (black_box(4.0f64), black_box(5.0f64));
            // SAFETY: the cif describes `bench_add`.
            unsafe { cif.call::<f64>(code, &[arg(&x), arg(&y)]) }
        })
    });
    let dynamic = bench_add::ctypes();
    group.bench_function("DynFn::call (Values)", |b| {
        b.iter(|| {
            // SAFETY: `bench_add` takes two doubles.
            unsafe { dynamic.call(&[black_box(4.0).into(), black_box(5.0).into()]) }.unwrap()
        })
    });
    group.bench_function("DynFn::call_typed", |b| {
        b.iter(|| {
            // SAFETY: as above.
            unsafe { dynamic.call_typed::<(f64, f64), f64>((black_box(4.0), black_box(5.0))) }
                .unwrap()
        })
    });
    let typed: TypedFn<(f64, f64), f64> = dynamic.typed().unwrap();
    group.bench_function("TypedFn::call", |b| {
        // SAFETY: as above.
        b.iter(|| unsafe { typed.call((black_box(4.0), black_box(5.0))) })
    });
    group.finish();
}

fn callbacks(c: &mut Criterion) {
    let libc = Library::this_process();
    // SAFETY: qsort's prototype.
    let qsort: TypedFn<(*mut c_void, usize, usize, *mut c_void), ()> =
        unsafe { libc.get("qsort", "void(voidptr, uintp, uintp, voidptr)") }
            .unwrap()
            .typed()
            .unwrap();
    let data: Vec<f64> = (0..1000).map(|k| f64::from((k * 7919) % 1009)).collect();
    let value_callback = DynCallback::new("intc(voidptr, voidptr)", |args| {
        let (a, b) = (args[0].as_pointer().unwrap(), args[1].as_pointer().unwrap());
        // SAFETY: qsort passes pointers to two doubles of the array.
        let (a, b) = unsafe { (*a.cast::<f64>(), *b.cast::<f64>()) };
        Value::I32(a.total_cmp(&b) as i32)
    })
    .unwrap();
    let typed_callback = DynCallback::typed(
        "intc(voidptr, voidptr)",
        |(a, b): (*mut c_void, *mut c_void)| {
            // SAFETY: as above.
            let (a, b) = unsafe { (*a.cast::<f64>(), *b.cast::<f64>()) };
            a.total_cmp(&b) as i32
        },
    )
    .unwrap();
    let mut group = c.benchmark_group(QSORT);
    let comparators = [
        ("cfunc comparator", compare_f64::address()),
        ("DynCallback (typed)", typed_callback.address()),
        ("DynCallback (Values)", value_callback.address()),
    ];
    for (name, comparator) in comparators {
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || data.clone(),
                |values| {
                    // SAFETY: the comparator compares doubles; `values` is live.
                    unsafe {
                        qsort.call((
                            values.as_mut_ptr().cast(),
                            values.len(),
                            size_of::<f64>(),
                            comparator as *mut c_void,
                        ))
                    }
                },
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, calls, callbacks);

/// The median criterion measured for `group/name` in this run, in ns.
fn median_ns(group: &str, name: &str) -> Option<f64> {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
    let clean = |text: &str| text.replace(['/', ':', '?', '"', '<', '>', '|', '*', '\\'], "_");
    let path = std::path::Path::new(&target)
        .join("criterion")
        .join(clean(group))
        .join(clean(name))
        .join("new/estimates.json");
    let json = std::fs::read_to_string(path).ok()?;
    let median = &json[json.find("\"median\"")?..];
    let estimate = &median[median.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = estimate.find([',', '}'])?;
    estimate[..end].trim().parse().ok()
}

fn print_table(group: &str, baseline: &str, names: &[&str]) {
    let Some(base) = median_ns(group, baseline) else {
        return;
    };
    println!("\n| {group} | median (ns) | ratio to {baseline} |");
    println!("|---|---|---|");
    for name in names {
        if let Some(ns) = median_ns(group, name) {
            println!("| {name} | {ns:.1} | {:.2} |", ns / base);
        }
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if std::env::args().any(|arg| arg == "--bench") {
        print_table(
            CALLS,
            "raw libffi Cif::call",
            &[
                "direct extern C (no guard)",
                "direct cfunc",
                "typed fn pointer",
                "raw libffi Cif::call",
                "DynFn::call (Values)",
                "DynFn::call_typed",
                "TypedFn::call",
            ],
        );
        print_table(
            QSORT,
            "cfunc comparator",
            &[
                "cfunc comparator",
                "DynCallback (typed)",
                "DynCallback (Values)",
            ],
        );
    }
}
