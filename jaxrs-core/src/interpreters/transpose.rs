//! Transposition of linear jaxprs: the backward pass and one transpose rule per primitive.
//!
//! JAX counterpart: `jax/_src/interpreters/ad.py` (`backward_pass3`, `ValAccum`,
//! `UndefinedPrimal`, `get_primitive_transpose`, `deflinear2`, `defbilinear`) and the
//! `ad.primitive_transposes[...]`/`ad.fancy_transposes[...]` registrations in
//! `jax/_src/lax/lax.py`, `slicing.py`, `control_flow/loops.py` and `jax/_src/pjit.py`.
//!
//! A cotangent of `None` is JAX's symbolic `Zero`: an equation whose results all have zero
//! cotangents is skipped, so unused paths cost nothing. Each rule emits the operations of
//! JAX's rule in the same order, so the jaxpr of a gradient prints what JAX prints.

use std::collections::HashMap;
use std::sync::Arc;

use crate::array::Array;
use crate::aval::Aval;
use crate::dtype::{DType, Scalar};
use crate::jaxpr::numpy_ints;
use crate::jaxpr::{Atom, ClosedJaxpr, Jaxpr};
use crate::lax;
use crate::primitive::{Primitive, ScatterDimensionNumbers, ScatterKind};
use crate::trace::bind;

use super::jvp::{b1, c, zeros_of};

/// A cotangent: `None` is a symbolic zero.
pub type Cotangent = Option<Array>;

/// An operand of a linear equation as its transpose rule sees it: a known value (a
/// residual), or the linear input being transposed (JAX's `UndefinedPrimal`).
#[derive(Clone)]
pub enum Operand {
    /// A value computed before the backward pass.
    Known(Array),
    /// A linear input, of this aval, whose cotangent the rule computes.
    Linear(Aval),
}

impl Operand {
    fn aval(&self) -> &Aval {
        match self {
            Operand::Known(x) => x.aval(),
            Operand::Linear(a) => a,
        }
    }

    fn is_linear(&self) -> bool {
        matches!(self, Operand::Linear(_))
    }

    fn known(&self) -> &Array {
        match self {
            Operand::Known(x) => x,
            Operand::Linear(_) => panic!("a linear operand has no value"),
        }
    }
}

/// `ValAccum.accum`: adds `ct` into the accumulated cotangent with `add_any`.
fn accumulate(slot: &mut Cotangent, ct: Array) {
    *slot = Some(match slot.take() {
        None => ct,
        Some(old) => b1(Primitive::AddAny, &[old, ct]),
    });
}

/// `backward_pass`: the cotangents of `jaxpr`'s inputs, all of which are linear, given the
/// cotangents of its outputs. Equations that do not depend on a linear input are evaluated
/// first, in order; the linear ones are then transposed in reverse.
pub fn backward_pass(jaxpr: &ClosedJaxpr, cts_out: &[Cotangent]) -> Vec<Cotangent> {
    backward_pass_with(&jaxpr.jaxpr, &jaxpr.consts, None, cts_out)
}

