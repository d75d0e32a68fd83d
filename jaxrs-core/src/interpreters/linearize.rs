//! Linearization: the primal computation runs on the parent trace while the tangent
//! computation, which is linear, is staged into a jaxpr.
//!
//! JAX counterpart: `jax/_src/interpreters/ad.py` (`LinearizeTrace`, `linearize`,
//! `fallback_linearize_rule`, `linearize_from_jvp`, `linearize_jaxpr`) and
//! `jax/_src/pjit.py` (`_pjit_linearize`); JAX 0.10.2 linearizes this way
//! (`jax_use_direct_linearize`).
//!
//! Each primitive is linearized by running its JVP rule under a [`PartialEvalTrace`] with
//! known primals and unknown tangents: what the rule computes from primals alone goes to the
//! parent trace (the residuals), what touches a tangent becomes a small linear jaxpr, which
//! is then replayed into the tangent trace. A nested `jit` is linearized into two `jit`
//! calls: the primal one, which also returns the residuals, and the tangent one.

use std::sync::{Arc, Weak};

use crate::array::{Array, Tracer};
use crate::aval::Aval;
use crate::jaxpr::{eval_jaxpr, Atom, ClosedJaxpr, Jaxpr};
use crate::primitive::Primitive;
use crate::trace::{current_trace, with_trace, with_user_source, Source, Trace, TraceId, TraceRef};

use super::jvp::{jvp_rule, Tangent};
use super::partial_eval::{dce_closed, keep, keep as keep_where, PartialEvalTrace};
use super::staging::JaxprTrace;

/// The linearize trace (JAX's `LinearizeTrace`).
pub struct LinearizeTrace {
    id: TraceId,
    parent: TraceRef,
    tangent_trace: Arc<JaxprTrace>,
    this: Weak<LinearizeTrace>,
}

/// What a linearize tracer carries: the primal, and its tangent in the tangent trace.
struct Payload {
    primal: Array,
    tangent: Array,
}

/// Nonzero input tangents to nonzero output tangents.
pub type TangentFn = Box<dyn FnOnce(&[Array]) -> Vec<Array>>;

/// The result of linearizing one primitive: its primal results, which of their tangents
/// are nonzero, and the map from the nonzero input tangents to the nonzero output tangents
/// (run with the tangent trace current).
pub struct Linearized {
    /// Primal results.
    pub outs: Vec<Array>,
    /// Whether each result's tangent is nonzero.
    pub out_nz: Vec<bool>,
    /// Nonzero input tangents to nonzero output tangents.
    pub tangent_fn: TangentFn,
}

impl LinearizeTrace {
    /// A linearize trace over `parent` whose tangents are staged into `tangent_trace`.
    pub fn new(parent: TraceRef, tangent_trace: Arc<JaxprTrace>) -> Arc<LinearizeTrace> {
        Arc::new_cyclic(|this| LinearizeTrace {
            id: TraceId::fresh(),
            parent,
            tangent_trace,
            this: this.clone(),
        })
    }

    /// `primal` with `tangent`, or `primal` itself when the tangent is zero.
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

    /// The primal and tangent of `x` as this trace sees it.
    pub fn unpack(&self, x: &Array) -> (Array, Tangent) {
        if let Some(t) = x.as_tracer() {
            if t.trace.id() == self.id {
                let p = t
                    .payload
                    .downcast_ref::<Payload>()
                    .expect("a linearize tracer carries a primal and a tangent");
                return (p.primal.clone(), Some(p.tangent.clone()));
            }
        }
        (x.clone(), None)
    }
}

