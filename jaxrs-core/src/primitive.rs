//! The primitives: one enum, parameters as fields, named as JAX's `lax` names them.
//!
//! JAX counterpart: the `*_p = Primitive(...)` definitions in `jax/_src/lax/lax.py`,
//! `slicing.py`, `control_flow/`, `jax/_src/prng.py`. Every rule (shape, reference
//! evaluation, printing, later JVP/transpose/batching and lowering) is a function with one
//! exhaustive `match` over [`Primitive`], so adding a variant fails the build everywhere it
//! must be handled.

use crate::dtype::DType;
use crate::jaxpr::ClosedJaxpr;

/// A `lax` primitive with its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Primitive {
    // ---- elementwise, one operand ----
    /// `neg`
    Neg,
    /// `sign`
    Sign,
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
    /// `round[rounding_method]`
    Round {
        /// How halfway cases round.
        rounding_method: RoundingMethod,
    },
    /// `is_finite`
    IsFinite,
    /// `exp`
    Exp,
    /// A function as YNNPACK computes it inside an XLA:CPU library fusion (see
    /// [`crate::jaxpr::ynn`]): made by the compiler's rewrite of a compiled computation,
    /// never by user code.
    Ynn {
        /// Which function.
        f: YnnFn,
    },
    /// `exp2`
    Exp2,
    /// `log`
    Log,
    /// `log1p`
    Log1p,
    /// `expm1`
    Expm1,
    /// `tanh`
    Tanh,
    /// `logistic`
    Logistic,
    /// `sin`
    Sin,
    /// `cos`
    Cos,
    /// `tan`
    Tan,
    /// `asin`
    Asin,
    /// `acos`
    Acos,
    /// `atan`
    Atan,
    /// `sinh`
    Sinh,
    /// `cosh`
    Cosh,
    /// `asinh`
    Asinh,
    /// `acosh`
    Acosh,
    /// `atanh`
    Atanh,
    /// `sqrt`
    Sqrt,
    /// `rsqrt`
    Rsqrt,
    /// `cbrt`
    Cbrt,
    /// `abs`
    Abs,
    /// `not` (logical for bool, bitwise for integers)
    Not,
    /// `erf`
    Erf,
    /// `erfc`
    Erfc,
    /// `erf_inv`
    ErfInv,
    /// `lgamma`
    Lgamma,
    /// `digamma`
    Digamma,
    /// `square`
    Square,
    /// `integer_pow[y]`
    IntegerPow {
        /// The integer exponent.
        y: i32,
    },
    /// `convert_element_type[new_dtype weak_type]`
    ConvertElementType {
        /// Target dtype.
        new_dtype: DType,
        /// Whether the result is weakly typed.
        weak_type: bool,
    },
    /// `bitcast_convert_type[new_dtype]` (same bit width only)
    BitcastConvertType {
        /// Target dtype.
        new_dtype: DType,
    },

    // ---- elementwise, two operands (same shape and dtype) ----
    /// `add`
    Add,
    /// `add_any`: addition of tangents, which JAX keeps apart from `add` (it is what
    /// forward-mode differentiation emits to sum two tangent contributions).
    AddAny,
    /// `sub`
    Sub,
    /// `mul`
    Mul,
    /// `div` (truncating for integers, as C)
    Div,
    /// `rem` (sign of the dividend, as C's `fmod`)
    Rem,
    /// `pow`
    Pow,
    /// `max` (NaN-propagating)
    Max,
    /// `min` (NaN-propagating)
    Min,
    /// `atan2`
    Atan2,
    /// `nextafter`
    Nextafter,
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `lt`
    Lt,
    /// `le`
    Le,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `and`
    And,
    /// `or`
    Or,
    /// `xor`
    Xor,
    /// `shift_left`
    ShiftLeft,
    /// `shift_right_logical`
    ShiftRightLogical,
    /// `shift_right_arithmetic`
    ShiftRightArithmetic,

    // ---- elementwise, n operands ----
    /// `select_n which *cases`: picks `cases[which]` elementwise.
    SelectN,
    /// `clamp min x max`
    Clamp,

    // ---- reductions ----
    /// `reduce_sum[axes]`
    ReduceSum {
        /// Reduced axes, ascending.
        axes: Vec<usize>,
    },
    /// `reduce_prod[axes]`
    ReduceProd {
        /// Reduced axes, ascending.
        axes: Vec<usize>,
    },
    /// `reduce_max[axes]`
    ReduceMax {
        /// Reduced axes, ascending.
        axes: Vec<usize>,
    },
    /// `reduce_min[axes]`
    ReduceMin {
        /// Reduced axes, ascending.
        axes: Vec<usize>,
    },
    /// `reduce_and[axes]`
    ReduceAnd {
        /// Reduced axes, ascending.
        axes: Vec<usize>,
    },
    /// `reduce_or[axes]`
    ReduceOr {
        /// Reduced axes, ascending.
        axes: Vec<usize>,
    },
    /// `argmax[axes index_dtype]`
    Argmax {
        /// The one reduced axis.
        axes: Vec<usize>,
        /// Dtype of the returned indices.
        index_dtype: DType,
    },
    /// `argmin[axes index_dtype]`
    Argmin {
        /// The one reduced axis.
        axes: Vec<usize>,
        /// Dtype of the returned indices.
        index_dtype: DType,
    },
    /// `cumsum[axis reverse]`
    Cumsum {
        /// The scanned axis.
        axis: usize,
        /// Scan from the end.
        reverse: bool,
    },
    /// `cumprod[axis reverse]`
    Cumprod {
        /// The scanned axis.
        axis: usize,
        /// Scan from the end.
        reverse: bool,
    },
    /// `cummax[axis reverse]`
    Cummax {
        /// The scanned axis.
        axis: usize,
        /// Scan from the end.
        reverse: bool,
    },
    /// `cummin[axis reverse]`
    Cummin {
        /// The scanned axis.
        axis: usize,
        /// Scan from the end.
        reverse: bool,
    },

    // ---- structural ----
    /// `broadcast_in_dim[shape broadcast_dimensions]`
    BroadcastInDim {
        /// Result shape.
        shape: Vec<usize>,
        /// For each operand axis, the result axis it maps to.
        broadcast_dimensions: Vec<usize>,
    },
    /// `reshape[new_sizes dimensions]`
    Reshape {
        /// Result shape.
        new_sizes: Vec<usize>,
    },
    /// `transpose[permutation]`
    Transpose {
        /// Result axis `i` is operand axis `permutation[i]`.
        permutation: Vec<usize>,
    },
    /// `squeeze[dimensions]`
    Squeeze {
        /// Removed unit axes.
        dimensions: Vec<usize>,
    },
    /// `rev[dimensions]`
    Rev {
        /// Reversed axes.
        dimensions: Vec<usize>,
    },
    /// `concatenate[dimension]`
    Concatenate {
        /// The joined axis.
        dimension: usize,
    },
    /// `stack[axis]`: operands of one shape joined along a new axis (`jnp.stack` binds it).
    Stack {
        /// Position of the new axis in the result.
        axis: usize,
    },
    /// `pad[padding_config]`: operand and padding value.
    Pad {
        /// `(low, high, interior)` per axis; low/high may be negative.
        padding_config: Vec<(i64, i64, i64)>,
    },
    /// `unstack[axis]`: the operand cut into its slices along `axis`, which disappears.
    Unstack {
        /// The removed axis.
        axis: usize,
    },
    /// `tile[reps]`: the operand repeated `reps[i]` times along each axis `i`.
    Tile {
        /// Repeats per axis (one per operand axis).
        reps: Vec<usize>,
    },
    /// `split[axis sizes]`: the operand cut along `axis` into consecutive pieces.
    Split {
        /// The cut axis.
        axis: usize,
        /// Extent of each piece along `axis`; they sum to the operand's extent.
        sizes: Vec<usize>,
    },
    /// `slice[start_indices limit_indices strides]`
    Slice {
        /// First index per axis.
        start_indices: Vec<usize>,
        /// One past the last index per axis.
        limit_indices: Vec<usize>,
        /// Step per axis; `None` means all ones.
        strides: Option<Vec<usize>>,
    },
    /// `dynamic_slice[slice_sizes]`: operand then one scalar start index per axis.
    DynamicSlice {
        /// Extent of the slice per axis.
        slice_sizes: Vec<usize>,
    },
    /// `dynamic_update_slice`: operand, update, then one scalar start index per axis.
    DynamicUpdateSlice,
    /// `gather[...]`: operand and indices.
    Gather {
        /// XLA's gather dimension numbers.
        dimension_numbers: GatherDimensionNumbers,
        /// Extent of each gathered slice.
        slice_sizes: Vec<usize>,
        /// Whether indices are promised sorted.
        indices_are_sorted: bool,
        /// Whether indices are promised unique.
        unique_indices: bool,
        /// Out-of-bounds handling.
        mode: GatherScatterMode,
        /// Value for out-of-bounds reads in `FillOrDrop` mode (`lax::gather` resolves JAX's
        /// default: NaN, the minimum signed / maximum unsigned integer, `true`); `None` in
        /// the other modes. Kept as given (an integer prints as `-1`, a float as `-1.0`).
        fill_value: Option<crate::dtype::Scalar>,
    },
    /// `scatter`, `scatter-add`, `scatter-mul`, `scatter-min`, `scatter-max`:
    /// operand, indices, updates.
    Scatter {
        /// How an update combines with the existing element.
        kind: ScatterKind,
        /// XLA's scatter dimension numbers.
        dimension_numbers: ScatterDimensionNumbers,
        /// Whether indices are promised sorted.
        indices_are_sorted: bool,
        /// Whether indices are promised unique.
        unique_indices: bool,
        /// Out-of-bounds handling.
        mode: GatherScatterMode,
    },
    /// `iota[dtype shape dimension]`
    Iota {
        /// Element type.
        dtype: DType,
        /// Result shape.
        shape: Vec<usize>,
        /// The axis that counts up.
        dimension: usize,
    },
    /// `copy`
    Copy,
    /// `stop_gradient`: the operand itself; its tangent is zero.
    StopGradient,
    /// `sort[dimension is_stable num_keys]` over one or more operands of one shape.
    Sort {
        /// The sorted axis.
        dimension: usize,
        /// Keep equal keys in order.
        is_stable: bool,
        /// How many leading operands are keys.
        num_keys: usize,
    },

    // ---- contraction ----
    /// `dot_general[dimension_numbers precision preferred_element_type]`
    DotGeneral {
        /// `((lhs_contract, rhs_contract), (lhs_batch, rhs_batch))`.
        dimension_numbers: DotDimensionNumbers,
        /// Result dtype, if different from the operands'.
        preferred_element_type: Option<DType>,
    },

    // ---- random ----
    /// `threefry2x32`: key words `k0 k1` and counter words `x0 x1`, all `u32`.
    Threefry2x32,
    /// `random_seed[impl=fry]`: integer seeds to threefry keys (`key<fry>`).
    RandomSeed,
    /// `random_wrap[impl=fry]`: `u32[..., 2]` key data to a `key<fry>[...]` key array.
    RandomWrap,
    /// `random_unwrap`: a `key<fry>[...]` key array to its `u32[..., 2]` data.
    RandomUnwrap,
    /// `random_split[shape]`: each key to `shape` new keys (appended axes).
    RandomSplit {
        /// The shape of new keys per input key.
        shape: Vec<usize>,
    },
    /// `random_fold_in`: keys and `u32` data (broadcast together) to new keys.
    RandomFoldIn,
    /// `random_bits[bit_width shape]`: `uint{bit_width}` bits of `shape` per key.
    RandomBits {
        /// 8, 16, 32 or 64.
        bit_width: u32,
        /// The shape of bits per key.
        shape: Vec<usize>,
    },

    // ---- effects ----
    /// `debug_print[fmt ...]` (JAX's `jax.debug.print`): prints its operands with the
    /// Python format string `fmt` when the program runs; no results.
    DebugPrint {
        /// The format string, with `{}` fields.
        fmt: String,
    },

    // ---- higher-order ----
    /// `jit[name jaxpr]` (JAX's `pjit`): a nested call of a closed jaxpr.
    Jit {
        /// The function's name as JAX shows it (`_where`, `clip`, ...).
        name: String,
        /// The called computation (shared: two calls with one cache key share one jaxpr,
        /// which JAX prints once as `let name = { ... } in`).
        jaxpr: std::sync::Arc<ClosedJaxpr>,
        /// JAX's `inline=True` (the `jnp` ufuncs): a trace that stages a jaxpr traces the
        /// call in place, so `grad`'s linear jaxpr holds the body's tangent equations
        /// rather than a call. Never printed: such a call only exists outside staging.
        inline: bool,
    },
    /// `custom_jvp_call[name call_jaxpr jvp symbolic_zeros]`: a call of `call_jaxpr` whose
    /// derivative is given by a user rule instead of differentiating the jaxpr.
    CustomJvpCall {
        /// The function's name as JAX shows it.
        name: String,
        /// The function, traced.
        call_jaxpr: std::sync::Arc<ClosedJaxpr>,
        /// The user's JVP rule.
        jvp: CustomJvpRule,
        /// Whether the rule sees zero tangents as symbolic (always `false` here: zeros are
        /// instantiated before the rule runs).
        symbolic_zeros: bool,
    },
    /// `custom_vjp_call[name bwd call_jaxpr fwd symbolic_zeros]`: a call of `call_jaxpr`
    /// whose reverse-mode derivative is given by user `fwd` and `bwd` functions.
    CustomVjpCall {
        /// The function's name as JAX shows it.
        name: String,
        /// The function, traced.
        call_jaxpr: std::sync::Arc<ClosedJaxpr>,
        /// The forward function: results and residuals.
        fwd: CustomVjpFwd,
        /// The backward function: residuals and result cotangents to input cotangents.
        bwd: CustomVjpBwd,
        /// Always `false` here: `bwd` sees instantiated zeros.
        symbolic_zeros: bool,
    },
    /// `custom_lin[bwd in_zeros num_res symbolic_zeros]`: the linear part of a
    /// `custom_vjp` function, of its residuals then its nonzero input tangents; transposing
    /// it calls `bwd`. It cannot be evaluated (forward mode of a `custom_vjp` function).
    CustomLin {
        /// How many leading operands are residuals.
        num_res: usize,
        /// The backward function.
        bwd: CustomVjpBwd,
        /// Which inputs of the function have a zero tangent (and no operand here).
        in_zeros: Vec<bool>,
        /// The result tangents' avals.
        out_avals: Vec<crate::aval::Aval>,
        /// Always `false` here.
        symbolic_zeros: bool,
    },
}

