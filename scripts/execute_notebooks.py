"""Run the book's notebooks top to bottom, each in a fresh kernel, and store their outputs.

This is the one command that makes the committed outputs (``make notebooks``):
execution counts run 1, 2, 3, ... and nothing is edited by hand. The notebooks run in
the order of _toc.yml (scripts/book_chapters.py) against an empty run cache, so the later chapters reuse
the model that 05_training trains in this very run. Prints each chapter's time.

    python scripts/execute_notebooks.py [book/05_training.ipynb ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from book_chapters import toc_notebooks  # noqa: E402

from cnn_lib import environment  # noqa: E402


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=-1,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        # C-level output (TensorFlow's own logging) is not captured under nbval either.
        extra_arguments=["--IPKernelApp.capture_fd_output=False"],
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter of _toc.yml")
    parser.add_argument(
        "--keep-cache", action="store_true", help="reuse $CNN_LIB_CACHE instead of an empty one"
    )
    args = parser.parse_args(argv)
    notebooks = args.notebooks or toc_notebooks(ROOT)
    environment.apply()  # the environment every chapter runs in (cnn_lib/environment.py)
    with tempfile.TemporaryDirectory(prefix="cnn_lib_cache_") as empty_cache:
        if not args.keep_cache:
            os.environ["CNN_LIB_CACHE"] = empty_cache
        total = 0.0
        for path in notebooks:
            seconds = execute(path)
            total += seconds
            print(f"{path.name:32s} {seconds:7.1f} s", flush=True)
        print(f"{'whole book':32s} {total:7.1f} s")
        if not args.notebooks:
            # The HTML book's draw-a-digit panel runs this very run's model (web/cnn_weights.npz).
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "export_web_assets.py"), "--weights"], check=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
