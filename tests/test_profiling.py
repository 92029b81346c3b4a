"""Tests of the memory profiler: each figure against an independent computation."""

import csv
import dataclasses
import io
import json
import operator
import os
import subprocess
import sys
import textwrap
import tracemalloc
import types

import numba
import numpy as np
import pytest
from pympler.asizeof import asizeof

import jitarray
import profiling
from jitarray import SUPPORTED_DTYPES
from profiling import cli
from profiling import progress as progress_bar

DTYPE_NAMES = [np.dtype(d).name for d in SUPPORTED_DTYPES]

# Fields of a MemoryRecord that depend on allocator state (freelists, caches)
# and so may differ between two measurements of the same list or array.
TRACED_FIELDS = {"list_traced_bytes", "array_traced_bytes"}

# CPython 3.11 keeps up to 100 freed floats for reuse, and a freed list
# object: building a list can take them without a traced allocation.
FREELIST_SLACK = 100 * sys.getsizeof(0.0) + sys.getsizeof([])


def stable_fields(record):
    return {k: v for k, v in dataclasses.asdict(record).items() if k not in TRACED_FIELDS}


def range_value(i, dtype):
    """Element i of the 'range' values, computed without NumPy casts."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return bool(i % 2)
    if dtype.kind in "iu":
        bits = 8 * dtype.itemsize
        v = i % 2**bits
        return v - 2**bits if dtype.kind == "i" and v >= 2 ** (bits - 1) else v
    if dtype.kind == "f":
        return float(dtype.type(i))
    return complex(float(dtype.type(i).real), 0.0)


def exact_list(values):
    """A list of ``values`` with exactly one slot per element, as ndarray.tolist makes.

    Lists grown by appending or extending (list literals of constants and
    list(range(n)) included) keep spare slots and look bigger.
    """
    values = tuple(values)
    lst = [None] * len(values)
    for i, v in enumerate(values):
        lst[i] = v
    return lst


def exact_list_size(n):
    return sys.getsizeof(exact_list([None] * n))


def traced(build):
    """Bytes that build() allocates and keeps, by a tracemalloc of our own."""
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        kept = build()
        return tracemalloc.get_traced_memory()[0] - start, kept
    finally:
        tracemalloc.stop()


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "profiling", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


# --------------------------------------------------------------------------
# dtypes and values


def test_supported_dtypes_come_from_jitarray():
    assert len(SUPPORTED_DTYPES) == 13
    records = profiling.report(sizes=[1])
    assert [r.dtype for r in records] == DTYPE_NAMES


@pytest.mark.parametrize("name", ["float16", "int128", "object", "nonsense", None])
def test_unsupported_dtype_is_refused_with_the_supported_names(name):
    with pytest.raises(TypeError, match="unsupported dtype.*int8.*complex128"):
        profiling.measure(3, name)


def test_dtype_aliases_resolve():
    assert profiling.resolve_dtype("i1") == np.int8
    assert profiling.resolve_dtype(np.float64) == np.float64
    assert profiling.resolve_dtype(bool) == np.bool_


def test_dtype_info_matches_numpy():
    for name in DTYPE_NAMES:
        info = profiling.dtype_info(name)
        dt = np.dtype(name)
        assert info["itemsize"] == dt.itemsize
        if dt.kind in "iu":
            assert (info["min"], info["max"]) == (np.iinfo(dt).min, np.iinfo(dt).max)
            assert info["c_type"] == f"{name}_t"
        elif dt.kind in "fc":
            assert info["max"] == float(np.finfo(dt).max)
    assert profiling.dtype_info("complex64")["c_type"] == "float complex"
    assert profiling.dtype_info("float64")["c_type"] == "double"


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_range_values_wrap_like_a_c_cast(name):
    n = 70000 if np.dtype(name).itemsize <= 2 else 1000
    array = profiling.build_array(n, name)
    assert array.dtype == np.dtype(name)
    assert array.tolist() == [range_value(i, name) for i in range(n)]


def test_range_wraps_int8_into_its_range():
    assert profiling.build_array(300, "int8")[[127, 128, 255, 256, 299]].tolist() == [127, -128, -1, 0, 43]


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_random_values_are_reproducible_and_seeded(name):
    a = profiling.build_array(500, name, "random", seed=3)
    assert np.array_equal(a, profiling.build_array(500, name, "random", seed=3))
    assert not np.array_equal(a, profiling.build_array(500, name, "random", seed=4))
    assert len(np.unique(a)) > 1


def test_sequence_values_are_converted_to_the_dtype():
    assert profiling.build_array(3, "float32", [1, 2, 3]).tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="n=4"):
        profiling.measure(4, "int64", [1, 2, 3])
    with pytest.raises(ValueError, match="int8"):
        profiling.measure(1, "int8", [300])


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_bad_sizes_are_refused(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        profiling.measure(bad, "int8")


def test_unknown_values_are_refused():
    with pytest.raises(ValueError, match="unknown values 'ones'"):
        profiling.measure(3, "int8", "ones")
    with pytest.raises(ValueError, match="unknown values"):
        profiling.report(sizes=[3], values=[1, 2, 3])


# --------------------------------------------------------------------------
# measure


def test_tutorial_example():
    lst = [0, 4, 55, 2]
    r = profiling.tutorial_example()
    assert r == dataclasses.replace(profiling.measure(4, "int64", values=lst),
                                    list_traced_bytes=r.list_traced_bytes,
                                    array_traced_bytes=r.array_traced_bytes)
    assert r.naive_list_bytes == 112 == sys.getsizeof(1) * len(lst)
    assert r.list_container_bytes == sys.getsizeof(lst) == 88
    assert r.list_deep_bytes == asizeof(lst) == 88 + 4 * 32
    assert r.array_data_bytes == r.array_nbytes == 32 == np.array(lst, dtype=np.int64).nbytes
    assert r.naive_to_deep_ratio == pytest.approx(112 / 216)
    assert r.deep_to_nbytes_ratio == pytest.approx(216 / 32)
    # All four are CPython's cached ints: the list allocated only its pointers.
    assert r.shared_elements == 4 and r.distinct_elements == 4
    assert "4 of 4" in r.note


@pytest.mark.parametrize("values", ["range", "random", "zeros"])
@pytest.mark.parametrize("name", DTYPE_NAMES)
@pytest.mark.parametrize("n", [0, 1, 300])
def test_measure_against_independent_figures(n, name, values):
    r = profiling.measure(n, name, values)
    array = profiling.build_array(n, name, values)
    lst = array.tolist()
    if values == "range":
        assert lst == [range_value(i, name) for i in range(n)]
    expected_type = {"b": bool, "i": int, "u": int, "f": float, "c": complex}[np.dtype(name).kind]
    assert all(type(x) is expected_type for x in lst)
    assert r.element_type == expected_type.__name__

    assert (r.dtype, r.n, r.values, r.itemsize) == (name, n, values, np.dtype(name).itemsize)
    assert r.naive_list_bytes == (sys.getsizeof(lst[0]) * n if n else 0)
    assert r.list_container_bytes == exact_list_size(n)
    assert r.list_deep_bytes == asizeof(lst)
    assert r.distinct_elements == len({id(x) for x in lst})
    assert r.shared_elements == sum(map(operator.is_, lst, array.tolist()))
    assert r.array_data_bytes == r.array_nbytes == np.zeros(n, name).nbytes == n * np.dtype(name).itemsize
    assert r.array_getsizeof == sys.getsizeof(np.zeros(n, name))
    assert r.naive_to_deep_ratio == r.naive_list_bytes / r.list_deep_bytes
    assert r.deep_to_nbytes_ratio == (r.list_deep_bytes / r.array_nbytes if n else None)
    assert bool(r.note) == (r.shared_elements > 0)

    list_traced, _ = traced(array.tolist)
    assert abs(r.list_traced_bytes - list_traced) <= FREELIST_SLACK
    # The data buffer is always traced; the header may come from NumPy's caches.
    assert r.array_nbytes <= r.array_traced_bytes <= r.array_getsizeof + 64


def test_shared_small_ints_are_counted_once():
    # uint8 range values 0..255 are all cached ints: 256 distinct objects.
    r = profiling.measure(1000, "uint8")
    assert (r.shared_elements, r.distinct_elements) == (1000, 256)
    lst = profiling.build_array(1000, "uint8").tolist()
    assert r.list_deep_bytes == asizeof(lst) == sys.getsizeof(lst) + 256 * 32
    assert r.naive_list_bytes == 28 * 1000 > r.list_deep_bytes
    # Only the pointer array was allocated: the ints already existed.
    assert abs(r.list_traced_bytes - 8 * 1000) <= sys.getsizeof([])
    assert "1000 of 1000" in r.note and "256" in r.note


def test_int8_range_repeats_only_cached_ints():
    # int8 0..127 and -5..-1 are cached; -128..-6 are created for each element.
    r = profiling.measure(1000, "int8")
    values = [range_value(i, "int8") for i in range(1000)]
    shared = sum(-5 <= v <= 256 for v in values)
    assert r.shared_elements == shared == 527
    assert r.distinct_elements == 1000 - shared + len({v for v in values if -5 <= v <= 256})


def test_float_zeros_are_distinct_objects_and_int_zeros_are_one():
    floats = profiling.measure(100, "float64", "zeros")
    ints = profiling.measure(100, "int64", "zeros")
    assert (floats.distinct_elements, floats.shared_elements) == (100, 0)
    assert (ints.distinct_elements, ints.shared_elements) == (1, 100)


def test_big_uint64_values_are_sized_like_pympler():
    values = [0, 2**63, 2**64 - 1, 2**30, 2**60]
    r = profiling.measure(5, "uint64", values)
    assert r.list_deep_bytes == asizeof(exact_list(values))


@pytest.mark.parametrize(
    "lst",
    [[], [0], [True, False, True], [1.5] * 7, [2**100, -(2**70), -5, 257], [1j, 2 + 3j], list(range(-10, 400))],
    ids=["empty", "zero", "bools", "one-float-7-times", "big-ints", "complex", "ints"],
)
def test_deep_list_bytes_equals_pympler(lst):
    size, distinct = profiling.deep_list_bytes(lst)
    assert size == asizeof(lst)
    assert distinct == len({id(x) for x in lst})


def test_list_traced_bytes_at_scale():
    r = profiling.measure(10**5, "int64")
    array = profiling.build_array(10**5, "int64")
    expected, _ = traced(array.tolist)
    assert r.list_traced_bytes == pytest.approx(expected, rel=0.01)
    # Each created int is traced; the 257 cached ones are not.
    assert r.list_traced_bytes == pytest.approx(8 * 10**5 + 32 * (10**5 - 257), rel=0.01)
    array_expected, _ = traced(array.copy)
    assert abs(r.array_traced_bytes - array_expected) <= 1024


# --------------------------------------------------------------------------
# report


@pytest.mark.parametrize("values", ["range", "random", "zeros"])
def test_report_equals_measure_for_each_dtype_and_size(values):
    # report shares the figures of equal lists between dtypes: they must
    # be those measure finds for each dtype on its own.
    sizes = [0, 1, 300]
    records = profiling.report(sizes=sizes, values=values)
    assert [(r.dtype, r.n) for r in records] == [(d, n) for d in DTYPE_NAMES for n in sizes]
    for r in records:
        assert stable_fields(r) == stable_fields(profiling.measure(r.n, r.dtype, values))


def test_report_default_sweep():
    assert profiling.DEFAULT_SIZES == (1, 10, 100, 1000, 10**4, 10**5, 10**6)
    calls = []
    records = profiling.report(progress=lambda done, total: calls.append((done, total)))
    assert len(records) == 13 * 7
    assert calls[-1] == (91, 91) and len(calls) == 91
    big = {r.dtype: r for r in records if r.n == 10**6}
    for r in big.values():
        assert r.list_container_bytes == exact_list_size(10**6)
        assert r.array_nbytes == 10**6 * r.itemsize
    # uint8: the cached ints 0..255; float64: a fresh 24-byte float each.
    assert big["uint8"].list_deep_bytes == exact_list_size(10**6) + 256 * 32
    assert big["float64"].list_deep_bytes == exact_list_size(10**6) + 10**6 * 24
    assert big["bool"].list_deep_bytes == exact_list_size(10**6) + 2 * 32


# --------------------------------------------------------------------------
# array_sizes and views


def test_array_sizes_of_an_owning_array():
    a = np.arange(10, dtype=np.int32)
    s = profiling.array_sizes(a)
    assert s == {
        "nbytes": 40,
        "owned_bytes": 40,
        "header_bytes": sys.getsizeof(np.empty(0, np.int32)),
        "getsizeof": sys.getsizeof(a),
        "owns_data": True,
        "base_nbytes": None,
    }


def test_array_sizes_of_views():
    a = np.arange(24, dtype=np.float64)
    for view in (a[2:10:2], a.reshape(4, 6).T, a.reshape(4, 6)[1:, ::2]):
        s = profiling.array_sizes(view)
        assert s["nbytes"] == view.size * 8
        assert s["owned_bytes"] == 0 and not s["owns_data"]
        assert s["header_bytes"] == s["getsizeof"] == sys.getsizeof(view)
        assert s["header_bytes"] == sys.getsizeof(np.empty((0,) * view.ndim))
        assert s["base_nbytes"] == a.nbytes == 192


def test_array_sizes_of_a_jitarray_result():
    out = jitarray.arange(10, dtype=np.int64)
    s = profiling.array_sizes(out)
    assert s["nbytes"] == out.nbytes == 80
    assert s["owned_bytes"] == (80 if out.flags.owndata else 0)
    assert s["getsizeof"] == sys.getsizeof(out) == s["header_bytes"] + s["owned_bytes"]


def test_sizing_a_view_first_in_a_fresh_process():
    # pympler fails or double-counts when the first array it sizes is a
    # view; the profiler never hands it an array.
    script = textwrap.dedent(
        """
        import json, sys
        import numpy as np
        import jitarray, profiling
        a = np.arange(12, dtype=np.int64)
        first = profiling.array_sizes(a[2:10:2])
        numba_view = profiling.array_sizes(jitarray.arange(12, dtype=np.int64)[::3])
        record = profiling.measure(5, "int64")
        print(json.dumps({
            "first": first,
            "view_getsizeof": sys.getsizeof(a[2:10:2]),
            "numba_view": numba_view,
            "deep": record.list_deep_bytes,
            "pympler_loaded": "pympler" in sys.modules,
        }))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["first"] == {
        "nbytes": 32,
        "owned_bytes": 0,
        "header_bytes": out["view_getsizeof"],
        "getsizeof": out["view_getsizeof"],
        "owns_data": False,
        "base_nbytes": 96,
    }
    assert out["numba_view"]["nbytes"] == 32 and out["numba_view"]["owned_bytes"] == 0
    assert out["deep"] == asizeof(exact_list(range(5)))
    assert out["pympler_loaded"] is False


