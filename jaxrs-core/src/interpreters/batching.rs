//! Automatic batching: the batch trace and one batching rule per primitive.
//!
//! JAX counterpart: `jax/_src/interpreters/batching.py` (`BatchTrace`, `BatchTracer`,
//! `defvectorized`, `defbroadcasting`, `defreducer`, `broadcast`, `bdim_at_front`,
//! `matchaxis`) and the `batching.primitive_batchers[...]` registrations in
//! `jax/_src/lax/lax.py`, `slicing.py`, `control_flow/loops.py`, `random/prng.py` and
//! `pjit.py`.
//!
//! A batch tracer carries a value with one extra axis, the batch dimension, at `bdim`; its
//! aval is the value's without that axis, which is what the user's per-example function
//! sees. Values of other traces are unbatched (JAX's `not_mapped`), so no tracer is made
//! for them. Each rule runs with the parent trace current and binds the same operations,
//! in the same order, as JAX's rule, so a jaxpr of a `vmap` prints what JAX prints.

use std::fmt;
use std::sync::{Arc, Weak};

use crate::array::{Array, Tracer};
use crate::aval::Aval;
use crate::jaxpr::numpy_ints::{self, with_numpy_ints};
use crate::jaxpr::{eval_jaxpr, ClosedJaxpr};
use crate::lax;
use crate::primitive::{
    GatherDimensionNumbers, GatherScatterMode, Primitive, ScatterDimensionNumbers,
};
use crate::trace::{
    bind, current_trace, with_trace, with_user_source, Source, Trace, TraceId, TraceRef,
};

/// A batch dimension: `None` is JAX's `not_mapped`.
pub type BDim = Option<usize>;

/// The batch trace (JAX's `BatchTrace`).
pub struct BatchTrace {
    id: TraceId,
    parent: TraceRef,
    axis_size: usize,
    this: Weak<BatchTrace>,
}

/// What a batch tracer carries.
struct Payload {
    val: Array,
    bdim: usize,
}

impl BatchTrace {
    /// A batch trace over `parent` mapping an axis of `axis_size` elements.
    pub fn new(parent: TraceRef, axis_size: usize) -> Arc<BatchTrace> {
        Arc::new_cyclic(|this| BatchTrace {
            id: TraceId::fresh(),
            parent,
            axis_size,
            this: this.clone(),
        })
    }

    /// The size of the mapped axis.
    pub fn axis_size(&self) -> usize {
        self.axis_size
    }

    /// `val` batched along `bdim`: a tracer of this trace, or `val` itself when unbatched.
    pub fn pack(&self, val: Array, bdim: BDim) -> Array {
        match bdim {
            None => val,
            Some(bdim) => {
                let mut aval = val.aval().clone();
                aval.shape.remove(bdim);
                Array::from_tracer(Tracer {
                    trace: self.this.upgrade().expect("a live trace has an owner"),
                    aval,
                    payload: Box::new(Payload { val, bdim }),
                })
            }
        }
    }

    /// The value and batch dimension of `x` as this trace sees it (JAX's
    /// `to_batch_info`).
    pub fn unpack(&self, x: &Array) -> (Array, BDim) {
        if let Some(t) = x.as_tracer() {
            if t.trace.id() == self.id {
                let p = t
                    .payload
                    .downcast_ref::<Payload>()
                    .expect("a batch tracer carries a value and a batch dimension");
                return (p.val.clone(), Some(p.bdim));
            }
        }
        (x.clone(), None)
    }
}

impl Trace for BatchTrace {
    fn process_primitive(
        &self,
        primitive: &Primitive,
        inputs: &[Array],
        out_avals: Vec<Aval>,
        source: Source,
    ) -> Result<Vec<Array>, String> {
        let (vals, dims): (Vec<Array>, Vec<BDim>) = inputs.iter().map(|x| self.unpack(x)).unzip();
        if dims.iter().all(Option::is_none) {
            let parent = self.parent.clone();
            return with_trace(parent.clone(), || {
                parent.process_primitive(primitive, &vals, out_avals, source)
            });
        }
        let (outs, out_dims) = with_trace(self.parent.clone(), || {
            with_user_source(source, || {
                batch_rule(primitive, &vals, &dims, self.axis_size)
            })
        });
        Ok(outs
            .into_iter()
            .zip(out_dims)
            .map(|(v, d)| self.pack(v, d))
            .collect())
    }

    fn id(&self) -> TraceId {
        self.id
    }

    fn parent(&self) -> Option<&TraceRef> {
        Some(&self.parent)
    }

    fn tracer_type_name(&self) -> &'static str {
        "BatchTracer"
    }

    /// JAX's repr and str of a batch tracer: `VmapTracer(aval=float32[3],
    /// batched=float32[2,3])`.
    fn fmt_tracer(&self, tracer: &Tracer, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = |a: &Aval| {
            let dims: Vec<String> = a.logical_shape().iter().map(|d| d.to_string()).collect();
            format!("{}[{}]", a.dtype.name(), dims.join(","))
        };
        match tracer.payload.downcast_ref::<Payload>() {
            Some(p) => write!(
                f,
                "VmapTracer(aval={}, batched={})",
                short(&tracer.aval),
                short(p.val.aval())
            ),
            None => write!(f, "VmapTracer(aval={})", short(&tracer.aval)),
        }
    }
}

/// Runs `f` on `vals` batched along `dims` under a new batch trace over the current trace
/// (JAX's `batch_subtrace`), and returns each result's value and batch dimension.
pub fn batch_traced(
    f: impl FnOnce(&[Array]) -> Vec<Array>,
    vals: &[Array],
    dims: &[BDim],
    axis_size: usize,
) -> (Vec<Array>, Vec<BDim>) {
    let trace = BatchTrace::new(current_trace(), axis_size);
    let args: Vec<Array> = vals
        .iter()
        .zip(dims)
        .map(|(v, d)| trace.pack(v.clone(), *d))
        .collect();
    let outs = with_trace(trace.clone() as TraceRef, || f(&args));
    outs.iter().map(|o| trace.unpack(o)).unzip()
}

// ---------------------------------------------------------------------------------------
// Axis helpers, named after batching.py's.

/// Rank as JAX counts it: a key array's key axis is not an axis.
fn ndim(x: &Array) -> usize {
    x.aval().logical_shape().len()
}

