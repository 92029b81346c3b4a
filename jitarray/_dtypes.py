"""Dtype rules at the Python boundary: the supported table, promotion and conversion.

This is the one place that knows which dtypes jitarray computes in, how inputs are
brought to a kernel (native byte order, ``float16`` widened to ``float32``) and which
dtype a result has.  Promotion rules are asked from NumPy rather than re-typed here.
"""

import numpy as np

#: The dtypes every kernel is compiled for, in NumPy's table order.  Code, tests and
#: benchmarks iterate over this tuple and nothing else.
SUPPORTED_DTYPES = tuple(
    np.dtype(name)
    for name in (
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float32",
        "float64",
        "complex64",
        "complex128",
    )
)

# (kind, itemsize) identifies a supported dtype whatever its character code
# (NumPy has two uint64s, 'L' and 'Q', that compare equal but are distinct objects).
_SUPPORTED_KINDS = frozenset((dt.kind, dt.itemsize) for dt in SUPPORTED_DTYPES)
_FLOAT16 = np.dtype(np.float16)
_FLOAT32 = np.dtype(np.float32)
_SUPPORTED_NAMES = ", ".join(dt.name for dt in SUPPORTED_DTYPES)

# Python scalar types that NumPy 2 treats as "weak" (NEP 50): they take the dtype of
# the array they meet instead of their own default dtype.
PYTHON_SCALARS = (bool, int, float, complex)


def _unsupported(dtype):
    return TypeError(
        f"jitarray does not support dtype {dtype!r}; supported dtypes are "
        f"{_SUPPORTED_NAMES} (and float16 or non-native byte order, converted at the boundary)"
    )


# dtype specifications already checked, mapped to their dtype: a dict look-up is ~20x
# cheaper than the checks, which matters for calls on small arrays.  Only specifications
# that always name the same dtype are kept: dtypes, strings, NumPy's scalar types and the
# Python number types.
_ACCEPTED = {}
_KEYS = (np.dtype, str)


def _cacheable(dtype):
    return isinstance(dtype, _KEYS) or (
        isinstance(dtype, type) and (dtype in PYTHON_SCALARS or issubclass(dtype, np.generic)))


def check_dtype(dtype, allow_half=True):
    """Return ``np.dtype(dtype)`` if jitarray can compute with it, else raise ``TypeError``.

    Non-native byte order is accepted (it is converted at the boundary); ``float16`` is
    accepted unless ``allow_half`` is false.
    """
    if allow_half and isinstance(dtype, _KEYS + (type,)):
        dt = _ACCEPTED.get(dtype)
        if dt is not None:
            return dt
    dt = np.dtype(dtype)
    if (dt.kind, dt.itemsize) in _SUPPORTED_KINDS and dt.fields is None and dt.subdtype is None:
        if _cacheable(dtype):
            _ACCEPTED[dtype] = dt
        return dt
    if allow_half and dt.newbyteorder("=") == _FLOAT16:  # either byte order
        return dt
    raise _unsupported(dt)


def asarray(obj, dtype=None):
    """Convert ``obj`` to an ndarray of a supported dtype without copying arrays.

    A ``set`` is refused (NumPy would silently make a 0-d object array of it).
    """
    if dtype is None and type(obj) is np.ndarray and obj.dtype in _ACCEPTED:
        return obj
    if isinstance(obj, (set, frozenset)):
        raise TypeError("a set has no order and cannot become an array; pass a list or tuple")
    if dtype is not None:
        dtype = check_dtype(dtype)
    if isinstance(obj, np.ndarray) and (dtype is None or obj.dtype == dtype):
        arr = obj
    else:
        arr = np.asarray(obj, dtype=dtype)
    check_dtype(arr.dtype)
    return arr


_COMPUTE = {}


def compute_dtype(dtype):
    """The native dtype a kernel computes in for results of ``dtype``."""
    try:
        return _COMPUTE[dtype]
    except KeyError:
        dt = np.dtype(dtype).newbyteorder("=")
        dt = _COMPUTE[dtype] = _FLOAT32 if dt == _FLOAT16 else dt
        return dt


def for_kernel(arr, dtype=None):
    """``arr`` cast to ``compute_dtype(dtype or arr.dtype)``, copying only when needed."""
    target = compute_dtype(arr.dtype if dtype is None else dtype)
    return arr if arr.dtype == target else arr.astype(target)


def is_python_scalar(obj):
    """True for the Python numbers NumPy 2 treats as weakly typed (NEP 50)."""
    return type(obj) in PYTHON_SCALARS


def operand(obj):
    """Split an elementwise operand into what NumPy's promotion needs.

    Returns ``(array, dtype_or_type)``: a weak Python scalar stays a Python object and is
    described by its type (``int``, ``float``, ...), as ``ufunc.resolve_dtypes`` expects;
    everything else becomes an array described by its dtype.
    """
    if is_python_scalar(obj):
        return obj, type(obj)
    arr = asarray(obj)
    return arr, arr.dtype


def weak_scalar_to(value, dtype):
    """Cast a weak Python scalar to ``dtype`` with NumPy 2's rule.

    An out-of-range Python int raises ``OverflowError`` (``int8_array + 300``), as NumPy does.
    """
    return np.asarray(value, dtype=np.dtype(dtype))
