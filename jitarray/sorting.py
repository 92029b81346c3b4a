"""Sorting: ``sort`` and ``argsort``, always stable.

Every result equals NumPy's ``kind='stable'`` result exactly, whatever ``kind`` asks for:
NaN sorts last (in input order), ``-0.0`` and ``0.0`` are equal (so they keep their input
order), complex numbers sort lexicographically with NumPy's NaN placement.

Real dtypes are sorted by LSD radix sorts of ``uint64`` keys, complex numbers by a merge
sort; see :mod:`jitarray._kernels.sorting`.  Along an axis, the array is read in place
through its ``(pre, n, post)`` view (:func:`jitarray._axes.axis_view`), each row's keys made
as it is sorted.  Scratch beyond the result is two key buffers of 8-byte items and (for
argsorts of 64-bit keys) two index buffers of 4-byte items per element of one row, for each
thread; for a single row the permutation ends in one of the key buffers and is returned as
it is.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, SupportsIndex

import numpy as np
from numba import types
from numpy.typing import ArrayLike, NDArray

from . import _dtypes
from ._axes import AxisError, axis_index, axis_view, jit_axis_view, normalize_axis_index
from ._jit import TypingError, is_none, jit_version, numpy_dtype
from ._kernels import sorting as _k
from ._kernels._common import PARALLEL_MIN_SIZE, register_jitable
from ._parallel import bounds, chunks_for, run

__all__ = ["argsort", "sort"]

# Rows of 2**32 elements or more do not fit the radix sorts' uint32 indices.
_MAX_RADIX_ROW = 1 << 32
# Many rows are shared out among threads from this many elements on: about 20 ms of work,
# so that the wait a parallel region can meet on a busy machine (8-24 ms, a scheduler slice,
# measured on the shared 2-core machine) stays small beside it.
_PARALLEL_FROM = 1 << 20


_set_hugepages = getattr(getattr(np, "_core", np).multiarray, "_set_madvise_hugepage", None)


# NumPy asks for huge pages from this many bytes on (4 MiB; _scratch counts 8 per item)
_HUGE_FROM = 1 << 22


def _scratch(shape, dtype):
    """``np.empty(shape, dtype)`` (shape: an int) for a sort's scratch, in ordinary pages.

    NumPy asks the OS for huge pages for large arrays; their first touch can stall while the
    kernel compacts memory.  On the shared machine this was measured on, argsort of 1e7
    int64 took 230 ms, but 510 ms right after NumPy's own stable argsort had run; in
    ordinary pages it takes 330 ms either way.  (A process-wide switch of NumPy's, set back
    at once: another thread allocating meanwhile only misses the advice.)
    """
    if _set_hugepages is None or shape < _HUGE_FROM >> 3:
        return np.empty(shape, dtype)
    before = _set_hugepages(False)
    try:
        return np.empty(shape, dtype)
    finally:
        _set_hugepages(before)


# 16-bit keys are counted in one pass (65536 counters, 0.5 MB to clear per row) from this
# row length; shorter rows take two 8-bit radix passes.
_COUNT_16_FROM = 1 << 14


def _chunks(size):
    return chunks_for(size) if size >= _PARALLEL_FROM else 1


_PROBE = np.empty(0)


def _check_sort_args(kind, order, stable):
    """NumPy's checks (and messages) on ``kind``, ``order`` and ``stable``.

    For the dtypes jitarray supports NumPy accepts any string starting with q, m, h or s
    (case-insensitive), raises ``ValueError`` for other strings and ``TypeError`` for other
    objects, refuses ``kind`` together with ``stable``, and refuses any ``order`` because
    the array has no fields.  Asking NumPy on an empty array gives exactly its behaviour.
    """
    _PROBE.argsort(kind=kind, order=order, stable=stable)


def _key_bits(dtype):
    """Width of the radix key of ``dtype``; 0 for complex (sorted by comparisons)."""
    if dtype.kind == "c":
        return 0
    return 1 if dtype.kind == "b" else 8 * dtype.itemsize


# The native dtypes the kernels take, and their key widths: looked up on every call.
_KEY_BITS = {dt: _key_bits(dt) for dt in _dtypes.SUPPORTED_DTYPES}


def _radix_mode(keybits, indices):
    """``(mode, digits)`` of the radix kernel for keys of ``keybits`` (16, 32 or 64)."""
    if not indices:
        return _k.KEYS, keybits // 8
    return (_k.PACKED if keybits <= 32 else _k.WIDE), keybits // 8


def _one_row_at_a_time(rows, n, nchunks):
    """Long rows, few of them: sort each with every thread (scratch for one row only)."""
    return rows == 1 or (n >= PARALLEL_MIN_SIZE and rows < 4 * nchunks)


def _row_chunks(rows, nchunks):
    """The nonempty ``(lo, hi)`` runs of rows that the threads take, one each."""
    return [(lo, hi) for lo, hi in bounds(rows, min(nchunks, rows)) if lo < hi]


_NO_INDEX = np.empty(0, np.uint32)
_NO_OUT = np.empty((1, 0, 1), np.uint64)


def _argsort_vector(x, kernel, wide, ndigits):
    """Indices (uint64) sorting x (1, n, 1) of a real dtype, n > 0, by a radix kernel: the
    permutation ends in one of the key buffers and is returned as it is."""
    n = x.shape[1]
    ka, kb = _scratch(n, np.uint64), _scratch(n, np.uint64)
    ib = _scratch(2 * n, np.uint32) if wide else _NO_INDEX
    where = kernel(x, _NO_OUT, ka, kb, ib, np.empty((ndigits, 256), np.uint64), 0, 1)
    return ka if where == 0 else kb


def _radix(view, res3, keybits, indices, nchunks):
    """Sort (``indices``: argsort) each row of view (pre, n, post) of a real dtype into res3
    by the radix kernel, the rows shared out among nchunks threads."""
    pre, n, post = view.shape
    rows = pre * post
    mode, ndigits = _radix_mode(keybits, indices)
    kernel = _k.radix_kernel(mode, ndigits)
    chunks = [(0, rows)] if _one_row_at_a_time(rows, n, nchunks) else _row_chunks(rows, nchunks)
    args = []
    for lo, hi in chunks:
        ib = _scratch(2 * n, np.uint32) if mode == _k.WIDE else _NO_INDEX
        hist = np.empty((ndigits, 256), np.uint64)
        args.append((view, res3, _scratch(n, np.uint64), _scratch(n, np.uint64), ib, hist, lo, hi))
    run(kernel, args)


def _merge(view, res3, indices, nchunks):
    """Sort (``indices``: argsort) each row of view (pre, n, post) into res3 by comparisons
    (complex), the rows shared out among nchunks threads, each with its own scratch row."""
    pre, n, post = view.shape
    chunks = _row_chunks(pre * post, nchunks)
    buf = np.empty((len(chunks), n), res3.dtype)
    run(_k.merge_kernel(indices), [(view, res3, buf[w], lo, hi) for w, (lo, hi) in enumerate(chunks)])


def _sort_view(view, indices):
    """Each row of view (pre, n, post) of a kernel dtype sorted (``indices``: the indices
    sorting it, as uint64), as a C-contiguous (pre, n, post) array."""
    pre, n, post = view.shape
    keybits = _KEY_BITS[view.dtype]
    radix = keybits > 16 or (keybits == 16 and n < _COUNT_16_FROM)
    if indices and radix and pre * post == 1 and 0 < n < _MAX_RADIX_ROW:
        mode, ndigits = _radix_mode(keybits, True)
        return _argsort_vector(view, _k.radix_kernel(mode, ndigits), mode == _k.WIDE, ndigits).reshape(view.shape)
    res3 = np.empty(view.shape, np.uint64 if indices else view.dtype)
    if n == 0 or pre * post == 0:
        return res3
    nchunks = _chunks(view.size)
    if keybits == 0 or n >= _MAX_RADIX_ROW:
        _merge(view, res3, indices, nchunks)
    elif radix:
        _radix(view, res3, keybits, indices, nchunks)
    else:
        (_k.counting_argsort if indices else _k.counting_sort)(view, res3, np.empty(1 << keybits, np.uint64))
    return res3


# (kernel, wide, digits) of the radix argsort of keys of each width
_ARGSORT_RADIX = {bits: (_k.radix_kernel(*_radix_mode(bits, True)), bits == 64, bits // 8) for bits in (16, 32, 64)}


# (kernel, digits) of the radix sort of keys of each width
_SORT_RADIX = {bits: (_k.radix_kernel(*_radix_mode(bits, False)), bits // 8) for bits in (16, 32, 64)}


def _sort_vector(a, indices):
    """:func:`_sort_view` of a 1-D array (native kernel dtype) as a 1-D array; the common
    sort and argsort go straight to their kernels (one row: one call, on one thread)."""
    n = a.shape[0]
    keybits = _KEY_BITS[a.dtype]
    if 0 < n < _MAX_RADIX_ROW and (keybits > 16 or (keybits == 16 and n < _COUNT_16_FROM)):
        if indices:
            return _argsort_vector(a.reshape(1, n, 1), *_ARGSORT_RADIX[keybits])
        kernel, ndigits = _SORT_RADIX[keybits]
        out = np.empty(n, a.dtype)
        kernel(a.reshape(1, n, 1), out.reshape(1, n, 1), _scratch(n, np.uint64), _scratch(n, np.uint64), _NO_INDEX,
               np.empty((ndigits, 256), np.uint64), 0, 1)
        return out
    return _sort_view(a.reshape(1, n, 1), indices).reshape(n)


def _sorted_rows(a, axis, indices):
    """Sort (or argsort) ``a`` (of a kernel dtype) along ``axis`` (normalised); the result
    has ``a``'s shape."""
    view, kept = axis_view(a, axis)
    pre = view.shape[0]
    res3 = _sort_view(view, indices)
    if indices:
        res3 = res3.view(np.intp)
    # kept lists the axes merged into pre, then those merged into post
    split, size = 0, 1
    while size != pre:
        size *= a.shape[kept[split]]
        split += 1
    order = kept[:split] + [axis] + kept[split:]
    return res3.reshape([a.shape[i] for i in order]).transpose(np.argsort(order))


