//! Rules of the random-bit primitives: `threefry2x32` and the `random_*` key primitives.
//!
//! JAX counterpart: `jax/_src/random/threefry2x32.py` (`_threefry2x32_abstract_eval`) and
//! `jax/_src/random/prng.py` (`random_*_abstract_eval`). Key arrays (`key<fry>[..]`) are
//! avals with `prng_key` set, stored physically as `u32[.., 2]` (see [`Aval::prng_keys`]).

use crate::aval::Aval;
use crate::dtype::DType;
use crate::primitive::Primitive;
use crate::shape::{broadcast_shapes, py_tuple};

use super::expect_arity;

/// `threefry2x32 k0 k1 x0 x1`: two `u32` results of the operands' broadcast shape.
///
/// # Panics
/// With JAX's messages for non-`uint32` operands, mixed ranks and shapes that do not
/// broadcast.
#[track_caller]
pub(super) fn threefry2x32(inputs: &[&Aval]) -> Vec<Aval> {
    expect_arity(&Primitive::Threefry2x32, inputs, 4);
    if inputs.iter().any(|a| a.dtype != DType::U32 || a.prng_key) {
        let listed: Vec<String> = inputs
            .iter()
            .map(|a| format!("ShapedArray({}{})", a.dtype, dims(&a.shape)))
            .collect();
        panic!(
            "Arguments to threefry2x32 must have uint32 type, got ({})",
            listed.join(", ")
        );
    }
    // Like lax's broadcasting rule, rank-0 operands broadcast and the others must agree
    // in rank.
    let shapes: Vec<&[usize]> = inputs
        .iter()
        .map(|a| a.shape.as_slice())
        .filter(|s| !s.is_empty())
        .collect();
    let mut ranks: Vec<usize> = shapes.iter().map(|s| s.len()).collect();
    ranks.sort_unstable();
    ranks.dedup();
    if ranks.len() > 1 {
        let listed: Vec<String> = ranks.iter().map(|r| r.to_string()).collect();
        panic!(
            "threefry2x32: arrays must have the same number of dimensions, got {{{}}}",
            listed.join(", ")
        );
    }
    let shape = broadcast_shapes("threefry2x32", &shapes);
    vec![
        Aval::new(shape.clone(), DType::U32),
        Aval::new(shape, DType::U32),
    ]
}

/// `int32[2,3]`-style dims for messages that show NumPy-like avals.
fn dims(shape: &[usize]) -> String {
    let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("[{}]", parts.join(","))
}

/// The result aval of one of the `random_*` primitives.
///
/// # Panics
/// With JAX's messages when key data is not `uint32[..., 2]`, when a key operand is not a
/// key array, or when the fold-in data is not `uint32` or does not broadcast.
#[track_caller]
pub(super) fn random(primitive: &Primitive, inputs: &[&Aval]) -> Aval {
    use Primitive::*;
    match primitive {
        RandomSeed => {
            expect_arity(primitive, inputs, 1);
            let seeds = inputs[0];
            if !seeds.dtype.is_integer() || seeds.prng_key {
                panic!(
                    "PRNG key seed must be an integer; got {}",
                    seeds_repr(seeds)
                );
            }
            Aval::prng_keys(&seeds.shape)
        }
        RandomWrap => {
            expect_arity(primitive, inputs, 1);
            let data = inputs[0];
            if data.prng_key {
                panic!("random_wrap takes an array of key data, got a key array of type {data}");
            }
            if data.shape.last() != Some(&2) {
                panic!(
                    "JAX encountered invalid PRNG key data: expected key_data.shape to end with \
                     (2,); got shape={} for impl=threefry2x32",
                    py_tuple(&data.shape)
                );
            }
            if data.dtype != DType::U32 {
                panic!(
                    "JAX encountered invalid PRNG key data: expected key_data.dtype = uint32; \
                     got dtype={}",
                    data.dtype
                );
            }
            let mut out = (*data).clone();
            out.weak_type = false;
            out.prng_key = true;
            out
        }
        RandomUnwrap => {
            expect_arity(primitive, inputs, 1);
            let keys = expect_keys("random_unwrap", inputs[0]);
            Aval::new(keys.shape.clone(), DType::U32)
        }
        RandomSplit { shape } => {
            expect_arity(primitive, inputs, 1);
            let keys = expect_keys("random_split", inputs[0]);
            let mut out = keys.logical_shape().to_vec();
            out.extend_from_slice(shape);
            Aval::prng_keys(&out)
        }
        RandomFoldIn => {
            expect_arity(primitive, inputs, 2);
            let keys = expect_keys("random_fold_in", inputs[0]);
            let msgs = inputs[1];
            if msgs.dtype != DType::U32 || msgs.prng_key {
                panic!(
                    "random_fold_in requires uint32 data, got {}",
                    msgs.dtype.name()
                );
            }
            let shape = broadcast_shapes("random_fold_in", &[keys.logical_shape(), &msgs.shape]);
            Aval::prng_keys(&shape)
        }
        RandomBits { bit_width, shape } => {
            expect_arity(primitive, inputs, 1);
            let keys = expect_keys("random_bits", inputs[0]);
            let dtype = match bit_width {
                8 => DType::U8,
                16 => DType::U16,
                32 => DType::U32,
                64 => DType::U64,
                _ => panic!("requires 8-, 16-, 32- or 64-bit field width."),
            };
            let mut out = keys.logical_shape().to_vec();
            out.extend_from_slice(shape);
            Aval::new(out, dtype)
        }
        _ => unreachable!("{} is not a random_* primitive", primitive.name()),
    }
}

