"""The filter playground of the HTML book (_static/js/playground.js) in headless Chromium.

Its output must equal cnn_lib.ops (conv2d, relu, max_pool2d on data.preprocess_images of the same
MNIST test digits) within 1e-5, whether it is driven through its controls or its JavaScript API
(container.cnnPlayground); a cell that is not a number is marked and keeps the last output; every
control is reached with Tab and labelled; the canvases say what they show. Needs the built book and
Chromium (tests/book_browser.py). Screenshots land in `screenshots/playground_*.png` beside the HTML.
"""

import json

import numpy as np
import pytest
from book_browser import SCREENSHOTS

from cnn_lib import data, ops

PAGE_01 = "book/01_convolution.html"
PAGE_03 = "book/03_max_pool.html"
READY = ".cnn-playground[data-cnn-status='ready']"
API = "document.querySelector('.cnn-playground').cnnPlayground"
TOLERANCE = 1e-5
CONTROLS = ["cnn-pg-digit", "cnn-pg-size", "cnn-pg-preset", "cnn-pg-relu", "cnn-pg-pool"]
# The RGB of the centre of each of n x n cells of a canvas (each cell one array value, drawn square).
CELL_COLOURS = """([selector, n]) => {
    const canvas = document.querySelector(selector), cell = canvas.width / n;
    const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const out = [];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
        const p = 4 * (Math.floor((r + 0.5) * cell) * canvas.width + Math.floor((c + 0.5) * cell));
        out.push([rgba[p], rgba[p + 1], rgba[p + 2]]);
    }
    return out;
}"""

# Every preset x ReLU x pool for the given digits, driven through the API in one call.
ALL_COMBINATIONS = """([digits, presets]) => {
    const api = document.querySelector('.cnn-playground').cnnPlayground;
    const results = [];
    for (const digit of digits) for (const preset of presets)
        for (const relu of [false, true]) for (const pool of [false, true]) {
            api.set({digit, size: 3, preset, relu, pool});
            const out = api.output();
            results.push({digit, preset, relu, pool, kernel: api.state().kernel,
                          shape: [out.height, out.width], values: Array.from(out.values)});
        }
    return JSON.stringify(results);  // one string: much faster to hand over than 280 arrays
}"""


@pytest.fixture(scope="module")
def test_images(mnist):
    (_, _), (x_test, y_test) = mnist[0]
    return x_test, y_test


def open_playground(visit, path):
    """Open a page and wait for its playground (without Visit.open's scroll through lazy images)."""
    response = visit.page.goto(f"{visit.book_url}/{path}", wait_until="load")
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    visit.page.wait_for_selector(READY, timeout=15_000)
    return visit.page.locator(".cnn-playground").first


def state(page):
    return page.evaluate(f"{API}.state()")


def output(page):
    out = page.evaluate(
        f"(() => {{ const o = {API}.output(); return [o.height, o.width, Array.from(o.values)]; }})()"
    )
    return np.array(out[2], dtype=np.float64).reshape(out[0], out[1])


def expected(image, kernel, relu, pool):
    """cnn_lib's answer for one raw uint8 test image."""
    x = data.preprocess_images(image[None])[0, :, :, 0]
    y = ops.conv2d(x, np.asarray(kernel, dtype=np.float32))
    if relu:
        y = ops.relu(y)
    if pool:
        y = ops.max_pool2d(y, 2)
    return y.astype(np.float64)


def check_against_numpy(page, x_test, what):
    now = state(page)
    got = output(page)
    want = expected(x_test[now["index"]], now["kernel"], now["relu"], now["pool"])
    assert got.shape == want.shape, f"{what}: output {got.shape}, numpy {want.shape}"
    diff = float(np.max(np.abs(got - want)))
    assert diff <= TOLERANCE, f"{what}: max |playground - numpy| = {diff:.3g}"
    return now, got


