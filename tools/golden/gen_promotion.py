"""Golden dtype promotion: JAX 0.10.2's `jnp.promote_types` table over all 13 dtypes, and
the result dtype and weak type of promoting every pair of operands (strong arrays, weakly
typed arrays and Python int/float/bool scalars), with x64 off and on.

Writes jaxrs-core/tests/golden/promotion.json. Re-run with tools/golden/run_all.sh.
"""
import json
import warnings
import os

import jax
import numpy as np

warnings.filterwarnings("ignore")

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "jaxrs-core", "tests", "golden",
                   "promotion.json")

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "bfloat16", "float32", "float64"]


def operands(jnp, lax_internal, x64):
    """Every operand kind: (label, value). Arrays are 0-d; weak ones are made with JAX's
    internal `_convert_element_type(..., weak_type=True)` (bool has no weak form; without
    x64, 64-bit weak arrays would be non-canonical, so they are left out)."""
    out = []
    for d in DTYPES:
        dt = jnp.dtype(d)
        out.append((f"{d}", jnp.zeros((), dt)))
    for d in DTYPES:
        if d == "bool" or (not x64 and d.endswith("64")):
            continue
        dt = jnp.dtype(d)
        out.append((f"weak {d}", lax_internal._convert_element_type(jnp.zeros((), dt), dt,
                                                                     weak_type=True)))
    out += [("int", 1), ("float", 1.5), ("bool scalar", True)]
    return out


def table(x64):
    jax.config.update("jax_enable_x64", x64)
    import jax.numpy as jnp
    from jax._src.lax import lax as lax_internal
    from jax._src.numpy.util import promote_dtypes
    ops = operands(jnp, lax_internal, x64)
    rows = []
    for la, a in ops:
        for lb, b in ops:
            if not hasattr(a, "dtype") and not hasattr(b, "dtype"):
                continue  # two Python scalars: not an array operation
            x, _ = promote_dtypes(a, b)
            rows.append({"a": la, "b": lb, "dtype": str(x.dtype), "weak_type": bool(x.aval.weak_type)})
    operand_kinds = []
    for label, v in ops:
        if hasattr(v, "dtype"):
            operand_kinds.append({"label": label, "dtype": str(v.dtype),
                                  "weak_type": bool(v.aval.weak_type)})
        else:
            operand_kinds.append({"label": label})
    jax.config.update("jax_enable_x64", False)
    return rows, operand_kinds


def main():
    import jax.numpy as jnp
    promote = [{"a": a, "b": b, "result": str(jnp.promote_types(a, b))}
               for a in DTYPES for b in DTYPES]
    pairs, kinds = table(False)
    pairs64, kinds64 = table(True)
    out = {
        "jax_version": jax.__version__,
        "numpy_version": np.__version__,
        "promote_types": promote,
        "operands": kinds,
        "pairs": pairs,
        "operands_x64": kinds64,
        "pairs_x64": pairs64,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
