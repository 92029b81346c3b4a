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

from .arrays import VALUE_KINDS, array_sizes, build_array
from .budget import available_memory, estimate_bytes
from .compare import DEFAULT_SIZES, MemoryRecord, measure, report, tutorial_example
from .dtypes import dtype_info, resolve_dtype
from .kernels import KERNEL_CASES, KernelCase, KernelRecord, kernel_memory
from .lists import deep_list_bytes
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
