//! `jnp` shape functions and products against JAX 0.10.2: values and jaxpr text
//! (`tools/golden/gen_structure.py` writes `tests/golden/structure_jnp.json`).
//!
//! Tolerance: exact for shape functions and sorts; products within 4 ulp or 1e-6 absolute
//! (O(1) inputs, at most 4 terms; the reference accumulates in `f64`).

mod structure_common;

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::Array;
use serde_json::Value;
use structure_common::{array, assert_close, assert_matches, load};

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect()
}

/// A Python scalar as JAX sees it (ints weak `int32`, floats weak `float32`).
fn scalar(v: &Value) -> jnp::Operand {
    use jnp::ArrayLike;
    match v.as_i64() {
        Some(i) => i.into_operand(),
        None => v.as_f64().unwrap().into_operand(),
    }
}

fn axes(v: &Value) -> Option<Vec<isize>> {
    if v.is_null() {
        None
    } else {
        Some(ints(v).into_iter().map(|a| a as isize).collect())
    }
}

fn run(fun: &str, p: &Value, a: &[Array]) -> Vec<Array> {
    let one = |x: Array| vec![x];
    match fun {
        "reshape" => one(jnp::reshape(&a[0], ints(&p["shape"]))),
        "ravel" => one(jnp::ravel(&a[0])),
        "transpose" => one(jnp::transpose(&a[0], axes(&p["axes"]))),
        "T" => one(a[0].T()),
        "moveaxis" => one(jnp::moveaxis(
            &a[0],
            ints(&p["source"]),
            ints(&p["destination"]),
        )),
        "swapaxes" => one(jnp::swapaxes(
            &a[0],
            p["axis1"].as_i64().unwrap(),
            p["axis2"].as_i64().unwrap(),
        )),
        "expand_dims" => one(jnp::expand_dims(&a[0], ints(&p["axis"]))),
        "squeeze" => one(jnp::squeeze(&a[0], axes(&p["axis"]))),
        "broadcast_to" => {
            let shape: Vec<usize> = ints(&p["shape"]).iter().map(|&d| d as usize).collect();
            one(jnp::broadcast_to(&a[0], shape))
        }
        "concatenate" => one(jnp::concatenate(a, p["axis"].as_i64().unwrap())),
        "stack" => one(jnp::stack(a, p["axis"].as_i64().unwrap())),
        "flip" => one(jnp::flip(&a[0], axes(&p["axis"]))),
        "sort" => one(jnp::sort(&a[0], axes(&p["axis"]))),
        "argsort" => one(jnp::argsort(&a[0], axes(&p["axis"]))),
        "atleast_1d" => one(jnp::atleast_1d(&a[0])),
        "atleast_2d" => one(jnp::atleast_2d(&a[0])),
        "vstack" => one(jnp::vstack(a)),
        "hstack" => one(jnp::hstack(a)),
        "take" => one(jnp::take(&a[0], &a[1], axes(&p["axis"]))),
        "pad" => {
            let mode = match p["mode"].as_str().unwrap() {
                "constant" => match &p["value"] {
                    Value::Null => jnp::PadMode::constant(0),
                    v if v.is_i64() => jnp::PadMode::constant(v.as_i64().unwrap()),
                    v => jnp::PadMode::constant(v.as_f64().unwrap()),
                },
                "edge" => jnp::PadMode::Edge,
                "reflect" => jnp::PadMode::Reflect,
                "symmetric" => jnp::PadMode::Symmetric,
                "per_side" => {
                    let v = &p["values"];
                    jnp::PadMode::ConstantPerSide(scalar(&v[0]), scalar(&v[1]))
                }
                "per_axis" => jnp::PadMode::ConstantPerAxis(
                    p["values"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| (scalar(&r[0]), scalar(&r[1])))
                        .collect(),
                ),
                "reflect_odd" => jnp::PadMode::ReflectOdd,
                "symmetric_odd" => jnp::PadMode::SymmetricOdd,
                "wrap" => jnp::PadMode::Wrap,
                other => panic!("mode {other}"),
            };
            let w = &p["width"];
            one(if let Some(n) = w.as_i64() {
                if matches!(mode, jnp::PadMode::Constant(_)) && p["value"].is_null() {
                    jnp::pad(&a[0], n)
                } else {
                    jnp::pad_mode(&a[0], n, mode)
                }
            } else if w[0].is_i64() {
                let v = ints(w);
                jnp::pad_mode(&a[0], (v[0], v[1]), mode)
            } else {
                let pairs: Vec<(i64, i64)> = w
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| (q[0].as_i64().unwrap(), q[1].as_i64().unwrap()))
                    .collect();
                jnp::pad_mode(&a[0], pairs, mode)
            })
        }
        "split" | "array_split" => {
            let axis = p["axis"].as_i64().unwrap();
            let f = if fun == "split" {
                |x: &Array, s: Vec<i64>, n: Option<usize>, axis: i64| match n {
                    Some(n) => jnp::split(x, n, axis),
                    None => jnp::split(x, s, axis),
                }
            } else {
                |x: &Array, s: Vec<i64>, n: Option<usize>, axis: i64| match n {
                    Some(n) => jnp::array_split(x, n, axis),
                    None => jnp::array_split(x, s, axis),
                }
            };
            match p["sections"].as_u64() {
                Some(n) => f(&a[0], vec![], Some(n as usize), axis),
                None => f(&a[0], ints(&p["indices"]), None, axis),
            }
        }
        "roll" => one(jnp::roll(&a[0], ints(&p["shift"]), axes(&p["axis"]))),
        "repeat" => one(jnp::repeat(
            &a[0],
            p["repeats"].as_u64().unwrap() as usize,
            axes(&p["axis"]),
        )),
        "tile" => {
            let reps: Vec<usize> = ints(&p["reps"]).iter().map(|&r| r as usize).collect();
            one(jnp::tile(&a[0], reps))
        }
        "dstack" => one(jnp::dstack(a)),
        "column_stack" => one(jnp::column_stack(a)),
        "diagonal" => one(jnp::diagonal(
            &a[0],
            p["offset"].as_i64().unwrap(),
            p["axis1"].as_i64().unwrap(),
            p["axis2"].as_i64().unwrap(),
        )),
        "diag" => one(jnp::diag(&a[0], p["k"].as_i64().unwrap())),
        "tril" => one(jnp::tril(&a[0], p["k"].as_i64().unwrap())),
        "triu" => one(jnp::triu(&a[0], p["k"].as_i64().unwrap())),
        "fliplr" => one(jnp::fliplr(&a[0])),
        "flipud" => one(jnp::flipud(&a[0])),
        "rot90" => {
            let ax = ints(&p["axes"]);
            one(jnp::rot90(&a[0], p["k"].as_i64().unwrap(), (ax[0], ax[1])))
        }
        "hsplit" | "vsplit" | "dsplit" => {
            let f = match fun {
                "hsplit" => |x: &Array, s: Vec<i64>, n: Option<usize>| match n {
                    Some(n) => jnp::hsplit(x, n),
                    None => jnp::hsplit(x, s),
                },
                "vsplit" => |x: &Array, s: Vec<i64>, n: Option<usize>| match n {
                    Some(n) => jnp::vsplit(x, n),
                    None => jnp::vsplit(x, s),
                },
                _ => |x: &Array, s: Vec<i64>, n: Option<usize>| match n {
                    Some(n) => jnp::dsplit(x, n),
                    None => jnp::dsplit(x, s),
                },
            };
            match p["sections"].as_u64() {
                Some(n) => f(&a[0], vec![], Some(n as usize)),
                None => f(&a[0], ints(&p["indices"]), None),
            }
        }
        "unstack" => jnp::unstack(&a[0], p["axis"].as_i64().unwrap()),
        "append" => one(jnp::append(&a[0], &a[1], axes(&p["axis"]))),
        "rollaxis" => one(jnp::rollaxis(
            &a[0],
            p["axis"].as_i64().unwrap(),
            p["start"].as_i64().unwrap(),
        )),
        "tri" => {
            let t = jnp::tri(
                p["n"].as_u64().unwrap() as usize,
                p["m"].as_u64().unwrap() as usize,
                p["k"].as_i64().unwrap(),
            );
            one(jnp::add(&t, &a[0]))
        }
        "trace" => one(jnp::trace(
            &a[0],
            p["offset"].as_i64().unwrap(),
            p["axis1"].as_i64().unwrap(),
            p["axis2"].as_i64().unwrap(),
        )),
        "matmul" => one(jnp::matmul(&a[0], &a[1])),
        "dot" => one(a[0].dot(&a[1])),
        "dot_scalar" => one(jnp::dot(&a[0], 2.0)),
        "vdot" => one(jnp::vdot(&a[0], &a[1])),
        "inner" => one(jnp::inner(&a[0], &a[1])),
        "outer" => one(jnp::outer(&a[0], &a[1])),
        other => panic!("no runner for {other}"),
    }
}

