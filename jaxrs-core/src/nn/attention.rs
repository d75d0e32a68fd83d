//! `jax.nn.dot_product_attention` on its XLA path: scaled dot-product attention with
//! grouped-query heads, bias, boolean and causal masks, sequence lengths and local windows.
//!
//! JAX counterpart: `dot_product_attention` and `_dot_product_attention_xla` /
//! `_dot_product_attention_core` in `jax/_src/nn/functions.py`. JAX `vmap`s the core over
//! the query heads of each key/value head; jaxrs writes the same computation with that
//! group axis as one more einsum index (README, "Deliberate differences": the jaxpr
//! differs; the values are the same products, sums and softmax).

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::{self as jnp};
use crate::s;

crate::keywords! {
    /// Keywords of `jax.nn.dot_product_attention(query, key, value, bias=None, mask=None,
    /// *, scale=None, is_causal=False, query_seq_lengths=None, key_value_seq_lengths=None,
    /// local_window_size=None, implementation=None)`.
    DotProductAttentionKw {
        /// `bias`: added to the logits, `[B, N or 1, T, S]` (ranks below 4 get leading unit
        /// axes).
        bias: Option<Operand> = None; (bias: impl ArrayLike) => Some(bias.into_operand()),
        /// `mask`: a boolean array of the logits to keep, shaped as `bias`.
        mask: Option<Operand> = None; (mask: impl ArrayLike) => Some(mask.into_operand()),
        /// `scale`: the logits' scale (default `1 / sqrt(H)`).
        scale: Option<f64> = None; (scale: f64) => Some(scale),
        /// `is_causal`: keep only keys at or before each query (default `false`).
        is_causal: bool = false; (is_causal: bool) => is_causal,
        /// `query_seq_lengths`: `int32[B]`, the valid queries of each batch element.
        query_seq_lengths: Option<Operand> = None; (lengths: impl ArrayLike) => Some(lengths.into_operand()),
        /// `key_value_seq_lengths`: `int32[B]`, the valid keys of each batch element.
        key_value_seq_lengths: Option<Operand> = None; (lengths: impl ArrayLike) => Some(lengths.into_operand()),
        /// `local_window_size`: `(left, right)` keys around each query (an `int` in JAX is
        /// both; pass `(w, w)`).
        local_window_size: Option<(i64, i64)> = None; (window: (i64, i64)) => Some(window),
        /// `implementation`: `"xla"` or none (both the XLA path); `"cudnn"` is refused.
        implementation: Option<String> = None; (implementation: &str) => Some(implementation.to_string()),
    }
}

/// `jax.nn.dot_product_attention(query, key, value)`: `softmax(q·kᵀ / sqrt(H)) · v` over
/// `[B, T, N, H]` queries and `[B, S, K, H]` keys and values (`N` a multiple of `K`; ranks
/// below 4 get leading unit axes). Keywords through [`dot_product_attention_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// let q = jnp::ones([1, 2, 1, 4]);
/// let v = jnp::array([[[[1.0, 2.0, 3.0, 4.0]], [[3.0, 2.0, 1.0, 0.0]]]]);
/// let out = nn::dot_product_attention(&q, &q, &v);
/// assert_eq!(out.i(jaxrs_core::s![0, 0, 0]).to_vec::<f32>(), vec![2.0, 2.0, 2.0, 2.0]);
/// ```
#[track_caller]
pub fn dot_product_attention(
    query: impl ArrayLike,
    key: impl ArrayLike,
    value: impl ArrayLike,
) -> Array {
    dot_product_attention_with(query, key, value, |kw| kw)
}

/// Leading unit axes up to rank 4 (`_ensure_4d`).
#[track_caller]
fn ensure_4d(t: Operand) -> Array {
    let t = t.into_array();
    let add = 4usize.saturating_sub(t.ndim());
    if add == 0 {
        t
    } else {
        jnp::expand_dims(&t, (0..add as i64).collect::<Vec<i64>>())
    }
}

