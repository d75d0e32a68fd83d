//! Batching against `jax.vmap`: each function here is also defined, under the same name, in
//! `tools/golden/gen_vmap.py`, which records JAX 0.10.2's results and the printed
//! `make_jaxpr(vmap(f, in_axes, out_axes))` for several `in_axes`/`out_axes` each.
//!
//! Values: bit for bit (NaNs compare as one value), transcendental functions and the
//! division rewrite included. Jaxpr text: character for character.

mod structure_common;

use jaxrs_core::api::{jit_call, jvp, make_jaxpr, vmap, vmap_with};
use jaxrs_core::config::set_threefry_partitionable;
use jaxrs_core::dtype::DType;
use jaxrs_core::lax;
use jaxrs_core::numpy::{self as jnp, ArrayLike};
use jaxrs_core::random;
use jaxrs_core::{s, Array};
use serde_json::Value;
use structure_common::array;

type Case = Box<dyn Fn(&[Array]) -> Vec<Array>>;

/// The golden file, embedded so that the facade's `tests/vmap_runtime.rs` can run this
/// suite again on the runtime backend.
fn golden() -> Value {
    let v: Value = serde_json::from_str(include_str!("golden/vmap.json")).expect("JSON");
    assert_eq!(
        v["jax_version"], "0.10.2",
        "golden data must come from JAX 0.10.2"
    );
    v
}

/// The threefry mode is process-wide; tests that switch it or draw random numbers hold
/// this lock so they do not see each other's mode.
static PRNG_MODE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn prng_mode() -> std::sync::MutexGuard<'static, ()> {
    PRNG_MODE.lock().unwrap_or_else(|e| e.into_inner())
}

fn lit(x: impl ArrayLike) -> Array {
    x.into_operand().into_array()
}

