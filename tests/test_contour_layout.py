"""The square maps (contours, the gradient field) in both layouts: the colour bar is as
tall as the map beside it (wide) or as wide as it below it (narrow), the narrow map takes
at least 85 % of the figure's width, and labels stay inside the axes and the figure."""

import io

import matplotlib.style
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from gdfig import produce, registry, style
from tests.conftest import computed

MAPS = ["contour_starts", "contour_eta_large", "gradient_field"]


def drawn(name: str, layout: str, theme: str = "light"):
    """The figure as saved (its colour bar is placed when it draws), and a renderer; the
    dark one, as gdfig makes it, takes the light one's layout (produce.place)."""
    spec = registry.get(name)
    drawing = produce.Drawing.of(spec, computed(name))
    with matplotlib.style.context(style.rc(theme), after_reset=True):
        if theme == "dark":
            with matplotlib.style.context(style.rc("light"), after_reset=True):
                drawing.figure("light", layout)
        fig = drawing.figure(theme, layout)
        fig.savefig(io.BytesIO(), format="svg")
        canvas = FigureCanvasAgg(fig)  # measured as drawn: the placed map and bar
        canvas.draw()
    return fig, canvas.get_renderer()


@pytest.mark.parametrize("theme", style.THEMES)
@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("name", MAPS)
def test_the_colour_bar_fits_the_map_and_nothing_is_cut(name, layout, theme):
    fig, renderer = drawn(name, layout, theme)
    ax, bar = fig.axes[0], fig.axes[1]
    map_box, bar_box, page = ax.get_window_extent(renderer), bar.get_window_extent(renderer), fig.bbox
    assert map_box.width == pytest.approx(map_box.height, rel=1e-3)  # still a square map
    if layout == "narrow":
        assert bar_box.y1 < map_box.y0 and bar_box.width <= map_box.width + 0.5
        assert map_box.width >= 0.85 * page.width, (map_box.width, page.width)
    else:
        assert bar_box.x0 > map_box.x1 and bar_box.height <= map_box.height + 0.5
    tight = fig.get_tightbbox(renderer)  # inches
    assert tight.x0 >= -0.01 and tight.y0 >= -0.01
    assert tight.x1 <= fig.get_figwidth() + 0.01 and tight.y1 <= fig.get_figheight() + 0.01


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_start_labels_stay_inside_the_axes_with_an_outline(layout):
    fig, renderer = drawn("contour_starts", layout)
    ax = fig.axes[0]
    inside = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_text().startswith("w₀")]
    assert len(labels) == 4
    for label in labels:
        box = label.get_window_extent(renderer)
        assert inside.x0 - 0.5 <= box.x0 and box.x1 <= inside.x1 + 0.5, label.get_text()
        assert inside.y0 - 0.5 <= box.y0 and box.y1 <= inside.y1 + 0.5, label.get_text()
        assert label.get_path_effects(), label.get_text()  # the outline that reads on any band