impl Trace for LinearizeTrace {
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
        let nonzeros: Vec<bool> = tangents.iter().map(Option::is_some).collect();
        let lin = with_trace(self.parent.clone(), || {
            with_user_source(source, || linearize_rule(primitive, &primals, &nonzeros))
        });
        let nz_in: Vec<Array> = tangents.into_iter().flatten().collect();
        let tangent_trace = self.tangent_trace.clone() as TraceRef;
        let nz_out = with_trace(tangent_trace, || {
            with_user_source(source, || (lin.tangent_fn)(&nz_in))
        });
        let mut nz_out = nz_out.into_iter();
        Ok(lin
            .outs
            .into_iter()
            .zip(lin.out_nz)
            .map(|(p, nz)| {
                let t = nz.then(|| nz_out.next().expect("one tangent per nonzero result"));
                self.pack(p, t)
            })
            .collect())
    }

    fn id(&self) -> TraceId {
        self.id
    }

    fn parent(&self) -> Option<&TraceRef> {
        Some(&self.parent)
    }

    fn tracer_type_name(&self) -> &'static str {
        "LinearizeTracer"
    }

    fn concrete_value(&self, tracer: &Tracer) -> Option<Array> {
        let p = tracer.payload.downcast_ref::<Payload>()?;
        match p.primal.as_tracer() {
            None => Some(p.primal.clone()),
            Some(t) => t.trace.concrete_value(t),
        }
    }
}

/// How to linearize `p` at `primals` whose tangents are nonzero where `nonzeros` says;
/// runs with the parent trace current.
fn linearize_rule(p: &Primitive, primals: &[Array], nonzeros: &[bool]) -> Linearized {
    match p {
        Primitive::Jit {
            name,
            jaxpr,
            inline,
        } => jit_linearize(name, jaxpr, *inline, primals, nonzeros),
        _ => linearize_from_jvp(p, primals, nonzeros),
    }
}

/// `fallback_linearize_rule`: the JVP rule, partially evaluated with known primals and
/// unknown tangents.
fn linearize_from_jvp(p: &Primitive, primals: &[Array], nonzeros: &[bool]) -> Linearized {
    let pe = PartialEvalTrace::new(current_trace());
    let tangent_args: Vec<Tangent> = primals
        .iter()
        .zip(nonzeros)
        .map(|(x, &nz)| nz.then(|| pe.new_arg(x.aval().clone())))
        .collect();
    let (outs, touts) = with_trace(pe.clone() as TraceRef, || {
        jvp_rule(p, primals, &tangent_args)
    });
    if outs.iter().any(|o| pe.is_unknown(o)) {
        panic!(
            "Linearization failed to produce known values for all output primals. This is \
             typically caused by attempting to differentiate a function uses an operation \
             that does not support reverse-mode autodiff."
        );
    }
    // A tangent the rule computed from primals alone is known, and JAX treats it as zero.
    let out_nz: Vec<bool> = touts
        .iter()
        .map(|t| t.as_ref().is_some_and(|t| pe.is_unknown(t)))
        .collect();
    let nz_touts: Vec<Array> = touts
        .into_iter()
        .zip(&out_nz)
        .filter_map(|(t, &nz)| if nz { t } else { None })
        .collect();
    let jaxpr = pe.finish(&nz_touts);
    Linearized {
        outs,
        out_nz,
        tangent_fn: Box::new(move |ts: &[Array]| eval_jaxpr(&jaxpr, ts)),
    }
}

/// The output of [`linearize_jaxpr`].
pub struct LinearizedJaxpr {
    /// Primal inputs to the primal outputs followed by the residuals.
    pub primal: ClosedJaxpr,
    /// How many residuals the primal jaxpr returns after its outputs.
    pub num_residuals: usize,
    /// Which output tangents are nonzero.
    pub out_nz: Vec<bool>,
    /// For each residual the tangent jaxpr takes, the primal input it is (`Some`) or
    /// `None` for the next residual output of the primal jaxpr.
    pub residual_fwd: Vec<Option<usize>>,
    /// Residuals then nonzero input tangents to the nonzero output tangents.
    pub tangent: ClosedJaxpr,
}