/// `util.moveaxis(x, src, dst)`: a transpose, or `x` when `src == dst`.
pub fn moveaxis(x: &Array, src: usize, dst: usize) -> Array {
    if src == dst {
        return x.clone();
    }
    let mut perm: Vec<usize> = (0..x.ndim()).filter(|&i| i != src).collect();
    perm.insert(dst, src);
    lax::transpose(x, &perm)
}

/// `batching.broadcast(x, size, axis)`: `x` repeated along a new axis `axis`. JAX computes
/// the broadcast dimensions with NumPy, which its jaxprs show.
pub fn broadcast(x: &Array, size: usize, axis: usize) -> Array {
    let mut shape = x.shape().to_vec();
    shape.insert(axis, size);
    let dims: Vec<usize> = (0..shape.len()).filter(|&d| d != axis).collect();
    broadcast_in_dim_np(x, &shape, &dims, vec![true; dims.len()])
}

/// `lax.broadcast_in_dim` with some broadcast dimensions held as NumPy integers.
fn broadcast_in_dim_np(x: &Array, shape: &[usize], dims: &[usize], numpy: Vec<bool>) -> Array {
    let p = Primitive::BroadcastInDim {
        shape: shape.to_vec(),
        broadcast_dimensions: dims.to_vec(),
    };
    with_numpy_ints(&p, numpy, || lax::broadcast_in_dim(x, shape, dims))
}

/// `lax.broadcast(x, sizes)`: new leading axes.
fn lax_broadcast(x: &Array, sizes: &[usize]) -> Array {
    let mut shape = sizes.to_vec();
    shape.extend_from_slice(x.shape());
    let dims: Vec<usize> = (sizes.len()..shape.len()).collect();
    lax::broadcast_in_dim(x, &shape, &dims)
}

/// `batching.bdim_at_front(x, bdim, size)`.
pub fn bdim_at_front(x: &Array, bdim: BDim, size: usize) -> Array {
    match bdim {
        None => broadcast(x, size, 0),
        Some(d) => moveaxis(x, d, 0),
    }
}

/// `batching.matchaxis(src, dst, x)` for a `vmap` result: moves or broadcasts the batch
/// axis to `dst`; `Err` carries the batch axis when `dst` is `None` but `x` is batched.
pub fn matchaxis(size: usize, src: BDim, dst: BDim, x: &Array) -> Result<Array, usize> {
    match (src, dst) {
        (s, d) if s == d => Ok(x.clone()),
        (Some(s), Some(d)) => Ok(moveaxis(x, s, d)),
        (None, Some(d)) => Ok(broadcast(x, size, d)),
        (Some(s), None) => Err(s),
        (None, None) => unreachable!("handled by the first arm"),
    }
}

/// The size of the batch axis of the first batched value.
fn batch_size(vals: &[Array], dims: &[BDim]) -> usize {
    vals.iter()
        .zip(dims)
        .find_map(|(v, d)| d.map(|d| v.shape()[d]))
        .expect("at least one batched operand")
}

fn b1(p: Primitive, xs: &[Array]) -> Array {
    bind(p, xs).remove(0)
}

type Out = (Vec<Array>, Vec<BDim>);

fn one(x: Array, d: BDim) -> Out {
    (vec![x], vec![d])
}

/// JAX's message for a primitive without a batching rule.
fn no_rule(p: &Primitive) -> ! {
    panic!("Batching rule for '{}' not implemented", p.name())
}

// ---------------------------------------------------------------------------------------
// Family rules.

/// `defvectorized`: the primitive applies to the batched operand as it is.
fn vectorized(p: &Primitive, vals: &[Array], dims: &[BDim]) -> Out {
    one(b1(p.clone(), vals), dims[0])
}

/// `defbroadcasting`: operands with one batch axis and one shape go through as they are;
/// otherwise batch axes move to the front, unbatched operands get a unit axis there, and
/// lower-rank batched operands get trailing unit axes, leaving the rest to the primitive's
/// own broadcasting of size-1 axes.
fn broadcasting(p: &Primitive, vals: &[Array], dims: &[BDim]) -> Out {
    let (shape, dim) = vals
        .iter()
        .zip(dims)
        .find_map(|(x, d)| d.map(|d| (x.shape().to_vec(), d)))
        .expect("at least one batched operand");
    let agree = vals
        .iter()
        .zip(dims)
        .filter(|(x, _)| ndim(x) > 0)
        .all(|(x, d)| x.shape() == shape.as_slice() && *d == Some(dim));
    if agree {
        let outs = bind(p.clone(), vals);
        let n = outs.len();
        return (outs, vec![Some(dim); n]);
    }
    let args: Vec<Array> = vals
        .iter()
        .zip(dims)
        .map(|(x, d)| {
            if ndim(x) > 0 {
                bdim_at_front(x, *d, 1)
            } else {
                x.clone()
            }
        })
        .collect();
    let nd = args.iter().map(ndim).max().unwrap_or(0);
    let args: Vec<Array> = args
        .iter()
        .zip(dims)
        .map(|(x, d)| {
            if d.is_none() || ndim(x) == nd {
                x.clone()
            } else {
                let new: Vec<isize> = (ndim(x) as isize..nd as isize).collect();
                lax::expand_dims(x, &new)
            }
        })
        .collect();
    let outs = bind(p.clone(), &args);
    let n = outs.len();
    (outs, vec![Some(0); n])
}

/// `add_batched` (`add_any`): broadcast an unbatched operand, or move one batch axis onto
/// the other's.
fn add_any(vals: &[Array], dims: &[BDim]) -> Out {
    let (x, y) = (&vals[0], &vals[1]);
    let add = |a: &Array, b: &Array| b1(Primitive::AddAny, &[a.clone(), b.clone()]);
    match (dims[0], dims[1]) {
        (bx, by) if bx == by => one(add(x, y), bx),
        (None, Some(by)) => one(add(&broadcast(x, y.shape()[by], by), y), Some(by)),
        (Some(bx), None) => one(add(x, &broadcast(y, x.shape()[bx], bx)), Some(bx)),
        (Some(bx), Some(by)) => one(add(&moveaxis(x, bx, by), y), Some(by)),
        (None, None) => unreachable!("handled by the first arm"),
    }
}

