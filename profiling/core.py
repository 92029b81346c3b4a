"""Memory of Python lists against NumPy arrays, and of jitarray kernels.

Every figure is measured, not estimated from a formula: ``sys.getsizeof``
for single objects, ``tracemalloc`` for the bytes that building an object
allocates, and an exact deep size for lists that counts each distinct
element object once, the way ``pympler.asizeof.asizeof`` counts it.
"""

import contextlib
import dataclasses
import hashlib
import operator
import os
import sys
import tracemalloc
import typing

try:
    import resource
except ImportError:  # Windows: no address-space limit to read
    resource = None

import numpy as np

import jitarray
from jitarray import SUPPORTED_DTYPES

__all__ = [
    "DEFAULT_SIZES",
    "KERNEL_CASES",
    "KernelCase",
    "KernelRecord",
    "MemoryRecord",
    "VALUE_KINDS",
    "array_sizes",
    "available_memory",
    "build_array",
    "deep_list_bytes",
    "dtype_info",
    "estimate_bytes",
    "kernel_memory",
    "measure",
    "report",
    "resolve_dtype",
    "tutorial_example",
]

#: Sizes of the default sweep in :func:`report`: 1 to 10**6, one per decade.
DEFAULT_SIZES = tuple(10**k for k in range(7))

#: Names accepted as ``values`` besides an explicit sequence.
VALUE_KINDS = ("range", "random", "zeros")

#: Size of the arrays that :func:`kernel_memory` feeds to the kernels by default.
DEFAULT_KERNEL_SIZE = 10**5

# pympler's asizeof rounds every object's size up to a multiple of this
# (its default ``align=8``); the deep size follows it so both agree exactly.
_ALIGN = 8

_PYTHON_TYPES = {"b": bool, "i": int, "u": int, "f": float, "c": complex}
_C_FLOAT_NAMES = {4: "float", 8: "double"}


@dataclasses.dataclass(frozen=True)
class MemoryRecord:
    """Bytes held by a Python list of ``n`` values and by the equal NumPy array.

    Attributes
    ----------
    dtype, c_type : str
        NumPy dtype name and the matching C type.
    min, max : bool, int or float
        Range of the dtype (of each part, for complex dtypes).
    itemsize : int
        Bytes per array element.
    n : int
        Number of elements.
    values : str
        ``'range'``, ``'random'``, ``'zeros'`` or ``'sequence'``.
    element_type : str
        Python type of the list's elements: bool, int, float or complex.
    distinct_elements : int
        Distinct objects in the list. Below ``n`` when elements repeat one
        of the objects CPython shares (``shared_elements``).
    shared_elements : int
        Elements that are objects CPython shares rather than creates:
        True, False and the cached ints -5..256. Building the list
        allocates nothing for them.
    naive_list_bytes : int
        ``sys.getsizeof(l[0]) * len(l)``, the classic estimate (0 when empty).
    list_container_bytes : int
        ``sys.getsizeof(l)``: the list object and its array of pointers.
    list_deep_bytes : int
        The list plus each distinct element object, as pympler counts them.
    list_traced_bytes : int
        Bytes that building the list allocated and still holds (tracemalloc).
        Cached objects the list only points to were not allocated by it.
    array_data_bytes : int
        ``itemsize * size``.
    array_nbytes : int
        ``ndarray.nbytes``.
    array_getsizeof : int
        ``sys.getsizeof`` of the array: header plus the data it owns.
    array_traced_bytes : int
        Bytes that building the array allocated and still holds (tracemalloc).
    deep_to_nbytes_ratio : float or None
        ``list_deep_bytes / array_nbytes``; None when the array is empty.
    naive_to_deep_ratio : float
        ``naive_list_bytes / list_deep_bytes``: below 1, the naive estimate
        falls short of the true size.
    note : str
        Explains the effect of shared elements; empty when there are none.
    """

    dtype: str
    c_type: str
    min: object
    max: object
    itemsize: int
    n: int
    values: str
    element_type: str
    distinct_elements: int
    shared_elements: int
    naive_list_bytes: int
    list_container_bytes: int
    list_deep_bytes: int
    list_traced_bytes: int
    array_data_bytes: int
    array_nbytes: int
    array_getsizeof: int
    array_traced_bytes: int
    deep_to_nbytes_ratio: object
    naive_to_deep_ratio: float
    note: str


