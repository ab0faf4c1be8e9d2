"""Small helpers shared by every drawing."""

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gdfig import style


def new_figure(theme: style.Theme, height: float) -> Figure:
    """A figure of the house width; no pyplot, so no global figure registry."""
    return Figure(figsize=(style.WIDTH, height), layout="constrained")


def draw_note(ax: Axes, text: str, palette: style.Palette):
    """A boxed remark in the top-right corner, e.g. 'diverged after 7 steps'."""
    return ax.text(0.98, 0.96, text, transform=ax.transAxes, ha="right", va="top",
                   color=palette.accent, fontweight="bold",
                   bbox={"boxstyle": "round", "fc": "none", "ec": palette.accent}, gid="note")


def replace_note(ax: Axes, note, text: str | None, palette: style.Palette):
    """Another frame's remark: `note` (from draw_note, or None) removed, `text` drawn, if any."""
    if note is not None:
        note.remove()
    return draw_note(ax, text, palette) if text else None
