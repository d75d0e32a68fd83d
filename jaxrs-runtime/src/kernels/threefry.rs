//! The Threefry-2x32 hash (20 rounds), vectorized across counters.
//!
//! JAX counterpart: `jax/_src/random/threefry2x32.py` (`_threefry2x32_lowering`,
//! `threefry_2x32`, `_threefry_random_bits_partitionable`/`_original`). The hash is
//! Salmon et al.'s Threefry-2x32 with JAX's key schedule: the third key word is
//! `k0 ^ k1 ^ 0x1BD11BDA`, and after each group of four rounds key words are injected with
//! the group number added to the second word.
//!
//! Counters are independent, so the kernels hash blocks of [`LANES`] counters at once: each
//! round is one add, one rotate and one xor over the block, which LLVM turns into vector
//! instructions (`vprold` with AVX-512). Every closure on the way from [`crate::simd`]'s
//! entries to the loops is `#[inline(always)]`: a closure left out of line would be compiled
//! without the ISA's features. Blocks are computed for the ISA [`crate::simd`]
//! detects; the scalar [`threefry2x32`] is the readable definition they are tested against.

use super::Src;
use crate::simd::{self, Body, Isa};

/// Counters hashed together in one block: four AVX-512 registers of `u32` per word. The
/// rounds form a long dependency chain; four independent registers hide its latency
/// (measured: 0.9 ns per counter on one Zen 4 core, against 1.9 ns with one register).
pub const LANES: usize = 64;

/// The rotation amounts of the even and odd groups of four rounds.
const ROTATIONS: [[u32; 4]; 2] = [[13, 15, 26, 6], [17, 29, 16, 24]];

/// Threefry's key-schedule parity constant.
const PARITY: u32 = 0x1BD1_1BDA;

/// The three words of the key schedule.
#[inline(always)]
pub fn key_schedule(k0: u32, k1: u32) -> [u32; 3] {
    [k0, k1, k0 ^ k1 ^ PARITY]
}

/// Threefry-2x32 of the counter pair `x` under `key`: JAX's `threefry2x32` primitive for one
/// element.
///
/// # Examples
/// ```
/// // The known-answer vector of the Random123 suite (also in JAX's random_test.py).
/// let out = jaxrs_runtime::kernels::threefry::threefry2x32(
///     [0x13198a2e, 0x03707344],
///     [0x243f6a88, 0x85a308d3],
/// );
/// assert_eq!(out, [0xc4923a9c, 0x483df7a0]);
/// ```
pub fn threefry2x32(key: [u32; 2], x: [u32; 2]) -> [u32; 2] {
    let ks = key_schedule(key[0], key[1]);
    let mut x0 = [x[0]];
    let mut x1 = [x[1]];
    rounds(&ks, &mut x0, &mut x1);
    [x0[0], x1[0]]
}

/// The 20 rounds on a block of `L` counter pairs, in place.
#[inline(always)]
fn rounds<const L: usize>(ks: &[u32; 3], x0: &mut [u32; L], x1: &mut [u32; L]) {
    for i in 0..L {
        x0[i] = x0[i].wrapping_add(ks[0]);
        x1[i] = x1[i].wrapping_add(ks[1]);
    }
    for group in 0..5 {
        for &r in &ROTATIONS[group % 2] {
            for i in 0..L {
                x0[i] = x0[i].wrapping_add(x1[i]);
                x1[i] = x1[i].rotate_left(r) ^ x0[i];
            }
        }
        let (a, b) = (ks[(group + 1) % 3], ks[(group + 2) % 3]);
        let b = b.wrapping_add(group as u32 + 1);
        for i in 0..L {
            x0[i] = x0[i].wrapping_add(a);
            x1[i] = x1[i].wrapping_add(b);
        }
    }
}

/// Hashes `n` counter pairs block by block: `counters(i)` gives pair `i`, `emit(i, y0, y1)`
/// receives its hash. The tail shorter than a block goes through a partial block (its
/// unused lanes hash zeros).
#[inline(always)]
fn hash_blocks(
    ks: &[u32; 3],
    n: usize,
    counters: impl Fn(usize) -> (u32, u32),
    mut emit: impl FnMut(usize, u32, u32),
) {
    let mut start = 0;
    while start < n {
        let m = (n - start).min(LANES);
        let mut x0 = [0u32; LANES];
        let mut x1 = [0u32; LANES];
        if m == LANES {
            // Full block: straight-line loops, which vectorize.
            for i in 0..LANES {
                let (a, b) = counters(start + i);
                x0[i] = a;
                x1[i] = b;
            }
            rounds(ks, &mut x0, &mut x1);
            for i in 0..LANES {
                emit(start + i, x0[i], x1[i]);
            }
        } else {
            for i in 0..m {
                let (a, b) = counters(start + i);
                x0[i] = a;
                x1[i] = b;
            }
            rounds(ks, &mut x0, &mut x1);
            for i in 0..m {
                emit(start + i, x0[i], x1[i]);
            }
        }
        start += LANES;
    }
}