/// Panics with JAX's message unless `t` has `shape` (`-1` matches any extent) and `dtype`.
#[track_caller]
fn check(t: Option<&Array>, shape: &[i64], dtype: Option<DType>, name: &str) {
    let Some(t) = t else { return };
    if t.ndim() != shape.len() {
        panic!(
            "{name} ndim should be {}, but got {}",
            shape.len(),
            t.ndim()
        );
    }
    if let Some(d) = dtype {
        if t.dtype() != d {
            panic!("{name} dtype should be {d}, but got {}", t.dtype());
        }
    }
    if shape
        .iter()
        .zip(t.shape())
        .any(|(&s, &d)| s != -1 && s as usize != d)
    {
        let want: Vec<String> = shape.iter().map(i64::to_string).collect();
        panic!(
            "{name} shape should be [{}]: but got {}",
            want.join(", "),
            crate::shape::py_tuple(t.shape())
        );
    }
}

/// `jax.nn.dot_product_attention(query, key, value, bias=.., mask=.., scale=..,
/// is_causal=.., query_seq_lengths=.., key_value_seq_lengths=.., local_window_size=..)`.
///
/// # Panics
/// With JAX's messages for mismatched shapes or dtypes (`value shape should be [2, 3, 1,
/// 4]: but got (2, 3, 1, 5)`), a head count that is not a multiple of the key/value heads,
/// and `implementation="cudnn"` (jaxrs runs on the CPU).
#[track_caller]
pub fn dot_product_attention_with(
    query: impl ArrayLike,
    key: impl ArrayLike,
    value: impl ArrayLike,
    f: impl FnOnce(DotProductAttentionKw) -> DotProductAttentionKw,
) -> Array {
    let kw = crate::keywords::apply::<DotProductAttentionKw>(f);
    let query = query.into_operand();
    let output_shape = query.shape().to_vec();
    let q = ensure_4d(query);
    let k = ensure_4d(key.into_operand());
    let v = ensure_4d(value.into_operand());
    let bias = kw.bias.map(ensure_4d);
    let mask = kw.mask.map(ensure_4d);
    let q_len = kw.query_seq_lengths.map(Operand::into_array);
    let kv_len = kw.key_value_seq_lengths.map(Operand::into_array);
    let (b, s_len, heads_kv, h) = (k.shape()[0], k.shape()[1], k.shape()[2], k.shape()[3]);
    let dims = |xs: [usize; 4]| xs.map(|x| x as i64);
    check(
        Some(&v),
        &dims([b, s_len, heads_kv, h]),
        Some(k.dtype()),
        "value",
    );
    check(
        Some(&q),
        &[b as i64, -1, -1, h as i64],
        Some(k.dtype()),
        "query",
    );
    check(mask.as_ref(), &[-1; 4], Some(DType::Bool), "mask");
    check(bias.as_ref(), &[-1; 4], None, "bias");
    check(
        q_len.as_ref(),
        &[b as i64],
        Some(DType::I32),
        "query_seq_lengths",
    );
    check(
        kv_len.as_ref(),
        &[b as i64],
        Some(DType::I32),
        "key_value_seq_lengths",
    );
    let heads = q.shape()[2];
    if !heads.is_multiple_of(heads_kv) {
        panic!(
            "The number of query heads must be a multiple of key/value heads, but got {heads} \
             vs {heads_kv}"
        );
    }
    match kw.implementation.as_deref() {
        None | Some("xla") => {}
        Some("cudnn") => panic!("jaxrs has no cuDNN implementation: use implementation=\"xla\""),
        Some(other) => panic!("Unsupported implementation option: {other}"),
    }
    let scale = kw.scale.unwrap_or(1.0 / (h as f64).sqrt());
    let (t_len, groups) = (q.shape()[1], heads / heads_kv);
    // `_dot_product_attention_xla`: queries grouped as [B, T, K, G, H].
    let q = q.reshape([b, t_len, heads_kv, groups, h]);
    let grouped = |x: Array| {
        let sh = x.shape().to_vec();
        if sh[1] == 1 {
            jnp::broadcast_to(
                x.i(s![.., .., crate::numpy::NewAxis]),
                [sh[0], 1, groups, sh[2], sh[3]],
            )
        } else {
            x.reshape([sh[0], heads_kv, groups, sh[2], sh[3]])
        }
    };
    let logits_dtype = DType::promote_types(q.dtype(), DType::F32);
    let up = |x: &Array| {
        if x.dtype() == logits_dtype {
            x.clone()
        } else {
            x.astype(logits_dtype)
        }
    };
    let mut logits = jnp::einsum("BTKGH,BSKH->BKGTS", [up(&q), up(&k)]);
    logits = jnp::multiply(
        &logits,
        crate::numpy::scalar_array(Scalar::Float(scale), logits.dtype(), false),
    );
    if let Some(bias) = bias {
        let dt = logits.dtype();
        logits = jnp::add(&logits, grouped(bias)).astype(dt);
    }
    // `_apply_masks`.
    let windowed = kw.local_window_size.is_some();
    if mask.is_some() || kw.is_causal || q_len.is_some() || kv_len.is_some() || windowed {
        let mut keep = jnp::ones_like_with(&logits, |k| k.dtype(DType::Bool));
        if let Some(m) = mask {
            keep = jnp::logical_and(keep, grouped(m));
        }
        if kw.is_causal {
            keep = jnp::logical_and(
                keep,
                jnp::tril(jnp::ones_with([t_len, s_len], |k| k.dtype(DType::Bool))),
            );
        }
        if let Some((left, right)) = kw.local_window_size {
            let qpos = jnp::expand_dims(jnp::arange(t_len as i64), 1);
            let kpos = jnp::expand_dims(jnp::arange(s_len as i64), 0);
            let left_mask = jnp::less_equal(&qpos, jnp::add(&kpos, left));
            let right_mask = jnp::greater_equal(&qpos, jnp::subtract(&kpos, right));
            keep = jnp::logical_and(keep, jnp::logical_and(right_mask, left_mask));
        }
        if q_len.is_some() || kv_len.is_some() {
            // [B, T, S], then [B, 1, 1, T, S] against the logits.
            let mut pad = jnp::ones_with([1, t_len, s_len], |k| k.dtype(DType::Bool));
            if let Some(ql) = &q_len {
                let idx = jnp::arange(t_len as i64).reshape([1, t_len, 1]);
                pad = jnp::logical_and(pad, jnp::less(idx, ql.reshape([b, 1, 1])));
            }
            if let Some(kl) = &kv_len {
                let idx = jnp::arange(s_len as i64).reshape([1, 1, s_len]);
                pad = jnp::logical_and(pad, jnp::less(idx, kl.reshape([b, 1, 1])));
            }
            let n = pad.shape()[0];
            keep = jnp::logical_and(keep, pad.reshape([n, 1, 1, t_len, s_len]));
        }
        let max = if logits.dtype() == DType::F64 {
            f32::MAX as f64
        } else {
            finfo_max(logits.dtype())
        };
        let large_negative =
            crate::numpy::scalar_array(Scalar::Float(-0.7 * max), logits.dtype(), false);
        logits = jnp::where_(keep, &logits, large_negative);
    }
    let logits = if logits.dtype() == DType::F32 {
        logits
    } else {
        logits.astype(DType::F32)
    };
    let probs = crate::nn::softmax_with(&logits, |k| k.axis(-1)).astype(k.dtype());
    let mut encoded = jnp::einsum("BKGTS,BSKH->BTKGH", [&probs, &v]);
    if let Some(ql) = &q_len {
        let idx = jnp::arange(t_len as i64).reshape([1, t_len]);
        let valid = jnp::less(idx, ql.reshape([b, 1])).reshape([b, t_len, 1, 1, 1]);
        let dt = encoded.dtype();
        encoded = jnp::multiply(&encoded, valid.astype(dt));
    }
    encoded.reshape([b, t_len, heads, h]).reshape(output_shape)
}

/// `finfo(dtype).max` for a float dtype of at most 32 bits (capped at float32's, as JAX
/// caps it).
fn finfo_max(dtype: DType) -> f64 {
    match dtype {
        DType::F16 => 65504.0,
        DType::BF16 => 3.389_531_389_251_535_5e38,
        _ => f32::MAX as f64,
    }
}
