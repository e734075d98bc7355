"""cnn_lib.robustness against scipy, numpy, geometry and hand-computed numbers.

The oracles: ``scipy.ndimage.shift`` and ``np.roll`` for whole-pixel shifts; ``np.rot90``, the
rotated centre of mass of a blob and exact grid samples of an odd-sized image for rotation and
scaling; ``scipy.stats.binomtest`` (its p-value and its Wilson ``proportion_ci``) and hand
arithmetic for the interval and McNemar's test; synthetic predictors whose calibration is known,
a loop over the bins and a hand-computed table for the ECE; and a fake network whose probability
is the ink in a fixed square, so that every occlusion drop is an overlap of rectangles.
"""

import numpy as np
import pytest
from scipy import ndimage, stats

from cnn_lib import robustness

RNG = np.random.default_rng(2024)
IMAGES = RNG.random((5, 28, 28)).astype(np.float32)


def blob(centre, sigma=1.5, size=28):
    """A Gaussian spot of ink, float64 (1, size, size), centred at (row, column) ``centre``."""
    rows, cols = np.mgrid[:size, :size]
    return np.exp(-((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2) / (2 * sigma**2))[None]


def centre_of_mass(image):
    rows, cols = np.mgrid[: image.shape[0], : image.shape[1]]
    return np.array([(rows * image).sum(), (cols * image).sum()]) / image.sum()


def spread(image):
    """The root-mean-square distance of the ink from its centre of mass."""
    rows, cols = np.mgrid[: image.shape[0], : image.shape[1]]
    cy, cx = centre_of_mass(image)
    return np.sqrt((((rows - cy) ** 2 + (cols - cx) ** 2) * image).sum() / image.sum())


# --- shifts


@pytest.mark.parametrize("dy, dx", [(0, 0), (3, -2), (-5, 7), (27, 27), (-28, 0), (28, -28)])
def test_shift_equals_scipy_shift_by_whole_pixels(dy, dx):
    oracle = ndimage.shift(IMAGES, (0, dy, dx), order=0, mode="constant", cval=0.0)
    shifted = robustness.shift_images(IMAGES, dy, dx)
    assert shifted.dtype == np.float32 and shifted.shape == IMAGES.shape
    np.testing.assert_array_equal(shifted, oracle)


def test_shift_keeps_shape_and_dtype_and_equals_roll_with_the_wrap_zeroed():
    images = RNG.integers(1, 256, size=(3, 28, 28, 1)).astype(np.uint8)
    shifted = robustness.shift_images(images, 4, -3)
    assert shifted.dtype == np.uint8 and shifted.shape == (3, 28, 28, 1)
    oracle = np.roll(images, (4, -3), axis=(1, 2))
    oracle[:, :4] = 0  # the rows that wrapped around from the bottom
    oracle[:, :, -3:] = 0  # the columns that wrapped around from the left
    np.testing.assert_array_equal(shifted, oracle)
    assert robustness.shift_images(images.astype(bool), 1, 1).dtype == np.bool_


def test_shift_and_back_restores_a_digit_away_from_the_edge():
    digit = np.zeros((1, 28, 28), np.float32)
    digit[0, 8:20, 10:18] = IMAGES[0, 8:20, 10:18]
    moved = robustness.shift_images(digit, -6, 5)
    assert moved.sum() == pytest.approx(digit.sum())
    np.testing.assert_array_equal(robustness.shift_images(moved, 6, -5), digit)


def test_shift_each_equals_one_shift_per_image():
    offsets = np.array([[0, 0], [2, 0], [0, -3], [2, 0], [-28, 5]])
    shifted = robustness.shift_each(IMAGES, offsets)
    for image, shifted_image, (dy, dx) in zip(IMAGES, shifted, offsets):
        np.testing.assert_array_equal(shifted_image, robustness.shift_images(image[None], dy, dx)[0])
    channel = robustness.shift_each(IMAGES[..., None], offsets)
    np.testing.assert_array_equal(channel[..., 0], shifted)


def test_random_offsets_are_seeded_unit_steps_in_the_four_directions():
    offsets = robustness.random_offsets(400, 3, seed=7)
    assert offsets.shape == (400, 2) and np.issubdtype(offsets.dtype, np.integer)
    np.testing.assert_array_equal(offsets, robustness.random_offsets(400, 3, seed=7))
    assert not np.array_equal(offsets, robustness.random_offsets(400, 3, seed=8))
    assert (np.abs(offsets).sum(axis=1) == 3).all() and (offsets != 0).sum(axis=1).max() == 1
    directions, counts = np.unique(offsets // 3, axis=0, return_counts=True)
    assert directions.tolist() == [[-1, 0], [0, -1], [0, 1], [1, 0]]
    assert counts.min() > 60, counts  # 100 expected of each; 60 is 4.6 standard deviations below
    assert (robustness.random_offsets(5, 0) == 0).all()


# --- rotation and scaling


def test_rotating_by_quarter_turns_is_rot90():
    np.testing.assert_allclose(
        robustness.rotate_images(IMAGES, 90), np.rot90(IMAGES, 1, axes=(1, 2)), atol=1e-6
    )
    np.testing.assert_allclose(
        robustness.rotate_images(IMAGES, -90), np.rot90(IMAGES, -1, axes=(1, 2)), atol=1e-6
    )
    np.testing.assert_allclose(robustness.rotate_images(IMAGES, 180), IMAGES[:, ::-1, ::-1], atol=1e-6)
    np.testing.assert_allclose(robustness.rotate_images(IMAGES, 0), IMAGES, atol=1e-6)
    with_channel = robustness.rotate_images(IMAGES[..., None], 90)
    assert with_channel.shape == (5, 28, 28, 1) and with_channel.dtype == np.float32


@pytest.mark.parametrize("degrees", [30, -45, 135])
def test_rotation_turns_a_blob_counter_clockwise_about_the_centre(degrees):
    centre = np.array([13.5, 13.5])
    start = centre + (-5.0, 3.0)  # 5 rows up, 3 columns right
    spot = blob(start)
    turned = robustness.rotate_images(spot, degrees)[0]
    # Counter-clockwise on the screen, where rows grow downward: x = column, y = -row.
    theta = np.radians(degrees)
    x, y = start[1] - centre[1], -(start[0] - centre[0])
    x, y = x * np.cos(theta) - y * np.sin(theta), x * np.sin(theta) + y * np.cos(theta)
    np.testing.assert_allclose(centre_of_mass(turned), centre + (-y, x), atol=0.05)
    assert turned.sum() == pytest.approx(spot.sum(), rel=0.01)


def test_rotate_and_scale_clip_to_unit_range_and_keep_the_dtype():
    for transform in (lambda x: robustness.rotate_images(x, 17), lambda x: robustness.scale_images(x, 1.3)):
        for dtype in (np.float32, np.float64):
            out = transform(IMAGES.astype(dtype))
            assert out.dtype == dtype and out.shape == IMAGES.shape
            assert out.min() >= 0 and out.max() <= 1
        grey_levels = transform(IMAGES * 255)
        assert grey_levels.max() > 1, "input beyond [0, 1] is not clipped"


def test_scaling_samples_the_input_about_the_centre():
    """On a 27 x 27 image the centre is pixel (13, 13), so these output pixels sample exact pixels."""
    image = RNG.random((1, 27, 27))
    enlarged = robustness.scale_images(image, 2.0)[0]
    # output pixel 13 + 2k reads input pixel 13 + k
    np.testing.assert_allclose(enlarged[1:27:2, 1:27:2], image[0, 7:20, 7:20], atol=1e-12)
    shrunk = robustness.scale_images(image, 0.5)[0]
    # output pixel 13 + k reads input pixel 13 + 2k; beyond the image it is 0
    np.testing.assert_allclose(shrunk[7:20, 7:20], image[0, 1:27:2, 1:27:2], atol=1e-12)
    assert (shrunk[:6] == 0).all() and (shrunk[:, 21:] == 0).all()
    np.testing.assert_allclose(robustness.scale_images(IMAGES, 1.0), IMAGES, atol=1e-6)


@pytest.mark.parametrize("factor", [0.6, 1.5])
def test_scaling_multiplies_the_size_and_the_distance_from_the_centre(factor):
    centre = np.array([13.5, 13.5])
    middle = blob(centre, sigma=2.0)
    # The ink's variance grows by factor^2; bilinear interpolation, (1 - t) f0 + t f1, adds at most
    # t (1 - t) <= 1/4 of an input pixel^2 along each of the two axes (1/6 on average).
    scaled, original = spread(robustness.scale_images(middle, factor)[0]) ** 2, spread(middle[0]) ** 2
    assert factor**2 * original <= scaled <= factor**2 * (original + 2 / 4)
    aside = blob(centre + (4.0, -3.0), sigma=1.5)
    moved = centre_of_mass(robustness.scale_images(aside, factor)[0])
    np.testing.assert_allclose(moved, centre + factor * np.array([4.0, -3.0]), atol=0.05)


# --- binomial interval and McNemar


@pytest.mark.parametrize(
    "successes, n, confidence",
    [(9926, 10000, 0.95), (0, 10, 0.95), (10, 10, 0.9), (1, 3, 0.5), (57, 200, 0.99), (5000, 10000, 0.95)],
)
def test_binomial_interval_is_scipys_wilson_interval(successes, n, confidence):
    oracle = stats.binomtest(successes, n).proportion_ci(confidence_level=confidence, method="wilson")
    low, high = robustness.binomial_interval(successes, n, confidence)
    assert (low, high) == pytest.approx((oracle.low, oracle.high), abs=1e-12)


def test_binomial_interval_by_hand():
    # 50 of 100, z = 1.959964: centre 0.5, half-width z / (n + z^2) * sqrt(n p (1 - p) + z^2 / 4)
    # = 1.959964 / 103.841459 * sqrt(25 + 0.960365) = 0.096168
    assert robustness.binomial_interval(50, 100) == pytest.approx((0.403832, 0.596168), abs=1e-6)
    # 0 of 10: low 0, high z^2 / (n + z^2) = 3.841459 / 13.841459 = 0.277533
    assert robustness.binomial_interval(0, 10) == pytest.approx((0.0, 0.277533), abs=1e-6)
    assert robustness.binomial_interval(0, 10)[0] == 0.0 and robustness.binomial_interval(10, 10)[1] == 1.0
    wide, narrow = robustness.binomial_interval(90, 100, 0.99), robustness.binomial_interval(90, 100, 0.9)
    assert wide[0] < narrow[0] < 0.9 < narrow[1] < wide[1]


def test_mcnemar_by_hand():
    # A right and B wrong on 1 image, the reverse on 5, both right on 3, both wrong on 1:
    # P(X <= 1) for X ~ Binomial(6, 1/2) = (1 + 6) / 64, two-sided 14 / 64.
    a = np.array([1, 0, 0, 0, 0, 0, 1, 1, 1, 0], bool)
    b = np.array([0, 1, 1, 1, 1, 1, 1, 1, 1, 0], bool)
    assert robustness.mcnemar(a, b) == (1, 5, 14 / 64)
    assert robustness.mcnemar(b, a) == (5, 1, 14 / 64)
    assert robustness.mcnemar(a.astype(int), b.astype(np.int8)) == (1, 5, 14 / 64)
    assert robustness.mcnemar(a, a) == (0, 0, 1.0)
    assert robustness.mcnemar([True, False], [False, True]) == (1, 1, 1.0)


@pytest.mark.parametrize("n, rate_b", [(40, 0.8), (1000, 0.6), (10000, 0.5), (10000, 0.53)])
def test_mcnemar_p_value_is_scipys_exact_binomial_test(n, rate_b):
    rng = np.random.default_rng(n)
    a, b = rng.random(n) < 0.5, rng.random(n) < rate_b
    only_a, only_b, p_value = robustness.mcnemar(a, b)
    assert only_a == sum(x and not y for x, y in zip(a, b)) and only_b == sum(
        y and not x for x, y in zip(a, b)
    )
    oracle = stats.binomtest(only_a, only_a + only_b, 0.5, alternative="two-sided").pvalue
    assert p_value == pytest.approx(oracle, rel=1e-9, abs=1e-300)


# --- calibration


def softmax_rows(confidence, predicted, labels_correct, rng, classes=10):
    """Probability rows whose largest entry is ``confidence`` at ``predicted``; the rest share 1 - confidence."""
    n = len(confidence)
    rows = np.repeat(((1 - confidence) / (classes - 1))[:, None], classes, axis=1)
    rows[np.arange(n), predicted] = confidence
    wrong = (predicted + rng.integers(1, classes, size=n)) % classes
    labels = np.where(labels_correct, predicted, wrong)
    return rows, labels


def test_a_calibrated_predictor_has_an_ece_near_zero():
    rng = np.random.default_rng(10)
    n = 200_000
    confidence = rng.uniform(0.1, 1.0, size=n)  # >= 0.1, so the largest entry is the predicted class
    right = rng.random(n) < confidence
    probabilities, labels = softmax_rows(confidence, rng.integers(0, 10, size=n), right, rng)
    assert robustness.expected_calibration_error(probabilities, labels) < 0.01
    table = robustness.reliability(probabilities, labels)
    filled = table["count"] > 0
    np.testing.assert_allclose(table["accuracy"][filled], table["confidence"][filled], atol=0.02)


def test_always_sure_and_right_half_the_time_has_an_ece_of_one_half():
    labels = np.arange(1000) % 10
    predicted = np.where(np.arange(1000) % 2 == 0, labels, (labels + 1) % 10)
    probabilities = np.eye(10)[predicted]
    assert robustness.expected_calibration_error(probabilities, labels) == pytest.approx(0.5)
    table = robustness.reliability(probabilities, labels, bins=5)
    assert table["count"].tolist() == [0, 0, 0, 0, 1000]
    assert table["confidence"][-1] == 1.0 and table["accuracy"][-1] == 0.5
    assert np.isnan(table["confidence"][:-1]).all() and np.isnan(table["accuracy"][:-1]).all()


def test_reliability_and_ece_by_hand():
    rng = np.random.default_rng(0)
    confidence = np.array([0.95, 0.95, 0.55, 0.25])
    probabilities, labels = softmax_rows(
        confidence, np.array([3, 7, 1, 0]), np.array([1, 0, 1, 1], bool), rng
    )
    table = robustness.reliability(probabilities, labels)
    assert table["count"].tolist() == [0, 0, 1, 0, 0, 1, 0, 0, 0, 2]
    np.testing.assert_allclose(table["low"], np.arange(10) / 10, atol=1e-12)
    np.testing.assert_allclose(table["high"], np.arange(1, 11) / 10, atol=1e-12)
    assert table["confidence"][[2, 5, 9]] == pytest.approx([0.25, 0.55, 0.95])
    assert table["accuracy"][[2, 5, 9]].tolist() == [1.0, 1.0, 0.5]
    # gaps 0.75, 0.45 and 0.45 on 1, 1 and 2 images: (0.75 + 0.45 + 2 * 0.45) / 4
    assert robustness.expected_calibration_error(probabilities, labels) == pytest.approx(0.525)
    # one bin: mean confidence 0.675, accuracy 0.75
    assert robustness.expected_calibration_error(probabilities, labels, bins=1) == pytest.approx(0.075)


def test_reliability_equals_a_loop_over_the_bins():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(500, 10)) * 3
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    probabilities = probabilities.astype(np.float32)
    labels = rng.integers(0, 10, size=500)
    bins = 7
    table = robustness.reliability(probabilities, labels, bins)
    confidence = probabilities.max(axis=1).astype(np.float64)
    right = probabilities.argmax(axis=1) == labels
    ece = 0.0
    for i in range(bins):
        inside = [(i / bins < c <= (i + 1) / bins) for c in confidence]
        count = sum(inside)
        assert table["count"][i] == count
        if count:
            mean_confidence = sum(c for c, keep in zip(confidence, inside) if keep) / count
            accuracy = sum(r for r, keep in zip(right, inside) if keep) / count
            assert table["confidence"][i] == pytest.approx(mean_confidence)
            assert table["accuracy"][i] == pytest.approx(accuracy)
            ece += count / len(labels) * abs(accuracy - mean_confidence)
    assert robustness.expected_calibration_error(probabilities, labels, bins) == pytest.approx(ece)


def test_a_confidence_on_a_bin_edge_goes_to_the_lower_bin():
    probabilities = np.array([[0.5, 0.5], [1.0, 0.0]])
    assert robustness.reliability(probabilities, np.array([0, 0]), bins=2)["count"].tolist() == [1, 1]


# --- occlusion

REGION = (slice(8, 12), slice(8, 12))  # 16 pixels that the fake network looks at
TRUE_CLASS = 3


class InkInRegion:
    """A fake network: class 3's probability is the mean ink in REGION, the rest share what is left."""

    def __init__(self):
        self.batches = []

    def __call__(self, batch):
        self.batches.append(batch)
        score = batch[:, REGION[0], REGION[1], 0].mean(axis=(1, 2)).astype(np.float64)
        probabilities = np.repeat(((1 - score) / 9)[:, None], 10, axis=1)
        probabilities[:, TRUE_CLASS] = score
        return probabilities


def overlap(start, size, low, high):
    return max(0, min(start + size, high) - max(start, low))


def test_occlusion_drop_is_the_hidden_share_of_the_region():
    image = np.full((28, 28), 0.5, np.float32)
    drops = robustness.occlusion_map(InkInRegion(), image, TRUE_CLASS, patch=4, stride=2)
    assert drops.shape == (13, 13) and drops.dtype == np.float64
    # the square at (6, 6) hides rows 8-9 and columns 8-9 of the region: 4 of its 16 pixels of 0.5
    assert drops[3, 3] == pytest.approx(4 * 0.5 / 16)
    assert drops[4, 4] == pytest.approx(0.5)  # the square at (8, 8) hides the whole region
    assert drops[0, 0] == 0 and drops[12, 12] == 0 and drops[4, 12] == 0  # nothing of the region
    expected = np.array(
        [
            [overlap(top, 4, 8, 12) * overlap(left, 4, 8, 12) * 0.5 / 16 for left in range(0, 25, 2)]
            for top in range(0, 25, 2)
        ]
    )
    np.testing.assert_allclose(drops, expected, atol=1e-7)


def test_occlusion_with_the_images_own_value_changes_nothing():
    image = np.full((28, 28, 1), 0.5, np.float32)
    drops = robustness.occlusion_map(InkInRegion(), image, TRUE_CLASS, patch=5, stride=3, fill=0.5)
    assert drops.shape == (8, 8) and (drops == 0).all()
    blank = robustness.occlusion_map(InkInRegion(), np.zeros((28, 28)), TRUE_CLASS)
    assert (blank == 0).all()


def test_occlusion_calls_predict_in_float32_batches_of_at_most_batch_size():
    image = RNG.random((28, 28)).astype(np.float32)
    fake = InkInRegion()
    drops = robustness.occlusion_map(fake, image, TRUE_CLASS, patch=3, stride=1, batch_size=100)
    assert drops.shape == (26, 26)
    sizes = [len(batch) for batch in fake.batches]
    assert sizes == [1, *[100] * 6, 76], sizes  # the whole image, then 676 squares
    assert all(batch.dtype == np.float32 and batch.shape[1:] == (28, 28, 1) for batch in fake.batches)
    np.testing.assert_array_equal(fake.batches[0][0, :, :, 0], image)
    one_batch = robustness.occlusion_map(InkInRegion(), image, TRUE_CLASS, patch=3, stride=1, batch_size=1000)
    np.testing.assert_array_equal(drops, one_batch)
    other_class = robustness.occlusion_map(InkInRegion(), image, 0, patch=3, stride=1)
    np.testing.assert_allclose(other_class, -drops / 9, atol=1e-7)  # class 0 gains a ninth of what 3 loses