/// The forward function of `custom_vjp`: from the primals to the results and the
/// residuals `bwd` needs. Equal only to itself.
#[derive(Clone)]
pub struct CustomVjpFwd {
    /// The function's name, which jaxprs print (`fwd=f_fwd`).
    pub name: String,
    /// The function.
    pub rule: std::sync::Arc<CustomVjpFwdFn>,
}

/// The function a [`CustomVjpFwd`] holds.
pub type CustomVjpFwdFn =
    dyn Fn(&[crate::Array]) -> (Vec<crate::Array>, Vec<crate::Array>) + Send + Sync;

/// The backward function of `custom_vjp`: from the residuals and the results' cotangents
/// to one cotangent per input. Equal only to itself.
#[derive(Clone)]
pub struct CustomVjpBwd {
    /// The function's name, which jaxprs print (`bwd=f_bwd`).
    pub name: String,
    /// The function.
    pub rule: std::sync::Arc<CustomVjpBwdFn>,
}

/// The function a [`CustomVjpBwd`] holds.
pub type CustomVjpBwdFn =
    dyn Fn(&[crate::Array], &[crate::Array]) -> Vec<crate::Array> + Send + Sync;

macro_rules! named_rule {
    ($t:ty) => {
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.name)
            }
        }
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                std::sync::Arc::ptr_eq(&self.rule, &other.rule)
            }
        }
    };
}
named_rule!(CustomVjpFwd);
named_rule!(CustomVjpBwd);

