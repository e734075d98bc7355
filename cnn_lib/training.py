"""Train the article's CNN reproducibly: its recipe, the seeding, the input pipelines, compile and fit.

Introduced in 05_training. Where trained runs are kept, and under which key, is ``cnn_lib.runs``;
this module knows nothing of it. ``save_article_files``/``load_article_files`` are the article's
own two-file form of a model (its architecture as JSON, its weights).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from pathlib import Path

import numpy as np

from . import _checks, article, models

#: Batches the pipelines prepare ahead of the training step.
PREFETCH_BATCHES = 2


@dataclasses.dataclass(frozen=True)
class Recipe:
    """How the article compiles and fits its model (its values are the defaults)."""

    epochs: int = article.EPOCHS
    batch_size: int = article.BATCH_SIZE
    validation_split: float = article.VALIDATION_SPLIT
    optimizer: str = article.OPTIMIZER
    loss: str = article.LOSS
    seed: int = article.SEED

    def __post_init__(self):
        _checks.integer("epochs", self.epochs)
        _checks.integer("batch_size", self.batch_size)
        _checks.fraction("validation_split", self.validation_split)
        _checks.string("optimizer", self.optimizer)
        _checks.string("loss", self.loss)
        _checks.seed("seed", self.seed)


#: The article's recipe: what every function here defaults to.
ARTICLE_RECIPE = Recipe()


def set_seed(seed: int = article.SEED) -> None:
    """Seed Python, numpy and TensorFlow (``keras.utils.set_random_seed``) and make TF ops deterministic."""
    seed = _checks.seed("seed", seed)
    import keras  # noqa: PLC0415
    import tensorflow as tf  # noqa: PLC0415

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def _check_recipe(recipe):
    return _checks.instance("recipe", recipe, Recipe, "a training.Recipe")


@functools.cache
def _keras_timer(cls):
    """``cls`` with Keras's Callback as its base, made when the first timer is (Keras is imported then)."""
    import keras  # noqa: PLC0415

    return type(cls.__name__, (cls, keras.callbacks.Callback), {"__module__": cls.__module__})


class EpochTimer:
    """A Keras callback that times every epoch of a ``fit``: ``fit(..., callbacks=[EpochTimer()])``.

    Its ``epochs`` list gets one dict per epoch: ``begin`` and ``end`` (``time.perf_counter``
    readings), ``ends`` (when each training step ended) and ``validation`` (seconds of the
    validation pass, None without one); ``seconds`` is each epoch's wall-clock time. It takes no
    arguments. It is a ``keras.callbacks.Callback``, whose class is only joined to it when a timer
    is made, so that importing this module does not import Keras.
    """

    def __new__(cls):
        import keras  # noqa: PLC0415

        if not issubclass(cls, keras.callbacks.Callback):
            cls = _keras_timer(cls)
        return super().__new__(cls)

    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_train_begin(self, logs=None):
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append({"begin": time.perf_counter(), "ends": [], "validation": None})

    def on_train_batch_end(self, batch, logs=None):
        self.epochs[-1]["ends"].append(time.perf_counter())

    def on_test_begin(self, logs=None):
        self._test_begin = time.perf_counter()

    def on_test_end(self, logs=None):
        if self.epochs:  # a validation pass inside fit, not a later evaluate()
            self.epochs[-1]["validation"] = time.perf_counter() - self._test_begin

    def on_epoch_end(self, epoch, logs=None):
        self.epochs[-1]["end"] = time.perf_counter()

    @property
    def seconds(self):
        return [epoch["end"] - epoch["begin"] for epoch in self.epochs]

    def breakdown(self):
        """A pandas DataFrame, one row per epoch: its seconds, split into the training steps at
        their median pace, the validation pass, and ``waiting (s)``: the rest, time in which no
        step and no validation ran (in the first epoch it also holds the tracing of the step;
        an estimate from the median step, so without a wait it can dip a little below zero);
        and the median step with its quartiles, in milliseconds, for the spread."""
        import pandas as pd  # noqa: PLC0415

        if not self.epochs or "end" not in self.epochs[-1]:
            raise ValueError("timer: it has timed no whole epoch yet (pass it to fit's callbacks)")
        rows = []
        for number, epoch in enumerate(self.epochs, start=1):
            durations = np.diff([epoch["begin"], *epoch["ends"]])
            steady = durations[1:] if len(durations) > 1 else durations  # the first may trace
            q1, median, q3 = (float(value) for value in np.percentile(steady, [25, 50, 75]))
            steps = len(durations) * median
            seconds = epoch["end"] - epoch["begin"]
            validation = epoch["validation"] or 0.0
            rows.append(
                {
                    "epoch": number,
                    "seconds": seconds,
                    "steps at median pace (s)": steps,
                    "validation (s)": validation,
                    "waiting (s)": seconds - steps - validation,
                    "step q1 (ms)": 1e3 * q1,
                    "median step (ms)": 1e3 * median,
                    "step q3 (ms)": 1e3 * q3,
                }
            )
        return pd.DataFrame(rows).set_index("epoch")


