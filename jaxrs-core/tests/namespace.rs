//! Every callable of JAX 0.10.2's `jax.numpy`, `jax.nn` and `jax.scipy.special`
//! (`tools/golden/gen_namespace.py` writes `tests/golden/namespace.json`) has a jaxrs
//! counterpart or is listed, with its reason, in the README's section "Missing from
//! `jaxrs::numpy`, `jaxrs::nn` and `jaxrs::scipy::special`". The counterparts are imported
//! below, so a renamed or deleted one fails the build.

use serde_json::Value;

/// Imports each name from `$module` (so it must exist) and lists the JAX names.
macro_rules! have {
    ($alias:ident = $($path:ident)::+ : $($name:ident),* $(,)?) => {{
        #[allow(unused_imports)]
        mod $alias {
            pub use jaxrs_core::$($path)::+::{$($name),*};
        }
        vec![$(stringify!($name).trim_start_matches("r#").trim_end_matches('_').to_string()),*]
    }};
}

fn readme_missing(heading: &str) -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let section = text
        .split("## Missing from `jaxrs::numpy`")
        .nth(1)
        .expect("the README's list of missing names");
    let section = section.split("\n## ").next().unwrap();
    let part = section
        .split(&format!("### {heading}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("README subsection {heading}"));
    let part = part.split("\n### ").next().unwrap();
    let mut names = Vec::new();
    // Each bullet is "reason: `name`, `name`, ..."; the names follow the first ": ".
    let lists = part
        .split("\n- ")
        .filter_map(|b| b.split_once(": ").map(|(_, l)| l));
    for piece in lists.flat_map(|l| l.split('`').skip(1).step_by(2)) {
        // Only bare names: the "spelled as" hints (`x.astype(..)`) are not JAX names.
        if piece.chars().all(|c| c.is_alphanumeric() || c == '_') {
            names.push(piece.to_string());
        }
    }
    names
}

fn check(namespace: &str, heading: &str, have: Vec<String>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/namespace.json");
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(golden["jax_version"], "0.10.2");
    let jax: Vec<String> = golden[namespace]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let missing = readme_missing(heading);
    let unlisted: Vec<&String> = jax
        .iter()
        .filter(|n| !have.contains(n) && !missing.contains(n))
        .collect();
    assert!(
        unlisted.is_empty(),
        "{heading}: neither in jaxrs nor in the README: {unlisted:?}"
    );
    let both: Vec<&String> = have.iter().filter(|n| missing.contains(n)).collect();
    assert!(
        both.is_empty(),
        "{heading}: in jaxrs but listed as missing: {both:?}"
    );
    let stray: Vec<&String> = missing
        .iter()
        .chain(&have)
        .filter(|n| !jax.contains(n))
        .collect();
    assert!(stray.is_empty(), "{heading}: not a JAX name: {stray:?}");
    assert_eq!(have.len() + missing.len(), jax.len(), "{heading}: counts");
}

#[test]
fn jax_numpy_names_are_covered() {
    let have = have!(numpy = numpy:
    convolve, correlate, einsum_path, matvec, poly, polyadd, polyder, polydiv, polyint, polymul,
    polysub, polyval, vecdot, vecmat,
    // Statistics, sets, searching, histograms (part A of issue #10).
    argpartition, argwhere, array_equiv, asarray, bartlett, bincount, blackman, block,
    broadcast_arrays, broadcast_shapes, choose, compress, copy, corrcoef, cov, cumulative_prod,
    cumulative_sum, delete, diag_indices, diag_indices_from, digitize, divmod, extract, finfo,
    flatnonzero, frexp, gcd, geomspace, gradient, hamming, hanning, histogram,
    histogram_bin_edges, iinfo, indices, insert, interp, intersect1d, isin, lcm, ldexp,
    lexsort, logspace, median, modf, nancumprod, nancumsum, nanmedian, nanpercentile,
    nanquantile, nonzero, partition, percentile, put_along_axis, quantile, ravel_multi_index,
    resize, select, setdiff1d, setxor1d, sinc, spacing, trapezoid, tril_indices,
    tril_indices_from, trim_zeros, triu_indices, triu_indices_from, union1d, unique,
    unique_all, unique_counts, unique_inverse, unique_values, unravel_index, unwrap, vander,
    around,
    einsum,
    take_along_axis,
    average, cross, ediff1d, kron, tensordot,
    abs, absolute, acos, acosh, add, all, allclose, amax, amin, any, append, arange, arccos,
    arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, argmax, argmin, argsort, array,
    array_equal, array_split, asin, asinh, atan, atan2, atanh, atleast_1d, atleast_2d,
    atleast_3d, bitwise_and, bitwise_invert, bitwise_left_shift, bitwise_not, bitwise_or,
    bitwise_right_shift, bitwise_xor, broadcast_to, cbrt, ceil, clip, column_stack, concat,
    concatenate, copysign, cos, cosh, count_nonzero, cumprod, cumsum, deg2rad, degrees, diag,
    diagonal, diff, divide, dot, dsplit, dstack, empty, empty_like, equal, exp, exp2,
    expand_dims, expm1, eye, fabs, flip, fliplr, flipud, float_power, floor, floor_divide, fmax,
    fmin, fmod, full, full_like, greater, greater_equal, heaviside, hsplit, hstack, hypot,
    identity, inner, invert, isclose, isfinite, isinf, isnan, isneginf, isposinf, left_shift,
    less, less_equal, linspace, log, log10, log1p, log2, logaddexp, logical_and, logical_not,
    logical_or, logical_xor, matmul, matrix_transpose, max, maximum, mean, meshgrid, min,
    minimum, r#mod, moveaxis, multiply, nan_to_num, nanargmax, nanargmin, nanmax, nanmean,
    nanmin, nanprod, nanstd, nansum, nanvar, negative, nextafter, not_equal, ones, ones_like,
    outer, pad, permute_dims, positive, pow, power, prod, ptp, rad2deg, radians, ravel,
    reciprocal, remainder, repeat, reshape, right_shift, rint, roll, rollaxis, rot90, round,
    searchsorted, sign, signbit, sin, sinh, sort, split, sqrt, square, squeeze, stack, std,
    subtract, sum, swapaxes, take, tan, tanh, tile, trace, transpose, tri, tril, triu,
    true_divide, trunc, unstack, var, vdot, vsplit, vstack, where_, zeros, zeros_like,
    );
    assert_eq!(have.len(), 213 + 77);
    check("numpy", "jax.numpy", have);
}

#[test]
fn jax_nn_names_are_covered() {
    let have = have!(nn = nn:
    celu, elu, gelu, glu, hard_sigmoid, hard_silu, hard_swish, hard_tanh, identity, leaky_relu,
    log_sigmoid, log_softmax, logsumexp, mish, one_hot, relu, relu6, selu, sigmoid, silu,
    soft_sign, softmax, softplus, standardize, swish, tanh,
    log1mexp, logmeanexp, sparse_plus, sparse_sigmoid, squareplus, dot_product_attention,
    );
    assert_eq!(have.len(), 32);
    check("nn", "jax.nn", have);
}

#[test]
fn jax_scipy_special_names_are_covered() {
    let have = have!(special = scipy::special:
        ndtr,
    digamma, entr, erf, erfc, erfinv, expit, gammaln, log_softmax, logit, logsumexp, softmax,
    xlog1py, xlogy,
    beta, betaln, boxcox, boxcox1p, comb, erfcx, factorial, gamma, gammasgn, kl_div, log_ndtr,
    multigammaln, ndtri, poch, rel_entr,
    );
    assert_eq!(have.len(), 29);
    check("scipy_special", "jax.scipy.special", have);
}