def test_every_preset_matches_numpy(visit, test_images):
    x_test, y_test = test_images
    page = open_playground(visit, PAGE_01).page
    digits = page.evaluate(f"{API}.digits()")
    assert len(digits) == 30, f"the playground offers {len(digits)} digits, expected 30"
    indices = [entry["index"] for entry in digits]
    assert [entry["label"] for entry in digits] == y_test[indices].tolist(), "labels differ from MNIST's"
    assert page.locator(".cnn-pg-digit option").count() == 30
    presets = [name for name in page.locator(".cnn-pg-preset option").all_inner_texts() if name != "custom"]
    assert sorted(presets) == sorted(ops.KERNEL_PRESETS), f"preset menu {presets}"

    # The input is the uint8 image / 255 (data.preprocess_images, in float64).
    for position in (0, 17):
        page.evaluate(f"{API}.set({{digit: {position}}})")
        got = np.array(page.evaluate(f"Array.from({API}.input().values)")).reshape(28, 28)
        assert np.array_equal(got, x_test[indices[position]] / 255.0), f"input of digit {position}"

    # One digit of each class, every preset, ReLU and pool off and on: through the API.
    first_of_each = [
        next(i for i, entry in enumerate(digits) if entry["label"] == label) for label in range(10)
    ]
    results = json.loads(page.evaluate(ALL_COMBINATIONS, [first_of_each, presets]))
    assert len(results) == 10 * len(presets) * 4
    worst = 0.0
    for result in results:
        kernel = np.array(result["kernel"])
        assert np.array_equal(kernel, ops.KERNEL_PRESETS[result["preset"]].astype(np.float64))
        want = expected(x_test[indices[result["digit"]]], kernel, result["relu"], result["pool"])
        got = np.array(result["values"]).reshape(result["shape"])
        assert got.shape == want.shape == ((14, 14) if result["pool"] else (28, 28))
        worst = max(worst, float(np.max(np.abs(got - want))))
        assert np.abs(want).max() > 0.1 or result["preset"] in ("laplacian", "edge"), "a blank output"
    assert worst <= TOLERANCE, f"API: max |playground - numpy| = {worst:.3g} over {len(results)} outputs"

    # A subset through the controls: the digit and preset menus, the ReLU and pool check boxes.
    relu_box, pool_box = page.locator(".cnn-pg-relu"), page.locator(".cnn-pg-pool")
    for position, presets_here in (
        (first_of_each[3], ("sharpen", "sobel y")),
        (first_of_each[8], ("box blur",)),
    ):
        page.locator(".cnn-pg-digit").select_option(str(position))
        for preset in presets_here:
            page.locator(".cnn-pg-preset").select_option(label=preset)
            for relu, pool in ((False, False), (False, True), (True, True), (True, False)):  # one click each
                for box, on in ((relu_box, relu), (pool_box, pool)):
                    if box.is_checked() != on:
                        box.click()
                now, _ = check_against_numpy(page, x_test, f"controls: digit {position}, {preset}")
                assert (now["digit"], now["preset"], now["relu"], now["pool"]) == (
                    position,
                    preset,
                    relu,
                    pool,
                )
    assert visit.errors == [], f"console errors: {visit.errors}"


def test_typed_5x5_kernel_matches_numpy(visit, test_images):
    x_test, _ = test_images
    page = open_playground(visit, PAGE_01).page
    page.locator(".cnn-pg-size").select_option("5")
    cells = page.locator(".cnn-pg-cell")
    assert cells.count() == 25
    # The 3x3 preset sits in the centre of the 5x5 kernel, with a ring of zeros.
    now = state(page)
    assert now["size"] == 5 and now["preset"] == "sobel x"
    assert np.array_equal(now["kernel"], np.pad(ops.KERNEL_PRESETS["sobel x"], 1))
    check_against_numpy(page, x_test, "5x5 sobel x")

    page.locator(".cnn-pg-digit").select_option(label="4 (test image 4)")
    rng = np.random.default_rng(7)
    kernel = rng.integers(-8, 9, size=(5, 5)) / 4  # quarters: exact in float32 and in the text
    before = state(page)["redraws"]
    for i, value in enumerate(kernel.ravel()):
        cell = cells.nth(i)
        if i % 5 == 0:  # key by key
            cell.fill("")
            cell.press_sequentially(f"{value:g}")
        else:
            cell.fill(f"{value:g}")
    now = state(page)
    assert now["redraws"] > before + 24, "typing in the cells does not redraw"
    assert now["preset"] == "custom" and page.locator(".cnn-pg-preset").input_value() == "custom"
    assert np.array_equal(now["kernel"], kernel), f"kernel read from the cells: {now['kernel']}"
    _, got = check_against_numpy(page, x_test, "typed 5x5, ReLU")
    assert got.shape == (28, 28) and got.max() > 0.5
    page.locator(".cnn-pg-relu").click()
    page.locator(".cnn-pg-pool").click()
    _, got = check_against_numpy(page, x_test, "typed 5x5, no ReLU, pool")
    assert got.shape == (14, 14) and got.min() < 0

    # A preset in 5x5 mode, and back to 3x3: the centre stays.
    page.locator(".cnn-pg-preset").select_option(label="edge")
    assert np.array_equal(state(page)["kernel"], np.pad(ops.KERNEL_PRESETS["edge"], 1))
    check_against_numpy(page, x_test, "5x5 edge")
    page.locator(".cnn-pg-size").select_option("3")
    assert cells.count() == 9
    assert np.array_equal(state(page)["kernel"], ops.KERNEL_PRESETS["edge"])
    check_against_numpy(page, x_test, "3x3 edge")
    assert visit.errors == [], f"console errors: {visit.errors}"


