//! Element types and JAX's type promotion, weak types included.
//!
//! JAX counterpart: `jax/_src/dtypes.py` (`_type_promotion_lattice`, `_least_upper_bound`,
//! `_lattice_result_type`, `canonicalize_dtype`).

use std::fmt;

use half::{bf16, f16};

use crate::config;

/// The element type of an array, displayed with NumPy's name (`float32`, `int32`, `bool`).
///
/// Rust scalars used as operands are *weakly typed*, like Python scalars in JAX: `2 * x`
/// keeps `x`'s dtype. Weakness lives in [`Aval`](crate::aval::Aval), not here.
///
/// # Examples
/// ```
/// use jaxrs_core::dtype::DType;
/// assert_eq!(DType::F32.to_string(), "float32");
/// assert_eq!(DType::promote_types(DType::I8, DType::U8), DType::I16);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    /// `bool`
    Bool,
    /// `int8`
    I8,
    /// `int16`
    I16,
    /// `int32`
    I32,
    /// `int64`
    I64,
    /// `uint8`
    U8,
    /// `uint16`
    U16,
    /// `uint32`
    U32,
    /// `uint64`
    U64,
    /// `float16` (IEEE half)
    F16,
    /// `bfloat16`
    BF16,
    /// `float32`, JAX's default float
    F32,
    /// `float64` (only with x64 enabled; otherwise canonicalized to `float32`)
    F64,
}

/// Every dtype, in a fixed order (used by tests and tables).
pub const ALL_DTYPES: [DType; 13] = [
    DType::Bool,
    DType::I8,
    DType::I16,
    DType::I32,
    DType::I64,
    DType::U8,
    DType::U16,
    DType::U32,
    DType::U64,
    DType::F16,
    DType::BF16,
    DType::F32,
    DType::F64,
];

/// The kind of a dtype, as NumPy's `dtype.kind` groups them.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `bool`
    Bool,
    /// signed integers
    Int,
    /// unsigned integers
    UInt,
    /// floating point
    Float,
}

