//! The threefry2x32 counter-based hash and JAX's ways of turning a key into bits: seeding,
//! splitting, folding in data, and the two counter layouts of `random_bits`.
//!
//! JAX counterpart: `jax/_src/random/threefry2x32.py` and `prng.py` (`iota_2x32_shape`).
//! This is the reference implementation (plain loops over `u32`): the runtime's fast path
//! must produce the same words, and can call or mirror [`random_bits_u32`], which holds
//! the whole counter layout in one place.

/// The two `u32` words of a threefry key.
pub type Key = [u32; 2];

/// Rotation distances of the 20 rounds, four rounds per group, groups alternating.
const ROTATIONS: [[u32; 4]; 2] = [[13, 15, 26, 6], [17, 29, 16, 24]];

/// The key-schedule parity constant of Threefish/Threefry.
const KS_PARITY: u32 = 0x1BD1_1BDA;

/// Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2,
/// 3", SC'11): hashes the counter pair `x` under `key`.
///
/// Five groups of four rounds (`x0 += x1; x1 = rotl(x1, r) ^ x0`), each followed by a key
/// injection with the rotating schedule `(k0, k1, k0 ^ k1 ^ 0x1BD11BDA)` plus the group
/// number, exactly as JAX's lowering unrolls it.
///
/// # Examples
/// ```
/// use jaxrs_core::random::threefry::threefry2x32;
/// // Random123's known-answer vector for a zero key and counter.
/// assert_eq!(threefry2x32([0, 0], [0, 0]), [0x6b200159, 0x99ba4efe]);
/// ```
pub fn threefry2x32(key: Key, x: [u32; 2]) -> [u32; 2] {
    let ks = [key[0], key[1], key[0] ^ key[1] ^ KS_PARITY];
    let mut x0 = x[0].wrapping_add(ks[0]);
    let mut x1 = x[1].wrapping_add(ks[1]);
    for group in 0..5usize {
        for &r in &ROTATIONS[group % 2] {
            x0 = x0.wrapping_add(x1);
            x1 = x1.rotate_left(r) ^ x0;
        }
        let inject = group + 1;
        x0 = x0.wrapping_add(ks[inject % 3]);
        x1 = x1
            .wrapping_add(ks[(inject + 1) % 3])
            .wrapping_add(inject as u32);
    }
    [x0, x1]
}

/// JAX's `threefry_2x32(key, count)`: hashes a flat list of counter words.
///
/// The counters are padded with one `0` to even length, cut into a first and a second
/// half that pair up position by position as `(x0, x1)`, hashed, and the two result
/// halves are concatenated (dropping the pad's word).
pub fn hash_counts(key: Key, counts: &[u32]) -> Vec<u32> {
    let n = counts.len();
    let half = n.div_ceil(2);
    let at = |i: usize| counts.get(i).copied().unwrap_or(0);
    let mut first = Vec::with_capacity(half);
    let mut second = Vec::with_capacity(half);
    for i in 0..half {
        let [y0, y1] = threefry2x32(key, [at(i), at(i + half)]);
        first.push(y0);
        second.push(y1);
    }
    first.extend(second);
    first.truncate(n);
    first
}

/// `hash_counts` over the counters `0..n` (JAX's `threefry_2x32(key, iota(n))`), without
/// materializing them.
fn hash_iota(key: Key, n: usize) -> Vec<u32> {
    let half = n.div_ceil(2);
    let count = |i: usize| if i < n { i as u32 } else { 0 };
    let mut out = vec![0u32; 2 * half];
    for i in 0..half {
        let [y0, y1] = threefry2x32(key, [count(i), count(i + half)]);
        out[i] = y0;
        out[half + i] = y1;
    }
    out.truncate(n);
    out
}

/// JAX's `threefry_seed`: a key from an integer seed, as `[seed >> 32, seed & 0xFFFFFFFF]`.
///
/// `seed_bits` is the seed's width after JAX's canonicalization (32 without x64, 64 with
/// it): a 32-bit seed's high word is 0, because XLA's logical shift by the full width
/// gives 0.
pub fn seed(seed: i64, seed_bits: u32) -> Key {
    let hi = if seed_bits > 32 {
        ((seed as u64) >> 32) as u32
    } else {
        0
    };
    [hi, seed as u32]
}

/// JAX's `threefry_split`: `n` new keys from `key` (the same in both modes for `n` ≤ 1
/// only by accident; the layouts differ).
///
/// - classic: hash the counters `0..2n` (first half against second half) and read the
///   results as `n` consecutive word pairs;
/// - partitionable: key `i` is the hash of the counter pair `(i >> 32, i & 0xFFFFFFFF)`.
pub fn split(key: Key, n: usize, partitionable: bool) -> Vec<Key> {
    if partitionable {
        (0..n as u64)
            .map(|i| threefry2x32(key, [(i >> 32) as u32, i as u32]))
            .collect()
    } else {
        let words = hash_iota(key, 2 * n);
        words.chunks_exact(2).map(|w| [w[0], w[1]]).collect()
    }
}

