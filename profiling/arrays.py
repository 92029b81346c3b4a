"""Typed arrays: building the arrays that are measured, and the logical and owned size of any array."""

import sys

import numpy as np

from .dtypes import _check_size, resolve_dtype

__all__ = ["VALUE_KINDS", "array_sizes", "build_array"]

#: Names accepted as ``values`` besides an explicit sequence.
VALUE_KINDS = ("range", "random", "zeros")


def _range_array(n, dtype):
    # astype from uint64 keeps the low bits, as a C cast does; bool would
    # take every non-zero value to True, so it gets the low bit explicitly.
    i = np.arange(n, dtype=np.uint64)
    if dtype.kind == "b":
        i &= 1
    return i.astype(dtype)


def _random_array(n, dtype, seed):
    rng = np.random.default_rng(seed)
    if dtype.kind == "b":
        return rng.integers(0, 2, size=n).astype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=n, dtype=dtype, endpoint=True)
    if dtype.kind == "f":
        return rng.standard_normal(n).astype(dtype)
    return (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dtype)


def build_array(n, dtype, values="range", seed=0):
    """The array that :func:`measure` measures; its ``tolist()`` is the list.

    Parameters
    ----------
    n : int
        Number of elements, 0 or more.
    dtype : str, type or numpy.dtype
        One of ``jitarray.SUPPORTED_DTYPES``.
    values : {'range', 'random', 'zeros'} or sequence, optional
        ``'range'``: 0, 1, ..., n - 1 converted as a C cast converts:
        integer dtypes keep the low bits, so int8 holds 0..127 then
        -128..127 over and over and uint8 0..255 over and over; bool takes
        one bit (``i % 2``: False, True, False, ...); float and complex
        dtypes round to the nearest representable value (exact below 2**24
        for float32).
        ``'random'``: pseudo-random values drawn from ``seed``: uniform over
        the whole range for integer dtypes, standard normal for float and
        complex (each part) dtypes, False or True for bool.
        ``'zeros'``: all zero.
        A sequence of ``n`` values is converted with
        ``numpy.array(values, dtype)``, which refuses out-of-range ints.
    seed : int, optional
        Seed of ``'random'``; the same seed gives the same values.

    Returns
    -------
    numpy.ndarray
        One-dimensional, ``n`` elements of ``dtype``.

    Raises
    ------
    TypeError
        For an unsupported dtype.
    ValueError
        For a negative ``n``, unknown ``values``, or a sequence that is not
        ``n`` values convertible to ``dtype``.
    """
    return _build_array(_check_size(n), resolve_dtype(dtype), values, seed)


def _build_array(n, dtype, values, seed):
    if isinstance(values, str):
        if values == "range":
            return _range_array(n, dtype)
        if values == "random":
            return _random_array(n, dtype, seed)
        if values == "zeros":
            return np.zeros(n, dtype=dtype)
        raise ValueError(
            f"unknown values {values!r}: expected one of {', '.join(VALUE_KINDS)}"
            " or a sequence"
        )
    try:
        array = np.array(values, dtype=dtype)
    except (OverflowError, TypeError, ValueError) as exc:
        raise ValueError(f"values do not convert to {dtype.name}: {exc}") from exc
    if array.shape != (n,):
        raise ValueError(f"values must be a flat sequence of n={n} items, got shape {array.shape}")
    return array


def array_sizes(a):
    """Logical and owned sizes of an array, views included.

    Computed from the array's own attributes: no array ever reaches
    pympler, whose ``asizeof`` counts a view's base twice and can fail
    when the first array it sizes does not own its data.

    Parameters
    ----------
    a : numpy.ndarray
        Any array: one that owns its data, a view (slice, transpose,
        reshape), or one whose buffer another object owns, such as the
        arrays Numba's runtime returns.

    Returns
    -------
    dict
        ``nbytes``: logical size, ``itemsize * size``.
        ``owned_bytes``: data bytes the array itself owns (``nbytes`` or 0).
        ``header_bytes``: the array object without owned data; equals
        ``sys.getsizeof`` of an empty array of the same dimensions.
        ``getsizeof``: ``sys.getsizeof(a)`` = header + owned bytes.
        ``owns_data``: ``a.flags.owndata``.
        ``base_nbytes``: ``nbytes`` of the NumPy array that owns the
        buffer a view reads (following ``.base``); None when the array owns
        its data or the owner is not a NumPy array (Numba's runtime, a
        bytes object).
    """
    owns = bool(a.flags.owndata)
    owned = a.nbytes if owns else 0
    total = sys.getsizeof(a)
    owner = a
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    base_nbytes = owner.nbytes if owner is not a and owner.flags.owndata else None
    return {
        "nbytes": a.nbytes,
        "owned_bytes": owned,
        "header_bytes": total - owned,
        "getsizeof": total,
        "owns_data": owns,
        "base_nbytes": base_nbytes,
    }
