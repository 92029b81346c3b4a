"""Searching benchmarks: jitarray beside NumPy at 10**7 elements.

Densities avoid 10%, where NumPy's nonzero switches its algorithm.
"""

import math

import numpy as np

import jitarray.searching as js

from ._cases import Case, Stream, asv_classes, small

N = 10**7
SQUARE = 3163 * 3163  # items of the square cases, about N


def _sparse(dtype, density, square=False):
    def setup():
        # (the sizes are read when it runs: the tests shrink them)
        shape = (math.isqrt(SQUARE),) * 2 if square else (N,)
        rng = np.random.default_rng(0)
        x = rng.random(shape)
        x[x >= density] = 0
        return (x.astype(dtype),)

    return setup


def _where_operands():
    rng = np.random.default_rng(1)
    return rng.random(N) < 0.5, rng.random(N), rng.random(N)


CASES = [
    Case("nonzero float64 1e7 1%", _sparse(np.float64, 0.01), js.nonzero, np.nonzero, 3.0),
    Case("nonzero float64 1e7 20%", _sparse(np.float64, 0.2), js.nonzero, np.nonzero, 3.0),
    Case("nonzero float64 1e7 50%", _sparse(np.float64, 0.5), js.nonzero, np.nonzero, 3.0),
    Case("nonzero bool 1e7 20%", _sparse(np.bool_, 0.2), js.nonzero, np.nonzero, 1.0),
    Case("nonzero bool 3163x3163 20%", _sparse(np.bool_, 0.2, square=True), js.nonzero, np.nonzero, 1.0),
    Stream("count_nonzero float64 1e7", _sparse(np.float64, 0.5), js.count_nonzero, np.count_nonzero, 2.0),
    Case("where float64 1e7", _where_operands, js.where, np.where, 1.0),
    Case("flatnonzero int32 1e7 20%", _sparse(np.int32, 0.2), js.flatnonzero, np.flatnonzero),
    Case("argwhere float32 3163x3163 20%", _sparse(np.float32, 0.2, square=True), js.argwhere, np.argwhere),
    Stream("count_nonzero int16 3163x3163 axis=0", _sparse(np.int16, 0.5, square=True),
           lambda a: js.count_nonzero(a, axis=0), lambda a: np.count_nonzero(a, axis=0)),
    Stream("count_nonzero int16 3163x3163 axis=1", _sparse(np.int16, 0.5, square=True),
           lambda a: js.count_nonzero(a, axis=1), lambda a: np.count_nonzero(a, axis=1), 1.0),
    *small("nonzero bool", lambda n: (np.random.default_rng(0).random(n) < 0.5,), js.nonzero, np.nonzero),
]

asv_classes(CASES, globals())
