"""The draw-a-digit panel of 06_evaluation in headless Chromium: the book's CNN running in the page.

The page's network (_static/js/draw-digit.js, window.CNNBook.cnn) must read the MNIST test digits
exactly as Keras does, its drawing preprocessing must equal cnn_lib.digitize.to_mnist, and the panel
must work with the mouse, the keyboard and the test-digit menu. Needs the built book (see
tests/book_browser.py); a missing build or browser is a failure, never a skip.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from cnn_lib import data, digitize, web

ROOT = Path(__file__).resolve().parents[1]

PAGE = "book/06_evaluation.html"
PANEL = ".cnn-draw-digit"
STATUS = ".cnn-dd-status"
READING = re.compile(r"The network reads an? (\d) \((\d+\.\d)%\)")
N_AGREE = 1000
BATCH = 125

# Arrays travel as base64 of their float32 bytes (cnn_lib.web.encode), decoded by the page's loader.
PREDICT_BATCH = """(text) => {
    const all = CNNBook.decode(text, "float32"), out = [];
    for (let k = 0; k < all.length; k += 784) out.push(CNNBook.cnn.predict(all.subarray(k, k + 784)));
    return out;
}"""
PREPROCESS = """([text, h, w]) => Array.from(CNNBook.cnn.preprocess(CNNBook.decode(text, "float32"), h, w))"""
TIME_PREDICT = """(text) => {
    const input = CNNBook.decode(text, "float32"), times = [];
    for (let k = 0; k < 50; k++) {
        const start = performance.now();
        CNNBook.cnn.predict(input);
        times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[25];
}"""
PAD_ALPHA = """() => {
    const canvas = document.querySelector('.cnn-dd-canvas');
    const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const alpha = [];
    for (let i = 3; i < rgba.length; i += 4) alpha.push(rgba[i]);
    return [alpha, canvas.height, canvas.width];
}"""
# The red level at the centre of each of the 28 x 28 cells of "what the network sees".
SEEN_RED = """() => {
    const canvas = document.querySelector('.cnn-dd-input'), cell = canvas.width / 28;
    const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const red = [];
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++)
        red.push(rgba[4 * (Math.floor((r + 0.5) * cell) * canvas.width + Math.floor((c + 0.5) * cell))]);
    return red;
}"""
LAST_INPUT = f"() => document.querySelector('{PANEL}').cnnDraw.lastInput()"
LAST_PROBABILITIES = f"() => document.querySelector('{PANEL}').cnnDraw.lastProbabilities()"


@pytest.fixture(scope="module")
def keras_model():
    return web.book_model(ROOT / "web" / "cnn_weights.npz")


@pytest.fixture(scope="module")
def test_set():
    """The raw MNIST test set (uint8 images, labels)."""
    (_, _), (x_test, y_test) = data.load_mnist()
    return x_test, y_test


def open_panel(visit, path=PAGE, panel=PANEL):
    """Open the page and wait until its one draw-a-digit panel is ready (networks and test digits loaded)."""
    visit.open(path)
    page = visit.page
    assert page.locator(panel).count() == 1, f"{path} has no draw-a-digit container {panel}"
    page.evaluate("() => CNNBook.cnn.ready.then(() => true)")
    page.wait_for_function(
        "(panel) => !document.querySelector(panel + ' .cnn-dd-select').disabled", arg=panel
    )
    assert page.locator(panel).get_attribute("data-cnn-status") == "ready"
    return page


def shown_reading(page):
    text = page.locator(STATUS).inner_text()
    match = READING.search(text)
    assert match, f"the status line reads {text!r}"
    return int(match.group(1)), float(match.group(2)), text


def check_bars(page, probabilities):
    """The ten bars show the probabilities and highlight the top class."""
    values = page.locator(f"{PANEL} .cnn-dd-value").all_inner_texts()
    assert values == [f"{100 * p:.1f}%" for p in probabilities], values
    top = page.locator(f"{PANEL} .cnn-dd-bar.cnn-dd-top .cnn-dd-digit").all_inner_texts()
    assert top == [str(int(np.argmax(probabilities)))], top
    widths = page.eval_on_selector_all(f"{PANEL} .cnn-dd-fill", "(fills) => fills.map((f) => f.style.width)")
    widths = [float(width.rstrip("%")) for width in widths]
    np.testing.assert_allclose(widths, 100 * np.asarray(probabilities), atol=0.01)


def agreement(page, network, model, raw_images):
    """The page's network ("cnn" or "mlp") against Keras's model on the images: (in-page
    probabilities, how many digits get the same class, the largest probability difference)."""
    images = data.preprocess_images(raw_images)
    script = PREDICT_BATCH.replace("CNNBook.cnn.", f"CNNBook.{network}.")
    in_page = []
    for start in range(0, len(images), BATCH):
        in_page += page.evaluate(script, web.encode(images[start : start + BATCH], np.float32))
    in_page = np.array(in_page)
    expected = model.predict(images, verbose=0)
    assert in_page.shape == expected.shape == (len(images), 10)
    agree = int((in_page.argmax(axis=1) == expected.argmax(axis=1)).sum())
    return in_page, agree, float(np.abs(in_page - expected).max())


def test_page_network_agrees_with_keras(visit, keras_model, test_set, terminal_report):
    page = open_panel(visit)
    images = data.preprocess_images(test_set[0][:N_AGREE])
    in_page, agree, largest = agreement(page, "cnn", keras_model, test_set[0][:N_AGREE])
    median_ms = page.evaluate(TIME_PREDICT, web.encode(images[0], np.float32))
    line = (
        f"in-page CNN vs Keras on {N_AGREE} test digits: {agree} same class, largest probability "
        f"difference {largest:.2e}; median predict {median_ms:.1f} ms"
    )
    print(line)
    terminal_report.extend(["draw-a-digit network in Chromium", line] if not terminal_report else [line])
    assert agree == N_AGREE, f"the page's network disagrees with Keras on {N_AGREE - agree} digits"
    assert largest < 1e-4, f"probabilities differ from Keras's by up to {largest}"
    np.testing.assert_allclose(in_page.sum(axis=1), 1, atol=1e-9)
    with pytest.raises(Exception, match="expected 784"):
        page.evaluate("() => CNNBook.cnn.predict(new Float32Array(10))")
    assert visit.errors == [], visit.errors


def thick_stroke(height, width, points, radius, soft=1.5):
    """A polyline drawn with a round pen of the given radius and soft (anti-aliased) edges, in [0, 1]."""
    yy, xx = np.mgrid[0:height, 0:width] + 0.5
    distance = np.full((height, width), np.inf)
    for (y0, x0), (y1, x1) in zip(points[:-1], points[1:]):
        dy, dx = y1 - y0, x1 - x0
        t = np.clip(((yy - y0) * dy + (xx - x0) * dx) / max(dy * dy + dx * dx, 1e-12), 0, 1)
        distance = np.minimum(distance, np.hypot(yy - (y0 + t * dy), xx - (x0 + t * dx)))
    return np.clip((radius - distance) / soft + 0.5, 0, 1)


def synthetic_drawings():
    rng = np.random.default_rng(7)
    seven = thick_stroke(280, 280, [(60, 70), (60, 210), (230, 120)], 11)
    loop = thick_stroke(280, 280, [(40, 140), (90, 190), (140, 140), (90, 90), (40, 140), (240, 150)], 11)
    small = thick_stroke(280, 280, [(100, 100), (130, 108)], 6)  # small: scaled up
    lopsided = thick_stroke(200, 300, [(10, 10), (10, 290), (20, 290)], 9)
    lopsided[150:190, 10:50] = 1.0  # a heavy blob far from the stroke: the offset is clamped
    sparse = rng.uniform(0, 1, size=(37, 23)) * (rng.uniform(size=(37, 23)) < 0.2)
    sparse[0, 0] = sparse[36, 22] = 0.5
    thin = np.zeros((120, 80))
    thin[10:110, 40:45] = 1.0
    dot = np.zeros((50, 50))
    dot[20, 30] = 0.7
    return {
        "seven": seven,
        "loop": loop,
        "small": small,
        "lopsided": lopsided,
        "sparse": sparse,
        "thin": thin,
        "dot": dot,
        "ragged": rng.uniform(0, 1, size=(281, 133)) ** 4,
    }


def test_page_preprocessing_equals_to_mnist(visit):
    page = open_panel(visit)
    for name, drawing in synthetic_drawings().items():
        drawing = drawing.astype(np.float32)
        expected = digitize.to_mnist(drawing)
        got = page.evaluate(PREPROCESS, [web.encode(drawing, np.float32), *drawing.shape])
        got = np.array(got).reshape(28, 28)
        difference = float(np.abs(got - expected).max())
        assert difference < 1e-5, f"{name}: the page's preprocessing differs from to_mnist by {difference}"
        assert expected.max() > 0, name
    blank = page.evaluate(
        "() => { try { CNNBook.cnn.preprocess(new Float32Array(100), 10, 10); return ''; }"
        " catch (error) { return error.message; } }"
    )
    assert "blank" in blank, f"a blank drawing gives {blank!r}"
    assert visit.errors == [], visit.errors


def mouse_stroke(page, canvas, start, step, steps=24):
    """Draw one straight stroke on the pad with the mouse: from ``start`` (x, y as fractions of the
    pad), ``steps`` moves of ``step`` each."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box["x"] + start[0] * box["width"], box["y"] + start[1] * box["height"]
    page.mouse.move(x0, y0)
    page.mouse.down()
    for k in range(1, steps + 1):
        page.mouse.move(x0 + step[0] * k * box["width"], y0 + step[1] * k * box["height"])
    page.mouse.up()


