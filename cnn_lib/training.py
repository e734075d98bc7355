"""Train the article's CNN reproducibly, and keep the result where later chapters find it.

Introduced in 05_training. A trained run is saved under a key made of everything that
decides the result (the recipe, the seed, the architecture, the data's SHA-256 and the
Keras/TensorFlow versions), so a changed recipe never reuses an old model. Runs are
written to a temporary folder and renamed into place, so an interrupted training never
leaves a run that a later chapter would load.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from . import _checks, models

CACHE_ENV_VAR = "CNN_LIB_CACHE"
MODEL_FILE = "model.keras"
HISTORY_FILE = "history.json"
META_FILE = "meta.json"
#: How ``train_cnn`` feeds the batches; part of the run key, so a changed pipeline never reuses a model.
INPUT_PIPELINE = "tf.data: shuffled index batches gathered from the arrays, autotuning off (v1)"
#: Batches the pipelines prepare ahead of the training step.
PREFETCH_BATCHES = 2


@dataclasses.dataclass(frozen=True)
class Recipe:
    """How the article compiles and fits its model (its values are the defaults)."""

    epochs: int = 20
    batch_size: int = 300
    validation_split: float = 0.2
    optimizer: str = "adam"
    loss: str = "categorical_crossentropy"
    seed: int = 10

    def __post_init__(self):
        _checks.integer("epochs", self.epochs)
        _checks.integer("batch_size", self.batch_size)
        _checks.fraction("validation_split", self.validation_split)
        _checks.string("optimizer", self.optimizer)
        _checks.string("loss", self.loss)
        _checks.seed("seed", self.seed)


@dataclasses.dataclass
class TrainedRun:
    """A trained model with its per-epoch history (``{"accuracy": [...], ...}``) and its key."""

    model: object
    history: dict
    key: str
    path: Path
    meta: dict
    trained_now: bool

    def __post_init__(self):
        _checks.keras_model("model", self.model, methods=("predict",))
        _checks.instance("history", self.history, dict, "a dict of metric values per epoch")
        _checks.string("key", self.key)
        _checks.path("path", self.path)
        _checks.instance("meta", self.meta, dict, "a dict (the run's meta.json)")
        _checks.boolean("trained_now", self.trained_now)


def set_seed(seed: int = 10) -> None:
    """Seed Python, numpy and TensorFlow (``keras.utils.set_random_seed``) and make TF ops deterministic."""
    seed = _checks.seed("seed", seed)
    import keras  # noqa: PLC0415
    import tensorflow as tf  # noqa: PLC0415

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def cache_dir() -> Path:
    """Where trained runs live: ``$CNN_LIB_CACHE``, else ``~/.cache/cnn_lib``."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured)
    return Path(os.path.expanduser("~")) / ".cache" / "cnn_lib"


def _versions() -> dict:
    import keras  # noqa: PLC0415
    import tensorflow as tf  # noqa: PLC0415

    return {"keras": keras.__version__, "tensorflow": tf.__version__, "backend": keras.backend.backend()}


def _check_training_data(x_train, y_train, names=("x_train", "y_train")):
    """Images float32 (n, 28, 28, 1)-like and their one-hot rows (n, classes), as ``fit`` takes them."""
    x_name, y_name = names
    x_train = _checks.real_array(x_name, x_train, ndims=(4,), shape_text="(n, 28, 28, 1)", dtype=np.float32)
    y_train = np.asarray(y_train)
    if y_train.dtype != np.float32 and y_train.ndim == 2 and np.issubdtype(y_train.dtype, np.number):
        # keras.utils.to_categorical and data.one_hot must file the same run under one key
        y_train = y_train.astype(np.float32)
    y_train = _checks.real_array(
        y_name,
        y_train,
        shapes=((len(x_train), None),),
        shape_text=f"(n, classes) of one-hot rows, n = {len(x_train)}",
    )
    return x_train, y_train


def _check_recipe(recipe):
    return _checks.instance("recipe", recipe, Recipe, "a training.Recipe")


