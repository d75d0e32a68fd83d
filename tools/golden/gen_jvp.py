"""Golden forward-mode derivatives: `jax.jvp` of each function below.

Each function is defined once here and once, under the same name, in
jaxrs-core/tests/jvp.rs. For each, the script records the primal inputs and tangents
(small deterministic arrays), the primal and tangent outputs of `jax.jvp`, and, for those
marked `text=True`, the printed jaxpr of `jax.make_jaxpr(lambda *a: jax.jvp(f, ...))`, in
jaxrs-core/tests/golden/jvp.json. Re-run with tools/golden/run_all.sh.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import golden_path, parse_spec, write_cases

OUT = golden_path("jvp.json")


def data(spec, salt):
    """`f32[3]` in [-1.25, 1.25], `f32+[3]` positive, `f32s[3]` in (-0.75, 0.75)."""
    kind, shape, n = parse_spec(spec)
    k = np.arange(n) + salt
    if kind == "f32":
        v = ((k * 7 % 11) - 5) * 0.25
    elif kind == "f32+":
        v = (k * 7 % 11) * 0.25 + 0.5
    elif kind == "f32s":
        v = ((k * 7 % 11) - 5) * 0.15
    else:
        raise ValueError(spec)
    return v.astype(np.float32).reshape(shape)


CASES = []


def case(name, *specs, text=False):
    def register(f):
        CASES.append((name, specs, f, text))
        return f
    return register


UNARY = {
    "sin": (lax.sin, "f32[3]"), "cos": (lax.cos, "f32[3]"), "tan": (lax.tan, "f32s[3]"),
    "exp": (lax.exp, "f32[3]"), "exp2": (lax.exp2, "f32[3]"), "log": (lax.log, "f32+[3]"),
    "log1p": (lax.log1p, "f32+[3]"), "expm1": (lax.expm1, "f32[3]"),
    "tanh": (lax.tanh, "f32[3]"), "logistic": (lax.logistic, "f32[3]"),
    "sqrt": (lax.sqrt, "f32+[3]"), "rsqrt": (lax.rsqrt, "f32+[3]"),
    "cbrt": (lax.cbrt, "f32+[3]"), "asin": (lax.asin, "f32s[3]"),
    "acos": (lax.acos, "f32s[3]"), "atan": (lax.atan, "f32[3]"),
    "sinh": (lax.sinh, "f32[3]"), "cosh": (lax.cosh, "f32[3]"),
    "asinh": (lax.asinh, "f32[3]"), "atanh": (lax.atanh, "f32s[3]"),
    "abs": (lax.abs, "f32[3]"), "square": (lax.square, "f32[3]"),
    "erf": (lax.erf, "f32[3]"), "neg": (lax.neg, "f32[3]"), "floor": (lax.floor, "f32[3]"),
}
TEXT = {"sin", "cos", "tanh", "abs", "floor", "exp2", "atanh", "sqrt"}
for _name, (_op, _spec) in UNARY.items():
    case(_name, _spec, text=_name in TEXT)(lambda x, op=_op: op(x))

case("integer_pow_3", "f32[3]", text=True)(lambda x: lax.integer_pow(x, 3))
case("seed", "f32[3]", "f32[3]", text=True)(lambda x, y: 2 * x ** 2 + y)
case("mul", "f32[3]", "f32[3]", text=True)(lambda x, y: x * y)
case("div", "f32[3]", "f32+[3]", text=True)(lambda x, y: lax.div(x, y))
case("max", "f32[3]", "f32s[3]", text=True)(lambda x, y: lax.max(x, y))
case("min", "f32[3]", "f32s[3]")(lambda x, y: lax.min(x, y))
case("atan2", "f32[3]", "f32+[3]")(lambda x, y: lax.atan2(x, y))
case("pow", "f32+[3]", "f32[3]", text=True)(lambda x, y: lax.pow(x, y))
case("sub_scalar", "f32[3]", text=True)(lambda x: 1.0 - x)
case("reduce_sum", "f32[2,3]", text=True)(lambda x: lax.reduce_sum(x, (1,)))
case("reduce_max", "f32[2,3]", text=True)(lambda x: lax.reduce_max(x, (0,)))
case("structural", "f32[2,3]", text=True)(
    lambda x: lax.rev(lax.transpose(lax.reshape(x, (3, 2)), (1, 0)), (0,)))
case("broadcast", "f32[3]", text=True)(lambda x: lax.broadcast_in_dim(x, (2, 3), (1,)) * x)
case("concat_pad_slice", "f32[3]", "f32[3]", text=True)(
    lambda x, y: lax.slice(lax.pad(lax.concatenate([x, y], 0), 0.0, [(1, 1, 0)]), (1,), (6,)))
case("dot_general", "f32[2,3]", "f32[3,2]", text=True)(
    lambda a, b: lax.dot_general(a, b, (((1,), (0,)), ((), ()))))
case("select_n", "f32[3]", "f32[3]", text=True)(
    lambda x, y: lax.select_n(lax.gt(x, y), x, y))
case("clamp", "f32[3]", text=True)(lambda x: lax.clamp(-0.5, x, 0.5))
case("where", "f32[3]", text=True)(lambda x: jnp.where(x > 0, x, 0.0))
case("const_output", "f32[3]", text=True)(lambda x: (lax.sin(x), jnp.ones(3), 3.0))
case("unused_input", "f32[3]", "f32[3]", text=True)(lambda x, y: lax.exp(x))
case("many_outputs", "f32[3]", text=True)(lambda x: (x, lax.sin(x) * x, lax.cos(x) + 1.0))
case("jvp_of_jvp", "f32[3]", text=True)(
    lambda x: jax.jvp(lax.sin, (x,), (x,))[1])
case("jvp_of_jvp_of_jvp", "f32[3]", text=True)(
    lambda x: jax.jvp(lambda y: jax.jvp(lax.exp, (y,), (y,))[1], (x,), (x,))[1])
case("jvp_through_make_jaxpr", "f32[3]")(
    lambda x: jax.core.eval_jaxpr(jax.make_jaxpr(lambda y: lax.sin(y) * y)(x).jaxpr, [], x)[0])
case("jit_call", "f32[3]", "f32[3]", text=True)(
    lambda x, y: jax.jit(lambda a, b: lax.mul(a, b) + 1.0)(x, y))

# ---- jnp functions ----
case("jnp_mean", "f32[2,3]", text=True)(lambda x: jnp.mean(x))
case("jnp_var", "f32[2,3]")(lambda x: jnp.var(x))
case("jnp_std", "f32[2,3]")(lambda x: jnp.std(x, axis=0))
case("jnp_max_axis", "f32[2,3]")(lambda x: jnp.max(x, axis=1))
case("jnp_matmul", "f32[2,3]", "f32[3,2]", text=True)(lambda a, b: a @ b)
case("jnp_clip", "f32[3]", text=True)(lambda x: jnp.clip(x, -0.5, 0.5))
case("jnp_cumsum", "f32[2,3]", text=True)(lambda x: jnp.cumsum(x, axis=1))
case("jnp_index", "f32[2,3]", text=True)(lambda x: x[1, ::-1])
case("jnp_gather", "f32[4]")(lambda x: x[jnp.array([3, 0, 1])])
case("jnp_at_add", "f32[3]", "f32[3]", text=True)(lambda x, y: x.at[1].add(y[0]))
case("jnp_exp_sum", "f32[3]")(lambda x: jnp.sum(jnp.exp(x) / (1.0 + x ** 2)))
case("jnp_softplus_like", "f32[3]")(lambda x: jnp.log1p(jnp.exp(-jnp.abs(x))) + jnp.maximum(x, 0.0))
case("jnp_where_nested", "f32[3]", "f32[3]")(lambda x, y: jnp.where(x > y, jnp.sin(x), jnp.cos(y)))
case("jnp_sort", "f32[3]", text=True)(lambda x: jnp.sort(x))
case("jnp_sort_2d", "f32[2,3]")(lambda x: jnp.sort(x, axis=0))
case("jnp_at_set", "f32[3]", text=True)(lambda x: x.at[1].set(x[0]))
case("cumprod", "f32[4]", text=True)(lambda x: lax.cumprod(x))
case("cummax_reverse", "f32[2,5]", text=True)(lambda x: lax.cummax(x, 1, reverse=True))
case("cummin", "f32[3,2]")(lambda x: lax.cummin(x, 0))
case("jnp_cumprod", "f32[5]")(lambda x: jnp.cumprod(x))
case("reduce_prod", "f32[3,2]", text=True)(lambda x: lax.reduce_prod(x, (0,)))
case("jnp_prod", "f32[2,3]", text=True)(lambda x: jnp.prod(x))
case("jnp_prod_axis1", "f32[2,3]")(lambda x: jnp.prod(x, axis=1))
IDX = jnp.array([0, 2, 0])
case("jnp_at_set_overlapping", "f32[4]", text=True)(lambda x: x.at[IDX].set(x[1:4]))
case("jnp_at_set_rows", "f32[3,2]", "f32[2]")(lambda x, y: x.at[jnp.array([1, 1])].set(y * 2.0))
case("jnp_at_mul", "f32[3]", "f32[3]", text=True)(lambda x, y: x.at[1].multiply(y[2]))
case("jnp_at_max", "f32[4]", text=True)(lambda x: x.at[1].max(x[0]))
case("jnp_at_min_many", "f32[4]", "f32[3]")(lambda x, y: x.at[jnp.array([0, 2, 0])].min(y))
case("jnp_tile", "f32[3]", text=True)(lambda x: jnp.tile(x, 2) * x[0])
case("jnp_split", "f32[4]", text=True)(lambda x: tuple(jnp.split(x, 2)))
case("jnp_roll", "f32[4]")(lambda x: jnp.roll(x, 1) * x)
case("jnp_pad", "f32[3]")(lambda x: jnp.pad(x, 1) ** 2)
case("jnp_repeat", "f32[3]")(lambda x: jnp.repeat(x, 2) + 1.0)
case("jnp_tril", "f32[3,3]")(lambda x: jnp.tril(x, 0) @ x)


def enc(a):
    a = np.asarray(jnp.asarray(a))
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "data": [float(v) if not math.isnan(v) else "nan" for v in a.reshape(-1).tolist()]}


def main():
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": []}
    for name, specs, f, text in CASES:
        primals = [data(s, 0) for s in specs]
        tangents = [data(s.replace("+", "").replace("s[", "["), 3) for s in specs]
        p_out, t_out = jax.jvp(f, tuple(primals), tuple(tangents))
        p_out = list(p_out) if isinstance(p_out, tuple) else [p_out]
        t_out = list(t_out) if isinstance(t_out, tuple) else [t_out]
        entry = {
            "name": name,
            "primals": [enc(a) for a in primals],
            "tangents": [enc(a) for a in tangents],
            "primal_out": [enc(a) for a in p_out],
            "tangent_out": [enc(a) for a in t_out],
        }
        if text:
            n = len(primals)
            g = lambda *a, f=f, n=n: jax.jvp(f, a[:n], a[n:])
            entry["jaxpr"] = str(jax.make_jaxpr(g)(*primals, *tangents))
        out["cases"].append(entry)
    write_cases(OUT, out)


if __name__ == "__main__":
    main()
