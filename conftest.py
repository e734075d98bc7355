"""Loaded by pytest for every test and notebook of the checkout, before anything imports TensorFlow.

It gives the run the book's environment (cnn_lib/environment.py), so that `pytest book --nbval` run
directly gets the outputs that `make test` gets, and, unless CNN_LIB_CACHE names one, an empty run
cache for the session: the chapters then train for real, as in CI, instead of reusing a model an
earlier run left on the machine.
"""

import os
import shutil
import tempfile

from cnn_lib import environment

environment.apply()
if not os.environ.get("CNN_LIB_CACHE"):
    _EMPTY_CACHE = tempfile.mkdtemp(prefix="cnn_lib_cache_")
    os.environ["CNN_LIB_CACHE"] = _EMPTY_CACHE


def pytest_unconfigure(config):
    if "_EMPTY_CACHE" in globals():
        shutil.rmtree(_EMPTY_CACHE, ignore_errors=True)