struct HashSlices<'a, 'b> {
    k0: Src<'a, u32>,
    k1: Src<'a, u32>,
    x0: Src<'a, u32>,
    x1: Src<'a, u32>,
    out0: &'b mut [u32],
    out1: &'b mut [u32],
}

impl Body for HashSlices<'_, '_> {
    type Output = ();
    #[inline(always)]
    fn run(self) {
        let HashSlices {
            k0,
            k1,
            x0,
            x1,
            out0,
            out1,
        } = self;
        let n = out0.len();
        match (k0, k1) {
            (Src::Splat(k0), Src::Splat(k1)) => {
                let ks = key_schedule(k0, k1);
                hash_blocks(
                    &ks,
                    n,
                    #[inline(always)]
                    |i| (x0.get(i), x1.get(i)),
                    #[inline(always)]
                    |i, a, b| {
                        out0[i] = a;
                        out1[i] = b;
                    },
                );
            }
            _ => {
                // Per-element keys (a batch of keys): no shared schedule, one pair at a time.
                for i in 0..n {
                    let [a, b] = threefry2x32([k0.get(i), k1.get(i)], [x0.get(i), x1.get(i)]);
                    out0[i] = a;
                    out1[i] = b;
                }
            }
        }
    }
}

/// One chunk of the `threefry2x32 k0 k1 x0 x1` primitive: `(out0[i], out1[i])` is the hash
/// of `(x0[i], x1[i])` under `(k0[i], k1[i])`.
///
/// # Panics
/// If the outputs differ in length.
pub fn hash_into(
    isa: Isa,
    k0: Src<'_, u32>,
    k1: Src<'_, u32>,
    x0: Src<'_, u32>,
    x1: Src<'_, u32>,
    out0: &mut [u32],
    out1: &mut [u32],
) {
    assert_eq!(
        out0.len(),
        out1.len(),
        "threefry2x32 outputs differ in length"
    );
    simd::dispatch(
        isa,
        HashSlices {
            k0,
            k1,
            x0,
            x1,
            out0,
            out1,
        },
    );
}

struct PartitionableBits<'b> {
    key: [u32; 2],
    start: u64,
    out: &'b mut [u32],
}

impl Body for PartitionableBits<'_> {
    type Output = ();
    #[inline(always)]
    fn run(self) {
        let ks = key_schedule(self.key[0], self.key[1]);
        let (start, out) = (self.start, self.out);
        hash_blocks(
            &ks,
            out.len(),
            #[inline(always)]
            |i| {
                let c = start + i as u64;
                ((c >> 32) as u32, c as u32)
            },
            #[inline(always)]
            |i, a, b| out[i] = a ^ b,
        );
    }
}

/// 32-bit random bits in JAX's partitionable layout, for flat element indices
/// `start..start + out.len()`: element `c` is `y0 ^ y1` where `(y0, y1)` hashes the
/// counter pair `(c >> 32, c & 0xffffffff)` (`_threefry_random_bits_partitionable`
/// with `iota_2x32_shape`).
pub fn partitionable_bits32_into(isa: Isa, key: [u32; 2], start: u64, out: &mut [u32]) {
    simd::dispatch(isa, PartitionableBits { key, start, out });
}

struct ClassicPairs<'b> {
    key: [u32; 2],
    start: usize,
    half: usize,
    padded_last: bool,
    out0: &'b mut [u32],
    out1: &'b mut [u32],
}

impl Body for ClassicPairs<'_> {
    type Output = ();
    #[inline(always)]
    fn run(self) {
        let ks = key_schedule(self.key[0], self.key[1]);
        let (start, half, padded_last) = (self.start, self.half, self.padded_last);
        let (out0, out1) = (self.out0, self.out1);
        hash_blocks(
            &ks,
            out0.len(),
            #[inline(always)]
            |i| {
                let p = start + i;
                let hi = if padded_last && p + 1 == half {
                    0
                } else {
                    (p + half) as u32
                };
                (p as u32, hi)
            },
            #[inline(always)]
            |i, a, b| {
                out0[i] = a;
                out1[i] = b;
            },
        );
    }
}

