"""cnn_lib.widgets: every control is driven from code, and what is shown is checked against cnn_lib.ops.

Observers run synchronously when a widget's value is set, so each check follows the change at
once. The oracles: ``cnn_lib.ops`` (itself tested against Keras and scipy), Pillow for decoding
the PNGs, matplotlib's colour maps for their colours, Keras for the network explorer. The tests
whose names contain "network" need TensorFlow; elsewhere they can be selected out with
``-k "not network"`` (the ipywidgets 7.7 check does that).
"""

import html
import io
import re
import subprocess
import sys

import ipywidgets
import matplotlib
import numpy as np
import pytest
from PIL import Image

from cnn_lib import ops, raster, widgets

LABELS = np.array([7, 2, 1, 7, 0, 2])
MAP_TILE, MAP_GAP = 84, 4  # a 28 x 28 feature map drawn 3 times larger, tiles 4 pixels apart


def synthetic_digits(count=6, seed=0):
    """uint8 (count, 28, 28) images: a bar and a stroke of ink, at least 6 pixels from each edge."""
    rng = np.random.default_rng(seed)
    images = np.zeros((count, 28, 28), dtype=np.uint8)
    for image in images:
        top, left = rng.integers(6, 12, size=2)
        image[top : top + 10, left : left + 3] = rng.integers(100, 256, size=(10, 3))
        image[top : top + 3, left : left + 10] = 255
    return images


class Driver:
    """Sets an explorer's controls from code (clicks its buttons) and remembers which it drove."""

    def __init__(self, explorer):
        self.explorer = explorer
        self.driven = set()
        self.changes = 0

    def set(self, name, value=None):
        control = self.explorer.controls[name]
        if isinstance(control, ipywidgets.Button):
            control.click()
        else:
            control.value = value
        self.driven.add(name)
        self.changes += 1

    def finish(self, label):
        missing = set(self.explorer.controls) - self.driven
        assert not missing, f"every control driven, but these never were: {sorted(missing)}"
        print(f"{label}: drove all {len(self.driven)} controls in {self.changes} changes")
        return len(self.driven)


def message(explorer):
    """The explorer's message as the reader sees it (HTML entities decoded)."""
    return html.unescape(explorer.message.value)


def shown(image_widget):
    """The RGB pixels of an ipywidgets.Image, decoded by Pillow."""
    return np.asarray(Image.open(io.BytesIO(image_widget.value)).convert("RGB"))


def centres(rgb, shape, scale, top=0, left=0):
    """One screen pixel from the middle of each image pixel of an upscaled drawing."""
    rows = top + scale // 2 + scale * np.arange(shape[0])
    cols = left + scale // 2 + scale * np.arange(shape[1])
    return rgb[np.ix_(rows, cols)]


def colours(array, cmap, vmin=None, vmax=None):
    vmin = array.min() if vmin is None else vmin
    vmax = array.max() if vmax is None else vmax
    if vmax <= vmin:
        vmin, vmax = vmin - 0.5, vmin + 0.5
    norm = matplotlib.colors.Normalize(vmin, vmax, clip=True)
    return matplotlib.colormaps[cmap](norm(array), bytes=True)[..., :3]


def assert_shows(rgb, expected, what):
    difference = np.abs(rgb.astype(int) - expected.astype(int)).max()
    assert difference <= 3, (
        f"{what}: expected the colours of cnn_lib's array, largest difference {difference}"
    )


# --- drawing ----------------------------------------------------------------------------------


