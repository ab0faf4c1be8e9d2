"""The figures of the slide deck: each drawn again by its own registry entry, from
the numbers the site publishes (site/figures/NAME.json), at the size that puts
its smallest text at MIN_FIGURE_PT once shown in its box on the slide.

A figure keeps its font sizes in points whatever its size in inches, so a
figure drawn w inches wide and shown W inches wide magnifies its text by W / w:
drawing it box / k inches, with k = MIN_FIGURE_PT / smallest font, and showing
it at the box's size gives its smallest text exactly MIN_FIGURE_PT.  "Text" is each
string at its font size; mathtext's subscripts inside it are smaller by TeX's own
ratios (0.7, 0.49), as in any typeset formula.
"""

import base64
import functools
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display here, and Agg is deterministic

import matplotlib.style  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from gdfig import registry, style  # noqa: E402
from tools.printed.chrome import SlideError  # noqa: E402

BODY_WIDTH_PT = 676  # the slide (720 pt) less its side padding
CAPTION_PT = 28     # a line of caption (20 pt, line height 1.2, its margin)
GAP_PT = 16         # between figures side by side
MIN_FIGURE_PT = 12.5  # 12 pt on the 10-inch page, with a margin for rounding
SVG_METADATA = {"Date": None, "Creator": None}  # same numbers, same bytes


@dataclass(frozen=True)
class SlideFigure:
    name: str
    svg: bytes
    scale: float      # how much the slide magnifies the drawing: box / drawn size
    needed_pt: float  # the width its ink takes once shown (more than the box: text cut off)
    needed_height_pt: float  # the same for its height
    titles: tuple[str, ...] = ()  # its axes' titles, when taken out to be shown beside it


def smallest_font(fig) -> float:
    """The smallest font size (pt) of any text the figure shows, tick labels included."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    sizes += [tick.label1.get_fontsize() for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
              for tick in axis.get_major_ticks()[:1]]
    return min(sizes)


def published_numbers(site: Path, name: str) -> dict:
    """What the site's NAME.json holds besides its name and parameters: draw()'s input."""
    document = json.loads((site / "figures" / f"{name}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in document.items() if key not in ("figure", "params")}


def draw_for_box(site: Path, name: str, box_pt: tuple[float, float], titled: bool = True) -> SlideFigure:
    """The light figure NAME as SVG, drawn to be shown box_pt = (width, height) points
    (untitled: its axes' titles taken out, for the slide to show beside it).
    Settings start from matplotlib's defaults, as gdfig's own renders do."""
    with matplotlib.style.context(style.rc("light"), after_reset=True):
        fig, scale, titles = figure_for_box(site, name, box_pt, titled)
        width, height = ink_size(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return SlideFigure(name, buffer.getvalue(), scale, width * 72 * scale, height * 72 * scale, titles)


def figure_for_box(site: Path, name: str, box_pt: tuple[float, float], titled: bool = True):
    """(matplotlib figure, scale, the titles taken out of it unless `titled`) of NAME
    laid out for box_pt; call under its style."""
    spec = registry.get(name)
    fig, scale, titles = _laid_out_for_box(site, spec, box_pt, titled)
    if spec.family.update:  # a frame: its run's figure, moved to this frame's step
        spec.family.update(fig, spec.params, published_numbers(site, name), "light")
        if not titled:  # the update wrote this frame's title
            titles = take_titles(fig) or titles
    return fig, scale, titles


def take_titles(fig) -> tuple[str, ...]:
    """The axes' titles, emptied (a frame's update writes its own again, so read them last)."""
    titles = tuple(ax.get_title() for ax in fig.axes if ax.get_title())
    for ax in fig.axes:
        ax.set_title("")
    return titles


# (figure drawn, box, titled) -> (figure, scale, titles taken out): the frames of a run
# drawn for one box share one figure, their run's first frame laid out once, as in
# gdfig's own renders.
_FIGURES: dict[tuple[str, tuple[float, float], bool], tuple[object, float, tuple[str, ...]]] = {}


def _laid_out_for_box(site: Path, spec, box_pt: tuple[float, float], titled: bool):
    first = spec.family.first_frame(spec.params)
    drawn = next((s for s in registry.FIGURES if s.family is spec.family and s.params == first), spec)
    key = (drawn.name, box_pt, titled)
    if key not in _FIGURES:
        fig = drawn.family.draw(drawn.params, published_numbers(site, drawn.name), "light")
        legend_beside(fig)
        titles = () if titled else take_titles(fig)  # before the layout, which gives the plot their room
        for ax in fig.axes:
            if ax.name == "3d":  # a slide's box is for the surface, not for the margin the page keeps round it
                ax.set_box_aspect(None, zoom=1.4)
        scale = MIN_FIGURE_PT / smallest_font(fig)
        fig.set_size_inches(box_pt[0] / scale / 72, box_pt[1] / scale / 72)
        run = [s for s in registry.FIGURES if s.family is drawn.family and s.family.first_frame(s.params) == first]
        if drawn.family.update and len(run) > 1:  # laid out at the run's last frame: its labels are the longest
            drawn.family.update(fig, run[-1].params, published_numbers(site, run[-1].name), "light")
        if engine := fig.get_layout_engine():
            engine.execute(fig)
            fig.set_layout_engine(None)  # laid out: savefig would lay it out, and draw it, once more
        _FIGURES[key] = fig, scale, titles
    return _FIGURES[key]


@functools.lru_cache(maxsize=None)
def natural_aspect(site: Path, name: str) -> float:
    """Width over height of the figure as the pages show it (its run's first frame)."""
    spec = registry.get(name)
    first = spec.family.first_frame(spec.params)
    drawn = next((s for s in registry.FIGURES if s.family is spec.family and s.params == first), spec)
    with matplotlib.style.context(style.rc("light"), after_reset=True):
        width, height = drawn.family.draw(drawn.params, published_numbers(site, drawn.name), "light").get_size_inches()
    return float(width / height)


def legend_beside(fig) -> None:
    """A figure's own legend (under a page's figure, where width is short) goes to the
    right on a slide, where height is: the plot keeps the slide's full height."""
    for legend in list(fig.legends):
        handles, texts = legend.legend_handles, legend.get_texts()
        size = texts[0].get_fontsize() if texts else None
        legend.remove()
        fig.legend(handles, [t.get_text() for t in texts], loc="outside right upper", fontsize=size, ncol=1)


def ink_size(fig) -> tuple[float, float]:
    """The (width, height) in inches of everything the (laid out) figure draws: larger
    than the figure when a label runs past its edges (a box too small for the text),
    smaller when it leaves margins."""
    box = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer())
    return box.width, box.height


