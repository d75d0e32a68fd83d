//! Forward-mode differentiation: the JVP trace and one JVP rule per primitive.
//!
//! JAX counterpart: `jax/_src/interpreters/ad.py` (`JVPTrace`, `JVPTracer`, `defjvp`,
//! `defjvp2`, `deflinear2`, `defbilinear`, `defjvp_zero`, `instantiate_zeros`) and the
//! `ad.defjvp(...)` registrations in `jax/_src/lax/lax.py`, `slicing.py` and `special.py`.
//!
//! A JVP tracer carries a primal and a tangent; a tangent of `None` is JAX's symbolic
//! `Zero`, so no equation is spent on it. Each rule runs with the parent trace current and
//! emits the same operations, in the same order, as JAX's rule for that primitive, so a
//! jaxpr of a `jvp` prints what JAX prints. Inputs that are not this trace's tracers are
//! constants with a zero tangent; an operation with only zero tangents goes to the parent
//! unchanged.

use std::fmt;
use std::sync::{Arc, Weak};

use crate::array::{Array, Tracer};
use crate::aval::Aval;
use crate::dtype::Scalar;
use crate::jaxpr::{eval_jaxpr, ClosedJaxpr};
use crate::lax;
use crate::numpy::scalar_array;
use crate::primitive::{Primitive, ScatterKind};
use crate::trace::{
    bind, current_trace, with_trace, with_user_source, Source, Trace, TraceId, TraceRef,
};

/// A tangent: `None` is a symbolic zero (JAX's `ad_util.Zero`).
pub type Tangent = Option<Array>;

/// The JVP trace (JAX's `JVPTrace`).
pub struct JvpTrace {
    id: TraceId,
    parent: TraceRef,
    this: Weak<JvpTrace>,
}

/// What a JVP tracer carries.
struct Payload {
    primal: Array,
    tangent: Array,
}

impl JvpTrace {
    /// A JVP trace over `parent`.
    pub fn new(parent: TraceRef) -> Arc<JvpTrace> {
        Arc::new_cyclic(|this| JvpTrace {
            id: TraceId::fresh(),
            parent,
            this: this.clone(),
        })
    }

    /// `primal` with `tangent`: a tracer of this trace, or `primal` itself when the tangent
    /// is zero (JAX's `maybe_jvp_tracer`).
    pub fn pack(&self, primal: Array, tangent: Tangent) -> Array {
        match tangent {
            None => primal,
            Some(tangent) => Array::from_tracer(Tracer {
                trace: self.this.upgrade().expect("a live trace has an owner"),
                aval: primal.aval().clone(),
                payload: Box::new(Payload { primal, tangent }),
            }),
        }
    }

    /// The primal and tangent of `x` as this trace sees it: its own tracers carry both,
    /// anything else is a constant with a zero tangent.
    pub fn unpack(&self, x: &Array) -> (Array, Tangent) {
        if let Some(t) = x.as_tracer() {
            if t.trace.id() == self.id {
                let p = t
                    .payload
                    .downcast_ref::<Payload>()
                    .expect("a JVP tracer carries a primal and a tangent");
                return (p.primal.clone(), Some(p.tangent.clone()));
            }
        }
        (x.clone(), None)
    }
}

impl Trace for JvpTrace {
    fn process_primitive(
        &self,
        primitive: &Primitive,
        inputs: &[Array],
        out_avals: Vec<Aval>,
        source: Source,
    ) -> Result<Vec<Array>, String> {
        let (primals, tangents): (Vec<Array>, Vec<Tangent>) =
            inputs.iter().map(|x| self.unpack(x)).unzip();
        if tangents.iter().all(Option::is_none) {
            let parent = self.parent.clone();
            return with_trace(parent.clone(), || {
                parent.process_primitive(primitive, &primals, out_avals, source)
            });
        }
        let (outs, touts) = with_trace(self.parent.clone(), || {
            with_user_source(source, || jvp_rule(primitive, &primals, &tangents))
        });
        Ok(outs
            .into_iter()
            .zip(touts)
            .map(|(p, t)| self.pack(p, t))
            .collect())
    }

    fn id(&self) -> TraceId {
        self.id
    }

    fn parent(&self) -> Option<&TraceRef> {
        Some(&self.parent)
    }

    fn tracer_type_name(&self) -> &'static str {
        "JVPTracer"
    }

    fn concrete_value(&self, tracer: &Tracer) -> Option<Array> {
        let p = tracer.payload.downcast_ref::<Payload>()?;
        match p.primal.as_tracer() {
            None => Some(p.primal.clone()),
            Some(t) => t.trace.concrete_value(t),
        }
    }

    fn fmt_tracer(&self, tracer: &Tracer, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match tracer.payload.downcast_ref::<Payload>() {
            Some(p) => write!(f, "JVPTracer(primal={}, tangent={})", p.primal, p.tangent),
            None => write!(f, "JVPTracer"),
        }
    }
}

/// Runs `f` on `primals` with `tangents` under a new JVP trace over the current trace, and
/// returns each result's primal and tangent (zeros stay symbolic).
pub fn jvp_traced(
    f: impl FnOnce(&[Array]) -> Vec<Array>,
    primals: &[Array],
    tangents: &[Tangent],
) -> (Vec<Array>, Vec<Tangent>) {
    let trace = JvpTrace::new(current_trace());
    let args: Vec<Array> = primals
        .iter()
        .zip(tangents)
        .map(|(p, t)| trace.pack(p.clone(), t.clone()))
        .collect();
    let outs = with_trace(trace.clone() as TraceRef, || f(&args));
    outs.iter().map(|o| trace.unpack(o)).unzip()
}

// ---------------------------------------------------------------------------------------
// Helpers, named after lax.py's.

