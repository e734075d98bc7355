"""Reproducible training (cnn_lib.training) and the run cache (cnn_lib.runs), on a reduced run (real Keras, small data)."""

import json

import numpy as np
import pytest

from cnn_lib import data, models, runs, training

SMALL = training.Recipe(epochs=2, batch_size=100, validation_split=0.2, seed=10)


@pytest.fixture(scope="module")
def small_data(mnist):
    ((x_train, y_train), _), _ = mnist
    return data.preprocess_images(x_train[:1000]), data.one_hot(y_train[:1000])


@pytest.mark.slow
def test_same_seed_same_weights_and_history(small_data, empty_cache):
    first_model, first = training.train_cnn(*small_data, SMALL, verbose=0)
    second_model, second = training.train_cnn(*small_data, SMALL, verbose=0)
    for a, b in zip(first_model.get_weights(), second_model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert first.history == second.history
    assert set(first.history) == {"accuracy", "loss", "val_accuracy", "val_loss"}
    assert len(first.history["loss"]) == 2
    assert not empty_cache.exists(), "train_cnn trains; keeping the run is runs' job"


@pytest.mark.slow
def test_train_cnn_is_the_article_call_written_out(small_data):
    """What 05_training writes in its cells (seed, build, compile, the article's ``fit`` on the
    arrays) and what ``train_cnn`` does give the same weights and history, bit for bit."""
    x, y = small_data
    training.set_seed(SMALL.seed)
    model = models.build_cnn()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    history = model.fit(x=x, y=y, validation_split=0.2, epochs=2, batch_size=100, verbose=0)
    book_model, book_history = training.train_cnn(x, y, SMALL, verbose=0)
    for a, b in zip(model.get_weights(), book_model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert history.history == book_history.history
    assert history.params["steps"] == 8, "800 of the 1,000 images, in batches of 100"


@pytest.mark.slow
def test_saved_run_is_found_and_equal(small_data, empty_cache):
    trained = runs.load_or_train_cnn(*small_data, SMALL, verbose=0)
    assert trained.trained_now and (empty_cache / trained.key / "model.keras").is_file()
    assert trained.meta["train_samples"] == 800 and trained.meta["validation_samples"] == 200
    assert len(trained.meta["epoch_seconds"]) == 2 and min(trained.meta["epoch_seconds"]) > 0
    loaded = runs.load_or_train_cnn(*small_data, SMALL)
    assert not loaded.trained_now, "an identical recipe must reuse the saved run"
    assert loaded.history == trained.history
    x = small_data[0][:50]
    np.testing.assert_array_equal(loaded.model.predict(x, verbose=0), trained.model.predict(x, verbose=0))
    assert json.loads((loaded.path / "meta.json").read_text())["recipe"]["epochs"] == 2


@pytest.mark.slow
def test_a_companion_model_is_kept_beside_its_run(small_data, empty_cache):
    """Chapter 08's MLP kept beside the CNN's run: loaded back with the same weights and
    predictions, replaced whole by a second save, and nothing half-written left in the folder."""
    import keras

    run = runs.load_or_train_cnn(*small_data, SMALL, verbose=0)
    assert runs.load_companion(run, "mlp") is None
    keras.utils.set_random_seed(1)
    first = models.build_mlp()
    keras.utils.set_random_seed(2)
    second = models.build_mlp()
    x = small_data[0][:20]
    for mlp in (first, second):
        path = runs.save_companion(run, "mlp", mlp)
        assert path == run.path / "mlp.keras"
        loaded = runs.load_companion(runs.load_run(*small_data, SMALL), "mlp")
        for a, b in zip(loaded.get_weights(), mlp.get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(loaded.predict(x, verbose=0), mlp.predict(x, verbose=0))
    assert sorted(p.name for p in run.path.iterdir()) == [
        "history.json",
        "meta.json",
        "mlp.keras",
        "model.keras",
    ]
    with pytest.raises(ValueError, match="name: expected letters and digits other than 'model'"):
        runs.save_companion(run, "model", first)


def test_key_changes_with_everything_that_decides_the_result(small_data):
    x, y = small_data
    base = runs.run_key(x, y, SMALL)
    assert base == runs.run_key(x, y, SMALL), "the key must be stable"
    others = {
        "epochs": runs.run_key(x, y, training.Recipe(epochs=3, batch_size=100)),
        "batch": runs.run_key(x, y, training.Recipe(epochs=2, batch_size=50)),
        "seed": runs.run_key(x, y, training.Recipe(epochs=2, batch_size=100, seed=11)),
        "architecture": runs.run_key(x, y, SMALL, dense_units=64),
        "data": runs.run_key(x[:900], y[:900], SMALL),
    }
    assert base not in others.values() and len(set(others.values())) == len(others), others


def test_key_changes_with_the_code_that_trains(small_data, monkeypatch):
    """The source of the functions that build and train the network is part of the key: no version to bump."""
    x, y = small_data
    base = runs.run_key(x, y, SMALL)
    real = training.fit_cnn

    def fit_cnn(model, x_train, y_train, recipe=training.ARTICLE_RECIPE, **options):
        return real(model, x_train, y_train, recipe, **options)  # the same fit, but other code

    monkeypatch.setattr(training, "fit_cnn", fit_cnn)
    changed = runs.run_key(x, y, SMALL)
    monkeypatch.setattr(training, "fit_cnn", real)
    assert changed != base and runs.run_key(x, y, SMALL) == base
    assert {f"{module.__name__}.{name}" for module, name in runs.TRAINING_CODE} >= {
        "cnn_lib.models.build_cnn",
        "cnn_lib.training.compile_cnn",
        "cnn_lib.training.fit_cnn",
    }


def test_changed_recipe_finds_no_run(small_data, empty_cache):
    assert runs.load_run(*small_data, training.Recipe(epochs=7)) is None


@pytest.mark.slow
def test_record_run_refuses_a_model_that_is_not_the_recipe(small_data, empty_cache):
    import keras

    training.set_seed(10)
    model = models.build_cnn()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    history = model.fit(*small_data, validation_split=0.2, epochs=1, batch_size=100, verbose=0)
    with pytest.raises(ValueError, match=r"history: expected 2 epochs \(recipe.epochs\), got 1"):
        runs.record_run(model, history, *small_data, SMALL)
    with pytest.raises(ValueError, match="architecture differs"):
        runs.record_run(
            model, history, *small_data, training.Recipe(epochs=1, batch_size=100), dense_units=64
        )
    with pytest.raises(ValueError, match="expected 16 steps per epoch"):
        runs.record_run(model, history, *small_data, training.Recipe(epochs=1, batch_size=50))
    assert not empty_cache.exists() or not list(empty_cache.iterdir()), "a refused run must leave no file"
    run = runs.record_run(model, history, *small_data, training.Recipe(epochs=1, batch_size=100))
    assert isinstance(run.model, keras.Model) and (run.path / "history.json").is_file()


@pytest.mark.slow
def test_article_two_file_form_round_trips(small_data, tmp_path, empty_cache):
    model, _ = training.train_cnn(*small_data, training.Recipe(epochs=1, batch_size=100), verbose=0)
    config, weights = training.save_article_files(model, tmp_path)
    assert config.name == "model.config" and weights.name.endswith(".weights.h5")
    rebuilt = training.load_article_files(tmp_path)
    x = small_data[0][:20]
    np.testing.assert_array_equal(rebuilt.predict(x, verbose=0), model.predict(x, verbose=0))


@pytest.mark.slow
def test_record_run_refuses_a_model_fitted_twice(small_data, empty_cache):
    """Re-running a fit cell out of order trains further; such a model must not be filed as the recipe's."""
    recipe = training.Recipe(epochs=1, batch_size=100)
    training.set_seed(10)
    model = models.build_cnn()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(*small_data, validation_split=0.2, epochs=1, batch_size=100, verbose=0)
    history = model.fit(*small_data, validation_split=0.2, epochs=1, batch_size=100, verbose=0)
    with pytest.raises(ValueError, match=r"model: expected 8 optimizer steps \(1 epochs x 8\), got 16"):
        runs.record_run(model, history, *small_data, recipe)
    assert runs.load_run(*small_data, recipe) is None


def _numbered_images(n):
    """n images whose pixels all equal their index, with one-hot labels of index % 10."""
    x = np.repeat(np.arange(n, dtype=np.float32), 28 * 28).reshape(n, 28, 28, 1)
    return x, data.one_hot(np.arange(n) % 10)


def _epoch(dataset):
    """The batches of one pass: a list of (image numbers, label rows) per batch."""
    return [(images.numpy()[:, 0, 0, 0].astype(int), labels.numpy()) for images, labels in dataset]


@pytest.mark.parametrize(("n", "split", "batch"), [(1000, 0.2, 300), (37, 0.25, 8), (50, 0.0, 16)])
def test_input_pipelines_hold_the_batches_keras_fit_would(n, split, batch):
    from keras.src.trainers.data_adapters.array_slicing import train_validation_split

    x, y = _numbered_images(n)
    recipe = training.Recipe(batch_size=batch, validation_split=split)
    train, validation = training.input_pipelines(x, y, recipe)
    if split:
        # Keras's own split for model.fit(validation_split=...) is the oracle
        (x_fit, y_fit), (x_val, y_val) = train_validation_split((x, y), validation_split=split)
    else:
        (x_fit, y_fit), (x_val, y_val) = (x, y), (x[:0], y[:0])
    fit_numbers = x_fit[:, 0, 0, 0].astype(int)
    np.testing.assert_array_equal(y_fit, y[fit_numbers])
    assert training.split_sizes(n, split) == (len(x_fit), len(x_val))

    orders = []
    for _ in range(2):
        batches = _epoch(train)
        sizes = [len(numbers) for numbers, _ in batches]
        assert sizes == [batch] * (len(x_fit) // batch) + ([len(x_fit) % batch] if len(x_fit) % batch else [])
        order = np.concatenate([numbers for numbers, _ in batches])
        assert sorted(order) == sorted(fit_numbers), "every training image once per epoch, no other"
        labels = np.concatenate([rows for _, rows in batches])
        np.testing.assert_array_equal(labels, y[order], "labels travel with their images")
        orders.append(order)
    assert not np.array_equal(orders[0], orders[1]), "reshuffled before every epoch"

    if split:
        got = _epoch(validation)
        np.testing.assert_array_equal(np.concatenate([numbers for numbers, _ in got]), x_val[:, 0, 0, 0])
        np.testing.assert_array_equal(np.concatenate([rows for _, rows in got]), y_val)
    else:
        assert validation is None


def test_input_pipelines_repeat_their_order_for_a_seed_and_do_not_autotune():
    x, y = _numbered_images(200)
    first = [_epoch(training.input_pipelines(x, y, training.Recipe(batch_size=32))[0]) for _ in range(2)]
    np.testing.assert_array_equal(
        np.concatenate([n for n, _ in first[0]]), np.concatenate([n for n, _ in first[1]])
    )
    other_seed = _epoch(training.input_pipelines(x, y, training.Recipe(batch_size=32, seed=11))[0])
    assert not np.array_equal(
        np.concatenate([n for n, _ in other_seed]), np.concatenate([n for n, _ in first[0]])
    )
    for dataset in training.input_pipelines(x, y, training.Recipe())[:2]:
        # autotuning's thread is what made Keras wait at epoch boundaries (see input_pipelines)
        assert dataset.options().autotune.enabled is False


@pytest.mark.slow
def test_epoch_timer_times_every_epoch_and_step(small_data):
    import keras

    timer = training.EpochTimer()
    assert isinstance(timer, training.EpochTimer) and isinstance(timer, keras.callbacks.Callback)
    recipe = training.Recipe(epochs=2, batch_size=200)
    training.train_cnn(*small_data, recipe, verbose=0, callbacks=[timer])
    assert len(timer.epochs) == 2 and all(len(epoch["ends"]) == 4 for epoch in timer.epochs)
    assert all(epoch["validation"] > 0 for epoch in timer.epochs)
    assert all(0 < seconds for seconds in timer.seconds)
    assert timer.seconds[1] == timer.epochs[1]["end"] - timer.epochs[1]["begin"]
