"""Every figure shows what its numbers say.

Each figure is drawn as the renderer draws it (gdfig.produce, every layout and
theme, a run's frames updated on one drawing), and its artists are read back:
line vertices, marker and scatter positions, segment ends, arrows, contour
lines, surface colours and the numbers in its texts.  They must equal what its
family declares it shows (gdfig.figures.drawn) from the exported JSON, and that
JSON must equal a numpy re-computation from the pages' formulas
(tests/independent.py): the chain drawn = exported = independent.
"""

import json
import re
import sys
from collections import defaultdict

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.contour import ContourSet
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath
from matplotlib.quiver import Quiver
from matplotlib.text import Annotation, Text

from gdfig import produce, registry, style
from gdfig.figures import drawn
from tests import independent
from tests.conftest import computed

FIGURES = [spec for spec in registry.FIGURES if spec.family.draw is not None]


def runs() -> dict[tuple, list]:
    """Figures by the drawing they are saved from: a run's frames share one."""
    grouped: dict[tuple, list] = defaultdict(list)
    for spec in FIGURES:
        grouped[spec.run()].append(spec)
    return grouped


RUNS = runs()


def shown(spec):
    """The family's declaration: gdfig.figures.<module>.DRAWN[family name]."""
    return sys.modules[spec.family.compute.__module__].DRAWN[spec.family.name]


def exported(rendered, name: str) -> dict:
    return json.loads((rendered / f"{name}.json").read_text())


# ---- reading a figure back ----------------------------------------------------------------

def outside_axes(fig) -> list:
    """The figure's own artists, in none of its axes (a figure legend and its texts)."""
    inside = {id(a) for ax in fig.axes for a in ax.findobj()}
    return [a for a in fig.findobj(include_self=False) if id(a) not in inside]


def tagged(fig, axes: int | None, gid: str) -> list:
    """The artists tagged `gid` on panel `axes`, or on the figure outside them (drawn.FIGURE)."""
    if axes is drawn.FIGURE:
        return [a for a in outside_axes(fig) if a.get_gid() == gid]
    if gid == drawn.TITLE:
        return [fig.axes[axes].title]
    return fig.axes[axes].findobj(lambda a: a.get_gid() == gid, include_self=False)


def positions(artist) -> np.ndarray:
    """Where an artist puts its marks, in data coordinates, shape (k, 2)."""
    if isinstance(artist, Quiver):
        found = np.column_stack([artist.X, artist.Y])
    elif isinstance(artist, LineCollection):
        found = np.concatenate(artist.get_segments()) if artist.get_segments() else np.empty((0, 2))
    elif isinstance(artist, PathCollection):
        found = artist.get_offsets()
    elif isinstance(artist, Line2D):
        found = artist.get_xydata()
    elif isinstance(artist, Annotation):
        found = [artist.xy]
    else:
        raise TypeError(f"no positions to read from a {type(artist).__name__}")
    return np.asarray(found, dtype=float).reshape(-1, 2)


_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾−", "01234567890123456789()-")
_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?(?:e([-+]?\d+))?")


def numbers_in(text: str) -> list[tuple[float, float]]:
    """Each number printed in `text` with half its last digit's unit: what it may round."""
    found = []
    for match in _NUMBER.finditer(text.translate(_DIGITS)):
        decimals, exponent = len(match.group(1) or ""), int(match.group(2) or 0)
        found.append((float(match.group(0)), 0.5 * 10.0 ** (exponent - decimals) * (1 + 1e-9)))
    return found


def interpolated(x, y, z, points) -> np.ndarray:
    """z (rows along y) linearly interpolated between grid samples at points (k, 2)."""
    x, y, z = np.asarray(x), np.asarray(y), np.asarray(z)
    j = np.clip(np.searchsorted(x, points[:, 0]) - 1, 0, len(x) - 2)
    i = np.clip(np.searchsorted(y, points[:, 1]) - 1, 0, len(y) - 2)
    s = (points[:, 0] - x[j]) / (x[j + 1] - x[j])
    t = (points[:, 1] - y[i]) / (y[i + 1] - y[i])
    return ((1 - s) * (1 - t) * z[i, j] + s * (1 - t) * z[i, j + 1]
            + (1 - s) * t * z[i + 1, j] + s * t * z[i + 1, j + 1])


# ---- comparing one mark with the artist it names --------------------------------------------

def check_points(mark: drawn.Points, artist) -> None:
    expected = np.asarray(mark.xy, dtype=float).reshape(-1, 2)
    found = positions(artist)
    assert found.shape == expected.shape, f"{len(found)} points drawn, {len(expected)} in the data"
    assert np.allclose(found, expected, rtol=1e-12, atol=1e-12), "drawn at other positions than the data"


def check_arrows(mark: drawn.Arrows, artist) -> None:
    vectors = np.column_stack([np.ravel(artist.U), np.ravel(artist.V)])
    expected = np.asarray(mark.vectors, dtype=float)
    assert vectors.shape == expected.shape, f"{len(vectors)} arrows drawn, {len(expected)} in the data"
    scale = np.linalg.norm(expected, axis=1).max() / np.linalg.norm(vectors, axis=1).max()
    assert np.allclose(vectors * scale, expected, rtol=1e-9, atol=1e-12), "arrows not along the data's vectors"


