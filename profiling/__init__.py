"""Memory profiler: Python lists against typed arrays, and jitarray kernels' temporary memory.

:func:`measure` compares a Python list of ``n`` values with the NumPy array
holding the same values, :func:`report` does so for every supported dtype
and size, :func:`kernel_memory` measures what jitarray calls allocate, and
:func:`array_sizes` separates the logical and owned size of views.
:func:`estimate_bytes` says what a report will need and
:func:`available_memory` what the process can have. The command line
(``jitarray-memreport``, ``python -m profiling``) prints these as tables,
CSV or JSON; its JSON schema is described in :mod:`profiling.__main__`.
"""

from .core import (
    DEFAULT_SIZES,
    KERNEL_CASES,
    VALUE_KINDS,
    KernelCase,
    KernelRecord,
    MemoryRecord,
    array_sizes,
    available_memory,
    build_array,
    deep_list_bytes,
    dtype_info,
    estimate_bytes,
    kernel_memory,
    measure,
    report,
    resolve_dtype,
    tutorial_example,
)
from .plot import plot_records

__all__ = [
    "DEFAULT_SIZES",
    "KERNEL_CASES",
    "VALUE_KINDS",
    "KernelCase",
    "KernelRecord",
    "MemoryRecord",
    "array_sizes",
    "available_memory",
    "build_array",
    "deep_list_bytes",
    "dtype_info",
    "estimate_bytes",
    "kernel_memory",
    "measure",
    "plot_records",
    "report",
    "resolve_dtype",
    "tutorial_example",
]