def _is_plain_vector(a, axis, kind, order, stable):
    """Whether the ndarray ``a`` is 1-D, of a native kernel dtype, sorted along its one axis
    with every option at its default: the common call, which then goes straight to
    :func:`_sort_view` (a small sort's time is mostly spent in Python)."""
    return (a.ndim == 1 and kind is None and order is None and stable is None and a.dtype in _KEY_BITS
            and (axis is None or (type(axis) is int and -1 <= axis <= 0)))


def _prepare(a, axis):
    """Normalised ``(array, axis)``: ``axis=None`` flattens in C order."""
    if axis is None:
        return a.reshape(-1), 0
    return a, normalize_axis_index(operator.index(axis), a.ndim)


def argsort(a: ArrayLike, axis: SupportsIndex | None = -1, kind: str | None = None,
            order: str | Sequence[str] | None = None, *, stable: bool | None = None) -> NDArray[np.intp]:
    """Return the indices that would sort an array, as ``numpy.argsort(..., kind='stable')``.

    Parameters
    ----------
    a : array_like
        Any supported dtype (see :data:`jitarray.SUPPORTED_DTYPES`), ``float16`` or
        non-native byte order.
    axis : int or None, optional
        Axis to sort along (default -1, the last); ``None`` sorts the flattened array.
    kind : {'quicksort', 'mergesort', 'heapsort', 'stable'}, optional
        Parsed as NumPy parses it (any string starting with q, m, h or s); the sort is
        always stable whatever it says.
    order : None
        Only for structured arrays, which jitarray does not support: any other value raises
        NumPy's ``ValueError``.
    stable : bool, optional
        Accepted as in NumPy (not together with ``kind``); the sort is always stable.

    Returns
    -------
    numpy.ndarray of intp
        Same shape as ``a`` (1-D for ``axis=None``, and ``array([0])`` for a 0-d ``a``, as
        NumPy).

    Notes
    -----
    Equal elements keep their order, NaNs sort last in their input order, ``-0.0`` and
    ``0.0`` are equal, complex numbers sort lexicographically with NumPy's NaN placement.
    Real dtypes use an LSD radix sort, complex ones a merge sort.

    Inside ``@njit``: ``axis=None`` must be a constant (an int axis may be a variable), ``kind``
    must be a string, ``order`` is not accepted, non-C-contiguous arrays are copied once,
    one thread sorts, and rows of ``2**32`` or more elements are not supported.  The result
    is C-contiguous, as NumPy's argsort gives it.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.argsort([3.0, np.nan, 1.0, -0.0, 0.0])
    array([3, 4, 2, 0, 1])
    >>> ja.argsort([[3, 1], [2, 5]], axis=0)
    array([[1, 0],
           [0, 1]])
    """
    if type(a) is np.ndarray and _is_plain_vector(a, axis, kind, order, stable):
        return _sort_vector(a, True).view(np.intp)
    a = _dtypes.asarray(a)
    _check_sort_args(kind, order, stable)
    if a.ndim == 0:
        a = a.reshape(1)  # NumPy argsorts a 0-d array as a 1-element one
    if axis is not None:
        axis_index(axis, "an integer is required for the axis")  # (sort takes axis=True as 1, argsort refuses it)
    a, axis = _prepare(a, axis)
    # NumPy's argsort result is C-ordered whatever a's layout (its sort keeps a's order)
    return np.ascontiguousarray(_sorted_rows(_dtypes.for_kernel(a), axis, True))


