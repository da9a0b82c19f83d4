//! A cfunc as a scalar SQL function in a real SQLite database (SQLite's
//! own C API, `sqlite3_create_function_v2`, with user data), queried over
//! 1,000,000 rows in a database file, and timed against the same function
//! registered through rusqlite's closure API.
//!
//! Run with `cargo run --release --example sqlite [DATABASE_FILE]`
//! (default: `cfunc_sqlite_example.db` in the system's temporary directory;
//! the file is replaced).

#[path = "sqlite_functions/mod.rs"]
mod sqlite_functions;

use rusqlite::Connection;
use sqlite_functions::{
    EARTH_KM, EARTH_MI, create_trips, register_great_circle, register_great_circle_closure,
};
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const ROWS: u64 = 1_000_000;
const SUM_KM: &str = "SELECT sum(distance_km(lat1, lon1, lat2, lon2)) FROM trips";
const SUM_KM_CLOSURE: &str = "SELECT sum(distance_km_closure(lat1, lon1, lat2, lon2)) FROM trips";

/// Runs a query that returns one float and times it.
fn timed_sum(db: &Connection, sql: &str) -> rusqlite::Result<(f64, Duration)> {
    let start = Instant::now();
    let sum = db.query_row(sql, [], |row| row.get(0))?;
    Ok((sum, start.elapsed()))
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args_os().nth(1).map_or_else(
        || std::env::temp_dir().join("cfunc_sqlite_example.db"),
        PathBuf::from,
    );
    let _ = std::fs::remove_file(&path);
    let mut db = Connection::open(&path)?;
    let start = Instant::now();
    create_trips(&mut db, ROWS)?;
    println!(
        "{ROWS} trips written to {} in {:.2?}",
        path.display(),
        start.elapsed()
    );

    register_great_circle(&db, "distance_km", EARTH_KM)?;
    register_great_circle(&db, "distance_mi", EARTH_MI)?;
    register_great_circle_closure(&db, "distance_km_closure", EARTH_KM)?;

    let mut first = db.prepare(
        "SELECT id, distance_km(lat1, lon1, lat2, lon2), distance_mi(lat1, lon1, lat2, lon2) \
         FROM trips WHERE id < 3",
    )?;
    let rows = first.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Option<f64>>(1)?,
            row.get::<_, Option<f64>>(2)?,
        ))
    })?;
    for row in rows {
        let (id, km, miles) = row?;
        println!("trip {id}: {km:?} km, {miles:?} mi (trip 0 has a NULL destination)");
    }

    let (count, longest): (i64, f64) = db.query_row(
        "SELECT count(distance_km(lat1, lon1, lat2, lon2)), max(distance_km(lat1, lon1, lat2, lon2)) \
         FROM trips",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    println!("{count} trips with a destination; the longest is {longest:.1} km");

    let error = db
        .query_row("SELECT distance_km(95, 0, 0, 0)", [], |row| {
            row.get::<_, f64>(0)
        })
        .expect_err("a latitude of 95 is an error");
    println!("SELECT distance_km(95, 0, 0, 0) -> error: {error}");
    let error = db
        .query_row("SELECT distance_km('north', 0, 0, 0)", [], |row| {
            row.get::<_, f64>(0)
        })
        .expect_err("text is an error");
    println!("SELECT distance_km('north', 0, 0, 0) -> error: {error}");

    println!();
    println!("sum of distances over {ROWS} rows, median of 5, interleaved:");
    let (mut cfunc_times, mut closure_times) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let (cfunc_sum, cfunc_time) = timed_sum(&db, SUM_KM)?;
        let (closure_sum, closure_time) = timed_sum(&db, SUM_KM_CLOSURE)?;
        assert_eq!(
            cfunc_sum.to_bits(),
            closure_sum.to_bits(),
            "both compute the same sum"
        );
        cfunc_times.push(cfunc_time);
        closure_times.push(closure_time);
    }
    cfunc_times.sort_unstable();
    closure_times.sort_unstable();
    let (cfunc_time, closure_time) = (cfunc_times[2], closure_times[2]);
    println!("  cfunc through sqlite3_create_function_v2: {cfunc_time:.2?}");
    println!("  rusqlite closure:                          {closure_time:.2?}");
    println!(
        "  ratio cfunc / closure: {:.3}",
        cfunc_time.as_secs_f64() / closure_time.as_secs_f64()
    );
    Ok(())
}