impl DType {
    /// NumPy's name: `float32`, `int8`, `bool`, `bfloat16`, ...
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::U8 => "uint8",
            DType::U16 => "uint16",
            DType::U32 => "uint32",
            DType::U64 => "uint64",
            DType::F16 => "float16",
            DType::BF16 => "bfloat16",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// The short name used in jaxpr avals: `f32`, `i32`, `bool`, `bf16`, `u8`, ...
    pub fn short_name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "i8",
            DType::I16 => "i16",
            DType::I32 => "i32",
            DType::I64 => "i64",
            DType::U8 => "u8",
            DType::U16 => "u16",
            DType::U32 => "u32",
            DType::U64 => "u64",
            DType::F16 => "f16",
            DType::BF16 => "bf16",
            DType::F32 => "f32",
            DType::F64 => "f64",
        }
    }

    /// Parses NumPy's name (`"float32"`) back into a dtype.
    pub fn from_name(name: &str) -> Option<DType> {
        ALL_DTYPES.into_iter().find(|d| d.name() == name)
    }

    /// Bool, signed, unsigned or float.
    pub fn kind(self) -> Kind {
        match self {
            DType::Bool => Kind::Bool,
            DType::I8 | DType::I16 | DType::I32 | DType::I64 => Kind::Int,
            DType::U8 | DType::U16 | DType::U32 | DType::U64 => Kind::UInt,
            DType::F16 | DType::BF16 | DType::F32 | DType::F64 => Kind::Float,
        }
    }

    /// True for the floating-point dtypes.
    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }

    /// True for signed and unsigned integers (not bool).
    pub fn is_integer(self) -> bool {
        matches!(self.kind(), Kind::Int | Kind::UInt)
    }

    /// True for signed integers.
    pub fn is_signed_integer(self) -> bool {
        self.kind() == Kind::Int
    }

    /// True for unsigned integers.
    pub fn is_unsigned_integer(self) -> bool {
        self.kind() == Kind::UInt
    }

    /// Size of one element in bytes (`bool` is one byte, as in NumPy).
    pub fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::I8 | DType::U8 => 1,
            DType::I16 | DType::U16 | DType::F16 | DType::BF16 => 2,
            DType::I32 | DType::U32 | DType::F32 => 4,
            DType::I64 | DType::U64 | DType::F64 => 8,
        }
    }

    /// JAX's `canonicalize_dtype`: with x64 off, 64-bit types become their 32-bit kin.
    pub fn canonicalize(self) -> DType {
        if config::x64_enabled() {
            return self;
        }
        match self {
            DType::I64 => DType::I32,
            DType::U64 => DType::U32,
            DType::F64 => DType::F32,
            other => other,
        }
    }

    /// The default integer dtype (`int32`, or `int64` with x64).
    pub fn default_int() -> DType {
        DType::I64.canonicalize()
    }

    /// The default unsigned dtype (`uint32`, or `uint64` with x64).
    pub fn default_uint() -> DType {
        DType::U64.canonicalize()
    }

    /// The default float dtype (`float32`, or `float64` with x64).
    pub fn default_float() -> DType {
        DType::F64.canonicalize()
    }

    /// `jnp.promote_types(a, b)`: the least upper bound of two strong dtypes in JAX's
    /// promotion lattice (whose `uint32` edge depends on x64), not canonicalized (as
    /// `jnp.promote_types` does not: `promote_types(int64, int8)` is `int64`).
    pub fn promote_types(a: DType, b: DType) -> DType {
        match least_upper_bound(&[Node::Strong(a), Node::Strong(b)]) {
            Node::Strong(d) => d,
            Node::WeakInt => DType::I64,
            Node::WeakFloat => DType::F64,
        }
    }

    /// JAX's `_lattice_result_type` over `(dtype, weak_type)` pairs, canonicalized:
    /// the dtype and weakness of the result of an n-ary operation.
    ///
    /// # Panics
    /// If `operands` is empty.
    #[track_caller]
    pub fn result_type(operands: &[(DType, bool)]) -> (DType, bool) {
        let (dtype, weak) = match operands {
            [] => panic!("at least one array or dtype is required"),
            [(d, w)] => (*d, *w),
            [(d0, _), rest @ ..]
                if rest.iter().all(|(d, _)| d == d0) && !operands.iter().all(|(_, w)| *w) =>
            {
                (*d0, false)
            }
            _ if operands.iter().all(|(_, w)| *w) => {
                // All weak: bound the strong counterparts, then make the result weak.
                let nodes: Vec<Node> = operands.iter().map(|(d, _)| Node::Strong(*d)).collect();
                (least_upper_bound(&nodes).dtype(), true)
            }
            _ => {
                let nodes: Vec<Node> = operands.iter().map(|(d, w)| Node::of(*d, *w)).collect();
                let node = least_upper_bound(&nodes);
                (node.dtype(), node.is_weak())
            }
        };
        (dtype.canonicalize(), weak && dtype != DType::Bool)
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A node of JAX's promotion lattice: a dtype, or the weak `int`/`float` of Python scalars.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Node {
    Strong(DType),
    WeakInt,
    WeakFloat,
}

impl Node {
    /// `_jax_type`: a weak dtype stands for the Python scalar type of its kind.
    fn of(dtype: DType, weak: bool) -> Node {
        match (weak, dtype.kind()) {
            (false, _) | (true, Kind::Bool) => Node::Strong(dtype),
            (true, Kind::Int | Kind::UInt) => Node::WeakInt,
            (true, Kind::Float) => Node::WeakFloat,
        }
    }

    fn dtype(self) -> DType {
        match self {
            Node::Strong(d) => d,
            Node::WeakInt => DType::I64,
            Node::WeakFloat => DType::F64,
        }
    }

    fn is_weak(self) -> bool {
        !matches!(self, Node::Strong(_))
    }