/// [`backward_pass`] over an open jaxpr with the given constants; `args` gives each input
/// as known or linear (all linear when `None`).
fn backward_pass_with(
    j: &Jaxpr,
    consts: &[Array],
    args: Option<&[Operand]>,
    cts_out: &[Cotangent],
) -> Vec<Cotangent> {
    let mut known: HashMap<usize, Array> = HashMap::new();
    let mut linear: HashMap<usize, Cotangent> = HashMap::new();
    for (v, c) in j.constvars.iter().zip(consts) {
        known.insert(v.id, c.clone());
    }
    for (i, v) in j.invars.iter().enumerate() {
        match args.map(|a| &a[i]) {
            Some(Operand::Known(x)) => {
                known.insert(v.id, x.clone());
            }
            _ => {
                linear.insert(v.id, None);
            }
        }
    }
    if cts_out.iter().all(Option::is_none) {
        return j.invars.iter().map(|_| None).collect();
    }
    let read = |known: &HashMap<usize, Array>, a: &Atom| -> Operand {
        match a {
            Atom::Literal(x) => Operand::Known(x.clone()),
            Atom::Var(v) => match known.get(&v.id) {
                Some(x) => Operand::Known(x.clone()),
                None => Operand::Linear(v.aval.clone()),
            },
        }
    };
    let mut lin_eqns = Vec::new();
    for eqn in &j.eqns {
        let is_linear = eqn
            .inputs
            .iter()
            .any(|a| matches!(a, Atom::Var(v) if linear.contains_key(&v.id)));
        if is_linear {
            for v in &eqn.outputs {
                linear.insert(v.id, None);
            }
            lin_eqns.push(eqn);
        } else {
            let inputs: Vec<Array> = eqn
                .inputs
                .iter()
                .map(|a| read(&known, a).known().clone())
                .collect();
            let out_id = eqn.outputs.first().map(|v| v.id);
            let outs = numpy_ints::redeclare(&eqn.primitive, out_id, || {
                bind(eqn.primitive.clone(), &inputs)
            });
            for (v, o) in eqn.outputs.iter().zip(outs) {
                known.entry(v.id).or_insert(o);
            }
        }
    }
    for (a, ct) in j.outvars.iter().zip(cts_out) {
        if let (Atom::Var(v), Some(ct)) = (a, ct) {
            if let Some(slot) = linear.get_mut(&v.id) {
                accumulate(slot, ct.clone());
            }
        }
    }
    for eqn in lin_eqns.iter().rev() {
        let cts: Vec<Cotangent> = eqn
            .outputs
            .iter()
            .map(|v| linear.remove(&v.id).flatten())
            .collect();
        if cts.iter().all(Option::is_none) {
            continue;
        }
        let operands: Vec<Operand> = eqn.inputs.iter().map(|a| read(&known, a)).collect();
        let numpy = eqn
            .outputs
            .first()
            .and_then(|v| numpy_ints::lookup(v.id))
            .unwrap_or_default();
        let cts_in = crate::trace::with_user_source(eqn.source, || {
            transpose_rule(&eqn.primitive, &cts, &operands, &numpy)
        });
        for (a, ct) in eqn.inputs.iter().zip(cts_in) {
            if let (Atom::Var(v), Some(ct)) = (a, ct) {
                if let Some(slot) = linear.get_mut(&v.id) {
                    accumulate(slot, ct);
                }
            }
        }
    }
    j.invars
        .iter()
        .map(|v| linear.get(&v.id).cloned().flatten())
        .collect()
}

/// JAX's message for a primitive without a transpose rule.
fn no_rule(p: &Primitive) -> ! {
    panic!(
        "Transpose rule (for reverse-mode differentiation) for '{}' not implemented",
        p.name()
    )
}

/// `_unbroadcast(aval, x)`: sums `x` down to `aval`'s shape.
fn unbroadcast(aval: &Aval, x: Array) -> Array {
    if aval.shape == x.shape() {
        return x;
    }
    if aval.shape.is_empty() {
        let all: Vec<usize> = (0..x.ndim()).collect();
        return lax::reduce_sum(&x, &all);
    }
    let dims: Vec<usize> = (0..x.ndim())
        .filter(|&i| x.shape()[i] != aval.shape[i])
        .collect();
    let x = if dims.is_empty() {
        x
    } else {
        lax::reduce_sum(&x, &dims)
    };
    lax::reshape(&x, &aval.shape)
}

/// `lax.full(shape, 0, dtype)`.
fn zeros(shape: &[usize], dtype: DType) -> Array {
    zeros_of(&Aval::new(shape.to_vec(), dtype))
}

/// `lax.select(pred, on_true, on_false)`.
fn select(pred: &Array, on_true: &Array, on_false: &Array) -> Array {
    lax::select_n(pred, &[on_false, on_true])
}

