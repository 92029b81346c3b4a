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
_FLOAT64 = np.dtype(np.float64)
_FLOAT32 = np.dtype(np.float32)
_SUPPORTED_NAMES = ", ".join(dt.name for dt in SUPPORTED_DTYPES)

# Python scalar types that NumPy 2 treats as "weak" (NEP 50): they take the dtype of
# the array they meet instead of their own default dtype.
PYTHON_SCALARS = (bool, int, float, complex)


def dtype_name(dtype):
    """``dtype`` as NumPy users read it: ``object``, ``datetime64[s]``, ``<U3``, ``longdouble``
    (NumPy's own name for the latter, ``float128``, hides that it is x87 extended precision)."""
    if dtype.itemsize == 0 and dtype.kind in "USV":  # a DType class's unsized instance
        return {"U": "str", "S": "bytes", "V": "void"}[dtype.kind]
    return {np.longdouble: "longdouble", np.clongdouble: "clongdouble"}.get(dtype.type, str(dtype))


def _unsupported(dtype):
    return TypeError(
        f"jitarray does not support dtype {dtype_name(dtype)}; supported dtypes are "
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


# NumPy's int64 and uint64 each have two dtype objects that compare (and hash) equal: 'l'
# and 'q' ('L' and 'Q'), NumPy's np.int64 and np.longlong.  Every cache keyed by dtype
# keeps the one it met first, so dtypes are made canonical ('l', 'L') before they are
# kept: an int64 result then never comes back as a longlong because a longlong was seen
# first.  Kernels compute both as int64/uint64; a result takes NumPy's longlong identity
# back per call (`numpy_identity`, `with_identity`), outside every cache.
_CANONICAL = {np.dtype(np.int64): np.dtype(np.int64), np.dtype(np.uint64): np.dtype(np.uint64)}
LONGLONG = {"l": np.dtype(np.longlong), "L": np.dtype(np.ulonglong)}  # by the int64/uint64 char
LONGLONG_TYPES = (type(LONGLONG["l"]), type(LONGLONG["L"]))  # their DType classes


def canonical(dtype):
    """``dtype``, with a native longlong/ulonglong replaced by int64/uint64."""
    return _CANONICAL.get(dtype, dtype)


def numpy_identity(dtype, sources):
    """The dtype object NumPy gives a result of ``dtype`` made from operands of dtypes
    ``sources`` (dtypes, Python types or None): where ``dtype`` is int64 (uint64) and an
    operand is a longlong (ulonglong) of either byte order, NumPy's promotion returns the
    longlong (``q``/``Q``, in ``dtype``'s byte order); otherwise ``dtype`` itself."""
    ll = LONGLONG.get(dtype.char)
    if ll is not None:
        for source in sources:
            if type(source) is type(ll):
                return ll if dtype.isnative else ll.newbyteorder(dtype.byteorder)
    return dtype


def same_dtype(a, b):
    """Whether dtypes ``a`` and ``b`` are one dtype object in all but identity: equal, and
    not an int64 against a longlong (those are equal too, but NumPy promotes the pair to
    the longlong)."""
    return a == b and type(a) is type(b)


def given_identity(dtype, spec):
    """``dtype`` (a result dtype jitarray chose from the ``dtype=`` argument ``spec``) as
    NumPy's object for it: the longlong/ulonglong where ``spec`` names one."""
    return numpy_identity(dtype, (as_dtype(spec),)) if dtype.char in "lL" else dtype


# result_dtype's answers, keyed by the specification's type too: np.dtype('q') and
# np.dtype('l') are equal keys, (LongLongDType, q) and (Int64DType, l) are not
_RESULT_DTYPES = {}


def result_dtype(spec):
    """:func:`check_dtype` of a ``dtype=`` argument that names a result's dtype, as NumPy's
    object for it (``np.zeros(3, np.longlong)`` is a ``q`` array)."""
    if spec is float:  # (the creation functions' default: no key to build)
        return _FLOAT64
    key = (type(spec), spec)
    try:
        return _RESULT_DTYPES[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable specification
        key = None
    dt = given_identity(check_dtype(spec), spec)
    if key is not None and _cacheable(spec):
        _RESULT_DTYPES[key] = dt
    return dt


def with_identity(result, dtype):
    """``result`` (an ndarray, or a NumPy scalar, of ``dtype``'s values) carrying the dtype
    object ``dtype``: a view or scalar of NumPy's longlong/ulonglong where ``dtype`` is
    one; ``result`` itself otherwise."""
    if type(dtype) not in LONGLONG_TYPES or type(result.dtype) is type(dtype):
        return result
    return result.view(dtype) if isinstance(result, np.ndarray) else dtype.type(result)


def as_dtype(spec):
    """``np.dtype(spec)``, DType classes included (``np.dtypes.Float32DType``), as NumPy's
    dtype converter takes them wherever a dtype is taken."""
    if isinstance(spec, type) and issubclass(spec, np.dtype):
        return np.dtype(spec.type)
    return np.dtype(spec)


def check_dtype(dtype, allow_half=True):
    """Return ``np.dtype(dtype)`` if jitarray can compute with it, else raise ``TypeError``.

    Non-native byte order is accepted (it is converted at the boundary); ``float16`` is
    accepted unless ``allow_half`` is false.
    """
    if allow_half and isinstance(dtype, _KEYS + (type,)):
        dt = _ACCEPTED.get(dtype)
        if dt is not None:
            return dt
    dt = canonical(as_dtype(dtype))
    if (dt.kind, dt.itemsize) in _SUPPORTED_KINDS and dt.fields is None and dt.subdtype is None:
        if _cacheable(dtype):
            _ACCEPTED[dtype] = dt
        return dt
    if allow_half and dt.newbyteorder("=") == _FLOAT16:  # either byte order
        return dt
    raise _unsupported(dt)


_NDARRAY_PROTOCOLS = (np.ndarray.__array_function__, np.ndarray.__array_ufunc__)
_PLAIN = frozenset((np.ndarray, np.memmap, list, tuple, *PYTHON_SCALARS))


def foreign(obj):
    """Why NumPy would not compute on ``obj``'s plain values, or None.

    The input policy: plain ndarrays (and ``np.memmap``, an ndarray whose values are
    ordinary memory once mapped), NumPy scalars, Python numbers, nested sequences and
    objects with ``__array__`` are converted.  Any other ndarray subclass (a MaskedArray, a
    matrix, ...) or an object with its own ``__array_function__`` or ``__array_ufunc__``
    (pandas, xarray and Dask objects, ...) is one NumPy hands to that type's own code, whose
    answer may differ from the plain values' (a mask, a pandas ``sum`` skipping NaN): such
    inputs are refused rather than answered differently.
    """
    cls = type(obj)
    if cls in _PLAIN:
        return None
    if isinstance(obj, np.ndarray):
        return "an ndarray subclass"
    for name, plain in zip(("__array_function__", "__array_ufunc__"), _NDARRAY_PROTOCOLS):
        if getattr(cls, name, plain) is not plain:  # (NumPy scalars define neither)
            return f"it defines its own {name}"
    return None


def refuse_foreign(obj):
    """Raise the input policy's ``TypeError`` for ``obj`` if :func:`foreign` finds a reason."""
    why = foreign(obj)
    if why is not None:
        cls = type(obj)
        if cls.__module__.partition(".")[0] == "dask":  # (told apart without importing dask)
            import sys

            from ._table import FUNCTIONS

            public = {f.name for f in FUNCTIONS}
            chunked = {f.name for f in FUNCTIONS if f.family in ("reductions", "sorting", "searching", "elementwise")}
            name, frame = None, sys._getframe(1)
            while frame is not None:  # the outermost public jitarray function called: the user's call
                module = frame.f_globals.get("__name__", "")
                if module.startswith("jitarray.") and module != "jitarray.dask" and frame.f_code.co_name in public:
                    name = frame.f_code.co_name
                frame = frame.f_back
            where = (f"call jitarray.dask.{name}, which runs jitarray's kernels on each chunk" if name in chunked
                     else "jitarray.dask computes reductions, sorts, searches and elementwise functions on chunks")
            raise TypeError(
                f"jitarray{'.' + name if name else ''} does not take Dask arrays ({cls.__module__}."
                f"{cls.__qualname__}; it would pull the whole array into memory): {where}, or pass "
                f"x.compute() if the whole array is meant"
            )
        raise TypeError(
            f"jitarray does not take {cls.__module__}.{cls.__qualname__} inputs ({why}: NumPy would "
            f"hand it to that type's own code, which may answer differently); pass np.asarray(x) "
            f"if its plain values are meant"
        )


def asarray(obj, dtype=None):
    """Convert ``obj`` to an ndarray of a supported dtype without copying arrays.

    A ``set`` is refused (NumPy would silently make a 0-d object array of it), and so is
    an input :func:`foreign` describes.
    """
    if dtype is None and type(obj) is np.ndarray and obj.dtype in _ACCEPTED:
        return obj
    if isinstance(obj, (set, frozenset)):
        raise TypeError("a set has no order and cannot become an array; pass a list or tuple")
    refuse_foreign(obj)
    if dtype is not None:
        dtype = check_dtype(dtype)
    if isinstance(obj, np.ndarray) and (dtype is None or obj.dtype == dtype):
        arr = obj.view(np.ndarray) if type(obj) is np.memmap else obj
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
        dt = canonical(np.dtype(dtype).newbyteorder("="))
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
