"""The built HTML book in a real browser (headless Chromium): what a reader sees, page by page,
in the English book and in its Traditional-Chinese edition (zh-TW/).

Each page is opened once, its interactives drawn, and checked at 1280 px; then axe-core audits it in
the theme's light and dark modes (zero critical and zero serious violations; every violation is
listed at the end of the run and in ``screenshots/accessibility.txt``), and last it is read at
390 px, a phone's width (tests/test_phones_and_zoom.py's ``check_phone_width``).

Needs the HTML (`make book`, or point BOOK_HTML_DIR at another build's `_build/html`) and Debian's
Chromium at /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it). Missing either is a
failure, never a skip. Full-page screenshots land in `screenshots/` next to the HTML folder
(`_build/screenshots/` by default), with `pages.txt`, the bytes each page loads.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from book_browser import (
    AXE_CORE,
    BROKEN_IMAGES,
    CHAPTERS,
    CONFIG,
    EDITION_PAGES,
    EDITIONS,
    IMPACTS,
    PAGES,
    SCREENSHOTS,
    SET_THEME,
    THEMES,
    RequestsInFlight,
    axe_violations,
    full_page_screenshot,
)
from test_phones_and_zoom import check_phone_width

ZH_FOLDER = EDITIONS["zh_TW"]
CJK = re.compile(r"[\u3400-\u9fff]")
#: Fonts that have the Traditional-Chinese glyphs (the .ci/run installs WenQuanYi Micro Hei).
CJK_FONTS = (
    "WenQuanYi",
    "Noto Sans CJK",
    "Noto Sans TC",
    "PingFang",
    "Microsoft JhengHei",
    "Droid Sans Fallback",
)


def split_edition(path):
    """("zh-TW", "book/01_convolution") for "zh-TW/book/01_convolution"; ("en", path) for the English."""
    for folder in EDITIONS.values():
        if path.startswith(f"{folder}/"):
            return folder, path[len(folder) + 1 :]
    return "en", path


def platform_fonts(visit, selector):
    """The fonts Chromium really drew an element's text with (DevTools' CSS.getPlatformFontsForNode)."""
    cdp = visit.context.new_cdp_session(visit.page)
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


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


@pytest.fixture(scope="module")
def accessibility(terminal_report):
    """Per page and theme: axe-core's violations (see book_browser.axe_violations), reported at the end."""
    results = {}
    yield results
    if not results:
        return
    version = AXE_CORE.parent.name
    lines = [f"{'page':40s} {'theme':6s} " + " ".join(f"{impact:>8s}" for impact in IMPACTS) + "  rules"]
    for (page, theme), violations in results.items():
        counts = [sum(1 for rule in violations if rule["impact"] == impact) for impact in IMPACTS]
        rules = ", ".join(f"{rule['id']} ({rule['impact']}, {len(rule['nodes'])})" for rule in violations)
        lines.append(
            f"{page:40s} {theme:6s} " + " ".join(f"{count:8d}" for count in counts) + f"  {rules or '-'}"
        )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "accessibility.txt").write_text("\n".join(lines) + "\n")
    terminal_report.extend(
        [f"## accessibility: {version} violations per page (rules with their nodes)", *lines]
    )


def check_accessibility(visit, docname, accessibility):
    """Zero critical and zero serious axe-core violations, in the light and the dark theme."""
    for theme in THEMES:
        violations = axe_violations(visit.page, theme)
        accessibility[docname, theme] = violations
        blocking = [
            f"{rule['id']} ({rule['impact']}): {rule['help']}; "
            + "; ".join(f"{node['target']}: {node['summary']}" for node in rule["nodes"][:3])
            for rule in violations
            if rule["impact"] in ("critical", "serious")
        ]
        assert not blocking, f"{docname}, {theme} theme: " + "\n".join(blocking)
    visit.page.evaluate(SET_THEME, THEMES[0])  # the phone check that follows sees the light theme


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


@pytest.mark.parametrize("docname", EDITION_PAGES)
def test_page_in_chromium(visit, page_sizes, accessibility, docname):
    edition, page = split_edition(docname)
    path = f"{docname}.html"
    visit.open(path)
    full_page_screenshot(visit.page, docname)
    page_sizes[docname] = (visit.file_bytes({"document", "image"}), visit.file_bytes())

    assert visit.external == [], f"{path} asks other hosts for {visit.external}"
    assert visit.failed == [], f"{path} asks for files that are not in the build: {visit.failed}"
    assert visit.errors == [], f"{path} logs errors in the console: {visit.errors}"
    broken = visit.page.evaluate(BROKEN_IMAGES)
    assert broken == [], f"{path}: images that did not load: {broken}"
    language = visit.page.evaluate("() => document.documentElement.lang")
    assert language == ("en" if edition == "en" else edition), f"{path}: <html lang={language!r}>"
    if edition != "en":
        # The page's own words are Chinese, drawn with a font that has the glyphs (no boxes).
        # the page's visible title (a print-only copy of the book's title comes first in the container)
        title = ".bd-article-container h1" if page == "search" else "article.bd-article h1"
        heading = visit.page.locator(title).first.inner_text()
        assert CJK.search(heading), f"{path}: the heading {heading!r} is not Chinese"
        fonts = platform_fonts(visit, title)
        assert any(name.startswith(CJK_FONTS) for name in fonts), f"{path}: the heading is drawn with {fonts}"
    check_accessibility(visit, docname, accessibility)
    if page != "search":
        header_checks(visit, path, page)
    check_phone_width(visit.page, docname)


