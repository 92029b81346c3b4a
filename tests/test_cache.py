"""Compiling and caching: several processes filling one cold cache at once (and two adding
entries to one index at the same moment), cached kernels loading without compiling, the
@njit forms reusing the Python path's kernels, and the memory each compilation keeps."""

import gc
import os
import subprocess
import sys

import numba
import numpy as np
from numba.core import types
from numba.core.caching import IndexDataCacheFile
from numba.core.codegen import CPUCodeLibrary
from numba.core.dispatcher import Dispatcher
from numba.core.registry import cpu_target

from _support import assert_same, sample

import jitarray as ja
from jitarray._cache import _KeyedCacheFile
from jitarray._kernels import elementwise as _ke
from jitarray._kernels import reductions as _k
from jitarray._kernels import sorting as _ks
from jitarray._kernels._outline import compiled_types

# Every family's kernels, on a few dtypes; exits non-zero on any wrong result.
_WORK = """
import numpy as np, jitarray as ja
for dt in ("int16", "complex64"):
    x = np.arange(1, 50).astype(dt)
    for got, want in [(ja.add(x, x), np.add(x, x)), (ja.sqrt(x), np.sqrt(x)), (ja.divide(x, 3), np.divide(x, 3)),
                      (ja.arange(40, dtype=dt), np.arange(40, dtype=dt)), (ja.full(5, 3, dt), np.full(5, 3, dt)),
                      (ja.linspace(0, 1, 7), np.linspace(0, 1, 7)), (ja.eye(4, dtype=dt), np.eye(4, dtype=dt)),
                      (ja.reshape(x[:48], (6, 8), order="F"), np.reshape(x[:48], (6, 8), order="F"))]:
        assert got.dtype == want.dtype and np.array_equal(got, want), (dt, got, want)
print("ok")
"""