# --------------------------------------------------------------------------
# kernel_memory

KERNEL_DTYPES = ["bool", "int64", "float32"]
KERNEL_SIZES = [1000, 10**5]


@pytest.fixture(scope="module")
def kernel_records():
    return profiling.kernel_memory(dtypes=KERNEL_DTYPES, sizes=KERNEL_SIZES)


def test_every_kernel_case_ran(kernel_records):
    cases = profiling.KERNEL_CASES
    assert {"ones", "arange", "add", "sqrt", "reshape"} <= {case.name for case in cases}
    expected = [
        (case.name, d, n)
        for case in cases
        for d in KERNEL_DTYPES
        if np.dtype(d).kind in case.kinds
        for n in KERNEL_SIZES
    ]
    assert [(k.function, k.dtype, k.n) for k in kernel_records] == expected
    # No row may go unmeasured, whatever dtypes it leaves out.
    assert {k.function for k in kernel_records} == {case.name for case in cases}
    assert ("arange", "bool") not in {(k.function, k.dtype) for k in kernel_records}


def test_kernel_figures_against_our_own_tracemalloc(kernel_records):
    builders = {case.name: case.build for case in profiling.KERNEL_CASES}
    for k in kernel_records:
        func = getattr(jitarray, k.function)
        args, kwargs = builders[k.function](profiling.build_array(k.n, k.dtype))
        func(*args, **kwargs)
        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            result = func(*args, **kwargs)
            current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert k.output_bytes == np.asarray(result).nbytes
        assert k.retained_bytes == pytest.approx(current - start, abs=1024)
        assert k.peak_bytes == pytest.approx(peak - start, abs=1024)
        assert k.temporary_bytes == k.peak_bytes - k.retained_bytes >= 0


