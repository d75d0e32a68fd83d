//! Forward-mode derivatives against `jax.jvp`: each function here is also defined, under
//! the same name, in `tools/golden/gen_jvp.py`, which records JAX 0.10.2's primal and
//! tangent outputs and, for most, the printed jaxpr of `make_jaxpr` of the `jvp`.
//!
//! Values: float32 results equal JAX's bits (the scalar table reproduces XLA:CPU's
//! approximations), except the few cases `ulps_allowed` names. Jaxpr text: character for
//! character.

mod structure_common;

use jaxrs_core::api::{jit_call, jvp, make_jaxpr};
use jaxrs_core::jaxpr::eval_jaxpr;
use jaxrs_core::lax;
use jaxrs_core::numpy::{self as jnp, ArrayLike};
use jaxrs_core::primitive::Primitive;
use jaxrs_core::{s, Array};
use serde_json::Value;
use structure_common::{array, load};

type Case = Box<dyn Fn(&[Array]) -> Vec<Array>>;

fn lit(x: impl ArrayLike) -> Array {
    x.into_operand().into_array()
}

fn reduce(p: Primitive, x: &Array) -> Array {
    lax::bind_n(p, std::slice::from_ref(x)).remove(0)
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
    let c: Case = match name {
        "sin" => one!(lax::sin),
        "cos" => one!(lax::cos),
        "tan" => one!(lax::tan),
        "exp" => one!(lax::exp),
        "exp2" => one!(lax::exp2),
        "log" => one!(lax::log),
        "log1p" => one!(lax::log1p),
        "expm1" => one!(lax::expm1),
        "tanh" => one!(lax::tanh),
        "logistic" => one!(lax::logistic),
        "sqrt" => one!(lax::sqrt),
        "rsqrt" => one!(lax::rsqrt),
        "cbrt" => one!(lax::cbrt),
        "asin" => one!(lax::asin),
        "acos" => one!(lax::acos),
        "atan" => one!(lax::atan),
        "sinh" => one!(lax::sinh),
        "cosh" => one!(lax::cosh),
        "asinh" => one!(lax::asinh),
        "atanh" => one!(lax::atanh),
        "abs" => one!(lax::abs),
        "square" => one!(lax::square),
        "erf" => one!(lax::erf),
        "neg" => one!(lax::neg),
        "floor" => one!(lax::floor),
        "integer_pow_3" => one!(|x| lax::integer_pow(x, 3)),
        "seed" => two!(|x, y: &Array| 2 * lax::integer_pow(x, 2) + y),
        "mul" => two!(|x: &Array, y: &Array| x * y),
        "div" => two!(lax::div),
        "max" => two!(lax::max),
        "min" => two!(lax::min),
        "atan2" => two!(lax::atan2),
        "pow" => two!(lax::pow),
        "sub_scalar" => one!(|x: &Array| 1.0 - x),
        "reduce_sum" => one!(|x| reduce(Primitive::ReduceSum { axes: vec![1] }, x)),
        "reduce_max" => one!(|x| reduce(Primitive::ReduceMax { axes: vec![0] }, x)),
        "structural" => {
            one!(|x| lax::rev(&lax::transpose(&lax::reshape(x, &[3, 2]), &[1, 0]), &[0]))
        }
        "broadcast" => one!(|x: &Array| lax::broadcast_in_dim(x, &[2, 3], &[1]) * x),
        "concat_pad_slice" => two!(|x: &Array, y: &Array| {
            let cat = lax::concatenate(&[x.clone(), y.clone()], 0);
            lax::slice(&lax::pad(&cat, &lit(0.0), &[(1, 1, 0)]), &[1], &[6], None)
        }),
        "dot_general" => {
            two!(|a, b| lax::dot_general(a, b, ((vec![1], vec![0]), (vec![], vec![]))))
        }
        "select_n" => two!(|x, y| lax::select_n(&lax::gt(x, y), &[x, y])),
        "clamp" => one!(|x| lax::clamp(&lit(-0.5), x, &lit(0.5))),
        "where" => one!(|x: &Array| jnp::where_(jnp::greater(x, 0), x, 0.0)),
        "const_output" => Box::new(|a: &[Array]| vec![lax::sin(&a[0]), jnp::ones([3]), lit(3.0)]),
        "unused_input" => Box::new(|a: &[Array]| vec![lax::exp(&a[0])]),
        "many_outputs" => Box::new(|a: &[Array]| {
            let x = &a[0];
            vec![x.clone(), lax::sin(x) * x, lax::cos(x) + 1.0]
        }),
        "jvp_of_jvp" => one!(|x: &Array| jvp(|z: &Array| lax::sin(z), (x,), (x,)).1),
        "jvp_of_jvp_of_jvp" => {
            one!(|x: &Array| {
                jvp(
                    |y: &Array| jvp(|z: &Array| lax::exp(z), (y,), (y,)).1,
                    (x,),
                    (x,),
                )
                .1
            })
        }
        "jvp_through_make_jaxpr" => Box::new(|a: &[Array]| {
            let jaxpr = make_jaxpr(|y: &Array| lax::sin(y) * y)(&a[0]);
            eval_jaxpr(&jaxpr, &a[..1])
        }),
        "jit_call" => Box::new(|a: &[Array]| {
            jit_call("<lambda>", &a[..2], |b: &[Array]| {
                vec![lax::mul(&b[0], &b[1]) + 1.0]
            })
        }),
        "jnp_mean" => one!(jnp::mean),
        "jnp_var" => one!(jnp::var),
        "jnp_std" => one!(|x| jnp::std_with(x, |kw| kw.axis(0))),
        "jnp_max_axis" => one!(|x| jnp::max_with(x, |kw| kw.axis(1))),
        "jnp_matmul" => two!(|a, b| jnp::matmul(a, b)),
        "jnp_clip" => one!(|x| jnp::clip_with(x, |kw| kw.min(-0.5).max(0.5))),
        "jnp_cumsum" => one!(|x| jnp::cumsum_with(x, |kw| kw.axis(1))),
        "jnp_index" => one!(|x: &Array| x.i(s![1, ..;-1])),
        "jnp_gather" => one!(|x: &Array| x.i(jnp::array([3, 0, 1]))),
        "jnp_at_add" => two!(|x: &Array, y: &Array| x.at(1).add(y.i(0))),
        "jnp_exp_sum" => one!(|x: &Array| jnp::sum(jnp::exp(x) / (1.0 + x.powi(2)))),
        "jnp_softplus_like" => {
            one!(|x: &Array| { jnp::log1p(jnp::exp(-jnp::abs(x))) + jnp::maximum(x, 0.0) })
        }
        "jnp_where_nested" => two!(|x: &Array, y: &Array| {
            jnp::where_(jnp::greater(x, y), jnp::sin(x), jnp::cos(y))
        }),
        "jnp_sort" => one!(|x| jnp::sort(x)),
        "jnp_sort_2d" => one!(|x| jnp::sort_with(x, |kw| kw.axis(0))),
        "jnp_at_set" => one!(|x: &Array| x.at(1).set(x.i(0))),
        "cumprod" => one!(|x| reduce(
            Primitive::Cumprod {
                axis: 0,
                reverse: false
            },
            x
        )),
        "cummax_reverse" => one!(|x| reduce(
            Primitive::Cummax {
                axis: 1,
                reverse: true
            },
            x
        )),
        "cummin" => one!(|x| reduce(
            Primitive::Cummin {
                axis: 0,
                reverse: false
            },
            x
        )),
        "jnp_cumprod" => one!(jnp::cumprod),
        "jnp_tile" => one!(|x: &Array| jnp::tile(x, [2]) * x.i(0)),
        "jnp_split" => Box::new(|a: &[Array]| jnp::split(&a[0], 2)),
        "jnp_roll" => one!(|x: &Array| jnp::roll(x, 1) * x),
        "jnp_pad" => one!(|x: &Array| jnp::pad(x, 1).powi(2)),
        "jnp_repeat" => one!(|x: &Array| jnp::repeat(x, 2) + 1.0),
        "jnp_tril" => one!(|x: &Array| jnp::matmul(jnp::tril(x), x)),
        "jnp_at_max" => one!(|x: &Array| x.at(1).max(x.i(0))),
        "jnp_at_min_many" => two!(|x: &Array, y: &Array| x.at(jnp::array([0, 2, 0])).min(y)),
        "jnp_at_mul" => two!(|x: &Array, y: &Array| x.at(1).mul(y.i(2))),
        "jnp_at_set_overlapping" => {
            let idx = jnp::array([0, 2, 0]);
            Box::new(move |a: &[Array]| vec![a[0].at(&idx).set(a[0].i(s![1..4]))])
        }
        "jnp_at_set_rows" => two!(|x: &Array, y: &Array| x.at(jnp::array([1, 1])).set(y * 2.0)),
        "reduce_prod" => one!(|x| reduce(Primitive::ReduceProd { axes: vec![0] }, x)),
        "jnp_prod" => one!(jnp::prod),
        "jnp_prod_axis1" => one!(|x| jnp::prod_with(x, |kw| kw.axis(1))),
        _ => return None,
    };
    Some(c)
}

