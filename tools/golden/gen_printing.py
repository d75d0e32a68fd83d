#!/usr/bin/env python3
"""Golden data for array printing: JAX's str(x) and repr(x) for many arrays.

Writes jaxrs-core/tests/golden/printing.json and printing_x64.json. Each case records the dtype, the shape, the
weak-type flag, the elements losslessly (the row-major bit patterns, each element as
fixed-width big-endian hex of its own size), and the two texts JAX prints. The 64-bit
dtypes need x64, so they are generated after switching it on and go to printing_x64.json.

Re-run: python3 tools/golden/gen_printing.py  (deterministic; needs jax and numpy).
"""

import json
import os

import numpy as np
import jax
import jax.numpy as jnp
import ml_dtypes
from jax._src.lax import lax as lax_internal

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "..", "jaxrs-core", "tests", "golden")

BF16 = np.dtype(ml_dtypes.bfloat16)
UINT_OF_SIZE = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}

INT_DTYPES32 = ["int8", "int16", "int32", "uint8", "uint16", "uint32"]
FLOAT_DTYPES32 = ["float16", "bfloat16", "float32"]


def np_dtype(name):
    return BF16 if name == "bfloat16" else np.dtype(name)


def hex_of(arr):
    flat = np.ascontiguousarray(arr).reshape(-1)
    width = 2 * flat.dtype.itemsize
    bits = flat.view(UINT_OF_SIZE[flat.dtype.itemsize])
    return "".join(format(int(b), "0{}x".format(width)) for b in bits)


def record(name, x):
    """One case from a JAX array."""
    value = np.asarray(x)
    return {
        "name": name,
        "dtype": str(x.dtype),
        "shape": list(x.shape),
        "weak": bool(x.aval.weak_type),
        "hex": hex_of(value),
        "str": str(x),
        "repr": repr(x),
    }


class Cases:
    def __init__(self):
        self.cases = []
        self.names = set()

    def add(self, name, values, dtype, shape=None, weak=False):
        with np.errstate(all="ignore"):
            arr = np.asarray(values, dtype=np_dtype(dtype))
        if shape is not None:
            arr = arr.reshape(shape)
        x = jnp.asarray(arr)
        assert str(x.dtype) == dtype, (name, x.dtype, dtype)
        if weak:
            x = lax_internal._convert_element_type(x, x.dtype, weak_type=True)
        assert name not in self.names, name
        self.names.add(name)
        self.cases.append(record(name, x))

    def add_jax(self, name, x):
        assert name not in self.names, name
        self.names.add(name)
        self.cases.append(record(name, x))


def float_specials(dtype):
    info = ml_dtypes.finfo(np_dtype(dtype))
    return [float(info.max), float(info.tiny), float(info.smallest_subnormal), float(info.eps)]


def int_cases(c, dtype, rng):
    info = np.iinfo(dtype)
    lo, hi = int(info.min), int(info.max)
    c.add(f"{dtype}_scalar", 7, dtype)
    c.add(f"{dtype}_scalar_max", hi, dtype)
    c.add(f"{dtype}_scalar_min", lo, dtype)
    c.add(f"{dtype}_arange10", list(range(10)), dtype)
    c.add(f"{dtype}_limits", [lo, hi, 0, 1, lo + 1, hi - 1], dtype)
    c.add(f"{dtype}_2d", np.arange(12).reshape(3, 4), dtype)
    c.add(f"{dtype}_3d", [v % 100 for v in range(24)], dtype, (2, 3, 4))
    c.add(f"{dtype}_4d", np.arange(16).reshape(2, 2, 2, 2), dtype)
    c.add(f"{dtype}_random_full", rng.integers(lo, hi, size=30, endpoint=True, dtype=dtype), dtype)
    c.add(f"{dtype}_random_2d", rng.integers(lo, hi, size=(5, 7), endpoint=True, dtype=dtype), dtype)
    c.add(f"{dtype}_empty", [], dtype)
    c.add(f"{dtype}_empty_2x0", np.zeros((2, 0)), dtype, (2, 0))
    c.add(f"{dtype}_big", rng.integers(lo, hi, size=1100, endpoint=True, dtype=dtype), dtype)
    c.add(f"{dtype}_big_2d", rng.integers(lo, hi, size=(40, 30), endpoint=True, dtype=dtype), dtype)
    if lo < 0:
        c.add(f"{dtype}_negatives", [-1, -10, 5, -100 if lo <= -100 else -3, 0], dtype)
    c.add(f"{dtype}_wide", rng.integers(0, min(hi, 10**6), size=60, endpoint=True, dtype=dtype), dtype)
    c.add(f"{dtype}_ones_1", [1], dtype)


