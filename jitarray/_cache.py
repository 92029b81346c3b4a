"""How jitarray's kernels are cached: where, when Numba finds no place for them; a data file
per entry; loading without refreshing Numba's compiler context.

Numba caches a ``@njit(cache=True)`` function in ``NUMBA_CACHE_DIR`` if set and writable,
else in the ``__pycache__`` folder next to its source file, else in the user-wide cache
folder (``~/.cache/numba`` or ``$XDG_CACHE_HOME/numba``).  With none of these writable (a
read-only install run by a user whose home is read-only: a service account, a container
with a read-only root filesystem) it raises ``RuntimeError("cannot cache function ...: no
locator available")`` while *decorating*, so ``import jitarray`` itself would fail.

Importing this module (the first thing ``jitarray/__init__.py`` does) runs `install`,
which turns that failure, for jitarray's own kernels only, into one warning and a
fallback: a private per-user folder in the system temporary folder, or, when that cannot
be had either, no disk cache at all (every new process then compiles the kernels it uses
again).  Where Numba finds a place itself, nothing else changes and nothing is printed.
Other packages' functions are left to Numba.

Each entry's data file is named after its key (signature, CPU and source hashes), where
Numba numbers them 1, 2, ... in the order they are added.  Numba adds an entry by reading
the index, taking the first free number, and writing the index and then the data file; two
processes adding different entries to one cold cache at once (test workers, a cluster's
workers on a shared folder) can take the same number, and the index then names, for one
kernel, a file holding another's code: the two fold kernels of one dtype, say, whose
closures share one index.  With a file per key, a race can only drop an index entry (the
kernel is compiled again later), never pair a key with another kernel's code.

It also makes the first call of a cached kernel in a new process cheaper, by leaving out
what only a compilation needs:

- Before every load, Numba refreshes its whole compiler context: the first time in a
  process, that imports and registers all of its typing and lowering tables (about 0.1 s,
  measured as 0.11-0.16 s against 0.035-0.06 s for the first call).  Code loaded from the
  cache needs none of that, only the runtime its allocations call (NRT), so jitarray's
  kernels initialise that alone.
- Numba compiles that runtime's LLVM module in every process (about 20 ms).  Its machine
  code is saved beside the kernels, keyed like them on the module's text, the CPU and the
  Numba and llvmlite versions, and later processes load it (about 5 ms).
- Before a dispatcher types its first arguments, Numba scans the installed packages'
  entry points for its extensions (about 9 ms).  Numba's context refresh loads them too,
  before anything compiles, so jitarray's kernels leave it to that.
- Numba's typing of an array first asks whether it is a ``numpy.ma`` masked array, which
  imports ``numpy.ma`` (about 15 ms).  jitarray's kernels type a plain ``np.ndarray`` (no
  subclass, so no masked array) without that question; anything else Numba types itself.

Any compilation still refreshes the context first, as Numba always does, and so loads the
extensions before it.
"""

import functools
import hashlib
import os
import pickle
import stat
import tempfile
import threading
import warnings

import llvmlite
import numba
import numpy as np
from numba.core import errors, types
from numba.core.caching import (CompileResultCacheImpl, FunctionCache, IndexDataCacheFile,
                                UserProvidedCacheLocator)
from numba.core.compiler_lock import global_compiler_lock
from numba.core.dispatcher import Dispatcher
from numba.core.runtime import nrtdynmod, rtsys
from numba.np import numpy_support

_PACKAGE = os.path.dirname(os.path.realpath(__file__))
_lock = threading.Lock()
_chosen = []  # [folder or None], once the fallback has been decided in this process


def _private_folder():
    """``<tmp>/jitarray-numba-cache-<uid>``, created mode 0700; None unless it is a real
    folder owned by this user that no one else can write (cache files are pickles:
    loading ones another user planted would run their code)."""
    try:
        path = os.path.join(tempfile.gettempdir(), f"jitarray-numba-cache-{os.geteuid()}")
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
            return None
        tempfile.TemporaryFile(dir=path).close()  # the same writability test Numba makes
        return path
    except OSError:  # gettempdir raises FileNotFoundError when no temporary folder is writable
        return None


def _fallback_folder():
    """The folder chosen for this process (None: no disk cache), warning once."""
    with _lock:
        if not _chosen:
            folder = _private_folder()
            _chosen.append(folder)
            where = (f"caches them in {folder}" if folder else
                     "cannot cache them: every new process compiles the kernels it uses again")
            warnings.warn(
                "jitarray: Numba found no writable cache folder for its compiled kernels "
                f"(the package folder {_PACKAGE}, NUMBA_CACHE_DIR and the user cache folder are "
                f"all unwritable or unset); jitarray {where}. Set NUMBA_CACHE_DIR to a writable "
                "folder to choose where.",
                RuntimeWarning,
                stacklevel=4,
            )
        return _chosen[0]


class _PrivateLocator(UserProvidedCacheLocator):
    """Numba's ``NUMBA_CACHE_DIR`` locator, rooted at the private fallback folder."""

    def __init__(self, py_func, py_file):
        super().__init__(py_func, py_file)
        self._cache_path = os.path.join(_chosen[0], self.get_suitable_cache_subpath(py_file))

    @classmethod
    def from_function(cls, py_func, py_file):
        # skip UserProvidedCacheLocator's "is NUMBA_CACHE_DIR set" test, keep the rest
        return super(UserProvidedCacheLocator, cls).from_function(py_func, py_file)