/// Where each result of `ct` goes for a linear `p`: one cotangent per operand (`None` for
/// known operands and zeros). `cts` has one entry per result, at least one nonzero.
/// `numpy` holds the equation's NumPy-integer flags ([`numpy_ints`]), which a rule that
/// binds the same parameters under another primitive (`gather` ↔ `scatter-add`) keeps.
pub fn transpose_rule(
    p: &Primitive,
    cts: &[Cotangent],
    args: &[Operand],
    numpy: &[bool],
) -> Vec<Cotangent> {
    use Primitive::*;
    let ct = || cts[0].clone().expect("a nonzero cotangent");
    let lin = |i: usize| args[i].is_linear();
    let only = |v: Array| vec![Some(v)];
    match p {
        Neg => only(lax::neg(&ct())),
        AddAny => vec![Some(ct()), Some(ct())],
        Add => vec![
            Some(unbroadcast(args[0].aval(), ct())),
            Some(unbroadcast(args[1].aval(), ct())),
        ],
        Sub => {
            let t = ct();
            let x = unbroadcast(args[0].aval(), t.clone());
            vec![Some(x), Some(unbroadcast(args[1].aval(), lax::neg(&t)))]
        }
        Mul => {
            if lin(0) {
                let g = lax::mul(&ct(), args[1].known());
                vec![Some(unbroadcast(args[0].aval(), g)), None]
            } else {
                let g = lax::mul(args[0].known(), &ct());
                vec![None, Some(unbroadcast(args[1].aval(), g))]
            }
        }
        Div => {
            if lin(1) {
                panic!("nonlinear div can't be transposed");
            }
            let g = lax::div(&ct(), args[1].known());
            vec![Some(unbroadcast(args[0].aval(), g)), None]
        }
        ConvertElementType { .. } => {
            let a = args[0].aval();
            if !a.dtype.is_float() {
                return vec![None];
            }
            only(b1(
                ConvertElementType {
                    new_dtype: a.dtype,
                    weak_type: a.weak_type,
                },
                &[ct()],
            ))
        }
        ReduceSum { axes } => {
            let shape = &args[0].aval().shape;
            let dims: Vec<usize> = (0..shape.len()).filter(|d| !axes.contains(d)).collect();
            // JAX computes the dimensions with `np.delete(np.arange(..))`.
            let bcast = BroadcastInDim {
                shape: shape.clone(),
                broadcast_dimensions: dims.clone(),
            };
            let _numpy = numpy_ints::declare(&bcast, vec![true; dims.len()]);
            only(lax::broadcast_in_dim(&ct(), shape, &dims))
        }
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => {
            if !lin(0) {
                return vec![None];
            }
            let operand = &args[0].aval().shape;
            let unit: Vec<usize> = (0..operand.len()).filter(|&i| operand[i] == 1).collect();
            let bdims: Vec<usize> = broadcast_dimensions
                .iter()
                .enumerate()
                .filter(|(i, _)| !unit.contains(i))
                .map(|(_, &d)| d)
                .collect();
            let axes: Vec<usize> = (0..shape.len()).filter(|d| !bdims.contains(d)).collect();
            let summed = lax::reduce_sum(&ct(), &axes);
            let unit: Vec<isize> = unit.iter().map(|&d| d as isize).collect();
            only(lax::expand_dims(&summed, &unit))
        }
        Reshape { .. } => only(lax::reshape(&ct(), &args[0].aval().shape)),
        Transpose { permutation } => {
            let mut inverse = vec![0; permutation.len()];
            for (i, &p) in permutation.iter().enumerate() {
                inverse[p] = i;
            }
            only(lax::transpose(&ct(), &inverse))
        }
        Squeeze { dimensions } => {
            let dims: Vec<isize> = dimensions.iter().map(|&d| d as isize).collect();
            only(lax::expand_dims(&ct(), &dims))
        }
        Rev { dimensions } => only(lax::rev(&ct(), dimensions)),
        Concatenate { dimension } => {
            let sizes: Vec<usize> = args.iter().map(|a| a.aval().shape[*dimension]).collect();
            lax::split(&ct(), &sizes, *dimension as isize)
                .into_iter()
                .map(Some)
                .collect()
        }
        Stack { axis } => bind(Unstack { axis: *axis }, &[ct()])
            .into_iter()
            .map(Some)
            .collect(),
        Unstack { axis } => {
            let piece = {
                let mut s = args[0].aval().clone();
                s.shape.remove(*axis);
                s
            };
            let cts: Vec<Array> = cts
                .iter()
                .map(|t| t.clone().unwrap_or_else(|| zeros_of(&piece)))
                .collect();
            only(b1(Stack { axis: *axis }, &cts))
        }
        Split { axis, sizes, .. } => {
            let cts: Vec<Array> = cts
                .iter()
                .zip(sizes)
                .map(|(t, &n)| {
                    t.clone().unwrap_or_else(|| {
                        let mut a = args[0].aval().clone();
                        a.shape[*axis] = n;
                        zeros_of(&a)
                    })
                })
                .collect();
            only(lax::concatenate(&cts, *axis))
        }
        Tile { reps } => {
            let shape = &args[0].aval().shape;
            let pairs: Vec<usize> = reps.iter().zip(shape).flat_map(|(&r, &s)| [r, s]).collect();
            let reshaped = lax::reshape(&ct(), &pairs);
            let axes: Vec<usize> = (0..shape.len()).map(|i| 2 * i).collect();
            only(lax::reduce_sum(&reshaped, &axes))
        }
        Pad { padding_config, .. } => pad_transpose(padding_config, &ct(), args),
        Slice {
            start_indices,
            limit_indices,
            strides,
        } => {
            let t = ct();
            let shape = &args[0].aval().shape;
            let strided = strides.as_ref().is_some_and(|s| s.iter().any(|&s| s != 1));
            let pads: Vec<(i64, i64, i64)> = match strides {
                Some(s) if strided => (0..shape.len())
                    .map(|i| {
                        let n = t.shape()[i];
                        let real = start_indices[i] + if n == 0 { 0 } else { 1 + (n - 1) * s[i] };
                        (
                            start_indices[i] as i64,
                            shape[i] as i64 - real as i64,
                            s[i] as i64 - 1,
                        )
                    })
                    .collect(),
                _ => (0..shape.len())
                    .map(|i| {
                        (
                            start_indices[i] as i64,
                            shape[i] as i64 - limit_indices[i] as i64,
                            0,
                        )
                    })
                    .collect(),
            };
            // JAX computes the high padding (and, for strides, the interior) with NumPy,
            // which its jaxprs print as `np.int64(..)`.
            let numpy = vec![(false, true, strided); pads.len()];
            only(lax::pad_recording_numpy_ints(
                &t,
                &c(&t, 0.0),
                &pads,
                &numpy,
            ))
        }
        DynamicSlice { .. } => {
            let a = args[0].aval();
            let mut inputs = vec![zeros(&a.shape, a.dtype), ct()];
            inputs.extend(args[1..].iter().map(|x| x.known().clone()));
            let mut out = vec![Some(b1(DynamicUpdateSlice, &inputs))];
            out.extend(args[1..].iter().map(|_| None));
            out
        }
        DynamicUpdateSlice => {
            let t = ct();
            let update = args[1].aval();
            let z = zeros(&update.shape, t.dtype());
            let idx: Vec<Array> = args[2..].iter().map(|x| x.known().clone()).collect();
            let operand_t = lin(0).then(|| {
                let mut inputs = vec![t.clone(), z];
                inputs.extend(idx.iter().cloned());
                b1(DynamicUpdateSlice, &inputs)
            });
            let update_t = lin(1).then(|| {
                let mut inputs = vec![t.clone()];
                inputs.extend(idx.iter().cloned());
                b1(
                    DynamicSlice {
                        slice_sizes: update.shape.clone(),
                    },
                    &inputs,
                )
            });
            let mut out = vec![operand_t, update_t];
            out.extend(idx.iter().map(|_| None));
            out
        }
        Gather {
            dimension_numbers: d,
            indices_are_sorted,
            unique_indices,
            mode,
            ..
        } => {
            let t = ct();
            let a = args[0].aval();
            let dnums = ScatterDimensionNumbers {
                update_window_dims: d.offset_dims.clone(),
                inserted_window_dims: d.collapsed_slice_dims.clone(),
                scatter_dims_to_operand_dims: d.start_index_map.clone(),
                operand_batching_dims: d.operand_batching_dims.clone(),
                scatter_indices_batching_dims: d.start_indices_batching_dims.clone(),
            };
            let scatter = Scatter {
                kind: ScatterKind::Add,
                dimension_numbers: dnums,
                indices_are_sorted: *indices_are_sorted,
                unique_indices: *unique_indices,
                mode: *mode,
            };
            let _numpy = numpy_ints::declare(&scatter, numpy.to_vec());
            let out = b1(
                scatter,
                &[zeros(&a.shape, t.dtype()), args[1].known().clone(), t],
            );
            vec![Some(out), None]
        }
        Scatter {
            kind,
            dimension_numbers: d,
            indices_are_sorted,
            unique_indices,
            mode,
        } => {
            let t = ct();
            let indices = args[1].known();
            let updates = args[2].aval();
            let gather_back = |x: &Array| {
                let mut slice_sizes = Vec::new();
                let mut pos = 0;
                for i in 0..x.ndim() {
                    if d.inserted_window_dims.contains(&i) || d.operand_batching_dims.contains(&i) {
                        slice_sizes.push(1);
                    } else {
                        slice_sizes.push(updates.shape[d.update_window_dims[pos]]);
                        pos += 1;
                    }
                }
                let fill = (*mode == crate::primitive::GatherScatterMode::FillOrDrop)
                    .then_some(Scalar::Int(0));
                let gather = Gather {
                    dimension_numbers: d.as_gather(),
                    slice_sizes,
                    indices_are_sorted: false,
                    unique_indices: false,
                    mode: *mode,
                    fill_value: fill,
                };
                let _numpy = numpy_ints::declare(&gather, numpy.to_vec());
                b1(gather, &[x.clone(), indices.clone()])
            };
            let scatter = |kind, unique, operand: &Array, upd: &Array| {
                b1(
                    Scatter {
                        kind,
                        dimension_numbers: d.clone(),
                        indices_are_sorted: *indices_are_sorted,
                        unique_indices: unique,
                        mode: *mode,
                    },
                    &[operand.clone(), indices.clone(), upd.clone()],
                )
            };
            match kind {
                ScatterKind::Add => {
                    let operand_t = lin(0).then(|| t.clone());
                    let update_t = lin(2).then(|| gather_back(&t));
                    vec![operand_t, None, update_t]
                }
                ScatterKind::Set => {
                    if !unique_indices {
                        panic!("scatter transpose is only implemented where unique_indices=True");
                    }
                    let operand_t = lin(0).then(|| {
                        scatter(
                            ScatterKind::Set,
                            true,
                            &t,
                            &zeros(&updates.shape, t.dtype()),
                        )
                    });
                    let update_t = lin(2).then(|| gather_back(&t));
                    vec![operand_t, None, update_t]
                }
                ScatterKind::Mul => {
                    let operand_t = lin(0)
                        .then(|| scatter(ScatterKind::Mul, *unique_indices, &t, args[2].known()));
                    let update_t = lin(2).then(|| {
                        if !unique_indices {
                            panic!(
                                "scatter_mul gradients are only implemented if \
                                 `unique_indices=True`"
                            );
                        }
                        gather_back(&lax::mul(&t, args[0].known()))
                    });
                    vec![operand_t, None, update_t]
                }
                ScatterKind::Min | ScatterKind::Max => no_rule(p),
            }
        }
        Cumsum { axis, reverse } => only(b1(
            Cumsum {
                axis: *axis,
                reverse: !reverse,
            },
            &[ct()],
        )),
        Copy => only(b1(Copy, &[ct()])),
        SelectN => {
            let t = ct();
            let z = super::jvp::full_like(&t, 0.0);
            let which = args[0].known();
            let mut out = vec![None];
            if which.dtype() == DType::Bool {
                out.push(lin(1).then(|| select(which, &z, &t)));
                out.push(lin(2).then(|| select(which, &t, &z)));
            } else {
                for i in 1..args.len() {
                    out.push(lin(i).then(|| {
                        let k = c(which, (i - 1) as f64);
                        select(&lax::eq(which, &k), &t, &z)
                    }));
                }
            }
            out
        }
        DotGeneral {
            dimension_numbers,
            preferred_element_type,
        } => {
            let t = ct();
            if lin(0) {
                let x = args[0].aval();
                let y = args[1].known();
                let g = dot_transpose_lhs(
                    &t,
                    x,
                    y.aval(),
                    y,
                    dimension_numbers,
                    *preferred_element_type,
                    false,
                );
                vec![Some(g), None]
            } else {
                let ((xc, yc), (xb, yb)) = dimension_numbers;
                let swapped = ((yc.clone(), xc.clone()), (yb.clone(), xb.clone()));
                let x = args[0].known();
                let y = args[1].aval();
                let g =
                    dot_transpose_lhs(&t, y, x.aval(), x, &swapped, *preferred_element_type, true);
                vec![None, Some(g)]
            }
        }
        Jit {
            name,
            jaxpr,
            inline,
        } => jit_transpose(name, jaxpr, *inline, cts, args),
        CustomLin {
            num_res,
            bwd,
            in_zeros,
            out_avals,
            ..
        } => {
            // ad.py `_custom_lin_transpose`: `bwd` on the residuals and the (instantiated)
            // cotangents gives one cotangent per input; those of zero tangents are dropped.
            let res: Vec<Array> = args[..*num_res].iter().map(|a| a.known().clone()).collect();
            let cts: Vec<Array> = cts
                .iter()
                .zip(out_avals)
                .map(|(t, a)| t.clone().unwrap_or_else(|| zeros_of(a)))
                .collect();
            let cts_in = (bwd.rule)(&res, &cts);
            let mut out: Vec<Cotangent> = vec![None; *num_res];
            out.extend(
                cts_in
                    .into_iter()
                    .zip(in_zeros)
                    .filter(|(_, &z)| !z)
                    .map(|(c, _)| Some(c)),
            );
            out
        }
        Sign
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
        | BitcastConvertType { .. }
        | Rem
        | Pow
        | Max
        | Min
        | Atan2
        | Nextafter
        | Eq
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
        | Clamp
        | ReduceProd { .. }
        | ReduceMax { .. }
        | ReduceMin { .. }
        | ReduceAnd { .. }
        | ReduceOr { .. }
        | Argmax { .. }
        | Argmin { .. }
        | Cumprod { .. }
        | Cummax { .. }
        | Cummin { .. }
        | Iota { .. }
        | StopGradient
        | CustomJvpCall { .. }
        | CustomVjpCall { .. }
        | Sort { .. }
        | Threefry2x32
        | RandomSeed
        | RandomWrap
        | RandomUnwrap
        | RandomSplit { .. }
        | RandomFoldIn
        | RandomBits { .. }
        | DebugPrint { .. } => no_rule(p),
    }
}

