"""Judge a simulated Colab run (scripts/simulate_colab.sh) and print its summary; exit 0 only on PASS.

    python check.py SIM_DIR RUNTIME_FILE SOURCE_URL SOURCE_COMMIT

PASS needs: every chapter that _toc.yml lists ran, each without an error; the bootstrap cell
installed cnn-lib from SOURCE_URL at SOURCE_COMMIT; and `pip freeze` after the run equals the one
before it apart from cnn-lib, so that installing cnn_lib in Colab replaces nothing there.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from pathlib import Path


def runtime_pins(path: Path) -> tuple[str, dict[str, str]]:
    """Colab's Python version and its pinned packages, from scripts/colab/runtime.txt."""
    text = path.read_text()
    python = re.search(r"^# python: *(\S+)", text, re.MULTILINE)
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE))
    return (python.group(1) if python else "?"), pins


def is_cnn_lib(line: str) -> bool:
    return line.lower().replace("_", "-").startswith("cnn-lib")


def main(argv: list[str]) -> int:
    sim, runtime, source_url, source_commit = Path(argv[1]), Path(argv[2]), argv[3], argv[4]
    ok = True
    colab_python, pins = runtime_pins(runtime)

    print("\n== versions in the simulated Colab (Colab's own in brackets where they differ)")
    for name, wanted in pins.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = "not installed"
        print(f"  {name:16s} {have}{'' if have == wanted else f'  [Colab: {wanted}]'}")
        ok &= have == wanted
    python = ".".join(map(str, sys.version_info[:3]))
    note = (
        ""
        if python.startswith(colab_python)
        else (
            f"  [Colab: {colab_python}, which this machine does not have, so the chapters ran on {python};"
            f" tests/test_colab_runtime.py resolves every pin and cnn-lib for Python {colab_python}]"
        )
    )
    print(f"  {'python':16s} {python}{note}")

    print("\n== chapters (as listed in _toc.yml)")
    chapters_file, results_file = sim / "run" / "chapters.json", sim / "run" / "results.json"
    expected = json.loads(chapters_file.read_text()) if chapters_file.exists() else []
    results = json.loads(results_file.read_text()) if results_file.exists() else []
    for result in results:
        status = f"FAIL: {result['error']}" if result["error"] else "pass"
        print(f"  {result['chapter']:32s} {result['seconds']:7.1f} s  {status}")
        ok &= result["error"] is None
    print(f"  {'whole book':32s} {sum(result['seconds'] for result in results):7.1f} s")
    ran = [result["chapter"] for result in results]
    if not expected or ran != expected:
        print(
            f"  ran {len(ran)} of the {len(expected)} chapters in _toc.yml: missing {sorted(set(expected) - set(ran))}"
        )
        ok = False

    print("\n== cnn_lib, installed by the bootstrap cell's %pip install")
    try:
        dist = metadata.distribution("cnn-lib")
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
        commit = direct.get("vcs_info", {}).get("commit_id")
        print(f"  cnn-lib {dist.version} from {direct.get('url')} at {commit}")
        if commit != source_commit or direct.get("url") != source_url:
            print(f"  NOT the expected source ({source_url} at {source_commit})")
            ok = False
    except metadata.PackageNotFoundError:
        print("  NOT installed")
        ok = False

    print("\n== pip freeze: before vs after the run (cnn-lib aside; must be empty)")
    before, after = (
        [line for line in (sim / name).read_text().splitlines() if line.strip()]
        for name in ("freeze-before.txt", "freeze-after.txt")
    )
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before and not is_cnn_lib(line)]
    for line in removed:
        print(f"  - {line}")
    for line in added:
        print(f"  + {line}")
    if removed or added:
        ok = False
    else:
        print("  (no change)")

    print("\nRESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
