"""Searching: ``nonzero``, ``flatnonzero``, ``argwhere``, ``count_nonzero`` and ``where``.

Kernels read the raw bits of the data (see :mod:`jitarray._kernels.searching`), so every
dtype, ``float16`` and non-native byte order included, is counted and listed without a
conversion pass.  Listing is two passes: count the nonzeros (per chunk), then fill an output
allocated at its exact size (each chunk from its own offset).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any, SupportsIndex, overload

import numpy as np
from numba import njit, types
from numba.np.unsafe.ndarray import to_fixed_tuple
from numpy.typing import ArrayLike, NDArray

from . import _dtypes
from ._axes import (
    AxisError,
    allocate,
    axis_view,
    broadcast_strides,
    jit_axis_view,
    k_order,
    kept_shape,
    normalize_axes,
    output_for_view,
)
from ._jit import TypingError, all_f_ordered, is_none, jit_version, literal, numpy_dtype, transposed, weak_operand
from ._kernels import searching as _k
from ._kernels._common import register_jitable
from ._kernels._outline import outlined
from ._parallel import bounds, chunks_for, run

__all__ = ["argwhere", "count_nonzero", "flatnonzero", "nonzero", "where"]

_UINT = {1: np.dtype(np.uint8), 2: np.dtype(np.uint16), 4: np.dtype(np.uint32), 8: np.dtype(np.uint64),
         16: np.dtype(np.uint64)}
# Passes of a few milliseconds run on one thread.  On the shared 2-core machine this was
# measured on, each parallel region waited 8-24 ms (a scheduler slice) whenever another
# process held the other core: nonzero of 1e7 float64 took 16 ms on two threads against
# 7 ms on one, and a lone count 8 ms against 2.5 ms (1.6 ms on two idle cores).  From 2**25
# elements a pass is long enough for a second thread to pay for such a wait.
_PARALLEL_FROM = 1 << 25


def _chunks(size):
    return chunks_for(size) if size >= _PARALLEL_FROM else 1


def _counts(bits, keep, nchunks):
    """``(chunks, counts)``: ``bits`` cut into ``nchunks`` runs of whole 8-element blocks
    (the listing kernel stores 8 indices at a time) and the nonzero count of each."""
    n = bits.size
    if nchunks == 1:
        return [(0, n)], [_k.count_serial(bits, keep)]
    chunks = [(lo * 8, min(hi * 8, n)) for lo, hi in bounds((n + 7) // 8, nchunks)]
    return chunks, run(_k.count_serial, [(bits[lo:hi], keep) for lo, hi in chunks])


_ZERO_D_MESSAGE = "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead."


@functools.cache
def _keep(dtype):
    """The bits that make an element of ``dtype`` nonzero: all of them, but the sign bits of
    floats and complex parts (``-0.0`` is zero), found from ``-0.0``'s own bytes so that
    byte order and ``float16`` need no special case."""
    unsigned = _UINT[dtype.itemsize]
    if dtype.kind not in "fc":
        return ~unsigned.type(0)
    signs = np.array(complex(-0.0, -0.0) if dtype.kind == "c" else -0.0, dtype=dtype).reshape(1).view(unsigned)
    return ~signs[0]


def _bits(a, order="C"):
    """``a``'s elements in ``order`` as a flat unsigned array and its ``keep`` mask: an
    element is nonzero exactly where ``bits & keep != 0``.  A copy is made only when ``a``
    is not contiguous in that order (any order for ``'K'``)."""
    flat = a.ravel(order=order)
    keep = _keep(a.dtype)
    bits = flat.view(_UINT[a.dtype.itemsize])
    if a.dtype.itemsize == 16:  # the halves of each complex128 merged into one word
        merged = np.empty(flat.size, np.uint64)
        _k.merge_halves(bits.reshape(flat.size, 2), keep, merged)
        return merged, ~np.uint64(0)
    return bits, keep


def _listed(a, by_item=False):
    """The nonzero indices of ``a`` (ndim >= 1): rows of an ``(ndim, count)`` intp array, or
    with ``by_item`` an ``(count, ndim)`` one, each nonzero's indices side by side (the
    array NumPy's ``nonzero`` returns views of)."""
    bits, keep = _bits(a)
    chunks, counts = _counts(bits, keep, _chunks(bits.size))
    ends = list(itertools.accumulate(counts))  # each chunk lists its nonzeros after those before it
    count, ndim = ends[-1], a.ndim
    res = np.empty((count, ndim) if by_item else (ndim, count), np.intp)
    # the C-order flat indices: in the last row; side by side, in the one column or apart
    if not by_item:
        flat = res[-1]
    elif ndim == 1:
        flat = res[:, 0]
    else:
        flat = np.empty(count, np.intp)
    if count:
        run(_k.fill_serial, [(bits[lo:hi], keep, flat[end - c:end], lo)
                             for (lo, hi), c, end in zip(chunks, counts, ends) if c])
    if ndim > 1 and count:
        shape = np.array(a.shape, np.intp)
        steps = (1, ndim) if by_item else (count, 1)
        run(_k.unravel_serial, [(flat, res.reshape(-1), *steps, lo, hi, shape)
                                for lo, hi in bounds(count, _chunks(count)) if lo < hi])
    return res


