"""Injected faults: broken MNIST files, saves that fail half-way, runs whose versions differ.

Each test breaks one thing on purpose and checks that cnn_lib says what went wrong and how
to fix it, and never leaves (or loads) half a run. The mirror's SHA-256 check and the
"no source at all" error are tested in test_data.py.
"""

import json
import os
import re
import zipfile

import numpy as np
import pytest

from cnn_lib import data, runs


def small_npz(path, **overrides):
    """Write an npz with Keras's four keys and tiny arrays (wrong shapes, but a valid file)."""
    arrays = {
        "x_train": np.zeros((2, 28, 28), np.uint8),
        "y_train": np.zeros(2, np.uint8),
        "x_test": np.zeros((1, 28, 28), np.uint8),
        "y_test": np.zeros(1, np.uint8),
    }
    arrays.update(overrides)
    np.savez(path, **{key: value for key, value in arrays.items() if value is not None})
    return path


def truncated(path):
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path


def text_file(path):
    path.write_text("this is not an npz file\n")
    return path


def empty_file(path):
    path.write_bytes(b"")
    return path


def without_y_test(path):
    return small_npz(path, y_test=None)


def with_wrong_shapes(path):
    return path  # small_npz's arrays are valid uint8 but not MNIST's shapes


def pickled_object(path):
    np.savez(path, x_train=np.array([{"a": 1}], dtype=object), y_train=0, x_test=0, y_test=0)
    return path


FILE_FAULTS = {
    "truncated": (truncated, "BadZipFile|EOFError|zip"),
    "not an npz": (text_file, "UnpicklingError|ValueError|pickle"),
    "empty": (empty_file, "EOFError|ValueError|empty"),
    "lacks y_test": (without_y_test, r"lacks the arrays \['y_test'\]"),
    "wrong shapes": (with_wrong_shapes, r"x_train from .*: expected uint8 of shape \(60000, 28, 28\)"),
    "object arrays": (pickled_object, "allow_pickle=False|Object arrays cannot be loaded"),
}


@pytest.mark.parametrize("how", ["path argument", "environment variable"])
@pytest.mark.parametrize("fault", sorted(FILE_FAULTS))
def test_broken_named_npz_gives_an_actionable_error(fault, how, tmp_path, monkeypatch):
    make_fault, cause = FILE_FAULTS[fault]
    path = make_fault(small_npz(tmp_path / "mnist.npz"))
    monkeypatch.setattr(
        data, "_load_with_keras", lambda: pytest.fail("a named file must not fall back to Keras")
    )
    monkeypatch.delenv(data.NPZ_ENV_VAR, raising=False)
    if how == "environment variable":
        monkeypatch.setenv(data.NPZ_ENV_VAR, str(path))
        load, undo = data.load_mnist, r"unset \$CNN_LIB_MNIST_NPZ"
    else:
        load, undo = (lambda: data.load_mnist(path)), "drop the path argument"
    with pytest.raises(data.MnistUnavailableError) as caught:
        load()
    message = str(caught.value)
    assert str(path) in message, f"expected the file's path in: {message}"
    for pattern in (cause, "Fix it: replace .* with a copy of Keras's mnist.npz", undo):
        assert re.search(pattern, message), f"expected {pattern!r} in: {message}"


def test_missing_named_file_is_reported_not_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv(data.NPZ_ENV_VAR, str(tmp_path / "nowhere.npz"))
    monkeypatch.setattr(data, "_load_with_keras", lambda: pytest.fail("must not fall back to Keras"))
    with pytest.raises(data.MnistUnavailableError, match=r"nowhere.npz .*FileNotFoundError.*\n.*unset"):
        data.load_mnist()


def test_truncated_zip_is_really_a_bad_zip(tmp_path):
    """The fault above is real: the halved file is not a readable zip."""
    path = truncated(small_npz(tmp_path / "mnist.npz"))
    assert not zipfile.is_zipfile(path), "the halved npz should not be a readable zip"


# --- saving a run that fails half-way ----------------------------------------------------------


class PartialModel:
    """Writes half a model file, then fails, as a full disk or a killed writer would."""

    def save(self, path):
        path.write_bytes(b"PK\x03\x04 half a zip")
        raise OSError("No space left on device")


class GoodModel:
    def save(self, path):
        path.write_bytes(b"a model")


def meta(key="0123456789abcdef", **extra):
    return {"key": key, **extra}