/// A JVP rule of `custom_jvp`: from primals and tangents (one per argument, zeros
/// instantiated) to the primal results and their tangents. Equal only to itself.
#[derive(Clone)]
pub struct CustomJvpRule {
    /// The rule's name, which jaxprs print (`jvp=twice_sin_jvp`).
    pub name: String,
    /// The rule.
    pub rule: std::sync::Arc<CustomJvpFn>,
}

/// The function a [`CustomJvpRule`] holds.
pub type CustomJvpFn = dyn Fn(&[crate::Array], &[crate::Array]) -> (Vec<crate::Array>, Vec<crate::Array>)
    + Send
    + Sync;

impl std::fmt::Debug for CustomJvpRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl PartialEq for CustomJvpRule {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.rule, &other.rule)
    }
}

/// The functions YNNPACK computes its own way ([`Primitive::Ynn`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum YnnFn {
    /// `exp`.
    Exp,
    /// `expm1`.
    Expm1,
    /// `log`.
    Log,
    /// `log1p`.
    Log1p,
    /// `tanh`.
    Tanh,
    /// `logistic`.
    Logistic,
    /// `erf`.
    Erf,
    /// `rsqrt`.
    Rsqrt,
    /// `exp2`.
    Exp2,
}

impl YnnFn {
    /// The function YNNPACK computes for `p`, if it has its own.
    pub fn of(p: &Primitive) -> Option<YnnFn> {
        Some(match p {
            Primitive::Exp => YnnFn::Exp,
            Primitive::Expm1 => YnnFn::Expm1,
            Primitive::Log => YnnFn::Log,
            Primitive::Log1p => YnnFn::Log1p,
            Primitive::Tanh => YnnFn::Tanh,
            Primitive::Logistic => YnnFn::Logistic,
            Primitive::Erf => YnnFn::Erf,
            Primitive::Rsqrt => YnnFn::Rsqrt,
            Primitive::Exp2 => YnnFn::Exp2,
            _ => return None,
        })
    }

