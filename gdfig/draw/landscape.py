"""Slide 9: the 2D loss as a surface, as contours, and descent paths over it."""

from matplotlib.axes import Axes

from gdfig.style import MARKS, Palette

LEVELS = 10  # enough to read the valleys; each level adds ~2.5 KB (gzipped) to every contour SVG


def draw_surface(ax, x, y, z, palette: Palette):
    """A 3D surface; `ax` comes from add_subplot(projection="3d")."""
    surface = ax.plot_surface(x, y, z, cmap=palette.colormap, linewidth=0.2,
                              edgecolor=palette.faint, antialiased=True, rcount=len(x), ccount=len(x))
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.zaxis.set_rotate_label(False)
    ax.set_zlabel("ℒ")
    ax.view_init(elev=32, azim=-125)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((0, 0, 0, 0))
    return surface


def draw_contours(ax: Axes, x, y, z, palette: Palette):
    filled = ax.contourf(x, y, z, levels=LEVELS, cmap=palette.colormap, alpha=0.85)
    lines = ax.contour(x, y, z, levels=LEVELS, colors=palette.ink, linewidths=MARKS.contour, alpha=0.5)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_aspect("equal")
    return filled, lines


def draw_path(ax: Axes, path, palette: Palette, label: str):
    """One descent path: its start as a square, its steps, its end as a star."""
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    line = ax.plot(xs, ys, "-", color=palette.accent, linewidth=MARKS.path, marker=".",
                   markersize=MARKS.path_dot)
    start = ax.plot(xs[:1], ys[:1], "s", color="white", markeredgecolor="black", markersize=MARKS.start)
    end = ax.plot(xs[-1:], ys[-1:], "*", color="white", markeredgecolor="black", markersize=MARKS.end)
    # A start's label sits opposite the way its path leaves, so the path never crosses
    # it, but never past the axes' edge (where the label goes inward instead).
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    u, v = (xs[0] - x0) / (x1 - x0), (ys[0] - y0) / (y1 - y0)
    left = u > 0.85 or (u >= 0.15 and len(xs) > 1 and xs[1] > xs[0])
    below = v > 0.9 or (v >= 0.05 and len(ys) > 1 and ys[1] > ys[0])
    text = ax.annotate(label, (xs[0], ys[0]), xytext=(-6 if left else 6, -6 if below else 6),
                       textcoords="offset points", ha="right" if left else "left",
                       va="top" if below else "bottom",
                       color="white", fontsize=MARKS.start_label, fontweight="bold")
    return [*line, *start, *end, text]
