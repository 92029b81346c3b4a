"""Shape manipulation: ``reshape``, ``ravel`` and ``transpose``.

From Python these are metadata operations: NumPy's own view logic decides when a view is
possible, and a copy is made only when NumPy makes one, so results share memory exactly
when NumPy's do.  Inside ``@njit`` (where Numba's ``reshape`` accepts only contiguous arrays
and no ``order``) the same functions work on any layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, SupportsIndex

import numpy as np
from numba import types
from numpy.typing import ArrayLike, NDArray

from . import _dtypes
from ._jit import TypingError, jit_version, literal

__all__ = ["ravel", "reshape", "transpose"]


def reshape(a: ArrayLike, /, shape: SupportsIndex | Sequence[SupportsIndex], order: Literal["A", "C", "F"] = "C", *,
            copy: bool | None = None) -> NDArray[Any]:
    """Give a new shape to an array without changing its data, as ``numpy.reshape``.

    One dimension may be ``-1`` (inferred).  The result is a view whenever NumPy gives a
    view, otherwise a copy; ``copy=False`` raises ``ValueError`` when a copy would be needed
    and ``copy=True`` always copies.

    Parameters
    ----------
    a : array_like
    shape : int or tuple of ints
        The new shape, of ``a``'s size; one dimension may be ``-1``.
    order : {'C', 'F', 'A'}, optional
        The index order elements are read and placed in, as in NumPy (``'A'``: F when ``a``
        is Fortran-contiguous, C otherwise).  Read by NumPy itself: lower case, ``bytes`` and
        ``None`` (C) are taken, ``'K'`` and other strings raise ``ValueError``, other types
        ``TypeError``.
    copy : bool, optional
        ``None`` (default): copy only when needed; ``True``: always copy; ``False``: never
        copy (``ValueError`` when a copy is needed).

    Returns
    -------
    numpy.ndarray
        A view of ``a`` whenever NumPy gives one, otherwise a copy.  A NumPy scalar ``a``
        reshaped to ``()`` gives a NumPy scalar, as in NumPy.

    Notes
    -----
    Inside ``@njit``, ``shape`` is an int or a tuple, ``order`` a constant ``'C'`` or ``'F'``;
    a non-contiguous array is copied first (Numba cannot make such views), and ``copy`` is
    not accepted.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.reshape(ja.arange(6), (2, -1))
    array([[0, 1, 2],
           [3, 4, 5]])
    >>> ja.reshape(ja.arange(99), (3, 31))
    Traceback (most recent call last):
    ...
    ValueError: cannot reshape array of size 99 into shape (3,31)
    """
    return _scalar_stays(np.reshape(_dtypes.asarray(a), shape, order=order, copy=copy), a)


def ravel(a: ArrayLike, order: Literal["K", "A", "C", "F"] = "C") -> NDArray[Any]:
    """Return a contiguous flattened array, as ``numpy.ravel`` (a view when possible).

    Parameters
    ----------
    a : array_like
    order : {'C', 'F', 'A', 'K'}, optional
        The index order elements are read in, as in NumPy (``'A'``: F when ``a`` is
        Fortran-contiguous, C otherwise; ``'K'``: the order they lie in memory).  Read by
        NumPy itself: lower case, ``bytes`` and ``None`` (C) are taken, other strings raise
        ``ValueError``, other types ``TypeError``.

    Returns
    -------
    numpy.ndarray
        1-D, of ``a``'s size and dtype: a view whenever NumPy gives one, otherwise a copy.

    Notes
    -----
    Inside ``@njit`` ``order`` must be a constant ``'C'`` or ``'F'``.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.ravel([[1, 2], [3, 4]], order="F")
    array([1, 3, 2, 4])
    """
    a = _dtypes.asarray(a)
    return np.ravel(a, order=order)


def transpose(a: ArrayLike, axes: SupportsIndex | Sequence[SupportsIndex] | None = None) -> NDArray[Any]:
    """Permute the dimensions of an array (a view), as ``numpy.transpose``.

    ``axes`` is a permutation of ``range(a.ndim)`` (negative axes allowed); ``AxisError``
    for an axis out of range, ``ValueError`` for a repeated axis or wrong length.

    Parameters
    ----------
    a : array_like
    axes : tuple or list of ints, optional
        A permutation of ``range(a.ndim)``: axis ``i`` of the result is axis ``axes[i]`` of
        ``a``.  By default the axes are reversed.

    Returns
    -------
    numpy.ndarray
        A view of ``a`` with its axes permuted (a NumPy scalar ``a`` gives a NumPy scalar, as
        in NumPy).

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.transpose(ja.ones((1, 2, 3))).shape
    (3, 2, 1)
    """
    return _scalar_stays(np.transpose(_dtypes.asarray(a), axes), a)


def _scalar_stays(result, a):
    """``result``, or its item when ``a`` is a NumPy scalar and ``result`` is 0-d: NumPy
    calls the scalar's own ``reshape``/``transpose``, which give a scalar back."""
    return result[()] if result.ndim == 0 and isinstance(a, np.generic) else result


# ------------------------------------------------------------------ inside @njit


def _jit_order(order):
    value = literal(order, "order")
    if value not in ("C", "F"):
        raise TypingError("jitarray: inside @njit, order must be 'C' or 'F'")
    return value == "F"


@jit_version(reshape)
def _reshape_jit(a, shape, order="C"):
    if not isinstance(a, types.Array):
        raise TypingError("jitarray: inside @njit, reshape takes an array")
    fortran = _jit_order(order)

    def impl(a, shape, order="C"):
        if fortran:
            # F-order reshape is a C-order reshape of the reversed axes
            return np.ascontiguousarray(a.T).reshape(shape[::-1]).T
        return np.ascontiguousarray(a).reshape(shape)

    def impl_int(a, shape, order="C"):
        return np.ascontiguousarray(a).reshape(shape)

    return impl_int if isinstance(shape, types.Integer) else impl


@jit_version(ravel)
def _ravel_jit(a, order="C"):
    fortran = _jit_order(order)
    if fortran:
        return lambda a, order="C": np.ravel(np.asarray(a).T)
    return lambda a, order="C": np.ravel(np.asarray(a))


@jit_version(transpose)
def _transpose_jit(a, axes=None):
    if axes is None or isinstance(axes, (types.NoneType, types.Omitted)):
        return lambda a, axes=None: np.transpose(np.asarray(a))
    return lambda a, axes=None: np.transpose(np.asarray(a), axes)
