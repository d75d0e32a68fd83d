//! `jaxrs::numpy` (used as `jnp`): NumPy's API with JAX's semantics.
//!
//! JAX counterpart: `jax/_src/numpy/` (`lax_numpy.py`, `ufuncs.py`, `reductions.py`,
//! `util.py`). Functions take [`ArrayLike`] operands (`&Array`, `Array` or a Rust scalar),
//! promote dtypes and ranks as JAX does, then call `lax`.

mod arrays_extra;
pub use arrays_extra::{
    argpartition, argpartition_with, array_equiv, asarray, asarray_with, block, broadcast_arrays,
    broadcast_shapes, copy, partition, partition_with, resize, trim_zeros, trim_zeros_with, vander,
    vander_with, AsarrayKw, Block, PartitionKw, TrimZerosKw, VanderKw,
};
mod calculus;
pub use calculus::{
    cumulative_prod, cumulative_prod_with, cumulative_sum, cumulative_sum_with, gradient,
    gradient_with, interp, interp_with, nancumprod, nancumprod_with, nancumsum, nancumsum_with,
    trapezoid, trapezoid_with, unwrap, unwrap_with, CumulativeKw, GradientKw, InterpEdge, InterpKw,
    IntoInterpEdge, NancumKw, TrapezoidKw, UnwrapKw,
};
mod choosing;
pub use choosing::{
    choose, choose_with, compress, compress_with, delete, delete_with, extract, extract_with,
    insert, insert_with, select, select_with, ChooseKw, CompressKw, DeleteKw, InsertKw,
    IntoPositions, Positions, SelectKw,
};
mod creation;
mod dtype_info;
pub use dtype_info::{finfo, iinfo, Finfo, Iinfo};
mod einsum;
mod einsum_path;
pub use einsum::{einsum, einsum_path, einsum_path_with, einsum_with, EinsumKw, EinsumPathKw};
pub use einsum_path::Optimize;
mod extra;
pub use extra::{
    acos, acosh, allclose, allclose_with, amax, amin, around, array_equal, array_equal_with, asin,
    asinh, atan, atan2, atanh, bitwise_invert, bitwise_left_shift, bitwise_right_shift, concat,
    count_nonzero, count_nonzero_with, degrees, diff, diff_with, ediff1d, empty, empty_like,
    identity, isclose, isclose_with, isneginf, isposinf, matrix_transpose, meshgrid, meshgrid_with,
    nan_to_num, permute_dims, ptp, ptp_with, radians, searchsorted, searchsorted_with,
    take_along_axis, take_along_axis_with, AllcloseKw, ArrayEqualKw, CountNonzeroKw, DiffKw,
    IscloseKw, MeshgridKw, PtpKw, SearchsortedKw, TakeAlongAxisKw,
};
mod histograms;
pub use histograms::{
    bincount, bincount_with, digitize, digitize_with, histogram, histogram_bin_edges,
    histogram_bin_edges_with, histogram_with, BincountKw, Bins, DigitizeKw, HistogramKw, IntoBins,
};
mod index_grids;
pub use index_grids::{
    diag_indices, diag_indices_from, diag_indices_with, indices, indices_sparse, indices_with,
    ravel_multi_index, ravel_multi_index_with, tril_indices, tril_indices_from,
    tril_indices_from_with, tril_indices_with, triu_indices, triu_indices_from,
    triu_indices_from_with, triu_indices_with, unravel_index, DiagIndicesKw, IndicesKw,
    RavelMultiIndexKw, TriIndicesFromKw, TriIndicesKw,
};
mod indexing;
mod linalg;
pub(crate) mod operand;
pub(crate) use operand::scalar_array;
mod math_extra;
pub use math_extra::{divmod, frexp, gcd, lcm, ldexp, modf, sinc, spacing};
mod nan_reductions;
pub use nan_reductions::{
    nanargmax, nanargmax_with, nanargmin, nanargmin_with, nanmax, nanmax_with, nanmean,
    nanmean_with, nanmin, nanmin_with, nanprod, nanprod_with, nanstd, nanstd_with, nansum,
    nansum_with, nanvar, nanvar_with, NanKw, NansumKw,
};
mod matvec;
pub use matvec::{matvec, vecdot, vecdot_with, vecmat, VecdotKw};
mod ops;
mod polynomial;
pub use polynomial::{
    poly, polyadd, polyder, polyder_with, polydiv, polyint, polyint_with, polymul, polysub,
    polyval, polyval_with, PolyderKw, PolyintKw, PolyvalKw,
};
mod signal;
pub use signal::{convolve, convolve_with, correlate, correlate_with, ConvolveKw, CorrelateKw};
mod products;
pub use products::{cross, kron, tensordot, TensordotAxes};
mod statistics;
pub use statistics::{
    average, average_returned, average_with, corrcoef, corrcoef_with, cov, cov_with, AverageKw,
    CorrcoefKw, CovKw,
};
mod quantiles;
pub use quantiles::{
    median, median_with, nanmedian, nanmedian_with, nanpercentile, nanpercentile_with, nanquantile,
    nanquantile_with, percentile, percentile_with, quantile, quantile_with, MedianKw, QuantileKw,
};
mod rearrange;
mod reductions;
mod searching;
pub use searching::{
    argwhere, argwhere_with, flatnonzero, flatnonzero_with, lexsort, lexsort_with, nonzero,
    nonzero_with, put_along_axis, put_along_axis_with, where_with, LexsortKw, NonzeroKw,
    PutAlongAxisKw,
};
mod sets;
pub use sets::{
    intersect1d, intersect1d_with, isin, isin_with, setdiff1d, setdiff1d_with, setxor1d,
    setxor1d_with, union1d, union1d_with, unique, unique_all, unique_all_with, unique_counts,
    unique_counts_with, unique_inverse, unique_inverse_with, unique_returned, unique_values,
    unique_values_with, unique_with, IsinKw, Set1dKw, SetKw, UniqueAll, UniqueAllKw, UniqueKw,
};
mod shape_ops;
pub(crate) mod ufuncs;
mod windows;
pub use windows::{bartlett, blackman, hamming, hanning};
mod ufuncs_extra;
pub(crate) use ufuncs_extra::inexact2;
pub use ufuncs_extra::{copysign, fmax, fmin, heaviside, hypot, logaddexp};

