//! Compile-time errors of the macros, pinned by trybuild `.stderr` files.
//! Regenerate after a deliberate change with `TRYBUILD=overwrite cargo test --test ui`
//! and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui-tests/attribute/*.rs");
    cases.compile_fail("ui-tests/record/*.rs");
    cases.compile_fail("ui-tests/carray/*.rs");
    cases.compile_fail("ui-tests/python/*.rs");
    cases.compile_fail("ui-tests/safety/*.rs");
    cases.compile_fail("ui-tests/dynamic/*.rs");
    cases.pass("ui-tests/pass/*.rs");
}