def figure_html(drawn, caption: str, box: tuple[float, float]) -> str:
    source = "data:image/svg+xml;base64," + base64.b64encode(drawn.svg).decode()
    alt = html.escape(registry.get(drawn.name).alt)
    return (f'<figure><img src="{source}" alt="{alt}" data-name="{drawn.name}" '
            f'style="width:{box[0]:.2f}pt;height:{box[1]:.2f}pt">'
            f'{f"<figcaption>{caption}</figcaption>" if caption else ""}</figure>')


def draw_side_by_side(site: Path, names: list[str], height: float,
                      width: float = BODY_WIDTH_PT, titled: bool = True) -> list[tuple[object, float]]:
    """Each figure drawn for an equal share of `width`; if a long label would run past
    its share, the shares follow what each figure's ink needs instead."""
    room = width - GAP_PT * (len(names) - 1)
    widths = [room / len(names)] * len(names)
    drawn = [draw_for_box(site, name, (w, height), titled) for name, w in zip(names, widths)]
    needed = [d.needed_pt for d in drawn]
    if any(n > w + 0.5 for n, w in zip(needed, widths)) and sum(needed) <= room:
        widths = [n + (room - sum(needed)) / len(names) for n in needed]
        drawn = [draw_for_box(site, name, (w, height), titled) for name, w in zip(names, widths)]
    for figure, width in zip(drawn, widths):
        if figure.needed_pt > width + 1 or figure.needed_height_pt > height + 1:
            raise SlideError(f"figure {figure.name} needs {figure.needed_pt:.0f} x {figure.needed_height_pt:.0f} pt "
                             f"on its slide but gets {width:.0f} x {height:.0f}, which would cut its text off; "
                             f"give it a section (h2) of its own in the page, or fewer equations beside it.")
    return list(zip(drawn, widths))


def caption(figure: dict) -> str:
    """A figure's number and title, as the page numbers it."""
    return f'{html.escape(figure["number"])} {html.escape(registry.get(figure["name"]).title)}'


def side_figure_html(site: Path, figure: dict, box: tuple[float, float]) -> tuple[str, tuple[str, ...]]:
    """One figure filling `box`, its axes' titles taken out (the slide's column shows
    them, where the plot would give them its height); the HTML and those titles."""
    [(drawn, width)] = draw_side_by_side(site, [figure["name"]], box[1], box[0], titled=False)
    return f'<div class="slide-figures">{figure_html(drawn, "", (width, box[1]))}</div>', drawn.titles


def figures_html(site: Path, figures: list[dict], room_pt: float, captions: bool = True,
                 width: float = BODY_WIDTH_PT) -> str:
    """Figures side by side in room_pt of the slide's height and `width`, each under its
    number and title (a frame, whose title is the slide's heading, goes without)."""
    if not figures:
        return ""
    height = room_pt - captions * CAPTION_PT * (1 + (len(figures) > 1))  # captions side by side take two lines
    drawn = draw_side_by_side(site, [f["name"] for f in figures], height, width)
    parts = [figure_html(d, caption(f) if captions else "", (w, height)) for f, (d, w) in zip(figures, drawn)]
    return f'<div class="slide-figures">{"".join(parts)}</div>'
