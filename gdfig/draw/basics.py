"""Pages 1-3: points with residuals, a loss against the margin, gradient arrows,
a loss against its tangent, several surrogates at one point."""

from matplotlib.axes import Axes

from gdfig.style import Palette


def draw_residuals(ax: Axes, x, y, fitted, palette: Palette):
    """The points, the fitted line through `fitted` (its values at x), and each residual."""
    bars = ax.vlines(x, y, fitted, color=palette.accent, linewidth=1.2, label="residuals", gid="residuals")
    line = ax.plot(x, fitted, color=palette.second, label="least-squares line", gid="fit_line")
    points = ax.plot(x, y, "o", color=palette.ink, markersize=4.5, label="examples", zorder=3, gid="examples")
    return [bars, *line, *points]


def draw_curve_with_mark(ax: Axes, xs, ys, mark, label: str, palette: Palette):
    """A curve and one marked, labelled point on it (mark = (x, y, text))."""
    curve = ax.plot(xs, ys, color=palette.ink, label=label, gid="curve")
    dot = ax.plot([mark[0]], [mark[1]], "o", color=palette.accent, markersize=7, zorder=3, gid="mark")
    text = ax.annotate(mark[2], (mark[0], mark[1]), xytext=(10, 4), textcoords="offset points",
                       color=palette.accent, gid="mark_label")
    return [*curve, *dot, text]


def draw_arrows(ax: Axes, points, vectors, palette: Palette):
    """One arrow per point, drawn in data units (the caller scales them all alike)."""
    return ax.quiver([p[0] for p in points], [p[1] for p in points],
                     [v[0] for v in vectors], [v[1] for v in vectors],
                     color=palette.ink, angles="xy", scale_units="xy", scale=1, width=0.004, gid="arrows")


def draw_tangent(ax: Axes, offsets, values, tangent, origin_value: float, palette: Palette):
    """The loss and its linear approximation along one line; they touch at offset 0."""
    loss = ax.plot(offsets, values, color=palette.ink, label="loss ℒ along the line", gid="loss")
    line = ax.plot(offsets, tangent, color=palette.second, linestyle="--",
                   label="linear approximation", gid="tangent")
    point = ax.plot([0.0], [origin_value], "o", color=palette.accent, markersize=7, zorder=3, gid="mark")
    return [*loss, *line, *point]
