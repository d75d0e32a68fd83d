//! Element formatters: how one element of each dtype becomes a word of the printed array.
//!
//! NumPy counterpart: `numpy/_core/arrayprint.py` (`BoolFormat`, `IntegerFormat`,
//! `FloatingFormat`, `repr_format`) with its default options (precision 8,
//! `floatmode='maxprec'`, no small-number suppression), and the `str` of NumPy scalars
//! (`numpy/_core/src/multiarray/scalartypes.c.src`). `bfloat16` is not a NumPy floating type:
//! NumPy prints each element with the scalar's own `repr`, which `ml_dtypes` implements as
//! C++ `std::ostream << float` (`%g`, six significant digits), unpadded.

use half::{bf16, f16};

use super::dragon4::{self, Class, CutoffMode, Decoded, DigitMode, Options, Trim};
use crate::buffer::Buffer;

/// NumPy's default `precision` print option.
const PRECISION: i32 = 8;

/// The IEEE formats NumPy formats itself.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum FloatKind {
    F16,
    F32,
    F64,
}

impl FloatKind {
    fn classify(self, bits: u64) -> Class {
        match self {
            FloatKind::F16 => dragon4::classify(bits, 5, 10),
            FloatKind::F32 => dragon4::classify(bits, 8, 23),
            FloatKind::F64 => dragon4::classify(bits, 11, 52),
        }
    }

    /// The value, exactly (every format here embeds in `f64`).
    fn to_f64(self, bits: u64) -> f64 {
        match self {
            FloatKind::F16 => f16::from_bits(bits as u16).to_f64(),
            FloatKind::F32 => f32::from_bits(bits as u32) as f64,
            FloatKind::F64 => f64::from_bits(bits),
        }
    }

    /// `10 ** min(8, finfo(dtype).precision)`: from this magnitude on, arrays print in
    /// scientific notation.
    fn exp_cutoff_max(self) -> f64 {
        match self {
            FloatKind::F16 => 1e3,
            FloatKind::F32 => 1e6,
            FloatKind::F64 => 1e8,
        }
    }

    /// `min_val < 0.0001` with NumPy's weak Python float: `0.0001` is first rounded to the
    /// element type.
    fn below_small_cutoff(self, x: f64) -> bool {
        let cutoff = match self {
            FloatKind::F16 => f16::from_f64(1e-4).to_f64(),
            FloatKind::F32 => 1e-4f32 as f64,
            FloatKind::F64 => 1e-4,
        };
        x < cutoff
    }

    /// `max_val / min_val > 1000.` computed in the element type, as NumPy's scalar math
    /// does (`float16` divides in `float32` and rounds back).
    fn ratio_above_1000(self, max: f64, min: f64) -> bool {
        match self {
            FloatKind::F16 => f16::from_f32(max as f32 / min as f32).to_f64() > 1000.0,
            FloatKind::F32 => max as f32 / min as f32 > 1000.0,
            FloatKind::F64 => max / min > 1000.0,
        }
    }

    /// The magnitude from which a scalar's `str` turns scientific.
    fn scalar_max_positional(self) -> f64 {
        match self {
            FloatKind::F16 => 1e3,
            FloatKind::F32 => 1e6,
            FloatKind::F64 => 1e16,
        }
    }
}

/// The elements to print, in one of the representations their formatter needs.
pub(super) enum Values {
    /// `bool`
    Bool(Vec<bool>),
    /// Any integer dtype (`i128` holds every `int64` and `uint64`).
    Int(Vec<i128>),
    /// `float16`, `float32` or `float64`, as raw bits.
    Float(FloatKind, Vec<u64>),
    /// `bfloat16` raw bits.
    BFloat16(Vec<u16>),
}

