//! Eager execution of one primitive: the runtime's kernel when it has one, the reference
//! evaluator otherwise.
//!
//! JAX counterpart: `jax/_src/dispatch.py` (`apply_primitive`), which compiles and runs a
//! single primitive with XLA. One exhaustive `match` over [`Primitive`] says, for each
//! primitive, which kernel runs it; `None` from a kernel (an unsupported dtype or broadcast)
//! sends the primitive to the reference.

use crate::passes::contract as contract_pass;
use crate::passes::fuse::FUSION;
use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::jaxpr::contract;
use jaxrs_core::primitive::{Kind, Primitive};
use jaxrs_core::scalar;
use jaxrs_core::with_buffer;

use crate::fuse;
use crate::kernels::fma;
use crate::kernels::reduce::{self, Elem, Op};
use crate::kernels::{dot, elementwise, operand, structural, threefry, Src, View, ViewMut};
use crate::parallel::{for_each_chunk, for_each_chunk2, worth_parallel, CHUNK};
use crate::simd::{self, Isa};
use jaxrs_core::buffer::BufferElement;
use jaxrs_core::dtype::DType;
use rayon::prelude::*;
use smallvec::{smallvec, SmallVec};

/// The results of one primitive: most have one, which is then kept inline (a small
/// compiled program's step allocates only its result's elements).
pub type Buffers = SmallVec<[Buffer; 1]>;

/// Computes `primitive` on `inputs` (the [`jaxrs_core::backend::Backend`] entry point).
pub fn execute(primitive: &Primitive, inputs: &[&Concrete], out_avals: &[Aval]) -> Buffers {
    accelerated(primitive, inputs, out_avals)
        .unwrap_or_else(|| eval_primitive(primitive, inputs, out_avals).into())
}

/// Operands up to this many are gathered on the stack (the per-call cost of a small
/// compiled program is mostly allocation).
const STACK_OPERANDS: usize = 4;

/// [`execute`] on `len` operands given by an iterator: up to `STACK_OPERANDS` of them
/// are gathered without allocating.
pub fn execute_small<'c>(
    primitive: &Primitive,
    mut inputs: impl Iterator<Item = &'c Concrete>,
    len: usize,
    out_avals: &[Aval],
) -> Buffers {
    match inputs.next() {
        Some(first) if len <= STACK_OPERANDS => {
            let mut arr = [first; STACK_OPERANDS];
            for (slot, c) in arr[1..len].iter_mut().zip(inputs) {
                *slot = c;
            }
            execute(primitive, &arr[..len], out_avals)
        }
        first => {
            let all: Vec<&Concrete> = first.into_iter().chain(inputs).collect();
            execute(primitive, &all, out_avals)
        }
    }
}

