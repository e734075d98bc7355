"""The data behind the HTML book's in-page interactives, exported when the book is built.

The filter playground (01_convolution, 03_max_pool), the draw-a-digit panels (06_evaluation:
the CNN; 08_beyond_the_article: the CNN beside the MLP, with a shift control) and the
clickable confusion matrix (07_confusion_matrix) run in the reader's browser without a kernel. Their JavaScript lives in ``_static/js/``; the data
they need (MNIST test digits, the trained CNN's and MLP's weights, the confusion matrix and its
thumbnails, matplotlib's colour maps) is written by ``scripts/export_web_assets.py`` with
the functions here, as small ``.js`` files that register themselves in ``window.CNNBookData``
(a script tag works from any static host, and from a file opened from disk, where ``fetch``
does not).

Arrays travel as base64 of their little-endian bytes: images as uint8 (the raw MNIST grey
levels 0..255, which the page divides by 255 exactly as ``data.preprocess_images`` does),
weights as float32 (bit for bit the saved model's) and colour maps as uint8 RGB.

Nothing here knows where the repository keeps the book's weights: ``save_weights`` and
``book_model`` take the file's path (scripts/export_web_assets.py owns it).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

from . import _checks, article, models
from .ops import KERNEL_PRESETS
from .raster import COUNT_CMAP, SIGNED_CMAP

#: How the page's loader finds each asset: ``_static/web/<name>.js``.
ASSET_NAMES = ("digits", "model", "mlp", "confusion", "colormaps")
#: The Keras layer types the in-page network knows.
LAYER_TYPES = {
    "Conv2D": "conv2d",
    "MaxPooling2D": "maxpool",
    "Dropout": "dropout",
    "Flatten": "flatten",
    "Dense": "dense",
}
#: The colour maps the page draws with, as in the book's figures.
COLORMAPS = (SIGNED_CMAP, COUNT_CMAP)
#: Entries per exported colour map: matplotlib's own lookup-table size for these maps.
COLORMAP_SIZE = 256
_WEIGHT_NAMES = ("kernel", "bias")


def encode(array, dtype) -> str:
    """Return base64 of the array's bytes as little-endian ``dtype`` (C order)."""
    array = _checks.real_array("array", array, booleans=True, empty=True)
    array = np.ascontiguousarray(array.astype(np.dtype(dtype).newbyteorder("<")))
    return base64.b64encode(array.tobytes()).decode("ascii")


def decode(text: str, dtype, shape) -> np.ndarray:
    """Inverse of ``encode``: the array of ``shape`` whose bytes ``text`` holds."""
    text = _checks.string("text", text, empty=True)
    dtype = np.dtype(dtype).newbyteorder("<")
    shape = tuple(_checks.integers("shape", shape, minimum=0))
    data = base64.b64decode(text)
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise ValueError(
            f"shape: expected a shape that {len(data)} bytes of {dtype.name} fill, got {shape} ({expected} bytes)"
        )
    return np.frombuffer(data, dtype=dtype).reshape(shape)


def _uint8_images(name, images):
    """The raw MNIST grey levels: uint8 (n, 28, 28)."""
    return _checks.real_array(
        name, images, shapes=((None, 28, 28),), shape_text="(n, 28, 28)", dtype=np.uint8
    )


def playground_digits(x_test, y_test, per_digit: int = 3) -> dict:
    """The first ``per_digit`` test images of each digit 0-9 (in test-set order) and the kernel presets."""
    per_digit = _checks.integer("per_digit", per_digit)
    x_test = _uint8_images("x_test", x_test)
    y_test = np.asarray(y_test)
    if y_test.shape != x_test.shape[:1]:
        raise ValueError(f"y_test: expected {x_test.shape[0]} labels, got shape {y_test.shape}")
    chosen = sorted(
        int(i) for digit in range(article.NUM_CLASSES) for i in np.flatnonzero(y_test == digit)[:per_digit]
    )
    return {
        "indices": chosen,
        "labels": [int(y_test[i]) for i in chosen],
        "size": 28,
        "pixels": encode(x_test[chosen], np.uint8),
        "presets": {name: kernel.tolist() for name, kernel in KERNEL_PRESETS.items()},
    }


def model_weights(model) -> dict:
    """The model's inference layers in order, each with its settings and float32 weights.

    Dropout is kept (it is the identity at prediction time) so the list reads like the model's summary.
    """
    _checks.keras_model("model", model)
    layers = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind not in LAYER_TYPES:
            raise ValueError(f"model: the in-page network has no {kind} layer (layer {layer.name!r})")
        entry = {"name": layer.name, "type": LAYER_TYPES[kind]}
        if kind in ("Conv2D", "Dense"):
            kernel, bias = (np.asarray(weight, dtype=np.float32) for weight in layer.get_weights())
            entry.update(
                activation=layer.activation.__name__,
                kernel_shape=list(kernel.shape),
                kernel=encode(kernel, np.float32),
                bias=encode(bias, np.float32),
            )
            if kind == "Conv2D":
                if tuple(layer.strides) != (1, 1) or layer.padding != "same":
                    raise ValueError(f"model: layer {layer.name!r} must be a stride-1 'same' convolution")
        elif kind == "MaxPooling2D":
            if tuple(layer.pool_size) != tuple(layer.strides) or layer.padding != "valid":
                raise ValueError(f"model: layer {layer.name!r} must pool non-overlapping windows")
            entry["pool_size"] = int(layer.pool_size[0])
        layers.append(entry)
    return {"input_shape": list(model.input_shape[1:]), "layers": layers}


