"""Command line: parse and check the options, then measure and write the output (``main``).

A run whose estimated memory exceeds what the process can have is refused
before anything is measured; output files are written under a temporary
name and renamed into place.
"""

import argparse
import importlib.util
import os
import sys
import tempfile

from jitarray._version import __version__

from .arrays import VALUE_KINDS
from .budget import _largest_measurement, available_memory
from .compare import DEFAULT_SIZES, report
from .dtypes import resolve_dtype
from .kernels import kernel_memory
from .progress import _run_with_progress
from .render import _FORMATTERS

__all__ = ["main"]

PROG = "jitarray-memreport"

#: Size of the default table.
DEFAULT_TABLE_SIZE = 1000

#: Largest size accepted: a list of 10**8 Python objects already takes gigabytes.
MAX_SIZE = 10**8

FORMATS = ("table", "markdown", "csv", "json")


class _Parser(argparse.ArgumentParser):
    """Reports an error as one line on stderr and exits with status 2."""

    def error(self, message):
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def _parser():
    parser = _Parser(
        prog=PROG,
        description="Memory of Python lists against NumPy arrays for each dtype jitarray supports.",
        epilog="The JSON schema is described in the profiling.__main__ module docstring.",
    )
    parser.add_argument("--dtypes", help="comma-separated dtype names (default: all supported dtypes)")
    parser.add_argument(
        "--sizes",
        help=f"comma-separated element counts, 0..{MAX_SIZE} (default: {DEFAULT_TABLE_SIZE};"
        f" with --plot: {','.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument("--values", choices=VALUE_KINDS, default="range", help="element values (default: range)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --values random (default: 0)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--output", metavar="FILE", help="write the data to FILE instead of stdout")
    parser.add_argument(
        "--plot", metavar="FILE.png",
        help="also draw bytes against n into a PNG file (needs matplotlib: the plot extra, pip install 'jitarray[plot]')",
    )
    parser.add_argument("--kernels", action="store_true", help="also measure the memory of jitarray calls")
    parser.add_argument(
        "--force", action="store_true",
        help="run even when the estimated peak memory (up to 248 bytes per element of the largest size:"
        " the list, its objects, their tracemalloc records and the arrays) exceeds the memory available"
        " (the least of MemAvailable, the cgroup's memory limit and RLIMIT_AS); without it such a run is refused",
    )
    parser.add_argument(
        "--no-progress", dest="progress", action="store_false",
        help="no progress bar; by default a run that takes more than a few seconds shows one on stderr,"
        " with the time elapsed and an estimate of the time left (redrawn on a terminal,"
        " a line every few seconds otherwise)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _parse_dtypes(parser, text):
    if text is None:
        return None
    names = [name.strip() for name in text.split(",")]
    try:
        return [resolve_dtype(name) for name in names]
    except TypeError as exc:
        parser.error(f"--dtypes: {exc}")


def _parse_sizes(parser, text, plot):
    if text is None:
        return list(DEFAULT_SIZES) if plot else [DEFAULT_TABLE_SIZE]
    sizes = []
    for item in text.split(","):
        try:
            n = int(item)
        except ValueError:
            parser.error(f"--sizes: {item.strip()!r} is not an integer")
        if not 0 <= n <= MAX_SIZE:
            parser.error(f"--sizes: {n} is outside 0..{MAX_SIZE}")
        sizes.append(n)
    return sizes


def _gb(n):
    return f"{n / 2**30:.1f} GB"


def _check_memory(parser, dtypes, sizes, values, kernels):
    """Refuse a run whose estimated peak exceeds the memory available to this process."""
    need, n, dtype = _largest_measurement(dtypes, sizes, values, kernels)
    have, source = available_memory()
    if have is not None and need > max(have, 0):
        parser.error(
            f"--sizes: measuring {n:,} {dtype.name} elements needs about {_gb(need)}"
            f" ({need // n} bytes each), more than the {_gb(max(have, 0))} available ({source});"
            " use smaller --sizes, or --force to run anyway"
        )


class _PendingFile:
    """A file written under a temporary name in its folder, renamed into place by ``commit``."""

    def __init__(self, path, binary=False):
        if os.path.isdir(path):
            raise IsADirectoryError(f"{path} is a directory")
        folder = os.path.dirname(os.path.abspath(path))
        fd, self._temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part")
        self.path = path
        self.file = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self):
        self.file.close()
        # mkstemp makes the file private (0600); give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._temp, 0o666 & ~umask)
        os.replace(self._temp, self.path)
        self._temp = None

    def discard(self):
        if self._temp is not None:
            self.file.close()
            os.unlink(self._temp)
            self._temp = None


def _pending(parser, option, path, binary=False):
    try:
        return _PendingFile(path, binary)
    except OSError as exc:
        parser.error(f"{option}: cannot write {path!r}: {exc.strerror or exc}")


def main(argv=None):
    """Run the command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 130 when interrupted. Bad arguments raise
        ``SystemExit(2)`` after one line on stderr.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    dtypes = _parse_dtypes(parser, args.dtypes)
    sizes = _parse_sizes(parser, args.sizes, plot=args.plot is not None)
    if args.plot is not None:
        if not args.plot.lower().endswith(".png"):
            parser.error(f"--plot: {args.plot!r} must name a .png file")
        if not any(sizes):
            parser.error("--plot: needs at least one size above 0 (the axes are logarithmic)")
        if importlib.util.find_spec("matplotlib") is None:
            parser.error("--plot: needs matplotlib (pip install 'jitarray[plot]')")
    if not args.force:
        _check_memory(parser, dtypes, sizes, args.values, args.kernels)

    pending = {}  # option -> _PendingFile, created up front so a bad path fails early
    try:
        if args.output:
            pending["--output"] = _pending(parser, "--output", args.output)
        if args.plot:
            pending["--plot"] = _pending(parser, "--plot", args.plot, binary=True)

        records = _run_with_progress("lists and arrays", report, enabled=args.progress, dtypes=dtypes,
                                     sizes=sizes, values=args.values, seed=args.seed)
        kernels = (_run_with_progress("kernels", kernel_memory, enabled=args.progress, dtypes=dtypes, sizes=sizes)
                   if args.kernels else [])
        text = _FORMATTERS[args.format](records, kernels)
        if "--plot" in pending:
            from .plot import plot_records

            plot_records(records, pending["--plot"].file)
        if "--output" in pending:
            pending["--output"].file.write(text)
        else:
            sys.stdout.write(text)
        for item in pending.values():
            item.commit()
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    finally:
        for item in pending.values():
            item.discard()
    return 0
