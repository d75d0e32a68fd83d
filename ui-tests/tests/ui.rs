//! Programs that must not compile (with their pinned compiler messages) and programs that must.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("fail/**/*.rs");
    t.pass("pass/*.rs");
}