    /// The primitive it computes.
    pub fn primitive(self) -> Primitive {
        match self {
            YnnFn::Exp => Primitive::Exp,
            YnnFn::Expm1 => Primitive::Expm1,
            YnnFn::Log => Primitive::Log,
            YnnFn::Log1p => Primitive::Log1p,
            YnnFn::Tanh => Primitive::Tanh,
            YnnFn::Logistic => Primitive::Logistic,
            YnnFn::Erf => Primitive::Erf,
            YnnFn::Rsqrt => Primitive::Rsqrt,
            YnnFn::Exp2 => Primitive::Exp2,
        }
    }

    /// How a compiled program prints it.
    pub fn name(self) -> &'static str {
        match self {
            YnnFn::Exp => "ynn_exp",
            YnnFn::Expm1 => "ynn_expm1",
            YnnFn::Log => "ynn_log",
            YnnFn::Log1p => "ynn_log1p",
            YnnFn::Tanh => "ynn_tanh",
            YnnFn::Logistic => "ynn_logistic",
            YnnFn::Erf => "ynn_erf",
            YnnFn::Rsqrt => "ynn_rsqrt",
            YnnFn::Exp2 => "ynn_exp2",
        }
    }
}

/// `lax.RoundingMethod`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RoundingMethod {
    /// Halfway cases away from zero (printed `0`).
    AwayFromZero,
    /// Halfway cases to even (printed `1`), what `jnp.round` uses.
    ToNearestEven,
}

