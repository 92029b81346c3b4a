"""Command line: ``jitarray-memreport`` and ``python -m profiling``.

Prints, for each dtype jitarray supports, the memory of a Python list of
``n`` values next to the NumPy array holding the same values, and with
``--kernels`` the temporary memory of jitarray calls. Data goes to stdout
(or ``--output``), messages and the progress bar to stderr. The progress
bar, with the time elapsed and an estimate of the time left, shows only
when a run takes more than a few seconds, whether or not stderr is a
terminal (elsewhere as a whole line every few seconds); ``--no-progress``
silences it. ``--version`` prints the version. Bad arguments
exit with status 2 and one line on stderr, before anything is written;
files are written under a temporary name and renamed into place, so an
interrupted run leaves no partial file.

Before measuring, the run's peak memory is estimated
(:func:`profiling.core.estimate_bytes`: up to 248 bytes per element of the
largest size) and a run that needs more than the process can have
(:func:`profiling.core.available_memory`) is refused the same way, unless
``--force``.

Formats
-------
``table`` (default) and ``markdown``
    One row per dtype and size, then the kernel table with ``--kernels``.
``csv``
    Every field of every record, one row each; with ``--kernels`` a blank
    line and a second header and rows for the kernel records follow.
``json``
    The stable schema below.

JSON schema ``jitarray-memreport/1``
------------------------------------
::

    {
      "schema": "jitarray-memreport/1",
      "records": [MemoryRecord, ...],
      "kernels": [KernelRecord, ...]    (empty without --kernels)
    }

Each ``MemoryRecord`` object has these keys (byte counts are integers):

- ``dtype`` (str), ``c_type`` (str), ``min``, ``max`` (bool, int or float:
  the dtype's range, of each part for complex), ``itemsize`` (int),
  ``n`` (int), ``values`` (``"range"``, ``"random"``, ``"zeros"`` or
  ``"sequence"``), ``element_type`` (``"bool"``, ``"int"``, ``"float"``
  or ``"complex"``), ``distinct_elements`` (int), ``shared_elements``
  (int: elements that are objects CPython shares, such as small ints);
- ``naive_list_bytes``: ``sys.getsizeof(l[0]) * len(l)``;
  ``list_container_bytes``: ``sys.getsizeof(l)``; ``list_deep_bytes``:
  the list and each distinct element object, as ``pympler.asizeof``
  counts them; ``list_traced_bytes``: allocated while building the list
  (tracemalloc);
- ``array_data_bytes``: ``itemsize * size``; ``array_nbytes``;
  ``array_getsizeof``; ``array_traced_bytes``: allocated while building
  the array (tracemalloc);
- ``deep_to_nbytes_ratio`` (float, or null for an empty array) and
  ``naive_to_deep_ratio`` (float);
- ``note`` (str): what shared elements change, or ``""`` when there
  are none.

Each ``KernelRecord`` object has the keys ``function`` (str), ``dtype``
(str), ``n`` (int), ``output_bytes`` (the result's ``nbytes``),
``retained_bytes`` (allocated by the call and held by the result),
``peak_bytes`` (peak allocated during the call) and ``temporary_bytes``
(``peak_bytes - retained_bytes``).

Fields are only ever added within ``jitarray-memreport/1``; a change to the
meaning of a field gets a new schema name.
"""

import argparse
import csv
import dataclasses
import importlib.util
import io
import json
import os
import sys
import tempfile
import time

from jitarray._version import __version__

from .core import DEFAULT_SIZES, VALUE_KINDS, _largest_measurement, available_memory, kernel_memory, report
from .core import resolve_dtype

PROG = "jitarray-memreport"
SCHEMA = "jitarray-memreport/1"

#: Size of the default table.
DEFAULT_TABLE_SIZE = 1000

#: Largest size accepted: a list of 10**8 Python objects already takes gigabytes.
MAX_SIZE = 10**8

FORMATS = ("table", "markdown", "csv", "json")

_LEGEND = (
    "list deep = sys.getsizeof(list) + each distinct element object, as pympler.asizeof counts them;"
    " naive list = sys.getsizeof(l[0]) * n; array = nbytes."
)
_SHARING_LEGEND = (
    "shared = elements that are objects CPython shares (True, False, the ints -5..256)"
    " instead of creating them: list deep counts each distinct object once."
)


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


