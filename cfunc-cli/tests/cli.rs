//! `cfunc check` and `cfunc build` on the seeds' Python files, and the
//! outputs used from C and from a Python without Numba.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn cfunc() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cfunc"));
    // Keep the generated crates and their builds inside the target dir.
    command.env(
        "CFUNC_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("cfunc-cache"),
    );
    command
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/seeds")
        .join(name)
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_reports_every_error_with_file_line_and_column() {
    let output = cfunc()
        .arg("check")
        .arg(seed("broken.py"))
        .output()
        .unwrap();
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("broken.py:5:16: name `missing` is not defined"),
        "{stderr}"
    );
    assert!(stderr.contains("5 |     return x * missing"), "{stderr}");
    assert!(
        stderr.contains("broken.py:9:14: lists are not supported in cfunc code"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors in"), "{stderr}");
}

#[test]
fn check_accepts_a_good_file() {
    let output = cfunc().arg("check").arg(seed("add.py")).output().unwrap();
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("add.py: 1 cfunc ok"), "{stdout}");
}

#[test]
fn check_and_build_take_the_values_of_names_from_other_modules() {
    let dir = fresh_dir("constants");
    let file = dir.join("light.py");
    std::fs::write(
        &file,
        "from numba import cfunc\nfrom scipy.constants import c\n\n\
         @cfunc('float64(float64)')\ndef light_travel(seconds):\n    return seconds * c\n",
    )
    .unwrap();
    let without = cfunc().arg("check").arg(&file).output().unwrap();
    let (_, stderr) = text(&without);
    assert_eq!(without.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("light.py:6:22: `c` comes from `scipy.constants`")
            && stderr.contains("`cfunc build --const scipy.constants.c=...`"),
        "{stderr}"
    );
    let with = cfunc()
        .args(["check", "--const", "scipy.constants.c=299792458.0"])
        .arg(&file)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&with);
    assert!(with.status.success(), "{stderr}");
    assert!(stdout.contains("light.py: 1 cfunc ok"), "{stdout}");
    let bad = cfunc()
        .args(["check", "--const", "scipy.constants.c=fast"])
        .arg(&file)
        .output()
        .unwrap();
    let (_, stderr) = text(&bad);
    assert!(
        stderr.contains("`fast` is not an int, a float or True/False"),
        "{stderr}"
    );
    let built = cfunc()
        .args(["build", "--const", "scipy.constants.c=299792458.0", "-o"])
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    let header = std::fs::read_to_string(dir.join("light.h")).unwrap();
    assert!(
        header.contains("double light_travel(double seconds);"),
        "{header}"
    );
}

#[test]
fn build_with_errors_writes_nothing() {
    let out_dir = fresh_dir("broken-out");
    std::fs::write(out_dir.join("keep.txt"), "untouched").unwrap();
    let output = cfunc()
        .arg("build")
        .arg(seed("broken.py"))
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("broken.py:5:16:"), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["keep.txt"]);
}

/// Builds every seed once into one output directory.
fn built_seeds() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out_dir = fresh_dir("seeds-out");
        let files = ["add.py", "integrand.py", "my_callback.py", "foo.py"]
            .map(seed)
            .into_iter()
            .chain(
                ["factories.py", "complex_numbers.py", "by_value.py"].map(|file| {
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/files")
                        .join(file)
                }),
            );
        for file in files {
            let output = cfunc()
                .arg("build")
                .arg(&file)
                .arg("-o")
                .arg(&out_dir)
                .output()
                .unwrap();
            let (stdout, stderr) = text(&output);
            assert!(
                output.status.success(),
                "cfunc build {} failed:\n{stdout}\n{stderr}",
                file.display()
            );
        }
        out_dir
    })
}

#[test]
fn build_writes_library_header_and_loader() {
    let out_dir = built_seeds();
    for name in ["add", "integrand", "my_callback", "foo"] {
        for file in [
            format!("lib{name}.so"),
            format!("{name}.h"),
            format!("{name}.py"),
        ] {
            assert!(out_dir.join(&file).is_file(), "{file} missing");
        }
    }
    let header = std::fs::read_to_string(out_dir.join("foo.h")).unwrap();
    assert!(header.contains("#ifndef FOO_H"), "{header}");
    assert!(header.contains("typedef struct my_struct {"), "{header}");
    assert!(
        header.contains("double foo(my_struct *ptr, uintptr_t n);"),
        "{header}"
    );
}

#[test]
fn complex_slots_are_c_complex_types_in_the_header() {
    let out_dir = built_seeds();
    let header = std::fs::read_to_string(out_dir.join("complex_numbers.h")).unwrap();
    for prototype in [
        "#include <complex.h>",
        "double _Complex rotate_scale(double _Complex z, double x);",
        "float magnitude(float _Complex z);",
        "float _Complex ratio(float _Complex a, float _Complex b);",
    ] {
        assert!(header.contains(prototype), "{prototype} not in\n{header}");
    }
}

