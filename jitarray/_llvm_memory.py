"""Less memory kept by every Numba compilation in the process.

Before a compiled module is linked, Numba runs LLVM's function passes on each function in
it, and builds a new LLVM pass builder for each one.  llvmlite gives every pass builder a
pass-instrumentation table that it never frees (about 18 KB: the names of all of LLVM's
passes), so each one stays in memory for the life of the process.  Most functions in a
module are only declarations (the runtime and helper functions it calls), for which the
passes return at once without doing anything: measured on jitarray's reductions, 6004
declarations against 683 definitions.  Skipping the declarations before a pass builder is
built gives the same compiled code and cut the native memory that 45 reduction kernels
kept from 253 MB to 159 MB (the rest is the module pass builders, two per compiled
function, and LLVM's own tables).

Importing this module (``jitarray/__init__.py`` does) installs that skip for every Numba
compilation in the process, not only jitarray's: the code Numba produces is unchanged.  It
is installed only on the Numba release it was written against (0.68), and not at all when
the environment variable ``JITARRAY_NUMBA_PASS_FIX`` is ``0``.
"""

import os

import numba
from numba.core import config
from numba.core.codegen import CPUCodeLibrary

_NUMBA_SERIES = "0.68."


def _optimize_defined_functions(self, ll_module):
    """``CPUCodeLibrary._optimize_functions`` (Numba 0.68), skipping declarations before a
    pass builder is built for them; pass timings, when asked for, keep Numba's own path."""
    if config.LLVM_PASS_TIMINGS:
        return _numba_optimize_functions(self, ll_module)
    ll_module.data_layout = self._codegen._data_layout
    for func in ll_module.functions:
        if not func.is_declaration:
            fpm, pb = self._codegen._function_pass_manager()
            fpm.run(func, pb)


_numba_optimize_functions = CPUCodeLibrary._optimize_functions


def install():
    """Replace Numba's method as described above; True when it is in place."""
    if os.environ.get("JITARRAY_NUMBA_PASS_FIX", "1") == "0" or not numba.__version__.startswith(_NUMBA_SERIES):
        return False
    CPUCodeLibrary._optimize_functions = _optimize_defined_functions
    return True


install()
