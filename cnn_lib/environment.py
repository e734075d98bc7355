"""The environment every chapter runs in: the one place where its variables are written.

Everything reads this module: the Makefile and scripts/simulate_colab.sh through
``python -m cnn_lib.environment`` (``KEY=VALUE`` lines), scripts/execute_notebooks.py, the root
conftest.py (so that ``pytest book --nbval`` run directly gets what ``make test`` gets), the
benchmarks, the fresh processes of ``cnn_lib.speed``, and each chapter's first cell, which
scripts/stamp_notebooks.py writes from :data:`BOOK_ENVIRONMENT` (tests/test_book.py checks it).
Importing this module imports nothing else of the package, and nothing outside Python's standard
library: the Makefile runs it before anything is installed. That is why ``apply`` checks its two
arguments here and not through ``cnn_lib._checks``, which imports numpy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

#: Name -> value, with the reason for each.
BOOK_ENVIRONMENT = {
    # TensorFlow's C++ log lines would land in the stored outputs as stderr (level 2 still lets one
    # through during fit), and do not appear under nbval, which then reports a missing output.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN's kernels. Unset, TensorFlow turns them on only for CPUs with VNNI, BF16 or AMX
    # instructions (DefaultOneDnnPolicy in tensorflow/core/util/util.cc); on an AVX2 CPU training is
    # about twice as fast with them (the appendix "How fast can it train?" measures it).
    "TF_ENABLE_ONEDNN_OPTS": "1",
    # model.summary() follows the terminal's width: a fixed width keeps its output the same.
    "COLUMNS": "100",
    # Python's string hashing, fixed for the kernels and processes the project starts.
    "PYTHONHASHSEED": "0",
}


#: The variables that act only when a process starts (Python reads PYTHONHASHSEED before any code
#: runs): the project's commands set them for the kernels they start; a chapter's first cell, which
#: runs inside a kernel that has already started, sets only the others.
STARTUP_ONLY = frozenset({"PYTHONHASHSEED"})


def in_kernel() -> dict:
    """The variables a running kernel can still set for itself, before it imports TensorFlow."""
    return {name: value for name, value in BOOK_ENVIRONMENT.items() if name not in STARTUP_ONLY}


def apply(environ=None, *, override: bool = True) -> dict:
    """Set the book's environment in ``environ`` (default ``os.environ``) and return it.

    ``override=False`` keeps a value that is already set (a reader's own choice), as the chapters'
    first cell does.
    """
    environ = os.environ if environ is None else environ
    if not isinstance(environ, MutableMapping):
        raise TypeError(
            f"environ: expected a mutable mapping of variables such as os.environ, got {type(environ).__name__}"
        )
    if not isinstance(override, bool):
        raise TypeError(f"override: expected True or False, got {type(override).__name__} {override!r}")
    for name, value in BOOK_ENVIRONMENT.items():
        if override:
            environ[name] = value
        else:
            environ.setdefault(name, value)
    return environ


def main() -> int:
    for name, value in BOOK_ENVIRONMENT.items():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
