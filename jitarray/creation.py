"""Array creation: ``array``, ``zeros``/``ones``/``empty``/``full``, the ``*_like`` family,
``arange``, ``linspace``, ``identity`` and ``eye``.

Outputs are allocated by NumPy in Python (which asks the OS for huge pages) and filled by
serial kernels, large outputs in chunks on jitarray's threads (:mod:`jitarray._parallel`).
Fills work on the raw bits of the value, viewed as an unsigned integer of the item's size,
so one compiled kernel per item size serves every dtype, byte order and ``float16`` alike.
"""

from __future__ import annotations

import functools
import inspect
import math
import operator
from collections.abc import Sequence
from typing import Any, Literal, SupportsIndex, overload

import numpy as np
from numba import types
from numpy.typing import ArrayLike, DTypeLike, NDArray

from . import _dtypes
from ._axes import allocate, k_order
from ._docs import fill_docstrings
from ._jit import (
    TypingError,
    dtype_of,
    is_none,
    jit_version,
    literal,
    numpy_dtype,
    weak_operand,
)
from ._kernels import creation as _k
from ._kernels._common import PARALLEL_MIN_SIZE, register_jitable
from ._parallel import bounds, chunks_for, run, run_flags

__all__ = [
    "arange",
    "array",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "identity",
    "linspace",
    "ones",
    "ones_like",
    "zeros",
    "zeros_like",
]

# Parameter descriptions that several docstrings below share (their ``%(name)s`` lines,
# filled by fill_docstrings at the end of this module)
_PARAMETERS = {
    "dtype": """dtype : dtype, optional
    One of :data:`jitarray.SUPPORTED_DTYPES` (or ``float16`` / non-native byte order);
    default ``float64``.""",
    "order": """order : {'C', 'F'}, optional
    Memory layout of the result: C (row-major) or Fortran (column-major) order
    (``'c'``, ``'f'`` and their ``bytes`` too; ``None``: C), read as NumPy reads it:
    ``'A'``, ``'K'`` and other strings raise ``ValueError``, other types ``TypeError``.""",
    "like_subok": """subok : bool, optional
    Accepted as in NumPy; ndarray subclasses are refused as inputs (an ``np.memmap`` is
    taken as a plain array), so the result is always a plain ``numpy.ndarray``.""",
    "like_shape": """shape : int or tuple of ints, optional
    Overrides the result's shape.""",
    "like_a": """a : array_like
    Gives the result's shape and dtype (and, with ``order='K'``, its memory layout).""",
    "like_dtype": """dtype : dtype, optional
    One of :data:`jitarray.SUPPORTED_DTYPES` (or ``float16`` / non-native byte order);
    overrides ``a``'s.""",
    "like_order": """order : {'K', 'A', 'C', 'F'}, optional
    Memory layout of the result, as in NumPy: ``'K'`` follows ``a``'s layout as
    closely as possible, ``'A'`` is F when ``a`` is Fortran-contiguous, C otherwise.
    Inside ``@njit`` ``'K'``, ``'A'`` and ``'C'`` are accepted, and ``'K'`` and ``'A'``
    give an F-ordered result for an array of Numba's layout ``'F'``, a C-contiguous one
    for any other.""",
    "float_dtype": """dtype : dtype, optional
    One of :data:`jitarray.SUPPORTED_DTYPES` (or ``float16`` / non-native byte order);
    ``None`` (default) means ``float64``.""",
}

_BITS = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def _bits(arr):
    """``arr``'s memory as a flat native array whose items hold the same bytes.

    Items of 1 to 8 bytes become unsigned integers of that size; 16-byte complex items
    become native ``complex128`` (the bytes are copied, never interpreted).
    """
    flat = arr.ravel(order="K")  # a view: outputs here are dense, in whatever axis order
    if arr.dtype.itemsize in _BITS:
        return flat.view(_BITS[arr.dtype.itemsize])
    return flat.view(np.complex128)


def _fill_bits(out, value):
    """Fill ``out`` (contiguous in some order) with ``value``, the bits of an ``out.dtype``
    item (see :func:`_value_bits`)."""
    view = _bits(out)
    nchunks = chunks_for(view.size)
    if nchunks == 1:  # no views, no run(): 1.7 us less for full(10, ...)
        _k.fill_serial(view, value)
    else:
        run(_k.fill_serial, [(view[lo:hi], value) for lo, hi in bounds(view.size, nchunks)])
    return out


def _value_bits(value, dtype):
    """The bits (as :func:`_bits` gives them) of ``value`` converted to ``dtype`` exactly as
    NumPy's ``full`` converts its fill value: an out-of-range Python int raises
    ``OverflowError``, other conversions are ``unsafe`` casts (warning as NumPy's do)."""
    kind = type(value)
    if (kind is int or kind is float) and -_CACHED_BELOW < value < _CACHED_BELOW:
        return _cached_bits(kind, value, math.copysign(1.0, value), dtype)
    return _converted_bits(value, dtype)


def _converted_bits(value, dtype):
    cell = np.empty(1, dtype=dtype)
    np.copyto(cell, value, casting="unsafe")
    return _bits(cell)[0]


#: Python ints and floats below this in magnitude convert to every dtype without a warning
#: or an error (float16's largest finite value is 65504; NaN is not below it), so their bits
#: are cached per dtype: ``ones``, ``eye`` and most ``full`` calls skip the conversion
#: (``ones(100)``: 3.4 us -> 1.4 us)
_CACHED_BELOW = 2**15


@functools.lru_cache(maxsize=256)
def _cached_bits(kind, value, sign, dtype):
    # (kind and sign in the key: 1 == 1.0 and 0.0 == -0.0 hash alike)
    return _converted_bits(value, dtype)


def _filled(out, fill_value):
    if type(fill_value) in _dtypes.PYTHON_SCALARS or np.ndim(fill_value) == 0:
        return _fill_bits(out, _value_bits(fill_value, out.dtype))
    # an array-like fill value is broadcast, as NumPy does
    np.copyto(out, fill_value, casting="unsafe")
    return out


