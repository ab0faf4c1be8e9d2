"""Figure families: each module holds a frozen Params dataclass, compute(params)
(numbers, via gdfig.numerics), draw(params, data, theme) (a matplotlib Figure,
via gdfig.draw) and its SPECS; explorers.py holds data exports, whose draw is
None.  torch and matplotlib are imported inside compute/draw, never at module
level: the registry, and a fully cached render, must load without them.
"""
