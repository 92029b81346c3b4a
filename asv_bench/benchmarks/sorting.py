"""Sorting benchmarks: jitarray's (always stable) sorts beside NumPy's stable and default ones.

NumPy's default argsort of float64 on an AVX-512 CPU is x86-simd-sort's; its stable sort is a
merge sort (timsort or radix sort for some dtypes).  Random data, 1e6 and 1e7 elements.
"""

import numpy as np

import jitarray.sorting as js

from ._cases import Case, asv_classes, small

N6, N7 = 10**6, 10**7


def _vector(dtype, big=True):
    """Setup of a random vector of ``dtype``: ``N7`` items, or ``N6`` (read when it runs:
    the tests shrink both)."""

    def setup():
        n = N7 if big else N6
        rng = np.random.default_rng(0)
        dt = np.dtype(dtype)
        if dt.kind in "iu":
            info = np.iinfo(dt)
            return (rng.integers(info.min, info.max, n, dtype=dt, endpoint=True),)
        return (rng.random(n).astype(dt),)

    return setup


def _matrix():
    return (np.random.default_rng(1).random((1000, N7 // 1000)),)


def _stable(a, axis=-1):
    return np.argsort(a, axis=axis, kind="stable")


CASES = [
    Case("argsort float64 1e6 vs stable", _vector(np.float64, False), js.argsort, _stable, 3.0),
    Case("argsort float64 1e7 vs stable", _vector(np.float64), js.argsort, _stable, 3.0),
    Case("argsort int64 1e6 vs stable", _vector(np.int64, False), js.argsort, _stable, 3.0),
    Case("argsort int64 1e7 vs stable", _vector(np.int64), js.argsort, _stable, 3.0),
    Case("argsort float64 1e6 vs default", _vector(np.float64, False), js.argsort, np.argsort, 0.5),
    Case("argsort float64 1e7 vs default", _vector(np.float64), js.argsort, np.argsort, 1.0),
    Case("argsort int8 1e7 vs default", _vector(np.int8), js.argsort, np.argsort, 5.0),
    Case("argsort int16 1e7 vs default", _vector(np.int16), js.argsort, np.argsort, 5.0),
    Case("argsort uint16 1e7 vs default", _vector(np.uint16), js.argsort, np.argsort, 5.0),
    Case("argsort float64 1000x10000 axis=-1 vs default", _matrix, lambda a: js.argsort(a, axis=-1),
         lambda a: np.argsort(a, axis=-1), 1.0),
    Case("argsort float64 1000x10000 axis=0 vs default", _matrix, lambda a: js.argsort(a, axis=0),
         lambda a: np.argsort(a, axis=0), 1.0),
    Case("argsort float32 1e7 vs stable", _vector(np.float32), js.argsort, _stable),
    Case("sort float64 1e7 vs stable", _vector(np.float64), js.sort, lambda a: np.sort(a, kind="stable")),
    Case("sort float64 1e7 vs default", _vector(np.float64), js.sort, np.sort),
    Case("argsort complex128 1e6 vs stable", lambda: (_vector(np.float64, False)()[0] + 1j,), js.argsort, _stable),
    *small("argsort float64", lambda n: (np.random.default_rng(0).random(n),), js.argsort, np.argsort),
    *small("sort float64", lambda n: (np.random.default_rng(0).random(n),), js.sort, np.sort),
]

asv_classes(CASES, globals())