/// The runtime's own result, or `None` when the reference should compute it.
pub fn accelerated(
    primitive: &Primitive,
    inputs: &[&Concrete],
    out_avals: &[Aval],
) -> Option<Buffers> {
    use Primitive::*;
    // Key arrays are stored physically (a trailing axis of two words) while structural
    // parameters name logical axes: the reference maps them.
    let moves = matches!(
        primitive.kind(),
        Kind::Reduce | Kind::Structural | Kind::Contraction
    );
    if moves && inputs.iter().any(|c| c.aval().prng_key) {
        return None;
    }
    match primitive {
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
        | ConvertElementType { .. } => elementwise_op(
            primitive,
            inputs,
            &out_avals[0],
            #[inline(always)]
            |v, o| elementwise::unary_into(primitive, v[0], o),
        ),
        BitcastConvertType { new_dtype } => {
            if !elementwise::bitcast_supported(inputs[0].aval().dtype, *new_dtype)
                || inputs[0].shape() != out_avals[0].shape.as_slice()
            {
                return None;
            }
            elementwise_op(
                primitive,
                inputs,
                &out_avals[0],
                #[inline(always)]
                |v, o| elementwise::bitcast_into(v[0], o),
            )
        }
        Div if scalar::divides_by_broadcast(
            primitive,
            inputs[1].aval().dtype,
            inputs[1].shape(),
            &out_avals[0].shape,
        ) =>
        {
            // XLA's `x / broadcast(c)` → `x * broadcast(1 / c)`; the divisor is the small
            // operand, so its reciprocal is computed by the reference's rule.
            let y = inputs[1];
            let dtype = y.aval().dtype;
            // `bfloat16` multiplies by the `float32` reciprocal, as XLA has widened it.
            let wide = if dtype == DType::BF16 {
                DType::F32
            } else {
                dtype
            };
            let recip = Buffer::from_scalars(
                wide,
                y.data()
                    .to_scalars()
                    .into_iter()
                    .map(|v| scalar::broadcast_reciprocal(dtype, v)),
            );
            let recip = Concrete::new(Aval::new(y.shape().to_vec(), wide), recip);
            if wide == dtype {
                return accelerated(&Mul, &[inputs[0], &recip], out_avals);
            }
            let widen = ConvertElementType {
                new_dtype: wide,
                weak_type: false,
            };
            let x_aval = Aval::new(inputs[0].shape().to_vec(), wide);
            let x = accelerated(&widen, &[inputs[0]], std::slice::from_ref(&x_aval))?.remove(0);
            let x = Concrete::new(x_aval, x);
            let out_wide = Aval::new(out_avals[0].shape.clone(), wide);
            let p = accelerated(&Mul, &[&x, &recip], std::slice::from_ref(&out_wide))?.remove(0);
            let p = Concrete::new(out_wide, p);
            let narrow = ConvertElementType {
                new_dtype: dtype,
                weak_type: false,
            };
            accelerated(&narrow, &[&p], out_avals)
        }
        Add | AddAny | Sub | Mul | Div | Rem | Pow | Max | Min | Atan2 | Nextafter | Eq | Ne
        | Lt | Le | Gt | Ge | And | Or | Xor | ShiftLeft | ShiftRightLogical
        | ShiftRightArithmetic => elementwise_op(
            primitive,
            inputs,
            &out_avals[0],
            #[inline(always)]
            |v, o| elementwise::binary_into(primitive, v[0], v[1], o),
        ),
        SelectN => elementwise_op(
            primitive,
            inputs,
            &out_avals[0],
            #[inline(always)]
            |v, o| elementwise::select_n_into(v[0], &v[1..], o),
        ),
        Clamp => elementwise_op(
            primitive,
            inputs,
            &out_avals[0],
            #[inline(always)]
            |v, o| elementwise::clamp_into(v[0], v[1], v[2], o),
        ),
        Threefry2x32 => threefry2x32(inputs, out_avals),
        Jit { name, jaxpr, .. } if name == contract::MULTIPLY_ADD => {
            let [p, q, z] = fma::operands(jaxpr, inputs, &out_avals[0]);
            elementwise_op(
                &Mul,
                &[&*p, &*q, &*z],
                &out_avals[0],
                #[inline(always)]
                |v, o| fma::fma_into(v[0], v[1], v[2], o),
            )
        }
        // A small reduction (no axis windowed): the reference's loop of multiply-adds.
        Jit { name, .. } if name == contract::MULTIPLY_REDUCE => {
            Some(eval_primitive(primitive, inputs, out_avals).into())
        }
        Jit { name, jaxpr, .. } if name == FUSION => fuse::execute_jit(jaxpr, inputs, out_avals),
        Jit { jaxpr, .. } => {
            fuse::execute_jit(&contract_pass::as_compiled(jaxpr), inputs, out_avals)
        }
        // An effect: the reference prints.
        DebugPrint { .. } => None,
        CustomJvpCall { call_jaxpr, .. } | CustomVjpCall { call_jaxpr, .. } => {
            fuse::execute_jit(&contract_pass::as_compiled(call_jaxpr), inputs, out_avals)
        }
        CustomLin { .. } => None,
        ReduceSum { axes } => reduction(Op::Sum, axes, inputs[0]),
        ReduceProd { axes } => reduction(Op::Prod, axes, inputs[0]),
        ReduceMax { axes } => reduction(Op::Max, axes, inputs[0]),
        ReduceMin { axes } => reduction(Op::Min, axes, inputs[0]),
        ReduceAnd { axes } => reduction(Op::And, axes, inputs[0]),
        ReduceOr { axes } => reduction(Op::Or, axes, inputs[0]),
        Argmax { axes, index_dtype } => arg_reduction(axes[0], true, *index_dtype, inputs[0]),
        Argmin { axes, index_dtype } => arg_reduction(axes[0], false, *index_dtype, inputs[0]),
        Cumsum { axis, reverse } => cumulative(Op::Sum, *axis, *reverse, inputs[0]),
        Cumprod { axis, reverse } => cumulative(Op::Prod, *axis, *reverse, inputs[0]),
        Cummax { axis, reverse } => cumulative(Op::Max, *axis, *reverse, inputs[0]),
        Cummin { axis, reverse } => cumulative(Op::Min, *axis, *reverse, inputs[0]),
        BroadcastInDim {
            broadcast_dimensions,
            ..
        } => one(structural::broadcast_in_dim(
            inputs[0],
            broadcast_dimensions,
            &out_avals[0],
        )),
        // Eagerly a new buffer is owed; compiled programs move the operand instead.
        Reshape { .. } | Squeeze { .. } | Copy | StopGradient => one(inputs[0].data().clone()),
        Transpose { permutation } => {
            one(structural::transpose(inputs[0], permutation, &out_avals[0]))
        }
        Rev { dimensions } => one(structural::rev(inputs[0], dimensions, &out_avals[0])),
        Concatenate { dimension } => {
            one(structural::concatenate(inputs, *dimension, &out_avals[0]))
        }
        Stack { axis } => one(structural::stack(inputs, *axis, &out_avals[0])),
        Pad { padding_config, .. } => one(structural::pad(
            inputs[0],
            inputs[1],
            padding_config,
            &out_avals[0],
        )),
        Tile { .. } => one(structural::tile(inputs[0], &out_avals[0])),
        Unstack { axis } => {
            let shape = inputs[0].shape();
            let mut piece = shape.to_vec();
            piece[*axis] = 1;
            let mut starts = vec![0; shape.len()];
            let ones = vec![1; shape.len()];
            Some(
                out_avals
                    .iter()
                    .enumerate()
                    .map(|(i, aval)| {
                        starts[*axis] = i;
                        structural::strided(inputs[0], &starts, &ones, &piece, aval)
                    })
                    .collect(),
            )
        }
        Split { axis, sizes, .. } => {
            let ones = vec![1; inputs[0].shape().len()];
            let mut starts = vec![0; ones.len()];
            Some(
                out_avals
                    .iter()
                    .zip(sizes)
                    .map(|(aval, &size)| {
                        let b = structural::strided(inputs[0], &starts, &ones, &aval.shape, aval);
                        starts[*axis] += size;
                        b
                    })
                    .collect(),
            )
        }
        Slice {
            start_indices,
            strides,
            ..
        } => {
            let ones = vec![1; start_indices.len()];
            let step = strides.as_deref().unwrap_or(&ones);
            let out = &out_avals[0];
            one(structural::strided(
                inputs[0],
                start_indices,
                step,
                &out.shape,
                out,
            ))
        }
        DynamicSlice { slice_sizes } => {
            let starts = structural::clamped_starts(inputs[0].shape(), slice_sizes, &inputs[1..]);
            let ones = vec![1; starts.len()];
            one(structural::strided(
                inputs[0],
                &starts,
                &ones,
                slice_sizes,
                &out_avals[0],
            ))
        }
        DynamicUpdateSlice => one(structural::dynamic_update_slice(inputs, &out_avals[0])),
        Iota {
            dtype, dimension, ..
        } => one(structural::iota(*dtype, *dimension, &out_avals[0])),
        Sort {
            dimension,
            num_keys,
            ..
        } => structural::sort(inputs, *dimension, *num_keys).map(Buffers::from_vec),
        DotGeneral {
            dimension_numbers, ..
        } => one(dot::dot_general(
            dimension_numbers,
            inputs[0],
            inputs[1],
            &out_avals[0],
        )),
        // Gathers and scatters of general dimension numbers, and key arrays, stay with the
        // reference.
        Gather { .. }
        | Scatter { .. }
        | RandomSeed
        | RandomWrap
        | RandomUnwrap
        | RandomSplit { .. }
        | RandomFoldIn => None,
        RandomBits { bit_width, .. } => random_bits(*bit_width, inputs[0], &out_avals[0]),
    }
}

