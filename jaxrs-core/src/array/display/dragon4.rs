//! Exact binary-to-decimal conversion of IEEE floats, digit for digit as NumPy prints them.
//!
//! NumPy counterpart: `numpy/_core/src/multiarray/dragon4.c` (Steele & White / Burger &
//! Dybvig "Dragon4" with NumPy's cutoff, minimum-digit, trim and padding rules). NumPy uses
//! it for `float16`, `float32` and `float64` alike, so the shortest digits are those that
//! round-trip *in the element's own format*; we follow the same algorithm with a small
//! big-integer type so that every corner (unequal margins at powers of two, ties, carries,
//! subnormals) lands on the same digits.

use std::cmp::Ordering;

/// A finite float as `mantissa * 2^exponent`, with what Dragon4 needs to know about its
/// neighbours.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// Whether the sign bit is set (also for `-0.0`).
    pub negative: bool,
    /// The integer significand (with the implicit bit for normal numbers).
    pub mantissa: u64,
    /// The power of two the significand is scaled by.
    pub exponent: i32,
    /// Index of the highest set bit of `mantissa` (0 when it is zero).
    pub mantissa_bit: u32,
    /// True when the gap to the next float above is twice the gap below (an exact power of
    /// two that is not the smallest normal).
    pub unequal_margins: bool,
}

/// A float split into its class.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Not a number (NumPy prints every NaN as `nan`).
    Nan,
    /// An infinity; `true` when negative.
    Inf(bool),
    /// A finite value, zero included.
    Finite(Decoded),
}

/// Splits the raw bits of an IEEE binary float with `exp_bits` exponent bits and
/// `frac_bits` stored fraction bits (`float16`: 5/10, `bfloat16`: 8/7, `float32`: 8/23,
/// `float64`: 11/52).
pub(crate) fn classify(bits: u64, exp_bits: u32, frac_bits: u32) -> Class {
    let frac_mask = (1u64 << frac_bits) - 1;
    let exp_mask = (1u64 << exp_bits) - 1;
    let fraction = bits & frac_mask;
    let biased = (bits >> frac_bits) & exp_mask;
    let negative = (bits >> (frac_bits + exp_bits)) & 1 == 1;
    let bias = (1i32 << (exp_bits - 1)) - 1;
    if biased == exp_mask {
        return if fraction == 0 {
            Class::Inf(negative)
        } else {
            Class::Nan
        };
    }
    let decoded = if biased != 0 {
        Decoded {
            negative,
            mantissa: (1u64 << frac_bits) | fraction,
            exponent: biased as i32 - bias - frac_bits as i32,
            mantissa_bit: frac_bits,
            // The smallest normal's lower neighbour is a subnormal one ulp away.
            unequal_margins: biased != 1 && fraction == 0,
        }
    } else {
        Decoded {
            negative,
            mantissa: fraction,
            exponent: 1 - bias - frac_bits as i32,
            mantissa_bit: if fraction == 0 {
                0
            } else {
                63 - fraction.leading_zeros()
            },
            unequal_margins: false,
        }
    };
    Class::Finite(decoded)
}

