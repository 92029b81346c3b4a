"""Axis rules and the canonical kernel view, shared by every axis-aware family.

Kernels see one layout per job: a 3-D ``(pre, n, post)`` view with the working axis in
the middle, whatever the caller's memory order (C, F, transposed, sliced).  Canonicalising
here keeps the number of compiled specialisations to one per dtype.
"""

import functools
import math
import operator

import numpy as np
from numpy.exceptions import AxisError
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from ._kernels._common import best_axis_order, overload, register_jitable

__all__ = [
    "AxisError",
    "allocate",
    "axis_index",
    "axis_split",
    "axis_view",
    "broadcast_strides",
    "jit_axis_view",
    "k_order",
    "kept_shape",
    "normalize_axes",
    "normalize_axis_index",
    "normalize_axis_tuple",
    "output_for_view",
]


def axis_index(axis, message="an integer is required"):
    """``operator.index(axis)``, refusing a bool (Python's or NumPy's) with NumPy's
    ``TypeError``: NumPy's reductions, ``argmin``/``argmax`` and ``argsort`` read an axis as
    an integer that is not a bool (``ja.sum(a, axis=True)`` is an error, not axis 1)."""
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError(message)
    return operator.index(axis)


def normalize_axes(axis, ndim, reduce=False):
    """``axis`` (None, int or tuple of ints) as a sorted tuple of non-negative axes.

    ``None`` means every axis.  Out-of-range axes raise ``AxisError`` and repeated axes
    ``ValueError``, with NumPy's messages.  ``reduce``: as ``ufunc.reduce``, which also
    accepts ``axis=0`` and ``-1`` for a 0-d array (reducing nothing); ``mean`` and ``var``
    do not.
    """
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        for item in axis:
            axis_index(item)
        return tuple(sorted(normalize_axis_tuple(axis, ndim)))
    axis = axis_index(axis)
    if reduce and ndim == 0 and axis in (0, -1):
        return ()
    return (normalize_axis_index(axis, ndim),)


def kept_shape(shape, axes, keepdims):
    """Shape of a reduction of ``shape`` over ``axes`` (normalised), with or without keepdims."""
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def axis_view(a, axis):
    """View ``a`` as ``(pre, n, post)`` with axis ``axis`` (normalised) as ``n``.

    The other axes are ordered by decreasing stride (NumPy's ``order='K'``) and merged:
    those with larger strides than ``axis`` become ``pre``, the smaller ones ``post``, so a
    C, F, transposed or sliced array is read in place.  Only when the kept axes cannot be
    merged into one view (unevenly strided slices) is a C-ordered copy made.

    Returns ``(view, kept)``: ``kept`` lists the original axes in the order they are
    flattened into ``pre`` then ``post``; pass it to :func:`output_for_view`.
    """
    pre, post = axis_split(a.shape, a.strides, axis)
    kept = pre + post
    npre = math.prod(a.shape[i] for i in pre)
    npost = math.prod(a.shape[i] for i in post)
    shape3 = (npre, a.shape[axis], npost)
    moved = a.transpose(pre + [axis] + post)
    try:
        return moved.reshape(shape3, copy=False), kept
    except ValueError:
        return np.ascontiguousarray(moved).reshape(shape3), kept


def jit_axis_view(a, axis):
    """Inside ``@njit``: :func:`axis_view`'s ``(pre, n, post)`` view of ``a`` along the
    normalised ``axis``, with the axes before ``axis`` merged into ``pre`` and those after it
    into ``post``; where they cannot merge (unevenly strided slices), an empty view, for
    the caller to retry on a contiguous copy.

    A C-contiguous ``a`` gives a C-contiguous view, the view :func:`axis_view` gives the
    same array from Python, so that both paths call the one compiled kernel."""


@register_jitable
def _pre_post(shape, axis):
    # the products of the sizes before and after axis
    pre = 1
    post = 1
    for k in range(len(shape)):
        if k < axis:
            pre *= shape[k]
        elif k > axis:
            post *= shape[k]
    return pre, post


