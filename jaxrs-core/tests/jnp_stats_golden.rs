//! The `jnp` statistics, set, searching and histogram functions against JAX 0.10.2
//! (`tools/golden/gen_jnp_stats.py` writes `tests/golden/jnp_stats.json`): values, and
//! jaxpr text where the case records one.
//!
//! Tolerance: exact (bit for bit), except the results listed in [`ulps`], each with its
//! reason (XLA's association order of a sum or a dot, as `jnp_extra_golden`'s sums).

mod common;
mod structure_common;

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::{s, Array};
use serde_json::Value;
use structure_common::{assert_close, case_inputs, load};

/// The jaxrs twin of a golden case.
fn run(name: &str, a: &[Array]) -> Vec<Array> {
    let x = &a[0];
    let one = |y: Array| vec![y];
    let pair = |(p, q): (Array, Array)| vec![p, q];
    let all4 = |u: jnp::UniqueAll| vec![u.values, u.indices, u.inverse_indices, u.counts];
    if let Some(m) = name.strip_prefix("quantile_") {
        if ["linear", "lower", "higher", "midpoint", "nearest"].contains(&m) {
            let q = jnp::array([0.0f32, 0.1, 0.37, 0.5, 1.0]);
            return one(jnp::quantile_with(x, q, |kw| kw.axis(1).method(m)));
        }
    }
    if let Some((w, m)) = name.split_once('_') {
        if let Ok(m) = m.parse::<usize>() {
            return one(match w {
                "bartlett" => jnp::bartlett(m),
                "blackman" => jnp::blackman(m),
                "hamming" => jnp::hamming(m),
                "hanning" => jnp::hanning(m),
                other => panic!("no window {other}"),
            });
        }
    }
    match name {
        "median" | "median_int" => one(jnp::median(x)),
        "median_axis0" => one(jnp::median_with(x, |kw| kw.axis(0))),
        "median_axis1_keepdims" => one(jnp::median_with(x, |kw| kw.axis(1).keepdims(true))),
        "median_nan" => one(jnp::median_with(x, |kw| kw.axis(1))),
        "median_tuple_keepdims" => one(jnp::median_with(x, |kw| kw.axis([0, 2]).keepdims(true))),
        "median_all_keepdims" => one(jnp::median_with(x, |kw| kw.keepdims(true))),
        "quantile_scalar" => one(jnp::quantile(x, 0.3)),
        "quantile_keepdims" => one(jnp::quantile_with(x, jnp::array([0.25f32, 0.75]), |kw| {
            kw.axis(0).keepdims(true)
        })),
        "quantile_tuple" => one(jnp::quantile_with(x, jnp::array([0.2f32, 0.9]), |kw| {
            kw.axis([1, 2])
        })),
        "percentile" => one(jnp::percentile_with(
            x,
            jnp::array([5.0f32, 50.0, 95.0]),
            |kw| kw.axis(1),
        )),
        "percentile_scalar" => one(jnp::percentile(x, 40)),
        "nanmedian" => one(jnp::nanmedian(x)),
        "nanmedian_axis1" => one(jnp::nanmedian_with(x, |kw| kw.axis(1))),
        "nanmedian_axis0_keepdims" => one(jnp::nanmedian_with(x, |kw| kw.axis(0).keepdims(true))),
        "nanquantile_axis1" => one(jnp::nanquantile_with(
            x,
            jnp::array([0.1f32, 0.5, 0.8]),
            |kw| kw.axis(1),
        )),
        "nanquantile_nearest" => one(jnp::nanquantile_with(x, 0.4, |kw| {
            kw.axis(1).method("nearest")
        })),
        "nanpercentile" => one(jnp::nanpercentile_with(x, 30.0, |kw| kw.axis(0))),
        "cov" | "cov_1d" | "cov_int" => one(jnp::cov(x)),
        "cov_rowvar_false" => one(jnp::cov_with(x, |kw| kw.rowvar(false))),
        "cov_bias" => one(jnp::cov_with(x, |kw| kw.bias(true))),
        "cov_ddof2" => one(jnp::cov_with(x, |kw| kw.ddof(2))),
        "cov_y" => one(jnp::cov_with(x.i(s![..2]), |kw| kw.y(a[1].i(s![..5])))),
        "cov_fweights" => one(jnp::cov_with(x, |kw| kw.fweights(&a[1]))),
        "cov_aweights" => one(jnp::cov_with(x, |kw| kw.aweights(&a[1]))),
        "cov_both_weights" => one(jnp::cov_with(x, |kw| {
            kw.fweights(jnp::array([1, 2, 0, 3, 1])).aweights(&a[1])
        })),
        "corrcoef" | "corrcoef_1d" => one(jnp::corrcoef(x)),
        "corrcoef_rowvar_false" => one(jnp::corrcoef_with(x, |kw| kw.rowvar(false))),
        "histogram" => pair(jnp::histogram(x)),
        "histogram_bins5" => pair(jnp::histogram_with(x, |kw| kw.bins(5))),
        "histogram_edges" => pair(jnp::histogram_with(x, |kw| kw.bins(&a[1]))),
        "histogram_range" => pair(jnp::histogram_with(x, |kw| kw.bins(4).range((-1.0, 1.0)))),
        "histogram_density" => pair(jnp::histogram_with(x, |kw| kw.bins(6).density(true))),
        "histogram_weights" => pair(jnp::histogram_with(x, |kw| kw.bins(3).weights(&a[1]))),
        "histogram_int" => pair(jnp::histogram_with(x, |kw| kw.bins(4))),
        "histogram_flat" => pair(jnp::histogram_with(
            jnp::add(jnp::multiply(x, 0), 2.0),
            |kw| kw.bins(3),
        )),
        "histogram_bin_edges" => one(jnp::histogram_bin_edges_with(x, |kw| kw.bins(7))),
        "histogram_bin_edges_int" => one(jnp::histogram_bin_edges(x)),
        "bincount" => one(jnp::bincount(x)),
        "bincount_weights" => one(jnp::bincount_with(x, |kw| kw.weights(&a[1]))),
        "bincount_minlength" => one(jnp::bincount_with(x, |kw| kw.minlength(9))),
        "bincount_length" => one(jnp::bincount_with(x, |kw| kw.length(3))),
        "bincount_negative" => one(jnp::bincount(x.i(0))),
        "digitize" => one(jnp::digitize(x, &a[1])),
        "digitize_right" => one(jnp::digitize_with(x, &a[1], |kw| kw.right(true))),
        "digitize_decreasing" => one(jnp::digitize(x, jnp::flip(&a[1]))),
        "digitize_ties" => one(jnp::digitize(x, x)),
        "digitize_ties_right" => one(jnp::digitize_with(x, x, |kw| kw.right(true))),
        "nonzero" | "nonzero_bool" if name == "nonzero" => jnp::nonzero(x),
        "nonzero_bool" => jnp::nonzero(jnp::greater(x, 0)),
        "nonzero_size" => jnp::nonzero_with(x, |kw| kw.size(6)),
        "nonzero_size_small" => jnp::nonzero_with(x, |kw| kw.size(2)),
        "nonzero_fill" => jnp::nonzero_with(x, |kw| kw.size(6).fill_value(-1)),
        "argwhere" => one(jnp::argwhere(x)),
        "argwhere_size" => one(jnp::argwhere_with(x, |kw| kw.size(5).fill_value(9))),
        "flatnonzero" => one(jnp::flatnonzero(x)),
        "flatnonzero_size" => one(jnp::flatnonzero_with(x, |kw| kw.size(4))),
        "where_one" => jnp::where_with(x, |kw| kw.size(5).fill_value(-2)),
        "lexsort" => one(jnp::lexsort([x.i(0), x.i(1)])),
        "lexsort_axis0" => one(jnp::lexsort_with([x], |kw| kw.axis(0))),
        "put_along_axis" => one(jnp::put_along_axis(x.i(s![..2, ..5]), &a[1], -1.0, 1)),
        "put_along_axis_values" => one(jnp::put_along_axis(
            x.i(s![..2, ..5]),
            &a[1],
            jnp::arange(6.0).reshape([2, 3]),
            1,
        )),
        "put_along_axis_axis0" => one(jnp::put_along_axis(
            x,
            jnp::array([[3, 0, 1, 2, 0]]),
            7.0,
            0,
        )),
        "put_along_axis_none" => one(jnp::put_along_axis(
            x,
            jnp::array([0, 19, 7]),
            0.0,
            jnp::Axes::All,
        )),
        "unique" | "unique_float_nan" => one(jnp::unique(x)),
        "unique_equal_nan_false" => one(jnp::unique_with(x, |kw| kw.equal_nan(false))),
        "unique_size" => one(jnp::unique_with(x, |kw| kw.size(8))),
        "unique_size_fill" => one(jnp::unique_with(x, |kw| kw.size(8).fill_value(-9))),
        "unique_axis0" => one(jnp::unique_with(
            jnp::concatenate([x, &x.i(s![..1])]),
            |kw| kw.axis(0),
        )),
        "unique_axis1" => one(jnp::unique_with(x, |kw| kw.axis(1))),
        "unique_returned" | "unique_returned_nan" => all4(jnp::unique_returned(x, |kw| kw)),
        "unique_returned_size" => all4(jnp::unique_returned(x, |kw| kw.size(9).fill_value(0))),
        "unique_all" => all4(jnp::unique_all(x)),
        "unique_counts" => pair(jnp::unique_counts(x)),
        "unique_inverse" => pair(jnp::unique_inverse(x)),
        "unique_values" => one(jnp::unique_values(x)),
        "unique_values_size" => one(jnp::unique_values_with(x, |kw| kw.size(4))),
        "isin" => one(jnp::isin(x, a[1].i(0))),
        "isin_invert" => one(jnp::isin_with(x, a[1].i(1), |kw| kw.invert(true))),
        "isin_float" => one(jnp::isin(x, &a[1])),
        "union1d" => one(jnp::union1d(x, &a[1])),
        "union1d_size" => one(jnp::union1d_with(x, &a[1], |kw| {
            kw.size(12).fill_value(100)
        })),
        "intersect1d" => one(jnp::intersect1d(x, &a[1])),
        "intersect1d_unique" => one(jnp::intersect1d_with(x.i(0), a[1].i(s![..3]), |kw| {
            kw.assume_unique(true)
        })),
        "setdiff1d" => one(jnp::setdiff1d(x, &a[1])),
        "setdiff1d_size" => one(jnp::setdiff1d_with(x, &a[1], |kw| {
            kw.size(6).fill_value(-7)
        })),
        "setdiff1d_size_default" => one(jnp::setdiff1d_with(x, &a[1], |kw| kw.size(6))),
        "setxor1d" | "setxor1d_float" => one(jnp::setxor1d(x, &a[1])),
        "interp" => one(jnp::interp(x, &a[1], &a[2])),
        "interp_left_right" => one(jnp::interp_with(x, &a[1], &a[2], |kw| {
            kw.left(-10.0).right(10.0)
        })),
        "interp_extrapolate" => one(jnp::interp_with(x, &a[1], &a[2], |kw| {
            kw.left("extrapolate").right("extrapolate")
        })),
        "interp_period" => one(jnp::interp_with(x, &a[1], &a[2], |kw| kw.period(4.0))),
        "interp_int" => one(jnp::interp(x, jnp::array([0, 2, 4]), a[1].i(s![..3]))),
        "gradient" | "gradient_2d" | "gradient_int" => jnp::gradient(x),
        "gradient_axis" => jnp::gradient_with(x, |kw| kw.axis(1)),
        "gradient_scalar_spacing" => jnp::gradient_with(x, |kw| kw.spacing([0.5])),
        "gradient_two_spacings" => jnp::gradient_with(x, |kw| {
            kw.spacing([jnp::array(2.0f32), jnp::array([0.0f32, 1.0, 1.5, 3.0, 3.5])])
        }),
        "gradient_coords" => jnp::gradient_with(x, |kw| kw.spacing([&a[1]])),
        "trapezoid" => one(jnp::trapezoid(x)),
        "trapezoid_x" => one(jnp::trapezoid_with(x.i(s![..5]), |kw| {
            kw.x(a[1].i(s![..5]))
        })),
        "trapezoid_dx_axis0" => one(jnp::trapezoid_with(x, |kw| kw.dx(0.25).axis(0))),
        "trapezoid_x2d" => one(jnp::trapezoid_with(x, |kw| {
            kw.x(jnp::multiply(x, x)).axis(0)
        })),
        "unwrap" => one(jnp::unwrap(x)),
        "unwrap_axis0_discont" => one(jnp::unwrap_with(x, |kw| kw.discont(4.0).axis(0))),
        "unwrap_period" => one(jnp::unwrap_with(x, |kw| kw.period(5.0))),
        "unwrap_int" => one(jnp::unwrap_with(x, |kw| kw.period(6))),
        "cumulative_sum" => one(jnp::cumulative_sum(x)),
        "cumulative_sum_initial" => one(jnp::cumulative_sum_with(x, |kw| {
            kw.axis(1).include_initial(true)
        })),
        "cumulative_prod" => one(jnp::cumulative_prod_with(x, |kw| kw.axis(0))),
        "cumulative_prod_initial" => {
            one(jnp::cumulative_prod_with(x, |kw| kw.include_initial(true)))
        }
        "nancumsum" | "nancumsum_int" => one(jnp::nancumsum(x)),
        "nancumsum_axis1" => one(jnp::nancumsum_with(x, |kw| kw.axis(1))),
        "nancumprod" => one(jnp::nancumprod_with(x, |kw| kw.axis(0))),
        "logspace" => one(jnp::logspace_with(0.0, 3.0, |kw| kw.num(7))),
        "logspace_base2" => one(jnp::logspace_with(-1.0, 4.0, |kw| {
            kw.num(6).base(2.0).endpoint(false)
        })),
        "logspace_default" => one(jnp::logspace(-2, 2)),
        "geomspace" => one(jnp::geomspace_with(1.0, 1000.0, |kw| kw.num(5))),
        "geomspace_negative" => one(jnp::geomspace_with(-3.0, -0.5, |kw| kw.num(6))),
        "geomspace_endpoint" => one(jnp::geomspace_with(2.0, 7.0, |kw| {
            kw.num(4).endpoint(false)
        })),
        "indices" => one(jnp::indices([2, 3, 2])),
        "indices_sparse" => jnp::indices_sparse([2, 3], |kw| kw),
        "tril_indices" => pair(jnp::tril_indices(4)),
        "tril_indices_k" => pair(jnp::tril_indices_with(3, |kw| kw.k(-1).m(5))),
        "triu_indices" => pair(jnp::triu_indices_with(4, |kw| kw.k(1))),
        "triu_indices_m" => pair(jnp::triu_indices_with(3, |kw| kw.k(-1).m(2))),
        "tril_indices_from" => pair(jnp::tril_indices_from_with(x, |kw| kw.k(1))),
        "triu_indices_from" => pair(jnp::triu_indices_from(x)),
        "diag_indices" => jnp::diag_indices_with(4, |kw| kw.ndim(3)),
        "diag_indices_from" => jnp::diag_indices_from(x.i(s![..4, ..4])),
        "unravel_index" => jnp::unravel_index(x, [3, 4]),
        "unravel_index_oob" => jnp::unravel_index(jnp::array([-13, -1, 0, 11, 12, 40]), [3, 4]),
        "ravel_multi_index" => one(jnp::ravel_multi_index(
            [jnp::remainder(x.i(0), 3), jnp::remainder(x.i(1), 4)],
            [3, 4],
        )),
        "ravel_multi_index_clip" => one(jnp::ravel_multi_index_with(
            [x.i(0), x.i(1)],
            [2, 6],
            |kw| kw.mode("clip"),
        )),
        "ravel_multi_index_wrap" => one(jnp::ravel_multi_index_with(
            [x.i(0), x.i(1)],
            [2, 6],
            |kw| kw.mode("wrap").order("F"),
        )),
        "divmod" => pair(jnp::divmod(x, 1.5)),
        "divmod_int" => pair(jnp::divmod(x, 3)),
        "divmod_int_neg" => pair(jnp::divmod(x, -4)),
        "modf" => pair(jnp::modf(x)),
        "frexp" | "frexp_x" => pair(jnp::frexp(x)),
        "ldexp" => one(jnp::ldexp(x.i(s![..10]), jnp::ravel(&a[1]))),
        "ldexp_big" => one(jnp::ldexp(
            jnp::array([0.75f32, 1.5, 3e-30]),
            jnp::array([128, -150, 20]),
        )),
        "spacing" => one(jnp::spacing(x)),
        "sinc" | "sinc_x" => one(jnp::sinc(x)),
        "gcd" => one(jnp::gcd(x, a[1].i(s![..5]))),
        "gcd_big" => one(jnp::gcd(
            jnp::array([1134903170, 0, -48, i32::MAX]),
            jnp::array([701408733, 0, 18, 1 << 30]),
        )),
        "lcm" => one(jnp::lcm(x, a[1].i(s![..5]))),
        "select" => one(jnp::select_with(
            [jnp::less(x, -1), jnp::greater(x, 1)],
            [jnp::multiply(x, 10), jnp::negative(x)],
            |kw| kw.default(7.0),
        )),
        "select_default0" => one(jnp::select(
            [jnp::less(x, 0), jnp::greater(x, 2), jnp::greater(x, 0)],
            [x.clone(), x.clone(), jnp::zeros_like(x)],
        )),
        "select_broadcast" => one(jnp::select(
            [jnp::greater(x.i(0), 0), jnp::array(true)],
            [jnp::asarray(1), x.clone()],
        )),
        "choose" => one(jnp::choose(
            jnp::remainder(x.i(1), 2),
            [a[1].i(0), a[1].i(1)],
        )),
        "choose_wrap" | "choose_clip" => {
            let mode = if name == "choose_wrap" {
                "wrap"
            } else {
                "clip"
            };
            one(jnp::choose_with(
                x,
                [
                    jnp::arange(5),
                    jnp::negative(jnp::arange(5)),
                    jnp::asarray(100),
                ],
                |kw| kw.mode(mode),
            ))
        }
        "compress" => one(jnp::compress(jnp::array([true, false, true, true]), x)),
        "compress_axis1" => one(jnp::compress_with(
            jnp::array([false, true, false, true, true]),
            x,
            |kw| kw.axis(1),
        )),
        "compress_size" => one(jnp::compress_with(
            jnp::array([false, true, false, true]),
            x,
            |kw| kw.axis(0).size(3).fill_value(-1.0),
        )),
        "extract" => one(jnp::extract(jnp::greater(x, 0), x)),
        "extract_size" => one(jnp::extract_with(jnp::greater(x, 0), x, |kw| {
            kw.size(8).fill_value(99)
        })),
        "delete" => one(jnp::delete(x, 3)),
        "delete_axis1" => one(jnp::delete_with(x, [0, 3, -1], |kw| kw.axis(1))),
        "delete_unique" => one(jnp::delete_with(x, jnp::array([4, 1]), |kw| {
            kw.axis(1).assume_unique_indices(true)
        })),
        "delete_mask" => one(jnp::delete_with(x, [true, false, false, true], |kw| {
            kw.axis(0)
        })),
        "insert" => one(jnp::insert(x, 2, 9)),
        "insert_many" => one(jnp::insert(x, [0, 3, 3, -1], jnp::array([10, 20, 30, 40]))),
        "insert_axis1" => one(jnp::insert_with(x, 1, jnp::array([7, 8]), |kw| kw.axis(1))),
        "insert_axis0_row" => one(jnp::insert_with(x, 1, jnp::arange(5.0), |kw| kw.axis(0))),
        "asarray_dtype" => one(jnp::asarray_with(x, |kw| kw.dtype(jaxrs_core::DType::I32))),
        "copy" => one(jnp::copy(x)),
        "block" => one(jnp::block([
            [x.i(s![..2, ..2]), x.i(s![..2, 2..])],
            [x.i(s![2.., ..3]), x.i(s![2.., 3..])],
        ])),
        "block_1d" => one(jnp::block([x.i(0), x.i(1), x.i(2)])),
        "block_mixed" => one(jnp::block(vec![
            vec![x.i(s![..2, ..2]), jnp::zeros([2, 1])],
            vec![x.i(s![2.., ..3])],
        ])),
        "broadcast_arrays" => jnp::broadcast_arrays([x.i(s![.., ..1]), a[1].i(s![..5])]),
        "array_equiv" => one(jnp::array_equiv(jnp::stack([x.i(0), x.i(0)]), x.i(0))),
        "array_equiv_false" => one(jnp::array_equiv(x, x.i(0))),
        "vander" => one(jnp::vander(x)),
        "vander_n_increasing" => one(jnp::vander_with(x.i(0), |kw| kw.N(3).increasing(true))),
        "trim_zeros" | "trim_zeros_2d" => one(jnp::trim_zeros(x)),
        "trim_zeros_f" => one(jnp::trim_zeros_with(x, |kw| kw.trim("f"))),
        "trim_zeros_b" => one(jnp::trim_zeros_with(x, |kw| kw.trim("b"))),
        "trim_zeros_2d_axis1" => one(jnp::trim_zeros_with(x, |kw| kw.axis(1))),
        "resize" => one(jnp::resize(x, [3, 5])),
        "resize_shrink" => one(jnp::resize(x, [2, 2])),
        "partition" => one(jnp::partition(x, 2)),
        "partition_axis0" => one(jnp::partition_with(x, -1, |kw| kw.axis(0))),
        "partition_int" => one(jnp::partition(x, 1)),
        "argpartition" => one(jnp::argpartition(x, 2)),
        "argpartition_int_ties" => one(jnp::argpartition(x, 1)),
        "argpartition_axis0" => one(jnp::argpartition_with(x, 1, |kw| kw.axis(0))),
        other => panic!("no runner for {other}"),
    }
}