@dataclasses.dataclass(frozen=True)
class KernelRecord:
    """Memory that one call of a jitarray function allocates.

    Attributes
    ----------
    function : str
        Name of the jitarray function.
    dtype : str
        Dtype of the input (or of the requested output, for creation functions).
    n : int
        Number of input (or output) elements.
    output_bytes : int
        Logical size of the result (``nbytes``, summed over tuples).
    retained_bytes : int
        Bytes allocated by the call that the result still holds: about
        ``output_bytes`` for a new array, about 0 for a view.
    peak_bytes : int
        Peak of the bytes allocated during the call.
    temporary_bytes : int
        ``peak_bytes - retained_bytes``: memory used only while the call ran.
    """

    function: str
    dtype: str
    n: int
    output_bytes: int
    retained_bytes: int
    peak_bytes: int
    temporary_bytes: int


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


@contextlib.contextmanager
def _tracing():
    """Trace allocations inside the block, leaving an outer trace running."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        yield
    finally:
        if started:
            tracemalloc.stop()


def _traced_now():
    return tracemalloc.get_traced_memory()[0]


def _align(size):
    return (size + _ALIGN - 1) & -_ALIGN


def deep_list_bytes(lst):
    """Deep size of a list of scalars, counting each distinct object once.

    The same figure as ``pympler.asizeof.asizeof(lst)`` for lists of
    bools, ints, floats and complex numbers (objects that refer to no
    other objects), in a fraction of its time: the list's
    ``sys.getsizeof`` plus the ``sys.getsizeof`` of each distinct element,
    each rounded up to a multiple of 8 bytes as pympler does.

    Parameters
    ----------
    lst : list
        A list of bool, int, float or complex objects.

    Returns
    -------
    size : int
        Deep size in bytes.
    distinct : int
        Number of distinct element objects.
    """
    # Keyed by id: equal values held by different objects count twice,
    # one object held twice (a cached small int) counts once.
    distinct = dict(zip(map(id, lst), lst)).values()
    sizes = np.fromiter(map(sys.getsizeof, distinct), dtype=np.int64, count=len(distinct))
    return _align(sys.getsizeof(lst)) + int(_align(sizes).sum()), len(distinct)


def _sharing_note(n, distinct, shared):
    if not shared:
        return ""
    return (
        f"{shared} of {n} elements are objects CPython shares (True, False and"
        " the ints -5..256): building the list allocated none of them, and the"
        f" deep size counts each distinct object once ({distinct} of them)"
    )


def measure(n, dtype, values="range", seed=0):
    """Measure a list of ``n`` Python values against the equal NumPy array.

    The array is built first, then the list as ``array.tolist()``, so both
    hold the same values and the list holds Python objects of the dtype's
    kind: bool, int, float or complex.

    Parameters
    ----------
    n : int
        Number of elements, 0 or more.
    dtype : str, type or numpy.dtype
        One of ``jitarray.SUPPORTED_DTYPES``.
    values : {'range', 'random', 'zeros'} or sequence, optional
        Element values, as :func:`build_array` makes them (``'range'``:
        0, 1, ..., n - 1, wrapping like a C cast where the dtype's range
        ends).
    seed : int, optional
        Seed of ``'random'``.

    Returns
    -------
    MemoryRecord

    Raises
    ------
    TypeError
        For an unsupported dtype.
    ValueError
        For a negative ``n``, unknown ``values``, or a sequence that is not
        ``n`` values convertible to ``dtype``.

    Notes
    -----
    Elements can share objects: CPython keeps a single object for True,
    False and each int in -5..256, so a list of 1000 uint8 values holds
    at most 256 distinct objects, and building it allocates none for the
    cached ones. ``shared_elements``, ``distinct_elements`` and ``note``
    report this.

    Examples
    --------
    >>> r = measure(4, "int64", values=[0, 4, 55, 2])
    >>> r.naive_list_bytes, r.array_nbytes
    (112, 32)
    """
    return _measure(_check_size(n), resolve_dtype(dtype), values, seed, {})


def _list_key(array):
    """A key that is equal for two arrays exactly when their ``tolist()`` are.

    ``tolist()`` turns each element into a Python object whose type
    depends on the dtype's kind and whose size and sharing depend on its
    value alone, so the values, widened to a common dtype, identify the list.
    """
    kind = array.dtype.kind
    wide = {"b": np.bool_, "i": np.int64, "u": np.int64, "f": np.float64, "c": np.complex128}[kind]
    if array.dtype == np.uint64 and array.size and array.max() > np.iinfo(np.int64).max:
        wide = np.uint64
    data = array.astype(wide).tobytes()
    return _PYTHON_TYPES[kind], np.dtype(wide).name, array.size, hashlib.blake2b(data).digest()


def _list_figures(array):
    """Build ``array.tolist()`` under tracemalloc and size the list."""
    with _tracing():
        start = _traced_now()
        lst = array.tolist()
        traced = _traced_now() - start
    deep, distinct = deep_list_bytes(lst)
    # Converting again gives the very same object only where CPython hands
    # out a shared one instead of creating it.
    shared = sum(map(operator.is_, lst, array.tolist()))
    return {
        "distinct_elements": distinct,
        "shared_elements": shared,
        "naive_list_bytes": sys.getsizeof(lst[0]) * len(lst) if lst else 0,
        "list_container_bytes": sys.getsizeof(lst),
        "list_deep_bytes": deep,
        "list_traced_bytes": traced,
    }


def _measure(n, dt, values, seed, list_cache):
    """:func:`measure`, reusing the list figures of an equal list from ``list_cache``.

    Lists of equal values are equal object for object (the int lists of
    int32 and int64 ``range`` values, say), and sizing a list of 10**6
    objects under tracemalloc is the slow part of a sweep.
    """
    source = _build_array(n, dt, values, seed)
    # Only the final copy is traced: the temporaries and random generator
    # behind the values are not part of the array.
    with _tracing():
        start = _traced_now()
        array = source.copy()
        array_traced = _traced_now() - start
    del source
    key = _list_key(array)
    if key not in list_cache:
        list_cache[key] = _list_figures(array)
    figures = list_cache[key]
    deep = figures["list_deep_bytes"]
    return MemoryRecord(
        dtype=dt.name,
        **dtype_info(dt),
        n=n,
        values=values if isinstance(values, str) else "sequence",
        **figures,
        array_data_bytes=array.itemsize * array.size,
        array_nbytes=array.nbytes,
        array_getsizeof=sys.getsizeof(array),
        array_traced_bytes=array_traced,
        deep_to_nbytes_ratio=deep / array.nbytes if array.nbytes else None,
        naive_to_deep_ratio=figures["naive_list_bytes"] / deep,
        note=_sharing_note(n, figures["distinct_elements"], figures["shared_elements"]),
    )


def tutorial_example():
    """The classic tutorial's list ``[0, 4, 55, 2]`` against an int64 array.

    The tutorial estimates the list at ``sys.getsizeof(1) * len(l)`` =
    28 * 4 = 112 bytes and the array at ``itemsize * size`` = 8 * 4 = 32
    bytes. The estimate leaves out the list object and its pointers
    (``list_container_bytes``, 88 bytes on 64-bit CPython); the deep
    size counts both.

    Returns
    -------
    MemoryRecord
    """
    return measure(4, "int64", values=[0, 4, 55, 2])


def _resolve_all(dtypes):
    return [resolve_dtype(d) for d in (SUPPORTED_DTYPES if dtypes is None else dtypes)]


def report(dtypes=None, sizes=None, values="range", seed=0, progress=None):
    """Measure every combination of dtype and size.

    Parameters
    ----------
    dtypes : sequence, optional
        Dtypes to measure; default ``jitarray.SUPPORTED_DTYPES``.
    sizes : sequence of int, optional
        Element counts; default :data:`DEFAULT_SIZES` (1 to 10**6).
    values : {'range', 'random', 'zeros'}, optional
        As in :func:`measure`.
    seed : int, optional
        As in :func:`measure`.
    progress : callable, optional
        Called as ``progress(done, total)`` after each measurement.

    Returns
    -------
    list of MemoryRecord
        Ordered by dtype, then size.

    Raises
    ------
    TypeError
        For an unsupported dtype.
    ValueError
        For a negative size or unknown ``values``.

    Notes
    -----
    The default sweep sizes thirteen lists of up to 10**6 objects under
    tracemalloc. Equal lists (the ``range`` lists of int32 and int64, say)
    are built and sized once and their figures shared.
    """
    if values not in VALUE_KINDS:
        raise ValueError(f"unknown values {values!r}: expected one of {', '.join(VALUE_KINDS)}")
    dts = _resolve_all(dtypes)
    ns = [_check_size(n) for n in (DEFAULT_SIZES if sizes is None else sizes)]
    list_cache = {}
    records = []
    for dt in dts:
        for n in ns:
            records.append(_measure(n, dt, values, seed, list_cache))
            if progress is not None:
                progress(len(records), len(dts) * len(ns))
    return records


# Peak bytes per element of one measurement, from the process's peak RSS (VmHWM) around
# report() at n = 10**6: 200 per int64 or float64 element, 208 per complex128, 215 for
# random uint64, 97 for int8, 17 for bool or uint8 (178 to 190 at 10**7).  Each term below
# is rounded up.
_SLOT_BYTES = 8  # the list's pointer to each element
_TRACE_BYTES = 96  # tracemalloc's record of each object it traces (136 B per int, 40 of them the int and its slot)
_DEEP_BYTES = 64  # deep_list_bytes' id and dict entry for each distinct object (46 measured)
# kernel_memory: the input, the result and the temporaries of argsort (24 B per int64
# element traced, 68 per complex128 element in RSS at n = 4 * 10**6)
_KERNEL_BYTES_PER_ITEM = 4


def _created_per_256(dt, values):
    """Of every 256 elements, how many ``tolist`` creates an object for: none for bool,
    uint8 and int zeros, all objects CPython shares (True, False, the ints -5..256); 123
    for int8, whose range and random values spread evenly over -128..127; all otherwise."""
    if dt.kind == "b" or dt == np.uint8 or (dt.kind in "iu" and values == "zeros"):
        return 0
    return 123 if dt == np.int8 else 256


def _measure_bytes(n, dt, values):
    wide = 16 if dt.kind == "c" else 8
    # the array, kept throughout, and at most its uint64 source or _list_key's two wide copies
    arrays = dt.itemsize + max(8 + dt.itemsize, 2 * wide)
    # pymalloc's block (16-byte steps) of an int (28 bytes below 2**30, 36 from 2**60),
    # float (24) or complex (32)
    obj = 48 if dt.kind in "iu" and dt.itemsize == 8 else 32
    per_object = obj + _TRACE_BYTES + _DEEP_BYTES
    return n * (arrays + _SLOT_BYTES) + n * _created_per_256(dt, values) * per_object // 256


def _kernel_bytes(n, dt):
    return n * (_KERNEL_BYTES_PER_ITEM * max(dt.itemsize, 8) + 16)


def _largest_measurement(dtypes=None, sizes=None, values="range", kernels=False):
    """``(bytes, n, dtype)`` of the measurement that needs the most memory."""
    dts = _resolve_all(dtypes)
    ns = [_check_size(n) for n in (DEFAULT_SIZES if sizes is None else sizes)]
    cases = [(_measure_bytes(n, dt, values), n, dt) for dt in dts for n in ns]
    if kernels:
        cases += [(_kernel_bytes(n, dt), n, dt) for dt in dts for n in ns]
    return max(cases, key=operator.itemgetter(0), default=(0, 0, None))


def estimate_bytes(dtypes=None, sizes=None, values="range", kernels=False):
    """Memory that :func:`report` (and :func:`kernel_memory` with ``kernels``) needs on top
    of what the process holds, estimated without allocating it.

    Each measurement frees its list and arrays before the next, so the estimate is that
    of the largest one: ``n`` times, per element, the array and its temporaries
    (``itemsize + max(8 + itemsize, 16)``; 48 for complex128), the list's pointer (8) and,
    for each object ``tolist`` creates, the object (32 bytes; 48 for 64-bit ints), its
    tracemalloc record (96) and its entry in the deep-size count (64): 240 bytes per int64
    element, 248 per complex128, 25 per bool or uint8, whose elements are shared objects.
    :func:`kernel_memory` needs ``4 * max(itemsize, 8) + 16`` per element, less than that.

    Parameters
    ----------
    dtypes, sizes, values
        As in :func:`report`.
    kernels : bool, optional
        Include :func:`kernel_memory` of the same dtypes and sizes.

    Returns
    -------
    int
        Bytes: 10 to 50% above the peak measured at 10**6 and 10**7 elements.
    """
    return _largest_measurement(dtypes, sizes, values, kernels)[0]


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _cgroup_headroom():
    """Bytes this process's cgroups let it allocate still: the least over its memory
    cgroup and the ones above it of limit - usage + inactive page cache (which the kernel
    reclaims before it refuses memory).  None without a limit."""
    text = _read("/proc/self/cgroup") or ""
    least = None
    for line in text.splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # cgroup v2
            roots = ("/sys/fs/cgroup", "/sys/fs/cgroup/unified")
            names = ("memory.max", "memory.current", "inactive_file")
        elif "memory" in controllers.split(","):  # cgroup v1
            roots = ("/sys/fs/cgroup/memory",)
            names = ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
        else:
            continue
        for root in roots:
            # the process's cgroup and those above it; in a container whose cgroup
            # namespace hides the path, the mount's root is its cgroup
            folder = os.path.normpath(root + path)
            while folder.startswith(root):
                limit, usage = _read(f"{folder}/{names[0]}"), _read(f"{folder}/{names[1]}")
                if limit and usage and limit.strip().isdigit() and int(limit) < 2**60:
                    stat = dict(item.split() for item in (_read(f"{folder}/memory.stat") or "").splitlines())
                    room = int(limit) - int(usage) + int(stat.get(names[2], 0))
                    least = room if least is None else min(least, room)
                folder = os.path.dirname(folder)
    return least


def available_memory():
    """Bytes this process can still allocate, and what bounds it.

    The least of ``MemAvailable`` in /proc/meminfo, the room left under the memory
    limit of the process's cgroup (v2 ``memory.max``, v1 ``memory.limit_in_bytes``) and
    the room left under its address-space limit (``RLIMIT_AS``).

    Returns
    -------
    (int, str) or (None, None)
        The bytes and ``'MemAvailable'``, ``'cgroup memory limit'`` or ``'RLIMIT_AS'``;
        ``(None, None)`` where none of them is known (not Linux, no limits).
    """
    found = []
    for line in (_read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemAvailable:"):
            found.append((int(line.split()[1]) * 1024, "MemAvailable"))
    room = _cgroup_headroom()
    if room is not None:
        found.append((room, "cgroup memory limit"))
    statm = _read("/proc/self/statm")
    if resource is not None and statm:
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            found.append((soft - int(statm.split()[0]) * resource.getpagesize(), "RLIMIT_AS"))
    return min(found, default=(None, None))


def _args(*args, **kwargs):
    return args, kwargs


class KernelCase(typing.NamedTuple):
    """One jitarray function for :func:`kernel_memory` to measure.

    Attributes
    ----------
    name : str
        Name of the function in jitarray.
    build : callable
        ``build(x)`` returns the call's ``(args, kwargs)`` from the input
        array ``x``, which holds ``range`` values of the dtype and size
        being measured.
    kinds : str
        The dtype kinds (``numpy.dtype.kind`` letters) the function is
        measured for; default all of them.
    """

    name: str
    build: typing.Callable
    kinds: str = "biufc"


#: What :func:`kernel_memory` measures: one row per jitarray function.
#: Profiling another function takes one more row.
KERNEL_CASES = (
    KernelCase("ones", lambda x: _args(x.size, x.dtype)),
    # NumPy (and so jitarray) refuses arange of more than two bools.
    KernelCase("arange", lambda x: _args(x.size, dtype=x.dtype), kinds="iufc"),
    KernelCase("add", lambda x: _args(x, x)),
    KernelCase("sqrt", lambda x: _args(x)),
    KernelCase("reshape", lambda x: _args(x, (-1,))),
    KernelCase("sum", lambda x: _args(x)),
    KernelCase("argsort", lambda x: _args(x)),
    KernelCase("nonzero", lambda x: _args(x)),
)


def _output_bytes(result):
    if isinstance(result, (tuple, list)):
        return sum(_output_bytes(r) for r in result)
    return np.asarray(result).nbytes


def kernel_memory(dtypes=None, sizes=(DEFAULT_KERNEL_SIZE,), cases=KERNEL_CASES, progress=None):
    """Peak and temporary memory of jitarray calls, measured with tracemalloc.

    tracemalloc sees the allocations of Numba's runtime as well as
    NumPy's, so the figures cover both. Each call runs once unmeasured
    first, so compilation and first-call caches are not counted. A trace
    started by the caller keeps running, but its peak is reset.

    Parameters
    ----------
    dtypes : sequence, optional
        Dtypes of the inputs; default ``jitarray.SUPPORTED_DTYPES``. Each
        case is measured for those of its ``kinds``.
    sizes : sequence of int, optional
        Input sizes; default ``(10**5,)``.
    cases : sequence of KernelCase, optional
        Default :data:`KERNEL_CASES`.
    progress : callable, optional
        Called as ``progress(done, total)`` after each measurement.

    Returns
    -------
    list of KernelRecord
        One per case, dtype and size, in that order.

    Raises
    ------
    AttributeError
        If a case names a function that jitarray does not have (before
        anything is measured).
    """
    dts = _resolve_all(dtypes)
    ns = [_check_size(n) for n in sizes]
    cases = [KernelCase(*case) for case in cases]
    funcs = {case.name: getattr(jitarray, case.name) for case in cases}
    jobs = [(case, dt, n) for case in cases for dt in dts if dt.kind in case.kinds for n in ns]
    records = []
    for case, dt, n in jobs:
        func = funcs[case.name]
        args, kwargs = case.build(_range_array(n, dt))
        func(*args, **kwargs)  # compiles; not part of the measurement
        with _tracing():
            start = _traced_now()
            tracemalloc.reset_peak()
            result = func(*args, **kwargs)
            current, peak = tracemalloc.get_traced_memory()
        retained, peak = current - start, peak - start
        records.append(
            KernelRecord(
                function=case.name,
                dtype=dt.name,
                n=n,
                output_bytes=_output_bytes(result),
                retained_bytes=retained,
                peak_bytes=peak,
                temporary_bytes=peak - retained,
            )
        )
        del result
        if progress is not None:
            progress(len(records), len(jobs))
    return records


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
