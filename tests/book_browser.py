"""The built HTML book in headless Chromium: shared by tests/test_browser.py and tests/test_web_*.py.

Needs the HTML (`make book`, or point BOOK_HTML_DIR at another build's `_build/html`) and Debian's
Chromium at /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it). Missing either is a
failure, never a skip. The fixtures `book_url`, `browser` and `visit` are in tests/conftest.py.
"""

import functools
import http.server
import os
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import project_scripts
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML_DIR = Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = HTML_DIR.parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, and quiet: no background traffic of its own.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
ROOT_PAGE = TOC["root"]
# every chapter and appendix of _toc.yml, in its order (scripts/book_chapters.py reads it)
CHAPTERS = [
    path.relative_to(ROOT).with_suffix("").as_posix()
    for path in project_scripts.load("scripts/book_chapters.py").toc_notebooks(ROOT)
]
PAGES = [ROOT_PAGE, *CHAPTERS, "search"]
#: The book's other editions: Sphinx language -> the folder of the site it is built in
#: (scripts/editions.py, which `make book` runs; its EDITIONS).
EDITIONS = project_scripts.load("scripts/editions.py").EDITIONS
#: Every page of every edition, as paths from the site's root: "book/01_convolution",
#: "zh-TW/book/01_convolution", ...
EDITION_PAGES = [*PAGES, *(f"{folder}/{page}" for folder in EDITIONS.values() for page in PAGES)]
LOCAL_HOST = "127.0.0.1"
HOW_TO_BUILD = "build the book first with `make book` (or set BOOK_HTML_DIR to a built `_build/html`)"

# Lazily loaded images load now, wherever they are on the page (as if scrolled to).
EAGER_IMAGES = """() => document.querySelectorAll('img[loading="lazy"]')
    .forEach((image) => { image.loading = "eager"; })"""
ALL_IMAGES_DONE = "() => Array.from(document.images).every((image) => image.complete)"
BROKEN_IMAGES = """() => Array.from(document.images)
    .filter((image) => !(image.naturalWidth > 0))
    .map((image) => image.currentSrc || image.src)"""
LINKS = "(anchors) => anchors.map((anchor) => anchor.href)"
#: Every interactive of the page has drawn (cnn-book-loader.js sets data-cnn-status on each).
INTERACTIVES_READY = """() => Array.from(document.querySelectorAll('[data-cnn-status]'))
    .every((element) => element.dataset.cnnStatus === 'ready')"""

# --- accessibility: axe-core, from the npm registry (scripts/vendor_js.py, which `make test` runs) ---
AXE_CORE = project_scripts.load("scripts/vendor_js.py").AXE_CORE
THEMES = ("light", "dark")
IMPACTS = ("critical", "serious", "moderate", "minor")
#: The theme's colour mode, as its own switch sets it (pydata-sphinx-theme: data-mode and data-theme).
SET_THEME = """(mode) => {
    document.documentElement.dataset.mode = mode;
    document.documentElement.dataset.theme = mode;
}"""
# Colours are read once they have settled: no transition is half-way when axe reads them.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
AXE_RUN = """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.map((node) => ({ target: node.target.join(" "), summary: node.failureSummary })),
}))"""


def axe_violations(page, theme):
    """axe-core's violations of the open page in the theme's light or dark mode: a list of rules,
    each {id, impact, help, nodes: [{target, summary}]}."""
    if not AXE_CORE.is_file():
        raise AssertionError(f"no axe-core at {AXE_CORE}: run `python scripts/vendor_js.py` (make test does)")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_CORE))
    page.evaluate(SET_THEME, theme)
    assert page.evaluate("() => getComputedStyle(document.documentElement).colorScheme") == theme
    return page.evaluate(AXE_RUN)


def full_page_screenshot(page, name, folder=SCREENSHOTS):
    """The whole page as ``folder/<name>.jpg`` (JPEG: a long page encodes several times faster than as PNG)."""
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name.replace('/', '_')}.jpg", full_page=True, type="jpeg", quality=80)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory):
    """Serve a folder on 127.0.0.1 and a free port; returns (base url, stop function)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join()

    return f"http://{LOCAL_HOST}:{server.server_address[1]}", stop


class RequestsInFlight:
    """The requests of one page that have started and not yet finished or failed.

    `wait_until_quiet` stands in for Playwright's `wait_for_load_state("networkidle")`, which its
    documentation discourages and which once waited 30 s on a page whose every file had loaded (CI,
    chapter 08 of the zh-TW edition). This wait ends once nothing has been in flight for `quiet`
    seconds (counted from the call at the earliest) and, when it times out, names the files still
    loading.
    """

    def __init__(self, page):
        self.page = page
        self.started = {}  # request -> when it started
        self.last_change = time.monotonic()
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request):
        self.started[request] = self.last_change = time.monotonic()

    def _end(self, request):
        self.started.pop(request, None)
        self.last_change = time.monotonic()

    def wait_until_quiet(self, quiet=0.5, timeout=60.0):
        called = time.monotonic()
        deadline = called + timeout
        # quiet since the call, too: a request the page has just made may not have been reported yet
        while self.started or time.monotonic() - max(self.last_change, called) < quiet:
            if time.monotonic() > deadline:
                now = time.monotonic()
                loading = [f"{request.url} ({now - began:.1f} s)" for request, began in self.started.items()]
                raise AssertionError(f"{self.page.url}: still loading after {timeout:.0f} s: {loading}")
            self.page.wait_for_timeout(50)  # Playwright delivers the page's events meanwhile


class Visit:
    """One page opened in a fresh browser context, with every request and error recorded."""

    def __init__(self, browser, book_url):
        self.book_url = book_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.requests = []  # (url, resource type) of every request the page made
        self.errors = []
        self.failed = []  # local files the server did not serve
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("response", lambda response: response.status >= 400 and self.failed.append(response.url))
        self.page.route("**/*", self._route)
        self.in_flight = RequestsInFlight(self.page)

    def _route(self, route):
        request = route.request
        self.requests.append((request.url, request.resource_type))
        if self.is_local(request.url):
            route.continue_()
        else:
            route.abort()

    def is_local(self, url):
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or parts.hostname == LOCAL_HOST

    @property
    def external(self):
        return [url for url, _ in self.requests if not self.is_local(url)]

    def open(self, path):
        response = self.page.goto(f"{self.book_url}/{path}", wait_until="load")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        self.page.evaluate(EAGER_IMAGES)
        self.page.wait_for_function(ALL_IMAGES_DONE, timeout=30_000)
        self.in_flight.wait_until_quiet()
        self.page.wait_for_function(INTERACTIVES_READY, timeout=60_000)
        self.page.add_style_tag(content=NO_TRANSITIONS)  # screenshots and audits see settled colours
        return response

    def file_bytes(self, types=None):
        """Bytes of the local files the page requested (each once), of the given resource types."""
        urls = {url for url, kind in self.requests if self.is_local(url) and (types is None or kind in types)}
        total = 0
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme != "http":
                continue
            path = HTML_DIR / unquote(parts.path).lstrip("/")
            path = path / "index.html" if path.is_dir() else path
            total += path.stat().st_size if path.is_file() else 0
        return total

    def links(self, selector):
        return self.page.eval_on_selector_all(selector, LINKS)

    def close(self):
        self.context.close()
