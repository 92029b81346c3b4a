"""The suite's own memory bounds (tests/conftest.py): a worker whose peak resident memory
passes JITARRAY_MAX_RSS_MB fails the run, and a test that adds more than
JITARRAY_MAX_TEST_RSS_MB fails."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_TESTS = """
import numpy as np

def test_small():
    assert np.ones(10).sum() == 10

def test_grows():
    x = np.ones(48 << 17)  # 48 MiB, touched
    assert x.sum() == x.size
"""


def _run(tmp_path, **bounds):
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_sample.py").write_text(_TESTS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JITARRAY_MAX", "PYTEST_"))}
    env.update(bounds)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-q",
                           str(tmp_path)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_bounds_fail_the_run(tmp_path):
    run = _run(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "peak RSS" in run.stdout
    run = _run(tmp_path, JITARRAY_MAX_RSS_MB="20")  # below any Python process with NumPy
    assert run.returncode == 1, run.stdout + run.stderr
    assert "over the 0.02 GB bound (JITARRAY_MAX_RSS_MB)" in run.stdout
    run = _run(tmp_path, JITARRAY_MAX_TEST_RSS_MB="16")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "test_grows" in run.stdout and "over the 0.02 GB bound of one test" in run.stdout
