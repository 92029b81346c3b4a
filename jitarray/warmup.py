"""Compile jitarray's kernels ahead of use: ``jitarray-warmup`` and ``python -m jitarray.warmup``.

Kernels compile on first use and are cached on disk (see the README's "Caching and
threads"), so the first call of each function and dtype in a new environment pays the
compile.  Run this once where that cost should not fall on a user's first call: in a
container image's build, on each node of a cluster that shares no cache, or after
upgrading jitarray or Numba.  It calls every chosen function on small and large arrays
(a large one takes the multi-threaded path) of every chosen dtype, from Python; functions
called inside a user's own ``@njit`` code are compiled into that code (use
``@numba.njit(cache=True)`` there, so it is compiled once).

Usage::

    jitarray-warmup                                   # every function, every dtype
    jitarray-warmup --dtypes float64,int64 --functions sum,argsort
    jitarray-warmup --list                            # the functions it knows

Progress, with elapsed time, goes to stderr; the exit status is 0, or 2 for bad arguments.
"""

import argparse
import sys
import time
import warnings

import numpy as np

from ._table import FUNCTIONS

_SMALL, _LARGE = 1000, 1 << 18


def _inputs(dtype):
    """The arrays a function is warmed on: small and large 1-D and 2-D."""
    rng = np.random.default_rng(0)
    out = []
    for n in (_SMALL, _LARGE):
        x = (rng.random(n) * 100).astype(dtype)
        out += [x, x.reshape(-1, 8)]
    return out


def calls(name, dtype):
    """``[(label, thunk), ...]``: the calls that compile ``jitarray.<name>``'s kernels for
    ``dtype`` (both paths, serial and threaded, and the axis forms that use other kernels)."""
    import jitarray as ja

    fn = getattr(ja, name)
    family = {f.name: f.family for f in FUNCTIONS}[name]
    dt = np.dtype(dtype)
    out = []
    for x in _inputs(dt):
        tag = f"{name}({dt.name}{list(x.shape)}"
        if family == "creation":
            if name.endswith("_like"):
                args = (x, 1) if name == "full_like" else (x,)
                out.append((tag + ")", lambda args=args: fn(*args)))
            elif x.ndim == 1:
                n, side = x.size, int(x.size ** 0.5)
                make = {"array": lambda x=x: fn(x.tolist(), dt), "full": lambda n=n: fn(n, 1, dt),
                        "arange": lambda n=n: fn(n, dtype=dt), "linspace": lambda n=n: fn(0, 100, n, dtype=dt),
                        "identity": lambda n=side: fn(n, dt), "eye": lambda n=side: fn(n, dtype=dt)}
                out.append((tag + ")", make.get(name, lambda n=n: fn(n, dt))))
        elif family == "shape":
            make = {"reshape": lambda x=x: fn(x, (-1,)), "ravel": lambda x=x: fn(x.T),
                    "transpose": lambda x=x: fn(x)}
            out.append((tag + ")", make[name]))
        elif family == "elementwise":
            out.append((tag + ")", (lambda x=x: fn(x)) if name == "sqrt" else (lambda x=x: fn(x, x))))
        elif name == "where":
            out.append((tag + ")", lambda x=x: fn(x, x, x)))
        elif name in ("nonzero", "flatnonzero", "argwhere"):
            out.append((tag + ")", lambda x=x: fn(x)))
        else:  # reductions, sorting, count_nonzero: whole, and along each axis of the 2-D form
            for axis in ([None] if x.ndim == 1 and family != "sorting" else [-1] if x.ndim == 1 else [0, 1]):
                out.append((f"{tag}, axis={axis})", lambda x=x, axis=axis: fn(x, axis=axis)))
    return out


def warm(names, dtypes, progress=None):
    """Run :func:`calls` for every name and dtype; returns the seconds each (name, dtype)
    took.  Calls that NumPy itself refuses for a dtype (``subtract`` of bools, ``arange``
    of bools, ...) are skipped."""
    jobs = [(name, dt) for name in names for dt in dtypes]
    took = {}
    start = time.perf_counter()
    for i, (name, dt) in enumerate(jobs):
        t0 = time.perf_counter()
        for _label, thunk in calls(name, dt):
            # (the values are random: their overflows and NaN slices are nobody's concern)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    thunk()
                except (TypeError, ValueError, OverflowError):
                    pass
        took[name, dt] = time.perf_counter() - t0
        if progress is not None:
            progress(i + 1, len(jobs), name, dt, time.perf_counter() - start)
    return took


def _bar(done, total, name, dtype, elapsed):
    width = 30
    fill = width * done // total
    left = elapsed / done * (total - done)
    sys.stderr.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {done}/{total} {name}({dtype})"
                     f" {elapsed:.0f} s, about {left:.0f} s left   ")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv=None):
    from . import SUPPORTED_DTYPES

    names = sorted({f.name for f in FUNCTIONS})
    every = [np.dtype(d).name for d in SUPPORTED_DTYPES]
    parser = argparse.ArgumentParser(prog="jitarray-warmup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--functions", default="all", help="comma-separated names (default: all)")
    parser.add_argument("--dtypes", default="all", help=f"comma-separated, of: {','.join(every)} (default: all)")
    parser.add_argument("--list", action="store_true", help="list the functions and exit")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(names))
        return 0
    chosen = names if args.functions == "all" else args.functions.split(",")
    dtypes = every if args.dtypes == "all" else args.dtypes.split(",")
    bad = [n for n in chosen if n not in names] + [d for d in dtypes if d not in every]
    if bad:
        parser.exit(2, f"jitarray-warmup: unknown function or dtype: {', '.join(bad)}\n")
    took = warm(chosen, dtypes, None if args.no_progress else _bar)
    sys.stderr.write(f"compiled or loaded {len(took)} (function, dtype) pairs in {sum(took.values()):.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