/// The Rust twin of each Python case.
fn case(name: &str) -> Option<Case> {
    macro_rules! one {
        ($f:expr) => {
            Box::new(move |a: &[Array]| vec![$f(&a[0])])
        };
    }
    macro_rules! two {
        ($f:expr) => {
            Box::new(move |a: &[Array]| vec![$f(&a[0], &a[1])])
        };
    }
    macro_rules! three {
        ($f:expr) => {
            Box::new(move |a: &[Array]| vec![$f(&a[0], &a[1], &a[2])])
        };
    }
    let dot = |lc: usize, rc: usize| ((vec![lc], vec![rc]), (vec![], vec![]));
    let c: Case = match name {
        "neg" => one!(lax::neg),
        "sin" => one!(lax::sin),
        "cos" => one!(lax::cos),
        "exp" => one!(lax::exp),
        "tanh" => one!(lax::tanh),
        "abs" => one!(lax::abs),
        "floor" => one!(lax::floor),
        "square" => one!(lax::square),
        "logistic" => one!(lax::logistic),
        "sign" => one!(lax::sign),
        "log" => one!(lax::log),
        "sqrt" => one!(lax::sqrt),
        "integer_pow" => one!(|x| lax::integer_pow(x, 3)),
        "convert" => one!(|x| lax::convert_element_type(x, DType::I32, false)),
        "scalar_mul" => one!(|x: &Array| 2.0 * x + 1.0),
        "seed" => two!(|x, y: &Array| 2 * lax::integer_pow(x, 2) + y),
        "add" => two!(lax::add),
        "sub" => two!(lax::sub),
        "mul" => two!(lax::mul),
        "max" => two!(lax::max),
        "min" => two!(lax::min),
        "lt" => two!(lax::lt),
        "eq" => two!(lax::eq),
        "div" => two!(lax::div),
        "add_2d" => two!(|x: &Array, y: &Array| x + y),
        "scalar_vs_vector" => two!(|x, y| lax::mul(&lax::broadcast_in_dim(x, &[2], &[]), y)),
        "and" => two!(lax::bitwise_and),
        "select_n" => two!(|x, y| lax::select_n(&lax::gt(x, y), &[x, y])),
        "select_scalar_pred" => three!(|p, x, y| lax::select_n(p, &[x, y])),
        "clamp" => one!(|x| lax::clamp(&lit(-0.5), x, &lit(0.5))),
        "clamp_arrays" => two!(|lo: &Array, x| lax::clamp(lo, x, &(lo + 1.0))),
        "reduce_sum" => one!(|x| lax::reduce_sum(x, &[1])),
        "reduce_sum_all" => one!(|x| lax::reduce_sum(x, &[0, 1])),
        "reduce_max" => one!(|x| lax::reduce_max(x, &[0])),
        "reduce_min" => one!(|x| lax::reduce_min(x, &[1])),
        "reduce_prod" => one!(|x| lax::reduce_prod(x, &[1])),
        "argmax" => one!(|x| lax::argmax(x, 1, DType::I32)),
        "argmin" => one!(|x| lax::argmin(x, 0, DType::I32)),
        "jnp_sum" => one!(jnp::sum),
        "jnp_sum_axis" => one!(|x| jnp::sum_with(x, |kw| kw.axis(0))),
        "jnp_mean" => one!(|x| jnp::mean_with(x, |kw| kw.axis(1))),
        "jnp_max" => one!(|x| jnp::max_with(x, |kw| kw.axis(1))),
        "cumsum" => one!(|x| lax::cumsum(x, 1, false)),
        "cumsum_rev" => one!(|x| lax::cumsum(x, 0, true)),
        "cummax" => one!(|x| lax::cummax(x, 0, false)),
        "jnp_cumsum" => one!(|x| jnp::cumsum_with(x, |kw| kw.axis(1))),
        "matmul" | "matvec" => two!(move |a, b| lax::dot_general(a, b, dot(1, 0))),
        "dot_vec" => two!(move |a, b| lax::dot_general(a, b, dot(0, 0))),
        "batched_dot" => {
            two!(|a, b| lax::dot_general(a, b, ((vec![2], vec![1]), (vec![0], vec![0]))))
        }
        "jnp_matmul" => two!(|a, b| jnp::matmul(a, b)),
        "mlp" => three!(|x, w, b: &Array| jnp::tanh(jnp::matmul(x, w) + b)),
        "broadcast_in_dim" => one!(|x| lax::broadcast_in_dim(x, &[2, 3], &[1])),
        "broadcast_scalar" => one!(|x| lax::broadcast_in_dim(x, &[2, 3], &[])),
        "reshape" => one!(|x| lax::reshape(x, &[6])),
        "reshape_up" => one!(|x| lax::reshape(x, &[3, 2])),
        "transpose" => one!(|x| lax::transpose(x, &[2, 0, 1])),
        "squeeze" => one!(|x| lax::squeeze(x, &[1])),
        "expand_dims" => one!(|x| lax::expand_dims(x, &[1])),
        "rev" => one!(|x| lax::rev(x, &[0, 1])),
        "concatenate" => two!(|x: &Array, y: &Array| lax::concatenate(&[x.clone(), y.clone()], 0)),
        "concatenate_2d" => {
            two!(|x: &Array, y: &Array| lax::concatenate(&[x.clone(), y.clone()], 1))
        }
        "pad" => one!(|x| lax::pad(x, &lit(0.0), &[(1, 2, 1)])),
        "pad_batched_value" => two!(|x, v| lax::pad(x, v, &[(1, 0, 0)])),
        "slice" => one!(|x| lax::slice(x, &[1], &[5], Some(&[2]))),
        "slice_2d" => one!(|x| lax::slice(x, &[0, 1], &[2, 4], None)),
        "tile" => one!(|x| jnp::tile(x, [2])),
        "stack" => two!(|x: &Array, y: &Array| jnp::stack_with([x, y], |kw| kw.axis(0))),
        "split" => Box::new(|a: &[Array]| jnp::split_with(&a[0], 2usize, |kw| kw.axis(0))),
        "jnp_transpose" => one!(|x: &Array| x.T()),
        "jnp_reshape" => one!(|x: &Array| x.reshape([3, 2])),
        "jnp_broadcast_to" => one!(|x| jnp::broadcast_to(x, [2, 3])),
        "jnp_flip" => one!(|x| jnp::flip_with(x, |kw| kw.axis(0))),
        "jnp_concatenate" => {
            two!(|x: &Array, y: &Array| jnp::concatenate_with([x, y], |kw| kw.axis(0)))
        }
        "jnp_pad" => one!(|x| jnp::pad(x, 1)),
        "jnp_roll" => one!(|x| jnp::roll(x, 1)),
        "jnp_outer" => two!(|x, y| jnp::outer(x, y)),
        "sort" => one!(|x| jnp::sort_with(x, |kw| kw.axis(-1))),
        "sort_2d" => one!(|x| jnp::sort_with(x, |kw| kw.axis(0))),
        "sort_pair" => Box::new(|a: &[Array]| lax::sort_multi(&a[..2], 0, true, 1)),
        "argsort" => one!(|x| jnp::argsort_with(x, |kw| kw.axis(-1))),
        "index_static" => one!(|x: &Array| x.i(1)),
        "index_slice" => one!(|x: &Array| x.i(s![1, ..;-1])),
        "index_gather" => one!(|x: &Array| x.i(jnp::array([3, 0, 1]))),
        "index_batched" | "index_batched_vec" => two!(|x: &Array, i: &Array| x.i(i)),
        "dynamic_slice" => two!(|x, i: &Array| lax::dynamic_slice(x, [i], &[2])),
        "dynamic_update_slice" => three!(|x, u, i: &Array| lax::dynamic_update_slice(x, u, [i])),
        "at_set" => two!(|x: &Array, v: &Array| x.at(1).set(v)),
        "at_add_batched_index" => two!(|x: &Array, i: &Array| x.at(i).add(1.0)),
        "where" => one!(|x: &Array| jnp::where_(jnp::greater(x, 0), x, 0.0)),
        "where_pair" => two!(|x: &Array, y: &Array| jnp::where_(jnp::greater(x, y), x, y)),
        "jnp_clip" => one!(|x| jnp::clip_with(x, |kw| kw.min(-0.5).max(0.5))),
        "iota_add" => one!(|x: &Array| x + lax::iota(DType::I32, 3)),
        "vmap_of_vmap" => one!(|x: &Array| vmap(|r: &Array| jnp::sum(r * r))(x)),
        "vmap_inner_axes" => two!(|x: &Array, y: &Array| {
            vmap_with(
                |r: &Array, s: &Array| r * s,
                |kw| kw.in_axes((1, None)).out_axes(1),
            )(x, y)
        }),
        "captured_outer" => {
            two!(|x: &Array, ys: &Array| { vmap(|y: &Array| x * y + jnp::sin(y))(ys) })
        }
        "captured_outer_matmul" => {
            two!(|v: &Array, m: &Array| { vmap(|row: &Array| jnp::dot(row, v))(m) })
        }
        "jvp_inside" => two!(|x: &Array, t: &Array| jvp(|v: &Array| jnp::sin(v), (x,), (t,)).1),
        "jit_inside" => two!(|x: &Array, y: &Array| {
            jit_call("<lambda>", &[x.clone(), y.clone()], |b: &[Array]| {
                vec![lax::mul(&b[0], &b[1]) + 1.0]
            })
            .remove(0)
        }),
        "many_outputs" => Box::new(|a: &[Array]| vec![&a[0] * 2.0, jnp::ones([2])]),
        "unbatched_output" => Box::new(|a: &[Array]| vec![&a[0] + &a[1], &a[1] * 2.0]),
        "at_mul_batched_index" => three!(|x: &Array, i: &Array, v: &Array| x.at(i).mul(v)),
        "at_min" => two!(|x: &Array, v: &Array| x.at(jnp::array([0, 2])).min(v)),
        "at_max_rows" => two!(|x: &Array, v: &Array| x.at(1).max(v)),
        "take" => two!(|x, i| jnp::take_with(x, i, |kw| kw.axis(1))),
        "gather_2d" => one!(|x: &Array| x.i(s![jnp::array([2, 0]), jnp::array([1, 3])])),
        "dynamic_slice_2d" => {
            three!(|x, i: &Array, j: &Array| lax::dynamic_slice(x, [i, j], &[2, 2]))
        }
        "cumprod" => one!(|x| lax::cumprod(x, 1, false)),
        "cummin_rev" => one!(|x| lax::cummin(x, 0, true)),
        "sort_unbatched_values" => Box::new(|a: &[Array]| lax::sort_multi(&a[..2], 0, true, 1)),
        "unstack" => Box::new(|a: &[Array]| jnp::unstack_with(&a[0], |kw| kw.axis(1))),
        "argsort_2d" => one!(|x| jnp::argsort_with(x, |kw| kw.axis(1))),
        "where_pred_only" => one!(|p| jnp::where_(p, 1.0, -1.0)),
        "clip_batched_bounds" => two!(|x, m: &Array| jnp::clip_with(x, |kw| kw.min(-m).max(m))),
        "iota_only" => Box::new(|a: &[Array]| vec![a[0].clone(), lax::iota(DType::F32, 3)]),
        "negative_out_axes" => one!(|x| jnp::exp(x) * 2.0),
        "mean_var" => Box::new(|a: &[Array]| vec![jnp::mean(&a[0]), jnp::var(&a[0])]),
        "softmax" => {
            one!(|x: &Array| { jnp::exp(x - jnp::max(x)) / jnp::sum(jnp::exp(x - jnp::max(x))) })
        }
        "convert_bool_sum" => one!(|x| jnp::sum(jnp::greater(x, 0))),
        "rem_sign" => two!(|x, y| lax::rem(x, y) * lax::sign(y)),
        "pow" => two!(lax::pow),
        "atan2" => two!(lax::atan2),
        "normal_partitionable" => one!(|k| random::normal(k, [3])),
        "normal" => one!(|k| random::normal(k, [3])),
        "uniform" => one!(|k| random::uniform(k, [2, 2])),
        "bits" => one!(|k| random::bits(k, [3])),
        "split_inside" => one!(|k| random::split_n(k, 2)),
        "fold_in" => two!(|k, i: &Array| random::fold_in(k, i)),
        "normal_scaled" => two!(|k, x: &Array| random::normal(k, [3]) * x),
        _ => return None,
    };
    Some(c)
}