impl Values {
    /// The elements of `buf` at `indices`, in that order.
    pub(super) fn gather(buf: &Buffer, indices: &[usize]) -> Values {
        fn pick<T: Copy, U>(v: &[T], idx: &[usize], f: impl Fn(T) -> U) -> Vec<U> {
            idx.iter().map(|&i| f(v[i])).collect()
        }
        match buf {
            Buffer::Bool(v) => Values::Bool(pick(v, indices, |x| x)),
            Buffer::I8(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::I16(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::I32(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::I64(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::U8(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::U16(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::U32(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::U64(v) => Values::Int(pick(v, indices, i128::from)),
            Buffer::F16(v) => {
                Values::Float(FloatKind::F16, pick(v, indices, |x| x.to_bits() as u64))
            }
            Buffer::F32(v) => {
                Values::Float(FloatKind::F32, pick(v, indices, |x| x.to_bits() as u64))
            }
            Buffer::F64(v) => Values::Float(FloatKind::F64, pick(v, indices, f64::to_bits)),
            Buffer::BF16(v) => Values::BFloat16(pick(v, indices, bf16::to_bits)),
        }
    }

    /// Formats every element as NumPy's `array2string` would, all with one shared layout
    /// (common width, common number of decimals) derived from these same elements.
    /// `zero_d` selects the 0-d forms (`True` without its alignment space).
    pub(super) fn format_all(&self, zero_d: bool) -> Vec<String> {
        match self {
            Values::Bool(v) => {
                let t = if zero_d { "True" } else { " True" };
                v.iter()
                    .map(|&b| if b { t } else { "False" }.to_string())
                    .collect()
            }
            Values::Int(v) => {
                let width = match (v.iter().max(), v.iter().min()) {
                    (Some(max), Some(min)) => max.to_string().len().max(min.to_string().len()),
                    _ => 0,
                };
                v.iter().map(|x| format!("{x:>width$}")).collect()
            }
            Values::Float(kind, bits) => {
                let f = FloatFormat::new(*kind, bits);
                bits.iter().map(|&b| f.format(b)).collect()
            }
            Values::BFloat16(bits) => bits.iter().map(|&b| bfloat16_repr(b)).collect(),
        }
    }

    /// NumPy's `str` of the single element (the `Display` of a 0-d array).
    pub(super) fn scalar_str(&self) -> String {
        match self {
            Values::Bool(v) => if v[0] { "True" } else { "False" }.to_string(),
            Values::Int(v) => v[0].to_string(),
            Values::Float(kind, bits) => float_scalar_str(*kind, bits[0]),
            Values::BFloat16(bits) => bfloat16_repr(bits[0]),
        }
    }

    /// The single element with `precision` decimals, as Python's `format(x, ".{p}f")`
    /// shows a 0-d JAX array (`nan`, `inf`, `-0.000` included).
    pub(super) fn scalar_fixed(&self, precision: usize) -> String {
        let float = |x: f64| {
            if x.is_nan() {
                "nan".to_string()
            } else {
                format!("{x:.precision$}")
            }
        };
        match self {
            Values::Bool(v) => float(v[0] as u8 as f64),
            Values::Int(v) if precision == 0 => v[0].to_string(),
            Values::Int(v) => format!("{}.{}", v[0], "0".repeat(precision)),
            Values::Float(kind, bits) => float(kind.to_f64(bits[0])),
            Values::BFloat16(bits) => float(bf16::from_bits(bits[0]).to_f64()),
        }
    }
}

/// `ml_dtypes`' `repr` of a `bfloat16`: `%g` of the value, NaN without a sign.
fn bfloat16_repr(bits: u16) -> String {
    match dragon4::classify(bits as u64, 8, 7) {
        Class::Nan => "nan".to_string(),
        Class::Inf(neg) => if neg { "-inf" } else { "inf" }.to_string(),
        Class::Finite(d) => dragon4::printf_g(&d, 6),
    }
}

/// The `str` of a NumPy float scalar: shortest digits, positional between `1e-4` and a
/// per-type cutoff (`1.0`, `0.001`), scientific outside it (`1e+16`, `1.5e-05`).
fn float_scalar_str(kind: FloatKind, bits: u64) -> String {
    match kind.classify(bits) {
        Class::Nan => "nan".to_string(),
        Class::Inf(neg) => if neg { "-inf" } else { "inf" }.to_string(),
        Class::Finite(d) => {
            let abs = kind.to_f64(bits).abs();
            if abs == 0.0 || (abs < kind.scalar_max_positional() && abs >= 1e-4) {
                dragon4::positional(&d, &Options::unique(Trim::LeaveOneZero))
            } else {
                dragon4::scientific(&d, &Options::unique(Trim::DptZeros))
            }
        }
    }
}

/// NumPy's `FloatingFormat` with the default print options: one layout for all elements.
struct FloatFormat {
    kind: FloatKind,
    exp_format: bool,
    opts: Options,
}

impl FloatFormat {
    /// `FloatingFormat.fillFormat`: choose notation, decimals and padding from the data.
    fn new(kind: FloatKind, bits: &[u64]) -> FloatFormat {
        let classes: Vec<Class> = bits.iter().map(|&b| kind.classify(b)).collect();
        let finite: Vec<(u64, Decoded)> = bits
            .iter()
            .zip(&classes)
            .filter_map(|(&b, c)| match c {
                Class::Finite(d) => Some((b, *d)),
                _ => None,
            })
            .collect();

        let mut exp_format = false;
        let abs_non_zero: Vec<f64> = finite
            .iter()
            .filter(|(_, d)| d.mantissa != 0)
            .map(|&(b, _)| kind.to_f64(b).abs())
            .collect();
        if !abs_non_zero.is_empty() {
            let max = abs_non_zero.iter().copied().fold(f64::MIN, f64::max);
            let min = abs_non_zero.iter().copied().fold(f64::MAX, f64::min);
            exp_format = max >= kind.exp_cutoff_max()
                || kind.below_small_cutoff(min)
                || kind.ratio_above_1000(max, min);
        }

        let mut opts = Options {
            digit_mode: DigitMode::Unique,
            cutoff_mode: CutoffMode::FractionLength,
            precision: PRECISION,
            min_digits: -1,
            trim: Trim::Zeros,
            pad_left: 0,
            pad_right: 0,
            exp_digits: -1,
        };
        let first_pass = Options {
            pad_left: -1,
            pad_right: -1,
            ..opts
        };
        let max_len = |parts: &mut dyn Iterator<Item = usize>| parts.max().unwrap_or(0) as i32;
        if finite.is_empty() {
            // Only nan/inf: nothing to measure.
        } else if exp_format {
            let strs: Vec<String> = finite
                .iter()
                .map(|(_, d)| dragon4::scientific(d, &first_pass))
                .collect();
            let split: Vec<(&str, &str, &str)> = strs
                .iter()
                .map(|s| {
                    let (mant, exp) = s.split_once('e').expect("scientific has an exponent");
                    let (int, frac) = mant.split_once('.').expect("mantissa has a point");
                    (int, frac, exp)
                })
                .collect();
            let exp_size = max_len(&mut split.iter().map(|p| p.2.len())) - 1;
            let precision = max_len(&mut split.iter().map(|p| p.1.len()));
            opts.precision = precision;
            opts.min_digits = precision;
            opts.trim = Trim::None;
            opts.exp_digits = exp_size;
            opts.pad_left = max_len(&mut split.iter().map(|p| p.0.len()));
            opts.pad_right = exp_size + 2 + precision;
        } else {
            let strs: Vec<String> = finite
                .iter()
                .map(|(_, d)| dragon4::positional(d, &first_pass))
                .collect();
            let split: Vec<(&str, &str)> = strs
                .iter()
                .map(|s| s.split_once('.').expect("positional has a point"))
                .collect();
            opts.pad_left = max_len(&mut split.iter().map(|p| p.0.len()));
            opts.pad_right = max_len(&mut split.iter().map(|p| p.1.len()));
            opts.min_digits = 0;
        }

        if finite.len() != bits.len() {
            // Make room for "nan", "inf" or "-inf" right-aligned in the same width.
            let neg_inf = classes.contains(&Class::Inf(true)) as i32;
            let offset = opts.pad_right + 1;
            opts.pad_left = opts.pad_left.max(3 - offset).max(3 + neg_inf - offset);
        }
        FloatFormat {
            kind,
            exp_format,
            opts,
        }
    }

    /// `FloatingFormat.__call__`.
    fn format(&self, bits: u64) -> String {
        let special = |s: &str| {
            let width = (self.opts.pad_left + self.opts.pad_right + 1).max(0) as usize;
            format!("{s:>width$}")
        };
        match self.kind.classify(bits) {
            Class::Nan => special("nan"),
            Class::Inf(neg) => special(if neg { "-inf" } else { "inf" }),
            Class::Finite(d) if self.exp_format => dragon4::scientific(&d, &self.opts),
            Class::Finite(d) => dragon4::positional(&d, &self.opts),
        }
    }
}
