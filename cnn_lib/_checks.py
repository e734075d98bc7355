"""Argument checks shared by the cnn_lib modules (one wording for every message)."""

from __future__ import annotations

import numbers


def integer(name: str, value, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise TypeError/ValueError naming ``name``.

    Accepts Python and numpy integers (not bool) that are at least ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    return int(value)