fn arrays(v: &Value) -> Vec<Array> {
    v.as_array().unwrap().iter().map(array).collect()
}

fn axes(v: &Value) -> Vec<Option<i32>> {
    match v {
        Value::Array(items) => items.iter().map(|a| a.as_i64().map(|a| a as i32)).collect(),
        other => vec![other.as_i64().map(|a| a as i32)],
    }
}

/// `vmap(f, in_axes, out_axes)` called on `args`.
fn run(f: &Case, args: &[Array], in_axes: Vec<Option<i32>>, out_axes: &Value) -> Vec<Array> {
    let out = axes(out_axes);
    let kw = move |kw: jaxrs_core::api::VmapKw| {
        let kw = kw.in_axes(in_axes.clone());
        if out_axes.is_array() {
            kw.out_axes(out.clone())
        } else {
            kw.out_axes(out[0])
        }
    };
    match args.len() {
        1 => vmap_with(|x: &Array| f(std::slice::from_ref(x)), kw)(&args[0]),
        2 => vmap_with(|x: &Array, y: &Array| f(&[x.clone(), y.clone()]), kw)(&args[0], &args[1]),
        3 => vmap_with(
            |x: &Array, y: &Array, z: &Array| f(&[x.clone(), y.clone(), z.clone()]),
            kw,
        )(&args[0], &args[1], &args[2]),
        n => panic!("no case has {n} arguments"),
    }
}

