"""Golden results of the README's table of common JAX calls (section "The 40 most common
calls"), as JAX 0.10.2 computes them; tests/readme_table.rs runs each row's jaxrs spelling
and compares. The rows are read from the README itself, so the table, this data and the
test cannot drift apart. PRNG rows use JAX's classic threefry mode, jaxrs's default.
Writes jaxrs-core/tests/golden/readme.json. Re-run with tools/golden/run_all.sh.
"""
import os
import re

import jax

jax.config.update("jax_threefry_partitionable", False)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax, random  # noqa: E402

from common import enc, golden_path, write_cases  # noqa: E402

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def table_rows():
    """The (JAX, jaxrs) cells of the README's table of common calls."""
    text = open(README).read()
    section = text.split("## The 40 most common calls", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows.append(tuple(c.strip("`").replace("\\|", "|") for c in cells))
    return rows


ENV = {
    "jax": jax, "jnp": jnp, "lax": lax, "random": random,
    "x": jnp.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]),
    "v": jnp.array([3.0, 1.0, 2.0]),
    "m": jnp.array([[2.0, 1.0], [1.0, 3.0]]),
    "key": random.PRNGKey(0),
}
import jax.scipy.special  # noqa: E402,F401  (reached as jax.scipy.special in the rows)

cases = []
for jax_call, rust_call in table_rows():
    out = eval(jax_call, ENV)
    cases.append({"jax": jax_call, "jaxrs": rust_call, "output": enc(np.asarray(out)),
                  "weak_type": bool(getattr(out, "weak_type", False))})
write_cases(golden_path("readme.json"), {
    "jax_version": jax.__version__, "numpy_version": np.__version__, "cases": cases})