/// JAX's `threefry_fold_in`: hashes the counters `[0, data]` (the seed of `data`) under
/// `key`. Both modes agree.
pub fn fold_in(key: Key, data: u32) -> Key {
    let [hi, lo] = threefry2x32(key, [0, data]);
    [hi, lo]
}

/// The `size` 32-bit words behind `random_bits`: the one place that fixes which counter
/// each output word comes from.
///
/// - **classic** (`partitionable == false`, jaxrs's default): the counters `0..size` go
///   through [`hash_counts`] — counter `i` and counter `i + ⌈size/2⌉` form one hash input,
///   whose first output word lands at `i` and second at `i + ⌈size/2⌉` (an odd `size` pads
///   the last pair with counter 0). Above `u32::MAX` words JAX first splits the key into
///   blocks of `u32::MAX` counters; that is reproduced too.
/// - **partitionable** (current JAX's default): word `i` is `y0 ^ y1` where `[y0, y1]` is
///   the hash of the 64-bit counter `i` as `(i >> 32, i & 0xFFFFFFFF)`.
pub fn random_bits_u32(key: Key, size: usize, partitionable: bool) -> Vec<u32> {
    if partitionable {
        return (0..size as u64)
            .map(|i| {
                let [y0, y1] = threefry2x32(key, [(i >> 32) as u32, i as u32]);
                y0 ^ y1
            })
            .collect();
    }
    let block = u32::MAX as usize;
    let (nblocks, rem) = (size / block, size % block);
    if nblocks == 0 {
        return hash_iota(key, rem);
    }
    let keys = split(key, nblocks + 1, false);
    let mut out = Vec::with_capacity(size);
    for k in &keys[..nblocks] {
        out.extend(hash_iota(*k, block));
    }
    out.extend(hash_iota(keys[nblocks], rem));
    out
}

/// `random_bits` of one key: `size` values of `bit_width` bits, widened to `u64`.
///
/// - classic: 64-bit values take their high word from the first half of `2·size` words and
///   their low word from the second half; 8- and 16-bit values are the little-endian pieces
///   of `⌈size·bits/32⌉` words, in order;
/// - partitionable: 64-bit values are `y0 << 32 | y1` of the counter's hash; narrower
///   values truncate `y0 ^ y1`.
///
/// # Panics
/// If `bit_width` is not 8, 16, 32 or 64.
pub fn random_bits(key: Key, bit_width: u32, size: usize, partitionable: bool) -> Vec<u64> {
    assert!(
        matches!(bit_width, 8 | 16 | 32 | 64),
        "requires 8-, 16-, 32- or 64-bit field width."
    );
    let mask = if bit_width == 64 {
        u64::MAX
    } else {
        (1u64 << bit_width) - 1
    };
    if partitionable {
        return (0..size as u64)
            .map(|i| {
                let [y0, y1] = threefry2x32(key, [(i >> 32) as u32, i as u32]);
                if bit_width == 64 {
                    (u64::from(y0) << 32) | u64::from(y1)
                } else {
                    u64::from(y0 ^ y1) & mask
                }
            })
            .collect();
    }
    match bit_width {
        32 => random_bits_u32(key, size, false)
            .into_iter()
            .map(u64::from)
            .collect(),
        64 => {
            let words = random_bits_u32(key, 2 * size, false);
            let (hi, lo) = words.split_at(size);
            hi.iter()
                .zip(lo)
                .map(|(&h, &l)| (u64::from(h) << 32) | u64::from(l))
                .collect()
        }
        _ => {
            let per_word = (32 / bit_width) as usize;
            let words = random_bits_u32(key, (size * bit_width as usize).div_ceil(32), false);
            words
                .iter()
                .flat_map(|&w| {
                    (0..per_word).map(move |j| (u64::from(w) >> (bit_width as usize * j)) & mask)
                })
                .take(size)
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random123's known-answer vectors for threefry2x32 with 20 rounds (kat_vectors, also
    /// cited by JAX's tests/random_test.py `testThreefry2x32`).
    #[test]
    fn random123_known_answers() {
        assert_eq!(threefry2x32([0, 0], [0, 0]), [0x6b20_0159, 0x99ba_4efe]);
        assert_eq!(
            threefry2x32([u32::MAX, u32::MAX], [u32::MAX, u32::MAX]),
            [0x1cb9_96fc, 0xbb00_2be7]
        );
        assert_eq!(
            threefry2x32([0x1319_8a2e, 0x0370_7344], [0x243f_6a88, 0x85a3_08d3]),
            [0xc492_3a9c, 0x483d_f7a0]
        );
    }

    #[test]
    fn odd_counts_pad_with_zero() {
        let key = [7, 9];
        let odd = hash_counts(key, &[5, 6, 7]);
        let [a0, a1] = threefry2x32(key, [5, 7]);
        let [b0, _] = threefry2x32(key, [6, 0]);
        assert_eq!(odd, vec![a0, b0, a1]);
        assert_eq!(hash_iota(key, 3), hash_counts(key, &[0, 1, 2]));
    }
}
