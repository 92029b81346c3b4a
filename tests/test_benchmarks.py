"""The asv benchmark suite, without running asv: every module imports, every speed case
does the same work with jitarray as with NumPy, the asv classes are the cases, and the
memory and compile benchmarks and the suite's scripts do what they say.

Every module of ``asv_bench/benchmarks`` is found at collection time, so a new family's
benchmarks are checked as soon as the file exists.

The speed cases are compared at a reduced size: each family module's upper-case integer
constants of 10**6 or more (its element counts, such as ``N = 10**7``) are set to
``SMALL_N`` while the case runs. ``SMALL_N`` stays above the size where kernels go
parallel, so the code path that the benchmarks time is the one compared, and it divides by
1000, 100 and 2 so that shapes built from it still work. Sizes written as literals run in
full.
"""

import importlib
import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys
import textwrap
import tomllib

import numpy as np
import pytest
from packaging.specifiers import SpecifierSet

import profiling
from jitarray._kernels._common import PARALLEL_MIN_SIZE

from _support import COMPARE_CHUNK, assert_same

ROOT = pathlib.Path(__file__).resolve().parent.parent
ASV_BENCH = ROOT / "asv_bench"
if str(ASV_BENCH) not in sys.path:
    sys.path.insert(0, str(ASV_BENCH))

from benchmarks._cases import asv_classes  # noqa: E402

MODULES = sorted(p.stem for p in (ASV_BENCH / "benchmarks").glob("*.py") if p.stem != "__init__")

SMALL_N = 600_000
SHRINK_FROM = 10**6
assert SMALL_N > 2 * PARALLEL_MIN_SIZE

# The contract lets these differ from NumPy by a few ulps (API.md, Reductions): var/std,
# whose order NumPy does not define, and complex products, where NumPy's FMA use depends on
# the CPU. Everything else must be bit for bit.
CONTRACT_ULPS = 4


def _ulps(case_name):
    function = case_name.split()[0]
    if function in ("var", "std", "nanvar", "nanstd"):
        return CONTRACT_ULPS
    if function in ("prod", "nanprod") and "complex" in case_name:
        return CONTRACT_ULPS
    return 0


def _import(name):
    return importlib.import_module(f"benchmarks.{name}")


def _families():
    """(module name, module) of every module that lists speed cases, skipping any that
    fails to import (test_module_imports reports those)."""
    found = []
    for name in MODULES:
        try:
            module = _import(name)
        except Exception:
            continue
        if getattr(module, "CASES", None):
            found.append((name, module))
    return found


FAMILIES = _families()
CASE_PARAMS = [
    pytest.param(name, i, id=f"{name}:{case.name}")
    for name, module in FAMILIES
    for i, case in enumerate(module.CASES)
]


def _shrink(monkeypatch, module):
    for attr, value in vars(module).items():
        if re.fullmatch(r"[A-Z][A-Z0-9_]*", attr) and type(value) is int and value >= SHRINK_FROM:
            monkeypatch.setattr(module, attr, SMALL_N)


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    _import(name)


def test_every_family_is_found():
    families = {name for name, _ in FAMILIES}
    assert {"creation", "elementwise", "shape"} <= families
    assert {"compile", "memory"}.isdisjoint(families)


