"""Export the data of the HTML book's in-page interactives (run by ``make book``).

    python scripts/export_web_assets.py            # web/ + MNIST -> _vendor/_static/web/*.js
    python scripts/export_web_assets.py --weights  # the book's run in the cache -> web/

The trained networks that the draw-a-digit panels run are the models of the run whose outputs
the chapters show: ``make notebooks`` trains the CNN (chapter 05) and the MLP (chapter 08, which
keeps it beside the CNN's run with ``runs.save_companion``), then calls this script with
``--weights``, which copies their weights, float32 bit for bit, into ``web/cnn_weights.npz`` and
``web/mlp_weights.npz`` (committed, beside the notebooks' stored outputs, with the run's key in
``web/cnn_weights.json``). Every book build turns those files, the MNIST test set and the
CNN's predictions on it into ``_static/web/{digits,model,mlp,confusion}.js``, and matplotlib's
colour maps into ``_static/web/colormaps.js`` (see cnn_lib/web.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cnn_lib import data, environment, evaluation, models, runs, web

ROOT = Path(__file__).resolve().parents[1]
#: The committed weights of the book's run (written by ``--weights``, read by the build and the tests).
WEIGHTS = ROOT / "web" / "cnn_weights.npz"
WEIGHTS_META = WEIGHTS.with_suffix(".json")
#: The MLP of chapter 08, trained on the same run's data (its layers named as models.build_mlp's).
MLP_WEIGHTS = ROOT / "web" / "mlp_weights.npz"
#: The name under which chapter 08 keeps its MLP beside the CNN's run (runs.save_companion).
MLP_COMPANION = "mlp"
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
    mlp = runs.load_companion(run, MLP_COMPANION)
    if mlp is None:
        print(
            f"run {run.key} keeps no MLP: run chapter 08 after chapter 05 (make notebooks)", file=sys.stderr
        )
        return 1
    # The chapter writes its MLP out layer by layer, so Keras names its layers as it pleases; the
    # same weights in models.build_mlp's network (set_weights checks every shape) get the book's names.
    named = models.build_mlp()
    named.set_weights(mlp.get_weights())
    count = web.save_weights(run.model, WEIGHTS)
    mlp_count = web.save_weights(named, MLP_WEIGHTS)
    meta = {key: run.meta[key] for key in ("key", "recipe", "versions", "finished")}
    WEIGHTS_META.write_text(json.dumps(meta, indent=1) + "\n")
    print(f"{WEIGHTS.relative_to(ROOT)}: {count} arrays from run {run.key}")
    print(f"{MLP_WEIGHTS.relative_to(ROOT)}: {mlp_count} arrays of the MLP kept beside it")
    return 0


def export_assets(output: Path) -> int:
    _, (x_test, y_test) = data.load_mnist()
    model = web.book_model(WEIGHTS)
    mlp = web.book_model(MLP_WEIGHTS, build=models.build_mlp)
    images = data.preprocess_images(x_test)
    predictions = evaluation.predict_classes(model, images)
    payloads = {
        "digits": web.playground_digits(x_test, y_test),
        "model": web.model_weights(model),
        "mlp": web.model_weights(mlp),
        "confusion": web.confusion_examples(x_test, y_test, predictions),
        "colormaps": web.colormap_tables(),
    }
    payloads["model"]["run"] = payloads["mlp"]["run"] = json.loads(WEIGHTS_META.read_text())["key"]
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
    mlp_errors = int((evaluation.predict_classes(mlp, images) != y_test).sum())
    print(f"in-page networks: CNN {errors}, MLP {mlp_errors} test errors of {len(y_test):,d}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--weights", action="store_true", help="copy the cached run's CNN and MLP weights to web/"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    environment.apply(override=False)  # before anything imports TensorFlow
    return export_weights() if args.weights else export_assets(args.output)


if __name__ == "__main__":
    sys.exit(main())