def float_cases(c, dtype, rng):
    big = {"float16": 6e4, "bfloat16": 1e30, "float32": 1e30, "float64": 1e300}[dtype]
    tiny = {"float16": 1e-7, "bfloat16": 1e-30, "float32": 1e-30, "float64": 1e-300}[dtype]
    c.add(f"{dtype}_scalar", 2.5, dtype)
    c.add(f"{dtype}_scalar_int", 4.0, dtype)
    for i, v in enumerate([0.1, 1e-5, 1.5e-5, 1e-4, 0.00011, 999.0, 1000.0, 1024.0, 123456.0,
                           1e6, 1e7, 123456789.0, 1e15, 1e16, 1e17, 9.999e15, -0.0, 0.0,
                           float("nan"), float("inf"), float("-inf"), 1.0 / 3.0, -2.75,
                           big, tiny, 65504.0, 6e-8]):
        c.add(f"{dtype}_scalar_{i}", v, dtype)
    for i, v in enumerate(float_specials(dtype)):
        c.add(f"{dtype}_special_{i}", [v, -v, 1.0], dtype)
        c.add(f"{dtype}_special_scalar_{i}", v, dtype)
    c.add(f"{dtype}_linspace", np.linspace(0, 2, 9), dtype)
    c.add(f"{dtype}_linspace_rev", np.linspace(2, 0, 9), dtype)
    c.add(f"{dtype}_ints", np.arange(10), dtype)
    c.add(f"{dtype}_2d", np.arange(6).reshape(2, 3), dtype)
    c.add(f"{dtype}_zeros_2x3", np.zeros((2, 3)), dtype)
    c.add(f"{dtype}_ones_2x3x2", np.ones((2, 3, 2)), dtype)
    c.add(f"{dtype}_4d", np.arange(24).reshape(2, 3, 2, 2) / 4, dtype)
    c.add(f"{dtype}_5d", np.arange(32).reshape(2, 2, 2, 2, 2) - 15.5, dtype)
    c.add(f"{dtype}_normal", rng.standard_normal(12), dtype)
    c.add(f"{dtype}_normal_2d", rng.standard_normal((4, 5)), dtype)
    c.add(f"{dtype}_normal_3d", rng.standard_normal((2, 3, 4)) * 10, dtype)
    c.add(f"{dtype}_uniform", rng.uniform(size=10), dtype)
    c.add(f"{dtype}_thirds", np.arange(1, 8) / 3, dtype)
    c.add(f"{dtype}_tiny", rng.uniform(1e-7, 1e-5, size=6), dtype)
    c.add(f"{dtype}_small_edge", [1e-4, 2e-4, 5e-4], dtype)
    c.add(f"{dtype}_below_edge", [9e-5, 2e-4, 5e-4], dtype)
    c.add(f"{dtype}_ratio_1000", [0.1, 100.0], dtype)
    c.add(f"{dtype}_ratio_1001", [0.1, 100.1], dtype)
    c.add(f"{dtype}_ratio_big", [1.0, 1000.5], dtype)
    c.add(f"{dtype}_ratio_ok", [1.0, 999.0], dtype)
    c.add(f"{dtype}_huge", [big, -big / 3, 1.0], dtype)
    c.add(f"{dtype}_cutoff_max", [1e3, 1.0, 2.5], dtype)
    c.add(f"{dtype}_cutoff_max6", [1e6, 5e5, 2.5e5], dtype)
    c.add(f"{dtype}_cutoff_max8", [1e8, 5e7], dtype)
    c.add(f"{dtype}_below_cutoff", [999.0, 998.5, 1.0], dtype)
    c.add(f"{dtype}_mixed_signs", [-1.5, 2.0, -0.0, 0.0, 3.25, -100.0], dtype)
    c.add(f"{dtype}_neg_zero", [-0.0, 0.0], dtype)
    c.add(f"{dtype}_nan_inf", [float("nan"), float("inf"), float("-inf"), 1.0, -2.5], dtype)
    c.add(f"{dtype}_nan_only", [float("nan"), float("nan")], dtype)
    c.add(f"{dtype}_inf_only", [float("inf"), float("-inf")], dtype)
    c.add(f"{dtype}_pos_inf_nan", [float("inf"), float("nan")], dtype)
    c.add(f"{dtype}_nan_exp", [float("nan"), 1e-6, 1.0], dtype)
    c.add(f"{dtype}_neginf_exp", [float("-inf"), 1e-6, 1.0, -3e5], dtype)
    c.add(f"{dtype}_nan_2d", [[float("nan"), 1.0], [2.0, float("-inf")]], dtype)
    c.add(f"{dtype}_zeros_nan", [0.0, float("nan")], dtype)
    c.add(f"{dtype}_subnormal", [float_specials(dtype)[2], 1.0], dtype)
    c.add(f"{dtype}_exp_mixed", [1.5e-8, -2.25e5, 3.0, 0.0], dtype)
    c.add(f"{dtype}_empty", [], dtype)
    c.add(f"{dtype}_empty_2x0", np.zeros((2, 0)), dtype, (2, 0))
    c.add(f"{dtype}_empty_0x3x2", np.zeros((0, 3, 2)), dtype, (0, 3, 2))
    c.add(f"{dtype}_big_arange", np.arange(1200), dtype)
    c.add(f"{dtype}_big_normal", rng.standard_normal(1001), dtype)
    c.add(f"{dtype}_big_2d", rng.standard_normal((40, 30)), dtype)
    c.add(f"{dtype}_big_3d", rng.uniform(size=(11, 10, 10)), dtype)
    c.add(f"{dtype}_big_4d", np.arange(1296).reshape(6, 6, 6, 6) / 8, dtype)
    c.add(f"{dtype}_big_thin", rng.standard_normal((1001, 1)), dtype)
    c.add(f"{dtype}_big_row", rng.standard_normal((2, 520)) * 1000, dtype)
    c.add(f"{dtype}_wide", rng.standard_normal(40), dtype)
    c.add(f"{dtype}_wide_2d", rng.standard_normal((3, 20)) * 100, dtype)
    c.add(f"{dtype}_wide_exp", rng.standard_normal(25) * 1e-6, dtype)
    c.add(f"{dtype}_wide_ints", np.arange(17) * 1000, dtype)
    c.add(f"{dtype}_one", [1.0], dtype)


