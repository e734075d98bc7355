"""Copy the JavaScript that the HTML book's widget views need into _vendor/_static/widgets/.

The saved ipywidgets state in the notebooks is rendered in the browser by RequireJS and the
ipywidgets HTML manager. myst-nb loads both from public CDNs by default; the book serves its
own copies instead (``nb_ipywidgets_js`` in _config.yml), taken from the npm registry with
``npm pack`` (which checks each package's integrity hash). Run by ``make book``; does
nothing when the files are already there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
# Not under _static/: Jupyter Book would add every .js file there to every page. Sphinx
# copies _vendor/ into the root of the HTML (html_extra_path), so these files land in
# _static/widgets/, and myst-nb adds the scripts only to pages that hold widget views
# (nb_ipywidgets_js in _config.yml).
VENDOR = ROOT / "_vendor" / "_static" / "widgets"
REQUIREJS = "requirejs@2.3.8"
HTML_MANAGER = "@jupyter-widgets/html-manager@1.0.6"
# The HTML manager's modules ask for their fonts (Font Awesome) beside their own module
# path, which RequireJS resolves against baseUrl: baseUrl is this folder, and the fonts sit
# where both module paths (@jupyter-widgets/html-manager/dist/ and @jupyter-widgets/) point.
FONT_FOLDERS = (VENDOR / "@jupyter-widgets" / "html-manager" / "dist", VENDOR / "@jupyter-widgets")
FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".eot", ".svg"}
REQUIRE_CONFIG = """\
// Written by scripts/vendor_js.py: RequireJS resolves module paths (and the HTML manager's
// fonts) against the folder of this script, the book's own _static/widgets/.
require.config({ baseUrl: new URL(".", document.currentScript.src).href });
"""
STAMP = VENDOR / f".complete-2-{REQUIREJS}-{HTML_MANAGER.replace('/', '_')}"


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
    if STAMP.is_file():
        return 0
    if shutil.which("npm") is None:
        print(
            "scripts/vendor_js.py: npm is needed to fetch the widget JavaScript (install Node.js)",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as folder:
        with npm_pack(REQUIREJS, folder) as archive:
            write(VENDOR / "require.js", archive.extractfile("package/require.js").read())
        with npm_pack(HTML_MANAGER, folder) as archive:
            write(VENDOR / "embed-amd.js", archive.extractfile("package/dist/embed-amd.js").read())
            for member in archive.getmembers():
                name = PurePosixPath(member.name)
                if (
                    member.isfile()
                    and name.parent == PurePosixPath("package/dist")
                    and name.suffix in FONT_SUFFIXES
                ):
                    font = archive.extractfile(member).read()
                    for font_folder in FONT_FOLDERS:
                        write(font_folder / name.name, font)
    write(VENDOR / "require-config.js", REQUIRE_CONFIG.encode())
    STAMP.write_text("complete\n")
    print(f"vendored {REQUIREJS} and {HTML_MANAGER} into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
