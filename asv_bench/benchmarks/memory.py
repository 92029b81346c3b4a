"""Memory benchmarks: a Python list against the equal array, and jitarray calls' temporaries.

Every figure comes from the memory profiler (``profiling``), the same code behind
``jitarray-memreport``, so the dashboard and the report can never disagree. These are
``track_`` benchmarks (asv records the number returned) rather than asv's ``mem_``
benchmarks: ``mem_`` reports pympler's size of a shallow copy of the returned object, not
what a call allocated, and pympler can fail on arrays that do not own their data (see
``profiling.array_sizes``).

Each class measures everything once per run in ``setup_cache`` (one process: 13 lists of
10**5 objects take about 0.4 s, every kernel case about 1 s with a warm Numba cache) and
its ``track_`` methods look the figures up.
"""

import dataclasses

import numpy as np

import jitarray
import profiling

DTYPES = [np.dtype(dt).name for dt in jitarray.SUPPORTED_DTYPES]

# Elements per list and array. At 10**5 the list holds far more objects than CPython
# shares (the ints -5..256, True, False), so the figures show the per-element cost, and
# the whole sweep stays well under a second.
LIST_SIZE = 10**5

# Elements per kernel input: the profiler's own default, as in `jitarray-memreport --kernels`.
KERNEL_SIZE = 10**5
KERNEL_CASES = [case.name for case in profiling.KERNEL_CASES]


class ListVsArray:
    """A Python list of ``LIST_SIZE`` values against the NumPy array holding them."""

    params = [DTYPES]
    param_names = ["dtype"]
    timeout = 300

    def setup_cache(self):
        records = profiling.report(dtypes=DTYPES, sizes=[LIST_SIZE])
        return {r.dtype: dataclasses.asdict(r) for r in records}

    def track_naive_list_bytes(self, records, dtype):
        """``sys.getsizeof(l[0]) * len(l)``, the tutorial's estimate."""
        return records[dtype]["naive_list_bytes"]

    track_naive_list_bytes.unit = "bytes"

    def track_deep_list_bytes(self, records, dtype):
        """The list and each distinct element object, as pympler counts them."""
        return records[dtype]["list_deep_bytes"]

    track_deep_list_bytes.unit = "bytes"

    def track_array_bytes(self, records, dtype):
        """``ndarray.nbytes`` of the array holding the same values."""
        return records[dtype]["array_nbytes"]

    track_array_bytes.unit = "bytes"

    def track_deep_list_to_array_ratio(self, records, dtype):
        """How many times the array's bytes the list really takes."""
        return records[dtype]["deep_to_nbytes_ratio"]

    track_deep_list_to_array_ratio.unit = "ratio"


class KernelMemory:
    """What one call of a jitarray function allocates, on ``KERNEL_SIZE`` elements."""

    params = [KERNEL_CASES, DTYPES]
    param_names = ["function", "dtype"]
    timeout = 600  # setup_cache compiles every case and dtype when the Numba cache is cold

    def setup_cache(self):
        records = profiling.kernel_memory(dtypes=DTYPES, sizes=(KERNEL_SIZE,))
        return {(r.function, r.dtype): dataclasses.asdict(r) for r in records}

    def setup(self, records, function, dtype):
        if (function, dtype) not in records:
            # the profiler skips dtypes a function refuses (arange of bools, as NumPy)
            raise NotImplementedError(f"{function} is not profiled for {dtype}")

    def track_temporary_bytes(self, records, function, dtype):
        """Peak minus what the result keeps: memory used only while the call ran."""
        return records[function, dtype]["temporary_bytes"]

    track_temporary_bytes.unit = "bytes"

    def track_peak_bytes(self, records, function, dtype):
        """Peak of the bytes allocated during the call, the result included."""
        return records[function, dtype]["peak_bytes"]

    track_peak_bytes.unit = "bytes"
