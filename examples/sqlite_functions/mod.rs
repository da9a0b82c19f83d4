//! A cfunc registered as a scalar SQL function through SQLite's C API
//! (`sqlite3_create_function_v2`), and the same function through rusqlite's
//! closure API as the baseline. Shared by `examples/sqlite.rs`,
//! `tests/sqlite.rs` and `benches/sqlite.rs`.
//!
//! `great_circle(lat1, lon1, lat2, lon2)` is the distance between two points
//! on a sphere whose radius is the function's user data (SQLite's `pApp`),
//! so one cfunc serves as `distance_km` and as `distance_mi`. As SQL
//! functions do, it returns NULL when an argument is NULL, and it reports
//! text, blobs and out-of-range coordinates through `sqlite3_result_error`.

use cfunc::cfunc;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ffi};
use std::ffi::{CStr, CString, c_int, c_void};

/// The user data of one registration: the sphere's radius, in the unit the
/// SQL function reports.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sphere {
    pub radius: f64,
}

/// The Earth's mean radius (IUGG) in kilometres and in miles.
pub(crate) const EARTH_KM: Sphere = Sphere { radius: 6371.0088 };
pub(crate) const EARTH_MI: Sphere = Sphere { radius: 3958.7613 };

/// One SQL argument, as far as the function cares.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SqlArg {
    Null,
    Number(f64),
    Text,
    Blob,
}

/// Why an SQL call of the function failed; the message is what SQL sees.
#[derive(Debug, thiserror::Error, PartialEq)]
pub(crate) enum ArgumentError {
    #[error("argument {position}: expected a number, found {found}")]
    NotANumber {
        position: usize,
        found: &'static str,
    },
    #[error("argument {position}: expected a latitude in [-90, 90], found {value}")]
    Latitude { position: usize, value: f64 },
    #[error("argument {position}: expected a longitude in [-180, 180], found {value}")]
    Longitude { position: usize, value: f64 },
}

/// Why registering a function failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RegisterError {
    #[error("function name {0:?} contains a NUL byte")]
    Name(String),
    #[error("sqlite3_create_function_v2 failed for {name}: {message} (code {code})")]
    Sqlite {
        name: String,
        code: c_int,
        message: String,
    },
}

/// The haversine distance between `(lat1, lon1)` and `(lat2, lon2)`, in
/// degrees, on a sphere of the given radius.
pub(crate) fn haversine(radius: f64, [lat1, lon1, lat2, lon2]: [f64; 4]) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let a = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    // Rounding can push `a` a hair past 1 for antipodal points.
    2.0 * radius * a.sqrt().min(1.0).asin()
}

/// The function's SQL semantics, whoever calls it: NULL in, NULL out;
/// anything but numbers, or coordinates out of range, is an error.
pub(crate) fn great_circle_sql(
    sphere: &Sphere,
    args: [SqlArg; 4],
) -> Result<Option<f64>, ArgumentError> {
    let mut degrees = [0.0; 4];
    for (index, arg) in args.into_iter().enumerate() {
        let position = index + 1;
        degrees[index] = match arg {
            SqlArg::Null => return Ok(None),
            SqlArg::Number(value) => value,
            SqlArg::Text => {
                return Err(ArgumentError::NotANumber {
                    position,
                    found: "text",
                });
            }
            SqlArg::Blob => {
                return Err(ArgumentError::NotANumber {
                    position,
                    found: "a blob",
                });
            }
        };
        let value = degrees[index];
        // `!contains` also catches NaN.
        if index % 2 == 0 && !(-90.0..=90.0).contains(&value) {
            return Err(ArgumentError::Latitude { position, value });
        }
        if index % 2 == 1 && !(-180.0..=180.0).contains(&value) {
            return Err(ArgumentError::Longitude { position, value });
        }
    }
    Ok(Some(haversine(sphere.radius, degrees)))
}

/// Reads an `sqlite3_value`.
///
/// # Safety
///
/// `value` is a protected `sqlite3_value` that SQLite passed to a function.
unsafe fn read_value(value: *mut ffi::sqlite3_value) -> SqlArg {
    // SAFETY: the caller passes a live value.
    match unsafe { ffi::sqlite3_value_type(value) } {
        ffi::SQLITE_NULL => SqlArg::Null,
        // SAFETY: as above; integers convert to doubles, as SQL does.
        ffi::SQLITE_INTEGER | ffi::SQLITE_FLOAT => {
            SqlArg::Number(unsafe { ffi::sqlite3_value_double(value) })
        }
        ffi::SQLITE_TEXT => SqlArg::Text,
        _ => SqlArg::Blob,
    }
}

/// `void great_circle(sqlite3_context *context, int argc, sqlite3_value
/// **argv)`: SQLite's `xFunc`. Registered with `nArg = 4`, so SQLite itself
/// rejects calls with another number of arguments.
///
/// `multiversion = false`: the body is scalar code around SQLite calls (its
/// one loop reads the four arguments), with nothing for wider vectors to
/// do, and measured 7-10% faster over 1,000,000 rows without the
/// host-feature copies and their run-time check.
#[cfunc("void(voidptr, intc, CPointer(voidptr))", multiversion = false)]
fn great_circle(context: _, argc: _, argv: _) {
    let context = context.cast::<ffi::sqlite3_context>();
    let count = usize::try_from(argc).unwrap_or(0);
    // SAFETY: SQLite passes `argc` argument values.
    let argv = unsafe { std::slice::from_raw_parts(argv.cast::<*mut ffi::sqlite3_value>(), count) };
    let mut args = [SqlArg::Null; 4];
    for (arg, &value) in args.iter_mut().zip(argv) {
        // SAFETY: each is a value SQLite passed for this call.
        *arg = unsafe { read_value(value) };
    }
    // SAFETY: registered by `register_great_circle`, whose user data is a
    // `Sphere` that lives until SQLite calls the destructor.
    let sphere = unsafe { &*ffi::sqlite3_user_data(context).cast::<Sphere>() };
    match great_circle_sql(sphere, args) {
        // SAFETY (all three): `context` is this call's live context.
        Ok(Some(distance)) => unsafe { ffi::sqlite3_result_double(context, distance) },
        Ok(None) => unsafe { ffi::sqlite3_result_null(context) },
        Err(error) => {
            let message = error.to_string();
            // SQLite copies the message; the length excludes no NUL.
            let length = c_int::try_from(message.len()).unwrap_or(c_int::MAX);
            unsafe { ffi::sqlite3_result_error(context, message.as_ptr().cast(), length) };
        }
    }
}

