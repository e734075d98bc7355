"""Predicted classes and the confusion matrix, as the article computes them in Keras 2.

Introduced in 06_evaluation and 07_confusion_matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _checks

NUM_CLASSES = 10


def _labels(name, values, num_classes=NUM_CLASSES):
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array of class numbers, got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name}: expected integer class numbers, got dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name}: expected at least one class number, got an empty array")
    if array.min() < 0 or array.max() >= num_classes:
        raise ValueError(
            f"{name}: expected class numbers in 0..{num_classes - 1}, got {array.min()}..{array.max()}"
        )
    return array


def predict_classes(model, images, *, batch_size: int = 1000) -> np.ndarray:
    """Return the most probable class (int64, shape (n,)) of each image: argmax of ``model.predict``.

    Keras 2's ``model.predict_classes``, which the article calls, no longer exists.
    """
    batch_size = _checks.integer("batch_size", batch_size)
    images = np.asarray(images)
    if images.ndim != 4:
        raise ValueError(f"images: expected shape (n, 28, 28, 1), got {images.shape}")
    if not np.issubdtype(images.dtype, np.floating):
        raise TypeError(f"images: expected floats scaled to [0, 1], got dtype {images.dtype}")
    if images.size == 0:
        raise ValueError(f"images: expected at least one image, got shape {images.shape}")
    if not np.all(np.isfinite(images)):
        raise ValueError("images: expected finite values, got NaN or infinity")
    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"model: expected a Keras model with a predict method, got {type(model).__name__}")
    probabilities = model.predict(images, batch_size=batch_size, verbose=0)
    return np.argmax(probabilities, axis=1)


def confusion_matrix(labels, predictions, num_classes: int = NUM_CLASSES) -> pd.DataFrame:
    """Return the article's ``pd.crosstab``: rows named ``label``, columns ``predict``, counts.

    Every class appears as a row and a column, even one that is never predicted.
    """
    num_classes = _checks.integer("num_classes", num_classes)
    labels = _labels("labels", labels, num_classes)
    predictions = _labels("predictions", predictions, num_classes)
    if labels.shape != predictions.shape:
        raise ValueError(f"predictions: expected the shape of labels {labels.shape}, got {predictions.shape}")
    table = pd.crosstab(labels, predictions, rownames=["label"], colnames=["predict"])
    classes = range(num_classes)
    return table.reindex(index=classes, columns=classes, fill_value=0)


def top_confusions(matrix: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Return the n largest off-diagonal cells of a confusion matrix as rows (label, predict, count)."""
    if not isinstance(matrix, pd.DataFrame) or [matrix.index.name, matrix.columns.name] != [
        "label",
        "predict",
    ]:
        raise TypeError(
            f"matrix: expected the DataFrame of confusion_matrix (rows 'label', columns 'predict'), "
            f"got {type(matrix).__name__}"
        )
    n = _checks.integer("n", n)
    stacked = matrix.stack()
    stacked.name = "count"
    table = stacked.reset_index()
    table = table[table["label"] != table["predict"]]
    table = table.sort_values(["count", "label", "predict"], ascending=[False, True, True])
    return table.head(n).reset_index(drop=True)


def select_confusions(labels, predictions, label: int, predict: int) -> pd.DataFrame:
    """Return the rows of ``DataFrame({'label', 'predict'})`` with this label and prediction.

    The index is the test image's position, as in the article's
    ``df[(df.label == 5) & (df.predict == 3)]``.
    """
    labels = _labels("labels", labels)
    predictions = _labels("predictions", predictions)
    if labels.shape != predictions.shape:
        raise ValueError(f"predictions: expected the shape of labels {labels.shape}, got {predictions.shape}")
    for name, value in (("label", label), ("predict", predict)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name}: expected an integer class, got {type(value).__name__} {value!r}")
        if not 0 <= value < NUM_CLASSES:
            raise ValueError(f"{name}: expected a class in 0..{NUM_CLASSES - 1}, got {value}")
    frame = pd.DataFrame({"label": labels, "predict": predictions})
    return frame[(frame.label == label) & (frame.predict == predict)]


def misclassified(labels, predictions) -> np.ndarray:
    """Return the indices (int64) where the prediction differs from the label."""
    labels = _labels("labels", labels)
    predictions = _labels("predictions", predictions)
    if labels.shape != predictions.shape:
        raise ValueError(f"predictions: expected the shape of labels {labels.shape}, got {predictions.shape}")
    return np.flatnonzero(labels != predictions)
