"""Shared fixtures. TensorFlow's C++ logging is silenced before anything imports it."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST, loaded once per test session through cnn_lib."""
    from cnn_lib import data

    return data.load_mnist_with_source()


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """Point cnn_lib's run cache at an empty folder for one test."""
    monkeypatch.setenv("CNN_LIB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


REPORT = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def terminal_report(request):
    """Lines to print at the end of the test session (tests/test_browser.py: bytes per page)."""
    return request.config.stash.setdefault(REPORT, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(REPORT, [])
    if lines:
        terminalreporter.section(lines[0])
        for line in lines[1:]:
            terminalreporter.write_line(line)