fn jaxpr_text(f: &Case, args: &[Array], in_axes: Vec<Option<i32>>, out_axes: &Value) -> String {
    match args.len() {
        1 => make_jaxpr(|x: &Array| run(f, std::slice::from_ref(x), in_axes.clone(), out_axes))(
            &args[0],
        )
        .to_string(),
        2 => make_jaxpr(|x: &Array, y: &Array| {
            run(f, &[x.clone(), y.clone()], in_axes.clone(), out_axes)
        })(&args[0], &args[1])
        .to_string(),
        3 => make_jaxpr(|x: &Array, y: &Array, z: &Array| {
            run(
                f,
                &[x.clone(), y.clone(), z.clone()],
                in_axes.clone(),
                out_axes,
            )
        })(&args[0], &args[1], &args[2])
        .to_string(),
        n => panic!("no case has {n} arguments"),
    }
}

/// Whether `got` equals `want` bit for bit (any NaN equals any NaN).
fn matches(got: &Array, want: &Array) -> bool {
    if got.shape() != want.shape() || got.dtype() != want.dtype() {
        return false;
    }
    if got.dtype() != DType::F32 {
        let g = got.as_concrete().unwrap().data().to_scalars();
        let w = want.as_concrete().unwrap().data().to_scalars();
        return g == w;
    }
    got.to_vec::<f32>()
        .iter()
        .zip(want.to_vec::<f32>())
        .all(|(g, w)| g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()))
}

