"""The public surface: the function table, ``__all__``, docstrings, doctests, lazy import,
every function inside a user's ``@njit`` code."""

import doctest
import importlib
import inspect
import json
import subprocess
import sys
import types
import warnings

import numba
import numpy as np
import pytest
from _support import NUMPY, assert_same, sample

import jitarray as ja
from jitarray._table import FAMILIES, FUNCTIONS

ALIASES = {"true_divide", "amin", "amax"}  # second names of a function listed under its first


def test_all_is_sorted_and_matches_the_table():
    assert ja.__all__ == sorted(ja.__all__)
    public = set(ja.__all__) - {"SUPPORTED_DTYPES", "__version__"}
    assert public == {f.name for f in FUNCTIONS}


@pytest.mark.parametrize("row", FUNCTIONS, ids=lambda f: f.name)
def test_table_rows_point_at_real_functions(row):
    module = importlib.import_module(f"jitarray.{row.family}")
    assert getattr(ja, row.name) is getattr(module, row.name)
    assert callable(getattr(np, row.numpy))


@pytest.mark.parametrize("row", [f for f in FUNCTIONS if f.name not in ALIASES], ids=lambda f: f.name)
def test_signatures_follow_numpy(row):
    ours = inspect.signature(getattr(ja, row.name))
    theirs = inspect.signature(getattr(np, row.numpy))
    # every parameter we take is NumPy's, under NumPy's name and kind, in NumPy's order
    names = [p for p in ours.parameters if p not in ("overflow",)]
    assert names == [p for p in theirs.parameters if p in names]
    for name in names:
        assert ours.parameters[name].kind == theirs.parameters[name].kind, name


@pytest.mark.parametrize("row", [f for f in FUNCTIONS if f.name not in ALIASES], ids=lambda f: f.name)
def test_docstrings_have_examples(row):
    doc = getattr(ja, row.name).__doc__ or ""
    assert "numpy." in doc, "the docstring names the NumPy function it follows"
    assert "Examples" in doc


# numpydoc's sections of a function's docstring, in the order numpydoc puts them
_NUMPYDOC_ORDER = ("Parameters", "Returns", "Yields", "Receives", "Other Parameters", "Raises", "Warns",
                   "Warnings", "See Also", "Notes", "References", "Examples")


def _doc_sections(doc):
    """``[(header, body lines)]`` of a docstring, in order: a header is an unindented line
    followed by a line of dashes."""
    lines = inspect.cleandoc(doc).splitlines()
    sections = []
    i = 0
    while i < len(lines):
        line = lines[i]
        underline = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if line.strip() and not line[0].isspace() and underline and set(underline) == {"-"}:
            sections.append((line.strip(), []))
            i += 2
            continue
        if sections:
            sections[-1][1].append(line)
        i += 1
    return sections


@pytest.mark.parametrize("name", [n for n in ja.__all__ if callable(getattr(ja, n))])
def test_docstrings_follow_numpydoc(name):
    function = getattr(ja, name)
    sections = _doc_sections(function.__doc__ or "")
    headers = [header for header, _ in sections]
    assert "Parameters" in headers and "Returns" in headers, headers
    assert len(set(headers)) == len(headers), headers
    assert set(headers) <= set(_NUMPYDOC_ORDER), headers
    assert headers == sorted(headers, key=_NUMPYDOC_ORDER.index), "sections out of numpydoc's order"
    assert any(line.strip() for line in dict(sections)["Returns"]), "an empty Returns section"
    # each entry of Parameters: "name : type", "name" alone, or "x1, x2 : type"
    documented = set()
    for line in dict(sections)["Parameters"]:
        if line.strip() and not line[0].isspace():
            documented.update(n.strip().lstrip("*") for n in line.partition(" :")[0].split(","))
    parameters = inspect.signature(function).parameters
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    required = {n for n, par in parameters.items() if par.kind not in variadic}
    assert required - documented == set(), "parameters missing from the Parameters section"
    assert documented - set(parameters) == set(), "entries naming no parameter of the signature"


@pytest.mark.parametrize("family", FAMILIES)
def test_doctests(family):
    module = importlib.import_module(f"jitarray.{family}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


def test_supported_dtypes_table():
    names = [dt.name for dt in ja.SUPPORTED_DTYPES]
    assert names == ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                     "float32", "float64", "complex64", "complex128"]


_IMPORT_PROBE = """
import json, sys, time
t0 = time.perf_counter(); import numba; t1 = time.perf_counter()
import jitarray; t2 = time.perf_counter()
from numba.core.registry import CPUDispatcher
compiled = [name for mod in list(sys.modules) if mod.startswith("jitarray")
            for name, obj in vars(sys.modules[mod]).items()
            if isinstance(obj, CPUDispatcher) and obj.signatures]
print(json.dumps({"numba": t1 - t0, "jitarray": t2 - t1, "compiled": compiled}))
"""