def split_sizes(n_images: int, validation_split: float) -> tuple[int, int]:
    """(images trained on, images held back) as ``model.fit(validation_split=...)`` splits them.

    Keras keeps the first ``floor(n * (1 - validation_split))`` images for training and the
    rest, in their order, for validation.
    """
    n_images = _checks.integer("n_images", n_images, minimum=0)
    validation_split = _checks.fraction("validation_split", validation_split)
    n_fit = int(math.floor(n_images * (1.0 - validation_split)))
    return n_fit, n_images - n_fit


def _training_split(n_images: int, recipe: Recipe) -> tuple[int, int]:
    """``split_sizes`` for the recipe, refusing a split that leaves nothing to train on."""
    n_fit, n_validation = split_sizes(n_images, recipe.validation_split)
    if n_fit < 1:
        raise ValueError(
            f"validation_split={recipe.validation_split} leaves no training image out of {n_images}"
        )
    return n_fit, n_validation


def input_pipelines(x_train, y_train, recipe: Recipe = ARTICLE_RECIPE):
    """The recipe's batches as two ``tf.data`` pipelines: ``(train, validation)``.

    They hold what ``model.fit(x_train, y_train, validation_split=..., batch_size=...,
    shuffle=True)`` trains and validates on: the first ``split_sizes(...)[0]`` images,
    reshuffled before every epoch (all of them, seeded by ``recipe.seed``) and cut into
    batches of ``recipe.batch_size`` (the last one may be smaller); and the held-back
    images in their order (``validation`` is None when ``recipe.validation_split`` is 0).

    The book's faster feed, measured in the appendix on training speed: given the arrays,
    ``fit`` builds a pipeline with tf.data's autotuning on and drops that pipeline's iterator at
    every epoch boundary, and dropping it waits for the autotuning thread, which on a busy 2-core
    machine can take seconds. Here autotuning is off and ``PREFETCH_BATCHES`` batches are
    prepared ahead, so nothing waits. Pass them as ``model.fit(train, validation_data=validation,
    epochs=..., shuffle=False)``.
    """
    import tensorflow as tf  # noqa: PLC0415

    x_train, y_train = _checks.training_data(x_train, y_train)
    recipe = _check_recipe(recipe)
    n_fit, n_validation = _training_split(len(x_train), recipe)
    options = tf.data.Options()
    options.autotune.enabled = False
    options.deterministic = True

    images = tf.constant(x_train[:n_fit])
    labels = tf.constant(y_train[:n_fit])

    def gather(indices):
        return tf.gather(images, indices), tf.gather(labels, indices)

    train = (
        tf.data.Dataset.range(n_fit)
        .shuffle(n_fit, seed=recipe.seed, reshuffle_each_iteration=True)
        .batch(recipe.batch_size)
        .map(gather)
        .prefetch(PREFETCH_BATCHES)
        .with_options(options)
    )
    if n_validation == 0:
        return train, None
    validation = (
        tf.data.Dataset.from_tensor_slices((x_train[n_fit:], y_train[n_fit:]))
        .batch(recipe.batch_size)
        .prefetch(PREFETCH_BATCHES)
        .with_options(options)
    )
    return train, validation


