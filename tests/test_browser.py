"""The built HTML book in a real browser (headless Chromium): what a reader sees, page by page.

Needs the HTML (`make book`, or point BOOK_HTML_DIR at another build's `_build/html`) and Debian's
Chromium at /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it). Missing either is a
failure, never a skip. Full-page screenshots land in `screenshots/` next to the HTML folder
(`_build/screenshots/` by default), with `pages.txt`, the bytes each page loads.
"""

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import sync_playwright

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
CHAPTERS = [entry["file"] for entry in TOC["chapters"]]
PAGES = [ROOT_PAGE, *CHAPTERS, "search"]
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


@pytest.fixture(scope="module")
def book_url():
    """The built HTML served by http.server on 127.0.0.1 and a free port, for this module."""
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(f"no built book at {HTML_DIR}: {HOW_TO_BUILD}")
    handler = functools.partial(_QuietHandler, directory=str(HTML_DIR))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page_sizes(terminal_report):
    """Per page: (bytes of the HTML and the images it loads, bytes of everything it loads)."""
    sizes = {}
    yield sizes
    if not sizes:
        return
    lines = [f"{'page':32s} {'HTML+images':>12s} {'all files':>12s}"]
    lines += [f"{name:32s} {own:12,d} {total:12,d}" for name, (own, total) in sizes.items()]
    largest = max(sizes, key=lambda name: sizes[name][0])
    lines.append(f"largest page: {largest} ({sizes[largest][0]:,d} bytes of HTML and images)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "pages.txt").write_text("\n".join(lines) + "\n")
    terminal_report.extend(["book in Chromium: bytes each page loads", *lines])


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


@pytest.fixture
def visit(browser, book_url):
    visit = Visit(browser, book_url)
    yield visit
    visit.close()


def chapter_checks(visit, docname):
    """Launch, download, repository and issue buttons of one chapter page."""
    repository = CONFIG["repository"]["url"].rstrip("/")
    org_repo = repository.split("github.com/")[1]
    branch = CONFIG["repository"]["branch"]
    notebook = f"{docname}.ipynb"
    colab = visit.links("a[href^='https://colab.research.google.com/']")
    binder = visit.links("a[href^='https://mybinder.org/']")
    expected = f"https://colab.research.google.com/github/{org_repo}/blob/{branch}/{notebook}"
    assert colab == [expected], f"Colab launch links {colab}, expected [{expected}]"
    binder_start = f"https://mybinder.org/v2/gh/{org_repo}/{branch}?"
    assert len(binder) == 1 and binder[0].startswith(binder_start), f"Binder launch links {binder}"
    assert binder[0].endswith(f"/{notebook}"), f"Binder opens {binder[0]}, expected {notebook}"
    downloads = [href for href in visit.links("a[href$='.ipynb']") if href.startswith(visit.book_url)]
    assert len(downloads) == 1, f"one .ipynb download button, found {downloads}"
    download = visit.context.request.get(downloads[0])
    assert download.ok and b'"nbformat"' in download.body(), f"{downloads[0]}: HTTP {download.status}"


@pytest.mark.parametrize("docname", PAGES)
def test_page_in_chromium(visit, page_sizes, docname):
    path = f"{docname}.html"
    visit.open(path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / f"{docname.replace('/', '_')}.png", full_page=True)
    page_sizes[docname] = (visit.file_bytes({"document", "image"}), visit.file_bytes())

    assert visit.external == [], f"{path} asks other hosts for {visit.external}"
    assert visit.failed == [], f"{path} asks for files that are not in the build: {visit.failed}"
    assert visit.errors == [], f"{path} logs errors in the console: {visit.errors}"
    broken = visit.page.evaluate(BROKEN_IMAGES)
    assert broken == [], f"{path}: images that did not load: {broken}"
    if docname == "search":
        return
    repository = CONFIG["repository"]["url"].rstrip("/")
    assert visit.links(f"a[href='{repository}']"), f"{path}: no repository button"
    assert visit.links(f"a[href^='{repository}/issues/new']"), f"{path}: no issue button"
    assert visit.links(".dropdown-download-buttons a"), f"{path}: no download button"
    if docname in CHAPTERS:
        chapter_checks(visit, docname)


def test_search_finds_convolution(visit):
    visit.open("search.html?q=convolution")
    results = visit.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    visit.page.screenshot(path=SCREENSHOTS / "search_convolution.png", full_page=True)
    found = visit.links("#search-results ul.search li a")
    assert results.count() > 0, "searching 'convolution' finds nothing"
    assert any("01_convolution" in href for href in found), f"the convolution chapter is not among {found}"
    assert visit.external == [], f"the search asks other hosts for {visit.external}"
    assert visit.failed == [], f"the search asks for files that are not in the build: {visit.failed}"
    assert visit.errors == [], f"the search logs errors in the console: {visit.errors}"
