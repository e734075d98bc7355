"""Plot helpers: they return the Figure, draw on a given ax, and never show or save by themselves."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from cnn_lib import evaluation, plots, raster

RNG = np.random.default_rng(0)
IMAGE = RNG.uniform(0, 1, (28, 28))
HISTORY = {"accuracy": [0.8, 0.9], "val_accuracy": [0.85, 0.95], "loss": [0.5, 0.2], "val_loss": [0.4, 0.1]}


@pytest.fixture(autouse=True)
def no_show_or_save(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a plot helper must not show or save")

    monkeypatch.setattr(plt, "show", refuse)
    monkeypatch.setattr(Figure, "savefig", refuse)
    yield
    plt.close("all")


def test_each_helper_returns_a_figure():
    labels, predictions = np.arange(10) % 10, (np.arange(10) + (np.arange(10) == 3)) % 10
    figures = [
        plots.plot_image(IMAGE, "a digit"),
        plots.plot_kernel(RNG.normal(size=(3, 3))),
        plots.plot_filter_and_output(IMAGE, RNG.normal(size=(5, 5)), IMAGE),
        plots.plot_feature_maps(RNG.normal(size=(16, 28, 28))),
        plots.plot_history(HISTORY, "accuracy"),
        plots.plot_predictions(RNG.uniform(size=(10, 28, 28)), labels, predictions),
        plots.plot_confusion_matrix(evaluation.confusion_matrix(labels, predictions)),
    ]
    assert all(isinstance(figure, Figure) for figure in figures)


def test_helpers_draw_on_the_given_ax():
    fig, axes = plt.subplots(1, 3)
    assert plots.plot_image(IMAGE, ax=axes[0]) is fig
    assert plots.plot_history(HISTORY, "loss", ax=axes[1]) is fig
    assert plots.plot_kernel(np.eye(3), ax=axes[2]) is fig
    assert [line.get_label() for line in axes[1].lines] == ["train", "validation"]
    assert axes[1].get_xlabel() == "epoch" and axes[1].get_ylabel() == "loss"


def test_prediction_titles_follow_the_article():
    fig = plots.plot_predictions(np.zeros((3, 28, 28)), np.array([7, 2, 1]), np.array([7, 3, 1]))
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["label=7,predict=7", "label=2,predict=3", "label=1,predict=1"]
    assert fig.axes[1].title.get_fontweight() == "bold", "a wrong prediction must stand out"


def test_feature_map_grid_has_one_image_per_map():
    fig = plots.plot_feature_maps(np.zeros((16, 14, 14)), ncols=8)
    assert sum(1 for ax in fig.axes if ax.images) == 16


def test_a_digit_keeps_one_ink_polarity_in_every_figure_of_chapter_1():
    """Digits are dark ink on white paper (IMAGE_CMAP) wherever they are drawn, also beside feature
    maps (MAP_CMAP); the colour maps' own end colours are the oracle."""
    import matplotlib

    digit = np.zeros((6, 6))
    digit[2:4, 1:5] = 1.0
    ink = {
        "sliding window": plots.plot_sliding_window(digit, 3, steps=[1]).axes[0],
        "filter and output": plots.plot_filter_and_output(digit, np.ones((3, 3)), digit).axes[0],
        "input beside maps": plots.plot_feature_maps(np.stack([digit, digit, digit]), images=1).axes[0],
    }
    paper, stroke = matplotlib.colormaps[raster.IMAGE_CMAP](0.0), matplotlib.colormaps[raster.IMAGE_CMAP](1.0)
    assert sum(paper[:3]) > sum(stroke[:3]), "IMAGE_CMAP draws ink (high values) darker than paper"
    for name, ax in ink.items():
        assert ax.images[0].get_cmap().name == raster.IMAGE_CMAP, name
    maps = plots.plot_feature_maps(np.stack([digit, digit, digit]), images=1).axes
    assert [ax.images[0].get_cmap().name for ax in maps] == [
        raster.IMAGE_CMAP,
        raster.MAP_CMAP,
        raster.MAP_CMAP,
    ]


def test_kernel_values_are_written_in():
    fig = plots.plot_kernel(np.array([[1.0, -0.5], [0.25, 0.0]]))
    assert [text.get_text() for text in fig.axes[0].texts] == ["1", "-0.5", "0.25", "0"]


def test_prediction_titles_carry_index_and_confidence_when_given_probabilities():
    labels, predictions = np.array([7, 2, 1, 5]), np.array([7, 3, 1, 3])
    probabilities = np.full((4, 10), 0.01)
    probabilities[np.arange(4), predictions] = [0.99, 0.62, 0.5, 0.875]
    images = np.zeros((4, 28, 28))
    fig = plots.plot_predictions(images, labels, predictions, indices=[1, 3], probabilities=probabilities)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["#1 2→3 (0.62)", "#3 5→3 (0.88)"]
    assert all(ax.title.get_fontweight() == "bold" for ax in fig.axes[:2]), "both are wrong"
    plt.close(fig)
    # without probabilities the titles are the article's, to the letter (the stored figures of 06 and 07)
    fig = plots.plot_predictions(images, labels, predictions, indices=[1, 3])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["label=2,predict=3", "label=5,predict=3"]
    plt.close(fig)


