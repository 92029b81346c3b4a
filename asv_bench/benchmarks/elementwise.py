"""Elementwise benchmarks: jitarray beside NumPy at 10**7 elements."""

import numpy as np

import jitarray as ja

from ._cases import Case, asv_classes

N = 10**7


def _pair(dtype):
    rng = np.random.default_rng(0)
    return lambda: tuple((rng.random(N) * 100).astype(dtype) for _ in range(2))


CASES = [
    Case("add float64 1e7", _pair(np.float64), ja.add, np.add, 1.0),
    Case("add int8 1e7", _pair(np.int8), ja.add, np.add),
    Case("multiply float64 1e7", _pair(np.float64), ja.multiply, np.multiply, 1.0),
    Case("multiply complex128 1e7", _pair(np.complex128), ja.multiply, np.multiply),
    Case("subtract float32 1e7", _pair(np.float32), ja.subtract, np.subtract),
    Case("divide float64 1e7", _pair(np.float64), ja.divide, np.divide),
    Case("add float64 + scalar 1e7", lambda: (_pair(np.float64)()[0], 2.5), ja.add, np.add),
    Case("sqrt float64 1e7", lambda: _pair(np.float64)()[:1], ja.sqrt, np.sqrt, 1.0),
    Case("add float64 2-D broadcast 3163x3163", lambda: (np.ones((3163, 3163)), np.arange(3163.0)), ja.add, np.add,
         1.0),
    Case("add float64 2-D column broadcast 3163x3163", lambda: (np.ones((3163, 3163)), np.arange(3163.0)[:, None]),
         ja.add, np.add),
    Case("add float64 out= 1e7", lambda: (*_pair(np.float64)(), np.empty(N)),
         lambda a, b, out: ja.add(a, b, out=out), lambda a, b, out: np.add(a, b, out=out), 1.0),
]

asv_classes(CASES, globals())
