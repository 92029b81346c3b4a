"""Kernels called from many Python threads at once, under each threading layer."""

import os
import subprocess
import sys

import pytest

_HAMMER = """
import threading, numpy as np, jitarray as ja
n = 300_000  # over PARALLEL_MIN_SIZE: every call runs on the worker threads too
x, y = np.random.default_rng(0).random((2, n))
calls = [(ja.add, (x, y), np.add), (ja.sqrt, (x,), np.sqrt), (ja.multiply, (x, 2.5), np.multiply),
         (ja.arange, (n,), np.arange), (ja.ones, (n,), np.ones)]
wanted = [ref(*args) for _, args, ref in calls]
errors = []

def work(seed):
    try:
        for i in range(40):
            k = (seed + i) % len(calls)
            fn, args, _ = calls[k]
            if not np.array_equal(fn(*args), wanted[k]):
                errors.append((seed, i))
    except Exception as exc:
        errors.append(exc)

threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("errors", errors)
assert not errors
"""


@pytest.mark.parametrize("layer", ["default", "workqueue"])
def test_eight_threads_mixed_kernels(layer):
    env = dict(os.environ)
    if layer != "default":
        env["NUMBA_THREADING_LAYER"] = layer
    result = subprocess.run([sys.executable, "-c", _HAMMER], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
