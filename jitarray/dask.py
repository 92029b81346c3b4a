"""jitarray's kernels on Dask arrays: ``jitarray.dask.<name>`` takes a ``dask.array.Array``
and returns one, running jitarray's kernel on every chunk.

Dask dispatches ``np.*`` on the chunk type, and jitarray returns plain ndarrays, so nothing
reaches jitarray's kernels by itself: this module hands Dask its own chunk, combine and
aggregate functions, as flox does for numbagg's.  Those functions are defined at module
level (they pickle by reference, so a worker imports ``jitarray.dask`` instead of receiving
code), and every graph is built with ``meta=`` given: no kernel runs in the client while a
graph is built, only on the workers when it is computed.

What equals NumPy (on the computed whole array) and what equals ``dask.array``:

* integer, bool, ``min``/``max``, ``any``/``all``, arg, count, search and sort results equal
  NumPy's, whatever the chunks;
* float and complex reductions take ``method=``: ``'tree'`` (the default) equals the matching
  ``dask.array`` function bit for bit (the same tree of partial results, jitarray's kernel on
  each chunk) and is within a bound of NumPy's stated in each docstring; ``'sequential'``
  folds the chunks in NumPy's order of operations and ``'rechunk'`` gathers the reduced axes
  into one chunk: both equal NumPy bit for bit;
* elementwise functions equal NumPy's element by element.

Requires the ``dask`` extra: ``pip install "jitarray[dask]"`` (``dask[array]`` and
``distributed``).  ``import jitarray`` does not import Dask; ``import jitarray.dask`` does.
"""

from __future__ import annotations

import builtins  # (this module defines sum, max, min, any and all)
import functools
import itertools
import math
import operator
import time
import warnings
from collections.abc import Iterable
from typing import Any

import dask.array as da
import numpy as np
from dask.array.core import Array, handle_out
from dask.array.reductions import (
    _tree_reduce,
    mean_agg,
    mean_chunk,
    mean_combine,
    moment_agg,
    moment_combine,
    nannumel,
    numel,
)
from dask.base import tokenize
from dask.highlevelgraph import HighLevelGraph
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
from numpy.typing import DTypeLike

import jitarray

from . import _dtypes
from ._parallel import on_one_thread
from ._table import family

__all__ = [
    "add",
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argsort",
    "argwhere",
    "count_nonzero",
    "divide",
    "flatnonzero",
    "max",
    "mean",
    "min",
    "multiply",
    "nanargmax",
    "nanargmin",
    "nanmax",
    "nanmean",
    "nanmin",
    "nanprod",
    "nanstd",
    "nansum",
    "nanvar",
    "nonzero",
    "prod",
    "sort",
    "sqrt",
    "std",
    "subtract",
    "sum",
    "true_divide",
    "var",
    "warmup",
    "where",
]

Axis = int | tuple[int, ...] | None
SplitEvery = int | dict[int, int] | None


class _OnOneThread:
    """jitarray's functions, each as ``partial(on_one_thread, function)``: a chunk's kernels
    run on the worker thread that computes the chunk, as Dask's own NumPy calls do.  Dask
    keeps the cores busy with one chunk per thread; kernels that cut each chunk again into one
    piece per core would oversubscribe them.  (A partial of two module-level functions
    pickles by reference.)"""

    def __getattr__(self, name):
        return functools.partial(on_one_thread, getattr(jitarray, name))


_ja = _OnOneThread()
_INTP = np.dtype(np.intp)
_METHODS = ("tree", "sequential", "rechunk")

# NumPy's pairwise summation (``@TYPE@_pairwise_sum`` in loops_utils.h): a leaf of up to
# PW_BLOCKSIZE reals is summed by 8 accumulators; a longer run is split at half its reals,
# rounded down to a multiple of 8, and the halves are summed the same way.
_PW_BLOCK = 128


# ------------------------------------------------------------------ inputs


def _dask_input(x, name):
    """``x`` if it is a Dask array of a dtype jitarray computes with, else ``TypeError``."""
    if not isinstance(x, Array):
        cls = type(x)
        raise TypeError(
            f"jitarray.dask.{name} takes a Dask array (dask.array.Array), not "
            f"{cls.__module__}.{cls.__qualname__}: call jitarray.{name} for an array in memory, or "
            f"pass dask.array.from_array(x, chunks=...) to compute on chunks"
        )
    _dtypes.check_dtype(x.dtype)
    return x


def _operand(x, name):
    """An elementwise operand: a Dask array, or a Python or NumPy scalar."""
    if isinstance(x, Array):
        _dtypes.check_dtype(x.dtype)
        return x
    if _dtypes.is_python_scalar(x) or isinstance(x, np.generic):
        return x
    return _dask_input(x, name)  # raises the TypeError


