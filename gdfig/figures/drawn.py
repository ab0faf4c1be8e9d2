"""What each figure shows, declared beside the family that draws it.

A family module ends with `DRAWN = {family name: shown}`, where shown(data)
lists the marks its drawing of `data` must carry: each mark names the artists
by their matplotlib gid (set by gdfig.draw) and says which numbers they show.
tests/test_drawn.py draws every figure as the renderer does, reads the
artists back and compares them with these marks and with the figure's JSON;
nothing here runs when a figure is rendered.
"""

from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

TITLE = "title"  # the gid a Words mark uses for its axes' title
FIGURE = None  # the `axes` of a mark drawn on the figure outside every axes (a figure legend)


@dataclass(frozen=True)
class Points:
    """The artist tagged `gid` puts its marks at these (x, y) points, in order: a
    line's vertices, a scatter's offsets, a segment collection's ends, an
    annotation's anchor, a quiver's tails.  Several Points marks with one gid
    stand for that many artists, in drawing order."""

    gid: str
    xy: Sequence[Sequence[float]]
    axes: int = 0


@dataclass(frozen=True)
class Arrows:
    """The quiver tagged `gid` draws these vectors, up to one common scale."""

    gid: str
    vectors: Sequence[Sequence[float]]
    axes: int = 0


@dataclass(frozen=True)
class Words:
    """The text tagged `gid` (TITLE: the axes' title) shows these numbers, in
    order, each to the precision it is printed with; no other number.  `axes`
    FIGURE: a text of the figure itself, such as a legend placed outside the axes."""

    gid: str
    numbers: Sequence[float]
    axes: int | None = 0


@dataclass(frozen=True)
class Levels:
    """The contour lines tagged `gid` run where z, sampled on the grid (x, y) and
    interpolated linearly between samples, equals their level."""

    gid: str
    x: Sequence[float]
    y: Sequence[float]
    z: Sequence[Sequence[float]]
    axes: int = 0


@dataclass(frozen=True)
class Cells:
    """The surface tagged `gid` colours each cell of the grid z by the mean of its four corners."""

    gid: str
    z: Sequence[Sequence[float]]
    axes: int = 0


Mark = Points | Arrows | Words | Levels | Cells
Shown = Callable[[dict[str, Any]], list[Mark]]


def xy(xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
    """Paired coordinates from two columns of a figure's data."""
    return list(zip(xs, ys))


def on(axes: int, marks: list[Mark], words: bool = True) -> list[Mark]:
    """A family's marks moved to panel `axes` of another figure (its Words left out
    unless `words`: a panel keeps the marks but not the titles and labels); marks of
    the figure itself (FIGURE) stay on it."""
    return [m if m.axes is FIGURE else replace(m, axes=axes) for m in marks if words or not isinstance(m, Words)]
