"""Memory of Python lists against NumPy arrays: one measurement, or a sweep over dtypes and sizes.

Every figure is measured, not estimated from a formula: ``sys.getsizeof``
for single objects, ``tracemalloc`` for the bytes that building an object
allocates, and an exact deep size for lists that counts each distinct
element object once, the way ``pympler.asizeof.asizeof`` counts it.
"""

import dataclasses
import sys

from .arrays import VALUE_KINDS, _build_array
from .dtypes import _check_size, _resolve_all, dtype_info, resolve_dtype
from .lists import _list_figures, _list_key, _sharing_note
from .tracing import _traced_now, _tracing

__all__ = ["DEFAULT_SIZES", "MemoryRecord", "measure", "report", "tutorial_example"]

#: Sizes of the default sweep in :func:`report`: 1 to 10**6, one per decade.
DEFAULT_SIZES = tuple(10**k for k in range(7))


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