def _axes(axis, ndim):
    """``axis`` as a sorted tuple of axes, with NumPy's errors."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        return tuple(sorted(normalize_axis_tuple(axis, ndim)))
    return (normalize_axis_index(operator.index(axis), ndim),)


def _method(method):
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, _METHODS))}, not {method!r}")
    return method


def _probe(dtype, ndim=1):
    """A one-item NumPy array of ``dtype``: NumPy is asked for result dtypes on it, in the
    client (NumPy's own loops: no jitarray kernel runs while a graph is built)."""
    return np.ones((1,) * builtins.max(ndim, 1), dtype)


def _meta(ndim, dtype):
    return np.empty((0,) * ndim, dtype)


def _kept_chunks(chunks, axes, keepdims):
    if keepdims:
        return tuple((1,) if k in axes else c for k, c in enumerate(chunks))
    return tuple(c for k, c in enumerate(chunks) if k not in axes)


# ------------------------------------------------------------------ chunk functions
#
# Module-level, or jitarray's own functions as ``_ja.<name>`` (partials of module-level
# functions), so that a graph refers to them by name: a worker imports jitarray.dask and
# finds them there.  ``axis`` comes as a tuple and ``keepdims=True`` from dask's reduction.


def _empty_like_dask(x):
    # dask's chunk_min/_nanmin_skip: an empty chunk contributes an empty array
    return np.empty((0,) * x.ndim, x.dtype)


def _min_chunk(x, axis=None, keepdims=False):
    return _empty_like_dask(x) if x.size == 0 else _ja.min(x, axis=axis, keepdims=keepdims)


def _max_chunk(x, axis=None, keepdims=False):
    return _empty_like_dask(x) if x.size == 0 else _ja.max(x, axis=axis, keepdims=keepdims)


def _nanmin_chunk(x, axis=None, keepdims=False):
    if x.size == 0:
        return _empty_like_dask(x)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All-NaN slice encountered", RuntimeWarning)
        return _ja.nanmin(x, axis=axis, keepdims=keepdims)


def _nanmax_chunk(x, axis=None, keepdims=False):
    if x.size == 0:
        return _empty_like_dask(x)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All-NaN slice encountered", RuntimeWarning)
        return _ja.nanmax(x, axis=axis, keepdims=keepdims)


def _count_agg(x, axis=None, keepdims=False):
    return _ja.sum(x, axis=axis, dtype=_INTP, keepdims=keepdims)


def _moment_chunk(A, order=2, sum=_ja.sum, numel=numel, dtype="f8", computing_meta=False,
                  implicit_complex_dtype=False, **kwargs):
    """dask's ``moment_chunk`` step by step, with jitarray's sums, differences and squares
    (``d**2`` is NumPy's ``square``, which is ``d*d``); ``abs`` of complex deviations is
    NumPy's, as jitarray has none."""
    if computing_meta:
        return A
    n = numel(A, **kwargs)
    n = n.astype(np.int64)
    total = sum(A, **kwargs) if implicit_complex_dtype else sum(A, dtype=dtype, **kwargs)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = total / n
    d = _ja.subtract(A, u)
    if np.issubdtype(A.dtype, np.complexfloating):
        d = np.abs(d)
    xs = [sum(_ja.multiply(d, d), dtype=dtype, **kwargs)]
    M = np.stack(xs, axis=-1)
    return {"total": total, "n": n, "M": M}


def _astype_block(x, dtype):
    return x.astype(dtype) if isinstance(x, np.ndarray) else np.dtype(dtype).type(x)


# ------------------------------------------------------------------ reductions: the tree


def _reduction(x, chunk, aggregate, axes, keepdims, dtype, split_every, combine=None, concatenate=True,
               name=None):
    """``dask.array.reduction`` with ``meta`` given at every step, so that nothing is called on
    meta arrays in the client: the same blocks, the same tree (dask's own ``_tree_reduce``,
    ``split_every`` and all), hence the same results as dask's function with these functions."""
    inds = tuple(range(x.ndim))
    tmp = da.blockwise(chunk, inds, x, inds, axis=axes, keepdims=True, token=name, dtype=dtype,
                       meta=_meta(x.ndim, dtype))
    tmp._chunks = tuple((1,) * len(c) if k in axes else c for k, c in enumerate(tmp.chunks))
    return _tree_reduce(tmp, aggregate, axes, keepdims, dtype, split_every, combine, name=name,
                        concatenate=concatenate, reduced_meta=None)


# Partial results combined by one task when the order cannot change the result (integers,
# bool, min/max, any/all, counts, arg reductions) and split_every is not given: one level
# of combining for up to 16 chunks along the reduced axes, where dask's default 4 takes two
# (measured on 10 chunks of 10**7 int8: 42 ms instead of 57 for the whole sum, 80 for dask's).
_ORDER_FREE_FAN_IN = 16


def _fan_in(split_every, order_free):
    return _ORDER_FREE_FAN_IN if split_every is None and order_free else split_every


def _tree(name, a, axes, keepdims, split_every, dtype=None, ddof=0):
    """The graph of ``dask.array.<name>`` with jitarray's kernel on each chunk."""
    p = functools.partial
    dt = np.dtype(dtype) if dtype is not None else None
    if name in _ORDER_FREE:
        split_every = _fan_in(split_every, True)
    if name in ("sum", "prod", "nansum", "nanprod"):
        if dt is None:
            one = np.zeros(1, a.dtype) if name == "sum" else np.ones(1, a.dtype)
            # dask's own choices (nanprod's is nansum's, as in dask)
            dt = {"sum": lambda: one.sum(), "prod": lambda: one.prod(),
                  "nansum": lambda: np.nansum(one), "nanprod": lambda: np.nansum(one)}[name]().dtype
        split_every = _fan_in(split_every, dt.kind in "biu")
        chunk = getattr(_ja, name)
        agg = _ja.prod if name.endswith("prod") else _ja.sum
        return _reduction(a, p(chunk, dtype=dt), p(agg, dtype=dt), axes, keepdims, dt, split_every,
                          name=f"jitarray-{name}")
    if name in ("min", "max", "nanmin", "nanmax"):
        if name.startswith("nan") and a.size == 0:
            raise ValueError(f"zero-size array to reduction operation f{name[3:]} which has no identity")
        chunk = {"min": _min_chunk, "max": _max_chunk, "nanmin": _nanmin_chunk, "nanmax": _nanmax_chunk}[name]
        agg = {"min": _min_chunk, "max": _max_chunk}.get(name, chunk)
        return _reduction(a, chunk, agg, axes, keepdims, a.dtype, split_every, combine=chunk,
                          name=f"jitarray-{name}")
    if name in ("any", "all"):
        chunk = getattr(_ja, name)
        return _reduction(a, chunk, chunk, axes, keepdims, np.dtype(bool), split_every, name=f"jitarray-{name}")
    if name == "count_nonzero":
        return _reduction(a, _ja.count_nonzero, _count_agg, axes, keepdims, _INTP, split_every,
                          name="jitarray-count_nonzero")
    if name in ("mean", "nanmean"):
        if dt is None:
            dt = np.mean((np.zeros if name == "mean" else np.ones)(1, a.dtype)).dtype
        if name == "mean":
            chunk, combine = p(mean_chunk, sum=_ja.sum, dtype=dt), mean_combine
        else:
            chunk = p(mean_chunk, sum=_ja.nansum, numel=nannumel, dtype=dt)
            combine = p(mean_combine, sum=_ja.nansum, numel=nannumel)
        return _reduction(a, chunk, p(mean_agg, dtype=dt), axes, keepdims, dt, split_every, combine=combine,
                          concatenate=False, name=f"jitarray-{name}")
    if name in ("var", "nanvar", "std", "nanstd"):
        base = "nanvar" if name.startswith("nan") else "var"
        out_dt = dt if dt is not None else np.var(np.ones(1, a.dtype)).dtype
        implicit = dtype is None and np.iscomplexobj(_meta(0, a.dtype))
        if base == "var":
            chunk = p(_moment_chunk, implicit_complex_dtype=implicit, dtype=out_dt)
            agg, combine = p(moment_agg, ddof=ddof, dtype=out_dt), moment_combine
        else:
            chunk = p(_moment_chunk, sum=_ja.nansum, numel=nannumel, implicit_complex_dtype=implicit,
                      dtype=out_dt)
            agg, combine = p(moment_agg, sum=np.sum, ddof=ddof, dtype=out_dt), p(moment_combine, sum=np.nansum)
        result = _reduction(a, chunk, agg, axes, keepdims, out_dt, split_every, combine=combine,
                            concatenate=False, name="var" if base == "var" else f"jitarray-{base}")
        if name in ("std", "nanstd"):
            result = result.map_blocks(_ja.sqrt, meta=_meta(result.ndim, result.dtype))
            if dtype is not None and np.dtype(dtype) != result.dtype:
                result = result.map_blocks(_astype_block, np.dtype(dtype), meta=_meta(result.ndim, dtype))
        return result
    raise AssertionError(name)


# ------------------------------------------------------------------ reductions: 'rechunk'


def _whole_axes_block(x, name, axis, keepdims, widen, kwargs):
    """``jitarray.<name>`` of a block that holds the reduced axes whole.

    NumPy's order of operations depends on the shape (a size-1 axis is dropped before it
    chooses between summing along the last axis pairwise and adding rows one after another),
    so a kept axis that is longer than 1 in the whole array but 1 in this block (``widen``)
    is doubled first, and the first half of the result kept."""
    x = np.ascontiguousarray(x)
    grow = [k for k in widen if x.shape[k] == 1]
    if grow:
        for k in grow:
            x = np.concatenate([x, x], axis=k)
        res = getattr(_ja, name)(x, axis=axis, keepdims=True, **kwargs)
        res = res[tuple(slice(0, 1) if k in grow else slice(None) for k in range(x.ndim))]
        return res if keepdims else _squeeze(res, axis)
    return getattr(_ja, name)(x, axis=axis, keepdims=keepdims, **kwargs)


def _squeeze(res, axes):
    res = res.reshape(tuple(n for k, n in enumerate(res.shape) if k not in axes))
    return res[()] if res.ndim == 0 else res


def _rechunked(name, a, axes, keepdims, dtype, kwargs):
    """The reduced axes gathered into one chunk each, then jitarray's function per block."""
    b = a.rechunk({k: -1 for k in axes}) if axes else a
    widen = tuple(k for k in range(a.ndim) if k not in axes and a.shape[k] > 1 and 1 in b.chunks[k])
    fn = functools.partial(_whole_axes_block, name=name, axis=axes, keepdims=keepdims, widen=widen, kwargs=kwargs)
    chunks = _kept_chunks(b.chunks, axes, keepdims)
    return da.map_blocks(fn, b, chunks=chunks, drop_axis=() if keepdims else axes, dtype=dtype,
                         meta=_meta(len(chunks), dtype))


# ------------------------------------------------------------------ reductions: 'sequential'
#
# NumPy folds the items reduced into one result in C order over the reduced axes (for a
# C-contiguous array; size-1 axes dropped).  When the last axis is kept, its inner loop adds
# row after row (``out[j] += x[i, j]``): a strict sequence.  When the last axes are reduced,
# they form blocks of B items; each block is cut into calls of L items (B, or the 8192 items
# of a cast buffer) and each call is summed pairwise; the calls are added in sequence.
#
# 'sequential' reproduces that: the reduced axes after the first are rechunked whole, so each
# chunk holds one contiguous run of every result's sequence.  Row-by-row sums and all
# products are folded chunk after chunk, the running result carried from one task to the
# next (written as the first row of the next chunk's fold: 0 + acc and 1 * acc are acc).
# Pairwise sums split across chunks are computed in parallel: each chunk sums the subtrees of
# NumPy's pairwise tree that lie wholly inside it (and keeps the items of the leaves cut by
# its edges), and one task per result adds them up along the tree, then the calls in order.


def _order_case(shape, axes):
    """``None`` when NumPy adds row after row, else B, the size of the blocks summed pairwise."""
    dims = [k for k, n in enumerate(shape) if n != 1]
    if not dims or dims[-1] not in axes:
        return None
    block = 1
    for k in reversed(dims):
        if k not in axes:
            break
        block *= shape[k]
    return block


def _split(count, cplx):
    """Where NumPy splits a pairwise sum of ``count`` items (it counts reals)."""
    return (count - count % 8) // 2 if cplx else count // 2 - (count // 2) % 8


def _values(x, m, mode):
    """The items a fold reduces, from a block ``x`` (``m``: the block of a mean, keepdims)."""
    if mode == "plain":
        return x
    if mode in ("nan0", "nan1"):
        return np.where(np.isnan(x), 0 if mode == "nan0" else 1, x) if x.dtype.kind in "fc" else x
    if mode == "sq":  # NumPy's _var: x - mean, squared (complex: re*re + im*im)
        d = _ja.subtract(x, m)
        if d.dtype.kind == "c":
            return _ja.add(_ja.multiply(d.real, d.real), _ja.multiply(d.imag, d.imag))
        return _ja.multiply(d, d)
    if mode == "nansq":  # NumPy's nanvar: NaN -> 0, minus the mean into arr's dtype, NaN -> 0, squared
        mask = np.isnan(x)
        arr = np.where(mask, 0, x)
        arr = np.asarray(_ja.subtract(arr, m)).astype(arr.dtype, copy=False)
        arr[mask] = 0
        if arr.dtype.kind == "c":
            return np.asarray(_ja.multiply(arr, np.conj(arr))).real
        return _ja.multiply(arr, arr)
    raise AssertionError(mode)


def _counts(x, axes):
    """How many items of each result of block ``x`` are not NaN, flat over the kept axes."""
    n = math.prod(x.shape[k] for k in axes)
    nan = _ja.count_nonzero(np.isnan(x), axis=axes) if x.dtype.kind in "fc" else 0
    return (n - np.asarray(nan, _INTP)).reshape(-1)


def _rows(x, axes, kept):
    """Block ``x`` as (items of one result, results): reduced axes first, in C order."""
    n = math.prod(x.shape[k] for k in kept)
    return x.transpose(axes + kept).reshape(-1, n)


def _cols(x, axes, kept):
    """Block ``x`` as (results, items of one result)."""
    n = math.prod(x.shape[k] for k in kept)
    return x.transpose(kept + axes).reshape(n, -1)


def _fold_rows(acc, rows, op):
    """``acc op rows[0] op rows[1] ...``, in that order, by jitarray's kernel: the rows are
    stacked under ``acc`` and reduced along axis 0, which NumPy does row after row when the
    rows are at least 2 long (a single column is doubled)."""
    n = acc.shape[0]
    if n == 0:
        return acc
    buf = np.empty((rows.shape[0] + 1, builtins.max(n, 2)), acc.dtype)
    buf[0, :n] = acc
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)  # NumPy's cast discards it too
        buf[1:, :n] = rows
    if n == 1:
        buf[:, 1] = buf[:, 0]
    return (_ja.sum if op == "sum" else _ja.prod)(buf, axis=0)[:n]


