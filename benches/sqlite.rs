//! A cfunc registered with `sqlite3_create_function_v2` against the same
//! SQL function registered through rusqlite's closure API, over 1,000,000
//! rows of an in-memory database: `SELECT sum(f(...)) FROM trips`, the two
//! queries interleaved, and the table of medians and their ratio.
//!
//! `cargo bench --bench sqlite`

#[path = "../examples/sqlite_functions/mod.rs"]
#[allow(dead_code)] // the bench uses part of the shared module
mod sqlite_functions;

use rusqlite::Connection;
use sqlite_functions::{
    EARTH_KM, create_trips, register_great_circle, register_great_circle_closure,
};
use std::time::{Duration, Instant};

/// The table's size, and how many timed rounds, for `cargo bench`.
const ROWS: u64 = 1_000_000;
const RUNS: usize = 15;

fn timed_sum(db: &Connection, sql: &str) -> (f64, Duration) {
    let start = Instant::now();
    let sum: f64 = db
        .query_row(sql, [], |row| row.get(0))
        .expect("the query runs");
    (sum, start.elapsed())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not and
    // only needs this to build and finish, so it uses a small table once.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let (rows, runs) = if quick { (1_000, 1) } else { (ROWS, RUNS) };
    let mut db = Connection::open_in_memory().expect("open an in-memory database");
    create_trips(&mut db, rows).expect("fill the table");
    register_great_circle(&db, "distance_cfunc", EARTH_KM).expect("register the cfunc");
    register_great_circle_closure(&db, "distance_closure", EARTH_KM).expect("register the closure");
    let cfunc_sql = "SELECT sum(distance_cfunc(lat1, lon1, lat2, lon2)) FROM trips";
    let closure_sql = "SELECT sum(distance_closure(lat1, lon1, lat2, lon2)) FROM trips";
    // The plain scan, to show how much of each query is SQLite itself.
    let scan_sql = "SELECT sum(lat1 + lon1 + lat2 + lon2) FROM trips";

    // One warm-up round, then the timed ones.
    let (mut cfunc_times, mut closure_times, mut scan_times) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..=runs {
        let (cfunc_sum, cfunc_time) = timed_sum(&db, cfunc_sql);
        let (closure_sum, closure_time) = timed_sum(&db, closure_sql);
        let (_, scan_time) = timed_sum(&db, scan_sql);
        assert_eq!(cfunc_sum.to_bits(), closure_sum.to_bits(), "the same sum");
        if round > 0 {
            cfunc_times.push(cfunc_time);
            closure_times.push(closure_time);
            scan_times.push(scan_time);
        }
    }
    let (cfunc, closure, scan) = (
        median(cfunc_times),
        median(closure_times),
        median(scan_times),
    );
    let ms = |time: Duration| time.as_secs_f64() * 1e3;
    println!();
    println!(
        "great-circle distance over {rows} rows, in-memory, median of {runs} interleaved runs:"
    );
    println!();
    println!("| SQL function | median (ms) | ratio to the rusqlite closure |");
    println!("|---|---|---|");
    println!(
        "| cfunc via `sqlite3_create_function_v2` | {:.1} | {:.3} |",
        ms(cfunc),
        ms(cfunc) / ms(closure)
    );
    println!(
        "| rusqlite `create_scalar_function` closure | {:.1} | 1.000 |",
        ms(closure)
    );
    println!(
        "| (no function: `sum(lat1 + lon1 + lat2 + lon2)`) | {:.1} | {:.3} |",
        ms(scan),
        ms(scan) / ms(closure)
    );
}