/// How out-of-bounds indices of `gather`/`scatter` behave (`lax.GatherScatterMode`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GatherScatterMode {
    /// Clamp start indices so the slice is in bounds.
    Clip,
    /// Out-of-bounds reads give the fill value; out-of-bounds updates are dropped.
    FillOrDrop,
    /// The caller promises indices are in bounds.
    PromiseInBounds,
}

/// The combining function of a scatter.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ScatterKind {
    /// `scatter`: replace.
    Set,
    /// `scatter-add`
    Add,
    /// `scatter-mul`
    Mul,
    /// `scatter-min`
    Min,
    /// `scatter-max`
    Max,
}

/// `lax.GatherDimensionNumbers`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct GatherDimensionNumbers {
    /// Result axes that hold the slice's (uncollapsed) axes.
    pub offset_dims: Vec<usize>,
    /// Operand axes of slice size one that the result drops.
    pub collapsed_slice_dims: Vec<usize>,
    /// For each index-vector component, the operand axis it indexes.
    pub start_index_map: Vec<usize>,
    /// Operand batching axes.
    pub operand_batching_dims: Vec<usize>,
    /// Indices batching axes.
    pub start_indices_batching_dims: Vec<usize>,
}

/// `lax.ScatterDimensionNumbers`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ScatterDimensionNumbers {
    /// Update axes that hold the window.
    pub update_window_dims: Vec<usize>,
    /// Operand axes of window size one not present in the update.
    pub inserted_window_dims: Vec<usize>,
    /// For each index-vector component, the operand axis it indexes.
    pub scatter_dims_to_operand_dims: Vec<usize>,
    /// Operand batching axes.
    pub operand_batching_dims: Vec<usize>,
    /// Indices batching axes.
    pub scatter_indices_batching_dims: Vec<usize>,
}

