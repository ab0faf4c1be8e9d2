"""Slide 12: two classes of points and linear decision boundaries."""

from matplotlib.axes import Axes

from gdfig.style import MARKS, Palette


def draw_points(ax: Axes, x, y, palette: Palette):
    """Class +1 as rings, class -1 as crosses: shape as well as colour.

    The rings are open and drawn over the crosses, so a +1 point lying on a -1
    point (two of them nearly coincide here) still shows."""
    pos = [p for p, label in zip(x, y) if label > 0]
    neg = [p for p, label in zip(x, y) if label < 0]
    return [
        ax.scatter([p[0] for p in neg], [p[1] for p in neg], marker="x", s=MARKS.cross_area,
                   color=palette.negative, label="y = −1", zorder=2, gid="negatives"),
        ax.scatter([p[0] for p in pos], [p[1] for p in pos], marker="o", s=MARKS.point_area, facecolors="none",
                   edgecolors=palette.positive, linewidths=MARKS.ring, label="y = +1", zorder=3, gid="positives"),
    ]


def draw_boundary(ax: Axes, segment, palette: Palette, label: str, dashed: bool = False, gid: str = "boundary"):
    """The line {x : w.x + b = 0}, given as its two ends inside the axes box."""
    (x0, y0), (x1, y1) = segment
    return ax.plot([x0, x1], [y0, y1], color=palette.second if dashed else palette.accent,
                   linestyle="--" if dashed else "-", linewidth=MARKS.boundary,
                   label=label, gid=gid)
