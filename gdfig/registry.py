"""The one list of figures, in lecture order, read by the CLI, the site's build
hook, the pages and the tests; then the data exports of the site's explorers.
Importing it loads neither torch nor matplotlib."""

import difflib
import fnmatch
import re

from gdfig.figures import (explorers, gradients, landscape, logistic, overview, questions, risk, surrogate,
                           surrogate_etas)
from gdfig.figures.params import BadInput
from gdfig.figures.spec import FigureSpec

FIGURES: tuple[FigureSpec, ...] = (
    *overview.SPECS,                                              # home page
    *risk.SPECS, *gradients.SPECS, *surrogate_etas.SPECS,         # pages 1-3
    *surrogate.SPECS, *landscape.SPECS, *logistic.SPECS,          # pages 4-6: the slides' figures
)
EXPLORERS: tuple[FigureSpec, ...] = explorers.SPECS
ANSWERS: tuple[FigureSpec, ...] = questions.SPECS  # the numbers of the "Check yourself" answers
EXPORTS: tuple[FigureSpec, ...] = (*EXPLORERS, *ANSWERS)
EVERYTHING = (*FIGURES, *EXPORTS)  # what `gdfig render --all` and the site build render

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def _index(figures: tuple[FigureSpec, ...]) -> dict[str, FigureSpec]:
    by_name: dict[str, FigureSpec] = {}
    for spec in figures:
        if not NAME_PATTERN.match(spec.name):
            raise ValueError(f"figure name '{spec.name}' must match {NAME_PATTERN.pattern}")
        if spec.name in by_name:
            raise ValueError(f"figure name '{spec.name}' is registered twice")
        by_name[spec.name] = spec
    return by_name


BY_NAME = _index(EVERYTHING)


def get(name: str) -> FigureSpec:
    """The figure called `name`, or BadInput suggesting the closest name."""
    if name in BY_NAME:
        return BY_NAME[name]
    close = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise BadInput(f"unknown figure '{name}'; {hint}(gdfig list shows all).")


def select(patterns: list[str]) -> list[FigureSpec]:
    """Figures and exports matching names or shell globs, in lecture order, each once."""
    wanted: set[str] = set()
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = fnmatch.filter(BY_NAME, pattern)
            if not matches:
                raise BadInput(f"no figure matches '{pattern}'; gdfig list shows the names.")
            wanted.update(matches)
        else:
            wanted.add(get(pattern).name)
    return [spec for spec in EVERYTHING if spec.name in wanted]


def sequences() -> dict[str, list[FigureSpec]]:
    """Frame sets by name, frames in order: what the site's step-through viewer shows."""
    sets: dict[str, list[FigureSpec]] = {}
    for spec in FIGURES:
        if spec.sequence:
            sets.setdefault(spec.sequence, []).append(spec)
    return sets