/// `_const(x, v)`: a strongly typed literal of `x`'s dtype.
pub(crate) fn c(x: &Array, v: f64) -> Array {
    let s = if x.dtype().is_float() {
        Scalar::Float(v)
    } else {
        Scalar::Int(v as i128)
    };
    scalar_array(s, x.dtype(), false)
}

/// `full_like(x, v)`: a literal for 0-d `x`, else a broadcast literal.
pub(crate) fn full_like(x: &Array, v: f64) -> Array {
    let lit = c(x, v);
    if x.ndim() == 0 {
        lit
    } else {
        lax::broadcast_in_dim(&lit, x.shape(), &[])
    }
}

/// `instantiate_zeros`: a symbolic zero of `aval` made concrete (`zeros_like_aval`).
pub(crate) fn zeros_of(aval: &Aval) -> Array {
    let lit = scalar_array(Scalar::Int(0), aval.dtype, false);
    if aval.shape.is_empty() {
        lit
    } else {
        lax::broadcast_in_dim(&lit, &aval.shape, &[])
    }
}

/// A tangent made concrete.
pub fn instantiate(t: Tangent, aval: &Aval) -> Array {
    t.unwrap_or_else(|| zeros_of(aval))
}

pub(crate) fn b1(p: Primitive, xs: &[Array]) -> Array {
    bind(p, xs).remove(0)
}

/// `add_tangents`: sums nonzero contributions with `add_any`.
pub(crate) fn add_tangents(ts: Vec<Array>) -> Tangent {
    ts.into_iter().reduce(|a, b| b1(Primitive::AddAny, &[a, b]))
}

/// `select(pred, on_true, on_false)`.
fn select(pred: &Array, on_true: &Array, on_false: &Array) -> Array {
    lax::select_n(pred, &[on_false, on_true])
}

/// `_maybe_broadcast(shape, x)`.
fn maybe_broadcast(shape: &[usize], x: Array) -> Array {
    if x.shape() == shape {
        x
    } else if x.ndim() == 0 {
        lax::broadcast_in_dim(&x, shape, &[])
    } else {
        let dims: Vec<usize> = (0..x.ndim())
            .filter(|&i| x.shape()[i] == shape[i])
            .collect();
        let squeezed: Vec<usize> = dims.iter().map(|&i| x.shape()[i]).collect();
        lax::broadcast_in_dim(&lax::reshape(&x, &squeezed), shape, &dims)
    }
}

/// `_balanced_eq(x, z, y)`: 1 where `x == z` (½ where `y` ties too), else 0.
fn balanced_eq(x: &Array, z: &Array, y: &Array) -> Array {
    let num = {
        let p = lax::eq(x, z);
        let (one, zero) = (full_like(z, 1.0), full_like(z, 0.0));
        select(&p, &one, &zero)
    };
    let den = {
        let p = lax::eq(y, z);
        let (two, one) = (full_like(z, 2.0), full_like(z, 1.0));
        select(&p, &two, &one)
    };
    lax::div(&num, &den)
}

/// JAX's message for a primitive without a JVP rule.
fn no_rule(p: &Primitive) -> ! {
    panic!("Differentiation rule for '{}' not implemented", p.name())
}

/// `defjvp`/`defjvp2`: binds the primitive, then sums `rule_i(t_i, ans)` over the nonzero
/// tangents.
type Rule<'a> = &'a dyn Fn(&Array, &Array) -> Array;

