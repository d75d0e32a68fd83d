//! Golden jaxprs: each function here is also defined, under the same name, in
//! `tools/golden/gen_jaxprs.py`, which records JAX 0.10.2's printed jaxpr of it. The text
//! `make_jaxpr` prints must equal JAX's character for character, and `eval_jaxpr` of the
//! jaxpr must give exactly (bit for bit) what running the function eagerly gives, and the
//! jaxpr must typecheck.

mod structure_common;

use jaxrs_core::api::{jit_call, make_jaxpr};
use jaxrs_core::dtype::{DType, Scalar};
use jaxrs_core::jaxpr::{eval_jaxpr, ClosedJaxpr};
use jaxrs_core::lax;
use jaxrs_core::numpy::{self as jnp, ArrayLike, Ellipsis, NewAxis};
use jaxrs_core::primitive::{
    GatherDimensionNumbers, GatherScatterMode, Primitive, RoundingMethod, ScatterDimensionNumbers,
};
use jaxrs_core::{random, s, Array};
use structure_common::{array, load};

type Case = Box<dyn Fn(&[Array]) -> Vec<Array>>;

/// A Rust scalar as the 0-d weak array a jnp function would make of it.
fn lit(x: impl ArrayLike) -> Array {
    x.into_operand().into_array()
}

fn bind1(p: Primitive, xs: &[Array]) -> Array {
    lax::bind_n(p, xs).remove(0)
}

/// Binds a one-operand primitive that has no `lax` wrapper yet.
fn p1(p: Primitive, x: &Array) -> Array {
    bind1(p, std::slice::from_ref(x))
}

fn gdn() -> GatherDimensionNumbers {
    GatherDimensionNumbers {
        offset_dims: vec![1],
        collapsed_slice_dims: vec![0],
        start_index_map: vec![0],
        ..Default::default()
    }
}

fn sdn() -> ScatterDimensionNumbers {
    ScatterDimensionNumbers {
        update_window_dims: vec![1],
        inserted_window_dims: vec![0],
        scatter_dims_to_operand_dims: vec![0],
        ..Default::default()
    }
}

fn inner(a: &Array, b: &Array) -> Array {
    lax::mul(a, b) + 1.0
}

fn big(a: &Array) -> Array {
    let mut a = a.clone();
    for k in 0..11 {
        a = a + k as f64;
    }
    a
}