impl ScatterDimensionNumbers {
    /// The gather that reads what this scatter writes (same windows and index map): the
    /// shape of the transpose of a scatter and of the JVP of scatter-mul.
    pub fn as_gather(&self) -> GatherDimensionNumbers {
        GatherDimensionNumbers {
            offset_dims: self.update_window_dims.clone(),
            collapsed_slice_dims: self.inserted_window_dims.clone(),
            start_index_map: self.scatter_dims_to_operand_dims.clone(),
            operand_batching_dims: self.operand_batching_dims.clone(),
            start_indices_batching_dims: self.scatter_indices_batching_dims.clone(),
        }
    }
}

/// `((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))`.
pub type DotDimensionNumbers = ((Vec<usize>, Vec<usize>), (Vec<usize>, Vec<usize>));

/// The family a primitive belongs to, as tinygrad's `GroupOp` groups ops; rule
/// implementations share one helper per family.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One operand, same shape out.
    ElementwiseUnary,
    /// Two operands of one shape, same shape out.
    ElementwiseBinary,
    /// Several operands of one shape (`select_n`, `clamp`).
    ElementwiseNary,
    /// Reduces or scans axes.
    Reduce,
    /// Moves, copies or creates elements without arithmetic.
    Structural,
    /// `dot_general`.
    Contraction,
    /// Random bit generation.
    Random,
    /// Has an effect when the program runs, and no results.
    Effect,
    /// Calls a nested jaxpr.
    HigherOrder,
}

