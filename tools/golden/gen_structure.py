"""Golden data for the structural lax primitives and dot_general.

Runs each primitive through JAX (jax.lax) on small inputs and records inputs, parameters
and outputs in jaxrs-core/tests/golden/structure.json. Re-run with tools/golden/run_all.sh.
Float values that JSON cannot hold are written as the strings "nan", "inf", "-inf".
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import enc, golden_path

OUT = golden_path("structure.json")


cases = []


def case(name, op, fn, inputs, params):
    outs = fn(*inputs)
    if not isinstance(outs, (tuple, list)):
        outs = [outs]
    cases.append({
        "name": name,
        "op": op,
        "params": params,
        "inputs": [enc(x) for x in inputs],
        "outputs": [enc(o) for o in outs],
    })


rng = np.random.default_rng(0)
f = lambda *s: rng.standard_normal(s).astype(np.float32)
i = lambda *s: rng.integers(-9, 10, s).astype(np.int32)
x34 = np.arange(12, dtype=np.float32).reshape(3, 4)
x234 = np.arange(24, dtype=np.int32).reshape(2, 3, 4)

# reshape / transpose / squeeze / rev / copy
for ns in [(12,), (4, 3), (2, 2, 3), (1, 12, 1)]:
    case(f"reshape {ns}", "reshape", lambda x, ns=ns: lax.reshape(x, ns), [x34], {"new_sizes": list(ns)})
for p in [(1, 0, 2), (2, 1, 0), (0, 2, 1), (1, 2, 0)]:
    case(f"transpose {p}", "transpose", lambda x, p=p: lax.transpose(x, p), [x234], {"permutation": list(p)})
case("squeeze", "squeeze", lambda x: lax.squeeze(x, (0, 2)), [np.ones((1, 3, 1), np.float32) * 2],
     {"dimensions": [0, 2]})
for d in [(0,), (1,), (0, 2), (0, 1, 2)]:
    case(f"rev {d}", "rev", lambda x, d=d: lax.rev(x, d), [x234], {"dimensions": list(d)})
case("copy", "copy", lambda x: lax.copy_p.bind(x), [x34], {})

# broadcast_in_dim
case("broadcast_in_dim row", "broadcast_in_dim",
     lambda x: lax.broadcast_in_dim(x, (2, 3, 4), (1, 2)), [x34[:, :]], {"shape": [2, 3, 4], "broadcast_dimensions": [1, 2]})
case("broadcast_in_dim unit", "broadcast_in_dim",
     lambda x: lax.broadcast_in_dim(x, (3, 4), (0, 1)), [np.array([[1.], [2.], [3.]], np.float32)],
     {"shape": [3, 4], "broadcast_dimensions": [0, 1]})

# concatenate / stack
a, b = f(2, 3), f(4, 3)
case("concatenate 0", "concatenate", lambda a, b: lax.concatenate([a, b], 0), [a, b], {"dimension": 0})
c, d = i(2, 1), i(2, 3)
case("concatenate 1", "concatenate", lambda c, d, e: lax.concatenate([c, d, e], 1), [c, d, c], {"dimension": 1})
for ax in [0, 1, 2, -1]:
    case(f"stack {ax}", "stack", lambda p, q, ax=ax: lax.stack([p, q], ax), [x34, x34 + 100],
         {"axis": ax})

# pad
for cfg in [((1, 2, 0), (0, 1, 1)), ((-1, 1, 0), (2, -2, 2)), ((0, 0, 1), (0, 0, 0))]:
    case(f"pad {cfg}", "pad", lambda x, v, cfg=cfg: lax.pad(x, v, cfg), [x34, np.float32(-1)],
         {"padding_config": [list(c) for c in cfg]})

# slice
for s, l, st in [((0, 1), (3, 4), None), ((1, 0), (3, 4), (1, 2)), ((0, 1), (3, 4), (2, 3)), ((2, 2), (2, 4), None)]:
    case(f"slice {s} {l} {st}", "slice", lambda x, s=s, l=l, st=st: lax.slice(x, s, l, st), [x34],
         {"start_indices": list(s), "limit_indices": list(l), "strides": None if st is None else list(st)})

# dynamic_slice / dynamic_update_slice (indices as int32 arrays, including clamping and negatives)
for st in [(1, 1), (2, 3), (-1, 0), (5, -7)]:
    idx = [np.int32(v) for v in st]
    case(f"dynamic_slice {st}", "dynamic_slice",
         lambda x, p, q: lax.dynamic_slice(x, (p, q), (2, 2)), [x34, *idx], {"slice_sizes": [2, 2]})
    case(f"dynamic_update_slice {st}", "dynamic_update_slice",
         lambda x, u, p, q: lax.dynamic_update_slice(x, u, (p, q)), [x34, -np.ones((2, 3), np.float32), *idx], {})

# gather
GD = lax.GatherDimensionNumbers
M = lax.GatherScatterMode


def gd_json(dn):
    return {"offset_dims": list(dn.offset_dims), "collapsed_slice_dims": list(dn.collapsed_slice_dims),
            "start_index_map": list(dn.start_index_map), "operand_batching_dims": list(dn.operand_batching_dims),
            "start_indices_batching_dims": list(dn.start_indices_batching_dims)}


mode_name = {M.CLIP: "clip", M.FILL_OR_DROP: "fill_or_drop", M.PROMISE_IN_BOUNDS: "promise_in_bounds"}
gather_cases = [
    ("rows", x34, np.array([[0], [2], [1]], np.int32),
     GD(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,)), (1, 4)),
    ("points", x34, np.array([[0, 1], [2, 3], [1, 0]], np.int32),
     GD(offset_dims=(), collapsed_slice_dims=(0, 1), start_index_map=(0, 1)), (1, 1)),
    ("windows", x34, np.array([[0, 1], [1, 2], [2, 3], [-1, 0]], np.int32),
     GD(offset_dims=(1, 2), collapsed_slice_dims=(), start_index_map=(0, 1)), (2, 2)),
    ("cols 2d indices", x34, np.array([[[3], [0]], [[1], [9]]], np.int32),
     GD(offset_dims=(2,), collapsed_slice_dims=(1,), start_index_map=(1,)), (3, 1)),
    ("batching", x234, np.array([[[0], [2]], [[1], [1]]], np.int32),
     GD(offset_dims=(2,), collapsed_slice_dims=(1,), start_index_map=(1,), operand_batching_dims=(0,),
        start_indices_batching_dims=(0,)), (1, 1, 4)),
]
for name, op, ind, dn, ss in gather_cases:
    for mode in [M.CLIP, M.FILL_OR_DROP, M.PROMISE_IN_BOUNDS]:
        fills = [None, -5.0] if mode == M.FILL_OR_DROP else [None]
        for fill in fills:
            case(f"gather {name} {mode_name[mode]} fill={fill}", "gather",
                 lambda o, ix, dn=dn, ss=ss, mode=mode, fill=fill: lax.gather(o, ix, dn, ss, mode=mode, fill_value=fill),
                 [op, ind], {"dimension_numbers": gd_json(dn), "slice_sizes": list(ss), "mode": mode_name[mode],
                             "fill_value": fill})
case("gather int fill default", "gather",
     lambda o, ix: lax.gather(o, ix, GD(offset_dims=(), collapsed_slice_dims=(0,), start_index_map=(0,)), (1,),
                              mode=M.FILL_OR_DROP),
     [np.arange(5, dtype=np.int32), np.array([[1], [7], [-1]], np.int32)],
     {"dimension_numbers": gd_json(GD(offset_dims=(), collapsed_slice_dims=(0,), start_index_map=(0,))),
      "slice_sizes": [1], "mode": "fill_or_drop", "fill_value": None})

# scatter (all five kinds)
SD = lax.ScatterDimensionNumbers


def sd_json(dn):
    return {"update_window_dims": list(dn.update_window_dims), "inserted_window_dims": list(dn.inserted_window_dims),
            "scatter_dims_to_operand_dims": list(dn.scatter_dims_to_operand_dims),
            "operand_batching_dims": list(dn.operand_batching_dims),
            "scatter_indices_batching_dims": list(dn.scatter_indices_batching_dims)}


kinds = {"scatter": lax.scatter, "scatter-add": lax.scatter_add, "scatter-mul": lax.scatter_mul,
         "scatter-min": lax.scatter_min, "scatter-max": lax.scatter_max}
scatter_cases = [
    ("rows dup", x34, np.array([[0], [2], [0], [5]], np.int32), f(4, 4),
     SD(update_window_dims=(1,), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,))),
    ("points", x34, np.array([[0, 1], [2, 3], [0, 1], [-1, 2]], np.int32), f(4),
     SD(update_window_dims=(), inserted_window_dims=(0, 1), scatter_dims_to_operand_dims=(0, 1))),
    ("windows", x34, np.array([[0, 1], [2, 3], [1, 2]], np.int32), f(3, 2, 2),
     SD(update_window_dims=(1, 2), inserted_window_dims=(), scatter_dims_to_operand_dims=(0, 1))),
    ("batching", x234.astype(np.float32), np.array([[[0], [2]], [[1], [1]]], np.int32), f(2, 2, 4),
     SD(update_window_dims=(2,), inserted_window_dims=(1,), scatter_dims_to_operand_dims=(1,),
        operand_batching_dims=(0,), scatter_indices_batching_dims=(0,))),
]
for name, op, ind, upd, dn in scatter_cases:
    for kind, fn in kinds.items():
        for mode in [M.CLIP, M.FILL_OR_DROP, M.PROMISE_IN_BOUNDS]:
            case(f"{kind} {name} {mode_name[mode]}", kind,
                 lambda o, ix, u, fn=fn, dn=dn, mode=mode: fn(o, ix, u, dn, mode=mode),
                 [op, ind, upd], {"dimension_numbers": sd_json(dn), "mode": mode_name[mode]})
case("scatter-add int dup", "scatter-add",
     lambda o, ix, u: lax.scatter_add(o, ix, u, SD(update_window_dims=(), inserted_window_dims=(0,),
                                                     scatter_dims_to_operand_dims=(0,))),
     [np.zeros(4, np.int32), np.array([[1], [1], [3], [1]], np.int32), np.array([5, 6, 7, 8], np.int32)],
     {"dimension_numbers": sd_json(SD(update_window_dims=(), inserted_window_dims=(0,),
                                      scatter_dims_to_operand_dims=(0,))), "mode": "fill_or_drop"})

# sort
special = np.array([3.0, -0.0, np.nan, 0.0, -np.inf, 1.0, -np.nan, np.inf, -0.0, 2.0], np.float32)
case("sort specials", "sort", lambda x: lax.sort(x), [special], {"dimension": 0, "num_keys": 1})
case("sort 2d dim0", "sort", lambda x: lax.sort(x, dimension=0), [i(4, 3)], {"dimension": 0, "num_keys": 1})
k1 = np.array([2, 1, 2, 1, 0, 2], np.int32)
k2 = np.array([5., 3., 1., 3., 9., 1.], np.float32)
v = np.arange(6, dtype=np.int32)
case("sort 3 operands 1 key", "sort", lambda a, b, c: lax.sort((a, b, c), num_keys=1), [k1, k2, v],
     {"dimension": 0, "num_keys": 1})
case("sort 3 operands 2 keys", "sort", lambda a, b, c: lax.sort((a, b, c), num_keys=2), [k1, k2, v],
     {"dimension": 0, "num_keys": 2})
case("sort bool", "sort", lambda x: lax.sort(x), [np.array([True, False, True, False])],
     {"dimension": 0, "num_keys": 1})

# dot_general
dot_cases = [
    ("matvec", f(3, 4), f(4), (((1,), (0,)), ((), ())), None),
    ("matmul", f(3, 4), f(4, 5), (((1,), (0,)), ((), ())), None),
    ("batched", f(2, 3, 4), f(2, 4, 5), (((2,), (1,)), ((0,), (0,))), None),
    ("outer", f(3), f(2), (((), ()), ((), ())), None),
    ("two contractions", f(2, 3, 4), f(4, 3), (((1, 2), (1, 0)), ((), ())), None),
    ("batch not leading", f(3, 2, 4), f(4, 2), (((2,), (0,)), ((1,), (1,))), None),
    ("int", i(3, 4), i(4, 2), (((1,), (0,)), ((), ())), None),
    ("int preferred f32", i(2, 3), i(3, 2), (((1,), (0,)), ((), ())), np.float32),
]
for name, l, r, dn, pref in dot_cases:
    case(f"dot_general {name}", "dot_general",
         lambda l, r, dn=dn, pref=pref: lax.dot_general(l, r, dn, preferred_element_type=pref), [l, r],
         {"dimension_numbers": [[list(dn[0][0]), list(dn[0][1])], [list(dn[1][0]), list(dn[1][1])]],
          "preferred_element_type": None if pref is None else np.dtype(pref).name})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump({"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": cases}, fh)
print(f"wrote {len(cases)} cases to {OUT}")

# ---------------------------------------------------------------------------------------
# jnp shape functions and products: values and jaxprs (arguments are jaxpr inputs).
jnp_cases = []


def jcase(name, fn, params, f, *args):
    args = [np.asarray(a) for a in args]
    jargs = [jnp.asarray(a) for a in args]
    out = f(*jargs)
    outs = out if isinstance(out, (tuple, list)) else [out]
    jnp_cases.append({"name": name, "fn": fn, "params": params, "args": [enc(a) for a in args],
                      "outputs": [enc(o) for o in outs], "jaxpr": str(jax.make_jaxpr(f)(*jargs))})


v6 = np.arange(6, dtype=np.float32)
m23 = np.arange(6, dtype=np.int32).reshape(2, 3)
t234 = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
for shp in [[2, 3], [3, -1], [-1], [1, 6, 1], [6]]:
    jcase(f"reshape {shp}", "reshape", {"shape": shp}, lambda a, shp=shp: jnp.reshape(a, shp), v6)
jcase("reshape 3d", "reshape", {"shape": [4, -1, 2]}, lambda a: a.reshape(4, -1, 2), t234)
jcase("ravel", "ravel", {}, lambda a: jnp.ravel(a), t234)
jcase("transpose none", "transpose", {"axes": None}, lambda a: jnp.transpose(a), t234)
for ax in [[1, 0, 2], [2, 0, 1], [-1, 0, 1], [0, 1, 2]]:
    jcase(f"transpose {ax}", "transpose", {"axes": ax}, lambda a, ax=ax: jnp.transpose(a, ax), t234)
jcase("T 2d", "T", {}, lambda a: a.T, m23)
jcase("T 1d", "T", {}, lambda a: a.T, v6)
jcase("moveaxis", "moveaxis", {"source": [0], "destination": [-1]},
      lambda a: jnp.moveaxis(a, 0, -1), t234)
jcase("swapaxes", "swapaxes", {"axis1": 0, "axis2": 2}, lambda a: jnp.swapaxes(a, 0, 2), t234)
for ax in [0, -1, [0, 2]]:
    jcase(f"expand_dims {ax}", "expand_dims", {"axis": ax if isinstance(ax, list) else [ax]},
          lambda a, ax=ax: jnp.expand_dims(a, ax), m23)
u = np.ones((1, 3, 1), np.float32)
jcase("squeeze all", "squeeze", {"axis": None}, lambda a: jnp.squeeze(a), u)
jcase("squeeze 0", "squeeze", {"axis": [0]}, lambda a: jnp.squeeze(a, 0), u)
jcase("squeeze -1", "squeeze", {"axis": [-1]}, lambda a: jnp.squeeze(a, -1), u)
jcase("broadcast_to row", "broadcast_to", {"shape": [4, 3]}, lambda a: jnp.broadcast_to(a, (4, 3)),
      np.arange(3, dtype=np.float32))
jcase("broadcast_to unit", "broadcast_to", {"shape": [2, 3, 4]},
      lambda a: jnp.broadcast_to(a, (2, 3, 4)), np.arange(3, dtype=np.int32).reshape(3, 1))
jcase("broadcast_to same", "broadcast_to", {"shape": [2, 3]}, lambda a: jnp.broadcast_to(a, (2, 3)), m23)
jcase("concatenate 0", "concatenate", {"axis": 0}, lambda a, b: jnp.concatenate([a, b]),
      m23, np.arange(3, dtype=np.int32).reshape(1, 3))
jcase("concatenate -1", "concatenate", {"axis": -1}, lambda a, b: jnp.concatenate([a, b], axis=-1),
      m23, m23 * 10)
jcase("concatenate promote", "concatenate", {"axis": 0}, lambda a, b: jnp.concatenate([a, b]),
      np.arange(2, dtype=np.int32), np.ones(3, np.float32))
jcase("concatenate three", "concatenate", {"axis": 1},
      lambda a, b, c: jnp.concatenate([a, b, c], axis=1), m23, m23, m23)
jcase("stack 0", "stack", {"axis": 0}, lambda a, b: jnp.stack([a, b]), m23, m23 + 6)
jcase("stack 1", "stack", {"axis": 1}, lambda a, b: jnp.stack([a, b], axis=1), m23, m23 + 6)
jcase("stack -1", "stack", {"axis": -1}, lambda a, b: jnp.stack([a, b], axis=-1), m23, m23 + 6)
jcase("stack promote", "stack", {"axis": 0}, lambda a, b: jnp.stack([a, b]),
      np.arange(3, dtype=np.int32), np.ones(3, np.float32))
jcase("flip all", "flip", {"axis": None}, lambda a: jnp.flip(a), m23)
jcase("flip 1", "flip", {"axis": [1]}, lambda a: jnp.flip(a, 1), m23)
jcase("flip 0 2", "flip", {"axis": [0, 2]}, lambda a: jnp.flip(a, (0, 2)), t234)
sv = np.array([3., -0., np.nan, 0., -np.inf, 1., 2.], np.float32)
jcase("sort 1d", "sort", {"axis": [-1]}, lambda a: jnp.sort(a), sv)
jcase("sort axis 0", "sort", {"axis": [0]}, lambda a: jnp.sort(a, axis=0), i(4, 3))
jcase("sort none", "sort", {"axis": None}, lambda a: jnp.sort(a, axis=None), i(2, 3))
jcase("argsort 1d", "argsort", {"axis": [-1]}, lambda a: jnp.argsort(a), np.array([3, 1, 2, 1, 0], np.int32))
jcase("argsort 2d", "argsort", {"axis": [0]}, lambda a: jnp.argsort(a, axis=0), i(4, 3))
mats = [
    ("matmul 2d", f(3, 4), f(4, 5)),
    ("matmul vec vec", f(4), f(4)),
    ("matmul mat vec", f(3, 4), f(4)),
    ("matmul vec mat", f(4), f(4, 3)),
    ("matmul batch", f(2, 3, 4), f(2, 4, 5)),
    ("matmul batch bcast", f(2, 3, 4), f(4, 5)),
    ("matmul unit batch", f(2, 1, 3, 4), f(5, 4, 2)),
    ("matmul both unit", f(1, 3, 4), f(1, 4, 2)),
    ("matmul int", i(2, 3), i(3, 2)),
    ("matmul mixed", i(2, 3), f(3, 2)),
]
for name, a, b in mats:
    jcase(name, "matmul", {}, lambda a, b: jnp.matmul(a, b), a, b)
jcase("matmul method", "matmul", {}, lambda a, b: a @ b, f(2, 3), f(3, 2))
dots = [
    ("dot 2d", f(3, 4), f(4, 2)),
    ("dot vec", f(4), f(4)),
    ("dot nd", f(2, 3, 4), f(5, 4, 2)),
    ("dot mat vec", f(3, 4), f(4)),
    ("dot int", i(3), i(3)),
]
for name, a, b in dots:
    jcase(name, "dot", {}, lambda a, b: jnp.dot(a, b), a, b)
jcase("dot scalar", "dot_scalar", {}, lambda a: jnp.dot(a, 2.0), f(2, 2))
jcase("vdot", "vdot", {}, lambda a, b: jnp.vdot(a, b), f(2, 3), f(3, 2))
jcase("inner", "inner", {}, lambda a, b: jnp.inner(a, b), f(2, 3), f(4, 3))
jcase("outer", "outer", {}, lambda a, b: jnp.outer(a, b), f(3), f(2))

jcase("atleast_1d 0d", "atleast_1d", {}, lambda a: jnp.atleast_1d(a), np.float32(3.0))
jcase("atleast_1d 2d", "atleast_1d", {}, lambda a: jnp.atleast_1d(a), m23)
jcase("atleast_2d 1d", "atleast_2d", {}, lambda a: jnp.atleast_2d(a), v6)
jcase("atleast_2d 0d", "atleast_2d", {}, lambda a: jnp.atleast_2d(a), np.int32(4))
jcase("vstack 1d", "vstack", {}, lambda a, b: jnp.vstack([a, b]), v6, v6 * 2)
jcase("vstack 2d", "vstack", {}, lambda a, b: jnp.vstack([a, b]), m23, m23)
jcase("hstack 1d", "hstack", {}, lambda a, b: jnp.hstack([a, b]), v6, v6[:2])
jcase("hstack 2d", "hstack", {}, lambda a, b: jnp.hstack([a, b]), m23, m23[:, :1])
jcase("take axis 1", "take", {"axis": [1]}, lambda a, b: jnp.take(a, b, axis=1), m23.astype(np.float32),
      np.array([2, -1, 0, 5], np.int32))
jcase("take none", "take", {"axis": None}, lambda a, b: jnp.take(a, b), m23,
      np.array([[5, -6], [0, 9]], np.int32))
jcase("take axis 0 2d idx", "take", {"axis": [0]}, lambda a, b: jnp.take(a, b, axis=0), t234,
      np.array([[1, 0], [-2, 1]], np.int32))

# pad, split, roll, repeat, tile, stacking, diagonals, triangles
f23 = np.arange(1, 7, dtype=np.float32).reshape(2, 3)
i23 = np.arange(1, 7, dtype=np.int32).reshape(2, 3)
v5 = np.arange(1, 6, dtype=np.float32)
jcase("pad 1", "pad", {"width": 1, "mode": "constant"}, lambda a: jnp.pad(a, 1), f23)
jcase("pad pairs", "pad", {"width": [[1, 2], [0, 3]], "mode": "constant", "value": 5},
      lambda a: jnp.pad(a, ((1, 2), (0, 3)), constant_values=5), i23)
jcase("pad float value", "pad", {"width": [[1, 1]], "mode": "constant", "value": 2.5},
      lambda a: jnp.pad(a, ((1, 1),), constant_values=2.5), i23)
jcase("pad 1d pair", "pad", {"width": [1, 2], "mode": "constant"}, lambda a: jnp.pad(a, (1, 2)), v5)
for mode in ["edge", "reflect", "symmetric", "wrap"]:
    jcase(f"pad {mode}", "pad", {"width": [[1, 2], [0, 3]], "mode": mode},
          lambda a, mode=mode: jnp.pad(a, ((1, 2), (0, 3)), mode=mode), f23)
    jcase(f"pad {mode} long", "pad", {"width": [4, 6], "mode": mode},
          lambda a, mode=mode: jnp.pad(a, (4, 6), mode=mode), v5[:3])
for mode in ["reflect", "symmetric"]:
    jcase(f"pad {mode} odd", "pad", {"width": [[1, 2], [2, 3]], "mode": mode + "_odd"},
          lambda a, mode=mode: jnp.pad(a, ((1, 2), (2, 3)), mode=mode, reflect_type="odd"), f23)
    jcase(f"pad {mode} odd long", "pad", {"width": [5, 4], "mode": mode + "_odd"},
          lambda a, mode=mode: jnp.pad(a, (5, 4), mode=mode, reflect_type="odd"), np.arange(3, dtype=np.int32))
jcase("pad reflect odd unit axis", "pad", {"width": [[2, 1], [0, 0]], "mode": "reflect_odd"},
      lambda a: jnp.pad(a, ((2, 1), (0, 0)), mode="reflect", reflect_type="odd"), f23[:1])
jcase("pad per side", "pad", {"width": 1, "mode": "per_side", "values": [1, 2]},
      lambda a: jnp.pad(a, 1, constant_values=(1, 2)), f23)
jcase("pad per axis", "pad", {"width": [[1, 0], [2, 1]], "mode": "per_axis", "values": [[1, 2], [3, 4]]},
      lambda a: jnp.pad(a, ((1, 0), (2, 1)), constant_values=((1, 2), (3, 4))), f23)
jcase("pad per axis one row", "pad", {"width": [[1, 0], [0, 2]], "mode": "per_axis", "values": [[1.5, 2]]},
      lambda a: jnp.pad(a, ((1, 0), (0, 2)), constant_values=((1.5, 2),)), f23)
jcase("pad per axis int", "pad", {"width": [[0, 1], [1, 1]], "mode": "per_axis", "values": [[-1, 7], [8, 9]]},
      lambda a: jnp.pad(a, ((0, 1), (1, 1)), constant_values=((-1, 7), (8, 9))), i23)
jcase("pad reflect unit axis", "pad", {"width": [[2, 1], [1, 1]], "mode": "reflect"},
      lambda a: jnp.pad(a, ((2, 1), (1, 1)), mode="reflect"), f23[:1])
jcase("split 2", "split", {"sections": 2, "axis": 0}, lambda a: jnp.split(a, 2), np.arange(6, dtype=np.float32))
jcase("split indices", "split", {"indices": [1, 4], "axis": 0}, lambda a: jnp.split(a, [1, 4]),
      np.arange(6, dtype=np.float32))
jcase("split axis 1", "split", {"sections": 3, "axis": 1}, lambda a: jnp.split(a, 3, axis=1), i23)
jcase("split indices -1", "split", {"indices": [1], "axis": -1}, lambda a: jnp.split(a, [1], axis=-1), i23)
jcase("split indices repeated", "split", {"indices": [2, 2], "axis": 0}, lambda a: jnp.split(a, [2, 2]), v5)
jcase("array_split 4", "array_split", {"sections": 4, "axis": 0}, lambda a: jnp.array_split(a, 4),
      np.arange(6, dtype=np.float32))
jcase("array_split 3 axis 1", "array_split", {"sections": 2, "axis": 1}, lambda a: jnp.array_split(a, 2, axis=1), i23)
jcase("roll flat", "roll", {"shift": [2], "axis": None}, lambda a: jnp.roll(a, 2), f23)
jcase("roll axis", "roll", {"shift": [-1], "axis": [1]}, lambda a: jnp.roll(a, -1, axis=1), f23)
jcase("roll axes", "roll", {"shift": [1, 2], "axis": [0, 1]}, lambda a: jnp.roll(a, (1, 2), axis=(0, 1)), i23)
jcase("roll one shift two axes", "roll", {"shift": [4], "axis": [0, -1]}, lambda a: jnp.roll(a, 4, axis=(0, -1)), i23)
jcase("roll big", "roll", {"shift": [13], "axis": [0]}, lambda a: jnp.roll(a, 13, axis=0), v5)
jcase("repeat none", "repeat", {"repeats": 2, "axis": None}, lambda a: jnp.repeat(a, 2), f23)
jcase("repeat axis 1", "repeat", {"repeats": 3, "axis": [1]}, lambda a: jnp.repeat(a, 3, axis=1), i23)
jcase("repeat axis -2", "repeat", {"repeats": 2, "axis": [-2]}, lambda a: jnp.repeat(a, 2, axis=-2), i23)
jcase("repeat zero", "repeat", {"repeats": 0, "axis": [0]}, lambda a: jnp.repeat(a, 0, axis=0), v5)
jcase("tile 1 rep", "tile", {"reps": [2]}, lambda a: jnp.tile(a, 2), f23)
jcase("tile more reps", "tile", {"reps": [2, 1, 2]}, lambda a: jnp.tile(a, (2, 1, 2)), i23)
jcase("tile same", "tile", {"reps": [3, 2]}, lambda a: jnp.tile(a, (3, 2)), i23)
jcase("dstack 2d", "dstack", {}, lambda a, b: jnp.dstack([a, b]), f23, f23 * 2)
jcase("dstack 1d", "dstack", {}, lambda a, b: jnp.dstack([a, b]), v5, v5)
jcase("column_stack 1d", "column_stack", {}, lambda a, b: jnp.column_stack([a, b]), v5, v5 * 3)
jcase("column_stack 2d", "column_stack", {}, lambda a, b: jnp.column_stack([a, b]), f23, f23)
jcase("column_stack mixed", "column_stack", {}, lambda a, b: jnp.column_stack([a, b]), f23[:, 0], f23)
jcase("diagonal", "diagonal", {"offset": 0, "axis1": 0, "axis2": 1}, lambda a: jnp.diagonal(a), f23)
jcase("diagonal 1", "diagonal", {"offset": 1, "axis1": 0, "axis2": 1}, lambda a: jnp.diagonal(a, 1), f23)
jcase("diagonal -1", "diagonal", {"offset": -1, "axis1": 0, "axis2": 1}, lambda a: jnp.diagonal(a, -1), f23)
jcase("diagonal 3d", "diagonal", {"offset": 0, "axis1": 2, "axis2": 0},
      lambda a: jnp.diagonal(a, 0, 2, 0), t234)
jcase("diag vector", "diag", {"k": 0}, lambda a: jnp.diag(a), v5[:3])
jcase("diag vector 1", "diag", {"k": 1}, lambda a: jnp.diag(a, 1), i23[0])
jcase("diag vector -2", "diag", {"k": -2}, lambda a: jnp.diag(a, -2), v5[:2])
jcase("diag matrix", "diag", {"k": 0}, lambda a: jnp.diag(a), f23)
jcase("diag matrix 1", "diag", {"k": 1}, lambda a: jnp.diag(a, 1), i23)
for k in [0, 1, -1]:
    jcase(f"tril {k}", "tril", {"k": k}, lambda a, k=k: jnp.tril(a, k), f23)
    jcase(f"triu {k}", "triu", {"k": k}, lambda a, k=k: jnp.triu(a, k), i23)
jcase("tril 3d", "tril", {"k": 0}, lambda a: jnp.tril(a), t234)
jcase("fliplr", "fliplr", {}, lambda a: jnp.fliplr(a), f23)
jcase("flipud", "flipud", {}, lambda a: jnp.flipud(a), t234)
for k in [0, 1, 2, 3, -1]:
    jcase(f"rot90 {k}", "rot90", {"k": k, "axes": [0, 1]}, lambda a, k=k: jnp.rot90(a, k), f23)
jcase("rot90 axes", "rot90", {"k": 1, "axes": [2, 0]}, lambda a: jnp.rot90(a, 1, axes=(2, 0)), t234)
jcase("hsplit", "hsplit", {"sections": 3}, lambda a: jnp.hsplit(a, 3), f23)
jcase("hsplit 1d", "hsplit", {"indices": [1, 3]}, lambda a: jnp.hsplit(a, [1, 3]), v5)
jcase("vsplit", "vsplit", {"sections": 2}, lambda a: jnp.vsplit(a, 2), i23)
jcase("dsplit", "dsplit", {"indices": [1]}, lambda a: jnp.dsplit(a, [1]), t234)
jcase("append flat", "append", {"axis": None}, lambda a, b: jnp.append(a, b), f23, v5)
jcase("append axis 0", "append", {"axis": [0]}, lambda a, b: jnp.append(a, b, axis=0), f23, f23)
jcase("append promote", "append", {"axis": [1]}, lambda a, b: jnp.append(a, b, axis=1), i23, f23[:, :1])
for ax, st in [(2, 0), (0, 3), (1, -1), (-1, 1)]:
    jcase(f"rollaxis {ax} {st}", "rollaxis", {"axis": ax, "start": st},
          lambda a, ax=ax, st=st: jnp.rollaxis(a, ax, st), t234)
for n, m, k in [(3, 4, 1), (2, 2, 0), (3, 2, -1)]:
    jcase(f"tri {n} {m} {k}", "tri", {"n": n, "m": m, "k": k}, lambda a, n=n, m=m, k=k: jnp.tri(n, m, k) + a,
          np.float32(0))
jcase("unstack", "unstack", {"axis": 0}, lambda a: jnp.unstack(a), f23)
jcase("unstack -1", "unstack", {"axis": -1}, lambda a: jnp.unstack(a, axis=-1), t234)
jcase("trace", "trace", {"offset": 0, "axis1": 0, "axis2": 1}, lambda a: jnp.trace(a), f23)
jcase("trace int offset", "trace", {"offset": 1, "axis1": 0, "axis2": 1}, lambda a: jnp.trace(a, 1), i23)
jcase("trace 3d", "trace", {"offset": -1, "axis1": 2, "axis2": 1}, lambda a: jnp.trace(a, -1, 2, 1), t234)

with open(OUT.replace("structure.json", "structure_jnp.json"), "w") as fh:
    json.dump({"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": jnp_cases},
              fh, indent=0)
print(f"wrote {len(jnp_cases)} jnp cases")
