"""The draw-a-digit panel of 08_beyond_the_article in headless Chromium: the CNN beside the MLP,
and a shift control that moves the 28x28 image both networks see.

Oracles: Keras (the two networks of web/cnn_weights.npz and web/mlp_weights.npz, run by
`cnn_lib.web.book_model`), `cnn_lib.robustness.shift_images` for the moves, and
`cnn_lib.digitize.to_mnist` for the centring of a drawing. Needs the built book (see
tests/book_browser.py); a missing build or browser is a failure, never a skip.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from test_web_cnn import N_AGREE, PAD_ALPHA, agreement, mouse_stroke, web_asset
from test_web_cnn import open_panel as open_draw_panel

from cnn_lib import data, digitize, models, robustness, web, widgets

ROOT = Path(__file__).resolve().parents[1]

PAGE = "book/08_beyond_the_article.html"
PANEL = ".cnn-draw-digit[data-networks='cnn mlp']"
STATUS = f"{PANEL} .cnn-dd-status"
READINGS = re.compile(r"The CNN reads an? (\d) \((\d+\.\d)%\); the MLP reads an? (\d) \((\d+\.\d)%\)\.")
#: The page may add this much for the MLP and the shift control (the issue's budget).
ADDED_BYTES_LIMIT = 2 * 1024 * 1024

SHIFT = """([text, dy, dx]) => Array.from(CNNBook.cnn.shift(CNNBook.decode(text, "float32"), dy, dx))"""
SHIFT_ERROR = """([length, dy, dx]) => {
    try { CNNBook.cnn.shift(new Float32Array(length), dy, dx); return ""; }
    catch (error) { return error.name + ": " + error.message; }
}"""
LAST_INPUT = f'() => document.querySelector("{PANEL}").cnnDraw.lastInput()'
LAST = f'(name) => document.querySelector("{PANEL}").cnnDraw.lastProbabilities(name)'
OFFSET = f'() => document.querySelector("{PANEL}").cnnDraw.offset()'


@pytest.fixture(scope="module")
def test_digits():
    """The raw MNIST test set (uint8 images, labels)."""
    (_, _), (x_test, y_test) = data.load_mnist()
    return x_test, y_test


@pytest.fixture(scope="module")
def networks():
    return {
        "cnn": web.book_model(ROOT / "web" / "cnn_weights.npz"),
        "mlp": web.book_model(ROOT / "web" / "mlp_weights.npz", build=models.build_mlp),
    }


def open_panel(visit):
    return open_draw_panel(visit, PAGE, PANEL)


def readings(page):
    text = page.locator(STATUS).inner_text()
    match = READINGS.search(text)
    assert match, f"the status line reads {text!r}"
    return int(match.group(1)), int(match.group(3)), text


def check_shown(page, networks, expected_input):
    """The panel's input is `expected_input`; each network's bars and reading are Keras's on it."""
    seen = np.array(page.evaluate(LAST_INPUT), dtype=np.float32).reshape(28, 28)
    np.testing.assert_allclose(seen, expected_input, atol=1e-6)
    said = []
    for name, model in networks.items():
        probabilities = np.array(page.evaluate(LAST, name))
        keras_says = model.predict(expected_input[None, :, :, None], verbose=0)[0]
        np.testing.assert_allclose(probabilities, keras_says, atol=1e-4)
        column = page.locator(f"{PANEL} .cnn-dd-network[data-network='{name}']")
        values = column.locator(".cnn-dd-value").all_inner_texts()
        assert values == [f"{100 * p:.1f}%" for p in probabilities], values
        top = column.locator(".cnn-dd-bar.cnn-dd-top .cnn-dd-digit").all_inner_texts()
        assert top == [str(int(np.argmax(probabilities)))], top
        said.append(int(np.argmax(probabilities)))
    cnn_read, mlp_read, _ = readings(page)
    assert [cnn_read, mlp_read] == said
    return said


def test_page_mlp_agrees_with_keras(visit, networks, test_digits, terminal_report):
    page = open_panel(visit)
    _, agree, largest = agreement(page, "mlp", networks["mlp"], test_digits[0][:N_AGREE])
    line = (
        f"in-page MLP vs Keras on {N_AGREE} test digits: {agree} same class, "
        f"largest probability difference {largest:.2e}"
    )
    print(line)
    terminal_report.append(line)
    assert agree == N_AGREE, f"the page's MLP disagrees with Keras on {N_AGREE - agree} digits"
    assert largest < 1e-4, f"probabilities differ from Keras's by up to {largest}"
    assert visit.errors == [], visit.errors


def test_page_shift_is_shift_images(visit):
    page = open_panel(visit)
    assert page.evaluate("() => CNNBook.cnn.maxShift") == widgets.NETWORK_MAX_SHIFT, (
        "the page and the Jupyter explorer move the digit equally far"
    )
    rng = np.random.default_rng(3)
    image = rng.uniform(0, 1, size=(1, 28, 28, 1)).astype(np.float32)
    for dy, dx in [(0, 0), (0, 1), (-1, 0), (3, -2), (-7, 10), (28, 0), (0, -28), (-10, -10)]:
        got = np.array(page.evaluate(SHIFT, [web.encode(image, np.float32), dy, dx])).reshape(28, 28)
        np.testing.assert_array_equal(
            got, robustness.shift_images(image, dy, dx)[0, :, :, 0], err_msg=f"{dy, dx}"
        )
    for args, message in [
        ([784, 0.5, 0], "RangeError: shift: dy and dx must be whole pixels from -28 to 28, got 0.5"),
        ([784, 0, 29], "RangeError: shift: dy and dx must be whole pixels from -28 to 28, got 29"),
        ([100, 0, 1], "RangeError: shift: x must hold 784 grey levels"),
    ]:
        assert page.evaluate(SHIFT_ERROR, args).startswith(message)
    assert visit.errors == [], visit.errors


