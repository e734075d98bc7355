"""Helpers for the executable book "Handwritten digits with a Keras CNN".

Importing the package does nothing visible: no TensorFlow import, no seeding, no
downloads, no prints. Import the submodules you need::

    from cnn_lib import article, data, evaluation, models, ops, plots, runs, training

The modules import each other at their top; the heavy libraries (TensorFlow, Keras, pyplot, and
pandas where only a function or two needs it) are imported inside the functions that use them,
so that importing a module never imports TensorFlow.
"""

__version__ = "0.1.0"
