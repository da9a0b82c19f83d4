//! The cfunc of `examples/sqlite_functions` as a scalar SQL function in a
//! real SQLite database: results, NULLs, errors, user data, an on-disk file,
//! and agreement with the same function registered through rusqlite.

#[path = "../examples/sqlite_functions/mod.rs"]
mod sqlite_functions;

use rusqlite::Connection;
use sqlite_functions::{
    ArgumentError, EARTH_KM, EARTH_MI, NULL_EVERY, RegisterError, Sphere, SqlArg, create_trips,
    great_circle_sql, haversine, register_great_circle, register_great_circle_closure, trip,
};

fn database() -> Connection {
    let db = Connection::open_in_memory().unwrap();
    register_great_circle(&db, "distance_km", EARTH_KM).unwrap();
    register_great_circle(&db, "distance_mi", EARTH_MI).unwrap();
    register_great_circle_closure(&db, "distance_km_closure", EARTH_KM).unwrap();
    db
}

fn distance(db: &Connection, sql: &str) -> rusqlite::Result<Option<f64>> {
    db.query_row(sql, [], |row| row.get(0))
}

#[test]
fn returns_the_haversine_distance() {
    let db = database();
    // Paris to New York, in degrees.
    let paris_new_york = [48.8566, 2.3522, 40.7128, -74.0060];
    let km = distance(
        &db,
        "SELECT distance_km(48.8566, 2.3522, 40.7128, -74.0060)",
    )
    .unwrap();
    assert_eq!(km, Some(haversine(EARTH_KM.radius, paris_new_york)));
    // About 5837 km, whatever the exact radius.
    assert!((km.unwrap() - 5837.0).abs() < 5.0, "{km:?}");
    // Integers are numbers too; a quarter of the equator.
    let quarter = distance(&db, "SELECT distance_km(0, 0, 0, 90)")
        .unwrap()
        .unwrap();
    assert!((quarter - EARTH_KM.radius * std::f64::consts::FRAC_PI_2).abs() < 1e-9);
}

#[test]
fn the_user_data_picks_the_unit() {
    let db = database();
    let sql = |name: &str| format!("SELECT {name}(10.0, 20.0, -30.0, 140.0)");
    let km = distance(&db, &sql("distance_km")).unwrap().unwrap();
    let miles = distance(&db, &sql("distance_mi")).unwrap().unwrap();
    assert!((km / miles - EARTH_KM.radius / EARTH_MI.radius).abs() < 1e-12);
}

#[test]
fn a_null_argument_gives_null() {
    let db = database();
    for position in 0..4 {
        let mut args = ["1.0"; 4];
        args[position] = "NULL";
        let sql = format!("SELECT distance_km({})", args.join(", "));
        assert_eq!(distance(&db, &sql).unwrap(), None, "{sql}");
    }
}

#[test]
fn bad_arguments_are_sql_errors_with_the_message() {
    let db = database();
    for (sql, message) in [
        (
            "SELECT distance_km(95, 0, 0, 0)",
            "argument 1: expected a latitude in [-90, 90], found 95",
        ),
        (
            "SELECT distance_km(0, 0, 0, -180.5)",
            "argument 4: expected a longitude in [-180, 180], found -180.5",
        ),
        (
            "SELECT distance_km(0, 'east', 0, 0)",
            "argument 2: expected a number, found text",
        ),
        (
            "SELECT distance_km(0, 0, x'00ff', 0)",
            "argument 3: expected a number, found a blob",
        ),
    ] {
        let error = distance(&db, sql).expect_err(sql);
        assert_eq!(error.to_string(), message, "{sql}");
        let closure_sql = sql.replace("distance_km", "distance_km_closure");
        let closure_error = distance(&db, &closure_sql).expect_err(sql);
        assert_eq!(closure_error.to_string(), message, "{closure_sql}");
    }
    // SQLite itself checks the number of arguments it was registered with.
    let error = distance(&db, "SELECT distance_km(1, 2, 3)").unwrap_err();
    assert!(
        error.to_string().contains("wrong number of arguments"),
        "{error}"
    );
    // The connection still works after errors.
    assert!(
        distance(&db, "SELECT distance_km(1, 2, 3, 4)")
            .unwrap()
            .is_some()
    );
}

