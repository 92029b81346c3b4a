"""Creation benchmarks: jitarray beside NumPy at 10**7 elements."""

import math

import numpy as np

import jitarray as ja

from ._cases import Case, asv_classes, small

N = 10**7
SQUARE = 3163 * 3163  # eye(isqrt(SQUARE)) has about 10**7 elements (read when it runs: the tests shrink it)

CASES = [
    Case("ones float64 1e7", lambda: (N,), lambda n: ja.ones(n), lambda n: np.ones(n), 1.0),
    Case("full int32 1e7", lambda: (N,), lambda n: ja.full(n, 7, np.int32), lambda n: np.full(n, 7, np.int32), 1.0),
    Case("zeros float64 1e7", lambda: (N,), lambda n: ja.zeros(n), lambda n: np.zeros(n)),
    Case("arange int64 1e7", lambda: (N,), lambda n: ja.arange(n), lambda n: np.arange(n), 1.0),
    Case("arange float64 1e7", lambda: (N,), lambda n: ja.arange(0.0, n / 2, 0.5),
         lambda n: np.arange(0.0, n / 2, 0.5), 1.0),
    Case("linspace float64 1e7", lambda: (N,), lambda n: ja.linspace(0, 1, n), lambda n: np.linspace(0, 1, n), 1.0),
    Case("eye float64 3163x3163", lambda: (math.isqrt(SQUARE),), lambda n: ja.eye(n), lambda n: np.eye(n), 1.0),
    Case("ones_like float32 1e7", lambda: (np.empty(N, np.float32),), ja.ones_like, np.ones_like),
    *small("zeros float64", lambda n: (n,), lambda n: ja.zeros(n), lambda n: np.zeros(n)),
    *small("ones float64", lambda n: (n,), lambda n: ja.ones(n), lambda n: np.ones(n)),
    *small("arange int64", lambda n: (n,), lambda n: ja.arange(n), lambda n: np.arange(n)),
    *small("linspace float64", lambda n: (n,), lambda n: ja.linspace(0, 1, n), lambda n: np.linspace(0, 1, n)),
]

asv_classes(CASES, globals())
