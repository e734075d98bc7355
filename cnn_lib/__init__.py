"""Helpers for the executable book "Handwritten digits with a Keras CNN".

Importing the package does nothing visible: no TensorFlow import, no seeding, no
downloads, no prints. Import the submodules you need::

    from cnn_lib import data, evaluation, models, ops, plots, training
"""

__version__ = "0.1.0"