def sort(a: ArrayLike, axis: SupportsIndex | None = -1, kind: str | None = None,
         order: str | Sequence[str] | None = None, *, stable: bool | None = None) -> NDArray[Any]:
    """Return a sorted copy of an array, as ``numpy.sort(..., kind='stable')``.

    Parameters
    ----------
    a : array_like
        Any supported dtype, ``float16`` or non-native byte order (the result keeps ``a``'s
        dtype, byte order included, as NumPy).
    axis : int or None, optional
        Axis to sort along (default -1); ``None`` sorts the flattened array.  A 0-d ``a``
        needs ``axis=None`` (otherwise ``AxisError``, as NumPy).
    kind, order, stable
        As for :func:`argsort`: parsed and checked as NumPy does; the sort is always stable.

    Returns
    -------
    numpy.ndarray
        Same dtype and shape as ``a`` (1-D for ``axis=None``).

    Notes
    -----
    The sorted values are moved, never rebuilt from keys, so ``-0.0`` and ``0.0`` (and NaN
    payloads) come out as they went in, in stable order.

    Inside ``@njit``: as :func:`argsort`; ``float16`` arrays are not available there.  An
    F-ordered ``a`` (Numba's layout ``'F'``) gives an F-ordered result, as NumPy's; the other
    layouts (which NumPy keeps) a C-contiguous one.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.sort([3.0, np.nan, 1.0, -0.0, 0.0])
    array([-0.,  0.,  1.,  3., nan])
    >>> ja.sort(np.array([[3, 1], [2, 5]], dtype=">i4"), axis=None)
    array([1, 2, 3, 5], dtype='>i4')
    """
    if type(a) is np.ndarray and _is_plain_vector(a, axis, kind, order, stable):
        return _sort_vector(a, False)
    a = _dtypes.asarray(a)
    _check_sort_args(kind, order, stable)
    a, axis = _prepare(a, axis)
    result = _sorted_rows(_dtypes.for_kernel(a), axis, False)
    return result if result.dtype == a.dtype else result.astype(a.dtype)


