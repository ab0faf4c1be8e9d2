"""The Python API, exported by the gdfig package: gdfig.figure, gdfig.data, gdfig.names
(see gdfig/__init__.py)."""

import copy
from typing import Any

from gdfig.figures.params import BadInput


def names() -> list[str]:
    """Every figure and data export, in lecture order (what `gdfig list` prints)."""
    from gdfig import registry

    return [spec.name for spec in registry.EVERYTHING]


def figure(name: str, theme: str = "light", layout: str = "wide", **params: Any):
    """The figure `name` as a matplotlib Figure, drawn by the code `gdfig render` saves,
    in `theme` ("light" or "dark") and `layout` ("wide", or "narrow" for phones)."""
    from gdfig import produce, style

    spec = _spec(name, params)
    if spec.family.draw is None:
        raise BadInput(f"'{name}' is a data export, not a figure; gdfig.data('{name}') gives its numbers.")
    _check_choice("theme", theme, style.THEMES)
    _check_choice("layout", layout, ("wide", "narrow"))
    return produce.figure(spec, spec.family.compute(spec.params), theme, layout)


def data(name: str, **params: Any) -> dict[str, Any]:
    """The numbers of figure or data export `name` (what NAME.json holds), as a dict of its own."""
    spec = _spec(name, params)
    return copy.deepcopy(spec.family.compute(spec.params))


def _spec(name: str, params: dict[str, Any]):
    from gdfig import registry
    from gdfig.figures.params import parse_overrides
    from gdfig.figures.spec import variant

    spec = registry.get(name)
    settings = [f"{key}={_as_text(value)}" for key, value in params.items()]
    return variant(spec, parse_overrides(spec.family.params_type, settings))


def _as_text(value: Any) -> str:
    """A value as `--set` takes it: points as x,y;x,y."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (tuple, list)):
        return ";".join(",".join(repr(float(c)) for c in point) for point in value)
    return repr(value) if isinstance(value, float) else str(value)


def _check_choice(what: str, value: str, choices) -> None:
    if value not in choices:
        raise BadInput(f"unknown {what} '{value}'; choose from {', '.join(choices)}.")