/// `defreducer`: the reduced axes shift past the batch axis; NumPy computes them in JAX.
fn reducer(p: &Primitive, axes: &[usize], vals: &[Array], dims: &[BDim]) -> Out {
    let bdim = dims[0].expect("a batched operand");
    let operand = &vals[0];
    let axes: Vec<usize> = axes
        .iter()
        .map(|&a| if a < bdim { a } else { a + 1 })
        .collect();
    let bdim_out = (0..operand.ndim())
        .filter(|d| !axes.contains(d))
        .position(|d| d == bdim)
        .expect("the batch axis is not reduced");
    let new = match p {
        Primitive::ReduceSum { .. } => Primitive::ReduceSum { axes },
        Primitive::ReduceProd { .. } => Primitive::ReduceProd { axes },
        Primitive::ReduceMax { .. } => Primitive::ReduceMax { axes },
        Primitive::ReduceMin { .. } => Primitive::ReduceMin { axes },
        Primitive::ReduceAnd { .. } => Primitive::ReduceAnd { axes },
        Primitive::ReduceOr { .. } => Primitive::ReduceOr { axes },
        Primitive::Argmax { index_dtype, .. } => Primitive::Argmax {
            axes,
            index_dtype: *index_dtype,
        },
        Primitive::Argmin { index_dtype, .. } => Primitive::Argmin {
            axes,
            index_dtype: *index_dtype,
        },
        other => unreachable!("{} is not a reducer", other.name()),
    };
    let n = match &new {
        Primitive::ReduceSum { axes }
        | Primitive::ReduceProd { axes }
        | Primitive::ReduceMax { axes }
        | Primitive::ReduceMin { axes }
        | Primitive::ReduceAnd { axes }
        | Primitive::ReduceOr { axes }
        | Primitive::Argmax { axes, .. }
        | Primitive::Argmin { axes, .. } => axes.len(),
        _ => 0,
    };
    let out = with_numpy_ints(&new, vec![true; n], || b1(new.clone(), vals));
    one(out, Some(bdim_out))
}

/// `_cumred_batch_rule`: the scanned axis shifts past the batch axis.
fn cumulative(p: &Primitive, axis: usize, vals: &[Array], dims: &[BDim]) -> Out {
    let bdim = dims[0].expect("a batched operand");
    let axis = if axis < bdim { axis } else { axis + 1 };
    let new = match p {
        Primitive::Cumsum { reverse, .. } => Primitive::Cumsum {
            axis,
            reverse: *reverse,
        },
        Primitive::Cumprod { reverse, .. } => Primitive::Cumprod {
            axis,
            reverse: *reverse,
        },
        Primitive::Cummax { reverse, .. } => Primitive::Cummax {
            axis,
            reverse: *reverse,
        },
        Primitive::Cummin { reverse, .. } => Primitive::Cummin {
            axis,
            reverse: *reverse,
        },
        other => unreachable!("{} is not a cumulative reduction", other.name()),
    };
    one(b1(new, vals), Some(bdim))
}

// ---------------------------------------------------------------------------------------
// The rules.