def test_shift_control_moves_what_both_networks_see(visit, networks, test_digits):
    page = open_panel(visit)
    panel = page.locator(PANEL)
    x_test = test_digits[0]
    group = panel.locator(".cnn-dd-shift")
    assert group.get_attribute("role") == "group" and "arrow keys" in group.get_attribute("aria-label")
    buttons = {
        name: panel.locator(f".cnn-dd-shift-{name}") for name in ("up", "left", "centre", "right", "down")
    }
    for name, button in buttons.items():
        assert button.get_attribute("aria-label"), f"the {name} button has no accessible name"
    assert "Shift: none" in panel.locator(".cnn-dd-offset").inner_text()

    # A test digit, then the buttons: the image moves, both networks read the moved image.
    digits = web.read_asset(web_asset("digits"))
    k = digits["labels"].index(7)
    index = digits["indices"][k]
    centred = x_test[index].astype(np.float32) / 255
    panel.locator("select.cnn-dd-select").select_option(str(k))
    check_shown(page, networks, centred)
    buttons["right"].click()
    buttons["right"].click()
    assert page.evaluate(OFFSET) == [0, 2]
    assert "Shift: 2 px right" in panel.locator(".cnn-dd-offset").inner_text()
    check_shown(page, networks, robustness.shift_images(centred[None], 0, 2)[0])
    # The arrow keys, once a button has the focus; Home centres again.
    buttons["right"].focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(OFFSET) == [-1, 1]
    check_shown(page, networks, robustness.shift_images(centred[None], -1, 1)[0])
    page.keyboard.press("Home")
    assert page.evaluate(OFFSET) == [0, 0]
    # At the limit the button is disabled and the image stays.
    for _ in range(widgets.NETWORK_MAX_SHIFT):
        buttons["down"].click()
    assert buttons["down"].is_disabled() and not buttons["up"].is_disabled()
    page.keyboard.press("ArrowDown")
    assert page.evaluate(OFFSET) == [widgets.NETWORK_MAX_SHIFT, 0]
    check_shown(page, networks, robustness.shift_images(centred[None], widgets.NETWORK_MAX_SHIFT, 0)[0])
    buttons["centre"].click()
    assert page.evaluate(OFFSET) == [0, 0] and not buttons["down"].is_disabled()

    # A drawing is centred first (to_mnist), then moved: the move is not undone by the centring.
    buttons["left"].click()
    buttons["left"].click()
    buttons["left"].click()
    panel.locator(".cnn-dd-clear").click()
    mouse_stroke(page, panel.locator("canvas.cnn-dd-canvas"), start=(0.5, 0.15), step=(0, 0.03))
    alpha, height, width = page.evaluate(PAD_ALPHA)
    ink = np.array(alpha, dtype=np.float32).reshape(height, width) / np.float32(255)
    moved = robustness.shift_images(digitize.to_mnist(ink)[None], 0, -3)[0]
    check_shown(page, networks, moved)
    assert page.evaluate(OFFSET) == [0, -3], "a new drawing keeps the shift the reader chose"

    # What the panel is for: a move that the CNN reads through and the MLP does not.
    buttons["centre"].click()
    found = None
    for k in range(len(digits["indices"])):
        panel.locator("select.cnn-dd-select").select_option(str(k))
        label = digits["labels"][k]
        for step in range(1, 5):
            buttons["right"].click()
            cnn_read, mlp_read, _ = readings(page)
            if cnn_read == label != mlp_read:
                found = (digits["indices"][k], step)
                break
        buttons["centre"].click()
        if found:
            break
    assert found, "no test digit of the menu that the CNN keeps and the MLP loses when moved right"
    print(f"test image #{found[0]} moved {found[1]} px right: the CNN still reads it, the MLP does not")
    assert visit.errors == [], visit.errors


def test_the_mlp_and_the_shift_control_add_at_most_2_mb(visit, terminal_report):
    open_panel(visit)
    loaded = {Path(urlsplit(url).path).name for url, _ in visit.requests if "/_static/" in url}
    assert {"mlp.js", "model.js", "draw-digit.js", "draw-digit.css"} <= loaded, loaded
    # Upper bound: the MLP's weights and the panel's whole code, not only what the shift control added.
    added = sum(
        web_asset("mlp").parent.parent.joinpath(*part).stat().st_size
        for part in [
            ("web", "mlp.js"),
            ("js", "draw-digit.js"),
            ("css", "draw-digit.css"),
        ]
    )
    line = (
        f"08_beyond_the_article: MLP weights and panel code {added:,d} bytes (limit {ADDED_BYTES_LIMIT:,d})"
    )
    print(line)
    terminal_report.append(line)
    assert added <= ADDED_BYTES_LIMIT
    # The evaluation chapter's panel shows the CNN alone, and does not download the MLP.
    visit.requests.clear()
    visit.open("book/06_evaluation.html")
    assert not [url for url, _ in visit.requests if url.endswith("/_static/web/mlp.js")]
    assert visit.page.locator(".cnn-draw-digit .cnn-dd-shift").count() == 0
    assert visit.errors == [], visit.errors