/// lax.py `_pad_transpose`.
fn pad_transpose(config: &[(i64, i64, i64)], t: &Array, args: &[Operand]) -> Vec<Cotangent> {
    let total = |x: &Array| {
        let all: Vec<usize> = (0..x.ndim()).collect();
        lax::reduce_sum(x, &all)
    };
    let t_operand = args[0].is_linear().then(|| {
        let unpad: Vec<(i64, i64, i64)> = config.iter().map(|&(l, h, _)| (-l, -h, 0)).collect();
        // `np.negative`, `np.zeros_like` and `np.add` in JAX: NumPy integers.
        let numpy = vec![(true, true, true); unpad.len()];
        let unpadded = lax::pad_recording_numpy_ints(t, &c(t, 0.0), &unpad, &numpy);
        let starts = vec![0; config.len()];
        let strides: Vec<usize> = config.iter().map(|&(_, _, i)| (i + 1) as usize).collect();
        lax::slice_recording_numpy_ints(&unpadded, &starts, unpadded.shape(), Some(&strides), true)
    });
    let t_padv = args[1].is_linear().then(|| {
        let op = t_operand
            .as_ref()
            .expect("the operand of a linear pad is linear");
        lax::sub(&total(t), &total(op))
    });
    vec![t_operand, t_padv]
}

