"""Argument checks shared by the cnn_lib modules: the one home of every argument check.

One wording for every message: ``"<argument>: expected <what>, got <what came>"``. A wrong type
is a TypeError, an impossible value (out of range, wrong shape, empty, NaN) a ValueError.
Nothing here imports TensorFlow, Keras or matplotlib at import time.
"""

from __future__ import annotations

import math
import numbers
import os
import sys

import numpy as np

from . import article

#: The largest seed every generator the book seeds accepts (``np.random.seed`` stops at 2**32 - 1).
SEED_MAX = 2**32 - 1


def _got(value) -> str:
    """What came, for a TypeError: the type's name and a short repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def integer(name: str, value, *, minimum: int | None = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int: a Python or numpy integer (not bool) in ``minimum..maximum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {_got(value)}")
    if maximum is not None and minimum is not None:
        if not minimum <= value <= maximum:
            raise ValueError(f"{name}: expected an integer in {minimum}..{maximum}, got {value}")
    elif minimum is not None and value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    elif maximum is not None and value > maximum:
        raise ValueError(f"{name}: expected an integer <= {maximum}, got {value}")
    return int(value)


def seed(name: str, value) -> int:
    """A random seed: an integer in 0..2**32 - 1, what Python, numpy and TensorFlow all accept."""
    return integer(name, value, minimum=0, maximum=SEED_MAX)


def integers(name: str, values, *, minimum: int = 1, maximum: int | None = None, length: int | None = None):
    """Return a non-empty list or tuple of integers (each checked by ``integer``) as a list of ints."""
    what = f"a list of {length} integers" if length else "a list of integers"
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name}: expected {what}, got {_got(values)}")
    values = list(values)
    if length is not None and len(values) != length:
        raise ValueError(f"{name}: expected {what}, got {len(values)}: {values!r}")
    if not values:
        raise ValueError(f"{name}: expected at least one integer, got none")
    return [
        integer(f"{name}[{i}]", value, minimum=minimum, maximum=maximum) for i, value in enumerate(values)
    ]


def number(name: str, value, *, minimum=None, above=None, maximum=None, below=None, what=None) -> float:
    """Return ``value`` as a float: a finite real number (not bool) within the given bounds.

    ``minimum``/``maximum`` are inclusive, ``above``/``below`` exclusive.
    """
    if what is None:
        low = f"[{minimum}" if minimum is not None else f"({above}" if above is not None else None
        high = f"{maximum}]" if maximum is not None else f"{below})" if below is not None else None
        if low and high:
            what = f"a number in {low}, {high}"
        elif low:
            what = f"a number >= {minimum}" if minimum is not None else f"a number > {above}"
        elif high:
            what = f"a number <= {maximum}" if maximum is not None else f"a number < {below}"
        else:
            what = "a finite number"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected {what}, got {_got(value)}")
    inside = (
        math.isfinite(value)
        and (minimum is None or value >= minimum)
        and (above is None or value > above)
        and (maximum is None or value <= maximum)
        and (below is None or value < below)
    )
    if not inside:
        raise ValueError(f"{name}: expected {what}, got {value!r}")
    return float(value)


def number_text(name: str, text, *, limit: float | None = None) -> float:
    """A number a reader typed (``" 0.25 "``): finite and, with ``limit``, within +-limit."""
    what = f"a number within +-{limit:.3g}" if limit is not None else "a finite number"
    stripped = str(text).strip()
    try:
        value = float(stripped)
    except ValueError:
        raise ValueError(f"{name}: expected {what}, got {stripped!r}") from None
    if limit is None:
        return number(name, value, what=what)
    return number(name, value, minimum=-limit, maximum=limit, what=what)


def fraction(name: str, value) -> float:
    """A rate or share in [0, 1): a dropout rate, a validation split."""
    return number(name, value, minimum=0, below=1, what="a fraction in [0, 1)")


def boolean(name: str, value) -> bool:
    """True or False (numpy's bool too), nothing else: 1 and "yes" are refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}: expected True or False, got {_got(value)}")
    return bool(value)


def string(name: str, value, *, none: bool = False, empty: bool = False) -> str | None:
    """A non-empty string (not only spaces); with ``none``, None too; with ``empty``, any string."""
    if none and value is None:
        return None
    what = "a string" if empty else "a non-empty string"
    what += " or None" if none else ""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected {what}, got {_got(value)}")
    if not empty and not value.strip():
        raise ValueError(f"{name}: expected {what}, got {value!r}")
    return value


def choice(name: str, value, choices, *, what: str | None = None):
    """One of ``choices``; a value of another type than the choices' is a TypeError."""
    choices = list(choices)
    what = what or f"one of {choices}"
    if all(isinstance(option, str) for option in choices):
        if not isinstance(value, str):
            raise TypeError(f"{name}: expected {what}, got {_got(value)}")
    elif all(isinstance(option, numbers.Integral) for option in choices):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name}: expected {what}, got {_got(value)}")
    if value not in choices:
        raise ValueError(f"{name}: expected {what}, got {value!r}")
    return value


def instance(name: str, value, kind, what: str):
    """An instance of ``kind`` (a class or a tuple of classes), described to the reader as ``what``."""
    if not isinstance(value, kind):
        raise TypeError(f"{name}: expected {what}, got {type(value).__name__}")
    return value


