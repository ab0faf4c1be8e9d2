"""Slides 7-8: the 1D loss, the surrogate parabola, the iterates."""

from matplotlib.axes import Axes

from gdfig.style import MARKS, Palette, subscript


def draw_loss_curve(ax: Axes, w, loss, palette: Palette):
    return ax.plot(w, loss, color=palette.ink, label="ℒ")


def draw_parabola(ax: Axes, w, values, t: int, palette: Palette):
    return ax.plot(w, values, color=palette.second, linestyle="--",
                   label=f"surrogate at w{subscript(t)}")


def draw_iterates(ax: Axes, iterates, values, palette: Palette):
    """Earlier iterates faint, the last one bold and labelled w_t."""
    t = len(iterates) - 1
    faint = ax.plot(iterates[:-1], values[:-1], "o", color=palette.faint, markersize=MARKS.iterate)
    current = ax.plot(iterates[-1:], values[-1:], "o", color=palette.accent, markersize=MARKS.current, zorder=3)
    label = ax.annotate(f"w{subscript(t)}", (iterates[-1], values[-1]), xytext=(0, 10),
                        textcoords="offset points", ha="center", color=palette.accent,
                        fontsize=MARKS.label, fontstyle="italic", annotation_clip=True)
    return [*faint, *current, label]


def draw_next_step(ax: Axes, w_next: float, value: float, palette: Palette):
    """The parabola's lowest point: where the next iterate lands."""
    return ax.plot([w_next], [value], "o", markerfacecolor="none", markeredgecolor=palette.second,
                   markersize=MARKS.current, label="its minimum")
