"""First-contact latency: what the first call of each function costs in a new process.

For each (function, dtype), a fresh interpreter imports jitarray and makes one call, the
first of ``jitarray.warmup.calls`` (a 1,000-item array, reduced whole or along its last
axis), first with an empty ``NUMBA_CACHE_DIR`` (the call compiles) and then again with
that folder filled (the call loads the kernels from the disk cache).  Prints seconds per
row and the median and maximum of each column; ``--json`` for machine-readable output.

Usage::

    python asv_bench/latency.py                                   # the table x float64/int64/int8
    python asv_bench/latency.py --functions sum,argsort --dtypes float64
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

_CHILD = r"""
import sys, time
name, dtype = sys.argv[1], sys.argv[2]
import jitarray.warmup as w
label, thunk = w.calls(name, dtype)[0]
t = time.perf_counter()
try:
    thunk()
except (TypeError, ValueError, OverflowError):
    print("skip")
else:
    print(time.perf_counter() - t)
"""


def first_call(name, dtype, cache):
    """Seconds of one first call in a new interpreter using ``cache`` (None: skipped)."""
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    out = subprocess.run([sys.executable, "-c", _CHILD, name, dtype], env=env, capture_output=True, text=True,
                         check=True).stdout.split()[-1]
    return None if out == "skip" else float(out)


def main(argv=None):
    from jitarray._table import FUNCTIONS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--functions", default="all")
    parser.add_argument("--dtypes", default="float64,int64,int8")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    names = [f.name for f in FUNCTIONS] if args.functions == "all" else args.functions.split(",")
    rows = []
    for name in names:
        for dtype in args.dtypes.split(","):
            with tempfile.TemporaryDirectory() as cache:
                cold = first_call(name, dtype, cache)
                warm = first_call(name, dtype, cache)
            if cold is None:
                continue
            rows.append({"function": name, "dtype": dtype, "cold_s": cold, "warm_s": warm})
            if not args.json:
                print(f"{name:14s} {dtype:8s} cold {cold:7.3f} s   warm {warm * 1e3:8.1f} ms", flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))
    elif rows:
        for key in ("cold_s", "warm_s"):
            values = [r[key] for r in rows]
            print(f"{key}: median {statistics.median(values):.3f} s, max {max(values):.3f} s "
                  f"({max(rows, key=lambda r: r[key])['function']})")


if __name__ == "__main__":
    main()