def confusion_examples(x_test, y_test, predictions, correct_per_digit: int = 12) -> dict:
    """The 10x10 confusion counts and, per cell, the test images behind it.

    Every mistake is kept; of the correct answers, the first ``correct_per_digit`` of each digit.
    ``cells[i][j]`` lists positions in ``indices`` (the test-set positions of the thumbnails).
    """
    correct_per_digit = _checks.integer("correct_per_digit", correct_per_digit)
    x_test = _uint8_images("x_test", x_test)
    labels, predictions = np.asarray(y_test), np.asarray(predictions)
    if labels.shape != x_test.shape[:1] or predictions.shape != labels.shape:
        raise ValueError(
            f"y_test, predictions: expected {x_test.shape[0]} of each, got {labels.shape} and {predictions.shape}"
        )
    classes = article.NUM_CLASSES
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (labels, predictions), 1)
    cell_indices = [[[] for _ in range(classes)] for _ in range(classes)]
    for i, (label, predict) in enumerate(zip(labels.tolist(), predictions.tolist())):
        cell = cell_indices[label][predict]
        if label != predict or len(cell) < correct_per_digit:
            cell.append(i)
    indices = sorted(i for row in cell_indices for cell in row for i in cell)
    position = {index: k for k, index in enumerate(indices)}
    return {
        "counts": counts.tolist(),
        "indices": indices,
        "cells": [[[position[i] for i in cell] for cell in row] for row in cell_indices],
        "size": 28,
        "pixels": encode(x_test[indices], np.uint8),
    }


def save_weights(model, path) -> int:
    """Write the model's weights as float32 arrays ``<layer name>/kernel`` and ``<layer name>/bias``
    to an npz file (what ``book_model`` reads); return how many arrays were written."""
    _checks.keras_model("model", model)
    _checks.path("path", path)
    arrays = {
        f"{layer.name}/{name}": np.asarray(weight, dtype=np.float32)
        for layer in model.layers
        for name, weight in zip(_WEIGHT_NAMES, layer.get_weights())
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
    return len(arrays)


def book_model(path, build=None):
    """The network ``build()`` makes (default ``models.build_cnn``, the article's CNN) with the
    weights in ``path``, a file written by ``save_weights``: the book's run, ``web/cnn_weights.npz``
    and ``web/mlp_weights.npz`` (``build=models.build_mlp``) of the repository, see
    scripts/export_web_assets.py."""
    path = Path(_checks.path("path", path))
    if build is not None and not callable(build):
        raise TypeError(f"build: expected a function that returns a Keras model, got {type(build).__name__}")
    if not path.is_file():
        raise FileNotFoundError(f"path: no weights file at {path} (make notebooks writes it)")
    model = (build or models.build_cnn)()
    with np.load(path, allow_pickle=False) as weights:
        for layer in model.layers:
            if layer.weights:
                keys = [f"{layer.name}/{name}" for name in _WEIGHT_NAMES]
                if not set(keys) <= set(weights.files):
                    raise ValueError(
                        f"path: {path.name} has no weights for layer {layer.name!r} of {model.name} "
                        f"(it holds {sorted(weights.files)}): the file of another network?"
                    )
                layer.set_weights([weights[key] for key in keys])
    return model


def colormap_tables(names=COLORMAPS, size: int = COLORMAP_SIZE) -> dict:
    """matplotlib's colour maps as ``size`` RGB entries each, sampled at ``linspace(0, 1, size)``.

    With ``size`` = 256 (matplotlib's own table for these maps) the entries are its lookup table as
    uint8 (``cmap(x, bytes=True)``), so the page's lookup of t in [0, 1], entry ``floor(t * size)``
    clipped to the last, gives the colour matplotlib draws. ``maps[name]`` is base64 of the
    (size, 3) uint8 array.
    """
    import matplotlib  # noqa: PLC0415 - only the book build needs it

    size = _checks.integer("size", size, minimum=2)
    samples = np.linspace(0.0, 1.0, size)
    maps = {}
    for name in names:
        if name not in matplotlib.colormaps:
            raise ValueError(f"names: matplotlib has no colour map {name!r}")
        rgb = matplotlib.colormaps[name](samples, bytes=True)[:, :3]
        maps[name] = encode(rgb, np.uint8)
    return {"size": size, "maps": maps}


def asset_script(name: str, payload: dict) -> str:
    """The text of ``_static/web/<name>.js``: registers ``payload`` as ``window.CNNBookData[name]``."""
    if name not in ASSET_NAMES:
        raise ValueError(f"name: expected one of {ASSET_NAMES}, got {name!r}")
    body = json.dumps(payload, separators=(",", ":"))
    return (
        f"// Written by scripts/export_web_assets.py when the book is built; do not edit.\n"
        f"(window.CNNBookData = window.CNNBookData || {{}})[{json.dumps(name)}] = {body};\n"
    )


def read_asset(path) -> dict:
    """Parse a file written by ``asset_script`` back into its payload (for tests and checks)."""
    text = Path(path).read_text()
    start = text.index("] = ") + len("] = ")
    return json.loads(text[start:].rstrip().rstrip(";"))
