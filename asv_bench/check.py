"""Run every asv benchmark once, in the current environment, and fail if any fails.

Steps: ``asv machine --yes`` (asv needs a machine description), ``asv check`` (every
benchmark module imports and every benchmark is well formed), then one quick run of the
whole suite with the interpreter running this script (``asv run -E existing --quick
--show-stderr``). The run is a dry run (nothing saved) unless ``--record`` is given; then
its results are saved under the current commit, for ``asv publish``.

asv's own exit status is not enough: it is 2 when a benchmark raises or times out, but 0
when a benchmark returns no value (asv prints ``failed`` for it all the same). So the
run's output is also read, and every benchmark that it reports as failed, wholly or for
some parameters, fails this check.

Usage::

    python asv_bench/check.py                 # dry run
    python asv_bench/check.py --record        # save results for asv publish
    python asv_bench/check.py -- -b memory    # extra arguments for asv run
"""

import argparse
import os
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent

# A benchmark's status line, e.g.
#   [12.50%] ··· memory.KernelMemory.track_peak_bytes                  failed
#   [37.50%] ··· creation.Time_eye_float64_3163x3163.time_call     1/2 failed
#   [50.00%] ··· memory.KernelMemory.track_x skipped (setup_cache failed)
#   [41.07%] ··· Setting up memory:77                                  failed
# (the dots are '*' where the output encoding lacks them).
FAILED_LINE = re.compile(
    r"^\[\s*\d+(?:\.\d+)?%\]\s+\S+\s+(?P<name>\S.*?)\s+"
    r"(?:(?P<count>\d+/\d+)\s+failed|failed|skipped \(setup_cache failed\))\s*$"
)


def failed_benchmarks(output):
    """The benchmarks (with ``n/m`` when only some parameters failed) that an
    ``asv run`` output reports as failed."""
    failed = []
    for line in output.splitlines():
        match = FAILED_LINE.match(line.rstrip())
        if match:
            count = f" ({match['count']} parameter sets)" if match["count"] else ""
            failed.append(match["name"] + count)
    return failed


def _asv(*args, echo=True):
    """Run ``python -m asv ARGS`` in this folder and return (exit status, output); the
    output is echoed as it comes, or, with ``echo=False``, only if the command fails."""
    command = [sys.executable, "-m", "asv", *args]
    print("$", " ".join(command), flush=True)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(command, cwd=HERE, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    lines = []
    for line in proc.stdout:
        if echo:
            sys.stdout.write(line)
            sys.stdout.flush()
        lines.append(line)
    status = proc.wait()
    if status and not echo:
        sys.stdout.write("".join(lines))
    return status, "".join(lines)


def _head_commit():
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=HERE, check=True,
                          capture_output=True, text=True).stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", action="store_true",
                        help="save the results under the current commit instead of a dry run")
    parser.add_argument("asv_args", nargs="*", help="extra arguments for asv run (after --)")
    args = parser.parse_args(argv)
    try:
        import asv  # noqa: F401
    except ImportError:
        print(f"check.py: asv is not installed for {sys.executable} (pip install asv)",
              file=sys.stderr)
        return 1

    # asv machine prints its questionnaire even with --yes: shown only if it fails
    for step, echo in ((("machine", "--yes"), False), (("check", "-E", "existing"), True)):
        status, _ = _asv(*step, echo=echo)
        if status:
            print(f"check.py: asv {step[0]} exited with status {status}", file=sys.stderr)
            return status
    run = ["run", "-E", "existing", "--quick", "--show-stderr"]
    run += ["--set-commit-hash", _head_commit()] if args.record else ["--dry-run"]
    status, output = _asv(*run, *args.asv_args)
    failed = failed_benchmarks(output)
    if failed:
        print(f"\ncheck.py: {len(failed)} benchmark(s) failed:", *failed, sep="\n  ", file=sys.stderr)
    if status or failed:
        print(f"check.py: FAILED (asv run exited with status {status})", file=sys.stderr)
        return status or 1
    if "Running 0 total benchmarks" in output or not re.search(r"Running \d+ total benchmarks", output):
        print("check.py: FAILED: asv ran no benchmark", file=sys.stderr)
        return 1
    print("check.py: every benchmark ran", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