/// SQLite's `xFunc` type.
type XFunc = unsafe extern "C" fn(*mut ffi::sqlite3_context, c_int, *mut *mut ffi::sqlite3_value);

/// The cfunc's own type for it, from its signature
/// `void(voidptr, intc, CPointer(voidptr))`.
type CfuncXFunc = unsafe extern "C" fn(*mut c_void, c_int, *mut *mut c_void);

/// Frees a registration's boxed user data when SQLite drops the function.
unsafe extern "C" fn drop_boxed<T>(data: *mut c_void) {
    // SAFETY: `data` came from `Box::into_raw` in `register_great_circle`,
    // and SQLite calls the destructor once.
    drop(unsafe { Box::from_raw(data.cast::<T>()) });
}

/// Registers the cfunc `great_circle` on `db` as the SQL function `name`,
/// with `sphere` as its user data.
pub(crate) fn register_great_circle(
    db: &Connection,
    name: &str,
    sphere: Sphere,
) -> Result<(), RegisterError> {
    let c_name = CString::new(name).map_err(|_| RegisterError::Name(name.to_owned()))?;
    // SAFETY: the cfunc's C type is `void (void *, int, void **)`; SQLite's
    // `xFunc` differs only in the pointee types, which the ABI ignores.
    let x_func = unsafe { std::mem::transmute::<CfuncXFunc, XFunc>(great_circle::fn_ptr()) };
    let user_data = Box::into_raw(Box::new(sphere));
    // SAFETY: `db` is an open connection; the name is copied by SQLite; the
    // user data is freed by `drop_boxed` when the function is dropped, or
    // right away if registration fails (SQLite calls xDestroy then too).
    let code = unsafe {
        ffi::sqlite3_create_function_v2(
            db.handle(),
            c_name.as_ptr(),
            4,
            ffi::SQLITE_UTF8 | ffi::SQLITE_DETERMINISTIC,
            user_data.cast(),
            Some(x_func),
            None,
            None,
            Some(drop_boxed::<Sphere>),
        )
    };
    if code == ffi::SQLITE_OK {
        return Ok(());
    }
    // SAFETY: `sqlite3_errstr` returns a static NUL-terminated string.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errstr(code)) };
    Err(RegisterError::Sqlite {
        name: name.to_owned(),
        code,
        message: message.to_string_lossy().into_owned(),
    })
}

/// The same SQL function through rusqlite's closure API: the baseline.
pub(crate) fn register_great_circle_closure(
    db: &Connection,
    name: &str,
    sphere: Sphere,
) -> rusqlite::Result<()> {
    db.create_scalar_function(
        name,
        4,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |context| {
            let mut args = [SqlArg::Null; 4];
            for (index, arg) in args.iter_mut().enumerate() {
                *arg = match context.get_raw(index) {
                    ValueRef::Null => SqlArg::Null,
                    ValueRef::Integer(value) => SqlArg::Number(value as f64),
                    ValueRef::Real(value) => SqlArg::Number(value),
                    ValueRef::Text(_) => SqlArg::Text,
                    ValueRef::Blob(_) => SqlArg::Blob,
                };
            }
            great_circle_sql(&sphere, args)
                .map_err(|error| rusqlite::Error::UserFunctionError(Box::new(error)))
        },
    )
}

/// Every `NULL_EVERY`th trip has no destination (`lat2` is NULL).
pub(crate) const NULL_EVERY: u64 = 1000;

/// Creates the table `trips(id, lat1, lon1, lat2, lon2)` with `rows`
/// pseudo-random trips (the same for the same `rows`), in one transaction.
pub(crate) fn create_trips(db: &mut Connection, rows: u64) -> rusqlite::Result<()> {
    db.execute_batch(
        "DROP TABLE IF EXISTS trips;
         CREATE TABLE trips (id INTEGER PRIMARY KEY, lat1 REAL, lon1 REAL, lat2 REAL, lon2 REAL);",
    )?;
    let transaction = db.transaction()?;
    {
        let mut insert = transaction.prepare(
            "INSERT INTO trips (id, lat1, lon1, lat2, lon2) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for id in 0..rows {
            let [lat1, lon1, lat2, lon2] = trip(id);
            let lat2 = (id % NULL_EVERY != 0).then_some(lat2);
            insert.execute(rusqlite::params![id, lat1, lon1, lat2, lon2])?;
        }
    }
    transaction.commit()
}

/// The coordinates of trip `id`: a hash of the id (SplitMix64) mapped to
/// latitudes in [-90, 90) and longitudes in [-180, 180).
pub(crate) fn trip(id: u64) -> [f64; 4] {
    let mut state = id.wrapping_mul(4);
    let mut unit = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    [
        unit() * 180.0 - 90.0,
        unit() * 360.0 - 180.0,
        unit() * 180.0 - 90.0,
        unit() * 360.0 - 180.0,
    ]
}
