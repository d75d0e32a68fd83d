"""Golden jaxpr text: JAX 0.10.2's printed jaxpr of each function below.

Each function is defined once here and once, with the same name, in
jaxrs-core/tests/jaxprs.rs. The script records its inputs (small deterministic arrays) and
the text of `jax.make_jaxpr(f)(*inputs)` in jaxrs-core/tests/golden/jaxprs.json.
Re-run with tools/golden/run_all.sh.
"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import enc, golden_path, parse_spec, write_cases

OUT = golden_path("jaxprs.json")


def data(spec):
    """Deterministic inputs: `f32[2,3]`, `f32+[3]` (positive), `f32s[3]` (in (-1, 1)),
    `f32g[3]` (greater than 1), `i32[3]`, `u32[3]`, `bool[2]`."""
    kind, shape, n = parse_spec(spec)
    k = np.arange(n)
    if kind == "f32":
        v = ((k * 7 % 11) - 5) * 0.5
        return v.astype(np.float32).reshape(shape)
    if kind == "f32+":
        return ((k * 7 % 11) * 0.25 + 0.5).astype(np.float32).reshape(shape)
    if kind == "f32s":
        return (((k * 7 % 11) - 5) * 0.15).astype(np.float32).reshape(shape)
    if kind == "f32g":
        return ((k * 7 % 11) * 0.5 + 1.5).astype(np.float32).reshape(shape)
    if kind == "i32":
        return ((k * 7 % 11) - 5).astype(np.int32).reshape(shape)
    if kind == "u32":
        return (k * 7 % 11).astype(np.uint32).reshape(shape)
    if kind == "bool":
        return (k % 3 == 0).reshape(shape)
    raise ValueError(spec)


CASES = []


def case(name, *specs):
    def register(f):
        CASES.append((name, specs, f))
        return f
    return register


# ---- elementwise, one operand ----
UNARY = {
    "neg": (lax.neg, "f32[2,3]"), "sign": (lax.sign, "f32[2,3]"),
    "floor": (lax.floor, "f32[2,3]"), "ceil": (lax.ceil, "f32[2,3]"),
    "is_finite": (lax.is_finite, "f32[2,3]"), "exp": (lax.exp, "f32[2,3]"),
    "exp2": (lax.exp2, "f32[2,3]"), "log": (lax.log, "f32+[2,3]"),
    "log1p": (lax.log1p, "f32+[2,3]"), "expm1": (lax.expm1, "f32[2,3]"),
    "tanh": (lax.tanh, "f32[2,3]"), "logistic": (lax.logistic, "f32[2,3]"),
    "sin": (lax.sin, "f32[2,3]"), "cos": (lax.cos, "f32[2,3]"), "tan": (lax.tan, "f32s[2,3]"),
    "asin": (lax.asin, "f32s[2,3]"), "acos": (lax.acos, "f32s[2,3]"),
    "atan": (lax.atan, "f32[2,3]"), "sinh": (lax.sinh, "f32[2,3]"),
    "cosh": (lax.cosh, "f32[2,3]"), "asinh": (lax.asinh, "f32[2,3]"),
    "acosh": (lax.acosh, "f32g[2,3]"), "atanh": (lax.atanh, "f32s[2,3]"),
    "sqrt": (lax.sqrt, "f32+[2,3]"), "rsqrt": (lax.rsqrt, "f32+[2,3]"),
    "cbrt": (lax.cbrt, "f32[2,3]"), "abs": (lax.abs, "f32[2,3]"),
    "not": (lax.bitwise_not, "i32[4]"), "erf": (lax.erf, "f32[2,3]"),
    "erfc": (lax.erfc, "f32[2,3]"), "erf_inv": (lax.erf_inv, "f32s[2,3]"),
    "lgamma": (lax.lgamma, "f32+[2,3]"), "digamma": (lax.digamma, "f32+[2,3]"),
    "square": (lax.square, "f32[2,3]"),
}
for _name, (_op, _spec) in UNARY.items():
    case(_name, _spec)(lambda x, op=_op: op(x))

case("round_away", "f32[2,3]")(lambda x: lax.round(x, lax.RoundingMethod.AWAY_FROM_ZERO))
case("round_even", "f32[2,3]")(lambda x: lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN))
case("integer_pow_3", "f32[3]")(lambda x: lax.integer_pow(x, 3))
case("integer_pow_neg2", "f32+[3]")(lambda x: lax.integer_pow(x, -2))
case("convert_to_i32", "f32[2,3]")(lambda x: lax.convert_element_type(x, jnp.int32))
case("bitcast_to_i32", "f32[2,3]")(lambda x: lax.bitcast_convert_type(x, jnp.int32))

# ---- elementwise, two operands ----
BINARY = {
    "add": (lax.add, "f32[2,3]"), "sub": (lax.sub, "f32[2,3]"), "mul": (lax.mul, "f32[2,3]"),
    "div": (lax.div, "f32+[2,3]"), "rem": (lax.rem, "f32+[2,3]"), "pow": (lax.pow, "f32+[2,3]"),
    "max": (lax.max, "f32[2,3]"), "min": (lax.min, "f32[2,3]"),
    "atan2": (lax.atan2, "f32[2,3]"), "nextafter": (lax.nextafter, "f32[2,3]"),
    "eq": (lax.eq, "f32[2,3]"), "ne": (lax.ne, "f32[2,3]"), "lt": (lax.lt, "f32[2,3]"),
    "le": (lax.le, "f32[2,3]"), "gt": (lax.gt, "f32[2,3]"), "ge": (lax.ge, "f32[2,3]"),
    "and": (lax.bitwise_and, "bool[4]"), "or": (lax.bitwise_or, "bool[4]"),
    "xor": (lax.bitwise_xor, "i32[4]"), "shift_left": (lax.shift_left, "u32[4]"),
    "shift_right_logical": (lax.shift_right_logical, "u32[4]"),
    "shift_right_arithmetic": (lax.shift_right_arithmetic, "i32[4]"),
}
for _name, (_op, _spec) in BINARY.items():
    case(_name, _spec, _spec)(lambda x, y, op=_op: op(x, lax.rev(y, (0,))))

case("select_n", "bool[4]", "f32[4]", "f32[4]")(lambda p, x, y: lax.select_n(p, x, y))
case("clamp", "f32[2,3]")(lambda x: lax.clamp(-1.0, x, 1.0))

# ---- reductions ----
case("reduce_sum", "f32[2,3]")(lambda x: lax.reduce_sum_p.bind(x, axes=(0,), out_sharding=None))
case("reduce_prod", "f32[2,3]")(lambda x: lax.reduce_prod_p.bind(x, axes=(1,)))
case("reduce_max", "f32[2,3]")(lambda x: lax.reduce_max(x, (0, 1)))
case("reduce_min", "f32[2,3]")(lambda x: lax.reduce_min(x, (1,)))
case("reduce_and", "bool[2,3]")(lambda x: lax.reduce_and_p.bind(x, axes=(0,)))
case("reduce_or", "bool[2,3]")(lambda x: lax.reduce_or_p.bind(x, axes=(1,)))
case("argmax", "f32[2,3]")(lambda x: lax.argmax(x, 1, jnp.int32))
case("argmin", "f32[2,3]")(lambda x: lax.argmin(x, 0, jnp.int32))
case("cumsum", "f32[2,3]")(lambda x: lax.cumsum(x, 1))
case("cumprod", "f32[2,3]")(lambda x: lax.cumprod(x, 0, reverse=True))
case("cummax", "f32[2,3]")(lambda x: lax.cummax(x, 1))
case("cummin", "f32[2,3]")(lambda x: lax.cummin(x, 0))

# ---- structural ----
case("broadcast_in_dim", "f32[3]")(lambda x: lax.broadcast_in_dim(x, (2, 3), (1,)))
case("reshape", "f32[2,3]")(lambda x: lax.reshape(x, (3, 2)))
case("transpose", "f32[2,3]")(lambda x: lax.transpose(x, (1, 0)))
case("squeeze", "f32[1,3]")(lambda x: lax.squeeze(x, (0,)))
case("expand_dims", "f32[2,3]")(lambda x: lax.expand_dims(x, (1,)))
case("rev", "f32[2,3]")(lambda x: lax.rev(x, (1,)))
case("concatenate", "f32[2,3]", "f32[2,3]")(lambda x, y: lax.concatenate([x, y], 1))
case("pad", "f32[2,3]")(lambda x: lax.pad(x, 0.0, [(1, 2, 0), (0, -1, 1)]))
case("slice", "f32[4,3]")(lambda x: lax.slice(x, (1, 0), (3, 2)))
case("slice_strided", "f32[4,3]")(lambda x: lax.slice(x, (0, 0), (4, 3), (2, 2)))
case("dynamic_slice", "f32[4,3]", "i32[]")(lambda x, i: lax.dynamic_slice(x, (i, 1), (2, 2)))
case("dynamic_update_slice", "f32[4,3]", "f32[1,3]")(
    lambda x, u: lax.dynamic_update_slice(x, u, (2, 0)))
case("copy", "f32[3]")(lambda x: lax.copy_p.bind(x))
case("sort", "f32[2,3]")(lambda x: lax.sort(x, dimension=1))
case("sort_two", "f32[4]", "i32[4]")(lambda x, y: tuple(lax.sort((x, y), dimension=0, num_keys=1)))
case("iota", "f32[3]")(lambda x: lax.iota(jnp.int32, 3))

GDN = lax.GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,),
                                 start_index_map=(0,))
SDN = lax.ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,),
                                  scatter_dims_to_operand_dims=(0,))
case("gather", "f32[4,3]", "i32[2,1]")(
    lambda x, i: lax.gather(x, i, GDN, (1, 3), mode=lax.GatherScatterMode.CLIP))
case("gather_fill", "f32[4,3]", "i32[2,1]")(
    lambda x, i: lax.gather(x, i, GDN, (1, 3), mode=lax.GatherScatterMode.FILL_OR_DROP,
                            fill_value=2.0))
case("scatter", "f32[4,3]", "i32[2,1]", "f32[2,3]")(
    lambda x, i, u: lax.scatter(x, i, u, SDN, mode=lax.GatherScatterMode.FILL_OR_DROP))
case("scatter_add_twice", "f32[4,3]", "i32[2,1]", "f32[2,3]")(
    lambda x, i, u: lax.scatter_add(lax.scatter_add(x, i, u, SDN), i, u, SDN,
                                    mode=lax.GatherScatterMode.CLIP))
case("scatter_mul", "f32[4,3]", "i32[2,1]", "f32[2,3]")(
    lambda x, i, u: lax.scatter_mul(x, i, u, SDN, mode=lax.GatherScatterMode.FILL_OR_DROP))
case("scatter_min_max", "f32[4,3]", "i32[2,1]", "f32[2,3]")(
    lambda x, i, u: lax.scatter_max(lax.scatter_min(x, i, u, SDN), i, u, SDN))

case("dot_general", "f32[2,3]", "f32[3,4]")(
    lambda x, y: lax.dot_general(x, y, (((1,), (0,)), ((), ()))))
case("dot_general_batch", "f32[2,2,3]", "f32[2,3,2]")(
    lambda x, y: lax.dot_general(x, y, (((2,), (1,)), ((0,), (0,))),
                                 preferred_element_type=jnp.float32))

# ---- tracing: literals, constants, outputs, nesting ----
CAPTURED = np.arange(3, dtype=np.float32) + 1.0
CAPTURED_J = jnp.asarray(CAPTURED)

case("seed", "f32[3]", "f32[3]")(lambda x, y: 2 * x ** 2 + y)
case("scalar_literals", "f32[3]")(lambda x: (x + 1.0) * 0.1 - 1e20)
case("int_literal", "i32[3]")(lambda x: x * 2 + 7)
case("bool_literal", "bool[3]")(lambda x: x & True)
case("captured_array", "f32[3]")(lambda x: x * CAPTURED_J + CAPTURED_J)
case("zeros_staged", "f32[3]")(lambda x: jnp.zeros(3) + x)
case("full_2d", "f32[3]")(lambda x: lax.broadcast_in_dim(x, (2, 3), (1,)) * jnp.ones((2, 3)))
case("identity", "f32[3]")(lambda x: x)
case("two_outputs", "f32[3]")(lambda x: (x, x + 1.0))
case("literal_output", "f32[3]")(lambda x: (x, 3.0))
case("unused_result", "f32[3]")(lambda x: (jnp.sin(x), jnp.cos(x))[1])
case("divide_ints", "i32[3]")(lambda x: x / 2)
case("remainder", "f32[3]")(lambda x: x % 3.0)
case("many_eqns", "f32[3]")(lambda x: ((((x + 1.0) * 2.0 - 3.0) / 4.0 + x) * x - 1.0) * 0.5 + x)


def _inner(a, b):
    return lax.mul(a, b) + 1.0


def _big(a):
    for k in range(11):
        a = a + float(k)
    return a


case("jit_call", "f32[3]", "f32[3]")(lambda x, y: jax.jit(_inner)(x, y))
case("jit_call_shared", "f32[3]", "f32[3]")(lambda x, y: jax.jit(_inner)(x, y) - jax.jit(_inner)(y, x))
case("jit_call_same_arg", "f32[3]")(lambda x: jax.jit(_inner)(x, x))
case("jit_call_big", "f32[3]")(lambda x: jax.jit(_big)(x))

# ---- jnp functions (numpy/): their decomposition must be JAX's ----
case("jnp_sin", "f32[3]")(lambda x: jnp.sin(x))
case("jnp_sum", "f32[2,3]")(lambda x: jnp.sum(x))
case("jnp_sum_axis", "f32[2,3]")(lambda x: jnp.sum(x, axis=0))
case("jnp_mean", "f32[2,3]")(lambda x: jnp.mean(x))
case("jnp_mean_axis", "f32[2,3]")(lambda x: jnp.mean(x, axis=1))
case("jnp_max", "f32[2,3]")(lambda x: jnp.max(x))
case("jnp_argmax_axis", "f32[2,3]")(lambda x: jnp.argmax(x, axis=1))
case("jnp_cumsum_axis", "f32[2,3]")(lambda x: jnp.cumsum(x, axis=1))
case("jnp_var", "f32[2,3]")(lambda x: jnp.var(x))
case("jnp_std", "f32[2,3]")(lambda x: jnp.std(x))
case("jnp_where", "f32[3]")(lambda x: jnp.where(x > 0, x, 0.0))
case("jnp_where_arrays", "f32[3]", "f32[3]")(lambda x, y: jnp.where(x > y, x, y))
case("jnp_clip", "f32[3]")(lambda x: jnp.clip(x, -1.0, 1.0))
case("jnp_round", "f32[3]")(lambda x: jnp.round(x))
case("jnp_maximum", "f32[3]")(lambda x: jnp.maximum(x, 0.0))
case("jnp_power_int", "f32[3]")(lambda x: jnp.power(x, 3))
case("seed_powi", "f32[3]", "f32[3]")(lambda x, y: 2 * x ** 2 + y)
case("jnp_floor_divide", "f32[3]")(lambda x: jnp.floor_divide(x, 2.0))
case("jnp_isnan", "f32[3]")(lambda x: jnp.isnan(x))
case("jnp_log10", "f32+[3]")(lambda x: jnp.log10(x))
case("jnp_arange", "f32[3]")(lambda x: jnp.arange(3) + x)
case("jnp_linspace", "f32[3]")(lambda x: jnp.linspace(0.0, 1.0, 3) * x)
case("jnp_eye", "f32[3]")(lambda x: jnp.eye(3) + x)
case("jnp_zeros_like", "f32[3]")(lambda x: jnp.zeros_like(x) + x)
case("jnp_matmul", "f32[2,3]", "f32[3,4]")(lambda a, b: jnp.matmul(a, b))
case("jnp_matmul_vec", "f32[2,3]", "f32[3]")(lambda a, b: a @ b)
case("jnp_dot", "f32[3]", "f32[3]")(lambda a, b: jnp.dot(a, b))
case("jnp_reshape", "f32[2,3]")(lambda x: x.reshape(3, 2))
case("jnp_ravel", "f32[2,3]")(lambda x: jnp.ravel(x))
case("jnp_T", "f32[2,3]")(lambda x: x.T)
case("jnp_concatenate", "f32[3]", "f32[3]")(lambda x, y: jnp.concatenate([x, y], axis=0))
case("jnp_stack", "f32[3]", "f32[3]")(lambda x, y: jnp.stack([x, y]))
case("jnp_expand_dims", "f32[3]")(lambda x: jnp.expand_dims(x, 0))
case("jnp_squeeze", "f32[1,3]")(lambda x: jnp.squeeze(x))
case("jnp_broadcast_to", "f32[3]")(lambda x: jnp.broadcast_to(x, (2, 3)))
case("jnp_flip", "f32[2,3]")(lambda x: jnp.flip(x, 0))
case("jnp_sort", "f32[3]")(lambda x: jnp.sort(x))
case("jnp_argsort", "f32[3]")(lambda x: jnp.argsort(x))
case("index_int", "f32[2,3]")(lambda x: x[1])
case("index_neg", "f32[3]")(lambda x: x[-1])
case("index_slice", "f32[4]")(lambda x: x[1:3])
case("index_reverse", "f32[4]")(lambda x: x[::-1])
case("index_2d", "f32[2,3]")(lambda x: x[:, 0])
case("at_set", "f32[3]")(lambda x: x.at[0].set(5.0))
case("at_add", "f32[2,3]")(lambda x: x.at[1].add(1.0))
case("jnp_ones_like", "i32[3]")(lambda x: jnp.ones_like(x) * x)
case("jnp_full", "f32[3]")(lambda x: jnp.full((2, 3), 2.5) + x)
case("jnp_arange_start", "f32[3]")(lambda x: jnp.arange(1, 4) * x)
case("jnp_arange_step", "f32[3]")(lambda x: jnp.arange(0.0, 1.5, 0.5) + x)
case("jnp_linspace_open", "f32[4]")(lambda x: jnp.linspace(0.0, 1.0, 4, endpoint=False) + x)
case("jnp_eye_k", "f32[3]")(lambda x: jnp.eye(3, 4, k=1) * 2.0)
case("jnp_mean_keepdims", "f32[2,3]")(lambda x: jnp.mean(x, axis=(0, 1), keepdims=True))
case("jnp_var_axis", "f32[2,3]")(lambda x: jnp.var(x, axis=0))
case("jnp_std_ddof", "f32[2,3]")(lambda x: jnp.std(x, axis=1, ddof=1))
case("jnp_argmin", "f32[2,3]")(lambda x: jnp.argmin(x))
case("jnp_all_any", "f32[2,3]")(lambda x: (jnp.all(x > 0), jnp.any(x > 0, axis=1)))
case("jnp_prod", "f32[2,3]")(lambda x: jnp.prod(x, axis=0))
case("jnp_cumprod", "f32[4]")(lambda x: jnp.cumprod(x))
case("jnp_outer", "f32[3]", "f32[3]")(lambda a, b: jnp.outer(a, b))
case("jnp_inner", "f32[3]", "f32[3]")(lambda a, b: jnp.inner(a, b))
case("jnp_vdot", "f32[3]", "f32[3]")(lambda a, b: jnp.vdot(a, b))
case("jnp_matmul_batched", "f32[2,2,3]", "f32[3,2]")(lambda a, b: a @ b)
case("jnp_dot_2d", "f32[2,3]", "f32[3,4]")(lambda a, b: jnp.dot(a, b))
case("jnp_true_divide_int", "i32[3]", "i32[3]")(lambda a, b: jnp.true_divide(a, b))
case("jnp_fmod", "f32[3]")(lambda x: jnp.fmod(x, 1.5))
case("jnp_float_power", "f32+[3]")(lambda x: jnp.float_power(x, 2))
case("jnp_power_float", "f32+[3]")(lambda x: jnp.power(x, 0.5))
case("jnp_log2", "f32+[3]")(lambda x: jnp.log2(x))
case("jnp_rint", "f32[3]")(lambda x: jnp.rint(x))
case("jnp_isinf", "f32[3]")(lambda x: jnp.isinf(x))
case("jnp_signbit", "f32[3]")(lambda x: jnp.signbit(x))
case("jnp_logical_not", "bool[3]")(lambda x: jnp.logical_not(x))
case("jnp_clip_min", "f32[3]")(lambda x: jnp.clip(x, min=0.0))
case("jnp_arcsin", "f32s[3]")(lambda x: jnp.arcsin(x))
case("jnp_exp_int", "i32[3]")(lambda x: jnp.exp(x))
case("jnp_sum_int", "bool[2,3]")(lambda x: jnp.sum(x))
case("jnp_moveaxis", "f32[2,3,4]")(lambda x: jnp.moveaxis(x, 0, -1))
case("jnp_swapaxes", "f32[2,3]")(lambda x: jnp.swapaxes(x, 0, 1))
case("jnp_take", "f32[4]")(lambda x: jnp.take(x, jnp.array([3, 1])))
case("index_array", "f32[4]")(lambda x: x[jnp.array([3, 1])])
case("index_newaxis", "f32[3]")(lambda x: x[None, :])
case("index_ellipsis", "f32[2,3]")(lambda x: x[..., 1])
case("index_step", "f32[6]")(lambda x: x[1:5:2])
case("at_get_fill", "f32[3]")(lambda x: x.at[5].get(mode="fill", fill_value=0.0))
case("at_min", "f32[3]")(lambda x: x.at[0].min(0.0))
# ---- random (raw uint32[2] keys, JAX's classic mode) ----
case("random_uniform", "u32[2]")(lambda k: jax.random.uniform(k, (3,)))
case("random_uniform_twice", "u32[2]")(
    lambda k: jax.random.uniform(k, (3,)) + jax.random.uniform(k, (3,)))
case("random_normal", "u32[2]")(lambda k: jax.random.normal(k, (2,)))
case("random_split", "u32[2]")(lambda k: jax.random.split(k))
case("random_fold_in", "u32[2]")(lambda k: jax.random.fold_in(k, 3))
case("random_bits", "u32[2]")(lambda k: jax.random.bits(k, (2,)))
CAPTURED_0D = jnp.array(2.0)
case("jnp_array_scalar_inside", "f32[3]")(lambda x: x * jnp.array(2.0))
case("jnp_array_list_inside", "f32[2]")(lambda x: x * jnp.array([1.0, 2.0]))
case("captured_0d_array", "f32[3]")(lambda x: x * CAPTURED_0D)


def main():
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": []}
    for name, specs, f in CASES:
        args = [data(s) for s in specs]
        text = str(jax.make_jaxpr(f)(*args))
        out["cases"].append({
            "name": name,
            "args": [enc(a) for a in args],
            "jaxpr": text,
        })
    write_cases(OUT, out)


if __name__ == "__main__":
    main()
