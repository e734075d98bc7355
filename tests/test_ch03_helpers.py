"""Helpers added for 03_max_pool, checked against hand-computed values."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from cnn_lib import plots

# A 4 x 4 example whose 2 x 2 maxima are known by hand: 6, 8, 3, 4 (row by row).
MATRIX = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]])
HAND_MAXIMA = ["6", "8", "3", "4"]
HAND_MEANS = ["3.25", "5.25", "2.00", "2.00"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_pooling_example_writes_the_hand_computed_maxima():
    fig = plots.plot_pooling_example(MATRIX)
    inputs, outputs = fig.axes
    assert [text.get_text() for text in outputs.texts] == HAND_MAXIMA, "pooled panel must show 6, 8, 3, 4"
    assert [text.get_text() for text in inputs.texts] == [str(v) for v in MATRIX.ravel()]
    assert inputs.get_title() == "4 x 4 input" and outputs.get_title() == "2 x 2 max-pool"


def test_pooling_example_boxes_each_blocks_winner():
    fig = plots.plot_pooling_example(MATRIX)
    corners = sorted((patch.get_y() + 0.4, patch.get_x() + 0.4) for patch in fig.axes[0].patches)
    # winners by hand: 6 at (1, 1), 8 at (1, 3), 3 at (2, 0), 4 at (3, 3)
    assert np.allclose(corners, [(1, 1), (1, 3), (2, 0), (3, 3)]), (
        f"expected boxes on the maxima, got {corners}"
    )


def test_pooling_example_average_mode_and_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_pooling_example(MATRIX, mode="average", decimals=2, axes=axes) is fig
    assert [text.get_text() for text in axes[1].texts] == HAND_MEANS, "expected the block means"
    assert not axes[0].patches, "average pooling has no winner to box"