/// The Rust twin of each Python case, by name.
fn case(name: &str) -> Option<Case> {
    macro_rules! one {
        ($f:expr) => {
            Box::new(move |a: &[Array]| vec![$f(&a[0])])
        };
    }
    macro_rules! two {
        ($f:expr) => {
            Box::new(move |a: &[Array]| vec![$f(&a[0], &lax::rev(&a[1], &[0]))])
        };
    }
    let c: Case = match name {
        "neg" => one!(lax::neg),
        "sign" => one!(lax::sign),
        "floor" => one!(lax::floor),
        "ceil" => one!(lax::ceil),
        "is_finite" => one!(lax::is_finite),
        "exp" => one!(lax::exp),
        "exp2" => one!(lax::exp2),
        "log" => one!(lax::log),
        "log1p" => one!(lax::log1p),
        "expm1" => one!(lax::expm1),
        "tanh" => one!(lax::tanh),
        "logistic" => one!(lax::logistic),
        "sin" => one!(lax::sin),
        "cos" => one!(lax::cos),
        "tan" => one!(lax::tan),
        "asin" => one!(lax::asin),
        "acos" => one!(lax::acos),
        "atan" => one!(lax::atan),
        "sinh" => one!(lax::sinh),
        "cosh" => one!(lax::cosh),
        "asinh" => one!(lax::asinh),
        "acosh" => one!(lax::acosh),
        "atanh" => one!(lax::atanh),
        "sqrt" => one!(lax::sqrt),
        "rsqrt" => one!(lax::rsqrt),
        "cbrt" => one!(lax::cbrt),
        "abs" => one!(lax::abs),
        "not" => one!(lax::bitwise_not),
        "erf" => one!(lax::erf),
        "erfc" => one!(lax::erfc),
        "erf_inv" => one!(lax::erf_inv),
        "lgamma" => one!(lax::lgamma),
        "digamma" => one!(lax::digamma),
        "square" => one!(lax::square),
        "round_away" => one!(|x: &Array| p1(
            Primitive::Round {
                rounding_method: RoundingMethod::AwayFromZero
            },
            x
        )),
        "round_even" => one!(|x: &Array| p1(
            Primitive::Round {
                rounding_method: RoundingMethod::ToNearestEven
            },
            x
        )),
        "integer_pow_3" => one!(|x| lax::integer_pow(x, 3)),
        "integer_pow_neg2" => one!(|x| lax::integer_pow(x, -2)),
        "convert_to_i32" => one!(|x| lax::convert_element_type(x, DType::I32, false)),
        "bitcast_to_i32" => one!(|x| lax::bitcast_convert_type(x, DType::I32)),
        "add" => two!(lax::add),
        "sub" => two!(lax::sub),
        "mul" => two!(lax::mul),
        "div" => two!(lax::div),
        "rem" => two!(lax::rem),
        "pow" => two!(lax::pow),
        "max" => two!(lax::max),
        "min" => two!(lax::min),
        "atan2" => two!(lax::atan2),
        "nextafter" => two!(lax::nextafter),
        "eq" => two!(lax::eq),
        "ne" => two!(lax::ne),
        "lt" => two!(lax::lt),
        "le" => two!(lax::le),
        "gt" => two!(lax::gt),
        "ge" => two!(lax::ge),
        "and" => two!(lax::bitwise_and),
        "or" => two!(lax::bitwise_or),
        "xor" => two!(lax::bitwise_xor),
        "shift_left" => two!(lax::shift_left),
        "shift_right_logical" => two!(lax::shift_right_logical),
        "shift_right_arithmetic" => two!(lax::shift_right_arithmetic),
        "select_n" => Box::new(|a: &[Array]| vec![lax::select_n(&a[0], &[&a[1], &a[2]])]),
        "clamp" => one!(|x| lax::clamp(&lit(-1.0), x, &lit(1.0))),
        "reduce_sum" => {
            one!(|x: &Array| p1(Primitive::ReduceSum { axes: vec![0] }, x))
        }
        "reduce_prod" => {
            one!(|x: &Array| p1(Primitive::ReduceProd { axes: vec![1] }, x))
        }
        "reduce_max" => {
            one!(|x: &Array| p1(Primitive::ReduceMax { axes: vec![0, 1] }, x))
        }
        "reduce_min" => {
            one!(|x: &Array| p1(Primitive::ReduceMin { axes: vec![1] }, x))
        }
        "reduce_and" => {
            one!(|x: &Array| p1(Primitive::ReduceAnd { axes: vec![0] }, x))
        }
        "reduce_or" => one!(|x: &Array| p1(Primitive::ReduceOr { axes: vec![1] }, x)),
        "argmax" => one!(|x: &Array| p1(
            Primitive::Argmax {
                axes: vec![1],
                index_dtype: DType::I32
            },
            x
        )),
        "argmin" => one!(|x: &Array| p1(
            Primitive::Argmin {
                axes: vec![0],
                index_dtype: DType::I32
            },
            x
        )),
        "cumsum" => one!(|x: &Array| p1(
            Primitive::Cumsum {
                axis: 1,
                reverse: false
            },
            x
        )),
        "cumprod" => one!(|x: &Array| p1(
            Primitive::Cumprod {
                axis: 0,
                reverse: true
            },
            x
        )),
        "cummax" => one!(|x: &Array| p1(
            Primitive::Cummax {
                axis: 1,
                reverse: false
            },
            x
        )),
        "cummin" => one!(|x: &Array| p1(
            Primitive::Cummin {
                axis: 0,
                reverse: false
            },
            x
        )),
        "broadcast_in_dim" => one!(|x| lax::broadcast_in_dim(x, &[2, 3], &[1])),
        "reshape" => one!(|x| lax::reshape(x, &[3, 2])),
        "transpose" => one!(|x| lax::transpose(x, &[1, 0])),
        "squeeze" => one!(|x| lax::squeeze(x, &[0])),
        "expand_dims" => one!(|x| lax::expand_dims(x, &[1])),
        "rev" => one!(|x| lax::rev(x, &[1])),
        "concatenate" => {
            Box::new(|a: &[Array]| vec![lax::concatenate(&[a[0].clone(), a[1].clone()], 1)])
        }
        "pad" => one!(|x| lax::pad(x, &lit(0.0), &[(1, 2, 0), (0, -1, 1)])),
        "slice" => one!(|x| lax::slice(x, &[1, 0], &[3, 2], None)),
        "slice_strided" => one!(|x| lax::slice(x, &[0, 0], &[4, 3], Some(&[2, 2]))),
        "dynamic_slice" => Box::new(|a: &[Array]| {
            let starts = [a[1].clone().into_operand(), 1.into_operand()];
            vec![lax::dynamic_slice(&a[0], starts, &[2, 2])]
        }),
        "dynamic_update_slice" => {
            Box::new(|a: &[Array]| vec![lax::dynamic_update_slice(&a[0], &a[1], [2, 0])])
        }
        "copy" => one!(lax::copy),
        "sort" => one!(|x| lax::sort(x, 1)),
        "sort_two" => {
            Box::new(|a: &[Array]| lax::sort_multi(&[a[0].clone(), a[1].clone()], 0, true, 1))
        }
        "iota" => Box::new(|_: &[Array]| {
            vec![bind1(
                Primitive::Iota {
                    dtype: DType::I32,
                    shape: vec![3],
                    dimension: 0,
                },
                &[],
            )]
        }),
        "gather" => Box::new(|a: &[Array]| {
            vec![lax::gather_with(&a[0], &a[1], gdn(), &[1, 3], |kw| {
                kw.mode(GatherScatterMode::Clip)
            })]
        }),
        "gather_fill" => Box::new(|a: &[Array]| {
            vec![lax::gather_with(&a[0], &a[1], gdn(), &[1, 3], |kw| {
                kw.mode(GatherScatterMode::FillOrDrop)
                    .fill_value(Scalar::Float(2.0))
            })]
        }),
        "scatter" => Box::new(|a: &[Array]| {
            vec![lax::scatter_with(&a[0], &a[1], &a[2], sdn(), |kw| {
                kw.mode(GatherScatterMode::FillOrDrop)
            })]
        }),
        "scatter_add_twice" => Box::new(|a: &[Array]| {
            let once = lax::scatter_add(&a[0], &a[1], &a[2], sdn());
            vec![lax::scatter_add_with(&once, &a[1], &a[2], sdn(), |kw| {
                kw.mode(GatherScatterMode::Clip)
            })]
        }),
        "scatter_mul" => Box::new(|a: &[Array]| {
            vec![lax::scatter_mul_with(&a[0], &a[1], &a[2], sdn(), |kw| {
                kw.mode(GatherScatterMode::FillOrDrop)
            })]
        }),
        "scatter_min_max" => Box::new(|a: &[Array]| {
            let lo = lax::scatter_min(&a[0], &a[1], &a[2], sdn());
            vec![lax::scatter_max(&lo, &a[1], &a[2], sdn())]
        }),
        "dot_general" => Box::new(|a: &[Array]| {
            vec![lax::dot_general(
                &a[0],
                &a[1],
                ((vec![1], vec![0]), (vec![], vec![])),
            )]
        }),
        "dot_general_batch" => Box::new(|a: &[Array]| {
            vec![lax::dot_general_with(
                &a[0],
                &a[1],
                ((vec![2], vec![1]), (vec![0], vec![0])),
                |kw| kw.preferred_element_type(DType::F32),
            )]
        }),
        "seed" => Box::new(|a: &[Array]| vec![2 * lax::integer_pow(&a[0], 2) + &a[1]]),
        "scalar_literals" => one!(|x: &Array| (x + 1.0) * 0.1 - 1e20),
        "int_literal" => one!(|x: &Array| x * 2 + 7),
        "bool_literal" => one!(|x: &Array| lax::bitwise_and(x, &lit(true))),
        "captured_array" => {
            let c = jnp::array([1.0f32, 2.0, 3.0]);
            Box::new(move |a: &[Array]| vec![&a[0] * &c + &c])
        }
        "zeros_staged" => one!(|x: &Array| jnp::zeros([3]) + x),
        "full_2d" => one!(|x: &Array| lax::broadcast_in_dim(x, &[2, 3], &[1]) * jnp::ones([2, 3])),
        "identity" => one!(|x: &Array| x.clone()),
        "two_outputs" => Box::new(|a: &[Array]| vec![a[0].clone(), &a[0] + 1.0]),
        "literal_output" => Box::new(|a: &[Array]| vec![a[0].clone(), lit(3.0)]),
        "unused_result" => one!(|x: &Array| {
            let _unused = lax::sin(x);
            lax::cos(x)
        }),
        "divide_ints" => one!(|x: &Array| x / 2),
        "remainder" => one!(|x: &Array| x % 3.0),
        "many_eqns" => {
            one!(|x: &Array| ((((x + 1.0) * 2.0 - 3.0) / 4.0 + x) * x - 1.0) * 0.5 + x)
        }
        "jit_call" => Box::new(|a: &[Array]| {
            jit_call("_inner", &a[..2], |b: &[Array]| vec![inner(&b[0], &b[1])])
        }),
        "jit_call_shared" => Box::new(|a: &[Array]| {
            let body = |b: &[Array]| vec![inner(&b[0], &b[1])];
            let g = jit_call("_inner", &[a[0].clone(), a[1].clone()], body).remove(0);
            let h = jit_call("_inner", &[a[1].clone(), a[0].clone()], body).remove(0);
            vec![g - h]
        }),
        "jit_call_same_arg" => Box::new(|a: &[Array]| {
            jit_call("_inner", &[a[0].clone(), a[0].clone()], |b: &[Array]| {
                vec![inner(&b[0], &b[1])]
            })
        }),
        "jit_call_big" => {
            Box::new(|a: &[Array]| jit_call("_big", &a[..1], |b: &[Array]| vec![big(&b[0])]))
        }
        "jnp_sin" => one!(jnp::sin),
        "jnp_sum" => one!(jnp::sum),
        "jnp_sum_axis" => one!(|x| jnp::sum_with(x, |kw| kw.axis(0))),
        "jnp_mean" => one!(jnp::mean),
        "jnp_mean_axis" => one!(|x| jnp::mean_with(x, |kw| kw.axis(1))),
        "jnp_max" => one!(jnp::max),
        "jnp_argmax_axis" => one!(|x| jnp::argmax_with(x, |kw| kw.axis(1))),
        "jnp_cumsum_axis" => one!(|x| jnp::cumsum_with(x, |kw| kw.axis(1))),
        "jnp_var" => one!(jnp::var),
        "jnp_std" => one!(jnp::std),
        "jnp_where" => one!(|x: &Array| jnp::where_(jnp::greater(x, 0), x, 0.0)),
        "jnp_where_arrays" => {
            Box::new(|a: &[Array]| vec![jnp::where_(jnp::greater(&a[0], &a[1]), &a[0], &a[1])])
        }
        "jnp_clip" => one!(|x| jnp::clip_with(x, |kw| kw.min(-1.0).max(1.0))),
        "jnp_round" => one!(jnp::round),
        "jnp_maximum" => one!(|x| jnp::maximum(x, 0.0)),
        "jnp_power_int" => one!(|x| jnp::power(x, 3)),
        "seed_powi" => Box::new(|a: &[Array]| vec![2 * a[0].powi(2) + &a[1]]),
        "jnp_floor_divide" => one!(|x| jnp::floor_divide(x, 2.0)),
        "jnp_isnan" => one!(jnp::isnan),
        "jnp_log10" => one!(jnp::log10),
        "jnp_arange" => one!(|x: &Array| jnp::arange(3) + x),
        "jnp_linspace" => one!(|x: &Array| jnp::linspace(0.0, 1.0, 3) * x),
        "jnp_eye" => one!(|x: &Array| jnp::eye(3) + x),
        "jnp_zeros_like" => one!(|x: &Array| jnp::zeros_like(x) + x),
        "jnp_matmul" => Box::new(|a: &[Array]| vec![jnp::matmul(&a[0], &a[1])]),
        "jnp_matmul_vec" => Box::new(|a: &[Array]| vec![jnp::matmul(&a[0], &a[1])]),
        "jnp_dot" => Box::new(|a: &[Array]| vec![jnp::dot(&a[0], &a[1])]),
        "jnp_reshape" => one!(|x: &Array| x.reshape([3, 2])),
        "jnp_ravel" => one!(jnp::ravel),
        "jnp_T" => one!(|x: &Array| x.T()),
        "jnp_concatenate" => Box::new(|a: &[Array]| vec![jnp::concatenate([&a[0], &a[1]])]),
        "jnp_stack" => Box::new(|a: &[Array]| vec![jnp::stack([&a[0], &a[1]])]),
        "jnp_expand_dims" => one!(|x| jnp::expand_dims(x, 0)),
        "jnp_squeeze" => one!(|x| jnp::squeeze(x)),
        "jnp_broadcast_to" => one!(|x| jnp::broadcast_to(x, [2, 3])),
        "jnp_flip" => one!(|x| jnp::flip_with(x, |kw| kw.axis(0))),
        "jnp_sort" => one!(|x| jnp::sort(x)),
        "jnp_argsort" => one!(|x| jnp::argsort(x)),
        "index_int" => one!(|x: &Array| x.i(1)),
        "index_neg" => one!(|x: &Array| x.i(-1)),
        "index_slice" => one!(|x: &Array| x.i(s![1..3])),
        "index_reverse" => one!(|x: &Array| x.i(s![..;-1])),
        "index_2d" => one!(|x: &Array| x.i(s![.., 0])),
        "at_set" => one!(|x: &Array| x.at(0).set(5.0)),
        "at_add" => one!(|x: &Array| x.at(1).add(1.0)),
        "jnp_ones_like" => one!(|x: &Array| jnp::ones_like(x) * x),
        "jnp_full" => one!(|x: &Array| jnp::full([2, 3], 2.5) + x),
        "jnp_arange_start" => one!(|x: &Array| jnp::arange_with(1, |kw| kw.stop(4)) * x),
        "jnp_arange_step" => {
            one!(|x: &Array| jnp::arange_with(0.0, |kw| kw.stop(1.5).step(0.5)) + x)
        }
        "jnp_linspace_open" => {
            one!(|x: &Array| jnp::linspace_with(0.0, 1.0, 4, |kw| kw.endpoint(false)) + x)
        }
        "jnp_eye_k" => one!(|_x: &Array| jnp::eye_with(3, |kw| kw.M(4).k(1)) * 2.0),
        "jnp_mean_keepdims" => {
            one!(|x| jnp::mean_with(x, |kw| kw.axis(vec![0isize, 1]).keepdims(true)))
        }
        "jnp_var_axis" => one!(|x| jnp::var_with(x, |kw| kw.axis(0))),
        "jnp_std_ddof" => one!(|x| jnp::std_with(x, |kw| kw.axis(vec![1isize]).ddof(1))),
        "jnp_argmin" => one!(jnp::argmin),
        "jnp_all_any" => Box::new(|a: &[Array]| {
            vec![
                jnp::all(jnp::greater(&a[0], 0)),
                jnp::any_with(jnp::greater(&a[0], 0), |kw| kw.axis(1)),
            ]
        }),
        "jnp_prod" => one!(|x| jnp::prod_with(x, |kw| kw.axis(0))),
        "jnp_cumprod" => one!(jnp::cumprod),
        "jnp_outer" => Box::new(|a: &[Array]| vec![jnp::outer(&a[0], &a[1])]),
        "jnp_inner" => Box::new(|a: &[Array]| vec![jnp::inner(&a[0], &a[1])]),
        "jnp_vdot" => Box::new(|a: &[Array]| vec![jnp::vdot(&a[0], &a[1])]),
        "jnp_matmul_batched" => Box::new(|a: &[Array]| vec![jnp::matmul(&a[0], &a[1])]),
        "jnp_dot_2d" => Box::new(|a: &[Array]| vec![jnp::dot(&a[0], &a[1])]),
        "jnp_true_divide_int" => Box::new(|a: &[Array]| vec![jnp::true_divide(&a[0], &a[1])]),
        "jnp_fmod" => one!(|x| jnp::fmod(x, 1.5)),
        "jnp_float_power" => one!(|x| jnp::float_power(x, 2)),
        "jnp_power_float" => one!(|x| jnp::power(x, 0.5)),
        "jnp_log2" => one!(jnp::log2),
        "jnp_rint" => one!(jnp::rint),
        "jnp_isinf" => one!(jnp::isinf),
        "jnp_signbit" => one!(jnp::signbit),
        "jnp_logical_not" => one!(jnp::logical_not),
        "jnp_clip_min" => one!(|x| jnp::clip_with(x, |kw| kw.min(0.0))),
        "jnp_arcsin" => one!(jnp::arcsin),
        "jnp_exp_int" => one!(jnp::exp),
        "jnp_sum_int" => one!(jnp::sum),
        "jnp_moveaxis" => one!(|x| jnp::moveaxis(x, 0, -1)),
        "jnp_swapaxes" => one!(|x| jnp::swapaxes(x, 0, 1)),
        "jnp_take" => one!(|x| jnp::take(x, jnp::array([3, 1]))),
        "index_array" => one!(|x: &Array| x.i(jnp::array([3, 1]))),
        "index_newaxis" => one!(|x: &Array| x.i(s![NewAxis, ..])),
        "index_ellipsis" => one!(|x: &Array| x.i(s![Ellipsis, 1])),
        "index_step" => one!(|x: &Array| x.i(s![1..5;2])),
        "at_get_fill" => one!(|x: &Array| x.at(5).get_or(0.0f32)),
        "at_min" => one!(|x: &Array| x.at(0).min(0.0)),
        "random_uniform" => one!(|k| random::uniform(k, [3])),
        "random_uniform_twice" => {
            one!(|k| random::uniform(k, [3]) + random::uniform(k, [3]))
        }
        "random_normal" => one!(|k| random::normal(k, [2])),
        "random_split" => one!(|k| random::split_n(k, 2)),
        "random_fold_in" => one!(|k| random::fold_in(k, 3)),
        "random_bits" => one!(|k| random::bits(k, [2])),
        "jnp_array_scalar_inside" => one!(|x: &Array| x * jnp::array(2.0)),
        "jnp_array_list_inside" => one!(|x: &Array| x * jnp::array([1.0, 2.0])),
        "captured_0d_array" => {
            let c = jnp::array(2.0);
            Box::new(move |a: &[Array]| vec![&a[0] * &c])
        }
        _ => return None,
    };
    Some(c)
}

