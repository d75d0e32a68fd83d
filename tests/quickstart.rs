//! `cargo run --example quickstart` prints what JAX prints for the same walkthrough.

#[path = "../examples/quickstart.rs"]
mod quickstart;

#[test]
fn quickstart_prints_what_jax_prints() {
    let golden = include_str!("golden/quickstart.txt");
    let expected: String = golden
        .lines()
        .filter(|l| !l.starts_with("# generated"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = Vec::new();
    quickstart::walkthrough(&mut out).unwrap();
    let actual = String::from_utf8(out).unwrap();
    for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "line {} of the quickstart differs from JAX", i + 1);
    }
    assert_eq!(actual, expected);
}
