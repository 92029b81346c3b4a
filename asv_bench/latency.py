"""First-contact latency: what the first call of each function costs in a new process.

For each (function, dtype), a fresh interpreter imports jitarray and makes one call, the
first of ``jitarray.warmup.calls`` (a 1,000-item array, reduced whole or along its last
axis), first with an empty ``NUMBA_CACHE_DIR`` (the call compiles) and then again with
that folder filled (the call loads the kernels from the disk cache).  Prints seconds per
row and the median and maximum of each column; ``--json`` for machine-readable output.

Usage::

    python asv_bench/latency.py                                   # the table x float64/int64/int8
    python asv_bench/latency.py --functions sum,argsort --dtypes float64
    python asv_bench/latency.py --script           # a first user script, cold and warm
    python asv_bench/latency.py --njit             # a user's @njit function, against np.*
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


# A first script as a new user writes it: standardise the columns of a matrix, argsort
# each row, count the values above a threshold.
_SCRIPT = r"""
import time
t = time.perf_counter()
import numpy as np, jitarray as ja
a = np.random.default_rng(0).random((2000, 500))
z = ja.divide(ja.subtract(a, ja.mean(a, axis=0)), ja.std(a, axis=0))
order = ja.argsort(z, axis=1)
print(int(ja.count_nonzero(ja.sum(z > 1.0, axis=1))), time.perf_counter() - t)
"""


# A user's own @njit function making four calls (without cache=True: it compiles in every
# new process), written with jitarray (``ja``) or with Numba's own ``np.*`` (``np``); the
# time is its first call, compilation included.
_USER = r"""
import sys, time
import numba, numpy as np, jitarray as ja
xp = {"ja": ja, "np": np}[sys.argv[1]]
@numba.njit
def user(a):
    s = xp.sum(a, axis=0)
    m = xp.argmax(a, axis=0)
    return s, m, xp.argsort(s), xp.count_nonzero(xp.add(a, 1.0))
a = np.random.default_rng(0).random((200, 30))
t = time.perf_counter()
user(a)
print(time.perf_counter() - t)
"""


def script(cache, code=_SCRIPT, *args):
    """Seconds that ``code`` (default :data:`_SCRIPT`) prints last, run with ``args`` in a
    new interpreter using ``cache``."""
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


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
    parser.add_argument("--script", action="store_true", help="time only the first-contact script, cold and warm")
    parser.add_argument("--njit", action="store_true",
                        help="time only a user's @njit function with four calls, against its np.* version")
    args = parser.parse_args(argv)
    if args.script:
        with tempfile.TemporaryDirectory() as cache:
            print(f"first-contact script: cold {script(cache):.2f} s, warm {script(cache):.2f} s")
        return
    if args.njit:
        with tempfile.TemporaryDirectory() as cache:
            cold, warm = script(cache, _USER, "ja"), script(cache, _USER, "ja")
            print(f"user @njit function, first call: jitarray {cold:.2f} s with an empty cache, {warm:.2f} s "
                  f"with jitarray's kernels cached; np.* {script(cache, _USER, 'np'):.2f} s")
        return
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
