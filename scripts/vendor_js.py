"""Fetch the JavaScript that the tests inject into the built book: axe-core, the accessibility checker.

``npm pack`` takes the pinned package from the npm registry and checks its integrity hash; the file
lands in _build/vendor/ (never in the published HTML). Run by ``make test``; does nothing when the
file is already there. tests/test_browser.py reads ``AXE_CORE`` from here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_PACKAGE = "axe-core@4.14.1"
AXE_CORE = ROOT / "_build" / "vendor" / AXE_PACKAGE.replace("@", "-") / "axe.min.js"


def npm_pack(package: str, folder: str) -> tarfile.TarFile:
    tarball = subprocess.run(
        ["npm", "pack", package, "--silent"], cwd=folder, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    return tarfile.open(Path(folder) / tarball)


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.part")
    staging.write_bytes(data)
    staging.replace(path)


def main() -> int:
    if AXE_CORE.is_file():
        return 0
    if shutil.which("npm") is None:
        print(
            "scripts/vendor_js.py: npm is needed to fetch axe-core for the tests (install Node.js)",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as folder, npm_pack(AXE_PACKAGE, folder) as archive:
        write(AXE_CORE, archive.extractfile("package/axe.min.js").read())
    print(f"vendored {AXE_PACKAGE} into {AXE_CORE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