_ORDERS = {"C": "C", "c": "C", "F": "F", "f": "F", None: "C"}


def _check_order(order):
    """``'C'`` or ``'F'``: ``order`` read as NumPy's creation functions read it.  ``None``
    is the default C order; a one-letter ``str`` or ``bytes`` of either case names an
    order, of which ``'A'`` and ``'K'`` are refused with ``ValueError``, as is any other
    string; anything else is a ``TypeError``."""
    try:
        return _ORDERS[order]  # (the common case: one lookup)
    except (KeyError, TypeError):  # (TypeError: unhashable)
        pass
    text = order.decode("latin-1") if isinstance(order, bytes) else order
    if not isinstance(text, str):
        raise TypeError(f"order must be str, not {type(order).__name__}")
    if text in _ORDERS:
        return _ORDERS[text]
    if text in ("A", "a", "K", "k"):
        raise ValueError("only 'C' or 'F' order is permitted")
    raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")


# --------------------------------------------------------------------------- array


def array(object: ArrayLike, dtype: DTypeLike | None = None, *, copy: bool | None = True,
          order: Literal["K", "A", "C", "F"] | None = "K", ndmin: int = 0, ndmax: int = np._NoValue,
          overflow: Literal["raise", "wrap"] = "raise") -> NDArray[Any]:
    """Create an array, as ``numpy.array``.

    Parameters
    ----------
    object : array_like
        Nested lists or tuples of numbers, arrays, or scalars.  A ``set`` raises
        ``TypeError`` (NumPy would make a 0-d object array of it).
    dtype : dtype, optional
        One of :data:`jitarray.SUPPORTED_DTYPES` (or ``float16`` / non-native byte order).
    copy, order, ndmin
        As in ``numpy.array``.
    ndmax : int, optional
        As in ``numpy.array`` (NumPy 2.4): the most dimensions to make of nested sequences,
        0 to 64, at least ``ndmin``.  Left out, every nesting level is followed; given, even
        as 0, it is NumPy's limit, and deeper nesting raises NumPy's ``ValueError`` (object
        arrays, which NumPy would make with ``dtype=object``, are not supported).
    overflow : {'raise', 'wrap'}
        ``'raise'`` (NumPy 2): a Python int out of the integer ``dtype``'s range raises
        ``OverflowError``.  ``'wrap'``: integers wrap around modulo ``2**bits`` as a C cast
        does (the behaviour of NumPy 1.x).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Inside ``@njit``: ``dtype`` and ``overflow`` must be constants; ``object`` is an array, a
    tuple or a list Numba can type; ``copy``, ``order`` and ``ndmin`` are not accepted.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.array([1, 2, 3], dtype="int8")
    array([1, 2, 3], dtype=int8)
    >>> ja.array([1, 2, 3, 128], dtype="int8")
    Traceback (most recent call last):
    ...
    OverflowError: Python integer 128 out of bounds for int8
    >>> ja.array([1, 2, 3, 128], dtype="int8", overflow="wrap")
    array([   1,    2,    3, -128], dtype=int8)
    """
    if isinstance(object, (set, frozenset)):
        _dtypes.asarray(object)
    if overflow not in ("raise", "wrap"):
        raise ValueError(f"overflow must be 'raise' or 'wrap' (got {overflow!r})")
    if dtype is not None:
        dtype = _dtypes.result_dtype(dtype)
    limit = {} if ndmax is np._NoValue else {"ndmax": ndmax}
    if overflow == "wrap" and dtype is not None and dtype.kind in "iu":
        raw = np.array(object, copy=copy, order=order, ndmin=ndmin, **limit)
        if raw.dtype.kind == "O":  # (`object` is the argument here, not the builtin)
            # Python ints beyond 64 bits: reduce them modulo 2**64 first, exactly
            raw = np.frompyfunc(lambda v: operator.index(v) % (1 << 64), 1, 1)(raw).astype(np.uint64)
        _dtypes.check_dtype(raw.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            return raw.astype(dtype, order=order)
    result = np.array(object, dtype=dtype, copy=copy, order=order, ndmin=ndmin, **limit)
    _dtypes.check_dtype(result.dtype)
    return result


# ----------------------------------------------------------------- zeros, ones, ...


def empty(shape: SupportsIndex | Sequence[SupportsIndex], dtype: DTypeLike | None = float,
          order: Literal["C", "F"] = "C") -> NDArray[Any]:
    """Return a new array of given shape and type, without initialising entries.

    As ``numpy.empty``; ``dtype`` must be supported (see :data:`jitarray.SUPPORTED_DTYPES`).

    Parameters
    ----------
    shape : int or tuple of ints
    %(dtype)s
    %(order)s

    Returns
    -------
    numpy.ndarray
        Uninitialised.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.empty((2, 3), dtype="int16").shape
    (2, 3)
    """
    return np.empty(shape, _dtypes.result_dtype(dtype), _check_order(order))


def zeros(shape: SupportsIndex | Sequence[SupportsIndex], dtype: DTypeLike | None = float,
          order: Literal["C", "F"] = "C") -> NDArray[Any]:
    """Return a new array of given shape and type, filled with zeros.

    As ``numpy.zeros``.  The memory comes zeroed from the allocator (``calloc``), which no
    kernel can beat, so no kernel runs.

    Parameters
    ----------
    shape : int or tuple of ints
    %(dtype)s
    %(order)s

    Returns
    -------
    numpy.ndarray
        Filled with zeros.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.zeros((2, 2), dtype="uint8")
    array([[0, 0],
           [0, 0]], dtype=uint8)
    """
    return np.zeros(shape, _dtypes.result_dtype(dtype), _check_order(order))


def ones(shape: SupportsIndex | Sequence[SupportsIndex], dtype: DTypeLike | None = None,
         order: Literal["C", "F"] = "C") -> NDArray[Any]:
    """Return a new array of given shape and type, filled with ones.

    As ``numpy.ones`` (``dtype=None`` means ``float64``).

    Parameters
    ----------
    shape : int or tuple of ints
    %(float_dtype)s
    %(order)s

    Returns
    -------
    numpy.ndarray
        Filled with ones.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.ones(3, dtype="complex64")
    array([1.+0.j, 1.+0.j, 1.+0.j], dtype=complex64)
    """
    return full(shape, 1, dtype=float if dtype is None else dtype, order=order)


def full(shape: SupportsIndex | Sequence[SupportsIndex], fill_value: ArrayLike, dtype: DTypeLike | None = None,
         order: Literal["C", "F"] = "C") -> NDArray[Any]:
    """Return a new array of given shape and type, filled with ``fill_value``.

    As ``numpy.full``: ``dtype=None`` takes ``fill_value``'s dtype; a Python int out of the
    integer ``dtype``'s range raises ``OverflowError`` (NumPy 2); other values are cast as
    NumPy casts them (``unsafe``).  An array-like ``fill_value`` is broadcast.

    Parameters
    ----------
    shape : int or tuple of ints
    fill_value : scalar or array_like
        The value of every element, cast to ``dtype`` (``unsafe``; a Python int out of an
        integer ``dtype``'s range raises ``OverflowError``); an array-like value is
        broadcast.
    dtype : dtype, optional
        One of :data:`jitarray.SUPPORTED_DTYPES` (or ``float16`` / non-native byte order);
        ``None`` (default) takes ``fill_value``'s dtype.
    %(order)s

    Returns
    -------
    numpy.ndarray
        Filled with ``fill_value``.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.full((2, 2), 7, dtype="int8")
    array([[7, 7],
           [7, 7]], dtype=int8)
    """
    if dtype is None:
        dtype = _SCALAR_DTYPES.get(type(fill_value))
        if dtype is None:
            fill_value = _dtypes.asarray(fill_value)
            dtype = fill_value.dtype
    out = empty(shape, dtype=dtype, order=order)
    return _filled(out, fill_value)


#: the dtype NumPy gives each Python scalar type whatever its value (an int's depends on it)
_SCALAR_DTYPES = {float: np.dtype(np.float64), complex: np.dtype(np.complex128), bool: np.dtype(np.bool_)}


def empty_like(prototype: ArrayLike, /, dtype: DTypeLike | None = None, order: Literal["K", "A", "C", "F"] | None = "K",
               subok: bool = True, shape: SupportsIndex | Sequence[SupportsIndex] | None = None) -> NDArray[Any]:
    """Return a new uninitialised array with the shape and type of ``prototype``.

    As ``numpy.empty_like`` (byte order and memory order of ``prototype`` kept under ``'K'``).

    Parameters
    ----------
    prototype : array_like
        Gives the result's shape and dtype (and, with ``order='K'``, its memory layout).
    dtype : dtype, optional
        One of :data:`jitarray.SUPPORTED_DTYPES` (or ``float16`` / non-native byte order);
        overrides ``prototype``'s.
    order : {'K', 'A', 'C', 'F'}, optional
        Memory layout of the result, as in NumPy: ``'K'`` follows ``prototype``'s layout as
        closely as possible, ``'A'`` is F when ``prototype`` is Fortran-contiguous, C
        otherwise.
    %(like_subok)s
    %(like_shape)s

    Returns
    -------
    numpy.ndarray
        Uninitialised.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.empty_like(np.ones((2, 3), dtype="uint16")).dtype
    dtype('uint16')
    """
    prototype = _dtypes.asarray(prototype)
    if dtype is not None:
        dtype = _dtypes.result_dtype(dtype)
    return np.empty_like(prototype, dtype=dtype, order=order, subok=subok, shape=shape)


def zeros_like(a: ArrayLike, dtype: DTypeLike | None = None, order: Literal["K", "A", "C", "F"] | None = "K",
               subok: bool = True, shape: SupportsIndex | Sequence[SupportsIndex] | None = None) -> NDArray[Any]:
    """Return an array of zeros with the shape and type of ``a``, as ``numpy.zeros_like``.

    Parameters
    ----------
    %(like_a)s
    %(like_dtype)s
    %(like_order)s
    %(like_subok)s
    %(like_shape)s

    Returns
    -------
    numpy.ndarray
        Filled with zeros.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.zeros_like([[1.5, 2.5]])
    array([[0., 0.]])
    """
    out = empty_like(a, dtype, order, subok, shape)
    return _fill_bits(out, _value_bits(0, out.dtype))


def ones_like(a: ArrayLike, dtype: DTypeLike | None = None, order: Literal["K", "A", "C", "F"] | None = "K",
              subok: bool = True, shape: SupportsIndex | Sequence[SupportsIndex] | None = None) -> NDArray[Any]:
    """Return an array of ones with the shape and type of ``a``, as ``numpy.ones_like``.

    Parameters
    ----------
    %(like_a)s
    %(like_dtype)s
    %(like_order)s
    %(like_subok)s
    %(like_shape)s

    Returns
    -------
    numpy.ndarray
        Filled with ones.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.ones_like(np.zeros((2, 3), dtype=">i4"))
    array([[1, 1, 1],
           [1, 1, 1]], dtype='>i4')
    """
    return full_like(a, 1, dtype, order, subok, shape)


def full_like(a: ArrayLike, fill_value: ArrayLike, dtype: DTypeLike | None = None,
              order: Literal["K", "A", "C", "F"] | None = "K", subok: bool = True,
              shape: SupportsIndex | Sequence[SupportsIndex] | None = None) -> NDArray[Any]:
    """Return an array filled with ``fill_value`` with the shape and type of ``a``.

    As ``numpy.full_like`` (the value is cast with ``unsafe`` casting, Python ints
    range-checked as NumPy 2 does).

    Parameters
    ----------
    %(like_a)s
    fill_value : scalar or array_like
        Cast to the result's dtype (``unsafe``), a Python int range-checked for an integer
        dtype (``OverflowError``); an array-like value is broadcast to the result's shape.
    %(like_dtype)s
    %(like_order)s
    %(like_subok)s
    %(like_shape)s

    Returns
    -------
    numpy.ndarray
        Filled with ``fill_value``.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.full_like(np.arange(3, dtype=np.int8), 100)
    array([100, 100, 100], dtype=int8)
    """
    return _filled(empty_like(a, dtype, order, subok, shape), fill_value)


# ---------------------------------------------------------------- arange / linspace


def _ceil_to_intp(value):
    """NumPy's ``_arange_safe_ceil_to_intp``: its range test is made in float64, where the
    largest intp rounds up to ``2.0**63``, so ``2.0**63`` passes it and then goes through
    C's float-to-int conversion, which NumPy's own cast reproduces (``-2**63`` on x86-64: an
    empty result, as ``numpy.arange(2**63 - 1)`` gives)."""
    ivalue = math.ceil(value) if math.isfinite(value) else value
    if ivalue != ivalue:
        raise ValueError("arange: cannot compute length")
    if not (-(2.0**63) <= ivalue <= 2.0**63):
        raise ValueError("Maximum allowed size exceeded")
    if ivalue < 2**63:  # (an int: exact)
        return ivalue
    with np.errstate(invalid="ignore"):
        return int(np.float64(ivalue).astype(np.intp))


def _arange_length(start, stop, step, is_complex):
    """NumPy's ``_calc_length``: the length, computed with the Python objects given."""
    diff = stop - start
    value = diff / step
    if is_complex and isinstance(value, complex):
        return min(_ceil_to_intp(value.real), _ceil_to_intp(value.imag))
    value = float(value)
    if value == 0 and diff != 0:
        # underflow or division by an infinite step
        return 0 if math.copysign(1.0, value) < 0 else 1
    return _ceil_to_intp(value)


_ARANGE_ARGS = ("start", "stop", "step", "dtype")


def _arange_args(args, kwargs):
    """NumPy's parsing of ``arange``'s arguments (multiarraymodule.c: ``array_arange``):
    ``(start, stop, step, dtype)``, ``stop`` None for the one-bound form."""
    if len(args) > len(_ARANGE_ARGS):
        raise TypeError(f"arange() takes from 0 to 4 positional arguments but {len(args)} were given")
    given = dict(zip(_ARANGE_ARGS, args))
    for name, value in kwargs.items():
        if name not in _ARANGE_ARGS:
            raise TypeError(f"arange() got an unexpected keyword argument '{name}'")
        if name in given:
            raise TypeError(f"argument for arange() given by name ('{name}') and position "
                            f"(position {_ARANGE_ARGS.index(name)})")
        given[name] = value
    if "stop" not in given:
        if not args:
            raise TypeError("arange() requires stop to be specified.")
    elif "start" not in given:  # arange(stop=3): the one-bound form
        given["start"] = given.pop("stop")
    return given["start"], given.get("stop"), given.get("step"), given.get("dtype")


def arange(*args: Any, **kwargs: Any) -> NDArray[Any]:
    """arange([start,] stop[, step,], dtype=None)

    Return evenly spaced values within a given interval, as ``numpy.arange``.

    Every argument form NumPy takes is taken, with NumPy's errors: ``arange(5)``,
    ``arange(1, 5)``, ``arange(stop=3)``, ``arange(start=1, stop=5)``, ``arange(1, 5, 2,
    "int8")``; ``arange(start=3)`` without ``stop`` raises ``TypeError``.

    NumPy's rules are kept exactly: the length is ``ceil((stop - start) / step)`` computed
    with the Python objects given; the first two elements are ``start`` and ``start + step``
    converted to ``dtype``; element ``i >= 2`` is ``first + i * (second - first)`` computed in
    ``dtype`` (so integer results wrap and ``float32`` results round as NumPy's do).
    ``step=0`` raises ``ZeroDivisionError``; ``bool`` works up to length 2.

    Parameters
    ----------
    start_or_stop : int, float or complex
        With ``stop``, the start of the interval; alone, its end (``arange(5)``, starting at
        0).  ``start=`` is also taken by name, as NumPy's parser takes it.
    stop : int, float or complex, optional
        The end of the interval, not included (but rounding in the computed length can
        include it, as in NumPy).
    step : int, float or complex, optional
        The spacing between values (default 1); 0 raises ``ZeroDivisionError``.
    dtype : dtype, optional
        The result's dtype (also taken as the fourth positional argument, as NumPy takes
        it); by default NumPy's promotion of ``intp`` with the arguments' dtypes.

    Returns
    -------
    numpy.ndarray
        1-D, of length ``ceil((stop - start) / step)`` (0 when that is negative).

    Notes
    -----
    Inside ``@njit`` ``dtype`` must be a constant and the length is computed in ``float64``.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.arange(5)
    array([0, 1, 2, 3, 4])
    >>> ja.arange(0.0, 1.0, 0.25, dtype="float32")
    array([0.  , 0.25, 0.5 , 0.75], dtype=float32)
    """
    if not kwargs and len(args) == 1 and type(args[0]) is int and 0 <= args[0] < PARALLEL_MIN_SIZE:
        # arange(n) of a short length n, the commonest call (arange(100): 0.6 us)
        out = np.empty(args[0], np.intp)
        _k.arange_serial(out, 0, 1, 0)
        return out
    if not kwargs and 0 < len(args) <= 3:
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (args + (1,))[:3]
        if (type(start) is int and type(stop) is int and type(step) is int and step
                and -_SMALL_INT < start < _SMALL_INT and -_SMALL_INT < stop < _SMALL_INT
                and -_SMALL_INT < step < _SMALL_INT):
            # Python ints well inside int64 (the common case): the intp result, the length
            # and every value exact, so the kernel writes them all, on this thread for a
            # short result (arange(3, 100): 1.0 us)
            out = np.empty(max(math.ceil((stop - start) / step), 0), np.intp)
            if out.shape[0] < PARALLEL_MIN_SIZE:
                _k.arange_serial(out, start, step, 0)
                return out
            return _arange_fill(out, out, start, step, 0)
    start, stop, step, dtype = _arange_args(args, kwargs)
    if dtype is None:
        # NumPy starts from intp and promotes with each argument's own dtype (object for
        # an int beyond uint64, refused below once the length is known, as NumPy fails first
        # on the length)
        dtype = np.dtype(np.intp)
        for value in (start, stop, step):
            if value is not None:
                dtype = np.promote_types(dtype, np.asarray(value).dtype)
    dtype = _dtypes.as_dtype(dtype)
    if step is None:
        step = 1
    if stop is None:
        start, stop = 0, start
    length = max(_arange_length(start, stop, step, dtype.kind == "c"), 0)
    dtype = _dtypes.result_dtype(dtype)
    out = np.empty(length, dtype=dtype)  # before the bool test: NumPy allocates first
    if length > 2 and dtype.kind == "b":
        raise TypeError("arange() is only supported for booleans when the result has at most length 2.")
    if length:
        out[0] = start
    if length > 1:
        out[1] = start + step
    if length > 2:
        work = _dtypes.for_kernel(out)
        first = work[:2].copy()
        delta = first[1:] - first[:1]
        _arange_fill(out, work, first[0], delta[0], 2)
    return out


#: Python ints of :func:`arange`'s direct path: below this size in magnitude, every value
#: fits int64 and ``ceil((stop - start) / step)``, NumPy's length, is below 2**62, far from
#: the float64 range test of :func:`_ceil_to_intp`
_SMALL_INT = 2**61


def _arange_fill(out, work, first, delta, lo):
    """Items ``lo..`` of ``out`` (whose kernel view is ``work``) as ``first + i * delta``."""
    n = out.shape[0] - lo
    nchunks = chunks_for(n + lo)
    if nchunks == 1:
        _k.arange_serial(work[lo:], first, delta, lo)
    else:
        run(_k.arange_serial, [(work[lo + a:lo + b], first, delta, lo + a) for a, b in bounds(n, nchunks)])
    if work is not out:
        out[lo:] = work[lo:]
    return out


def _linspace_dtype(start, stop):
    """``(start, stop, dt)`` as NumPy's ``_array_converter(...).result_type(ensure_inexact=True)``."""
    values = [v if _dtypes.is_python_scalar(v) else _dtypes.asarray(v) for v in (start, stop)]
    dt = np.result_type(*values, 1.0)
    if all(_dtypes.is_python_scalar(v) for v in values):
        values = [np.asarray(v) for v in values]
    return values[0], values[1], dt


@overload
def linspace(start: ArrayLike, stop: ArrayLike, num: SupportsIndex = 50, endpoint: bool = True,
             retstep: Literal[False] = False, dtype: DTypeLike | None = None,
             axis: SupportsIndex = 0) -> NDArray[Any]: ...
@overload
def linspace(start: ArrayLike, stop: ArrayLike, num: SupportsIndex, endpoint: bool, retstep: Literal[True],
             dtype: DTypeLike | None = None, axis: SupportsIndex = 0) -> tuple[NDArray[Any], Any]: ...
@overload
def linspace(start: ArrayLike, stop: ArrayLike, num: SupportsIndex = 50, endpoint: bool = True, *,
             retstep: Literal[True], dtype: DTypeLike | None = None,
             axis: SupportsIndex = 0) -> tuple[NDArray[Any], Any]: ...
def linspace(start: ArrayLike, stop: ArrayLike, num: SupportsIndex = 50, endpoint: bool = True,
             retstep: bool = False, dtype: DTypeLike | None = None,
             axis: SupportsIndex = 0) -> NDArray[Any] | tuple[NDArray[Any], Any]:
    """Return ``num`` evenly spaced samples over ``[start, stop]``, as ``numpy.linspace``.

    ``start`` and ``stop`` may be scalars or array-likes (broadcast together, samples along
    ``axis``).  The values are bit-identical to NumPy's: sample ``i`` is
    ``i * step + start`` computed in the result's floating dtype (``float32`` inputs give
    ``float32``), with ``stop`` written last when ``endpoint``; an integer ``dtype`` floors.
    ``num < 0`` raises ``ValueError``.

    Parameters
    ----------
    start : array_like
        The first sample: a scalar, or an array-like broadcast together with ``stop``.
    stop : array_like
        The last sample when ``endpoint`` is true; otherwise the end of the interval, not
        included.
    num : int, optional
        The number of samples (default 50); a negative ``num`` raises ``ValueError``.
    endpoint : bool, optional
        Whether ``stop`` is the last sample (default ``True``).
    retstep : bool, optional
        Also return the spacing between samples.
    dtype : dtype, optional
        The result's dtype; by default the floating dtype of ``start`` and ``stop`` together
        (``float64`` for Python numbers and integers).  An integer ``dtype`` floors.
    axis : int, optional
        The axis of the result the samples run along, with array-like ``start`` or ``stop``
        (default 0; -1 puts them last).

    Returns
    -------
    samples : numpy.ndarray
        ``num`` samples along ``axis``.
    step : NumPy scalar or numpy.ndarray
        Only when ``retstep`` is true: the spacing between samples (``nan`` when ``num`` is
        too small for one, an array for array-like endpoints).

    Notes
    -----
    ``float16`` samples are computed with NumPy's own ``float16`` loops (Numba has no
    ``float16`` arithmetic).  With array endpoints the result is laid out in memory as
    NumPy's, which follows the endpoints' memory order (an F-ordered ``start`` gives
    samples whose other axes are F-ordered).  Inside ``@njit`` ``start`` and ``stop`` are
    scalars and ``dtype``, ``endpoint``, ``retstep`` and ``axis`` must be constants.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.linspace(0, 1, 5)
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    >>> ja.linspace(0, 1, 4, endpoint=False, retstep=True)
    (array([0.  , 0.25, 0.5 , 0.75]), np.float64(0.25))
    """
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = (num - 1) if endpoint else num
    if (0 < div and num <= 2**53 and dtype is None and type(axis) is int and axis == 0
            and type(start) in _EXACT_FLOATS and type(stop) in _EXACT_FLOATS and abs(start) <= 2**53
            and abs(stop) <= 2**53):
        # Python numbers, float64 samples (the common call): the same float64 operations as
        # below without NumPy's scalar machinery around them (100 samples: 17 us -> 3.2 us);
        # num exact in float64, so that NumPy's arange(0, num) has num items
        step = (float(stop) - start) / div
        if abs(step) >= _TINY:  # (a subnormal step: NumPy's scalar ops warn of underflow)
            y = np.empty(num)
            if not _linspace_flags(y, np.array((float(start),)), np.array((step,)), 0):
                if endpoint:
                    y[-1] = stop
                return (y, np.float64(step)) if retstep else y
    start, stop, dt = _linspace_dtype(start, stop)
    _dtypes.check_dtype(dt)
    integer_dtype = dtype is not None and np.issubdtype(_dtypes.check_dtype(dtype), np.integer)
    if dtype is None:
        dtype = dt
    delta = np.subtract(stop, start, dtype=type(dt))
    if div > 0:
        step = delta / div
        divide_first = bool(np.any(step == 0))  # NumPy's path for denormal steps
        scale = delta if divide_first else step
    else:
        step, divide_first, scale = np.nan, False, delta
    if dt == np.float16:
        y = _linspace_numpy(num, dt, np.shape(delta), scale, div if divide_first else 0, start)
    else:
        cols = np.shape(delta)
        # NumPy's rows come from arange(0, num), whose length is 0 for num near 2**63
        rows = max(_arange_length(0, num, 1, False), 0)
        y = np.empty((rows,) + cols, dtype=dt)
        start_b = _start_as(start, dt, cols)
        scale_b = np.broadcast_to(np.asarray(scale, dtype=dt), cols).reshape(-1)
        if start_b is None or (y.size and _linspace_flags(y, start_b, scale_b, div if divide_first else 0)):
            # a floating-point error (an infinite endpoint, an overflow): NumPy's own steps,
            # which report it as NumPy does, step by step, under np.errstate
            y = _linspace_numpy(num, dt, cols, scale, div if divide_first else 0, start)
        if cols:
            # NumPy's samples are ``arange(num)[:, None, ...] * scale``: laid out as its
            # iterator orders those two operands (order='K'), which follows the endpoints'
            y = _in_numpy_order(y, np.asarray(scale).strides)
    if endpoint and num > 1:
        y[-1, ...] = stop
    if axis != 0:
        y = np.moveaxis(y, 0, axis)
    if integer_dtype:
        np.floor(y, out=y)
    y = y.astype(dtype, copy=False)
    return (y, step) if retstep else y


#: the Python number types whose values up to 2**53 convert to float64 exactly
_EXACT_FLOATS = (int, float)
_TINY = float(np.finfo(np.float64).smallest_normal)


def _in_numpy_order(y, scale_strides):
    """``y`` (C-ordered samples, axis 0 first) laid out in memory as NumPy's product of the
    sample column and an array ``scale`` of ``scale_strides``."""
    perm = k_order(y.shape, ((y.itemsize,) + (0,) * len(scale_strides), (0,) + scale_strides))
    if perm == tuple(range(y.ndim)):
        return y
    ordered = allocate(y.shape, perm, y.dtype)
    ordered[...] = y
    return ordered


def _start_as(start, dt, cols):
    """``start`` in ``dt``, broadcast to ``cols`` and flat, cast as NumPy's add casts it; or
    ``None`` when that cast reports a floating-point error (a Python number past ``dt``'s
    range; a subnormal Python float casts quietly), left to NumPy's own steps to report.
    An array ``start`` is of a type ``dt`` holds, so only Python numbers are watched."""
    if _dtypes.is_python_scalar(start):
        try:
            with np.errstate(all="raise"):
                start = np.asarray(start, dtype=dt)
        except FloatingPointError:
            return None
    return np.broadcast_to(np.asarray(start, dtype=dt), cols).reshape(-1)


def _linspace_flags(y, start, scale, div):
    """Fill ``y`` (rows, *cols) with the samples, by rows on the threads; the union of the
    chunks' floating-point error bits."""
    rows = y.shape[0]
    y2, start, scale = y.reshape(rows, -1), np.ascontiguousarray(start), np.ascontiguousarray(scale)
    nchunks = chunks_for(y.size)
    parts = bounds(rows, nchunks) if rows >= nchunks else [(0, rows)]  # fewer rows than threads: one
    return run_flags(_k.linspace_serial, [(y2[lo:hi], start, scale, div, lo) for lo, hi in parts if lo < hi])


def _linspace_numpy(num, dt, cols, scale, div, start):
    """NumPy's own sequence of operations for the samples (``float16``'s, and the report
    of a floating-point error)."""
    y = np.arange(0, num, dtype=dt).reshape((-1,) + (1,) * len(cols))
    if div:
        y = y / div
    y = y * scale
    y += start
    return y


# -------------------------------------------------------------------- identity, eye


def eye(N: int, M: int | None = None, k: int = 0, dtype: DTypeLike | None = float,
        order: Literal["C", "F"] = "C") -> NDArray[Any]:
    """Return a 2-D array with ones on the ``k``-th diagonal and zeros elsewhere.

    As ``numpy.eye``.

    Parameters
    ----------
    N : int
        The number of rows.
    M : int, optional
        The number of columns (default: ``N``).
    k : int, optional
        The diagonal: 0 (default) the main one, positive above it, negative below.
    %(dtype)s
    %(order)s

    Returns
    -------
    numpy.ndarray
        Of shape ``(N, M)``.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.eye(2, 3, k=1, dtype="int8")
    array([[0, 1, 0],
           [0, 0, 1]], dtype=int8)
    """
    # (NumPy's order of checks: the sizes as a shape, where a bool is refused, then k)
    M = N if M is None else M
    out = zeros((N, M), dtype=dtype, order=order)
    if k >= M:
        return out
    N, M, k = operator.index(N), operator.index(M), operator.index(k)
    if out.size and -N < k < M:
        view = out if order == "C" else out.T
        one = _value_bits(1, out.dtype)
        bits = _bits(view).reshape(view.shape)
        k = k if order == "C" else -k
        first, last = max(0, -k), min(bits.shape[0], bits.shape[1] - k)  # the rows the diagonal crosses
        nchunks = chunks_for(out.size)
        if nchunks == 1:  # (no run(): eye(10) 3.4 us -> 2.3)
            _k.eye_fill(bits, k, one, first, last)
        else:
            run(_k.eye_fill, [(bits, k, one, first + lo, first + hi) for lo, hi in bounds(last - first, nchunks)
                              if lo < hi])
    return out


def identity(n: int, dtype: DTypeLike | None = None) -> NDArray[Any]:
    """Return the ``n x n`` identity array, as ``numpy.identity`` (``dtype=None``: float64).

    Parameters
    ----------
    n : int
        The number of rows and columns.
    %(float_dtype)s

    Returns
    -------
    numpy.ndarray
        Of shape ``(n, n)``, ones on the main diagonal and zeros elsewhere.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.identity(2, dtype="bool")
    array([[ True, False],
           [False,  True]])
    """
    return eye(n, dtype=float if dtype is None else dtype)


# ------------------------------------------------------------------ inside @njit
# Each typing function resolves the dtype at compile time and returns an implementation
# that allocates with Numba and fills with the same kernels as the Python path.

_ZERO, _TWO = np.int64(0), np.int64(2)  # NumPy scalars, not Python literals: Numba would specialise on those


def _int_limits(dt):
    """``(check, lo, hi)``: whether Python ints must be range-checked for ``dt``, and the range."""
    if dt.kind not in "iu":
        return False, 0, 0
    info = np.iinfo(dt)
    return True, int(info.min), int(info.max)


def _jit_scalar_cast(dt, value_type):
    """A jitted ``cast(value)`` to ``dt`` applying NumPy 2's range check to integer values."""
    sctype = dt.type
    check, lo, hi = _int_limits(dt)
    check = check and isinstance(value_type, types.Integer)
    message = f"Python integer out of bounds for {dt.name}"

    @register_jitable
    def cast(value):
        if check and (value < lo or value > hi):
            raise OverflowError(message)
        return sctype(value)

    return cast


def _jit_dtype(dtype, default):
    dt = dtype_of(dtype, default)
    _dtypes.check_dtype(dt, allow_half=False)
    return dt


def _jit_c_order(order):
    if _check_order(literal(order, "order")) != "C":
        raise TypingError("jitarray: inside @njit only order='C' is supported")


@jit_version(array)
def _array_jit(object, dtype=None, copy=True, order="K", ndmin=0, overflow="raise"):
    mode = literal(overflow, "overflow")
    item = object.dtype if isinstance(object, (types.Array, types.List)) else object
    while isinstance(item, (types.BaseTuple, types.List)):
        item = item.types[0] if isinstance(item, types.BaseTuple) else item.dtype
    dt = _jit_dtype(dtype, numpy_dtype(item))
    sctype = dt.type
    check, lo, hi = _int_limits(dt)
    # NumPy 2 range-checks Python ints only; an integer array is cast (wrapping)
    check = check and mode == "raise" and isinstance(item, types.Integer) and not isinstance(object, types.Array)

    def impl(object, dtype=None, copy=True, order="K", ndmin=0, overflow="raise"):
        raw = np.asarray(object)
        if check:
            for v in raw.ravel():
                if v < lo or v > hi:
                    raise OverflowError("Python integer out of bounds for the requested dtype")
        return raw.astype(sctype)

    return impl


@jit_version(empty)
def _empty_jit(shape, dtype=float, order="C"):
    sctype = _jit_dtype(dtype, float).type
    _jit_c_order(order)
    return lambda shape, dtype=float, order="C": np.empty(shape, sctype)


@jit_version(zeros)
def _zeros_jit(shape, dtype=float, order="C"):
    sctype = _jit_dtype(dtype, float).type
    _jit_c_order(order)
    return lambda shape, dtype=float, order="C": np.zeros(shape, sctype)


@jit_version(full)
def _full_jit(shape, fill_value, dtype=None, order="C"):
    dt = _jit_dtype(dtype, numpy_dtype(fill_value))
    sctype = dt.type
    cast = _jit_scalar_cast(dt, fill_value)
    _jit_c_order(order)

    def impl(shape, fill_value, dtype=None, order="C"):
        out = np.empty(shape, sctype)
        _k.fill_serial(out.reshape(-1), cast(fill_value))
        return out

    return impl


@jit_version(ones)
def _ones_jit(shape, dtype=None, order="C"):
    sctype = _jit_dtype(dtype, float).type
    _jit_c_order(order)

    def impl(shape, dtype=None, order="C"):
        out = np.empty(shape, sctype)
        _k.fill_serial(out.reshape(-1), sctype(1))
        return out

    return impl


def _like_jit(a, dtype, order, shape):
    """Typing helper shared by the ``*_like`` family: ``(dtype, alloc)``, where
    ``alloc(a)`` gives the result, uninitialised, and a flat C-ordered view of all of it."""
    dt = _jit_dtype(dtype, numpy_dtype(a))
    sctype = dt.type
    if literal(order, "order") not in ("K", "A", "C", "k", "a", "c"):
        raise TypingError("jitarray: inside @njit only order='K', 'A' or 'C' is supported")
    if not is_none(shape):
        raise TypingError("jitarray: inside @njit the shape= argument of *_like is not supported")

    if isinstance(a, types.Array) and a.layout == "F" and a.ndim > 1 and literal(order, "order") in "KkAa":
        # NumPy keeps an F-ordered prototype's layout: the transpose of a C-ordered array
        @register_jitable
        def alloc(a):
            out = np.empty(a.T.shape, sctype)
            return out.T, out.reshape(-1)
    else:
        @register_jitable
        def alloc(a):
            out = np.empty(np.shape(a), sctype)
            return out, out.reshape(-1)

    return dt, alloc


@jit_version(empty_like)
def _empty_like_jit(prototype, dtype=None, order="K", subok=True, shape=None):
    alloc = _like_jit(prototype, dtype, order, shape)[1]
    return lambda prototype, dtype=None, order="K", subok=True, shape=None: alloc(prototype)[0]


@jit_version(zeros_like)
def _zeros_like_jit(a, dtype=None, order="K", subok=True, shape=None):
    dt, alloc = _like_jit(a, dtype, order, shape)
    sctype = dt.type

    def impl(a, dtype=None, order="K", subok=True, shape=None):
        out, flat = alloc(a)
        _k.fill_serial(flat, sctype(0))
        return out

    return impl


@jit_version(ones_like)
def _ones_like_jit(a, dtype=None, order="K", subok=True, shape=None):
    dt, alloc = _like_jit(a, dtype, order, shape)
    sctype = dt.type

    def impl(a, dtype=None, order="K", subok=True, shape=None):
        out, flat = alloc(a)
        _k.fill_serial(flat, sctype(1))
        return out

    return impl


@jit_version(full_like)
def _full_like_jit(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    dt, alloc = _like_jit(a, dtype, order, shape)
    cast = _jit_scalar_cast(dt, fill_value)

    def impl(a, fill_value, dtype=None, order="K", subok=True, shape=None):
        out, flat = alloc(a)
        _k.fill_serial(flat, cast(fill_value))
        return out

    return impl


# the signature NumPy states for arange (its parser also takes the keyword forms above)
arange.__signature__ = inspect.Signature([
    inspect.Parameter("start_or_stop", inspect.Parameter.POSITIONAL_ONLY),
    inspect.Parameter("stop", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None),
    inspect.Parameter("step", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=1),
    inspect.Parameter("dtype", inspect.Parameter.KEYWORD_ONLY, default=None),
])


@register_jitable
def _bounds_of_stop(start, stop):
    return 0, stop


@register_jitable
def _bounds_of_start(start, stop):
    return 0, start


@register_jitable
def _bounds_of_both(start, stop):
    return start, stop


@jit_version(arange)
def _arange_jit(start=None, stop=None, step=None, dtype=None):
    if is_none(start) and is_none(stop):
        raise TypingError("arange() requires stop to be specified.")
    # (lo, hi) of the call's form: arange(stop=n), arange(n), arange(start, stop)
    bounds = _bounds_of_stop if is_none(start) else _bounds_of_start if is_none(stop) else _bounds_of_both
    if is_none(dtype):
        dt = np.dtype(np.intp)
        for ty in (start, stop, step):
            if not is_none(ty):
                dt = np.promote_types(dt, numpy_dtype(ty))
    else:
        dt = dtype_of(dtype)
    _dtypes.check_dtype(dt, allow_half=False)
    sctype = dt.type
    is_bool = dt.kind == "b"

    def impl(start=None, stop=None, step=None, dtype=None):
        lo, hi = bounds(start, stop)
        st = 1 if step is None else step
        if st == 0:
            raise ZeroDivisionError("division by zero")
        n = max(0, int(np.ceil(((hi - lo) / st).real)))
        if is_bool and n > 2:
            raise TypeError("arange() is only supported for booleans when the result has at most length 2.")
        out = np.empty(n, sctype)
        if n > 0:
            out[0] = sctype(lo)
        if n > 1:
            out[1] = sctype(lo + st)
        if n > 2:
            _k.arange_serial(out[2:], out[0], out[1] - out[0], _TWO)
        return out

    return impl


@jit_version(linspace)
def _linspace_jit(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if isinstance(start, types.Array) or isinstance(stop, types.Array):
        raise TypingError("jitarray: inside @njit, linspace takes scalar start and stop")
    dt = np.result_type(weak_operand(start), weak_operand(stop), 1.0)
    _dtypes.check_dtype(dt, allow_half=False)
    out_dt = _jit_dtype(dtype, dt)
    ctype, otype = dt.type, out_dt.type
    floor = out_dt.kind in "iu"
    want_step = literal(retstep, "retstep")
    if literal(axis, "axis") not in (0, -1):
        raise TypingError("jitarray: inside @njit, linspace gives 1-D samples (axis 0 or -1)")

    @register_jitable
    def samples(start, stop, num, endpoint):
        if num < 0:
            raise ValueError("Number of samples must be non-negative.")
        div = num - 1 if endpoint else num
        first, last = ctype(start), ctype(stop)
        delta = last - first
        step = delta / ctype(div) if div > 0 else ctype(np.nan)
        divide_first = div > 0 and step == 0
        y = np.empty((num, 1), ctype)
        if num:
            _k.linspace_serial(y, np.full(1, first, ctype), np.full(1, delta if divide_first or div <= 0 else step,
                                                                   ctype), div if divide_first else 0, _ZERO)
        if endpoint and num > 1:
            y[num - 1, 0] = last
        y = y.reshape(num)
        if floor:
            y = np.floor(y)
        return y.astype(otype), step

    if want_step:
        return lambda start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0: samples(
            start, stop, num, endpoint)
    return lambda start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0: samples(
        start, stop, num, endpoint)[0]


@jit_version(eye)
def _eye_jit(N, M=None, k=0, dtype=float, order="C"):
    sctype = _jit_dtype(dtype, float).type
    _jit_c_order(order)

    def impl(N, M=None, k=0, dtype=float, order="C"):
        cols = N if M is None else M
        out = np.zeros((N, cols), sctype)
        _k.eye_fill(out, k, sctype(1), _ZERO, out.shape[0])
        return out

    return impl


@jit_version(identity)
def _identity_jit(n, dtype=None):
    sctype = _jit_dtype(dtype, float).type

    def impl(n, dtype=None):
        out = np.zeros((n, n), sctype)
        _k.eye_fill(out, _ZERO, sctype(1), _ZERO, out.shape[0])
        return out

    return impl


fill_docstrings(globals(), _PARAMETERS)