    /// The lattice's direct successors (complex types left out: jaxrs has none).
    ///
    /// With x64 off, JAX replaces `uint32 -> int64` by `uint32 -> int32` so that no
    /// promotion forms a 64-bit type from 32-bit inputs (`promote_types(int8, uint32)` is
    /// `int32`).
    fn successors(self) -> &'static [Node] {
        use DType::*;
        use Node::*;
        match self {
            Strong(U32) if !config::x64_enabled() => &[Strong(I32), Strong(U64)],
            Strong(Bool) => &[WeakInt],
            WeakInt => &[Strong(U8), Strong(I8)],
            Strong(U8) => &[Strong(U16), Strong(I16)],
            Strong(U16) => &[Strong(U32), Strong(I32)],
            Strong(U32) => &[Strong(U64), Strong(I64)],
            Strong(U64) => &[WeakFloat],
            Strong(I8) => &[Strong(I16)],
            Strong(I16) => &[Strong(I32)],
            Strong(I32) => &[Strong(I64)],
            Strong(I64) => &[WeakFloat],
            WeakFloat => &[Strong(F16), Strong(BF16)],
            Strong(F16) | Strong(BF16) => &[Strong(F32)],
            Strong(F32) => &[Strong(F64)],
            Strong(F64) => &[],
        }
    }

    /// Every node reachable from this one, itself included.
    fn upper_bounds(self) -> Vec<Node> {
        let mut seen = vec![self];
        let mut i = 0;
        while i < seen.len() {
            for &n in seen[i].successors() {
                if !seen.contains(&n) {
                    seen.push(n);
                }
            }
            i += 1;
        }
        seen
    }
}

/// The least upper bound of `nodes`: the common upper bound that lies below all others.
fn least_upper_bound(nodes: &[Node]) -> Node {
    let mut common = nodes[0].upper_bounds();
    for n in &nodes[1..] {
        let ub = n.upper_bounds();
        common.retain(|c| ub.contains(c));
    }
    *common
        .iter()
        .find(|c| {
            let ub = c.upper_bounds();
            common.iter().all(|o| ub.contains(o))
        })
        .expect("JAX's promotion lattice has a least upper bound for every set")
}

/// A Rust element type that an array can hold.
///
/// Implemented for `bool`, `i8`…`i64`, `u8`…`u64`, `half::f16`, `half::bf16`, `f32`, `f64`.
pub trait Element: Copy + Send + Sync + PartialEq + fmt::Debug + 'static {
    /// The dtype of arrays of this element type.
    const DTYPE: DType;
    /// Converts to the scalar value that casts go through.
    fn to_scalar(self) -> Scalar;
    /// Converts from a scalar with the casting rules of `convert_element_type`.
    fn from_scalar(s: Scalar) -> Self;
}

/// One element of any dtype, widened so that no value is lost: the currency of casts.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Scalar {
    /// A boolean.
    Bool(bool),
    /// Any integer (covers both `i64` and `u64`).
    Int(i128),
    /// Any float.
    Float(f64),
}

impl Scalar {
    /// The value as `f64` (booleans are 0 or 1).
    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as u8 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
        }
    }

    /// The value as an integer, truncating floats toward zero (NaN becomes 0, as on XLA:CPU).
    pub fn as_i128(self) -> i128 {
        match self {
            Scalar::Bool(b) => b as i128,
            Scalar::Int(i) => i,
            Scalar::Float(f) => f as i128,
        }
    }

    /// Truthiness: non-zero is `true`, as `astype(bool)` does.
    pub fn as_bool(self) -> bool {
        match self {
            Scalar::Bool(b) => b,
            Scalar::Int(i) => i != 0,
            Scalar::Float(f) => f != 0.0,
        }
    }
}

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    fn to_scalar(self) -> Scalar {
        Scalar::Bool(self)
    }
    fn from_scalar(s: Scalar) -> Self {
        s.as_bool()
    }
}