def path(name: str, value) -> str | os.PathLike:
    """A file or folder path: a non-empty str or an ``os.PathLike``."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name}: expected a path (str or pathlib.Path), got {_got(value)}")
    if not os.fspath(value):
        raise ValueError(f"{name}: expected a path (str or pathlib.Path), got an empty string")
    return value


def items(name: str, values, kind, what: str, *, empty: bool = False) -> list:
    """A list, tuple or set whose every item is a ``kind`` (e.g. the runs of a table); non-empty
    unless ``empty``."""
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise TypeError(f"{name}: expected a list of {what}, got {type(values).__name__}")
    for position, value in enumerate(values):
        if not isinstance(value, kind):
            raise TypeError(f"{name}[{position}]: expected {what}, got {_got(value)}")
    if not values and not empty:
        raise ValueError(f"{name}: expected a non-empty list of {what}, got none")
    return list(values)


def keras_model(name: str, value, *, methods: tuple[str, ...] = ()):
    """A ``keras.Model`` (``models.build_cnn()``); with ``methods``, anything that has them.

    Keras is not imported here: when it is not imported yet, nothing can be a Keras model.
    """
    if methods:
        if all(callable(getattr(value, method, None)) for method in methods):
            return value
    else:
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(value, keras.Model):
            return value
    raise TypeError(f"{name}: expected a Keras model (models.build_cnn()), got {type(value).__name__}")


def keras_history(name: str, value) -> dict:
    """The dict of a Keras ``History`` (or that dict itself): metric name -> values per epoch."""
    value = getattr(value, "history", value)
    if not isinstance(value, dict):
        raise TypeError(f"{name}: expected a Keras History or its dict, got {type(value).__name__}")
    return value


def colormap(name: str, value) -> str:
    """The name of a matplotlib colour map, such as 'gray' or 'PuOr'."""
    import matplotlib  # noqa: PLC0415 - only when a colour map is asked for

    return choice(
        name, value, matplotlib.colormaps, what="the name of a matplotlib colour map such as 'gray'"
    )


def _dtype_text(dtype) -> str:
    return "a floating-point dtype" if dtype is np.floating else f"dtype {np.dtype(dtype).name}"


def real_array(
    name: str,
    value,
    *,
    ndims=None,
    shapes=None,
    shape_text: str | None = None,
    dtype=None,
    booleans: bool = False,
    empty: bool = False,
    finite: bool = True,
) -> np.ndarray:
    """Return ``np.asarray(value)`` after checking that it is an array of real numbers.

    ndims: the allowed numbers of dimensions; shapes: the allowed shapes, tuples whose None
    entries match any size (one of the two, described to the reader by ``shape_text``).
    dtype: a required dtype (``np.floating`` for any float). booleans: accept a bool array.
    empty: accept an array with no element. finite: refuse NaN and infinity.
    Checked in this order: numbers (TypeError), dtype (TypeError), shape, size, finiteness.
    """
    what = "a real numeric array" + (f" of shape {shape_text}" if shape_text else "")
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name}: expected {what}, got {_got(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise ValueError(f"{name}: expected {what}, got a ragged sequence ({error})") from None
    numeric = np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    if not (numeric or (booleans and array.dtype == np.bool_)):
        raise TypeError(f"{name}: expected {what}, got dtype {array.dtype}")
    if dtype is not None and not np.issubdtype(array.dtype, dtype):
        raise TypeError(f"{name}: expected {_dtype_text(dtype)}, got dtype {array.dtype}")
    if shapes is not None:
        fits = any(
            len(shape) == array.ndim
            and all(want is None or want == got for want, got in zip(shape, array.shape))
            for shape in shapes
        )
    else:
        fits = ndims is None or array.ndim in ndims
    if not fits:
        raise ValueError(f"{name}: expected shape {shape_text}, got shape {array.shape}")
    if not empty and array.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {array.shape}")
    if finite and array.size and not np.isfinite(array).all():
        raise ValueError(f"{name}: expected finite values, got NaN or infinity")
    return array


def class_labels(
    name: str,
    values,
    *,
    num_classes: int = article.NUM_CLASSES,
    count: int | None = None,
    empty: bool = False,
):
    """A 1-D integer array of class numbers in 0..num_classes-1 (``count`` of them, if given)."""
    expected = (
        f"a 1-D array of {count} class numbers" if count is not None else "a 1-D array of class numbers"
    )
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(f"{name}: expected {expected}, got {_got(values)}")
    try:
        array = np.asarray(values)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: expected {expected}, got a ragged sequence ({error})") from None
    if array.ndim != 1 or (count is not None and len(array) != count):
        raise ValueError(f"{name}: expected {expected}, got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name}: expected integer class numbers, got dtype {array.dtype}")
    if array.size == 0:
        if empty:
            return array
        raise ValueError(f"{name}: expected a non-empty array, got shape {array.shape}")
    if array.min() < 0 or array.max() >= num_classes:
        raise ValueError(
            f"{name}: expected class numbers in 0..{num_classes - 1}, got {array.min()}..{array.max()}"
        )
    return array


def training_data(x_train, y_train, names=("x_train", "y_train")):
    """Images float32 (n, 28, 28, 1)-like and their one-hot rows (n, classes), as ``fit`` takes them."""
    x_name, y_name = names
    x_train = real_array(x_name, x_train, ndims=(4,), shape_text="(n, 28, 28, 1)", dtype=np.float32)
    y_train = np.asarray(y_train)
    if y_train.dtype != np.float32 and y_train.ndim == 2 and np.issubdtype(y_train.dtype, np.number):
        # keras.utils.to_categorical and data.one_hot must file the same run under one key
        y_train = y_train.astype(np.float32)
    y_train = real_array(
        y_name,
        y_train,
        shapes=((len(x_train), None),),
        shape_text=f"(n, classes) of one-hot rows, n = {len(x_train)}",
    )
    return x_train, y_train
