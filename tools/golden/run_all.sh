#!/usr/bin/env bash
# Regenerates every golden data file from JAX and NumPy (pip install jax==0.10.2 numpy).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import jax; assert jax.__version__ == "0.10.2", jax.__version__'
for script in tools/golden/gen_*.py; do
  echo "== $script"
  python3 "$script"
done
# Scripts with a float64 (x64) variant behind a flag.
echo "== tools/golden/gen_reduce_order.py --x64"
python3 tools/golden/gen_reduce_order.py --x64
