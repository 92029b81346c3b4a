"""Benchmark the last commits of main with asv, publish the results and serve the dashboard.

Usage::

    python asv_bench/history.py                                  # the last 5 commits, every benchmark
    python asv_bench/history.py --commits 10 --quick -b '^creation\\.' -b '^shape\\.'
    python asv_bench/history.py --no-run                         # publish and serve what is there
    python asv_bench/history.py --no-serve -- --durations 5      # after --: more asv run arguments

Four steps, the first three asv commands run in ``asv_bench/``:

1. ``asv machine --yes``: this machine's description (``--machine NAME`` to choose its name);
2. ``asv run HASHFILE:<commits> --skip-existing-successful``: the last ``--commits`` commits
   of the branch asv.conf.json names, following first parents, oldest first. asv clones
   this repository into ``.asv/env``, builds each commit as a wheel and installs it in one
   virtualenv. The virtualenv is made once, with the releases asv.conf.json pins, from the
   package registry; after that a commit's build and install download nothing (no build
   isolation, ``--no-deps``). Results go to ``.asv/results/<machine>/``, one file per
   commit and environment. The benchmarks themselves come from this working tree;
3. ``asv publish``: the dashboard, in ``.asv/html``;
4. the dashboard served on http://127.0.0.1:8080 until Ctrl-C (``--open`` also opens a
   browser), with the page's JavaScript libraries from local npm copies when
   ``.asv/dashboard-libs/node_modules`` (or ``--offline-libs DIR``) holds them, as on a
   machine without access to the public CDNs (``dashboard.py``).

A commit whose selected benchmarks all have results on this machine is not run again (asv
still installs one commit to find the benchmarks), so a second run costs only the new commits
and the benchmarks not run before.
asv's ``--skip-existing-commits`` would skip a commit with *any* result: one of another
``-b`` selection, or the current-environment run that CI records (``check.py --record``),
leaving holes in the history. ``--rerun`` runs them again (to replace ``--quick`` figures).
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import threading
import webbrowser

from check import _asv, failed_benchmarks
from dashboard import DEFAULT_LIBS, HTML_DIR, NPM_INSTALL, Missing, serve

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def asv_branch():
    """The first branch of asv.conf.json: the one the dashboard draws."""
    text = (HERE / "asv.conf.json").read_text("utf-8")
    conf = json.loads("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")))
    return conf["branches"][0]


def last_commits(branch, count, repo=ROOT):
    """The full hashes of the last ``count`` commits of ``branch`` (first parents only,
    as asv's own ranges), oldest first; fewer when the branch has fewer."""
    out = subprocess.run(["git", "rev-list", "--first-parent", f"--max-count={count}", branch, "--"],
                         cwd=repo, check=True, capture_output=True, text=True).stdout
    return out.split()[::-1]


def run_arguments(args, hashfile):
    """The ``asv run`` arguments for the parsed command line ``args`` and a file of hashes."""
    run = ["run", f"HASHFILE:{hashfile}", "--show-stderr"]
    if not args.rerun:
        run.append("--skip-existing-successful")
    if args.quick:
        # asv interleaves its rounds across commits, building and installing every commit
        # once per round (two by default); a quick run has one round, so the second pass
        # would only reinstall
        run += ["--quick", "--no-interleave-rounds"]
    for regex in args.bench:
        run += ["-b", regex]
    if args.machine:
        run += ["--machine", args.machine]
    return run + args.asv_args


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=5, metavar="N",
                        help="benchmark the last N commits of the branch (default 5)")
    parser.add_argument("-b", "--bench", action="append", default=[], metavar="REGEX",
                        help="only the benchmarks matching REGEX (repeatable), as asv run -b")
    parser.add_argument("--quick", action="store_true",
                        help="each benchmark once: minutes instead of hours, noisier figures")
    parser.add_argument("--rerun", action="store_true",
                        help="run benchmarks that already have results for a commit again")
    parser.add_argument("--machine", help="the machine's name in .asv/results (default: asv's)")
    parser.add_argument("--no-run", action="store_true", help="only publish and serve the results there are")
    parser.add_argument("--no-serve", action="store_true", help="publish, then exit")
    parser.add_argument("--open", action="store_true", help="also open the dashboard in a web browser")
    parser.add_argument("--port", type=int, default=8080, help="port to serve on (default 8080; 0: any free)")
    parser.add_argument("--offline-libs", type=pathlib.Path,
                        help="node_modules folder with the page's libraries (default: "
                             f"{DEFAULT_LIBS.relative_to(ROOT)} when it exists, else the public CDNs)")
    parser.add_argument("asv_args", nargs="*", help="more arguments for asv run (after --)")
    args = parser.parse_args(argv)
    if args.commits < 1:
        parser.error("--commits must be 1 or more")
    return args


def _step(*asv_args, echo=True):
    status, output = _asv(*asv_args, echo=echo)
    if status:
        print(f"history.py: asv {asv_args[0]} exited with status {status}", file=sys.stderr)
    return status, output


def main(argv=None):
    args = parse_args(argv)
    failed = []
    if not args.no_run:
        branch = asv_branch()
        commits = last_commits(branch, args.commits)
        if not commits:
            print(f"history.py: no commits on {branch}", file=sys.stderr)
            return 1
        print(f"history.py: {len(commits)} commits of {branch}, oldest first: "
              + " ".join(c[:8] for c in commits), flush=True)
        machine = ["--machine", args.machine] if args.machine else []
        # asv machine prints its questionnaire even with --yes: shown only if it fails
        status, _ = _step("machine", "--yes", *machine, echo=False)
        if status:
            return status
        with tempfile.TemporaryDirectory(prefix="asv-history-") as folder:
            hashfile = pathlib.Path(folder) / "commits.txt"
            hashfile.write_text("\n".join(commits) + "\n")
            status, output = _step(*run_arguments(args, hashfile))
        failed = failed_benchmarks(output)
        if failed:
            print(f"history.py: {len(failed)} benchmark(s) failed:", *failed, sep="\n  ", file=sys.stderr)
        # 2: some benchmarks failed; what did run is still published
        if status not in (0, 2):
            return status
    status, _ = _step("publish", echo=False)
    if status:
        return status
    print(f"history.py: dashboard published in {HTML_DIR}", flush=True)
    if not args.no_serve:
        status = _serve(args)
        if status:
            return status
    return 1 if failed else 0


def _serve(args):
    libs = args.offline_libs
    if libs is None and DEFAULT_LIBS.is_dir():
        libs = DEFAULT_LIBS
    try:
        with serve(HTML_DIR, libs, port=args.port) as (url, _):
            if libs is None:
                print(f"Serving {url} (its libraries come from public CDNs; without internet access, "
                      f"fill {DEFAULT_LIBS} with: {NPM_INSTALL.replace('DIR', str(DEFAULT_LIBS.parent))})")
            else:
                print(f"Serving {url} (its libraries from {libs})")
            print("Ctrl-C to stop", flush=True)
            if args.open:
                webbrowser.open(url)
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                pass
    except Missing as exc:
        print(f"history.py: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the port is taken
        print(f"history.py: cannot serve on port {args.port} ({exc}); try --port 0", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