/// Results that are not bit-exact, with the reason.
fn ulps(name: &str) -> (u64, f64) {
    match name {
        // Linear interpolation `low * (1 - w) + high * w` in `nanquantile`/`nanpercentile`:
        // XLA:CPU fuses the first product into a multiply-add, and jaxrs, which runs them
        // as one computation as JAX jits them, does too, but it builds the positions of
        // the NaN-free values with other broadcasts than JAX (not found yet): 1 ulp, or
        // 1e-6 absolute where the two products cancel. `quantile`/`percentile` are exact.
        n if n.starts_with("nan")
            && (n.contains("quantile") || n.contains("percentile"))
            && !["lower", "higher", "midpoint", "nearest"]
                .iter()
                .any(|m| n.ends_with(m)) =>
        {
            (1, 1e-6)
        }
        // The centred product of `rowvar=False` data, a product of a transposed operand
        // whose order XLA's kernel for it is not reproduced: 4 ulp or 1e-6 absolute. Every
        // other `cov`/`corrcoef` is exact (both run as one computation, as JAX jits them).
        "corrcoef_rowvar_false" => (4, 1e-6),
        // The edges are a `linspace` from a nonzero start, where XLA contracts a multiply-add
        // across operations (as `math_golden`'s `linspace`: 2 ulp); the density divides by
        // the sum of the counts, and weighted counts add in XLA's order.
        n if n.starts_with("histogram") => (2, 0.0),
        // Non-uniform spacing: `a * f0 + b * f1 + c * f2`, which XLA:CPU contracts into
        // multiply-adds (as the interpolation above).
        "gradient_two_spacings" | "gradient_coords" => (2, 1e-6),
        // `base ** linspace(..)` from a nonzero start: `linspace`'s contraction (2 ulp, as
        // above) times the exponent's growth through `pow`.
        n if n.starts_with("logspace") || n.starts_with("geomspace") => (4, 0.0),
        _ => (0, 0.0),
    }
}

