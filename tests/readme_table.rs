//! Every row of the README's table "The 40 most common calls": the jaxrs spelling
//! compiles here, the README shows exactly these spellings (compared without spaces), and
//! each result equals JAX's (`tools/golden/gen_readme.py` evaluates the JAX column and
//! writes `jaxrs-core/tests/golden/readme.json`). Results are compared bit for bit, with
//! their dtype and weak type.

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::{lax, nn, random, scipy};
use serde_json::Value;

/// The rows, in the README's order: the jaxrs call as written, and its result.
macro_rules! rows {
    ($($call:expr;)*) => {
        vec![$((stringify!($call), { let r: Array = ($call).clone(); r })),*]
    };
}

/// The table's jaxrs cells, read from the README.
fn readme_rows() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = text
        .split("## The 40 most common calls")
        .nth(1)
        .expect("the table's section")
        .split("\n## ")
        .next()
        .unwrap();
    let mut rows = Vec::new();
    for line in section.lines() {
        let line = line.replace("\\|", "\u{1}");
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() == 4 && cells[1].starts_with('`') {
            let clean = |c: &str| c.trim_matches('`').replace('\u{1}', "|");
            rows.push((clean(cells[1]), clean(cells[2])));
        }
    }
    rows
}

fn bits(a: &Array) -> Vec<f64> {
    match a.dtype() {
        DType::F32 => a.to_vec::<f32>().into_iter().map(f64::from).collect(),
        DType::I32 => a.to_vec::<i32>().into_iter().map(f64::from).collect(),
        DType::U32 => a.to_vec::<u32>().into_iter().map(f64::from).collect(),
        DType::Bool => a
            .to_vec::<bool>()
            .into_iter()
            .map(|b| if b { 1.0 } else { 0.0 })
            .collect(),
        other => panic!("unexpected dtype {other}"),
    }
}

fn value(v: &Value) -> f64 {
    match v {
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap(),
        other => panic!("unexpected value {other}"),
    }
}

#[test]
fn readme_table_rows_give_jax_results() {
    let x = jnp::array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]);
    let v = jnp::array([3.0, 1.0, 2.0]);
    let m = jnp::array([[2.0, 1.0], [1.0, 3.0]]);
    let key = random::prng_key(0);
    let rows = rows! {
        jnp::array([1, 2, 3]);
        jnp::zeros([2, 3]);
        jnp::ones_with([3], |kw| kw.dtype(DType::I32));
        jnp::arange(5);
        jnp::arange_with(2, |kw| kw.stop(10).step(3));
        jnp::linspace(0.0, 1.0, 5);
        jnp::eye_with(3, |kw| kw.k(1));
        x.reshape([3, 2]);
        x.T();
        x.i(s![0, 1..]);
        x.at(s![0, 0]).set(9.0);
        jnp::sum(&x);
        jnp::sum_with(&x, |kw| kw.axis(1).keepdims(true));
        jnp::sum_with(&x, |kw| kw.where_(jnp::greater(&x, 0)));
        jnp::mean_with(&x, |kw| kw.axis(0));
        jnp::max_with(&x, |kw| kw.axis(-1));
        jnp::argmax_with(&x, |kw| kw.axis(1));
        jnp::std_with(&v, |kw| kw.ddof(1));
        jnp::cumsum(&v);
        jnp::exp(&v);
        jnp::maximum(&x, 0);
        jnp::where_(jnp::greater(&x, 0), &x, 0);
        jnp::clip_with(&x, |kw| kw.min(-1).max(1));
        jnp::matmul(&m, &m);
        jnp::concatenate_with([&x, &x], |kw| kw.axis(1));
        jnp::stack([&v, &v]);
        jnp::transpose_with(&x, |kw| kw.axes([1, 0]));
        jnp::sort(&v);
        jnp::pad_with(&v, 1, |kw| kw.mode("edge"));
        jnp::roll(&v, 1);
        jnp::split(&v, 3)[1];
        random::normal(&key, [3]);
        random::uniform_with(&key, [2], |kw| kw.minval(-1.0).maxval(1.0));
        random::bernoulli_with(&key, |kw| kw.p(0.3).shape([4]));
        lax::clamp(0.0, &x, 1.0);
        lax::dynamic_slice(&v, [1], [2]);
        lax::dot_general(&x, &x, (([1], [1]), ([], [])));
        nn::relu(&x);
        nn::softmax(&x);
        scipy::special::logsumexp_with(&x, |kw| kw.axis(1));
    };
    let readme = readme_rows();
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(readme.len(), 40, "the README's table has 40 rows");
    assert_eq!(rows.len(), readme.len());
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/jaxrs-core/tests/golden/readme.json"
    );
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(golden["jax_version"], "0.10.2");
    let cases = golden["cases"].as_array().unwrap();
    assert_eq!(cases.len(), rows.len());
    for (((code, got), (jax, shown)), case) in rows.iter().zip(&readme).zip(cases) {
        assert_eq!(squash(code), squash(shown), "README row for {jax}");
        assert_eq!(case["jax"].as_str().unwrap(), jax, "golden row order");
        let want = &case["output"];
        let shape: Vec<usize> = want["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(got.shape(), shape.as_slice(), "{jax}: shape");
        assert_eq!(
            got.dtype().name(),
            want["dtype"].as_str().unwrap(),
            "{jax}: dtype"
        );
        assert_eq!(
            got.weak_type(),
            case["weak_type"].as_bool().unwrap(),
            "{jax}: weak type"
        );
        for (k, (g, w)) in bits(got)
            .iter()
            .zip(want["data"].as_array().unwrap())
            .enumerate()
        {
            let w = value(w);
            // Every value here is finite; f32 -> f64 is exact, so equality is bit equality.
            assert_eq!(
                g.to_bits(),
                w.to_bits(),
                "{jax}: element {k}: got {g}, want {w}"
            );
        }
    }
}
