"""Sorting: ``sort`` and ``argsort``, always stable.

Every result equals NumPy's ``kind='stable'`` result exactly, whatever ``kind`` asks for:
NaN sorts last (in input order), ``-0.0`` and ``0.0`` are equal (so they keep their input
order), complex numbers sort lexicographically with NumPy's NaN placement.

Real dtypes are sorted by LSD radix sorts of ``uint64`` keys, complex numbers by a merge
sort; see :mod:`jitarray._kernels.sorting`.  Along an axis, the array is read in place
through its ``(pre, n, post)`` view (:func:`jitarray._axes.axis_view`).  Scratch beyond the
result is at most one key buffer and one index buffer of 8-byte items per element: one
row's worth per thread plus one key per element when many rows are shared out among the
threads; for a single row the permutation ends in one of the key buffers and is returned
as it is.
"""

import operator

import numpy as np
from numba import njit, types
from numba.extending import register_jitable

from . import _dtypes
from ._axes import AxisError, axis_view, normalize_axis_index
from ._jit import TypingError, is_none, jit_version, numpy_dtype
from ._kernels import sorting as _k
from ._kernels._common import PARALLEL_MIN_SIZE
from ._parallel import bounds, chunks_for, run

__all__ = ["argsort", "sort"]

# Rows of 2**32 elements or more do not fit the radix sorts' uint32 indices.
_MAX_RADIX_ROW = 1 << 32
# Many rows are shared out among threads from this many elements on: about 20 ms of work,
# so that the wait a parallel region can meet on a busy machine (8-24 ms, a scheduler slice,
# measured on the shared 2-core machine) stays small beside it.
_PARALLEL_FROM = 1 << 20


_set_hugepages = getattr(getattr(np, "_core", np).multiarray, "_set_madvise_hugepage", None)


def _scratch(shape, dtype):
    """``np.empty`` for a sort's scratch, in ordinary pages.

    NumPy asks the OS for huge pages for large arrays; their first touch can stall while the
    kernel compacts memory.  On the shared machine this was measured on, argsort of 1e7
    int64 took 230 ms, but 510 ms right after NumPy's own stable argsort had run; in
    ordinary pages it takes 330 ms either way.  (A process-wide switch of NumPy's, set back
    at once: another thread allocating meanwhile only misses the advice.)
    """
    if _set_hugepages is None:
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


@register_jitable
def _digit_bits(keybits, indices):
    """Bits per radix digit.  8: a pass then scatters to 256 places, few enough for the
    CPU to combine the writes (measured 1.6 ns per element and pass for 64-bit keys with
    their index, against 5.8 ns with 11-bit digits, 1e6 and 1e7 elements).  Keys of up to
    8 bits take one pass; sorted 16-bit values are counted in one 16-bit pass (no
    elements move: each value is written as often as it occurs)."""
    if keybits <= 8 or (keybits == 16 and not indices):
        return keybits
    return 8


@register_jitable
def _one_row_at_a_time(rows, n, nchunks):
    """Long rows, few of them: sort each with every thread (scratch for one row only)."""
    return rows == 1 or (n >= PARALLEL_MIN_SIZE and rows < 4 * nchunks)


@register_jitable
def _radix_plan(keybits, n, indices):
    """(bits per digit, digits, mode, length of each uint32 index buffer)."""
    bits = _digit_bits(keybits, indices)
    ndigits = (keybits + bits - 1) // bits
    if not indices:
        return bits, ndigits, _k.KEYS, 0
    mode = _k.PACKED if keybits <= 32 and ndigits > 1 else _k.WIDE
    return bits, ndigits, mode, n if mode == _k.WIDE and ndigits > 1 else 0


def _argsort_each_row(view, res3, keybits, ka, kb, ib):
    """Argsort the rows of view (pre, n, post), one after the other, into res3 (intp).
    ka, kb: (n,) uint64 and ib: (2m,) uint32 scratch, m from :func:`_radix_plan`."""
    pre, n, post = view.shape
    if n == 0 or pre * post == 0:
        return
    bits, ndigits, mode, m = _radix_plan(keybits, n, True)
    hist = np.empty((ndigits, 1 << bits), np.uint64)
    for r in range(pre * post):
        p, q = r // post, r % post
        _k.keys_of(view[p:p + 1, :, q:q + 1], ka.reshape((1, n)), mode == _k.PACKED)
        _k.radix_flat(ka, kb, ib[:m], ib[m:2 * m], res3[p, :, q], hist, bits, mode)


