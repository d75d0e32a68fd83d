"""Counts, per case, how many outputs of jaxrs differ from JAX's and by how many ulp.

Run the bit-pattern tests with JAXRS_BITS_DUMP=DIR (they write DIR/<dtype>_<case>.bin),
then `python3 tools/golden/compare_bits.py DIR`: recomputes JAX's outputs with gen_bits.py's
inputs and prints one line per case (mismatches, largest difference in ulp). A developer
tool; the tests themselves need only the committed digests.
"""
import os
import sys

import numpy as np

import gen_bits as g


def ordered(b, bits):
    """Bit patterns mapped to integers that are monotonic in the float value."""
    s = b.astype(np.int64) if bits < 64 else b.view(np.int64)
    sign = np.int64(1) << np.int64(bits - 1)
    if bits < 64:
        neg = s >= sign
        return np.where(neg, sign - s, s)
    return np.where(s < 0, np.int64(-0x7FFFFFFFFFFFFFFF - 1) - s, s)


def main(d):
    for f in sorted(os.listdir(d)):
        name, case = f[:-4].split("_", 1)
        fn, binary = (g.UNARY[case], False) if case in g.UNARY else (g.BINARY[case], True)
        args = g.inputs(name, binary)
        args = args if binary else (args,)
        want = g.canonical(g.run(fn, name, args), name)
        got = np.fromfile(os.path.join(d, f), dtype="<u8")
        bad = np.nonzero(want != got)[0]
        bits = g.DTYPES[name][2]
        ulp = 0
        if len(bad):
            diff = np.abs(ordered(want[bad], bits) - ordered(got[bad], bits))
            ulp = int(diff.max())
        ex = ""
        if len(bad):
            i = bad[0]
            ex = " e.g. input " + " ".join(f"{a[i]:#x}" for a in args) + \
                 f" want {int(want[i]):#x} got {int(got[i]):#x}"
        print(f"{name:9} {case:15} {len(bad):8} / {len(want):8}  max {ulp} ulp{ex}")


if __name__ == "__main__":
    main(sys.argv[1])