fn standard(p: &Primitive, primals: &[Array], tangents: &[Tangent], rules: &[Rule<'_>]) -> Out {
    let ans = b1(p.clone(), primals);
    let contributions: Vec<Array> = rules
        .iter()
        .zip(tangents)
        .filter_map(|(rule, t)| t.as_ref().map(|t| rule(t, &ans)))
        .collect();
    let t = add_tangents(contributions);
    (vec![ans], vec![t])
}

/// `deflinear2`: the same primitive applied to the tangents (zeros instantiated).
fn linear(p: &Primitive, primals: &[Array], tangents: &[Tangent]) -> Out {
    let outs = bind(p.clone(), primals);
    if tangents.iter().all(Option::is_none) {
        let n = outs.len();
        return (outs, vec![None; n]);
    }
    let ts: Vec<Array> = tangents
        .iter()
        .zip(primals)
        .map(|(t, x)| instantiate(t.clone(), x.aval()))
        .collect();
    let touts = bind(p.clone(), &ts).into_iter().map(Some).collect();
    (outs, touts)
}

/// `defjvp_zero`: the tangent is zero.
fn zero(p: &Primitive, primals: &[Array]) -> Out {
    let outs = bind(p.clone(), primals);
    let n = outs.len();
    (outs, vec![None; n])
}

type Out = (Vec<Array>, Vec<Tangent>);

/// The JVP rule of `p` at `primals` with `tangents` (at least one nonzero), run with the
/// parent trace current.
pub fn jvp_rule(p: &Primitive, primals: &[Array], tangents: &[Tangent]) -> Out {
    use Primitive::*;
    let x = &primals[0];
    match p {
        Neg => linear(p, primals, tangents),
        Sign | Floor | Ceil | Round { .. } | IsFinite | Not | BitcastConvertType { .. } => {
            zero(p, primals)
        }
        // Compiled programs are not differentiated; the rule is the function's.
        Ynn { f } => jvp_rule(&f.primitive(), primals, tangents),
        Exp => standard(p, primals, tangents, &[&|g, ans| lax::mul(g, ans)]),
        Exp2 => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| {
                let log2 = lax::log(&c(x, 2.0));
                lax::mul(&log2, &lax::mul(g, ans))
            }],
        ),
        Log => standard(p, primals, tangents, &[&|g, _| lax::div(g, x)]),
        Log1p => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::div(g, &lax::add(x, &c(x, 1.0)))],
        ),
        Expm1 => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| lax::mul(g, &lax::add(ans, &c(ans, 1.0)))],
        ),
        Tanh => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| {
                let a = lax::add(g, &lax::mul(g, ans));
                lax::mul(&a, &lax::sub(&c(x, 1.0), ans))
            }],
        ),
        Logistic => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| lax::mul(g, &lax::mul(ans, &lax::sub(&c(ans, 1.0), ans)))],
        ),
        Sin => standard(p, primals, tangents, &[&|g, _| lax::mul(g, &lax::cos(x))]),
        Cos => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::neg(&lax::mul(g, &lax::sin(x)))],
        ),
        Tan => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| lax::mul(g, &lax::add(&c(x, 1.0), &lax::square(ans)))],
        ),
        Asin => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::mul(g, &lax::rsqrt(&lax::sub(&c(x, 1.0), &lax::square(x))))],
        ),
        Acos => standard(
            p,
            primals,
            tangents,
            &[&|g, _| {
                let r = lax::rsqrt(&lax::sub(&c(x, 1.0), &lax::square(x)));
                lax::mul(g, &lax::neg(&r))
            }],
        ),
        Atan => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::div(g, &lax::add(&c(x, 1.0), &lax::square(x)))],
        ),
        Sinh => standard(p, primals, tangents, &[&|g, _| lax::mul(g, &lax::cosh(x))]),
        Cosh => standard(p, primals, tangents, &[&|g, _| lax::mul(g, &lax::sinh(x))]),
        Asinh => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::mul(g, &lax::rsqrt(&lax::add(&lax::square(x), &c(x, 1.0))))],
        ),
        Acosh => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::mul(g, &lax::rsqrt(&lax::sub(&lax::square(x), &c(x, 1.0))))],
        ),
        Atanh => standard(
            p,
            primals,
            tangents,
            &[&|g, _| {
                let r = lax::integer_pow(&lax::add(&c(x, 1.0), x), -1);
                lax::mul(&r, &lax::div(g, &lax::sub(&c(x, 1.0), x)))
            }],
        ),
        Sqrt => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| lax::mul(g, &lax::div(&c(x, 0.5), ans))],
        ),
        Rsqrt => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| lax::mul(g, &lax::mul(&c(x, -0.5), &lax::div(ans, x)))],
        ),
        Cbrt => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| lax::mul(g, &lax::mul(&c(x, 1.0 / 3.0), &lax::integer_pow(ans, -2)))],
        ),
        Abs => standard(
            p,
            primals,
            tangents,
            &[&|g, _| {
                let pred = lax::ge(x, &c(x, 0.0));
                select(&pred, g, &lax::neg(g))
            }],
        ),
        Erf => standard(
            p,
            primals,
            tangents,
            &[&|g, _| {
                let k = c(x, 2.0 / std::f64::consts::PI.sqrt());
                lax::mul(&k, &lax::mul(g, &lax::exp(&lax::neg(&lax::square(x)))))
            }],
        ),
        Erfc => standard(
            p,
            primals,
            tangents,
            &[&|g, _| {
                let k = c(x, -2.0 / std::f64::consts::PI.sqrt());
                lax::mul(&k, &lax::mul(g, &lax::exp(&lax::neg(&lax::square(x)))))
            }],
        ),
        ErfInv => standard(
            p,
            primals,
            tangents,
            &[&|g, ans| {
                let k = c(x, std::f64::consts::PI.sqrt() / 2.0);
                lax::mul(&k, &lax::mul(g, &lax::exp(&lax::square(ans))))
            }],
        ),
        Lgamma => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::mul(g, &lax::digamma(x))],
        ),
        Square => standard(
            p,
            primals,
            tangents,
            &[&|g, _| lax::mul(g, &lax::mul(&c(x, 2.0), x))],
        ),
        IntegerPow { y } => {
            let y = *y;
            standard(
                p,
                primals,
                tangents,
                &[&|g, _| match y {
                    0 => full_like(g, 0.0),
                    1 => g.clone(),
                    2 => lax::mul(g, &lax::mul(&c(x, 2.0), x)),
                    _ => lax::mul(g, &lax::mul(&c(x, y as f64), &lax::integer_pow(x, y - 1))),
                }],
            )
        }
        ConvertElementType {
            new_dtype,
            weak_type,
        } => {
            let ans = b1(p.clone(), primals);
            if !new_dtype.is_float() {
                // JAX's tangent is a float0 zero here.
                return (vec![ans], vec![None]);
            }
            let t = tangents[0].as_ref().map(|t| {
                b1(
                    ConvertElementType {
                        new_dtype: *new_dtype,
                        weak_type: *weak_type,
                    },
                    std::slice::from_ref(t),
                )
            });
            (vec![ans], vec![t])
        }
        Add | Sub => {
            let ans = b1(p.clone(), primals);
            let shape = ans.shape().to_vec();
            let t = match (&tangents[0], &tangents[1]) {
                (None, None) => None,
                (None, Some(yd)) => Some(maybe_broadcast(
                    &shape,
                    if *p == Sub { lax::neg(yd) } else { yd.clone() },
                )),
                (Some(xd), None) => Some(maybe_broadcast(&shape, xd.clone())),
                (Some(xd), Some(yd)) => Some(b1(p.clone(), &[xd.clone(), yd.clone()])),
            };
            (vec![ans], vec![t])
        }
        AddAny => linear(p, primals, tangents),
        Mul => {
            let y = &primals[1];
            standard(
                p,
                primals,
                tangents,
                &[&|g, _| lax::mul(g, y), &|g, _| lax::mul(x, g)],
            )
        }
        Div => {
            let y = &primals[1];
            standard(
                p,
                primals,
                tangents,
                &[&|g, _| lax::div(g, y), &|g, _| {
                    let a = lax::mul(&lax::neg(g), x);
                    lax::mul(&a, &lax::integer_pow(y, -2))
                }],
            )
        }
        Rem => {
            let y = &primals[1];
            let shape = crate::shape::try_broadcast_shapes(&[x.shape(), y.shape()])
                .unwrap_or_else(|| x.shape().to_vec());
            standard(
                p,
                primals,
                tangents,
                &[&|g, _| maybe_broadcast(&shape, g.clone()), &|g, _| {
                    let q = lax::sign(&lax::div(x, y));
                    let f = lax::floor(&lax::abs(&lax::div(x, y)));
                    lax::mul(&lax::neg(g), &lax::mul(&q, &f))
                }],
            )
        }
        Pow => {
            let y = &primals[1];
            if !y.dtype().is_float() {
                no_rule(p);
            }
            standard(
                p,
                primals,
                tangents,
                &[
                    &|g, _| {
                        let jac = lax::mul(y, &lax::pow(x, &lax::sub(y, &full_like(y, 1.0))));
                        lax::mul(g, &jac)
                    },
                    &|g, ans| {
                        let pred = lax::eq(x, &c(x, 0.0));
                        let safe = select(&pred, &full_like(x, 1.0), x);
                        lax::mul(g, &lax::mul(&lax::log(&safe), ans))
                    },
                ],
            )
        }
        Max | Min => {
            let y = &primals[1];
            standard(
                p,
                primals,
                tangents,
                &[&|g, ans| lax::mul(g, &balanced_eq(x, ans, y)), &|g, ans| {
                    lax::mul(g, &balanced_eq(y, ans, x))
                }],
            )
        }
        Atan2 => {
            let y = &primals[1];
            standard(
                p,
                primals,
                tangents,
                &[
                    &|g, _| {
                        let d = lax::add(&lax::square(x), &lax::square(y));
                        lax::mul(g, &lax::div(y, &d))
                    },
                    &|g, _| {
                        let n = lax::neg(x);
                        let d = lax::add(&lax::square(x), &lax::square(y));
                        lax::mul(g, &lax::div(&n, &d))
                    },
                ],
            )
        }
        Eq
        | Ne
        | Lt
        | Le
        | Gt
        | Ge
        | And
        | Or
        | Xor
        | ShiftLeft
        | ShiftRightLogical
        | ShiftRightArithmetic
        | Argmax { .. }
        | Argmin { .. }
        | ReduceAnd { .. }
        | ReduceOr { .. }
        | Iota { .. }
        | Threefry2x32
        | RandomSeed
        | RandomWrap
        | RandomUnwrap
        | RandomSplit { .. }
        | RandomFoldIn
        | RandomBits { .. }
        // Prints the primals, as JAX's rule for `debug_callback` does.
        | DebugPrint { .. }
        | StopGradient => zero(p, primals),
        SelectN => {
            let which = &primals[0];
            let out = b1(p.clone(), primals);
            let case_t = &tangents[1..];
            let Some(first) = case_t.iter().flatten().next() else {
                return (vec![out], vec![None]);
            };
            let z = full_like(first, 0.0);
            let mut args = vec![which.clone()];
            args.extend(
                case_t
                    .iter()
                    .map(|t| t.clone().unwrap_or_else(|| z.clone())),
            );
            let t = b1(p.clone(), &args);
            (vec![out], vec![Some(t)])
        }
        Clamp => {
            let (lo, op, hi) = (&primals[0], &primals[1], &primals[2]);
            standard(
                p,
                primals,
                tangents,
                &[
                    &|g, _| {
                        let m = lax::bitwise_and(&lax::gt(lo, op), &lax::lt(lo, hi));
                        select(&m, g, &full_like(op, 0.0))
                    },
                    &|g, _| {
                        let m = lax::bitwise_and(&lax::gt(op, lo), &lax::lt(op, hi));
                        select(&m, g, &full_like(op, 0.0))
                    },
                    &|g, _| select(&lax::lt(hi, op), g, &full_like(op, 0.0)),
                ],
            )
        }
        ReduceSum { .. } | Cumsum { .. } => linear(p, primals, tangents),
        ReduceMax { axes } | ReduceMin { axes } => {
            let axes = axes.clone();
            standard(
                p,
                primals,
                tangents,
                &[&|g, ans| {
                    let shape: Vec<usize> = (0..x.ndim())
                        .map(|i| if axes.contains(&i) { 1 } else { x.shape()[i] })
                        .collect();
                    let eq = lax::eq(x, &lax::reshape(ans, &shape));
                    let loc = lax::convert_element_type(&eq, g.dtype(), false);
                    let sum =
                        |v: &Array| b1(ReduceSum { axes: axes.clone() }, std::slice::from_ref(v));
                    let counts = sum(&loc);
                    lax::div(&sum(&lax::mul(g, &loc)), &counts)
                }],
            )
        }
        BroadcastInDim { .. }
        | Reshape { .. }
        | Transpose { .. }
        | Squeeze { .. }
        | Rev { .. }
        | Concatenate { .. }
        | Stack { .. }
        | Pad { .. }
        | Split { .. }
        | Tile { .. }
        | Unstack { .. }
        | Slice { .. }
        | Copy => linear(p, primals, tangents),
        DynamicSlice { .. } => {
            let out = b1(p.clone(), primals);
            let t = tangents[0].as_ref().map(|t| {
                let mut args = vec![t.clone()];
                args.extend_from_slice(&primals[1..]);
                b1(p.clone(), &args)
            });
            (vec![out], vec![t])
        }
        DynamicUpdateSlice => {
            let out = b1(p.clone(), primals);
            if tangents[0].is_none() && tangents[1].is_none() {
                return (vec![out], vec![None]);
            }
            let mut args = vec![
                instantiate(tangents[0].clone(), primals[0].aval()),
                instantiate(tangents[1].clone(), primals[1].aval()),
            ];
            args.extend_from_slice(&primals[2..]);
            (vec![out], vec![Some(b1(p.clone(), &args))])
        }
        Gather { .. } => {
            let out = b1(p.clone(), primals);
            let t = tangents[0]
                .as_ref()
                .map(|t| b1(p.clone(), &[t.clone(), primals[1].clone()]));
            (vec![out], vec![t])
        }
        Scatter {
            kind: ScatterKind::Add,
            ..
        } => {
            let out = b1(p.clone(), primals);
            if tangents[0].is_none() && tangents[2].is_none() {
                return (vec![out], vec![None]);
            }
            let args = [
                instantiate(tangents[0].clone(), primals[0].aval()),
                primals[1].clone(),
                instantiate(tangents[2].clone(), primals[2].aval()),
            ];
            (vec![out], vec![Some(b1(p.clone(), &args))])
        }
        Scatter {
            kind: ScatterKind::Set,
            dimension_numbers,
            indices_are_sorted,
            unique_indices,
            mode,
        } => {
            if tangents[0].is_none() && tangents[2].is_none() {
                return zero(p, primals);
            }
            let g_operand = instantiate(tangents[0].clone(), primals[0].aval());
            let g_updates = instantiate(tangents[2].clone(), primals[2].aval());
            if *unique_indices {
                // Updates do not overlap: scatter the tangents the same way.
                let out = b1(p.clone(), primals);
                let t = b1(p.clone(), &[g_operand, primals[1].clone(), g_updates]);
                return (vec![out], vec![Some(t)]);
            }
            let opts = ScatterParams {
                dnums: dimension_numbers.clone(),
                indices_are_sorted: *indices_are_sorted,
                mode: *mode,
            };
            scatter_jvp_overlapping(&opts, primals, g_operand, g_updates)
        }
        Sort {
            dimension,
            is_stable,
            num_keys,
        } => sort_jvp(*dimension, *is_stable, *num_keys, primals, tangents),
        DotGeneral { .. } => {
            let y = &primals[1];
            standard(
                p,
                primals,
                tangents,
                &[&|g, _| b1(p.clone(), &[g.clone(), y.clone()]), &|g, _| {
                    b1(p.clone(), &[x.clone(), g.clone()])
                }],
            )
        }
        Jit {
            name,
            jaxpr,
            inline,
        } => jit_jvp(name, jaxpr, *inline, primals, tangents),
        CustomJvpCall { jvp, .. } => {
            // `symbolic_zeros=False`: the rule sees every tangent, zeros instantiated.
            let ts: Vec<Array> = tangents
                .iter()
                .zip(primals)
                .map(|(t, x)| instantiate(t.clone(), x.aval()))
                .collect();
            let (outs, touts) = (jvp.rule)(primals, &ts);
            (outs, touts.into_iter().map(Some).collect())
        }
        CustomVjpCall { fwd, bwd, .. } => {
            // ad.py `process_custom_vjp_call`: the forward function now, and a `custom_lin`
            // of its residuals and the nonzero tangents that transposes through `bwd`.
            let (outs, res) = (fwd.rule)(primals);
            let mut args = res.clone();
            args.extend(tangents.iter().flatten().cloned());
            let lin = CustomLin {
                num_res: res.len(),
                bwd: bwd.clone(),
                in_zeros: tangents.iter().map(Option::is_none).collect(),
                out_avals: outs.iter().map(|o| o.aval().clone()).collect(),
                symbolic_zeros: false,
            };
            let touts = bind(lin, &args).into_iter().map(Some).collect();
            (outs, touts)
        }
        CustomLin { .. } => no_rule(p),
        Cumprod { axis, reverse } => cumulative_jvp(|a, b| lax::mul(a, b), *axis, *reverse, primals, tangents),
        Cummax { axis, reverse } => cumulative_jvp(|a, b| lax::max(a, b), *axis, *reverse, primals, tangents),
        Cummin { axis, reverse } => cumulative_jvp(|a, b| lax::min(a, b), *axis, *reverse, primals, tangents),
        ReduceProd { axes } => reduce_prod_jvp(axes, primals, tangents),
        Scatter {
            kind: ScatterKind::Mul,
            dimension_numbers,
            indices_are_sorted,
            unique_indices,
            mode,
        } => {
            let (x, i, y) = (&primals[0], &primals[1], &primals[2]);
            let scatter_add = |operand: &Array, updates: &Array| {
                b1(
                    Primitive::Scatter {
                        kind: ScatterKind::Add,
                        dimension_numbers: dimension_numbers.clone(),
                        indices_are_sorted: *indices_are_sorted,
                        unique_indices: *unique_indices,
                        mode: *mode,
                    },
                    &[operand.clone(), i.clone(), updates.clone()],
                )
            };
            let ans = b1(p.clone(), primals);
            let mut parts = Vec::new();
            if let Some(g) = &tangents[0] {
                parts.push(b1(p.clone(), &[g.clone(), i.clone(), y.clone()]));
            }
            if let Some(g) = &tangents[2] {
                if !unique_indices {
                    panic!("scatter_mul gradients are only implemented if `unique_indices=True`");
                }
                parts.push(lax::mul(x, &scatter_add(&zeros_of(x.aval()), g)));
            }
            (vec![ans], vec![add_tangents(parts)])
        }
        Scatter {
            kind: ScatterKind::Min | ScatterKind::Max,
            dimension_numbers,
            indices_are_sorted,
            unique_indices,
            mode,
        } => {
            if tangents[0].is_none() && tangents[2].is_none() {
                return zero(p, primals);
            }
            let params = ScatterParams {
                dnums: dimension_numbers.clone(),
                indices_are_sorted: *indices_are_sorted,
                mode: *mode,
            };
            scatter_extremal_jvp(p, &params, *unique_indices, primals, tangents)
        }
        Digamma | Nextafter => no_rule(p),
    }
}