/// `ad.linearize_jaxpr`: splits `jaxpr` into a primal jaxpr that also returns residuals
/// and a linear tangent jaxpr of the residuals and the nonzero input tangents. Residuals
/// that are primal inputs are forwarded instead of returned.
pub fn linearize_jaxpr(jaxpr: &ClosedJaxpr, nonzeros: &[bool]) -> LinearizedJaxpr {
    let primal_trace = JaxprTrace::new(current_trace());
    // The residuals are the primal trace's tracers: under it, they are live.
    let tangent_trace = JaxprTrace::new(primal_trace.clone() as TraceRef);
    let lin = LinearizeTrace::new(primal_trace.clone() as TraceRef, tangent_trace.clone());
    let in_avals = jaxpr.in_avals();
    let in_primals: Vec<Array> = in_avals
        .iter()
        .map(|a| primal_trace.new_arg(a.clone()))
        .collect();
    let args: Vec<Array> = in_primals
        .iter()
        .zip(nonzeros)
        .map(|(p, &nz)| {
            let t = nz.then(|| tangent_trace.new_arg(p.aval().clone()));
            lin.pack(p.clone(), t)
        })
        .collect();
    let outs = with_trace(lin.clone() as TraceRef, || eval_jaxpr(jaxpr, &args));
    let (out_primals, out_tangents): (Vec<Array>, Vec<Tangent>) =
        outs.iter().map(|o| lin.unpack(o)).unzip();
    let out_nz: Vec<bool> = out_tangents.iter().map(Option::is_some).collect();
    let nz_tangents: Vec<Array> = out_tangents.into_iter().flatten().collect();
    let tangent = tangent_trace
        .finish(&nz_tangents)
        .unwrap_or_else(|message| panic!("{message}"));
    let tangent = dce_closed(tangent);
    // Residuals that are the primal inputs themselves are forwarded, not returned.
    let residual_fwd: Vec<Option<usize>> = tangent
        .consts
        .iter()
        .map(|c| in_primals.iter().position(|p| p.ptr_eq(c)))
        .collect();
    let returned_mask: Vec<bool> = residual_fwd.iter().map(Option::is_none).collect();
    let returned = keep(&tangent.consts, &returned_mask);
    let num_residuals = returned.len();
    let mut primal_outs = out_primals;
    primal_outs.extend(returned);
    let primal = primal_trace
        .finish(&primal_outs)
        .unwrap_or_else(|message| panic!("{message}"));
    let primal = dce_closed(primal);
    LinearizedJaxpr {
        primal,
        num_residuals,
        out_nz,
        residual_fwd,
        tangent: constvars_to_invars(tangent),
    }
}

/// `pe.convert_constvars_jaxpr`: the constvars become leading inputs.
fn constvars_to_invars(closed: ClosedJaxpr) -> ClosedJaxpr {
    let Jaxpr {
        constvars,
        invars,
        eqns,
        outvars,
    } = closed.jaxpr;
    let mut all = constvars;
    all.extend(invars);
    ClosedJaxpr {
        jaxpr: Jaxpr {
            constvars: Vec::new(),
            invars: all,
            eqns,
            outvars,
        },
        consts: Vec::new(),
    }
}

