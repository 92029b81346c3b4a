"""Reductions: ``sum``, ``prod``, ``mean``, ``var``, ``std``, ``min``/``max``, ``argmin``/
``argmax``, ``any``/``all`` and their ``nan*`` forms.

Results are NumPy's bit for bit because the kernels repeat NumPy's own order of
operations: the reduce iterator's axis order, its coalescing of axes and its 8192-item
buffers (which decide where a float sum restarts its pairwise recursion) are computed by
:func:`jitarray._kernels.reductions.iteration_plan`, a port of ``nditer``'s setup; the
kernels then walk the input in place in that order.  NumPy decides every rule (result
dtypes, casting, errors) by being asked on a one-item array.

``nan*`` functions and ``var`` reduce the array NumPy builds (a copy with NaN replaced, the
squared deviations): the kernels compute those values on the fly while following the
order NumPy uses for that contiguous temporary, so no temporary is made.
"""

from __future__ import annotations

import functools
import math
import operator
import warnings
from collections.abc import Sequence
from typing import Any, SupportsIndex

import numpy as np
from numba import types
from numba.np.unsafe.ndarray import to_fixed_tuple
from numpy.typing import ArrayLike, DTypeLike, NDArray

from . import _dtypes, _fperr
from ._docs import fill_docstrings
from ._axes import (
    axis_index,
    axis_split,
    axis_view,
    jit_axis_view,
    k_order,
    kept_shape,
    normalize_axes,
    normalize_axis_index,
    output_for_view,
)
from ._jit import TypingError, dtype_of, is_none, jit_version, literal, numpy_dtype
from ._kernels import reductions as _k
from ._kernels._common import REDUCTION_PARALLEL_MIN_BYTES, divide, register_jitable
from ._kernels.reductions import (
    ALL,
    ANY,
    ARGMAX,
    ARGMIN,
    FMAX,
    FMIN,
    ISNAN,
    MAX,
    MIN,
    NAN_SQUARED_DEVIATION,
    NAN_TO_ONE,
    NAN_TO_ZERO,
    NOT_NAN,
    PLAIN,
    PROD,
    SQUARED_DEVIATION,
    SUM,
    TRUTH,
)
from ._parallel import bounds, chunks_for, run, run_flags

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "max",
    "mean",
    "min",
    "nanargmax",
    "nanargmin",
    "nanmax",
    "nanmean",
    "nanmin",
    "nanprod",
    "nanstd",
    "nansum",
    "nanvar",
    "prod",
    "std",
    "sum",
    "var",
]

_builtin_all, _builtin_any, _builtin_sum, _builtin_min, _builtin_max = all, any, sum, min, max
_INTP = np.dtype(np.intp)
_F2, _F4, _F8 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_BOOL = np.dtype(bool)

# Parameter descriptions that several docstrings below share (their ``%(name)s`` lines,
# filled by fill_docstrings at the end of this module)
_PARAMETERS = {
    "out": """out : ndarray, optional
    Of exactly the result's shape; the result is cast into it (``unsafe``).""",
    "arg_axis": """axis : int, optional
    The axis to search along; by default (``None``) the flattened array.""",
    "arg_out": """out : ndarray, optional
    Of exactly the result's shape and of a dtype that casts safely to ``intp`` (the
    direction NumPy checks); the indices are written into it.""",
    "arg_keepdims": """keepdims : bool, optional
    Keep the searched axis (every axis for ``axis=None``) as a size-1 dimension.""",
    "fold_dtype": """dtype : dtype, optional
    Accumulator and result dtype.""",
    "nanvar_dtype": """dtype : dtype, optional
    The dtype the mean and the squared deviations are summed in (default: ``float64``
    for integer and bool inputs, the input's dtype otherwise, real for the squared
    deviations of complex inputs).  For a float or complex ``a`` it must be inexact
    (``TypeError`` otherwise, as NumPy).""",
    "nanvar_out": """out : ndarray, optional
    Of exactly the result's shape; the result is computed into it (``unsafe``
    casting), as NumPy.  For a float or complex ``a`` it must be inexact.""",
    "nanvar_ddof": """ddof : int or float, optional
    Delta degrees of freedom: the divisor is ``n - ddof``, ``n`` the count of non-NaN
    values; for a float or complex ``a``, a slice with ``n <= ddof`` gives NaN with
    NumPy's ``RuntimeWarning``.""",
    "var_mean": """mean : array_like, optional
    A precomputed mean of the shape the mean has with ``keepdims=True`` (or one that
    broadcasts to it), used instead of the first pass.""",
    "var_correction": """correction : int or float, optional
    The Array API's name for ``ddof``; giving it with a nonzero ``ddof`` raises
    ``ValueError``.""",
    "var_dtype": """dtype : dtype, optional
    The dtype the mean and the squared deviations are summed in (default: ``float64``
    for integer and bool inputs, the input's dtype otherwise, real for the squared
    deviations of complex inputs).""",
    "var_out": """out : ndarray, optional
    Of exactly the result's shape; the result is computed into it (``unsafe``
    casting), as NumPy.""",
    "var_ddof": """ddof : int or float, optional
    Delta degrees of freedom: the divisor is ``max(n - ddof, 0)``, ``n`` the count of
    reduced items.""",
}


# ------------------------------------------------------------------ normalisation


def _as_input(a):
    """``a`` as a supported ndarray (lists, scalars and 0-d inputs as NumPy takes them)."""
    if type(a) is np.ndarray:
        _check_dtype(a.dtype)
        return a
    return _dtypes.asarray(a)


@functools.lru_cache(maxsize=None)
def _check_dtype(dtype):
    # (byte order checked apart: check_dtype takes only native float16)
    _dtypes.check_dtype(_dtypes.as_dtype(dtype).newbyteorder("="))
    return _dtypes.as_dtype(dtype)


@functools.lru_cache(maxsize=4096)
def _loop_dtype(ufunc, in_dtype, dtype, out_dtype):
    """The dtype NumPy's ``ufunc.reduce`` computes in (its checks and errors included)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the ComplexWarning comes with the real call
        loop = ufunc.resolve_dtypes((out_dtype, in_dtype, None), signature=(dtype, None, None), reduction=True,
                                    casting="unsafe")
    return _dtypes.canonical(loop[0])


def _keepdims(value):
    """``keepdims`` as NumPy's reductions read it: an integer (a bool, or anything with
    ``__index__``, a 0-d integer array among them, but no float, None or ``numpy.bool``:
    ``TypeError``) that fits a C long (``OverflowError``)."""
    value = operator.index(value)
    if not -(1 << 63) <= value < 1 << 63:
        raise OverflowError("Python int too large to convert to C long")
    return bool(value)


def _spread_keepdims(value, a, axis, repeated):
    """:func:`_keepdims` for ``mean`` (``repeated`` False) and the variances, whose NumPy
    code meets a bad ``axis`` before a bad ``keepdims``: out of range (``AxisError``, when
    it counts the items), and for the variances repeated (``ValueError``, in a first sum
    that takes ``keepdims=True``)."""
    try:
        return _keepdims(value)
    except (TypeError, OverflowError):
        ndim = np.ndim(a)
        for ax in () if axis is None else axis if isinstance(axis, tuple) else (axis,):
            normalize_axis_index(ax, ndim)
        if repeated:
            normalize_axes(axis, ndim)
        raise


def _arg_keepdims(value):
    """``keepdims`` as NumPy's ``argmin``/``argmax`` read it: its truth value."""
    return bool(value)


def _check_out(out, shape):
    """NumPy's checks on a reduction's ``out=``: an array of exactly the result's shape."""
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry")
        out = out[0]
    if not isinstance(out, np.ndarray):
        raise TypeError("output must be an array")
    if not out.flags.writeable:
        raise ValueError("output array is read-only")
    _check_dtype(out.dtype)
    if out.shape != shape:
        raise ValueError(f"output parameter for reduction has shape {out.shape}, expected {shape}")
    return out


def _needs_cast(arr, loop):
    """Whether NumPy's iterator buffers ``arr`` to feed a ``loop``-dtype inner loop."""
    return arr.dtype != loop or not arr.flags.aligned