/// The parameters of a scatter that its JVP reuses.
struct ScatterParams {
    dnums: crate::primitive::ScatterDimensionNumbers,
    indices_are_sorted: bool,
    mode: crate::primitive::GatherScatterMode,
}

/// slicing.py `_scatter_jvp` when updates may overlap: scatter ids to find which update
/// wins at each position, mask everything else off, and scatter-add what is left.
fn scatter_jvp_overlapping(
    params: &ScatterParams,
    primals: &[Array],
    g_operand: Array,
    g_updates: Array,
) -> Out {
    use crate::dtype::DType;
    let (operand, indices, updates) = (&primals[0], &primals[1], &primals[2]);
    let d = &params.dnums;
    let scatter = |kind: ScatterKind, x: &Array, u: &Array| {
        b1(
            Primitive::Scatter {
                kind,
                dimension_numbers: d.clone(),
                indices_are_sorted: params.indices_are_sorted,
                unique_indices: false,
                mode: params.mode,
            },
            &[x.clone(), indices.clone(), u.clone()],
        )
    };
    // a) a positive id per update, scattered.
    let mut ids_shape = updates.shape().to_vec();
    for &w in &d.update_window_dims {
        ids_shape[w] = 1;
    }
    let num_ids: usize = ids_shape.iter().product();
    let iota = b1(
        Primitive::Iota {
            dtype: DType::U32,
            shape: vec![num_ids],
            dimension: 0,
        },
        &[],
    );
    let iota = if ids_shape == [num_ids] {
        iota
    } else {
        lax::reshape(&iota, &ids_shape)
    };
    let ones = {
        let one = scalar_array(Scalar::Int(1), DType::U32, false);
        lax::broadcast_in_dim(&one, updates.shape(), &[])
    };
    let update_ids = lax::add(&iota, &ones);
    let zero_ids = zeros_of(&Aval::new(operand.shape().to_vec(), DType::U32));
    let scattered_ids = scatter(ScatterKind::Set, &zero_ids, &update_ids);
    // b) the gather that undoes the scatter.
    let gathered_ids = b1(
        inverse_gather(d, scattered_ids.aval(), updates.aval()),
        &[scattered_ids.clone(), indices.clone()],
    );
    // c) mask off what does not reach the output.
    let keep_operand = || lax::eq(&scattered_ids, &full_like(&scattered_ids, 0.0));
    let keep_update = || lax::eq(&update_ids, &gathered_ids);
    let masked = |keep: Array, x: &Array| select(&keep, x, &full_like(x, 0.0));
    let m_operand = masked(keep_operand(), operand);
    let m_updates = masked(keep_update(), updates);
    let m_g_operand = masked(keep_operand(), &g_operand);
    let m_g_updates = masked(keep_update(), &g_updates);
    // d) scatter-add the survivors.
    let out = scatter(ScatterKind::Add, &m_operand, &m_updates);
    let t = scatter(ScatterKind::Add, &m_g_operand, &m_g_updates);
    (vec![out], vec![Some(t)])
}

