"""Predicted classes and the confusion matrix against hand-computed tables and pandas."""

import numpy as np
import pandas as pd

from cnn_lib import evaluation

LABELS = np.array([5, 5, 3, 0, 5, 3, 9])
PREDICTIONS = np.array([3, 5, 3, 0, 3, 5, 9])


def test_confusion_matrix_is_the_article_crosstab():
    matrix = evaluation.confusion_matrix(LABELS, PREDICTIONS)
    assert matrix.shape == (10, 10)
    assert matrix.index.name == "label" and matrix.columns.name == "predict"
    assert matrix.loc[5, 3] == 2 and matrix.loc[5, 5] == 1 and matrix.loc[3, 5] == 1 and matrix.loc[9, 9] == 1
    assert matrix.to_numpy().sum() == len(LABELS)
    article = pd.crosstab(LABELS, PREDICTIONS, rownames=["label"], colnames=["predict"])
    pd.testing.assert_frame_equal(matrix.loc[article.index, article.columns], article)


def test_select_confusions_gives_the_article_rows():
    rows = evaluation.select_confusions(LABELS, PREDICTIONS, 5, 3)
    assert rows.index.tolist() == [0, 4]
    assert rows.columns.tolist() == ["label", "predict"]


def test_top_confusions_sorted_by_count():
    top = evaluation.top_confusions(evaluation.confusion_matrix(LABELS, PREDICTIONS), n=2)
    assert top.values.tolist() == [[5, 3, 2], [3, 5, 1]]


def test_misclassified_indices():
    assert evaluation.misclassified(LABELS, PREDICTIONS).tolist() == [0, 4, 5]


def test_predict_classes_is_argmax_of_predict():
    class Fixed:
        def predict(self, images, batch_size, verbose):
            return np.array([[0.1, 0.9, 0.0], [0.7, 0.2, 0.1]])[: len(images)]

    assert evaluation.predict_classes(Fixed(), np.zeros((2, 28, 28, 1))).tolist() == [1, 0]
