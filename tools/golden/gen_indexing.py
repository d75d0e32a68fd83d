"""Golden data for NumPy indexing (`x[idx]`) and indexed updates (`x.at[idx].op(v)`).

For each case JAX computes the result and its jaxpr (`jax.make_jaxpr`); both go into
jaxrs-core/tests/golden/indexing.json. Index arrays and array values are captured
constants (constvars), scalar values are Python scalars (literals), as in the Rust tests.
Re-run with tools/golden/run_all.sh.

Index components are written as {"int": i}, {"slice": [start, stop, step]} (null for
None), {"none": 1}, {"ellipsis": 1}, {"bool": b} (a Python bool) or {"array": <array>}.
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np

from common import enc, golden_path

OUT = golden_path("indexing.json")


def I(v):
    return {"int": v}


def S(start=None, stop=None, step=None):
    return {"slice": [start, stop, step]}


NONE = {"none": 1}
ELL = {"ellipsis": 1}


def B(b):
    return {"bool": b}


def A(values, dtype=np.int32):
    return {"array": enc(np.array(values, dtype=dtype))}


def build_index(spec):
    out = []
    for item in spec:
        if "int" in item:
            out.append(item["int"])
        elif "slice" in item:
            out.append(slice(*item["slice"]))
        elif "none" in item:
            out.append(None)
        elif "ellipsis" in item:
            out.append(Ellipsis)
        elif "bool" in item:
            out.append(item["bool"])
        else:
            a = item["array"]
            out.append(jnp.array(np.array(a["data"], dtype=a["dtype"]).reshape(a["shape"])))
    return tuple(out)


cases = []
x1 = np.arange(5, dtype=np.int32)
x2 = np.arange(12, dtype=np.float32).reshape(3, 4)
x3 = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


def get(name, x, spec, mode=None, fill_value=None):
    idx = build_index(spec)
    xj = jnp.asarray(x)
    if mode is None:
        f = lambda a: a[idx]
    else:
        f = lambda a: a.at[idx].get(mode=mode, fill_value=fill_value)
    out = f(xj)
    text = str(jax.make_jaxpr(f)(xj))
    cases.append({"name": name, "op": "get", "x": enc(x), "index": spec, "mode": mode,
                  "fill_value": fill_value, "value": None, "out": enc(out), "jaxpr": text})


def upd(name, op, x, spec, value):
    idx = build_index(spec)
    xj = jnp.asarray(x)
    if isinstance(value, np.ndarray):
        vj = jnp.asarray(value)
        venc = {"array": enc(value)}
    else:
        vj = value
        kind = "bool" if isinstance(value, bool) else ("int" if isinstance(value, int) else "float")
        venc = {"scalar": value, "kind": kind}
    f = lambda a: getattr(a.at[idx], op)(vj)
    out = f(xj)
    text = str(jax.make_jaxpr(f)(xj))
    cases.append({"name": name, "op": op, "x": enc(x), "index": spec, "mode": None,
                  "fill_value": None, "value": venc, "out": enc(out), "jaxpr": text})


# --- integers (negative, out of bounds: reads clamp)
for i in [0, 3, -1, -5, 10, -10]:
    get(f"1d int {i}", x1, [I(i)])
for ij in [(0, 0), (1, 2), (-1, -1), (5, 0), (0, -9), (2, 7)]:
    get(f"2d ints {ij}", x2, [I(ij[0]), I(ij[1])])
get("3d int", x3, [I(1)])
get("3d int last", x3, [I(0), I(-1), I(2)])

# --- slices (steps, negative steps, empty, out of range)
for sl in [(1, 3, None), (None, None, None), (None, None, 2), (None, None, -1), (None, None, -2),
           (3, 0, -1), (-3, None, None), (None, -1, None), (10, None, None), (1, 100, None),
           (2, 2, None), (4, 1, -2), (None, 2, -1), (-2, -6, -1), (0, 5, 3)]:
    get(f"1d slice {sl}", x1, [S(*sl)])
get("2d rows", x2, [S(1, 3)])
get("2d col", x2, [S(), I(0)])
get("2d row reversed", x2, [I(0), S(None, None, -1)])
get("2d step rows last col", x2, [S(None, None, 2), I(-1)])
get("2d both reversed", x2, [S(None, None, -1), S(None, None, -1)])
get("2d cols reversed", x2, [S(), S(None, None, -1)])
get("2d oob row then slice", x2, [I(10), S(1, 3)])
get("2d neg oob row reversed", x2, [I(-7), S(None, None, -1)])
get("2d int then step 2", x2, [I(1), S(None, None, 2)])
get("2d oob int then step 2", x2, [I(10), S(None, None, 2)])
get("3d mixed", x3, [S(1, 2), S(None, None, -1), I(2)])

# --- new axes and ellipsis
get("newaxis first", x1, [NONE])
get("newaxis then slice", x2, [NONE, S()])
get("slice then newaxis", x2, [S(), NONE])
get("int then newaxis", x2, [I(0), NONE])
get("newaxis both ends", x1, [NONE, S(), NONE])
get("ellipsis int", x3, [ELL, I(0)])
get("int ellipsis", x3, [I(1), ELL])
get("ellipsis newaxis", x3, [ELL, NONE])
get("newaxis ellipsis int", x3, [NONE, ELL, I(1)])
get("slice newaxis ellipsis int", x3, [S(1, 2), NONE, ELL, I(0)])
get("ellipsis only", x2, [ELL])

# --- integer arrays (advanced indexing)
get("array 1d", x1, [A([0, 2])])
get("array negatives", x1, [A([-1, 0, -5])])
get("array 2d", x1, [A([[0, 1], [2, 0]])])
get("array oob clamps", x1, [A([10, -10])])
get("array rows", x2, [A([0, 2])])
get("array rows then slice", x2, [A([0, 2]), S(1, None)])
get("slice then array", x2, [S(), A([1, -1])])
get("two arrays", x2, [A([0, 1]), A([2, 3])])
get("broadcast arrays", x2, [A([[0], [1]]), A([1, 2])])
get("int and array", x2, [I(1), A([0, 2])])
get("array and int", x2, [A([0, 2]), I(-1)])
get("3d separated arrays", x3, [A([0, 1]), S(), A([1, 2])])
get("3d int slice array", x3, [I(0), S(), A([1, 2])])
get("3d slice array slice", x3, [S(), A([2, 0]), S(1, 3)])
get("array with step slice", x2, [A([0, 2]), S(None, None, 2)])
get("array with reversed slice", x2, [A([2, 0]), S(None, None, -1)])
get("array newaxis", x2, [A([1, 2]), NONE])
get("scalar array index", x1, [A(3)])
get("scalar array 2d", x2, [A(-1), S(1, 3)])
get("uint8 array", x1, [A([4, 1], np.uint8)])
get("int16 array", x2, [A([2, -3], np.int16)])
get("empty array", x1, [A([], np.int32)])
get("bool mask 1d", x1, [A([True, False, True, False, True], np.bool_)])
get("bool mask 2d", x2, [A([[True, False, False, True], [False, False, False, False],
                               [True, True, False, False]], np.bool_)])
get("bool mask rows", x2, [A([False, True, True], np.bool_), S(None, None, -1)])

# --- .at[].get with fill
get("get fill oob", x1, [A([1, 7, -9])], mode="fill", fill_value=-1)
get("get fill int", x1, [I(9)], mode="fill", fill_value=-3)
get("get fill float default", x2, [A([0, 5])], mode="fill")
get("get clip", x1, [A([9, -9])], mode="clip")

# --- updates: all five kinds, every index form
for op in ["set", "add", "mul", "min", "max"]:
    upd(f"{op} int", op, x1, [I(1)], 7)
    upd(f"{op} negative int", op, x1, [I(-1)], 7)
    upd(f"{op} oob int dropped", op, x1, [I(10)], 7)
    upd(f"{op} array dup", op, x1, [A([0, 0, 3])], np.array([5, 6, 7], np.int32))
    upd(f"{op} 2d slice", op, x2, [S(1, 3)], 2.5)
    upd(f"{op} 2d column", op, x2, [S(), I(1)], np.array([10., 20., 30.], np.float32))
for op in ["set", "add"]:
    upd(f"{op} reversed slice", op, x2, [S(), S(None, None, -1)], np.arange(4, dtype=np.float32))
    upd(f"{op} step slice", op, x2, [S(None, None, 2)], 1.0)
    upd(f"{op} newaxis", op, x2, [I(0), NONE], np.array([[1., 2., 3., 4.]], np.float32))
    upd(f"{op} ellipsis", op, x3, [ELL, I(0)], -1.0)
    upd(f"{op} two arrays", op, x2, [A([0, 2, 0]), A([1, 3, 1])], 5.0)
    upd(f"{op} array oob dropped", op, x1, [A([1, 7, -9])], 9)
    upd(f"{op} bool mask", op, x1, [A([True, False, True, False, False], np.bool_)], 8)
    upd(f"{op} full", op, x2, [S()], 3.0)
    upd(f"{op} empty slice", op, x1, [S(2, 2)], 1)
upd("add int into float", "add", x2, [I(1), I(1)], 2)
upd("set float into int", "set", x1, [I(2)], 9.7)
upd("set broadcast row", "set", x3, [I(1)], np.array([1., 2., 3., 4.], np.float32))
upd("mul negative step", "mul", x1, [S(None, None, -2)], 3)
upd("max 3d separated arrays", "max", x3, [A([0, 1]), S(), A([1, 2])], 100.0)
upd("min scalar array index", "min", x1, [A(2)], -4)

# --- more forms: 0-d operands, repeated new axes, windows out of bounds, broadcast updates
x0 = np.array(7.5, np.float32)
get("0d ellipsis", x0, [ELL])
get("0d newaxis", x0, [NONE])
get("0d empty index", x0, [])
get("two newaxes", x1, [NONE, NONE])
get("ellipsis reversed", x3, [ELL, S(None, None, -1)])
get("slice newaxis int", x2, [S(), NONE, I(1)])
get("array 2d rows then newaxis col", x2, [A([[0, 2], [1, 1]]), NONE, I(0)])
get("3d newaxis between arrays", x3, [A([1, 0]), NONE, A([2, 1])])
get("int16 rows uint8 cols", x2, [A([0, -1], np.int16), A([3, 0], np.uint8)])
upd("set oob row window dropped", "set", x2, [I(5), S(1, 3)], 1.0)
upd("set oob col", "set", x2, [I(1), I(10)], 1.0)
upd("set last row reversed", "set", x2, [I(-1), S(None, None, -1)], np.arange(4, dtype=np.float32))
upd("set broadcast arrays", "set", x2, [A([[0], [1]]), A([1, 2])], np.array([[1., 2.], [3., 4.]], np.float32))
upd("add newaxis ellipsis", "add", x2, [ELL, NONE], 1.0)
upd("set 0d", "set", x0, [], 2.0)
upd("mul rows step 2 negative", "mul", x2, [S(None, None, -2)], np.array([[2.], [3.]], np.float32))
upd("max with array value row", "max", x2, [A([2, 0])], np.array([5., 0., 5., 0.], np.float32))
upd("min uint8 index", "min", x1, [A([4, 4], np.uint8)], np.array([3, 1], np.int32))
upd("add bool into int", "add", x1, [I(0)], True)
upd("set int array values into float", "set", x2, [I(0)], np.array([1, 2, 3, 4], np.int32))

# --- scalar booleans: a new unit axis, kept (True) or emptied (False)
get("True", x2, [B(True)])
get("False", x2, [B(False)])
get("int then True", x2, [I(1), B(True)])
get("True then slice", x2, [B(True), S(1, None)])
get("ellipsis False", x2, [ELL, B(False)])
get("True False", x2, [B(True), B(False)])
get("array then True", x2, [A([2, 0]), B(True)])
get("True 1d array", x1, [B(True), A([4, 1])])
get("0d True", x0, [B(True)])
upd("set True", "set", x2, [B(True)], 1.0)
upd("add True int", "add", x2, [B(True), I(1)], 5.0)
upd("set False", "set", x2, [B(False)], 1.0)
upd("mul int True slice", "mul", x2, [I(2), B(True), S(None, None, 2)], 3.0)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump({"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": cases}, fh,
              indent=0)
print(f"wrote {len(cases)} cases to {OUT}")