def test_kernel_memory_sees_new_arrays(kernel_records):
    # A new output is traced, whether NumPy or Numba's runtime allocated it.
    for k in kernel_records:
        if k.function in ("ones", "arange", "add", "sqrt"):
            assert k.retained_bytes >= k.output_bytes, k
        if k.function == "reshape":  # a view: a new header, no new data
            assert k.output_bytes == k.n * np.dtype(k.dtype).itemsize
            assert k.retained_bytes < 1024, k


def test_tracemalloc_sees_numba_runtime_allocations(monkeypatch):
    @numba.njit
    def doubled(x):
        temporary = x * 2.0
        return temporary + 1.0

    monkeypatch.setattr(jitarray, "_doubled_for_test", doubled, raising=False)
    (k,) = profiling.kernel_memory(dtypes=["float64"], sizes=[10**5],
                                   cases=[("_doubled_for_test", lambda x: ((x,), {}))])
    assert k.output_bytes == 8 * 10**5
    assert 8 * 10**5 <= k.retained_bytes < 8 * 10**5 + 1024
    assert 8 * 10**5 <= k.temporary_bytes < 8 * 10**5 + 1024


def test_kernel_case_naming_a_missing_function_fails():
    with pytest.raises(AttributeError):
        profiling.kernel_memory(dtypes=["int8"], sizes=[3], cases=[("no_such_function", lambda x: ((x,), {}))])


