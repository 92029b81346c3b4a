import os
import resource
import sys

import pytest
from hypothesis import HealthCheck, settings

# Examples per property test: small by default so the suite stays fast on two cores;
# HYPOTHESIS_PROFILE=thorough runs many more.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# JITARRAY_LONG_HYPOTHESIS=N: N examples per property test (thousands, for a nightly run).
_LONG = os.environ.get("JITARRAY_LONG_HYPOTHESIS", "")
settings.register_profile(
    "long", max_examples=int(_LONG) if _LONG.isdigit() and int(_LONG) > 1 else 5000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("long" if _LONG else "default"))

# ----------------------------------------------------------------- peak memory
# A cold run once took one xdist worker to 21 GB of a 24 GB machine: test_arange_float_property
# drew aranges of up to 10**9 elements.  Each test's peak RSS is recorded (the kernel's
# high-water mark, reset before each test): a test that adds more than JITARRAY_MAX_TEST_RSS_MB
# (default 1024) errors, and an xdist worker whose peak passes JITARRAY_MAX_RSS_MB (default
# 2560) fails the session, so either regression is a failing run, not an OOM.  A run without
# workers compiles every test's kernels in one process: it is bounded only when
# JITARRAY_MAX_RSS_MB is set.
# Measured on a cold run with two workers: no test adds more than 0.18 GB
# (test_report_default_sweep), and the workers peak at 1.5-1.85 GB, nearly all of it what
# compiling kernels left behind, which stays resident: native memory of LLVM's and Numba's
# Python objects.  jitarray/_llvm_memory.py brought the workers' peaks from 3.0-3.4 GB to
# 2.4 GB (pass builders) and from 1.9-2.1 GB to 1.5-1.85 GB (linking clones).
MAX_TEST_RSS = int(os.environ.get("JITARRAY_MAX_TEST_RSS_MB") or 1024) << 20
_BOUND = os.environ.get("JITARRAY_MAX_RSS_MB")
MAX_RSS = int(_BOUND or 2560) << 20
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_peak = 0  # this process's peak RSS over the resets below
_per_test = []  # (peak bytes, growth bytes, nodeid, worker), gathered where the summary is written
_workers = {}  # worker -> its peak RSS in bytes


def _status(field):
    """A ``kB`` field of /proc/self/status in bytes, or None off Linux."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) << 10
    except OSError:
        pass
    return None


def _reset_high_water():
    """Start VmHWM (and ru_maxrss with it) again from the current RSS; False where the
    kernel does not allow it, and then no per-test figure is taken."""
    global _peak
    _peak = max(_peak, _status("VmHWM") or 0)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _process_peak():
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kB elsewhere
    return max(_peak, _status("VmHWM") or 0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit)


def _gb(n):
    return f"{n / 2**30:.2f} GB"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item._rss_start = _status("VmRSS") if _reset_high_water() else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    start = getattr(item, "_rss_start", None)
    if call.when == "teardown" and start is not None:
        peak = _status("VmHWM")
        # user_properties travel from an xdist worker to the controller with the report
        report.user_properties.append(("peak_rss", (peak, peak - start, _WORKER)))
        if peak - start > MAX_TEST_RSS and report.passed:
            report.outcome = "failed"
            report.longrepr = (f"resident memory grew by {_gb(peak - start)} during {item.nodeid}, over the"
                               f" {_gb(MAX_TEST_RSS)} bound of one test (JITARRAY_MAX_TEST_RSS_MB)")
    return report


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "peak_rss" and report.when == "teardown":
            _per_test.append((value[0], value[1], report.nodeid, value[2]))


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller checks
        workeroutput["peak_rss"] = _process_peak()
        return
    if not _workers:  # no xdist workers: the tests ran in this process
        _workers[_WORKER] = _process_peak()
    if _over_bound():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _over_bound():
    """``{worker: peak}`` of the workers over the bound (none checked in a run without
    workers unless the bound was set)."""
    if list(_workers) == ["main"] and not _BOUND:
        return {}
    return {w: p for w, p in _workers.items() if p > MAX_RSS}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    peak = getattr(node, "workeroutput", {}).get("peak_rss")
    if peak is not None:
        _workers[node.gateway.id] = peak


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput") or not _workers or config.option.collectonly:
        return
    tr = terminalreporter
    tr.write_sep("-", "peak RSS")
    tr.write_line(", ".join(f"{w} {_gb(p)}" for w, p in sorted(_workers.items()))
                  + f" (bounds: {_gb(MAX_RSS)} a worker, JITARRAY_MAX_RSS_MB;"
                  f" {_gb(MAX_TEST_RSS)} added by a test, JITARRAY_MAX_TEST_RSS_MB)")
    shown = int(os.environ.get("JITARRAY_RSS_REPORT") or 5)
    # by what each test added: a test run after a big one starts (and so peaks) high
    for peak, growth, nodeid, worker in sorted(_per_test, key=lambda t: t[1], reverse=True)[:shown]:
        tr.write_line(f"  {growth / 2**30:+.2f} GB to {_gb(peak)}  {nodeid}  [{worker}]")
    over = _over_bound()
    for worker, peak in sorted(over.items()):
        biggest = max((t for t in _per_test if t[3] == worker), key=lambda t: t[1], default=None)
        where = f"; its biggest test: {biggest[2]} (+{_gb(biggest[1])})" if biggest else ""
        tr.write_line(f"FAILED: worker {worker} peaked at {_gb(peak)} resident, over the"
                      f" {_gb(MAX_RSS)} bound (JITARRAY_MAX_RSS_MB){where}", red=True, bold=True)


@pytest.fixture
def threaded_reductions(monkeypatch):
    """Reductions of a few hundred thousand items on the worker threads (they go there from
    16 MiB read; tests keep their inputs small), and a check that they went: a list that
    grows each time chunks_for asks for Numba's thread count, which it does only to cut a
    job."""
    import numba

    from jitarray import reductions
    from jitarray._kernels._common import PARALLEL_MIN_SIZE

    asked = []
    count = numba.get_num_threads
    monkeypatch.setattr(reductions, "REDUCTION_PARALLEL_MIN_BYTES", PARALLEL_MIN_SIZE)
    monkeypatch.setattr(numba, "get_num_threads", lambda: asked.append(1) or count())
    return asked