fn arrays(v: &Value) -> Vec<Array> {
    v.as_array().unwrap().iter().map(array).collect()
}

/// Runs `jvp` of `f` with as many arguments as there are primals.
fn run_jvp(f: &Case, p: &[Array], t: &[Array]) -> (Vec<Array>, Vec<Array>) {
    match p.len() {
        1 => jvp(|x: &Array| f(std::slice::from_ref(x)), (&p[0],), (&t[0],)),
        2 => jvp(
            |x: &Array, y: &Array| f(&[x.clone(), y.clone()]),
            (&p[0], &p[1]),
            (&t[0], &t[1]),
        ),
        n => panic!("no case has {n} arguments"),
    }
}

fn jaxpr_text(f: &Case, p: &[Array], t: &[Array]) -> String {
    let cat = |(a, b): (Vec<Array>, Vec<Array>)| a.into_iter().chain(b).collect::<Vec<_>>();
    match p.len() {
        1 => make_jaxpr(|x: &Array, tx: &Array| {
            cat(run_jvp(
                f,
                std::slice::from_ref(x),
                std::slice::from_ref(tx),
            ))
        })(&p[0], &t[0])
        .to_string(),
        2 => make_jaxpr(|x: &Array, y: &Array, tx: &Array, ty: &Array| {
            cat(run_jvp(
                f,
                &[x.clone(), y.clone()],
                &[tx.clone(), ty.clone()],
            ))
        })(&p[0], &p[1], &t[0], &t[1])
        .to_string(),
        n => panic!("no case has {n} arguments"),
    }
}