# ------------------------------------------------------------------ inside @njit


def _jit_checks(kind, order, stable):
    """A jitted ``check(kind)`` raising what NumPy raises for these arguments' types."""
    if not is_none(order):
        order_message = "Cannot specify order when the array has no fields."

        @register_jitable
        def refuse_order(kind):
            raise ValueError(order_message)

        return refuse_order
    if is_none(kind):
        return register_jitable(lambda kind: None)
    if not is_none(stable):
        both_message = "`kind` and keyword parameters can't be provided at the same time. Use only one of them."

        @register_jitable
        def refuse_both(kind):
            raise ValueError(both_message)

        return refuse_both
    if isinstance(kind, (types.UnicodeType, types.StringLiteral)):

        @register_jitable
        def check_kind(kind):
            if len(kind) == 0 or kind[0] not in "qQmMhHsS":
                raise ValueError("sort kind must be one of 'quick', 'heap', or 'stable'")

        return check_kind
    type_message = f"sort kind must be str, not {kind}"

    @register_jitable
    def refuse_kind(kind):
        raise TypeError(type_message)

    return refuse_kind


@register_jitable
def _view3(a, axis):
    # a: C-contiguous, ndim >= 1 -> its (pre, n, post) view along axis (negative allowed)
    dims = a.ndim
    ax = axis + dims if axis < 0 else axis
    if ax < 0 or ax >= dims:
        raise AxisError(axis, dims)
    return jit_axis_view(a, ax)