pub(crate) use creation::full_like_dtype;
pub use creation::{
    arange, arange_with, array, eye, eye_with, full, full_like, full_like_with, full_with,
    geomspace, geomspace_with, linspace, linspace_with, logspace, logspace_with, ones, ones_like,
    ones_like_with, ones_with, zeros, zeros_like, zeros_like_with, zeros_with, ArangeKw, EyeKw,
    FullKw, FullLikeKw, GeomspaceKw, IntoArrayData, LinspaceKw, LogspaceKw, OnesKw, OnesLikeKw,
    ZerosKw, ZerosLikeKw,
};
pub use indexing::{
    Ellipsis, Index, IndexInt, IndexItem, IndexUpdateOwned, IndexUpdateRef, IntoIndex, IntoSlice,
    NewAxis, Slice,
};
pub use linalg::{dot, inner, matmul, outer, vdot};
pub use operand::{ArrayLike, Operand};
pub use rearrange::{
    append, append_with, array_split, array_split_with, atleast_3d, column_stack, diag, diag_with,
    diagonal, diagonal_with, dsplit, dstack, fliplr, flipud, hsplit, pad, pad_with, repeat,
    repeat_with, roll, roll_with, rollaxis, rollaxis_with, rot90, rot90_with, split, split_with,
    tile, trace, trace_with, tri, tri_with, tril, tril_with, triu, triu_with, unstack,
    unstack_with, vsplit, AppendKw, ArraySplitKw, ConstantValues, DiagKw, DiagonalKw, PadKw,
    PadWidth, RepeatKw, RollKw, RollaxisKw, Rot90Kw, SplitKw, SplitSections, TraceKw, TriKw,
    TrilKw, TriuKw, UnstackKw,
};
pub use reductions::{
    all, all_with, any, any_with, argmax, argmax_with, argmin, argmin_with, cumprod, cumprod_with,
    cumsum, cumsum_with, max, max_with, mean, mean_with, min, min_with, prod, prod_with, std,
    std_with, sum, sum_with, var, var_with, AllKw, AnyKw, ArgmaxKw, ArgminKw, Axes, CumprodKw,
    CumsumKw, IntoAxes, MaxKw, MeanKw, MinKw, ProdKw, StdKw, SumKw, VarKw,
};
pub use shape_ops::{
    argsort, argsort_with, atleast_1d, atleast_2d, broadcast_to, concatenate, concatenate_with,
    expand_dims, flip, flip_with, hstack, moveaxis, ravel, reshape, sort, sort_with, squeeze,
    squeeze_with, stack, stack_with, swapaxes, take, take_with, transpose, transpose_with, vstack,
    ArgsortKw, ConcatenateKw, FlipKw, NewShape, SortKw, SqueezeKw, StackKw, TakeKw, TransposeKw,
};
pub use ufuncs::{
    abs, absolute, add, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, bitwise_and,
    bitwise_not, bitwise_or, bitwise_xor, cbrt, ceil, clip, clip_with, cos, cosh, deg2rad, divide,
    equal, exp, exp2, expm1, fabs, float_power, floor, floor_divide, fmod, greater, greater_equal,
    invert, isfinite, isinf, isnan, left_shift, less, less_equal, log, log10, log1p, log2,
    logical_and, logical_not, logical_or, logical_xor, maximum, minimum, multiply, negative,
    nextafter, not_equal, positive, pow, power, r#mod, rad2deg, reciprocal, remainder, right_shift,
    rint, round, sign, signbit, sin, sinh, sqrt, square, subtract, tan, tanh, true_divide, trunc,
    where_, ClipKw,
};
