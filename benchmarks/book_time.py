"""How long does the whole book take to execute? Every chapter, in order, real training.

Runs copies of the chapters of _toc.yml (the committed notebooks are not touched) top to bottom, each in a
fresh kernel, from an empty run cache, exactly as ``make notebooks`` does, and prints each
chapter's seconds and the total.

    python benchmarks/book_time.py                              # every chapter
    python benchmarks/book_time.py book/01_convolution.ipynb    # some of them, in the order given
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

from cnn_lib import environment

ROOT = Path(__file__).resolve().parents[1]


def _execute_notebooks():
    spec = importlib.util.spec_from_file_location(
        "execute_notebooks", ROOT / "scripts" / "execute_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", type=Path, help="default: every chapter of _toc.yml")
    args = parser.parse_args(argv)
    runner = _execute_notebooks()
    environment.apply()
    chapters = args.chapters or runner.toc_notebooks(ROOT)
    total = 0.0
    with tempfile.TemporaryDirectory(prefix="book_time_") as folder:
        os.environ["CNN_LIB_CACHE"] = str(Path(folder) / "cache")
        for chapter in chapters:
            copy = Path(folder) / chapter.name
            shutil.copy(chapter, copy)
            seconds = runner.execute(copy)
            total += seconds
            print(f"{chapter.name:32s} {seconds:7.1f} s", flush=True)
    print(f"{'whole book':32s} {total:7.1f} s ({len(chapters)} chapters, {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
