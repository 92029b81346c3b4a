"""Reliability: a read-only install, absurd sizes, outputs that overlap inputs, memory over
many calls, and long property runs.

Threads and several processes on one cold cache are covered by test_threads.py and
test_cache.py.  The property tests here (one per family) run the loaded hypothesis profile
(conftest.py: 60 examples); ``JITARRAY_LONG_HYPOTHESIS=N`` runs N examples each (5000 for
any other non-empty value), as does ``HYPOTHESIS_PROFILE=thorough`` (2000):

    JITARRAY_LONG_HYPOTHESIS=5000 pytest tests/test_reliability.py -k property
"""

import contextlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pytest
from _support import address_space_cap, assert_matches, sample
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import jitarray as ja
from jitarray import reductions as jr

# ------------------------------------------------------------------ helpers


def matches(call_ja, call_np, ulps=0):
    """``assert_matches`` (``ulps`` as there) with NumPy's warnings muted and the address
    space capped."""

    def quiet(call):
        def run():
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return call()

        return run

    with address_space_cap():
        assert_matches(quiet(call_ja), quiet(call_np), ulps)


def with_base(fresh, call):
    """A zero-argument call on a fresh base array, returning ``(result, base afterwards)``:
    what an ``out=`` that overlaps an input leaves behind is part of the result."""

    def run():
        base = fresh()
        return call(base), base

    return run


def subprocess_env(**changes):
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


# ------------------------------------------------------------- read-only install

_RO_CHILD = r"""
import json, os, sys, tempfile, warnings
if sys.argv[1] == "nothing":
    tempfile.tempdir = os.environ["HOME"]  # read-only too: no temporary folder either
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import numpy as np
    import jitarray as ja
    from jitarray import reductions
    from jitarray._kernels import elementwise
    x = np.arange(12.0).reshape(3, 4)
    i = np.array([3, 1, 2, 1, 0], np.int64)
    got, want = [ja.add(x, 1.5)], [np.add(x, 1.5)]
    if sys.argv[1] == "tmp":  # one kernel shows the other cases
        got += [reductions.sum(x, axis=0), ja.argsort(i)]
        want += [np.sum(x, axis=0), np.argsort(i, kind="stable")]
print(json.dumps({
    "file": ja.__file__,
    "equal": [bool(g.dtype == w.dtype and np.array_equal(g, w)) for g, w in zip(got, want)],
    "warnings": [[w.category.__name__, str(w.message)] for w in caught if "cach" in str(w.message).lower()],
    "hits": sum(elementwise.binary_kernel(elementwise.ADD).stats.cache_hits.values()),
    "misses": sum(elementwise.binary_kernel(elementwise.ADD).stats.cache_misses.values()),
}))
"""


def _unprivileged():
    """``(command prefix, uid)`` running a command as a user who cannot write what this
    process creates (this user when not root; as root, ``nobody`` through setpriv), or a
    string saying why there is none."""
    if os.geteuid() != 0:
        return [], os.geteuid()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return "running as root and setpriv is missing: no way to test a read-only folder"
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"], 65534


