#!/usr/bin/env python3
"""Runs the runtime issue's workloads W1-W8 in jaxrs (release build) and in JAX on this
machine, in one run, and prints medians, the ratio jaxrs/JAX, bandwidth as a fraction of
a triad loop measured in the same run, and GFLOP/s.

  W1  jitted 2 * x**2 + y, float32, N = 3, 1e3, 1e6, 1e7
  W2  jitted row softmax of 1024x1024
  W3  jitted MLP forward: batch 256, 784 -> 512 relu -> 10, log-softmax (logsumexp)
  W4  jitted sgemm 256^3 and 1024^3
  W5  jitted sum of 1e7 floats
  W6  eager sin on 3 elements (JAX: its jitted sin, the per-call floor)
  W7  first call (trace + compile + run) of W3 and of a 100-op elementwise chain
  W8  eager (un-jitted) W2 and W3 in jaxrs, against JAX's jitted time

JAX runs on the CPU with block_until_ready(); each median is over --repeats samples, a
sample of a fast workload timing enough calls to last ~1 ms. With --rounds R, jaxrs and
JAX take turns R times (jaxrs, JAX, jaxrs, ...) and the table gives the median over the
rounds of each side's median and of the per-round ratio, with the ratios' range: on a
shared machine whose speed drifts within minutes, a ratio of neighbouring runs is steadier
than one of runs far apart. Usage:

    python3 benches/workloads.py [--repeats 21] [--rounds 1]
        [--binary target/release/deps/workloads-...] [--only W5]

Needs cargo, and pip packages jax (0.10.2) and numpy. The machine is shared: quote the
medians and ratios of one run, not single samples.
"""

import argparse
import functools
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_jaxrs(repeats, binary, only, quiet=False):
    cmd = ["cargo", "bench", "--bench", "workloads", "--"] if binary is None else [binary]
    cmd += ["--repeats", str(repeats)]
    if only:
        cmd += ["--only", only]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            fields = dict(re.findall(r"(\w+)=(\S+)", line))
            results[fields["workload"]] = fields
        elif not quiet:
            print(line)
    return results


def timed(fn, repeats):
    for _ in range(3):
        fn()
    t = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t, 1e-9)
    per = min(max(int(1e-3 / once) + 1, 1), 100000)
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(per):
            fn()
        samples.append((time.perf_counter() - t) / per)
    return statistics.median(samples)


@functools.lru_cache(maxsize=None)
def inputs(shape, seed):
    """The inputs benches/workloads.rs builds (same LCG, same floats)."""
    import numpy as np
    n = int(np.prod(shape))
    mul, inc, mask = 6364136223846793005, 1442695040888963407, (1 << 64) - 1
    s = (seed * mul + inc) & mask
    out = np.empty(n, dtype=np.float32)
    for i in range(n):
        s = (s * mul + inc) & mask
        out[i] = np.float32((s >> 40) / float(1 << 24)) * np.float32(2) - np.float32(1)
    return out.reshape(shape)


@functools.lru_cache(maxsize=None)
def fast_inputs(shape, seed):
    # The LCG in pure Python is slow for 1e7 elements; large inputs only need the same
    # distribution, not the same numbers, for timing.
    import numpy as np
    n = int(np.prod(shape))
    if n <= 300_000:
        return inputs(shape, seed)
    return np.random.default_rng(seed).uniform(-1, 1, n).astype(np.float32).reshape(shape)