def test_import_is_light_and_silent():
    code = (
        "import sys; import cnn_lib.widgets; "
        "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == "", "expected no output from the import"


# --- 1. convolution ---------------------------------------------------------------------------

TERM = re.compile(r"\((-?[\d.]+) &times; (-?[\d.]+)\)")
TOTAL = re.compile(r"= (-?[\d.]+)</code>")


def check_convolution(explorer, images):
    """The explorer's arrays and pictures are those of ops.conv2d and ops.relu on the chosen image."""
    index = explorer.index.value
    expected_image = images[index].astype(np.float32) / 255
    assert np.array_equal(explorer.image, expected_image), f"expected image {index} divided by 255"
    convolved = ops.conv2d(expected_image, explorer.kernel, padding="same")
    expected = ops.relu(convolved) if explorer.relu.value else convolved
    assert np.array_equal(explorer.convolved, convolved), "expected ops.conv2d(image, kernel, 'same')"
    assert np.array_equal(explorer.output, expected), "expected the output after the optional ops.relu"
    assert_shows(centres(shown(explorer.output_image), (28, 28), 8), colours(expected, "gray"), "output")
    assert_shows(
        centres(shown(explorer.input_image), (28, 28), 8), colours(expected_image, "binary"), "input"
    )

    # The multiply-and-sum of the chosen pixel, as written out.
    row, col = explorer.row.value, explorer.col.value
    size = explorer.kernel.shape[0]
    padded = np.pad(expected_image, ops.same_padding(size))
    window = padded[row : row + size, col : col + size]
    assert np.array_equal(explorer.window, window), f"expected the {size}x{size} window at ({row}, {col})"
    assert np.isclose((window * explorer.kernel).sum(), convolved[row, col], atol=1e-5)
    assert explorer.pixel_value == pytest.approx(float(expected[row, col]))
    text = explorer.sum_text.value
    terms = [(float(pixel), float(weight)) for pixel, weight in TERM.findall(text)]
    assert len(terms) == size * size, f"expected {size * size} products written out, got {len(terms)}"
    total = float(TOTAL.search(text).group(1))
    assert total == pytest.approx(float(convolved[row, col]), abs=5e-5), "expected the sum to be the pixel"
    # The written products use rounded numbers: they add up to the pixel within their rounding.
    slack = sum(0.005 * abs(weight) + 0.0005 * abs(pixel) + 3e-5 for pixel, weight in terms) + 1e-4
    written = sum(pixel * weight for pixel, weight in terms)
    assert abs(written - convolved[row, col]) <= slack, f"{written} vs {convolved[row, col]}"
    assert f"output[{row}, {col}]" in text
    assert explorer.message.value == "", f"expected no message, got {explorer.message.value!r}"


def test_convolution_explorer_drives_every_control():
    images = synthetic_digits()
    explorer = widgets.convolution_explorer(images, LABELS)
    driver = Driver(explorer)
    check_convolution(explorer, images)
    assert np.array_equal(explorer.kernel, ops.random_filters(1, 5, seed=10)[0]), "expected seed 10, 5x5"

    driver.set("index", 4)
    check_convolution(explorer, images)
    assert "label 0" in explorer.title.value
    driver.set("digit_class", "2")
    assert explorer.index.value == 1, "expected the first image of class 2"
    check_convolution(explorer, images)
    driver.set("next_image")
    assert explorer.index.value == 5, "expected the next image of class 2"
    driver.set("next_image")
    assert explorer.index.value == 1, "expected the search to wrap around to the first 2"
    driver.set("digit_class", "any")
    driver.set("next_image")
    assert explorer.index.value == 2, "expected 'any' to step to the next image"

    driver.set("kernel_size", 3)
    assert np.array_equal(explorer.kernel, ops.random_filters(1, 3, seed=10)[0])
    check_convolution(explorer, images)
    driver.set("seed", 4)
    assert np.array_equal(explorer.kernel, ops.random_filters(1, 3, seed=4)[0])
    check_convolution(explorer, images)
    for name, preset in ops.KERNEL_PRESETS.items():
        driver.set("kernel_choice", name)
        assert np.array_equal(explorer.kernel, preset), f"expected the preset {name}"
        assert explorer.kernel_size.disabled and explorer.seed.disabled
        check_convolution(explorer, images)
    driver.set("kernel_choice", "random")
    driver.set("kernel_size", 5)
    assert np.array_equal(explorer.kernel, ops.random_filters(1, 5, seed=4)[0])
    assert len(explorer.cell_grid.children) == 25

    driver.set("row", 12)
    driver.set("col", 9)
    check_convolution(explorer, images)
    for row in range(5):
        for col in range(5):
            value = round(0.1 * (row - col) + 0.05, 2)
            driver.set(f"kernel[{row}, {col}]", str(value))
            assert explorer.kernel[row, col] == np.float32(value), f"expected kernel[{row}, {col}] = {value}"
            check_convolution(explorer, images)
    assert float(explorer.kernel[0, 0]) == pytest.approx(0.05), "expected every edit to be kept"

    driver.set("relu", True)
    check_convolution(explorer, images)
    assert explorer.output.min() >= 0, "expected no negative value after ReLU"
    assert "ReLU gives" in explorer.sum_text.value
    for row, col in [(0, 0), (27, 27), (0, 27), (14, 3)]:
        driver.set("row", row)
        driver.set("col", col)
        check_convolution(explorer, images)
    driver.set("relu", False)
    check_convolution(explorer, images)
    assert driver.finish("convolution_explorer") == 34


def test_multiply_and_sum_is_exact_on_round_numbers():
    # Pixels in quarters and an integer kernel: every written product is exact.
    image = np.zeros((1, 8, 8), dtype=np.float32)
    image[0, 2:6, 2:6] = np.arange(16).reshape(4, 4) / 4
    explorer = widgets.convolution_explorer(image, kernel="sharpen")
    explorer.row.value, explorer.col.value = 3, 4
    terms = [(float(pixel), float(weight)) for pixel, weight in TERM.findall(explorer.sum_text.value)]
    assert sum(pixel * weight for pixel, weight in terms) == float(explorer.output[3, 4])
    # By hand: window rows 2..4, columns 3..5 of the image; sharpen = 5 * centre - its 4 neighbours.
    # image[r, c] = ((r - 2) * 4 + (c - 2)) / 4 inside the square.
    centre, up, down, left, right = 1.5, 0.5, 2.5, 1.25, 1.75
    assert explorer.output[3, 4] == 5 * centre - up - down - left - right == 1.5


@pytest.mark.parametrize("entry", ["", "   ", "nan", "inf", "-inf", "abc", "1e40"])
def test_bad_kernel_entry_shows_a_message_and_keeps_the_output(entry):
    images = synthetic_digits()
    explorer = widgets.convolution_explorer(images, LABELS, index=3)
    output, picture, kernel = explorer.output.copy(), explorer.output_image.value, explorer.kernel.copy()
    explorer.cells[1][2].value = entry
    text = message(explorer)
    assert "kernel[1, 2]" in text and widgets.KEEPING in text, f"expected a message, got {text!r}"
    assert np.array_equal(explorer.output, output) and explorer.output_image.value == picture
    assert np.array_equal(explorer.kernel, kernel), "expected the last good kernel"
    # Other changes keep working with the last good kernel, and the message stays.
    explorer.relu.value = True
    assert np.array_equal(explorer.output, ops.relu(output)) and "kernel[1, 2]" in message(explorer)
    explorer.cells[1][2].value = "0.25"
    assert explorer.message.value == "", "expected the message to go once the entry is a number"
    assert explorer.kernel[1, 2] == np.float32(0.25)
    check_convolution(explorer, images)


def test_good_entries_made_while_another_is_bad_are_kept():
    images = synthetic_digits()
    explorer = widgets.convolution_explorer(images, kernel="identity")
    explorer.cells[0][0].value = "abc"
    explorer.cells[2][2].value = "0.5"  # good, but waits until kernel[0, 0] is a number again
    assert "kernel[0, 0]" in message(explorer) and explorer.kernel[2, 2] == 0
    explorer.cells[0][0].value = "-1"
    assert explorer.message.value == ""
    assert (explorer.kernel[0, 0], explorer.kernel[2, 2]) == (-1, 0.5), "expected both entries in the kernel"
    check_convolution(explorer, images)


def test_weights_that_overflow_the_output_show_a_message():
    explorer = widgets.convolution_explorer(synthetic_digits(), kernel="box blur")
    explorer.cells[0][1].value = "3e38"  # fits float32, and so does 3e38 x 1.0 (a pixel of the bar)
    assert explorer.message.value == "" and explorer.output.max() > 1e38
    output = explorer.output.copy()
    explorer.cells[1][1].value = "3e38"  # two such products over the bar do not
    assert "overflow float32" in message(explorer)
    assert np.array_equal(explorer.output, output), "expected the last good output"


def test_bad_seed_and_missing_class_show_a_message():
    images = synthetic_digits()
    explorer = widgets.convolution_explorer(images, LABELS)
    output = explorer.output.copy()
    explorer.seed.value = -1
    assert "seed: expected an integer in 0..4294967295, got -1" in message(explorer)
    assert np.array_equal(explorer.output, output), "expected the last good output"
    explorer.seed.value = 3
    assert explorer.message.value == ""
    explorer.digit_class.value = "9"
    assert "class 9: none of the 6 images" in message(explorer)
    assert explorer.index.value == 0


def test_convolution_explorer_without_labels_disables_the_class_choice():
    explorer = widgets.convolution_explorer(synthetic_digits()[:2, :, :, None], index=1, kernel_size=3)
    assert explorer.digit_class.disabled and explorer.next_image.disabled
    assert explorer.kernel.shape == (3, 3) and "label" not in explorer.title.value
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id, "expected the explorer to display as its widget"


# --- 2. many filters --------------------------------------------------------------------------


def check_filters(explorer, image):
    count, seed = explorer.n_filters.value, explorer.seed.value
    filters = ops.random_filters(count, 5, seed)
    maps = ops.conv2d(image, filters, padding="same")
    maps = ops.relu(maps) if explorer.relu.value else maps
    assert np.array_equal(explorer.filters, filters), f"expected ops.random_filters({count}, 5, {seed})"
    assert np.array_equal(explorer.maps, maps), "expected ops.conv2d(image, filters), then the optional ReLU"
    picture = shown(explorer.maps_image)
    columns = min(count, 8)
    rows = -(-count // 8)
    assert picture.shape[:2] == (
        rows * (MAP_TILE + MAP_GAP) - MAP_GAP,
        columns * (MAP_TILE + MAP_GAP) - MAP_GAP,
    )
    for number in {0, count // 2, count - 1}:
        row, col = divmod(number, 8)
        tile = centres(picture, (28, 28), 3, row * (MAP_TILE + MAP_GAP), col * (MAP_TILE + MAP_GAP))
        assert_shows(tile, colours(maps[number], "gray"), f"map {number + 1}")
    assert f"{count} filter" in explorer.filters_caption.value
    assert str(maps.shape) in explorer.maps_caption.value
    assert explorer.message.value == ""


def test_filters_explorer_drives_every_control():
    image = synthetic_digits()[0]
    explorer = widgets.filters_explorer(image)
    driver = Driver(explorer)
    check_filters(explorer, image / np.float32(255))
    for count in (1, 7, 36, 16):
        driver.set("n_filters", count)
        check_filters(explorer, image / np.float32(255))
    driver.set("seed", 3)
    check_filters(explorer, image / np.float32(255))
    driver.set("relu", True)
    check_filters(explorer, image / np.float32(255))
    assert explorer.maps.min() >= 0
    assert driver.finish("filters_explorer") == 3


# The legends name PuOr's two ends; matplotlib draws its low end orange and its high end purple.
LEGEND = re.compile(r"(\w+) -([\d.]+), white 0, (\w+) \+([\d.]+)")
IS_NAMED = {"orange": lambda rgb: rgb[0] > rgb[2], "purple": lambda rgb: rgb[2] > rgb[0]}


def check_legend(caption, limit):
    """The colour a legend names for -limit and +limit is the one PuOr, normalised as drawn, gives."""
    match = LEGEND.search(caption)
    assert match, f"expected a legend 'colour -x, white 0, colour +x' in {caption!r}"
    negative, low, positive, high = match.groups()
    assert float(low) == float(high) == pytest.approx(limit, abs=0.006)
    norm = matplotlib.colors.Normalize(
        -limit, limit
    )  # what raster.colorize(kernel, PuOr, -limit, limit) does
    at_low, at_high = (
        np.array(matplotlib.colormaps[raster.SIGNED_CMAP](norm(value), bytes=True)[:3], dtype=int)
        for value in (-limit, limit)
    )
    assert IS_NAMED[negative](at_low), f"the legend calls -{low} {negative}, PuOr draws it {at_low.tolist()}"
    assert IS_NAMED[positive](at_high), (
        f"the legend calls +{high} {positive}, PuOr draws it {at_high.tolist()}"
    )
    return negative, positive


def test_filters_legend_names_the_colours_drawn():
    explorer = widgets.filters_explorer(synthetic_digits()[0], n_filters=1)
    assert check_legend(explorer.filters_caption.value, 1.0) == ("orange", "purple")
    kernel = explorer.filters[0]
    tile = centres(shown(explorer.filters_image), kernel.shape, 8)
    for where in (
        np.unravel_index(kernel.argmin(), kernel.shape),
        np.unravel_index(kernel.argmax(), kernel.shape),
    ):
        expected = "orange" if kernel[where] < 0 else "purple"
        assert IS_NAMED[expected](tile[where].astype(int)), (
            f"weight {kernel[where]:.2f} is not drawn {expected}"
        )


def test_filters_explorer_bad_seed_keeps_the_maps():
    explorer = widgets.filters_explorer(synthetic_digits()[0].astype(np.float32) / 255, n_filters=4)
    maps = explorer.maps.copy()
    explorer.seed.value = -7
    assert "seed: expected an integer in 0..4294967295, got -7" in message(explorer)
    assert np.array_equal(explorer.maps, maps)


# --- 3. pooling -------------------------------------------------------------------------------


def check_pooling(explorer, image, filters):
    size, mode = explorer.pool_size.value, explorer.mode.value
    shifted = np.roll(image, (explorer.shift_y.value, explorer.shift_x.value), axis=(0, 1))
    maps = ops.relu(ops.conv2d(shifted, filters))
    pooled = ops.pool2d(maps, size, mode)
    assert np.array_equal(explorer.shifted, shifted), "expected the image rolled by the two shifts"
    assert np.array_equal(explorer.maps, maps), "expected ops.relu(ops.conv2d(shifted, filters))"
    assert np.array_equal(explorer.pooled, pooled), f"expected ops.pool2d(maps, {size}, {mode!r})"
    side = 28 // size
    assert (explorer.count_before, explorer.count_after) == (16 * 28 * 28, 16 * side * side)
    assert f"<b>{16 * 28 * 28:,}</b>" in explorer.counts.value
    assert f"<b>{16 * side * side:,}</b>" in explorer.counts.value
    number = explorer.map_number.value
    feature_map = maps[number - 1]
    low, high = feature_map.min(), feature_map.max()
    after = centres(shown(explorer.after_image), (side, side), 224 // side)
    assert_shows(after, colours(pooled[number - 1], "gray", low, high), "pooled map")
    assert_shows(centres(shown(explorer.input_image), (28, 28), 8), colours(shifted, "binary"), "input")
    assert f"map {number}" in explorer.before_caption.value
    assert explorer.message.value == ""


def test_pooling_explorer_drives_every_control():
    image = synthetic_digits()[1]
    explorer = widgets.pooling_explorer(image, seed=10)
    filters = ops.random_filters(16, 5, seed=10)
    scaled = image / np.float32(255)
    driver = Driver(explorer)
    check_pooling(explorer, scaled, filters)
    unshifted = explorer.pooled.copy()
    driver.set("shift_x", 2)
    check_pooling(explorer, scaled, filters)
    # The chapter's point: 2 pixels before a 2 x 2 max-pool are 1 cell after it.
    assert np.allclose(explorer.pooled, np.roll(unshifted, 1, axis=2), atol=1e-5)
    for size in (3, 4, 2):
        driver.set("pool_size", size)
        check_pooling(explorer, scaled, filters)
    driver.set("mode", "average")
    check_pooling(explorer, scaled, filters)
    for shift in (-4, 4, 0):
        driver.set("shift_x", shift)
        driver.set("shift_y", -shift)
        check_pooling(explorer, scaled, filters)
    for number in (16, 5):
        driver.set("map_number", number)
        check_pooling(explorer, scaled, filters)
    driver.set("mode", "max")
    check_pooling(explorer, scaled, filters)
    assert "dropped" not in explorer.counts.value
    explorer.pool_size.value = 3
    assert "The last 1 row and column do not fill a window" in explorer.counts.value
    assert driver.finish("pooling_explorer") == 5


# --- 4. the network (needs TensorFlow) --------------------------------------------------------


@pytest.fixture(scope="module")
def network_model():
    import keras

    from cnn_lib import models

    keras.utils.set_random_seed(3)
    return models.build_cnn()


def test_network_explorer_drives_every_control(network_model):
    import keras

    model = network_model
    images = synthetic_digits(4)
    batch = images[..., None].astype(np.float32) / 255
    explorer = widgets.network_explorer(model, images, LABELS[:4])
    driver = Driver(explorer)
    assert explorer.layer.options == ("conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2")

    def check():
        index, name = explorer.index.value, explorer.layer.value
        x = batch[index : index + 1]
        for layer in model.layers:  # the layers one by one, up to the chosen one: no cached sub-model
            x = layer(x, training=False)
            if layer.name == name:
                break
        expected_maps = np.moveaxis(keras.ops.convert_to_numpy(x)[0], -1, 0)
        assert np.allclose(explorer.maps, expected_maps, atol=1e-5), f"expected the output of {name}"
        expected = model.predict(batch[index : index + 1], verbose=0)[0]
        assert np.allclose(explorer.probabilities, expected, atol=1e-6), (
            "expected model.predict's probabilities"
        )
        assert f"{100 * expected.max():.1f} %" in explorer.bars.value
        conv = model.get_layer(name.replace("max_pooling2d", "conv2d"))
        weights = conv.get_weights()[0]
        channel = explorer.channel.value
        assert np.array_equal(explorer.filters, weights[:, :, channel - 1, :].transpose(2, 0, 1))
        assert explorer.channel.max == weights.shape[2]
        assert explorer.message.value == ""

    check()
    assert explorer.channel.disabled, "expected no channel choice for the first convolution"
    driver.set("index", 2)
    check()
    for name in ("max_pooling2d_1", "conv2d_2", "max_pooling2d_2"):
        driver.set("layer", name)
        check()
    assert not explorer.channel.disabled
    for channel in (16, 7):
        driver.set("channel", channel)
        check()
    driver.set("index", 3)
    check()
    driver.set("layer", "conv2d_1")
    assert explorer.channel.value == 1
    check()
    assert len(explorer._extractors) == 4, "expected one cached sub-model per layer"
    weights = model.get_layer("conv2d_1").get_weights()[0]
    assert check_legend(explorer.filters_caption.value, float(np.abs(weights).max())) == ("orange", "purple")
    assert driver.finish("network_explorer") == 3


def test_shift_explorer_moves_the_digit_for_every_network(network_model):
    """Oracle: a shift written out with slices (not robustness.shift_images), and model.predict."""
    import keras

    from cnn_lib import models

    keras.utils.set_random_seed(4)
    mlp = models.build_mlp()
    networks = {"CNN": network_model, "MLP": mlp}
    images = synthetic_digits(3)
    explorer = widgets.shift_explorer(networks, images, LABELS[:3])
    driver = Driver(explorer)
    assert explorer.shift_x.max == -explorer.shift_x.min == widgets.NETWORK_MAX_SHIFT

    def check(dy, dx):
        index = explorer.index.value
        image = images[index].astype(np.float32) / 255
        expected = np.zeros_like(image)
        rows, cols = slice(max(dy, 0), 28 + min(dy, 0)), slice(max(dx, 0), 28 + min(dx, 0))
        expected[rows, cols] = image[max(-dy, 0) : 28 - max(dy, 0), max(-dx, 0) : 28 - max(dx, 0)]
        assert (explorer.shift_y.value, explorer.shift_x.value) == (dy, dx)
        np.testing.assert_array_equal(explorer.shifted, expected)
        assert_shows(centres(shown(explorer.input_image), (28, 28), 5), colours(expected, "binary"), "input")
        for name, model in networks.items():
            want = model.predict(expected[None, :, :, None], verbose=0)[0]
            np.testing.assert_allclose(explorer.probabilities[name], want, atol=1e-6)
            assert f"{100 * want.max():.1f} %" in explorer.bars[name].value
            assert f"the {name} reads <b>{int(want.argmax())}</b>" in explorer.readings.value.replace(
                "The", "the"
            )
        assert explorer.message.value == ""

    check(0, 0)
    driver.set("right")
    driver.set("right")
    check(0, 2)
    driver.set("up")
    check(-1, 2)
    driver.set("left")
    driver.set("down")
    driver.set("down")
    check(1, 1)
    driver.set("shift_x", -5)
    driver.set("shift_y", 3)
    check(3, -5)
    driver.set("index", 2)
    check(3, -5)
    driver.set("centre")
    check(0, 0)
    # The buttons stop at the limit, as the page's do.
    for _ in range(widgets.NETWORK_MAX_SHIFT + 2):
        explorer.buttons["right"].click()
    check(0, widgets.NETWORK_MAX_SHIFT)
    assert driver.finish("shift_explorer") == 8


# --- the still: what a page without a kernel shows ----------------------------------------------


def find_picture(still, picture):
    """(top, left) where ``picture`` (H, W, 3) is drawn in ``still`` pixel for pixel (within 3 levels), or None."""
    height, width = picture.shape[:2]
    key = int(np.argmax(picture.astype(int).std(axis=(1, 2))))  # its most varied row finds the candidates
    rows = np.lib.stride_tricks.sliding_window_view(still.astype(int), (width, 3), axis=(1, 2))[:, :, 0]
    for top, left in zip(*np.nonzero(np.abs(rows - picture[key].astype(int)).max(axis=(2, 3)) <= 3)):
        top -= key
        crop = still[top : top + height, left : left + width]
        if (
            top >= 0
            and crop.shape == picture.shape
            and np.abs(crop.astype(int) - picture.astype(int)).max() <= 3
        ):
            return int(top), int(left)
    return None


@pytest.mark.parametrize(
    ("make", "pictures"),
    [
        (lambda: widgets.convolution_explorer(synthetic_digits(), LABELS), ("input_image", "output_image")),
        (
            lambda: widgets.filters_explorer(synthetic_digits()[0]),
            ("input_image", "filters_image", "maps_image"),
        ),
        (
            lambda: widgets.pooling_explorer(synthetic_digits()[0]),
            ("input_image", "before_image", "after_image"),
        ),
    ],
    ids=["convolution", "filters", "pooling"],
)
def test_explorer_output_holds_the_widget_and_a_still_of_it(make, pictures):
    explorer = make()
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    still = np.asarray(Image.open(io.BytesIO(bundle["image/png"])).convert("RGB"))
    # Every picture of the explorer is in the still, unscaled, in the widget's reading order:
    # right of the one before on its row, or on a row below.
    places = []
    for name in pictures:
        found = find_picture(still, shown(getattr(explorer, name)))
        assert found, f"{name} is not in the still"
        places.append(found)
    for (top, left), (next_top, next_left) in zip(places, places[1:]):
        assert (next_top == top and next_left > left) or next_top > top, (
            f"not in the widget's order: {places}"
        )
    # The settings in words, and a still that follows the controls.
    before = explorer.settings()
    control = explorer.controls["seed"] if "seed" in explorer.controls else explorer.controls["shift_x"]
    control.value = 3 if control is explorer.controls.get("seed") else 2
    assert explorer.settings() != before and f"{control.description} {control.value}" in explorer.settings()
    assert explorer.still_png() != bundle["image/png"]


def test_still_writes_the_settings_and_draws_the_probabilities(network_model):
    images = synthetic_digits(4)
    explorer = widgets.shift_explorer({"CNN": network_model}, images, LABELS[:4])
    explorer.controls["shift_x"].value = 2
    assert explorer.settings() == "image 0, shift right 2, shift down 0"
    parts, texts = explorer._still_parts()
    kinds = [(row, kind, caption) for row, kind, caption, _ in parts]
    assert kinds == [(0, "image", "input: image 0, label 7; shift 2 px right"), (0, "bars", "CNN")]
    probabilities, label = parts[1][3]
    np.testing.assert_array_equal(probabilities, explorer.probabilities["CNN"])
    assert label == 7
    assert texts == [widgets._plain_text(explorer.readings.value)]
    Image.open(io.BytesIO(explorer.still_png())).verify()


def test_still_keeps_the_widgets_rows(network_model):
    """The network explorer shows its feature maps under the digit, probabilities and filters: so does its still."""
    explorer = widgets.network_explorer(network_model, synthetic_digits(4), LABELS[:4])
    parts, _ = explorer._still_parts()
    assert [(row, kind) for row, kind, _, _ in parts] == [
        (0, "image"),
        (0, "bars"),
        (0, "image"),
        (1, "image"),
    ]
    still = np.asarray(Image.open(io.BytesIO(explorer.still_png())).convert("RGB"))
    digit = find_picture(still, shown(explorer.input_image))
    filters = find_picture(still, shown(explorer.filters_image))
    maps = find_picture(still, shown(explorer.maps_image))
    assert digit and filters and maps, (digit, filters, maps)
    assert digit[0] == filters[0] < maps[0] and digit[1] < filters[1], "the rows and their order as on screen"