/// Counter pairs `start..start + out0.len()` of JAX's classic layout (`threefry_2x32` of
/// `iota(count)`): the counts `0..count` are padded with one `0` when `count` is odd, split
/// into halves of `half = ceil(count / 2)`, and pair `p` hashes `(p, p + half)` (the padding
/// `0` for the last pair of an odd count). `out0[i]` is element `p` of the result and
/// `out1[i]` is element `p + half`.
pub fn classic_pairs_into(
    isa: Isa,
    key: [u32; 2],
    count: usize,
    start: usize,
    out0: &mut [u32],
    out1: &mut [u32],
) {
    assert_eq!(
        out0.len(),
        out1.len(),
        "classic pair outputs differ in length"
    );
    let half = count.div_ceil(2);
    simd::dispatch(
        isa,
        ClassicPairs {
            key,
            start,
            half,
            padded_last: count % 2 == 1,
            out0,
            out1,
        },
    );
}

/// 32-bit `random_bits` of one key for output elements `start..start + out.len()` of
/// `count`, in either layout (JAX's `_threefry_random_bits_partitionable` or `_original`;
/// the layout logic is `jaxrs_core::random::threefry::random_bits_u32`'s).
///
/// In the classic layout element `i < ⌈count/2⌉` is the first word of pair `i` and element
/// `i ≥ ⌈count/2⌉` the second word of pair `i - ⌈count/2⌉`; a range that only needs one word
/// of each pair hashes the pair anyway (the fused executor's segmented tiles avoid that).
///
/// # Panics
/// If `count` reaches `u32::MAX` in the classic layout (JAX then splits the key into blocks;
/// the caller falls back to the reference).
pub fn random_bits32_range(
    isa: Isa,
    key: [u32; 2],
    count: usize,
    partitionable: bool,
    start: usize,
    out: &mut [u32],
) {
    if partitionable {
        partitionable_bits32_into(isa, key, start as u64, out);
        return;
    }
    assert!(
        count < u32::MAX as usize,
        "classic random bits beyond u32::MAX words"
    );
    let half = count.div_ceil(2);
    let end = start + out.len();
    // The part of the range in the first half: first words of pairs start..min(end, half).
    let first_end = end.min(half).max(start);
    let (lo, hi) = out.split_at_mut(first_end - start);
    if !lo.is_empty() {
        let mut spare = vec![0u32; lo.len()];
        classic_pairs_into(isa, key, count, start, lo, &mut spare);
    }
    if !hi.is_empty() {
        let p0 = start.max(half) - half;
        let mut spare = vec![0u32; hi.len()];
        classic_pairs_into(isa, key, count, p0, &mut spare, hi);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known-answer vectors of the Random123 suite for Threefry-2x32-20, which JAX's
    /// `random_test.py` (`testThreefry2x32`) checks as well.
    #[test]
    fn known_answers() {
        assert_eq!(threefry2x32([0, 0], [0, 0]), [0x6b200159, 0x99ba4efe]);
        assert_eq!(
            threefry2x32([u32::MAX, u32::MAX], [u32::MAX, u32::MAX]),
            [0x1cb996fc, 0xbb002be7]
        );
        assert_eq!(
            threefry2x32([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3]),
            [0xc4923a9c, 0x483df7a0]
        );
    }

    #[test]
    fn blocks_match_the_scalar_hash_on_every_isa() {
        let n = 3 * LANES + 5;
        let x0: Vec<u32> = (0..n as u32).map(|i| i.wrapping_mul(2654435761)).collect();
        let x1: Vec<u32> = (0..n as u32).map(|i| i ^ 0xdead_beef).collect();
        for isa in Isa::available() {
            let (mut o0, mut o1) = (vec![0; n], vec![0; n]);
            hash_into(
                isa,
                Src::Splat(7),
                Src::Splat(11),
                Src::Slice(&x0),
                Src::Slice(&x1),
                &mut o0,
                &mut o1,
            );
            for i in 0..n {
                assert_eq!(
                    [o0[i], o1[i]],
                    threefry2x32([7, 11], [x0[i], x1[i]]),
                    "{isa:?}"
                );
            }
        }
    }
}
