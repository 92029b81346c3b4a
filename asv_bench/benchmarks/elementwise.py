"""Elementwise benchmarks: jitarray beside NumPy at 10**7 elements."""

import math

import numpy as np

import jitarray as ja

from ._cases import Case, asv_classes, small

N = 10**7
SQUARE = 3163 * 3163  # items of the 2-D cases, about N


def _pair(dtype):
    rng = np.random.default_rng(0)
    return lambda: tuple((rng.random(N) * 100).astype(dtype) for _ in range(2))


def _square_and(axis):
    """A square of ones and a vector along its ``axis`` (1: a row, 0: a column) to broadcast;
    the sizes are read when it runs (the tests shrink them)."""
    side = math.isqrt(SQUARE)
    return np.ones((side, side)), np.arange(float(side)).reshape((-1, 1) if axis == 0 else -1)


CASES = [
    Case("add float64 1e7", _pair(np.float64), ja.add, np.add, 1.0),
    Case("add int8 1e7", _pair(np.int8), ja.add, np.add),
    Case("multiply float64 1e7", _pair(np.float64), ja.multiply, np.multiply, 1.0),
    Case("multiply complex128 1e7", _pair(np.complex128), ja.multiply, np.multiply),
    Case("subtract float32 1e7", _pair(np.float32), ja.subtract, np.subtract),
    Case("divide float64 1e7", _pair(np.float64), ja.divide, np.divide),
    Case("add float64 + scalar 1e7", lambda: (_pair(np.float64)()[0], 2.5), ja.add, np.add),
    Case("sqrt float64 1e7", lambda: _pair(np.float64)()[:1], ja.sqrt, np.sqrt, 1.0),
    Case("add float64 2-D broadcast 3163x3163", lambda: _square_and(1), ja.add, np.add, 1.0),
    Case("add float64 2-D column broadcast 3163x3163", lambda: _square_and(0), ja.add, np.add),
    Case("add float64 out= 1e7", lambda: (*_pair(np.float64)(), np.empty(N)),
         lambda a, b, out: ja.add(a, b, out=out), lambda a, b, out: np.add(a, b, out=out), 1.0),
    *small("add float64", lambda n: tuple(np.random.default_rng(0).random((2, n))), ja.add, np.add),
]

asv_classes(CASES, globals())
