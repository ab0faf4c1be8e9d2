"""Slide 9: the 2D loss as a surface, as contours, and descent paths over it."""

from matplotlib.axes import Axes

from gdfig.style import MARKS, Palette

LEVELS = 10  # enough to read the valleys; each level adds ~2.5 KB (gzipped) to every contour SVG


def draw_surface(ax, x, y, z, palette: Palette):
    """A 3D surface; `ax` comes from add_subplot(projection="3d")."""
    surface = ax.plot_surface(x, y, z, cmap=palette.colormap, linewidth=0.2,
                              edgecolor=palette.faint, antialiased=True, rcount=len(x), ccount=len(x), gid="surface")
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.zaxis.set_rotate_label(False)
    ax.set_zlabel("ℒ")
    ax.view_init(elev=32, azim=-125)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((0, 0, 0, 0))
    return surface


def draw_contours(ax: Axes, x, y, z, palette: Palette):
    filled = ax.contourf(x, y, z, levels=LEVELS, cmap=palette.colormap, alpha=0.85, gid="contours")
    lines = ax.contour(x, y, z, levels=LEVELS, colors=palette.ink, linewidths=MARKS.contour, alpha=0.5,
                       gid="contour_lines")
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_aspect("equal")
    return filled, lines


def draw_path(ax: Axes, path, palette: Palette, label: str):
    """One descent path: its start as a square, its steps, its end as a star."""
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    line = ax.plot(xs, ys, "-", color=palette.accent, linewidth=MARKS.path, marker=".",
                   markersize=MARKS.path_dot, gid="path")
    start = ax.plot(xs[:1], ys[:1], "s", color="white", markeredgecolor="black", markersize=MARKS.start,
                    gid="path_start")
    end = ax.plot(xs[-1:], ys[-1:], "*", color="white", markeredgecolor="black", markersize=MARKS.end,
                  gid="path_end")
    # Labels go left of starts near the right edge, so they stay inside the axes.
    right_edge = xs[0] > 0.85
    text = ax.annotate(label, (xs[0], ys[0]), xytext=(-6 if right_edge else 6, 6),
                       textcoords="offset points", ha="right" if right_edge else "left",
                       color="white", fontsize=MARKS.start_label, fontweight="bold", gid="path_label")
    return [*line, *start, *end, text]