def check_words(mark: drawn.Words, artist) -> None:
    text = artist.get_text()
    shown_numbers = numbers_in(text)
    assert len(shown_numbers) == len(mark.numbers), f"{text!r} shows {len(shown_numbers)} numbers, " \
                                                    f"the data {len(mark.numbers)}: {list(mark.numbers)}"
    for (value, half_unit), number in zip(shown_numbers, mark.numbers):
        assert abs(value - number) <= half_unit, f"{text!r} shows {value}, the data says {number}"


def check_levels(mark: drawn.Levels, artist) -> None:
    """Lines: the data equals their level at every vertex; filled bands: it lies within the band."""
    assert isinstance(artist, ContourSet)
    z = np.asarray(mark.z)
    tol, drawn_vertices = 1e-9 * np.ptp(z), 0
    bands = zip(artist.levels, artist.levels[1:]) if artist.filled else zip(artist.levels, artist.levels)
    for (low, high), path in zip(bands, artist.get_paths()):
        vertices = path.vertices if path.codes is None else path.vertices[path.codes != MplPath.CLOSEPOLY]
        drawn_vertices += len(vertices)
        values = interpolated(mark.x, mark.y, z, vertices)
        assert ((values >= low - tol) & (values <= high + tol)).all(), \
            f"contours for [{low:g}, {high:g}] drawn where the data is outside it"
    assert drawn_vertices > 0, "no contour drawn"


def check_cells(mark: drawn.Cells, artist) -> None:
    z = np.asarray(mark.z)
    means = (z[:-1, :-1] + z[1:, :-1] + z[:-1, 1:] + z[1:, 1:]) / 4
    colours = np.asarray(artist.get_array())
    assert colours.shape == (means.size,), f"{colours.size} cells drawn, {means.size} in the data"
    assert np.allclose(colours, means.ravel(), rtol=1e-12, atol=1e-12), "cells coloured by other values"


CHECKS = {drawn.Points: check_points, drawn.Arrows: check_arrows, drawn.Words: check_words,
          drawn.Levels: check_levels, drawn.Cells: check_cells}


def check_figure(fig, marks: list, where: str) -> None:
    """Every mark on the artists it names, in order; every tagged artist declared."""
    groups: dict[tuple, list] = defaultdict(list)
    for mark in marks:
        groups[mark.axes, mark.gid, type(mark)].append(mark)
    for (axes, gid, kind), group in groups.items():
        artists = tagged(fig, axes, gid)
        place = "the figure" if axes is drawn.FIGURE else f"axes {axes}"
        assert len(artists) == len(group), \
            f"{where}: {len(artists)} artists '{gid}' drawn on {place}, {len(group)} declared"
        for i, (mark, artist) in enumerate(zip(group, artists)):
            try:
                CHECKS[kind](mark, artist)
            except AssertionError as error:
                raise AssertionError(f"{where}: '{gid}' #{i} on {place}: {error}") from None
    panels = [(axes, ax.findobj(include_self=False)) for axes, ax in enumerate(fig.axes)]
    for axes, artists in [*panels, (drawn.FIGURE, outside_axes(fig))]:
        declared = {gid for a, gid, _ in groups if a == axes}
        undeclared = {a.get_gid() for a in artists if a.get_gid()} - declared
        place = "the figure" if axes is drawn.FIGURE else f"axes {axes}"
        assert not undeclared, f"{where}: {place} draws {sorted(undeclared)}, which its family does not declare"


# ---- the tests --------------------------------------------------------------------------------

def test_every_figure_family_declares_what_it_draws():
    for spec in FIGURES:
        module = sys.modules[spec.family.compute.__module__]
        assert spec.family.name in getattr(module, "DRAWN", {}), \
            f"{module.__name__} has no DRAWN entry for family '{spec.family.name}' (see gdfig.figures.drawn)"


@pytest.mark.parametrize("run", RUNS, ids=lambda run: RUNS[run][0].name)
def test_every_layout_and_theme_draws_the_exported_numbers(rendered, run):
    specs = RUNS[run]
    drawing = produce.Drawing.of(specs[0], computed(specs[0].name))
    for spec in specs:
        marks = shown(spec)(exported(rendered, spec.name))
        for layout in ("wide", "narrow"):
            for theme in style.THEMES:
                # The renderer's own path, saving nothing: the figure stays on `drawing`.
                produce._drawn_and_saved(spec, computed(spec.name), theme, [], layout, drawing)
                check_figure(drawing.figure(theme, layout), marks, f"{spec.name} ({layout}, {theme})")


def same(found, expected) -> bool:
    if expected is None or found is None:
        return found is expected
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        return found == expected
    found, expected = np.asarray(found, dtype=float), np.asarray(expected, dtype=float)
    return found.shape == expected.shape and np.allclose(found, expected, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("spec", FIGURES, ids=lambda spec: spec.name)
def test_every_exported_number_matches_a_numpy_recomputation(rendered, spec):
    data = exported(rendered, spec.name)
    for place, expected in independent.expected(spec, data).items():
        assert same(independent.at(data, place), expected), f"{spec.name}: '{place}' differs from numpy's"
