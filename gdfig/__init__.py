"""gdfig: every figure of EE-559 lecture 3.5 "Gradient descent" (François Fleuret), from code.

The Python API (the command line is `gdfig`, gdfig.cli):

    import gdfig
    fig = gdfig.figure("logistic_n100", eta=0.3)      # a matplotlib Figure
    numbers = gdfig.data("logistic_n100", eta=0.3)    # the numbers it draws, as a dict
    gdfig.names()                                     # every figure and data export, in lecture order

Parameters are those of `gdfig render --set` (gdfig render --help lists them),
checked the same way: a wrong name or value raises gdfig.BadInput (a ValueError)
with one sentence.  Importing gdfig loads neither torch nor matplotlib; the API
(gdfig/api.py) loads on first use.
"""

import importlib

__version__ = "0.1.0"
__all__ = ["BadInput", "data", "figure", "names"]


def __getattr__(name: str):
    """gdfig.figure etc., from gdfig.api on first use (PEP 562).  Loaded by name, not by
    an import statement: every output's key covers this module and what its import
    statements reach (gdfig.sources), and the API reaches every family's code, which
    rendering one figure never runs."""
    if name in __all__:
        return getattr(importlib.import_module("gdfig.api"), name)
    raise AttributeError(f"module 'gdfig' has no attribute '{name}'")