# --------------------------------------------------------------------------
# command line

CLI_ARGS = ["--dtypes", "int8,float64", "--sizes", "0,300"]


def expected_records(values="range"):
    return [profiling.measure(n, d, values) for d in ("int8", "float64") for n in (0, 300)]


def test_cli_json():
    done = run_cli(*CLI_ARGS, "--format", "json")
    assert done.returncode == 0 and done.stderr == ""
    doc = json.loads(done.stdout)
    assert doc["schema"] == "jitarray-memreport/1" and doc["kernels"] == []
    got = [{k: v for k, v in r.items() if k not in TRACED_FIELDS} for r in doc["records"]]
    assert got == [stable_fields(r) for r in expected_records()]


def test_cli_csv():
    done = run_cli(*CLI_ARGS, "--format", "csv", "--values", "zeros")
    assert done.returncode == 0 and done.stderr == ""
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    expected = expected_records("zeros")
    assert [f.name for f in dataclasses.fields(profiling.MemoryRecord)] == list(rows[0])
    assert [(r["dtype"], int(r["n"]), int(r["list_deep_bytes"]), int(r["array_nbytes"])) for r in rows] == [
        (r.dtype, r.n, r.list_deep_bytes, r.array_nbytes) for r in expected
    ]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_cli_tables(fmt):
    done = run_cli(*CLI_ARGS, "--format", fmt)
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    rows = [line for line in lines if line.lstrip("| ").startswith(("int8", "float64"))]
    assert len(rows) == 4
    for row, r in zip(rows, expected_records()):
        cells = row.strip("| ").split("|" if fmt == "markdown" else None)
        cells = [c.strip() for c in cells]
        assert f"{r.list_deep_bytes:,}" in cells and f"{r.naive_list_bytes:,}" in cells
        assert f"{r.array_nbytes:,}" in cells and r.c_type in " ".join(cells)
    assert any("shared" in line for line in lines[len(rows) + 2:])
    if fmt == "markdown":
        assert lines[1].startswith("| --- | --- | --- | ---: |")