#[test]
fn factory_made_cfuncs_export_the_names_the_module_binds() {
    let out_dir = built_seeds();
    let header = std::fs::read_to_string(out_dir.join("factories.h")).unwrap();
    // Each application of a factory is its own cfunc, named by the module.
    for prototype in [
        "double integrand(int n, double *xx);",
        "double gaussian(int n, double *xx);",
        "double cube_doubled(double x);",
        "double cube_tripled(double x);",
    ] {
        assert!(header.contains(prototype), "{prototype} not in\n{header}");
    }
    // `fmax` is the C library's, so the cfunc exports another symbol; in
    // Numba too a cfunc's symbol is not its Python name.
    assert!(header.contains(" fmax_cfunc("), "{header}");
    assert!(!header.contains(" fmax("), "{header}");
    let loader = std::fs::read_to_string(out_dir.join("factories.py")).unwrap();
    assert!(
        loader.contains(r#"fmax = CFunc("fmax", "fmax_cfunc""#),
        "{loader}"
    );
    assert!(loader.contains("integrand = integrand.llc"), "{loader}");
    assert!(
        loader.contains("cube_doubled = cube_doubled.ctypes"),
        "{loader}"
    );
    assert!(
        loader.contains("cube_address = cube_address.address"),
        "{loader}"
    );
}

#[test]
fn the_header_compiles_and_a_c_program_uses_the_library() {
    let out_dir = built_seeds();
    let source = out_dir.join("use_add.c");
    std::fs::write(
        &source,
        "#include <stdio.h>\n#include \"add.h\"\n#include \"foo.h\"\n\
         int main(void) {\n    printf(\"%.1f\\n\", add(4.0, 5.0));\n    return 0;\n}\n",
    )
    .unwrap();
    let exe = compile_against(out_dir, &source, "add");
    let run = Command::new(&exe).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "9.0\n");
}

/// A Python with NumPy and SciPy but without Numba: `CFUNC_PYTHON_NO_NUMBA`,
/// or the `.venv-nonumba` that `bash .ci/run` creates.
fn python_without_numba() -> Option<PathBuf> {
    if std::env::var_os("CFUNC_SKIP_PYTHON").is_some() {
        return None;
    }
    let python = std::env::var_os("CFUNC_PYTHON_NO_NUMBA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-nonumba/bin/python"),
        PathBuf::from,
    );
    assert!(
        python.exists(),
        "no Python without Numba at {}: run `bash .ci/run` (it creates .venv-nonumba), set CFUNC_PYTHON_NO_NUMBA, or set CFUNC_SKIP_PYTHON=1",
        python.display()
    );
    Some(python)
}

#[test]
fn loaders_work_from_python_without_numba() {
    let Some(python) = python_without_numba() else {
        return;
    };
    let no_numba = Command::new(&python)
        .args(["-c", "import numba"])
        .output()
        .unwrap();
    assert!(!no_numba.status.success(), "{} has numba", python.display());
    let out_dir = built_seeds();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/use_loaders.py");
    let output = Command::new(&python)
        .arg(script)
        .arg(out_dir)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("all loader checks passed"), "{stdout}");
}

/// Compiles `source` against the output directory's headers and `lib<library>.so`.
fn compile_against(out_dir: &Path, source: &Path, library: &str) -> PathBuf {
    let exe = out_dir.join(source.file_stem().unwrap());
    let output = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Werror"])
        .arg(source)
        .arg("-o")
        .arg(&exe)
        .arg(format!("-I{}", out_dir.display()))
        .arg(format!("-L{}", out_dir.display()))
        .arg(format!("-l{library}"))
        .arg(format!("-Wl,-rpath,{}", out_dir.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

#[test]
fn python_gets_the_c_programs_values_for_records_and_complex_numbers_by_value() {
    let out_dir = built_seeds();
    let c_source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/files/call_by_value.c");
    let c_run = Command::new(compile_against(out_dir, &c_source, "by_value"))
        .output()
        .unwrap();
    let (c_stdout, c_stderr) = text(&c_run);
    assert!(c_run.status.success(), "{c_stderr}");
    // Values worked out by hand, so that C and Python cannot agree on a
    // wrong answer.
    for line in [
        "clamp(i, -3) = -1.5",
        "late_sample = 46.875",
        "weighted_triple = 111.5",
        "affine = 5.5 -5",
        "product = -5 5",
        "norm2 = 25",
    ] {
        assert!(
            c_stdout.lines().any(|printed| printed == line),
            "{line} not in\n{c_stdout}"
        );
    }
    let Some(python) = python_without_numba() else {
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/call_by_value.py");
    let py_run = Command::new(&python)
        .arg(script)
        .arg(out_dir)
        .output()
        .unwrap();
    let (py_stdout, py_stderr) = text(&py_run);
    assert!(py_run.status.success(), "{py_stdout}\n{py_stderr}");
    assert_eq!(py_stdout, c_stdout);
}