/// pjit's linearization rule: a `jit` of the primal jaxpr (returning residuals too) now,
/// and a `jit` of the tangent jaxpr when the tangents are replayed.
fn jit_linearize(
    name: &str,
    jaxpr: &Arc<ClosedJaxpr>,
    inline: bool,
    primals: &[Array],
    nonzeros: &[bool],
) -> Linearized {
    let lin = linearize_jaxpr(jaxpr, nonzeros);
    let n_out = lin.out_nz.len();
    // Primal results that are inputs passed through are not returned by the call.
    let in_fwd: Vec<Option<usize>> = lin.primal.jaxpr.outvars[..n_out]
        .iter()
        .map(|a| match a {
            Atom::Var(v) => lin.primal.jaxpr.invars.iter().position(|i| i == v),
            Atom::Literal(_) => None,
        })
        .collect();
    // Residuals that are also primal results are not returned twice.
    let out_fwd: Vec<Option<usize>> = lin.primal.jaxpr.outvars[n_out..]
        .iter()
        .map(|a| {
            lin.primal.jaxpr.outvars[..n_out]
                .iter()
                .position(|o| o == a)
        })
        .collect();
    let kept: Vec<bool> = in_fwd
        .iter()
        .map(Option::is_none)
        .chain(out_fwd.iter().map(Option::is_none))
        .collect();
    let mut primal = lin.primal.clone();
    primal.jaxpr.outvars = keep_where(&primal.jaxpr.outvars, &kept);
    let primal = dce_closed(primal);
    let results = crate::api::bind_jit(name, primal, primals, inline);
    let mut results = results.into_iter();
    let outs_kept: Vec<Option<Array>> = in_fwd
        .iter()
        .map(|f| f.is_none().then(|| results.next().expect("a kept result")))
        .collect();
    let res_kept: Vec<Option<Array>> = out_fwd
        .iter()
        .map(|f| {
            f.is_none()
                .then(|| results.next().expect("a kept residual"))
        })
        .collect();
    let outs: Vec<Array> = outs_kept
        .into_iter()
        .zip(&in_fwd)
        .map(|(o, f)| o.unwrap_or_else(|| primals[f.expect("forwarded")].clone()))
        .collect();
    let returned: Vec<Array> = res_kept
        .into_iter()
        .zip(&out_fwd)
        .map(|(r, f)| r.unwrap_or_else(|| outs[f.expect("forwarded")].clone()))
        .collect();
    let mut returned = returned.into_iter();
    let residuals: Vec<Array> = lin
        .residual_fwd
        .iter()
        .map(|f| match f {
            Some(i) => primals[*i].clone(),
            None => returned.next().expect("one residual per returned"),
        })
        .collect();
    let tangent = lin.tangent;
    let name = name.to_string();
    Linearized {
        outs,
        out_nz: lin.out_nz,
        tangent_fn: Box::new(move |ts: &[Array]| {
            let mut args = residuals;
            args.extend_from_slice(ts);
            crate::api::bind_jit(&name, tangent, &args, inline)
        }),
    }
}

/// `jax.linearize` on the current trace: runs `f` on `primals` under a linearize trace and
/// returns the primal results, which result tangents are nonzero, and the linear jaxpr
/// from the input tangents (one per primal) to the nonzero result tangents, whose constants
/// are the residuals.
///
/// With `n_diff`, only the first `n_diff` results are differentiated; the others are
/// auxiliary (`has_aux`) and come back as their primals.
pub fn linearize_traced(
    f: impl FnOnce(&[Array]) -> Vec<Array>,
    primals: &[Array],
    n_diff: Option<usize>,
) -> (Vec<Array>, Vec<bool>, ClosedJaxpr) {
    let tangent_trace = JaxprTrace::new(current_trace());
    let lin = LinearizeTrace::new(current_trace(), tangent_trace.clone());
    let args: Vec<Array> = primals
        .iter()
        .map(|p| {
            let t = tangent_trace.new_arg(p.aval().clone());
            // Integer and bool inputs have no tangent space (JAX's float0): a zero.
            let t = p.dtype().is_float().then_some(t);
            lin.pack(p.clone(), t)
        })
        .collect();
    let mut outs = with_trace(lin.clone() as TraceRef, || f(&args));
    let aux = match n_diff {
        Some(n) => outs.split_off(n),
        None => Vec::new(),
    };
    let (mut out_primals, out_tangents): (Vec<Array>, Vec<Tangent>) =
        outs.iter().map(|o| lin.unpack(o)).unzip();
    out_primals.extend(aux.iter().map(|a| lin.unpack(a).0));
    let out_nz: Vec<bool> = out_tangents.iter().map(Option::is_some).collect();
    let nz: Vec<Array> = out_tangents.into_iter().flatten().collect();
    let jaxpr = tangent_trace
        .finish(&nz)
        .unwrap_or_else(|message| panic!("{message}"));
    (out_primals, out_nz, dce_closed(jaxpr))
}
