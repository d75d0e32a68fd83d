"""The public callables of `jax.numpy`, `jax.nn` and `jax.scipy.special` in JAX 0.10.2, for
jaxrs-core/tests/namespace.rs, which checks that each has a jaxrs counterpart or is listed
in the README with a reason. Writes jaxrs-core/tests/golden/namespace.json.
Re-run with tools/golden/run_all.sh.
"""
import json

import jax
import jax.nn
import jax.numpy as jnp
import jax.scipy.special
import numpy as np

from common import golden_path


def callables(module):
    return sorted(n for n in dir(module)
                  if not n.startswith("_") and callable(getattr(module, n))
                  and not isinstance(getattr(module, n), type(jax)))


out = {"jax_version": jax.__version__, "numpy_version": np.__version__,
       "numpy": callables(jnp), "nn": callables(jax.nn),
       "scipy_special": callables(jax.scipy.special)}
with open(golden_path("namespace.json"), "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print({k: len(v) for k, v in out.items() if isinstance(v, list)})