class ReadOnlyInstall:
    """A copy of the installed package in a folder its user cannot write, the folders each
    scenario may write, and the scenarios' processes."""

    def __init__(self, root):
        self.root = root
        self.started = {}
        os.chmod(root, 0o755)  # mkdtemp's 0700 would keep the unprivileged user out
        self.site = os.path.join(root, "site")
        shutil.copytree(os.path.dirname(ja.__file__), os.path.join(self.site, "jitarray"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        self.home_ro = os.path.join(root, "home")
        os.mkdir(self.home_ro)
        self.home_rw, self.tmp_rw = os.path.join(root, "home_rw"), os.path.join(root, "tmp_rw")
        for path in (self.home_rw, self.tmp_rw):
            os.mkdir(path)
            os.chmod(path, 0o1777)  # as /tmp
        for folder, _, files in os.walk(self.site):
            for name in files:
                os.chmod(os.path.join(folder, name), 0o444)
            os.chmod(folder, 0o555)
        os.chmod(self.home_ro, 0o555)

    def start(self, mode, home, tmp):
        env = subprocess_env(HOME=home, TMPDIR=tmp, PYTHONPATH=self.site, NUMBA_CACHE_DIR=None,
                             XDG_CACHE_HOME=None, PYTHONDONTWRITEBYTECODE="1")
        return subprocess.Popen([*self.python, "-c", _RO_CHILD, mode], cwd=self.root, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def start_all(self):
        """Three users at once (each compiles): a writable home, a writable temporary folder
        only, and nothing writable at all.  Returns why they cannot run, or None."""
        unprivileged = _unprivileged()
        if isinstance(unprivileged, str):
            return unprivileged
        prefix, self.uid = unprivileged
        self.python = [*prefix, sys.executable]
        probe = subprocess.run([*self.python, "-c", f"import numba, os; os.listdir({self.site!r})"],
                               cwd=self.root, capture_output=True, text=True, timeout=300, check=False)
        if probe.returncode:
            return f"cannot run this Python as an unprivileged user here: {probe.stderr.strip()[-300:]}"
        self.started = {"home": self.start("home", self.home_rw, self.home_ro),
                        "tmp": self.start("tmp", self.home_ro, self.tmp_rw),
                        "nothing": self.start("nothing", self.home_ro, self.home_ro)}
        return None

    def finish(self, proc, mode, what):
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{what}: the process failed\n{err[-3000:]}"
        report = json.loads(out.strip().splitlines()[-1])
        assert report["file"].startswith(self.site), f"{what}: imported {report['file']}, not the read-only copy"
        assert report["equal"] == [True] * (3 if mode == "tmp" else 1), f"{what}: wrong results {report}"
        return report

    def close(self):
        for proc in self.started.values():
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        for folder, _, _ in os.walk(self.root):
            os.chmod(folder, 0o755)
        shutil.rmtree(self.root, ignore_errors=True)


def _files_under(path):
    return sorted(os.path.relpath(os.path.join(d, f), path) for d, _, fs in os.walk(path) for f in fs)


@pytest.fixture(scope="module", autouse=True)
def early_processes(request):
    """The checks that run in other processes start with this module, so that they compile
    on another core while this process compiles its own kernels (a cold run of this module
    is mostly compiling); each test then collects its result."""
    names = {item.originalname for item in request.session.items if item.module is request.module}
    started = {}
    if "test_read_only_install_falls_back_and_warns_once" in names:
        install = started["read only"] = ReadOnlyInstall(tempfile.mkdtemp(prefix="jitarray-ro-"))
        started["read only: why not"] = install.start_all()
    if "test_empty_reductions_stay_in_bounds" in names:
        cache = started["bounds cache"] = tempfile.mkdtemp(prefix="jitarray-bounds-")
        env = subprocess_env(NUMBA_BOUNDSCHECK="1", NUMBA_CACHE_DIR=cache)
        started["bounds"] = subprocess.Popen([sys.executable, "-c", _BOUNDS_CHILD], env=env,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield started
    if "read only" in started:
        started["read only"].close()
    if "bounds" in started:
        if started["bounds"].poll() is None:
            started["bounds"].kill()
        started["bounds"].communicate()
        shutil.rmtree(started["bounds cache"], ignore_errors=True)


# --------------------------------------------------------------------------- limits

HUGE = [10**13, 2**40, 2**62, 2**63, 2**64]
B40 = 2**40


def red(m):
    """The module with the reductions: ``jitarray.reductions`` or NumPy."""
    return jr if m is ja else m


# (id, call(module)): each call must raise NumPy's exception type or give NumPy's result
LIMITS = [
    ("zeros(1e13)", lambda m: m.zeros(10**13)),
    ("zeros(1e13, int8)", lambda m: m.zeros(10**13, np.int8)),
    ("ones(1e13, complex128)", lambda m: m.ones(10**13, np.complex128)),
    ("empty(1e13).shape", lambda m: m.empty(10**13).shape),
    ("full(1e13, 7)", lambda m: m.full(10**13, 7)),
    ("ones((-1, 3))", lambda m: m.ones((-1, 3))),
    ("zeros((3, -1), int8)", lambda m: m.zeros((3, -1), np.int8)),
    ("full((-1,), 1)", lambda m: m.full((-1,), 1)),
    ("ones((2**40, 2**40))", lambda m: m.ones((B40, B40))),
    ("zeros((2**40, 2**40, 0))", lambda m: m.zeros((B40, B40, 0))),
    ("ones((0, 2**40, 2**40))", lambda m: m.ones((0, B40, B40))),
    ("zeros((0, 2**62))", lambda m: m.zeros((0, 2**62))),
    ("zeros((2**62, 4))", lambda m: m.zeros((2**62, 4))),
    ("zeros(2**63)", lambda m: m.zeros(2**63)),
    ("zeros(2**64)", lambda m: m.zeros(2**64)),
    ("zeros(-2**63)", lambda m: m.zeros(-(2**63))),
    ("ones(2**63 - 1, int8)", lambda m: m.ones(2**63 - 1, np.int8)),
    ("zeros_like(shape=(2**40, 2**40))", lambda m: m.zeros_like(np.ones(3), shape=(B40, B40))),
    ("ones_like(shape=(-1,))", lambda m: m.ones_like(np.ones(3), shape=(-1,))),
    ("full_like(shape=1e13)", lambda m: m.full_like(np.ones(3), 2, shape=10**13)),
    ("empty_like(shape=(0, 2**62)).shape", lambda m: m.empty_like(np.ones(3), shape=(0, 2**62)).shape),
    ("eye(2**32)", lambda m: m.eye(2**32)),
    ("eye(2**40, 0)", lambda m: m.eye(B40, 0)),
    ("eye(-1)", lambda m: m.eye(-1)),
    ("identity(1e13)", lambda m: m.identity(10**13)),
    ("linspace(0, 1, 1e13)", lambda m: m.linspace(0, 1, 10**13)),
    ("linspace(0, 1, -1)", lambda m: m.linspace(0, 1, -1)),
    ("linspace(0, [1, 2], 2**64)", lambda m: m.linspace(0, [1, 2], 2**64)),
    ("arange(1e13)", lambda m: m.arange(10**13)),
    ("arange(0, 1e13, 0.5)", lambda m: m.arange(0, 10**13, 0.5)),
    ("arange(1e18, float32)", lambda m: m.arange(1e18, dtype=np.float32)),
    ("arange(2**62)", lambda m: m.arange(2**62)),
    ("arange(-2**63, 2**63 - 1)", lambda m: m.arange(-(2**63), 2**63 - 1)),
    ("arange(0, 1e300)", lambda m: m.arange(0, 1e300)),
    ("arange(0, 1, 1e-300)", lambda m: m.arange(0, 1, 1e-300)),
    ("arange(0, inf)", lambda m: m.arange(0, float("inf"))),
    ("arange(0, nan)", lambda m: m.arange(0, float("nan"))),
    ("arange(0, 2**63, 2**62)", lambda m: m.arange(0, 2**63, 2**62)),
    ("arange(uint64 max)", lambda m: m.arange(np.uint64(2**64 - 1))),
    ("arange(0, 1e13j)", lambda m: m.arange(0, 10**13 * 1j)),
    ("reshape(6, (2**40, 2**40))", lambda m: m.reshape(np.arange(6), (B40, B40))),
    ("reshape(6, (-1, 2**62))", lambda m: m.reshape(np.arange(6), (-1, 2**62))),
    ("reshape(0, (-1, 2**62))", lambda m: m.reshape(np.zeros(0), (-1, 2**62))),
    ("reshape(0, (2**62, 2**62, 0))", lambda m: m.reshape(np.zeros(0), (2**62, 2**62, 0))),
    ("reshape(6, 1e13)", lambda m: m.reshape(np.arange(6), 10**13)),
    ("reshape(6, 2**63)", lambda m: m.reshape(np.arange(6), 2**63)),
    ("reshape(6, (-1, -1))", lambda m: m.reshape(np.arange(6), (-1, -1))),
    ("reshape(0, (0, -1))", lambda m: m.reshape(np.zeros(0), (0, -1))),
    ("argsort(2**45 broadcast int8)", lambda m: m.argsort(np.broadcast_to(np.int8(1), (2**45,)))),
    ("sort(2**45 broadcast int8)", lambda m: m.sort(np.broadcast_to(np.int8(1), (2**45,)))),
    ("argsort((2**22, 2**22) broadcast, axis=0)", lambda m: m.argsort(np.broadcast_to(1.0, (2**22, 2**22)), axis=0)),
    ("where(2**45 broadcast, 1, 2)", lambda m: m.where(np.broadcast_to(True, (2**45,)), 1, 2)),
    ("add(2**45 broadcast, 1)", lambda m: m.add(np.broadcast_to(np.int8(1), (2**45,)), 1)),
    ("sqrt((2**22, 2**22) broadcast)", lambda m: m.sqrt(np.broadcast_to(1.0, (2**22, 2**22)))),
    ("ravel((2**22, 2**22) broadcast)", lambda m: m.ravel(np.broadcast_to(1.0, (2**22, 2**22)))),
    ("sum((1, 2**45) broadcast, axis=0)", lambda m: red(m).sum(np.broadcast_to(1.0, (1, 2**45)), axis=0)),
    ("argmax((1, 2**45) broadcast, axis=0)", lambda m: red(m).argmax(np.broadcast_to(1.0, (1, 2**45)), axis=0)),
    ("mean((2**40, 0), axis=1)", lambda m: red(m).mean(np.zeros((B40, 0)), axis=1)),
]

# NumPy computes arange's length in float64 and tests it against float64(2**63 - 1), which
# is 2.0**63: a length of 2**63 (give or take 1024) passes the test and the C cast turns it
# into a negative one, so NumPy returns an empty array; linspace inherits this through
# arange(0, num).  NumPy also fails on an absurd length before it refuses an object or
# bool dtype.
LIMITS += [
    ("arange(2**63 - 1)", lambda m: m.arange(2**63 - 1)),
    ("arange(2**63)", lambda m: m.arange(2**63)),
    ("arange(2**62, -2**62, -1)", lambda m: m.arange(2**62, -(2**62), -1)),
    ("linspace(0, 1, 2**63)", lambda m: m.linspace(0, 1, 2**63)),
    ("linspace(0, 1, 2**63 - 512, endpoint=False)", lambda m: m.linspace(0, 1, 2**63 - 512, endpoint=False)),
    ("arange(0, 2**64)", lambda m: m.arange(0, 2**64)),
    ("arange(0, 1e13, bool)", lambda m: m.arange(0, 10**13, dtype=bool)),
]


@pytest.mark.parametrize("call", [pytest.param(call, id=name) for name, call in LIMITS])
def test_limits_match_numpy(call):
    matches(lambda: call(ja), lambda: call(np))


# --------------------------------------------------------------- overlapping out=

_EW_DTYPES = ["int8", "int64", "float64", "complex128", "bool"]
_EW_CASES = {
    "add(x[:-1], x[1:], out=x[1:])": lambda m, x: m.add(x[:-1], x[1:], out=x[1:]),
    "add(x[1:], x[:-1], out=x[:-1])": lambda m, x: m.add(x[1:], x[:-1], out=x[:-1]),
    "add(x[:-2], 1, out=x[2:])": lambda m, x: m.add(x[:-2], 1, out=x[2:]),
    "subtract(x[1:], x[:-1], out=x[:-1])": lambda m, x: m.subtract(x[1:], x[:-1], out=x[:-1]),
    "multiply(x[::-1], x, out=x)": lambda m, x: m.multiply(x[::-1], x, out=x),
    "multiply(x[:-1], x[:-1], out=x[1:])": lambda m, x: m.multiply(x[:-1], x[:-1], out=x[1:]),
    "divide(x[:-1], 3, out=x[1:])": lambda m, x: m.divide(x[:-1], 3, out=x[1:]),
    "sqrt(x[:-1], out=x[1:])": lambda m, x: m.sqrt(x[:-1], out=x[1:]),
    "sqrt(x[::-1], out=x)": lambda m, x: m.sqrt(x[::-1], out=x),
    "add(x[::2], x[1::2], out=x[:n//2])": lambda m, x: m.add(x[::2], x[1::2], out=x[: x.size // 2]),
}


# the multi-threaded path (over PARALLEL_MIN_SIZE items) on one dtype only
@pytest.mark.parametrize(("dtype", "n"), [(dtype, 10) for dtype in _EW_DTYPES] + [("float64", 300_000)])
@pytest.mark.parametrize("case", list(_EW_CASES))
def test_elementwise_out_overlapping_an_input(case, dtype, n):
    fresh = lambda: (np.arange(n) % 97).astype(dtype)
    call = _EW_CASES[case]
    matches(with_base(fresh, lambda x: call(ja, x)), with_base(fresh, lambda x: call(np, x)))


_EW_2D = {
    "add(m, m.T, out=m)": lambda M, m: M.add(m, m.T, out=m),
    "multiply(m.T, m, out=m)": lambda M, m: M.multiply(m.T, m, out=m),
    "sqrt(m.T, out=m)": lambda M, m: M.sqrt(m.T, out=m),
    "add(m[0], m, out=m)": lambda M, m: M.add(m[0], m, out=m),
    "add(m[:, :1], m, out=m)": lambda M, m: M.add(m[:, :1], m, out=m),
    "add(int32, 1, out=view as float32)": lambda M, m: M.add(m.astype(np.int32).ravel(), 1,
                                                              out=m.astype(np.int32).ravel().view(np.float32)),
}


@pytest.mark.parametrize(("dtype", "k"), [("int32", 3), ("float64", 3), ("complex128", 3), ("float64", 300)])
@pytest.mark.parametrize("case", list(_EW_2D))
def test_elementwise_out_overlapping_a_transpose(case, dtype, k):
    fresh = lambda: np.arange(k * k).reshape(k, k).astype(dtype)
    call = _EW_2D[case]
    matches(with_base(fresh, lambda m: call(ja, m)), with_base(fresh, lambda m: call(np, m)))


def test_reinterpreting_out_views():
    def run(m):
        x = np.arange(1, 21, dtype=np.float64)
        return m.sqrt(x[::2], out=x.view(np.complex128)), x

    matches(lambda: run(ja), lambda: run(np))


def _one_product(shapes, out):
    """multiply of one complex128 pair, with the operand shapes and ``out`` (``'x'``: the
    first input itself, ``(shape)``: a new array) given."""

    def call(m):
        x = np.full(shapes[0], 0.34 + 0.42j)
        y = np.full(shapes[1], 0.37 + 0.38j)  # FMA and plain products differ in both parts
        where = x if out == "x" else None if out is None else np.empty(out, complex)
        return m.multiply(x, y, out=where), x

    return call


# NumPy's SIMD complex multiply (fused multiply-adds) refuses a zero output stride, which
# its general iterator gives a single element: a one-element product computed through the
# iterator (operands of different shapes, an out= sharing memory with an input) takes its
# scalar formula and can differ by an ulp from the same product in a fresh array.
@pytest.mark.parametrize(("shapes", "out"), [
    pytest.param(((1,), (1,)), None, id="fresh"),
    pytest.param(((1,), (1,)), (1,), id="separate out"),
    pytest.param(((), ()), None, id="0-d"),
    pytest.param(((1,), (1,)), "x", id="out is an input"),
    pytest.param(((1, 1), (1, 1)), "x", id="out is a 2-d input"),
    pytest.param(((1, 1), (1,)), None, id="(1, 1) times (1,)"),
    pytest.param(((1,), (1,)), (1, 1), id="out of more dimensions"),
])
def test_one_complex_product(shapes, out):
    matches(lambda: _one_product(shapes, out)(ja), lambda: _one_product(shapes, out)(np))


# The SIMD loop also refuses an input that partly overlaps the output, which NumPy passes
# uncopied when the input is read ahead of the output (and its iterator when the two are
# interleaved without sharing an element); on AVX-512 it refuses a complex64 input read
# backwards too.
_LAYOUTS = {
    "x[1:] * y, out=x[:-1]": (np.complex128, lambda x, y: (x[1:], y[:-1], x[:-1])),
    "x[2:] * x[1:-1], out=x[:-2]": (np.complex128, lambda x, y: (x[2:], x[1:-1], x[:-2])),
    "x[::2] * y, out=x[1::2]": (np.complex128, lambda x, y: (x[::2], y[::2], x[1::2])),
    "complex64 x[::-1] * y": (np.complex64, lambda x, y: (x[::-1], y, None)),
    "complex64 x[::-2] * 3j": (np.complex64, lambda x, y: (x[::-2], 0.37 + 0.38j, None)),
}


@pytest.mark.parametrize("case", [
    pytest.param("x[:-1] * y, out=x[1:]", id="x[:-1] * y, out=x[1:] (copied)"),
    pytest.param("x[1:] * y, out=x[1:]", id="x[1:] * y, out=x[1:] (in place)"),
    *_LAYOUTS,
])
def test_complex_product_layouts(case):
    layouts = {**_LAYOUTS, "x[:-1] * y, out=x[1:]": (np.complex128, lambda x, y: (x[:-1], y[:-1], x[1:])),
               "x[1:] * y, out=x[1:]": (np.complex128, lambda x, y: (x[1:], y[:-1], x[1:]))}
    dtype, pick = layouts[case]

    def call(m):
        rng = np.random.default_rng(7)
        x = (rng.standard_normal(200) + 1j * rng.standard_normal(200)).astype(dtype)
        y = (rng.standard_normal(200) + 1j * rng.standard_normal(200)).astype(dtype)
        a, b, out = pick(x, y)
        return m.multiply(a, b, out=out), x

    matches(lambda: call(ja), lambda: call(np))


_REDUCTIONS = ["sum", "prod", "mean", "var", "std", "nansum", "nanprod", "nanmean", "nanvar", "nanstd",
               "max", "min", "nanmax", "nanmin", "any", "all"]
_OUTS = {
    "axis=0, out=m[0]": (0, lambda m: m[0], False),
    "axis=0, out=m[1]": (0, lambda m: m[1], False),
    "axis=1, out=m[:, 0]": (1, lambda m: m[:, 0], False),
    "axis=1, out=m[::-1, 2]": (1, lambda m: m[::-1, 2], False),
    "axis=0, keepdims, out=m[2:3]": (0, lambda m: m[2:3], True),
}


@pytest.mark.parametrize(("name", "dtype"), [(name, "float64") for name in _REDUCTIONS]
                         + [(name, "int64") for name in ("sum", "prod", "mean", "var", "max", "any")])
@pytest.mark.parametrize("where", list(_OUTS))
def test_reduction_out_overlapping_its_input(name, where, dtype):
    fresh = lambda: (np.arange(1, 25) % 7).astype(dtype).reshape(4, 6)
    axis, view, keepdims = _OUTS[where]

    def call(m):
        return lambda a: getattr(m, name)(a, axis=axis, out=view(a), keepdims=keepdims)

    matches(with_base(fresh, call(jr)), with_base(fresh, call(np)))


@pytest.mark.parametrize("name", ["argmax", "argmin", "nanargmax", "nanargmin"])
def test_arg_reduction_out_overlapping_its_input(name):
    fresh = lambda: (np.arange(1, 25) * 7 % 11).reshape(4, 6)
    for axis, view in [(0, lambda m: m[0]), (1, lambda m: m[:, 0]), (1, lambda m: m[::-1, 3])]:
        def call(m, axis=axis, view=view):
            return lambda a: getattr(m, name)(a, axis=axis, out=view(a))

        matches(with_base(fresh, call(jr)), with_base(fresh, call(np)))


@pytest.mark.parametrize("name", ["sum", "mean", "var", "prod"])
def test_long_reduction_out_overlapping_its_input(name):
    """Rows long enough for NumPy's pairwise summation and for the parallel kernels."""
    fresh = lambda: np.random.default_rng(0).standard_normal((40_000, 3))
    matches(with_base(fresh, lambda m: getattr(jr, name)(m, axis=0, out=m[1])),
            with_base(fresh, lambda m: getattr(np, name)(m, axis=0, out=m[1])))


# ------------------------------------------- a bounds-checked build (another process)

_BOUNDS_CHILD = r"""
import numpy as np
from jitarray import reductions
a = np.zeros((3, 0))
for name, axis in [("sum", 0), ("sum", ()), ("mean", 0), ("max", 0), ("any", 0), ("prod", 1)]:
    got, want = getattr(reductions, name)(a, axis=axis), getattr(np, name)(a, axis=axis)
    assert got.shape == want.shape and got.dtype == want.dtype and np.array_equal(got, want), (name, axis)
print("ok")
"""


# ----------------------------------------------------------------- property tests


def _long_examples():
    value = os.environ.get("JITARRAY_LONG_HYPOTHESIS", "")
    if not value:
        return None
    return int(value) if value.isdigit() and int(value) > 1 else 5000


def family_settings(test):
    """The loaded profile's examples, or ``JITARRAY_LONG_HYPOTHESIS`` of them."""
    examples = _long_examples()
    return pytest.mark.long_hypothesis(settings(max_examples=examples)(test) if examples else test)


def property_dtypes(quick):
    """The dtypes a property test draws: a few in the quick form (each new dtype costs
    seconds of compiling on a cold cache), every supported one in a long run."""
    return st.sampled_from([dt.name for dt in ja.SUPPORTED_DTYPES] if _long_examples() else quick)


_PROPERTY_DTYPES = property_dtypes(["int8", "int64", "float64", "complex128", "bool"])
_DIMS = st.one_of(st.integers(-2, 4), st.sampled_from(HUGE + [-(2**63)]))
_SHAPES = st.one_of(_DIMS, st.lists(_DIMS, min_size=0, max_size=3).map(tuple))


@family_settings
@given(st.sampled_from(["zeros", "ones", "empty", "full", "zeros_like", "full_like"]), _SHAPES, _PROPERTY_DTYPES)
def test_creation_property(name, shape, dtype):
    like = np.ones(2, dtype)
    calls = {
        "zeros": lambda m: m.zeros(shape, dtype), "ones": lambda m: m.ones(shape, dtype),
        "empty": lambda m: (m.empty(shape, dtype).shape, m.empty(shape, dtype).dtype),
        "full": lambda m: m.full(shape, 3, dtype), "zeros_like": lambda m: m.zeros_like(like, shape=shape),
        "full_like": lambda m: m.full_like(like, 3, shape=shape),
    }
    matches(lambda: calls[name](ja), lambda: calls[name](np))


_ENDS = st.one_of(st.integers(-5, 50), st.sampled_from([10**13, -(10**13), 2**40, 2**62, -(2**62), 1e300, -1e300,
                                                        float("inf"), float("nan"), 0.5, 1e-300]))


@family_settings
@given(_ENDS, _ENDS | st.none(), _ENDS | st.none(), st.sampled_from([None, "int8", "int64", "float64", "complex128"]),
       st.integers(0, 2**64) | st.sampled_from([2**63, 10**13]), st.booleans())
def test_arange_and_linspace_property(start, stop, step, dtype, num, endpoint):
    if stop is None:
        step = None  # the arange(n) form
    a, b = (0, start) if stop is None else (start, stop)
    # a length NumPy would really allocate above ~1e6 elements is a slow, not a limit, test
    with contextlib.suppress(Exception):
        length = float((b - a) / (1 if step is None else step))
        assume(not 1e6 < length < 2**37)
    args = (start,) if stop is None else (start, stop) if step is None else (start, stop, step)
    matches(lambda: ja.arange(*args, dtype=dtype), lambda: np.arange(*args, dtype=dtype))
    if num < 2**64 and num not in range(10**6, 2**37):
        matches(lambda: ja.linspace(a, b, num, endpoint=endpoint), lambda: np.linspace(a, b, num, endpoint=endpoint))


@family_settings
@given(st.sampled_from([0, 1, 6, 12]), _SHAPES, st.sampled_from(["C", "F", "A"]),
       st.lists(st.integers(-3, 3), max_size=3).map(tuple))
def test_shape_property(size, shape, order, axes):
    a = np.arange(size, dtype=np.int16).reshape(-1, 2) if size > 1 else np.arange(size, dtype=np.int16)
    matches(lambda: ja.reshape(a, shape, order=order), lambda: np.reshape(a, shape, order=order))
    matches(lambda: ja.transpose(a, axes), lambda: np.transpose(a, axes))


@st.composite
def _overlapping_views(draw, count, dtypes=_PROPERTY_DTYPES):
    """A base array and ``count`` equally long strided views of it (any overlap)."""
    dtype = draw(dtypes)
    n = draw(st.integers(1, 40))
    steps = [draw(st.sampled_from([1, 1, 2, 3, -1, -2])) for _ in range(count)]
    length = draw(st.integers(0, min((n - 1) // abs(step) + 1 for step in steps)))
    views = []
    for step in steps:
        span = (length - 1) * abs(step) if length else 0
        start = draw(st.integers(0, n - 1 - span))
        if not length:
            views.append(slice(start, start))
        elif step > 0:
            views.append(slice(start, start + span + 1, step))
        else:
            views.append(slice(start + span, start - 1 if start else None, step))
    seed = draw(st.integers(0, 2**16))
    return dtype, n, views, seed


def _fresh(dtype, n, seed):
    return lambda: sample(dtype, (n,), seed)


@family_settings
@given(_overlapping_views(3), st.sampled_from(["add", "subtract", "multiply", "divide", "sqrt"]), st.booleans())
def test_elementwise_overlap_property(drawn, name, scalar):
    dtype, n, (v1, v2, vo), seed = drawn

    def call(m):
        def run(x):
            if name == "sqrt":
                return m.sqrt(x[v1], out=x[vo])
            return getattr(m, name)(x[v1], 3 if scalar else x[v2], out=x[vo])

        return run

    fresh = _fresh(dtype, n, seed)
    matches(with_base(fresh, call(ja)), with_base(fresh, call(np)))


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_multiply_in_place_beside_interleaved_views(dtype):
    """Every pair of inputs and an out among eight views of one array (reversed, strided,
    interleaved, shifted): NumPy's complex multiply takes its scalar formula or its SIMD
    loop (whose fused multiply-adds round differently) by how the views overlap; an input
    that is out itself is no overlap (``multiply(x[::-2], x[1::2], out=x[::-2])``)."""
    views = [slice(None), slice(None, None, -1), slice(None, None, 2), slice(1, None, 2), slice(None, None, -2),
             slice(-2, None, -2), slice(1, None), slice(None, -1)]
    for n in (5, 8):
        fresh = _fresh(dtype, n, 0)
        for v1, v2, vo in itertools.product(views, views, views):
            def call(m):
                return lambda x: m.multiply(x[v1], x[v2], out=x[vo])

            matches(with_base(fresh, call(ja)), with_base(fresh, call(np)))


@family_settings
@given(property_dtypes(["int64", "float64"]), st.sampled_from([(4, 5), (3, 1), (2, 3, 4), (0, 3), (3, 0)]),
       st.data(),
       st.sampled_from(_REDUCTIONS + ["argmax", "argmin"]), st.integers(0, 2**16))
def test_reduction_overlap_property(dtype, shape, data, name, seed):
    ndim = len(shape)
    axis = data.draw(st.integers(0, ndim - 1))
    index = data.draw(st.integers(0, max(shape[axis] - 1, 0)))
    keepdims = data.draw(st.booleans()) and not name.startswith("arg")
    flip = data.draw(st.integers(0, ndim - 1))
    assume(shape[axis] > 0)

    def view(a):
        where = [slice(None)] * ndim
        where[flip] = slice(None, None, -1)
        where[axis] = slice(index, index + 1) if keepdims else index
        return a[tuple(where)]

    def fresh():
        a = sample(dtype, shape, seed)
        return a.astype(np.intp) if name.startswith("arg") else a

    def call(m):
        extra = {"keepdims": True} if keepdims else {}
        return lambda a: getattr(m, name)(a, axis=axis, out=view(a), **extra)

    # (complex products: within the contract's two ulps, see test_reductions.ulps_for)
    matches(with_base(fresh, call(jr)), with_base(fresh, call(np)),
            ulps=2 if name in ("prod", "nanprod") and np.dtype(dtype).kind == "c" else 0)


def _self_overlapping(a, window):
    """A read-only view whose rows share memory: sliding windows over ``a``."""
    return np.lib.stride_tricks.sliding_window_view(a, window)


@family_settings
@given(property_dtypes(["float64"]), st.integers(1, 30), st.integers(1, 5), st.sampled_from([-1, 0, None]),
       st.integers(0, 2**16), st.booleans())
def test_sorting_property(dtype, n, window, axis, seed, broadcast):
    assume(window <= n)
    a = sample(dtype, (n,), seed)
    views = [_self_overlapping(a, window), _self_overlapping(a[::-1], window)]
    if broadcast:
        views.append(np.broadcast_to(a[:window], (3, window)))
    for v in views:
        for name in ("argsort", "sort"):
            matches(lambda v=v, name=name: getattr(ja, name)(v, axis=axis),
                    lambda v=v, name=name: getattr(np, name)(v, axis=axis, kind="stable"))


@family_settings
@given(_overlapping_views(3, property_dtypes(["float64"])))
def test_searching_property(drawn):
    dtype, n, (vc, vx, vy), seed = drawn
    base = _fresh(dtype, n, seed)()
    cond, x, y = base[vc], base[vx], base[vy]
    matches(lambda: ja.where(cond, x, y), lambda: np.where(cond, x, y))
    window = _self_overlapping(base, min(3, n))
    for name in ("nonzero", "flatnonzero", "argwhere", "count_nonzero"):
        matches(lambda name=name: getattr(ja, name)(window), lambda name=name: getattr(np, name)(window))
    matches(lambda: ja.count_nonzero(window, axis=0), lambda: np.count_nonzero(window, axis=0))


# ------------------------------------------------- checks run in other processes
# (started by early_processes when the module starts, collected here at its end)


def test_empty_reductions_stay_in_bounds(early_processes):
    """Reductions whose result is empty index nothing (NUMBA_BOUNDSCHECK=1 turns an access
    past a buffer into IndexError; without it such a write lands past NumPy's allocation).
    Its own cache folder: Numba's cache key does not include the bounds-check flag."""
    proc = early_processes["bounds"]
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0 and out.strip() == "ok", err[-3000:]


def test_read_only_install_falls_back_and_warns_once(early_processes):
    install = early_processes["read only"]
    if early_processes["read only: why not"]:
        pytest.skip(early_processes["read only: why not"])
    home, tmp, nothing = (install.finish(install.started[mode], mode, what) for mode, what in
                          [("home", "writable home"), ("tmp", "writable temporary folder"),
                           ("nothing", "nothing writable")])

    # Numba's own fallback, the user cache folder: silent
    assert home["warnings"] == [], home
    assert any(f.endswith(".nbi") for f in _files_under(os.path.join(install.home_rw, ".cache", "numba")))

    # a private folder in the temporary folder, one warning naming it
    private = os.path.join(install.tmp_rw, f"jitarray-numba-cache-{install.uid}")
    assert len(tmp["warnings"]) == 1 and tmp["warnings"][0][0] == "RuntimeWarning", tmp
    assert private in tmp["warnings"][0][1] and "NUMBA_CACHE_DIR" in tmp["warnings"][0][1]
    assert os.stat(private).st_mode & 0o777 == 0o700
    assert any(f.endswith(".nbi") for f in _files_under(private))
    # ... that the next process reads (and warns again, once)
    again = install.finish(install.start("tmp", install.home_ro, install.tmp_rw), "tmp",
                           "writable temporary folder, second process")
    assert len(again["warnings"]) == 1 and again["hits"] > 0 and again["misses"] == 0, again

    # nothing writable: compiled anew in each process, one warning saying so
    assert len(nothing["warnings"]) == 1 and "cannot cache" in nothing["warnings"][0][1], nothing
    assert nothing["misses"] > 0
    # and nothing was written where it should not be
    assert _files_under(install.home_ro) == []
    assert not [f for f in _files_under(install.site) if "__pycache__" in f]


# ------------------------------------------------------------------------- memory

_MEMORY_CHILD = r"""
import os, numpy as np, numba, jitarray as ja
from jitarray import reductions as jr
from numba.core.runtime import rtsys

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

# float64 mostly: the kernels the tests before this one compiled (a cold cache costs
# seconds per new kernel)
x = np.arange(1.0, 17.0).reshape(4, 4)
i = np.arange(16, dtype=np.int64)[::-1].copy()
m = i.reshape(4, 4)
c = x.astype(np.complex128)
out = np.empty_like(x)

@numba.njit
def inside(x):
    return ja.add(x, 1.0)[0, 0] + ja.zeros(3)[0] + ja.reshape(x, (2, 8))[1, 7]

calls = [
    lambda: ja.add(x, x), lambda: ja.multiply(x, 2.5), lambda: ja.sqrt(c), lambda: ja.subtract(i, 3),
    lambda: ja.divide(x, 3, out=out), lambda: ja.zeros((3, 3)), lambda: ja.ones(7, np.int8),
    lambda: ja.full(5, 2.0), lambda: ja.arange(10), lambda: ja.linspace(0, 1, 9), lambda: ja.eye(4),
    lambda: ja.reshape(x, (2, 8), order="F"), lambda: ja.ravel(x.T), lambda: ja.transpose(x),
    lambda: ja.argsort(x, axis=None), lambda: ja.sort(x, axis=0), lambda: ja.nonzero(x), lambda: ja.where(x, x, 0.0),
    lambda: ja.count_nonzero(x), lambda: ja.argwhere(x), lambda: jr.sum(x, axis=0), lambda: jr.mean(x),
    lambda: jr.var(x, axis=1), lambda: jr.argmax(m, axis=1), lambda: jr.max(x), lambda: jr.nansum(x, axis=0),
    lambda: inside(x),
]

def run(n):
    for k in range(n):
        calls[k % len(calls)]()

run(20_000)  # warm-up: compiles, caches, NumPy's and Python's free lists
stats = rtsys.get_allocation_stats()
before = rss()
run(100_000)
after = rss()
now = rtsys.get_allocation_stats()
print(before, after, (now.alloc - now.free) - (stats.alloc - stats.free), now.alloc - stats.alloc)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="resident memory is read from /proc")
def test_no_memory_growth_over_many_small_calls():
    result = subprocess.run([sys.executable, "-c", _MEMORY_CHILD], env=subprocess_env(NUMBA_NRT_STATS="1"),
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    before, after, nrt_live, nrt_allocs = map(int, result.stdout.split()[-4:])
    # 10**5 calls: a leak of 24 bytes a call (one small Python object) would pass 2 MiB;
    # measured growth was 0 bytes
    assert after - before < 2 << 20, f"resident memory grew from {before} to {after} bytes"
    # Numba's own allocations (inside @njit): every one freed
    assert nrt_allocs > 0 and nrt_live == 0, (nrt_allocs, nrt_live)
