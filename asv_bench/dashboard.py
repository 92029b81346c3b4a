"""Serve the published asv dashboard over HTTP, with its CDN libraries from local copies.

asv's pages fetch their JSON, which a ``file://`` page may not, so the dashboard needs a
server. asv 0.6 also loads jQuery, Flot, Bootstrap and three small plugins from public CDNs
and shows only an error page without them. Given a ``node_modules`` folder holding the same
releases from the npm registry (filled by the command in ``NPM_INSTALL``), the server
rewrites the page's CDN addresses to those copies; the published files are not changed.

Used by ``history.py --serve`` (to look at the dashboard) and by ``check_dashboard.py``
(to load it in headless Chromium)::

    with serve(html_dir, libs) as (url, not_found):
        ...                                   # url: http://127.0.0.1:PORT/index.html
"""

import contextlib
import functools
import http.server
import pathlib
import re
import threading

HERE = pathlib.Path(__file__).resolve().parent
HTML_DIR = HERE / ".asv" / "html"
# Where .ci/run puts the npm copies, and where history.py looks for them by default.
DEFAULT_LIBS = HERE / ".asv" / "dashboard-libs" / "node_modules"

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

# A tag that loads an external script or style sheet, and its address.
EXTERNAL_TAG = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"(https?://[^\"]+)\"[^>]*>", re.S)
SRI_ATTRIBUTES = re.compile(r"\s+(?:integrity|crossorigin|referrerpolicy)=\"[^\"]*\"")


class Missing(Exception):
    """Something the dashboard needs is not there."""


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
        raise Missing("the page loads addresses with no offline copy here (add them to "
                      "OFFLINE_COPIES): " + ", ".join(unknown))
    return html


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the html folder; with offline libraries, rewrites index.html and serves
    ``/_offline/...`` from the node_modules folder; adds ``inject`` to index.html before
    its ``</body>``. Records what it could not serve."""

    libs = None
    inject = ""
    not_found = None

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if (self.libs is not None or self.inject) and path in ("/", "/index.html"):
            page = (pathlib.Path(self.directory) / "index.html").read_text("utf-8")
            if self.libs is not None:
                page = offline_page(page, self.libs)
            if self.inject:
                at = page.rfind("</body>")
                page = page[:at] + self.inject + page[at:] if at >= 0 else page + self.inject
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


def check_ready(html, libs=None):
    """Raise `Missing` unless ``html`` holds a published dashboard and ``libs`` (if
    given) every library copy that its page needs."""
    index = pathlib.Path(html) / "index.html"
    if not index.is_file():
        raise Missing(f"no {index}: run `python -m asv publish` in asv_bench first")
    if libs is not None:
        if not pathlib.Path(libs).is_dir():
            raise Missing(f"{libs} is not a folder; fill it with: {NPM_INSTALL}")
        offline_page(index.read_text("utf-8"), pathlib.Path(libs))


@contextlib.contextmanager
def serve(html, libs=None, host="127.0.0.1", port=0, inject=""):
    """Serve the folder ``html`` (asv publish's output) on ``host:port`` (0: a free port)
    from a background thread; yields the address of index.html and the list, filled as
    requests come, of what could not be served. With ``libs`` (a node_modules folder),
    the page's CDN libraries come from there; ``inject`` (HTML) is added to the page."""
    check_ready(html, libs)
    not_found = []
    libs = None if libs is None else pathlib.Path(libs)
    handler = type("Handler", (_Handler,), {"libs": libs, "inject": inject, "not_found": not_found})
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/index.html", not_found
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
