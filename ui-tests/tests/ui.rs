//! Programs that must not compile (with their pinned compiler messages) and programs that must.

#[test]
fn ui() {
    // trybuild's generated project has no `[profile]` of its own, so cargo would build it
    // with full debug info (each passing program ~270 MB, 5.5 GB in all); the workspace's
    // dev profile (`[profile.dev]` in the workspace's Cargo.toml: keep the two alike) is
    // passed on through cargo's environment instead.
    std::env::set_var("CARGO_PROFILE_DEV_DEBUG", "line-tables-only");
    let t = trybuild::TestCases::new();
    t.compile_fail("fail/**/*.rs");
    t.pass("pass/*.rs");
}
