"""Helpers shared by the golden-data scripts (`gen_*.py`): where the JSON goes, how arrays
are written into it, how the scripts' small deterministic inputs are named, and which
processor the data of the cases that depend on it was made on.

Imported by the scripts as `common` (their own folder is first on `sys.path`). It imports
NumPy only, so a script can still switch `jax_enable_x64` on before importing `jax.numpy`.
"""
import json
import math
import os

import numpy as np


def golden_path(name):
    """The path of golden file `name` under jaxrs-core/tests/golden/."""
    return os.path.join(os.path.dirname(__file__), "..", "..", "jaxrs-core", "tests", "golden",
                        name)


def isa():
    """This processor's instruction set, the key of the golden cases whose bits depend on it
    (`by_isa`): "avx512", "avx2" or "generic", as `jaxrs_core::processor::Processor` names
    it (the tests read their entries through it)."""
    with open("/proc/cpuinfo") as fh:
        flags = next((line.split(":", 1)[1].split() for line in fh if line.startswith("flags")),
                     [])
    if "avx512f" in flags:
        return "avx512"
    return "avx2" if "avx2" in flags else "generic"


def enc_value(v):
    """A Python number as JSON holds it: NaN and infinities as "nan", "inf", "-inf"."""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def enc(a):
    """An array as `{"dtype", "shape", "data"}` with its values flattened in C order."""
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "data": [enc_value(v) for v in a.reshape(-1).tolist()]}


def parse_spec(spec):
    """Splits an input spec such as `f32+[2,3]` into its kind (`f32+`), its shape (`(2, 3)`)
    and its number of elements."""
    kind, dims = spec.split("[")
    dims = dims.rstrip("]")
    shape = tuple(int(d) for d in dims.split(",")) if dims else ()
    n = int(np.prod(shape)) if shape else 1
    return kind, shape, n


def write_cases(path, out):
    """Writes `out` (versions and `cases`) as JSON indented by one, and says how many cases."""
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.normpath(path)}")