/// An arbitrary-precision unsigned integer, little-endian 32-bit limbs, no high zero limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn pow2(e: u32) -> Big {
        let mut limbs = vec![0u32; (e / 32) as usize + 1];
        limbs[(e / 32) as usize] = 1 << (e % 32);
        Big(limbs)
    }

    fn pow10(e: u32) -> Big {
        let mut b = Big::from_u64(1);
        b.mul_pow10(e);
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let p = *limb as u64 * m as u64 + carry;
            *limb = p as u32;
            carry = p >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut e: u32) {
        // 10^9 is the largest power of ten that fits a limb.
        while e >= 9 {
            self.mul_small(1_000_000_000);
            e -= 9;
        }
        if e > 0 {
            self.mul_small(10u32.pow(e));
        }
    }

    fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.0.iter().enumerate() {
                let t = out[i + j] as u64 + a as u64 * b as u64 + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            out[i + other.0.len()] = carry as u32;
        }
        let mut b = Big(out);
        b.trim();
        b
    }

    fn shl(&mut self, n: u32) {
        if self.is_zero() || n == 0 {
            return;
        }
        let limbs = (n / 32) as usize;
        let bits = n % 32;
        if bits != 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        if limbs > 0 {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }

    fn add(&self, other: &Big) -> Big {
        let (long, short) = if self.0.len() >= other.0.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut out = Vec::with_capacity(long.0.len() + 1);
        let mut carry = 0u64;
        for i in 0..long.0.len() {
            let t = long.0[i] as u64 + short.0.get(i).copied().unwrap_or(0) as u64 + carry;
            out.push(t as u32);
            carry = t >> 32;
        }
        if carry != 0 {
            out.push(carry as u32);
        }
        Big(out)
    }

    /// `self -= other`; requires `self >= other`.
    fn sub_assign(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let mut t = self.0[i] as i64 - other.0.get(i).copied().unwrap_or(0) as i64 - borrow;
            borrow = 0;
            if t < 0 {
                t += 1 << 32;
                borrow = 1;
            }
            self.0[i] = t as u32;
        }
        debug_assert_eq!(borrow, 0);
        self.trim();
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// Replaces `self` by `self mod divisor` and returns the quotient, known to be below 10.
    fn div_rem_digit(&mut self, divisor: &Big) -> u32 {
        let mut q = 0;
        while self.cmp(divisor) != Ordering::Less {
            self.sub_assign(divisor);
            q += 1;
        }
        debug_assert!(q < 10);
        q
    }
}

/// Whether digits stop at the shortest string that identifies the float, or follow the
/// exact binary value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum DigitMode {
    /// Shortest round-trip digits (NumPy's `unique=True`).
    Unique,
    /// The exact value, rounded half-to-even at the cutoff (`unique=False`, C's `printf`).
    Exact,
}

/// What the digit cutoffs count.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum CutoffMode {
    /// Significant digits.
    TotalLength,
    /// Digits after the decimal point.
    FractionLength,
}

/// NumPy's `trim` argument.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Trim {
    /// `'k'`: keep trailing zeros and the decimal point.
    None,
    /// `'.'`: drop trailing zeros, keep the decimal point (`1.`).
    Zeros,
    /// `'0'`: drop trailing zeros but keep one after the point (`1.0`).
    LeaveOneZero,
    /// `'-'`: drop trailing zeros and a bare decimal point (`1`).
    DptZeros,
}

/// Formatting options of one float, as NumPy's `dragon4_positional`/`dragon4_scientific`
/// take them. Negative numbers mean "not given".
#[derive(Copy, Clone, Debug)]
pub(crate) struct Options {
    pub digit_mode: DigitMode,
    pub cutoff_mode: CutoffMode,
    pub precision: i32,
    pub min_digits: i32,
    pub trim: Trim,
    pub pad_left: i32,
    pub pad_right: i32,
    pub exp_digits: i32,
}

impl Options {
    /// Shortest unique digits, no cutoff, no padding, with `trim`.
    pub(crate) fn unique(trim: Trim) -> Options {
        Options {
            digit_mode: DigitMode::Unique,
            cutoff_mode: CutoffMode::FractionLength,
            precision: -1,
            min_digits: -1,
            trim,
            pad_left: -1,
            pad_right: -1,
            exp_digits: -1,
        }
    }
}