def nonzero(a: ArrayLike) -> tuple[NDArray[np.intp], ...]:
    """Return the indices of the elements that are nonzero, as ``numpy.nonzero``.

    Parameters
    ----------
    a : array_like
        Any supported dtype; ``-0.0`` is zero, NaN is nonzero, a complex number is nonzero
        when either part is.

    Returns
    -------
    tuple of numpy.ndarray
        One intp array per dimension, indices in C (row-major) order.

    Raises
    ------
    ValueError
        For a 0-d ``a``, as NumPy 2.1+.

    Notes
    -----
    Two passes: count, then fill an output of exactly the right size.  The index arrays are
    NumPy's: views of one ``(n, ndim)`` array (each nonzero's indices side by side), a
    contiguous array for 1-D ``a``.  Inside ``@njit`` arrays of up to 8 dimensions are
    accepted, one thread works, and each index array is contiguous (as Numba's own
    ``np.nonzero`` returns them).

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.nonzero([[3, 0, 0], [0, 4, 5]])
    (array([0, 1, 1]), array([0, 1, 2]))
    """
    if (type(a) is np.ndarray and a.ndim == 1 and len(a) < _PARALLEL_FROM
            and (unsigned := _SELECT_AS.get(dtype := a.dtype)) is not None and dtype.itemsize != 16):
        # the common call: one count and one fill, no lists
        bits = (a if a.flags.c_contiguous else a.copy()).view(unsigned)
        keep = _keep(dtype)
        res = np.empty(_k.count_serial(bits, keep), np.intp)
        _k.fill_serial(bits, keep, res, 0)
        return (res,)
    a = _dtypes.asarray(a)
    if a.ndim == 0:
        raise ValueError(_ZERO_D_MESSAGE)
    return tuple(_listed(a, by_item=True).T)


def flatnonzero(a: ArrayLike) -> NDArray[np.intp]:
    """Indices of the nonzero elements of the flattened ``a``, as ``numpy.flatnonzero``.

    Parameters
    ----------
    a : array_like

    Returns
    -------
    numpy.ndarray of intp
        1-D: the indices of the nonzero elements of ``ravel(a)``, in increasing order.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.flatnonzero([[0, 2], [3, 0]])
    array([1, 2])
    """
    return nonzero(_dtypes.asarray(a).reshape(-1))[0]  # (nonzero's direct path for small ones)


def argwhere(a: ArrayLike) -> NDArray[np.intp]:
    """Indices of the nonzero elements, grouped by element, as ``numpy.argwhere``.

    Parameters
    ----------
    a : array_like

    Returns
    -------
    numpy.ndarray
        Shape ``(count, a.ndim)`` (``(count, 0)`` for a 0-d ``a``, as NumPy).

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.argwhere([[0, 2], [3, 0]])
    array([[0, 1],
           [1, 0]])
    """
    a = _dtypes.asarray(a)
    if a.ndim == 0:
        return _listed(a.reshape(1)).T[:, :0]
    return _listed(a).T