#[test]
fn vmap_values_equal_jax() {
    let _mode = prng_mode();
    let g = golden();
    let cases = g["cases"].as_array().unwrap();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let f = case(name).unwrap_or_else(|| panic!("no Rust twin for {name}"));
        let args = arrays(&c["args"]);
        set_threefry_partitionable(name.ends_with("_partitionable"));
        let got = run(&f, &args, axes(&c["in_axes"]), &c["out_axes"]);
        let want = arrays(&c["out"]);
        let ok = got.len() == want.len() && got.iter().zip(&want).all(|(a, b)| matches(a, b));
        if !ok {
            failures.push(format!(
                "{name} in_axes={} out_axes={}: got {got:?}, JAX {want:?}",
                c["in_axes"], c["out_axes"]
            ));
        }
    }
    set_threefry_partitionable(false);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn vmap_jaxprs_equal_jax() {
    let _mode = prng_mode();
    let g = golden();
    let mut checked = 0;
    let mut failures = Vec::new();
    for c in g["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let f = case(name).unwrap();
        let args = arrays(&c["args"]);
        let want = c["jaxpr"].as_str().unwrap();
        set_threefry_partitionable(name.ends_with("_partitionable"));
        let got = jaxpr_text(&f, &args, axes(&c["in_axes"]), &c["out_axes"]);
        if got == want {
            checked += 1;
        } else {
            failures.push(format!(
                "{name} in_axes={} out_axes={}:\n--- JAX\n{want}\n--- jaxrs\n{got}",
                c["in_axes"], c["out_axes"]
            ));
        }
    }
    set_threefry_partitionable(false);
    eprintln!("{checked} vmap jaxprs identical to JAX's");
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        failures.len() + checked,
        failures.join("\n\n")
    );
}

/// The walkthrough's Monte-Carlo idiom: `vmap(|k| random::normal(k, [3]))` over
/// `random::split_n(&key, 4)` gives JAX's keys and JAX's bits.
#[test]
fn normal_over_split_keys_matches_jax_bits() {
    let _mode = prng_mode();
    let g = golden();
    let s = &g["split_normal"];
    let key = random::prng_key(s["seed"].as_i64().unwrap());
    let keys = random::split_n(&key, s["n"].as_u64().unwrap() as usize);
    assert!(matches(&keys, &array(&s["keys"])));
    let normals = vmap(|k: &Array| random::normal(k, [3]))(&keys);
    assert!(matches(&normals, &array(&s["out"])), "{normals:?}");
}