fn one(b: Buffer) -> Option<Buffers> {
    Some(smallvec![b])
}

fn bitwise<T: Elem>(_: &[T]) -> bool {
    T::BITWISE
}

/// `op` over `axes` (`None` for `and`/`or` of floats, which JAX rejects before binding).
fn reduction(op: Op, axes: &[usize], x: &Concrete) -> Option<Buffers> {
    let dtype = x.aval().dtype;
    let b = with_buffer!(x.data(), v => {
        if matches!(op, Op::And | Op::Or) && !bitwise(v) {
            return None;
        }
        BufferElement::into_buffer(reduce::reduce(v, x.shape(), axes, op, dtype))
    });
    one(b)
}

/// `argmax` (`max`) or `argmin` along `axis`, indices of `index_dtype`.
fn arg_reduction(axis: usize, max: bool, index_dtype: DType, x: &Concrete) -> Option<Buffers> {
    let idx = with_buffer!(x.data(), v => reduce::arg_reduce(v, x.shape(), axis, max));
    one(match index_dtype {
        DType::I32 => Buffer::I32(idx.into_iter().map(|i| i as i32).collect()),
        DType::I64 => Buffer::I64(idx),
        d => Buffer::I64(idx).cast(d),
    })
}

/// A cumulative `op` along `axis`.
fn cumulative(op: Op, axis: usize, reverse: bool, x: &Concrete) -> Option<Buffers> {
    let dtype = x.aval().dtype;
    // Float sums and products depend on the order: XLA scans blocks of 16 and then the
    // block totals (`xla_prefix_scan` in the reference), which this kernel does not yet
    // follow, so the reference computes them.
    if dtype.is_float() && matches!(op, Op::Sum | Op::Prod) {
        return None;
    }
    one(with_buffer!(x.data(), v => BufferElement::into_buffer(
        reduce::scan(v, x.shape(), axis, reverse, op, dtype))))
}