def count_nonzero(a: ArrayLike, axis: SupportsIndex | Sequence[SupportsIndex] | None = None, *,
                  keepdims: bool = False) -> Any:
    """Count the nonzero elements, as ``numpy.count_nonzero``.

    Parameters
    ----------
    a : array_like
    axis : None, int or tuple of ints, optional
        Axes to count along (default: all, giving a NumPy ``intp`` scalar).
    keepdims : bool, optional
        Keep the counted axes as size-1 dimensions.

    Returns
    -------
    numpy.intp or numpy.ndarray of intp
        A NumPy scalar when every axis is counted without ``keepdims``, as NumPy.

    Notes
    -----
    Inside ``@njit`` ``axis`` is None or an int and ``keepdims`` a constant.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.count_nonzero([[0, 1, 7], [3, 0, -0.0]])
    np.int64(3)
    >>> ja.count_nonzero([[0, 1, 7], [3, 0, 0]], axis=0)
    array([1, 1, 1])
    """
    a = _dtypes.asarray(a)
    if axis is None and not keepdims:
        return np.intp(_count_all(a))
    # NumPy's own rules (and errors) for axis and keepdims, asked of a tiny array of a's ndim
    probe = np.zeros((1,) * a.ndim, bool).sum(axis=axis, dtype=np.intp, keepdims=keepdims)
    if not isinstance(probe, np.ndarray):
        return np.intp(_count_all(a))
    axes = normalize_axes(axis, a.ndim) if a.ndim else ()
    shape = kept_shape(a.shape, axes, keepdims)
    if not axes:  # nothing counted along: each element's own count
        axes, a = (a.ndim,), a.reshape(a.shape + (1,))
    return _count_along(a, axes).reshape(shape)


def _count_all(a):
    bits, keep = _bits(a, "K")
    if bits.size < _PARALLEL_FROM:
        return _k.count_serial(bits, keep)
    return sum(_counts(bits, keep, _chunks(bits.size))[1])


def _count_along(a, axes):
    """Counts of nonzeros of ``a`` over ``axes`` (sorted), the other axes kept in order."""
    if a.dtype.itemsize == 16:
        # complex128: whether each item is nonzero, as bools laid out as a is, NumPy's own
        # first step (its counts follow the input's memory order; (2000, 2500) along either
        # axis: 1.05-1.2x NumPy's speed, where merging the halves in C order gave 0.17-0.75)
        a = a.astype(bool)
    bits, keep = a.view(_UINT[a.dtype.itemsize]), _keep(a.dtype)
    op = _k.COUNT
    shape = a.shape
    for done, axis in enumerate(axes):
        axis -= done  # earlier reductions removed lower axes
        view, kept = axis_view(bits, axis)
        result, out2 = output_for_view(view, shape, kept, np.intp)
        if op == _k.COUNT and view.shape[2] == 1 and view.flags.c_contiguous and out2.flags.c_contiguous:
            # each count reads one contiguous row: the rows cut among the threads as _counts cuts
            rows, n, counts = view.reshape(-1), view.shape[1], out2.reshape(-1)
            if counts.size:
                run(_k.count_rows, [(rows[lo * n:hi * n], n, keep, counts[lo:hi])
                                    for lo, hi in bounds(counts.size, _chunks(rows.size)) if hi > lo])
        else:
            _k.count_axis(op, view, keep, out2)
        bits, keep, op = result.view(np.uint64), ~np.uint64(0), _k.SUM
        shape = result.shape
    return bits.view(np.intp)


_NO_VALUE = object()