class _KeyedCacheFile(IndexDataCacheFile):
    """Numba's index and data files, each entry's data in a file named after its key."""

    def __init__(self, cache_path, filename_base, source_stamp):
        super().__init__(cache_path, filename_base, source_stamp)
        self._filename_base = filename_base

    def save(self, key, data):
        name = f"{self._filename_base}.{hashlib.sha256(repr(key).encode()).hexdigest()[:20]}.nbc"
        self._save_data(name, data)  # first: an index entry never names a missing file
        for _ in range(3):  # another process may rewrite the index meanwhile: add ours again
            overloads = self._load_index()
            if overloads.get(key) == name:
                return
            overloads[key] = name
            self._save_index(overloads)


class _KernelCache(FunctionCache):
    """Numba's cache of one function, loading without refreshing the compiler context, with
    a data file per key (:class:`_KeyedCacheFile`)."""

    def __init__(self, py_func):
        super().__init__(py_func)
        plain = self._cache_file
        self._cache_file = _KeyedCacheFile(plain._cache_path, plain._index_name[:-len(".nbi")], plain._source_stamp)

    def load_overload(self, sig, target_context):
        if not rtsys._init:  # (Numba's refresh starts with this)
            _initialize_runtime(target_context, self._cache_file)
        with self._guard_against_spurious_io_errors():
            return self._load_overload(sig, target_context)


def _initialize_runtime(context, cache_file):
    """Numba's ``rtsys.initialize``, with the runtime's compiled module loaded from
    ``cache_file``'s folder, or compiled and saved there."""

    def compile_or_load(context):
        module, library = nrtdynmod.create_nrt_module(context)
        codegen = context.codegen()
        key = repr((str(module), codegen.magic_tuple(), numba.__version__, llvmlite.__version__))
        name = f"jitarray-runtime.{hashlib.sha256(key.encode()).hexdigest()[:20]}.nbc"
        try:
            saved = cache_file._load_data(name)
        except (OSError, EOFError, pickle.UnpicklingError):
            library.enable_object_caching()
            library.add_ir_module(module)
            library.finalize()
            try:
                cache_file._save_data(name, library.serialize_using_object_code())
            except OSError:
                pass
            return library
        return codegen.unserialize_library(saved)

    with global_compiler_lock:  # (rtsys.initialize takes it too: no other thread sees the swap)
        numba_compile = nrtdynmod.compile_nrt_functions
        nrtdynmod.compile_nrt_functions = compile_or_load
        try:
            rtsys.initialize(context)
        finally:
            nrtdynmod.compile_nrt_functions = numba_compile


def _typeof_argument(dispatcher, value):
    """``dispatcher.typeof_pyval(value)``: a plain array typed without Numba's masked-array
    test (see the module's docstring), any other value by Numba."""
    if type(value) is np.ndarray:
        try:
            dtype = numpy_support.from_dtype(value.dtype)
        except errors.NumbaNotImplementedError:
            return Dispatcher.typeof_pyval(dispatcher, value)
        typed = types.Array(dtype, value.ndim, numpy_support.map_layout(value), readonly=not value.flags.writeable)
        dispatcher._types_active_call.add(typed)
        return typed
    return Dispatcher.typeof_pyval(dispatcher, value)


def _no_extension_scan():
    """A kernel dispatcher's ``_compilation_chain_init_hook``: Numba's context refresh loads the
    extensions before anything compiles (see the module's docstring)."""


class _PrivateImpl(CompileResultCacheImpl):
    _locator_classes = (_PrivateLocator,)


class _PrivateCache(_KernelCache):
    _impl_class = _PrivateImpl


def _ours(dispatcher):
    code = getattr(dispatcher.py_func, "__code__", None)
    path = os.path.realpath(code.co_filename) if code else ""
    return path.startswith(_PACKAGE + os.sep)


def install():
    """Wrap Numba's ``Dispatcher.enable_caching`` (what ``njit(cache=True)`` calls) so that
    jitarray's functions get a :class:`_KernelCache`, and Numba's "no locator" failure falls
    back for them as described above."""
    numba_enable_caching = Dispatcher.enable_caching
    if getattr(numba_enable_caching, "_jitarray_fallback", False):
        return

    def enable_caching(self):
        if not _ours(self):
            return numba_enable_caching(self)
        self._compilation_chain_init_hook = _no_extension_scan
        self.typeof_pyval = functools.partial(_typeof_argument, self)
        try:
            self._cache = _KernelCache(self.py_func)  # (all that Numba's enable_caching does)
        except RuntimeError:
            if _fallback_folder() is not None:
                try:
                    self._cache = _PrivateCache(self.py_func)
                except RuntimeError:  # the folder stopped being writable: stay uncached
                    pass
            # otherwise the dispatcher keeps the NullCache it was created with

    enable_caching._jitarray_fallback = True
    enable_caching.__wrapped__ = numba_enable_caching
    Dispatcher.enable_caching = enable_caching


install()