/// Runs an elementwise kernel over the output in chunks (in parallel when large). The
/// operands must each match the output's shape or hold one element; otherwise `None`.
fn elementwise_op(
    primitive: &Primitive,
    inputs: &[&Concrete],
    out: &Aval,
    kernel: impl Fn(&[View<'_>], ViewMut<'_>) + Sync,
) -> Option<Buffers> {
    let direct = |i: usize| operand(inputs[i].data(), inputs[i].shape(), &out.shape);
    // Up to `STACK_OPERANDS` views on the stack: a small call allocates only its output.
    let mut stack = [View::F32(Src::Splat(0.0)); STACK_OPERANDS];
    let fits = inputs.len() <= STACK_OPERANDS;
    // The views go on the stack as they are checked (past `STACK_OPERANDS`, nowhere).
    let all_direct = (0..inputs.len()).all(|i| match direct(i) {
        Some(d) => {
            if let Some(slot) = stack.get_mut(i) {
                *slot = d;
            }
            true
        }
        None => false,
    });
    // Operands broadcast implicitly (size-1 axes, fewer axes) are expanded first with the
    // strided-copy kernel: one extra pass instead of the reference's index map.
    let expanded: Vec<Option<Buffer>> = if all_direct {
        Vec::new()
    } else {
        (0..inputs.len())
            .map(|i| match direct(i) {
                Some(_) => Some(None),
                None => expand(inputs[i], &out.shape).map(Some),
            })
            .collect::<Option<_>>()?
    };
    let heap: Vec<View<'_>>;
    let views: &[View<'_>] = if fits && all_direct {
        &stack[..inputs.len()]
    } else {
        heap = (0..inputs.len())
            .map(|i| match expanded.get(i) {
                Some(Some(b)) => View::of(b),
                _ => direct(i).expect("checked above"),
            })
            .collect();
        &heap
    };
    let n = out.size();
    let dtype = inputs.first().map_or(out.dtype, |c| c.aval().dtype);
    let mut buffer = crate::pool::take(out.dtype, &out.shape);
    let isa = Isa::detect();
    if n <= CHUNK {
        // One chunk: no per-chunk views to build (the common case of small eager calls).
        with_buffer!(&mut buffer, v => simd::run(isa, #[inline(always)]
            || kernel(views, ViewMut::from(&mut v[..]))));
        return one(buffer);
    }
    let parallel = worth_parallel(n, elementwise::cost(primitive, dtype));
    with_buffer!(&mut buffer, v => for_each_chunk(v, CHUNK, parallel, |start, o| {
        let subs: Vec<View<'_>> = views.iter().map(|x| x.sub(start, o.len())).collect();
        simd::run(isa, #[inline(always)]
            || kernel(&subs, ViewMut::from(o)));
    }));
    one(buffer)
}

/// `c` broadcast NumPy-style (trailing axes aligned, size-1 axes repeated) to `shape`, or
/// `None` if it does not broadcast to it.
fn expand(c: &Concrete, shape: &[usize]) -> Option<Buffer> {
    let (r, s) = (shape.len(), c.shape());
    if s.len() > r {
        return None;
    }
    let dims: Vec<usize> = (r - s.len()..r).collect();
    if dims.iter().zip(s).any(|(&d, &n)| n != 1 && n != shape[d]) {
        return None;
    }
    let out = Aval::new(shape.to_vec(), c.aval().dtype);
    Some(structural::broadcast_in_dim(c, &dims, &out))
}

/// `threefry2x32 k0 k1 x0 x1` with operands of the output's shape or of one element.
fn threefry2x32(inputs: &[&Concrete], out_avals: &[Aval]) -> Option<Buffers> {
    let shape = &out_avals[0].shape;
    let mut srcs = Vec::with_capacity(4);
    for c in inputs {
        match operand(c.data(), c.shape(), shape)? {
            View::U32(s) => srcs.push(s),
            _ => return None,
        }
    }
    let [k0, k1, x0, x1]: [Src<'_, u32>; 4] = srcs.try_into().ok()?;
    let n = out_avals[0].size();
    let words = || crate::pool::alloc_vec(n, 0u32, DType::U32, shape);
    let (mut out0, mut out1) = (words(), words());
    let isa = Isa::detect();
    for_each_chunk2(
        &mut out0,
        &mut out1,
        CHUNK,
        worth_parallel(n, 3),
        |start, o0, o1| {
            let m = o0.len();
            threefry::hash_into(
                isa,
                k0.sub(start, m),
                k1.sub(start, m),
                x0.sub(start, m),
                x1.sub(start, m),
                o0,
                o1,
            );
        },
    );
    Some(smallvec![Buffer::U32(out0), Buffer::U32(out1)])
}

/// The one key of a single-key `random_bits` call, if the call is one the kernels handle:
/// 32-bit words, one key, and (classic layout) fewer than `u32::MAX` words.
pub fn single_key_bits32(bit_width: u32, key: &Concrete, out: &Aval) -> Option<[u32; 2]> {
    let words = key.data().as_slice::<u32>();
    if bit_width != 32 || words.len() != 2 || out.size() >= u32::MAX as usize {
        return None;
    }
    Some([words[0], words[1]])
}

/// A chunk of classic-layout pairs: the first pair, the first-half words, the second-half
/// words (shorter or absent at the end).
type PairChunk<'a> = (usize, &'a mut [u32], Option<&'a mut [u32]>);

/// `random_bits[bit_width=32]` of one key, in the layout `jaxrs::config` selects.
fn random_bits(bit_width: u32, key: &Concrete, out: &Aval) -> Option<Buffers> {
    let key = single_key_bits32(bit_width, key, out)?;
    let n = out.size();
    let partitionable = jaxrs_core::config::threefry_partitionable();
    let isa = Isa::detect();
    let parallel = worth_parallel(n, 3);
    let mut bits = crate::pool::alloc_vec(n, 0u32, DType::U32, &out.shape);
    if partitionable {
        for_each_chunk(&mut bits, CHUNK, parallel, |start, o| {
            threefry::partitionable_bits32_into(isa, key, start as u64, o)
        });
    } else {
        // Pair p fills element p (first word) and element p + half (second word): chunk the
        // two halves alike so each pair is hashed once.
        let half = n.div_ceil(2);
        let (lo, hi) = bits.split_at_mut(half);
        let his: Vec<&mut [u32]> = hi.chunks_mut(CHUNK).collect();
        let mut tasks: Vec<PairChunk<'_>> = lo
            .chunks_mut(CHUNK)
            .enumerate()
            .map(|(c, l)| (c * CHUNK, l, None))
            .collect();
        for (task, h) in tasks.iter_mut().zip(his) {
            task.2 = Some(h);
        }
        let run = |(start, l, h): (usize, &mut [u32], Option<&mut [u32]>)| {
            let mut spare = vec![0u32; l.len()];
            let h = h.unwrap_or(&mut []);
            let m = h.len();
            threefry::classic_pairs_into(isa, key, n, start, l, &mut spare);
            h.copy_from_slice(&spare[..m]);
        };
        if parallel {
            tasks.into_par_iter().for_each(run);
        } else {
            tasks.into_iter().for_each(run);
        }
    }
    one(Buffer::U32(bits))
}
