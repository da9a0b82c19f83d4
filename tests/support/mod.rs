//! Helpers shared by the integration tests: building the fixture cdylib and
//! compiling C programs with the system's `cc`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, PoisonError};

/// The workspace root.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory for this test binary's outputs.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Builds the workspace package `package` (a `cdylib`) once per test
/// binary and returns the directory holding its library.
///
/// The builds use their own target directory, shared by every package
/// built this way: the outer `cargo test` may still hold the lock of the
/// main one.
pub fn cdylib_dir(package: &str) -> PathBuf {
    static BUILT: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(dir) = built.get(package) {
        return dir.clone();
    }
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cdylib-target");
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args(["build", "--quiet", "-p", package, "--target-dir"])
        .arg(&target_dir)
        .output()
        .expect("run cargo build for a cdylib");
    assert!(
        output.status.success(),
        "building {package} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = target_dir.join("debug");
    built.insert(package.to_owned(), dir.clone());
    dir
}

/// The directory of `libcfunc_fixture_callbacks.so`.
pub fn fixture_cdylib_dir() -> PathBuf {
    cdylib_dir("cfunc-fixture-callbacks")
}

/// The C header a cdylib built with cfunc hands out for its own cfuncs
/// (`const char *cfunc_c_header(const char *guard)`).
pub fn library_header(library: &Path, guard: &str) -> String {
    use cfunc::{Library, Value};
    // SAFETY: loading a cfunc library only registers its cfuncs.
    let loaded = unsafe { Library::open(library.to_str().expect("a UTF-8 path")) }.unwrap();
    // SAFETY: the prototype of `cfunc_c_header`.
    let header_fn =
        unsafe { loaded.get("cfunc_c_header", "CPointer(int8)(CPointer(int8))") }.unwrap();
    let guard = std::ffi::CString::new(guard).unwrap();
    // SAFETY: the guard is a NUL-terminated string that outlives the call.
    let pointer = unsafe { header_fn.call(&[guard.as_c_str().into()]) }.unwrap();
    let Value::Pointer(pointer) = pointer else {
        panic!("cfunc_c_header returns a pointer, got {pointer:?}")
    };
    // SAFETY: the library returns a NUL-terminated string it keeps alive.
    unsafe { std::ffi::CStr::from_ptr(pointer.cast::<std::ffi::c_char>()) }
        .to_str()
        .expect("the header is UTF-8")
        .to_owned()
}

/// Compiles a C program with `cc`, linked against the fixture cdylib, and
/// returns the path of the executable. Each program is compiled once per
/// test binary, whichever test asks first; the others wait for it.
pub fn compile_c_program(source: &Path, name: &str) -> PathBuf {
    compile_c_program_with(source, name, &[])
}

/// As [`compile_c_program`], with extra `cc` flags (include directories).
pub fn compile_c_program_with(source: &Path, name: &str, flags: &[String]) -> PathBuf {
    static COMPILED: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(exe) = compiled.get(name) {
        return exe.clone();
    }
    let exe = compile_c_program_now(source, name, flags);
    compiled.insert(name.to_owned(), exe.clone());
    exe
}

fn compile_c_program_now(source: &Path, name: &str, flags: &[String]) -> PathBuf {
    let lib_dir = fixture_cdylib_dir();
    let exe = scratch_dir("c-programs").join(name);
    let mut args: Vec<String> = flags.to_vec();
    args.extend([
        format!("-L{}", lib_dir.display()),
        "-lcfunc_fixture_callbacks".to_owned(),
        format!("-Wl,-rpath,{}", lib_dir.display()),
        "-ldl".to_owned(),
    ]);
    run_cc(source, &exe, &args);
    exe
}

/// Runs `cc -std=c11 -Wall -Werror` on `source` with `flags` into `output`,
/// linking libm, and fails the test with cc's messages if it fails.
fn run_cc(source: &Path, output: &Path, flags: &[String]) {
    let result = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Werror"])
        .arg(source)
        .arg("-o")
        .arg(output)
        .args(flags)
        .arg("-lm")
        .output()
        .expect("run cc");
    assert!(
        result.status.success(),
        "cc failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Compiles a C file with `cc` into a shared library (position-independent,
/// optimised) and returns its path, for tests that load it with
/// [`cfunc::Library::open`].
pub fn compile_c_library(source: &Path, name: &str) -> PathBuf {
    let library = scratch_dir("c-libraries").join(format!("lib{name}.so"));
    run_cc(
        source,
        &library,
        &["-O2", "-shared", "-fPIC"].map(String::from),
    );
    library
}

/// Runs a program and returns its output, whatever its exit status.
pub fn run(program: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("run {}: {error}", program.display()))
}

/// The fields of one `my_struct` of the seeds: `i1`, `f2`, `d3`, `af4`.
pub type SeedRecord = (i32, f32, f64, [f32; 7]);

/// Three records and the seeds' `foo` over them computed by hand, in
/// Numba's types: `i1 * f2` is int32 * float32, computed in float64;
/// `af4.sum()` sums float32s in float32.
pub fn three_seed_records() -> (Vec<SeedRecord>, f64) {
    let records = vec![
        (3, 1.5f32, 2.0, [0.5f32, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]),
        (-2, 0.25f32, 4.0, [1.0f32; 7]),
        (7, -3.0f32, 0.5, [0.1f32, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]),
    ];
    let mut tmp = 0.0f64;
    for (i1, f2, d3, af4) in &records {
        tmp += f64::from(*i1) * f64::from(*f2) / d3;
        tmp += f64::from(af4.iter().fold(0.0f32, |sum, x| sum + x));
    }
    (records, tmp)
}
