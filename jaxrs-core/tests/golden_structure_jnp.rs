//! `jnp` shape functions and products against JAX 0.10.2: values and jaxpr text
//! (`tools/golden/gen_structure.py` writes `tests/golden/structure_jnp.json`).
//!
//! Tolerance: exact for shape functions, sorts and products (the reference follows the
//! order of the XLA kernel each product runs, `tests/dot_order.rs`).

mod structure_common;

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::Array;
use serde_json::Value;
use structure_common::{array, assert_matches, load};

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
        "transpose" => one(jnp::transpose_with(&a[0], |kw| kw.axes(axes(&p["axes"])))),
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
        "squeeze" => one(jnp::squeeze_with(&a[0], |kw| kw.axis(axes(&p["axis"])))),
        "broadcast_to" => {
            let shape: Vec<usize> = ints(&p["shape"]).iter().map(|&d| d as usize).collect();
            one(jnp::broadcast_to(&a[0], shape))
        }
        "concatenate" => one(jnp::concatenate_with(a, |kw| {
            kw.axis(p["axis"].as_i64().unwrap())
        })),
        "stack" => one(jnp::stack_with(a, |kw| {
            kw.axis(p["axis"].as_i64().unwrap())
        })),
        "flip" => one(jnp::flip_with(&a[0], |kw| kw.axis(axes(&p["axis"])))),
        "sort" => one(jnp::sort_with(&a[0], |kw| kw.axis(axes(&p["axis"])))),
        "argsort" => one(jnp::argsort_with(&a[0], |kw| kw.axis(axes(&p["axis"])))),
        "atleast_1d" => one(jnp::atleast_1d(&a[0])),
        "atleast_2d" => one(jnp::atleast_2d(&a[0])),
        "vstack" => one(jnp::vstack(a)),
        "hstack" => one(jnp::hstack(a)),
        "take" => one(jnp::take_with(&a[0], &a[1], |kw| kw.axis(axes(&p["axis"])))),
        "pad" => {
            let mode = p["mode"].as_str().unwrap().to_string();
            let set = move |kw: jnp::PadKw| match mode.as_str() {
                "constant" => match &p["value"] {
                    Value::Null => kw,
                    v if v.is_i64() => kw.constant_values(v.as_i64().unwrap()),
                    v => kw.constant_values(v.as_f64().unwrap()),
                },
                "per_side" => {
                    let v = &p["values"];
                    kw.constant_values((scalar(&v[0]), scalar(&v[1])))
                }
                "per_axis" => kw.constant_values(
                    p["values"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| (scalar(&r[0]), scalar(&r[1])))
                        .collect::<Vec<_>>(),
                ),
                "reflect_odd" => kw.mode("reflect").reflect_type("odd"),
                "symmetric_odd" => kw.mode("symmetric").reflect_type("odd"),
                other @ ("edge" | "reflect" | "symmetric" | "wrap") => kw.mode(other),
                other => panic!("mode {other}"),
            };
            let w = &p["width"];
            let plain = p["mode"] == "constant" && p["value"].is_null();
            one(if let Some(n) = w.as_i64() {
                if plain {
                    jnp::pad(&a[0], n)
                } else {
                    jnp::pad_with(&a[0], n, set)
                }
            } else if w[0].is_i64() {
                let v = ints(w);
                jnp::pad_with(&a[0], (v[0], v[1]), set)
            } else {
                let pairs: Vec<(i64, i64)> = w
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| (q[0].as_i64().unwrap(), q[1].as_i64().unwrap()))
                    .collect();
                jnp::pad_with(&a[0], pairs, set)
            })
        }
        "split" | "array_split" => {
            let axis = p["axis"].as_i64().unwrap();
            let f = if fun == "split" {
                |x: &Array, s: Vec<i64>, n: Option<usize>, axis: i64| match n {
                    Some(n) => jnp::split_with(x, n, |kw| kw.axis(axis)),
                    None => jnp::split_with(x, s, |kw| kw.axis(axis)),
                }
            } else {
                |x: &Array, s: Vec<i64>, n: Option<usize>, axis: i64| match n {
                    Some(n) => jnp::array_split_with(x, n, |kw| kw.axis(axis)),
                    None => jnp::array_split_with(x, s, |kw| kw.axis(axis)),
                }
            };
            match p["sections"].as_u64() {
                Some(n) => f(&a[0], vec![], Some(n as usize), axis),
                None => f(&a[0], ints(&p["indices"]), None, axis),
            }
        }
        "roll" => one(jnp::roll_with(&a[0], ints(&p["shift"]), |kw| {
            kw.axis(axes(&p["axis"]))
        })),
        "repeat" => one(jnp::repeat_with(
            &a[0],
            p["repeats"].as_u64().unwrap() as usize,
            |kw| kw.axis(axes(&p["axis"])),
        )),
        "tile" => {
            let reps: Vec<usize> = ints(&p["reps"]).iter().map(|&r| r as usize).collect();
            one(jnp::tile(&a[0], reps))
        }
        "dstack" => one(jnp::dstack(a)),
        "column_stack" => one(jnp::column_stack(a)),
        "diagonal" => one(jnp::diagonal_with(&a[0], |kw| {
            kw.offset(p["offset"].as_i64().unwrap())
                .axis1(p["axis1"].as_i64().unwrap())
                .axis2(p["axis2"].as_i64().unwrap())
        })),
        "diag" => one(jnp::diag_with(&a[0], |kw| kw.k(p["k"].as_i64().unwrap()))),
        "tril" => one(jnp::tril_with(&a[0], |kw| kw.k(p["k"].as_i64().unwrap()))),
        "triu" => one(jnp::triu_with(&a[0], |kw| kw.k(p["k"].as_i64().unwrap()))),
        "fliplr" => one(jnp::fliplr(&a[0])),
        "flipud" => one(jnp::flipud(&a[0])),
        "rot90" => {
            let ax = ints(&p["axes"]);
            one(jnp::rot90_with(&a[0], |kw| {
                kw.k(p["k"].as_i64().unwrap()).axes((ax[0], ax[1]))
            }))
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
        "unstack" => jnp::unstack_with(&a[0], |kw| kw.axis(p["axis"].as_i64().unwrap())),
        "append" => one(jnp::append_with(&a[0], &a[1], |kw| {
            kw.axis(axes(&p["axis"]))
        })),
        "rollaxis" => one(jnp::rollaxis_with(
            &a[0],
            p["axis"].as_i64().unwrap(),
            |kw| kw.start(p["start"].as_i64().unwrap()),
        )),
        "tri" => {
            let t = jnp::tri_with(p["n"].as_u64().unwrap() as usize, |kw| {
                kw.M(p["m"].as_u64().unwrap() as usize)
                    .k(p["k"].as_i64().unwrap())
            });
            one(jnp::add(&t, &a[0]))
        }
        "trace" => one(jnp::trace_with(&a[0], |kw| {
            // The golden script passes `offset` only when it is not 0.
            let kw = kw
                .axis1(p["axis1"].as_i64().unwrap())
                .axis2(p["axis2"].as_i64().unwrap());
            match p["offset"].as_i64().unwrap() {
                0 => kw,
                k => kw.offset(k),
            }
        })),
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
            assert_matches(o, w, 0, name);
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