/// The digits of `v` and the decimal exponent of the first one.
///
/// `cutoff_max` stops digit generation (rounding the rest), `cutoff_min` forces at least
/// that many digits in unique mode; both count per `cutoff_mode`, negative means none.
fn digits(
    v: &Decoded,
    mode: DigitMode,
    cutoff_mode: CutoffMode,
    cutoff_max: i32,
    cutoff_min: i32,
) -> (Vec<u8>, i32) {
    if v.mantissa == 0 {
        return (vec![b'0'], 0);
    }
    // value = value_num / scale; the margins are half the gaps to the neighbouring floats,
    // all scaled by 2 (or 4 when the margins differ) to stay integral.
    let mut value = Big::from_u64(v.mantissa);
    let mut scale;
    let mut margin_low;
    let mut margin_high: Option<Big>;
    if v.unequal_margins {
        if v.exponent > 0 {
            value.shl(v.exponent as u32 + 2);
            scale = Big::from_u64(4);
            margin_low = Big::pow2(v.exponent as u32);
            margin_high = Some(Big::pow2(v.exponent as u32 + 1));
        } else {
            value.shl(2);
            scale = Big::pow2((-v.exponent) as u32 + 2);
            margin_low = Big::from_u64(1);
            margin_high = Some(Big::from_u64(2));
        }
    } else if v.exponent > 0 {
        value.shl(v.exponent as u32 + 1);
        scale = Big::from_u64(2);
        margin_low = Big::pow2(v.exponent as u32);
        margin_high = None;
    } else {
        value.shl(1);
        scale = Big::pow2((-v.exponent) as u32 + 1);
        margin_low = Big::from_u64(1);
        margin_high = None;
    }

    // NumPy's estimate of floor(log10(v)) + 1: exact or one too low, except that a
    // fractional cutoff may pull it up (then leading digits come out as zeros).
    let log10_2 = std::f64::consts::LOG10_2;
    let mut digit_exp =
        (((v.mantissa_bit as i32 + v.exponent) as f64) * log10_2 - 0.69).ceil() as i32;
    if cutoff_max >= 0 && cutoff_mode == CutoffMode::FractionLength && digit_exp <= -cutoff_max {
        digit_exp = -cutoff_max + 1;
    }
    if digit_exp > 0 {
        scale.mul_pow10(digit_exp as u32);
    } else if digit_exp < 0 {
        let p = Big::pow10((-digit_exp) as u32);
        value = value.mul(&p);
        margin_low = margin_low.mul(&p);
        if margin_high.is_some() {
            margin_high = Some(margin_low.add(&margin_low));
        }
    }
    if value.cmp(&scale) != Ordering::Less {
        digit_exp += 1;
    } else {
        value.mul_small(10);
        margin_low.mul_small(10);
        if margin_high.is_some() {
            margin_high = Some(margin_low.add(&margin_low));
        }
    }

    // NumPy's output buffer holds 16384 characters; it bounds digits when nothing else does.
    let mut cutoff_max_exp = digit_exp - 16384;
    if cutoff_max >= 0 {
        let desired = match cutoff_mode {
            CutoffMode::TotalLength => digit_exp - cutoff_max,
            CutoffMode::FractionLength => -cutoff_max,
        };
        cutoff_max_exp = cutoff_max_exp.max(desired);
    }
    let mut cutoff_min_exp = digit_exp;
    if cutoff_min >= 0 {
        let desired = match cutoff_mode {
            CutoffMode::TotalLength => digit_exp - cutoff_min,
            CutoffMode::FractionLength => -cutoff_min,
        };
        cutoff_min_exp = cutoff_min_exp.min(desired);
    }
    let out_exp = digit_exp - 1;

    let is_even = v.mantissa.is_multiple_of(2);
    let mut out = Vec::new();
    let mut low = false;
    let mut high = false;
    let mut digit;
    match mode {
        DigitMode::Unique => loop {
            digit_exp -= 1;
            digit = value.div_rem_digit(&scale);
            let m_high = margin_high.as_ref().unwrap_or(&margin_low);
            let value_high = value.add(m_high);
            // Ties with a margin count as inside it when the mantissa is even (the float
            // would round to itself).
            let c = value.cmp(&margin_low);
            low = if is_even {
                c != Ordering::Greater
            } else {
                c == Ordering::Less
            };
            let c = value_high.cmp(&scale);
            high = if is_even {
                c != Ordering::Less
            } else {
                c == Ordering::Greater
            };
            if ((low || high) && digit_exp <= cutoff_min_exp) || digit_exp == cutoff_max_exp {
                break;
            }
            out.push(b'0' + digit as u8);
            value.mul_small(10);
            margin_low.mul_small(10);
            if margin_high.is_some() {
                margin_high = Some(margin_low.add(&margin_low));
            }
        },
        DigitMode::Exact => loop {
            digit_exp -= 1;
            digit = value.div_rem_digit(&scale);
            if value.is_zero() || digit_exp == cutoff_max_exp {
                break;
            }
            out.push(b'0' + digit as u8);
            value.mul_small(10);
        },
    }

    // Round the last digit: down if only the low neighbour is close, up if only the high
    // one is, else to the nearer, ties to an even digit.
    let mut round_down = low;
    if low == high {
        value.shl(1);
        round_down = match value.cmp(&scale) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => digit % 2 == 0,
        };
    }
    let mut exp = out_exp;
    if round_down {
        out.push(b'0' + digit as u8);
    } else if digit == 9 {
        // Carry into the first digit that is not a nine, dropping the nines.
        loop {
            match out.pop() {
                None => {
                    out.push(b'1');
                    exp += 1;
                    break;
                }
                Some(b'9') => {}
                Some(d) => {
                    out.push(d + 1);
                    break;
                }
            }
        }
    } else {
        out.push(b'0' + digit as u8 + 1);
    }
    (out, exp)
}