/// The batching rule of `p` on `vals` batched along `dims` (at least one batched), run
/// with the parent trace current; `axis_size` is the size of the mapped axis.
pub fn batch_rule(p: &Primitive, vals: &[Array], dims: &[BDim], axis_size: usize) -> Out {
    use Primitive::*;
    match p {
        Neg
        | Sign
        | Floor
        | Ceil
        | Round { .. }
        | IsFinite
        | Exp
        | Ynn { .. }
        | Exp2
        | Log
        | Log1p
        | Expm1
        | Tanh
        | Logistic
        | Sin
        | Cos
        | Tan
        | Asin
        | Acos
        | Atan
        | Sinh
        | Cosh
        | Asinh
        | Acosh
        | Atanh
        | Sqrt
        | Rsqrt
        | Cbrt
        | Abs
        | Not
        | Erf
        | Erfc
        | ErfInv
        | Lgamma
        | Digamma
        | Square
        | IntegerPow { .. }
        | ConvertElementType { .. }
        | BitcastConvertType { .. }
        | Copy
        | StopGradient
        | RandomSeed
        | RandomSplit { .. }
        | RandomBits { .. }
        | RandomUnwrap => vectorized(p, vals, dims),
        Add | Sub | Mul | Div | Rem | Pow | Max | Min | Atan2 | Nextafter | Eq | Ne | Lt | Le
        | Gt | Ge | And | Or | Xor | ShiftLeft | ShiftRightLogical | ShiftRightArithmetic
        | Threefry2x32 | RandomFoldIn => broadcasting(p, vals, dims),
        AddAny => add_any(vals, dims),
        SelectN => select_n(vals, dims),
        Clamp => clamp(vals, dims),
        ReduceSum { axes }
        | ReduceProd { axes }
        | ReduceMax { axes }
        | ReduceMin { axes }
        | ReduceAnd { axes }
        | ReduceOr { axes }
        | Argmax { axes, .. }
        | Argmin { axes, .. } => reducer(p, axes, vals, dims),
        Cumsum { axis, .. } | Cumprod { axis, .. } | Cummax { axis, .. } | Cummin { axis, .. } => {
            cumulative(p, *axis, vals, dims)
        }
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => {
            let bdim = dims[0].expect("a batched operand");
            let operand = moveaxis(&vals[0], bdim, 0);
            let mut new_dims = vec![0];
            new_dims.extend(broadcast_dimensions.iter().map(|d| d + 1));
            let mut new_shape = vec![vals[0].shape()[bdim]];
            new_shape.extend_from_slice(shape);
            let mut numpy = vec![true; new_dims.len()];
            numpy[0] = false;
            one(
                broadcast_in_dim_np(&operand, &new_shape, &new_dims, numpy),
                Some(0),
            )
        }
        Reshape { new_sizes } => {
            let bdim = dims[0].expect("a batched operand");
            let operand = moveaxis(&vals[0], bdim, 0);
            let mut shape = vec![operand.shape()[0]];
            shape.extend_from_slice(new_sizes);
            one(lax::reshape(&operand, &shape), Some(0))
        }
        Transpose { permutation } => {
            let bdim = dims[0].expect("a batched operand");
            let mut perm = vec![bdim];
            perm.extend(
                permutation
                    .iter()
                    .map(|&i| if i < bdim { i } else { i + 1 }),
            );
            one(lax::transpose(&vals[0], &perm), Some(0))
        }
        Squeeze { dimensions } => {
            let bdim = dims[0].expect("a batched operand");
            let operand = moveaxis(&vals[0], bdim, 0);
            let dims: Vec<isize> = dimensions.iter().map(|&d| d as isize + 1).collect();
            one(lax::squeeze(&operand, &dims), Some(0))
        }
        Rev { dimensions } => {
            let bdim = dims[0].expect("a batched operand");
            let new: Vec<usize> = dimensions
                .iter()
                .map(|&i| if i >= bdim { i + 1 } else { i })
                .collect();
            one(lax::rev(&vals[0], &new), Some(bdim))
        }
        Concatenate { dimension } => {
            let size = batch_size(vals, dims);
            let operands: Vec<Array> = vals
                .iter()
                .zip(dims)
                .map(|(x, d)| match d {
                    Some(d) => moveaxis(x, *d, 0),
                    None => lax_broadcast(x, &[size]),
                })
                .collect();
            one(lax::concatenate(&operands, dimension + 1), Some(0))
        }
        Stack { axis } => {
            let bdim = dims[0];
            if let Some(b) = bdim.filter(|_| dims.iter().all(|d| *d == bdim)) {
                let (out_axis, out_bdim) = if *axis <= b {
                    (*axis, b + 1)
                } else {
                    (axis + 1, b)
                };
                return one(b1(Stack { axis: out_axis }, vals), Some(out_bdim));
            }
            let size = batch_size(vals, dims);
            let operands: Vec<Array> = vals
                .iter()
                .zip(dims)
                .map(|(x, d)| match d {
                    Some(d) => moveaxis(x, *d, 0),
                    None => lax_broadcast(x, &[size]),
                })
                .collect();
            one(b1(Stack { axis: axis + 1 }, &operands), Some(0))
        }
        Unstack { axis } => {
            let bdim = dims[0].expect("a batched operand");
            let (out_axis, out_bdim) = if *axis < bdim {
                (*axis, bdim - 1)
            } else {
                (axis + 1, bdim)
            };
            let outs = bind(Unstack { axis: out_axis }, vals);
            let n = outs.len();
            (outs, vec![Some(out_bdim); n])
        }
        Split { axis, sizes } => {
            let bdim = dims[0].expect("a batched operand");
            let new = Split {
                axis: if *axis >= bdim { axis + 1 } else { *axis },
                sizes: sizes.clone(),
            };
            let numpy = numpy_ints::pending(p).unwrap_or_default();
            let outs = with_numpy_ints(&new.clone(), numpy, || bind(new, vals));
            let n = outs.len();
            (outs, vec![Some(bdim); n])
        }
        Tile { reps } => {
            let bdim = dims[0].expect("a batched operand");
            let mut new = reps.clone();
            new.insert(bdim, 1);
            one(lax::tile(&vals[0], &new), Some(bdim))
        }
        Pad { padding_config } => pad(padding_config, numpy_ints::pending(p), vals, dims),
        Slice {
            start_indices,
            limit_indices,
            strides,
        } => {
            let bdim = dims[0].expect("a batched operand");
            let mut starts = start_indices.clone();
            starts.insert(bdim, 0);
            let mut limits = limit_indices.clone();
            limits.insert(bdim, vals[0].shape()[bdim]);
            let strides = strides.as_ref().map(|s| {
                let mut s = s.clone();
                s.insert(bdim, 1);
                s
            });
            one(
                lax::slice(&vals[0], &starts, &limits, strides.as_deref()),
                Some(bdim),
            )
        }
        Sort {
            dimension,
            is_stable,
            num_keys,
        } => {
            let (proto, new_bdim) = vals
                .iter()
                .zip(dims)
                .find_map(|(x, d)| d.map(|d| (x.clone(), d)))
                .expect("a batched operand");
            let args: Vec<Array> = vals
                .iter()
                .zip(dims)
                .map(|(x, d)| match d {
                    None => {
                        let bd: Vec<usize> = (0..proto.ndim()).filter(|&i| i != new_bdim).collect();
                        lax::broadcast_in_dim(x, proto.shape(), &bd)
                    }
                    Some(d) => moveaxis(x, *d, new_bdim),
                })
                .collect();
            let dimension = dimension + usize::from(new_bdim <= *dimension);
            let outs = bind(
                Sort {
                    dimension,
                    is_stable: *is_stable,
                    num_keys: *num_keys,
                },
                &args,
            );
            let n = outs.len();
            (outs, vec![Some(new_bdim); n])
        }
        DotGeneral {
            dimension_numbers,
            preferred_element_type,
        } => dot_general(
            dimension_numbers,
            *preferred_element_type,
            vals,
            dims,
            axis_size,
        ),
        RandomWrap => {
            let x = bdim_at_front(&vals[0], dims[0], 1);
            one(b1(RandomWrap, &[x]), Some(0))
        }
        Jit {
            name,
            jaxpr,
            inline,
        } => jit(name, jaxpr, *inline, vals, dims, axis_size),
        CustomJvpCall {
            name,
            call_jaxpr,
            jvp,
            symbolic_zeros,
        } => custom_jvp(
            name,
            call_jaxpr,
            jvp,
            *symbolic_zeros,
            vals,
            dims,
            axis_size,
        ),
        // The custom VJP is lost under vmap: the call's body is batched inline.
        CustomVjpCall { call_jaxpr, .. } => {
            batch_traced(|xs| eval_jaxpr(call_jaxpr, xs), vals, dims, axis_size)
        }
        DebugPrint { .. } => debug_print(p, vals, dims, axis_size),
        CustomLin { .. } => no_rule(p),
        DynamicSlice { slice_sizes } => dynamic_slice(slice_sizes, vals, dims),
        DynamicUpdateSlice => dynamic_update_slice(vals, dims, axis_size),
        Gather {
            dimension_numbers,
            slice_sizes,
            indices_are_sorted,
            unique_indices,
            mode,
            fill_value,
        } => gather(
            &GatherParams {
                dnums: dimension_numbers.clone(),
                slice_sizes: slice_sizes.clone(),
                indices_are_sorted: *indices_are_sorted,
                unique_indices: *unique_indices,
                mode: *mode,
                fill_value: *fill_value,
            },
            vals,
            dims,
        ),
        Scatter { .. } => scatter(p, vals, dims),
        // Iota has no operands, so it is never batched: the trace forwards it.
        Iota { .. } => no_rule(p),
    }
}