def test_cli_default_table():
    done = run_cli()
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["dtype", "C", "type"]
    for name in DTYPE_NAMES:
        (row,) = [line for line in lines if line.split()[:1] == [name]]
        r = profiling.measure(1000, name)
        assert f"{r.list_deep_bytes:,}" in row.split()
    assert "-128..127" in done.stdout and "0..18446744073709551615" in done.stdout


def test_cli_output_file(tmp_path):
    target = tmp_path / "report.json"
    done = run_cli(*CLI_ARGS, "--format", "json", "--output", str(target))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    assert json.loads(target.read_text())["schema"] == "jitarray-memreport/1"
    assert os.listdir(tmp_path) == ["report.json"]


def test_cli_plot(tmp_path):
    target = tmp_path / "memory.png"
    done = run_cli("--sizes", "1,10,100,1000", "--plot", str(target), "--format", "csv")
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
    assert os.listdir(tmp_path) == ["memory.png"]


def test_cli_kernels():
    done = run_cli("--dtypes", "float64", "--sizes", "1000", "--kernels", "--format", "json")
    assert done.returncode == 0, done.stderr
    kernels = json.loads(done.stdout)["kernels"]
    assert [k["function"] for k in kernels] == [case.name for case in profiling.KERNEL_CASES]
    assert set(kernels[0]) == {f.name for f in dataclasses.fields(profiling.KernelRecord)}
    done = run_cli("--dtypes", "float64", "--sizes", "1000", "--kernels")
    assert "temporary" in done.stdout and "reshape" in done.stdout