def compile_cnn(model, recipe: Recipe = ARTICLE_RECIPE, **options):
    """Compile ``model`` with the recipe's loss and optimizer and the accuracy metric; return it.

    ``options`` go to ``model.compile`` as they are (``jit_compile``, ``steps_per_execution``).
    """
    _checks.keras_model("model", model)
    recipe = _check_recipe(recipe)
    model.compile(loss=recipe.loss, optimizer=recipe.optimizer, metrics=["accuracy"], **options)
    return model


def fit_cnn(model, x_train, y_train, recipe: Recipe = ARTICLE_RECIPE, *, verbose: int = 0, callbacks=()):
    """Fit a compiled ``model`` with the article's call and return Keras's ``History``:
    ``model.fit(x=..., y=..., validation_split=..., epochs=..., batch_size=..., verbose=...)``,
    the recipe's values. This is how every training of the article's recipe in the book runs; the
    faster feed ``input_pipelines`` is measured against it in the appendix on training speed."""
    _checks.keras_model("model", model)
    x_train, y_train = _checks.training_data(x_train, y_train)
    recipe = _check_recipe(recipe)
    verbose = _checks.integer("verbose", verbose, minimum=0, maximum=2)
    callbacks = _checks.instance("callbacks", callbacks, (list, tuple), "a list of Keras callbacks")
    _training_split(len(x_train), recipe)
    return model.fit(
        x=x_train,
        y=y_train,
        validation_split=recipe.validation_split,
        epochs=recipe.epochs,
        batch_size=recipe.batch_size,
        verbose=verbose,
        callbacks=list(callbacks),
    )


def train_cnn(
    x_train, y_train, recipe: Recipe = ARTICLE_RECIPE, *, verbose: int = 2, callbacks=(), **model_kwargs
):
    """Seed, build, compile and fit the article's CNN; return the fitted model and Keras's ``History``.

    x_train: float32 (n, 28, 28, 1) in [0, 1]; y_train: one-hot (n, 10). ``verbose=2``
    prints one line per epoch, as the article's log. ``callbacks`` go to ``fit`` (an
    ``EpochTimer``, say); ``model_kwargs`` to ``models.build_cnn``. These are the steps that
    05_training runs cell by cell; ``runs.load_or_train_cnn`` runs them and keeps the result.
    """
    x_train, y_train = _checks.training_data(x_train, y_train)
    recipe = _check_recipe(recipe)
    verbose = _checks.integer("verbose", verbose, minimum=0, maximum=2)
    set_seed(recipe.seed)
    model = compile_cnn(models.build_cnn(**model_kwargs), recipe)
    history = fit_cnn(model, x_train, y_train, recipe, verbose=verbose, callbacks=callbacks)
    return model, history


def save_article_files(model, folder) -> tuple[Path, Path]:
    """Save the article's two files: the architecture as JSON and the weights (``.weights.h5``).

    Keras 3 requires the weights file name to end in ``.weights.h5``. Returns both paths.
    """
    _checks.keras_model("model", model)
    folder = Path(_checks.path("folder", folder))
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "model.config"
    weights_path = folder / "model.weights.h5"
    config_path.write_text(model.to_json())
    model.save_weights(weights_path)
    return config_path, weights_path


def load_article_files(folder):
    """Rebuild a model from ``save_article_files``'s two files (architecture, then weights)."""
    folder = Path(_checks.path("folder", folder))
    import keras  # noqa: PLC0415

    model = keras.models.model_from_json((folder / "model.config").read_text())
    model.load_weights(folder / "model.weights.h5")
    return model