def _flat_buffer(arr):
    """``(x, x0, strides)``: a 1-D view of ``arr``'s memory, the index of ``arr``'s first item
    in it and ``arr``'s strides in items.  No copy unless strides are not whole items."""
    item = arr.itemsize
    strides = arr.strides
    if arr.flags.c_contiguous or arr.flags.f_contiguous:
        return arr.ravel(order="K"), 0, tuple(s // item for s in strides)
    if _builtin_any(s % item for s in strides):
        arr = arr.copy(order="K")
        return arr.ravel(order="K"), 0, tuple(s // item for s in arr.strides)
    flip = tuple(slice(None, None, -1) if s < 0 else slice(None) for s in strides)
    base = arr[flip]
    span = 1 + _builtin_sum((n - 1) * (s // item) for n, s in zip(base.shape, base.strides))
    x = np.lib.stride_tricks.as_strided(base, (span,), (item,))
    x0 = _builtin_sum((n - 1) * (-s // item) for n, s in zip(arr.shape, strides) if s < 0)
    return x, x0, tuple(s // item for s in strides)


def _virtual_strides(arr):
    """Strides of NumPy's contiguous copy of ``arr`` in its memory order (``order='K'``:
    axes by decreasing stride, ties in C order)."""
    if arr.flags.c_contiguous or arr.flags.f_contiguous:
        return arr.strides
    order = sorted(range(arr.ndim), key=lambda k: -abs(arr.strides[k]))
    strides = [0] * arr.ndim
    step = arr.itemsize
    for k in reversed(order):
        strides[k] = step
        step *= _builtin_max(arr.shape[k], 1)
    return tuple(strides)


@functools.lru_cache(maxsize=4096)
def _plan(shape, xstr, layout, given, reduced, in_cast, out_cast, mstr, bufsize):
    """``(dims, nblock, length, sign)`` of one reduction: NumPy's iteration order for these
    layouts, coalesced (cached: the same layouts come back, and a cached plan spares a small
    call most of its time).  Computed in Python, by the code the kernels compile for
    ``@njit`` callers: compiling it cost every process's first reduction about a second."""
    ndim = len(shape)
    plan = _k.iteration_plan.py_func(np.array(shape, np.int64), np.array(layout, np.int64),
                                      np.array(given, np.int64), np.array(reduced, np.int64), int(in_cast),
                                      int(out_cast), bufsize)
    naxes, nblock, length = int(plan[0]), int(plan[1]), int(plan[2])
    order = [int(k) for k in plan[3:3 + naxes]]
    # the sign of the input stride NumPy's inner loop sees (its buffers run forwards)
    sign = -1 if order and not plan[3 + naxes] and layout[order[0]] < 0 else 1
    # the result: its kept axes in NumPy's iteration order, as NumPy allocates it (size-1
    # axes, which that order leaves out, anywhere)
    perm = tuple(k for k in reversed(order) if not reduced[k]) + tuple(
        k for k in range(ndim) if shape[k] == 1 and not reduced[k])
    ostr = [0] * ndim
    step = 1
    for k in reversed(perm):
        ostr[k] = step
        step *= shape[k]
    dims = np.array([(shape[k], xstr[k], ostr[k], mstr[k]) for k in order], np.int64).reshape(naxes, 4)
    if naxes > 1:
        dims, nblock = _k.coalesce.py_func(dims, nblock)
    kept = [k for k in range(ndim) if not reduced[k]]
    memory = tuple(kept.index(k) for k in perm)  # the result's axes, outermost first
    inverse = None if memory == tuple(range(len(kept))) else tuple(int(k) for k in np.argsort(memory))
    return dims, nblock, length, sign, (tuple(shape[k] for k in perm), inverse)


@functools.lru_cache(maxsize=64)
def _row(n):
    """The plan's ``dims`` of one contiguous row of ``n`` items reduced whole."""
    return np.array([[n, 1, 0, 0]], np.int64)


def _job(arr, axes, compute, layout, in_cast, out=None, out_cast=False, mstr=None):
    """Lay one reduction out for the kernels.

    Returns ``(x, x0, dims, nblock, length, result, reduced, sign)``: ``x``/``x0`` read
    ``arr`` in place, ``dims`` lists the axes in NumPy's iteration order (``layout`` gives
    the strides NumPy sees, which differ from ``arr``'s for the temporaries of nan* and
    var), and ``result`` is a fresh array of the kept axes in ``compute`` dtype, laid out in
    the input's memory order as NumPy lays out a reduction's result.
    """
    ndim = arr.ndim
    if (out is None and mstr is None and len(axes) == ndim > 0 and arr.size
            and (arr.flags.c_contiguous or arr.flags.f_contiguous)):
        # a contiguous array reduced whole is one row in memory order, NumPy's coalesced
        # iteration: no plan to look up (a third of a small call's time)
        n = arr.size
        return (arr.ravel(order="K"), 0, _row(n), 1, _builtin_min(n, np.getbufsize()) if in_cast else n,
                np.empty((), compute), (1,) * ndim, 1)
    reduced = tuple(int(k in axes) for k in range(ndim))
    given = (0,) * ndim
    if out is not None:  # a given output takes part in NumPy's choice of order
        ostrides = iter(zip(out.shape, out.strides) if out.ndim == ndim - _builtin_sum(reduced)
                        else ((n, s) for n, s, k in zip(out.shape, out.strides, range(ndim)) if not reduced[k]))
        given = tuple(0 if reduced[k] else (lambda ns: ns[1] if ns[0] > 1 else 0)(next(ostrides))
                      for k in range(ndim))
    x, x0, xstr = _flat_buffer(arr)
    dims, nblock, length, sign, (memory_shape, inverse) = _plan(
        arr.shape, xstr, layout, given, reduced, in_cast, out_cast, (0,) * ndim if mstr is None else mstr,
        np.getbufsize())
    result = np.empty(memory_shape, compute)
    if inverse is not None:
        result = result.transpose(inverse)
    return x, x0, dims, nblock, length, result, reduced, sign


# ------------------------------------------------------------------ small whole-array calls
#
# A reduction of a small contiguous array over all its axes is one row in memory order
# (NumPy's coalesced iteration), run by one kernel call.  Its dtype decisions are made once
# per (function, dtype) and kept in a closure that calls the kernel directly: a call on 1,000
# items then costs about a microsecond of Python instead of four.  "Small" is every array the
# general path would reduce on one thread (under REDUCTION_PARALLEL_MIN_BYTES): after a
# kernel has streamed megabytes through the caches, each line of the general path's Python
# runs from memory again, so the closure's few lines matter at every size it takes.


def _small(a, axis, out, keepdims):
    """Whether reducing ``a`` over ``axis`` can take a small-call path: a plain, aligned,
    C- or F-contiguous ndarray of one item or more and under REDUCTION_PARALLEL_MIN_BYTES
    reduced whole (``axis`` None, or 0 or -1 of a 1-D array), without ``out`` or
    ``keepdims``."""
    return (type(a) is np.ndarray and out is None and keepdims is False
            and (axis is None or (type(axis) is int and a.ndim == 1 and -1 <= axis <= 0))
            and 0 < a.nbytes < REDUCTION_PARALLEL_MIN_BYTES and a.flags.aligned
            and (a.flags.c_contiguous or a.flags.f_contiguous))


def _small_axis(a, axis, out):
    """Whether reducing ``a`` over an int or tuple ``axis`` can take a small-call path with
    a prepared layout (:func:`_axis_layout`): a plain, aligned, C- or F-contiguous ndarray
    of one item or more and under REDUCTION_PARALLEL_MIN_BYTES, and of one dimension or more,
    without ``out``."""
    return (type(a) is np.ndarray and out is None and (type(axis) is int or type(axis) is tuple)
            and 0 < a.nbytes < REDUCTION_PARALLEL_MIN_BYTES and a.ndim and a.flags.aligned
            and (a.flags.c_contiguous or a.flags.f_contiguous))


@functools.lru_cache(maxsize=1024)
def _axis_layout(shape, strides, itemsize, axis, keepdims, in_cast, bufsize):
    """``(dims, nblock, length, sign, memory_shape, inverse, shape, count)``: how
    :func:`_job` lays out a small contiguous array of ``shape`` and ``strides`` reduced over
    ``axis`` (the plan, the result's shape in memory order and the transpose back, the
    returned ``shape``, and the number of items reduced into each result), kept per layout
    so that a call on a few thousand items costs a few microseconds, not ten; None where the
    general path must run (an axis NumPy refuses)."""
    ndim = len(shape)
    try:
        axes = normalize_axes(axis, ndim, reduce=True)
    except (TypeError, ValueError):  # (AxisError is a ValueError: the general path raises it)
        return None
    reduced = tuple(int(k in axes) for k in range(ndim))
    xstr = tuple(st // itemsize for st in strides)
    dims, nblock, length, sign, (memory_shape, inverse) = _plan(shape, xstr, strides, (0,) * ndim, reduced,
                                                                in_cast, False, (0,) * ndim, bufsize)
    count = math.prod(dims[nblock:, 0].tolist())
    return (dims, nblock, length, sign, memory_shape, inverse, kept_shape(shape, axes, keepdims), count,
            _count(shape, axes))


def _on_axes(arr, axis, keepdims, in_cast, start, kernel, *args):
    """Run a small reduction ``kernel`` (a fold: ``args`` is ``(m, mode)``; a scan: empty) of
    ``arr`` over ``axis`` in its prepared layout; returns ``(result, bits, reduced count)``,
    or None where the general path must run."""
    layout = _axis_layout(arr.shape, arr.strides, arr.itemsize, axis, keepdims, in_cast, np.getbufsize())
    if layout is None:
        return None
    dims, nblock, length, sign, memory_shape, inverse, shape, count, rcount = layout
    result = np.empty(memory_shape, start.dtype)
    result.fill(start[0])
    x = arr.ravel(order="K")
    if args:
        bits = kernel(x, 0, result.ravel(), args[0], dims, nblock, length, sign, 0, count, *args[1:])
    else:
        bits = kernel(x, 0, result.ravel(), dims, nblock, 0, count)
    if inverse is not None:
        result = result.transpose(inverse)
    return result.reshape(shape) if shape else result[()], bits, rcount


_NATIVE = frozenset(_dtypes.SUPPORTED_DTYPES)  # (a dtype of another byte order is not equal)


def _natively_supported(dtype):
    return dtype in _NATIVE


@functools.cache
def _small_fold(ufunc, op, dtype, acc=None):
    """``run(arr) -> scalar``: ``ufunc.reduce`` of a ``_small`` array of ``dtype`` in the
    accumulator dtype ``acc`` (default NumPy's), as :func:`_fold` computes it; None where
    the general path must run."""
    if not _natively_supported(dtype):
        return None
    dtype = _dtypes.canonical(dtype)
    loop = _loop_dtype(ufunc, dtype, acc, None)
    compute = _dtypes.compute_dtype(loop)
    if compute.kind in "iu":
        compute = np.dtype(np.int64 if compute.kind == "i" else np.uint64)
    if loop != compute or loop == _BOOL or not _converts_in_kernel(dtype, compute):
        return None
    serial, _calls = _k.fold_kernel(op, _k.PLAIN, False)
    start = np.full(1, 1 if op == _k.PROD else 0, compute)
    m = np.zeros(1, compute)
    # NumPy casts another dtype in buffers of ``bufsize`` items, one call each (integers sum
    # exactly in any split)
    buffered = dtype != loop and loop.kind in "fc"
    # where int64/uint64 stands for a longlong arr, the result is NumPy's longlong (ll_type:
    # its DType class; NoneType, which no dtype is, for dtypes without a second object)
    longlong = _dtypes.LONGLONG.get(loop.char) if loop == dtype else None
    ll_type = type(longlong)

    def run(arr, axis=None, keepdims=False):
        if axis is not None:  # (a _small_axis array)
            done = _on_axes(arr, axis, keepdims, dtype != loop, start, serial, m, _k.PLAIN)
            if done is None:
                return None
            result, bits, count = done
            if bits:
                _fperr.report(bits, "reduce")
            return (result if type(arr.dtype) is not ll_type else _dtypes.with_identity(result, longlong)), count
        n = arr.size
        result = start.copy()
        length = _builtin_min(n, np.getbufsize()) if buffered else n
        if bits := serial(arr if arr.ndim == 1 else arr.ravel(order="K"), 0, result, m, _row(n), 1, length, 1, 0, 1,
                          _k.PLAIN):
            _fperr.report(bits, "reduce")
        return result[0] if type(arr.dtype) is not ll_type else _dtypes.with_identity(result[0], longlong)

    return run


@functools.cache
def _small_var(dtype):
    """``run(arr, ddof) -> scalar``: the variance of a ``_small`` array of ``dtype`` reduced
    whole, as :func:`_var_impl` computes it (``0 <= ddof < arr.size``); None where the
    general path must run (float16, complex)."""
    if not _natively_supported(dtype) or dtype.kind not in "biuf":
        return None
    dtype = _dtypes.canonical(dtype)
    acc = _F8 if dtype.kind in "biu" else None
    mean_sum = _small_fold(np.add, _k.SUM, dtype, acc)
    loop0 = _loop_dtype(np.add, dtype, acc, None)
    x_dtype = np.subtract.resolve_dtypes((dtype, loop0, None))[2]
    loop = _loop_dtype(np.add, x_dtype, acc, None)
    if mean_sum is None or loop != x_dtype or _dtypes.compute_dtype(x_dtype) != x_dtype:
        return None
    squares = _k.fold_kernel(_k.SUM, _k.SQUARED_DEVIATION, False)[0]
    start = np.zeros(1, loop)
    tiny = float(np.finfo(loop0).tiny)

    def run(arr, ddof):
        n = np.intp(arr.size)
        total = mean_sum(arr)
        if abs(float(total)) < tiny * arr.size and total:
            # an underflow: divided as NumPy divides its keepdims array (the errors, those of
            # the cast back included, named "divide", not "scalar divide" or "cast")
            avg = np.true_divide(np.array([total]), n, out=np.empty(1, total.dtype), casting="unsafe")[0]
        else:
            avg = _divided(total, n)  # (no error possible: the same value, 1 us less)
        result = start.copy()
        mean = np.array([avg], x_dtype)
        if squares(arr if arr.ndim == 1 else arr.ravel(order="K"), 0, result, mean, _row(int(n)), 1, int(n), 1, 0, 1,
                   _k.SQUARED_DEVIATION):
            _report_deviations(arr, tuple(range(arr.ndim)), _k.SQUARED_DEVIATION, loop,
                               mean.reshape((1,) * arr.ndim), None)
        return _divided(result[0], n - ddof)  # (n - ddof > 0: the general path's maximum)

    return run


#: max and min (and their nan forms) of bools, as the logical reductions that give them: any
#: and all stop at the item that decides, as NumPy's bool loops do
_BOOL_EXTREMES = {_k.MAX: _k.ANY, _k.FMAX: _k.ANY, _k.MIN: _k.ALL, _k.FMIN: _k.ALL}


def _extreme_kernel(op, kind):
    """The extreme kernel of ``op`` for a dtype of ``kind``: fmin/fmax (nanmin/nanmax) of
    integers and bools, which hold no NaN, give min/max's results and run min/max's kernel,
    so that they compile nothing more."""
    if kind not in "fc":
        op = {_k.FMIN: _k.MIN, _k.FMAX: _k.MAX}.get(op, op)
    return _k.extreme_kernel(op)


@functools.cache
def _small_scan(op, dtype, logical=False):
    """``run(arr) -> scalar``: the min/max (``logical``: any/all) of a ``_small`` array of
    ``dtype``, as :func:`_extreme` / :func:`_logical` compute it; None where the general
    path must run."""
    if not _natively_supported(dtype):
        return None
    dtype = _dtypes.canonical(dtype)
    if not logical and dtype == _BOOL:
        op, logical = _BOOL_EXTREMES[op], True  # (the kernel the general path runs)
    if logical:
        kernel = _k.logical_kernel(op, _k.TRUTH)
        start = np.full(1, op == _k.ALL, _BOOL)
    else:
        if op in (_k.FMIN, _k.FMAX) and dtype.kind == "c":
            return None  # (an all-NaN complex row keeps its first item: the general path)
        kernel = _extreme_kernel(op, dtype.kind)
        nan_start = op in (_k.FMIN, _k.FMAX) and dtype.kind == "f"
        start = np.full(1, np.nan if nan_start else _lowest(dtype) if op in (_k.MAX, _k.FMAX) else _highest(dtype), dtype)
    longlong = None if logical else _dtypes.LONGLONG.get(dtype.char)  # (as in _small_fold)
    ll_type = type(longlong)

    def run(arr, axis=None, keepdims=False):
        if axis is not None:  # (a _small_axis array)
            done = _on_axes(arr, axis, keepdims, False, start, kernel)
            if done is None:
                return None
            return done[0] if type(arr.dtype) is not ll_type else _dtypes.with_identity(done[0], longlong)
        result = start.copy()
        kernel(arr if arr.ndim == 1 else arr.ravel(order="K"), 0, result, _row(arr.size), 1, 0, 1)
        return result[0] if type(arr.dtype) is not ll_type else _dtypes.with_identity(result[0], longlong)

    return run


def _scanned_small(op, a, axis, out, keepdims, logical=False):
    """The min/max (``logical``: any/all) of ``a`` over ``axis`` through :func:`_small_scan`,
    whole or along axes; None where the general path must run."""
    if _small(a, axis, out, keepdims):
        run_small = _small_scan(op, a.dtype, logical)
        return None if run_small is None else run_small(a)
    if _small_axis(a, axis, out):
        run_small = _small_scan(op, a.dtype, logical)
        return None if run_small is None else run_small(a, axis, keepdims)
    return None


@functools.cache
def _small_arg(op, dtype, nan_as_inf):
    """``run(arr) -> np.intp``: argmin/argmax of a C-contiguous ``_small`` array of ``dtype``
    reduced whole, as :func:`_arg` computes it; None where the general path must run."""
    if not _natively_supported(dtype):
        return None
    dtype = _dtypes.canonical(dtype)
    kernel = _k.arg_kernel(op, nan_as_inf)

    def run(arr):
        result = np.empty((1, 1), _INTP)
        kernel(arr.reshape(1, -1, 1), result, np.empty(1, dtype))
        return result[0, 0]

    return run


def _split(dims, nblock, x, kind):
    """``(how, nchunks)`` for a parallel kernel reading ``x`` as ``dims`` says (``how`` 0:
    stay serial).

    kind: 'sum' (float sum: one long row splits along the pairwise tree), 'chunked' (a
    sum made of several calls, or an integer sum), 'fold' (products: rows only), or 'scan'
    (min/max/any/all/argmax: one long row splits in pieces).
    """
    nchunks = chunks_for(math.prod(dims[:, 0].tolist()) * x.itemsize, REDUCTION_PARALLEL_MIN_BYTES)
    if nchunks == 1 or dims.shape[0] == 0:
        return 0, 1
    block_reduced = not dims[:nblock, 2].any()
    nouter = math.prod(dims[nblock:, 0].tolist())
    if block_reduced:
        if nouter >= nchunks and dims[nblock:, 2].all():
            return 1, nchunks
        if nouter == 1 and nblock == 1 and kind != "fold":
            return 3, nchunks
        if nouter == 1 and nblock > 1 and kind in ("sum", "chunked"):
            return 3, nchunks
        return 0, 1
    if dims[0, 0] >= 8 * nchunks:
        return 2, nchunks
    if nouter >= nchunks and dims[nblock:, 2].all():
        return 1, nchunks
    return 0, 1


@functools.lru_cache(maxsize=None)
def _converts_in_kernel(src, compute):
    """Whether the fold kernels read ``src`` items into a ``compute`` accumulator directly:
    the same dtype, integers into the default integer or ``float64`` accumulators, and
    widening float32/complex64 (a small set, so that few kernels are compiled)."""
    if src == compute:
        return True
    if src.kind in "biu":
        return compute in (np.dtype(np.int64), np.dtype(np.uint64), _F8)
    return (src, compute) in ((_F4, _F8), (np.dtype(np.complex64), np.dtype(np.complex128)))


def _fold(arr, axes, op, mode, loop, *, layout=None, virtual_dtype=None, m=None, out=None, count=False):
    """``arr`` summed (``op`` SUM) or multiplied over ``axes`` in NumPy's order, each item
    transformed by ``mode`` first; returns the kept-axes result in the compute dtype, or
    ``out`` when given, with the result cast into it (that cast's errors reported with the
    reduce's, once).

    ``layout``/``virtual_dtype``: strides and dtype of the array NumPy really reduces when
    that is a temporary (default: ``arr`` itself).  ``m``: the operand of the transform (a
    mean, broadcast against ``arr``'s kept axes).
    """
    if loop == _BOOL and mode != _k.NOT_NAN:
        # a bool sum is a logical or, a bool product a logical and (order-free)
        if m is not None:  # var's with dtype=bool: the truth of NumPy's squared deviations
            arr, mode = _squared_deviations(arr, mode, m, m.dtype), _k.PLAIN
        truth = _k.TRUTH_NOT_NAN if mode == _k.NAN_TO_ZERO else _k.TRUTH
        return _logical(_k.ANY if op == _k.SUM else _k.ALL, arr, axes, None, False, mode=truth, raw=True)
    compute = _dtypes.compute_dtype(loop)
    if compute.kind in "iu":
        # integer sums and products wrap modulo 2**bits in any width: accumulate in the
        # 64-bit type of the same signedness and cast at the end (fewer kernels to compile)
        compute = np.dtype(np.int64 if compute.kind == "i" else np.uint64)
    half = loop == _F2
    seen = arr.dtype if virtual_dtype is None else virtual_dtype
    in_cast = seen != loop or not arr.flags.aligned
    out_cast = out is not None and (out.dtype != loop or not out.flags.aligned)
    src = arr if arr.dtype.isnative and arr.dtype != _F2 else _dtypes.for_kernel(arr)
    given, given_mode, bits = arr, mode, 0
    if mode in (_k.PLAIN, _k.NAN_TO_ZERO, _k.NAN_TO_ONE) and (not _converts_in_kernel(src.dtype, compute)
                                                             or (arr.ndim == 0 and in_cast)):
        # an unusual accumulator (dtype=): the input is cast first (after NaNs are replaced,
        # as nan* functions do), exactly as NumPy's buffers cast it, rather than compiling a
        # kernel for every pair of dtypes; NumPy reports that cast's errors as the reduce's,
        # but a 0-d array's as a cast's, which is made apart (so here for any cast of one)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if mode != _k.PLAIN and arr.dtype.kind in "fc":
                arr = np.where(np.isnan(arr), 0 if mode == _k.NAN_TO_ZERO else 1, arr).astype(arr.dtype)
            _fperr.status()
            src = arr.astype(loop)
            bits = _fperr.status()  # (before the widening below: NumPy clears the flags first)
            src = src.astype(compute)
        mode = _k.PLAIN
        if arr.ndim == 0:
            _fperr.report(bits, "cast")
            bits = 0
    if m is None:
        mbuf, mstr = np.zeros(1, compute), None
    else:  # m: keepdims-shaped, C-ordered, of the kernel's mean type
        if not _converts_in_kernel(src.dtype, m.dtype):
            src = arr.astype(m.dtype)  # the difference's dtype, to which NumPy casts arr
        mbuf = m.reshape(-1)
        mstr = tuple(0 if m.shape[k] == 1 else m.strides[k] // m.itemsize for k in range(m.ndim))
    x, x0, dims, nblock, length, result, reduced, sign = _job(src, axes, compute,
                                                         arr.strides if layout is None else layout,
                                                         in_cast, out, out_cast, mstr)
    result.fill(1 if op == _k.PROD else 0)
    if count:
        kind = "chunked"
    elif op == _k.SUM and compute.kind in "fc":
        kind = "sum" if length >= math.prod(dims[:nblock, 0].tolist()) else "chunked"
    else:
        kind = "chunked" if op == _k.SUM else "fold"
    how, nchunks = _split(dims, nblock, x, kind)
    flat = result.ravel(order="K")  # a view: result is contiguous in its memory order
    serial, calls = _k.fold_kernel(op, mode, bool(half))
    if how == 0:
        bits |= serial(x, x0, flat, mbuf, dims, nblock, length, sign, 0, math.prod(dims[nblock:, 0].tolist()), mode)
    elif how in (1, 2):
        bits |= run_flags(serial, [(x, x0_, out_, m_, dims_, nblock, length, sign, first, count, mode)
                                   for x0_, out_, m_, dims_, first, count in _chunk_jobs(how, nchunks, dims, nblock,
                                                                                         x0, flat, mbuf)])
    else:
        bits |= _fold_one(calls, mode, flat, x, x0, mbuf, dims, nblock, length, half, nchunks,
                          how == 3 and kind == "sum", kind == "chunked" and compute.kind not in "fc")
    if out is not None:
        # NumPy casts into out within the reduce and reads the error flags once, after both
        if m is not None and np.may_share_memory(given, out):
            given = given.copy()  # (read again below after an error, when out is written)
        bits |= _into_out(result, loop, out, earlier_cast=True)
        result = out
    if bits and given_mode != _k.NOT_NAN:  # (NumPy's counts of non-NaN items raise nothing)
        if m is None:
            _fperr.report(bits, "reduce")
        else:
            _report_deviations(given, axes, given_mode, loop, m, out)
    return result


def _report_deviations(arr, axes, mode, loop, m, out):
    """The floating-point errors of the squared deviations ``var`` and ``nanvar`` sum,
    reported as NumPy reports them: one step after another (subtract, square or multiply,
    the complex parts' add, the reduce).  The fused kernel only tells that one happened, so
    NumPy's steps are redone here, on this rare path alone."""
    # the difference's dtype: float16 when NumPy's own float16 loops ran (m holds float16
    # values in float32 then)
    half = arr.dtype == _F2 and m.dtype == _F4 and loop == _F2 and mode == _k.SQUARED_DEVIATION
    _fold(_squared_deviations(arr, mode, m, _F2 if half else m.dtype), axes, _k.SUM, _k.PLAIN, loop, out=out)


def _squared_deviations(arr, mode, m, diff):
    """The squared deviations ``var`` and ``nanvar`` (``mode``) sum, made by NumPy's own
    steps, each step's floating-point errors reported as NumPy reports them: for var the
    difference from ``m`` in ``diff``, squared (a complex one part by part, the parts
    added); for nanvar NaNs zeroed, the difference stored back in arr's dtype and multiplied
    by its conjugate.  Returns the real array to sum."""
    nan = mode in (_k.NAN_SQUARED_DEVIATION, _k.NAN_SQUARED_DEVIATION_HALF)
    if nan:
        mask = np.isnan(arr)
        x = np.where(mask, 0, arr).astype(arr.dtype)
        _fperr.report(_fperr.traced(np.subtract, x, m, out=x, casting="unsafe")[1], "subtract")
        x[mask] = 0
        step, other = "multiply", (x.conj() if x.dtype.kind == "c" else x)
    else:
        x, bits = _fperr.traced(np.subtract, arr, m.astype(diff))
        x = np.asarray(x)  # (a 0-d difference is a scalar, and the steps below write into x)
        _fperr.report(bits, "subtract")
        step, other = "square", None
    if x.dtype.kind == "c" and not nan:
        parts = x.view((_real_part_dtype(x.dtype), (2,)))
        _fperr.report(_fperr.traced(np.square, parts, out=parts)[1], step)
        _fperr.report(_fperr.traced(np.add, parts[..., 0], parts[..., 1], out=x.real)[1], "add")
    elif step == "square":
        _fperr.report(_fperr.traced(np.square, x, out=x)[1], step)
    else:
        _fperr.report(_fperr.traced(np.multiply, x, other, out=x)[1], step)
    return x.real if x.dtype.kind == "c" else x


def _chunk_jobs(how, nchunks, dims, nblock, x0, out, m):
    """``(x0, out, m, dims, first, count)`` for each chunk of a job whose outputs are
    independent: ``how`` 1 splits the outer indices, 2 the innermost (kept) axis."""
    nouter = math.prod(dims[nblock:, 0].tolist())
    if how == 1:
        return [(x0, out, m, dims, lo, hi - lo) for lo, hi in bounds(nouter, nchunks) if hi > lo]
    jobs = []
    for lo, hi in bounds(int(dims[0, 0]), nchunks):
        if hi > lo:
            part = dims.copy()
            part[0, 0] = hi - lo
            jobs.append((x0 + lo * int(dims[0, 1]), out[lo * int(dims[0, 2]):], m[lo * int(dims[0, 3]):], part, 0,
                         nouter))
    return jobs


def _fold_one(calls, mode, out, x, x0, m, dims, nblock, length, half, nchunks, tree, exact):
    """One output made of a long sum, on ``nchunks`` threads.  ``tree``: a float sum of one
    call, split along NumPy's pairwise tree (whose subtrees NumPy also sums independently:
    same bits); otherwise the sums of NumPy's calls (or, ``exact`` integers, of any split)
    are computed in parallel and folded in order."""
    bsize = math.prod(dims[:nblock, 0].tolist())
    if tree:
        starts, counts = np.zeros(1, np.int64), np.array([bsize], np.int64)
        while starts.size < nchunks:  # NumPy's split: half the reals, down to a multiple of 8
            n = counts
            n2 = (n - n % 8) // 2 if out.dtype.kind == "c" else n // 2 - (n // 2) % 8
            starts = np.stack([starts, starts + n2], 1).reshape(-1)
            counts = np.stack([n2, n - n2], 1).reshape(-1)
    else:
        if exact:
            length = -(-bsize // (4 * nchunks))
        starts = np.arange(0, bsize, length, dtype=np.int64)
        counts = np.minimum(length, bsize - starts)
    sums = np.empty(starts.size, out.dtype)
    bits = run_flags(calls, [(x, x0, dims, nblock, starts[lo:hi], counts[lo:hi], m, sums[lo:hi], mode)
                             for lo, hi in bounds(starts.size, nchunks) if hi > lo])
    acc = out[0]
    with np.errstate(all="ignore"):  # (the additions below are the reduce's: their errors are its)
        _fperr.status()
        if tree:
            width = 1
            while width < sums.size:  # the tree's additions, in NumPy's order
                sums[::2 * width] += sums[width::2 * width]
                width *= 2
            acc = acc + sums[0]
            out[0] = acc.astype(np.float16) if half else acc
        elif half:
            for s in sums:
                acc = (acc + s).astype(np.float16).astype(acc.dtype)
            out[0] = acc
        else:  # accumulate adds one item after another, as the calls are folded
            out[0] = np.add.accumulate(np.concatenate([[acc], sums]))[-1]
        return bits | _fperr.status()


def _scan(kernel, x, x0, out, dims, nblock):
    """``kernel(x, x0, out, dims, nblock, first, count)``, a min/max or any/all scan
    whose result does not depend on how it is split, on as many threads as the job is worth.
    One long row is cut in pieces: their results are returned, in order, for the caller to
    combine (None otherwise)."""
    how, nchunks = _split(dims, nblock, x, "scan")
    nouter = math.prod(dims[nblock:, 0].tolist())
    if how == 0:
        kernel(x, x0, out, dims, nblock, 0, nouter)
    elif how in (1, 2):
        run(kernel, [(x, x0_, out_, dims_, nblock, first, count)
                     for x0_, out_, _m, dims_, first, count in _chunk_jobs(how, nchunks, dims, nblock, x0, out, out)])
    else:
        jobs = _chunk_jobs(2, nchunks, dims, nblock, x0, out, out)
        parts = np.full(len(jobs), out[0])
        run(kernel, [(x, x0_, parts[c:c + 1], dims_, nblock, 0, 1)
                     for c, (x0_, _o, _m, dims_, _f, _n) in enumerate(jobs)])
        return parts
    return None


def _complex_warning(arr, loop):
    # (a cast to bool keeps the imaginary part's say: no warning, as in NumPy)
    if arr.dtype.kind == "c" and loop.kind not in "cb":
        _discards_imaginary()


def _discards_imaginary():
    """NumPy's ComplexWarning of a cast from complex to real, naming the caller's line."""
    warnings.warn("Casting complex values to real discards the imaginary part", np.exceptions.ComplexWarning,
                  stacklevel=_fperr.stacklevel())


def _result(result, loop, shape, out):
    """The kernel's result as NumPy returns it: ``loop`` dtype, ``shape`` (keepdims
    applied), copied into ``out`` when given (unless it is ``out``, as :func:`_fold`'s
    results are), a NumPy scalar when 0-d."""
    if result is out:
        return out
    if out is not None:
        # (a cast into out is the reduce's in NumPy: its errors are reported as the reduce's)
        _fperr.report(_into_out(result, loop, out), "reduce")
        return out
    if result.dtype != loop:
        result = result.astype(loop)
    return _dtypes.with_identity(result.reshape(shape) if shape else result[()], loop)


def _into_out(result, loop, out, earlier_cast=False):
    """``result`` rounded to the ``loop`` dtype NumPy computed in, then cast (``unsafe``)
    into ``out`` as NumPy's reduce casts into it, item by item in ``out``'s own layout;
    returns the error bits of that cast.

    ``earlier_cast``: NumPy's reduce (a sum or product) has also cast between ``out`` and
    the loop before: the first items of a complex loop into a real ``out``, or ``out`` read
    into a real loop's buffers.  That cast's ComplexWarning is then given here.

    The layout matters where the cast is undefined, a float out of an integer type's range:
    on x86-64 with AVX-512, NumPy's vectorised loop over contiguous items makes float64
    5.9e9 a uint32 0, and its loop over strided items (or the tail of a contiguous run)
    wraps it to 1627415984.
    """
    if earlier_cast and (loop.kind == "c") != (out.dtype.kind == "c") and "b" not in (loop.kind, out.dtype.kind):
        _discards_imaginary()
    if result.dtype != loop:
        result = result.astype(loop)
    result = result.reshape(out.shape)
    if result.dtype == out.dtype:
        np.copyto(out, result)
        return 0
    return _fperr.traced(np.copyto, out, result, casting="unsafe")[1]


def _arith(ufunc, op, a, axis, dtype, out, keepdims, mode=_k.PLAIN, nan_copy=False):
    """sum / prod (and nansum / nanprod through ``mode``): NumPy's ``ufunc.reduce``."""
    if dtype is None and mode == _k.PLAIN:
        if _small(a, axis, out, keepdims):
            run_small = _small_fold(ufunc, op, a.dtype)
            if run_small is not None:
                return run_small(a)
        elif _small_axis(a, axis, out):
            run_small = _small_fold(ufunc, op, a.dtype)
            done = None if run_small is None else run_small(a, axis, keepdims)
            if done is not None:
                return done[0]
    arr = _as_input(a)
    axes = normalize_axes(axis, arr.ndim, reduce=True)
    given = dtype
    if dtype is not None:
        dtype = _check_dtype(_dtypes.as_dtype(dtype))
    shape = kept_shape(arr.shape, axes, keepdims)
    if out is not None:
        out = _check_out(out, shape)
    loop = _loop_dtype(ufunc, arr.dtype, dtype, None if out is None else out.dtype)
    _complex_warning(arr, loop)
    layout = _virtual_strides(arr) if nan_copy else None
    result = _fold(arr, axes, op, mode, loop, layout=layout, out=out)
    identity = _dtypes.numpy_identity(loop, (arr.dtype,)) if given is None else _dtypes.given_identity(loop, given)
    return _result(result, identity, shape, out)


def sum(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
        out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Sum of array elements over the given axes, as ``numpy.sum``.

    Float sums are NumPy's bit for bit: pairwise summation (blocks of 128 with eight
    accumulators) along the axis NumPy's reduce loop runs on, in the order and 8192-item
    buffer chunks NumPy uses for that memory layout.  Small integers accumulate in
    ``int64``/``uint64`` (``bool`` too), as NumPy.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints
    %(fold_dtype)s
    %(out)s
    keepdims : bool

    Returns
    -------
    numpy.ndarray or NumPy scalar

    Notes
    -----
    With ``out`` of another dtype than the result's, the result is computed in NumPy's
    loop dtype and cast once; NumPy rounds to ``out``'s dtype after every 8192-item buffer,
    so a float result reduced over more than 8192 items into a narrower ``out`` can differ
    in the last place.  Inside ``@njit``: ``axis`` (``None``, an int or a tuple), ``dtype``
    and ``keepdims`` must be constants and ``out`` is not accepted.

    Floating-point errors are reported as NumPy reports them under ``np.errstate``
    (``RuntimeWarning: overflow encountered in reduce``, ``FloatingPointError``, the
    ``call``/``log`` handler); :func:`prod`, :func:`mean`, :func:`var`, :func:`std` and the
    ``nan*`` forms report those of each step NumPy runs (``subtract``, ``square``, ...).
    Inside ``@njit`` the values are the same but no warning or error is reported.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.sum(np.array([[1, 2], [3, 4]], dtype=np.int8), axis=0)
    array([4, 6])
    >>> ja.sum([0.1] * 10) == np.sum([0.1] * 10)
    np.True_
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _arith(np.add, _k.SUM, a, axis, dtype, out, keepdims)


def prod(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
         out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Product of array elements over the given axes, as ``numpy.prod``.

    Products are taken in NumPy's order (one after another along its iteration), so float
    results are NumPy's bit for bit; complex products use NumPy's fused multiply-add
    formula and may differ from NumPy in the last place where NumPy's loop does not.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(fold_dtype)s
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when the result has no dimensions (every axis reduced, without
        ``keepdims``); ``out`` itself when given.

    Notes
    -----
    Integer products wrap around.  Inside ``@njit`` the constant-argument and floating-point
    error rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.prod([[1.0, 2.0], [3.0, 4.0]], axis=1)
    array([ 2., 12.])
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _arith(np.multiply, _k.PROD, a, axis, dtype, out, keepdims)


def _count(shape, axes):
    return np.intp(int(np.prod([shape[k] for k in axes], dtype=np.int64)))


def mean(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
         out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Arithmetic mean over the given axes, as ``numpy.mean``.

    As NumPy: integers are summed in ``float64``, ``float16`` in ``float32``, everything
    else in its own dtype (or ``dtype``), with :func:`sum`'s exact order, then divided by
    the count in ``float64`` and cast back.  Results are NumPy's bit for bit.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    dtype : dtype, optional
        Accumulator and result dtype (default: ``float64`` for integer and bool inputs, the
        input's dtype otherwise, ``float16`` being summed in ``float32``).
    out : ndarray, optional
        Of exactly the result's shape; the sum is cast into it (``unsafe``) and divided
        there, as NumPy.
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when the result has no dimensions (every axis reduced, without
        ``keepdims``); ``out`` itself when given.

    Notes
    -----
    An empty slice gives ``nan`` with NumPy's ``RuntimeWarning``.  Inside ``@njit`` the
    constant-argument and floating-point error
    rules of :func:`sum` apply and ``float16`` inputs are not accepted.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.mean([[1, 2], [3, 4]], axis=0)
    array([2., 3.])
    """
    if keepdims is not False:
        keepdims = _spread_keepdims(keepdims, a, axis, False)
    if dtype is None and type(a) is np.ndarray and a.dtype != _F2:
        # summed in float64 for integers, in its own dtype otherwise; divided as below
        if _small(a, axis, out, keepdims):
            run_small = _small_fold(np.add, _k.SUM, a.dtype, _F8 if a.dtype.kind in "biu" else None)
            if run_small is not None:
                return _divided(run_small(a), np.intp(a.size))
        elif _small_axis(a, axis, out):
            run_small = _small_fold(np.add, _k.SUM, a.dtype, _F8 if a.dtype.kind in "biu" else None)
            done = None if run_small is None else run_small(a, axis, keepdims)
            if done is not None:
                return _divided(done[0], np.intp(done[1]))
    arr = _as_input(a)
    axes = normalize_axes(axis, arr.ndim)
    rcount = _count(arr.shape, axes)
    if rcount == 0:
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    is_float16_result = False
    if dtype is None:
        if arr.dtype.kind in "biu":
            dtype = _F8
        elif arr.dtype.type is np.float16:
            dtype = _F4
            is_float16_result = True
    ret = _arith(np.add, _k.SUM, arr, axis, dtype, out, keepdims)
    if isinstance(ret, np.ndarray):
        ret = np.true_divide(ret, rcount, out=ret, casting="unsafe", subok=False)
        if is_float16_result and out is None:
            ret = arr.dtype.type(ret)
    elif is_float16_result:
        ret = arr.dtype.type(ret / rcount)
    else:
        ret = ret.dtype.type(ret / rcount)
    return ret


def _real_part_dtype(dtype):
    """The dtype of ``x.real`` for an array ``x`` of ``dtype`` (byte order kept)."""
    return np.empty(0, dtype).real.dtype


def _divided(value, count, *, ignore=False):
    """``value / count`` as NumPy's ``_mean``/``_var`` (in place for arrays) and nan*'s
    ``_divide_by_count`` (``ignore``: errors silenced) divide."""
    with np.errstate(invalid="ignore", divide="ignore") if ignore else _no_context:
        if isinstance(value, np.ndarray):
            return np.true_divide(value, count, out=value, casting="unsafe", subok=False)
        return value.dtype.type(value / count)


class _NoContext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_no_context = _NoContext()


def _ddof(ddof, correction):
    """NumPy 2's ``correction=`` (the Array API's name for ``ddof``), with NumPy's error when
    both are given."""
    if correction is np._NoValue:
        return ddof
    if ddof != 0:
        raise ValueError("ddof and correction can't be provided simultaneously.")
    return correction


def _given_mean(mean, arr, axes, diff_with):
    """``(m, diff)`` for a ``mean=`` argument: the dtype ``arr - mean`` is computed in
    (``diff_with(rule)`` for what NumPy's promotion sees of ``mean``, a Python number weakly),
    and ``mean`` cast to it and broadcast to the ``keepdims=True`` shape, C-ordered, in the
    kernels' dtype.

    NumPy documents that ``mean`` has the shape of the mean with ``keepdims=True``; one that
    does not broadcast to that shape is refused with ``ValueError`` (NumPy would broadcast
    ``arr - mean`` to another shape and reduce that instead)."""
    keep = kept_shape(arr.shape, axes, True)
    if _dtypes.is_python_scalar(mean):
        diff = diff_with(type(mean))
        values = _dtypes.weak_scalar_to(mean, diff)
    else:
        given = _dtypes.asarray(mean)
        diff = diff_with(given.dtype)
        values = given.astype(diff)
    if _broadcasts_to(values.shape, keep) is False:
        raise ValueError(f"mean of shape {values.shape} does not broadcast to {keep}, the shape of the "
                         f"mean with keepdims=True over axis {axes}")
    # (np.array, not np.ascontiguousarray, which makes a 0-d mean 1-d)
    return np.array(np.broadcast_to(values, keep), dtype=_dtypes.compute_dtype(diff), order="C"), diff


def _broadcasts_to(shape, target):
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _var_impl(a, axis, dtype, out, ddof, keepdims, mean=np._NoValue):
    """NumPy's ``_var`` without its temporaries: the mean (or ``mean``), then one pass over
    the squared deviations in the order NumPy sums its contiguous temporary."""
    if (dtype is None and mean is np._NoValue and type(ddof) is int and _small(a, axis, out, keepdims)
            and 0 <= ddof < a.size):
        run_small = _small_var(a.dtype)
        if run_small is not None:
            return run_small(a, ddof)
    arr = _as_input(a)
    axes = normalize_axes(axis, arr.ndim)
    rcount = _count(arr.shape, axes)
    if ddof >= rcount:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)
    given = dtype
    if dtype is None and arr.dtype.kind in "biu":
        dtype = _F8
    elif dtype is not None:
        dtype = _check_dtype(_dtypes.as_dtype(dtype))
    shape = kept_shape(arr.shape, axes, keepdims)
    if out is not None:
        out = _check_out(out, shape)
    keep = kept_shape(arr.shape, axes, True)
    if mean is np._NoValue:
        loop0 = _loop_dtype(np.add, arr.dtype, dtype, None)
        _complex_warning(arr, loop0)
        avg = _divided(_result(_fold(arr, axes, _k.SUM, _k.PLAIN, loop0), loop0, keep, None), rcount)
        x_dtype = np.subtract.resolve_dtypes((arr.dtype, np.asarray(avg).dtype, None))[2]
        m = np.ascontiguousarray(avg, dtype=_dtypes.compute_dtype(x_dtype)).reshape(keep)
    else:
        m, x_dtype = _given_mean(mean, arr, axes, lambda rule: np.subtract.resolve_dtypes((arr.dtype, rule, None))[2])
    if mean is not np._NoValue and x_dtype.kind == "c" and arr.dtype.kind in "iuf":
        # a complex mean given for real items: NumPy squares the difference as x * x, a
        # complex number, not as |x|**2; its own steps, on this rare path (a complex
        # dtype= alone makes a mean with no imaginary part, where the two agree)
        x = np.asarray(np.subtract(arr, mean))  # (an array for a 0-d arr too, as NumPy's asanyarray)
        x = np.multiply(x, x, out=x)
        loop = _loop_dtype(np.add, x.dtype, dtype, None if out is None else out.dtype)
        ret = _result(_fold(x, axes, _k.SUM, _k.PLAIN, loop, out=out),
                      loop if given is None else _dtypes.given_identity(loop, given), shape, out)
        return _divided(ret, np.maximum(rcount - ddof, 0))
    sq_dtype = _real_part_dtype(x_dtype)
    loop = _loop_dtype(np.add, sq_dtype, dtype, None if out is None else out.dtype)
    if x_dtype == _F2 and loop != _F2:
        # float16 differences squared in float16, summed in a wider out's dtype: NumPy's
        # steps themselves (the kernels' float16 modes round the sum too)
        ret = _fold(_squared_deviations(arr, _k.SQUARED_DEVIATION, m, _F2), axes, _k.SUM, _k.PLAIN, loop, out=out)
    else:
        # NumPy rounds the difference to float16 only when it is float16 itself; a float32
        # difference summed in float16 is rounded once, as it enters the sum
        mode = _k.SQUARED_DEVIATION if loop != _F2 or x_dtype == _F2 else _k.SQUARED_DEVIATION_TO_HALF
        ret = _fold(arr, axes, _k.SUM, mode, loop, layout=_virtual_strides(arr), virtual_dtype=sq_dtype, m=m,
                    out=out)
    ret = _result(ret, loop if given is None else _dtypes.given_identity(loop, given), shape, out)
    return _divided(ret, np.maximum(rcount - ddof, 0))


def _nanvar_impl(arr, axis, dtype, out, ddof, keepdims, mean=np._NoValue):
    """NumPy's ``nanvar`` for inexact ``arr``, without its copy of ``arr``."""
    axes = normalize_axes(axis, arr.ndim, reduce=True)
    if dtype is not None:
        dtype = _check_dtype(_dtypes.as_dtype(dtype))
    _inexact_args(dtype, out)
    shape = kept_shape(arr.shape, axes, keepdims)
    if out is not None:
        out = _check_out(out, shape)
    keep = kept_shape(arr.shape, axes, True)
    layout = _virtual_strides(arr)
    cnt = _not_nan_count(arr, axes, layout, keep)
    # arr - avg is computed in the promoted dtype and stored back in arr's dtype
    if mean is np._NoValue:
        loop0 = _loop_dtype(np.add, arr.dtype, dtype, None)
        _complex_warning(arr, loop0)
        avg = _fold(arr, axes, _k.SUM, _k.NAN_TO_ZERO, loop0, layout=layout)
        avg = _divided(_result(avg, loop0, keep, None), cnt, ignore=True)
        diff = np.subtract.resolve_dtypes((arr.dtype, np.asarray(avg).dtype, None))[2]
        m = np.ascontiguousarray(avg, dtype=_dtypes.compute_dtype(diff)).reshape(keep)
    else:
        m, diff = _given_mean(mean, arr, axes, lambda rule: np.subtract.resolve_dtypes((arr.dtype, rule, None))[2])
    if arr.dtype.kind != "c" and m.dtype.kind == "c":
        # a complex mean of real items (dtype=complex): NumPy subtracts it into arr's real
        # type, discarding the imaginary part (so the real part alone is the difference)
        _discards_imaginary()
        m = m.real.copy()  # (C-contiguous, 0-d kept: np.ascontiguousarray makes that 1-d)
    sq_dtype = _real_part_dtype(arr.dtype)
    loop = _loop_dtype(np.add, sq_dtype, dtype, None if out is None else out.dtype)
    if arr.dtype.type is np.float16 and loop.kind == "c":
        # float16 squares summed in a complex out's dtype: NumPy's steps themselves
        var = _fold(_squared_deviations(arr, _k.NAN_SQUARED_DEVIATION_HALF, m, None), axes, _k.SUM, _k.PLAIN, loop,
                    out=out)
    elif (arr.dtype.kind == "c" and dtype is not None and dtype.kind != "c"
          and not (np.isfinite(m).all() and np.isfinite(arr).all())):
        # complex items less a real mean (a real dtype=), either not finite: NumPy's steps
        # themselves, whose multiply by the conjugate raises the invalid value (0 * inf in
        # the imaginary part) that the fused kernel does not
        var = _fold(_squared_deviations(arr, _k.NAN_SQUARED_DEVIATION, m, None), axes, _k.SUM, _k.PLAIN, loop, out=out)
    else:
        mode = _k.NAN_SQUARED_DEVIATION_HALF if arr.dtype.type is np.float16 else _k.NAN_SQUARED_DEVIATION
        var = _fold(arr, axes, _k.SUM, mode, loop, layout=layout, virtual_dtype=sq_dtype, m=m, out=out)
    var = _result(var, loop, shape, out)
    if not keepdims:
        cnt = cnt.reshape(shape) if isinstance(cnt, np.ndarray) else cnt
    dof = cnt - ddof
    var = _divided(var, dof, ignore=True)
    isbad = dof <= 0
    if np.any(isbad):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=3)
        if isinstance(var, np.ndarray):
            np.copyto(var, np.nan, where=isbad, casting="unsafe")
        else:
            var = var.dtype.type(np.nan)
    return var


def _not_nan_count(arr, axes, layout, shape):
    """How many non-NaN items each slice of inexact ``arr`` has, as NumPy's
    ``np.sum(~isnan(arr), dtype=intp)`` (counted in a float64 or complex128 accumulator, exact
    below 2**53, so that the kernels compiled for the sums serve)."""
    wide = np.dtype(np.complex128) if arr.dtype.kind == "c" else _F8
    count = _fold(arr, axes, _k.SUM, _k.NOT_NAN, wide, layout=layout, virtual_dtype=_BOOL)
    return _result(count.real.astype(_INTP), _INTP, shape, None)


def _inexact_args(dtype, out):
    if dtype is not None and dtype.kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    if out is not None and not (isinstance(out, np.ndarray) and out.dtype.kind in "fc"):
        raise TypeError("If a is inexact, then out must be inexact")


def var(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
        out: NDArray[Any] | None = None, ddof: float = 0, keepdims: bool = False, *,
        mean: ArrayLike = np._NoValue, correction: float = np._NoValue) -> Any:
    """Variance over the given axes, as ``numpy.var``.

    NumPy's two passes, without its temporaries: the mean (summed exactly as :func:`mean`),
    then the squared deviations (``x - mean`` in NumPy's promoted dtype, squared; for complex
    ``re*re + im*im``) summed in the order NumPy sums its contiguous temporary, divided by
    ``max(n - ddof, 0)``.  Results are NumPy's bit for bit; ``float16`` inputs (rounded to
    half precision at every step as NumPy) are tested to within a few units in the last
    place.

    NumPy 2's keywords: ``correction`` is the Array API's name for ``ddof`` (giving both
    raises NumPy's ``ValueError``); ``mean`` is a precomputed mean, used instead of the first
    pass.  It must broadcast to the mean's ``keepdims=True`` shape, as NumPy documents; one
    that does not raises ``ValueError`` (NumPy would reduce ``a - mean`` of another shape).
    The same holds for :func:`std`, :func:`nanvar` and :func:`nanstd`.  Inside ``@njit``
    ``correction`` is taken and ``mean`` is not.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(var_dtype)s
    %(var_out)s
    %(var_ddof)s
    keepdims : bool, optional
    %(var_mean)s
    %(var_correction)s

    Returns
    -------
    numpy.ndarray or NumPy scalar
        The variances, real for complex inputs.  A NumPy scalar when the result has no
        dimensions (every axis reduced, without ``keepdims``); ``out`` itself when given.

    Notes
    -----
    ``ddof >= n`` warns and gives ``inf`` or ``nan`` as NumPy.  Inside ``@njit`` the
    constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.var([[1.0, 2.0], [3.0, 5.0]], axis=1)
    array([0.25, 1.  ])
    """
    if keepdims is not False:
        keepdims = _spread_keepdims(keepdims, a, axis, True)
    return _var_impl(a, axis, dtype, out, _ddof(ddof, correction), keepdims, mean)


def _sqrt_result(ret):
    if isinstance(ret, np.ndarray):
        return np.sqrt(ret, out=ret)
    return ret.dtype.type(np.sqrt(ret))


def std(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
        out: NDArray[Any] | None = None, ddof: float = 0, keepdims: bool = False, *,
        mean: ArrayLike = np._NoValue, correction: float = np._NoValue) -> Any:
    """Standard deviation over the given axes, as ``numpy.std``: the square root of
    :func:`var`, with the same exactness.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(var_dtype)s
    %(var_out)s
    %(var_ddof)s
    keepdims : bool, optional
    %(var_mean)s
    %(var_correction)s

    Returns
    -------
    numpy.ndarray or NumPy scalar
        The standard deviations, real for complex inputs.  A NumPy scalar when the result
        has no dimensions (every axis reduced, without ``keepdims``); ``out`` itself when
        given.

    Notes
    -----
    Inside ``@njit`` the constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.std([1.0, 2.0, 3.0, 4.0])
    np.float64(1.118033988749895)
    """
    if keepdims is not False:
        keepdims = _spread_keepdims(keepdims, a, axis, True)
    return _sqrt_result(_var_impl(a, axis, dtype, out, _ddof(ddof, correction), keepdims, mean))


# ------------------------------------------------------------------ nan-skipping sums


def _nan_arith(ufunc, op, mode, a, axis, dtype, out, keepdims):
    arr = _as_input(a)
    if arr.dtype.kind not in "fc":
        return _arith(ufunc, op, arr, axis, dtype, out, keepdims)
    return _arith(ufunc, op, arr, axis, dtype, out, keepdims, mode=mode, nan_copy=True)


def nansum(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
           out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Sum treating NaN as zero, as ``numpy.nansum``.

    NumPy replaces NaN by 0 in a contiguous copy and sums that; jitarray reads the input in
    place, zeroing NaNs on the fly, in the order NumPy sums its copy: bit for bit NumPy's.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(fold_dtype)s
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when the result has no dimensions (every axis reduced, without
        ``keepdims``); ``out`` itself when given.

    Notes
    -----
    Inside ``@njit`` the constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nansum([1.0, np.nan, 2.5])
    np.float64(3.5)
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _nan_arith(np.add, _k.SUM, _k.NAN_TO_ZERO, a, axis, dtype, out, keepdims)


def nanprod(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
            out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Product treating NaN as one, as ``numpy.nanprod``.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(fold_dtype)s
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when the result has no dimensions (every axis reduced, without
        ``keepdims``); ``out`` itself when given.

    Notes
    -----
    Inside ``@njit`` the constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanprod([2.0, np.nan, 3.0])
    np.float64(6.0)
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _nan_arith(np.multiply, _k.PROD, _k.NAN_TO_ONE, a, axis, dtype, out, keepdims)


def nanmean(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
            out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Mean ignoring NaN, as ``numpy.nanmean``: the NaN-free sum (in the input's dtype, so
    ``float16`` stays ``float16``) divided by the count of non-NaN values.

    An all-NaN slice gives ``nan`` with NumPy's ``RuntimeWarning``.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    dtype : dtype, optional
        Accumulator and result dtype (default: ``float64`` for integer and bool inputs, the
        input's dtype otherwise).  For a float or complex ``a`` it must be inexact
        (``TypeError`` otherwise, as NumPy).
    out : ndarray, optional
        Of exactly the result's shape; the sum is cast into it (``unsafe``) and divided
        there.  For a float or complex ``a`` it must be inexact.
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when the result has no dimensions (every axis reduced, without
        ``keepdims``); ``out`` itself when given.

    Notes
    -----
    Inside ``@njit`` the constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanmean([[1.0, np.nan], [3.0, 4.0]], axis=1)
    array([1. , 3.5])
    """
    arr = _as_input(a)
    if arr.dtype.kind not in "fc":
        return mean(arr, axis, dtype, out, keepdims)
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    if dtype is not None:
        dtype = _check_dtype(_dtypes.as_dtype(dtype))
    _inexact_args(dtype, out)
    axes = normalize_axes(axis, arr.ndim, reduce=True)
    shape = kept_shape(arr.shape, axes, keepdims)
    layout = _virtual_strides(arr)
    cnt = _not_nan_count(arr, axes, layout, shape)
    tot = _nan_arith(np.add, _k.SUM, _k.NAN_TO_ZERO, arr, axis, dtype, out, keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        if isinstance(tot, np.ndarray):
            avg = np.divide(tot, cnt, out=tot if out is None else out, casting="unsafe")
        elif out is None:
            avg = tot.dtype.type(tot / cnt)
        else:
            avg = np.divide(tot, cnt, out=out, casting="unsafe")
    if np.any(cnt == 0):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    return avg


def nanvar(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
           out: NDArray[Any] | None = None, ddof: float = 0, keepdims: bool = False, *,
           mean: ArrayLike = np._NoValue, correction: float = np._NoValue) -> Any:
    """Variance ignoring NaN, as ``numpy.nanvar`` (its steps, without its copies).

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(nanvar_dtype)s
    %(nanvar_out)s
    %(nanvar_ddof)s
    keepdims : bool, optional
    %(var_mean)s
    %(var_correction)s

    Returns
    -------
    numpy.ndarray or NumPy scalar
        The variances, real for complex inputs.  A NumPy scalar when the result has no
        dimensions (every axis reduced, without ``keepdims``); ``out`` itself when given.

    Notes
    -----
    ``float16`` inputs are tested to within a few units in the last place.  Inside
    ``@njit`` the constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanvar([1.0, np.nan, 3.0])
    np.float64(1.0)
    """
    if keepdims is not False:
        keepdims = _spread_keepdims(keepdims, a, axis, True)
    arr = _as_input(a)
    ddof = _ddof(ddof, correction)
    if arr.dtype.kind not in "fc":
        return var(arr, axis, dtype, out, ddof, keepdims, mean=mean)
    return _nanvar_impl(arr, axis, dtype, out, ddof, keepdims, mean)


def nanstd(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, dtype: DTypeLike | None = None,
           out: NDArray[Any] | None = None, ddof: float = 0, keepdims: bool = False, *,
           mean: ArrayLike = np._NoValue, correction: float = np._NoValue) -> Any:
    """Standard deviation ignoring NaN, as ``numpy.nanstd``: the square root of
    :func:`nanvar`.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(nanvar_dtype)s
    %(nanvar_out)s
    %(nanvar_ddof)s
    keepdims : bool, optional
    %(var_mean)s
    %(var_correction)s

    Returns
    -------
    numpy.ndarray or NumPy scalar
        The standard deviations, real for complex inputs.  A NumPy scalar when the result
        has no dimensions (every axis reduced, without ``keepdims``); ``out`` itself when
        given.

    Notes
    -----
    Inside ``@njit`` the constant-argument and floating-point error
    rules of :func:`sum` apply.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanstd([1.0, np.nan, 3.0])
    np.float64(1.0)
    """
    if keepdims is not False:
        keepdims = _spread_keepdims(keepdims, a, axis, True)
    return _sqrt_result(nanvar(a, axis, dtype, out, ddof, keepdims, mean=mean, correction=correction))


# ------------------------------------------------------------------ min, max


def _lowest(dtype):
    if dtype.kind == "b":
        return False
    if dtype.kind in "iu":
        return np.iinfo(dtype).min
    return complex(-np.inf, -np.inf) if dtype.kind == "c" else -np.inf


def _highest(dtype):
    if dtype.kind == "b":
        return True
    if dtype.kind in "iu":
        return np.iinfo(dtype).max
    return complex(np.inf, np.inf) if dtype.kind == "c" else np.inf


def _extreme(op, name, a, axis, out, keepdims):
    done = _scanned_small(op, a, axis, out, keepdims)
    if done is not None:
        return done
    arr = _as_input(a)
    axes = normalize_axes(axis, arr.ndim, reduce=True)
    shape = kept_shape(arr.shape, axes, keepdims)
    if out is not None:
        out = _check_out(out, shape)
    if _builtin_any(arr.shape[k] == 0 for k in axes):
        raise ValueError(f"zero-size array to reduction operation {name} which has no identity")
    if out is not None and not np.can_cast(arr.dtype, out.dtype):
        return _extreme_through_out(op, arr, axes, out)
    loop = arr.dtype.newbyteorder("=")
    compute = _dtypes.compute_dtype(loop)
    if compute == _BOOL:  # (2000 x 2000 along rows: 48x faster than the extreme kernel)
        return _logical(_BOOL_EXTREMES[op], arr, axes, out, keepdims)
    src = arr if arr.dtype.isnative and arr.dtype != _F2 else _dtypes.for_kernel(arr)
    x, x0, dims, nblock, _length, result, reduced, _sign = _job(src, axes, compute, arr.strides, arr.dtype != loop)
    if op in (_k.FMIN, _k.FMAX) and compute.kind in "fc":
        result.fill(np.nan)
    else:
        result.fill(_lowest(compute) if op in (_k.MAX, _k.FMAX) else _highest(compute))
    flat = result.ravel(order="K")  # a view: result is contiguous in its memory order
    kernel = _extreme_kernel(op, compute.kind)
    parts = _scan(kernel, x, x0, flat, dims, nblock)
    if parts is not None:
        kernel(parts, 0, flat, np.array([[parts.size, 1, 0, 0]], np.int64), 1, 0, 1)
    if op in (_k.FMIN, _k.FMAX) and compute.kind == "c" and result.size:
        # an all-NaN slice keeps NumPy's initial value: its first item (index 0 on the
        # reduced axes), which a neutral start value cannot stand for
        bad = np.isnan(result)
        if bad.any():
            first = src[tuple(0 if k in axes else slice(None) for k in range(src.ndim))]
            np.copyto(result, first, where=bad)
    return _result(result, loop, shape, out)


_EXTREME_UFUNCS = {_k.MIN: np.minimum, _k.MAX: np.maximum, _k.FMIN: np.fmin, _k.FMAX: np.fmax}


def _extreme_through_out(op, arr, axes, out):
    """``op`` over ``axes`` into an ``out`` that cannot hold every item of ``arr`` exactly,
    as NumPy's reduce runs it: each result starts as its first item (index 0 on the reduced
    axes) cast into ``out`` (errors named "cast"), and the other items are reduced against
    it in NumPy's loop dtype, the result cast into ``out`` (errors named "reduce").  So
    ``max`` of int8 ``[-128, 80]`` into a uint32 ``out`` is 4294967168, and a NaN or
    out-of-range float first item becomes whatever NumPy's cast makes of it.  Along one
    axis of more than 8192 items NumPy also casts the running result into ``out`` and back
    between its buffers; that is not repeated here, so there a running result out of
    ``out``'s range can end differently (max of float64 ``[1, 70000.5, 0, ..., 5000]``
    into int16: 5000 in NumPy, 4464 here)."""
    ufunc = _EXTREME_UFUNCS[op]
    loop = _loop_dtype(ufunc, arr.dtype, None, out.dtype)
    if np.may_share_memory(arr, out):
        arr = arr.copy()  # (out is written first)
    lead = np.moveaxis(arr, axes, tuple(range(len(axes))))
    items = lead.reshape((-1,) + lead.shape[len(axes):])  # (reduced items, kept axes...)
    # (into out itself: the cast's loop, where it is undefined, depends on out's layout;
    # complex items into a real out: NumPy's ComplexWarning, at this cast and the last,
    # both before the errors of either are reported)
    cast_bits = _fperr.traced(np.copyto, out, items[0].reshape(out.shape), casting="unsafe")[1]
    result = out.astype(loop).reshape(items.shape[1:])
    if items.shape[0] > 1:
        rest = _extreme(op, "", items[1:].astype(loop), 0, None, False)
        result = ufunc(result, rest)
    reduce_bits = _into_out(np.asarray(result), loop, out)
    _fperr.report(cast_bits, "cast")
    _fperr.report(reduce_bits, "reduce")
    return out


def max(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, out: NDArray[Any] | None = None,
        keepdims: bool = False) -> Any:
    """Maximum over the given axes, as ``numpy.max``.

    NaN propagates (the first NaN NumPy meets, for complex numbers, whose order is
    lexicographic); an empty reduction raises ``ValueError``.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        Of ``a``'s dtype.  A NumPy scalar when the result has no dimensions (every axis
        reduced, without ``keepdims``); ``out`` itself when given.

    Notes
    -----
    The sign of a zero result over mixed ``0.0``/``-0.0`` may differ from NumPy's (NumPy's
    own depends on the CPU).  Inside ``@njit`` ``axis`` and ``keepdims`` must be constants
    and ``out`` is not accepted.

    An ``out`` that cannot hold every item exactly gets what NumPy's reduce gives: each
    result starts as its first item cast into ``out`` (int8 ``[-128, 80]`` into uint32:
    4294967168), except that NumPy's casts through ``out`` between its 8192-item buffers
    are not repeated.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.max([[1, 5], [7, 2]], axis=0)
    array([7, 5])
    >>> ja.max([1.0, np.nan, 3.0])
    np.float64(nan)
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _extreme(_k.MAX, "maximum", a, axis, out, keepdims)


def min(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, out: NDArray[Any] | None = None,
        keepdims: bool = False) -> Any:
    """Minimum over the given axes, as ``numpy.min`` (see :func:`max`).

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        Of ``a``'s dtype.  A NumPy scalar when the result has no dimensions (every axis
        reduced, without ``keepdims``); ``out`` itself when given.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.min([[1, 5], [7, 2]], axis=1)
    array([1, 2])
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _extreme(_k.MIN, "minimum", a, axis, out, keepdims)


amax = max
amin = min


def nanmax(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Maximum ignoring NaN, as ``numpy.nanmax`` (NumPy's ``fmax.reduce``): an all-NaN
    slice gives NaN with NumPy's ``RuntimeWarning``.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        Of ``a``'s dtype.  A NumPy scalar when the result has no dimensions (every axis
        reduced, without ``keepdims``); ``out`` itself when given.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanmax([1.0, np.nan, 3.0])
    np.float64(3.0)
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _all_nan_slices(a, _extreme(_k.FMAX, "fmax", a, axis, out, keepdims), axis, keepdims)


def _all_nan_slices(given, res, axis, keepdims):
    """``res``, nanmax's or nanmin's result, as NumPy ends them.  Of an ndarray: a warning
    "All-NaN slice encountered" when a result is NaN.  Of other inputs (lists, scalars),
    NumPy's other path: the result of each all-NaN slice set to ``np.nan`` (not the NaN the
    slice held: a complex ``nan+1j`` gives ``nan+0j``), and "All-NaN axis encountered"."""
    if type(given) is np.ndarray:
        if np.isnan(res).any():
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=_fperr.stacklevel())
        return res
    arr = _dtypes.asarray(given)
    if arr.dtype.kind not in "fc":
        return res
    mask = np.isnan(arr).all(axis=axis, keepdims=keepdims)
    if mask.any():
        if isinstance(res, np.ndarray):
            np.copyto(res, np.nan, where=mask, casting="unsafe")
        else:
            res = res.dtype.type(np.nan)
        warnings.warn("All-NaN axis encountered", RuntimeWarning, stacklevel=_fperr.stacklevel())
    return res


def nanmin(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Minimum ignoring NaN, as ``numpy.nanmin`` (see :func:`nanmax`).

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        Of ``a``'s dtype.  A NumPy scalar when the result has no dimensions (every axis
        reduced, without ``keepdims``); ``out`` itself when given.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanmin([[np.nan, 2.0], [3.0, 1.0]], axis=0)
    array([3., 1.])
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _all_nan_slices(a, _extreme(_k.FMIN, "fmin", a, axis, out, keepdims), axis, keepdims)


# ------------------------------------------------------------------ any, all


def _logical(op, a, axis, out, keepdims, mode=_k.TRUTH, raw=False):
    """any / all (``raw``: ``axis`` is already a tuple of axes; return the kernel's result)."""
    if not raw and mode == _k.TRUTH:
        done = _scanned_small(op, a, axis, out, keepdims, logical=True)
        if done is not None:
            return done
    arr = _as_input(a)
    axes = axis if raw else normalize_axes(axis, arr.ndim, reduce=True)
    shape = kept_shape(arr.shape, axes, keepdims)
    if out is not None:
        out = _check_out(out, shape)
    src = arr if arr.dtype.isnative and arr.dtype != _F2 else _dtypes.for_kernel(arr)
    x, x0, dims, nblock, _length, result, reduced, _sign = _job(src, axes, _BOOL, arr.strides, False)
    result.fill(op == _k.ALL)
    flat = result.ravel(order="K")  # a view: result is contiguous in its memory order
    parts = _scan(_k.logical_kernel(op, mode), x, x0, flat, dims, nblock)
    if parts is not None and (parts == (op == _k.ANY)).any():
        flat[0] = op == _k.ANY
    if raw:
        return result
    return _result(result, _BOOL, shape, out)


def any(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, out: NDArray[Any] | None = None,
        keepdims: bool = False) -> Any:
    """Whether any element is true (non-zero; NaN counts as true, ``-0.0`` as false), as
    ``numpy.any``.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        Of dtype ``bool``.  A NumPy scalar when the result has no dimensions (every axis
        reduced, without ``keepdims``); ``out`` itself when given.

    Notes
    -----
    Inside ``@njit`` ``axis`` and ``keepdims`` must be constants and ``out`` is not accepted.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.any([[0, 0], [0, 3]], axis=1)
    array([False,  True])
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _logical(_k.ANY, a, axis, out, keepdims)


def all(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, out: NDArray[Any] | None = None,
        keepdims: bool = False) -> Any:
    """Whether all elements are true, as ``numpy.all`` (see :func:`any`).

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
    %(out)s
    keepdims : bool, optional

    Returns
    -------
    numpy.ndarray or NumPy scalar
        Of dtype ``bool``.  A NumPy scalar when the result has no dimensions (every axis
        reduced, without ``keepdims``); ``out`` itself when given.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.all([[1, 0], [2, 3]], axis=1)
    array([False,  True])
    """
    if keepdims is not False:
        keepdims = _keepdims(keepdims)
    return _logical(_k.ALL, a, axis, out, keepdims)


# ------------------------------------------------------------------ argmin, argmax


def _check_arg_out(out, shape, name):
    """NumPy's checks on ``argmax``'s ``out=``: exactly the result's shape, and a dtype that
    casts safely to ``intp`` (the direction NumPy checks)."""
    if not isinstance(out, np.ndarray):
        raise TypeError("output must be an array")
    if not out.flags.writeable:
        raise ValueError("output array is read-only")
    if out.shape != shape:
        raise ValueError(f"output array does not match result of np.{name}.")
    if not np.can_cast(out.dtype, _INTP, "safe"):
        raise TypeError(f"Cannot cast array data from {out.dtype!r} to {_INTP!r} according to the rule 'safe'")
    return out


@functools.lru_cache(maxsize=1024)
def _arg_layout(shape, strides, axis, keepdims):
    """``(order, shape3, buffer_shape, inverse, shape)``: the ``(pre, n, post)`` view
    :func:`axis_view` makes of an array of ``shape`` and ``strides`` along the int ``axis``
    (``a.transpose(order).reshape(shape3)``), the result's buffer as ``output_for_view``
    lays it out and the transpose back to the kept axes' order, and the returned ``shape``;
    kept per layout for small calls.  None where the general path must run."""
    try:
        ax = normalize_axis_index(axis, len(shape))
    except ValueError:
        return None
    pre, post = axis_split(shape, strides, ax)
    kept = pre + post
    shape3 = (math.prod(shape[k] for k in pre), shape[ax], math.prod(shape[k] for k in post))
    inverse = tuple(int(k) for k in np.argsort(kept))
    return (*pre, ax, *post), shape3, tuple(shape[k] for k in kept), inverse, kept_shape(shape, (ax,), keepdims)


def _arg(op, name, a, axis, out, keepdims, nan_as_inf=False):
    """argmin / argmax (and nanargmin / nanargmax with ``nan_as_inf``)."""
    if _small(a, axis, out, keepdims) and a.flags.c_contiguous:
        run_small = _small_arg(op, a.dtype, bool(nan_as_inf))
        if run_small is not None:
            return run_small(a)
    elif type(axis) is int and _small_axis(a, axis, out) and a.ndim > 1 and _natively_supported(a.dtype):
        layout = _arg_layout(a.shape, a.strides, axis, keepdims)
        if layout is not None:
            order, shape3, buffer_shape, inverse, shape = layout
            buf = np.empty(buffer_shape, _INTP)
            _k.arg_kernel(op, bool(nan_as_inf))(a.transpose(order).reshape(shape3), buf.reshape(shape3[0], shape3[2]),
                                                 np.empty(shape3[2], a.dtype))
            return np.ascontiguousarray(buf.transpose(inverse)).reshape(shape)
    arr = _as_input(a)
    if axis is not None:
        # NumPy treats a 0-d array as 1-d here
        ax = normalize_axis_index(axis_index(axis, "an integer is required for the axis"), _builtin_max(arr.ndim, 1))
    if axis is None or arr.ndim == 0:
        shape = (1,) * arr.ndim if keepdims else ()
    else:
        shape = kept_shape(arr.shape, (ax,), keepdims)
    if out is not None:
        out = _check_arg_out(out, shape, name)
    if arr.size == 0:
        if axis is None or arr.ndim == 0 or arr.shape[ax] == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        result = np.empty(shape, _INTP)
        if out is not None:
            return out
        return result
    src = arr if arr.dtype.isnative and arr.dtype != _F2 else _dtypes.for_kernel(arr)
    # (a contiguous 1-D array along its axis is the flattened case: no view to work out)
    whole = axis is None or arr.ndim == 0 or (arr.ndim == 1 and src.flags.c_contiguous)
    if whole and not src.flags.c_contiguous:
        # the first winner in C order, read in place
        x, x0, xstr = _flat_buffer(src)
        dims = np.array([(src.shape[k], xstr[k]) for k in range(src.ndim - 1, -1, -1)], np.int64).reshape(-1, 2)
        result = np.array(_k.arg_flat(op, nan_as_inf, x, x0, dims), _INTP)
    else:
        if whole:
            view, kept, ax = src.reshape(1, -1, 1), [], 0
            result, res2d = np.empty((), _INTP), None
            res2d = result.reshape(1, 1)
        else:
            view, kept = axis_view(src, ax)
            result, res2d = output_for_view(view, src.shape, kept, _INTP)
        _arg_split(op, nan_as_inf, view, res2d, chunks_for(src.nbytes, REDUCTION_PARALLEL_MIN_BYTES))
        if result.ndim > 1:
            result = np.ascontiguousarray(result)  # NumPy's argmin/argmax results are C-ordered
    if out is not None:
        np.copyto(out, result.reshape(shape), casting="unsafe")
        return out
    return result[()] if not shape else result.reshape(shape)


#: bytes of a row's head that a threaded arg reduction looks at first for a NaN
ARG_HEAD_BYTES = 1 << 16


def _arg_split(op, nan_as_inf, view, out, nchunks):
    """``arg_serial`` over a ``(pre, n, post)`` view on ``nchunks`` threads: split the
    columns, the rows, or (one row) the row itself, whose pieces' winners are then compared
    in order (ties keep the first)."""
    pre, n, post = view.shape
    kernel = _k.arg_kernel(op, bool(nan_as_inf))
    if nchunks == 1:
        kernel(view, out, np.empty(post, view.dtype))
    elif post > 1 and post >= nchunks:
        run(kernel, [(view[:, :, lo:hi], out[:, lo:hi], np.empty(hi - lo, view.dtype))
                     for lo, hi in bounds(post, nchunks) if hi > lo])
    elif pre >= nchunks:
        run(kernel, [(view[lo:hi], out[lo:hi], np.empty(post, view.dtype)) for lo, hi in bounds(pre, nchunks) if hi > lo])
    else:  # one row (pre == post == 1)
        if view.dtype.kind in "fc" and not nan_as_inf:
            # NumPy stops at the first NaN, which wins: the row's head is looked at on this
            # thread before the threads start (argmax of 4e6 float64 with a NaN near the
            # front took 0.1 ms, the threads' start, against NumPy's 1 us)
            kernel(view[:, :ARG_HEAD_BYTES // view.itemsize], out, np.empty(1, view.dtype))
            if np.isnan(view[0, out[0, 0], 0]):
                return
        pieces = [(lo, hi) for lo, hi in bounds(n, nchunks) if hi > lo]
        wins = np.empty((len(pieces), 1), np.intp)
        run(kernel, [(view[:, lo:hi], wins[c:c + 1], np.empty(1, view.dtype)) for c, (lo, hi) in enumerate(pieces)])
        at = wins[:, 0] + np.array([lo for lo, _hi in pieces], np.intp)
        best = np.empty((1, 1), np.intp)
        kernel(view[:, at], best, np.empty(1, view.dtype))
        out[0, 0] = at[best[0, 0]]


def argmax(a: ArrayLike, axis: SupportsIndex | None = None, out: NDArray[Any] | None = None, *,
           keepdims: bool = False) -> Any:
    """Index of the maximum along an axis (of the flattened array for ``axis=None``), as
    ``numpy.argmax``.

    The first occurrence wins ties; the first NaN wins over everything; complex numbers
    compare lexicographically.  The input is read in place whatever its layout.

    Parameters
    ----------
    a : array_like
    %(arg_axis)s
    %(arg_out)s
    %(arg_keepdims)s

    Returns
    -------
    numpy.intp or numpy.ndarray of intp
        Indices along ``axis`` (into the flattened array for ``axis=None``).  A NumPy scalar
        for ``axis=None`` or a 0-d ``a`` without ``keepdims``; ``out`` itself when given.

    Notes
    -----
    ``axis`` is an int or ``None`` (a tuple raises ``TypeError`` as in NumPy).  Inside
    ``@njit`` ``axis`` and ``keepdims`` must be constants and ``out`` is not accepted.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.argmax([[1, 9], [9, 2]], axis=1)
    array([1, 0])
    >>> ja.argmax([1.0, np.nan, 3.0, np.nan])
    np.int64(1)
    """
    if keepdims is not False:
        keepdims = _arg_keepdims(keepdims)
    return _arg(_k.ARGMAX, "argmax", a, axis, out, keepdims)


def argmin(a: ArrayLike, axis: SupportsIndex | None = None, out: NDArray[Any] | None = None, *,
           keepdims: bool = False) -> Any:
    """Index of the minimum along an axis, as ``numpy.argmin`` (see :func:`argmax`).

    Parameters
    ----------
    a : array_like
    %(arg_axis)s
    %(arg_out)s
    %(arg_keepdims)s

    Returns
    -------
    numpy.intp or numpy.ndarray of intp
        Indices along ``axis`` (into the flattened array for ``axis=None``).  A NumPy scalar
        for ``axis=None`` or a 0-d ``a`` without ``keepdims``; ``out`` itself when given.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.argmin([[1, 9], [9, 2]], axis=0)
    array([0, 1])
    """
    if keepdims is not False:
        keepdims = _arg_keepdims(keepdims)
    return _arg(_k.ARGMIN, "argmin", a, axis, out, keepdims)


def _nanarg(op, name, a, axis, out, keepdims):
    arr = _as_input(a)
    if arr.dtype.kind in "fc" and arr.size:
        axes = normalize_axes(axis, arr.ndim, reduce=True)  # (checked as np.all checks it)
        if out is None and (axis is None or type(axis) is int):
            # NaN counts as an infinity that loses: a slice's winner is NaN only where the
            # slice holds nothing better, which an all-NaN slice is, so NumPy's all-NaN check
            # (a second pass over the data) runs only where a winner is NaN
            result = _arg(op, name, arr, axis, None, keepdims, nan_as_inf=True)
            if not _any_winner_nan(arr, axis, keepdims, result):
                return result
        if _logical(_k.ALL, arr, axes, None, False, mode=_k.ISNAN, raw=True).any():
            raise ValueError("All-NaN slice encountered")
        return _arg(op, name, arr, axis, out, keepdims, nan_as_inf=True)
    return _arg(op, name, arr, axis, out, keepdims)


def _any_winner_nan(arr, axis, keepdims, result):
    """Whether any of the items ``result`` (argmin/argmax of ``arr`` over ``axis``) picks is NaN."""
    if axis is None or arr.ndim == 0:
        return bool(np.isnan(arr[np.unravel_index(int(np.asarray(result).reshape(-1)[0]), arr.shape)]))
    ax = normalize_axis_index(operator.index(axis), arr.ndim)
    picks = result if keepdims else np.expand_dims(result, ax)
    return bool(np.isnan(np.take_along_axis(arr, picks, ax)).any())


def nanargmax(a: ArrayLike, axis: SupportsIndex | None = None, out: NDArray[Any] | None = None, *,
              keepdims: bool = False) -> Any:
    """Index of the maximum ignoring NaN, as ``numpy.nanargmax``: NaN counts as ``-inf``;
    an all-NaN slice raises ``ValueError``.

    Parameters
    ----------
    a : array_like
    %(arg_axis)s
    %(arg_out)s
    %(arg_keepdims)s

    Returns
    -------
    numpy.intp or numpy.ndarray of intp
        Indices along ``axis`` (into the flattened array for ``axis=None``).  A NumPy scalar
        for ``axis=None`` or a 0-d ``a`` without ``keepdims``; ``out`` itself when given.

    Notes
    -----
    Inside ``@njit`` the rules of :func:`argmax` apply.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanargmax([1.0, np.nan, 3.0])
    np.int64(2)
    """
    if keepdims is not False:
        keepdims = _arg_keepdims(keepdims)
    return _nanarg(_k.ARGMAX, "argmax", a, axis, out, keepdims)


def nanargmin(a: ArrayLike, axis: SupportsIndex | None = None, out: NDArray[Any] | None = None, *,
              keepdims: bool = False) -> Any:
    """Index of the minimum ignoring NaN, as ``numpy.nanargmin`` (see :func:`nanargmax`).

    Parameters
    ----------
    a : array_like
    %(arg_axis)s
    %(arg_out)s
    %(arg_keepdims)s

    Returns
    -------
    numpy.intp or numpy.ndarray of intp
        Indices along ``axis`` (into the flattened array for ``axis=None``).  A NumPy scalar
        for ``axis=None`` or a 0-d ``a`` without ``keepdims``; ``out`` itself when given.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.nanargmin([[np.nan, 4.0], [2.0, 3.0]], axis=1)
    array([1, 0])
    """
    if keepdims is not False:
        keepdims = _arg_keepdims(keepdims)
    return _nanarg(_k.ARGMIN, "argmin", a, axis, out, keepdims)


# ------------------------------------------------------------------ inside @njit
# Each typing function settles at compile time what NumPy's rules decide (result dtype,
# reduced axes, keepdims) and returns an implementation that lays the job out at run time
# with the same plan and kernels as the Python path (on one thread).


def _static_axis(axis):
    """The compile-time value of ``axis``: None, an int or a tuple of ints."""
    if is_none(axis):
        return None
    if not isinstance(axis, types.Type):
        return axis  # an omitted argument's default value
    if isinstance(axis, types.Omitted):
        return axis.value
    if isinstance(axis, types.IntegerLiteral):
        return axis.literal_value
    if isinstance(axis, types.BaseTuple) and _builtin_all(isinstance(t, types.IntegerLiteral) for t in axis.types):
        return tuple(t.literal_value for t in axis.types)
    raise TypingError("jitarray: inside @njit, 'axis' must be a constant: None, an int or a tuple of ints")


def _jit_array_info(a):
    """``(ndim, dtype)`` of an argument that is an array or a scalar."""
    if isinstance(a, types.Array):
        return a.ndim, numpy_dtype(a)
    if isinstance(a, (types.Number, types.Boolean)):
        return 0, numpy_dtype(a)
    raise TypingError(f"jitarray: inside @njit, reductions take arrays or numbers, not {a}")


def _jit_no_out(out, name):
    if not is_none(out):
        raise TypingError(f"jitarray: inside @njit, {name} does not accept out=")


def _jit_supported(dt):
    if dt == _F2:
        raise TypingError("jitarray: float16 results are not available inside @njit")
    _check_dtype(dt)
    return dt


def _jit_not_bool(loop, name):
    """``loop``, refused when bool (``dtype=bool``): NumPy's bool sums are logical ors,
    which the kernels inside @njit do not run."""
    if loop == _BOOL:
        raise TypingError(f"jitarray: inside @njit, {name} with dtype=bool is not supported")
    return loop


@register_jitable
def _jit_geometry(a):
    # a's shape and strides (bytes) as arrays
    shape = np.empty(a.ndim, np.int64)
    strides = np.empty(a.ndim, np.int64)
    for k in range(a.ndim):
        shape[k] = a.shape[k]
        strides[k] = a.strides[k]
    return shape, strides


@register_jitable
def _jit_buffer(a):
    # (x, x0, xstr): a's memory as a 1-D C view, the index of a's first item in it, a's
    # strides in items
    shape, strides = _jit_geometry(a)
    lo, span, xstr = _k.buffer_span(shape, strides, a.itemsize)
    return _k.flat_view(a, lo, span), -lo, xstr


@register_jitable
def _jit_layout(a, reduced, in_cast, virtual, bufsize, mstr):
    # the kernels' view of one reduction of `a` over the axes flagged in `reduced`:
    # (x, x0, dims, nblock, length, sign, kept shape), the result C-ordered over kept axes
    shape, strides = _jit_geometry(a)
    lo, span, dims, nblock, length, sign, kept = _k.jit_layout(shape, strides, a.itemsize, reduced, in_cast,
                                                               virtual, bufsize, mstr)
    return _k.flat_view(a, lo, span), -lo, dims, nblock, length, sign, kept


@functools.cache
def _jit_folder(op, mode):
    """A jitted ``fold(a, reduced, start, sctype, in_cast, virtual, m, mstr)``: the fold of
    ``a`` over the flagged axes by the serial kernel of ``_k.fold_kernel(op, mode)``, from
    ``start`` (0 or 1), as ``(flat result, kept shape)``.

    The kernel is called as a constant of the closure, never passed as an argument: a
    compiled function passed as a value is a run-time address, and Numba refuses to cache a
    user's function that holds one (``cache=True`` then compiles it in every process).
    """
    kernel = _k.fold_kernel(op, mode, False)[0]

    @register_jitable
    def fold(a, reduced, start, sctype, in_cast, virtual, m, mstr):
        x, x0, dims, nblock, length, sign, kept = _jit_layout(a, reduced, in_cast, virtual, 8192, mstr)
        res = np.full(_jit_size(kept), start, sctype)
        # first and mode as int64, not literals: the kernel is then the one the Python path
        # compiles and caches for the dtype, not a second specialisation of it
        kernel(x, x0, res, m, dims, nblock, length, sign, np.int64(0), _jit_size(dims[nblock:, 0]), np.int64(mode))
        return res, kept

    return fold


@register_jitable
def _jit_size(shape):
    size = 1
    for d in shape:
        size *= d
    return size


@register_jitable
def _jit_keepdims_shape(a, reduced):
    shape = np.empty(a.ndim, np.int64)
    for k in range(a.ndim):
        shape[k] = 1 if reduced[k] else a.shape[k]
    return shape


def _jit_shaper(ndim, axes, keepdims, fortran=False):
    """A jitted ``shaped(flat_result, kept_shape, a)`` giving NumPy's result shape or scalar;
    ``fortran`` (``a`` of Numba's layout ``'F'``): laid out in F order, as NumPy's result
    follows such an ``a`` (a copy of the result, which is smaller than ``a``)."""
    nkept = ndim - len(axes)
    reduced = tuple(int(k in axes) for k in range(ndim))
    if keepdims:
        @register_jitable
        def shaped(res, kept, a):
            return res.reshape(to_fixed_tuple(_jit_keepdims_shape(a, np.array(reduced, np.int64)), ndim))
    elif nkept == 0:
        @register_jitable
        def shaped(res, kept, a):
            return res[0]
    else:
        @register_jitable
        def shaped(res, kept, a):
            return res.reshape(to_fixed_tuple(kept, nkept))
    if fortran and (ndim if keepdims else nkept) > 1:
        in_c_order = shaped

        @register_jitable
        def shaped(res, kept, a):
            return np.asfortranarray(in_c_order(res, kept, a))
    return shaped


def _jit_common(a, axis, keepdims, strict=False):
    ndim, in_dt = _jit_array_info(a)
    axes = normalize_axes(_static_axis(axis), ndim, reduce=not strict)
    kd = bool(literal(keepdims, "keepdims"))
    fortran = isinstance(a, types.Array) and a.layout == "F"
    return ndim, in_dt, axes, tuple(int(k in axes) for k in range(ndim)), _jit_shaper(ndim, axes, kd, fortran)


def _jit_arith(ufunc, op, nan_mode, name):
    """Typing function of sum / prod (``nan_mode`` None) and nansum / nanprod."""

    def typer(a, axis=None, dtype=None, out=None, keepdims=False):
        _jit_no_out(out, name)
        ndim, in_dt, axes, reduced, shaped = _jit_common(a, axis, keepdims)
        loop = _jit_not_bool(_jit_supported(_loop_dtype(ufunc, in_dt, dtype_of(dtype), None)), name)
        mode = nan_mode if nan_mode is not None and in_dt.kind in "fc" else PLAIN
        sctype = loop.type
        in_cast = int(in_dt != loop)
        virtual = mode != PLAIN
        zeros = (0,) * ndim
        fold = _jit_folder(op, mode)
        start = 1 if op == PROD else 0

        def impl(a, axis=None, dtype=None, out=None, keepdims=False):
            arr = np.asarray(a)
            res, kept = fold(arr, np.array(reduced, np.int64), start, sctype, in_cast, virtual, np.zeros(1, sctype),
                             np.array(zeros, np.int64))
            return shaped(res, kept, arr)

        return impl

    return typer


jit_version(sum)(_jit_arith(np.add, SUM, None, "sum"))
jit_version(prod)(_jit_arith(np.multiply, PROD, None, "prod"))
jit_version(nansum)(_jit_arith(np.add, SUM, NAN_TO_ZERO, "nansum"))
jit_version(nanprod)(_jit_arith(np.multiply, PROD, NAN_TO_ONE, "nanprod"))


def _jit_divider(loop):
    """A jitted in-place ``res /= count`` as NumPy's ``true_divide(res, intp)`` computes it
    (in ``float64`` or ``complex128``, cast back)."""
    wide = np.dtype(np.complex128) if loop.kind == "c" else np.dtype(np.float64)
    wtype = wide.type
    rtype = loop.type

    @register_jitable
    def divide_by(res, count):
        for i in range(res.shape[0]):
            c = count[i] if count.shape[0] > 1 else count[0]
            res[i] = _k.to_type(divide(wtype(res[i]), wtype(c)), rtype(0))

    return divide_by


@register_jitable
def _jit_count(a, reduced):
    n = 1
    for k in range(a.ndim):
        if reduced[k]:
            n *= a.shape[k]
    return n


def _jit_mean_loop(in_dt, dtype, name):
    """The loop dtype of a mean's sum (float64 for integer items) inside @njit."""
    dt = dtype_of(dtype)
    if dt is None and in_dt.kind in "biu":
        dt = _F8
    return _jit_not_bool(_jit_supported(_loop_dtype(np.add, in_dt, dt, None)), name)


@jit_version(mean)
def _mean_jit(a, axis=None, dtype=None, out=None, keepdims=False):
    _jit_no_out(out, "mean")
    ndim, in_dt, axes, reduced, shaped = _jit_common(a, axis, keepdims, strict=True)
    loop = _jit_mean_loop(in_dt, dtype, "mean")
    sctype = loop.type
    in_cast = int(in_dt != loop)
    divide_by = _jit_divider(loop)
    zeros = (0,) * ndim
    sum_plain = _jit_folder(SUM, PLAIN)

    def impl(a, axis=None, dtype=None, out=None, keepdims=False):
        arr = np.asarray(a)
        red = np.array(reduced, np.int64)
        res, kept = sum_plain(arr, red, 0, sctype, in_cast, False, np.zeros(1, sctype), np.array(zeros, np.int64))
        divide_by(res, np.full(1, _jit_count(arr, red), np.float64))
        return shaped(res, kept, arr)

    return impl


@jit_version(nanmean)
def _nanmean_jit(a, axis=None, dtype=None, out=None, keepdims=False):
    _jit_no_out(out, "nanmean")
    ndim, in_dt, axes, reduced, shaped = _jit_common(a, axis, keepdims)
    if in_dt.kind not in "fc":
        return _mean_jit(a, axis, dtype, out, keepdims)
    loop = _jit_mean_loop(in_dt, dtype, "nanmean")
    sctype = loop.type
    in_cast = int(in_dt != loop)
    divide_by = _jit_divider(loop)
    zeros = (0,) * ndim
    ctype = np.complex128 if in_dt.kind == "c" else np.float64  # counts, exact below 2**53
    count_fold = _jit_folder(SUM, NOT_NAN)
    nansum_fold = _jit_folder(SUM, NAN_TO_ZERO)

    def impl(a, axis=None, dtype=None, out=None, keepdims=False):
        arr = np.asarray(a)
        red = np.array(reduced, np.int64)
        mstr = np.array(zeros, np.int64)
        cnt, kept = count_fold(arr, red, 0, ctype, 1, True, np.zeros(1, ctype), mstr)
        res, kept = nansum_fold(arr, red, 0, sctype, in_cast, True, np.zeros(1, sctype), mstr)
        divide_by(res, cnt.real.astype(np.float64))
        return shaped(res, kept, arr)

    return impl


@register_jitable
def _jit_corrected(ddof, correction):
    if ddof != 0:
        raise ValueError("ddof and correction can't be provided simultaneously.")
    return correction


@register_jitable
def _jit_uncorrected(ddof, correction):
    return ddof


def _jit_var(a, axis, dtype, out, ddof, keepdims, mean, correction, name, nan, root):
    _jit_no_out(out, name)
    if not is_none(mean):
        raise TypingError(f"jitarray: inside @njit, {name}'s mean= is not supported (pass the data alone)")
    ddof_of = _jit_uncorrected if is_none(correction) else _jit_corrected
    ndim, in_dt, axes, reduced, shaped = _jit_common(a, axis, keepdims, strict=not nan)
    if nan and in_dt.kind not in "fc":
        nan = False
    loop0 = _jit_mean_loop(in_dt, dtype, name)
    diff = np.subtract.resolve_dtypes((in_dt, loop0, None))[2]
    # (nanvar stores the difference back in the items' dtype)
    sq_dtype = _real_part_dtype(in_dt if nan else diff)
    mode = NAN_SQUARED_DEVIATION if nan else SQUARED_DEVIATION
    dt = dtype_of(dtype)
    if dt is None and in_dt.kind in "biu":
        dt = _F8
    loop = _jit_supported(_loop_dtype(np.add, sq_dtype, dt, None))
    s0, s1, mtype = loop0.type, loop.type, _dtypes.compute_dtype(diff).type
    cast0, cast1 = int(in_dt != loop0), int(sq_dtype != loop)
    divide0, divide1 = _jit_divider(loop0), _jit_divider(loop)
    ctype = np.complex128 if in_dt.kind == "c" else np.float64  # counts, exact below 2**53
    count_fold = _jit_folder(SUM, NOT_NAN)
    mean_fold = _jit_folder(SUM, NAN_TO_ZERO if nan else PLAIN)
    squares_fold = _jit_folder(SUM, mode)

    def impl(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, mean=None, correction=None):
        arr = np.asarray(a)
        red = np.array(reduced, np.int64)
        zeros = np.zeros(arr.ndim, np.int64)
        ddof = ddof_of(ddof, correction)
        if nan:
            cnt, kept = count_fold(arr, red, 0, ctype, 1, True, np.zeros(1, ctype), zeros)
            count = cnt.real.astype(np.float64)
            avg, kept = mean_fold(arr, red, 0, s0, cast0, True, np.zeros(1, s0), zeros)
        else:
            count = np.full(1, _jit_count(arr, red), np.float64)
            avg, kept = mean_fold(arr, red, 0, s0, cast0, False, np.zeros(1, s0), zeros)
        divide0(avg, count)
        # the mean, broadcast over the reduced axes (strides 0), in the difference's type
        m = avg.astype(mtype)
        mstr = np.zeros(arr.ndim, np.int64)
        step = 1
        for k in range(arr.ndim - 1, -1, -1):
            if not red[k]:
                mstr[k] = step
                step *= arr.shape[k]
        res, kept = squares_fold(arr, red, 0, s1, cast1, True, m, mstr)
        dof = count - ddof
        for i in range(dof.shape[0]):
            dof[i] = _builtin_max(dof[i], 0.0) if not nan else dof[i]
        divide1(res, dof)
        if nan:
            for i in range(res.shape[0]):
                if dof[i if dof.shape[0] > 1 else 0] <= 0:
                    res[i] = np.nan
        if root:
            for i in range(res.shape[0]):
                res[i] = np.sqrt(res[i])
        return shaped(res, kept, arr)

    return impl


@jit_version(var)
def _var_jit(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, mean=None, correction=None):
    return _jit_var(a, axis, dtype, out, ddof, keepdims, mean, correction, "var", False, False)


@jit_version(std)
def _std_jit(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, mean=None, correction=None):
    return _jit_var(a, axis, dtype, out, ddof, keepdims, mean, correction, "std", False, True)


@jit_version(nanvar)
def _nanvar_jit(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, mean=None, correction=None):
    return _jit_var(a, axis, dtype, out, ddof, keepdims, mean, correction, "nanvar", True, False)


@jit_version(nanstd)
def _nanstd_jit(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, mean=None, correction=None):
    return _jit_var(a, axis, dtype, out, ddof, keepdims, mean, correction, "nanstd", True, True)


def _jit_extreme(op, name):
    def typer(a, axis=None, out=None, keepdims=False):
        _jit_no_out(out, name)
        ndim, in_dt, axes, reduced, shaped = _jit_common(a, axis, keepdims)
        loop = _jit_supported(in_dt)
        sctype = loop.type
        if op in (FMIN, FMAX) and loop.kind in "fc":
            start = complex(np.nan, 0.0) if loop.kind == "c" else np.nan
        elif loop.kind == "b":
            start = op in (MIN, FMIN)
        else:
            start = _lowest(loop) if op in (MAX, FMAX) else _highest(loop)
        fix_nan = op in (FMIN, FMAX) and loop.kind == "c"
        kernel = _extreme_kernel(op, loop.kind)
        message = f"zero-size array to reduction operation {name} which has no identity"
        zeros = (0,) * ndim

        def impl(a, axis=None, out=None, keepdims=False):
            arr = np.asarray(a)
            red = np.array(reduced, np.int64)
            for k in range(arr.ndim):
                if red[k] and arr.shape[k] == 0:
                    raise ValueError(message)
            x, x0, dims, nblock, length, sign, kept = _jit_layout(arr, red, 0, False, 8192,
                                                                   np.array(zeros, np.int64))
            res = np.full(_jit_size(kept), start, sctype)
            kernel(x, x0, res, dims, nblock, np.int64(0), _jit_size(dims[nblock:, 0]))
            if fix_nan:
                _jit_first_items(arr, red, res, x, x0)
            return shaped(res, kept, arr)

        return impl

    return typer


@register_jitable
def _jit_first_items(arr, red, res, x, x0):
    # an all-NaN slice of fmin/fmax keeps its first item (index 0 on the reduced axes)
    nd = arr.ndim
    item = arr.itemsize
    j = res.shape[0]
    for i in range(j):
        if res[i] != res[i]:
            # offset of the first item of slice i (C order over the kept axes)
            r = i
            p = x0
            for k in range(nd - 1, -1, -1):
                if not red[k]:
                    p += (r % arr.shape[k]) * (arr.strides[k] // item)
                    r //= arr.shape[k]
            res[i] = x[p]


jit_version(max)(_jit_extreme(MAX, "maximum"))
jit_version(min)(_jit_extreme(MIN, "minimum"))
jit_version(nanmax)(_jit_extreme(FMAX, "fmax"))
jit_version(nanmin)(_jit_extreme(FMIN, "fmin"))


def _jit_logical(op, name):
    def typer(a, axis=None, out=None, keepdims=False):
        _jit_no_out(out, name)
        ndim, in_dt, axes, reduced, shaped = _jit_common(a, axis, keepdims)
        _jit_supported(in_dt)
        start = op == ALL
        kernel = _k.logical_kernel(op, TRUTH)
        zeros = (0,) * ndim

        def impl(a, axis=None, out=None, keepdims=False):
            arr = np.asarray(a)
            red = np.array(reduced, np.int64)
            x, x0, dims, nblock, length, sign, kept = _jit_layout(arr, red, 0, False, 8192,
                                                                   np.array(zeros, np.int64))
            res = np.full(_jit_size(kept), start, np.bool_)
            kernel(x, x0, res, dims, nblock, np.int64(0), _jit_size(dims[nblock:, 0]))
            return shaped(res, kept, arr)

        return impl

    return typer


jit_version(any)(_jit_logical(ANY, "any"))
jit_version(all)(_jit_logical(ALL, "all"))


def _jit_arg(op, name, nan):
    def typer(a, axis=None, out=None, keepdims=False):
        _jit_no_out(out, name)
        ndim, in_dt = _jit_array_info(a)
        _jit_supported(in_dt)
        ax = _static_axis(axis)
        if isinstance(ax, tuple):
            raise TypingError("'tuple' object cannot be interpreted as an integer")
        kd = bool(literal(keepdims, "keepdims"))
        nan_as_inf = nan and in_dt.kind in "fc"
        kernel = _k.arg_kernel(op, nan_as_inf)
        message = f"attempt to get {name} of an empty sequence"
        if ax is None or ndim == 0:
            if ax is not None:
                normalize_axis_index(ax, 1)
            shape1 = (1,) * ndim

            if isinstance(a, types.Array) and a.layout == "C" and ndim and in_dt.kind != "c":
                # a C-contiguous array of reals: the winning value by the vectorised min/max
                # (NaN-propagating, or NaN-skipping for nan_as_inf), then its first place,
                # where a NaN read as the infinity ties with it (faster than Numba's np.argmax
                # and about as quick to compile, against arg_flat's walk 3.7 times slower)
                larger = op == _k.ARGMAX
                extreme = (_k.FMAX if larger else _k.FMIN) if nan_as_inf else (_k.MAX if larger else _k.MIN)
                infinity = -np.inf if larger else np.inf

                def impl_c(a, axis=None, out=None, keepdims=False):
                    if a.size == 0:
                        raise ValueError(message)
                    x = a.reshape(-1)
                    m = _k.extreme_row(extreme, x, x[0])
                    win = 0
                    if m != m:  # (a NaN wins: the first; for nan_as_inf, all are NaN)
                        while x[win] == x[win]:
                            win += 1
                    else:
                        while not (x[win] == m or (nan_as_inf and m == infinity and x[win] != x[win])):
                            win += 1
                    if nan_as_inf and x[win] != x[win]:  # (as below)
                        _jit_all_nan_check(a, -1)
                    if kd:
                        return np.full(shape1, win, np.intp)
                    return np.intp(win)

                return impl_c

            def impl_flat(a, axis=None, out=None, keepdims=False):
                arr = np.asarray(a)
                if arr.size == 0:
                    raise ValueError(message)
                x, x0, xstr = _jit_buffer(arr)
                dims = np.empty((arr.ndim, 2), np.int64)
                for i in range(arr.ndim):
                    dims[i, 0] = arr.shape[arr.ndim - 1 - i]
                    dims[i, 1] = xstr[arr.ndim - 1 - i]
                win = np.intp(_k.arg_flat(np.int64(op), np.array([nan_as_inf])[0], x, x0, dims))
                if nan_as_inf:  # (the all-NaN check only where the winner is NaN: see _nanarg)
                    at = x0
                    r = win
                    for i in range(arr.ndim):
                        at += (r % dims[i, 0]) * dims[i, 1]
                        r //= dims[i, 0]
                    if np.isnan(x[at]):
                        _jit_all_nan_check(arr, -1)
                if kd:
                    return np.full(shape1, win, np.intp)
                return win

            return impl_flat
        axn = normalize_axis_index(ax, ndim)
        nkept = ndim - 1
        shaped = _jit_shaper(ndim, (axn,), kd)  # (NumPy's shape; a scalar for 1-D a, as sum's)

        def impl(a, axis=None, out=None, keepdims=False):
            arr = np.asarray(a)
            if arr.shape[axn] == 0:
                raise ValueError(message)
            view = jit_axis_view(arr, axn)
            if view.size == 0:
                view = jit_axis_view(np.ascontiguousarray(arr), axn)  # (pre or post merges badly)
            res = np.empty((view.shape[0], view.shape[2]), np.intp)
            best = np.empty(view.shape[2], view.dtype)
            kernel(view, res, best)
            if nan_as_inf:  # (the all-NaN check only where a winner is NaN: see _nanarg)
                nan_won = False
                for p in range(res.shape[0]):
                    for q in range(res.shape[1]):
                        nan_won = nan_won or np.isnan(view[p, res[p, q], q])
                if nan_won:
                    _jit_all_nan_check(arr, axn)
            kept = np.empty(nkept, np.int64)
            j = 0
            for k in range(arr.ndim):
                if k != axn:
                    kept[j] = arr.shape[k]
                    j += 1
            return shaped(res.reshape(-1), kept, arr)

        return impl

    return typer


_all_nan = _k.logical_kernel(ALL, ISNAN)


@register_jitable
def _jit_all_nan_check(arr, axn):
    # nanargmin/nanargmax: an all-NaN slice (over axis axn, or everything for -1) raises
    red = np.zeros(arr.ndim, np.int64)
    for k in range(arr.ndim):
        if axn < 0 or k == axn:
            red[k] = 1
    x, x0, dims, nblock, length, sign, kept = _jit_layout(arr, red, 0, False, 8192, np.zeros(arr.ndim, np.int64))
    res = np.ones(_jit_size(kept), np.bool_)
    _all_nan(x, x0, res, dims, nblock, np.int64(0), _jit_size(dims[nblock:, 0]))
    if res.any():
        raise ValueError("All-NaN slice encountered")


jit_version(argmax)(_jit_arg(ARGMAX, "argmax", False))
jit_version(argmin)(_jit_arg(ARGMIN, "argmin", False))
jit_version(nanargmax)(_jit_arg(ARGMAX, "argmax", True))
jit_version(nanargmin)(_jit_arg(ARGMIN, "argmin", True))


fill_docstrings(globals(), _PARAMETERS)