@pytest.mark.parametrize("name", [name for name, _ in FAMILIES])
def test_case_names_unique(name):
    names = [case.name for case in _import(name).CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("name", [name for name, _ in FAMILIES])
def test_asv_classes_are_the_cases(name):
    """One asv class per case and no other: the names asv_classes gives each case alone
    are distinct (two case names differing only in punctuation would share a class)
    and are exactly the module's benchmark classes."""
    module = _import(name)
    per_case = []
    for case in module.CASES:
        namespace = {}
        asv_classes([case], namespace)
        per_case.extend(namespace)
    assert len(per_case) == len(set(per_case)) == len(module.CASES)
    classes = {attr for attr, value in vars(module).items()
               if isinstance(value, type) and re.match(r"Time", attr)}
    assert classes == set(per_case)


@pytest.mark.parametrize("name, index", CASE_PARAMS)
def test_case_same_result(monkeypatch, name, index):
    """Through the module's asv class, as asv runs it: library='jitarray' times
    run_ja, library='numpy' times run_np, and both give the same result on the same
    arguments."""
    module = _import(name)
    _shrink(monkeypatch, module)
    case = module.CASES[index]
    namespace = {}
    asv_classes([case], namespace)
    ((class_name, _),) = namespace.items()
    cls = getattr(module, class_name)

    bench = cls()
    bench.setup("jitarray")
    assert bench.run is case.run_ja
    got = bench.run(*bench.args)
    expected = case.run_np(*bench.args)
    if case.name.startswith("argsort") and "vs default" in case.name and got.ndim == 1:
        # NumPy's default (unstable) sort may order ties either way: both must sort the
        # input, and jitarray's must equal NumPy's stable order
        (a,) = bench.args
        assert got.shape == expected.shape, f"shape {got.shape} != {expected.shape}"
        for lo in range(0, got.size, COMPARE_CHUNK):  # a piece at a time: 1e7 gathers are 80 MB each
            assert_same(a[got[lo:lo + COMPARE_CHUNK]], a[expected[lo:lo + COMPARE_CHUNK]])
        del expected
        expected = np.argsort(a, kind="stable")
    assert_same(got, expected, ulps=_ulps(case.name))

    bench = cls()
    bench.setup("numpy")
    assert bench.run is case.run_np


def test_ratios_read_rates(monkeypatch, capsys):
    """ratios.py gives a streaming reduction's read rates, from the bytes it reads and the
    medians it timed, beside a read probe of as many bytes timed in the same rounds; other
    cases get none."""
    ratios = _script("ratios")
    module = _import("reductions")
    _shrink(monkeypatch, module)
    by_name = {case.name: case for case in module.CASES}
    assert by_name["sum int8 1e7"].streams and not by_name["var float64 2000x5000 axis=1"].streams
    probe = ratios.ReadProbe(8 * 1000 + 4)
    probe()  # two threads, each reading its part of the 1000 words
    probe.close()
    assert probe.nbytes == 8000
    assert ratios.main(["--family", "reductions", "--match", "sum int", "--quick", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["case"] for r in records] == ["sum int8 1e7", "sum int16 1e7", "sum int32 1e7"]
    for r, itemsize in zip(records, (1, 2, 4)):
        assert r["jitarray_gbs"] == pytest.approx(SMALL_N * itemsize / r["jitarray_s"] / 1e9)
        assert r["numpy_gbs"] == pytest.approx(SMALL_N * itemsize / r["numpy_s"] / 1e9)
        assert r["probe_gbs"] > 0
    assert ratios.main(["--family", "reductions", "--match", "var float64", "--quick"]) == 0
    assert "GB/s" not in capsys.readouterr().out


# --------------------------------------------------------------------------
# memory.py


def _track_methods(cls):
    return sorted(attr for attr in vars(cls) if attr.startswith("track_"))


def test_memory_tracks_are_the_profilers_figures(monkeypatch):
    memory = _import("memory")
    monkeypatch.setattr(memory, "LIST_SIZE", 1000)
    bench = memory.ListVsArray()
    records = bench.setup_cache()
    assert memory.ListVsArray.params == [memory.DTYPES]
    assert len(memory.DTYPES) == 13
    fields = {
        "track_naive_list_bytes": ("naive_list_bytes", "bytes"),
        "track_deep_list_bytes": ("list_deep_bytes", "bytes"),
        "track_array_bytes": ("array_nbytes", "bytes"),
        "track_deep_list_to_array_ratio": ("deep_to_nbytes_ratio", "ratio"),
    }
    assert _track_methods(memory.ListVsArray) == sorted(fields)
    for dtype in memory.DTYPES:
        expected = profiling.measure(1000, dtype)
        for method, (field, unit) in fields.items():
            func = getattr(memory.ListVsArray, method)
            assert func.unit == unit
            assert getattr(bench, method)(records, dtype) == getattr(expected, field), (method, dtype)
    assert bench.track_array_bytes(records, "complex128") == 16_000
    assert bench.track_deep_list_to_array_ratio(records, "float64") > 1


def test_kernel_memory_tracks(monkeypatch):
    memory = _import("memory")
    assert memory.KernelMemory.params == [[c.name for c in profiling.KERNEL_CASES], memory.DTYPES]
    # two dtypes, small inputs: arange is not profiled for bool (NumPy refuses it)
    monkeypatch.setattr(memory, "KERNEL_SIZE", 1000)
    monkeypatch.setattr(memory, "DTYPES", ["bool", "float64"])
    bench = memory.KernelMemory()
    records = bench.setup_cache()
    assert _track_methods(memory.KernelMemory) == ["track_peak_bytes", "track_temporary_bytes"]
    for method in _track_methods(memory.KernelMemory):
        assert getattr(memory.KernelMemory, method).unit == "bytes"
    skipped = []
    for case in profiling.KERNEL_CASES:
        function = case.name
        for dtype in ["bool", "float64"]:
            if np.dtype(dtype).kind not in case.kinds:
                with pytest.raises(NotImplementedError):
                    bench.setup(records, function, dtype)
                skipped.append((function, dtype))
                continue
            bench.setup(records, function, dtype)
            peak = bench.track_peak_bytes(records, function, dtype)
            temporary = bench.track_temporary_bytes(records, function, dtype)
            assert isinstance(peak, int) and 0 <= temporary <= peak
    assert skipped == [("arange", "bool")]
    # a new float64 array of 1000 elements: at least its 8000 bytes at the peak
    assert bench.track_peak_bytes(records, "add", "float64") >= 8000


# --------------------------------------------------------------------------
# compile.py


def test_timeraw_code_compiles(monkeypatch):
    """Every sample's code and set-up is valid Python; the warm set-up first runs the same
    code in another interpreter (recorded here, not run)."""
    compile_ = _import("compile")
    primed = []
    monkeypatch.setattr(compile_, "_prime", primed.append)
    sources = []
    for cache in compile_.CACHES:
        sources.append(compile_.ImportTime().timeraw_import(cache))
        for call in compile_.FIRST_CALLS:
            bench = compile_.FirstCall()
            bench.setup(call, cache)
            stmt, setup = bench.timeraw_first_call(call, cache)
            assert ("NUMBA_CACHE_DIR" in setup) == (cache == "cold")
            sources.append((stmt, setup))
    assert len(sources) == 2 + 2 * len(compile_.FIRST_CALLS)
    assert len(primed) == len(compile_.FIRST_CALLS)
    for stmt, setup in sources:
        compile(stmt, "<stmt>", "exec")
        compile(setup, "<setup>", "exec")
    for code in primed:
        compile(code, "<prime>", "exec")


def test_cold_first_call_compiles_into_a_fresh_cache():
    """Run one cold sample as asv runs it (timeit in a new interpreter) and look in the
    cache folder it made: the kernels were written there, and the folder is gone after."""
    compile_ = _import("compile")
    bench = compile_.FirstCall()
    bench.setup("arange int64", "cold")
    stmt, setup = bench.timeraw_first_call("arange int64", "cold")
    probe = textwrap.dedent(
        f"""
        import timeit
        namespace = {{}}
        print(timeit.timeit(stmt={stmt!r}, setup={setup!r} + "\\nglobal _probe\\n_probe = _cache_dir",
                            number=1, globals=namespace))
        import os
        cache = namespace["_probe"]
        print(cache)
        print(sum(len(files) for _, _, files in os.walk(cache)))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env=dict(os.environ, NUMBA_CACHE_DIR=str(ROOT / "no-such-cache")))
    seconds, cache, files = out.stdout.split()
    assert float(seconds) > 0
    assert int(files) > 0, "the cold call wrote no kernel to its fresh cache"
    assert not pathlib.Path(cache).exists()
    assert not (ROOT / "no-such-cache").exists()


# --------------------------------------------------------------------------
# asv.conf.json, check.py, dashboard.py, check_dashboard.py, history.py


def _asv_conf():
    text = (ASV_BENCH / "asv.conf.json").read_text()
    return json.loads("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")))


def test_asv_conf():
    conf = _asv_conf()
    assert conf["repo"] == ".."
    assert conf["environment_type"] == "virtualenv"
    assert conf["pythons"] == ["3.11"] and conf["branches"] == ["main"]
    assert conf["benchmark_dir"] == "benchmarks"
    assert "--no-deps" in conf["build_command"][0] and "{build_cache_dir}" in conf["build_command"][0]
    assert any("{wheel_file}" in cmd for cmd in conf["install_command"])
    gitignore = (ROOT / ".gitignore").read_text().split()
    assert "asv_bench/.asv/" in gitignore
    for key in ("env_dir", "results_dir", "html_dir"):
        assert conf[key].startswith(".asv/")


def test_asv_matrix_within_pyproject():
    """Each pinned release satisfies pyproject.toml's range for that package (a dependency,
    a build requirement or, for what benchmarks alone use, the test extra)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    ranges = {}
    for requirement in (pyproject["project"]["dependencies"] + pyproject["build-system"]["requires"]
                        + pyproject["project"]["optional-dependencies"]["test"]):
        name, spec = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement).groups()
        ranges[name.lower()] = SpecifierSet(spec)
    matrix = _asv_conf()["matrix"]["req"]
    assert {"numba", "numpy"} <= set(matrix)
    for name, versions in matrix.items():
        assert name.lower() in ranges, f"{name} is not a dependency in pyproject.toml"
        for version in versions:
            assert version in ranges[name.lower()], f"{name} {version} is outside {ranges[name.lower()]}"


def _script(name):
    """asv_bench/<name>.py, loaded under a name of its own."""
    spec = importlib.util.spec_from_file_location(f"asv_bench_{name}", ASV_BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_reads_failures():
    check = _script("check")
    output = textwrap.dedent(
        """\
        · Running 5 total benchmarks (1 commits * 1 environments * 5 benchmarks)
        [ 0.00%] ·· Benchmarking existing-py_tmp_venv_bin_python
        [10.00%] ··· Setting up memory:77                                            ok
        [12.50%] ··· fails.Broken.time_raises                                    failed
        [25.00%] ··· fails.BrokenSetup.time_x                                1/2 failed
        [37.50%] ··· fails.BadCache.track_x skipped (setup_cache failed)
        [40.00%] ··· Setting up fails:11                                         failed
        [50.00%] ··· memory.KernelMemory.track_peak_bytes                            ok
        [62.50%] ··· memory.ListVsArray.track_array_bytes                            ok
        [70.00%] *** creation.Time_ones_float64_1e7.time_call                    failed
                     asv: skipped: NotImplementedError('arange is not profiled for bool')
                     RuntimeError: the word failed inside a traceback
        """
    )
    assert check.failed_benchmarks(output) == [
        "fails.Broken.time_raises",
        "fails.BrokenSetup.time_x (1/2 parameter sets)",
        "fails.BadCache.track_x",
        "Setting up fails:11",
        "creation.Time_ones_float64_1e7.time_call",
    ]
    assert check.failed_benchmarks(output.replace("failed\n", "ok\n").replace("(setup_cache failed)", "ok")) == []


def test_dashboard_offline_page(tmp_path):
    dashboard = _script("dashboard")
    for url, file in dashboard.OFFLINE_COPIES.items():
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / file).write_text("/* copy */")
    page = "".join(
        f'<script src="{url}" integrity="sha256-x" crossorigin="anonymous" onerror="f()"></script>\n'
        if url.endswith(".js") else f'<link rel="stylesheet" href="{url}" integrity="sha256-x">\n'
        for url in dashboard.OFFLINE_COPIES
    ) + '<a href="https://github.com/airspeed-velocity/asv/">asv</a>\n<script src="asv.js"></script>'
    rewritten = dashboard.offline_page(page, tmp_path)
    assert "cdn" not in rewritten and "code.jquery.com" not in rewritten and "integrity" not in rewritten
    assert rewritten.count('src="/_offline/') + rewritten.count('href="/_offline/') == len(dashboard.OFFLINE_COPIES)
    assert 'href="https://github.com/airspeed-velocity/asv/"' in rewritten
    assert 'src="asv.js"' in rewritten
    with pytest.raises(dashboard.Missing, match="unpkg"):
        dashboard.offline_page('<script src="https://unpkg.com/x.js"></script>', tmp_path)
    (tmp_path / "jquery/dist/jquery.min.js").unlink()
    with pytest.raises(dashboard.Missing, match="npm install"):
        dashboard.offline_page(page, tmp_path)


def _fill_offline_copies(dashboard, libs):
    for url, file in dashboard.OFFLINE_COPIES.items():
        (libs / file).parent.mkdir(parents=True, exist_ok=True)
        (libs / file).write_text(f"/* {file} */")


def _get(url):
    """(status, body) of a GET, without following or normalising anything."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def test_dashboard_server(tmp_path):
    """The one server that history.py --serve and check_dashboard.py use: the published
    folder as it is, or with the CDN addresses rewritten to the local copies (which it then
    serves, and nothing outside them) and HTML added before </body>."""
    dashboard = _script("dashboard")
    html, libs = tmp_path / "html", tmp_path / "libs"
    (html / "graphs").mkdir(parents=True)
    (html / "graphs" / "g.json").write_text("[[1, 2.5]]")
    (tmp_path / "secret.txt").write_text("outside")
    cdn = "https://code.jquery.com/jquery-3.3.1.min.js"
    (html / "index.html").write_text(f'<html><head><script src="{cdn}"></script></head><body>grid</body></html>')
    with pytest.raises(dashboard.Missing, match="not a folder"):
        with dashboard.serve(html, libs):
            pass
    libs.mkdir()
    _fill_offline_copies(dashboard, libs)

    with dashboard.serve(html) as (url, not_found):
        assert url.startswith("http://127.0.0.1:") and url.endswith("/index.html")
        assert _get(url) == (200, (html / "index.html").read_text())
        assert _get(url.replace("index.html", "graphs/g.json")) == (200, "[[1, 2.5]]")
        assert _get(url.replace("index.html", "_offline/jquery/dist/jquery.min.js"))[0] == 404
    assert not_found == ["404 /_offline/jquery/dist/jquery.min.js"]

    with dashboard.serve(html, libs, inject="<p>probe</p>") as (url, not_found):
        status, page = _get(url)
        assert status == 200
        assert cdn not in page and 'src="/_offline/jquery/dist/jquery.min.js"' in page
        assert page.endswith("grid<p>probe</p></body></html>")
        assert _get(url.replace("index.html", "_offline/jquery/dist/jquery.min.js")) == (
            200, "/* jquery/dist/jquery.min.js */")
        assert _get(url.replace("index.html", "_offline/../secret.txt"))[0] == 404
        assert _get(url.replace("index.html", "graphs/g.json")) == (200, "[[1, 2.5]]")
    assert not_found == ["404 /_offline/../secret.txt"]

    (html / "index.html").unlink()
    with pytest.raises(dashboard.Missing, match="asv publish"):
        with dashboard.serve(html, libs):
            pass


def test_dashboard_checks_read_the_dom():
    dashboard = _script("check_dashboard")
    grid = (
        '<div class="benchmark-group" id="group-creation"><h1>creation</h1>'
        '<a class="btn benchmark-container" href="#creation.A.time_call">'
        '<div class="benchmark-text">A</div>'
        '<div id="summarygrid-creation.A.time_call" class="benchmark-plot" style="">'
        '<canvas class="flot-base" width="1"></canvas></div></a></div>'
    )
    assert dashboard.check_grid(grid, ["creation.A.time_call"], ["creation"]) == (1, 1)
    with pytest.raises(AssertionError, match="no tile"):
        dashboard.check_grid(grid, ["creation.A.time_call", "creation.B.time_call"], ["creation"])
    with pytest.raises(AssertionError, match="no plot"):
        dashboard.check_grid(grid.replace("<canvas", "<span"), ["creation.A.time_call"], ["creation"])
    with pytest.raises(AssertionError, match="did not load"):
        dashboard.check_grid("<h1>Can not determine continental origin of swallow.</h1>", [], [])
    graph = ('<div id="main-graph"><canvas class="flot-base"></canvas>'
             '<div class="flot-tick-label tickLabel" style="">2.50</div></div><div id="overview">')
    assert dashboard.check_graph(graph, "x") == ["2.50"]
    with pytest.raises(AssertionError, match="drew no graph"):
        dashboard.check_graph(graph.replace("flot-base", "other"), "x")


def test_dashboard_points_probe():
    """The graph page's point counts: the probe's element, wherever its attributes stand."""
    dashboard = _script("check_dashboard")
    assert "#main-graph" in dashboard.POINTS_PROBE and "getData()" in dashboard.POINTS_PROBE
    dom = '<div id="main-graph"></div><div id="points-probe" hidden="" data-points="5,5,1"></div></body>'
    assert dashboard.line_points(dom, "x") == [5, 5, 1]
    assert dashboard.line_points('<div data-points="3" id="points-probe"></div>', "x") == [3]
    with pytest.raises(AssertionError, match="no plot data"):
        dashboard.line_points('<div id="main-graph"></div>', "x")
    with pytest.raises(AssertionError, match="no line"):
        dashboard.line_points('<div id="points-probe" data-points=""></div>', "x")


def _git(repo, *args, when=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@example.org", GIT_COMMITTER_NAME="a",
               GIT_COMMITTER_EMAIL="a@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{1_700_000_000 + when} +0000"
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_history_last_commits(tmp_path):
    """The last N commits of the branch along first parents, oldest first: a merged
    branch's own commits are not among them (asv's ranges and graphs skip them too)."""
    history = _script("history")
    _git(tmp_path, "init", "-q", "-b", "main")
    commits = {}

    def commit(name, when):
        _git(tmp_path, "commit", "-q", "--allow-empty", "-m", name, when=when)
        commits[name] = _git(tmp_path, "rev-parse", "HEAD")

    commit("A", 1)
    commit("B", 2)
    _git(tmp_path, "checkout", "-q", "-b", "side")
    commit("S1", 3)
    commit("S2", 5)
    _git(tmp_path, "checkout", "-q", "main")
    commit("C", 4)
    _git(tmp_path, "merge", "-q", "--no-ff", "-m", "M", "side", when=6)
    commits["M"] = _git(tmp_path, "rev-parse", "HEAD")

    assert history.last_commits("main", 3, repo=tmp_path) == [commits[c] for c in "B C M".split()]
    assert history.last_commits("main", 1, repo=tmp_path) == [commits["M"]]
    assert history.last_commits("main", 10, repo=tmp_path) == [commits[c] for c in "A B C M".split()]
    assert history.last_commits("side", 2, repo=tmp_path) == [commits["S1"], commits["S2"]]
    assert history.asv_branch() == _asv_conf()["branches"][0]


def test_history_run_arguments():
    history = _script("history")

    def run(*argv):
        return history.run_arguments(history.parse_args(list(argv)), "/tmp/c.txt")

    assert run() == ["run", "HASHFILE:/tmp/c.txt", "--show-stderr", "--skip-existing-successful"]
    assert history.parse_args([]).commits == 5
    # skipped per benchmark, not per commit: a commit with other results is still run
    assert "--skip-existing-commits" not in run()
    assert run("--quick", "-b", "^shape\\.", "-b", "creation", "--machine", "ci") == [
        "run", "HASHFILE:/tmp/c.txt", "--show-stderr", "--skip-existing-successful",
        "--quick", "--no-interleave-rounds", "-b", "^shape\\.", "-b", "creation", "--machine", "ci"]
    assert run("--rerun", "--", "--durations", "5") == [
        "run", "HASHFILE:/tmp/c.txt", "--show-stderr", "--durations", "5"]
    with pytest.raises(SystemExit):
        history.parse_args(["--commits", "0"])


def test_history_steps(monkeypatch, capsys):
    """machine, run over the commits (in a hash file), publish; a run in which some
    benchmarks failed is still published, one that asv could not do is not."""
    history = _script("history")
    calls, hashfiles = [], []
    status = {}

    def fake_asv(*args, echo=True):
        calls.append(args)
        if args[0] == "run":
            hashfiles.append(pathlib.Path(args[1].removeprefix("HASHFILE:")).read_text().split())
            return status.get("run", 0), "[50.00%] ··· shape.Time_x.time_call   failed\n" * (status.get("run") == 2)
        return 0, ""

    monkeypatch.setattr(history, "_asv", fake_asv)
    monkeypatch.setattr(history, "last_commits", lambda branch, count: [f"{branch}{i}" for i in range(count)])

    assert history.main(["--commits", "3", "--quick", "--no-serve"]) == 0
    assert [c[0] for c in calls] == ["machine", "run", "publish"]
    assert calls[0] == ("machine", "--yes")
    assert hashfiles == [["main0", "main1", "main2"]]
    assert "--quick" in calls[1]

    calls.clear()
    status["run"] = 2
    assert history.main(["--no-serve", "--machine", "ci"]) == 1
    assert [c[0] for c in calls] == ["machine", "run", "publish"]
    assert calls[0] == ("machine", "--yes", "--machine", "ci")
    assert "shape.Time_x.time_call" in capsys.readouterr().err

    calls.clear()
    status["run"] = 1
    assert history.main(["--no-serve"]) == 1
    assert [c[0] for c in calls] == ["machine", "run"]

    calls.clear()
    assert history.main(["--no-run", "--no-serve"]) == 0
    assert calls == [("publish",)]
