"""Python lists: exact deep size against the naive ``getsizeof(l[0]) * len(l)`` estimate, and shared elements.

The deep size counts each distinct element object once, the way
``pympler.asizeof.asizeof`` counts it.
"""

import hashlib
import operator
import sys

import numpy as np

from .dtypes import _PYTHON_TYPES
from .tracing import _traced_now, _tracing

__all__ = ["deep_list_bytes"]

# pympler's asizeof rounds every object's size up to a multiple of this
# (its default ``align=8``); the deep size follows it so both agree exactly.
_ALIGN = 8


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
