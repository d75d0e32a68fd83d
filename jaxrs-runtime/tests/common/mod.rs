//! Helpers shared by the runtime's property tests: a small deterministic generator of
//! test inputs and bit-exact buffer comparison.

#![allow(dead_code)]

use half::{bf16, f16};
use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::DType;

/// xorshift64*: deterministic, good enough to spread test inputs.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A float drawn from a mix of special values, small numbers, wide magnitudes and raw
    /// bit patterns (signaling NaNs excluded: the reference computes through `f64`, which
    /// quiets them).
    pub fn float(&mut self) -> f64 {
        const SPECIAL: [f64; 10] = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e-40,
            3.0,
        ];
        match self.below(4) {
            0 => SPECIAL[self.below(SPECIAL.len() as u64) as usize],
            1 => (self.below(2001) as f64 - 1000.0) / 100.0,
            2 => {
                let m = self.below(1 << 20) as f64 / (1 << 20) as f64 - 0.5;
                m * 2f64.powi(self.below(80) as i32 - 40)
            }
            _ => {
                let f = f32::from_bits(self.next_u64() as u32);
                if f.is_nan() {
                    f64::NAN
                } else {
                    f as f64
                }
            }
        }
    }

    /// An integer from a mix of small values (shift amounts, divisors) and raw bits.
    pub fn int(&mut self) -> i128 {
        match self.below(3) {
            0 => self.below(70) as i128 - 3,
            1 => [0, 1, -1, i64::MIN as i128, i32::MIN as i128, 255, 128][self.below(7) as usize],
            _ => self.next_u64() as i64 as i128,
        }
    }

    /// `n` random elements of `dtype`.
    pub fn buffer(&mut self, dtype: DType, n: usize) -> Buffer {
        use jaxrs_core::dtype::Scalar;
        let values: Vec<Scalar> = (0..n)
            .map(|_| match dtype {
                DType::Bool => Scalar::Bool(self.below(2) == 1),
                d if d.is_float() => Scalar::Float(self.float()),
                _ => Scalar::Int(self.int()),
            })
            .collect();
        Buffer::from_scalars(dtype, values)
    }
}

/// A concrete array of `shape` with random elements.
pub fn random_concrete(rng: &mut Rng, dtype: DType, shape: &[usize]) -> Concrete {
    let n = shape.iter().product();
    Concrete::new(Aval::new(shape.to_vec(), dtype), rng.buffer(dtype, n))
}

/// The bit pattern of every element (floats by their bits, so NaN payloads and signed
/// zeros count).
pub fn bits(b: &Buffer) -> Vec<u64> {
    match b {
        Buffer::Bool(v) => v.iter().map(|&x| x as u64).collect(),
        Buffer::I8(v) => v.iter().map(|&x| x as u8 as u64).collect(),
        Buffer::I16(v) => v.iter().map(|&x| x as u16 as u64).collect(),
        Buffer::I32(v) => v.iter().map(|&x| x as u32 as u64).collect(),
        Buffer::I64(v) => v.iter().map(|&x| x as u64).collect(),
        Buffer::U8(v) => v.iter().map(|&x| x as u64).collect(),
        Buffer::U16(v) => v.iter().map(|&x| x as u64).collect(),
        Buffer::U32(v) => v.iter().map(|&x| x as u64).collect(),
        Buffer::U64(v) => v.clone(),
        Buffer::F16(v) => v.iter().map(|x: &f16| x.to_bits() as u64).collect(),
        Buffer::BF16(v) => v.iter().map(|x: &bf16| x.to_bits() as u64).collect(),
        Buffer::F32(v) => v.iter().map(|x| x.to_bits() as u64).collect(),
        Buffer::F64(v) => v.iter().map(|x| x.to_bits()).collect(),
    }
}

/// Asserts two buffers are identical bit for bit, naming the first differing element.
#[track_caller]
pub fn assert_bits_eq(got: &Buffer, want: &Buffer, what: &str) {
    assert_bits_eq_with(got, want, what, false);
}

/// [`assert_bits_eq`], optionally counting any two NaNs as equal: the sign and payload of a
/// NaN produced inside a transcendental function depend on which operand order the
/// compiler picked for a fused multiply-add, which neither XLA nor IEEE 754 fixes.
#[track_caller]
pub fn assert_bits_eq_with(got: &Buffer, want: &Buffer, what: &str, any_nan: bool) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.len(), want.len(), "{what}: length");
    let (g, w) = (bits(got), bits(want));
    let is_nan = |b: &Buffer, i: usize| {
        b.dtype().is_float()
            && matches!(b.get(i), jaxrs_core::dtype::Scalar::Float(f) if f.is_nan())
    };
    let same = |i: usize| g[i] == w[i] || (any_nan && is_nan(got, i) && is_nan(want, i));
    if let Some(i) = (0..g.len()).find(|&i| !same(i)) {
        panic!(
            "{what}: element {i} differs: runtime {:?} (bits {:#x}), reference {:?} (bits {:#x})",
            got.get(i),
            g[i],
            want.get(i),
            w[i]
        );
    }
}
