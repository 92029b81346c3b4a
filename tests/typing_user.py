"""A typed user of jitarray, checked by ``mypy --strict`` in tests/test_typing.py (not run by pytest).

Every call below must type-check without "call to untyped function" or any other error, so
that code which uses jitarray keeps its own type checking.
"""

from typing import Any

import numpy as np
import numpy.typing as npt

import jitarray as ja


def creation() -> list[npt.NDArray[Any]]:
    a: npt.NDArray[np.float64] = ja.zeros((2, 3))
    b = ja.ones(4, dtype=np.int8)
    c = ja.empty([2, 2], dtype="float32", order="F")
    d = ja.full((2,), 7.5)
    e = ja.array([[1, 2], [3, 4]], dtype=np.int64, copy=None, ndmin=2)
    f = ja.array([1, 2, 300], dtype="int8", overflow="wrap")
    g = ja.zeros_like(a, dtype=np.float32)
    h = ja.ones_like([1, 2, 3], shape=(3, 1))
    i = ja.empty_like(a, order="C")
    j = ja.full_like(a, 2.0)
    k = ja.arange(10)
    m = ja.arange(0.0, 1.0, 0.25, dtype="float32")
    n = ja.eye(3, k=1, dtype=np.complex128)
    o = ja.identity(2)
    p: npt.NDArray[np.float64] = ja.linspace(0.0, 1.0, 5)
    q, step = ja.linspace(0, 1, num=5, retstep=True)
    r, step2 = ja.linspace(0, 1, 5, True, True)
    print(float(step) + float(step2))
    return [a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q, r]


def shapes(a: npt.NDArray[np.float64]) -> tuple[int, ...]:
    b = ja.reshape(a, (-1, 2), order="F", copy=None)
    c = ja.ravel(b)
    d = ja.transpose(ja.reshape(c, (2, 3, 1)), axes=(2, 0, 1))
    return d.shape


def elementwise(a: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out = ja.empty(a.shape)
    ja.add(a, 1.0, out=out)
    b: npt.NDArray[np.float64] = ja.subtract(ja.multiply(a, a), out)
    c: npt.NDArray[np.float64] = ja.divide(b, 2) + ja.true_divide(b, 3)
    d: npt.NDArray[np.float64] = ja.sqrt(c)
    return d


def reductions(a: npt.NDArray[np.float64]) -> float:
    total = float(ja.sum(a)) + float(ja.prod(a, dtype=np.float64))
    per_row: npt.NDArray[np.float64] = ja.mean(a, axis=1)
    kept: npt.NDArray[np.float64] = ja.max(a, axis=(0, 1), keepdims=True)
    spread = ja.std(a, axis=0, ddof=1) + ja.var(a, correction=0)
    smallest = ja.min(a) + ja.amin(a) + ja.amax(a) + ja.nanmax(a) + ja.nanmin(a, axis=0)
    nan_stats = ja.nansum(a) + ja.nanprod(a) + ja.nanmean(a) + ja.nanvar(a) + ja.nanstd(a)
    where_max: npt.NDArray[np.intp] = ja.argmax(a, axis=0)
    position = int(ja.argmin(a)) + int(ja.nanargmax(a)) + int(ja.nanargmin(a, keepdims=False))
    truth = bool(ja.any(a > 0)) and bool(ja.all(a >= 0, axis=None))
    print(per_row, kept, spread, smallest, nan_stats, where_max, position, truth)
    return total


def sorting(a: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    s: npt.NDArray[np.float64] = ja.sort(a, axis=None)
    order = ja.argsort(a, axis=0, kind="stable")
    print(s[0], ja.sort(a, kind="quicksort"), ja.sort(a, stable=True))
    return order


def searching(a: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    rows, cols = ja.nonzero(a)
    flat: npt.NDArray[np.intp] = ja.flatnonzero(a)
    pairs: npt.NDArray[np.intp] = ja.argwhere(a)
    count = int(ja.count_nonzero(a)) + int(ja.count_nonzero(a, axis=0, keepdims=True).sum())
    indices: tuple[npt.NDArray[np.intp], ...] = ja.where(a > 1)
    chosen: npt.NDArray[np.float64] = ja.where(a > 1, a, 0.0)
    print(cols, flat, pairs, count, indices, chosen)
    return rows


if __name__ == "__main__":
    x = ja.reshape(ja.arange(6.0), (2, 3))
    print(creation(), shapes(x), elementwise(x), reductions(x), sorting(x), searching(x))
