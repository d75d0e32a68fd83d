"""Golden data for `#[jit]` (tests/jit.rs at the repository root): the jaxprs JAX prints
for jitted functions called inside other traces, and the values of jitted calls.

Each function here has a `#[jit]` twin of the same name in tests/jit.rs. A `#[jit]`
function given to `make_jaxpr` directly prints its body flat (a deliberate difference,
see the README), so that case's expected text is `jax.make_jaxpr` of the undecorated body
(`*.__wrapped__`). Writes tests/golden/jit.json.
"""
import contextlib
import io
import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "jit.json"

X = jnp.array([1.0, 4.0, 3.0])
Y = jnp.array([8.0, 1.0, 2.0])


@jax.jit
def f(x, y):
    return 2 * x**2 + y


@jax.jit
def g(x, y):
    return f(x, y) + f(y, x)


@jax.jit
def two(x, y):
    return x + y, x * y


def power(x, n):
    return x**n


power_jit = jax.jit(power, static_argnums=1)


@jax.jit
def sin_x(x):
    return jnp.sin(x) * x


@jax.jit
def printer(x, y):
    jax.debug.print("no args")
    jax.debug.print("x = {} and y = {}", x, y)
    z = x * 2
    jax.debug.print("{1} {0}", z, y)
    return z + y


def printed(fn, *args):
    """What `fn(*args)` prints through `jax.debug.print`, line by line."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(*args).block_until_ready()
        jax.effects_barrier()
    return out.getvalue().splitlines()


def bits(a):
    a = np.asarray(a, dtype=np.float32)
    return [int(b) for b in a.view(np.uint32).reshape(-1)]


def main():
    texts = {
        "f_flat": str(jax.make_jaxpr(f.__wrapped__)(X, Y)),
        "f_nested": str(jax.make_jaxpr(lambda x, y: f(x, y) * 3)(X, Y)),
        "g_flat": str(jax.make_jaxpr(g.__wrapped__)(X, Y)),
        "two_nested": str(jax.make_jaxpr(lambda x, y: two(x, y)[1] - two(x, y)[0])(X, Y)),
        "power_nested": str(jax.make_jaxpr(lambda x: power_jit(x, 3) + 1.0)(X)),
        "jvp_nested": str(jax.make_jaxpr(lambda x, t: jax.jvp(sin_x, (x,), (t,)))(X, Y)),
        "printer_flat": str(jax.make_jaxpr(printer.__wrapped__)(X, Y[0])),
    }
    prints = {
        "printer_first": printed(printer, X, Y[0]),
        "printer_second": printed(printer, Y, X[1]),
    }
    a, b = two(X, Y)
    values = {
        "f": bits(f(X, Y)),
        "g": bits(g(X, Y)),
        "two_sum": bits(a),
        "two_prod": bits(b),
        "power3": bits(power_jit(X, 3)),
        "sin_x": bits(sin_x(X)),
    }
    out = {"jax": jax.__version__, "numpy": np.__version__, "x": bits(X), "y": bits(Y),
           "jaxprs": texts, "values_f32_bits": values, "debug_prints": prints}
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(texts)} jaxprs and {len(values)} values to {OUT}")


if __name__ == "__main__":
    main()