def _duration(seconds):
    """``m:ss``, or ``h:mm:ss`` from an hour on."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class _Progress:
    """A plain progress bar on stderr, with the time elapsed and an estimate of the time left.

    Shown only for a task that will take more than a few seconds: nothing
    during its first second, and from then on only once the estimated
    whole (elapsed + left, from the average time per step so far) reaches
    ``SHOW_FROM`` seconds, so a quick run writes nothing to stderr. On a
    terminal one line is redrawn in place (carriage returns, no other
    control characters) and erased at the end; on anything else (a file, a
    pipe, a CI log) whole lines are written, one at most every ``LOG_EVERY``
    seconds and a last one when the task ends, and nothing is erased.
    """

    WIDTH = 30
    SHOW_AFTER = 1.0  # seconds before anything is shown
    SHOW_FROM = 3.0  # estimated seconds of the whole task from which it is shown
    LOG_EVERY = 5.0  # seconds between lines when stderr is not a terminal

    def __init__(self, label, enabled=True):
        self._label = label
        self._start = time.monotonic()
        self._enabled = enabled
        self._terminal = enabled and getattr(sys.stderr, "isatty", lambda: False)()
        self._shown = False
        self._last_line = None
        self._drawn = 0

    def _line(self, done, total, elapsed):
        filled = self.WIDTH * done // total
        line = f"{self._label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"
        line += f"  elapsed {_duration(elapsed)}"
        if done < total:
            line += f", about {_duration(elapsed * (total - done) / done)} left"
        return line

    def __call__(self, done, total):
        if not self._enabled or total <= 0 or done <= 0:
            return
        now = time.monotonic()
        elapsed = now - self._start
        if not self._shown:
            if elapsed < self.SHOW_AFTER or elapsed * total / done < self.SHOW_FROM:
                return
            self._shown = True
        line = self._line(done, total, elapsed)
        if self._terminal:
            # Pad over the end of a longer previous line.
            sys.stderr.write("\r" + line.ljust(self._drawn))
            self._drawn = max(self._drawn, len(line))
        elif self._last_line is None or now - self._last_line >= self.LOG_EVERY or done >= total:
            sys.stderr.write(line + "\n")
            self._last_line = now
        else:
            return
        sys.stderr.flush()

    def close(self):
        if self._drawn:
            sys.stderr.write("\r" + " " * self._drawn + "\r")
            sys.stderr.flush()
            self._drawn = 0


def _run_with_progress(label, func, enabled=True, **kwargs):
    progress = _Progress(label, enabled)
    try:
        return func(progress=progress, **kwargs)
    finally:
        progress.close()


def _range_text(r):
    if r.element_type in ("bool", "int"):
        text = f"{r.min}..{r.max}"
    else:
        text = f"{r.min:.3g}..{r.max:.3g}"
    return text + " per part" if r.element_type == "complex" else text


def _ratio_text(ratio):
    return "-" if ratio is None else f"{ratio:.1f}"


def _record_table(records):
    headers = ("dtype", "C type", "range", "itemsize", "n", "shared", "distinct",
               "list deep", "naive list", "array", "deep/array")
    rows = [
        (r.dtype, r.c_type, _range_text(r), str(r.itemsize), f"{r.n:,}",
         f"{r.shared_elements:,}", f"{r.distinct_elements:,}",
         f"{r.list_deep_bytes:,}", f"{r.naive_list_bytes:,}", f"{r.array_nbytes:,}",
         _ratio_text(r.deep_to_nbytes_ratio))
        for r in records
    ]
    notes = [_LEGEND] + ([_SHARING_LEGEND] if any(r.shared_elements for r in records) else [])
    return headers, rows, notes, 3


def _kernel_table(kernels):
    headers = ("function", "dtype", "n", "output", "retained", "peak", "temporary")
    rows = [
        (k.function, k.dtype, f"{k.n:,}", f"{k.output_bytes:,}", f"{k.retained_bytes:,}",
         f"{k.peak_bytes:,}", f"{k.temporary_bytes:,}")
        for k in kernels
    ]
    notes = ["bytes allocated per call (tracemalloc, NumPy and Numba's runtime); temporary = peak - retained."]
    return headers, rows, notes, 2


# Each table builder returns (headers, rows, notes, text_columns): its first
# text_columns columns hold text, aligned left; the rest hold numbers.


def _render_text(headers, rows, notes, text_columns):
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]

    def line(cells):
        return "  ".join(
            cell.ljust(w) if i < text_columns else cell.rjust(w) for i, (cell, w) in enumerate(zip(cells, widths))
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows]
    return "\n".join(out + [""] + notes) + "\n"


def _render_markdown(headers, rows, notes, text_columns):
    rule = ["---" if i < text_columns else "---:" for i in range(len(headers))]
    out = ["| " + " | ".join(cells) + " |" for cells in (headers, rule, *rows)]
    return "\n".join(out + [""] + notes) + "\n"


def _tables(records, kernels, render):
    parts = [render(*_record_table(records))]
    if kernels:
        parts.append(render(*_kernel_table(kernels)))
    return "\n".join(parts)


def _csv_text(records, kernels):
    out = io.StringIO()
    for section in (records, kernels):
        if not section:
            continue
        if out.tell():
            out.write("\n")
        writer = csv.DictWriter(out, fieldnames=[f.name for f in dataclasses.fields(section[0])], lineterminator="\n")
        writer.writeheader()
        writer.writerows(dataclasses.asdict(item) for item in section)
    return out.getvalue()


def _json_text(records, kernels):
    document = {
        "schema": SCHEMA,
        "records": [dataclasses.asdict(r) for r in records],
        "kernels": [dataclasses.asdict(k) for k in kernels],
    }
    return json.dumps(document, indent=2) + "\n"


_FORMATTERS = {
    "table": lambda records, kernels: _tables(records, kernels, _render_text),
    "markdown": lambda records, kernels: _tables(records, kernels, _render_markdown),
    "csv": _csv_text,
    "json": _json_text,
}


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


if __name__ == "__main__":
    sys.exit(main())