@overload
def where(condition: ArrayLike, /) -> tuple[NDArray[np.intp], ...]: ...
@overload
def where(condition: ArrayLike, x: ArrayLike, y: ArrayLike, /) -> NDArray[Any]: ...
def where(condition: ArrayLike, x: Any = _NO_VALUE, y: Any = _NO_VALUE,
          /) -> tuple[NDArray[np.intp], ...] | NDArray[Any]:
    """Choose from ``x`` where ``condition`` holds and from ``y`` elsewhere, as ``numpy.where``.

    With ``condition`` alone, the same as :func:`nonzero`.

    Parameters
    ----------
    condition : array_like
        Truth by NumPy's rule (nonzero; NaN is true).
    x, y : array_like or scalar
        Broadcast together with ``condition``.  The result dtype is NumPy 2's promotion of
        ``x`` and ``y`` with Python numbers weak (NEP 50): ``where(c, int8_array, 3)`` is
        ``int8``; a Python number is then converted as NumPy's ``where`` converts it
        (``where(c, int8_array, 300)`` wraps to 44).

    Returns
    -------
    numpy.ndarray
        A 0-d array when every input is a scalar or 0-d, as NumPy.

    Notes
    -----
    The selection copies raw bits, so NaN payloads and signed zeros pass through unchanged.
    Inside ``@njit`` a scalar ``x`` or ``y`` of Numba's default types counts as a Python
    number (see :mod:`jitarray._jit`); ``float16`` results are not available there, and the
    result is F-ordered when every array argument is (Numba's layout ``'F'``, of one number
    of dimensions), as NumPy's, and C-contiguous otherwise (NumPy's follows the arguments'
    memory order).

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.where([True, False, True], np.arange(3, dtype=np.int8), 100)
    array([  0, 100,   2], dtype=int8)
    >>> ja.where(True, 1, 2.5)
    array(1.)
    """
    if x is _NO_VALUE and y is _NO_VALUE:
        return nonzero(condition)
    if x is _NO_VALUE or y is _NO_VALUE:
        raise ValueError("either both or neither of x and y should be given")
    if (type(condition) is np.ndarray and type(x) is np.ndarray and type(y) is np.ndarray
            and condition.dtype == _BOOL and (x.dtype is y.dtype or _dtypes.same_dtype(x.dtype, y.dtype))
            and condition.shape == x.shape == y.shape
            and x.size < _PARALLEL_FROM and condition.flags.c_contiguous and x.flags.c_contiguous
            and y.flags.c_contiguous):
        # the common call, arrays of one shape and dtype: no promotion, broadcast or copy
        bits = _SELECT_AS.get(x.dtype)
        if bits is not None:
            out = np.empty(x.shape, x.dtype)
            # (ravel: views of these C-contiguous arrays, at a third of reshape(-1)'s cost)
            _k.select_serial(condition.ravel().view(_UINT[1]), x.ravel().view(bits), y.ravel().view(bits),
                             out.ravel().view(bits))
            return out
    cond = _dtypes.asarray(condition)
    xv, x_rule = _where_operand(x)
    yv, y_rule = _where_operand(y)
    promoted = np.result_type(x_rule, y_rule)
    common = _dtypes.given_identity(_dtypes.check_dtype(promoted).newbyteorder("="), promoted)
    shape = np.broadcast_shapes(cond.shape, xv.shape, yv.shape)
    # NumPy converts a Python number by an unsafe cast of its default-dtype array
    xv, yv = (v.astype(common, casting="unsafe", copy=False) for v in (xv, yv))
    operands = (cond.astype(bool, copy=False), xv, yv)
    # the result in NumPy's memory order for these operands (order='K')
    perm = k_order(shape, tuple(broadcast_strides(v, shape) for v in operands))
    out = allocate(shape, perm, common)
    if out.size:
        unsigned = _select_as(common)
        ops = [_where_part(v, shape, perm).view(kind) for v, kind in zip(operands, (np.uint8, unsigned, unsigned))]
        flat = out.ravel(order="K").view(unsigned)
        nchunks = _chunks(out.size)
        if nchunks == 1:  # no views, no run(): 3 us less for where() of 10 elements
            _k.select_serial(*ops, flat)
        else:  # a one-element operand is a broadcast scalar: each chunk takes it whole
            run(_k.select_serial, [(*(v if v.size == 1 else v[lo:hi] for v in ops), flat[lo:hi])
                                   for lo, hi in bounds(out.size, nchunks)])
    return out


def _select_as(dtype):
    """The type whose items the selection kernel copies for ``dtype``: its bits, as unsigned
    integers (two complex halves as one ``complex128``)."""
    return np.dtype(np.complex128) if dtype.itemsize == 16 else _UINT[dtype.itemsize]


_BOOL = np.dtype(bool)
# the native dtypes, each with the type its bits are copied as
_SELECT_AS = {dt: _select_as(dt) for dt in _dtypes.SUPPORTED_DTYPES}


def _where_operand(value):
    """``(array, what NumPy's promotion should see)``: a Python number stays weak."""
    if _dtypes.is_python_scalar(value):
        return np.asarray(value), value
    arr = _dtypes.asarray(value)
    return arr, arr


def _where_part(v, shape, perm):
    """``v`` broadcast to ``shape``, flat in the memory order ``perm``: one element when it
    is the same everywhere."""
    if v.size == 1:
        flat = v.reshape(-1)
    else:
        if v.shape != shape:
            v = np.broadcast_to(v, shape)
        flat = np.ascontiguousarray(v.transpose(perm)).reshape(-1)
    return flat.astype(flat.dtype.newbyteorder("="), copy=False)