def random_bits_cases(c, dtype, rng, count):
    """Arbitrary bit patterns: every exponent, subnormals, nan/inf, all digit paths."""
    size = np_dtype(dtype).itemsize
    uint = UINT_OF_SIZE[size]
    for i in range(count):
        n = int(rng.integers(1, 9))
        bits = rng.integers(0, 2 ** (8 * size), size=n, dtype=uint, endpoint=False)
        if i % 3 == 1:
            # Narrow the exponent range so that positional layouts occur too.
            scale = np.asarray(rng.uniform(0.5, 300.0, size=n), dtype=np_dtype(dtype))
            bits = scale.view(uint)
        c.add(f"{dtype}_bits_{i}", bits.view(np_dtype(dtype)), dtype)
        c.add(f"{dtype}_bits_scalar_{i}", bits[:1].view(np_dtype(dtype))[0], dtype)
    two = np.float64(2.0)
    c.add(f"{dtype}_powers_of_two_exp", [two ** k for k in range(-14, 15, 4)], dtype)
    c.add(f"{dtype}_powers_of_two_pos", [two ** k for k in range(-3, 8)], dtype)
    for k in (-14, -10, -3, 5, 9, 15):
        c.add(f"{dtype}_power_of_two_scalar_{k + 20}", two ** k, dtype)


def bool_cases(c, rng):
    c.add("bool_true", True, "bool")
    c.add("bool_false", False, "bool")
    c.add("bool_1d", [True, False, True], "bool")
    c.add("bool_all_false", [False, False], "bool")
    c.add("bool_2d", [[True, False], [False, True]], "bool")
    c.add("bool_3d", rng.integers(0, 2, size=(2, 2, 3)).astype(bool), "bool")
    c.add("bool_4d", rng.integers(0, 2, size=(2, 1, 2, 3)).astype(bool), "bool")
    c.add("bool_wide", rng.integers(0, 2, size=40).astype(bool), "bool")
    c.add("bool_big", rng.integers(0, 2, size=1200).astype(bool), "bool")
    c.add("bool_big_2d", rng.integers(0, 2, size=(50, 50)).astype(bool), "bool")
    c.add("bool_empty", [], "bool")
    c.add("bool_empty_2x0", np.zeros((2, 0), bool), "bool")