def test_invalid_cell_keeps_last_output(visit, test_images):
    x_test, _ = test_images
    page = open_playground(visit, PAGE_01).page
    cell = page.locator(".cnn-pg-cell").nth(4)
    output_label = page.locator(".cnn-pg-output canvas")
    before, label_before = output(page), output_label.get_attribute("aria-label")
    for text in ("", "-", "e"):  # empty, and two texts a number field cannot read
        cell.fill("")
        if text:
            cell.press_sequentially(text)
        assert cell.get_attribute("aria-invalid") == "true", f"{text!r} is not marked invalid"
        assert state(page)["valid"] is False
        assert np.array_equal(output(page), before), f"{text!r} changed the output"
        assert output_label.get_attribute("aria-label") == label_before
        message = page.locator(".cnn-pg-message")
        assert message.is_visible() and "row 2, column 2" in message.inner_text()
    cell.fill("")
    cell.press_sequentially("3")
    assert cell.get_attribute("aria-invalid") is None
    assert not page.locator(".cnn-pg-message").is_visible()
    now, got = check_against_numpy(page, x_test, "after a valid number again")
    assert now["valid"] and now["kernel"][1][1] == 3
    assert not np.array_equal(got, before)
    assert output_label.get_attribute("aria-label") != label_before
    assert visit.errors == [], f"a bad cell logs console errors: {visit.errors}"