def test_import_compiles_nothing():
    # (how long the import takes is a benchmark, asv_bench/benchmarks/compile.py, not a test)
    run = json.loads(subprocess.run([sys.executable, "-c", _IMPORT_PROBE], capture_output=True, text=True,
                                    check=True).stdout)
    assert run["compiled"] == []


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _readme_commands():
    text = (ROOT / "README.md").read_text()
    blocks = text.split("```sh\n")[1:]
    return [block.split("```")[0].strip() for block in blocks]


def test_readme_examples_run():
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_ci_runs_the_readme_commands_verbatim():
    commands = _readme_commands()
    install_and_run, install_and_test = commands[0], commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "jitarray-memreport" in install_and_run and "pytest" in install_and_test
    assert install_and_test in ci.splitlines()


def test_readme_njit_example_runs():
    block = next(b.split("```")[0] for b in (ROOT / "README.md").read_text().split("```python\n")[1:]
                 if ">>>" not in b.split("```")[0])
    namespace = {}
    exec(block, namespace)
    x = np.linspace(0.0, 1.0, 6)
    assert np.array_equal(namespace["grid"](6), np.reshape(x * x, (-1, 2), order="F"))


_CACHED_CHILD = r"""
import sys, warnings
import numpy as np
sys.path.insert(0, sys.argv[1])
warnings.simplefilter("error")  # Numba's "Cannot cache compiled function ..." included
import user
a = np.arange(12.0).reshape(4, 3) ** 2
np.testing.assert_allclose(user.standardise(a), (a - a.mean(axis=0)) / a.std(axis=0), rtol=1e-15)
print(sum(user.standardise.stats.cache_hits.values()))
"""


def test_readme_cache_true_advice_holds(tmp_path):
    # the README's @njit(cache=True) example, in a module of its own: the first process
    # compiles and saves it, the next loads it from the disk cache
    block = next(b.split("```")[0] for b in (ROOT / "README.md").read_text().split("```python\n")[1:]
                 if "cache=True" in b.split("```")[0])
    (tmp_path / "user.py").write_text("import numba\nimport jitarray as ja\n\n" + block)
    hits = []
    for _ in range(2):
        child = subprocess.run([sys.executable, "-c", _CACHED_CHILD, str(tmp_path)], capture_output=True, text=True,
                               check=False)
        assert child.returncode == 0, child.stderr
        hits.append(child.stdout.split())
    assert hits == [["0"], ["1"]]


