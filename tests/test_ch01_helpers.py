"""plots.plot_sliding_window (01_convolution): windows in the order a 'valid' convolution visits them."""

import numpy as np
from matplotlib.figure import Figure
from numpy.lib.stride_tricks import sliding_window_view

from cnn_lib import ops, plots

IMAGE = np.arange(36, dtype=float).reshape(6, 6) / 35


def test_window_of_each_step_is_the_one_conv2d_uses_for_that_output():
    kernel = np.random.default_rng(0).normal(size=(3, 3))
    output = ops.conv2d(IMAGE, kernel, padding="valid").ravel()  # reading order
    windows = sliding_window_view(IMAGE, (3, 3))
    steps = [1, 2, 4, 5, 16]
    figure = plots.plot_sliding_window(IMAGE, 3, steps)
    assert isinstance(figure, Figure)
    for ax, step in zip(figure.axes, steps, strict=True):
        (rectangle,) = ax.patches
        col, row = (int(v + 0.5) for v in rectangle.get_xy())
        assert (rectangle.get_width(), rectangle.get_height()) == (3, 3), "expected a 3x3 outline"
        expected = np.sum(windows[row, col] * kernel)
        assert np.isclose(output[step - 1], expected, atol=1e-5), (
            f"step {step}: window at ({row}, {col}) is wrong"
        )
        assert len(ax.texts) == IMAGE.size, "expected every pixel value written in"


def test_first_and_last_steps_are_the_corners():
    figure = plots.plot_sliding_window(IMAGE, 3, [1, 16])
    assert figure.axes[0].patches[0].get_xy() == (-0.5, -0.5), "step 1 should be the top-left corner"
    assert figure.axes[1].patches[0].get_xy() == (2.5, 2.5), "the last step should be the bottom-right corner"
