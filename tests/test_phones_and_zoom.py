"""The built book on a phone (390 px wide, touch) and at 200 % zoom, in headless Chromium.

- Every page of every edition, 390 CSS px wide (``check_phone_width``, which tests/test_browser.py runs
  on each page it opens): the page itself never scrolls sideways, and no line of text runs past the
  screen's edge; wide tables, code and outputs scroll inside their own box. Each page's full-page
  screenshot lands in ``screenshots/phone/``.
- A finger draws on the draw-a-digit pad (touch events, not a mouse), and the network reads it.
- At 200 % zoom (a 1280 px window shows 640 CSS px), every control of every interactive is on the
  screen and reached with the Tab key alone.
"""

import re

import pytest
from book_browser import (
    CHAPTERS,
    EDITIONS,
    INTERACTIVES_READY,
    ROOT,
    SCREENSHOTS,
    RequestsInFlight,
    full_page_screenshot,
)
from test_web_cnn import PAGE, PANEL, shown_reading

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ZOOMED = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}
INTERACTIVE = ".cnn-playground, .cnn-draw-digit, .cnn-confusion"
#: The chapters that hold an interactive, in every edition (read from the notebooks' markdown).
INTERACTIVE_PAGES = [
    f"{folder}{chapter}"
    for folder in ("", *(f"{folder}/" for folder in EDITIONS.values()))
    for chapter in CHAPTERS
    if re.search(
        r'class=\\?"cnn-(playground|draw-digit|confusion)\b', (ROOT / f"{chapter}.ipynb").read_text()
    )
]
#: What overflows the screen: the page's width, and every block of text whose right edge passes the
#: screen and that no box scrolling sideways holds (the theme's outputs, tables and code scroll).
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (element) => {
        for (let e = element.parentElement; e; e = e.parentElement) {
            const x = getComputedStyle(e).overflowX;
            if ((x === "auto" || x === "scroll") && e.scrollWidth >= e.clientWidth) return true;
        }
        return false;
    };
    const visible = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    const cut = Array.from(document.querySelectorAll("article p, article li, article h1, article h2, article h3, article td, article th, article dt, article dd, article figcaption"))
        .filter((element) => visible(element) && element.getBoundingClientRect().right > width + 1 && !scrolls(element))
        .map((element) => `${element.tagName.toLowerCase()}: ${element.textContent.trim().slice(0, 60)}`);
    return { page: document.documentElement.scrollWidth, width: width, cut: cut.slice(0, 10) };
}"""
#: The controls of the page's interactives that a keyboard can reach (tabIndex >= 0), and which are off screen.
CONTROLS = """(selector) => Array.from(document.querySelectorAll(selector)).flatMap((container) =>
    Array.from(container.querySelectorAll("button, select, input, textarea, a[href], [tabindex]"))
        .filter((element) => element.tabIndex >= 0 && !element.disabled && element.getClientRects().length > 0)
        .map((element) => {
            const box = element.getBoundingClientRect();
            return { name: element.getAttribute("aria-label") || element.textContent.trim() || element.className,
                     left: box.left, right: box.right, id: Array.from(document.querySelectorAll("*")).indexOf(element) };
        }))"""
FOCUSED = "() => Array.from(document.querySelectorAll('*')).indexOf(document.activeElement)"


def open_in(browser, book_url, path, options):
    context = browser.new_context(**options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    in_flight = RequestsInFlight(page)
    response = page.goto(f"{book_url}/{path}", wait_until="load")
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    in_flight.wait_until_quiet()
    page.wait_for_function(INTERACTIVES_READY, timeout=60_000)
    return context, page, errors


def check_phone_width(page, docname):
    """The open page at 390 px: it does not scroll sideways and no text passes the screen's edge
    (tests/test_browser.py runs this on every page, after its checks at 1280 px)."""
    page.set_viewport_size(PHONE["viewport"])
    page.wait_for_timeout(300)  # the theme's layout for narrow screens (its media queries) settles
    overflow = page.evaluate(OVERFLOW)
    full_page_screenshot(page, docname, SCREENSHOTS / "phone")
    assert overflow["page"] <= overflow["width"], (
        f"{docname}: the page is {overflow['page']} px wide on a {overflow['width']} px screen"
    )
    assert overflow["cut"] == [], f"{docname}: text past the screen's edge: {overflow['cut']}"


def touch_stroke(context, page, canvas, start, step, steps=24):
    """One straight stroke with a finger: DevTools' touch events, as a phone's screen sends them."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cdp = context.new_cdp_session(page)
    x0, y0 = box["x"] + start[0] * box["width"], box["y"] + start[1] * box["height"]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for k in range(1, steps + 1):
        point = {"x": x0 + step[0] * k * box["width"], "y": y0 + step[1] * k * box["height"]}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_a_finger_draws_on_the_pad(browser, book_url):
    context, page, errors = open_in(browser, book_url, PAGE, PHONE)
    try:
        canvas = page.locator(f"{PANEL} canvas.cnn-dd-canvas")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"the pad does not fit the phone: {box}"
        scroll_before = page.evaluate("() => window.scrollY")
        touch_stroke(context, page, canvas, start=(0.48, 0.15), step=(0.002, 0.03))
        digit, _, text = shown_reading(page)
        assert digit == 1, f"a finger's stroke down the middle reads as {digit}: {text}"
        assert page.evaluate("() => window.scrollY") == scroll_before, "drawing scrolled the page"
        assert errors == [], errors
    finally:
        context.close()


@pytest.mark.parametrize("docname", INTERACTIVE_PAGES)
def test_interactives_at_200_percent_zoom_with_the_keyboard_alone(browser, book_url, docname):
    context, page, errors = open_in(browser, book_url, f"{docname}.html", ZOOMED)
    try:
        controls = page.evaluate(CONTROLS, INTERACTIVE)
        assert controls, f"{docname}: no control in its interactives"
        width = page.evaluate("() => document.documentElement.clientWidth")
        off = [c["name"] for c in controls if c["left"] < 0 or c["right"] > width + 1]
        assert off == [], f"{docname}: controls off the screen at 200 % zoom: {off}"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        # From the first control, the Tab key alone reaches every other control of every interactive.
        wanted = {c["id"]: c["name"] for c in controls}
        page.evaluate(f"() => document.querySelectorAll('*')[{controls[0]['id']}].focus()")
        reached = {page.evaluate(FOCUSED)}
        for _ in range(3 * len(wanted) + 40):
            page.keyboard.press("Tab")
            reached.add(page.evaluate(FOCUSED))
            if set(wanted) <= reached:
                break
        missing = [name for key, name in wanted.items() if key not in reached]
        assert missing == [], f"{docname}: not reached with Tab: {missing}"
        assert errors == [], errors
    finally:
        context.close()
