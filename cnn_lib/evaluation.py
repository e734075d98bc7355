"""Predicted classes and the confusion matrix, as the article computes them in Keras 2.

Introduced in 06_evaluation and 07_confusion_matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _checks, article


def _pair(labels, predictions, num_classes=article.NUM_CLASSES):
    """Labels and predictions: class numbers in 0..num_classes-1, one prediction per label."""
    labels = _checks.class_labels("labels", labels, num_classes=num_classes)
    predictions = _checks.class_labels("predictions", predictions, num_classes=num_classes, count=len(labels))
    return labels, predictions


def predict_classes(model, images, *, batch_size: int = 1000) -> np.ndarray:
    """Return the most probable class (int64, shape (n,)) of each image: argmax of ``model.predict``.

    Keras 2's ``model.predict_classes``, which the article calls, no longer exists.
    """
    batch_size = _checks.integer("batch_size", batch_size)
    images = _checks.real_array("images", images, ndims=(4,), shape_text="(n, 28, 28, 1)", dtype=np.floating)
    _checks.keras_model("model", model, methods=("predict",))
    probabilities = model.predict(images, batch_size=batch_size, verbose=0)
    return np.argmax(probabilities, axis=1)


def confusion_matrix(labels, predictions, num_classes: int = article.NUM_CLASSES) -> pd.DataFrame:
    """Return the article's ``pd.crosstab``: rows named ``label``, columns ``predict``, counts.

    Every class appears as a row and a column, even one that is never predicted.
    """
    num_classes = _checks.integer("num_classes", num_classes)
    labels, predictions = _pair(labels, predictions, num_classes)
    table = pd.crosstab(labels, predictions, rownames=["label"], colnames=["predict"])
    classes = range(num_classes)
    return table.reindex(index=classes, columns=classes, fill_value=0)


def top_confusions(matrix: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Return the n largest off-diagonal cells of a confusion matrix as rows (label, predict, count)."""
    what = "the DataFrame of confusion_matrix (rows 'label', columns 'predict')"
    _checks.instance("matrix", matrix, pd.DataFrame, what)
    if [matrix.index.name, matrix.columns.name] != ["label", "predict"]:
        raise ValueError(
            f"matrix: expected {what}, got rows {matrix.index.name!r}, columns {matrix.columns.name!r}"
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
    labels, predictions = _pair(labels, predictions)
    label = _checks.integer("label", label, minimum=0, maximum=article.NUM_CLASSES - 1)
    predict = _checks.integer("predict", predict, minimum=0, maximum=article.NUM_CLASSES - 1)
    frame = pd.DataFrame({"label": labels, "predict": predictions})
    return frame[(frame.label == label) & (frame.predict == predict)]


def misclassified(labels, predictions) -> np.ndarray:
    """Return the indices (int64) where the prediction differs from the label."""
    labels, predictions = _pair(labels, predictions)
    return np.flatnonzero(labels != predictions)
