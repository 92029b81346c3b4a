"""Side-by-side speed of jitarray and NumPy, in one process.

Every case of every benchmark family (``asv_bench/benchmarks/<family>.py``, list ``CASES``)
is timed with jitarray and with NumPy in interleaved rounds (A B A B ...), so a drift in
the machine's speed hits both alike; the figure reported is

    ratio = median NumPy time / median jitarray time      (> 1: jitarray is faster)

The ``dask`` family times ``jitarray.dask`` beside ``dask.array``'s own functions on one
``distributed.LocalCluster`` (``asv_bench/benchmarks/dask.py``): there the ratio is Dask's
own time / jitarray-on-Dask time.

Usage::

    python asv_bench/ratios.py                      # every family
    python asv_bench/ratios.py --family reductions,sorting --quick
    python asv_bench/ratios.py --json > ratios.json
"""

import argparse
import gc
import importlib
import json
import pathlib
import statistics
import sys
import time

from jitarray._table import FAMILIES

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# the families of jitarray's function table that have a benchmark module, and jitarray.dask's
FAMILIES = [f for f in FAMILIES if (HERE / "benchmarks" / f"{f}.py").exists()] + ["dask"]


def _time_once(fn, args, number):
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        return (time.perf_counter() - start) / number
    finally:
        gc.enable()


def measure(case, rounds):
    """Median seconds per call of jitarray and NumPy, interleaved over ``rounds`` rounds."""
    args = case.setup()
    case.run_ja(*args)  # compile, or load from the cache, before timing
    case.run_np(*args)
    # repeat calls inside one timing until it lasts about 20 ms, so the clock's
    # resolution and call noise stay small
    single = max(_time_once(case.run_np, args, 1), 1e-7)
    number = max(1, int(0.02 / single))
    times_ja, times_np = [], []
    for _ in range(rounds):
        times_ja.append(_time_once(case.run_ja, args, number))
        times_np.append(_time_once(case.run_np, args, number))
    return statistics.median(times_ja), statistics.median(times_np)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", default=",".join(FAMILIES),
                        help=f"comma-separated families (default: all of {', '.join(FAMILIES)})")
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 15")
    parser.add_argument("--json", action="store_true", help="print JSON records instead of a table")
    parser.add_argument("--match", default="", help="only cases whose name contains this text")
    args = parser.parse_args(argv)
    families = [f.strip() for f in args.family.split(",") if f.strip()]
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown family {', '.join(unknown)}; choose from {', '.join(FAMILIES)}")
    rounds = 5 if args.quick else 15
    records = []
    for family in families:
        module = importlib.import_module(f"benchmarks.{family}")
        for case in module.CASES:
            if args.match not in case.name:
                continue
            t_ja, t_np = measure(case, rounds)
            record = {"family": family, "case": case.name, "jitarray_s": t_ja, "numpy_s": t_np,
                      "ratio": t_np / t_ja, "target": case.target}
            records.append(record)
            if not args.json:
                mark = "" if case.target is None else ("  ok" if record["ratio"] >= case.target else "  BELOW")
                target = "" if case.target is None else f">= {case.target:g}"
                print(f"{family:12s} {case.name:42s} {record['ratio']:7.2f}  {target:8s}{mark}", flush=True)
    if args.json:
        json.dump(records, sys.stdout, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
