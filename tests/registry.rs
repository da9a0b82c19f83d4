//! The registry of cfuncs in a binary and the C header made from it.

mod support;

use cfunc::cfunc;
use std::process::Command;
use support::{
    compile_c_program_with, fixture_cdylib_dir, library_header, run, scratch_dir, workspace_root,
};

#[cfunc("float64(float64, float64)", native_name = "registry_test_add")]
fn add(x: f64, y: f64) -> f64 {
    x + y
}

#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
#[allow(non_camel_case_types)]
pub struct registry_point {
    pub x: f64,
    pub tag: u8,
    pub samples: [f32; 3],
}

#[derive(Clone, Copy, cfunc::Record)]
#[repr(C)]
#[allow(non_camel_case_types)]
pub struct registry_segment {
    pub from: registry_point,
    pub to: registry_point,
}

#[cfunc("float64(CPointer(registry_segment), uintp)")]
fn registry_test_length(segments: *const registry_segment, n: usize) -> f64 {
    // SAFETY: callers pass `n` segments.
    let segments = unsafe { std::slice::from_raw_parts(segments, n) };
    segments.iter().map(|s| (s.to.x - s.from.x).abs()).sum()
}

mod inner {
    use cfunc::cfunc;

    #[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
    pub fn registry_test_callback(in_: _, out: _, m: _, n: _) {
        let _ = (in_, out, m, n);
    }
}

#[test]
fn registry_lists_every_cfunc_with_its_details() {
    let entries = cfunc::registry();
    let add_entry = entries
        .iter()
        .find(|entry| entry.native_name() == "registry_test_add")
        .expect("add is registered");
    assert_eq!(add_entry.name(), "add");
    assert_eq!(add_entry.signature(), "float64(float64, float64)");
    assert_eq!(
        add_entry.c_decl(),
        "double registry_test_add(double x, double y);"
    );
    assert_eq!(add_entry.address(), add::address());
    assert_eq!(add_entry.module_path(), "registry");
    let callback = entries
        .iter()
        .find(|entry| entry.name() == "registry_test_callback")
        .expect("a cfunc in a module is registered");
    assert_eq!(callback.module_path(), "registry::inner");
    assert_eq!(callback.address(), inner::registry_test_callback::address());
    let names: Vec<&str> = entries.iter().map(|entry| entry.native_name()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "sorted by native name");
}

#[test]
fn header_declares_every_cfunc_and_compiles() {
    let header = cfunc::c_header("registry_test.h");
    for line in [
        "#ifndef REGISTRY_TEST_H",
        "#define REGISTRY_TEST_H",
        "#include <stdint.h>",
        "double registry_test_add(double x, double y);",
        "void registry_test_callback(double *in_, double *out, int m, int n);",
        "const char *cfunc_last_error(void);",
        "double registry_test_length(registry_segment *segments, uintptr_t n);",
        "typedef struct registry_point {",
        "    float samples[3];",
        "typedef struct registry_segment {",
        "    registry_point from;",
        "#endif /* REGISTRY_TEST_H */",
    ] {
        assert!(
            header.lines().any(|l| l == line),
            "missing {line:?} in\n{header}"
        );
    }
    // Nested records are defined before the records that contain them.
    assert!(
        header.find("typedef struct registry_point {")
            < header.find("typedef struct registry_segment {")
    );
    assert_eq!(header.matches("typedef struct registry_point {").count(), 1);
    let dir = scratch_dir("registry-header");
    let path = dir.join("registry_test.h");
    std::fs::write(&path, &header).unwrap();
    let source = dir.join("check.c");
    std::fs::write(
        &source,
        "#include \"registry_test.h\"\nint main(void) { return 0; }\n",
    )
    .unwrap();
    let output = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"])
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_cdylib_hands_out_its_own_header_for_a_c_program() {
    let library_path = fixture_cdylib_dir().join("libcfunc_fixture_callbacks.so");
    let header = library_header(&library_path, "callbacks.h");
    assert!(
        header.contains("double add(double x, double y);"),
        "{header}"
    );
    assert!(
        header.contains("int32_t cfunc_fixture_mul(int32_t x, int32_t y);"),
        "{header}"
    );
    assert!(
        header.contains("double scaled(double x, void *params);"),
        "{header}"
    );
    // The header lists the library's cfuncs only, not this test binary's.
    assert!(!header.contains("registry_test_add"), "{header}");

    let include_dir = scratch_dir("fixture-header");
    std::fs::write(include_dir.join("callbacks.h"), &header).unwrap();
    let program = compile_c_program_with(
        &workspace_root().join("tests/c/use_header.c"),
        "use_header",
        &[format!("-I{}", include_dir.display())],
    );
    let output = run(&program, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "add 5.5",
            "mul 42",
            "sum 1.00",
            "scaled 6.0",
            "panic 0.0",
            "has error 1"
        ]
    );
}