fn sign_str(negative: bool) -> &'static str {
    if negative {
        "-"
    } else {
        ""
    }
}

/// NumPy's `dragon4_positional` for a finite value: `ddd.ddd`.
pub(crate) fn positional(v: &Decoded, o: &Options) -> String {
    let (digits, print_exp) = digits(v, o.digit_mode, o.cutoff_mode, o.precision, o.min_digits);
    let sign = sign_str(v.negative);
    let has_sign = sign.len() as i32;
    let mut s = String::from(sign);
    let ndigits = digits.len() as i32;
    let digits = std::str::from_utf8(&digits).expect("ASCII digits");
    let whole;
    let mut frac;
    if print_exp >= 0 {
        whole = print_exp + 1;
        if ndigits <= whole {
            s.push_str(digits);
            s.extend(std::iter::repeat_n('0', (whole - ndigits) as usize));
            frac = 0;
        } else {
            s.push_str(&digits[..whole as usize]);
            s.push('.');
            s.push_str(&digits[whole as usize..]);
            frac = ndigits - whole;
        }
    } else {
        let zeros = -(print_exp + 1);
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', zeros as usize));
        s.push_str(digits);
        frac = zeros + ndigits;
        whole = 1;
    }
    if o.trim != Trim::DptZeros && frac == 0 {
        s.push('.');
    }
    let add_digits = match o.digit_mode {
        DigitMode::Unique => o.min_digits,
        DigitMode::Exact => o.precision,
    };
    let desired = match o.cutoff_mode {
        CutoffMode::TotalLength => add_digits - whole,
        CutoffMode::FractionLength => add_digits.max(0),
    };
    match o.trim {
        Trim::LeaveOneZero if frac == 0 => {
            s.push('0');
            frac += 1;
        }
        Trim::None if desired > frac => {
            s.extend(std::iter::repeat_n('0', (desired - frac) as usize));
            frac = desired;
        }
        _ => {}
    }
    if o.trim != Trim::None && frac > 0 {
        while s.ends_with('0') {
            s.pop();
            frac -= 1;
        }
        if s.ends_with('.') {
            match o.trim {
                Trim::LeaveOneZero => {
                    s.push('0');
                    frac += 1;
                }
                Trim::DptZeros => {
                    s.pop();
                }
                _ => {}
            }
        }
    }
    if o.pad_right >= frac {
        if o.trim == Trim::DptZeros && frac == 0 {
            s.push(' ');
        }
        s.extend(std::iter::repeat_n(' ', (o.pad_right - frac) as usize));
    }
    if o.pad_left > whole + has_sign {
        let pad = " ".repeat((o.pad_left - whole - has_sign) as usize);
        s.insert_str(0, &pad);
    }
    s
}

