"""How fast are the HTML book's in-page interactives, and how many bytes do they add per page?

Opens the built book (``make book``; or BOOK_HTML_DIR) in headless Chromium and prints:
- the filter playground's redraw time after one kernel cell is typed (pages 01 and 03,
  3x3 and 5x5 kernels), median and worst of 100;
- the in-page CNN's prediction time on MNIST test digits, and the drawing's preprocessing
  plus prediction, median and worst of 100;
- the clickable confusion matrix's time to show a cell's thumbnails;
- per page, the bytes of the interactives' files (``_static/js``, ``_static/css``, ``_static/web``).
Targets (issue 6): redraw 16 ms or less, prediction 50 ms or less (medians), 2 MB or less per page.

    python benchmarks/web_speed.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import book_browser  # noqa: E402

REPEATS = 100
ADDED = ("/_static/js/", "/_static/css/", "/_static/web/")
PAGES = {
    "02_multiple_filters": "body",  # no interactive: the shared JS and CSS only
    "01_convolution": ".cnn-playground[data-cnn-status='ready']",
    "03_max_pool": ".cnn-playground[data-cnn-status='ready']",
    "06_evaluation": ".cnn-draw-digit select.cnn-dd-select:not([disabled])",
    "07_confusion_matrix": ".cnn-confusion[data-cnn-status='ready']",
}

TIME_REDRAW = """([size, repeats]) => {
    const container = document.querySelector(".cnn-playground");
    container.cnnPlayground.set({size, preset: "sobel x"});
    const cell = container.querySelectorAll(".cnn-pg-cell")[0];
    const times = [];
    for (let i = 0; i < repeats; i++) {
        cell.value = String((i % 7) - 3);
        const start = performance.now();
        cell.dispatchEvent(new Event("input", {bubbles: true}));
        times.push(performance.now() - start);
    }
    return times;
}"""

TIME_PREDICT = """async (repeats) => {
    const cnn = window.CNNBook.cnn;
    await cnn.ready;
    const data = window.CNNBookData.digits;
    const pixels = window.CNNBook.decode(data.pixels, "uint8");
    const n = data.labels.length, predict = [], drawn = [];
    for (let i = 0; i < repeats; i++) {
        const k = i % n, x = new Float32Array(784);
        for (let p = 0; p < 784; p++) x[p] = pixels[k * 784 + p] / 255;
        let start = performance.now();
        cnn.predict(x);
        predict.push(performance.now() - start);
        // a 280 x 280 "drawing": the digit enlarged 10 times, then prepared and predicted
        const big = new Float32Array(280 * 280);
        for (let r = 0; r < 280; r++) for (let c = 0; c < 280; c++) big[r * 280 + c] = x[((r / 10) | 0) * 28 + ((c / 10) | 0)];
        start = performance.now();
        cnn.predict(cnn.preprocess(big, 280, 280));
        drawn.push(performance.now() - start);
    }
    return [predict, drawn];
}"""

TIME_CELL = """(repeats) => {
    const container = document.querySelector(".cnn-confusion");
    const api = container.cnnConfusion, times = [];
    const cells = [[5, 3], [4, 9], [8, 8], [7, 2], [9, 4]];
    for (let i = 0; i < repeats; i++) {
        const [label, predict] = cells[i % cells.length];
        const start = performance.now();
        api.select(label, predict);
        times.push(performance.now() - start);
    }
    return times;
}"""


def summary(name, times, target=None):
    median, worst = statistics.median(times), max(times)
    verdict = "" if target is None else f"  (target {target} ms: {'met' if median <= target else 'NOT met'})"
    print(f"{name:44s} median {median:6.2f} ms   worst {worst:6.2f} ms{verdict}")


def main() -> int:
    html = book_browser.HTML_DIR
    if not (html / "index.html").is_file():
        print(f"no built book at {html}: {book_browser.HOW_TO_BUILD}", file=sys.stderr)
        return 1
    url, stop = book_browser.serve(html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=book_browser.CHROMIUM, args=book_browser.CHROMIUM_FLAGS, headless=True
        )
        sizes = {}
        for page_name, ready in PAGES.items():
            visit = book_browser.Visit(browser, url)
            visit.open(f"book/{page_name}.html")
            visit.page.wait_for_selector(ready, timeout=60_000)
            if page_name in ("01_convolution", "03_max_pool"):
                for size in (3, 5):
                    times = visit.page.evaluate(TIME_REDRAW, [size, REPEATS])
                    summary(f"{page_name}: playground redraw, {size}x{size}", times, 16)
            elif page_name == "06_evaluation":
                predict, drawn = visit.page.evaluate(TIME_PREDICT, REPEATS)
                summary(f"{page_name}: CNN prediction (28x28 digit)", predict, 50)
                summary(f"{page_name}: prepare 280x280 drawing + predict", drawn, 50)
            elif page_name == "07_confusion_matrix":
                summary(f"{page_name}: show a cell's thumbnails", visit.page.evaluate(TIME_CELL, REPEATS))
            visit.in_flight.wait_until_quiet()
            added = {u for u, _ in visit.requests if any(part in u for part in ADDED)}
            sizes[page_name] = sum(
                (html / u.split(url, 1)[1].split("?")[0].lstrip("/")).stat().st_size for u in added
            )
            visit.close()
        browser.close()
    stop()
    print("bytes of the interactives' files (JS, CSS, data) each page loads, target 2,000,000 or less:")
    for page_name, size in sizes.items():
        print(f"  {page_name:28s} {size:12,d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
