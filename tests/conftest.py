"""Shared fixtures of the tests. The book's environment is set by the root conftest.py."""

import os

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST, loaded once per test session through cnn_lib."""
    from cnn_lib import data

    return data.load_mnist_with_source()


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """Point cnn_lib's run cache at an empty folder for one test."""
    monkeypatch.setenv("CNN_LIB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


# Fixtures that need the built HTML book, and those that need Chromium too (below).
BUILT_BOOK_FIXTURES = {"book_url", "html_dir"}
BROWSER_FIXTURES = {"browser", "visit"}


def pytest_collection_modifyitems(items):
    """Mark each test by what it uses, so that no test file can forget its marker."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & (BUILT_BOOK_FIXTURES | BROWSER_FIXTURES):
            item.add_marker(pytest.mark.built_book)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


REPORT = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def terminal_report(request):
    """Lines to print at the end of the test session (tests/test_browser.py: bytes per page); a line
    "## title" starts a section of its own."""
    return request.config.stash.setdefault(REPORT, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(REPORT, [])
    for number, line in enumerate(lines):
        if number == 0 or line.startswith("## "):  # a line "## title" starts another section
            terminalreporter.section(line.removeprefix("## "))
        else:
            terminalreporter.write_line(line)


# The built HTML book in headless Chromium (tests/book_browser.py): one server and one browser
# for the whole session, a fresh browser context per test.


@pytest.fixture(scope="session")
def html_dir():
    """The built HTML book's folder (`_build/html`, or $BOOK_HTML_DIR); a failure when it is missing."""
    import book_browser

    if not (book_browser.HTML_DIR / "index.html").is_file():
        pytest.fail(f"no built book at {book_browser.HTML_DIR}: {book_browser.HOW_TO_BUILD}")
    return book_browser.HTML_DIR


@pytest.fixture(scope="session")
def book_url(html_dir):
    """The built HTML served by http.server on 127.0.0.1 and a free port."""
    import book_browser

    url, stop = book_browser.serve(html_dir)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    import book_browser
    from playwright.sync_api import sync_playwright

    if not os.access(book_browser.CHROMIUM, os.X_OK):
        pytest.fail(
            f"no Chromium at {book_browser.CHROMIUM}: install Debian's `chromium` package (.ci/run does)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=book_browser.CHROMIUM, args=book_browser.CHROMIUM_FLAGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser, book_url):
    """One page of the book in a fresh browser context, with its requests and errors recorded."""
    import book_browser

    visit = book_browser.Visit(browser, book_url)
    yield visit
    visit.close()