/// `_select_batch_rule`.
fn select_n(vals: &[Array], dims: &[BDim]) -> Out {
    let (which, cases) = (&vals[0], &vals[1..]);
    let (which_bdim, case_bdims) = (dims[0], &dims[1..]);
    let size = batch_size(vals, dims);
    let sel = |w: &Array, cs: &[Array]| {
        let mut args = vec![w.clone()];
        args.extend_from_slice(cs);
        b1(Primitive::SelectN, &args)
    };
    if case_bdims.iter().all(|d| *d == which_bdim) {
        if which.shape() == cases[0].shape() {
            return one(sel(which, cases), which_bdim);
        }
        let wb = which_bdim.expect("a batched operand");
        let w = lax::broadcast_in_dim(which, cases[0].shape(), &[wb]);
        return one(sel(&w, cases), which_bdim);
    }
    if ndim(which) == 0 && case_bdims.iter().all(Option::is_some) {
        if case_bdims.iter().all(|d| *d == case_bdims[0]) {
            return one(sel(which, cases), case_bdims[0]);
        }
        if cases.iter().all(|c| c.shape() == cases[0].shape()) {
            let bdim = case_bdims[0].expect("batched");
            let mut cs = vec![cases[0].clone()];
            for (c, d) in cases[1..].iter().zip(&case_bdims[1..]) {
                cs.push(moveaxis(c, d.expect("batched"), bdim));
            }
            return one(sel(which, &cs), Some(bdim));
        }
    }
    let mut which = if ndim(which) > 0 {
        bdim_at_front(which, which_bdim, size)
    } else {
        which.clone()
    };
    let mut cases: Vec<Array> = if cases.iter().all(|c| ndim(c) == 0) {
        cases.to_vec()
    } else {
        cases
            .iter()
            .zip(case_bdims)
            .map(|(c, d)| bdim_at_front(c, *d, size))
            .collect()
    };
    if ndim(&which) > 0 && ndim(&which) < ndim(&cases[0]) {
        which = lax::broadcast_in_dim(&which, cases[0].shape(), &[0]);
    }
    if ndim(&which) > ndim(&cases[0]) {
        cases = cases
            .iter()
            .map(|c| lax::broadcast_in_dim(c, which.shape(), &[]))
            .collect();
    }
    one(sel(&which, &cases), Some(0))
}

/// `_clamp_batch_rule`.
fn clamp(vals: &[Array], dims: &[BDim]) -> Out {
    let (min, x, max) = (&vals[0], &vals[1], &vals[2]);
    let (min_bdim, x_bdim, max_bdim) = (dims[0], dims[1], dims[2]);
    let size = batch_size(vals, dims);
    let cl = |a: &Array, b: &Array, c: &Array| lax::clamp(a, b, c);
    if min_bdim == x_bdim && x_bdim == max_bdim {
        if min.shape() == x.shape() && x.shape() == max.shape() {
            return one(cl(min, x, max), x_bdim);
        }
        if ndim(min) == 0 && ndim(max) == 0 {
            return one(cl(min, x, max), x_bdim);
        }
        if ndim(min) == 1 && ndim(max) == 1 {
            let lo = lax::broadcast_in_dim(min, x.shape(), &[min_bdim.expect("batched")]);
            let hi = lax::broadcast_in_dim(max, x.shape(), &[max_bdim.expect("batched")]);
            return one(cl(&lo, x, &hi), x_bdim);
        }
    } else if ndim(min) == 0 && ndim(max) == 0 && x_bdim.is_some() {
        return one(cl(min, x, max), x_bdim);
    }
    let front = |v: &Array, d: BDim| {
        if ndim(v) > 0 {
            bdim_at_front(v, d, size)
        } else {
            v.clone()
        }
    };
    let mut min = front(min, min_bdim);
    let mut max = front(max, max_bdim);
    let x = front(x, x_bdim);
    if ndim(&min) == 0 && ndim(&x) > 0 {
        min = lax::broadcast_in_dim(&min, x.shape(), &[]);
    }
    if ndim(&max) == 0 && ndim(&x) > 0 {
        max = lax::broadcast_in_dim(&max, x.shape(), &[]);
    }
    if ndim(&min) > 0 && ndim(&min) < ndim(&x) {
        min = lax::broadcast_in_dim(&min, x.shape(), &[0]);
    }
    if ndim(&max) > 0 && ndim(&max) < ndim(&x) {
        max = lax::broadcast_in_dim(&max, x.shape(), &[0]);
    }
    one(cl(&min, &x, &max), Some(0))
}

/// `_pad_batch_rule`.
fn pad(
    config: &[(i64, i64, i64)],
    numpy_ints: Option<Vec<bool>>,
    vals: &[Array],
    dims: &[BDim],
) -> Out {
    let (mut operand, padding_value) = (vals[0].clone(), &vals[1]);
    let operand_bdim = match dims[0] {
        Some(d) => d,
        None => {
            let size = padding_value.shape()[dims[1].expect("batched")];
            operand = lax_broadcast(&operand, &[size]);
            0
        }
    };
    let mut config = config.to_vec();
    config.insert(operand_bdim, (0, 0, 0));
    // The new axis's three entries are plain integers.
    let mut numpy = numpy_ints.unwrap_or_default();
    if !numpy.is_empty() {
        numpy.splice(3 * operand_bdim..3 * operand_bdim, [false; 3]);
    }
    let padded = |x: &Array, v: &Array| {
        let p = Primitive::Pad {
            padding_config: config.clone(),
        };
        with_numpy_ints(&p.clone(), numpy.clone(), || b1(p, &[x.clone(), v.clone()]))
    };
    if dims[1].is_none() {
        return one(padded(&operand, padding_value), Some(operand_bdim));
    }
    let zero = crate::numpy::scalar_array(crate::dtype::Scalar::Int(0), operand.dtype(), false);
    let x = padded(&operand, &zero);
    let t = crate::numpy::scalar_array(
        crate::dtype::Scalar::Bool(true),
        crate::dtype::DType::Bool,
        false,
    );
    let f = crate::numpy::scalar_array(
        crate::dtype::Scalar::Bool(false),
        crate::dtype::DType::Bool,
        false,
    );
    let mask = padded(&lax::broadcast_in_dim(&t, operand.shape(), &[]), &f);
    let bpad = lax::broadcast_in_dim(padding_value, x.shape(), &[operand_bdim]);
    one(lax::select(&mask, &x, &bpad), Some(operand_bdim))
}

