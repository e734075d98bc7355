"""Write each chapter's first code cell, and the notebook metadata Colab reads, from one template.

Every chapter opens with the same hidden cell: the book's environment (cnn_lib/environment.py),
set before anything imports TensorFlow, and in Colab the installation of cnn_lib from the
repository of _config.yml. That cell is written here, never by hand. A chapter that trains the
CNN when opened alone also asks Colab for a GPU runtime (``accelerator`` and ``colab.gpuType`` in
its metadata); the others ask for nothing. ``make notebooks`` runs this first; tests/test_book.py
fails when a chapter differs from what it writes.

    python scripts/stamp_notebooks.py            # stamp the chapters of _toc.yml
    python scripts/stamp_notebooks.py --check    # exit 1, naming them, if any would change
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from book_chapters import toc_notebooks  # noqa: E402

from cnn_lib import environment  # noqa: E402

TEMPLATE = """\
# Before anything imports TensorFlow: the book's environment (cnn_lib/environment.py). Among it
# oneDNN's CPU kernels, which TensorFlow turns on by itself only on CPUs with VNNI, BF16 or AMX
# instructions; elsewhere they train this CNN about twice as fast as TensorFlow's default (the
# appendix "How fast can it train?" measures it). A variable you set yourself is kept.
import os
import sys

for name, value in {environment}.items():
    os.environ.setdefault(name, value)

# Colab only: install this book's helper package, cnn_lib, when it is missing.
if "google.colab" in sys.modules:
    try:
        import cnn_lib  # noqa: F401
    except ImportError:
        %pip install --quiet "cnn-lib @ git+{repository}@main\""""
TRAINS = re.compile(r"\bload_or_train_cnn\(|\.fit\(|\btrain_cnn\(")
COLAB_GPU = {"accelerator": "GPU", "colab": {"gpuType": "T4", "provenance": []}}


def repository_url() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")


def bootstrap_source() -> str:
    """The first code cell of every chapter."""
    # One line per variable, as `ruff format` lays out the dictionary in the chapters' narrow column.
    variables = "".join(
        f"    {json.dumps(name)}: {json.dumps(value)},\n" for name, value in environment.in_kernel().items()
    )
    return TEMPLATE.format(environment="{\n" + variables + "}", repository=repository_url())


def trains(notebook) -> bool:
    """Does the chapter train the CNN (or may it, when opened without a saved run)?"""
    return any(TRAINS.search(cell.source) for cell in notebook.cells if cell.cell_type == "code")


def stamped(notebook):
    """The notebook with its first code cell and its Colab metadata as the template has them."""
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    first.source = bootstrap_source()
    first.metadata["tags"] = ["remove-cell"]  # hidden in the HTML
    for key in COLAB_GPU:
        notebook.metadata.pop(key, None)
    if trains(notebook):
        notebook.metadata.update(json.loads(json.dumps(COLAB_GPU)))
    return notebook


def chapters() -> list[Path]:
    return toc_notebooks(ROOT)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a chapter differs")
    args = parser.parse_args(argv)
    differ = []
    for path in chapters():
        before = path.read_text()
        after = nbformat.writes(stamped(nbformat.read(path, as_version=4))) + "\n"
        if after != before:
            differ.append(path.name)
            if not args.check:
                path.write_text(after)
    if differ:
        verb = "differ from the template" if args.check else "stamped"
        print(f"{verb}: {', '.join(differ)}", file=sys.stderr if args.check else sys.stdout)
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