def test_drawing_with_mouse_keyboard_and_test_digits(visit, keras_model, test_set):
    page = open_panel(visit)
    panel = page.locator(PANEL)
    assert panel.locator(".cnn-fallback").count() == 0, "the fallback text is still shown"
    canvas = panel.locator("canvas.cnn-dd-canvas")
    # The pad takes keys: an application (a "drawing pad"), not a picture.
    assert canvas.get_attribute("role") == "application"
    assert canvas.get_attribute("aria-roledescription") == "drawing pad"
    assert "arrow keys" in canvas.get_attribute("aria-label")
    assert panel.locator("canvas.cnn-dd-input").get_attribute("role") == "img"
    assert panel.locator("canvas.cnn-dd-input").get_attribute("aria-label")
    assert panel.locator(STATUS).get_attribute("aria-live") == "polite"
    assert page.evaluate(LAST_INPUT) is None
    assert "Draw a digit" in panel.locator(STATUS).inner_text()

    # The mouse draws a "1": one slightly slanted stroke down the middle.
    mouse_stroke(page, canvas, start=(0.48, 0.15), step=(0.002, 0.03))
    digit, shown, _ = shown_reading(page)
    probabilities = page.evaluate(LAST_PROBABILITIES)
    assert digit == 1 == int(np.argmax(probabilities)), f"the drawn 1 reads as {digit}"
    assert shown == pytest.approx(100 * max(probabilities), abs=0.05)
    check_bars(page, probabilities)
    # What the network saw is to_mnist of the pad's ink, and the page's probabilities are Keras's.
    alpha, height, width = page.evaluate(PAD_ALPHA)
    ink = np.array(alpha, dtype=np.float32).reshape(height, width) / np.float32(255)
    seen = np.array(page.evaluate(LAST_INPUT), dtype=np.float32).reshape(28, 28)
    np.testing.assert_allclose(seen, digitize.to_mnist(ink), atol=1e-5)
    expected = keras_model.predict(seen[None, :, :, None], verbose=0)[0]
    np.testing.assert_allclose(probabilities, expected, atol=1e-4)

    # Keyboard: Tab from the element before the pad lands on the pad; arrows and Space draw; Delete clears.
    panel.locator(".cnn-dd-clear").click()
    assert page.evaluate(LAST_INPUT) is None
    page.evaluate(
        """() => {
        const pad = document.querySelector('.cnn-dd-canvas');
        const focusable = Array.from(document.querySelectorAll('a[href], button, select, [tabindex="0"]'))
            .filter((e) => e.offsetParent !== null && !e.disabled);
        focusable[focusable.indexOf(pad) - 1].focus();
    }"""
    )
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('cnn-dd-canvas')")
    assert panel.locator(".cnn-dd-cursor").is_visible(), "no visible keyboard pen"
    for _ in range(6):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert "cnn-dd-pen-down" in panel.locator(".cnn-dd-cursor").get_attribute("class")
    for _ in range(12):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert "cnn-dd-pen-down" not in panel.locator(".cnn-dd-cursor").get_attribute("class")
    digit, _, _ = shown_reading(page)
    assert digit == 1, f"a vertical keyboard stroke reads as {digit}"
    alpha, _, _ = page.evaluate(PAD_ALPHA)
    assert max(alpha) == 255 and page.evaluate(LAST_INPUT) is not None
    page.keyboard.press("Delete")
    alpha, _, _ = page.evaluate(PAD_ALPHA)
    assert max(alpha) == 0, "Delete did not clear the pad"
    assert page.evaluate(LAST_INPUT) is None and page.evaluate(LAST_PROBABILITIES) is None
    assert "Draw a digit" in panel.locator(STATUS).inner_text()

    # Test digits: fed to the network as they are (uint8 / 255), read as their label.
    x_test, y_test = test_set
    digits = web.read_asset(web_asset("digits"))
    select = panel.locator("select.cnn-dd-select")
    assert select.locator("option").count() == 1 + len(digits["indices"]) == 31
    for k in (0, 3, 11, 29):
        select.select_option(str(k))
        index, label = digits["indices"][k], digits["labels"][k]
        digit, _, text = shown_reading(page)
        assert f"Test image {index} is " in text and digit == label == y_test[index], text
        seen = np.array(page.evaluate(LAST_INPUT), dtype=np.float32).reshape(28, 28)
        np.testing.assert_array_equal(seen, x_test[index].astype(np.float32) / 255)
        # Shown as the book's MNIST figures: dark ink on white paper.
        red = np.array(page.evaluate(SEEN_RED)).reshape(28, 28)
        np.testing.assert_array_equal(255 - red, x_test[index], err_msg="not dark ink on white")
        check_bars(page, page.evaluate(LAST_PROBABILITIES))
    assert visit.errors == [], visit.errors


def web_asset(name):
    from book_browser import HTML_DIR

    return HTML_DIR / "_static" / "web" / f"{name}.js"


def test_other_pages_do_not_load_the_network(visit):
    visit.open("book/05_training.html")
    loaded = [url for url, _ in visit.requests if "/_static/web/model.js" in url]
    assert loaded == [], f"a page without the panel loads the network: {loaded}"
    assert visit.page.evaluate("() => typeof CNNBook.cnn.predict") == "function"
    assert visit.errors == [], visit.errors