/// `jvp(vmap(f))`: values and jaxpr as JAX's.
#[test]
fn jvp_of_vmap_matches_jax() {
    let g = golden();
    let c = &g["jvp_of_vmap"];
    let (x, t) = (array(&c["x"]), array(&c["t"]));
    let f = |r: &Array| jnp::sin(r) * r + jnp::sum(r);
    let (y, ty) = jvp(vmap(f), (&x,), (&t,));
    assert!(matches(&y, &array(&c["y"])), "{y:?}");
    assert!(matches(&ty, &array(&c["ty"])), "{ty:?}");
    let text = make_jaxpr(|a: &Array, b: &Array| {
        let (y, ty) = jvp(vmap(f), (a,), (b,));
        vec![y, ty]
    })(&x, &t)
    .to_string();
    assert_eq!(text, c["jaxpr"].as_str().unwrap());
}

/// A vmapped matmul is one `dot_general` with the batch as a dot batch dimension, and a
/// vmap of a vmap is two levels of it: no loops.
#[test]
fn vmapped_matmul_is_one_dot_general() {
    let a = jnp::ones([5, 2, 3]);
    let b = jnp::ones([5, 3, 4]);
    let j = make_jaxpr(|a: &Array, b: &Array| vmap(|x: &Array, y: &Array| jnp::matmul(x, y))(a, b))(
        &a, &b,
    );
    assert_eq!(j.jaxpr.eqns.len(), 1);
    assert_eq!(j.jaxpr.eqns[0].primitive.name(), "dot_general");
    let c = jnp::ones([6, 5, 3]);
    let inner = |x: &Array| {
        vmap(|r: &Array| lax::dot_general(r, r, ((vec![0], vec![0]), (vec![], vec![]))))(x)
    };
    let j = make_jaxpr(|c: &Array| vmap(inner)(c))(&c);
    assert_eq!(j.jaxpr.eqns.len(), 1);
    assert_eq!(j.out_avals()[0].shape, vec![6, 5]);
}

fn full_panic_message(f: impl FnOnce()) -> String {
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).expect_err("a panic");
    match err.downcast::<String>() {
        Ok(s) => *s,
        Err(e) => e
            .downcast::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    }
}

/// JAX's message of a `vmap` check, without the line naming where `vmap` was applied
/// (which must be in this file).
fn panic_message(f: impl FnOnce()) -> String {
    let full = full_panic_message(f);
    let marker = format!("\n(in the function `vmap` returned at {}:", file!());
    let at = full
        .find(&marker)
        .unwrap_or_else(|| panic!("no line of this file in {full:?}"));
    full[..at].to_string()
}

/// The checks of the mapped closure cannot panic at the caller's line (no
/// `#[track_caller]` closures on stable Rust); their message names the line where `vmap`
/// was applied.
#[test]
fn errors_name_the_line_where_vmap_was_applied() {
    let id = |x: &Array| x.clone();
    let x = jnp::zeros([3]);
    let (m, line) = (
        full_panic_message(|| drop(vmap_with(id, |kw| kw.out_axes(None))(&x))),
        line!(),
    );
    let want = format!(
        "at vmap out_axes, got axis spec None but output was batched on axis 0\n(in the \
         function `vmap` returned at {}:{}:",
        file!(),
        line - 1
    );
    assert!(m.starts_with(&want) && m.ends_with(')'), "{m:?}");
}