def run_jax(repeats, only):
    import jax
    import jax.numpy as jnp
    import numpy as np

    jax.config.update("jax_platforms", "cpu")
    r = {}

    def bench(name, f, *args):
        if only and not name.startswith(only):
            return
        args = [jax.device_put(a) for a in args]
        r[name] = timed(lambda: f(*args).block_until_ready(), repeats)

    w1 = jax.jit(lambda x, y: 2 * x ** 2 + y)
    for n in (3, 1000, 1_000_000, 10_000_000):
        bench(f"W1_n{n}", w1, fast_inputs((n,), 10), fast_inputs((n,), 11))
    softmax = jax.jit(lambda x: jax.nn.softmax(x, axis=-1))
    x = fast_inputs((1024, 1024), 20)
    bench("W2", softmax, x)

    def mlp(x, w1, b1, w2, b2):
        h = jnp.maximum(x @ w1 + b1, 0.0)
        logits = h @ w2 + b2
        return logits - jax.nn.logsumexp(logits, axis=-1, keepdims=True)

    mlp_args = [fast_inputs((256, 784), 1), fast_inputs((784, 512), 2) * np.float32(0.05),
                fast_inputs((512,), 3), fast_inputs((512, 10), 4) * np.float32(0.05),
                fast_inputs((10,), 5)]
    bench("W3", jax.jit(mlp), *mlp_args)
    for n in (256, 1024):
        bench(f"W4_n{n}", jax.jit(jnp.matmul), fast_inputs((n, n), 30), fast_inputs((n, n), 31))
    bench("W5", jax.jit(jnp.sum), fast_inputs((10_000_000,), 40))
    if only and only != "W" and not any(only.startswith(w) for w in ("W6", "W7", "W8")):
        return r, jax.__version__, np.__version__
    x3 = jax.device_put(inputs((3,), 50))
    r["W6_eager"] = timed(lambda: jnp.sin(x3).block_until_ready(), repeats)
    bench("W6", jax.jit(jnp.sin), inputs((3,), 50))

    def chain(x):
        for i in range(100):
            x = jnp.sin(x) if i % 3 == 0 else (x * 1.5 if i % 3 == 1 else x + 0.25)
        return x

    dev_mlp = [jax.device_put(a) for a in mlp_args]
    c = jax.device_put(inputs((1000,), 60))
    # A new function object each time: nothing is cached between first calls.
    r["W7_mlp"] = statistics.median(
        first_call(lambda: jax.jit(lambda *a: mlp(*a)), dev_mlp) for _ in range(5))
    r["W7_chain"] = statistics.median(
        first_call(lambda: jax.jit(lambda x: chain(x)), [c]) for _ in range(5))
    r["W8_softmax"] = r["W2"]
    r["W8_mlp"] = r["W3"]
    return r, jax.__version__, np.__version__


def first_call(make, args):
    f = make()
    t = time.perf_counter()
    f(*args).block_until_ready()
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--rounds", type=int, default=1,
                        help="turns each side takes, alternating (ratios: median over rounds)")
    parser.add_argument("--binary", help="a built workloads bench binary (skips cargo)")
    parser.add_argument("--only", help="only the workloads whose names start with this (W5)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.repeats} samples per median, "
          f"{args.rounds} round(s)")
    rounds = []
    for i in range(max(args.rounds, 1)):
        ours = run_jaxrs(args.repeats, args.binary, args.only, quiet=i > 0)
        theirs, jax_version, np_version = run_jax(args.repeats, args.only)
        rounds.append((ours, theirs))
    print(f"jax {jax_version}, numpy {np_version}")
    med = statistics.median
    ours = rounds[0][0]
    triad = float("nan")
    if "triad" in ours:
        triad = med(float(o["triad"]["bytes"]) / (float(o["triad"]["median_us"]) * 1e-6) / 1e9
                    for o, _ in rounds)
        print(f"triad (jaxrs, same run): {triad:.1f} GB/s")
    spread = len(rounds) > 1
    print(f"{'workload':<12} {'jaxrs us':>11} {'JAX us':>11} {'ratio':>7}  "
          f"{'ratio range  ' if spread else ''}notes")
    for name, mine in ours.items():
        if name == "triad":
            continue
        us = med(float(o[name]["median_us"]) for o, _ in rounds)
        ref = med(t[name] for _, t in rounds) * 1e6
        ratios = [float(o[name]["median_us"]) / (t[name] * 1e6) for o, t in rounds]
        notes = []
        if "bytes" in mine:
            gbps = float(mine["bytes"]) / (us * 1e-6) / 1e9
            jgbps = float(mine["bytes"]) / (ref * 1e-6) / 1e9
            notes.append(f"{gbps:.1f} GB/s = {gbps / triad:.0%} of triad (JAX {jgbps:.1f} GB/s)")
        if "flops" in mine:
            f = float(mine["flops"])
            notes.append(f"{f / (us * 1e-6) / 1e9:.1f} GFLOP/s (JAX {f / (ref * 1e-6) / 1e9:.1f})")
        if name == "W6":
            notes.append(f"JAX eager sin: {med(t['W6_eager'] for _, t in rounds) * 1e6:.2f} us")
        if name.startswith("W8"):
            notes.append("jaxrs eager vs JAX jitted")
        extent = f"{min(ratios):.3f}-{max(ratios):.3f}  " if spread else ""
        print(f"{name:<12} {us:>11.2f} {ref:>11.2f} {med(ratios):>7.3f}  {extent}"
              f"{'; '.join(notes)}")


if __name__ == "__main__":
    main()
