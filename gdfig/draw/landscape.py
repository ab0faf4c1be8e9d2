"""Slide 9: the 2D loss as a surface, as contours, and descent paths over it."""

from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, MultipleLocator

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
    # A start's label sits opposite the way its path leaves, so the path never crosses
    # it, but never past the axes' edge (where the label goes inward instead); white on
    # a black outline, it reads on every band of either palette.
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    u, v = (xs[0] - x0) / (x1 - x0), (ys[0] - y0) / (y1 - y0)
    left = u > 0.85 or (u >= 0.15 and len(xs) > 1 and xs[1] > xs[0])
    below = v > 0.9 or (v >= 0.05 and len(ys) > 1 and ys[1] > ys[0])
    text = ax.annotate(label, (xs[0], ys[0]), xytext=(-6 if left else 6, -6 if below else 6),
                       textcoords="offset points", ha="right" if left else "left",
                       va="top" if below else "bottom",
                       color="white", fontsize=MARKS.start_label, fontweight="bold", gid="path_label",
                       path_effects=[patheffects.withStroke(linewidth=2.2, foreground="black")])
    return [*line, *start, *end, text]


def draw_colourbar(ax: Axes, filled, label: str = "loss ℒ"):
    """The map's colour bar, as tall as the map beside it; on a figure taller than wide
    (a phone's layout) as wide as the map below it, so the map keeps most of the width."""
    fig = ax.figure
    bar = fig.add_axes((0, 0, 0.01, 0.01))  # placed at each draw, by the figure's final size
    placer = _BarPlacer(ax, bar, filled, label)
    fig.add_artist(placer)
    return placer


BAR_IN = 0.14      # the bar's thickness, inches
GAP_IN = 0.12      # between the map and a bar beside it
SHIFT_IN = 0.4     # the map's move left from the centre of its box, for a bar beside it
BELOW_IN = 0.52    # below the map: its x tick labels and label, then the bar
TITLE_IN = 0.3     # above the map: its title
BAR_LABELS_IN = 0.42  # under a bar below the map: its tick labels and label
EDGE_IN = 0.04     # between the figure's left edge and the y label
RIGHT_IN = 0.14    # right of the map: half of its last x tick label


class _BarPlacer(Artist):
    """Draws first (lowest zorder): puts the map and its colour bar where the figure's
    size says, then lets them draw. Figures are laid out once and saved several times
    (gdfig.produce): the map's laid-out place is read once, and every save is the same."""

    zorder = -100

    def __init__(self, ax: Axes, bar: Axes, filled, label: str):
        super().__init__()
        self.ax, self.bar, self.filled, self.label = ax, bar, filled, label
        self.home, self.orientation = None, None

    def draw(self, renderer):
        self.place(renderer)
        self.stale = False

    def get_tightbbox(self, renderer=None):
        """Measuring the figure's ink (a slide's fit) places the map and bar first, as drawing does."""
        self.place(renderer or self.figure._get_renderer())
        return None

    def place(self, renderer):
        fig, ax = self.ax.figure, self.ax
        if self.home is None:
            self.home = ax.get_position(original=True).frozen()
        width, height = fig.get_size_inches()
        below = width < height  # a phone's (narrow) layout is taller than wide; pages and slides are not
        home = self.home
        if below:  # the map as wide as the figure lets it, under the title; the bar under its x label
            # Three ticks, and the y label level above them: the map gets the room.
            ax.yaxis.set_major_locator(MultipleLocator(0.5))
            ax.yaxis.label.set(rotation=0, ha="right", va="bottom")
            ax.yaxis.set_label_coords(0, 1.02)
            # The y axis's ticks and labels, measured beside the axes where they are now.
            left = ax.get_position().x0 * width - ax.yaxis.get_tightbbox(renderer).x0 / fig.dpi + EDGE_IN
            top = home.y1 * height - TITLE_IN
            side = min(width - left - RIGHT_IN, top - home.y0 * height - BELOW_IN - BAR_IN - BAR_LABELS_IN)
            ax.set_position((left / width, (top - side) / height, side / width, side / height))
        else:  # the map centred in its box, then moved left to leave the bar its room
            ax.set_position(home)
            ax.set_anchor("C")
            ax.apply_aspect()
            box = ax.get_position()
            ax.set_position((box.x0 - SHIFT_IN / width, box.y0, box.width, box.height))
        ax.set_anchor("W")
        ax.apply_aspect()
        box = ax.get_position()
        if below:
            self.bar.set_position((box.x0, box.y0 - (BELOW_IN + BAR_IN) / height, box.width, BAR_IN / height))
        else:
            self.bar.set_position((box.x1 + GAP_IN / width, box.y0, BAR_IN / width, box.height))
        orientation = "horizontal" if below else "vertical"
        if orientation != self.orientation:
            self.bar.clear()
            colourbar = fig.colorbar(self.filled, cax=self.bar, orientation=orientation, label=self.label)
            colourbar.locator = MaxNLocator(5 if below else 8)
            colourbar.update_ticks()
            self.orientation = orientation