def run_key(x_train, y_train, recipe: Recipe = Recipe(), **model_kwargs) -> str:
    """Return the 16-hex-digit key of a run: SHA-256 of recipe, architecture, data and versions."""
    x_train, y_train = _check_training_data(x_train, y_train)
    recipe = _check_recipe(recipe)
    architecture = models.architecture(models.build_cnn(**model_kwargs))
    data = hashlib.sha256()
    data.update(np.ascontiguousarray(x_train).tobytes())
    data.update(np.ascontiguousarray(y_train).tobytes())
    document = {
        "recipe": dataclasses.asdict(recipe),
        "architecture": architecture,
        "data_sha256": data.hexdigest(),
        "versions": _versions(),
        "input_pipeline": INPUT_PIPELINE,
    }
    text = json.dumps(document, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _epoch_timer():
    """Return a Keras callback that times every epoch of a ``fit``.

    Its ``epochs`` list gets one dict per epoch: ``begin`` and ``end`` (``time.perf_counter``
    readings), ``ends`` (when each training step ended) and ``validation`` (seconds of the
    validation pass, None without one); ``seconds`` is each epoch's wall-clock time.
    """
    import keras  # noqa: PLC0415

    class EpochTimer(keras.callbacks.Callback):
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

    return EpochTimer()


def split_sizes(n_images: int, validation_split: float) -> tuple[int, int]:
    """(images trained on, images held back) as ``model.fit(validation_split=...)`` splits them.

    Keras keeps the first ``floor(n * (1 - validation_split))`` images for training and the
    rest, in their order, for validation.
    """
    n_images = _checks.integer("n_images", n_images, minimum=0)
    validation_split = _checks.fraction("validation_split", validation_split)
    n_fit = int(math.floor(n_images * (1.0 - validation_split)))
    return n_fit, n_images - n_fit


def input_pipelines(x_train, y_train, recipe: Recipe = Recipe()):
    """The recipe's batches as two ``tf.data`` pipelines: ``(train, validation)``.

    They hold what ``model.fit(x_train, y_train, validation_split=..., batch_size=...,
    shuffle=True)`` trains and validates on: the first ``split_sizes(...)[0]`` images,
    reshuffled before every epoch (all of them, seeded by ``recipe.seed``) and cut into
    batches of ``recipe.batch_size`` (the last one may be smaller); and the held-back
    images in their order (``validation`` is None when ``recipe.validation_split`` is 0).

    Why not pass the arrays to ``fit``: Keras then builds a pipeline with tf.data's
    autotuning on, and drops that pipeline's iterator at every epoch boundary; dropping it
    waits for the autotuning thread, which can sleep for seconds. On a 2-core machine that
    added about 9 s to many epochs of 10 s (measured in 05_training_speed). Here autotuning
    is off and ``PREFETCH_BATCHES`` batches are prepared ahead, so nothing waits.
    """
    import tensorflow as tf  # noqa: PLC0415

    x_train, y_train = _check_training_data(x_train, y_train)
    recipe = _check_recipe(recipe)
    n_fit, n_validation = split_sizes(len(x_train), recipe.validation_split)
    if n_fit < 1:
        raise ValueError(
            f"validation_split={recipe.validation_split} leaves no training image out of {len(x_train)}"
        )
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


def compile_cnn(model, recipe: Recipe = Recipe(), **options):
    """Compile ``model`` with the recipe's loss and optimizer and the accuracy metric; return it.

    ``options`` go to ``model.compile`` as they are (``jit_compile``, ``steps_per_execution``).
    """
    _checks.keras_model("model", model)
    recipe = _check_recipe(recipe)
    model.compile(loss=recipe.loss, optimizer=recipe.optimizer, metrics=["accuracy"], **options)
    return model


def fit_cnn(model, x_train, y_train, recipe: Recipe = Recipe(), *, verbose: int = 0, callbacks=()):
    """Fit a compiled ``model`` for ``recipe.epochs`` epochs through ``input_pipelines``; return
    Keras's ``History``. This is how every training in the book feeds ``fit``."""
    _checks.keras_model("model", model)
    verbose = _checks.integer("verbose", verbose, minimum=0, maximum=2)
    callbacks = _checks.instance("callbacks", callbacks, (list, tuple), "a list of Keras callbacks")
    train, validation = input_pipelines(x_train, y_train, recipe)
    return model.fit(
        train,
        validation_data=validation,
        epochs=recipe.epochs,
        shuffle=False,  # the pipeline reshuffles every epoch itself
        verbose=verbose,
        callbacks=list(callbacks),
    )


def train_cnn(x_train, y_train, recipe: Recipe = Recipe(), *, verbose: int = 2, **model_kwargs):
    """Seed, build, compile and fit the article's CNN; save it under its key; return a TrainedRun.

    x_train: float32 (n, 28, 28, 1) in [0, 1]; y_train: one-hot (n, 10). ``verbose=2``
    prints one line per epoch, as the article's log. ``model_kwargs`` go to
    ``models.build_cnn``. These are the same steps that 05_training runs cell by cell.
    """
    x_train, y_train = _check_training_data(x_train, y_train)
    recipe = _check_recipe(recipe)
    verbose = _checks.integer("verbose", verbose, minimum=0, maximum=2)
    set_seed(recipe.seed)
    model = compile_cnn(models.build_cnn(**model_kwargs), recipe)
    timer = _epoch_timer()
    history = fit_cnn(model, x_train, y_train, recipe, verbose=verbose, callbacks=[timer])
    return record_run(model, history, x_train, y_train, recipe, epoch_seconds=timer.seconds, **model_kwargs)


def record_run(
    model, history, x_train, y_train, recipe: Recipe = Recipe(), *, epoch_seconds=None, **model_kwargs
):
    """Save a model fitted with ``recipe`` on (x_train, y_train) under its key; return a TrainedRun.

    history: the ``History`` that ``model.fit`` returned (or its ``.history`` dict).
    Raises ValueError when the model or history does not match the recipe, so that a
    run is never filed under a key that does not describe it.
    """
    x_train, y_train = _check_training_data(x_train, y_train)
    _checks.keras_model("model", model)
    recipe = _check_recipe(recipe)
    history_object = history
    history = _checks.keras_history("history", history)
    if models.architecture(model) != models.architecture(models.build_cnn(**model_kwargs)):
        raise ValueError("model: its architecture differs from models.build_cnn(**model_kwargs)")
    params = getattr(history_object, "params", None) or {}
    epochs_run = len(history.get("loss", []))
    if epochs_run != recipe.epochs:
        raise ValueError(f"history: expected {recipe.epochs} epochs (recipe.epochs), got {epochs_run}")
    train_samples, validation_samples = split_sizes(len(x_train), recipe.validation_split)
    expected_steps = -(-train_samples // recipe.batch_size)
    if params.get("steps") not in (None, expected_steps):
        raise ValueError(
            f"history: expected {expected_steps} steps per epoch for batch_size={recipe.batch_size} "
            f"and validation_split={recipe.validation_split}, got {params['steps']}"
        )
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and int(optimizer.iterations) != recipe.epochs * expected_steps:
        # e.g. a fit cell run twice: the weights have seen more epochs than the history shows
        raise ValueError(
            f"model: expected {recipe.epochs * expected_steps} optimizer steps "
            f"({recipe.epochs} epochs x {expected_steps}), got {int(optimizer.iterations)}"
        )
    key = run_key(x_train, y_train, recipe, **model_kwargs)
    history = {name: [float(value) for value in values] for name, values in history.items()}
    meta = {
        "key": key,
        "recipe": dataclasses.asdict(recipe),
        "model_kwargs": model_kwargs,
        "versions": _versions(),
        "epoch_seconds": list(epoch_seconds or []),
        "train_samples": train_samples,
        "validation_samples": validation_samples,
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    path = save_run(model, history, meta)
    return TrainedRun(model, history, key, path, meta, trained_now=True)


def save_run(model, history: dict, meta: dict) -> Path:
    """Write model, history and meta to ``cache_dir()/<key>`` atomically; return the folder.

    Everything is written into a temporary folder beside the final one, which is then
    renamed into place: a reader sees the whole run or none of it.
    """
    _checks.keras_model("model", model, methods=("save",))
    _checks.instance("history", history, dict, "a dict of metric values per epoch")
    _checks.instance("meta", meta, dict, "a dict with the run's 'key'")
    if not isinstance(meta.get("key"), str) or not meta["key"].isalnum():
        raise ValueError(f"meta: expected the run's 'key' (letters and digits), got {meta.get('key')!r}")
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / meta["key"]
    staging = Path(tempfile.mkdtemp(prefix=f".{meta['key']}-", dir=root))
    try:
        model.save(staging / MODEL_FILE)
        (staging / HISTORY_FILE).write_text(json.dumps(history, indent=1))
        (staging / META_FILE).write_text(json.dumps(meta, indent=1))
        if final.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{meta['key']}-old-", dir=root))
            try:
                os.replace(final, retired / "run")
                try:
                    os.replace(staging, final)
                except OSError:
                    os.replace(retired / "run", final)  # keep the previous run rather than none
                    raise
            finally:
                shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return final


def load_run(x_train, y_train, recipe: Recipe = Recipe(), **model_kwargs):
    """Return the saved TrainedRun for exactly this data, recipe and architecture, or None."""
    key = run_key(x_train, y_train, recipe, **model_kwargs)
    path = cache_dir() / key
    if not all((path / name).is_file() for name in (MODEL_FILE, HISTORY_FILE, META_FILE)):
        return None
    import keras  # noqa: PLC0415

    meta = json.loads((path / META_FILE).read_text())
    if meta.get("key") != key:
        return None
    model = keras.models.load_model(path / MODEL_FILE, safe_mode=True)
    history = json.loads((path / HISTORY_FILE).read_text())
    return TrainedRun(model, history, key, path, meta, trained_now=False)


def load_or_train_cnn(x_train, y_train, recipe: Recipe = Recipe(), *, verbose: int = 0, **model_kwargs):
    """Return the saved run for this data and recipe, training (and saving) one if there is none.

    Later chapters call this to reuse the model that 05_training trained.
    """
    verbose = _checks.integer("verbose", verbose, minimum=0, maximum=2)
    run = load_run(x_train, y_train, recipe, **model_kwargs)
    if run is not None:
        return run
    return train_cnn(x_train, y_train, recipe, verbose=verbose, **model_kwargs)


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
