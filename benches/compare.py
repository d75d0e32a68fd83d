#!/usr/bin/env python3
"""Runs the same random-number workloads in jaxrs (release build) and JAX on this machine
and prints medians and the ratio jaxrs/JAX.

Workloads, each in JAX's classic and partitionable threefry layouts:
  normal  -- normal(PRNGKey(0), (N,)) float32
  bits    -- bits(PRNGKey(0), (N,)) uint32; throughput in GB/s of random bits

JAX runs jitted with the shape static, after warm-up, with block_until_ready(). jaxrs runs
eagerly (its sampler is a jit call that the runtime fuses). Usage:

    python3 benches/compare.py [--n 10000000] [--repeats 15]

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


def run_jaxrs(n, repeats):
    cmd = ["cargo", "bench", "--bench", "random_normal", "--", "--n", str(n),
           "--repeats", str(repeats)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    sys.stdout.write("".join(l + "\n" for l in out.splitlines() if not l.startswith("RESULT")))
    results = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            fields = dict(re.findall(r"(\w+)=(\[[^\]]*\]|\S+)", line))
            results[(fields["workload"], fields["mode"])] = fields
    return results


def time_jax(fn, key, repeats):
    for _ in range(2):
        fn(key).block_until_ready()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(key).block_until_ready()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run_jax(n, repeats):
    import jax
    import numpy as np

    results = {}
    for mode in ("classic", "partitionable"):
        jax.config.update("jax_threefry_partitionable", mode == "partitionable")
        key = jax.random.PRNGKey(0)
        normal = jax.jit(lambda k: jax.random.normal(k, (n,)))
        bits = jax.jit(lambda k: jax.random.bits(k, (n,)))
        head = np.asarray(normal(key)[:4]).tolist()
        results[("normal", mode)] = {"median_ms": time_jax(normal, key, repeats) * 1e3,
                                     "head": head}
        t = time_jax(bits, key, repeats)
        results[("bits", mode)] = {"median_ms": t * 1e3, "gbps": n * 4 / t / 1e9}
    return results, jax.__version__, np.__version__


def main():
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores; n = {args.n}, {args.repeats} repeats, medians")
    ours = run_jaxrs(args.n, args.repeats)
    theirs, jax_version, np_version = run_jax(args.n, args.repeats)
    print(f"jax {jax_version}, numpy {np_version}")
    print(f"{'workload':<8} {'mode':<14} {'jaxrs ms':>9} {'JAX ms':>9} {'ratio':>6}  notes")
    for (workload, mode), mine in sorted(ours.items()):
        ref = theirs[(workload, mode)]
        ms, jax_ms = float(mine["median_ms"]), ref["median_ms"]
        notes = ""
        if workload == "bits":
            notes = f"random bits: jaxrs {float(mine['gbps']):.2f} GB/s, JAX {ref['gbps']:.2f} GB/s"
        else:
            head = [float(np.float32(v)) for v in mine["head"].strip("[]").split(",")]
            same = head == [float(np.float32(v)) for v in ref["head"]]
            notes = "first values equal JAX's" if same else f"first values DIFFER: {head} vs {ref['head']}"
        print(f"{workload:<8} {mode:<14} {ms:>9.2f} {jax_ms:>9.2f} {ms / jax_ms:>6.3f}  {notes}")


if __name__ == "__main__":
    main()