/// JAX's messages (from JAX 0.10.2 for a function whose signature it cannot inspect, so it
/// names arguments `args[i]`, as jaxrs always does).
#[test]
fn errors_use_jax_messages() {
    let id2 = |x: &Array, _y: &Array| x.clone();
    let id3 = |x: &Array, _y: &Array, _z: &Array| x.clone();
    let z = |shape: &[usize]| jnp::zeros(shape.to_vec());
    assert_eq!(
        panic_message(|| drop(vmap(id2)(&z(&[4, 3]), &z(&[5, 3])))),
        "vmap got inconsistent sizes for array axes to be mapped:\n  * one axis had size 4: \
         axis 0 of args[0] of type float32[4,3];\n  * one axis had size 5: axis 0 of args[1] \
         of type float32[5,3]"
    );
    assert_eq!(
        panic_message(|| drop(vmap(id3)(&z(&[4, 3]), &z(&[5, 3]), &z(&[5, 2])))),
        "vmap got inconsistent sizes for array axes to be mapped:\n  * most axes (2 of them) \
         had size 5, e.g. axis 0 of args[1] of type float32[5,3];\n  * one axis had size 4: \
         axis 0 of args[0] of type float32[4,3]"
    );
    let ints = jnp::zeros_with([6, 2], |kw| kw.dtype(DType::I32));
    assert_eq!(
        panic_message(|| drop(vmap_with(id3, |kw| kw.in_axes((0, 1, 0)))(
            &z(&[4, 3]),
            &z(&[5, 4]),
            &ints
        ))),
        "vmap got inconsistent sizes for array axes to be mapped:\n  * most axes (2 of them) \
         had size 4, e.g. axis 0 of args[0] of type float32[4,3];\n  * one axis had size 6: \
         axis 0 of args[2] of type int32[6,2]"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id2, |kw| kw.axis_size(3))(
            &z(&[4, 3]),
            &z(&[4, 3])
        ))),
        "vmap got inconsistent sizes for array axes to be mapped:\n  * the `axis_size` \
         argument was 3;\n  * most axes (2 of them) had size 4, e.g. axis 0 of args[0] of \
         type float32[4,3]"
    );
    let id = |x: &Array| x.clone();
    assert_eq!(
        panic_message(|| drop(vmap(id)(&z(&[])))),
        "vmap was requested to map its argument along axis 0, which implies that its rank \
         should be at least 1, but is only 0 (its shape is ())"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id, |kw| kw.in_axes(-3))(&z(&[3, 2])))),
        "vmap was requested to map its argument along axis -3, which implies that its rank \
         should be at least 3, but is only 2 (its shape is (3, 2))"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id2, |kw| kw.in_axes((0,)))(&z(&[3]), &z(&[3])))),
        "vmap in_axes must be an int, None, or a tuple of entries corresponding to the \
         positional arguments passed to the function, but got len(in_axes)=1, len(args)=2"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id, |kw| kw.in_axes(None))(&z(&[3])))),
        "vmap must have at least one non-None value in in_axes or axis_size must be specified"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id, |kw| kw.out_axes(None))(&z(&[3])))),
        "at vmap out_axes, got axis spec None but output was batched on axis 0"
    );
    let pair = |x: &Array| (x.clone(), x.clone());
    assert_eq!(
        panic_message(|| drop(vmap_with(pair, |kw| kw.out_axes((0, None)))(&z(&[3])))),
        "at vmap out_axes[1], got axis spec None but output was batched on axis 0"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id, |kw| kw.out_axes(3))(&z(&[3])))),
        "axis 3 is out of bounds for array of dimension 1"
    );
    assert_eq!(
        panic_message(|| drop(vmap_with(id, |kw| kw.out_axes(-3))(&z(&[3])))),
        "axis -3 is out of bounds for array of dimension 1"
    );
    let double = |x: &Array| x * 2.0;
    assert_eq!(
        panic_message(|| drop(vmap_with(double, |kw| kw
            .in_axes(None)
            .axis_size(2)
            .out_axes(3))(&z(&[3])))),
        "axis 3 is out of bounds for array of dimension 2"
    );
}

/// `axis_size` maps a function of no mapped argument: the result is broadcast.
#[test]
fn axis_size_broadcasts_unmapped_results() {
    let x = jnp::array([1.0f32, 2.0]);
    let f = vmap_with(
        |x: &Array| x * 2.0,
        |kw| kw.in_axes(None).axis_size(3).out_axes(1),
    );
    let y = f(&x);
    assert_eq!(y.shape(), &[2, 3]);
    assert_eq!(y.to_vec::<f32>(), vec![2.0, 2.0, 2.0, 4.0, 4.0, 4.0]);
}