def _run_together(count, env, cwd=None):
    procs = [subprocess.Popen([sys.executable, "-c", _WORK], env=env, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for _ in range(count)]
    return [(p.wait(timeout=900), p.stdout.read()) for p in procs]


def test_four_processes_share_one_cold_cache(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    for code, output in _run_together(4, env):
        assert code == 0 and output.strip().endswith("ok"), output
    assert any((tmp_path / "cache").rglob("*.nbi")), "the cache was written"
    # and a second round reads what the first wrote
    for code, output in _run_together(2, env):
        assert code == 0 and output.strip().endswith("ok"), output


# One kernel of each family on float64; with "check", fails if anything compiled (NRT's
# module included) or if Numba's compiler context was loaded, its extensions looked for or
# numpy.ma imported (a cached kernel needs none of these).
_FAMILIES = """
import sys
import numpy as np
from numba.core import entrypoints, event
from numba.core.codegen import CPUCodeLibrary
import jitarray as ja
finalized, finalize = [], CPUCodeLibrary.finalize
CPUCodeLibrary.finalize = lambda self: finalized.append(self.name) or finalize(self)
x = np.linspace(-3, 3, 61).reshape(61, 1)[::2] ** 3
calls = [("sum", (x,), {"axis": 0}), ("mean", (x,), {}), ("var", (x,), {}), ("max", (x,), {}), ("any", (x,), {}),
         ("argmax", (x,), {"axis": 0}), ("sort", (x[:, 0],), {}), ("argsort", (x[:, 0],), {"kind": "stable"}),
         ("nonzero", (x,), {}), ("count_nonzero", (x,), {}), ("where", (x > 0, x, 0.0), {}), ("add", (x, x.T), {}),
         ("sqrt", (x * x,), {}), ("arange", (7.0,), {}), ("eye", (4,), {})]
with event.install_recorder("numba:compile") as compiled:
    got = [getattr(ja, name)(*args, **kwargs) for name, args, kwargs in calls]
if sys.argv[1] == "check":
    assert not compiled.buffer, [e.data["dispatcher"].py_func.__qualname__ for _, e in compiled.buffer]
    assert not finalized, finalized
    assert "numba.np.linalg" not in sys.modules, "Numba's compiler context was loaded"
    assert not entrypoints._already_initialized, "Numba's extensions were looked for"
    assert "numpy.ma" not in sys.modules, "numpy.ma was imported"
    import numba  # code compiled now links the runtime that was loaded
    assert (numba.njit(lambda a: np.concatenate((a, a[::-1])))(x) == np.concatenate((x, x[::-1]))).all()
for (name, args, kwargs), result in zip(calls, got):
    want = getattr(np, name)(*args, **kwargs)
    np.testing.assert_array_equal(result, want, strict=not isinstance(want, tuple))
print("ok")
"""


def test_cached_kernels_load_without_compiling():
    # (in the suite's own cache: the first process compiles only what no test has yet)
    for step in ("fill", "check"):
        done = subprocess.run([sys.executable, "-c", _FAMILIES, step], capture_output=True, text=True, timeout=900)
        assert done.returncode == 0 and done.stdout.strip() == "ok", done.stdout + done.stderr


# Kernels the @njit forms call with values that could reach them as literals (a
# `first=0`, an op code, a row count of 1): Numba would compile a second specialisation
# of each, beside the one the Python path compiles and caches.
_ENTRY_KERNELS = {"_fold_kernels.<locals>.serial", "extreme_kernel.<locals>.serial", "logical_kernel.<locals>.serial",
                  "arg_flat", "radix_kernel.<locals>.rows", "merge_kernel.<locals>.rows", "unravel_serial"}


@numba.njit
def _entry_calls(a):
    return (ja.sum(a, axis=0), ja.max(a, axis=1), ja.any(a, axis=0), ja.nanargmin(a.T), ja.nanargmax(a, axis=0),
            ja.argsort(a, axis=0), ja.sort(a.astype(np.complex128), axis=1), ja.nonzero(a))


def _kernel_overloads():
    """``(dispatcher, argument types, compile result)`` of every compiled overload of
    jitarray's kernels in this process."""
    for obj in gc.get_objects():
        try:
            # (a function exec'd without a __name__ in its globals has no module: the README's example)
            if not isinstance(obj, Dispatcher) or not (obj.py_func.__module__ or "").startswith("jitarray._kernels"):
                continue
        except ReferenceError:
            continue
        for sig, cres in list(obj.overloads.items()):
            yield obj, sig, cres


def test_njit_forms_reuse_the_python_paths_kernels():
    a = np.arange(12.0).reshape(3, 4)
    _entry_calls(a)
    seen = set()
    for kernel, sig, _ in _kernel_overloads():
        name = kernel.py_func.__qualname__
        if name in _ENTRY_KERNELS:
            seen.add(name)
            assert not any(isinstance(t, types.Literal) for t in sig), (name, sig)
    assert seen == _ENTRY_KERNELS


@numba.njit
def _nan_extremes(a):
    return ja.nanmax(a, axis=0), ja.nanmin(a)


def test_nan_extremes_of_integers_run_the_plain_kernels():
    # integers and bools hold no NaN: nanmax/nanmin give max/min's results with max/min's
    # kernels, from Python and inside @njit, and compile no fmax/fmin kernel of their own
    for dtype in ("int16", "bool"):
        a = sample(dtype, (5, 7), 3)
        for got, want in [(ja.nanmax(a, axis=0), np.nanmax(a, axis=0)), (ja.nanmin(a), np.nanmin(a)),
                          (ja.nanmax(a[:, :1]), np.nanmax(a[:, :1]))]:
            assert_same(got, want)
        rows, least = _nan_extremes(a)  # (Numba returns the 0-d result as a Python scalar)
        assert_same(rows, np.nanmax(a, axis=0))
        assert least == np.nanmin(a)
        item = numba.from_dtype(np.dtype(dtype))
        for op in (_k.FMAX, _k.FMIN):
            assert not [sig for sig in _k.extreme_kernel(op).signatures if sig[0].dtype == item], op
    x = sample("float32", (5, 7), 3)
    assert_same(ja.nanmax(x), np.nanmax(x))
    assert [sig for sig in _k.extreme_kernel(_k.FMAX).signatures if sig[0].dtype == numba.float32]


@numba.njit
def _njit_sum_rows(a):
    return ja.sum(a, axis=0)


def test_read_only_inputs_run_the_writable_inputs_kernels():
    # a read-only signature is registered with the machine code compiled for the writable one,
    # from Python and from a user's @njit code alike (without that, each is compiled again)
    a = np.arange(12.0).reshape(3, 4)  # (the dtype and shape of the test above: its kernels are compiled)
    r = a.copy()
    r.flags.writeable = False
    calls = [lambda x: ja.sum(x, axis=0), lambda x: ja.argmax(x, axis=1), lambda x: ja.argsort(x),
             lambda x: ja.add(x, x[::-1]), lambda x: ja.nonzero(x)[1], lambda x: ja.sort(np.broadcast_to(x[0], (3, 4))),
             _njit_sum_rows]
    for call in calls:
        got, want = call(r), call(a)
        assert got.dtype == want.dtype and np.array_equal(got, want)
    read_only = 0
    for kernel, sig, cres in _kernel_overloads():
        compiled = compiled_types(kernel, sig)
        if compiled != sig:
            read_only += any(isinstance(t, types.Array) and not t.mutable for t in sig)
            assert cres.entry_point is kernel.overloads[compiled].entry_point, (kernel.py_func.__qualname__, sig)
    assert read_only >= len(calls)


@numba.njit
def _njit_rows(a):
    return ja.argmax(a, axis=1), ja.argsort(a, axis=1), ja.sort(a, axis=0)


def test_contiguous_and_strided_rows_share_one_compile():
    # the arg and sort kernels take their rows through views of their own: a C-contiguous
    # input and a strided one of the same dtype run one compiled kernel (layout 'A'), from
    # Python and from a user's @njit code alike
    a = sample("uint16", (6, 40), 5)
    views = [a, a[:, ::2], a.T, np.asfortranarray(a)]
    for v in views:
        assert_same(ja.argmax(v, axis=1), np.argmax(v, axis=1))
        assert_same(ja.argsort(v, axis=1), np.argsort(v, axis=1, kind="stable"))
        assert_same(ja.sort(v, axis=0), np.sort(v, axis=0))
        for got, want in zip(_njit_rows(v), (np.argmax(v, axis=1), np.argsort(v, axis=1, kind="stable"),
                                             np.sort(v, axis=0))):
            assert_same(got, want)
    item = numba.from_dtype(a.dtype)
    for kernel in [_k.arg_kernel(_k.ARGMAX, False), _ks.radix_kernel(_ks.PACKED, 2), _ks.radix_kernel(_ks.KEYS, 2)]:
        mine = {sig: cres for sig, cres in kernel.overloads.items() if sig[0].dtype == item}
        assert {sig[0].layout for sig in mine} >= {"C", "A"}, (kernel.py_func.__qualname__, list(mine))
        assert len({id(cres.entry_point) for cres in mine.values()}) == 1, (kernel.py_func.__qualname__, list(mine))


def _wrapping_calls(xp):
    def calls(a, b):
        return (xp.sum(a, axis=0), xp.prod(a, axis=1), xp.sum(a, axis=1, dtype=np.uint64), xp.add(a, b),
                xp.multiply(a, b), xp.any(a, axis=0))

    return calls


def test_signed_and_unsigned_integers_share_one_compile():
    # integer sums, products, adds and multiplies wrap modulo 2**bits, and any/all read only
    # whether an integer is zero: an unsigned array runs the kernel compiled for the signed
    # integers of its width (uint64 sums and int64 sums one kernel, a sum of int32 into uint64
    # the int32 sum's), from Python and from a user's @njit code alike
    calls = [_wrapping_calls(ja), numba.njit(_wrapping_calls(ja))]
    for bits in (16, 64):
        for seed, kind in enumerate(("int", "uint")):
            a = sample(f"{kind}{bits}", (7, 45), seed)
            b = a[::-1, ::-1]
            want = _wrapping_calls(np)(a, b)
            for call in calls:
                for got, expected in zip(call(a, b), want):
                    assert_same(got, expected)
    kernels = [(_k.fold_kernel(_k.SUM, _k.PLAIN, False)[0], 2), (_k.fold_kernel(_k.PROD, _k.PLAIN, False)[0], 2),
               (_ke.binary_kernel(_ke.ADD), 2), (_ke.binary_kernel(_ke.MULTIPLY), 2),
               (_k.logical_kernel(_k.ANY, _k.TRUTH), 0)]
    for kernel, position in kernels:  # position: the result's (wrapping) or the items' (truth)
        unsigned = {sig: cres for sig, cres in kernel.overloads.items()
                    if isinstance(sig[position].dtype, types.Integer) and not sig[position].dtype.signed}
        assert unsigned, kernel.py_func.__qualname__
        for sig, cres in unsigned.items():
            compiled = compiled_types(kernel, sig)
            assert compiled[position].dtype.signed, (kernel.py_func.__qualname__, sig)
            assert cres.entry_point is kernel.overloads[compiled].entry_point, (kernel.py_func.__qualname__, sig)


def test_function_passes_skip_declarations(monkeypatch):
    """The pass builder Numba makes for each function of a module before linking it (each
    one keeps about 18 KB for the life of the process) is built for definitions only."""
    codegen = cpu_target.target_context.codegen()
    built, defined, declared = [], [], []
    numba_builder = type(codegen)._function_pass_manager
    monkeypatch.setattr(type(codegen), "_function_pass_manager",
                        lambda self, **kw: built.append(1) or numba_builder(self, **kw))
    optimize = CPUCodeLibrary._optimize_functions

    def counting(self, ll_module):
        for f in ll_module.functions:
            (declared if f.is_declaration else defined).append(f.name)
        return optimize(self, ll_module)

    monkeypatch.setattr(CPUCodeLibrary, "_optimize_functions", counting)

    @numba.njit
    def allocate(n):
        return np.arange(n).sum()

    assert allocate(4) == 6
    assert declared and len(built) == len(defined) > 0


def test_pass_fix_opt_out():
    code = ("import jitarray, numba.core.codegen as c, jitarray._llvm_memory as m;"
            "print(c.CPUCodeLibrary._optimize_functions is m._optimize_defined_functions)")
    for value, installed in (("0", "False"), ("1", "True")):
        env = dict(os.environ, JITARRAY_NUMBA_PASS_FIX=value)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == installed


def _interleaved_saves(cache_file_class, folder, monkeypatch):
    """Two processes adding one entry each to the same index at once: both read the index
    before either writes it, and their data files land in the other order.  What a third
    process then loads for each key."""
    folder.mkdir()
    first, second = (cache_file_class(str(folder), "kernel-1.py311", ("stamp", 1)) for _ in range(2))
    seen = first._load_index()
    writes = []
    for f in (first, second):
        monkeypatch.setattr(f, "_load_index", lambda: dict(seen))
        monkeypatch.setattr(f, "_save_data", lambda name, data, f=f: writes.append((f, name, data)))
    first.save("key A", "code A")
    second.save("key B", "code B")
    for f, name, data in reversed(writes):
        IndexDataCacheFile._save_data(f, name, data)
    reader = cache_file_class(str(folder), "kernel-1.py311", ("stamp", 1))
    return {key: reader.load(key) for key in ("key A", "key B")}


def test_concurrent_saves_never_pair_a_key_with_another_kernels_code(tmp_path, monkeypatch):
    # Numba numbers the data files: both processes take number 1, and key B gets A's code
    assert _interleaved_saves(IndexDataCacheFile, tmp_path / "numba", monkeypatch)["key B"] == "code A"
    # a file per key: an entry may be dropped (compiled again later), never paired wrongly
    loaded = _interleaved_saves(_KeyedCacheFile, tmp_path / "keyed", monkeypatch)
    assert all(code in (None, "code " + key[-1]) for key, code in loaded.items()), loaded
    assert loaded["key B"] == "code B"


def test_compiled_libraries_keep_no_linking_clone():
    # a compiled kernel's module is cloned for each caller that links it (and for the disk
    # cache), not kept beside the module the execution engine owns; a user's @njit code still
    # links and runs it, and a library loaded from the cache keeps the module it links with
    a = np.arange(12.0).reshape(3, 4)
    assert np.array_equal(_njit_sum_rows(a), a.sum(axis=0))
    compiled = loaded = 0
    for _, _, cres in _kernel_overloads():
        if cres.library._disable_inspection:  # loaded from the cache: its linking module is all it has
            loaded += 1
            assert cres.library._shared_module is not None
        else:
            compiled += 1
            assert cres.library._shared_module is None
    assert compiled + loaded