/// NumPy's `dragon4_scientific` for a finite value: `d.ddde+XX`.
pub(crate) fn scientific(v: &Decoded, o: &Options) -> String {
    let mut s = String::new();
    let sign = sign_str(v.negative);
    let left_chars = 1 + sign.len() as i32;
    if o.pad_left > left_chars {
        s.extend(std::iter::repeat_n(' ', (o.pad_left - left_chars) as usize));
    }
    s.push_str(sign);
    let plus_one = |x: i32| if x < 0 { -1 } else { x + 1 };
    let (digits, print_exp) = digits(
        v,
        o.digit_mode,
        CutoffMode::TotalLength,
        plus_one(o.precision),
        plus_one(o.min_digits),
    );
    s.push(digits[0] as char);
    let mut frac = digits.len() as i32 - 1;
    if frac > 0 {
        s.push('.');
        s.push_str(std::str::from_utf8(&digits[1..]).expect("ASCII digits"));
    }
    if o.trim != Trim::DptZeros && frac == 0 {
        s.push('.');
    }
    let add_digits = match o.digit_mode {
        DigitMode::Unique => o.min_digits,
        DigitMode::Exact => o.precision,
    }
    .max(0);
    match o.trim {
        Trim::LeaveOneZero if frac == 0 => {
            s.push('0');
            frac += 1;
        }
        Trim::None if add_digits > frac => {
            s.extend(std::iter::repeat_n('0', (add_digits - frac) as usize));
        }
        _ => {}
    }
    if o.trim != Trim::None && frac > 0 {
        while s.ends_with('0') {
            s.pop();
        }
        // Unlike the positional form, a bare decimal point stays (even for DptZeros).
        if o.trim == Trim::LeaveOneZero && s.ends_with('.') {
            s.push('0');
        }
    }
    let exp_digits = if o.exp_digits < 0 {
        2
    } else {
        o.exp_digits.min(5)
    };
    s.push('e');
    s.push(if print_exp >= 0 { '+' } else { '-' });
    let e = print_exp.unsigned_abs().to_string();
    s.extend(std::iter::repeat_n(
        '0',
        (exp_digits as usize).saturating_sub(e.len()),
    ));
    s.push_str(&e);
    s
}

