"""Small helpers that let a chapter quote its own results and say where they came from.

``glue`` stores a value for the book's prose (myst-nb's glue when it is installed, a
plain display otherwise, as in Colab); ``run_info`` describes the machine and versions.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys

from . import _checks


def glue(name: str, value, display: bool = False) -> None:
    """Store ``value`` under ``name`` for ``{glue:text}`` in the book's prose (myst-nb's glue).

    numpy scalars are stored as plain Python numbers, so that ``{glue:text}`name:,d``` and
    other format specs apply. Without myst-nb (a plain Jupyter or Colab kernel) the value
    is displayed instead.
    """
    name = _checks.string("name", name)
    display = _checks.boolean("display", display)
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()
    try:
        from myst_nb import glue as myst_glue  # noqa: PLC0415
    except ImportError:
        from IPython.display import display as ipython_display  # noqa: PLC0415

        ipython_display(value)
        return
    myst_glue(name, value, display=display)


def cpu_name() -> str:
    """Return the processor's model name (from /proc/cpuinfo on Linux) and its core count."""
    name = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{name}, {os.cpu_count()} cores"


def run_info(**extra) -> dict:
    """Return where a chapter's outputs came from: date, versions, CPU, plus ``extra`` items."""
    import numpy  # noqa: PLC0415

    info = {
        "date (UTC)": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
    }
    if "keras" in sys.modules or "tensorflow" in sys.modules:
        import keras  # noqa: PLC0415
        import tensorflow  # noqa: PLC0415

        info["tensorflow"] = tensorflow.__version__
        info["keras"] = keras.__version__
    info["cpu"] = cpu_name()
    info["platform"] = platform.platform(terse=True)
    info.update(extra)
    return info


def show_run_info(**extra):
    """Return ``run_info`` as a one-column pandas DataFrame for display at a chapter's end."""
    import pandas as pd  # noqa: PLC0415

    return pd.DataFrame({"value": {key: str(value) for key, value in run_info(**extra).items()}})