def test_warmup_compiles_and_checks_its_arguments(capsys):
    from jitarray import warmup

    assert warmup.main(["--functions", "sum,argmax", "--dtypes", "int8", "--no-progress"]) == 0
    assert "compiled or loaded 2 (function, dtype) pairs" in capsys.readouterr().err
    for bad in (["--functions", "summ"], ["--dtypes", "float16"]):
        with pytest.raises(SystemExit) as exit_:
            warmup.main(bad)
        assert exit_.value.code == 2
        assert "unknown function or dtype" in capsys.readouterr().err
    # its random values overflow a product: the warm-up says nothing of it
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        assert warmup.main(["--functions", "prod", "--dtypes", "float64", "--no-progress"]) == 0
    assert caught == []
    assert warmup.main(["--list"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed == sorted({f.name for f in FUNCTIONS})
    # every function of the table has warm-up calls, and they run
    for name in listed:
        assert warmup.calls(name, "float64"), name


# ------------------------------------------------------------------ every function inside @njit

#: One call of each function of the table as a user's ``@njit`` code writes it, on one small
#: float64 array ``a``; the arguments that must be compile-time constants there (dtype, axis,
#: keepdims, order) are literals.  One lambda a line: Numba's cache tells them apart by line.
NJIT_CALLS = {
    "array": lambda a: ja.array(a),
    "zeros": lambda a: ja.zeros((2, 3)),
    "ones": lambda a: ja.ones(4, np.int8),
    "empty": lambda a: ja.empty((2, 3)),
    "full": lambda a: ja.full((2, 3), 2.5),
    "zeros_like": lambda a: ja.zeros_like(a),
    "ones_like": lambda a: ja.ones_like(a),
    "empty_like": lambda a: ja.empty_like(a),
    "full_like": lambda a: ja.full_like(a, 2.5),
    "arange": lambda a: ja.arange(0.5, 7.0, 0.75),
    "linspace": lambda a: ja.linspace(0.0, 1.0, 7),
    "identity": lambda a: ja.identity(3),
    "eye": lambda a: ja.eye(3, 4, 1),
    "reshape": lambda a: ja.reshape(a, (-1, 2), order="F"),
    "ravel": lambda a: ja.ravel(a),
    "transpose": lambda a: ja.transpose(a),
    "add": lambda a: ja.add(a, a[0]),
    "subtract": lambda a: ja.subtract(a, a[0]),
    "multiply": lambda a: ja.multiply(a, a[0]),
    "divide": lambda a: ja.divide(a, a[0]),
    "true_divide": lambda a: ja.true_divide(a, a[0]),
    "sqrt": lambda a: ja.sqrt(a),
    "sum": lambda a: ja.sum(a, axis=0, dtype=np.float32),
    "prod": lambda a: ja.prod(a, axis=1),
    "mean": lambda a: ja.mean(a, axis=1, keepdims=True),
    "var": lambda a: ja.var(a, axis=0),
    "std": lambda a: ja.std(a, ddof=1),
    "min": lambda a: ja.min(a, axis=1),
    "amin": lambda a: ja.amin(a),
    "max": lambda a: ja.max(a, axis=0),
    "amax": lambda a: ja.amax(a, axis=1, keepdims=True),
    "argmin": lambda a: ja.argmin(a, axis=0),
    "argmax": lambda a: ja.argmax(a),
    "any": lambda a: ja.any(a, axis=0),
    "all": lambda a: ja.all(a, axis=1),
    "nansum": lambda a: ja.nansum(a, axis=(1, 0)),
    "nanprod": lambda a: ja.nanprod(a),
    "nanmean": lambda a: ja.nanmean(a, axis=0),
    "nanvar": lambda a: ja.nanvar(a, axis=1),
    "nanstd": lambda a: ja.nanstd(a),
    "nanmin": lambda a: ja.nanmin(a, axis=0),
    "nanmax": lambda a: ja.nanmax(a),
    "nanargmin": lambda a: ja.nanargmin(a),
    "nanargmax": lambda a: ja.nanargmax(a, axis=1),
    "sort": lambda a: ja.sort(a, axis=0, kind="stable"),
    "argsort": lambda a: ja.argsort(a, kind="stable"),
    "nonzero": lambda a: ja.nonzero(a),
    "flatnonzero": lambda a: ja.flatnonzero(a),
    "argwhere": lambda a: ja.argwhere(a),
    "count_nonzero": lambda a: ja.count_nonzero(a, axis=0),
    "where": lambda a: ja.where(a > 0, a, a[0]),
}

#: ``ja`` as the calls above see it when they run as NumPy: each name is its NumPy oracle.
_AS_NUMPY = {"ja": types.SimpleNamespace(**NUMPY), "np": np}


def _njit_input():
    """6 x 7 float64 values with NaN, inf, -0.0 and subnormals, two NaNs but no all-NaN slice."""
    a = sample("float64", (6, 7), 11)
    a[np.isnan(a)] = 1.0
    a[0, 0] = a[3, 2] = np.nan
    return a


def _rewrapped(got, want):
    """``got`` with the Python numbers Numba hands back for NumPy scalars made NumPy
    scalars of ``want``'s dtype again."""
    if isinstance(want, tuple) and isinstance(got, tuple):
        return tuple(_rewrapped(g, w) for g, w in zip(got, want))
    if isinstance(want, np.generic) and isinstance(got, (bool, int, float, complex)):
        return np.asarray(got, want.dtype)[()]
    return got


def _unset_zeroed(name, result):
    """``result``, with its values zeroed where the contract leaves them unset (``empty*``)."""
    if name.startswith("empty"):
        result = result.copy()
        result[...] = 0
    return result


def _signless(row, result):
    """``result`` without the sign of its zeros for min and max, whose sign NumPy leaves to
    the CPU."""
    if row.numpy in ("min", "amin", "max", "amax", "nanmin", "nanmax") and result.dtype.kind in "fc":
        return result + result.dtype.type(0)
    return result


@pytest.mark.parametrize("row", FUNCTIONS, ids=lambda f: f.name)
def test_inside_njit_every_function(row):
    """Every function compiled into a user's ``@njit(cache=True)`` function gives what the
    same call gives from Python, bit for bit, and that is NumPy's oracle's result.  (Each
    costs a compile of seconds; the families' tests call them inside @njit on other dtypes,
    layouts and arguments.)"""
    call = NJIT_CALLS[row.name]
    assert row.name in call.__code__.co_names
    a = _njit_input()
    got = numba.njit(cache=True)(call)(a)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (NumPy's: sqrt and divide of negatives and zeros, NaN slices)
        python = call(a)
        want = types.FunctionType(call.__code__, _AS_NUMPY)(a)
    got, python, want = (_unset_zeroed(row.name, r) for r in (_rewrapped(got, python), python, want))
    assert_same(got, python)
    assert_same(_signless(row, python), _signless(row, want))
