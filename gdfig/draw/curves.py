"""Slides 7-8: the 1D loss, the surrogate parabola, the iterates."""

from matplotlib.axes import Axes

from gdfig.style import MARKS, Palette, subscript


def draw_loss_curve(ax: Axes, w, loss, palette: Palette):
    return ax.plot(w, loss, color=palette.ink, label="loss ℒ", gid="loss")


def draw_parabola(ax: Axes, w, values, palette: Palette):
    # mathtext only here: the tilde over ℒ and the subscript w_t need it.  The label
    # names the surrogate at the current step, the same words in every frame.
    return ax.plot(w, values, color=palette.second, linestyle="--", gid="surrogate",
                   label=r"surrogate $\tilde{\mathcal{L}}_{w_t}$")


def draw_iterates(ax: Axes, iterates, values, downhill: float, palette: Palette):
    """Earlier iterates faint, the last one bold and labelled w_t (see move_iterates)."""
    faint = ax.plot([], [], "o", color=palette.faint, markersize=MARKS.iterate, gid="earlier_iterates")
    current = ax.plot([], [], "o", color=palette.accent, markersize=MARKS.current, zorder=3, gid="iterate")
    label = ax.annotate("", (0.0, 0.0), xytext=(0.0, 0.0), textcoords="offset points", va="top", color=palette.accent,
                        fontsize=MARKS.label, fontstyle="italic", annotation_clip=True, gid="iterate_label")
    artists = [*faint, *current, label]
    move_iterates(artists, iterates, values, downhill)
    return artists


def move_iterates(artists, iterates, values, downhill: float) -> None:
    """Put draw_iterates' artists at another step's iterates.

    The label goes below the point on the uphill side (downhill: +1 if the loss
    falls to the right, -1 to the left): there it is under both the loss and the
    surrogate, which lie above their common tangent, and away from the next step."""
    faint, current, label = artists
    faint.set_data(iterates[:-1], values[:-1])
    current.set_data(iterates[-1:], values[-1:])
    side = -1.0 if downhill > 0 else 1.0
    label.set_text(f"w{subscript(len(iterates) - 1)}")
    label.xy = (iterates[-1], values[-1])
    label.xyann = (9 * side, -9)
    label.set_horizontalalignment("left" if side > 0 else "right")


def draw_next_step(ax: Axes, w_next: float, value: float, palette: Palette):
    """The parabola's lowest point: where the next iterate lands."""
    return ax.plot([w_next], [value], "o", markerfacecolor="none", markeredgecolor=palette.second,
                   markersize=MARKS.current, label=r"its minimum, the next iterate", gid="next_iterate")


def draw_surrogate_family(ax: Axes, w, curves, minima, palette: Palette):
    """Several surrogates at one point, each with its lowest point: curves and minima
    are lists of (eta, values) and (eta, w_min, value)."""
    styles = ("--", "-.", ":")
    artists = []
    for (eta, values), (_, w_min, low), style in zip(curves, minima, styles):
        artists += ax.plot(w, values, color=palette.second, linestyle=style, label=f"η = {eta:g}", gid="surrogate")
        artists += ax.plot([w_min], [low], "o", markerfacecolor="none",
                           markeredgecolor=palette.second, markersize=MARKS.current, gid="surrogate_minimum")
    return artists
