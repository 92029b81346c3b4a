"""Reduction benchmarks: jitarray beside NumPy at 10**7 elements (1-D or 2000 x 5000)."""

import numpy as np

import jitarray.reductions as jr

from ._cases import Case, Stream, asv_classes, small

N = 10**7
COLS = 5000  # the 2-D cases: N // COLS = 2000 rows (read when a setup runs: the tests shrink N)


def _vector(dtype, nan_fraction=0.0):
    def setup():
        rng = np.random.default_rng(0)
        if np.dtype(dtype).kind in "iu":
            return (rng.integers(-100, 100, N).astype(dtype),)
        x = rng.standard_normal(N).astype(dtype)
        if nan_fraction:
            x[rng.random(N) < nan_fraction] = np.nan
        return (x,)

    return setup


def _decided_last(value):
    """A bool vector whose any (value True) or all (False) only its last item decides."""

    def setup():
        x = np.full(N, not value)
        x[-1] = value
        return (x,)

    return setup


def _matrix():
    return (np.random.default_rng(1).standard_normal((N // COLS, COLS)),)


def _matrix_with_nan():
    (a,) = _matrix()
    a[np.random.default_rng(2).random(a.shape) < 0.1] = np.nan
    return (a,)


CASES = [
    Stream("sum float64 1e7", _vector(np.float64), jr.sum, np.sum, 1.2),
    Stream("sum float64 2000x5000 axis=0", _matrix, lambda a: jr.sum(a, axis=0), lambda a: np.sum(a, axis=0), 2.0),
    Stream("sum float64 2000x5000 axis=1", _matrix, lambda a: jr.sum(a, axis=1), lambda a: np.sum(a, axis=1), 2.0),
    Stream("sum int8 1e7", _vector(np.int8), jr.sum, np.sum, 3.0),
    Stream("sum int16 1e7", _vector(np.int16), jr.sum, np.sum, 3.0),
    Stream("sum int32 1e7", _vector(np.int32), jr.sum, np.sum, 3.0),
    Stream("min float64 1e7", _vector(np.float64), jr.min, np.min, 1.0),
    Stream("max float64 1e7", _vector(np.float64), jr.max, np.max, 1.0),
    Stream("sum float64 2000x5000 whole", _matrix, jr.sum, np.sum, 1.0),
    Stream("max int8 2000x5000 whole", lambda: (_vector(np.int8)()[0].reshape(-1, COLS),), jr.max, np.max, 1.0),
    Stream("max float64 2000x5000 axis=0", _matrix, lambda a: jr.max(a, axis=0), lambda a: np.max(a, axis=0), 1.5),
    Stream("argmax float64 1e7", _vector(np.float64), jr.argmax, np.argmax, 1.0),
    Stream("argmax float64 2000x5000 axis=0", _matrix, lambda a: jr.argmax(a, axis=0),
           lambda a: np.argmax(a, axis=0), 3.0),
    Stream("nansum float64 1e7 10% NaN", _vector(np.float64, 0.1), jr.nansum, np.nansum, 2.0),
    Stream("nanmean float64 1e7 10% NaN", _vector(np.float64, 0.1), jr.nanmean, np.nanmean, 2.0),
    Stream("mean float64 2000x5000 axis=0", _matrix, lambda a: jr.mean(a, axis=0), lambda a: np.mean(a, axis=0), 2.0),
    Case("any float64 1000", lambda: (np.zeros(1000),), jr.any, np.any, 0.5),
    Case("argmax float64 1000 axis=0", lambda: (np.ones((10, 100)),), lambda a: jr.argmax(a, axis=0),
         lambda a: np.argmax(a, axis=0), 0.5),
    Stream("mean int64 1e7", _vector(np.int64), jr.mean, np.mean),
    Case("var float64 2000x5000 axis=1", _matrix, lambda a: jr.var(a, axis=1), lambda a: np.var(a, axis=1)),
    Stream("sum float32 1e7", _vector(np.float32), jr.sum, np.sum, 1.0),
    Stream("argmax float32 100000x100 axis=1", lambda: (_vector(np.float32)()[0].reshape(-1, 100),),
           lambda a: jr.argmax(a, axis=1), lambda a: np.argmax(a, axis=1), 1.0),
    Case("argmax bool 2000x5000 axis=1", lambda: (_matrix()[0] > 2,), lambda a: jr.argmax(a, axis=1),
         lambda a: np.argmax(a, axis=1), 1.0),
    Stream("prod float64 2000x5000 axis=0", lambda: (1.0 + _matrix()[0] / 1e4,), lambda a: jr.prod(a, axis=0),
           lambda a: np.prod(a, axis=0), 1.2),
    Stream("mean int8 1e7", _vector(np.int8), jr.mean, np.mean, 1.2),
    Stream("nanmax float64 1e7 10% NaN", _vector(np.float64, 0.1), jr.nanmax, np.nanmax, 1.0),
    Stream("nanargmax float64 2000x5000 10% NaN axis=0", _matrix_with_nan, lambda a: jr.nanargmax(a, axis=0),
           lambda a: np.nanargmax(a, axis=0), 3.0),
    Stream("any bool 1e7 last item decides", _decided_last(True), jr.any, np.any, 1.0),
    Stream("all bool 1e7 last item decides", _decided_last(False), jr.all, np.all, 1.0),
    Stream("any bool 2000x5000 axis=0", lambda: (_matrix()[0] > 0,), lambda a: jr.any(a, axis=0),
           lambda a: np.any(a, axis=0), 1.0),
    *small("sum float64", lambda n: (np.random.default_rng(0).random(n),), jr.sum, np.sum),
    *small("argmax float64", lambda n: (np.random.default_rng(0).random(n),), jr.argmax, np.argmax),
]

asv_classes(CASES, globals())
