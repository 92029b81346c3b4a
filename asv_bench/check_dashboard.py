"""Load the published asv dashboard in headless Chromium and check that it renders.

The page is served over HTTP from 127.0.0.1 (asv's pages fetch their JSON, which a
``file://`` page may not), and checked twice from the DOM Chromium builds:

1. the benchmark grid (``index.html``): one tile per benchmark of ``index.json``, every
   benchmark module of ``benchmarks/`` among them, and at least one plot drawn;
2. one benchmark's graph page (``index.html#<benchmark>``): the graph drawn, with axis
   labels, and how many points each of its lines has (read from the plot's own data in the
   page); ``--points N`` fails unless one line has N or more, one per benchmarked commit.

asv 0.6 loads jQuery, Flot, Bootstrap and three small plugins from public CDNs. Where those
are out of reach (CI here reaches package registries only), ``--offline-libs`` names a
``node_modules`` folder holding the same releases from the npm registry (the command is in
``dashboard.NPM_INSTALL``); the server (``dashboard.py``, shared with ``history.py``) then
rewrites the page's CDN addresses to those copies. The published files are not changed.

Usage::

    python -m asv publish                                    # in asv_bench/, first
    python asv_bench/check_dashboard.py [--offline-libs DIR/node_modules] [--screenshots DIR]
    python asv_bench/check_dashboard.py --benchmark shape.Time_transpose_3_D.time_call --points 5

Installs nothing: Chromium must be there (Debian: ``apt-get install -y chromium``).
Exit status 0 when both pages render, 1 when a check fails, 2 when something it needs
is missing.
"""

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from dashboard import HTML_DIR, NPM_INSTALL, Missing, check_ready, serve

HERE = pathlib.Path(__file__).resolve().parent

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,1600",
]

# Added to the served page (only while it is checked): every quarter second of the page's
# time, the number of points of each line of the graph page's plot, read from Flot's own
# data, goes into a hidden element of the DOM that Chromium dumps.
POINTS_PROBE = """<script>
setInterval(function () {
  var plot = $("#main-graph").data("plot");
  if (!plot) { return; }
  var counts = $.map(plot.getData(), function (series) {
    return $.grep(series.data, function (point) { return point && point[1] !== null; }).length;
  });
  $("#points-probe").remove();
  $("<div id='points-probe' hidden></div>").attr("data-points", counts.join(",")).appendTo("body");
}, 250);
</script>
"""


def find_chromium(explicit):
    if explicit:
        if shutil.which(explicit):
            return shutil.which(explicit)
        raise Missing(f"no Chromium at {explicit}")
    for name in CHROMIUM_NAMES:
        if shutil.which(name):
            return shutil.which(name)
    raise Missing("Chromium is not installed (Debian: apt-get update && apt-get install -y chromium); "
                  "or pass --chromium PATH")


def chromium(browser, url, timeout, screenshot=None):
    """The DOM of ``url`` after 20 s of the page's virtual time, in a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="asv-dashboard-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000"]
        try:
            dom = subprocess.run(command + ["--dump-dom", url], capture_output=True, text=True,
                                 timeout=timeout)
            if screenshot is not None:
                subprocess.run(command + [f"--screenshot={screenshot}", url], capture_output=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"Chromium did not finish loading {url} within {timeout} s")
    if dom.returncode != 0 or not dom.stdout.strip():
        raise AssertionError(f"Chromium failed on {url} (exit status {dom.returncode}):\n{dom.stderr[-2000:]}")
    return dom.stdout


def _libraries_loaded(dom):
    if "continental origin of swallow" in dom:
        raise AssertionError(
            "the page's JavaScript libraries did not load (asv's error page). Without access "
            f"to the public CDNs, pass --offline-libs with a folder filled by: {NPM_INSTALL}")


def check_grid(dom, benchmarks, modules):
    """The grid lists every benchmark and draws at least one plot."""
    _libraries_loaded(dom)
    tiles = set(re.findall(r"<a class=\"btn benchmark-container\" href=\"#([^\"]+)\"", dom))
    missing = sorted(set(benchmarks) - tiles)
    if missing:
        raise AssertionError(f"{len(missing)} benchmarks have no tile on the grid: {', '.join(missing)}")
    groups = set(re.findall(r"<div class=\"benchmark-group\" id=\"group-([^\"]+)\">", dom))
    if not set(modules) <= groups:
        raise AssertionError(f"modules missing from the grid: {', '.join(sorted(set(modules) - groups))}")
    plots = len(re.findall(r"<div id=\"summarygrid-[^\"]+\" class=\"benchmark-plot\"[^>]*>\s*"
                           r"<canvas class=\"flot-base\"", dom))
    if not plots:
        raise AssertionError("the grid lists the benchmarks but drew no plot")
    return len(tiles), plots


def check_graph(dom, benchmark):
    """The benchmark's own page draws its graph, with axis labels."""
    _libraries_loaded(dom)
    start = dom.find('id="main-graph"')
    end = dom.find('id="overview"', start)
    if start < 0 or end < 0:
        raise AssertionError(f"the page of {benchmark} has no graph area")
    graph = dom[start:end]
    if '<canvas class="flot-base"' not in graph:
        if "No graphs to load" in graph:
            raise AssertionError(f"the page of {benchmark} says: No graphs to load")
        raise AssertionError(f"the page of {benchmark} drew no graph")
    labels = re.findall(r"class=\"flot-tick-label tickLabel\"[^>]*>([^<]+)<", graph)
    if not labels:
        raise AssertionError(f"the graph of {benchmark} has no axis labels")
    return labels