def assert_cache_holds_only(cache, names):
    present = sorted(entry.name for entry in cache.iterdir())
    assert present == sorted(names), f"expected only {sorted(names)} in the cache, found {present}"


def test_model_save_failure_leaves_no_run_and_no_staging(empty_cache):
    with pytest.raises(OSError, match="No space left"):
        runs.save_run(PartialModel(), {"loss": [1.0]}, meta())
    assert_cache_holds_only(empty_cache, [])


def test_meta_write_failure_leaves_no_run_and_no_staging(empty_cache):
    with pytest.raises(TypeError, match="not JSON serializable"):
        runs.save_run(GoodModel(), {"loss": [1.0]}, meta(unserializable=object()))
    assert_cache_holds_only(empty_cache, [])


def test_rename_failure_leaves_no_run_and_no_staging(empty_cache, monkeypatch):
    def refuse(source, target):
        raise OSError("rename refused")

    monkeypatch.setattr(runs.os, "replace", refuse)
    with pytest.raises(OSError, match="rename refused"):
        runs.save_run(GoodModel(), {"loss": [1.0]}, meta())
    assert_cache_holds_only(empty_cache, [])


def test_failed_overwrite_keeps_the_previous_run(empty_cache, monkeypatch):
    """Found by this test: the old run was moved aside and lost when the new one failed to move in."""
    first = runs.save_run(GoodModel(), {"loss": [1.0]}, meta())
    real_replace = os.replace
    calls = []

    def second_call_fails(source, target):
        calls.append((source, target))
        if len(calls) == 2:
            raise OSError("rename refused")
        return real_replace(source, target)

    monkeypatch.setattr(runs.os, "replace", second_call_fails)
    with pytest.raises(OSError, match="rename refused"):
        runs.save_run(GoodModel(), {"loss": [2.0]}, meta())
    assert_cache_holds_only(empty_cache, [first.name])
    assert json.loads((first / "history.json").read_text()) == {"loss": [1.0]}, "the previous run was altered"


# --- loading: safe_mode and versions -----------------------------------------------------------

X_SMALL = np.zeros((10, 28, 28, 1), np.float32)
Y_SMALL = np.eye(10, dtype=np.float32)


def fake_run(cache, key, *, meta_key=None):
    folder = cache / key
    folder.mkdir(parents=True)
    (folder / runs.MODEL_FILE).write_bytes(b"model")
    (folder / runs.HISTORY_FILE).write_text(json.dumps({"loss": [1.0]}))
    (folder / runs.META_FILE).write_text(json.dumps({"key": meta_key or key}))
    return folder


def test_keras_files_are_loaded_with_safe_mode(empty_cache, monkeypatch):
    import keras

    recorded, model = [], keras.Sequential()  # a stand-in for the saved model: TrainedRun checks its type
    monkeypatch.setattr(keras.models, "load_model", lambda *args, **kwargs: recorded.append(kwargs) or model)
    fake_run(empty_cache, runs.run_key(X_SMALL, Y_SMALL))
    run = runs.load_run(X_SMALL, Y_SMALL)
    assert run is not None and run.model is model and not run.trained_now
    assert recorded == [{"safe_mode": True}], f"expected load_model(..., safe_mode=True), got {recorded}"


def test_a_run_from_another_keras_version_is_not_reused(empty_cache, monkeypatch):
    import keras

    monkeypatch.setattr(keras.models, "load_model", lambda *args, **kwargs: pytest.fail("must not load"))
    real_versions = runs._versions()
    key_now = runs.run_key(X_SMALL, Y_SMALL)
    monkeypatch.setattr(runs, "_versions", lambda: {**real_versions, "keras": "2.15.0"})
    key_other = runs.run_key(X_SMALL, Y_SMALL)
    assert key_other != key_now, "the key must change with the Keras version"
    fake_run(empty_cache, key_other)  # saved under the other version
    monkeypatch.setattr(runs, "_versions", lambda: real_versions)
    assert runs.load_run(X_SMALL, Y_SMALL) is None


def test_a_folder_whose_meta_names_another_key_is_not_loaded(empty_cache, monkeypatch):
    import keras

    monkeypatch.setattr(keras.models, "load_model", lambda *args, **kwargs: pytest.fail("must not load"))
    fake_run(empty_cache, runs.run_key(X_SMALL, Y_SMALL), meta_key="ffffffffffffffff")
    assert runs.load_run(X_SMALL, Y_SMALL) is None
