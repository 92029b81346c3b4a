"""Load the published asv dashboard in headless Chromium and check that it renders.

The page is served over HTTP from 127.0.0.1 (asv's pages fetch their JSON, which a
``file://`` page may not), and checked twice from the DOM Chromium builds:

1. the benchmark grid (``index.html``): one tile per benchmark of ``index.json``, every
   benchmark module of ``benchmarks/`` among them, and at least one plot drawn;
2. one benchmark's graph page (``index.html#<benchmark>``): the graph drawn, with axis
   labels.

asv 0.6 loads jQuery, Flot, Bootstrap and three small plugins from public CDNs. Where those
are out of reach (CI here reaches package registries only), ``--offline-libs`` names a
``node_modules`` folder holding the same releases from the npm registry (the command is in
``NPM_INSTALL``); the server then rewrites the page's CDN addresses to those copies. The
published files are not changed.

Usage::

    python -m asv publish                                    # in asv_bench/, first
    python asv_bench/check_dashboard.py [--offline-libs DIR/node_modules] [--screenshots DIR]

Installs nothing: Chromium must be there (Debian: ``apt-get install -y chromium``).
Exit status 0 when both pages render, 1 when a check fails, 2 when something it needs
is missing.
"""

import argparse
import functools
import http.server
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = pathlib.Path(__file__).resolve().parent

# Each address asv 0.6.6's index.html loads, and the file of the same release in a
# node_modules folder. Flot 0.8.3 on npm has only the unminified files, and the npm
# registry's stupid-table-plugin starts at 1.1.3 (its $.fn.stupidtable is unchanged).
OFFLINE_COPIES = {
    "https://code.jquery.com/jquery-3.3.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/flot/0.8.3/jquery.flot.min.js": "flot/jquery.flot.js",
    "https://cdnjs.cloudflare.com/ajax/libs/flot/0.8.3/jquery.flot.time.min.js": "flot/jquery.flot.time.js",
    "https://cdnjs.cloudflare.com/ajax/libs/flot/0.8.3/jquery.flot.selection.min.js":
        "flot/jquery.flot.selection.js",
    "https://cdnjs.cloudflare.com/ajax/libs/flot/0.8.3/jquery.flot.categories.min.js":
        "flot/jquery.flot.categories.js",
    "https://cdn.jsdelivr.net/npm/flot-orderbars@1.0.0/js/jquery.flot.orderBars.js":
        "flot-orderbars/js/jquery.flot.orderBars.js",
    "https://cdnjs.cloudflare.com/ajax/libs/stupidtable/1.0.1/stupidtable.min.js":
        "stupid-table-plugin/stupidtable.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/blueimp-md5/2.19.0/js/md5.min.js": "blueimp-md5/js/md5.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@3.1.1/dist/js/bootstrap.min.js": "bootstrap/dist/js/bootstrap.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@3.1.1/dist/css/bootstrap.min.css":
        "bootstrap/dist/css/bootstrap.min.css",
}
NPM_INSTALL = (
    "npm install --no-save --no-audit --no-fund --ignore-scripts --prefix DIR "
    "jquery@3.3.1 flot@0.8.3 flot-orderbars@1.0.0 stupid-table-plugin@1.1.3 "
    "blueimp-md5@2.19.0 bootstrap@3.1.1"
)

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,1600",
]
# A tag that loads an external script or style sheet, and its address.
EXTERNAL_TAG = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"(https?://[^\"]+)\"[^>]*>", re.S)
SRI_ATTRIBUTES = re.compile(r"\s+(?:integrity|crossorigin|referrerpolicy)=\"[^\"]*\"")


class Missing(Exception):
    """Something the check needs is not there (exit status 2)."""


