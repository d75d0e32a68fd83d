#!/usr/bin/env python3
"""Runs `value_and_grad` of the W3 MLP loss in jaxrs (release build, one `#[jit]`
executable through jaxrs-runtime; the eager time is printed too) and as
`jax.jit(jax.value_and_grad(loss))` in JAX on this machine, and prints medians and the
ratio jaxrs/JAX.

Workload: batch 256, 784 -> 512 relu -> 10, softmax cross-entropy, gradients with respect
to all four parameters. JAX runs jitted, after warm-up, with block_until_ready(). Usage:

    python3 benches/compare_grad.py [--repeats 15]

Needs: cargo, and pip packages jax (0.10.2) and numpy.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_jaxrs(repeats):
    cmd = ["cargo", "bench", "--bench", "grad_mlp", "--", "--repeats", str(repeats)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    sys.stdout.write("".join(l + "\n" for l in out.splitlines() if not l.startswith("RESULT")))
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return dict(re.findall(r"(\w+)=(\S+)", line))
    raise RuntimeError("no RESULT line")


def run_jax(repeats):
    import jax
    import jax.numpy as jnp
    from jax import lax

    def loss(w1, b1, w2, b2, x, y):
        h = jnp.maximum(x @ w1 + b1, 0.0)
        logits = h @ w2 + b2
        m = lax.stop_gradient(jnp.max(logits, axis=1, keepdims=True))
        z = logits - m
        lse = jnp.log(jnp.sum(jnp.exp(z), axis=1, keepdims=True))
        return -jnp.mean(jnp.sum((z - lse) * y, axis=1))

    # jaxrs's default threefry layout is JAX's classic one (see the README).
    jax.config.update("jax_threefry_partitionable", False)
    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    w1 = jax.random.normal(k1, (784, 512)) * 0.05
    b1 = jnp.zeros(512)
    w2 = jax.random.normal(k2, (512, 10)) * 0.05
    b2 = jnp.zeros(10)
    x = jax.random.normal(k3, (256, 784))
    y = (jax.random.randint(k4, (256,), 0, 10)[:, None] == jnp.arange(10)).astype(jnp.float32)
    vg = jax.jit(jax.value_and_grad(loss, argnums=(0, 1, 2, 3)))
    for _ in range(2):
        jax.block_until_ready(vg(w1, b1, w2, b2, x, y))
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        jax.block_until_ready(vg(w1, b1, w2, b2, x, y))
        times.append(time.perf_counter() - t)
    value = float(vg(w1, b1, w2, b2, x, y)[0])
    return statistics.median(times) * 1e3, value, jax.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.repeats} repeats, medians")
    ours = run_jaxrs(args.repeats)
    jax_ms, jax_loss, jax_version = run_jax(args.repeats)
    ours_ms = float(ours["median_ms"])
    print(f"value_and_grad_mlp  jaxrs jit {ours_ms:9.3f} ms (eager {ours['eager_ms']} ms, "
          f"loss {ours['loss']})  "
          f"JAX {jax_version} jit {jax_ms:9.3f} ms (loss {jax_loss})  "
          f"ratio jaxrs/JAX {ours_ms / jax_ms:.2f}")


if __name__ == "__main__":
    main()