def test_keyboard_and_labels(visit, test_images):
    x_test, _ = test_images
    playground = open_playground(visit, PAGE_01)
    page = playground.page
    # Page 01 starts with sobel x, ReLU on and no pooling: a 28 x 28 output.
    now, got = check_against_numpy(page, x_test, "page 01 at start")
    assert (now["preset"], now["relu"], now["pool"], got.shape) == ("sobel x", True, False, (28, 28))
    assert page.locator(".cnn-pg-relu").is_checked() and not page.locator(".cnn-pg-pool").is_checked()
    assert playground.locator(".cnn-fallback").count() == 0, "the fallback text is still there"
    # Tab from the paragraph just before the playground goes through every control in order.
    page.evaluate(
        "() => { const p = document.querySelector('.cnn-playground').previousElementSibling;"
        " p.tabIndex = -1; p.focus(); }"
    )
    reached = []
    for _ in range(len(CONTROLS) + 9):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                const name = e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].innerText : '');
                return [e.className, name.trim(), !!e.closest('.cnn-playground')]; }"""
            )
        )
    assert [r[0] for r in reached] == CONTROLS + ["cnn-pg-cell"] * 9, f"Tab order: {reached}"
    assert all(inside and name for _, name, inside in reached), f"unlabelled controls: {reached}"
    assert reached[0][1].startswith("Digit") and reached[4][1] == "2x2 max-pool"

    canvases = page.locator(".cnn-playground canvas")
    assert canvases.count() == 3
    labels = [canvases.nth(i).get_attribute("aria-label") or "" for i in range(3)]
    assert all(canvases.nth(i).get_attribute("role") == "img" for i in range(3))
    assert labels[0].startswith("Input: digit 7") and "28 x 28" in labels[0], labels[0]
    assert labels[1].startswith("Kernel: 3 x 3 sobel x"), labels[1]
    assert labels[2].startswith("Output: 28 x 28, values from ") and "after ReLU" in labels[2], labels[2]
    status = page.locator(".cnn-pg-status").inner_text()
    assert status.startswith("Output: 28 x 28, values from 0.00 to "), status
    # The pictures are drawn as the book's figures: the digit dark on white (matplotlib's "binary"),
    # the kernel in matplotlib's PuOr from -max|w| to +max|w| (plots.plot_kernel), colour for colour.
    import matplotlib
    from matplotlib.colors import Normalize

    digit = np.array(page.evaluate(CELL_COLOURS, [".cnn-pg-input canvas", 28]), dtype=int)
    image = x_test[now["index"]].astype(int).ravel()
    assert np.array_equal(digit, np.stack([255 - image] * 3, axis=1)), "the input is not dark ink on white"
    kernel = np.array(now["kernel"])
    limit = np.abs(kernel).max()
    want = matplotlib.colormaps["PuOr"](Normalize(-limit, limit)(kernel.ravel()), bytes=True)[:, :3]
    drawn = np.array(page.evaluate(CELL_COLOURS, [".cnn-pg-kernel canvas", 3]))
    assert np.array_equal(drawn, want), f"kernel colours {drawn.tolist()}, matplotlib's PuOr {want.tolist()}"

    # A menu changed with the keyboard redraws at once.
    digit_menu = page.locator(".cnn-pg-digit")
    digit_menu.focus()
    before = state(page)
    page.keyboard.press("ArrowDown")
    after = state(page)
    assert after["digit"] != before["digit"] and after["redraws"] > before["redraws"]
    assert digit_menu.input_value() == str(after["digit"])
    assert canvases.nth(0).get_attribute("aria-label") != labels[0]
    assert canvases.nth(2).get_attribute("aria-label") != labels[2]
    check_against_numpy(page, x_test, "digit chosen with the keyboard")
    page.locator(".cnn-pg-preset").focus()
    page.keyboard.press("ArrowDown")
    assert state(page)["preset"] == "sobel y"
    assert canvases.nth(1).get_attribute("aria-label").startswith("Kernel: 3 x 3 sobel y")
    # Space toggles the pool; Shift+Tab goes back to the ReLU box.
    page.locator(".cnn-pg-pool").focus()
    page.keyboard.press("Space")
    assert state(page)["pool"] is True
    assert canvases.nth(2).get_attribute("aria-label").startswith("Output: 14 x 14")
    assert "after 2x2 max-pool" in canvases.nth(2).get_attribute("aria-label")
    assert page.locator(".cnn-pg-status").inner_text().startswith("Output: 14 x 14")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.className") == "cnn-pg-relu"
    page.keyboard.press("Space")
    assert state(page)["relu"] is False and "no ReLU" in canvases.nth(2).get_attribute("aria-label")
    check_against_numpy(page, x_test, "after the keyboard toggles")
    assert visit.errors == [], f"console errors: {visit.errors}"


def test_starting_state_and_themes(visit, test_images):
    x_test, _ = test_images
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    playground = open_playground(visit, PAGE_03)  # page 01's start: test_keyboard_and_labels
    page = playground.page
    assert playground.locator(".cnn-fallback").count() == 0, "the fallback text is still there"
    now, got = check_against_numpy(page, x_test, "page 03 at start")
    assert (now["preset"], now["relu"], now["pool"], got.shape) == ("edge", True, True, (14, 14))
    assert page.locator(".cnn-pg-pool").is_checked() and page.locator(".cnn-pg-relu").is_checked()
    assert page.locator(".cnn-pg-status").inner_text().startswith("Output: 14 x 14")

    # Light and dark: the text follows the theme; the canvases are drawn crisply at whole pixels per cell.
    playground.scroll_into_view_if_needed()
    colours = {}
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        page.wait_for_timeout(450)  # the theme's colour transitions
        colours[theme] = page.locator(".cnn-pg-status").evaluate("e => getComputedStyle(e).color")
        playground.screenshot(path=SCREENSHOTS / f"playground_{theme}.png")
    assert colours["light"] != colours["dark"], f"the text colour ignores the theme: {colours}"
    sizes = page.eval_on_selector_all(".cnn-pg-canvas", "cs => cs.map((c) => [c.width, c.height])")
    assert sizes[0][0] % 28 == 0 and sizes[2][0] % 14 == 0 and sizes[1][0] % 3 == 0, sizes

    # A phone: everything wraps inside the column, nothing sticks out sideways.
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    for width in (820, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = playground.evaluate(
            """c => { const box = c.getBoundingClientRect();
            return Array.from(c.querySelectorAll('*')).filter((e) => {
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) return false;  // menu options, the empty message
                return r.right > box.right + 1 || r.left < box.left - 1;
            }).map((e) => e.className); }"""
        )
        assert overflow == [], f"at {width} px these stick out of the playground: {overflow}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{width} px scrolls"
        )
    playground.screenshot(path=SCREENSHOTS / "playground_phone.png")
    assert visit.errors == [] and visit.failed == [], f"errors {visit.errors}, missing files {visit.failed}"


def test_pages_without_playground_stay_quiet(visit):
    """playground.js is on every page; where there is no playground it loads nothing and throws nothing.

    (Every console error of every page is tests/test_browser.py's business.)
    """
    page = visit.page
    response = page.goto(f"{visit.book_url}/book/00_introduction.html", wait_until="load")
    assert response is not None and response.status == 200
    visit.in_flight.wait_until_quiet()
    assert page.evaluate("typeof window.CNNBook.onEach") == "function", "the loader is not on the page"
    assert page.evaluate("Array.from(document.scripts).some((s) => s.src.includes('/js/playground.js'))")
    assert page.locator(".cnn-playground, .cnn-pg").count() == 0
    uncaught = [error for error in visit.errors if error.startswith("uncaught")]
    assert uncaught == [], f"scripts throw on a page without a playground: {uncaught}"
    data = [url for url, _ in visit.requests if "/_static/web/" in url]
    assert data == [], f"a page without a playground loads {data}"