/// `_dot_general_batch_rule` (through `_dot_batch_rule`): a batch axis on both sides
/// becomes a leading dot batch dimension; on one side, a free dimension of that side.
fn dot_general(
    dnums: &crate::primitive::DotDimensionNumbers,
    preferred: Option<crate::dtype::DType>,
    vals: &[Array],
    dims: &[BDim],
    _axis_size: usize,
) -> Out {
    let (lhs, rhs) = (&vals[0], &vals[1]);
    let ((lc, rc), (lb, rb)) = dnums.clone();
    let bump = |ds: &[usize], b: usize| -> Vec<usize> {
        ds.iter().map(|&d| if d >= b { d + 1 } else { d }).collect()
    };
    let (c, b, out) = match (dims[0], dims[1]) {
        (Some(l), Some(r)) => {
            let mut nlb = vec![l];
            nlb.extend(bump(&lb, l));
            let mut nrb = vec![r];
            nrb.extend(bump(&rb, r));
            ((bump(&lc, l), bump(&rc, r)), (nlb, nrb), 0)
        }
        (Some(l), None) => {
            let lhs_ndim = lhs.ndim() - 1;
            let tensor = (0..lhs_ndim).filter(|d| !lb.contains(d) && !lc.contains(d));
            let out = lb.len() + tensor.filter(|&d| d < l).count();
            ((bump(&lc, l), rc.clone()), (bump(&lb, l), rb.clone()), out)
        }
        (None, Some(r)) => {
            let lhs_ndim = lhs.ndim();
            let rhs_ndim = rhs.ndim() - 1;
            let tensor = (0..rhs_ndim).filter(|d| !rb.contains(d) && !rc.contains(d));
            let out = lhs_ndim - lc.len() + tensor.filter(|&d| d < r).count();
            ((lc.clone(), bump(&rc, r)), (lb.clone(), bump(&rb, r)), out)
        }
        (None, None) => unreachable!("at least one operand is batched"),
    };
    let y = lax::dot_general_with(lhs, rhs, (c, b), |kw| match preferred {
        Some(dtype) => kw.preferred_element_type(dtype),
        None => kw,
    });
    one(y, Some(out))
}

/// `_pjit_batcher` (through `batch_jaxpr2`): the inner jaxpr batched along the operands'
/// batch axes, called once; its results keep the batch axes its rules gave them.
fn jit(
    name: &str,
    jaxpr: &Arc<ClosedJaxpr>,
    inline: bool,
    vals: &[Array],
    dims: &[BDim],
    size: usize,
) -> Out {
    let avals: Vec<Aval> = vals.iter().map(|v| v.aval().clone()).collect();
    let mut out_dims = Vec::new();
    let closed = crate::api::trace_to_jaxpr(&avals, |args| {
        let (outs, ds) = batch_traced(|xs| eval_jaxpr(jaxpr, xs), args, dims, size);
        out_dims = ds;
        outs
    });
    let outs = crate::api::bind_jit(name, closed, vals, inline);
    (outs, out_dims)
}

/// `debug_batching_rule`: one print per example, unrolled, each of that example's values
/// (`lax.index_in_dim`: a unit slice along the batch axis, squeezed).
fn debug_print(p: &Primitive, vals: &[Array], dims: &[BDim], size: usize) -> Out {
    for i in 0..size {
        let args: Vec<Array> = vals
            .iter()
            .zip(dims)
            .map(|(x, d)| match *d {
                None => x.clone(),
                Some(d) => {
                    let mut start = vec![0; x.ndim()];
                    let mut limit = x.shape().to_vec();
                    start[d] = i;
                    limit[d] = i + 1;
                    let strides = vec![1; x.ndim()];
                    let unit = lax::slice(x, &start, &limit, Some(&strides));
                    lax::squeeze(&unit, &[d as isize])
                }
            })
            .collect();
        bind(p.clone(), &args);
    }
    (Vec::new(), Vec::new())
}

/// `_custom_jvp_call_vmap`: a `custom_jvp_call` of the batched function whose rule is the
/// user's rule batched, so that differentiating the mapped function still uses the rule.
/// Every operand and result is batched at axis 0 (JAX leaves unbatched ones unbatched,
/// which only changes the jaxpr, not the values).
fn custom_jvp(
    name: &str,
    call_jaxpr: &Arc<ClosedJaxpr>,
    jvp: &crate::primitive::CustomJvpRule,
    symbolic_zeros: bool,
    vals: &[Array],
    dims: &[BDim],
    size: usize,
) -> Out {
    fn at_front((outs, dims): Out, size: usize) -> Vec<Array> {
        outs.iter()
            .zip(dims)
            .map(|(o, d)| bdim_at_front(o, d, size))
            .collect()
    }
    let xs: Vec<Array> = vals
        .iter()
        .zip(dims)
        .map(|(x, d)| bdim_at_front(x, *d, size))
        .collect();
    let avals: Vec<Aval> = xs.iter().map(|x| x.aval().clone()).collect();
    let front = vec![Some(0); xs.len()];
    let batched = crate::api::trace_to_jaxpr(&avals, |args| {
        let outs = batch_traced(|ys| eval_jaxpr(call_jaxpr, ys), args, &front, size);
        at_front(outs, size)
    });
    let rule = jvp.rule.clone();
    let batched_rule = move |primals: &[Array], tangents: &[Array]| {
        let n = primals.len();
        let mut args = primals.to_vec();
        args.extend_from_slice(tangents);
        let mut split = 0;
        let outs = batch_traced(
            |a| {
                let (outs, touts) = rule(&a[..n], &a[n..]);
                split = outs.len();
                outs.into_iter().chain(touts).collect()
            },
            &args,
            &vec![Some(0); 2 * n],
            size,
        );
        let mut outs = at_front(outs, size);
        let touts = outs.split_off(split);
        (outs, touts)
    };
    let outs = bind(
        Primitive::CustomJvpCall {
            name: name.to_string(),
            call_jaxpr: Arc::new(batched),
            jvp: crate::primitive::CustomJvpRule {
                name: jvp.name.clone(),
                rule: Arc::new(batched_rule),
            },
            symbolic_zeros,
        },
        &xs,
    );
    let n = outs.len();
    (outs, vec![Some(0); n])
}

/// `_batch_dynamic_slice_indices`: scalar start indices as one `[size, n]` index array.
fn dynamic_slice_indices(indices: &[Array], dims: &[BDim]) -> (Array, BDim) {
    let size = indices
        .iter()
        .zip(dims)
        .find_map(|(x, d)| d.map(|d| x.shape()[d]));
    match size {
        None => {
            let parts: Vec<Array> = indices.iter().map(|i| lax_broadcast(i, &[1])).collect();
            (lax::concatenate(&parts, 0), None)
        }
        Some(size) => {
            let parts: Vec<Array> = indices
                .iter()
                .zip(dims)
                .map(|(x, d)| {
                    let bd: &[usize] = if d.is_some() { &[0] } else { &[] };
                    lax::broadcast_in_dim(x, &[size, 1], bd)
                })
                .collect();
            (lax::concatenate(&parts, 1), Some(0))
        }
    }
}

