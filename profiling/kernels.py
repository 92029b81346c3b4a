"""Memory of jitarray calls: peak, retained and temporary bytes of each call, measured with tracemalloc."""

import dataclasses
import tracemalloc
import typing

import numpy as np

import jitarray

from .arrays import _range_array
from .dtypes import _check_size, _resolve_all
from .tracing import _traced_now, _tracing

__all__ = ["KERNEL_CASES", "KernelCase", "KernelRecord", "kernel_memory"]

#: Size of the arrays that :func:`kernel_memory` feeds to the kernels by default.
DEFAULT_KERNEL_SIZE = 10**5


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
