"""Import and first-call (compile) time, each sample in a fresh interpreter.

``timeraw_`` benchmarks return the code to time and its set-up; asv runs both in a new
Python process per sample, so nothing is imported or compiled yet when the clock starts.

numba_cache
    ``cold``: the set-up points ``NUMBA_CACHE_DIR`` at a new empty folder before Numba is
    imported, so a first call compiles its kernels. ``warm``: the process uses the
    ``NUMBA_CACHE_DIR`` it inherits, which ``setup`` fills first by making the same call in
    another fresh interpreter, so a first call only loads the kernels from disk.

``import jitarray`` compiles nothing, so its cold and warm times should agree (0.41 s and
0.35 s in one quick run on the 2-core CI machine); a gap the size of a compile (about a
second) would mean some kernel compiles at import.
"""

import os
import subprocess
import sys
import textwrap

# Runs before Numba is imported: Numba reads NUMBA_CACHE_DIR once, at import.
_COLD_CACHE = textwrap.dedent(
    """
    import atexit, os, shutil, tempfile
    _cache_dir = tempfile.mkdtemp(prefix="jitarray-cold-cache-")
    atexit.register(shutil.rmtree, _cache_dir, True)
    os.environ["NUMBA_CACHE_DIR"] = _cache_dir
    """
)

# name -> (set-up after the import, first call). Small inputs: the compile is what is
# timed (0.8 to 1.6 s cold on the 2-core CI machine, 0.12 s warm, against microseconds
# for the call itself); large inputs run the same kernels, on more threads.
FIRST_CALLS = {
    "add float64": ("a = np.linspace(0.0, 1.0, 1000)", "jitarray.add(a, a)"),
    "sqrt complex128": ("z = np.linspace(-1.0, 1.0, 1000) + 0.5j", "jitarray.sqrt(z)"),
    "arange int64": ("", "jitarray.arange(1000)"),
    "linspace float64": ("", "jitarray.linspace(0.0, 1.0, 1000)"),
}

CACHES = ["cold", "warm"]


def _prime(code):
    """Run ``code`` in a fresh interpreter with this process's environment, so that
    the Numba cache the timed processes inherit holds its kernels."""
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ))


class _RawTiming:
    # Each sample is a new process (and, cold, a full compile): a warm-up sample would
    # only repeat the work, and a few samples give a stable minimum.
    warmup_time = 0
    repeat = (1, 5, 20.0)
    rounds = 1
    timeout = 300


class ImportTime(_RawTiming):
    params = [CACHES]
    param_names = ["numba_cache"]

    def timeraw_import(self, numba_cache):
        return "import jitarray", _COLD_CACHE if numba_cache == "cold" else ""


class FirstCall(_RawTiming):
    params = [list(FIRST_CALLS), CACHES]
    param_names = ["call", "numba_cache"]

    def setup(self, call, numba_cache):
        prepare, first = FIRST_CALLS[call]
        self.prepare = f"import numpy as np\nimport jitarray\n{prepare}\n"
        if numba_cache == "cold":
            self.prepare = _COLD_CACHE + self.prepare
        else:
            _prime(self.prepare + first)

    def timeraw_first_call(self, call, numba_cache):
        return FIRST_CALLS[call][1], self.prepare