# ------------------------------------------------------------------ inside @njit


def _jit_unsigned(dtype):
    """Typing time: the unsigned type whose bits the kernels read for ``dtype`` (for
    complex128, the uint64 halves to merge) and the ``keep`` mask."""
    return _UINT[dtype.itemsize].type, _keep(dtype)


# Tuples of an (ndim, count) array's rows, one per ndim (Numba builds tuples of a static size).
_ROW_TUPLES = {
    1: register_jitable(lambda r: (r[0],)),
    2: register_jitable(lambda r: (r[0], r[1])),
    3: register_jitable(lambda r: (r[0], r[1], r[2])),
    4: register_jitable(lambda r: (r[0], r[1], r[2], r[3])),
    5: register_jitable(lambda r: (r[0], r[1], r[2], r[3], r[4])),
    6: register_jitable(lambda r: (r[0], r[1], r[2], r[3], r[4], r[5])),
    7: register_jitable(lambda r: (r[0], r[1], r[2], r[3], r[4], r[5], r[6])),
    8: register_jitable(lambda r: (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])),
}
_ZERO = np.int64(0)  # a NumPy scalar, not a Python literal: Numba would specialise on that


# The @njit versions call the kernels' one-thread parts: a user's function then links (and
# compiles) no parallel code.
@outlined
@njit(cache=True)
def _listed_jit(bits, keep, shape):
    # bits: (n,) C-contiguous unsigned; shape: (ndim,) -> (ndim, count) nonzero indices
    count = _k.count_serial(bits, keep)
    res = np.empty((shape.shape[0], count), np.intp)
    _k.fill_serial(bits, keep, res[-1], _ZERO)
    if shape.shape[0] > 1 and count:
        _k.unravel_serial(res[-1], res.reshape(res.size), count, np.int64(1), _ZERO, count, shape)
    return res


@register_jitable
def _flat_bits(a, unsigned, keep):
    return np.ascontiguousarray(a).reshape(a.size).view(unsigned), keep


@register_jitable
def _merged_bits(a, keep):
    # complex128: each item's two uint64 halves merged into one word
    parts = np.ascontiguousarray(a).reshape(a.size).view(np.uint64).reshape((a.size, 2))
    merged = np.empty(a.size, np.uint64)
    _k.merge_halves(parts, keep, merged)
    return merged, ~np.uint64(0)


def _jit_flat_bits(a):
    """A jitted ``flat_bits(a) -> (bits, keep)`` for arrays of ``a``'s type (C order):
    module-level helpers, so that every call site of every function shares one compile."""
    if not isinstance(a, types.Array):
        raise TypingError("jitarray: inside @njit, this function takes an array")
    dtype = _dtypes.check_dtype(numpy_dtype(a), allow_half=False)
    unsigned, keep = _jit_unsigned(dtype)
    if dtype.itemsize == 16:
        return register_jitable(lambda a: _merged_bits(a, keep))
    return register_jitable(lambda a: _flat_bits(a, unsigned, keep))


@jit_version(nonzero)
def _nonzero_jit(a):
    flat_bits = _jit_flat_bits(a)
    if a.ndim == 0:

        def impl_zero_d(a):
            raise ValueError(_ZERO_D_MESSAGE)

        return impl_zero_d
    if a.ndim not in _ROW_TUPLES:
        raise TypingError("jitarray: inside @njit, nonzero takes arrays of up to 8 dimensions")
    rows = _ROW_TUPLES[a.ndim]

    def impl(a):
        bits, keep = flat_bits(a)
        return rows(_listed_jit(bits, keep, np.array(a.shape)))

    return impl


@jit_version(flatnonzero)
def _flatnonzero_jit(a):
    flat_bits = _jit_flat_bits(a)

    def impl(a):
        bits, keep = flat_bits(a)
        return _listed_jit(bits, keep, np.array((a.size,)))[0]

    return impl


@jit_version(argwhere)
def _argwhere_jit(a):
    flat_bits = _jit_flat_bits(a)
    if a.ndim == 0:

        def impl_zero_d(a):
            bits, keep = flat_bits(a)
            return _listed_jit(bits, keep, np.array((1,))).T[:, :0]

        return impl_zero_d

    def impl(a):
        bits, keep = flat_bits(a)
        return _listed_jit(bits, keep, np.array(a.shape)).T

    return impl


