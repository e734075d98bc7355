"""The clickable confusion matrix of 07_confusion_matrix (_static/js/confusion.js) in headless Chromium.

The oracles are computed here, independently of the page's data file: the book's trained model
(`web.book_model` of web/cnn_weights.npz) predicts the 10,000 MNIST test digits, and `evaluation` builds the crosstab and
picks the images behind a cell. The page must show the same counts as that crosstab and as the one
stored in the chapter's outputs, and clicking (or choosing with the keyboard) a cell must show
exactly the right test images, pixel for pixel. Needs the built HTML and Chromium (tests/book_browser.py).
"""

import re

import nbformat
import numpy as np
import pytest
from book_browser import ROOT

PAGE = "book/07_confusion_matrix.html"
NOTEBOOK = ROOT / "book" / "07_confusion_matrix.ipynb"
WIDGET = ".cnn-confusion"
READY = ".cnn-confusion[data-cnn-status='ready']"
TEST_IMAGES = 10_000
CORRECT_SHOWN = 12  # cnn_lib.web.confusion_examples keeps the first 12 correct images of each digit

# Each thumbnail drawn back at its natural 28x28 size: the red channel of every pixel (ink is dark,
# so the page draws 255 - grey level).
THUMBNAIL_PIXELS = """(img) => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    return {width: canvas.width, height: canvas.height, red: Array.from(data.filter((_, i) => i % 4 === 0))};
}"""
FOCUSED_CELL = """() => {
    const cell = document.activeElement;
    return cell && cell.classList.contains("cnn-confusion-cell")
        ? [Number(cell.dataset.label), Number(cell.dataset.predict)] : null;
}"""

# The page's tab order (the book sets no positive tabindex): every control a Tab can reach, in
# document order. Marks the controls just before and just after the matrix (data-cnn-test) and
# returns how many of its cells are in that order.
MARK_NEIGHBOURS = """(widget) => {
    const table = widget.querySelector("table");
    const order = Array.from(document.querySelectorAll(
        "a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]"
    )).filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
        && getComputedStyle(e).visibility === "visible");
    const cells = order.filter((e) => table.contains(e));
    const first = order.indexOf(cells[0]);
    const last = order.indexOf(cells[cells.length - 1]);
    if (first < 1 || last + 1 >= order.length) throw new Error("no control before or after the matrix");
    order[first - 1].dataset.cnnTest = "before";
    order[last + 1].dataset.cnnTest = "after";
    return cells.length;
}"""


@pytest.fixture(scope="module")
def truth():
    """MNIST's test set, the book model's predictions on it and their crosstab, computed in Python."""
    from cnn_lib import data, evaluation, web

    _, (x_test, y_test) = data.load_mnist()
    model = web.book_model(ROOT / "web" / "cnn_weights.npz")
    predictions = evaluation.predict_classes(model, data.preprocess_images(x_test))
    crosstab = evaluation.confusion_matrix(y_test, predictions)
    return {"x": x_test, "y": y_test, "predictions": predictions, "crosstab": crosstab.to_numpy()}


