"""Side-by-side speed of jitarray and NumPy, in one process.

Every case of every benchmark family (``asv_bench/benchmarks/<family>.py``, list ``CASES``)
is timed with jitarray and with NumPy in interleaved rounds (A B A B ...), so a drift in
the machine's speed hits both alike; the figure reported is

    ratio = median NumPy time / median jitarray time      (> 1: jitarray is faster)

A streaming reduction (a case built with ``Stream``: it reads its inputs once) also gets
the rate at which each library read its inputs, in GB/s, and jitarray's as a share of a
read probe timed in the same interleaved rounds: two threads reading as many bytes
(``ReadProbe``), the ceiling such a kernel can reach on the machine.

The ``dask`` family times ``jitarray.dask`` beside ``dask.array``'s own functions on one
``distributed.LocalCluster`` (``asv_bench/benchmarks/dask.py``): there the ratio is Dask's
own time / jitarray-on-Dask time.

Usage::

    python asv_bench/ratios.py                      # every family
    python asv_bench/ratios.py --family reductions,sorting --quick
    python asv_bench/ratios.py --json > ratios.json
"""

import argparse
import concurrent.futures
import gc
import importlib
import json
import pathlib
import statistics
import sys
import time

import numba
import numpy as np

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


@numba.njit(nogil=True)
def _or_words(words):
    # every word read, in a loop LLVM vectorises: only the memory read rate bounds it
    acc = np.uint64(0)
    for i in range(words.shape[0]):
        acc |= words[i]
    return acc


class ReadProbe:
    """A call that reads ``nbytes`` on ``threads`` threads, each its own part at once: the
    most a kernel reading as many bytes can reach (a buffer that fits the CPU's caches reads
    faster, so each case gets a probe of its own size)."""

    def __init__(self, nbytes, threads=2):
        words = np.ones(max(nbytes // 8, threads), np.uint64)  # (written: its pages are in memory)
        self.nbytes = words.nbytes
        self._parts = np.array_split(words, threads)
        self._pool = concurrent.futures.ThreadPoolExecutor(threads)
        _or_words(self._parts[0][:1])  # compile outside the timing

    def __call__(self):
        list(self._pool.map(_or_words, self._parts))

    def close(self):
        self._pool.shutdown()


def bytes_read(args):
    """The bytes of a case's array arguments: what a streaming reduction reads once."""
    return sum(a.nbytes for a in args if isinstance(a, np.ndarray))


def _calls_per_timing(fn, args):
    # repeat calls inside one timing until it lasts about 20 ms, so the clock's
    # resolution and call noise stay small
    return max(1, int(0.02 / max(_time_once(fn, args, 1), 1e-7)))


def measure(case, rounds):
    """Median seconds per call of jitarray, NumPy and, for a streaming case, a read probe
    (None otherwise), interleaved over ``rounds`` rounds; and the bytes the case reads."""
    args = case.setup()
    nbytes = bytes_read(args)
    case.run_ja(*args)  # compile, or load from the cache, before timing
    case.run_np(*args)
    runs = [case.run_ja, case.run_np]
    probe = ReadProbe(nbytes) if case.streams else None
    if probe is not None:
        runs.append(probe)
    number = _calls_per_timing(case.run_np, args)
    numbers = [number, number] + ([_calls_per_timing(probe, ())] if probe is not None else [])
    times = [[] for _ in runs]
    try:
        for _ in range(rounds):
            for run, n, kept in zip(runs, numbers, times):
                kept.append(_time_once(run, () if run is probe else args, n))
    finally:
        if probe is not None:
            probe.close()
    t_ja, t_np, *t_probe = map(statistics.median, times)
    return t_ja, t_np, (t_probe[0] if t_probe else None), nbytes


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
            t_ja, t_np, t_probe, nbytes = measure(case, rounds)
            record = {"family": family, "case": case.name, "jitarray_s": t_ja, "numpy_s": t_np,
                      "ratio": t_np / t_ja, "target": case.target}
            rate = ""
            if case.streams:
                probe = nbytes / t_probe / 1e9
                record.update(jitarray_gbs=nbytes / t_ja / 1e9, numpy_gbs=nbytes / t_np / 1e9, probe_gbs=probe)
                rate = (f"  {record['jitarray_gbs']:5.1f} GB/s = {record['jitarray_gbs'] / probe:4.0%} of the probe's "
                        f"{probe:.1f} (NumPy {record['numpy_gbs']:.1f})")
            records.append(record)
            if not args.json:
                mark = "" if case.target is None else ("  ok" if record["ratio"] >= case.target else "  BELOW")
                target = "" if case.target is None else f">= {case.target:g}"
                print(f"{family:12s} {case.name:42s} {record['ratio']:7.2f}  {target:8s}{mark:7s}{rate}", flush=True)
    if args.json:
        json.dump(records, sys.stdout, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
