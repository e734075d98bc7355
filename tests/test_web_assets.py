"""cnn_lib.web and scripts/export_web_assets.py: what the HTML book's interactives are given.

The committed weights (web/cnn_weights.npz) must be those of the run whose outputs the chapters
show: same run key as chapter 05's stored output, same test accuracy and error count as
chapter 06's stored glue values; and web/mlp_weights.npz the MLP of chapter 08's stored outputs.
"""

import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

from cnn_lib import data, evaluation, models, raster, web

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "web" / "cnn_weights.npz"  # scripts/export_web_assets.py's WEIGHTS
MLP_WEIGHTS = ROOT / "web" / "mlp_weights.npz"  # and its MLP_WEIGHTS


def stored_glue(notebook, name):
    for cell in nbformat.read(ROOT / "book" / notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return json.loads(output["data"]["application/papermill.record/text/plain"])
    raise AssertionError(f"{notebook} stores no glue value {name!r}")


@pytest.fixture(scope="module")
def book_model():
    return web.book_model(WEIGHTS)


def test_encode_decode_round_trip():
    array = np.arange(-6, 6, dtype=np.float32).reshape(3, 4) / 7
    text = web.encode(array, np.float32)
    assert np.array_equal(web.decode(text, np.float32, (3, 4)), array)
    # little-endian bytes, whatever the machine: 1.0 is 00 00 80 3f
    assert web.decode(web.encode([1.0], np.float32), np.uint8, (4,)).tolist() == [0, 0, 128, 63]


def test_playground_digits_are_the_first_three_of_each_class(mnist):
    (_, (x_test, y_test)), _ = mnist
    digits = web.playground_digits(x_test, y_test)
    assert len(digits["indices"]) == 30 and digits["indices"] == sorted(digits["indices"])
    for label in range(10):
        first = [int(i) for i in np.flatnonzero(y_test == label)[:3]]
        assert [i for i, lab in zip(digits["indices"], digits["labels"]) if lab == label] == first
    pixels = web.decode(digits["pixels"], np.uint8, (30, 28, 28))
    assert np.array_equal(pixels, x_test[digits["indices"]])
    assert digits["presets"]["sobel x"] == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]


def test_model_weights_are_the_models_bit_for_bit(book_model):
    exported = web.model_weights(book_model)
    assert exported["input_shape"] == [28, 28, 1]
    kinds = [layer["type"] for layer in exported["layers"]]
    assert kinds == [
        "conv2d",
        "maxpool",
        "conv2d",
        "maxpool",
        "dropout",
        "flatten",
        "dense",
        "dropout",
        "dense",
    ]
    for entry, layer in zip(exported["layers"], book_model.layers):
        if entry["type"] in ("conv2d", "dense"):
            kernel, bias = layer.get_weights()
            assert np.array_equal(web.decode(entry["kernel"], np.float32, entry["kernel_shape"]), kernel)
            assert np.array_equal(web.decode(entry["bias"], np.float32, bias.shape), bias)
    assert exported["layers"][-1]["activation"] == "softmax"


def test_committed_weights_are_the_chapters_run(mnist, book_model):
    (_, (x_test, y_test)), _ = mnist
    meta = json.loads((ROOT / "web" / "cnn_weights.json").read_text())
    for cell in nbformat.read(ROOT / "book" / "05_training.ipynb", as_version=4).cells:
        if "record_run(" in cell.source and cell.outputs:  # runs.record_run (training.record_run before)
            assert repr(meta["key"]) in cell.outputs[0]["data"]["text/plain"], (
                "web/ holds another run's weights"
            )
            break
    else:
        raise AssertionError("05_training stores no record_run output")
    predictions = evaluation.predict_classes(book_model, data.preprocess_images(x_test))
    errors = int((predictions != y_test).sum())
    assert errors == stored_glue("06_evaluation.ipynb", "n_wrong")
    book_model.compile(loss="categorical_crossentropy", metrics=["accuracy"])
    scores = book_model.evaluate(data.preprocess_images(x_test), data.one_hot(y_test), verbose=0)
    assert scores[0] == pytest.approx(stored_glue("06_evaluation.ipynb", "test_loss"), abs=1e-6)