def stored_crosstab():
    """The crosstab the chapter shows: the text/plain output of its `crosstab` cell."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [
        cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("crosstab = ")
    ]
    assert len(cells) == 1, f"{NOTEBOOK.name}: expected one cell that builds `crosstab`, found {len(cells)}"
    results = [output for output in cells[0].outputs if output.output_type == "execute_result"]
    assert results, f"{NOTEBOOK.name}: the crosstab cell has no stored result (run `make notebooks`)"
    lines = results[0].data["text/plain"].splitlines()
    assert lines[0].split() == ["predict", *map(str, range(10))], f"unexpected crosstab header {lines[0]!r}"
    assert lines[1].split() == ["label"], f"unexpected crosstab header {lines[1]!r}"
    rows = [[int(value) for value in line.split()] for line in lines[2:]]
    assert [row[0] for row in rows] == list(range(10)), f"unexpected crosstab rows {lines[2:]}"
    return np.array([row[1:] for row in rows])


def open_widget(visit):
    # Not visit.open: scrolling the whole chapter for its lazy images would only cost time here.
    response = visit.page.goto(f"{visit.book_url}/{PAGE}", wait_until="load")
    assert response is not None and response.status == 200, f"{PAGE}: HTTP {response and response.status}"
    visit.page.wait_for_selector(READY, timeout=30_000)
    return visit.page.locator(WIDGET)


def cell(visit, label, predict):
    return visit.page.locator(
        f"{WIDGET} button.cnn-confusion-cell[data-label='{label}'][data-predict='{predict}']"
    )


def shown(visit):
    """What the page shows for the chosen cell: its API's indices, and the thumbnails' data and alt texts."""
    page = visit.page
    api = page.eval_on_selector(WIDGET, "(widget) => widget.cnnConfusion.shown()")
    images = page.locator(f"{WIDGET} .cnn-confusion-thumbs img")
    indices = [int(index) for index in images.evaluate_all("(imgs) => imgs.map((img) => img.dataset.index)")]
    captions = images.evaluate_all("(imgs) => imgs.map((img) => img.nextElementSibling.textContent)")
    alts = images.evaluate_all("(imgs) => imgs.map((img) => img.alt)")
    assert api == indices, f"cnnConfusion.shown() {api} but the thumbnails are of {indices}"
    assert captions == [str(index) for index in indices], f"captions {captions} for images {indices}"
    return indices, alts, images


def summary(visit):
    return " ".join(visit.page.locator(f"{WIDGET} .cnn-confusion-summary").inner_text().split())


def tab_stop(visit):
    """The one cell in the tab order (tabindex 0); every other cell must have tabindex -1."""
    places = visit.page.eval_on_selector_all(
        f"{WIDGET} button.cnn-confusion-cell",
        """(buttons) => buttons.map((b) => [b.getAttribute("tabindex"), Number(b.dataset.label),
            Number(b.dataset.predict)])""",
    )
    assert len(places) == 100
    stops = [[label, predict] for tabindex, label, predict in places if tabindex == "0"]
    others = {tabindex for tabindex, *_ in places if tabindex != "0"}
    assert len(stops) == 1 and others == {"-1"}, f"cells with tabindex 0: {stops}; others: {others}"
    return stops[0]


def pressed(visit):
    return visit.page.eval_on_selector_all(
        f"{WIDGET} button[aria-pressed='true']",
        "(buttons) => buttons.map((b) => [Number(b.dataset.label), Number(b.dataset.predict)])",
    )


def test_counts_are_the_chapters_run(visit, truth):
    widget = open_widget(visit)
    expected = truth["crosstab"]
    assert expected.sum() == TEST_IMAGES
    np.testing.assert_array_equal(
        stored_crosstab(), expected, err_msg="the chapter's stored crosstab is not the book model's"
    )
    counts = np.array(widget.evaluate("(widget) => widget.cnnConfusion.counts()"))
    np.testing.assert_array_equal(
        counts, expected, err_msg="cnnConfusion.counts() is not the model's crosstab"
    )

    # What the reader sees and hears: 100 buttons in row order, each with its count and label.
    buttons = widget.locator("table button.cnn-confusion-cell")
    assert buttons.count() == 100
    texts = buttons.evaluate_all("(bs) => bs.map((b) => b.textContent)")
    assert texts == [f"{n:,d}" for n in expected.ravel()], "the cells do not show the crosstab's counts"
    places = buttons.evaluate_all(
        "(bs) => bs.map((b) => [Number(b.dataset.label), Number(b.dataset.predict)])"
    )
    assert places == [[label, predict] for label in range(10) for predict in range(10)]
    labels = buttons.evaluate_all("(bs) => bs.map((b) => b.getAttribute('aria-label'))")
    for (label, predict), text in zip(places, labels):
        n = expected[label, predict]
        assert text == f"label {label} predicted as {predict}: {n:,d} test image{'' if n == 1 else 's'}"
    # Headers for screen readers: the digits of the columns and of the rows.
    columns = widget.locator("thead th[scope='col']").all_inner_texts()
    rows = widget.locator("tbody th[scope='row']").all_inner_texts()
    assert columns == rows == [str(d) for d in range(10)]
    assert widget.locator("th[scope='colgroup']").inner_text().strip() == "predicted"
    assert widget.locator("th[scope='rowgroup']").inner_text().strip() == "true label"
    # Diagonal and off-diagonal cells look different; zero cells have no fill.
    colour = "(b) => getComputedStyle(b).backgroundColor"
    assert cell(visit, 1, 1).evaluate(colour) != cell(visit, 5, 3).evaluate(colour)
    zero = next((r, c) for r in range(10) for c in range(10) if expected[r, c] == 0)
    assert cell(visit, *zero).evaluate(colour) == "rgba(0, 0, 0, 0)"
    # The fills are the chapter's figure's: matplotlib's cividis at LogNorm(1, max count) (plots.COUNT_CMAP).
    import matplotlib

    cividis = matplotlib.colormaps["cividis"](np.arange(256), bytes=True)[:, :3].tolist()
    fills = buttons.evaluate_all("(bs) => bs.map((b) => getComputedStyle(b).backgroundColor)")
    largest = max(int(expected.max()), 2)
    for (label, predict), fill in zip(places, fills):
        n = expected[label, predict]
        if n == 0:
            continue
        # matplotlib's entry for LogNorm's value; a value within rounding of an entry's edge may take either.
        at = np.log10(n) / np.log10(largest) * 256
        entries = {min(int(np.floor(at + d)), 255) for d in (-1e-9, 1e-9)}
        rgb = [int(v) for v in re.findall(r"\d+", fill)]
        allowed = [cividis[i] for i in entries]
        assert rgb in allowed, f"cell {label}->{predict} ({n}): fill {fill}, cividis {allowed}"
    assert visit.errors == [], f"{PAGE} logs errors in the console: {visit.errors}"


def test_clicking_a_cell_shows_its_images(visit, truth):
    from cnn_lib import evaluation

    widget = open_widget(visit)
    x, y, predictions, expected = truth["x"], truth["y"], truth["predictions"], truth["crosstab"]
    # The chapter's container starts on the fives read as threes.
    assert pressed(visit) == [[5, 3]]
    top = evaluation.top_confusions(evaluation.confusion_matrix(y, predictions), n=3)
    single = next((r, c) for r in range(10) for c in range(10) if r != c and expected[r, c] == 1)
    off_diagonal = [(2, 0), *zip(top["label"].tolist(), top["predict"].tolist()), single, (5, 3)]
    for label, predict in off_diagonal:
        cell(visit, label, predict).click()
        rows = evaluation.select_confusions(y, predictions, label=label, predict=predict)
        want = rows.index.tolist()
        indices, alts, images = shown(visit)
        assert indices == want, (
            f"cell {label}->{predict}: page shows {indices}, select_confusions gives {want}"
        )
        assert pressed(visit) == [[label, predict]]
        assert tab_stop(visit) == [label, predict], "the clicked cell must be the matrix's Tab stop"
        assert alts == [f"test image {i}, label {label}, predicted {predict}" for i in want]
        n = expected[label, predict]
        assert summary(visit) == f"{label} read as {predict} — {n:,d} of {TEST_IMAGES:,d} test images"
        # Every thumbnail is its own test image, pixel for pixel (an off-by-one shows another digit).
        for k, index in enumerate(want):
            drawn = images.nth(k).evaluate(THUMBNAIL_PIXELS)
            assert (drawn["width"], drawn["height"]) == (28, 28)
            grey = 255 - np.array(drawn["red"]).reshape(28, 28)
            np.testing.assert_array_equal(grey, x[index], err_msg=f"thumbnail {k} is not test image {index}")

    for digit in (0, 8):
        cell(visit, digit, digit).click()
        want = np.flatnonzero((y == digit) & (predictions == digit))[:CORRECT_SHOWN].tolist()
        indices, alts, images = shown(visit)
        assert indices == want, (
            f"diagonal cell {digit}: page shows {indices}, expected the first correct {want}"
        )
        count = expected[digit, digit]
        assert summary(visit).startswith(
            f"{digit} read as {digit} — the first {CORRECT_SHOWN} of {count:,d} correct"
        )
        drawn = images.last.evaluate(THUMBNAIL_PIXELS)
        np.testing.assert_array_equal(255 - np.array(drawn["red"]).reshape(28, 28), x[want[-1]])

    zero = next((r, c) for r in range(10) for c in range(10) if expected[r, c] == 0)
    cell(visit, *zero).click()
    indices, _, images = shown(visit)
    assert indices == [] and images.count() == 0
    assert summary(visit) == f"{zero[0]} read as {zero[1]} — none of the {TEST_IMAGES:,d} test images"
    assert widget.locator(".cnn-confusion-note").is_visible()
    assert visit.errors == [], f"{PAGE} logs errors in the console: {visit.errors}"


def test_keyboard_chooses_cells(visit, truth):
    from cnn_lib import evaluation

    widget = open_widget(visit)
    page = visit.page
    y, predictions = truth["y"], truth["predictions"]
    assert widget.locator(".cnn-confusion-summary").get_attribute("aria-live") == "polite"

    # One Tab stop for the 100 cells (a roving tabindex), at first on the selected cell.
    assert pressed(visit) == [[5, 3]]
    assert tab_stop(visit) == [5, 3]
    assert widget.evaluate(MARK_NEIGHBOURS) == 1, "the page's tab order holds more than one cell"
    page.locator("[data-cnn-test='before']").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CELL) == [5, 3], "Tab from the control before the matrix"

    # The arrow keys move the focus and the Tab stop, not the choice; Enter and Space choose.
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_CELL) == [5, 4]
    assert tab_stop(visit) == [5, 4]
    assert pressed(visit) == [[5, 3]], "moving the focus must not choose the cell"
    page.keyboard.press("Enter")
    assert pressed(visit) == [[5, 4]]
    assert re.fullmatch(r"5 read as 4 — none of the 10,000 test images", summary(visit))
    for key, place in [
        ("ArrowDown", [6, 4]),
        ("ArrowLeft", [6, 3]),
        ("ArrowUp", [5, 3]),
        ("ArrowRight", [5, 4]),
        ("Control+End", [9, 9]),
        ("Control+Home", [0, 0]),
        ("ArrowUp", [0, 0]),  # the edges stop the focus
        ("End", [0, 9]),
        ("ArrowRight", [0, 9]),
        ("ArrowDown", [1, 9]),
        ("Home", [1, 0]),
        ("ArrowLeft", [1, 0]),
    ]:
        page.keyboard.press(key)
        assert page.evaluate(FOCUSED_CELL) == place, f"focus after {key}"
        assert tab_stop(visit) == place, f"Tab stop after {key}"
    assert pressed(visit) == [[5, 4]]
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert pressed(visit) == [[6, 1]]
    assert shown(visit)[0] == evaluation.select_confusions(y, predictions, 6, 1).index.tolist()
    page.keyboard.press("Home")
    assert page.evaluate(FOCUSED_CELL) == [6, 0]

    # Tab leaves the matrix for the next control after it; Shift+Tab comes back to the last focused
    # cell (not the chosen one).
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CELL) is None
    assert not widget.locator("table").evaluate("(table) => table.contains(document.activeElement)")
    assert page.evaluate("() => document.activeElement.dataset.cnnTest") == "after", (
        "Tab from the matrix must reach the control after it"
    )
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED_CELL) == [6, 0]
    assert tab_stop(visit) == [6, 0]
    page.keyboard.press("Enter")
    assert pressed(visit) == [[6, 0]]
    assert shown(visit)[0] == evaluation.select_confusions(y, predictions, 6, 0).index.tolist()
    page.keyboard.press("Shift+Tab")  # and Shift+Tab leaves it backwards
    assert page.evaluate("() => document.activeElement.dataset.cnnTest") == "before"
    assert tab_stop(visit) == [6, 0]
    assert visit.errors == [], f"{PAGE} logs errors in the console: {visit.errors}"