/// Checks that `aval` is a key array.
#[track_caller]
fn expect_keys<'a>(name: &str, aval: &'a Aval) -> &'a Aval {
    if !aval.prng_key {
        panic!(
            "{name} takes key array operand, got keys.dtype={}",
            aval.dtype
        );
    }
    aval
}

/// How JAX's seed error shows the offending value's type.
fn seeds_repr(aval: &Aval) -> String {
    format!("ShapedArray({}{})", aval.dtype, dims(&aval.shape))
}

/// For a structural primitive applied to key arrays (`slice`, `squeeze`, `reshape`, ...,
/// as JAX applies them to `key<fry>` arrays), the same primitive on the physical
/// `u32[.., 2]` data: the key axis is appended, kept whole and never moved. `None` when no
/// operand is a key array (or the primitive is not structural).
///
/// # Panics
/// For structural primitives that jaxrs does not apply to key arrays.
#[track_caller]
pub fn physical_structural(primitive: &Primitive, inputs: &[&Aval]) -> Option<Primitive> {
    use Primitive::*;
    if primitive.kind() != crate::primitive::Kind::Structural || !inputs.iter().any(|a| a.prng_key)
    {
        return None;
    }
    let rank = inputs[0].logical_shape().len();
    let with = |v: &[usize], x: usize| {
        let mut v = v.to_vec();
        v.push(x);
        v
    };
    Some(match primitive {
        Slice {
            start_indices,
            limit_indices,
            strides,
        } => Slice {
            start_indices: with(start_indices, 0),
            limit_indices: with(limit_indices, 2),
            strides: strides.as_ref().map(|s| with(s, 1)),
        },
        Squeeze { .. } | Rev { .. } | Concatenate { .. } | Copy | StopGradient => primitive.clone(),
        Reshape { new_sizes } => Reshape {
            new_sizes: with(new_sizes, 2),
        },
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => BroadcastInDim {
            shape: with(shape, 2),
            broadcast_dimensions: with(broadcast_dimensions, shape.len()),
        },
        Transpose { permutation } => Transpose {
            permutation: with(permutation, rank),
        },
        other => panic!("{} is not supported on key arrays in jaxrs", other.name()),
    })
}

/// The aval of a key array's data (`u32[.., 2]`).
pub(super) fn key_data(aval: &Aval) -> Aval {
    let mut a = aval.clone();
    a.prng_key = false;
    a
}

/// Marks physical results as key arrays again.
pub(super) fn on_keys(mut avals: Vec<Aval>) -> Vec<Aval> {
    for a in &mut avals {
        a.prng_key = true;
    }
    avals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_avals_print_as_jax_shows_them() {
        let data = Aval::new(vec![2], DType::U32);
        let key = random(&Primitive::RandomWrap, &[&data]);
        assert_eq!(key.to_string(), "key<fry>[]");
        let split = random(&Primitive::RandomSplit { shape: vec![3] }, &[&key]);
        assert_eq!(split.to_string(), "key<fry>[3]");
        assert_eq!(split.shape, vec![3, 2]);
        let bits = random(
            &Primitive::RandomBits {
                bit_width: 8,
                shape: vec![4, 5],
            },
            &[&split],
        );
        assert_eq!(bits.to_string(), "u8[3,4,5]");
        let raw = random(&Primitive::RandomUnwrap, &[&split]);
        assert_eq!(raw.to_string(), "u32[3,2]");
    }

    #[test]
    fn threefry_broadcasts_scalars() {
        let s = Aval::new(vec![], DType::U32);
        let v = Aval::new(vec![5], DType::U32);
        let out = threefry2x32(&[&s, &s, &v, &v]);
        assert_eq!(out[0].to_string(), "u32[5]");
    }

    #[test]
    #[should_panic(expected = "threefry2x32 got incompatible shapes for broadcasting: (3,), (4,).")]
    fn threefry_rejects_mismatched_counters() {
        let s = Aval::new(vec![], DType::U32);
        let a = Aval::new(vec![3], DType::U32);
        let b = Aval::new(vec![4], DType::U32);
        threefry2x32(&[&s, &s, &a, &b]);
    }

    #[test]
    #[should_panic(expected = "expected key_data.dtype = uint32; got dtype=int32")]
    fn wrap_rejects_signed_data() {
        random(&Primitive::RandomWrap, &[&Aval::new(vec![2], DType::I32)]);
    }
}
