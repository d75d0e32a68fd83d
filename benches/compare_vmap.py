#!/usr/bin/env python3
"""Runs the vmap workload in jaxrs (release build) and JAX on this machine and prints
medians and ratios.

Workload: `f(x) = sum(tanh(x @ w + b) ** 2)` per example, `x: f32[D]`, over a batch of
256, `w: f32[D, D]` and `b: f32[D]` unbatched. jaxrs times `vmap(f)` and the same written
batched by hand, both eager; JAX times `jit(vmap(f))` after warm-up with
block_until_ready(). Usage:

    python3 benches/compare_vmap.py [--batch 256] [--d 128] [--repeats 50]

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


def run_jaxrs(batch, d, repeats):
    cmd = ["cargo", "bench", "--bench", "vmap", "--", "--batch", str(batch), "--d", str(d),
           "--repeats", str(repeats)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    sys.stdout.write("".join(l + "\n" for l in out.splitlines() if not l.startswith("RESULT")))
    results = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            fields = dict(re.findall(r"(\w+)=(\[[^\]]*\]|\S+)", line))
            results[fields["workload"]] = fields
    return results


def data(shape, salt):
    import numpy as np
    n = int(np.prod(shape))
    k = np.arange(n, dtype=np.int64) + salt
    return ((k * 7919 % 2003).astype(np.float32) / np.float32(1001.5) - np.float32(1.0)).reshape(shape)


def run_jax(batch, d, repeats):
    import jax
    import jax.numpy as jnp
    import numpy as np

    x = jnp.asarray(data((batch, d), 0))
    w = jnp.asarray(data((d, d), 1)) * (1.0 / d)
    b = jnp.asarray(data((d,), 2))

    def f(x, w, b):
        h = jnp.tanh(x @ w + b)
        return jnp.sum(h * h)

    g = jax.jit(jax.vmap(f, in_axes=(0, None, None)))
    for _ in range(2):
        g(x, w, b).block_until_ready()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        g(x, w, b).block_until_ready()
        times.append(time.perf_counter() - t)
    head = np.asarray(g(x, w, b)[:4]).tolist()
    return statistics.median(times) * 1e3, head, jax.__version__, np.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--d", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores; batch {args.batch}, d {args.d}, "
          f"{args.repeats} repeats, medians")
    ours = run_jaxrs(args.batch, args.d, args.repeats)
    jax_ms, head, jax_version, np_version = run_jax(args.batch, args.d, args.repeats)
    print(f"jax {jax_version}, numpy {np_version}")
    vm, hand = float(ours["vmap"]["median_ms"]), float(ours["hand"]["median_ms"])
    print(f"jaxrs vmap(f)            {vm:9.4f} ms")
    print(f"jaxrs batched by hand    {hand:9.4f} ms   vmap/hand = {vm / hand:.3f}")
    print(f"JAX jit(vmap(f))         {jax_ms:9.4f} ms   jaxrs vmap/JAX = {vm / jax_ms:.3f}")
    mine = [float(v) for v in ours["vmap"]["head"].strip("[]").split(",")]
    print(f"first results: jaxrs {mine}, JAX {head}; jaxrs vmap equals hand-batched: "
          f"{ours['vmap']['equal_to_hand']}")


if __name__ == "__main__":
    main()