#[test]
fn jnp_stats_match_jax() {
    let golden = load("jnp_stats.json");
    let inputs = &golden["inputs"];
    let cases = golden["cases"].as_array().expect("cases");
    let (mut jaxprs, mut failures) = (0, Vec::new());
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let args = case_inputs(c, inputs);
        let got = run(name, &args);
        let want = c["outputs"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: number of results");
        let (ulp, atol) = ulps(name);
        for (g, w) in got.iter().zip(want) {
            assert_close(g, w, ulp, atol, name);
        }
        if let Some(text) = c.get("jaxpr").and_then(Value::as_str) {
            let printed = match args.len() {
                1 => make_jaxpr(|x: &Array| run(name, std::slice::from_ref(x)))(&args[0]),
                2 => make_jaxpr(|x: &Array, y: &Array| run(name, &[x.clone(), y.clone()]))(
                    &args[0], &args[1],
                ),
                _ => unreachable!(),
            }
            .to_string();
            if printed != text {
                failures.push(format!("{name}:\n--- JAX\n{text}\n--- jaxrs\n{printed}"));
            }
            jaxprs += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} jaxprs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!((cases.len(), jaxprs), (224, 6));
}

#[test]
fn finfo_and_iinfo_match_jax() {
    let golden = load("jnp_stats.json");
    let dtype = |s: &str| match s {
        "float16" => jaxrs_core::DType::F16,
        "bfloat16" => jaxrs_core::DType::BF16,
        "float32" => jaxrs_core::DType::F32,
        "float64" => jaxrs_core::DType::F64,
        "int8" => jaxrs_core::DType::I8,
        "int16" => jaxrs_core::DType::I16,
        "int32" => jaxrs_core::DType::I32,
        "int64" => jaxrs_core::DType::I64,
        "uint8" => jaxrs_core::DType::U8,
        "uint16" => jaxrs_core::DType::U16,
        "uint32" => jaxrs_core::DType::U32,
        "uint64" => jaxrs_core::DType::U64,
        other => panic!("no dtype {other}"),
    };
    let finfos = golden["finfo"].as_array().expect("finfo");
    for f in finfos {
        let name = f["dtype"].as_str().unwrap();
        let got = jnp::finfo(dtype(name));
        let floats = [
            got.eps,
            got.epsneg,
            got.max,
            got.min,
            got.smallest_normal,
            got.tiny,
            got.smallest_subnormal,
            got.resolution,
        ];
        let want: Vec<u64> = f["float_bits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let got_bits: Vec<u64> = floats.iter().map(|v| v.to_bits()).collect();
        assert_eq!(got_bits, want, "finfo({name}) floats {floats:?}");
        let ints = [got.nmant, got.nexp, got.minexp, got.maxexp, got.precision];
        let want: Vec<i64> = f["ints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert_eq!(
            ints.iter().map(|&i| i as i64).collect::<Vec<_>>(),
            want,
            "finfo({name}) ints"
        );
        assert_eq!(
            got.bits as u64,
            f["bits"].as_u64().unwrap(),
            "finfo({name}).bits"
        );
    }
    let iinfos = golden["iinfo"].as_array().expect("iinfo");
    for i in iinfos {
        let name = i["dtype"].as_str().unwrap();
        let got = jnp::iinfo(dtype(name));
        let num = |v: &Value| -> i128 {
            v.as_i64()
                .map(i128::from)
                .or_else(|| v.as_u64().map(i128::from))
                .unwrap()
        };
        assert_eq!(
            (got.bits as i128, got.min, got.max),
            (num(&i["bits"]), num(&i["min"]), num(&i["max"])),
            "iinfo({name})"
        );
    }
    assert_eq!((finfos.len(), iinfos.len()), (4, 8));
}

/// Bad input panics with JAX 0.10.2's message (checked by running JAX on the same calls) at
/// the caller's line.
#[test]
fn bad_input_panics_with_jax_messages_at_the_callers_line() {
    use common::catch_panic;
    let ints_2d = jnp::zeros_with([2, 2], |kw| kw.dtype(jaxrs_core::DType::I32));
    let cases: Vec<(&str, (String, String, u32), u32)> = vec![
        (
            "q must be have rank <= 1, got shape (2, 2)",
            catch_panic(|| jnp::quantile(jnp::ones([3]), jnp::ones([2, 2]))),
            line!() - 1,
        ),
        (
            "method can only be 'linear', 'lower', 'higher', 'midpoint', 'nearest' or \
             'inverted_cdf'",
            catch_panic(|| jnp::quantile_with(jnp::ones([3]), 0.5, |kw| kw.method("foo"))),
            line!() - 1,
        ),
        (
            "x argument to bincount must have an integer type; got float32",
            catch_panic(|| jnp::bincount(jnp::ones([3]))),
            line!() - 1,
        ),
        (
            "only 1-dimensional input supported.",
            catch_panic(|| jnp::bincount(&ints_2d)),
            line!() - 1,
        ),
        (
            "Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() \
             instead.",
            catch_panic(|| jnp::nonzero(jnp::array(1))),
            line!() - 1,
        ),
        (
            "put_along_axis arguments 'arr' and 'indices' must have same ndim. Got arr.ndim=2 \
             and indices.ndim=1.",
            catch_panic(|| jnp::put_along_axis(jnp::ones([2, 3]), jnp::array([0]), 1.0, 1)),
            line!() - 1,
        ),
        (
            "m has more than 2 dimensions",
            catch_panic(|| jnp::cov(jnp::ones([2, 2, 2]))),
            line!() - 1,
        ),
        (
            "weights should have the same shape as a.",
            catch_panic(|| jnp::histogram_with(jnp::ones([3]), |kw| kw.weights(jnp::ones([2])))),
            line!() - 1,
        ),
        (
            "xp and fp must be one-dimensional arrays of equal size",
            catch_panic(|| jnp::interp(jnp::ones([3]), jnp::ones([2]), jnp::ones([3]))),
            line!() - 1,
        ),
        (
            "Shape of array too small to calculate a numerical gradient, at least 2 elements \
             are required.",
            catch_panic(|| jnp::gradient(jnp::ones([1]))),
            line!() - 1,
        ),
        (
            "condlist must have length equal to choicelist (1 vs 0)",
            catch_panic(|| jnp::select([jnp::greater(jnp::ones([2]), 0)], Vec::<Array>::new())),
            line!() - 1,
        ),
        (
            "all keys need to be the same shape",
            catch_panic(|| jnp::lexsort([jnp::ones([2]), jnp::ones([3])])),
            line!() - 1,
        ),
    ];
    for (want, (msg, file, line), at) in &cases {
        assert_eq!(msg, want);
        assert!(
            file.ends_with("jnp_stats_golden.rs"),
            "{want}: panicked in {file}"
        );
        assert_eq!(line, at, "{want}: line");
    }
    // Sizes that depend on values need concrete arguments, as in JAX.
    let (msg, _, _) = catch_panic(|| make_jaxpr(|x: &Array| jnp::unique(x))(&jnp::ones([3])));
    assert!(
        msg.starts_with(
            "ConcretizationTypeError: Abstract tracer value encountered where concrete value \
             is expected"
        ),
        "{msg}"
    );
    assert!(msg.contains("jnp.unique()"), "{msg}");
    // With a static size they trace.
    let text = make_jaxpr(|x: &Array| jnp::unique_with(x, |kw| kw.size(3)))(&jnp::ones([3]));
    assert!(text.to_string().contains("sort["), "{text}");
}