@jit_version(count_nonzero)
def _count_nonzero_jit(a, axis=None, keepdims=False):
    flat_bits = _jit_flat_bits(a)
    keep_dims = bool(literal(keepdims, "keepdims"))
    ndim = a.ndim
    ones = (1,) * ndim
    if is_none(axis):
        if keep_dims:

            def impl_all_kept(a, axis=None, keepdims=False):
                bits, keep = flat_bits(a)
                return np.full(ones, _k.count_serial(bits, keep), np.intp)

            return impl_all_kept

        def impl_all(a, axis=None, keepdims=False):
            bits, keep = flat_bits(a)
            return _k.count_serial(bits, keep)

        return impl_all
    if not isinstance(axis, types.Integer):
        raise TypingError("jitarray: inside @njit, count_nonzero's axis must be None or an int")
    if ndim == 0 or (ndim == 1 and not keep_dims):
        # one full count, NumPy's scalar (NumPy accepts axis 0 and -1 for a 0-d array too)
        def impl_one(a, axis=None, keepdims=False):
            if axis < -1 or axis > 0:
                raise AxisError(axis, ndim)
            bits, keep = flat_bits(a)
            return _k.count_serial(bits, keep)

        return impl_one
    kept = ndim if keep_dims else ndim - 1

    def impl(a, axis=None, keepdims=False):
        ax = axis + ndim if axis < 0 else axis
        if ax < 0 or ax >= ndim:
            raise AxisError(axis, ndim)
        bits, keep = flat_bits(a)
        dims = np.empty(kept, np.int64)
        j = 0
        for i in range(ndim):
            if i != ax or keep_dims:
                dims[j] = a.shape[i] if i != ax else 1
                j += 1
        view = jit_axis_view(bits.reshape(a.shape), ax)
        out = np.empty((view.shape[0], view.shape[2]), np.intp)
        if view.shape[2] == 1:  # (bits is C-ordered: each row is n items in a row)
            _k.count_rows(bits, view.shape[1], keep, out.reshape(view.shape[0]))
        else:
            _k.count_axis(_k.COUNT, view, keep, out)
        return out.reshape(to_fixed_tuple(dims, kept))

    if isinstance(a, types.Array) and a.layout == "F" and kept > 1:
        # NumPy's counts follow an F-ordered a (as the reductions' results: see jitarray._jit)
        in_c_order = register_jitable(impl)
        return lambda a, axis=None, keepdims=False: np.asfortranarray(in_c_order(a, axis, keepdims))
    return impl


@register_jitable
def _where_flat(v, shape):
    # v as a flat C-ordered array, one element when it is the same everywhere
    if v.size == 1:
        return np.ascontiguousarray(v).reshape(1)
    return np.ascontiguousarray(np.broadcast_to(v, shape)).reshape(-1)


@jit_version(where)
def _where_jit(condition, x=None, y=None):
    no_x, no_y = is_none(x), is_none(y)  # (None stands for "not given" inside @njit)
    if no_x and no_y:
        return lambda condition, x=None, y=None: nonzero(condition)
    if no_x or no_y:
        raise TypingError("jitarray: either both or neither of x and y should be given")
    common = np.result_type(weak_operand(x), weak_operand(y))
    _dtypes.check_dtype(common, allow_half=False)
    sctype = common.type
    unsigned = np.complex128 if common.itemsize == 16 else _UINT[common.itemsize].type
    cond_is_bool = isinstance(condition, types.Array) and isinstance(condition.dtype, types.Boolean)

    def impl(condition, x=None, y=None):
        c = np.asarray(condition)
        truth = c if cond_is_bool else c != 0
        xv = np.asarray(x).astype(sctype)
        yv = np.asarray(y).astype(sctype)
        shape = np.broadcast_shapes(truth.shape, xv.shape, yv.shape)
        out = np.empty(shape, sctype)
        if out.size:
            _k.select_serial(_where_flat(truth, shape).view(np.uint8), _where_flat(xv, shape).view(unsigned),
                             _where_flat(yv, shape).view(unsigned), out.reshape(-1).view(unsigned))
        return out

    if all_f_ordered((condition, x, y)):
        # NumPy's result follows F-ordered inputs (as the elementwise functions')
        compute = register_jitable(impl)
        return lambda condition, x=None, y=None: compute(transposed(condition), transposed(x), transposed(y)).T
    return impl
