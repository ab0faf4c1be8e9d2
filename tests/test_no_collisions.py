"""No legend, label or title covers drawn data or another text, in any figure, in
the wide and the narrow layout and as the slide deck draws it (the themes share
one layout: the light one is measured).  Measured on the drawn artists in display coordinates: each text's
window extent against every line (its segments, sampled every pixel), every
marker (its centre, grown by its size) and every other text."""

import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.style  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from gdfig import registry, style  # noqa: E402
from gdfig.produce import Drawing  # noqa: E402

FIGURES = [spec for spec in registry.FIGURES if spec.family.kind == "figure"]
PAD_PX = 0.5  # a text box touching a line's pixel is not covering it


def numbers(folder: Path, name: str) -> dict:
    document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in document.items() if key not in ("figure", "params")}


def drawn(spec, folder: Path, layout: str):
    """The figure as rendered: its run's first frame, laid out, moved to this frame."""
    first = spec.family.first_frame(spec.params)
    source = next((s for s in registry.FIGURES if s.family is spec.family and s.params == first), None)
    data = numbers(folder, source.name) if source else spec.family.compute(first)
    drawing = Drawing(spec.family, first, data)
    fig = drawing.figure("light", layout)
    if spec.family.update:
        spec.family.update(fig, spec.params, numbers(folder, spec.name), "light")
    return fig


def text_boxes(fig, renderer) -> list[tuple[str, object]]:
    """(what, window extent) of every legend, title, annotation and figure text shown."""
    legends = fig.findobj(Legend)
    boxes = [(f"legend {[t.get_text() for t in legend.get_texts()]}", legend.get_window_extent(renderer))
             for legend in legends if legend.get_visible()]
    # Asked once per figure, not once per text: each asks the whole artist tree.
    in_legends = {id(t) for legend in legends for t in [*legend.get_texts(), legend.get_title()]}
    ticks = {id(label) for ax in fig.axes for axis in axes_of(ax)
             for t in axis.get_major_ticks() + axis.get_minor_ticks() for label in (t.label1, t.label2)}
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and id(text) not in in_legends and id(text) not in ticks:
            boxes.append((f"text {text.get_text()!r}", text.get_window_extent(renderer)))
    return boxes


def axes_of(ax) -> list:
    """The axis objects of an axes, z too in 3D (their tick labels are not checked: the
    axes place them, and a 3D axes keeps labels of ticks it does not draw)."""
    return [ax.xaxis, ax.yaxis] + ([ax.zaxis] if hasattr(ax, "zaxis") else [])


def data_points(fig) -> list[tuple[str, np.ndarray, float]]:
    """(what, points in display pixels, radius) of each line and marker set drawn in an axes."""
    legends = {id(a) for legend in fig.findobj(Legend) for a in legend.findobj()}
    found = []
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_visible() or id(line) in legends or len(line.get_xydata()) == 0:
                continue
            points = sample(line.get_transform().transform(line.get_xydata()))
            if line.get_clip_on():  # what the axes clip away is not drawn
                box = ax.bbox
                points = points[(points[:, 0] >= box.x0) & (points[:, 0] <= box.x1)
                                & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)]
            radius = line.get_markersize() / 2 * fig.dpi / 72 if line.get_marker() not in ("None", None, "") else 0
            found.append((f"line {line.get_label()!r}", points, max(radius, line.get_linewidth() * fig.dpi / 144)))
        for collection in ax.collections:
            if isinstance(collection, PathCollection) and collection.get_visible() and len(collection.get_offsets()):
                points = collection.get_offset_transform().transform(collection.get_offsets())
                sizes = collection.get_sizes()
                radius = math.sqrt(float(sizes.max()) if len(sizes) else 36.0) / 2 * fig.dpi / 72
                found.append((f"markers {collection.get_label()!r}", points, radius))
    return found


def sample(points: np.ndarray) -> np.ndarray:
    """The polyline's vertices and points every pixel along its segments."""
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) < 2:
        return points
    starts, steps = points[:-1], (points[1:] - points[:-1])
    counts = np.maximum(1, np.hypot(steps[:, 0], steps[:, 1]).astype(int))  # per segment, as int() floors
    segment = np.repeat(np.arange(len(counts)), counts)
    k = np.arange(len(segment)) - np.repeat(np.cumsum(counts) - counts, counts) + 1  # 1..count within each
    fraction = (k / counts[segment])[:, None]
    return np.concatenate([points[:1], starts[segment] + fraction * steps[segment]])


def overlaps(box, points: np.ndarray, radius: float) -> bool:
    pad = radius - PAD_PX
    inside = ((points[:, 0] > box.x0 - pad) & (points[:, 0] < box.x1 + pad)
              & (points[:, 1] > box.y0 - pad) & (points[:, 1] < box.y1 + pad))
    return bool(inside.any())


def collisions(fig) -> list[str]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = text_boxes(fig, renderer)
    found = [f"{what} covers {data}" for what, box in boxes for data, points, radius in data_points(fig)
             if overlaps(box, points, radius)]
    whole = fig.bbox
    found += [f"{what} runs off the figure" for what, box in boxes
              if box.x0 < whole.x0 - 1 or box.y0 < whole.y0 - 1 or box.x1 > whole.x1 + 1 or box.y1 > whole.y1 + 1]
    for k, (what, box) in enumerate(boxes):
        found += [f"{what} covers {other}" for other, box2 in boxes[k + 1:] if box.overlaps(box2)]
    return found


@pytest.fixture(scope="module")
def figures_folder(rendered) -> Path:
    return rendered


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("spec", FIGURES, ids=[spec.name for spec in FIGURES])
def test_no_text_covers_data_or_text(spec, layout, figures_folder):
    with matplotlib.style.context(style.rc("light"), after_reset=True):
        assert collisions(drawn(spec, figures_folder, layout)) == []


@pytest.fixture(scope="module")
def slide_site(rendered, tmp_path_factory) -> Path:
    """A folder the deck's figure code reads as a built site: figures/ is the render."""
    site = tmp_path_factory.mktemp("slide-site")
    (site / "figures").symlink_to(rendered, target_is_directory=True)
    return site


@pytest.mark.parametrize("spec", FIGURES, ids=[spec.name for spec in FIGURES])
def test_no_text_covers_data_or_text_on_a_slide(spec, slide_site):
    """In the box the deck gives the figure alone: beside its heading (its title moved
    out to the heading's column) when about as tall as wide, else under it with its caption."""
    from tools.printed import slides_figures, slides_layout

    beside = slides_figures.natural_aspect(slide_site, spec.name) < slides_layout.SIDE_ASPECT
    box = slides_layout.SIDE_BOX_PT if beside else (slides_figures.BODY_WIDTH_PT,
                                                     slides_layout.BODY_HEIGHT_PT - slides_figures.CAPTION_PT)
    with matplotlib.style.context(style.rc("light"), after_reset=True):
        assert collisions(slides_figures.figure_for_box(slide_site, spec.name, box, titled=not beside)[0]) == []


def test_the_check_sees_a_legend_on_a_line():
    """A legend put over a line is found: the measure can fail."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 1], label="flat line at the top")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper center")
    assert any("covers line" in c for c in collisions(fig))