/// lax.py `_dot_general_transpose_lhs` (`swap_ans` for the right-hand side).
fn dot_transpose_lhs(
    g: &Array,
    x: &Aval,
    y_aval: &Aval,
    y: &Array,
    dimension_numbers: &crate::primitive::DotDimensionNumbers,
    preferred_element_type: Option<DType>,
    swap_ans: bool,
) -> Array {
    let ((x_contract, y_contract), (x_batch, y_batch)) = dimension_numbers;
    let x_ndim = x.shape.len();
    let remaining = |n: usize, a: &[usize], b: &[usize]| -> Vec<usize> {
        (0..n)
            .filter(|i| !a.contains(i) && !b.contains(i))
            .collect()
    };
    let x_kept = remaining(x_ndim, x_contract, x_batch);
    let y_kept = remaining(y_aval.shape.len(), y_contract, y_batch);
    let nb = x_batch.len();
    let (ans_batch, ans_y): (Vec<usize>, Vec<usize>) = if swap_ans {
        ((0..nb).collect(), (nb..nb + y_kept.len()).collect())
    } else {
        (
            (0..nb).collect(),
            (nb + x_kept.len()..nb + x_kept.len() + y_kept.len()).collect(),
        )
    };
    let dims = ((ans_y, y_kept), (ans_batch, y_batch.clone()));
    let mut order: Vec<usize> = (0..y_contract.len()).collect();
    order.sort_by_key(|&i| y_contract[i]);
    let x_contract_sorted_by_y: Vec<usize> = order.iter().map(|&i| x_contract[i]).collect();
    let unsorted: Vec<usize> = x_batch
        .iter()
        .chain(&x_kept)
        .chain(&x_contract_sorted_by_y)
        .copied()
        .collect();
    let mut out_axes: Vec<usize> = (0..unsorted.len()).collect();
    out_axes.sort_by_key(|&i| unsorted[i]);
    let out = b1(
        Primitive::DotGeneral {
            dimension_numbers: dims,
            preferred_element_type,
        },
        &[g.clone(), y.clone()],
    );
    let x_bar = lax::transpose(&out, &out_axes);
    if x_bar.dtype() != x.dtype {
        lax::convert_element_type(&x_bar, x.dtype, x.weak_type)
    } else {
        x_bar
    }
}

