"""cnn_lib.digitize: a drawing turned into an MNIST-style 28x28 image (the draw-a-digit panel's reference)."""

from pathlib import Path

import numpy as np
import pytest

from cnn_lib import digitize


def ink_rows_cols(image):
    rows = np.flatnonzero((image > 0).any(axis=1))
    cols = np.flatnonzero((image > 0).any(axis=0))
    return rows, cols


def centre_of_mass(image):
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    return (
        (np.arange(image.shape[0]) * image.sum(axis=1)).sum() / total,
        (np.arange(image.shape[1]) * image.sum(axis=0)).sum() / total,
    )


def test_fitted_size_keeps_proportions_and_rounds_halves_up():
    assert digitize.fitted_size(4, 4) == (20, 20)
    assert digitize.fitted_size(100, 5) == (20, 1)
    assert digitize.fitted_size(5, 100) == (1, 20)
    assert digitize.fitted_size(280, 1) == (20, 1)  # never 0 pixels wide
    assert digitize.fitted_size(40, 30) == (20, 15)
    assert digitize.fitted_size(8, 3) == (20, 8)  # 7.5 rounds up
    assert digitize.fitted_size(20, 13) == (20, 13)  # MNIST's own digits: unchanged


def test_area_weights_by_hand():
    np.testing.assert_allclose(digitize.area_weights(3, 2), [[2 / 3, 1 / 3, 0], [0, 1 / 3, 2 / 3]])
    np.testing.assert_allclose(digitize.area_weights(2, 4), [[1, 0], [1, 0], [0, 1], [0, 1]])
    np.testing.assert_allclose(digitize.area_weights(4, 2), [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])
    np.testing.assert_array_equal(digitize.area_weights(7, 7), np.eye(7))
    weights = digitize.area_weights(280, 20)
    np.testing.assert_allclose(weights.sum(axis=1), 1)
    np.testing.assert_allclose(weights.sum(axis=0), 20 / 280)  # every input pixel counts equally


def test_centred_square_fills_the_20x20_box_in_the_middle():
    image = np.zeros((10, 10))
    image[3:7, 3:7] = 1.0  # 4x4 ink, scaled up to 20x20 of ones
    out = digitize.to_mnist(image)
    expected = np.zeros((28, 28), dtype=np.float32)
    # Centre of mass of the 20x20 block: 9.5; offset round(14 - 9.5) = 5 (halves round up).
    expected[5:25, 5:25] = 1.0
    assert out.dtype == np.float32 and out.shape == (28, 28)
    np.testing.assert_array_equal(out, expected)


def test_off_centre_blob_is_placed_by_its_centre_of_mass():
    # A 20x20 blob (so the fit changes nothing): left half 1.0, right half 0.5, anywhere in a larger image.
    blob = np.full((20, 20), 0.5)
    blob[:, :10] = 1.0
    image = np.zeros((50, 60))
    image[7:27, 31:51] = blob
    # Column masses: 20 for columns 0-9, 10 for columns 10-19 -> cx = (20*45 + 10*145) / 300 = 7.8333;
    # offset round(14 - 7.8333) = round(6.1667) = 6. Rows: cy = 9.5 -> offset round(4.5) = 5.
    out = digitize.to_mnist(image)
    expected = np.zeros((28, 28), dtype=np.float32)
    expected[5:25, 6:26] = blob
    np.testing.assert_array_equal(out, expected)
    cy, cx = centre_of_mass(out)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5, (cy, cx)


def test_lopsided_drawing_is_clamped_so_no_ink_is_cut_off():
    image = np.zeros((20, 20))
    image[:4, :4] = 1.0  # heavy corner: centre of mass (2.53, 2.53) once the far pixel is added
    image[19, 19] = 1.0
    out = digitize.to_mnist(image)
    # round(14 - 43/17) = 11 would push the 20x20 image out of the frame: clamped to 28 - 20 = 8.
    expected = np.zeros((28, 28), dtype=np.float32)
    expected[8:28, 8:28] = image
    np.testing.assert_array_equal(out, expected)
    assert out.sum() == pytest.approx(image.sum())


def test_tall_thin_stroke_keeps_its_aspect_ratio():
    image = np.zeros((120, 80))
    image[10:110, 40:45] = 1.0  # 100 x 5 -> 20 x 1
    out = digitize.to_mnist(image)
    rows, cols = ink_rows_cols(out)
    assert len(rows) == 20 and len(cols) == 1, (rows, cols)
    expected = np.zeros((28, 28), dtype=np.float32)
    expected[5:25, 14] = 1.0
    np.testing.assert_array_equal(out, expected)

    wide = digitize.to_mnist(np.ones((3, 60)))  # 3 x 60 -> 1 x 20
    rows, cols = ink_rows_cols(wide)
    assert len(rows) == 1 and len(cols) == 20