def line_points(dom, benchmark):
    """The number of points (values) of each line of the graph, as `POINTS_PROBE` left
    them in the DOM."""
    probe = re.search(r"<div\b[^>]*\bid=\"points-probe\"[^>]*>", dom)
    if probe is None:
        raise AssertionError(f"the graph of {benchmark} has no plot data (no points probe in the page)")
    counts = re.search(r"\bdata-points=\"([0-9,]*)\"", probe[0])
    if counts is None or not counts[1]:
        raise AssertionError(f"the graph of {benchmark} has no line")
    return [int(n) for n in counts[1].split(",")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=pathlib.Path, default=HTML_DIR,
                        help="the folder asv publish wrote (default: asv_bench/.asv/html)")
    parser.add_argument("--offline-libs", type=pathlib.Path,
                        help="node_modules folder with the page's libraries, for machines without "
                             "access to the public CDNs")
    parser.add_argument("--benchmark", help="the benchmark whose graph page is checked "
                                            "(default: the first one of elementwise, else the first)")
    parser.add_argument("--points", type=int, default=1,
                        help="fail unless a line of that graph has at least this many points "
                             "(default 1)")
    parser.add_argument("--screenshots", type=pathlib.Path,
                        help="also save grid.png and graph.png of the two pages in this folder")
    parser.add_argument("--chromium", help="Chromium executable (default: found on PATH)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per page (default 120)")
    args = parser.parse_args(argv)

    try:
        browser = find_chromium(args.chromium)
        index = args.html / "index.json"
        if not index.is_file():
            raise Missing(f"no {index}: run `python -m asv publish` in asv_bench first")
        benchmarks = sorted(json.loads(index.read_text("utf-8"))["benchmarks"])
        modules = sorted(p.stem for p in (HERE / "benchmarks").glob("*.py") if not p.stem.startswith("_"))
        absent = [m for m in modules if not any(b.startswith(m + ".") for b in benchmarks)]
        if absent:
            raise Missing(f"the published results have no benchmark of {', '.join(absent)}: record "
                          "results (python asv_bench/check.py --record), then asv publish")
        check_ready(args.html, args.offline_libs)  # fail before starting anything if a copy is missing
    except Missing as exc:
        print(f"check_dashboard.py: {exc}", file=sys.stderr)
        return 2

    benchmark = args.benchmark or next((b for b in benchmarks if b.startswith("elementwise.")), benchmarks[0])
    if benchmark not in benchmarks:
        print(f"check_dashboard.py: no benchmark {benchmark} in {index}", file=sys.stderr)
        return 2
    if args.screenshots is not None:
        args.screenshots.mkdir(parents=True, exist_ok=True)

    with serve(args.html, args.offline_libs, inject=POINTS_PROBE) as (base, not_found):
        try:
            shot = None if args.screenshots is None else args.screenshots / "grid.png"
            tiles, plots = check_grid(chromium(browser, base, args.timeout, shot), benchmarks, modules)
            print(f"grid: {tiles} benchmarks listed, {len(modules)} modules, {plots} plots drawn")
            shot = None if args.screenshots is None else args.screenshots / "graph.png"
            dom = chromium(browser, f"{base}#{benchmark}", args.timeout, shot)
            labels = check_graph(dom, benchmark)
            points = line_points(dom, benchmark)
            print(f"graph of {benchmark}: drawn, axis labels {', '.join(labels[:6])}; "
                  f"{len(points)} lines of {', '.join(map(str, points))} points")
            if max(points) < args.points:
                raise AssertionError(f"the graph of {benchmark} has no line of {args.points} or more points")
        except AssertionError as exc:
            print(f"check_dashboard.py: FAILED: {exc}", file=sys.stderr)
            if not_found:
                print("  not served: " + ", ".join(not_found), file=sys.stderr)
            return 1
    if not_found:
        print("(not served, page rendered all the same: " + ", ".join(not_found) + ")")
    print("check_dashboard.py: the dashboard renders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