#[test]
fn jnp_structure_matches_jax() {
    let golden = load("structure_jnp.json");
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 150);
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let fun = c["fn"].as_str().unwrap();
        let p = &c["params"];
        let args: Vec<Array> = c["args"].as_array().unwrap().iter().map(array).collect();
        let outs = run(fun, p, &args);
        let want = c["outputs"].as_array().unwrap();
        assert_eq!(outs.len(), want.len(), "{name}");
        for (o, w) in outs.iter().zip(want) {
            if ["matmul", "dot", "dot_scalar", "vdot", "inner", "outer"].contains(&fun) {
                assert_close(o, w, 4, 1e-6, name);
            } else {
                assert_matches(o, w, 0, name);
            }
        }
        let got = match args.len() {
            1 => make_jaxpr(|x: &Array| run(fun, p, std::slice::from_ref(x)))(&args[0]),
            2 => make_jaxpr(|x: &Array, y: &Array| run(fun, p, &[x.clone(), y.clone()]))(
                &args[0], &args[1],
            ),
            _ => make_jaxpr(|x: &Array, y: &Array, z: &Array| {
                run(fun, p, &[x.clone(), y.clone(), z.clone()])
            })(&args[0], &args[1], &args[2]),
        }
        .to_string();
        let want = c["jaxpr"].as_str().unwrap();
        if got != want {
            failures.push(format!("{name}:\n--- JAX\n{want}\n--- jaxrs\n{got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} jaxprs differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
