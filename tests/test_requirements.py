"""One source for each version: the reader's environment (binder/) and the developer's (requirements.txt).

Binder's repo2docker reads only binder/ when that folder exists: binder/requirements.txt holds what
the chapters import, binder/postBuild adds the MNIST mirror and cnn_lib. requirements.txt includes
that file and adds the tools that build and test the book, so no version is written twice.
"""

import re
from importlib import metadata
from pathlib import Path

from cnn_lib import data

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
CHAPTER_PACKAGES = {"keras", "numpy", "pandas", "matplotlib", "scipy", "ipywidgets"}
DEVELOPER_TOOLS = {"pytest", "nbval", "ruff", "playwright", "hypothesis", "jupyter-book", "nbclient"}


def requirement_lines(path):
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return [line for line in lines if line]


def pinned_names(path):
    names = {}
    for line in requirement_lines(path):
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;]+)", line)
        if match:
            names.setdefault(match.group(1).lower(), []).append(match.group(2))
    return names


def test_binder_has_what_the_chapters_import_and_no_developer_tools():
    pins = pinned_names(BINDER / "requirements.txt")
    assert CHAPTER_PACKAGES <= set(pins), CHAPTER_PACKAGES - set(pins)
    assert {"tensorflow", "tensorflow-cpu"} & set(pins)
    assert not DEVELOPER_TOOLS & set(pins)
    for line in requirement_lines(BINDER / "requirements.txt"):
        assert "==" in line, f"Binder advises exact pins: {line}"


def test_requirements_include_binders_pins_and_repeat_none():
    lines = requirement_lines(ROOT / "requirements.txt")
    assert "-r binder/requirements.txt" in lines
    repeated = set(pinned_names(ROOT / "requirements.txt")) & set(pinned_names(BINDER / "requirements.txt"))
    assert not repeated, f"pinned in both files: {sorted(repeated)}"
    assert "-e ." in lines


def test_binder_post_build_installs_the_mirror_and_cnn_lib():
    post_build = (BINDER / "postBuild").read_text()
    assert post_build.startswith("#!/bin/bash") and "set -euo pipefail" in post_build
    assert "--no-deps -r binder/requirements-no-deps.txt" in post_build
    assert "-e ." in post_build
    assert (BINDER / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    # repo2docker ignores files at the root once binder/ exists: the Python version is binder's.
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (ROOT / "runtime.txt").exists()


def test_the_mirror_release_is_named_once_for_installers_and_matches_cnn_lib():
    assert requirement_lines(BINDER / "requirements-no-deps.txt") == [data.MIRROR_PACKAGE]


def test_cnn_lib_dependencies_are_in_binders_environment():
    requires = [req for req in metadata.requires("cnn-lib") if "extra ==" not in req]
    needed = {re.match(r"[A-Za-z0-9_.-]+", req).group(0).lower() for req in requires}
    assert needed and needed <= set(pinned_names(BINDER / "requirements.txt")), needed
