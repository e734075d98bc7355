"""cnn_lib.article: the article's facts, stated once, are the ones the code uses and agree with each other."""

import dataclasses
import inspect

import pytest

from cnn_lib import article, data, models, ops, speed, training, widgets


def test_the_recipe_is_the_articles():
    recipe = training.Recipe()
    assert dataclasses.asdict(recipe) == {
        "epochs": article.EPOCHS,
        "batch_size": article.BATCH_SIZE,
        "validation_split": article.VALIDATION_SPLIT,
        "optimizer": article.OPTIMIZER,
        "loss": article.LOSS,
        "seed": article.SEED,
    }
    assert training.ARTICLE_RECIPE == recipe
    assert (article.SEED, article.EPOCHS, article.BATCH_SIZE, article.VALIDATION_SPLIT) == (10, 20, 300, 0.2)


def test_image_counts_follow_from_the_split():
    n_images = len(range(data.ARRAY_SHAPES["y_train"][0]))
    split = training.split_sizes(n_images, article.VALIDATION_SPLIT)
    assert split == (article.TRAIN_IMAGES, article.VALIDATION_IMAGES) == (48000, 12000)


def test_the_network_is_the_articles():
    model = models.build_cnn()
    conv1, _, conv2, _, dropout1, _, dense1, dropout2, dense2 = model.layers
    assert (conv1.filters, conv2.filters, dense1.units, dense2.units) == (16, 36, 128, article.NUM_CLASSES)
    assert (
        conv1.kernel_size == (article.KERNEL_SIZE,) * 2
        and model.layers[1].pool_size == (article.POOL_SIZE,) * 2
    )
    assert (dropout1.rate, dropout2.rate) == (article.CONV_DROPOUT, article.DENSE_DROPOUT) == (0.25, 0.5)
    assert tuple(model.input_shape[1:]) == article.INPUT_SHAPE == (28, 28, 1)
    assert model.count_params() == 242062


@pytest.mark.parametrize(
    "function",
    [
        ops.random_filters,
        training.set_seed,
        speed.measure_training,
        speed.epoch_waits,
        widgets.convolution_explorer,
        widgets.filters_explorer,
        widgets.pooling_explorer,
    ],
)
def test_every_seed_default_is_the_articles(function):
    assert inspect.signature(function).parameters["seed"].default is article.SEED


def test_reported_figures():
    low, high = article.SECONDS_PER_EPOCH_RANGE
    assert (low, high, article.SECONDS_PER_EPOCH) == (58, 73, 64.6)
    assert (article.TEST_ACCURACY, article.TEST_LOSS) == (0.9926, 0.02197)