/// Cases whose Rust twin cannot print JAX's text yet, and why. Each must still fail, so a
/// fix is noticed and the case moved back into the checked set.
const PENDING: &[(&str, &str)] = &[];

fn trace(f: &Case, args: &[Array]) -> ClosedJaxpr {
    match args.len() {
        1 => make_jaxpr(|x: &Array| f(std::slice::from_ref(x)))(&args[0]),
        2 => make_jaxpr(|x: &Array, y: &Array| f(&[x.clone(), y.clone()]))(&args[0], &args[1]),
        3 => make_jaxpr(|x: &Array, y: &Array, z: &Array| f(&[x.clone(), y.clone(), z.clone()]))(
            &args[0], &args[1], &args[2],
        ),
        n => panic!("no case has {n} arguments"),
    }
}

/// Runs `f`; `None` when it panics because a primitive's rule is not written yet (other
/// engineers are adding them), so the case is reported as unavailable rather than wrong.
fn unless_unimplemented<R>(f: impl FnOnce() -> R) -> Option<R> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.to_string().contains("not implemented") {
                default(info);
            }
        }));
    });
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => Some(r),
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            if msg.contains("not implemented") {
                None
            } else {
                std::panic::resume_unwind(e)
            }
        }
    }
}

fn same(a: &Array, b: &Array) -> bool {
    let (ca, cb) = (a.as_concrete().unwrap(), b.as_concrete().unwrap());
    ca.aval() == cb.aval() && format!("{:?}", ca.data()) == format!("{:?}", cb.data())
}

