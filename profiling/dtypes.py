"""The dtypes the profiler measures: resolving names, their C types and ranges, and checking sizes."""

import numpy as np

from jitarray import SUPPORTED_DTYPES

__all__ = ["dtype_info", "resolve_dtype"]

_PYTHON_TYPES = {"b": bool, "i": int, "u": int, "f": float, "c": complex}
_C_FLOAT_NAMES = {4: "float", 8: "double"}


def resolve_dtype(dtype):
    """Return the supported ``numpy.dtype`` that ``dtype`` names.

    Parameters
    ----------
    dtype : str, type or numpy.dtype
        Anything ``numpy.dtype`` accepts, naming one of
        ``jitarray.SUPPORTED_DTYPES``.

    Returns
    -------
    numpy.dtype

    Raises
    ------
    TypeError
        If ``dtype`` names no dtype, or one that jitarray does not support
        (the exception NumPy and jitarray raise for dtypes).
    """
    resolved = None
    # np.dtype(None) means float64; an omitted dtype must not pass silently.
    if dtype is not None:
        try:
            resolved = np.dtype(dtype)
        except TypeError:
            pass
    if resolved is None or resolved not in SUPPORTED_DTYPES:
        names = ", ".join(np.dtype(d).name for d in SUPPORTED_DTYPES)
        raise TypeError(f"unsupported dtype {dtype!r}: expected one of {names}")
    return resolved


def dtype_info(dtype):
    """C type and value range of a supported dtype.

    Parameters
    ----------
    dtype : str, type or numpy.dtype

    Returns
    -------
    dict
        ``c_type`` (str), ``min`` and ``max`` (bool, int or float; for
        complex dtypes, the range of each part), ``itemsize`` (int) and
        ``element_type`` (the Python type name of the elements of ``tolist()``).
    """
    dt = resolve_dtype(dtype)
    bits = 8 * dt.itemsize
    if dt.kind == "b":
        c_type, lo, hi = "bool", False, True
    elif dt.kind in "iu":
        c_type = f"{'u' if dt.kind == 'u' else ''}int{bits}_t"
        info = np.iinfo(dt)
        lo, hi = int(info.min), int(info.max)
    else:
        part = np.finfo(dt)  # for complex dtypes: the dtype of each part
        c_type = _C_FLOAT_NAMES[part.dtype.itemsize]
        if dt.kind == "c":
            c_type += " complex"
        lo, hi = float(part.min), float(part.max)
    return {
        "c_type": c_type,
        "min": lo,
        "max": hi,
        "itemsize": dt.itemsize,
        "element_type": _PYTHON_TYPES[dt.kind].__name__,
    }


def _check_size(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"size must be a non-negative integer, got {n!r}")
    return int(n)


def _resolve_all(dtypes):
    return [resolve_dtype(d) for d in (SUPPORTED_DTYPES if dtypes is None else dtypes)]