#[test]
fn the_sql_semantics_stop_at_the_first_bad_or_null_argument() {
    let args = [
        SqlArg::Number(100.0),
        SqlArg::Null,
        SqlArg::Text,
        SqlArg::Blob,
    ];
    assert_eq!(
        great_circle_sql(&EARTH_KM, args),
        Err(ArgumentError::Latitude {
            position: 1,
            value: 100.0
        })
    );
    let args = [
        SqlArg::Number(1.0),
        SqlArg::Null,
        SqlArg::Text,
        SqlArg::Blob,
    ];
    assert_eq!(great_circle_sql(&EARTH_KM, args), Ok(None));
    let nan = [
        SqlArg::Number(f64::NAN),
        SqlArg::Number(0.0),
        SqlArg::Number(0.0),
        SqlArg::Number(0.0),
    ];
    assert!(matches!(
        great_circle_sql(&EARTH_KM, nan),
        Err(ArgumentError::Latitude { position: 1, .. })
    ));
}

#[test]
fn registration_errors_are_reported_and_free_the_user_data() {
    let db = Connection::open_in_memory().unwrap();
    let error = register_great_circle(&db, "bad\0name", EARTH_KM).unwrap_err();
    assert!(matches!(error, RegisterError::Name(_)), "{error}");
    // SQLite refuses names longer than 255 bytes, and then calls the
    // destructor itself, so the boxed `Sphere` is freed once.
    let long_name = "f".repeat(300);
    let error = register_great_circle(&db, &long_name, Sphere { radius: 1.0 }).unwrap_err();
    assert!(
        matches!(
            error,
            RegisterError::Sqlite {
                code: rusqlite::ffi::SQLITE_MISUSE,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn queries_over_a_database_file_agree_with_rust_and_with_rusqlite() {
    const ROWS: u64 = 100_000;
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cfunc_sqlite_test.db");
    let _ = std::fs::remove_file(&path);
    {
        let mut db = Connection::open(&path).unwrap();
        create_trips(&mut db, ROWS).unwrap();
    }
    // A fresh connection to the file: the rows come from disk.
    let db = Connection::open(&path).unwrap();
    register_great_circle(&db, "distance_km", EARTH_KM).unwrap();
    register_great_circle_closure(&db, "distance_km_closure", EARTH_KM).unwrap();

    let (count, nulls, sum): (i64, i64, f64) = db
        .query_row(
            "SELECT count(d), sum(d IS NULL), sum(d) FROM \
             (SELECT distance_km(lat1, lon1, lat2, lon2) AS d FROM trips)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    let expected_nulls = ROWS.div_ceil(NULL_EVERY);
    assert_eq!(nulls as u64, expected_nulls);
    assert_eq!(count as u64, ROWS - expected_nulls);
    let expected_sum: f64 = (0..ROWS)
        .filter(|id| id % NULL_EVERY != 0)
        .map(|id| haversine(EARTH_KM.radius, trip(id)))
        .sum();
    // SQLite's `sum` compensates its rounding errors; Rust's does not.
    assert!(
        (sum - expected_sum).abs() <= 1e-9 * expected_sum,
        "{sum} vs {expected_sum}"
    );

    let closure_sum: f64 = db
        .query_row(
            "SELECT sum(distance_km_closure(lat1, lon1, lat2, lon2)) FROM trips",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(sum.to_bits(), closure_sum.to_bits());

    // Row by row, for a sample.
    let mut statement = db
        .prepare("SELECT id, distance_km(lat1, lon1, lat2, lon2) FROM trips WHERE id % 9973 = 0")
        .unwrap();
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, u64>(0)?, row.get::<_, Option<f64>>(1)?))
        })
        .unwrap();
    let mut seen = 0;
    for row in rows {
        let (id, km) = row.unwrap();
        let expected = (id % NULL_EVERY != 0).then(|| haversine(EARTH_KM.radius, trip(id)));
        assert_eq!(km, expected, "trip {id}");
        seen += 1;
    }
    assert_eq!(seen, ROWS.div_ceil(9973));
}
