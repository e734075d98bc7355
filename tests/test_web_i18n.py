"""The in-page interactives of the zh-TW edition speak Chinese (headless Chromium).

Each interactive routes what it shows through CNNBook.t (_static/js/cnn-book-loader.js), and each
registers its zh-TW texts beside its code. On every zh-TW page with an interactive, after its
controls have been used, CNNBook.untranslated() lists the English texts shown that have no
translation: it must be empty, the interactive's visible text must be Chinese, and no run of
English words may be left in it beyond the names kept in both languages. The English pages keep
their English (tests/test_web_*.py check their exact texts).
"""

import re

import pytest
from book_browser import EDITIONS, INTERACTIVES_READY, SCREENSHOTS

ZH = EDITIONS["zh_TW"]
#: zh-TW page -> the interactives it holds (their containers' selectors).
PAGES = {
    "book/01_convolution": [".cnn-playground"],
    "book/03_max_pool": [".cnn-playground"],
    "book/06_evaluation": [".cnn-draw-digit"],
    "book/07_confusion_matrix": [".cnn-confusion"],
    "book/08_beyond_the_article": [".cnn-draw-digit"],
}
CJK = re.compile(r"[\u3400-\u9fff]")
#: Names that stay as they are in the Chinese text (TERMS.md).
KEPT = {
    "ReLU",
    "CNN",
    "MLP",
    "MNIST",
    "Max",
    "Pool",
    "max",
    "pool",
    "Sobel",
    "sobel",
    "Keras",
    "softmax",
    "px",
}
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ -]+[A-Za-z]{2,}){2,}\b")


def use_the_controls(page, selector):
    """Use each interactive a little, so that its texts for each state are shown."""
    if selector == ".cnn-playground":
        widget = page.locator(selector).first
        widget.locator(".cnn-pg-preset").select_option(index=1)
        widget.locator(".cnn-pg-size").select_option("5")
        widget.locator(".cnn-pg-relu").click()
        widget.locator(".cnn-pg-pool").click()
        widget.locator(".cnn-pg-cell").first.fill("")  # an empty entry: its message
        widget.locator(".cnn-pg-cell").first.fill("1")
    elif selector == ".cnn-draw-digit":
        for panel in page.locator(selector).all():
            panel.locator("select.cnn-dd-select").select_option(index=3)
            if panel.locator(".cnn-dd-shift-right").count():
                panel.locator(".cnn-dd-shift-right").click()
                panel.locator(".cnn-dd-shift-up").click()
            panel.locator(".cnn-dd-clear").click()
            panel.locator("select.cnn-dd-select").select_option(index=5)
    elif selector == ".cnn-confusion":
        cells = page.locator(f"{selector} table button.cnn-confusion-cell")
        cells.nth(3).click()  # a mistake (off the diagonal: row 0, column 3)
        cells.first.click()  # the diagonal


def visible_texts(page, selector):
    """What a reader sees or hears in the interactive: its text and its controls' labels."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).flatMap((root) => [
            root.innerText,
            ...Array.from(root.querySelectorAll('[aria-label], [title], [aria-roledescription]')).flatMap((e) =>
                ['aria-label', 'title', 'aria-roledescription'].map((name) => e.getAttribute(name) || '')),
        ])""",
        selector,
    )


@pytest.mark.parametrize("docname", sorted(PAGES))
def test_interactives_speak_the_pages_language(visit, docname):
    visit.open(f"{ZH}/{docname}.html")
    page = visit.page
    page.wait_for_function(INTERACTIVES_READY, timeout=60_000)
    assert page.evaluate("() => CNNBook.language") == "zh-TW"
    for selector in PAGES[docname]:
        assert page.locator(selector).count() >= 1, f"{docname}: no {selector}"
        use_the_controls(page, selector)
        page.locator(selector).first.screenshot(
            path=SCREENSHOTS / f"zh-TW_{docname.split('/')[-1]}_{selector[1:]}.png"
        )
        texts = [text for text in visible_texts(page, selector) if text.strip()]
        assert any(CJK.search(text) for text in texts), (
            f"{docname} {selector}: nothing in Chinese: {texts[:5]}"
        )
        for text in texts:
            for run in ENGLISH_RUN.findall(text):
                words = set(re.findall(r"[A-Za-z]+", run))
                assert words <= KEPT, f"{docname} {selector}: English left: {run!r} in {text[:120]!r}"
    assert page.evaluate("() => CNNBook.untranslated()") == [], f"{docname}: untranslated texts"
    assert visit.errors == [], visit.errors


def test_english_pages_keep_english(visit):
    visit.open("book/06_evaluation.html")
    visit.page.wait_for_function(INTERACTIVES_READY, timeout=60_000)
    assert visit.page.evaluate("() => CNNBook.language") == "en"
    status = visit.page.locator(".cnn-dd-status").inner_text()
    assert "Draw a digit" in status and not CJK.search(status), status