# The sorts inside @njit: the cached kernels above (one thread) on the rows of the
# (pre, n, post) view, with scratch allocated here.  Each kernel is called as a constant of
# a closure, never passed as an argument: Numba refuses to cache a user's function that
# holds a compiled function as a value (a run-time address).


@register_jitable
def _jit_rows(a, axis, like):
    # a's (pre, n, post) view along axis and the (pre, n, post) result of type like
    view = _view3(a, axis)
    return view, np.empty(view.shape, like)


def _jit_along(dtype, indices):
    """A jitted ``along(a, axis)`` sorting (``indices``: argsorting) the C-contiguous ``a``
    of ``dtype`` along ``axis``, by the kernel of its dtype."""
    keybits = _key_bits(dtype)
    like = np.uint64 if indices else dtype.type
    if keybits == 0:
        kernel = _k.merge_kernel(indices)

        def along(a, axis):
            view, res3 = _jit_rows(a, axis, like)
            pre, n, post = view.shape
            kernel(view, res3, np.empty(n, like), np.int64(0), pre * post)
            return res3.reshape(a.shape)
    elif keybits <= 8:
        kernel = _k.counting_argsort if indices else _k.counting_sort
        ncounts = 1 << keybits

        def along(a, axis):
            view, res3 = _jit_rows(a, axis, like)
            kernel(view, res3, np.empty(ncounts, np.uint64))
            return res3.reshape(a.shape)
    else:
        mode, ndigits = _radix_mode(keybits, indices)
        kernel = _k.radix_kernel(mode, ndigits)
        wide = mode == _k.WIDE

        def along(a, axis):
            view, res3 = _jit_rows(a, axis, like)
            pre, n, post = view.shape
            if n >= _MAX_RADIX_ROW:
                raise ValueError("jitarray: inside @njit, rows of 2**32 or more elements are not supported")
            ib = np.empty(2 * n if wide else 0, np.uint32)
            kernel(view, res3, np.empty(n, np.uint64), np.empty(n, np.uint64), ib,
                   np.empty((ndigits, 256), np.uint64), np.int64(0), pre * post)
            return res3.reshape(a.shape)

    along = register_jitable(along)
    if not indices:
        return along

    @register_jitable
    def along_indices(a, axis):
        return along(a, axis).view(np.intp)

    return along_indices


def _jit_sort(a, axis, kind, order, stable, indices):
    """The ``@njit`` implementation of argsort (``indices``) or sort."""
    name = "argsort" if indices else "sort"
    if not isinstance(a, types.Array):
        raise TypingError(f"jitarray: inside @njit, {name} takes an array")
    along = _jit_along(_dtypes.check_dtype(numpy_dtype(a), allow_half=False), indices)
    check = _jit_checks(kind, order, stable)
    flatten = is_none(axis)
    given = axis.value if isinstance(axis, types.Omitted) else axis
    if not flatten and not isinstance(given, (int, types.Integer)):
        raise TypingError(f"jitarray: inside @njit, {name}'s axis must be an int or None, not {axis}")
    zero = np.int64(0)
    if flatten:

        def impl_flat(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            return along(np.ascontiguousarray(a).reshape(a.size), zero)

        return impl_flat
    if a.ndim == 0 and not indices:

        def impl_zero_d(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            raise AxisError(axis, 0)

        return impl_zero_d
    if a.ndim == 0:  # NumPy argsorts a 0-d array as a 1-element one

        def impl_one(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            return along(np.ascontiguousarray(a).reshape(1), axis)

        return impl_one

    if a.layout == "F" and a.ndim > 1 and not indices:
        # NumPy's sorted copy keeps an F-ordered a's layout: sort the C-ordered a.T along the
        # mirrored axis (no copy) and give its transpose
        last = a.ndim - 1

        def impl_f(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            ax = axis + last + 1 if axis < 0 else axis
            if ax < 0 or ax > last:
                raise AxisError(axis, last + 1)
            return along(a.T, last - ax).T

        return impl_f

    def impl(a, axis=-1, kind=None, order=None, stable=None):
        check(kind)
        return along(np.ascontiguousarray(a), axis)

    return impl


@jit_version(argsort)
def _argsort_jit(a, axis=-1, kind=None, order=None, stable=None):
    return _jit_sort(a, axis, kind, order, stable, True)


@jit_version(sort)
def _sort_jit(a, axis=-1, kind=None, order=None, stable=None):
    return _jit_sort(a, axis, kind, order, stable, False)