def test_kernel_values_that_round_to_zero_are_written_zero():
    kernel = np.array([[-0.001, 0.004], [-0.0, -0.25]])
    for decimals, written in ((2, ["0", "0", "0", "-0.25"]), (0, ["-0.001", "0.004", "0", "-0.25"])):
        fig = plots.plot_kernel(kernel, decimals=decimals)
        assert [text.get_text() for text in fig.axes[0].texts] == written
        plt.close(fig)


# --- 08_beyond_the_article: accuracy curves, reliability diagrams, occlusion maps


def test_accuracy_curves_tell_the_networks_apart_without_colour():
    steps = np.arange(4)
    accuracies = {"CNN": [0.99, 0.9, 0.6, 0.3], "MLP": [0.98, 0.8, 0.4, 0.2]}
    intervals = {"CNN": np.array([[0.98, 0.88, 0.57, 0.27], [0.995, 0.92, 0.63, 0.33]])}
    fig = plots.plot_accuracy_curves(steps, accuracies, intervals=intervals, chance=0.1, xlabel="pixels")
    ax = fig.axes[0]
    cnn, mlp, chance = ax.lines
    assert [cnn.get_label(), mlp.get_label(), chance.get_label()] == ["CNN", "MLP", "chance (0.1)"]
    assert cnn.get_linestyle() != mlp.get_linestyle() and cnn.get_marker() != mlp.get_marker()
    np.testing.assert_array_equal(mlp.get_ydata(), accuracies["MLP"])
    assert len(ax.collections) == 1, "one band, for the network with intervals"
    assert ax.get_xlabel() == "pixels" and ax.get_ylim() == (0, 1.02)


def test_accuracy_curves_draw_on_the_given_ax():
    fig, ax = plt.subplots()
    assert plots.plot_accuracy_curves([0, 5], {"A": [1.0, 0.5]}, ax=ax) is fig
    assert ax.get_xlabel() == "shift (pixels)"


def test_reliability_diagram_plots_each_filled_bin_at_its_confidence_and_accuracy():
    table = {
        "low": np.array([0.0, 0.5]),
        "high": np.array([0.5, 1.0]),
        "count": np.array([0, 4]),
        "confidence": np.array([np.nan, 0.8]),
        "accuracy": np.array([np.nan, 0.75]),
    }
    fig = plots.plot_reliability({"CNN": table, "MLP": table})
    upper, lower = fig.axes
    diagonal, cnn, mlp = upper.lines
    assert diagonal.get_label() == "calibrated"
    assert cnn.get_xdata().tolist() == [0.8] and cnn.get_ydata().tolist() == [0.75], "empty bins are left out"
    assert cnn.get_linestyle() != mlp.get_linestyle()
    assert lower.get_yscale() == "log"
    counts = lower.patches[0].get_data()
    assert np.isnan(counts.values[0]) and counts.values[1] == 4 and counts.edges.tolist() == [0.0, 0.5, 1.0]


def test_occlusion_maps_sit_over_the_centres_of_their_squares():
    """With patch 4 and stride 2, map entry j covers pixels 2j..2j+3, centre 2j + 1.5: the drawn
    cells are 2 pixels wide and the first is centred on pixel 1.5."""
    images = np.zeros((2, 28, 28))
    images[:, 10:18, 12:15] = 1
    maps = {"CNN": RNG.normal(size=(2, 13, 13)), "MLP": RNG.normal(size=(2, 13, 13))}
    fig = plots.plot_occlusion_maps(images, maps, patch=4, stride=2, titles=["#1", "#2"])
    grid = [ax for ax in fig.axes if ax.images]
    assert len(grid) == 6, "a row of digits and a row per network, one column per digit"
    drawn = [ax.images[0] for ax in grid if ax.images[0].get_cmap().name == raster.SIGNED_CMAP]
    assert len(drawn) == 4 and all(image.get_array().shape == (13, 13) for image in drawn)
    left, right, bottom, top = drawn[0].get_extent()
    assert (left, right, top, bottom) == (0.5, 26.5, 0.5, 26.5)
    limits = {tuple(image.get_clim()) for image in drawn}
    limit = float(np.abs(np.stack(list(maps.values()))).max())
    assert limits == {(-limit, limit)}, "one scale, centred on 0, for every map"
    assert [ax.get_title() for ax in grid if ax.get_title()] == ["#1", "#2"]
