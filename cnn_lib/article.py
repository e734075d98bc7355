"""The article's facts, stated once: its recipe, its network and the figures it reports.

The article is "Keras 手寫阿拉伯數字辨識 CNN" (a Keras CNN for handwritten digits). Every default
of the package that is one of these facts reads it here: ``training.Recipe``, ``models.build_cnn``,
the seeds of ``ops``, ``training``, ``speed`` and ``widgets``, the class count of ``data``,
``evaluation`` and ``web``, and the epoch size of ``speed``. This module imports nothing.
"""

# --- the recipe (05_training)
#: The seed of every random choice the book makes in the article's name.
SEED = 10
EPOCHS = 20
BATCH_SIZE = 300
#: Share of the 60,000 training images that ``model.fit`` holds back for validation.
VALIDATION_SPLIT = 0.2
OPTIMIZER = "adam"
LOSS = "categorical_crossentropy"
#: Images trained on and held back per epoch: 80 % and 20 % of MNIST's 60,000.
TRAIN_IMAGES = 48000
VALIDATION_IMAGES = 12000

# --- the network (04_data_and_model)
INPUT_SHAPE = (28, 28, 1)
CONV1_FILTERS = 16
CONV2_FILTERS = 36
KERNEL_SIZE = 5
POOL_SIZE = 2
CONV_DROPOUT = 0.25
DENSE_UNITS = 128
DENSE_DROPOUT = 0.5
NUM_CLASSES = 10

# --- what the article reports (05_training, 06_evaluation)
#: Seconds per epoch in its training log: the fastest and slowest epoch, and the mean of the 20.
SECONDS_PER_EPOCH_RANGE = (58, 73)
SECONDS_PER_EPOCH = 64.6
TEST_ACCURACY = 0.9926
TEST_LOSS = 0.02197
