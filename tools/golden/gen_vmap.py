"""Golden batching: `jax.vmap` of each function below, over several `in_axes`/`out_axes`.

Each function is defined once here and once, under the same name, in
jaxrs-core/tests/vmap.rs. For each (function, in_axes, out_axes) the script records the
batched inputs (small deterministic arrays, the batch of B=3 placed at each argument's
in_axis), the results of `jax.vmap(f, in_axes, out_axes)` and the printed
`jax.make_jaxpr(jax.vmap(f, in_axes, out_axes))`, in jaxrs-core/tests/golden/vmap.json.
Re-run with tools/golden/run_all.sh.
"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import enc, golden_path, parse_spec, write_cases

OUT = golden_path("vmap.json")
B = 3


def data(spec, salt):
    """`f32[3]` in [-1.25, 1.25], `f32+[3]` positive, `i32[3]` small integers, `b[3]`
    booleans."""
    kind, shape, n = parse_spec(spec)
    k = np.arange(n) + salt
    if kind == "f32":
        return (((k * 7 % 11) - 5) * 0.25).astype(np.float32).reshape(shape)
    if kind == "f32+":
        return ((k * 7 % 11) * 0.25 + 0.5).astype(np.float32).reshape(shape)
    if kind == "i32":
        return ((k * 5 % 7) - 3).astype(np.int32).reshape(shape)
    if kind == "idx":
        return (k * 5 % 3).astype(np.int32).reshape(shape)
    if kind == "b":
        return (k * 5 % 3 == 0).reshape(shape)
    raise ValueError(spec)


CASES = []


def case(name, specs, axes):
    """`axes`: a list of `(in_axes, out_axes)`; in_axes a tuple with one entry per
    argument."""
    def register(f):
        CASES.append((name, specs, f, axes))
        return f
    return register


A0 = [((0,), 0), ((1,), 0), ((-1,), 1)]
A0_1D = [((0,), 0), ((1,), 0), ((0,), 1)]
PAIR = [((0, 0), 0), ((0, None), 0), ((None, 1), 0), ((1, 0), 1)]
PAIR_SCALAR = [((0, 0), 0), ((0, None), 0), ((None, 1), 0), ((1, 0), 0)]

UNARY = {
    "neg": lax.neg, "sin": lax.sin, "cos": lax.cos, "exp": lax.exp, "tanh": lax.tanh,
    "abs": lax.abs, "floor": lax.floor, "square": lax.square, "logistic": lax.logistic,
    "sign": lax.sign,
}
for _name, _op in UNARY.items():
    case(_name, ["f32[2]"], A0_1D)(lambda x, op=_op: op(x))
case("log", ["f32+[2]"], A0_1D)(lambda x: lax.log(x))
case("sqrt", ["f32+[2]"], A0_1D)(lambda x: lax.sqrt(x))
case("integer_pow", ["f32[2]"], A0_1D)(lambda x: lax.integer_pow(x, 3))
case("convert", ["f32[2]"], A0_1D)(lambda x: lax.convert_element_type(x, jnp.int32))
case("scalar_mul", ["f32[2]"], A0_1D)(lambda x: 2.0 * x + 1.0)
case("seed", ["f32[2]", "f32[2]"], PAIR)(lambda x, y: 2 * x ** 2 + y)

BINARY = {
    "add": lax.add, "sub": lax.sub, "mul": lax.mul, "max": lax.max, "min": lax.min,
    "lt": lax.lt, "eq": lax.eq,
}
for _name, _op in BINARY.items():
    case(_name, ["f32[2]", "f32[2]"], PAIR)(lambda x, y, op=_op: op(x, y))
case("div", ["f32[2]", "f32+[2]"], PAIR)(lambda x, y: lax.div(x, y))
case("add_2d", ["f32[2,3]", "f32[2,3]"], [((0, 0), 0), ((2, None), 1), ((None, 1), 2),
                                          ((1, 2), 0)])(lambda x, y: x + y)
case("scalar_vs_vector", ["f32[]", "f32[2]"], [((0, None), 0), ((0, 0), 0), ((None, 1), 1)])(
    lambda x, y: lax.mul(lax.broadcast_in_dim(x, (2,), ()), y))
case("and", ["b[2]", "b[2]"], PAIR)(lambda x, y: lax.bitwise_and(x, y))
case("select_n", ["f32[2]", "f32[2]"], PAIR)(lambda x, y: lax.select_n(lax.gt(x, y), x, y))
case("select_scalar_pred", ["b[]", "f32[2]", "f32[2]"],
     [((0, 0, 0), 0), ((0, None, 1), 0), ((None, 0, 1), 1)])(
    lambda p, x, y: lax.select_n(p, x, y))
case("clamp", ["f32[2]"], A0_1D)(lambda x: lax.clamp(-0.5, x, 0.5))
case("clamp_arrays", ["f32[2]", "f32[2]"], PAIR)(lambda lo, x: lax.clamp(lo, x, lo + 1.0))

# ---- reductions ----
case("reduce_sum", ["f32[2,4]"], [((0,), 0), ((1,), 0), ((2,), 1)])(
    lambda x: lax.reduce_sum(x, (1,)))
case("reduce_sum_all", ["f32[2,4]"], [((0,), 0), ((1,), 0), ((2,), 0)])(
    lambda x: lax.reduce_sum(x, (0, 1)))
case("reduce_max", ["f32[2,4]"], [((0,), 0), ((1,), 1), ((2,), 0)])(
    lambda x: lax.reduce_max(x, (0,)))
case("reduce_min", ["f32[2,4]"], [((0,), 0), ((2,), 0)])(lambda x: lax.reduce_min(x, (1,)))
case("reduce_prod", ["f32[2,4]"], [((0,), 0), ((1,), 0)])(lambda x: lax.reduce_prod(x, (1,)))
case("argmax", ["f32[2,4]"], [((0,), 0), ((1,), 0), ((2,), 1)])(
    lambda x: lax.argmax(x, 1, jnp.int32))
case("argmin", ["f32[2,4]"], [((0,), 0), ((2,), 0)])(lambda x: lax.argmin(x, 0, jnp.int32))
case("jnp_sum", ["f32[2,4]"], [((0,), 0), ((1,), 0), ((-1,), 0)])(lambda x: jnp.sum(x))
case("jnp_sum_axis", ["f32[2,4]"], A0)(lambda x: jnp.sum(x, axis=0))
case("jnp_mean", ["f32[2,4]"], A0)(lambda x: jnp.mean(x, axis=1))
case("jnp_max", ["f32[2,4]"], A0)(lambda x: jnp.max(x, axis=1))
case("cumsum", ["f32[2,4]"], [((0,), 0), ((1,), 0), ((2,), 1)])(lambda x: lax.cumsum(x, 1))
case("cumsum_rev", ["f32[4]"], A0_1D)(lambda x: lax.cumsum(x, 0, reverse=True))
case("cummax", ["f32[2,4]"], [((0,), 0), ((1,), 0)])(lambda x: lax.cummax(x, 0))
case("jnp_cumsum", ["f32[2,4]"], [((0,), 0), ((1,), 0), ((2,), 1)])(
    lambda x: jnp.cumsum(x, axis=1))

# ---- dot_general ----
case("matmul", ["f32[2,3]", "f32[3,4]"], [((0, 0), 0), ((0, None), 0), ((None, 2), 0),
                                          ((1, 1), 2), ((2, None), 1)])(
    lambda a, b: lax.dot_general(a, b, (((1,), (0,)), ((), ()))))
case("matvec", ["f32[2,3]", "f32[3]"], [((0, 0), 0), ((None, 0), 0), ((1, None), 1)])(
    lambda a, v: lax.dot_general(a, v, (((1,), (0,)), ((), ()))))
case("dot_vec", ["f32[3]", "f32[3]"], PAIR_SCALAR)(
    lambda a, b: lax.dot_general(a, b, (((0,), (0,)), ((), ()))))
case("batched_dot", ["f32[2,3,4]", "f32[2,4]"], [((0, 0), 0), ((3, None), 0), ((None, 1), 1)])(
    lambda a, b: lax.dot_general(a, b, (((2,), (1,)), ((0,), (0,)))))
case("jnp_matmul", ["f32[2,3]", "f32[3,4]"], PAIR)(lambda a, b: a @ b)
case("mlp", ["f32[3]", "f32[3,4]", "f32[4]"],
     [((0, None, None), 0), ((0, 0, 0), 0), ((None, 2, 1), 0)])(
    lambda x, w, b: jnp.tanh(x @ w + b))

# ---- structural ----
case("broadcast_in_dim", ["f32[3]"], A0_1D)(lambda x: lax.broadcast_in_dim(x, (2, 3), (1,)))
case("broadcast_scalar", ["f32[]"], [((0,), 0), ((0,), 1)])(
    lambda x: lax.broadcast_in_dim(x, (2, 3), ()))
case("reshape", ["f32[2,3]"], [((0,), 0), ((1,), 0), ((2,), 1)])(lambda x: lax.reshape(x, (6,)))
case("reshape_up", ["f32[6]"], A0_1D)(lambda x: lax.reshape(x, (3, 2)))
case("transpose", ["f32[2,3,4]"], [((0,), 0), ((1,), 0), ((3,), 2)])(
    lambda x: lax.transpose(x, (2, 0, 1)))
case("squeeze", ["f32[2,1,3]"], [((0,), 0), ((2,), 0), ((3,), 1)])(
    lambda x: lax.squeeze(x, (1,)))
case("expand_dims", ["f32[2,3]"], [((0,), 0), ((2,), 1)])(lambda x: lax.expand_dims(x, (1,)))
case("rev", ["f32[2,3]"], [((0,), 0), ((1,), 0), ((2,), 2)])(lambda x: lax.rev(x, (0, 1)))
case("concatenate", ["f32[2]", "f32[3]"], PAIR)(lambda x, y: lax.concatenate([x, y], 0))
case("concatenate_2d", ["f32[2,3]", "f32[2,2]"], [((0, 0), 0), ((2, None), 1)])(
    lambda x, y: lax.concatenate([x, y], 1))
case("pad", ["f32[3]"], A0_1D)(lambda x: lax.pad(x, 0.0, [(1, 2, 1)]))
case("pad_batched_value", ["f32[3]", "f32[]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 1)])(
    lambda x, v: lax.pad(x, v, [(1, 0, 0)]))
case("slice", ["f32[5]"], A0_1D)(lambda x: lax.slice(x, (1,), (5,), (2,)))
case("slice_2d", ["f32[2,5]"], [((0,), 0), ((2,), 1)])(lambda x: lax.slice(x, (0, 1), (2, 4)))
case("tile", ["f32[2]"], A0_1D)(lambda x: jnp.tile(x, 2))
case("stack", ["f32[2]", "f32[2]"], PAIR)(lambda x, y: jnp.stack([x, y]))
case("split", ["f32[4]"], A0_1D)(lambda x: tuple(jnp.split(x, 2)))
case("jnp_transpose", ["f32[2,3]"], A0)(lambda x: x.T)
case("jnp_reshape", ["f32[2,3]"], A0)(lambda x: x.reshape(3, 2))
case("jnp_broadcast_to", ["f32[3]"], A0_1D)(lambda x: jnp.broadcast_to(x, (2, 3)))
case("jnp_flip", ["f32[2,3]"], A0)(lambda x: jnp.flip(x, 0))
case("jnp_concatenate", ["f32[2]", "f32[2]"], PAIR)(lambda x, y: jnp.concatenate([x, y]))
case("jnp_pad", ["f32[3]"], A0_1D)(lambda x: jnp.pad(x, 1))
case("jnp_roll", ["f32[4]"], A0_1D)(lambda x: jnp.roll(x, 1))
case("jnp_outer", ["f32[2]", "f32[3]"], PAIR)(lambda x, y: jnp.outer(x, y))
case("sort", ["f32[4]"], A0_1D)(lambda x: jnp.sort(x))
case("sort_2d", ["f32[2,4]"], [((0,), 0), ((2,), 1)])(lambda x: jnp.sort(x, axis=0))
case("sort_pair", ["f32[4]", "f32[4]"], PAIR)(
    lambda x, y: tuple(lax.sort((x, y), dimension=0, num_keys=1)))
case("argsort", ["f32[4]"], A0_1D)(lambda x: jnp.argsort(x))

# ---- indexing ----
case("index_static", ["f32[4]"], [((0,), 0), ((1,), 0)])(lambda x: x[1])
case("index_slice", ["f32[2,4]"], [((0,), 0), ((2,), 1)])(lambda x: x[1, ::-1])
case("index_gather", ["f32[4]"], A0_1D)(lambda x: x[jnp.array([3, 0, 1])])
case("index_batched", ["f32[4]", "idx[]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 0)])(
    lambda x, i: x[i])
case("index_batched_vec", ["f32[4]", "idx[2]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 1)])(
    lambda x, i: x[i])
case("dynamic_slice", ["f32[5]", "idx[]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 0)])(
    lambda x, i: lax.dynamic_slice(x, (i,), (2,)))
case("dynamic_update_slice", ["f32[5]", "f32[2]", "idx[]"],
     [((0, 0, 0), 0), ((0, None, None), 0), ((None, 0, None), 0), ((None, None, 0), 0)])(
    lambda x, u, i: lax.dynamic_update_slice(x, u, (i,)))
case("at_set", ["f32[4]", "f32[]"], [((0, 0), 0), ((0, None), 0), ((None, 0), 0)])(
    lambda x, v: x.at[1].set(v))
case("at_add_batched_index", ["f32[4]", "idx[]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 0)])(
    lambda x, i: x.at[i].add(1.0))
case("where", ["f32[3]"], A0_1D)(lambda x: jnp.where(x > 0, x, 0.0))
case("where_pair", ["f32[3]", "f32[3]"], PAIR)(lambda x, y: jnp.where(x > y, x, y))
case("jnp_clip", ["f32[3]"], A0_1D)(lambda x: jnp.clip(x, -0.5, 0.5))
case("iota_add", ["i32[3]"], A0_1D)(lambda x: x + lax.iota(jnp.int32, 3))

case("at_mul_batched_index", ["f32[4]", "idx[]", "f32[]"],
     [((0, 0, 0), 0), ((None, 0, None), 0), ((0, None, 0), 0)])(
    lambda x, i, v: x.at[i].multiply(v))
case("at_min", ["f32[4]", "f32[2]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 1)])(
    lambda x, v: x.at[jnp.array([0, 2])].min(v))
case("at_max_rows", ["f32[3,2]", "f32[2]"], [((0, 0), 0), ((2, None), 0), ((None, 0), 0)])(
    lambda x, v: x.at[1].max(v))
case("take", ["f32[2,4]", "idx[3]"], [((0, 0), 0), ((None, 0), 0), ((2, None), 1)])(
    lambda x, i: jnp.take(x, i, axis=1))
case("gather_2d", ["f32[3,4]"], [((0,), 0), ((2,), 1)])(
    lambda x: x[jnp.array([2, 0]), jnp.array([1, 3])])
case("dynamic_slice_2d", ["f32[3,4]", "idx[]", "idx[]"],
     [((0, 0, 0), 0), ((0, None, 0), 0), ((None, 0, None), 1), ((2, None, None), 0)])(
    lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 2)))
case("cumprod", ["f32[2,3]"], [((0,), 0), ((2,), 0)])(lambda x: lax.cumprod(x, 1))
case("cummin_rev", ["f32[2,3]"], [((0,), 0), ((1,), 2)])(lambda x: lax.cummin(x, 0, reverse=True))
case("sort_unbatched_values", ["f32[4]", "i32[4]"], [((0, None), 0), ((None, 0), 0), ((0, 0), 1)])(
    lambda x, y: tuple(lax.sort((x, y), dimension=0, num_keys=1)))
case("unstack", ["f32[3,2]"], [((0,), 0), ((1,), 0), ((2,), 1)])(
    lambda x: tuple(jnp.unstack(x, axis=1)))
case("argsort_2d", ["f32[2,4]"], [((0,), 0), ((1,), 0)])(lambda x: jnp.argsort(x, axis=1))
case("where_pred_only", ["b[3]"], A0_1D)(lambda p: jnp.where(p, 1.0, -1.0))
case("clip_batched_bounds", ["f32[3]", "f32[]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 1)])(
    lambda x, m: jnp.clip(x, -m, m))
case("iota_only", ["f32[3]"], A0_1D)(lambda x: (x, lax.iota(jnp.float32, 3)))
case("negative_out_axes", ["f32[2,3]"], [((0,), -1), ((-1,), -2)])(lambda x: jnp.exp(x) * 2.0)
case("mean_var", ["f32[2,4]"], [((0,), 0), ((2,), 0)])(lambda x: (jnp.mean(x), jnp.var(x)))
case("softmax", ["f32[4]"], A0_1D)(
    lambda x: jnp.exp(x - jnp.max(x)) / jnp.sum(jnp.exp(x - jnp.max(x))))
case("convert_bool_sum", ["f32[4]"], [((0,), 0), ((1,), 0)])(lambda x: jnp.sum(x > 0))
case("rem_sign", ["f32[3]", "f32+[3]"], PAIR)(lambda x, y: lax.rem(x, y) * lax.sign(y))
case("pow", ["f32+[2]", "f32[2]"], PAIR)(lambda x, y: lax.pow(x, y))
case("atan2", ["f32[2]", "f32+[2]"], PAIR)(lambda x, y: lax.atan2(x, y))

# ---- nesting ----
case("vmap_of_vmap", ["f32[2,3]"], [((0,), 0), ((1,), 0), ((2,), 1)])(
    lambda x: jax.vmap(lambda r: jnp.sum(r * r))(x))
case("vmap_inner_axes", ["f32[2,3]", "f32[2]"], [((0, None), 0), ((0, 0), 1)])(
    lambda x, y: jax.vmap(lambda r, s: r * s, in_axes=(1, None), out_axes=1)(x, y))
case("captured_outer", ["f32[]", "f32[3]"], [((0, None), 0), ((0, 0), 1), ((None, 0), 0)])(
    lambda x, ys: jax.vmap(lambda y: x * y + jnp.sin(y))(ys))
case("captured_outer_matmul", ["f32[3]", "f32[2,3]"], [((0, None), 0), ((None, 0), 1)])(
    lambda v, m: jax.vmap(lambda row: jnp.dot(row, v))(m))
case("jvp_inside", ["f32[2]", "f32[2]"], PAIR)(lambda x, t: jax.jvp(jnp.sin, (x,), (t,))[1])
case("jit_inside", ["f32[2]", "f32[2]"], PAIR)(
    lambda x, y: jax.jit(lambda a, b: lax.mul(a, b) + 1.0)(x, y))
case("many_outputs", ["f32[2]"], [((0,), 0), ((1,), (1, 0)), ((0,), (0, None))])(
    lambda x: (x * 2.0, jnp.ones(2)))
case("unbatched_output", ["f32[2]", "f32[2]"], [((0, None), 0), ((0, None), (0, 1))])(
    lambda x, y: (x + y, y * 2.0))

# ---- random ----
KEY = [((0,), 0)]
case("normal", ["key[]"], KEY)(lambda k: jax.random.normal(k, (3,)))
case("uniform", ["key[]"], [((0,), 0), ((0,), 1)])(lambda k: jax.random.uniform(k, (2, 2)))
case("bits", ["key[]"], KEY)(lambda k: jax.random.bits(k, (3,)))
case("split_inside", ["key[]"], KEY)(lambda k: jax.random.split(k))
case("fold_in", ["key[]", "idx[]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 0)])(
    lambda k, i: jax.random.fold_in(k, i))
case("normal_partitionable", ["key[]"], KEY)(lambda k: jax.random.normal(k, (3,)))
case("normal_scaled", ["key[]", "f32[3]"], [((0, 0), 0), ((None, 0), 0), ((0, None), 0)])(
    lambda k, x: jax.random.normal(k, (3,)) * x)


def batched(spec, axis, salt):
    """The input for one argument: the per-example spec with a batch of B at `axis`.
    A `key[]` is a raw threefry key (`u32[2]`); batched, the keys of `split` (axis 0)."""
    kind, shape, n = parse_spec(spec)
    if kind == "key":
        key = jax.random.PRNGKey(salt + 42)
        if axis is None:
            return np.asarray(key)
        assert axis == 0
        return np.asarray(jax.random.split(key, B))
    if axis is None:
        return data(spec, salt)
    full = list(shape)
    full.insert(axis if axis >= 0 else len(shape) + 1 + axis, B)
    dims = ",".join(str(d) for d in full)
    return data(f"{kind}[{dims}]", salt)


def main():
    # jaxrs's default PRNG mode is JAX's classic one (README, "Deliberate differences").
    jax.config.update("jax_threefry_partitionable", False)
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "batch": B,
           "cases": []}
    for name, specs, f, axes in CASES:
        for in_axes, out_axes in axes:
            args = [jnp.asarray(batched(s, a, 2 * i))
                    for i, (s, a) in enumerate(zip(specs, in_axes))]
            jax.config.update("jax_threefry_partitionable", name.endswith("_partitionable"))
            g = jax.vmap(f, in_axes=in_axes, out_axes=out_axes)
            try:
                res = g(*args)
            except Exception as e:
                raise ValueError(f"{name} {in_axes} {out_axes}") from e
            res = list(res) if isinstance(res, tuple) else [res]
            out_list = list(out_axes) if isinstance(out_axes, tuple) else out_axes
            out["cases"].append({
                "name": name,
                "in_axes": list(in_axes),
                "out_axes": out_list,
                "args": [enc(a) for a in args],
                "out": [enc(np.asarray(r)) for r in res],
                "jaxpr": str(jax.make_jaxpr(g)(*args)),
            })
    jax.config.update("jax_threefry_partitionable", False)
    # The walkthrough's Monte-Carlo idiom: one normal sample per split key.
    keys = jax.random.split(jax.random.PRNGKey(0), 4)
    normals = jax.vmap(lambda k: jax.random.normal(k, (3,)))(keys)
    out["split_normal"] = {"seed": 0, "n": 4, "keys": enc(keys), "out": enc(normals)}
    # jvp of a vmapped function.
    f = jax.vmap(lambda r: jnp.sin(r) * r + jnp.sum(r))
    x = jnp.asarray(data("f32[3,2]", 0))
    t = jnp.asarray(data("f32[3,2]", 5))
    y, ty = jax.jvp(f, (x,), (t,))
    out["jvp_of_vmap"] = {
        "x": enc(x), "t": enc(t), "y": enc(y), "ty": enc(ty),
        "jaxpr": str(jax.make_jaxpr(lambda a, b: jax.jvp(f, (a,), (b,)))(x, t)),
    }
    write_cases(OUT, out)


if __name__ == "__main__":
    main()