def test_big_drawing_is_area_averaged():
    rng = np.random.default_rng(0)
    crop = rng.uniform(0.01, 1.0, size=(40, 40))
    image = np.zeros((64, 64))
    image[11:51, 3:43] = crop
    out = digitize.to_mnist(image)
    rows, cols = ink_rows_cols(out)
    assert len(rows) == 20 and len(cols) == 20
    block_means = crop.reshape(20, 2, 20, 2).mean(axis=(1, 3))  # 2x2 box filter, computed independently
    np.testing.assert_allclose(out[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1], block_means, atol=1e-6)


def test_output_is_float32_in_0_1_and_centred():
    rng = np.random.default_rng(1)
    for _ in range(20):
        height, width = rng.integers(5, 300, size=2)
        image = np.zeros((height, width))
        top, left = rng.integers(0, height), rng.integers(0, width)
        bottom, right = rng.integers(top + 1, height + 1), rng.integers(left + 1, width + 1)
        image[top:bottom, left:right] = rng.uniform(0, 1, size=(bottom - top, right - left)) ** 3
        image[top, left] = 1.0  # at least one ink pixel
        out = digitize.to_mnist(image.astype(np.float32))
        assert out.dtype == np.float32 and out.shape == (28, 28)
        assert out.min() >= 0 and out.max() <= 1
        rows, cols = ink_rows_cols(out)
        assert max(len(rows), len(cols)) == 20
        cy, cx = centre_of_mass(out)
        # Within half a pixel of (14, 14), unless clamped against the frame's edge.
        assert abs(cy - 14) <= 0.5 + 1e-9 or rows[0] == 0 or rows[-1] == 27
        assert abs(cx - 14) <= 0.5 + 1e-9 or cols[0] == 0 or cols[-1] == 27


def test_a_dot_becomes_a_20x20_square():
    image = np.zeros((280, 280))
    image[100, 200] = 0.3
    out = digitize.to_mnist(image)
    assert out[5:25, 5:25] == pytest.approx(np.full((20, 20), 0.3))
    assert out.sum() == pytest.approx(0.3 * 400)


def test_accepts_lists_and_integer_zeros_and_ones():
    out = digitize.to_mnist([[0, 1, 1], [0, 1, 0]])
    assert out.shape == (28, 28) and out.max() == 1


@pytest.fixture(scope="module")
def test_digits(mnist):
    (_, _), (x_test, y_test) = mnist[0]
    return x_test[:1000], y_test[:1000]


def test_mnist_digits_come_back_as_they_were(test_digits):
    """MNIST's digits were made this way: each passes through to_mnist (almost always) unchanged."""
    x_test, _ = test_digits
    images = x_test.astype(np.float32) / 255
    again = np.stack([digitize.to_mnist(image) for image in images])
    worst = np.abs(again - images).reshape(len(images), -1).max(axis=1)
    unchanged = int((worst < 1e-6).sum())
    mean_difference = float(np.abs(again - images).mean())
    print(
        f"to_mnist(MNIST digit): {unchanged}/{len(images)} unchanged, mean |difference| {mean_difference:.2e}"
    )
    assert unchanged >= 0.99 * len(images)
    assert mean_difference < 1e-3
    # Those that move, move by one pixel: shifted back, they match.
    for k in np.flatnonzero(worst >= 1e-6):
        shifts = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        assert any(np.allclose(np.roll(again[k], (dy, dx), axis=(0, 1)), images[k]) for dy, dx in shifts), k


def test_an_enlarged_digit_comes_back_too(test_digits):
    """The page shows a test digit enlarged 10 times on its 280x280 pad; area averaging undoes that."""
    x_test, _ = test_digits
    for image in x_test[:50].astype(np.float32) / 255:
        enlarged = np.kron(image, np.ones((10, 10), dtype=np.float32))
        np.testing.assert_allclose(digitize.to_mnist(enlarged), digitize.to_mnist(image), atol=1e-6)


def test_the_book_model_still_reads_them(test_digits):
    from cnn_lib import web

    x_test, y_test = test_digits
    images = np.stack([digitize.to_mnist(image) for image in x_test[:100].astype(np.float32) / 255])
    weights = Path(__file__).resolve().parents[1] / "web" / "cnn_weights.npz"
    predicted = web.book_model(weights).predict(images[..., None], verbose=0).argmax(axis=1)
    correct = int((predicted == y_test[:100]).sum())
    print(f"book model on 100 digits through to_mnist: {correct}/100 correct")
    assert correct >= 97