impl Primitive {
    /// JAX's name for the primitive, as jaxprs print it.
    pub fn name(&self) -> &'static str {
        use Primitive::*;
        match self {
            Neg => "neg",
            Sign => "sign",
            Floor => "floor",
            Ceil => "ceil",
            Round { .. } => "round",
            IsFinite => "is_finite",
            Exp => "exp",
            Ynn { f } => f.name(),
            Exp2 => "exp2",
            Log => "log",
            Log1p => "log1p",
            Expm1 => "expm1",
            Tanh => "tanh",
            Logistic => "logistic",
            Sin => "sin",
            Cos => "cos",
            Tan => "tan",
            Asin => "asin",
            Acos => "acos",
            Atan => "atan",
            Sinh => "sinh",
            Cosh => "cosh",
            Asinh => "asinh",
            Acosh => "acosh",
            Atanh => "atanh",
            Sqrt => "sqrt",
            Rsqrt => "rsqrt",
            Cbrt => "cbrt",
            Abs => "abs",
            Not => "not",
            Erf => "erf",
            Erfc => "erfc",
            ErfInv => "erf_inv",
            Lgamma => "lgamma",
            Digamma => "digamma",
            Square => "square",
            IntegerPow { .. } => "integer_pow",
            ConvertElementType { .. } => "convert_element_type",
            BitcastConvertType { .. } => "bitcast_convert_type",
            Add => "add",
            AddAny => "add_any",
            Sub => "sub",
            Mul => "mul",
            Div => "div",
            Rem => "rem",
            Pow => "pow",
            Max => "max",
            Min => "min",
            Atan2 => "atan2",
            Nextafter => "nextafter",
            Eq => "eq",
            Ne => "ne",
            Lt => "lt",
            Le => "le",
            Gt => "gt",
            Ge => "ge",
            And => "and",
            Or => "or",
            Xor => "xor",
            ShiftLeft => "shift_left",
            ShiftRightLogical => "shift_right_logical",
            ShiftRightArithmetic => "shift_right_arithmetic",
            SelectN => "select_n",
            Clamp => "clamp",
            ReduceSum { .. } => "reduce_sum",
            ReduceProd { .. } => "reduce_prod",
            ReduceMax { .. } => "reduce_max",
            ReduceMin { .. } => "reduce_min",
            ReduceAnd { .. } => "reduce_and",
            ReduceOr { .. } => "reduce_or",
            Argmax { .. } => "argmax",
            Argmin { .. } => "argmin",
            Cumsum { .. } => "cumsum",
            Cumprod { .. } => "cumprod",
            Cummax { .. } => "cummax",
            Cummin { .. } => "cummin",
            BroadcastInDim { .. } => "broadcast_in_dim",
            Reshape { .. } => "reshape",
            Transpose { .. } => "transpose",
            Squeeze { .. } => "squeeze",
            Rev { .. } => "rev",
            Concatenate { .. } => "concatenate",
            Stack { .. } => "stack",
            Pad { .. } => "pad",
            Split { .. } => "split",
            Tile { .. } => "tile",
            Unstack { .. } => "unstack",
            Slice { .. } => "slice",
            DynamicSlice { .. } => "dynamic_slice",
            DynamicUpdateSlice => "dynamic_update_slice",
            Gather { .. } => "gather",
            Scatter { kind, .. } => match kind {
                ScatterKind::Set => "scatter",
                ScatterKind::Add => "scatter-add",
                ScatterKind::Mul => "scatter-mul",
                ScatterKind::Min => "scatter-min",
                ScatterKind::Max => "scatter-max",
            },
            Iota { .. } => "iota",
            Copy => "copy",
            StopGradient => "stop_gradient",
            Sort { .. } => "sort",
            DotGeneral { .. } => "dot_general",
            Threefry2x32 => "threefry2x32",
            RandomSeed => "random_seed",
            RandomWrap => "random_wrap",
            RandomUnwrap => "random_unwrap",
            RandomSplit { .. } => "random_split",
            RandomFoldIn => "random_fold_in",
            RandomBits { .. } => "random_bits",
            DebugPrint { .. } => "debug_print",
            Jit { .. } => "jit",
            CustomJvpCall { .. } => "custom_jvp_call",
            CustomVjpCall { .. } => "custom_vjp_call",
            CustomLin { .. } => "custom_lin",
        }
    }

    /// The family of the primitive.
    pub fn kind(&self) -> Kind {
        use Primitive::*;
        match self {
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
            | ConvertElementType { .. }
            | BitcastConvertType { .. } => Kind::ElementwiseUnary,
            Add | AddAny | Sub | Mul | Div | Rem | Pow | Max | Min | Atan2 | Nextafter | Eq
            | Ne | Lt | Le | Gt | Ge | And | Or | Xor | ShiftLeft | ShiftRightLogical
            | ShiftRightArithmetic => Kind::ElementwiseBinary,
            SelectN | Clamp => Kind::ElementwiseNary,
            ReduceSum { .. }
            | ReduceProd { .. }
            | ReduceMax { .. }
            | ReduceMin { .. }
            | ReduceAnd { .. }
            | ReduceOr { .. }
            | Argmax { .. }
            | Argmin { .. }
            | Cumsum { .. }
            | Cumprod { .. }
            | Cummax { .. }
            | Cummin { .. } => Kind::Reduce,
            BroadcastInDim { .. }
            | Reshape { .. }
            | Transpose { .. }
            | Squeeze { .. }
            | Rev { .. }
            | Concatenate { .. }
            | Stack { .. }
            | Pad { .. }
            | Split { .. }
            | Tile { .. }
            | Unstack { .. }
            | Slice { .. }
            | DynamicSlice { .. }
            | DynamicUpdateSlice
            | Gather { .. }
            | Scatter { .. }
            | Iota { .. }
            | Copy
            | StopGradient
            | Sort { .. } => Kind::Structural,
            DotGeneral { .. } => Kind::Contraction,
            Threefry2x32
            | RandomSeed
            | RandomWrap
            | RandomUnwrap
            | RandomSplit { .. }
            | RandomFoldIn
            | RandomBits { .. } => Kind::Random,
            DebugPrint { .. } => Kind::Effect,
            Jit { .. } | CustomJvpCall { .. } | CustomVjpCall { .. } | CustomLin { .. } => {
                Kind::HigherOrder
            }
        }
    }
}