/// The gather that reads back what a scatter with dimension numbers `d` wrote, and its
/// slice sizes.
fn inverse_gather(
    d: &crate::primitive::ScatterDimensionNumbers,
    operand: &Aval,
    updates: &Aval,
) -> Primitive {
    let mut slice_sizes = Vec::new();
    let mut pos = 0;
    for i in 0..operand.shape.len() {
        if d.inserted_window_dims.contains(&i) || d.operand_batching_dims.contains(&i) {
            slice_sizes.push(1);
        } else {
            slice_sizes.push(updates.shape[d.update_window_dims[pos]]);
            pos += 1;
        }
    }
    Primitive::Gather {
        dimension_numbers: d.as_gather(),
        slice_sizes,
        indices_are_sorted: false,
        unique_indices: false,
        mode: crate::primitive::GatherScatterMode::PromiseInBounds,
        fill_value: None,
    }
}

/// slicing.py `_scatter_extremal_jvp` (scatter-min/max): updates that win share the
/// tangent with each other and with a tied operand element, averaged.
fn scatter_extremal_jvp(
    p: &Primitive,
    params: &ScatterParams,
    unique_indices: bool,
    primals: &[Array],
    tangents: &[Tangent],
) -> Out {
    use crate::primitive::GatherScatterMode;
    let (operand, indices, updates) = (&primals[0], &primals[1], &primals[2]);
    let val_out = b1(p.clone(), primals);
    let g_operand = instantiate(tangents[0].clone(), operand.aval());
    let g_updates = instantiate(tangents[2].clone(), updates.aval());
    let gather_p = inverse_gather(&params.dnums, operand.aval(), updates.aval());
    let gather = |x: &Array| b1(gather_p.clone(), &[x.clone(), indices.clone()]);
    let scatter_add = |x: &Array, u: &Array, sorted: bool, unique: bool, mode| {
        b1(
            Primitive::Scatter {
                kind: ScatterKind::Add,
                dimension_numbers: params.dnums.clone(),
                indices_are_sorted: sorted,
                unique_indices: unique,
                mode,
            },
            &[x.clone(), indices.clone(), u.clone()],
        )
    };
    let initial_vals = gather(operand);
    let target_vals = gather(&val_out);
    let successful = lax::eq(updates, &target_vals);
    let retained = lax::eq(&initial_vals, &target_vals);
    let num_updates = {
        let zeros = full_like(operand, 0.0);
        let (one, zero) = (full_like(updates, 1.0), full_like(updates, 0.0));
        let picked = select(&successful, &one, &zero);
        gather(&scatter_add(
            &zeros,
            &picked,
            false,
            false,
            GatherScatterMode::FillOrDrop,
        ))
    };
    let num_refs = {
        let zeros = full_like(operand, 0.0);
        let ones = full_like(updates, 1.0);
        gather(&scatter_add(
            &zeros,
            &ones,
            false,
            false,
            GatherScatterMode::FillOrDrop,
        ))
    };
    let updates_normalizer = {
        let a = 1.0 / (&num_updates + 1.0);
        let b = 1.0 / &num_updates;
        select(&retained, &a, &b)
    };
    let updates_coef = select(&successful, &updates_normalizer, &full_like(updates, 0.0));
    let operand_normalizer = {
        let a = 1.0 / (&num_updates + 1.0);
        select(&retained, &a, &full_like(&num_updates, 0.0))
    };
    let operand_coef = (-1.0 + operand_normalizer) / &num_refs;
    let target_tangents = gather(&g_operand);
    let tangent_updates = target_tangents * operand_coef + g_updates * updates_coef;
    let t = scatter_add(
        &g_operand,
        &tangent_updates,
        params.indices_are_sorted,
        unique_indices,
        params.mode,
    );
    (vec![val_out], vec![Some(t)])
}

