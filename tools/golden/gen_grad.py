"""Golden reverse-mode derivatives: `jax.value_and_grad` of each function below.

Each function is defined once here and once, under the same name, in
jaxrs-core/tests/grad.rs. For each, the script records the inputs (small deterministic
arrays), `argnums`, the value and the gradients of `jax.value_and_grad(f, argnums)`, and
the printed jaxpr of `jax.make_jaxpr(jax.grad(f, argnums))`, in
jaxrs-core/tests/golden/grad.json. Re-run with tools/golden/run_all.sh.
"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import enc, golden_path, parse_spec, write_cases

OUT = golden_path("grad.json")


def data(spec, salt):
    """`f32[3]` in [-1.25, 1.25], `f32+[3]` positive, `f32s[3]` in (-0.75, 0.75),
    `f32g[3]` above 1.1."""
    kind, shape, n = parse_spec(spec)
    k = np.arange(n) + salt
    if kind == "f32":
        v = ((k * 7 % 11) - 5) * 0.25
    elif kind == "f32+":
        v = (k * 7 % 11) * 0.25 + 0.5
    elif kind == "f32s":
        v = ((k * 7 % 11) - 5) * 0.15
    elif kind == "f32g":
        v = (k * 7 % 11) * 0.25 + 1.1
    else:
        raise ValueError(spec)
    return v.astype(np.float32).reshape(shape)


CASES = []


def case(name, *specs, argnums=0):
    def register(f):
        CASES.append((name, specs, f, argnums))
        return f
    return register


S = jnp.sum

# ---- elementwise, one operand: grad of sum(op(x)) ----
UNARY = {
    "sin": (lax.sin, "f32[3]"), "cos": (lax.cos, "f32[3]"), "tan": (lax.tan, "f32s[3]"),
    "exp": (lax.exp, "f32[3]"), "exp2": (lax.exp2, "f32[3]"), "log": (lax.log, "f32+[3]"),
    "log1p": (lax.log1p, "f32+[3]"), "expm1": (lax.expm1, "f32[3]"),
    "tanh": (lax.tanh, "f32[3]"), "logistic": (lax.logistic, "f32[3]"),
    "sqrt": (lax.sqrt, "f32+[3]"), "rsqrt": (lax.rsqrt, "f32+[3]"),
    "cbrt": (lax.cbrt, "f32+[3]"), "asin": (lax.asin, "f32s[3]"),
    "acos": (lax.acos, "f32s[3]"), "atan": (lax.atan, "f32[3]"),
    "sinh": (lax.sinh, "f32[3]"), "cosh": (lax.cosh, "f32[3]"),
    "asinh": (lax.asinh, "f32[3]"), "acosh": (lax.acosh, "f32g[3]"),
    "atanh": (lax.atanh, "f32s[3]"), "abs": (lax.abs, "f32[3]"),
    "square": (lax.square, "f32[3]"), "erf": (lax.erf, "f32[3]"),
    "erfc": (lax.erfc, "f32[3]"), "erf_inv": (lax.erf_inv, "f32s[3]"),
    "lgamma": (lax.lgamma, "f32+[3]"), "neg": (lax.neg, "f32[3]"),
    "floor": (lax.floor, "f32[3]"), "ceil": (lax.ceil, "f32[3]"),
    "sign": (lax.sign, "f32[3]"), "round": (lax.round, "f32[3]"),
    "copy": (lambda x: lax.copy_p.bind(x), "f32[3]"),
}
for _name, (_op, _spec) in UNARY.items():
    case(_name, _spec)(lambda x, op=_op: S(op(x)))

case("integer_pow_2", "f32[3]")(lambda x: S(lax.integer_pow(x, 2)))
case("integer_pow_3", "f32[3]")(lambda x: S(lax.integer_pow(x, 3)))
case("integer_pow_m1", "f32+[3]")(lambda x: S(lax.integer_pow(x, -1)))
case("integer_pow_0", "f32[3]")(lambda x: S(lax.integer_pow(x, 0)))
case("integer_pow_1", "f32[3]")(lambda x: S(lax.integer_pow(x, 1)))
case("scalar_sin", "f32[]")(lambda x: lax.sin(x))
case("scalar_seed", "f32[]")(lambda x: 2 * x ** 2 + 1.0)
case("scalar_tanh_chain", "f32[]")(lambda x: lax.tanh(lax.tanh(x) * 2.0))
case("identity", "f32[]")(lambda x: x)
case("constant_output", "f32[3]")(lambda x: jnp.float32(3.0))
case("convert_f32", "f32[3]")(lambda x: S(lax.convert_element_type(x, jnp.float32) * x))

# ---- elementwise, two operands ----
BINARY = {
    "add": (lax.add, "f32[3]", "f32[3]"), "sub": (lax.sub, "f32[3]", "f32[3]"),
    "mul": (lax.mul, "f32[3]", "f32[3]"), "div": (lax.div, "f32[3]", "f32+[3]"),
    "pow": (lax.pow, "f32+[3]", "f32[3]"), "max": (lax.max, "f32[3]", "f32s[3]"),
    "min": (lax.min, "f32[3]", "f32s[3]"), "atan2": (lax.atan2, "f32[3]", "f32+[3]"),
    "rem": (lax.rem, "f32[3]", "f32+[3]"),
}
for _name, (_op, _a, _b) in BINARY.items():
    case(_name + "_x", _a, _b, argnums=0)(lambda x, y, op=_op: S(op(x, y)))
    case(_name + "_y", _a, _b, argnums=1)(lambda x, y, op=_op: S(op(x, y)))
    case(_name + "_xy", _a, _b, argnums=(0, 1))(lambda x, y, op=_op: S(op(x, y)))

case("mul_self", "f32[3]")(lambda x: S(x * x))
case("mul_scalar_left", "f32[3]")(lambda x: S(3.0 * x))
case("div_scalar", "f32[3]")(lambda x: S(x / 4.0))
case("rdiv_scalar", "f32+[3]")(lambda x: S(2.0 / x))
case("sub_scalar", "f32[3]")(lambda x: S(1.0 - x))
case("add_broadcast_scalar_arg", "f32[3]", "f32[]", argnums=(0, 1))(lambda x, y: S(x + y))
case("mul_broadcast_scalar_arg", "f32[3]", "f32[]", argnums=(0, 1))(lambda x, y: S(x * y))
case("seed", "f32[3]", "f32[3]", argnums=(0, 1))(lambda x, y: S(2 * x ** 2 + y))
case("unused_arg", "f32[3]", "f32[3]", argnums=(0, 1))(lambda x, y: S(lax.exp(x)))
case("argnums_1_only", "f32[3]", "f32[3]", argnums=1)(lambda x, y: S(lax.sin(x) * y))
case("argnums_reversed", "f32[3]", "f32[3]", argnums=(1, 0))(lambda x, y: S(x * lax.cos(y)))
case("argnums_negative", "f32[3]", "f32[3]", argnums=-1)(lambda x, y: S(x * y * y))
case("three_args", "f32[3]", "f32[3]", "f32[3]", argnums=(0, 2))(
    lambda x, y, z: S(x * y + z * x))

# ---- n-ary ----
case("select_n", "f32[3]", "f32[3]", argnums=(0, 1))(
    lambda x, y: S(lax.select_n(lax.gt(x, y), x, y)))
case("select_n_int", "f32[3]", "f32[3]", argnums=(0, 1))(
    lambda x, y: S(lax.select_n(lax.convert_element_type(lax.gt(x, y), jnp.int32), x, y)))
case("clamp", "f32[3]")(lambda x: S(lax.clamp(-0.5, x, 0.5)))

# ---- reductions and scans ----
case("reduce_sum_axis", "f32[2,3]")(lambda x: S(lax.reduce_sum(x, (1,)) ** 2))
case("reduce_sum_all", "f32[2,3]")(lambda x: lax.reduce_sum(x, (0, 1)))
case("reduce_max", "f32[2,3]")(lambda x: S(lax.reduce_max(x, (0,))))
case("reduce_min", "f32[2,3]")(lambda x: S(lax.reduce_min(x, (1,))))
case("reduce_prod", "f32[3,2]")(lambda x: S(lax.reduce_prod(x, (0,))))
case("cumsum", "f32[2,3]")(lambda x: S(lax.cumsum(x, 1) ** 2))
case("cumsum_reverse", "f32[4]")(lambda x: S(lax.cumsum(x, 0, reverse=True) * x))
case("cumprod", "f32[4]")(lambda x: S(lax.cumprod(x)))
case("cummax", "f32[2,5]")(lambda x: S(lax.cummax(x, 1, reverse=True)))
case("cummin", "f32[3,2]")(lambda x: S(lax.cummin(x, 0)))

# ---- structural ----
case("broadcast_in_dim", "f32[3]")(lambda x: S(lax.broadcast_in_dim(x, (2, 3), (1,)) ** 2))
case("broadcast_unit", "f32[3,1]")(lambda x: S(lax.broadcast_in_dim(x, (3, 4), (0, 1)) ** 2))
case("broadcast_scalar", "f32[]")(lambda x: S(lax.broadcast_in_dim(x, (2, 2), ()) * 3.0))
case("reshape", "f32[2,3]")(lambda x: S(lax.reshape(x, (3, 2)) * jnp.arange(6.0).reshape(3, 2)))
case("transpose", "f32[2,3]")(
    lambda x: S(lax.transpose(x, (1, 0)) * jnp.arange(6.0).reshape(3, 2)))
case("transpose_3d", "f32[2,3,2]")(lambda x: S(lax.transpose(x, (2, 0, 1)) ** 2))
case("squeeze", "f32[3,1]")(lambda x: S(lax.squeeze(x, (1,)) ** 2))
case("expand_dims", "f32[3]")(lambda x: S(lax.expand_dims(x, (0,)) ** 2))
case("rev", "f32[2,3]")(lambda x: S(lax.rev(x, (1,)) * jnp.arange(6.0).reshape(2, 3)))
case("concatenate", "f32[3]", "f32[2]", argnums=(0, 1))(
    lambda x, y: S(lax.concatenate([x, y, x], 0) ** 2))
case("concatenate_one_linear", "f32[3]", "f32[2]", argnums=1)(
    lambda x, y: S(lax.concatenate([x, y], 0) ** 2))
case("pad", "f32[3]")(lambda x: S(lax.pad(x, 0.0, [(1, 2, 1)]) ** 2))
case("pad_negative", "f32[4]")(lambda x: S(lax.pad(x, 0.0, [(-1, 1, 0)]) ** 2))
case("pad_value", "f32[3]", "f32[]", argnums=(0, 1))(
    lambda x, v: S(lax.pad(x, v, [(1, 1, 1)]) ** 2))
case("slice", "f32[5]")(lambda x: S(lax.slice(x, (1,), (4,)) ** 2))
case("slice_strided", "f32[6]")(lambda x: S(lax.slice(x, (1,), (6,), (2,)) ** 2))
case("slice_2d", "f32[3,4]")(lambda x: S(lax.slice(x, (1, 0), (3, 4), (1, 3)) ** 2))
case("dynamic_slice", "f32[5]")(lambda x: S(lax.dynamic_slice(x, (1,), (3,)) ** 2))
case("dynamic_update_slice", "f32[5]", "f32[2]", argnums=(0, 1))(
    lambda x, u: S(lax.dynamic_update_slice(x, u, (2,)) ** 2))
case("dot_general", "f32[2,3]", "f32[3,2]", argnums=(0, 1))(
    lambda a, b: S(lax.dot_general(a, b, (((1,), (0,)), ((), ())))))
case("dot_general_batch", "f32[2,2,3]", "f32[2,3,2]", argnums=(0, 1))(
    lambda a, b: S(lax.dot_general(a, b, (((2,), (1,)), ((0,), (0,)))) ** 2))
case("dot_general_contract_first", "f32[3,2]", "f32[3,4]", argnums=(0, 1))(
    lambda a, b: S(lax.dot_general(a, b, (((0,), (0,)), ((), ())))))
case("sort", "f32[4]")(lambda x: S(lax.sort(x) * jnp.arange(4.0)))
case("stop_gradient_absent", "f32[3]")(lambda x: S(x * x * 0.5))
case("stop_gradient", "f32[3]")(lambda x: S(lax.stop_gradient(x) * x))
case("stop_gradient_max", "f32[2,3]")(lambda x: S(jnp.exp(x - lax.stop_gradient(jnp.max(x)))))
case("stop_gradient_all", "f32[3]")(lambda x: S(lax.stop_gradient(x * 2.0)) + S(x))

# ---- jnp functions ----
M = jnp.arange(6.0, dtype=jnp.float32).reshape(2, 3)
case("jnp_sum", "f32[2,3]")(lambda x: jnp.sum(x))
case("jnp_sum_axis", "f32[2,3]")(lambda x: jnp.sum(jnp.sum(x, axis=0) ** 2))
case("jnp_mean", "f32[2,3]")(lambda x: jnp.mean(x))
case("jnp_mean_axis", "f32[2,3]")(lambda x: S(jnp.mean(x, axis=1) ** 2))
case("jnp_var", "f32[2,3]")(lambda x: jnp.var(x))
case("jnp_std", "f32[2,3]")(lambda x: S(jnp.std(x, axis=0)))
case("jnp_max", "f32[2,3]")(lambda x: jnp.max(x))
case("jnp_min_axis", "f32[2,3]")(lambda x: S(jnp.min(x, axis=1)))
case("jnp_prod", "f32[2,3]")(lambda x: jnp.prod(x))
case("jnp_tanh_sum", "f32[3]")(lambda x: jnp.sum(jnp.tanh(x)))
case("jnp_matmul", "f32[2,3]", "f32[3,2]", argnums=(0, 1))(lambda a, b: S(a @ b))
case("jnp_matmul_vec", "f32[2,3]", "f32[3]", argnums=(0, 1))(lambda a, v: S(jnp.tanh(a @ v)))
case("jnp_dot", "f32[3]", "f32[3]", argnums=(0, 1))(lambda a, b: jnp.dot(a, b))
case("jnp_clip", "f32[3]")(lambda x: S(jnp.clip(x, -0.5, 0.5)))
case("jnp_where", "f32[3]")(lambda x: S(jnp.where(x > 0, x, 0.0)))
case("jnp_where_both", "f32[3]", "f32[3]", argnums=(0, 1))(
    lambda x, y: S(jnp.where(x > y, jnp.sin(x), jnp.cos(y))))
case("jnp_maximum", "f32[3]")(lambda x: S(jnp.maximum(x, 0.0)))
case("jnp_abs", "f32[3]")(lambda x: S(jnp.abs(x)))
case("jnp_exp_div", "f32[3]")(lambda x: jnp.sum(jnp.exp(x) / (1.0 + x ** 2)))
case("jnp_softplus_like", "f32[3]")(
    lambda x: S(jnp.log1p(jnp.exp(-jnp.abs(x))) + jnp.maximum(x, 0.0)))
case("jnp_cumsum", "f32[2,3]")(lambda x: S(jnp.cumsum(x, axis=1) ** 2))
case("jnp_index", "f32[2,3]")(lambda x: S(x[1, ::-1] * jnp.arange(3.0)))
case("jnp_index_int", "f32[4]")(lambda x: x[2] * x[0])
case("jnp_index_neg", "f32[4]")(lambda x: x[-1] ** 2)
case("jnp_slice", "f32[5]")(lambda x: S(x[1:4] ** 2))
case("jnp_gather", "f32[4]")(lambda x: S(x[jnp.array([3, 0, 1, 3])] * jnp.arange(4.0)))
case("jnp_at_set", "f32[3]")(lambda x: S(x.at[1].set(x[0] * 2.0) ** 2))
case("jnp_at_set_const", "f32[4]")(lambda x: S(x.at[2].set(5.0) * x))
case("jnp_at_add", "f32[3]", "f32[3]", argnums=(0, 1))(lambda x, y: S(x.at[1].add(y[0]) ** 2))
case("jnp_at_mul", "f32[3]", "f32[3]", argnums=(0, 1))(
    lambda x, y: S(x.at[1].multiply(y[2]) ** 2))
case("jnp_at_max", "f32[4]")(lambda x: S(x.at[1].max(x[0])))
case("jnp_at_min", "f32[4]", "f32[3]", argnums=(0, 1))(
    lambda x, y: S(x.at[jnp.array([0, 2, 0])].min(y)))
case("jnp_at_set_overlapping", "f32[4]")(
    lambda x: S(x.at[jnp.array([0, 2, 0])].set(x[1:4]) * jnp.arange(4.0)))
case("jnp_tile", "f32[3]")(lambda x: S(jnp.tile(x, 2) * jnp.arange(6.0)))
case("jnp_split", "f32[4]")(lambda x: S(jnp.split(x, 2)[0] * jnp.split(x, 2)[1]))
case("jnp_stack", "f32[3]", "f32[3]", argnums=(0, 1))(lambda x, y: S(jnp.stack([x, y]) ** 2))
case("jnp_concatenate", "f32[3]", "f32[2]", argnums=(0, 1))(
    lambda x, y: S(jnp.concatenate([x, y]) ** 3))
case("jnp_roll", "f32[4]")(lambda x: S(jnp.roll(x, 1) * x))
case("jnp_pad", "f32[3]")(lambda x: S(jnp.pad(x, 1) ** 2))
case("jnp_repeat", "f32[3]")(lambda x: S(jnp.repeat(x, 2) * jnp.arange(6.0)))
case("jnp_tril", "f32[3,3]")(lambda x: S(jnp.tril(x, 0) @ x))
case("jnp_transpose", "f32[2,3]")(lambda x: S(x.T @ x))
case("jnp_reshape", "f32[2,3]")(lambda x: S(x.reshape(3, 2) ** 2))
case("jnp_sort", "f32[4]")(lambda x: S(jnp.sort(x) * jnp.arange(4.0)))
case("jnp_sort_2d", "f32[2,3]")(lambda x: S(jnp.sort(x, axis=0) * M))
case("jnp_square_mean", "f32[2,3]")(lambda x: jnp.mean(jnp.square(x - 0.5)))
case("jnp_norm", "f32[3]")(lambda x: jnp.sqrt(jnp.sum(x * x)))
case("jnp_power", "f32+[3]")(lambda x: S(jnp.power(x, 2.5)))
case("jnp_exp2_log2", "f32+[3]")(lambda x: S(jnp.log2(x) + jnp.exp2(x)))
case("jnp_sinc_like", "f32+[3]")(lambda x: S(jnp.sin(x) / x))
case("jnp_expand_squeeze", "f32[3]")(lambda x: S(jnp.squeeze(jnp.expand_dims(x, 0) ** 2)))
case("jnp_outer", "f32[3]", "f32[2]", argnums=(0, 1))(lambda x, y: S(jnp.outer(x, y) ** 2))
case("jnp_astype", "f32[3]")(lambda x: S(x.astype(jnp.float32) * x))


# ---- custom_jvp ----
@jax.custom_jvp
def twice_sin(x):
    return jnp.sin(x)


@twice_sin.defjvp
def twice_sin_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return twice_sin(x), 2.0 * t * jnp.cos(x)


case("custom_jvp_relu", "f32[3]")(lambda x: S(jax.nn.relu(x) * x))
case("custom_jvp_relu_at_zero", "f32[3]")(lambda x: S(jax.nn.relu(x * 0.0 + jnp.array([0.0, 1.0, -1.0]))))
case("custom_jvp_defjvp", "f32[3]")(lambda x: S(twice_sin(x) * x))
case("custom_jvp_grad_of_grad", "f32[]")(lambda x: jax.grad(lambda y: twice_sin(y) * y)(x))


# ---- custom_vjp ----
@jax.custom_vjp
def sin_vjp(x):
    return jnp.sin(x)


def sin_vjp_fwd(x):
    return jnp.sin(x), jnp.cos(x)


def sin_vjp_bwd(res, g):
    return (2.0 * g * res,)


sin_vjp.defvjp(sin_vjp_fwd, sin_vjp_bwd)

case("custom_vjp", "f32[3]")(lambda x: S(sin_vjp(x) * x))
case("custom_vjp_chain", "f32[3]")(lambda x: S(sin_vjp(jnp.tanh(x)) ** 2))
case("custom_vjp_staged", "f32[3]")(lambda x: S(jax.jit(sin_vjp)(x)))


# ---- compositions ----
def mlp(w1, w2, x):
    h = jnp.tanh(x @ w1)
    return jnp.mean((h @ w2) ** 2)


case("mlp_w1", "f32[3,4]", "f32[4,2]", "f32[5,3]", argnums=0)(mlp)
case("mlp_all", "f32[3,4]", "f32[4,2]", "f32[5,3]", argnums=(0, 1, 2))(mlp)


def softmax_xent(w, x):
    logits = x @ w
    m = jnp.max(logits, axis=1, keepdims=True)
    z = logits - m
    lse = jnp.log(jnp.sum(jnp.exp(z), axis=1, keepdims=True))
    return -jnp.mean(z[:, 0] - lse[:, 0])


case("softmax_xent", "f32[3,4]", "f32[2,3]", argnums=0)(softmax_xent)
case("relu_mlp", "f32[3,4]", "f32[2,3]", argnums=(0, 1))(
    lambda w, x: jnp.sum(jnp.maximum(x @ w, 0.0) ** 2))
case("issue_example", "f32[4]")(
    lambda x: jnp.sum(jnp.where(x > 0, jnp.tanh(x), x.at[0].set(x[1]))
                      @ jnp.ones((4, 2), jnp.float32)[:, ::-1] * x[::-1][:2].sum()))
case("grad_of_grad", "f32[]")(lambda x: jax.grad(lambda y: lax.sin(y) * y)(x))
case("grad_of_grad_of_grad", "f32[]")(
    lambda x: jax.grad(jax.grad(lambda y: lax.exp(y) * y * y))(x))
case("grad_of_grad_vec", "f32[3]")(lambda x: S(jax.grad(lambda y: S(lax.tanh(y) ** 2))(x)))
case("grad_of_jvp", "f32[3]")(lambda x: S(jax.jvp(lax.sin, (x,), (x,))[1]))
case("grad_of_jvp_tanh", "f32[3]")(
    lambda x: S(jax.jvp(lambda y: jnp.tanh(y) * y, (x,), (jnp.ones(3, jnp.float32),))[1]))
case("grad_of_value_and_grad", "f32[]")(
    lambda x: jax.value_and_grad(lambda y: y ** 3)(x)[1] + jax.value_and_grad(lambda y: y ** 3)(x)[0])
case("grad_of_vjp", "f32[3]")(lambda x: S(jax.vjp(lax.sin, x)[1](x)[0]))
case("grad_of_jit", "f32[3]", "f32[3]", argnums=(0, 1))(
    lambda x, y: S(jax.jit(lambda a, b: lax.mul(a, b) + 1.0)(x, y)))
case("grad_of_jit_residual", "f32[3]")(
    lambda x: S(jax.jit(lambda a: lax.sin(a) * a)(x)))
case("grad_of_jit_nested", "f32[3]")(
    lambda x: S(jax.jit(lambda a: jax.jit(lambda b: lax.exp(b) * 2.0)(a) * a)(x)))
case("grad_of_jit_unused_out", "f32[3]")(
    lambda x: S(jax.jit(lambda a: (lax.sin(a), lax.cos(a)))(x)[0]))
case("grad_of_jit_passthrough", "f32[3]")(
    lambda x: S(jax.jit(lambda a: (a, a * 2.0))(x)[0] * jax.jit(lambda a: (a, a * 2.0))(x)[1]))
case("grad_of_make_jaxpr_eval", "f32[3]")(
    lambda x: S(jax.core.eval_jaxpr(jax.make_jaxpr(lambda y: lax.sin(y) * y)(x).jaxpr, [], x)[0]))
case("long_chain", "f32[3]")(
    lambda x: S(jnp.exp(jnp.sin(jnp.cos(jnp.tanh(x) * 2.0) + x) / 3.0)))
case("fanout", "f32[3]")(lambda x: S(jnp.sin(x) * jnp.cos(x) + jnp.sin(x) * x))


# ---- the other transformations: (name, kind, specs, f); the Rust twins are in grad.rs ----
TRANSFORMS = [
    ("jacfwd_sin", "jacfwd", ["f32[3]"], lambda x: jnp.sin(x) * x[0]),
    ("jacrev_sin", "jacrev", ["f32[3]"], lambda x: jnp.sin(x) * x[0]),
    ("jacfwd_matmul", "jacfwd", ["f32[2,3]"], lambda x: x @ jnp.arange(6.0).reshape(3, 2)),
    ("jacrev_matmul", "jacrev", ["f32[2,3]"], lambda x: x @ jnp.arange(6.0).reshape(3, 2)),
    ("jacrev_scalar_out", "jacrev", ["f32[3]"], lambda x: jnp.sum(x ** 3)),
    ("hessian_cubic", "hessian", ["f32[3]"], lambda x: jnp.sum(x ** 3 * x[1])),
    ("hessian_tanh", "hessian", ["f32[2]"], lambda x: jnp.sum(jnp.tanh(x) * x)),
    ("jvp_of_grad", "jvp_of_grad", ["f32[3]"], lambda x: jnp.sum(jnp.sin(x) * x ** 2)),
    ("vjp_two_outputs", "vjp", ["f32[3]", "f32[3]"], lambda x, y: (x * y, jnp.sin(x) + y)),
    ("linearize_exp", "linearize", ["f32[3]"], lambda x: jnp.exp(x) * x),
    ("grad_has_aux", "grad_aux", ["f32[3]"], lambda x: (jnp.sum(x ** 2), x * 3.0)),
]


def transforms():
    out = []
    for name, kind, specs, f in TRANSFORMS:
        args = [data(s, i) for i, s in enumerate(specs)]
        tang = [data(s, i + 5) for i, s in enumerate(specs)]
        if kind == "jacfwd":
            res = [jax.jacfwd(f)(*args)]
        elif kind == "jacrev":
            res = [jax.jacrev(f)(*args)]
        elif kind == "hessian":
            res = [jax.hessian(f)(*args)]
        elif kind == "jvp_of_grad":
            res = list(jax.jvp(jax.grad(f), tuple(args), tuple(tang)))
        elif kind == "vjp":
            y, f_vjp = jax.vjp(f, *args)
            res = list(y) + list(f_vjp(tuple(tang)))
        elif kind == "linearize":
            y, f_jvp = jax.linearize(f, *args)
            res = [y, f_jvp(*tang)]
        elif kind == "grad_aux":
            g, aux = jax.grad(f, has_aux=True)(*args)
            res = [g, aux]
        out.append({"name": name, "kind": kind, "args": [enc(a) for a in args],
                    "tangents": [enc(t) for t in tang], "results": [enc(r) for r in res],
                    "jaxpr": str(jax.make_jaxpr(
                        jax.jacfwd(f) if kind == "jacfwd" else
                        jax.jacrev(f) if kind == "jacrev" else
                        jax.hessian(f) if kind == "hessian" else f)(*args))})
    return out


# ---- `jit` composed with the transformations; the Rust twins are in tests/compose.rs ----
def _f2(x, y):
    return jnp.sum(jnp.sin(x) * y ** 2)


def _aux(x):
    return jnp.sum(jnp.tanh(x) ** 2), x * 2.0


def _f3(x, y, z):
    return jnp.sum(x * y + jnp.exp(z) * x)


def _cubic(x):
    return jnp.sum(jnp.sin(x) * x ** 2)


COMPOSITIONS = [
    ("jit_of_grad_argnums", ["f32[3]", "f32[3]"],
     lambda x, y: list(jax.jit(jax.grad(_f2, argnums=(0, 1)))(x, y))),
    ("jit_of_grad_has_aux", ["f32[4]"],
     lambda x: list(jax.jit(jax.grad(_aux, has_aux=True))(x))),
    ("grad_of_jit_three_args", ["f32[3]", "f32[3]", "f32[3]"],
     lambda x, y, z: list(jax.grad(jax.jit(_f3), argnums=(0, 1, 2))(x, y, z))),
    ("hessian_of_jit", ["f32[3]"], lambda x: [jax.hessian(jax.jit(_cubic))(x)]),
    ("jit_of_hessian", ["f32[3]"], lambda x: [jax.jit(jax.hessian(_cubic))(x)]),
]


def compositions():
    out = []
    for name, specs, f in COMPOSITIONS:
        args = [data(s, i) for i, s in enumerate(specs)]
        out.append({"name": name, "args": [enc(a) for a in args],
                    "results": [enc(r) for r in f(*args)]})
    return out


def vmap_debug_print():
    """`jax.debug.print` under `vmap`: one print per example (JAX unrolls it)."""
    import contextlib
    import io

    def f(x, y):
        jax.debug.print("x = {} {}", x, y)
        return x * 2.0

    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    y = np.ones(2, np.float32)
    g = jax.vmap(f, in_axes=(1, None))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        jax.block_until_ready(g(x, y))
        jax.effects_barrier()
    return {"args": [enc(x), enc(y)], "printed": buf.getvalue().splitlines(),
            "jaxpr": str(jax.make_jaxpr(g)(x, y))}


def main():
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": [],
           "transforms": transforms(), "compositions": compositions(),
           "vmap_debug_print": vmap_debug_print()}
    for name, specs, f, argnums in CASES:
        args = [data(s, i) for i, s in enumerate(specs)]
        value, grads = jax.value_and_grad(f, argnums)(*args)
        grads = list(grads) if isinstance(argnums, tuple) else [grads]
        entry = {
            "name": name,
            "argnums": list(argnums) if isinstance(argnums, tuple) else argnums,
            "args": [enc(a) for a in args],
            "value": enc(value),
            "grads": [enc(g) for g in grads],
            "jaxpr": str(jax.make_jaxpr(jax.grad(f, argnums))(*args)),
        }
        out["cases"].append(entry)
    write_cases(OUT, out)


if __name__ == "__main__":
    main()