def layout_cases(c):
    # Lines whose last line leaves no room for the dtype (JAX pads without a newline).
    for n in (12, 19, 20, 21, 22, 23, 24):
        c.add(f"int32_hundreds_{n}", np.arange(n) * 100, "int32")
    for n in (8, 9, 15, 16, 17, 30):
        c.add(f"float32_thousands_{n}", np.arange(n) * 1000.0, "float32")
    c.add("float32_long_decimals", np.arange(1, 30) / 7, "float32")
    c.add("int32_summary_columns", np.arange(1200).reshape(3, 400), "int32")
    c.add("int32_summary_rows", np.arange(1200).reshape(400, 3), "int32")
    c.add("int32_summary_3d", np.arange(2 * 600).reshape(2, 600, 1), "int32")
    c.add("int32_summary_5d", np.arange(4 ** 5 + 0).reshape(4, 4, 4, 4, 4), "int32")
    c.add("int32_summary_small_axes", np.arange(1008).reshape(2, 504), "int32")
    c.add("int32_exactly_threshold", np.arange(1000), "int32")
    c.add("int32_just_over", np.arange(1001), "int32")
    c.add("int32_deep", np.arange(6).reshape(1, 1, 1, 1, 1, 1, 2, 3), "int32")
    c.add("int32_shape_1x1", [[5]], "int32")
    c.add("int32_wide_2d", np.arange(100).reshape(2, 50), "int32")
    c.add("int32_col", np.arange(5).reshape(5, 1), "int32")
    c.add("float32_range_100", np.arange(100.0).reshape(10, 10), "float32")
    c.add("float32_seed_linspace", np.linspace(0.0, 2.0, 9), "float32")
    c.add("float32_seed_f", [10.0, 33.0, 20.0], "float32")


def wrap_sweep_cases(c):
    """Element widths and counts around the 75-column wrap, flat and nested."""
    for digits in (1, 2, 3, 5, 8):
        for n in range(8, 40, 3):
            values = [10 ** (digits - 1) + i for i in range(n)]
            c.add(f"int32_wrap_w{digits}_n{n}", values, "int32")
            c.add(f"int32_wrap2d_w{digits}_n{n}", values * 2, "int32", (2, n))
    for n in range(4, 13):
        c.add(f"float32_wrap_n{n}", np.arange(n) + 0.125, "float32")
        c.add(f"float32_wrap3d_n{n}", np.tile(np.arange(n) * 1.5e-6, 4), "float32", (2, 2, n))


def weak_cases(c):
    c.add_jax("weak_float_scalar", jnp.array(2.0) * 2)
    c.add_jax("weak_int_scalar", jnp.array(3))
    c.add_jax("weak_bool_scalar", jnp.array(True))
    c.add_jax("weak_float_neg", jnp.array(-1.5))
    c.add("weak_float_vector", [1.0, 2.5, 3.0], "float32", weak=True)
    c.add("weak_int_matrix", np.arange(6).reshape(2, 3), "int32", weak=True)
    c.add("weak_float_empty", [], "float32", weak=True)
    c.add("weak_int_wrap", np.arange(22) * 100, "int32", weak=True)
    c.add("weak_float_wide", np.arange(30) / 7, "float32", weak=True)
    c.add("weak_float_big", np.arange(1500.0), "float32", weak=True)


def main():
    rng = np.random.default_rng(20240607)
    c = Cases()
    bool_cases(c, rng)
    for d in INT_DTYPES32:
        int_cases(c, d, rng)
    for d in FLOAT_DTYPES32:
        float_cases(c, d, rng)
    for d in FLOAT_DTYPES32:
        random_bits_cases(c, d, rng, 24)
    layout_cases(c)
    wrap_sweep_cases(c)
    weak_cases(c)
    cases32 = c.cases

    jax.config.update("jax_enable_x64", True)
    c64 = Cases()
    for d in ("int64", "uint64"):
        int_cases(c64, d, rng)
    c64.add("int64_huge", [2**62, -2**63, 12345678901234], "int64")
    c64.add("uint64_huge", [2**64 - 1, 2**63, 1], "uint64")
    float_cases(c64, "float64", rng)
    random_bits_cases(c64, "float64", rng, 24)
    c64.add("float64_long", [0.1, 0.2, 1.0 / 3.0, 2.0 / 3.0], "float64")
    c64.add("float64_exact_e16", [1e16, 1.0], "float64")
    c64.add("float64_precision8", [1.123456789012, 2.5], "float64")
    c64.add("float64_precision8_exp", [1.123456789012e-7, 2.5], "float64")
    c64.add_jax("weak_float64_scalar", jnp.array(2.0) * 2)
    c64.add_jax("weak_int64_scalar", jnp.array(3))

    versions = {
        "generator": "tools/golden/gen_printing.py",
        "jax_version": jax.__version__,
        "numpy_version": np.__version__,
        "ml_dtypes_version": ml_dtypes.__version__,
    }
    os.makedirs(GOLDEN, exist_ok=True)
    for file_name, cases in (("printing.json", cases32), ("printing_x64.json", c64.cases)):
        path = os.path.join(GOLDEN, file_name)
        with open(path, "w") as f:
            json.dump(dict(versions, cases=cases), f, indent=0)
            f.write("\n")
        print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