/// C's `printf("%.{precision}g", x)` of a finite value (what `std::ostream << float` writes
/// with its default precision 6): exact digits rounded half-to-even, positional when the
/// decimal exponent is in `[-4, precision)`, trailing zeros and a bare point removed.
pub(crate) fn printf_g(v: &Decoded, precision: i32) -> String {
    let sign = sign_str(v.negative);
    if v.mantissa == 0 {
        return format!("{sign}0");
    }
    let (digits, exp) = digits(v, DigitMode::Exact, CutoffMode::TotalLength, precision, -1);
    let mut digits = String::from_utf8(digits).expect("ASCII digits");
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    if exp < -4 || exp >= precision {
        let mut s = format!("{sign}{}", &digits[..1]);
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        let e = exp.unsigned_abs();
        s.push_str(&format!("e{}{e:02}", if exp < 0 { '-' } else { '+' }));
        s
    } else if exp < 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else {
        let whole = exp as usize + 1;
        if digits.len() <= whole {
            format!("{sign}{digits}{}", "0".repeat(whole - digits.len()))
        } else {
            format!("{sign}{}.{}", &digits[..whole], &digits[whole..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32_class(x: f32) -> Decoded {
        match classify(x.to_bits() as u64, 8, 23) {
            Class::Finite(d) => d,
            c => panic!("not finite: {c:?}"),
        }
    }

    fn f64_class(x: f64) -> Decoded {
        match classify(x.to_bits(), 11, 52) {
            Class::Finite(d) => d,
            c => panic!("not finite: {c:?}"),
        }
    }

    /// Asserts that the shortest round-trip digits of `decoded` are those of `rust`, Rust's
    /// `{:e}` of the same value.
    fn assert_shortest_is_rusts(decoded: &Decoded, rust: &str) {
        let (d, e) = digits(decoded, DigitMode::Unique, CutoffMode::TotalLength, -1, -1);
        let (mant, exp) = rust.split_once('e').unwrap();
        assert_eq!(
            String::from_utf8(d).unwrap(),
            mant.replace('.', ""),
            "{rust}"
        );
        assert_eq!(e, exp.parse::<i32>().unwrap(), "{rust}");
    }

    #[test]
    fn shortest_digits_match_rust_shortest_repr() {
        // Rust's `{:e}` is also shortest-round-trip, nearest on ties of length.
        for &x in &[
            1.0f32,
            0.1,
            1.0 / 3.0,
            16777216.0,
            1e-45,
            3.4028235e38,
            1e-5,
            0.3,
        ] {
            assert_shortest_is_rusts(&f32_class(x), &format!("{x:e}"));
        }
        for &x in &[
            0.1f64,
            2.0 / 3.0,
            5e-324,
            1.7976931348623157e308,
            123456789.125,
        ] {
            assert_shortest_is_rusts(&f64_class(x), &format!("{x:e}"));
        }
    }

    #[test]
    fn positional_trims_and_pads_like_numpy() {
        let o = Options {
            precision: 8,
            min_digits: 0,
            trim: Trim::Zeros,
            pad_left: 2,
            pad_right: 3,
            ..Options::unique(Trim::Zeros)
        };
        // np.format_float_positional(np.float32(x), precision=8, min_digits=0, trim='.',
        // pad_left=2, pad_right=3)
        assert_eq!(positional(&f32_class(1.0), &o), " 1.   ");
        assert_eq!(positional(&f32_class(-2.5), &o), "-2.5  ");
        assert_eq!(positional(&f32_class(0.125), &o), " 0.125");
        let leave = Options::unique(Trim::LeaveOneZero);
        assert_eq!(positional(&f32_class(65504.0), &leave), "65504.0");
        assert_eq!(positional(&f64_class(-0.0), &leave), "-0.0");
    }

    #[test]
    fn scientific_pads_exponent_and_fraction() {
        let o = Options {
            precision: 4,
            min_digits: 4,
            trim: Trim::None,
            pad_left: 1,
            exp_digits: 3,
            ..Options::unique(Trim::None)
        };
        assert_eq!(scientific(&f64_class(1.5e-5), &o), "1.5000e-005");
        assert_eq!(scientific(&f64_class(0.0), &o), "0.0000e+000");
        let dpt = Options::unique(Trim::DptZeros);
        assert_eq!(scientific(&f32_class(1e20), &dpt), "1e+20");
        assert_eq!(scientific(&f32_class(1.5e-7), &dpt), "1.5e-07");
    }

    #[test]
    fn printf_g_rounds_half_to_even() {
        // 2^-10 = 0.0009765625: the seventh significant digit is a tie.
        assert_eq!(printf_g(&f64_class(0.0009765625), 6), "0.000976562");
        assert_eq!(printf_g(&f64_class(1048576.0), 6), "1.04858e+06");
        assert_eq!(printf_g(&f64_class(100.0), 6), "100");
        assert_eq!(printf_g(&f64_class(-2.5), 6), "-2.5");
        assert_eq!(printf_g(&f64_class(999999.5), 6), "1e+06");
        assert_eq!(printf_g(&f64_class(1e-5), 6), "1e-05");
    }
}
