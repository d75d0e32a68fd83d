#!/usr/bin/env python3
"""Times a cache hit of the seed's jitted `f(x, y) = 2 * x**2 + y` at N = 3 in jaxrs
(`cargo bench --bench jit_hit`, release) and in JAX on this machine, in one run, and
prints both medians (nanoseconds per call) and the ratio jaxrs/JAX.

JAX's call is timed with `block_until_ready()` on each result, after warm-up, in batches
of --calls calls; the median over --repeats batches. Usage:

    python3 benches/jit_hit.py [--calls 20000] [--repeats 15]

Needs: cargo, and pip packages jax (0.10.2) and numpy.
"""

import argparse
import os
import re
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_jaxrs(calls, repeats):
    cmd = ["cargo", "bench", "--bench", "jit_hit", "--", "--calls", str(calls),
           "--repeats", str(repeats)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if not line.startswith("RESULT"):
            print(line)
    m = re.search(r"RESULT workload=jit_hit_n3 median_ns=(\S+)", out)
    return float(m.group(1))


def run_jax(calls, repeats):
    import jax
    import jax.numpy as jnp

    @jax.jit
    def f(x, y):
        return 2 * x**2 + y

    x = jnp.array([1.0, 4.0, 3.0])
    y = jnp.array([8.0, 1.0, 2.0])
    for _ in range(calls):
        f(x, y).block_until_ready()
    batches = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(calls):
            f(x, y).block_until_ready()
        batches.append((time.perf_counter() - t) * 1e9 / calls)
    return statistics.median(batches), jax.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.repeats} batches of {args.calls} calls, medians")
    ours = run_jaxrs(args.calls, args.repeats)
    theirs, version = run_jax(args.calls, args.repeats)
    print(f"jax {version}")
    print(f"{'workload':<12} {'jaxrs ns':>10} {'JAX ns':>10} {'ratio':>7}")
    print(f"{'jit_hit_n3':<12} {ours:>10.1f} {theirs:>10.1f} {ours / theirs:>7.3f}")


if __name__ == "__main__":
    main()
