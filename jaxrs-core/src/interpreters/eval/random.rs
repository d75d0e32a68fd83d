//! Reference evaluation of `threefry2x32` and the `random_*` key primitives.
//!
//! JAX counterpart: the impls in `jax/_src/random/prng.py` (`random_bits_impl`, ...) over
//! `threefry2x32.py`. Key arrays arrive in their physical form (`u32[.., 2]`); every key is
//! processed on its own, as JAX's `iterated_vmap_unary` does.

use super::broadcast_index_map;
use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::config;
use crate::dtype::DType;
use crate::primitive::Primitive;
use crate::random::threefry::{self, Key};

/// `threefry2x32 k0 k1 x0 x1`, elementwise with broadcasting.
pub(super) fn threefry2x32(inputs: &[&Concrete], out_avals: &[Aval]) -> Vec<Buffer> {
    let shape = &out_avals[0].shape;
    let words: Vec<&[u32]> = inputs.iter().map(|c| c.data().as_slice::<u32>()).collect();
    let maps: Vec<Vec<usize>> = inputs
        .iter()
        .map(|c| broadcast_index_map(c.shape(), shape))
        .collect();
    let n = maps[0].len();
    let (mut y0, mut y1) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let w = |k: usize| words[k][maps[k][i]];
        let [a, b] = threefry::threefry2x32([w(0), w(1)], [w(2), w(3)]);
        y0.push(a);
        y1.push(b);
    }
    vec![Buffer::U32(y0), Buffer::U32(y1)]
}

/// The keys of a physical key array, in row-major order.
fn keys_of(c: &Concrete) -> Vec<Key> {
    c.data()
        .as_slice::<u32>()
        .chunks_exact(2)
        .map(|w| [w[0], w[1]])
        .collect()
}

fn key_buffer(keys: impl IntoIterator<Item = Key>) -> Buffer {
    Buffer::U32(keys.into_iter().flatten().collect())
}

/// One of the `random_*` primitives; `out` is its checked result aval.
pub(super) fn random(primitive: &Primitive, inputs: &[&Concrete], out: &Aval) -> Buffer {
    use Primitive::*;
    let partitionable = config::threefry_partitionable();
    match primitive {
        RandomSeed => {
            let seeds = inputs[0];
            let bits = seeds.aval().dtype.itemsize() as u32 * 8;
            key_buffer(
                seeds
                    .data()
                    .to_scalars()
                    .into_iter()
                    .map(|s| threefry::seed(s.as_i128() as i64, bits)),
            )
        }
        RandomWrap | RandomUnwrap => inputs[0].data().clone(),
        RandomSplit { shape } => {
            let n: usize = shape.iter().product();
            key_buffer(
                keys_of(inputs[0])
                    .into_iter()
                    .flat_map(|k| threefry::split(k, n, partitionable)),
            )
        }
        RandomFoldIn => {
            let (keys, msgs) = (keys_of(inputs[0]), inputs[1].data().as_slice::<u32>());
            let logical = out.logical_shape();
            let ki = broadcast_index_map(inputs[0].aval().logical_shape(), logical);
            let mi = broadcast_index_map(inputs[1].shape(), logical);
            key_buffer(
                ki.into_iter()
                    .zip(mi)
                    .map(|(k, m)| threefry::fold_in(keys[k], msgs[m])),
            )
        }
        RandomBits { bit_width, shape } => {
            let size: usize = shape.iter().product();
            if *bit_width == 32 {
                // The common case, without widening to u64.
                return Buffer::U32(
                    keys_of(inputs[0])
                        .into_iter()
                        .flat_map(|k| threefry::random_bits_u32(k, size, partitionable))
                        .collect(),
                );
            }
            let values = keys_of(inputs[0])
                .into_iter()
                .flat_map(|k| threefry::random_bits(k, *bit_width, size, partitionable));
            match out.dtype {
                DType::U8 => Buffer::U8(values.map(|v| v as u8).collect()),
                DType::U16 => Buffer::U16(values.map(|v| v as u16).collect()),
                DType::U32 => Buffer::U32(values.map(|v| v as u32).collect()),
                DType::U64 => Buffer::U64(values.collect()),
                other => unreachable!("random_bits makes unsigned integers, not {other}"),
            }
        }
        _ => unreachable!("{} is not a random_* primitive", primitive.name()),
    }
}