/// The tolerance of a case in ulp: none (bits compare), except where the README's
/// "Tolerances in tests" say why: `atan` of arrays under 64 elements (XLA's other `atan`,
/// measured 2 ulp).
fn ulps_allowed(name: &str) -> u32 {
    match name {
        "atan" => 2,
        _ => 0,
    }
}

fn ulps(a: f32, b: f32) -> u32 {
    let key = |x: f32| {
        let i = x.to_bits() as i32;
        if i < 0 {
            i32::MIN.wrapping_sub(i)
        } else {
            i
        }
    };
    key(a).wrapping_sub(key(b)).unsigned_abs()
}

fn close(got: &Array, want: &Array, allowed: u32) -> bool {
    if got.shape() != want.shape() || got.dtype() != want.dtype() {
        return false;
    }
    got.to_vec::<f32>()
        .iter()
        .zip(want.to_vec::<f32>())
        .all(|(&g, w)| {
            (g.is_nan() && w.is_nan()) || g.to_bits() == w.to_bits() || ulps(g, w) <= allowed
        })
}

#[test]
fn jvp_values_equal_jax() {
    let g = load("jvp.json");
    let cases = g["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let f = case(name).unwrap_or_else(|| panic!("no Rust twin for {name}"));
        let (p, t) = (arrays(&c["primals"]), arrays(&c["tangents"]));
        let (po, to) = run_jvp(&f, &p, &t);
        let (wp, wt) = (arrays(&c["primal_out"]), arrays(&c["tangent_out"]));
        let ok = po.len() == wp.len()
            && to.len() == wt.len()
            && po
                .iter()
                .zip(&wp)
                .all(|(a, b)| close(a, b, ulps_allowed(name)))
            && to
                .iter()
                .zip(&wt)
                .all(|(a, b)| close(a, b, ulps_allowed(name)));
        if !ok {
            failures.push(format!("{name}: got {po:?} / {to:?}, JAX {wp:?} / {wt:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn jvp_jaxprs_equal_jax() {
    let g = load("jvp.json");
    let mut checked = 0;
    let mut failures = Vec::new();
    for c in g["cases"].as_array().unwrap() {
        let Some(want) = c["jaxpr"].as_str() else {
            continue;
        };
        let name = c["name"].as_str().unwrap();
        let f = case(name).unwrap();
        let (p, t) = (arrays(&c["primals"]), arrays(&c["tangents"]));
        let got = jaxpr_text(&f, &p, &t);
        if got == want {
            checked += 1;
        } else {
            failures.push(format!("{name}:\n--- JAX\n{want}\n--- jaxrs\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 10, "only {checked} jaxprs checked");
}

/// Cases whose eager jvp runs a `jnp` function's derivative as one computation (JAX jits
/// the ufunc with `inline=True`) in which XLA contracts a multiply-add (`true_divide`'s
/// `t/y + (-(t·x))·y⁻²`), which the staged jaxpr's equations, run one by one, round twice
/// (as JAX's `eval_jaxpr` does).
const EAGER_CONTRACTS: &[&str] = &["jnp_exp_sum"];

/// The staged jvp, run by `eval_jaxpr`, gives exactly what the eager jvp gives, except
/// where the eager jvp contracts ([`EAGER_CONTRACTS`], which must still differ).
#[test]
fn staged_jvp_evaluates_like_eager_jvp() {
    let g = load("jvp.json");
    for c in g["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let f = case(name).unwrap();
        let (p, t) = (arrays(&c["primals"]), arrays(&c["tangents"]));
        let cat = |(a, b): (Vec<Array>, Vec<Array>)| a.into_iter().chain(b).collect::<Vec<_>>();
        let jaxpr = match p.len() {
            1 => make_jaxpr(|x: &Array, tx: &Array| {
                cat(run_jvp(
                    &f,
                    std::slice::from_ref(x),
                    std::slice::from_ref(tx),
                ))
            })(&p[0], &t[0]),
            _ => make_jaxpr(|x: &Array, y: &Array, tx: &Array, ty: &Array| {
                cat(run_jvp(
                    &f,
                    &[x.clone(), y.clone()],
                    &[tx.clone(), ty.clone()],
                ))
            })(&p[0], &p[1], &t[0], &t[1]),
        };
        assert_eq!(jaxpr.jaxpr.typecheck(), Ok(()), "{name}");
        let args: Vec<Array> = p.iter().chain(&t).cloned().collect();
        let staged = eval_jaxpr(&jaxpr, &args);
        let eager = cat(run_jvp(&f, &p, &t));
        assert_eq!(staged.len(), eager.len(), "{name}");
        let printed = |v: &[Array]| v.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>();
        for (a, b) in staged.iter().zip(&eager) {
            assert_eq!(a.aval(), b.aval(), "{name}");
        }
        if EAGER_CONTRACTS.contains(&name) {
            assert_ne!(
                printed(&staged),
                printed(&eager),
                "{name}: drop it from EAGER_CONTRACTS"
            );
        } else {
            assert_eq!(printed(&staged), printed(&eager), "{name}");
        }
    }
}

#[test]
fn jvp_tracers_print_primal_and_tangent() {
    let x = jnp::array([1.0f32, 2.0]);
    let seen = std::cell::RefCell::new(String::new());
    jvp(
        |y: &Array| {
            *seen.borrow_mut() = format!("{y:?}");
            y.clone()
        },
        (&x,),
        (&x,),
    );
    assert_eq!(*seen.borrow(), "JVPTracer(primal=[1. 2.], tangent=[1. 2.])");
}

#[test]
fn jvp_primal_value_is_concrete() {
    // Under jvp alone (no staging) the primal is known, so `item` works as in JAX.
    let x = jnp::array(2.0f32);
    let (y, dy) = jvp(
        |y: &Array| {
            let v = y.item::<f32>();
            y * v
        },
        (&x,),
        (&x,),
    );
    assert_eq!((y.item::<f32>(), dy.item::<f32>()), (4.0, 4.0));
}

#[test]
#[should_panic(expected = "Differentiation rule for 'nextafter' not implemented")]
fn missing_rule_names_the_primitive() {
    let x = jnp::array([1.0f32, 2.0]);
    jvp(|y: &Array| lax::nextafter(y, y), (&x,), (&x,));
}