#[test]
fn printed_jaxprs_equal_jax() {
    let g = load("jaxprs.json");
    let cases = g["cases"].as_array().expect("cases");
    assert!(cases.len() >= 60, "the suite has at least 60 functions");
    let mut failures = Vec::new();
    let mut unavailable = Vec::new();
    let mut checked = 0;
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let want = c["jaxpr"].as_str().expect("jaxpr");
        let f = case(name).unwrap_or_else(|| panic!("no Rust twin for case {name}"));
        let args: Vec<Array> = c["args"].as_array().unwrap().iter().map(array).collect();
        let Some(got) = unless_unimplemented(|| trace(&f, &args).to_string()) else {
            unavailable.push(name);
            continue;
        };
        let pending = PENDING.iter().find(|(n, _)| *n == name);
        match (got == want, pending) {
            (true, None) => checked += 1,
            (false, Some(_)) => {}
            (true, Some((_, why))) => failures.push(format!(
                "{name}: now matches JAX; remove it from PENDING ({why})"
            )),
            (false, None) => failures.push(format!("{name}:\n--- JAX\n{want}\n--- jaxrs\n{got}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    if !unavailable.is_empty() {
        println!("rules not implemented yet for: {}", unavailable.join(", "));
    }
    assert!(checked >= 60, "only {checked} cases checked");
}

#[test]
fn eval_jaxpr_equals_eager() {
    let g = load("jaxprs.json");
    let mut compared = 0;
    for c in g["cases"].as_array().expect("cases") {
        let name = c["name"].as_str().expect("name");
        let f = case(name).unwrap_or_else(|| panic!("no Rust twin for case {name}"));
        let args: Vec<Array> = c["args"].as_array().unwrap().iter().map(array).collect();
        let Some((staged, eager)) = unless_unimplemented(|| {
            let jaxpr = trace(&f, &args);
            assert_eq!(jaxpr.jaxpr.typecheck(), Ok(()), "{name}");
            (eval_jaxpr(&jaxpr, &args), f(&args))
        }) else {
            continue;
        };
        compared += 1;
        assert_eq!(staged.len(), eager.len(), "{name}");
        for (s, e) in staged.iter().zip(&eager) {
            assert!(same(s, e), "{name}: eval_jaxpr {s:?} != eager {e:?}");
        }
    }
    assert!(compared >= 60, "only {compared} cases compared");
}
