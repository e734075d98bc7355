"""Export the data of the HTML book's in-page interactives (run by ``make book``).

    python scripts/export_web_assets.py            # web/ + MNIST -> _vendor/_static/web/*.js
    python scripts/export_web_assets.py --weights  # the chapter-5 run in the cache -> web/

The trained CNN that the draw-a-digit panel runs is the model of the run whose outputs the
chapters show: ``make notebooks`` trains it (chapter 05) and then calls this script with
``--weights``, which copies its weights, float32 bit for bit, into ``web/cnn_weights.npz``
(committed, beside the notebooks' stored outputs, with the run's key in
``web/cnn_weights.json``). Every book build turns that file, the MNIST test set and the
model's predictions on it into ``_static/web/{digits,model,confusion}.js``, and matplotlib's
colour maps into ``_static/web/colormaps.js`` (see cnn_lib/web.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cnn_lib import data, environment, evaluation, runs, web

ROOT = Path(__file__).resolve().parents[1]
#: The committed weights of the book's run (written by ``--weights``, read by the build and the tests).
WEIGHTS = ROOT / "web" / "cnn_weights.npz"
WEIGHTS_META = WEIGHTS.with_suffix(".json")
OUTPUT = ROOT / "_vendor" / "_static" / "web"


def export_weights() -> int:
    (x_train, y_train), _ = data.load_mnist()
    run = runs.load_run(data.preprocess_images(x_train), data.one_hot(y_train))
    if run is None:
        print(
            f"no trained run in {runs.cache_dir()}: run chapter 05 first (make notebooks)",
            file=sys.stderr,
        )
        return 1
    count = web.save_weights(run.model, WEIGHTS)
    meta = {key: run.meta[key] for key in ("key", "recipe", "versions", "finished")}
    WEIGHTS_META.write_text(json.dumps(meta, indent=1) + "\n")
    print(f"{WEIGHTS.relative_to(ROOT)}: {count} arrays from run {run.key}")
    return 0


def export_assets(output: Path) -> int:
    _, (x_test, y_test) = data.load_mnist()
    model = web.book_model(WEIGHTS)
    predictions = evaluation.predict_classes(model, data.preprocess_images(x_test))
    payloads = {
        "digits": web.playground_digits(x_test, y_test),
        "model": web.model_weights(model),
        "confusion": web.confusion_examples(x_test, y_test, predictions),
        "colormaps": web.colormap_tables(),
    }
    payloads["model"]["run"] = json.loads(WEIGHTS_META.read_text())["key"]
    output.mkdir(parents=True, exist_ok=True)
    for name, payload in payloads.items():
        path = output / f"{name}.js"
        staging = path.with_name(f".{path.name}.part")
        staging.write_text(web.asset_script(name, payload))
        staging.replace(path)
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size:,d} bytes"
        )
    errors = int((predictions != y_test).sum())
    print(f"in-page model: {errors} test errors of {len(y_test):,d}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--weights", action="store_true", help="copy the cached chapter-5 run's weights to web/"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    environment.apply(override=False)  # before anything imports TensorFlow
    return export_weights() if args.weights else export_assets(args.output)


if __name__ == "__main__":
    sys.exit(main())