macro_rules! int_element {
    ($($t:ty => $d:ident),*) => {$(
        impl Element for $t {
            const DTYPE: DType = DType::$d;
            fn to_scalar(self) -> Scalar {
                Scalar::Int(self as i128)
            }
            fn from_scalar(s: Scalar) -> Self {
                match s {
                    // Integer casts wrap, as NumPy's and XLA's do.
                    Scalar::Int(i) => i as $t,
                    Scalar::Bool(b) => b as $t,
                    // Float casts saturate and send NaN to 0, as XLA:CPU does.
                    Scalar::Float(f) => f as $t,
                }
            }
        }
    )*};
}
int_element!(i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => U8, u16 => U16, u32 => U32, u64 => U64);

macro_rules! float_element {
    ($($t:ty => $d:ident, $from_f64:expr, $from_i128:expr);*) => {$(
        impl Element for $t {
            const DTYPE: DType = DType::$d;
            fn to_scalar(self) -> Scalar {
                Scalar::Float(f64::from(self))
            }
            fn from_scalar(s: Scalar) -> Self {
                match s {
                    Scalar::Float(f) => $from_f64(f),
                    Scalar::Int(i) => $from_i128(i),
                    Scalar::Bool(b) => $from_f64(b as u8 as f64),
                }
            }
        }
    )*};
}
float_element!(
    f16 => F16, f16::from_f64, |i: i128| f16::from_f32(i as f32);
    bf16 => BF16, bf16_from_f64, |i: i128| bf16::from_f32(i as f32);
    f32 => F32, |f: f64| f as f32, |i: i128| i as f32;
    f64 => F64, |f: f64| f, |i: i128| i as f64
);

/// `v` rounded once to the nearest `bfloat16` (ties to even). `half`'s `bf16::from_f64`
/// misrounds some values (`0x3f2e8007` as `f64` gives `0x3f2e`, not `0x3f2f`), so this
/// rounds to `f32` by round-to-odd first, which makes the second rounding exact.
fn bf16_from_f64(v: f64) -> bf16 {
    let f = v as f32;
    if !f.is_finite() || f as f64 == v {
        return bf16::from_f32(f);
    }
    // Truncate towards zero, then mark the lost bits in the last place (round to odd).
    let truncated = if (f as f64).abs() > v.abs() {
        f32::from_bits(f.to_bits() - 1)
    } else {
        f
    };
    bf16::from_f32(f32::from_bits(truncated.to_bits() | 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bf16_rounds_once() {
        let v = f32::from_bits(0x3f2e_8007) as f64;
        assert_eq!(bf16_from_f64(v).to_bits(), 0x3f2f);
        assert_eq!(bf16_from_f64(1.0 + 2f64.powi(-8)).to_bits(), 0x3f80);
        assert_eq!(
            bf16_from_f64(1.0 + 2f64.powi(-8) + 2f64.powi(-40)).to_bits(),
            0x3f81
        );
        assert_eq!(
            bf16_from_f64(-(1.0 + 3.0 * 2f64.powi(-8))).to_bits(),
            0xbf82
        );
    }

    #[test]
    fn lattice_joins() {
        use DType::*;
        assert_eq!(DType::promote_types(I8, U8), I16);
        assert_eq!(DType::promote_types(U32, I32), I32);
        assert_eq!(DType::promote_types(U64, I64), F64);
        assert_eq!(DType::promote_types(F16, BF16), F32);
        assert_eq!(DType::promote_types(Bool, Bool), Bool);
        assert_eq!(DType::promote_types(I32, F16), F16);
    }

    #[test]
    fn weak_scalars_keep_the_array_dtype() {
        use DType::*;
        assert_eq!(
            DType::result_type(&[(F16, false), (F32, true)]),
            (F16, false)
        );
        assert_eq!(DType::result_type(&[(U8, false), (I32, true)]), (U8, false));
        assert_eq!(
            DType::result_type(&[(I32, false), (F32, true)]),
            (F32, true)
        );
        assert_eq!(DType::result_type(&[(I32, true), (F32, true)]), (F32, true));
        assert_eq!(
            DType::result_type(&[(Bool, false), (I32, true)]),
            (I32, true)
        );
    }
}