BAD_ARGUMENTS = {
    "unknown dtype": ["--dtypes", "int8,float16"],
    "empty dtype": ["--dtypes", ""],
    "negative size": ["--sizes", "-1"],
    "huge size": ["--sizes", str(10**8 + 1)],
    "size not an int": ["--sizes", "1e3"],
    "bad format": ["--format", "xml"],
    "bad values": ["--values", "ones"],
    "plot not png": ["--plot", "{tmp}/memory.pdf"],
    "plot of size 0 only": ["--sizes", "0", "--plot", "{tmp}/memory.png"],
    "output in a missing folder": ["--output", "{tmp}/missing/out.json"],
    "output under a file": ["--output", "{tmp}/a-file/out.json"],
    "output is a folder": ["--output", "{tmp}"],
    "plot in a missing folder": ["--plot", "{tmp}/missing/memory.png"],
    "unknown option": ["--bogus"],
}


@pytest.mark.parametrize("args", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_cli_bad_arguments(tmp_path, args):
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "out.json"
    args = [a.format(tmp=tmp_path) for a in args]
    if "--output" not in args:
        args += ["--output", str(out)]
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("jitarray-memreport: error: ")
    assert sorted(os.listdir(tmp_path)) == ["a-file"]


def test_cli_main_in_process(capsys):
    assert cli.main(["--dtypes", "bool", "--sizes", "2", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["records"][0]["list_deep_bytes"] == asizeof([False, True])


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _clock(monkeypatch, *seconds):
    """Make the CLI's clock read ``seconds``: at the bar's creation, then at each update."""
    monkeypatch.setattr(progress_bar, "time", types.SimpleNamespace(monotonic=iter(seconds).__next__))


def test_progress_bar_on_a_terminal(monkeypatch):
    stream = _Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    _clock(monkeypatch, 0.0, 0.5, 2.0, 4.0)
    bar = progress_bar._Progress("sweep")
    bar(1, 4)  # under a second: nothing yet
    bar(2, 4)  # 2 s for 2 of 4: about 4 s in all, shown
    bar(3, 4)
    bar.close()
    text = stream.getvalue()
    assert "1/4" not in text and "\n" not in text and "\x1b" not in text  # no other control characters
    assert "sweep [" + "#" * 15 + "." * 15 + "] 2/4  elapsed 0:02, about 0:02 left" in text
    assert "3/4  elapsed 0:04, about 0:01 left" in text
    assert text.endswith("\r") and text.rsplit("\r", 2)[1].strip() == ""  # erased at the end


def test_progress_lines_when_stderr_is_not_a_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    # 1 s a step over 10 steps: a line once shown, then at most every 5 s, and one at the end.
    _clock(monkeypatch, *range(11))
    bar = progress_bar._Progress("sweep")
    for done in range(1, 11):
        bar(done, 10)
    bar.close()
    lines = stream.getvalue().splitlines(keepends=True)
    assert all(line.endswith("\n") and "\r" not in line for line in lines)
    assert [line.split("]")[1].split()[0] for line in lines] == ["1/10", "6/10", "10/10"]
    assert lines[0] == "sweep [###" + "." * 27 + "] 1/10  elapsed 0:01, about 0:09 left\n"
    assert lines[-1].endswith("10/10  elapsed 0:10\n")


@pytest.mark.parametrize("stream", [_Terminal, io.StringIO], ids=["terminal", "file"])
def test_quick_task_shows_no_progress(monkeypatch, stream):
    stream = stream()
    monkeypatch.setattr(sys, "stderr", stream)
    _clock(monkeypatch, 0.0, 1.0, 1.5, 2.0)  # 2 s in all: under a few seconds
    bar = progress_bar._Progress("sweep")
    for done in (2, 3, 4):
        bar(done, 4)
    bar.close()
    assert stream.getvalue() == ""


def test_cli_progress_on_a_non_terminal_and_no_progress(monkeypatch, capsys):
    # A clock that runs 2 s a reading makes the run a slow one; capsys's stderr is no terminal.
    _clock(monkeypatch, *range(0, 100, 2))
    args = ["--dtypes", "bool,int8,float64", "--sizes", "2", "--format", "json"]
    assert cli.main(args) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["records"][0]["n"] == 2
    assert err.splitlines() == [
        "lists and arrays [##########" + "." * 20 + "] 1/3  elapsed 0:02, about 0:04 left",
        "lists and arrays [" + "#" * 30 + "] 3/3  elapsed 0:06",
    ]
    _clock(monkeypatch, *range(0, 100, 2))
    assert cli.main(args + ["--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)["records"][0]["n"] == 2


def test_cli_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"jitarray-memreport {jitarray.__version__}\n"
    assert jitarray.__version__ == version("jitarray")


def test_cli_interrupted_leaves_no_file(tmp_path, monkeypatch, capsys):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "report", interrupted)
    args = ["--output", str(tmp_path / "out.txt"), "--plot", str(tmp_path / "memory.png")]
    assert cli.main(args) == 130
    assert capsys.readouterr().err == "jitarray-memreport: interrupted\n"
    assert os.listdir(tmp_path) == []


def test_an_outer_trace_keeps_running():
    tracemalloc.start()
    try:
        r = profiling.measure(100, "float64")
        assert tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()
    assert r.list_traced_bytes == pytest.approx(sys.getsizeof([None] * 100) + 100 * 24, abs=FREELIST_SLACK)


# --------------------------------------------------------------------------
# memory estimate: a run that cannot fit is refused before it allocates


def test_cli_refuses_a_run_larger_than_the_memory_available(monkeypatch, capsys):
    monkeypatch.setattr(cli, "available_memory", lambda: (100 << 20, "MemAvailable"))
    monkeypatch.setattr(cli, "report", lambda **kwargs: pytest.fail("measured a run it should refuse"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--sizes", "1000,10000000"])  # 10**7 complex128 elements: about 2.3 GB
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("jitarray-memreport: error: --sizes: measuring 10,000,000 ")
    assert "needs about 2.3 GB" in err and "0.1 GB available (MemAvailable)" in err and "--force" in err


def test_cli_force_runs_past_the_estimate(monkeypatch, capsys):
    monkeypatch.setattr(cli, "available_memory", lambda: (1, "RLIMIT_AS"))
    args = ["--dtypes", "bool", "--sizes", "2", "--format", "json"]
    with pytest.raises(SystemExit):
        cli.main(args)
    assert "available (RLIMIT_AS)" in capsys.readouterr().err
    assert cli.main(args + ["--force"]) == 0
    assert json.loads(capsys.readouterr().out)["records"][0]["n"] == 2


def test_help_states_the_estimate(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--force" in text and "248 bytes per element" in text and "RLIMIT_AS" in text


_CAPPED_CHILD = r"""
import json, resource, sys
from profiling import available_memory
from profiling.__main__ import main
with open("/proc/self/statm") as f:
    used = int(f.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (used + (256 << 20), resource.getrlimit(resource.RLIMIT_AS)[1]))
print(json.dumps(available_memory()), flush=True)
sys.exit(main(["--dtypes", "int64", "--sizes", "10000000"]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_cli_reads_the_address_space_limit():
    done = subprocess.run([sys.executable, "-c", _CAPPED_CHILD], capture_output=True, text=True, timeout=300)
    have, source = json.loads(done.stdout)
    assert source == "RLIMIT_AS" and 250 << 20 < have <= 256 << 20
    assert done.returncode == 2, done.stderr
    assert "needs about 2.2 GB (240 bytes each), more than the 0.2 GB available (RLIMIT_AS)" in done.stderr


def test_cgroup_limits_of_v1_and_v2(monkeypatch):
    files = {
        "/proc/self/cgroup": "4:cpu,memory:/job\n0::/box/inner\n",
        "/sys/fs/cgroup/memory/job/memory.limit_in_bytes": "9223372036854771712\n",  # no limit
        "/sys/fs/cgroup/memory/memory.limit_in_bytes": "5000\n",
        "/sys/fs/cgroup/memory/memory.usage_in_bytes": "1000\n",
        "/sys/fs/cgroup/memory/memory.stat": "cache 300\ntotal_inactive_file 200\n",
        "/sys/fs/cgroup/box/inner/memory.max": "max\n",
        "/sys/fs/cgroup/box/memory.max": "3000\n",
        "/sys/fs/cgroup/box/memory.current": "1500\n",
        "/sys/fs/cgroup/box/memory.stat": "inactive_file 100\n",
    }
    monkeypatch.setattr(profiling.budget, "_read", files.get)
    assert profiling.budget._cgroup_headroom() == 3000 - 1500 + 100  # the least: v2's parent
    files["/sys/fs/cgroup/box/memory.max"] = "max\n"
    assert profiling.budget._cgroup_headroom() == 5000 - 1000 + 200  # v1's root
    assert profiling.available_memory() == (4200, "cgroup memory limit")  # no /proc/self/statm: no RLIMIT_AS


_PEAK_CHILD = r"""
import json
import profiling


def high_water():  # not ru_maxrss: a child starts with its parent's, from before the exec
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


dtypes, n = ["uint8", "int64", "complex128"], 10**6
profiling.report(dtypes=dtypes, sizes=[10])  # imports and first-call caches
before = high_water()
profiling.report(dtypes=dtypes, sizes=[n])
print(json.dumps([high_water() - before, profiling.estimate_bytes(dtypes, [n])]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_estimate_bounds_the_measured_peak():
    # Three dtypes in one run peak at 217 to 225 bytes per element (CPython 3.11), one
    # dtype's worth, as each list is freed before the next: the estimate is the largest's.
    done = subprocess.run([sys.executable, "-c", _PEAK_CHILD], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    peak, estimate = json.loads(done.stdout)
    assert estimate == 248 * 10**6
    assert peak <= estimate <= 1.5 * peak
