"""The built HTML book in headless Chromium: shared by tests/test_browser.py and tests/test_web_*.py.

Needs the HTML (`make book`, or point BOOK_HTML_DIR at another build's `_build/html`) and Debian's
Chromium at /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it). Missing either is a
failure, never a skip. The fixtures `book_url`, `browser` and `visit` are in tests/conftest.py.
"""

import functools
import http.server
import os
import threading
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

# Scroll down one screen at a time, so that lazily loaded images start loading.
SCROLL_TO_BOTTOM = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, document.body.scrollHeight);
}"""
ALL_IMAGES_DONE = "() => Array.from(document.images).every((image) => image.complete)"
BROKEN_IMAGES = """() => Array.from(document.images)
    .filter((image) => !(image.naturalWidth > 0))
    .map((image) => image.currentSrc || image.src)"""
LINKS = "(anchors) => anchors.map((anchor) => anchor.href)"


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
        self.page.evaluate(SCROLL_TO_BOTTOM)
        self.page.wait_for_function(ALL_IMAGES_DONE, timeout=30_000)
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("window.scrollTo(0, 0)")  # sticky sidebars and header back in place
        self.page.wait_for_timeout(500)  # the theme's 0.4 s transitions, for the screenshot
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
