"""gdfig: every figure of EE-559 lecture 3.5 "Gradient descent" (François Fleuret), from code."""

__version__ = "0.1.0"