/// lax.py `_reduce_prod_jvp_rule` (through `_reduce_jvp`): moves the reduced axes to the
/// front as one axis, then multiplies halves together until one row is left, under a
/// nested JVP. JAX's batched reducer is plain elementwise `mul` on the whole arrays.
///
/// Where the reduced axes are not the leading ones JAX's first `reshape` carries a
/// `dimensions` permutation, which our `reshape` primitive lacks: we transpose first (same
/// values, one more equation in the jaxpr).
fn reduce_prod_jvp(axes: &[usize], primals: &[Array], tangents: &[Tangent]) -> Out {
    let x = &primals[0];
    let shape = x.shape().to_vec();
    let non_axes: Vec<usize> = (0..shape.len()).filter(|d| !axes.contains(d)).collect();
    let n: usize = axes.iter().map(|&a| shape[a]).product();
    let mut new_shape = vec![n];
    new_shape.extend(non_axes.iter().map(|&d| shape[d]));
    let permutation: Vec<usize> = axes.iter().chain(&non_axes).copied().collect();
    let identity = permutation.iter().enumerate().all(|(i, &d)| i == d);
    let to_rows = |v: &Array| {
        let v = if identity {
            v.clone()
        } else {
            lax::transpose(v, &permutation)
        };
        if v.shape() == new_shape.as_slice() {
            v
        } else {
            lax::reshape(&v, &new_shape)
        }
    };
    let p = to_rows(x);
    let t = tangents[0].as_ref().map(to_rows);
    let one = c(x, 1.0);
    let reduce_tree = |xs: &[Array]| {
        let mut x = xs[0].clone();
        while x.shape()[0] > 1 {
            let n = x.shape()[0];
            let n1 = n.div_ceil(2);
            let a = slice_in_dim(&x, 0, Some(n1 as isize), 1, 0);
            let mut b = slice_in_dim(&x, n1, None, 1, 0);
            if n - n1 != n1 {
                let mut padding = vec![(0, 0, 0); x.ndim()];
                padding[0] = (0, 1, 0);
                b = lax::pad(&b, &one, &padding);
            }
            x = lax::mul(&a, &b);
        }
        if x.shape()[0] == 0 {
            let rest: Vec<usize> = x.shape()[1..].to_vec();
            return vec![lax::broadcast_in_dim(&one, &rest, &[])];
        }
        vec![lax::squeeze(&x, &[0])]
    };
    let (outs, touts) = jvp_traced(reduce_tree, &[p], &[t]);
    let tout = instantiate(touts[0].clone(), outs[0].aval());
    (outs, vec![Some(tout)])
}

