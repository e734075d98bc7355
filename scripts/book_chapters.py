"""The book's chapters: the notebooks that _toc.yml lists, in its order (the root page and other
.md files are not run). The one list that the scripts (stamp, execute, the Colab run, the timing
benchmark) and the tests read, so that a chapter added to the table of contents is run everywhere.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The .ipynb files of ``root/_toc.yml``, in its order: the root, then chapters and parts."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text())
    entries = [toc["root"], *(entry["file"] for entry in toc.get("chapters", []))]
    for part in toc.get("parts", []):
        entries += [entry["file"] for entry in part["chapters"]]
    notebooks = [Path(root) / f"{entry}.ipynb" for entry in entries]
    return [path for path in notebooks if path.is_file()]
