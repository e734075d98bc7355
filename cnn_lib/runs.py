"""Where trained runs are kept, and under which key, so that later chapters reuse chapter 05's model.

Introduced in 05_training. A trained run is saved under a key made of everything that decides
the result: the recipe, the architecture, the data's SHA-256, the Keras/TensorFlow versions and
the source code of the functions that build and train the network (``TRAINING_CODE``), so a
changed recipe or a changed pipeline never reuses an old model. Runs are written to a temporary
folder and renamed into place, so an interrupted training never leaves a run that a later
chapter would load.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import inspect
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from . import _checks, models, training

CACHE_ENV_VAR = "CNN_LIB_CACHE"
MODEL_FILE = "model.keras"
HISTORY_FILE = "history.json"
META_FILE = "meta.json"
#: The functions whose source code decides a trained run (with the recipe, data and versions):
#: (module, name) pairs, looked up when a key is made.
TRAINING_CODE = (
    (models, "build_cnn"),
    (training, "set_seed"),
    (training, "compile_cnn"),
    (training, "fit_cnn"),
    (training, "train_cnn"),
)


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


def _check_recipe(recipe):
    return _checks.instance("recipe", recipe, training.Recipe, "a training.Recipe")


def _training_code_sha256() -> str:
    """SHA-256 of the source code of the ``TRAINING_CODE`` functions, as they are now."""
    code = hashlib.sha256()
    for module, name in TRAINING_CODE:
        code.update(inspect.getsource(getattr(module, name)).encode())
    return code.hexdigest()


def run_key(x_train, y_train, recipe: training.Recipe = training.ARTICLE_RECIPE, **model_kwargs) -> str:
    """Return the 16-hex-digit key of a run: SHA-256 of recipe, architecture, data, versions and code."""
    x_train, y_train = _checks.training_data(x_train, y_train)
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
        "training_code_sha256": _training_code_sha256(),
    }
    text = json.dumps(document, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def record_run(
    model,
    history,
    x_train,
    y_train,
    recipe: training.Recipe = training.ARTICLE_RECIPE,
    *,
    epoch_seconds=None,
    **model_kwargs,
):
    """Save a model fitted with ``recipe`` on (x_train, y_train) under its key; return a TrainedRun.

    history: the ``History`` that ``model.fit`` returned (or its ``.history`` dict).
    Raises ValueError when the model or history does not match the recipe, so that a
    run is never filed under a key that does not describe it.
    """
    x_train, y_train = _checks.training_data(x_train, y_train)
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
    train_samples, validation_samples = training.split_sizes(len(x_train), recipe.validation_split)
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


def load_run(x_train, y_train, recipe: training.Recipe = training.ARTICLE_RECIPE, **model_kwargs):
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


def save_companion(run, name: str, model) -> Path:
    """Keep another model trained on this run's data beside it: ``<run folder>/<name>.keras``.

    08_beyond_the_article saves its MLP this way, so that ``scripts/export_web_assets.py --weights``
    can give the HTML book the very MLP whose numbers the chapter shows. The file is written
    beside its final place and renamed into it: a reader sees the whole model or the previous one.
    """
    _checks.instance("run", run, TrainedRun, "a runs.TrainedRun")
    name = _checks.string("name", name)
    if not name.isalnum() or name == Path(MODEL_FILE).stem:
        raise ValueError(
            f"name: expected letters and digits other than {Path(MODEL_FILE).stem!r}, got {name!r}"
        )
    _checks.keras_model("model", model, methods=("save",))
    final = Path(run.path) / f"{name}.keras"
    if not final.parent.is_dir():
        raise FileNotFoundError(f"run: its folder {final.parent} is gone")
    descriptor, staging = tempfile.mkstemp(prefix=f".{name}-", suffix=".keras", dir=final.parent)
    os.close(descriptor)
    try:
        model.save(staging)
        os.replace(staging, final)
    finally:
        if os.path.exists(staging):
            os.remove(staging)
    return final


def load_companion(run, name: str):
    """The model that ``save_companion(run, name, ...)`` kept beside the run, or None."""
    _checks.instance("run", run, TrainedRun, "a runs.TrainedRun")
    name = _checks.string("name", name)
    path = Path(run.path) / f"{name}.keras"
    if not path.is_file():
        return None
    import keras  # noqa: PLC0415

    return keras.models.load_model(path, safe_mode=True)


def load_or_train_cnn(
    x_train, y_train, recipe: training.Recipe = training.ARTICLE_RECIPE, *, verbose: int = 0, **model_kwargs
):
    """Return the saved run for this data and recipe, training (``training.train_cnn``) and saving
    one if there is none; the epochs' seconds go into its meta.

    Later chapters call this to reuse the model that 05_training trained.
    """
    verbose = _checks.integer("verbose", verbose, minimum=0, maximum=2)
    run = load_run(x_train, y_train, recipe, **model_kwargs)
    if run is not None:
        return run
    timer = training.EpochTimer()
    model, history = training.train_cnn(
        x_train, y_train, recipe, verbose=verbose, callbacks=[timer], **model_kwargs
    )
    return record_run(model, history, x_train, y_train, recipe, epoch_seconds=timer.seconds, **model_kwargs)