/// `_dynamic_slice_batching_rule`: a dynamic slice is a gather; batch that.
fn dynamic_slice(slice_sizes: &[usize], vals: &[Array], dims: &[BDim]) -> Out {
    let operand = &vals[0];
    let nd = operand.ndim() - usize::from(dims[0].is_some());
    let all: Vec<usize> = (0..nd).collect();
    let (index, index_bdim) = dynamic_slice_indices(&vals[1..], &dims[1..]);
    let params = GatherParams {
        dnums: GatherDimensionNumbers {
            offset_dims: all.clone(),
            collapsed_slice_dims: Vec::new(),
            start_index_map: all,
            operand_batching_dims: Vec::new(),
            start_indices_batching_dims: Vec::new(),
        },
        slice_sizes: slice_sizes.to_vec(),
        indices_are_sorted: true,
        unique_indices: true,
        mode: GatherScatterMode::Clip,
        fill_value: None,
    };
    if dims[0].is_none() && index_bdim.is_none() {
        let g = bind_gather(&params, operand, &index, Vec::new());
        return one(g, None);
    }
    gather(&params, &[operand.clone(), index], &[dims[0], index_bdim])
}

/// `_dynamic_update_slice_batching_rule`: a dynamic update is a scatter; batch that.
fn dynamic_update_slice(vals: &[Array], dims: &[BDim], size: usize) -> Out {
    let (operand, update) = (&vals[0], &vals[1]);
    let nd = update.ndim() - usize::from(dims[1].is_some());
    let all: Vec<usize> = (0..nd).collect();
    let (index, index_bdim) = dynamic_slice_indices(&vals[2..], &dims[2..]);
    let p = Primitive::Scatter {
        kind: crate::primitive::ScatterKind::Set,
        dimension_numbers: ScatterDimensionNumbers {
            update_window_dims: all.clone(),
            inserted_window_dims: Vec::new(),
            scatter_dims_to_operand_dims: all,
            operand_batching_dims: Vec::new(),
            scatter_indices_batching_dims: Vec::new(),
        },
        indices_are_sorted: true,
        unique_indices: true,
        mode: GatherScatterMode::Clip,
    };
    let (mut outs, ds) = batch_traced(
        |xs| bind(p.clone(), xs),
        &[operand.clone(), index, update.clone()],
        &[dims[0], index_bdim, dims[1]],
        size,
    );
    let out = outs.remove(0);
    let out = match ds[0] {
        Some(d) => moveaxis(&out, d, 0),
        None => broadcast(&out, size, 0),
    };
    one(out, Some(0))
}

/// The parameters of a gather.
struct GatherParams {
    dnums: GatherDimensionNumbers,
    slice_sizes: Vec<usize>,
    indices_are_sorted: bool,
    unique_indices: bool,
    mode: GatherScatterMode,
    fill_value: Option<crate::dtype::Scalar>,
}

/// Binds a gather; `numpy` flags the dimension numbers JAX computed with NumPy, in field
/// order (see [`crate::jaxpr::numpy_ints`]).
fn bind_gather(p: &GatherParams, operand: &Array, indices: &Array, numpy: Vec<bool>) -> Array {
    let prim = Primitive::Gather {
        dimension_numbers: p.dnums.clone(),
        slice_sizes: p.slice_sizes.clone(),
        indices_are_sorted: p.indices_are_sorted,
        unique_indices: p.unique_indices,
        mode: p.mode,
        fill_value: p.fill_value,
    };
    with_numpy_ints(&prim, numpy, || {
        b1(prim.clone(), &[operand.clone(), indices.clone()])
    })
}

fn plus1(ds: &[usize]) -> Vec<usize> {
    ds.iter().map(|d| d + 1).collect()
}

/// Flags for dimension-number fields: `(python, numpy)` counts per field, Python ints
/// first (JAX's `(0,) + tuple(np.add(1, dims))`).
fn field_flags(fields: &[(usize, usize)]) -> Vec<bool> {
    fields
        .iter()
        .flat_map(|&(py, np)| std::iter::repeat_n(false, py).chain(std::iter::repeat_n(true, np)))
        .collect()
}

/// `_gather_batching_rule`: a batched operand gets a full leading offset dimension, batched
/// indices a leading batch of index vectors, and both together become operand and index
/// batching dimensions.
fn gather(p: &GatherParams, vals: &[Array], dims: &[BDim]) -> Out {
    let (operand, indices) = (&vals[0], &vals[1]);
    let d = &p.dnums;
    match (dims[0], dims[1]) {
        (Some(ob), None) => {
            let operand = moveaxis(operand, ob, 0);
            let mut slice_sizes = vec![operand.shape()[0]];
            slice_sizes.extend_from_slice(&p.slice_sizes);
            let mut offset_dims = vec![0];
            offset_dims.extend(plus1(&d.offset_dims));
            let q = GatherParams {
                dnums: GatherDimensionNumbers {
                    offset_dims,
                    collapsed_slice_dims: plus1(&d.collapsed_slice_dims),
                    start_index_map: plus1(&d.start_index_map),
                    operand_batching_dims: plus1(&d.operand_batching_dims),
                    start_indices_batching_dims: d.start_indices_batching_dims.clone(),
                },
                slice_sizes,
                ..*p
            };
            let numpy = field_flags(&[
                (1, d.offset_dims.len()),
                (0, d.collapsed_slice_dims.len()),
                (0, d.start_index_map.len()),
                (0, d.operand_batching_dims.len()),
                (d.start_indices_batching_dims.len(), 0),
            ]);
            one(bind_gather(&q, &operand, indices, numpy), Some(0))
        }
        (None, Some(ib)) => {
            let indices = moveaxis(indices, ib, 0);
            let q = GatherParams {
                dnums: GatherDimensionNumbers {
                    offset_dims: plus1(&d.offset_dims),
                    collapsed_slice_dims: d.collapsed_slice_dims.clone(),
                    start_index_map: d.start_index_map.clone(),
                    operand_batching_dims: d.operand_batching_dims.clone(),
                    start_indices_batching_dims: plus1(&d.start_indices_batching_dims),
                },
                slice_sizes: p.slice_sizes.clone(),
                indices_are_sorted: false,
                unique_indices: false,
                ..*p
            };
            let numpy = field_flags(&[
                (d.offset_dims.len(), 0),
                (d.collapsed_slice_dims.len(), 0),
                (d.start_index_map.len(), 0),
                (d.operand_batching_dims.len(), 0),
                (0, d.start_indices_batching_dims.len()),
            ]);
            one(bind_gather(&q, operand, &indices, numpy), Some(0))
        }
        (Some(ob), Some(ib)) => {
            let operand = moveaxis(operand, ob, 0);
            let indices = moveaxis(indices, ib, 0);
            let mut slice_sizes = vec![usize::from(operand.shape()[0] != 0)];
            slice_sizes.extend_from_slice(&p.slice_sizes);
            let mut obd = vec![0];
            obd.extend(plus1(&d.operand_batching_dims));
            let mut ibd = vec![0];
            ibd.extend(plus1(&d.start_indices_batching_dims));
            let q = GatherParams {
                dnums: GatherDimensionNumbers {
                    offset_dims: plus1(&d.offset_dims),
                    collapsed_slice_dims: plus1(&d.collapsed_slice_dims),
                    start_index_map: plus1(&d.start_index_map),
                    operand_batching_dims: obd,
                    start_indices_batching_dims: ibd,
                },
                slice_sizes,
                ..*p
            };
            let numpy = field_flags(&[
                (0, d.offset_dims.len()),
                (0, d.collapsed_slice_dims.len()),
                (0, d.start_index_map.len()),
                (1, d.operand_batching_dims.len()),
                (1, d.start_indices_batching_dims.len()),
            ]);
            one(bind_gather(&q, &operand, &indices, numpy), Some(0))
        }
        (None, None) => unreachable!("at least one operand is batched"),
    }
}