def _sort_each_row(view, res3, keybits, ka, kb):
    """Sort the rows of view (pre, n, post), one after the other, into res3; ka, kb: (n,)
    uint64 scratch."""
    pre, n, post = view.shape
    if n == 0 or pre * post == 0:
        return
    bits, ndigits, mode, _ = _radix_plan(keybits, n, False)
    hist = np.empty((ndigits, 1 << bits), np.uint64)
    no_index, no_out = np.empty(0, np.uint32), np.empty(0, np.intp)
    for r in range(pre * post):
        p, q = r // post, r % post
        row = view[p:p + 1, :, q:q + 1]
        _k.keys_of(row, ka.reshape((1, n)), np.bool_(False))
        where = _k.radix_flat(ka, kb, no_index, no_index, no_out, hist, bits, mode)
        _k.values_of((ka if where == 0 else kb).reshape((1, n)), row, res3[p:p + 1, :, q:q + 1])


def _merge_argsort_each_row(view, res3):
    """Argsort each row of view (pre, n, post) into res3 by comparisons, one thread."""
    pre, n, post = view.shape
    tmp = np.empty(n, np.intp)
    for r in range(pre * post):
        _k.merge_argsort_row(view[r // post, :, r % post], res3[r // post, :, r % post], tmp)


def _merge_sort_each_row(view, res3):
    """Sort each row of view (pre, n, post) into res3 by comparisons, one thread."""
    pre, n, post = view.shape
    tmp = np.empty(n, view.dtype)
    for r in range(pre * post):
        _k.merge_sort_row(view[r // post, :, r % post], res3[r // post, :, r % post], tmp)


def _argsort_radix(view, keybits, nchunks):
    """Indices sorting each row of view (pre, n, post) of a real dtype, as a C-contiguous
    (pre, n, post) intp array."""
    pre, n, post = view.shape
    rows = pre * post
    if rows == 1 and n:
        bits, ndigits, mode, m = _radix_plan(keybits, n, True)
        ka, kb = _scratch(n, np.uint64), _scratch(n, np.uint64)
        ib = _scratch(2 * m, np.uint32)
        _k.keys_of(view, ka.reshape((1, n)), mode == _k.PACKED)
        where = _k.radix_flat(ka, kb, ib[:m], ib[m:], np.empty(0, np.intp), np.empty((ndigits, 1 << bits), np.uint64),
                              bits, mode)
        # the permutation is left in the key buffer the last pass did not read
        return (ka if where == 0 else kb).view(np.intp).reshape((1, n, 1))
    res3 = np.empty((pre, n, post), np.intp)
    if _one_row_at_a_time(rows, n, nchunks):
        m = _radix_plan(keybits, n, True)[3]
        _argsort_each_row(view, res3, keybits, _scratch(n, np.uint64), _scratch(n, np.uint64),
                          _scratch(2 * m, np.uint32))
        return res3
    bits, ndigits, mode, m = _radix_plan(keybits, n, True)
    # NumPy's huge pages pay for the keys of many rows, read row by row: 198 ms against
    # 246 ms in ordinary pages (1000 x 10000 float64, axis 0)
    keys = np.empty((rows, n), np.uint64)
    _k.keys_of(view, keys, mode == _k.PACKED)
    _radix_rows(keys, res3, bits, ndigits, m, mode, nchunks)
    return res3


def _sort_radix(view, keybits, nchunks):
    """Each row of view (pre, n, post) of a real dtype sorted, as a C-contiguous array."""
    pre, n, post = view.shape
    rows = pre * post
    res3 = np.empty((pre, n, post), view.dtype)
    if _one_row_at_a_time(rows, n, nchunks):
        _sort_each_row(view, res3, keybits, _scratch(n, np.uint64), _scratch(n, np.uint64))
        return res3
    bits, ndigits, mode, _ = _radix_plan(keybits, n, False)
    keys = np.empty((rows, n), np.uint64)  # huge pages, as for argsort
    _k.keys_of(view, keys, np.bool_(False))
    _radix_rows(keys, np.empty((1, 0, 1), np.intp), bits, ndigits, 0, mode, nchunks)
    _k.values_of(keys, view, res3)
    return res3


def _row_chunks(rows, nchunks):
    """The nonempty ``(lo, hi)`` runs of rows that the threads take, one each."""
    return [(lo, hi) for lo, hi in bounds(rows, min(nchunks, rows)) if lo < hi]


def _radix_rows(keys, out3, bits, ndigits, m, mode, nchunks):
    """:func:`jitarray._kernels.sorting.radix_rows` of every row of keys (rows, n), the rows
    shared out among nchunks threads, each with its own scratch (m: as :func:`_radix_plan`)."""
    rows, n = keys.shape
    chunks = _row_chunks(rows, nchunks)
    kbuf = np.empty((len(chunks), n), np.uint64)
    ibuf = np.empty((len(chunks), 2, m), np.uint32)
    hist = np.empty((len(chunks), ndigits, 1 << bits), np.uint64)
    if chunks:
        run(_k.radix_rows, [(keys, out3, kbuf[w], ibuf[w], hist[w], bits, mode, lo, hi)
                            for w, (lo, hi) in enumerate(chunks)])


def _merge_rows(kernel, view, res3, scratch, nchunks):
    """``kernel`` (merge_argsort_rows or merge_sort_rows) on every row of view (pre, n, post)
    into res3, the rows shared out among nchunks threads, each with its own scratch row."""
    pre, n, post = view.shape
    chunks = _row_chunks(pre * post, nchunks)
    buf = np.empty((len(chunks), n), scratch)
    if chunks:
        run(kernel, [(view, res3, buf[w], lo, hi) for w, (lo, hi) in enumerate(chunks)])
    return res3


def _argsort_merge(view, nchunks):
    """Indices sorting each row of view (pre, n, post) by comparisons (complex)."""
    return _merge_rows(_k.merge_argsort_rows, view, np.empty(view.shape, np.intp), np.intp, nchunks)


def _sort_merge(view, nchunks):
    """Each row of view (pre, n, post) sorted by comparisons (complex)."""
    return _merge_rows(_k.merge_sort_rows, view, np.empty(view.shape, view.dtype), view.dtype, nchunks)


# The row-by-row sorts compiled, for the @njit versions: cached, and free of the thread
# pool, so a user's function links (and compiles) as little code as possible.  From
# Python the functions above run as Python and allocate with NumPy.
_argsort_each_row_jit = njit(cache=True)(_argsort_each_row)
_sort_each_row_jit = njit(cache=True)(_sort_each_row)
_merge_argsort_each_row_jit = njit(cache=True)(_merge_argsort_each_row)
_merge_sort_each_row_jit = njit(cache=True)(_merge_sort_each_row)


def _sorted_rows(a, axis, indices):
    """Sort (or argsort) ``a`` (of a kernel dtype) along ``axis`` (normalised); the result
    has ``a``'s shape."""
    view, kept = axis_view(a, axis)
    pre, n = view.shape[:2]
    keybits = _key_bits(a.dtype)
    nchunks = _chunks(a.size)
    if keybits == 0 or n >= _MAX_RADIX_ROW:
        res3 = _argsort_merge(view, nchunks) if indices else _sort_merge(view, nchunks)
    elif keybits <= 8 or (keybits == 16 and n >= _COUNT_16_FROM):
        res3 = np.empty(view.shape, np.intp if indices else a.dtype)
        (_k.counting_argsort if indices else _k.counting_sort)(view, res3, np.empty(1 << keybits, np.uint64))
    else:
        res3 = _argsort_radix(view, keybits, nchunks) if indices else _sort_radix(view, keybits, nchunks)
    # kept lists the axes merged into pre, then those merged into post
    split, size = 0, 1
    while size != pre:
        size *= a.shape[kept[split]]
        split += 1
    order = kept[:split] + [axis] + kept[split:]
    return res3.reshape([a.shape[i] for i in order]).transpose(np.argsort(order))


def _prepare(a, axis):
    """Normalised ``(array, axis)``: ``axis=None`` flattens in C order."""
    if axis is None:
        return a.reshape(-1), 0
    return a, normalize_axis_index(operator.index(axis), a.ndim)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
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

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.argsort([3.0, np.nan, 1.0, -0.0, 0.0])
    array([3, 4, 2, 0, 1])
    >>> ja.argsort([[3, 1], [2, 5]], axis=0)
    array([[1, 0],
           [0, 1]])

    Notes
    -----
    Equal elements keep their order, NaNs sort last in their input order, ``-0.0`` and
    ``0.0`` are equal, complex numbers sort lexicographically with NumPy's NaN placement.
    Real dtypes use an LSD radix sort, complex ones a merge sort.

    Inside ``@njit``: ``axis=None`` must be a constant (an int axis may be a variable), ``kind``
    must be a string, ``order`` is not accepted, non-C-contiguous arrays are copied once,
    one thread sorts, and rows of ``2**32`` or more elements are not supported.
    """
    a = _dtypes.asarray(a)
    _check_sort_args(kind, order, stable)
    if a.ndim == 0:
        a = a.reshape(1)  # NumPy argsorts a 0-d array as a 1-element one
    a, axis = _prepare(a, axis)
    return _sorted_rows(_dtypes.for_kernel(a), axis, True)


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
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

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.sort([3.0, np.nan, 1.0, -0.0, 0.0])
    array([-0.,  0.,  1.,  3., nan])
    >>> ja.sort(np.array([[3, 1], [2, 5]], dtype=">i4"), axis=None)
    array([1, 2, 3, 5], dtype='>i4')

    Notes
    -----
    The sorted values are moved, never rebuilt from keys, so ``-0.0`` and ``0.0`` (and NaN
    payloads) come out as they went in, in stable order.

    Inside ``@njit``: as :func:`argsort`; ``float16`` arrays are not available there.
    """
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
    pre, post = 1, 1
    for i in range(dims):
        if i < ax:
            pre *= a.shape[i]
        elif i > ax:
            post *= a.shape[i]
    return a.reshape((pre, a.shape[ax], post))


# Whole @njit sorts, compiled once per dtype and dimension and cached: a user's function
# only links them (the numbers given as np.int64: a Python literal would make Numba compile
# a separate specialisation for it).
@njit(cache=True)
def _argsort_radix_along(a, axis, keybits):
    view = _view3(a, axis)
    if view.shape[1] >= _MAX_RADIX_ROW:
        raise ValueError("jitarray: inside @njit, rows of 2**32 or more elements are not supported")
    n = view.shape[1]
    res3 = np.empty(view.shape, np.intp)
    m = _radix_plan(keybits, n, True)[3]
    _argsort_each_row_jit(view, res3, keybits, np.empty(n, np.uint64), np.empty(n, np.uint64),
                          np.empty(2 * m, np.uint32))
    return res3.reshape(a.shape)


@njit(cache=True)
def _sort_radix_along(a, axis, keybits):
    view = _view3(a, axis)
    if view.shape[1] >= _MAX_RADIX_ROW:
        raise ValueError("jitarray: inside @njit, rows of 2**32 or more elements are not supported")
    n = view.shape[1]
    res3 = np.empty(view.shape, a.dtype)
    _sort_each_row_jit(view, res3, keybits, np.empty(n, np.uint64), np.empty(n, np.uint64))
    return res3.reshape(a.shape)


@njit(cache=True)
def _argsort_merge_along(a, axis, keybits):
    view = _view3(a, axis)
    res3 = np.empty(view.shape, np.intp)
    _merge_argsort_each_row_jit(view, res3)
    return res3.reshape(a.shape)


@njit(cache=True)
def _sort_merge_along(a, axis, keybits):
    view = _view3(a, axis)
    res3 = np.empty(view.shape, a.dtype)
    _merge_sort_each_row_jit(view, res3)
    return res3.reshape(a.shape)


def _jit_sort(a, axis, kind, order, stable, indices):
    """The ``@njit`` implementation of argsort (``indices``) or sort."""
    name = "argsort" if indices else "sort"
    if not isinstance(a, types.Array):
        raise TypingError(f"jitarray: inside @njit, {name} takes an array")
    keybits = np.int64(_key_bits(_dtypes.check_dtype(numpy_dtype(a), allow_half=False)))
    check = _jit_checks(kind, order, stable)
    flatten = is_none(axis)
    given = axis.value if isinstance(axis, types.Omitted) else axis
    if not flatten and not isinstance(given, (int, types.Integer)):
        raise TypingError(f"jitarray: inside @njit, {name}'s axis must be an int or None, not {axis}")
    if keybits == 0:
        along = _argsort_merge_along if indices else _sort_merge_along
    else:
        along = _argsort_radix_along if indices else _sort_radix_along
    zero = np.int64(0)
    if flatten:

        def impl_flat(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            return along(np.ascontiguousarray(a).reshape(a.size), zero, keybits)

        return impl_flat
    if a.ndim == 0 and not indices:

        def impl_zero_d(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            raise AxisError(axis, 0)

        return impl_zero_d
    if a.ndim == 0:  # NumPy argsorts a 0-d array as a 1-element one

        def impl_one(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            return along(np.ascontiguousarray(a).reshape(1), axis, keybits)

        return impl_one

    def impl(a, axis=-1, kind=None, order=None, stable=None):
        check(kind)
        return along(np.ascontiguousarray(a), axis, keybits)

    return impl


@jit_version(argsort)
def _argsort_jit(a, axis=-1, kind=None, order=None, stable=None):
    return _jit_sort(a, axis, kind, order, stable, True)


@jit_version(sort)
def _sort_jit(a, axis=-1, kind=None, order=None, stable=None):
    return _jit_sort(a, axis, kind, order, stable, False)