@overload(jit_axis_view)
def _jit_axis_view_impl(a, axis):
    if a.layout == "C":
        def impl_c(a, axis):
            pre, post = _pre_post(a.shape, axis)
            return a.reshape((pre, a.shape[axis], post))

        return impl_c

    def impl(a, axis):
        pre, post = _pre_post(a.shape, axis)
        # each side merges when its strides chain (size-1 axes merge anywhere)
        ok = True
        spre = 0
        spost = a.itemsize
        for side in range(2):
            first = True
            expect = 0
            for i in range(a.ndim - 1 - axis if side else axis):
                k = a.ndim - 1 - i if side else axis - 1 - i
                if a.shape[k] > 1:
                    if first:
                        first = False
                        if side:
                            spost = a.strides[k]
                        else:
                            spre = a.strides[k]
                    else:
                        ok = ok and a.strides[k] == expect
                    expect = a.strides[k] * a.shape[k]
        if not ok:
            return np.lib.stride_tricks.as_strided(a, (0, 0, 0), (0, 0, 0))
        return np.lib.stride_tricks.as_strided(a, (pre, a.shape[axis], post), (spre, a.strides[axis], spost))

    return impl


def axis_split(shape, strides, axis):
    """``(pre, post)``: the axes other than ``axis`` that :func:`axis_view` merges into
    ``pre`` and into ``post``, each list by decreasing stride."""
    others = [i for i in range(len(shape)) if i != axis]
    # Size-1 axes carry arbitrary strides; give them a neutral place (they merge anywhere).
    others.sort(key=lambda i: -abs(strides[i]) if shape[i] > 1 else 0)
    pre = [i for i in others if shape[i] > 1 and abs(strides[i]) >= abs(strides[axis])]
    return pre, [i for i in others if i not in pre]


def output_for_view(view, shape, kept, dtype, keepdims=False, axis=None):
    """Allocate a result for a job over one axis of an array of ``shape``.

    ``view`` and ``kept`` are what :func:`axis_view` returned.  Returns ``(result, out2d)``:
    ``result`` has the logical shape NumPy returns (the kept axes in their original order,
    plus ``axis`` as a length-1 dimension if ``keepdims``), and ``out2d`` is the same memory
    as a ``(pre, post)`` array matching ``view``, for a kernel to write into.
    """
    buf = np.empty([shape[i] for i in kept], dtype=dtype)
    # buf's axis j holds original axis kept[j]; put them back in their original order.
    result = buf.transpose(sorted(range(len(kept)), key=kept.__getitem__))
    if keepdims:
        result = np.expand_dims(result, axis)
    return result, buf.reshape(view.shape[0], view.shape[2])


def broadcast_strides(a, shape):
    """``a``'s strides once broadcast to ``shape`` (0 on broadcast axes), without a view."""
    lead = len(shape) - a.ndim
    return (0,) * lead + tuple(0 if n == 1 else st for n, st in zip(a.shape, a.strides))


@functools.lru_cache(maxsize=1024)
def k_order(shape, strides):
    """The axes from outermost to innermost in memory as NumPy's iterator orders them for
    operands of ``shape`` with each of ``strides`` (a tuple of stride tuples,
    ``order='K'``): the order its results are allocated in.  NumPy's insertion sort
    (``npyiter_find_best_axis_ordering``): an axis moves outwards past another when an
    operand strides it further, size-1 axes and zero strides say nothing, and where
    operands disagree the C order stands.  (Cached: the same layouts come back.)"""
    ax = np.array([k for k in range(len(shape) - 1, -1, -1) if shape[k] != 1], np.int64)
    best_axis_order(ax, ax.shape[0], np.array(strides, np.int64).reshape(len(strides), len(shape)))
    perm = [int(k) for k in ax] + [k for k in range(len(shape) - 1, -1, -1) if shape[k] == 1]
    return tuple(reversed(perm))


def allocate(shape, perm, dtype):
    """An uninitialised array of ``shape`` laid out in memory with axis ``perm[0]`` outermost
    (``perm``: a :func:`k_order`), as NumPy allocates a result in ``order='K'``."""
    if perm == tuple(range(len(shape))):
        return np.empty(shape, dtype)
    return np.empty([shape[k] for k in perm], dtype).transpose(np.argsort(perm))