def offline_page(html, libs):
    """``html`` with every CDN address replaced by ``/_offline/<file>`` and the
    integrity attributes of those tags dropped (the copies are the same releases, not
    always the same bytes: unminified Flot)."""
    unknown = []

    def local(match):
        url = match[1]
        if url not in OFFLINE_COPIES:
            unknown.append(url)
            return match[0]
        if not (libs / OFFLINE_COPIES[url]).is_file():
            raise Missing(f"{libs / OFFLINE_COPIES[url]} is missing; fill {libs} with: {NPM_INSTALL}")
        tag = match[0].replace(url, "/_offline/" + OFFLINE_COPIES[url])
        return SRI_ATTRIBUTES.sub("", tag)

    html = EXTERNAL_TAG.sub(local, html)
    if unknown:
        raise Missing("the page loads addresses this check has no offline copy of (add them to "
                      "OFFLINE_COPIES): " + ", ".join(unknown))
    return html


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the html folder; with offline libraries, rewrites index.html and serves
    ``/_offline/...`` from the node_modules folder. Records what it could not serve."""

    libs = None
    not_found = None

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if self.libs is not None and path in ("/", "/index.html"):
            page = offline_page((pathlib.Path(self.directory) / "index.html").read_text("utf-8"), self.libs)
            return self._send(page.encode("utf-8"), "text/html; charset=utf-8")
        if self.libs is not None and path.startswith("/_offline/"):
            file = (self.libs / path[len("/_offline/"):]).resolve()
            if self.libs.resolve() in file.parents and file.is_file():
                kind = "text/css" if file.suffix == ".css" else "application/javascript"
                return self._send(file.read_bytes(), kind)
        return super().do_GET()

    def _send(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        self.not_found.append(f"{code} {self.path}")
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=pathlib.Path, default=HERE / ".asv" / "html",
                        help="the folder asv publish wrote (default: asv_bench/.asv/html)")
    parser.add_argument("--offline-libs", type=pathlib.Path,
                        help="node_modules folder with the page's libraries, for machines without "
                             "access to the public CDNs")
    parser.add_argument("--benchmark", help="the benchmark whose graph page is checked "
                                            "(default: the first one of elementwise, else the first)")
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
        if args.offline_libs is not None and not args.offline_libs.is_dir():
            raise Missing(f"{args.offline_libs} is not a folder; fill it with: {NPM_INSTALL}")
        if args.offline_libs is not None:  # fail before starting anything if a copy is missing
            offline_page((args.html / "index.html").read_text("utf-8"), args.offline_libs)
    except Missing as exc:
        print(f"check_dashboard.py: {exc}", file=sys.stderr)
        return 2

    benchmark = args.benchmark or next((b for b in benchmarks if b.startswith("elementwise.")), benchmarks[0])
    if benchmark not in benchmarks:
        print(f"check_dashboard.py: no benchmark {benchmark} in {index}", file=sys.stderr)
        return 2
    if args.screenshots is not None:
        args.screenshots.mkdir(parents=True, exist_ok=True)

    not_found = []
    handler = type("Handler", (_Handler,), {"libs": args.offline_libs, "not_found": not_found})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(args.html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    try:
        shot = None if args.screenshots is None else args.screenshots / "grid.png"
        tiles, plots = check_grid(chromium(browser, base, args.timeout, shot), benchmarks, modules)
        print(f"grid: {tiles} benchmarks listed, {len(modules)} modules, {plots} plots drawn")
        shot = None if args.screenshots is None else args.screenshots / "graph.png"
        labels = check_graph(chromium(browser, f"{base}#{benchmark}", args.timeout, shot), benchmark)
        print(f"graph of {benchmark}: drawn, axis labels {', '.join(labels[:6])}")
    except AssertionError as exc:
        print(f"check_dashboard.py: FAILED: {exc}", file=sys.stderr)
        if not_found:
            print("  not served: " + ", ".join(not_found), file=sys.stderr)
        return 1
    finally:
        server.shutdown()
        server.server_close()
    if not_found:
        print("(not served, page rendered all the same: " + ", ".join(not_found) + ")")
    print("check_dashboard.py: the dashboard renders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