/// pjit's transpose rule: a `jit` of the backward pass of the called jaxpr, taking the
/// known operands and the nonzero cotangents and returning the linear operands'
/// cotangents.
fn jit_transpose(
    name: &str,
    jaxpr: &Arc<ClosedJaxpr>,
    inline: bool,
    cts: &[Cotangent],
    args: &[Operand],
) -> Vec<Cotangent> {
    let mut in_avals: Vec<Aval> = args
        .iter()
        .filter_map(|a| match a {
            Operand::Known(x) => Some(x.aval().clone()),
            Operand::Linear(_) => None,
        })
        .collect();
    in_avals.extend(cts.iter().flatten().map(|t| t.aval().clone()));
    let mut nonzero_out = Vec::new();
    let closed = crate::api::trace_to_jaxpr(&in_avals, |flat| {
        let mut flat = flat.iter();
        let operands: Vec<Operand> = args
            .iter()
            .map(|a| match a {
                Operand::Known(_) => Operand::Known(flat.next().expect("a known operand").clone()),
                Operand::Linear(av) => Operand::Linear(av.clone()),
            })
            .collect();
        let cts_in: Vec<Cotangent> = cts
            .iter()
            .map(|t| {
                t.as_ref()
                    .map(|_| flat.next().expect("a cotangent").clone())
            })
            .collect();
        let out = backward_pass_with(&jaxpr.jaxpr, &jaxpr.consts, Some(&operands), &cts_in);
        let lin_out: Vec<Cotangent> = out
            .into_iter()
            .zip(&operands)
            .filter_map(|(ct, o)| o.is_linear().then_some(ct))
            .collect();
        nonzero_out = lin_out.iter().map(Option::is_some).collect();
        lin_out.into_iter().flatten().collect()
    });
    let mut call_args: Vec<Array> = args
        .iter()
        .filter_map(|a| match a {
            Operand::Known(x) => Some(x.clone()),
            Operand::Linear(_) => None,
        })
        .collect();
    call_args.extend(cts.iter().flatten().cloned());
    let results = crate::api::bind_jit(name, closed, &call_args, inline);
    let mut results = results.into_iter();
    let mut nz = nonzero_out.into_iter();
    args.iter()
        .map(|a| match a {
            Operand::Known(_) => None,
            Operand::Linear(_) => {
                if nz.next().expect("one flag per linear operand") {
                    results.next()
                } else {
                    None
                }
            }
        })
        .collect()
}