/// `_scatter_batching_rule`: operand, indices and updates all get a leading batch axis
/// (broadcast where unbatched), which becomes an operand and an index batching dimension
/// and a leading update window dimension... JAX batches every scatter kind this way.
fn scatter(p: &Primitive, vals: &[Array], dims: &[BDim]) -> Out {
    let Primitive::Scatter {
        kind,
        dimension_numbers: d,
        indices_are_sorted,
        unique_indices,
        mode,
    } = p
    else {
        unreachable!("a scatter")
    };
    let (operand, indices, updates) = (&vals[0], &vals[1], &vals[2]);
    let (operand_bdim, indices_bdim, updates_bdim) = (dims[0], dims[1], dims[2]);
    let size = batch_size(vals, dims);
    // The operand always carries the batch axis in front.
    let operand = bdim_at_front(operand, operand_bdim, size);
    let updates = bdim_at_front(updates, updates_bdim, size);
    let (new, indices, numpy) = match indices_bdim {
        None => {
            let mut uwd = vec![0];
            uwd.extend(plus1(&d.update_window_dims));
            (
                ScatterDimensionNumbers {
                    update_window_dims: uwd,
                    inserted_window_dims: plus1(&d.inserted_window_dims),
                    scatter_dims_to_operand_dims: plus1(&d.scatter_dims_to_operand_dims),
                    operand_batching_dims: plus1(&d.operand_batching_dims),
                    scatter_indices_batching_dims: d.scatter_indices_batching_dims.clone(),
                },
                indices.clone(),
                field_flags(&[
                    (1, d.update_window_dims.len()),
                    (0, d.inserted_window_dims.len()),
                    (0, d.scatter_dims_to_operand_dims.len()),
                    (0, d.operand_batching_dims.len()),
                    (d.scatter_indices_batching_dims.len(), 0),
                ]),
            )
        }
        Some(ib) => {
            let indices = moveaxis(indices, ib, 0);
            let mut obd = vec![0];
            obd.extend(plus1(&d.operand_batching_dims));
            let mut ibd = vec![0];
            ibd.extend(plus1(&d.scatter_indices_batching_dims));
            (
                ScatterDimensionNumbers {
                    update_window_dims: plus1(&d.update_window_dims),
                    inserted_window_dims: plus1(&d.inserted_window_dims),
                    scatter_dims_to_operand_dims: plus1(&d.scatter_dims_to_operand_dims),
                    operand_batching_dims: obd,
                    scatter_indices_batching_dims: ibd,
                },
                indices,
                field_flags(&[
                    (0, d.update_window_dims.len()),
                    (0, d.inserted_window_dims.len()),
                    (0, d.scatter_dims_to_operand_dims.len()),
                    (1, d.operand_batching_dims.len()),
                    (1, d.scatter_indices_batching_dims.len()),
                ]),
            )
        }
    };
    let prim = Primitive::Scatter {
        kind: *kind,
        dimension_numbers: new,
        indices_are_sorted: *indices_are_sorted,
        unique_indices: *unique_indices,
        mode: *mode,
    };
    let out = with_numpy_ints(&prim, numpy, || {
        b1(prim.clone(), &[operand, indices, updates])
    });
    one(out, Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numpy as jnp;

    #[test]
    fn moveaxis_matches_numpy() {
        let x = jnp::zeros([2, 3, 4]);
        assert_eq!(moveaxis(&x, 0, 2).shape(), &[3, 4, 2]);
        assert_eq!(moveaxis(&x, 2, 0).shape(), &[4, 2, 3]);
        assert_eq!(moveaxis(&x, 1, 1).shape(), &[2, 3, 4]);
    }

    #[test]
    fn a_missing_rule_panics_in_jaxs_words() {
        // `iota` takes no operands, so the trace never asks for its rule.
        let p = Primitive::Iota {
            dtype: crate::dtype::DType::I32,
            shape: vec![3],
            dimension: 0,
        };
        let err =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batch_rule(&p, &[], &[], 2)))
                .unwrap_err();
        let msg = err.downcast_ref::<String>().cloned().unwrap_or_default();
        assert_eq!(msg, "Batching rule for 'iota' not implemented");
    }

    #[test]
    fn tracers_print_as_jax_prints_them() {
        // JAX 0.10.2: `jax.vmap(print_and_return, in_axes=1)(jnp.ones((2, 3)))`.
        let trace = BatchTrace::new(current_trace(), 3);
        let t = trace.pack(jnp::ones([2, 3]), Some(1));
        let want = "VmapTracer(aval=float32[2], batched=float32[2,3])";
        assert_eq!(format!("{t:?}"), want);
        assert_eq!(format!("{t}"), want);
    }

    #[test]
    fn tracer_aval_drops_the_batch_axis() {
        let trace = BatchTrace::new(current_trace(), 3);
        let t = trace.pack(jnp::zeros([2, 3]), Some(1));
        assert_eq!(t.shape(), &[2]);
        let (v, d) = trace.unpack(&t);
        assert_eq!((v.shape(), d), (&[2usize, 3][..], Some(1)));
    }
}
