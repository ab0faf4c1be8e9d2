"""A small expression language for the toy losses: one definition, two uses.

A loss is written once with Python operators on `var(i)` (the i-th coordinate of
w), `const`, `cos`, `sin` and `exp`.  `evaluate` turns it into torch operations
(autograd differentiates it for gdfig's figures); `to_json` exports the same tree
for the site's explorers, whose JavaScript evaluates and differentiates it
(forward mode), so the page never carries a second, hand-typed formula.

JSON form: ["const", c] | ["var", i] | [op, arg, ...] with op among
+ - * / neg cos sin exp, and ["pow", arg, n] for an integer power n >= 1.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Union

import torch

Number = Union[int, float]


@dataclass(frozen=True)
class Expr:
    op: str
    args: tuple = ()

    def __add__(self, other): return Expr("+", (self, lift(other)))
    def __radd__(self, other): return Expr("+", (lift(other), self))
    def __sub__(self, other): return Expr("-", (self, lift(other)))
    def __rsub__(self, other): return Expr("-", (lift(other), self))
    def __mul__(self, other): return Expr("*", (self, lift(other)))
    def __rmul__(self, other): return Expr("*", (lift(other), self))
    def __truediv__(self, other): return Expr("/", (self, lift(other)))
    def __rtruediv__(self, other): return Expr("/", (lift(other), self))
    def __neg__(self): return Expr("neg", (self,))

    def __pow__(self, n: int):
        if not isinstance(n, int) or n < 1:
            raise ValueError("only integer powers n >= 1 are supported")
        return Expr("pow", (self, n))


def lift(value: "Expr | Number") -> Expr:
    return value if isinstance(value, Expr) else Expr("const", (float(value),))


def var(i: int) -> Expr:
    return Expr("var", (i,))


def cos(e: Expr) -> Expr:
    return Expr("cos", (lift(e),))


def sin(e: Expr) -> Expr:
    return Expr("sin", (lift(e),))


def exp(e: Expr) -> Expr:
    return Expr("exp", (lift(e),))


_BINARY = {"+": torch.add, "-": torch.sub, "*": torch.mul, "/": torch.div}
_UNARY = {"neg": torch.neg, "cos": torch.cos, "sin": torch.sin, "exp": torch.exp}


def evaluate(e: Expr, w: torch.Tensor) -> torch.Tensor:
    """The expression at w of shape (..., D); returns shape (...)."""
    if e.op == "const":
        return _constant(e.args[0], w.dtype)
    if e.op == "var":
        return w[..., e.args[0]]
    if e.op == "pow":
        base = evaluate(e.args[0], w)
        result = base
        for _ in range(e.args[1] - 1):  # repeated products, as the page computes them
            result = result * base
        return result
    if e.op in _UNARY:
        return _UNARY[e.op](evaluate(e.args[0], w))
    return _BINARY[e.op](evaluate(e.args[0], w), evaluate(e.args[1], w))


@lru_cache(maxsize=None)
def _constant(value: float, dtype: torch.dtype) -> torch.Tensor:
    """One tensor per constant: making it anew at every evaluation was a quarter of a descent's time."""
    return torch.tensor(value, dtype=dtype)


def to_json(e: Expr) -> list:
    if e.op in ("const", "var"):
        return [e.op, e.args[0]]
    if e.op == "pow":
        return ["pow", to_json(e.args[0]), e.args[1]]
    return [e.op, *(to_json(a) for a in e.args)]
