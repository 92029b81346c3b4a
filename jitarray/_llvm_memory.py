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

Numba also keeps, on every compiled library that was ever linked into another one or
written to the disk cache (``cache=True`` writes each kernel's bitcode for linking), a
second copy of its whole LLVM module: the clone made for linking, whose exported functions
are marked ``linkonce_odr``.  The execution engine already owns the library's own module,
so the clone doubles the IR the process keeps.  A JIT library's module has been compiled
to machine code (``finalize_object``) before it is finalized, and is not changed after that,
so a clone made later is the same as one kept: the clone is made each time it is asked for
and not kept (measured on test_elementwise.py: 938 compiled overloads, 1752 clones kept,
about 95 MB of native memory).  A library loaded from the cache keeps its linking module,
which is then the only IR it has.

Importing this module (``jitarray/__init__.py`` does) installs both changes for every Numba
compilation in the process, not only jitarray's: the code Numba produces is unchanged.  They
are installed only on the Numba release they were written against (0.68), and not at all when
the environment variable ``JITARRAY_NUMBA_PASS_FIX`` is ``0``.
"""

import os

import numba
from numba.core import config
from numba.core.codegen import CPUCodeLibrary, JITCodeLibrary

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


def _module_for_linking_unkept(self):
    """``CPUCodeLibrary._get_module_for_linking`` (Numba 0.68), not keeping the clone it
    makes of a compiled library's module: the next call makes the same clone again."""
    kept = self._shared_module
    module = _numba_module_for_linking(self)
    if kept is None and module is not self._final_module:
        self._shared_module = None
    return module


_numba_module_for_linking = CPUCodeLibrary._get_module_for_linking


def install():
    """Replace Numba's two methods as described above; True when they are in place."""
    if os.environ.get("JITARRAY_NUMBA_PASS_FIX", "1") == "0" or not numba.__version__.startswith(_NUMBA_SERIES):
        return False
    CPUCodeLibrary._optimize_functions = _optimize_defined_functions
    JITCodeLibrary._get_module_for_linking = _module_for_linking_unkept
    return True


install()