def _chain_step(prev, x, m, *, axes, kept, op, mode, loop, count):
    """One link of a chained fold: ``prev`` (None for the first chunk) folded with block ``x``."""
    rows = _rows(_values(x, m, mode), axes, kept)
    if prev is None:
        n = rows.shape[1]
        prev = (np.full(n, 0 if op == "sum" else 1, loop), np.zeros(n, _INTP) if count else None)
    acc, cnt = prev
    acc = _fold_rows(acc, rows, op)
    if count:
        cnt = cnt + _counts(x, axes)
    return acc, cnt


def _leaf_sum(items, loop):
    """Each row's sum of ``items`` (results, n): one of NumPy's calls over n items, pairwise
    (n is at most one call's length, so no cast buffer cuts it); 0 + NumPy's pairwise sum,
    which differs from it only in a zero's sign when every item is -0.0, a difference every
    later addition (to a running sum that starts at +0.0) erases."""
    return _ja.sum(items, axis=1, dtype=loop)


def _call_values(cols, block, length, loop):
    """The sums of NumPy's calls over ``cols`` (results, whole blocks of ``block`` items), in
    order: (results, calls)."""
    n, f = cols.shape
    view = cols.reshape(n, f // block, block)
    q, r = divmod(block, length)
    parts = []
    if q:
        parts.append(_ja.sum(view[:, :, :q * length].reshape(n, f // block, q, length), axis=3, dtype=loop))
    if r:
        parts.append(_ja.sum(view[:, :, q * length:], axis=2, dtype=loop)[:, :, None])
    vals = np.concatenate(parts, axis=2) if len(parts) > 1 else parts[0]
    return vals.reshape(n, -1)


def _pieces_of_call(cols, lo, hi, start, count, loop, cplx):
    """``('part', start, count, covered, nodes, leaves)``: what a chunk holding items
    ``lo .. hi`` of every result knows of the pairwise sum of items ``start .. start+count``:
    the sums of the subtrees inside it and the items of the leaves its edges cut."""
    per = _PW_BLOCK // 2 if cplx else _PW_BLOCK
    nodes, leaves = {}, {}
    stack = [(start, count)]
    while stack:
        s, c = stack.pop()
        if s >= hi or s + c <= lo:
            continue
        if lo <= s and s + c <= hi:
            nodes[s, c] = _leaf_sum(cols[:, s - lo:s - lo + c], loop)
        elif c <= per:
            a, b = builtins.max(s, lo), builtins.min(s + c, hi)
            leaves[s, c] = [(a, np.array(cols[:, a - lo:b - lo]))]
        else:
            half = _split(c, cplx)
            stack += [(s + half, c - half), (s, half)]
    covered = builtins.min(hi, start + count) - builtins.max(lo, start)
    return ("part", start, count, covered, nodes, leaves)


def _pairwise_part(x, m, *, axes, kept, mode, loop, lo, total, block, length, cplx, count):
    """What one chunk contributes to pairwise sums: ``(pieces, counts)``, pieces in order,
    each ``('calls', sums)`` for whole calls or a ``'part'`` of a call cut by an edge."""
    cols = _cols(_values(x, m, mode), axes, kept)
    f = cols.shape[1]
    hi = lo + f
    pieces = []
    if f and block != total:
        # the blocks are shorter than one result's run in a chunk, which holds them whole
        pieces.append(("calls", _call_values(cols, block, length, loop)))
    elif f:
        # one block runs through every chunk: calls of ``length`` items from its start, the
        # first and last ones a chunk holds maybe cut by its edges
        call = lambda t: (t * length, builtins.min(length, total - t * length))  # noqa: E731
        t, last = lo // length, (hi - 1) // length
        start, count = call(t)
        if start < lo or start + count > hi:
            pieces.append(_pieces_of_call(cols, lo, hi, start, count, loop, cplx))
            t += 1
        start, count = call(last)
        tail = last >= t and start + count > hi
        end = last if tail else last + 1
        if end > t:
            run_lo, run_hi = t * length, builtins.min(end * length, total)
            pieces.append(("calls", _calls_of_run(cols[:, run_lo - lo:run_hi - lo], run_lo, run_hi, length, loop)))
        if tail:
            pieces.append(_pieces_of_call(cols, lo, hi, start, count, loop, cplx))
    return pieces, (_counts(x, axes) if count else None)


def _calls_of_run(cols, lo, hi, length, loop):
    """Sums of the whole calls (of ``length`` items, the block's last one maybe shorter) that
    make up items ``lo .. hi`` (``cols`` holds exactly those)."""
    n = cols.shape[0]
    k = (hi - lo) // length
    parts = []
    if k:
        parts.append(_ja.sum(cols[:, :k * length].reshape(n, k, length), axis=2, dtype=loop))
    if lo + k * length < hi:  # the last call of the block, shorter
        parts.append(_ja.sum(cols[:, k * length:], axis=1, dtype=loop)[:, None])
    return np.concatenate(parts, axis=1) if len(parts) > 1 else parts[0]


def _part_value(part, loop, cplx):
    """The sum of a call whose pieces have all been merged into ``part``."""
    _, start, count, _, nodes, leaves = part
    per = _PW_BLOCK // 2 if cplx else _PW_BLOCK

    def value(s, c):
        if (s, c) in nodes:
            return nodes[s, c]
        if c <= per:
            items = np.concatenate([v for _, v in sorted(leaves[s, c], key=lambda t: t[0])], axis=1)
            return _leaf_sum(items, loop)
        half = _split(c, cplx)
        return value(s, half) + value(s + half, c - half)

    with np.errstate(all="ignore"):
        return value(start, count)


def _merge_parts(parts, *, loop, cplx, count, shape):
    """All chunks' pieces along the reduced axes, in order: the calls' sums added in NumPy's
    order, into one block of the result (keepdims shape, with the counts when asked)."""
    n = math.prod(shape)
    acc = np.zeros(n, loop)
    cnt = np.zeros(n, _INTP) if count else None
    open_part = None
    for pieces, c in _flatten(parts):
        if count:
            cnt = cnt + c
        for piece in pieces:
            if piece[0] == "calls":
                acc = _fold_rows(acc, piece[1].T, "sum")
                continue
            if open_part is None:
                open_part = piece
            else:
                _, s, c_, covered, nodes, leaves = open_part
                merged_leaves = dict(leaves)
                for key, items in piece[5].items():
                    merged_leaves[key] = merged_leaves.get(key, []) + items
                open_part = ("part", s, c_, covered + piece[3], {**nodes, **piece[4]}, merged_leaves)
            if open_part[3] == open_part[2]:
                acc = _fold_rows(acc, _part_value(open_part, loop, cplx)[None, :], "sum")
                open_part = None
    return acc.reshape(shape), (cnt.reshape(shape) if count else None)


def _flatten(nested):
    if isinstance(nested, list):
        return [item for sub in nested for item in _flatten(sub)]
    return [nested]


def _chain_finish(state, shape):
    acc, cnt = state
    return acc.reshape(shape), (cnt.reshape(shape) if cnt is not None else None)


def _ordered_fold(a, axes, op, mode, loop, value_dtype, m=None, count=False):
    """The fold NumPy computes (sum or product of the ``mode`` values over ``axes``, in
    ``loop`` dtype) as a Dask array of blocks ``(result, counts)`` in keepdims shape;
    ``a`` has every reduced axis after the first reduced axis longer than 1 in one chunk."""
    ndim = a.ndim
    kept = tuple(k for k in range(ndim) if k not in axes)
    long_axes = [k for k in axes if a.shape[k] > 1]
    r0 = long_axes[0] if long_axes else axes[0]
    block = _order_case(a.shape, axes)
    total = math.prod(a.shape[k] for k in axes)
    inner = total // a.shape[r0] if a.shape[r0] else 0
    cast = np.dtype(value_dtype) != loop
    length = builtins.min(block, np.getbufsize()) if block and cast else block
    cplx = loop.kind == "c"
    token = tokenize(a, axes, op, mode, loop, m, count)
    name = f"jitarray-sequential-{op}-{token}"
    dsk = {}
    starts = np.cumsum((0,) + a.chunks[r0])
    kept_ranges = [range(a.numblocks[k]) for k in kept]
    for kidx in itertools.product(*kept_ranges):
        where = dict(zip(kept, kidx))

        def key(i, where=where):
            return tuple(where.get(k, i if k == r0 else 0) for k in range(ndim))

        out_index = tuple(where.get(k, 0) for k in range(ndim))
        shape = tuple(a.chunks[k][where[k]] if k in where else 1 for k in range(ndim))
        mkey = (m.name,) + out_index if m is not None else None
        if block is None or op == "prod":
            prev = None
            for i in range(a.numblocks[r0]):
                step = (name + "-step",) + out_index + (i,)
                dsk[step] = (functools.partial(_chain_step, axes=axes, kept=kept, op=op, mode=mode, loop=loop,
                                               count=count), prev, (a.name,) + key(i), mkey)
                prev = step
            dsk[(name,) + out_index] = (_chain_finish, prev, shape)
        else:
            parts = []
            for i in range(a.numblocks[r0]):
                part = (name + "-part",) + out_index + (i,)
                dsk[part] = (functools.partial(_pairwise_part, axes=axes, kept=kept, mode=mode, loop=loop,
                                               lo=int(starts[i]) * inner, total=total, block=block, length=length,
                                               cplx=cplx, count=count), (a.name,) + key(i), mkey)
                parts.append(part)
            dsk[(name,) + out_index] = (functools.partial(_merge_parts, loop=loop, cplx=cplx, count=count,
                                                          shape=shape), parts)
    deps = [a] + ([m] if m is not None else [])
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=deps)
    return Array(graph, name, _kept_chunks(a.chunks, axes, True), meta=_meta(ndim, loop))


def _finish_sum(state, axes, keepdims):
    return _shaped(state[0], axes, keepdims)


def _shaped(res, axes, keepdims):
    return res if keepdims else _squeeze(res, axes)


def _finish_mean(state, rcount, axes, keepdims):
    # NumPy's _mean: true_divide(ret, rcount, out=ret, casting='unsafe') (a scalar:
    # ret.dtype.type(ret / rcount), the same value)
    res = state[0]
    with np.errstate(all="ignore"):
        res = np.true_divide(res, np.intp(rcount)).astype(res.dtype, copy=False)
    return _shaped(res, axes, keepdims)


def _finish_nanmean(state, axes, keepdims):
    # NumPy's nanmean: _divide_by_count(tot, cnt)
    tot, cnt = state
    with np.errstate(all="ignore"):
        res = np.divide(tot, cnt).astype(tot.dtype, copy=False)
    return _shaped(res, axes, keepdims)


def _finish_var(state, rcount, ddof, root, axes, keepdims):
    # NumPy's _var: ret / max(rcount - ddof, 0), in ret's dtype; std: its square root
    res = state[0]
    with np.errstate(all="ignore"):
        res = np.true_divide(res, np.maximum(np.intp(rcount) - ddof, 0)).astype(res.dtype, copy=False)
        if root:
            res = _ja.sqrt(res)
    return _shaped(res, axes, keepdims)


def _finish_nanvar(state, counts, ddof, root, axes, keepdims):
    # NumPy's nanvar: _divide_by_count(var, cnt - ddof), NaN where cnt - ddof <= 0
    res = state[0]
    dof = counts[1] - ddof
    with np.errstate(all="ignore"):
        res = np.divide(res, dof).astype(res.dtype, copy=False)
        res[dof <= 0] = np.nan
        if root:
            res = _ja.sqrt(res)
    return _shaped(res, axes, keepdims)


def _mean_block(state, rcount):
    return _finish_mean(state, rcount, (), True)


def _nanmean_block(state):
    return _finish_nanmean(state, (), True)


def _then(fn, s, axes, keepdims, dtype, *extra, **kwargs):
    """``fn(block of s, blocks of extra..., **kwargs)`` for each block of the keepdims-shaped
    ``s``, dropping the reduced axes unless ``keepdims`` (blocks of s are (result, counts))."""
    chunks = _kept_chunks(s.chunks, axes, keepdims)
    name = f"{fn.__name__.strip('_')}-{tokenize(s, *extra, axes, keepdims, kwargs)}"
    call = functools.partial(fn, axes=axes, keepdims=keepdims, **kwargs)
    dsk = {}
    for index in itertools.product(*map(range, s.numblocks)):
        out = index if keepdims else tuple(i for k, i in enumerate(index) if k not in axes)
        dsk[(name,) + out] = (call, (s.name,) + index, *[(e.name,) + index for e in extra])
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=[s, *extra])
    return Array(graph, name, chunks, meta=_meta(len(chunks), dtype))


def _for_sequential(a, axes):
    """``a`` with every reduced axis after the first one longer than 1 in one chunk."""
    long_axes = [k for k in axes if a.shape[k] > 1]
    rest = {k: -1 for k in axes if long_axes and k > long_axes[0] and a.numblocks[k] > 1}
    return a.rechunk(rest) if rest else a


_ORDER_FREE = ("min", "max", "nanmin", "nanmax", "any", "all", "count_nonzero")
_EXTREMES = _ORDER_FREE[:4]
_F2 = np.dtype(np.float16)


def _sequential(name, a, axes, keepdims, split_every, dtype, ddof, result_dtype):
    """NumPy's order of operations, chunk after chunk (see the section comment above)."""
    if name in _ORDER_FREE:
        return _tree(name, a, axes, keepdims, split_every, dtype, ddof)
    base = name[3:] if name.startswith("nan") and a.dtype.kind not in "fc" else name
    probe = _probe(a.dtype)
    dt = np.dtype(dtype) if dtype is not None else None
    kwargs = {"dtype": dtype} if name not in ("var", "std", "nanvar", "nanstd") else {"dtype": dtype, "ddof": ddof}
    rechunk = functools.partial(_rechunked, name, a, axes, keepdims, result_dtype, kwargs)
    if a.dtype == _F2 or dt == _F2:
        return rechunk()  # NumPy sums float16 in float32 with its own rounding: not split here
    b = _for_sequential(a, axes)
    nan = base.startswith("nan")
    if base in ("sum", "nansum", "prod", "nanprod"):
        op = "prod" if base.endswith("prod") else "sum"
        loop = (np.prod if op == "prod" else np.sum)(probe, dtype=dt).dtype
        if loop.kind in "biu":  # integers: exact in any order, so dask's tree is NumPy's result
            return _tree(name, a, axes, keepdims, split_every, dtype, ddof)
        if op == "prod" and loop.kind == "c":
            return rechunk()  # a running complex product cannot be restarted exactly (1 * z is not z)
        mode = ("nan1" if op == "prod" else "nan0") if nan else "plain"
        s = _ordered_fold(b, axes, op, mode, loop, a.dtype)
        return _then(_finish_sum, s, axes, keepdims, loop)
    rcount = math.prod(a.shape[k] for k in axes)
    if base in ("mean", "var", "std"):
        sum_dt = dt if dt is not None else (np.dtype("f8") if a.dtype.kind in "biu" else None)
        loop = np.sum(probe, dtype=sum_dt).dtype
        s = _ordered_fold(b, axes, "sum", "plain", loop, a.dtype)
        if base == "mean":
            return _then(_finish_mean, s, axes, keepdims, loop, rcount=rcount)
        m = da.map_blocks(_mean_block, s, rcount=rcount, dtype=loop, meta=_meta(a.ndim, loop))
        diff = np.result_type(a.dtype, loop)
        sq = np.empty(0, diff).real.dtype
        loop2 = np.sum(np.ones(1, sq), dtype=sum_dt).dtype
        s2 = _ordered_fold(b, axes, "sum", "sq", loop2, sq, m=m)
        return _then(_finish_var, s2, axes, keepdims, loop2, rcount=rcount, ddof=ddof, root=base == "std")
    # nanmean, nanvar, nanstd of floats
    loop = np.sum(probe, dtype=dt).dtype
    s = _ordered_fold(b, axes, "sum", "nan0", loop, a.dtype, count=True)
    if base == "nanmean":
        return _then(_finish_nanmean, s, axes, keepdims, loop)
    m = da.map_blocks(_nanmean_block, s, dtype=loop, meta=_meta(a.ndim, loop))
    sq = np.empty(0, a.dtype).real.dtype
    loop2 = np.sum(np.ones(1, sq), dtype=dt).dtype
    s2 = _ordered_fold(b, axes, "sum", "nansq", loop2, sq, m=m)
    return _then(_finish_nanvar, s2, axes, keepdims, loop2, s, ddof=ddof, root=base == "nanstd")


def _result_dtype(name, a, dtype, ddof):
    """The dtype NumPy gives ``numpy.<name>`` of ``a``, asked on a one-item array."""
    kwargs = {} if dtype is None else {"dtype": dtype}
    if name in ("var", "std", "nanvar", "nanstd"):
        kwargs["ddof"] = 0
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(getattr(np, name)(_probe(a.dtype, a.ndim), **kwargs)).dtype


def _reduce(name, a, axis, dtype, out, keepdims, split_every, method, ddof=0):
    a = _dask_input(a, name)
    method = _method(method)
    axes = _axes(axis, a.ndim)
    if dtype is not None:
        dtype = _dtypes.check_dtype(_dtypes.as_dtype(dtype))
    result_dtype = _result_dtype(name, a, dtype, ddof)
    kwargs = {} if name in _ORDER_FREE else {"dtype": dtype}
    if name in ("var", "std", "nanvar", "nanstd"):
        kwargs["ddof"] = ddof
    if name in _EXTREMES and a.dtype.kind == "c" and len(axes) > 1 and method != "rechunk" and a.size:
        # which of several NaNs, or of equal complex values (0j and -0j), comes out depends
        # on the order: NumPy's scalar loop keeps the first in C order.  Chunks meet in their
        # own order, but along one axis that is the index order: one axis at a time,
        # innermost first, keeps NumPy's (dask.array's own tree may give another NaN); the
        # axes below the one reduced keep their places
        result = a
        for k in sorted(axes, reverse=True):
            result = _reduce(name, result, k, None, None, keepdims, split_every, method)
        return handle_out(out, result)
    if method == "tree":
        result = _tree(name, a, axes, keepdims, split_every, dtype, ddof)
    elif method == "rechunk" or a.size == 0 or a.ndim == 0:
        result = _rechunked(name, a, axes, keepdims, result_dtype, kwargs)
    else:
        result = _sequential(name, a, axes, keepdims, split_every, dtype, ddof, result_dtype)
    return handle_out(out, result)


# ------------------------------------------------------------------ public reductions

_PARAMS = {
    "a": "a : dask.array.Array\n    Any supported dtype (NumPy arrays are refused: use ``jitarray.{name}``).",
    "axis": "axis : None, int or tuple of ints\n    As NumPy's (negative values count from the end).",
    "dtype": "dtype : dtype, optional\n    Accumulator and result dtype, as NumPy's.",
    "out": ("out : dask.array.Array, optional\n    A Dask array whose contents are replaced by the result, as in "
            "``dask.array``."),
    "ddof": "ddof : int or float\n    Delta degrees of freedom: the divisor is ``n - ddof``.",
    "keepdims": "keepdims : bool\n    Keep the reduced axes, with length 1.",
    "split_every": ("split_every : int or dict, optional\n    ``method='tree'``: how many partial results one task "
                    "combines, as in ``dask.array``\n    (default dask's, 4; 16 where the order cannot change the "
                    "result: integer and bool\n    sums and products, min/max, any/all, counts); ignored by the "
                    "other methods."),
    "method": ("method : {{'tree', 'sequential', 'rechunk'}}\n    ``'tree'`` (default): dask's tree of partial "
               "results, equal to ``dask.array.{name}`` bit for bit.\n    ``'sequential'``: the chunks along the "
               "reduced axes folded in NumPy's order of operations\n    (reduced axes after the first are rechunked "
               "whole), equal to NumPy bit for bit.\n    ``'rechunk'``: the reduced axes gathered into one chunk, then "
               "``jitarray.{name}``\n    per block; equal to NumPy bit for bit, each block holds whole reduced axes."),
}

_SUM_BOUND = (
    "Float and complex ``'tree'`` results and NumPy's are both sums of the same n items in two\n"
    "orders, so (the classical bound for any order, barring overflow, for n·eps <= 1)\n"
    "``|tree - NumPy| <= 2·n·eps·sum(|x|)``, for the real and imaginary parts separately\n"
    "(``eps = numpy.finfo(result dtype).eps``, n the items summed into one result{nan}).")
_NOTES = {
    "sum": _SUM_BOUND.format(nan=""),
    "nansum": _SUM_BOUND.format(nan=", NaN counting as 0"),
    "prod": ("Real ``'tree'`` products are within ``|tree - NumPy| <= 2·n·eps·|NumPy|`` (each of the n - 1\n"
             "products rounds once; barring overflow and subnormal partial products); complex ones\n"
             "within ``4·n·eps·|NumPy|``.  ``'sequential'`` folds real products chunk after chunk;\n"
             "for complex products it rechunks as ``'rechunk'`` does (``1 * z`` is not always ``z``,\n"
             "so a running complex product cannot be restarted exactly)."),
    "mean": ("Float ``'tree'`` results (integer inputs too: they are averaged in float64) are within\n"
             "``|tree - NumPy| <= 2·n·eps·mean(|x|) + eps·|NumPy|`` (the sums' bound divided by n, and\n"
             "both divisions' rounding), n the items averaged{nan}."),
    "var": ("Float ``'tree'`` results follow dask's one-pass formula (chunk moments combined), NumPy\n"
            "two passes (the mean, then the squared deviations); both compute sums of at most\n"
            "``sum(|x|**2)`` in size, so ``|tree - NumPy| <= 4·n·eps·sum(|x|**2) / (n - ddof)``{nan}.{root}"),
    "extreme": ("Every method equals NumPy: the order does not change a minimum or maximum (NaN\n"
                "propagates{nan}).  As for ``jitarray.{name}``, the sign of a zero result from mixed\n"
                "``0.0``/``-0.0`` may differ from NumPy's, whose own depends on the CPU.  Of several\n"
                "complex NaNs, or equal complex values, NumPy keeps the first in C order: over two\n"
                "or more axes, ``'tree'`` and ``'sequential'`` reduce one axis at a time, innermost\n"
                "first, which keeps it (``dask.array``'s own tree can give another)."),
    "logical": "Every method equals NumPy (the order does not change the result); ``'sequential'`` builds\nthe tree.",
}


def _doc(name, params, summary, notes, numpy_name=None):
    def decorate(fn):
        listed = "\n".join(_PARAMS[p].format(name=name) for p in params)
        fn.__doc__ = (
            f"{summary}\n\nParameters\n----------\n{listed}\n\nReturns\n-------\ndask.array.Array\n"
            f"    Of NumPy's dtype for ``numpy.{numpy_name or name}``; 0-d for a full reduction without\n"
            f"    ``keepdims`` (computing it gives a NumPy scalar, as NumPy returns).\n\n"
            f"Notes\n-----\n{notes}\n"
        )
        return fn

    return decorate


_EXACT = ("Integer and bool inputs give NumPy's result with every method (integer sums and\n"
          "products wrap identically in any order; ``'sequential'`` then builds the tree).\n")
_ARITH = ("a", "axis", "dtype", "out", "keepdims", "split_every", "method")
_VAR = ("a", "axis", "dtype", "out", "ddof", "keepdims", "split_every", "method")
_EXTREME = ("a", "axis", "out", "keepdims", "split_every", "method")


@_doc("sum", _ARITH, "Sum over the given axes, as ``numpy.sum``, with jitarray's kernel on each chunk.",
      _EXACT + _NOTES["sum"])
def sum(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        keepdims: bool = False, *, split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("sum", a, axis, dtype, out, keepdims, split_every, method)


@_doc("prod", _ARITH, "Product over the given axes, as ``numpy.prod``, with jitarray's kernel on each chunk.",
      _EXACT + _NOTES["prod"])
def prod(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        keepdims: bool = False, *, split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("prod", a, axis, dtype, out, keepdims, split_every, method)


@_doc("nansum", _ARITH, "Sum treating NaN as zero, as ``numpy.nansum``.", _EXACT + _NOTES["nansum"])
def nansum(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        keepdims: bool = False, *, split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("nansum", a, axis, dtype, out, keepdims, split_every, method)


@_doc("nanprod", _ARITH, "Product treating NaN as one, as ``numpy.nanprod``.", _EXACT + _NOTES["prod"])
def nanprod(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        keepdims: bool = False, *, split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("nanprod", a, axis, dtype, out, keepdims, split_every, method)


@_doc("mean", _ARITH, "Arithmetic mean over the given axes, as ``numpy.mean``.", _NOTES["mean"].format(nan=""))
def mean(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        keepdims: bool = False, *, split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("mean", a, axis, dtype, out, keepdims, split_every, method)


@_doc("nanmean", _ARITH, "Mean ignoring NaN, as ``numpy.nanmean``.",
      _NOTES["mean"].format(nan=" (the non-NaN ones)"))
def nanmean(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        keepdims: bool = False, *, split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("nanmean", a, axis, dtype, out, keepdims, split_every, method)


_STD = ("\nFor ``std`` the bound applies to the variances: ``|tree - NumPy| <= bound / (tree + NumPy)\n"
        "+ eps·NumPy``.")


@_doc("var", _VAR, "Variance over the given axes, as ``numpy.var``.", _NOTES["var"].format(nan="", root=""))
def var(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        ddof: float = 0, keepdims: bool = False, *, split_every: SplitEvery = None,
        method: str = "tree") -> Array:
    return _reduce("var", a, axis, dtype, out, keepdims, split_every, method, ddof)


@_doc("std", _VAR, "Standard deviation over the given axes, as ``numpy.std``.",
      _NOTES["var"].format(nan="", root=_STD))
def std(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        ddof: float = 0, keepdims: bool = False, *, split_every: SplitEvery = None,
        method: str = "tree") -> Array:
    return _reduce("std", a, axis, dtype, out, keepdims, split_every, method, ddof)


@_doc("nanvar", _VAR, "Variance ignoring NaN, as ``numpy.nanvar``.",
      _NOTES["var"].format(nan=" (n and the sum over the non-NaN items)", root=""))
def nanvar(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        ddof: float = 0, keepdims: bool = False, *, split_every: SplitEvery = None,
        method: str = "tree") -> Array:
    return _reduce("nanvar", a, axis, dtype, out, keepdims, split_every, method, ddof)


@_doc("nanstd", _VAR, "Standard deviation ignoring NaN, as ``numpy.nanstd``.",
      _NOTES["var"].format(nan=" (n and the sum over the non-NaN items)", root=_STD))
def nanstd(a: Array, axis: Axis = None, dtype: DTypeLike | None = None, out: Array | None = None,
        ddof: float = 0, keepdims: bool = False, *, split_every: SplitEvery = None,
        method: str = "tree") -> Array:
    return _reduce("nanstd", a, axis, dtype, out, keepdims, split_every, method, ddof)


@_doc("max", _EXTREME, "Maximum over the given axes, as ``numpy.max``.", _NOTES["extreme"].format(nan="", name="max"))
def max(a: Array, axis: Axis = None, out: Array | None = None, keepdims: bool = False, *,
        split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("max", a, axis, None, out, keepdims, split_every, method)


@_doc("min", _EXTREME, "Minimum over the given axes, as ``numpy.min``.", _NOTES["extreme"].format(nan="", name="min"))
def min(a: Array, axis: Axis = None, out: Array | None = None, keepdims: bool = False, *,
        split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("min", a, axis, None, out, keepdims, split_every, method)


amax, amin = max, min


@_doc("nanmax", _EXTREME, "Maximum ignoring NaN, as ``numpy.nanmax``.",
      _NOTES["extreme"].format(nan=" only from an all-NaN slice", name="nanmax"))
def nanmax(a: Array, axis: Axis = None, out: Array | None = None, keepdims: bool = False, *,
        split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("nanmax", a, axis, None, out, keepdims, split_every, method)


@_doc("nanmin", _EXTREME, "Minimum ignoring NaN, as ``numpy.nanmin``.",
      _NOTES["extreme"].format(nan=" only from an all-NaN slice", name="nanmin"))
def nanmin(a: Array, axis: Axis = None, out: Array | None = None, keepdims: bool = False, *,
        split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("nanmin", a, axis, None, out, keepdims, split_every, method)


@_doc("any", _EXTREME, "Whether any item is true, as ``numpy.any``.", _NOTES["logical"])
def any(a: Array, axis: Axis = None, out: Array | None = None, keepdims: bool = False, *,
        split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("any", a, axis, None, out, keepdims, split_every, method)


@_doc("all", _EXTREME, "Whether every item is true, as ``numpy.all``.", _NOTES["logical"])
def all(a: Array, axis: Axis = None, out: Array | None = None, keepdims: bool = False, *,
        split_every: SplitEvery = None, method: str = "tree") -> Array:
    return _reduce("all", a, axis, None, out, keepdims, split_every, method)


@_doc("count_nonzero", ("a", "axis", "keepdims", "split_every", "method"),
      "Number of non-zero items over the given axes, as ``numpy.count_nonzero``.", _NOTES["logical"])
def count_nonzero(a: Array, axis: Axis = None, *, keepdims: bool = False, split_every: SplitEvery = None,
                  method: str = "tree") -> Array:
    return _reduce("count_nonzero", a, axis, None, None, keepdims, split_every, method)


# ------------------------------------------------------------------ arg reductions


def _nan_fill(op):
    """The value NumPy's nanargmin/nanargmax put in place of NaN (``_replace_nan``)."""
    return np.inf if op == "argmin" else -np.inf


def _arg_chunk(x, axis, offset, *, op, nan, ravel, shape):
    """One pass over a chunk: the index of its best item per slice (by jitarray's kernel), that
    item's value and, for the nan forms, whether the slice has a non-NaN item.  The index is
    made global with the chunk's ``offset``."""
    if x.size == 0:
        return None  # an empty chunk (only along the reduced axis) offers no candidate
    k = None if ravel else axis[0]
    ok = None
    if nan and x.dtype.kind in "fc":
        try:
            arg = getattr(_ja, "nan" + op)(x, axis=k, keepdims=True)
        except ValueError:  # an all-NaN slice here: NumPy's rule, NaN replaced by -inf / +inf
            mask = np.isnan(x)
            arg = getattr(_ja, op)(np.where(mask, _nan_fill(op), x), axis=k, keepdims=True)
            ok = ~_ja.all(mask, axis=k, keepdims=True)
    else:
        arg = getattr(_ja, op)(x, axis=k, keepdims=True)
    if ravel:
        vals = x.reshape(-1)[arg.reshape(-1)].reshape(arg.shape)
        local = np.unravel_index(int(arg.reshape(-1)[0]), x.shape)
        arg = np.full(arg.shape, np.ravel_multi_index(tuple(o + i for o, i in zip(offset, local)), shape), _INTP)
    else:
        vals = np.take_along_axis(x, arg, axis=k)
        arg = arg + offset
    if nan and x.dtype.kind in "fc":
        vals = np.where(np.isnan(vals), _nan_fill(op), vals)
        if ok is None:
            ok = np.ones(arg.shape, bool)
    return {"vals": vals, "arg": arg, "ok": ok}


def _arg_pick(parts, axis, op, ravel):
    """The best candidate of each slice: NumPy's first occurrence of its minimum or maximum
    (NaN first).  Along one axis the candidates come in index order, so the kernel's own
    first-best rule is NumPy's; over several axes the chunk order is not the flat order, so
    among equal best candidates the smallest flat index is taken."""
    parts = [p for p in _flatten(parts) if p is not None]
    if ravel:
        vals = np.concatenate([p["vals"].reshape(-1) for p in parts])
        args = np.concatenate([p["arg"].reshape(-1) for p in parts])
        best = vals[getattr(_ja, op)(vals)]
        if np.isnan(best):
            same = np.isnan(vals)
        else:
            same = vals == best
        pos = np.flatnonzero(same)[np.argmin(args[same])]
        shape = parts[0]["arg"].shape
        out = {"vals": np.full(shape, vals[pos]), "arg": np.full(shape, args[pos], _INTP)}
        oks = [p["ok"] for p in parts if p["ok"] is not None]
        out["ok"] = np.full(shape, np.any([o.any() for o in oks])) if oks else None
        return out
    k = axis[0]
    vals = np.concatenate([p["vals"] for p in parts], axis=k)
    args = np.concatenate([p["arg"] for p in parts], axis=k)
    pos = getattr(_ja, op)(vals, axis=k, keepdims=True)
    out = {"vals": np.take_along_axis(vals, pos, axis=k), "arg": np.take_along_axis(args, pos, axis=k)}
    oks = [p["ok"] for p in parts if p["ok"] is not None]
    out["ok"] = _ja.any(np.concatenate(oks, axis=k), axis=k, keepdims=True) if oks else None
    return out


def _arg_combine(parts, axis=None, keepdims=True, *, op, ravel):
    return _arg_pick(parts, axis, op, ravel)


def _arg_agg(parts, axis=None, keepdims=False, *, op, ravel):
    best = _arg_pick(parts, axis, op, ravel)
    if best["ok"] is not None and not best["ok"].all():
        raise ValueError("All-NaN slice encountered")
    arg = best["arg"]
    if not keepdims:
        arg = arg.reshape(tuple(n for i, n in enumerate(arg.shape) if i not in axis))
        return arg[()] if arg.ndim == 0 else arg
    return arg


def _arg_reduction(name, a, axis, out, keepdims, split_every):
    a = _dask_input(a, name)
    nan = name.startswith("nan")
    op = name[3:] if nan else name
    if axis is None:
        axes, ravel = tuple(range(a.ndim)), True
    else:
        if isinstance(axis, tuple):
            raise TypeError("'tuple' object cannot be interpreted as an integer")
        axes = (normalize_axis_index(operator.index(axis), builtins.max(a.ndim, 1)),) if a.ndim else ()
        ravel = a.ndim <= 1
    if builtins.any(np.isnan(a.chunks[k]).any() for k in axes):
        raise ValueError(f"jitarray.dask.{name} needs known chunk sizes along the reduced axes: call "
                         f"x.compute_chunk_sizes() first")
    if (a.size if ravel else a.shape[axes[0]]) == 0:
        raise ValueError(f"attempt to get {op} of an empty sequence")
    starts = [np.cumsum((0,) + c)[:-1] for c in a.chunks]
    name_ = f"jitarray-{name}-chunk-{tokenize(a, axis)}"
    dsk = {}
    for index in itertools.product(*map(range, a.numblocks)):
        offset = tuple(int(s[i]) for s, i in zip(starts, index)) if ravel else int(starts[axes[0]][index[axes[0]]])
        dsk[(name_,) + index] = (functools.partial(_arg_chunk, op=op, nan=nan, ravel=ravel, shape=a.shape),
                                 (a.name,) + index, axes, offset)
    chunks = tuple((1,) * len(c) if k in axes else c for k, c in enumerate(a.chunks))
    tmp = Array(HighLevelGraph.from_collections(name_, dsk, dependencies=[a]), name_, chunks,
                meta=_meta(a.ndim, _INTP))
    result = _tree_reduce(tmp, functools.partial(_arg_agg, op=op, ravel=ravel), axes, keepdims, _INTP,
                          _fan_in(split_every, True), functools.partial(_arg_combine, op=op, ravel=ravel),
                          name=f"jitarray-{name}",
                          concatenate=False, reduced_meta=None)
    return handle_out(out, result)


_ARG_NOTES = (
    "Equal to NumPy, ties and NaN included: each chunk is read once by jitarray's kernel, which\n"
    "gives the index of its {best} (its first, NaN first{nan}) with the chunk's offset added and\n"
    "the value there; partial results keep the first best in index order.  Over several chunk\n"
    "axes (``axis=None``) the smallest flat index among equal best values is kept, NumPy's first\n"
    "occurrence (``dask.array.{name}`` keeps the first in chunk order, which differs on ties).")


def _arg_doc(name, best, nan):
    return _doc(name, ("a", "axis", "out", "keepdims", "split_every"),
                f"Indices of the {best} values along an axis, as ``numpy.{name}``.",
                _ARG_NOTES.format(best=best, nan=nan, name=name))


_NAN_ARG = "; NaN skipped, an all-NaN slice raises ``ValueError``"


@_arg_doc("argmax", "maximum", "")
def argmax(a: Array, axis: int | None = None, out: Array | None = None, *, keepdims: bool = False,
        split_every: SplitEvery = None) -> Array:
    return _arg_reduction("argmax", a, axis, out, keepdims, split_every)


@_arg_doc("argmin", "minimum", "")
def argmin(a: Array, axis: int | None = None, out: Array | None = None, *, keepdims: bool = False,
        split_every: SplitEvery = None) -> Array:
    return _arg_reduction("argmin", a, axis, out, keepdims, split_every)


@_arg_doc("nanargmax", "maximum", _NAN_ARG)
def nanargmax(a: Array, axis: int | None = None, out: Array | None = None, *, keepdims: bool = False,
        split_every: SplitEvery = None) -> Array:
    return _arg_reduction("nanargmax", a, axis, out, keepdims, split_every)


@_arg_doc("nanargmin", "minimum", _NAN_ARG)
def nanargmin(a: Array, axis: int | None = None, out: Array | None = None, *, keepdims: bool = False,
        split_every: SplitEvery = None) -> Array:
    return _arg_reduction("nanargmin", a, axis, out, keepdims, split_every)


# ------------------------------------------------------------------ sorting


def _sort_block(x, *, name, axis, kind, stable):
    return getattr(_ja, name)(x, axis=axis, kind=kind, stable=stable)


def _sorting(name, a, axis, kind, order, stable):
    a = _dask_input(a, name)
    np.empty(0).argsort(kind=kind, order=order, stable=stable)  # NumPy's checks and errors, in NumPy
    dtype = _INTP if name == "argsort" else a.dtype
    fn = functools.partial(_sort_block, name=name, kind=kind, stable=stable)
    if axis is None or a.ndim == 0:
        if axis is not None:
            normalize_axis_index(operator.index(axis), 1 if name == "argsort" else 0)
        if a.npartitions > 1:
            raise ValueError(
                f"jitarray.dask.{name}(axis=None) sorts the flattened array, which needs it in one chunk; "
                f"this one has {a.npartitions}: sort along an axis, or pass x.reshape(-1).rechunk(-1) with axis=0 "
                f"(the whole array in one task)")
        size = builtins.max(a.size, 1) if a.ndim == 0 else a.size
        return da.map_blocks(functools.partial(fn, axis=None if axis is None else -1), a, chunks=((size,),),
                             drop_axis=tuple(range(a.ndim)), new_axis=0, dtype=dtype, meta=_meta(1, dtype))
    ax = normalize_axis_index(operator.index(axis), a.ndim)
    b = a.rechunk({ax: -1})
    return da.map_blocks(functools.partial(fn, axis=ax), b, dtype=dtype, meta=_meta(b.ndim, dtype))


_SORT_PARAMS = (
    "a : dask.array.Array\n    Any supported dtype.\naxis : int or None\n    The axis to sort along (default "
    "the last); ``None`` sorts the flattened array, which\n    must then be one chunk.\nkind, order, stable\n    "
    "As NumPy's, checked by NumPy; every sort is stable.")


def sort(a: Array, axis: int | None = -1, kind: str | None = None, order: None = None, *,
        stable: bool | None = None) -> Array:
    return _sorting("sort", a, axis, kind, order, stable)


def argsort(a: Array, axis: int | None = -1, kind: str | None = None, order: None = None, *,
        stable: bool | None = None) -> Array:
    return _sorting("argsort", a, axis, kind, order, stable)


for _fn, _what in ((sort, "A sorted copy"), (argsort, "The indices that sort the array")):
    _fn.__doc__ = (
        f"{_what} along an axis, as ``numpy.{_fn.__name__}(..., kind='stable')``.\n\nParameters\n"
        f"----------\n{_SORT_PARAMS}\n\nReturns\n-------\ndask.array.Array\n    "
        f"{'Of the input dtype' if _fn is sort else 'Of dtype intp'}, chunked as the input except along "
        f"``axis``.\n\nNotes\n-----\nThe axis is rechunked into one chunk (Dask's ``nanmedian`` pattern), then "
        f"``jitarray.{_fn.__name__}``\nruns per block: equal to NumPy's stable sort, NaN last.  A block then holds "
        f"the whole\naxis times the other axes' chunks: choose those small enough for one worker.\n"
        f"``axis=None`` over more than one chunk raises ``ValueError``.\n")


# ------------------------------------------------------------------ searching


def _rows_whole(a):
    """``a`` with every axis after the first in one chunk, so that its chunks along axis 0
    come in C order (as NumPy lists indices)."""
    rest = {k: -1 for k in range(1, a.ndim) if a.numblocks[k] > 1}
    return a.rechunk(rest) if rest else a


def _argwhere_block(x, offset):
    idx = _ja.argwhere(x)
    if idx.shape[1]:
        idx[:, 0] += offset
    return idx


def _flatnonzero_block(x, offset):
    return _ja.flatnonzero(x) + offset


def _indices(kind, a):
    b = _rows_whole(a)
    name = f"jitarray-{kind}-{tokenize(b)}"
    starts = np.cumsum((0,) + b.chunks[0])[:-1]
    row = math.prod(a.shape[1:])
    dsk = {}
    for i in range(b.numblocks[0]):
        key = (b.name, i) + (0,) * (b.ndim - 1)
        if kind == "argwhere":
            dsk[(name, i, 0)] = (_argwhere_block, key, int(starts[i]))
        else:
            dsk[(name, i)] = (_flatnonzero_block, key, int(starts[i]) * row)
    chunks = ((np.nan,) * b.numblocks[0], (a.ndim,)) if kind == "argwhere" else ((np.nan,) * b.numblocks[0],)
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=[b])
    return Array(graph, name, chunks, meta=_meta(len(chunks), _INTP))


def argwhere(a: Array) -> Array:
    """Indices of the non-zero items, grouped by item, as ``numpy.argwhere``.

    Parameters
    ----------
    a : dask.array.Array

    Returns
    -------
    dask.array.Array
        ``(n, a.ndim)`` of dtype intp, ``n`` unknown until computed.

    Notes
    -----
    Equal to NumPy's, in C order: axes after the first are rechunked whole, then each chunk
    along axis 0 is searched by ``jitarray.argwhere`` and its offset added.  The result's chunk
    sizes are unknown until computed, as ``dask.array``'s.
    """
    a = _dask_input(a, "argwhere")
    if a.ndim == 0:
        return da.map_blocks(_ja.argwhere, a, chunks=((np.nan,), (0,)), new_axis=(0, 1), dtype=_INTP,
                             meta=_meta(2, _INTP))
    return _indices("argwhere", a)


def flatnonzero(a: Array) -> Array:
    """Indices of the non-zero items of the flattened array, as ``numpy.flatnonzero``.

    Parameters
    ----------
    a : dask.array.Array

    Returns
    -------
    dask.array.Array
        1-D, dtype intp, its length unknown until computed.

    Notes
    -----
    Equal to NumPy's, in C order: axes after the first are rechunked whole, then each chunk
    along axis 0 is searched by ``jitarray.flatnonzero`` and its offset added.  The result's chunk
    sizes are unknown until computed, as ``dask.array``'s.
    """
    a = _dask_input(a, "flatnonzero")
    if a.ndim == 0:
        return da.map_blocks(_ja.flatnonzero, a, chunks=((np.nan,),), new_axis=0, dtype=_INTP, meta=_meta(1, _INTP))
    return _indices("flatnonzero", a)


def nonzero(a: Array) -> tuple[Array, ...]:
    """Indices of the non-zero items, one array per axis, as ``numpy.nonzero``.

    Parameters
    ----------
    a : dask.array.Array
        At least 1-D (NumPy 2.1+ refuses 0-d arrays).

    Returns
    -------
    tuple of dask.array.Array
        ``a.ndim`` arrays of dtype intp, their length unknown until computed (computing them
        together, ``dask.compute(*result)``, searches the array once).

    Notes
    -----
    Equal to NumPy's, in C order: axes after the first are rechunked whole, then each chunk
    along axis 0 is searched by ``jitarray.argwhere`` and its offset added.  The result's chunk
    sizes are unknown until computed, as ``dask.array``'s.
    """
    a = _dask_input(a, "nonzero")
    if a.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead. "
                         "If the context of this error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.")
    if a.ndim == 1:
        return (_indices("flatnonzero", a),)
    idx = _indices("argwhere", a)
    return tuple(idx[:, k] for k in range(a.ndim))


# ------------------------------------------------------------------ elementwise


def _elementwise_block(*args, name):
    return getattr(_ja, name)(*args)


def _elementwise(name, numpy_fn, args, out):
    args = [_operand(x, name) for x in args]
    arrays = [x for x in args if isinstance(x, Array)]
    if not arrays:
        _dask_input(args[0], name)  # raises: no Dask array among the operands
    # NumPy's result dtype (NEP 50 weak scalars, its errors: int8 + 300, bool - bool), asked
    # of NumPy's own loops on empty arrays
    probes = [np.empty((0,) * x.ndim, x.dtype) if isinstance(x, Array) else x for x in args]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dtype = np.asarray(numpy_fn(*probes)).dtype
    ndim = len(np.broadcast_shapes(*(x.shape for x in arrays)))
    pairs = []
    for x in args:
        pairs += [x, tuple(range(x.ndim))[::-1]] if isinstance(x, Array) else [x, None]
    result = da.blockwise(functools.partial(_elementwise_block, name=name), tuple(range(ndim))[::-1], *pairs,
                          dtype=dtype, meta=_meta(ndim, dtype), token=f"jitarray-{name}")
    return handle_out(out, result)


def _elementwise_doc(fn, numpy_name, arity):
    operands = ("x1, x2 : dask.array.Array or scalar\n    At least one Dask array; Python and NumPy scalars "
                "are taken as NumPy 2 takes\n    them (a Python number is weak: ``int8 + 100`` stays int8).") \
        if arity == 2 else "x : dask.array.Array"
    fn.__doc__ = (
        f"``numpy.{numpy_name}`` elementwise, by jitarray's kernel on each block.\n\nParameters\n----------\n"
        f"{operands}\nout : dask.array.Array, optional\n    A Dask array whose contents are replaced.\n\n"
        f"Returns\n-------\ndask.array.Array\n    Broadcast shape, NumPy's result dtype.\n\nNotes\n-----\n"
        f"Equal to NumPy's element by element (the blocks are computed independently).\n")
    return fn


def add(x1: Array | complex | np.generic, x2: Array | complex | np.generic, /,
        out: Array | None = None) -> Array:
    return _elementwise("add", np.add, (x1, x2), out)


def subtract(x1: Array | complex | np.generic, x2: Array | complex | np.generic, /,
        out: Array | None = None) -> Array:
    return _elementwise("subtract", np.subtract, (x1, x2), out)


def multiply(x1: Array | complex | np.generic, x2: Array | complex | np.generic, /,
        out: Array | None = None) -> Array:
    return _elementwise("multiply", np.multiply, (x1, x2), out)


def divide(x1: Array | complex | np.generic, x2: Array | complex | np.generic, /,
        out: Array | None = None) -> Array:
    return _elementwise("divide", np.divide, (x1, x2), out)


true_divide = divide


def sqrt(x: Array, /, out: Array | None = None) -> Array:
    return _elementwise("sqrt", np.sqrt, (x,), out)


for _fn, _np_name, _arity in ((add, "add", 2), (subtract, "subtract", 2), (multiply, "multiply", 2),
                              (divide, "divide", 2), (sqrt, "sqrt", 1)):
    _elementwise_doc(_fn, _np_name, _arity)


def where(condition: Array, x: Array | complex | np.generic | None = None,
          y: Array | complex | np.generic | None = None, /) -> Array | tuple[Array, ...]:
    """``numpy.where``: items of ``x`` where ``condition`` is true, of ``y`` elsewhere; with
    ``condition`` alone, :func:`nonzero`.

    Parameters
    ----------
    condition : dask.array.Array
    x, y : dask.array.Array or scalar, optional

    Returns
    -------
    dask.array.Array, or a tuple of them for ``where(condition)``

    Notes
    -----
    Equal to NumPy's element by element, by ``jitarray.where`` on each block.
    """
    if (x is None) != (y is None):
        raise ValueError("either both or neither of x and y should be given")
    if x is None:
        return nonzero(_dask_input(condition, "where"))
    _dask_input(condition, "where")
    return _elementwise("where", np.where, (condition, x, y), None)


# ------------------------------------------------------------------ warm-up

#: The functions jitarray.dask runs on workers, by jitarray name (warmup's default).
WORKER_FUNCTIONS = tuple(f.name for fam in ("reductions", "sorting", "searching", "elementwise")
                         for f in family(fam) if f.name not in ("amin", "amax", "true_divide"))


def _warm_worker(functions, dtypes):
    """Run on a worker: compile (or load from the disk cache) jitarray's kernels for
    ``functions`` x ``dtypes``; returns the seconds taken and the number of compilations."""
    from numba.core import event

    from . import warmup as _warmup

    start = time.perf_counter()
    with event.install_recorder("numba:compile") as rec:
        _warmup.warm(list(functions), list(dtypes))
    compiled = builtins.sum(1 for _, ev in rec.buffer if ev.is_start)
    return {"seconds": time.perf_counter() - start, "compiled": compiled}


def warmup(client: Any, dtypes: Iterable[DTypeLike] | None = None,
           functions: Iterable[str] | None = None) -> dict[str, dict[str, float]]:
    """Compile jitarray's kernels on a cluster before the first computation needs them.

    The kernels are compiled on one worker, then every other worker runs the same calls and,
    sharing that worker's disk cache, loads them (0.01-0.3 s each instead of seconds).

    Parameters
    ----------
    client : distributed.Client
    dtypes : iterable of dtype names, optional
        Default: every supported dtype (``jitarray.SUPPORTED_DTYPES``).
    functions : iterable of jitarray function names, optional
        Default: :data:`WORKER_FUNCTIONS`, every function ``jitarray.dask`` runs on chunks.

    Returns
    -------
    dict
        ``{worker address: {"seconds": float, "compiled": int}}``: the first worker compiles,
        ``compiled`` of the others counts what they could not load from the cache (0 when
        the cache is shared).

    Notes
    -----
    The workers share compiled kernels only through a shared Numba cache folder: set
    ``NUMBA_CACHE_DIR`` to one folder on a filesystem every worker reads and writes (a
    network filesystem for workers on several machines), in the workers' environment: for a
    ``LocalCluster``, through ``dask.config.set({"distributed.nanny.pre-spawn-environ.NUMBA_CACHE_DIR":
    path})`` or the environment the cluster is started from.  Without one each worker
    compiles what it uses.  The calls are those of ``jitarray-warmup`` (small and large
    arrays, whole and along each axis).
    """
    dtypes = [np.dtype(d).name for d in (dtypes if dtypes is not None else _dtypes.SUPPORTED_DTYPES)]
    functions = list(functions if functions is not None else WORKER_FUNCTIONS)
    for d in dtypes:
        _dtypes.check_dtype(d)
    unknown = [f for f in functions if not hasattr(_ja, f)]
    if unknown:
        raise ValueError(f"unknown jitarray functions: {', '.join(unknown)}")
    workers = sorted(client.nthreads())
    if not workers:
        raise ValueError("the cluster has no workers")

    def run(addresses):
        futures = {w: client.submit(_warm_worker, functions, dtypes, workers=[w], allow_other_workers=False,
                                    pure=False, key=f"jitarray-warmup-{w}-{time.monotonic_ns()}")
                   for w in addresses}
        return dict(zip(futures, client.gather(list(futures.values()))))

    report = run(workers[:1])
    report.update(run(workers[1:]))
    return report