/// loops.py `_cumulative_jvp_rule`: the JVP of the parallel prefix scan that computes the
/// same cumulative reduction (reduce-window is not differentiable).
fn cumulative_jvp(
    combine: fn(&Array, &Array) -> Array,
    axis: usize,
    reverse: bool,
    primals: &[Array],
    tangents: &[Tangent],
) -> Out {
    let (outs, touts) = jvp_traced(
        |xs| vec![associative_scan(combine, &xs[0], axis, reverse)],
        primals,
        tangents,
    );
    let t = instantiate(touts[0].clone(), outs[0].aval());
    (outs, vec![Some(t)])
}

/// `slicing.slice_in_dim`: `x[.., start:limit:stride, ..]` along `axis` (negative limits
/// count from the end; the strides are always spelled out).
fn slice_in_dim(
    x: &Array,
    start: usize,
    limit: Option<isize>,
    stride: usize,
    axis: usize,
) -> Array {
    let len = x.shape()[axis] as isize;
    let limit = match limit {
        None => len,
        Some(l) if l < 0 => l + len,
        Some(l) => l,
    };
    let mut starts = vec![0; x.ndim()];
    let mut limits = x.shape().to_vec();
    let mut strides = vec![1; x.ndim()];
    starts[axis] = start;
    limits[axis] = limit as usize;
    strides[axis] = stride;
    lax::slice(x, &starts, &limits, Some(&strides))
}