def header_checks(visit, path, page):
    repository = CONFIG["repository"]["url"].rstrip("/")
    assert visit.links(f"a[href='{repository}']"), f"{path}: no repository button"
    assert visit.links(f"a[href^='{repository}/issues/new']"), f"{path}: no issue button"
    assert visit.links(".dropdown-download-buttons a"), f"{path}: no download button"
    if page in CHAPTERS:
        chapter_checks(visit, page)


SWITCH = re.compile(r'<a class="[^"]*cnn-language-switch[^"]*" href="([^"]+)" hreflang="([^"]+)"')


def language_link(visit, url):
    """(absolute target, hreflang) of the one language link in the page at url, read from its HTML."""
    response = visit.context.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    links = SWITCH.findall(response.text())
    assert len(links) == 1, f"{url}: {len(links)} language links"
    href, hreflang = links[0]
    return urljoin(url, href), hreflang


def test_language_switch_round_trips_on_every_page(visit):
    """On every page the header's language link leads to the same page in the other language, and back."""
    for docname in PAGES:
        english = f"{visit.book_url}/{docname}.html"
        chinese, hreflang = language_link(visit, english)
        assert (chinese, hreflang) == (f"{visit.book_url}/{ZH_FOLDER}/{docname}.html", "zh-TW"), docname
        assert language_link(visit, chinese) == (english, "en"), docname
    # and in the browser, by clicking, on one page
    visit.open("book/01_convolution.html")
    switch = visit.page.locator("a.cnn-language-switch")
    assert CJK.search(switch.inner_text()) and switch.is_visible()
    switch.click()
    visit.page.wait_for_load_state("load")
    assert visit.page.evaluate("() => document.documentElement.lang") == "zh-TW"
    back = visit.page.locator("a.cnn-language-switch")
    assert back.inner_text().strip() == "English" and back.is_visible()
    back.click()
    visit.page.wait_for_load_state("load")
    assert urlsplit(visit.page.url).path == "/book/01_convolution.html"
    assert visit.failed == [] and visit.errors == [], (visit.failed, visit.errors)


def test_zh_tw_edition_searches_in_chinese(visit):
    visit.open(f"{ZH_FOLDER}/search.html?q=卷積")
    results = visit.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    full_page_screenshot(visit.page, "search_zh-TW")
    found = visit.links("#search-results ul.search li a")
    assert any(f"/{ZH_FOLDER}/book/01_convolution.html" in href for href in found), found
    assert all(f"/{ZH_FOLDER}/" in href for href in found), f"results outside the zh-TW edition: {found}"
    assert visit.external == [] and visit.errors == [], (visit.external, visit.errors)


def test_search_finds_convolution(visit):
    visit.open("search.html?q=convolution")
    results = visit.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    full_page_screenshot(visit.page, "search_convolution")
    found = visit.links("#search-results ul.search li a")
    assert results.count() > 0, "searching 'convolution' finds nothing"
    assert any("01_convolution" in href for href in found), f"the convolution chapter is not among {found}"
    assert visit.external == [], f"the search asks other hosts for {visit.external}"
    assert visit.failed == [], f"the search asks for files that are not in the build: {visit.failed}"
    assert visit.errors == [], f"the search logs errors in the console: {visit.errors}"


def test_the_wait_for_a_quiet_network_covers_late_files_and_names_one_that_never_loads(browser):
    """Visit.open waits with RequestsInFlight, not Playwright's 'networkidle': a file the page asks
    for after its load event (100 ms after, well inside the half second of quiet) is waited for,
    and one that never arrives fails the wait by its name."""
    context = browser.new_context()
    page = context.new_page()
    held = []  # the request that is never answered

    def answer(route):
        if route.request.url.endswith("/never"):
            held.append(route)
        elif route.request.url.endswith("/late"):
            route.fulfill(body="late")
        else:
            route.fulfill(
                content_type="text/html",
                body="<script>setTimeout(() => fetch('/late').then(() => { window.late = true; }), 100)</script>",
            )

    page.route("http://book.test/**", answer)
    in_flight = RequestsInFlight(page)
    try:
        page.goto("http://book.test/", wait_until="load")
        in_flight.wait_until_quiet(quiet=0.5, timeout=10)
        assert page.evaluate("window.late === true"), "the wait ended before the late file had loaded"
        page.evaluate("() => { fetch('/never'); }")
        with pytest.raises(AssertionError, match=r"still loading after 2 s: \['http://book.test/never"):
            in_flight.wait_until_quiet(quiet=0.5, timeout=2)
    finally:
        for route in held:
            route.abort()
        context.close()
