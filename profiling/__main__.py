"""Command line: ``jitarray-memreport`` and ``python -m profiling``.

Prints, for each dtype jitarray supports, the memory of a Python list of
``n`` values next to the NumPy array holding the same values, and with
``--kernels`` the temporary memory of jitarray calls. Data goes to stdout
(or ``--output``), messages and the progress bar to stderr. The progress
bar, with the time elapsed and an estimate of the time left, shows only
when a run takes more than a few seconds, whether or not stderr is a
terminal (elsewhere as a whole line every few seconds); ``--no-progress``
silences it. ``--version`` prints the version. Bad arguments
exit with status 2 and one line on stderr, before anything is written;
files are written under a temporary name and renamed into place, so an
interrupted run leaves no partial file.

Before measuring, the run's peak memory is estimated
(:func:`profiling.budget.estimate_bytes`: up to 248 bytes per element of the
largest size) and a run that needs more than the process can have
(:func:`profiling.budget.available_memory`) is refused the same way, unless
``--force``.

Formats
-------
``table`` (default) and ``markdown``
    One row per dtype and size, then the kernel table with ``--kernels``.
``csv``
    Every field of every record, one row each; with ``--kernels`` a blank
    line and a second header and rows for the kernel records follow.
``json``
    The stable schema below.

JSON schema ``jitarray-memreport/1``
------------------------------------
::

    {
      "schema": "jitarray-memreport/1",
      "records": [MemoryRecord, ...],
      "kernels": [KernelRecord, ...]    (empty without --kernels)
    }

Each ``MemoryRecord`` object has these keys (byte counts are integers):

- ``dtype`` (str), ``c_type`` (str), ``min``, ``max`` (bool, int or float:
  the dtype's range, of each part for complex), ``itemsize`` (int),
  ``n`` (int), ``values`` (``"range"``, ``"random"``, ``"zeros"`` or
  ``"sequence"``), ``element_type`` (``"bool"``, ``"int"``, ``"float"``
  or ``"complex"``), ``distinct_elements`` (int), ``shared_elements``
  (int: elements that are objects CPython shares, such as small ints);
- ``naive_list_bytes``: ``sys.getsizeof(l[0]) * len(l)``;
  ``list_container_bytes``: ``sys.getsizeof(l)``; ``list_deep_bytes``:
  the list and each distinct element object, as ``pympler.asizeof``
  counts them; ``list_traced_bytes``: allocated while building the list
  (tracemalloc);
- ``array_data_bytes``: ``itemsize * size``; ``array_nbytes``;
  ``array_getsizeof``; ``array_traced_bytes``: allocated while building
  the array (tracemalloc);
- ``deep_to_nbytes_ratio`` (float, or null for an empty array) and
  ``naive_to_deep_ratio`` (float);
- ``note`` (str): what shared elements change, or ``""`` when there
  are none.

Each ``KernelRecord`` object has the keys ``function`` (str), ``dtype``
(str), ``n`` (int), ``output_bytes`` (the result's ``nbytes``),
``retained_bytes`` (allocated by the call and held by the result),
``peak_bytes`` (peak allocated during the call) and ``temporary_bytes``
(``peak_bytes - retained_bytes``).

Fields are only ever added within ``jitarray-memreport/1``; a change to the
meaning of a field gets a new schema name.
"""

import sys

from .cli import main

__all__ = ["main"]


if __name__ == "__main__":
    sys.exit(main())