/// `lax.associative_scan(fn, x, reverse, axis)` for one operand, built from the same
/// slices, pads and concatenations as JAX's, in the same order.
fn associative_scan(
    combine: fn(&Array, &Array) -> Array,
    x: &Array,
    axis: usize,
    reverse: bool,
) -> Array {
    fn scan(combine: fn(&Array, &Array) -> Array, elems: &Array, axis: usize) -> Array {
        let n = elems.shape()[axis];
        if n < 2 {
            return elems.clone();
        }
        let reduced = {
            let a = slice_in_dim(elems, 0, Some(-1), 2, axis);
            let b = slice_in_dim(elems, 1, None, 2, axis);
            combine(&a, &b)
        };
        let odd = scan(combine, &reduced, axis);
        let even = if n.is_multiple_of(2) {
            let a = slice_in_dim(&odd, 0, Some(-1), 1, axis);
            let b = slice_in_dim(elems, 2, None, 2, axis);
            combine(&a, &b)
        } else {
            let b = slice_in_dim(elems, 2, None, 2, axis);
            combine(&odd, &b)
        };
        let first = slice_in_dim(elems, 0, Some(1), 1, axis);
        let even = lax::concatenate(&[first, even], axis);
        interleave(&even, &odd, axis)
    }
    fn interleave(a: &Array, b: &Array, axis: usize) -> Array {
        let same = a.shape()[axis] == b.shape()[axis];
        let mut a_pad = vec![(0, 0, 0); a.ndim()];
        let mut b_pad = vec![(0, 0, 0); b.ndim()];
        a_pad[axis] = (0, if same { 1 } else { 0 }, 1);
        b_pad[axis] = (1, if same { 0 } else { 1 }, 1);
        let pa = lax::pad(a, &c(a, 0.0), &a_pad);
        let pb = lax::pad(b, &c(b, 0.0), &b_pad);
        if a.dtype() == crate::dtype::DType::Bool {
            lax::bitwise_or(&pa, &pb)
        } else {
            lax::add(&pa, &pb)
        }
    }
    let x = if reverse {
        lax::rev(x, &[axis])
    } else {
        x.clone()
    };
    let out = scan(combine, &x, axis);
    if reverse {
        lax::rev(&out, &[axis])
    } else {
        out
    }
}

/// lax.py `_sort_jvp`: sorts an iota along with the operands, then gathers each tangent
/// with the resulting permutation.
fn sort_jvp(
    dimension: usize,
    is_stable: bool,
    num_keys: usize,
    primals: &[Array],
    tangents: &[Tangent],
) -> Out {
    let shape = primals[0].shape().to_vec();
    let nd = shape.len();
    let iota = b1(
        Primitive::Iota {
            dtype: crate::dtype::DType::U32,
            shape: shape.clone(),
            dimension,
        },
        &[],
    );
    let mut args = primals.to_vec();
    args.push(iota);
    let mut sorted = bind(
        Primitive::Sort {
            dimension,
            is_stable,
            num_keys,
        },
        &args,
    );
    let perm = sorted.pop().expect("the sorted iota");
    let batch: Vec<usize> = (0..nd).filter(|&d| d != dimension).collect();
    let dnums = crate::primitive::GatherDimensionNumbers {
        offset_dims: Vec::new(),
        collapsed_slice_dims: vec![dimension],
        start_index_map: vec![dimension],
        operand_batching_dims: batch.clone(),
        start_indices_batching_dims: batch,
    };
    let idx = lax::expand_dims(&perm, &[nd as isize]);
    let gather = Primitive::Gather {
        dimension_numbers: dnums,
        slice_sizes: vec![1; nd],
        indices_are_sorted: false,
        unique_indices: false,
        mode: crate::primitive::GatherScatterMode::PromiseInBounds,
        fill_value: None,
    };
    // JAX's batching dims are `np.delete(np.arange(..))`: NumPy integers (flags in field
    // order: collapsed, start index map, then the two batching fields).
    let mut numpy = vec![false, false];
    numpy.extend(vec![true; 2 * nd.saturating_sub(1)]);
    let _numpy = crate::jaxpr::numpy_ints::declare(&gather, numpy);
    let touts = tangents
        .iter()
        .map(|t| {
            t.as_ref()
                .map(|t| b1(gather.clone(), &[t.clone(), idx.clone()]))
        })
        .collect();
    (sorted, touts)
}

/// The JVP of a `jit` call is a `jit` call of the JVP of its jaxpr, taking the primals and
/// the nonzero tangents and returning the primal results and the nonzero result tangents
/// (JAX's `JVPTrace.process_call` through `jvp_jaxpr`).
fn jit_jvp(
    name: &str,
    jaxpr: &Arc<ClosedJaxpr>,
    inline: bool,
    primals: &[Array],
    tangents: &[Tangent],
) -> Out {
    let n = primals.len();
    let mut in_avals: Vec<Aval> = primals.iter().map(|p| p.aval().clone()).collect();
    in_avals.extend(tangents.iter().flatten().map(|t| t.aval().clone()));
    let mut nonzero_out = Vec::new();
    let closed = crate::api::trace_to_jaxpr(&in_avals, |args| {
        let (ps, ts) = args.split_at(n);
        let mut ts = ts.iter();
        let tans: Vec<Tangent> = tangents
            .iter()
            .map(|t| {
                t.as_ref()
                    .map(|_| ts.next().expect("one per nonzero").clone())
            })
            .collect();
        let (outs, touts) = jvp_traced(|xs| eval_jaxpr(jaxpr, xs), ps, &tans);
        nonzero_out = touts.iter().map(Option::is_some).collect();
        outs.into_iter()
            .chain(touts.into_iter().flatten())
            .collect()
    });
    let mut args = primals.to_vec();
    args.extend(tangents.iter().flatten().cloned());
    let results = crate::api::bind_jit(name, closed, &args, inline);
    let n_out = nonzero_out.len();
    let (outs, rest) = results.split_at(n_out);
    let mut rest = rest.iter();
    let touts = nonzero_out
        .iter()
        .map(|&nz| nz.then(|| rest.next().expect("one per nonzero").clone()))
        .collect();
    (outs.to_vec(), touts)
}