def test_committed_mlp_is_the_one_of_chapter_08(mnist):
    (_, (x_test, y_test)), _ = mnist
    mlp = web.book_model(MLP_WEIGHTS, build=models.build_mlp)
    exported = web.model_weights(mlp)
    assert [layer["type"] for layer in exported["layers"]] == ["flatten", "dense", "dense"]
    assert [layer["kernel_shape"] for layer in exported["layers"][1:]] == [[784, 300], [300, 10]]
    for entry, layer in zip(exported["layers"][1:], mlp.layers[1:]):
        kernel, bias = layer.get_weights()
        assert np.array_equal(web.decode(entry["kernel"], np.float32, entry["kernel_shape"]), kernel)
        assert np.array_equal(web.decode(entry["bias"], np.float32, bias.shape), bias)
    predictions = evaluation.predict_classes(mlp, data.preprocess_images(x_test))
    errors = int((predictions != y_test).sum())
    assert errors == stored_glue("08_beyond_the_article.ipynb", "mlp_errors"), "web/ holds another MLP"
    assert float((predictions == y_test).mean()) == pytest.approx(
        stored_glue("08_beyond_the_article.ipynb", "mlp_accuracy"), abs=1e-12
    )


def test_confusion_examples_by_hand():
    x = np.arange(6 * 28 * 28, dtype=np.uint64).reshape(6, 28, 28).astype(np.uint8)
    labels = np.array([3, 3, 5, 5, 5, 7])
    predictions = np.array([3, 5, 5, 3, 3, 7])
    result = web.confusion_examples(x, labels, predictions, correct_per_digit=1)
    counts = np.array(result["counts"])
    assert counts.sum() == 6 and counts[3, 3] == 1 and counts[3, 5] == 1 and counts[5, 3] == 2
    assert counts[5, 5] == 1 and counts[7, 7] == 1
    assert result["indices"] == [0, 1, 2, 3, 4, 5]
    positions = result["cells"]
    assert [result["indices"][k] for k in positions[5][3]] == [3, 4]
    assert [result["indices"][k] for k in positions[3][5]] == [1]
    assert np.array_equal(web.decode(result["pixels"], np.uint8, (6, 28, 28)), x)
    # only the first correct answer per digit is kept
    more = web.confusion_examples(x, np.array([3] * 6), np.array([3] * 6), correct_per_digit=2)
    assert more["indices"] == [0, 1] and np.array(more["counts"])[3, 3] == 6


def test_colormap_tables_are_matplotlibs_colormaps():
    import matplotlib

    # The page draws with the book's own colour maps: PuOr for signed values, cividis for counts.
    assert set(web.COLORMAPS) == {raster.SIGNED_CMAP, raster.COUNT_CMAP}
    tables = web.colormap_tables()
    assert tables["size"] == 256 and sorted(tables["maps"]) == sorted(web.COLORMAPS)
    points = np.linspace(0, 1, 256)
    for name in web.COLORMAPS:
        cmap = matplotlib.colormaps[name]
        exported = web.decode(tables["maps"][name], np.uint8, (256, 3))
        assert np.array_equal(exported, cmap(points, bytes=True)[:, :3]), name
        # 256 is matplotlib's own table size: the page's lookup floor(t * 256) gives the colour
        # matplotlib draws for any t in [0, 1], as in the book's figures.
        assert cmap.N == 256
        t = np.random.default_rng(3).uniform(0, 1, 1000)
        page = exported[np.minimum(np.floor(t * 256).astype(int), 255)]
        assert np.array_equal(page, cmap(t, bytes=True)[:, :3]), name
    # Another size samples the same maps at its own evenly spaced points.
    small = web.colormap_tables(["PuOr"], size=11)
    assert np.array_equal(
        web.decode(small["maps"]["PuOr"], np.uint8, (11, 3)),
        matplotlib.colormaps["PuOr"](np.linspace(0, 1, 11), bytes=True)[:, :3],
    )


def test_asset_script_round_trip(tmp_path):
    path = tmp_path / "digits.js"
    payload = {"labels": [7, 2], "pixels": "AAAA", "nested": {"a": [1.5, -2]}}
    path.write_text(web.asset_script("digits", payload))
    assert (
        path.read_text()
        .splitlines()[1]
        .startswith('(window.CNNBookData = window.CNNBookData || {})["digits"] = ')
    )
    assert web.read_asset(path) == payload
