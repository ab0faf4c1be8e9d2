"""The narrow layout for phones and the image sizes the manifest gives the site."""

import json
import re
import struct

import pytest

from gdfig import registry, style
from tests.conftest import computed

IMAGES = [spec.name for spec in registry.FIGURES]


def svg_numbers(payload: bytes) -> tuple[float, float, float]:
    """(width pt, height pt, viewBox width) read from an SVG's root element."""
    root = re.search(rb"<svg[^>]*>", payload).group()
    width, height = (float(re.search(rb'\s%s="([\d.]+)pt"' % k, root).group(1)) for k in (b"width", b"height"))
    view_width = float(re.search(rb'viewBox="0 0 ([\d.]+) ', root).group(1))
    return width, height, view_width


@pytest.mark.parametrize("name", IMAGES)
def test_narrow_text_is_at_least_10_px_on_a_phone(rendered, name):
    """Displayed glyph px = font size in SVG user units x displayed width / viewBox width."""
    from gdfig import produce

    spec = registry.get(name)
    import matplotlib

    with matplotlib.style.context(style.rc("light"), after_reset=True):
        smallest = produce.smallest_font(spec.family.draw(spec.params, computed(name), "light"))
    for suffix in ("narrow.svg", "narrow.dark.svg"):
        _, _, view_width = svg_numbers((rendered / f"{name}.{suffix}").read_bytes())
        assert smallest * style.PHONE_PX / view_width >= style.MIN_GLYPH_PX, (name, suffix)


def test_narrow_is_narrower_than_wide(rendered):
    for name in IMAGES:
        wide = svg_numbers((rendered / f"{name}.svg").read_bytes())[0]
        narrow = svg_numbers((rendered / f"{name}.narrow.svg").read_bytes())[0]
        assert narrow < wide, name


def test_manifest_gives_each_image_its_css_pixel_size(rendered):
    manifest = json.loads((rendered / "manifest.json").read_text())
    for entry in manifest["figures"]:
        for suffix, file in entry["files"].items():
            payload = (rendered / file["path"]).read_bytes()
            if suffix.endswith("svg"):
                width_pt, height_pt, _ = svg_numbers(payload)
                expected = (round(width_pt * 96 / 72), round(height_pt * 96 / 72))
            elif suffix.endswith("png"):
                w, h = struct.unpack(">II", payload[16:24])
                expected = (w // style.PNG_SCALE, h // style.PNG_SCALE)
            else:
                assert "width" not in file or suffix == "pdf"
                continue
            assert (file["width"], file["height"]) == expected, (entry["name"], suffix)


@pytest.mark.parametrize("name", ["surrogate_eta0500_t05", "surface", "contour_starts", "logistic_vs_lda"])
def test_the_dark_figure_reusing_the_light_layout_is_what_it_would_lay_out_itself(name):
    """The renderer lays out each layout once, for both themes: only right if the
    themes differ in colour alone."""
    from gdfig import produce

    spec = registry.get(name)
    data = computed(name)
    for layout in ("wide", "narrow"):
        own = produce.image_bytes(spec, data, "dark", ["svg"], layout)
        drawing = produce.Drawing.of(spec, data)
        produce._drawn_and_saved(spec, data, "light", [], layout, drawing)
        reused = produce._drawn_and_saved(spec, data, "dark", ["svg"], layout, drawing)
        assert reused == own, (name, layout)


@pytest.mark.parametrize("name", ["surrogate_eta0500_t03", "logistic_n100"])  # a math label; many ticks
def test_shared_text_caches_save_what_matplotlibs_own_would(name, monkeypatch):
    """gdfig.text_caches shares text sizes and math parses between renderers of one
    kind: every format, at every dpi, in any order, in either palette, must keep
    matplotlib's bytes."""
    import matplotlib.mathtext
    import matplotlib.text

    from gdfig import produce, text_caches

    spec = registry.get(name)
    data = computed(name)
    formats = ["svg", "pdf", "png"]  # the vector kinds first: a PDF must not reuse an SVG's sizes
    looks = [("light", "wide"), ("light", "narrow"), ("dark", "wide")]  # sizes cached in one serve the others
    shared = [produce.image_bytes(spec, data, theme, formats, layout) for theme, layout in looks]
    # Outside gdfig's drawing (a notebook's own plots), matplotlib's caches are back.
    assert matplotlib.text._get_text_metrics_with_cache is text_caches.ORIGINAL_METRICS
    assert matplotlib.mathtext.MathTextParser._parse_cached is text_caches.ORIGINAL_PARSE
    monkeypatch.setattr(text_caches, "text_metrics", text_caches.ORIGINAL_METRICS)
    monkeypatch.setattr(text_caches, "parse_math", text_caches.ORIGINAL_PARSE)
    own = [produce.image_bytes(spec, data, theme, formats, layout) for theme, layout in looks]
    assert shared == own


@pytest.mark.parametrize("pattern", ["surrogate_eta0500_*", "logistic_n*"])
def test_a_frame_is_the_same_rendered_alone_or_with_its_run(tmp_path, pattern):
    """The frames of a run share one drawing, updated from frame to frame: a frame
    rendered with the others has the bytes it has when rendered on its own."""
    from gdfig import render

    specs = registry.select([pattern])
    outputs = render.outputs_for(("svg", "png"))
    (tmp_path / "run").mkdir()
    render.run(render.plan(specs, outputs, tmp_path / "run", True), tmp_path / "run", 1, lambda *a: None)
    for spec in (specs[-1], specs[len(specs) // 2]):
        alone = tmp_path / spec.name
        alone.mkdir()
        render.run(render.plan([spec], outputs, alone, True), alone, 1, lambda *a: None)
        for output in outputs:
            name = output.filename(spec.name)
            assert (alone / name).read_bytes() == (tmp_path / "run" / name).read_bytes(), name


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_every_text_and_legend_lies_inside_the_figure(layout):
    """A legend laid out for the wide figure can overflow the narrow one, cutting its labels."""
    import matplotlib

    from gdfig import produce

    drawings = {}  # as the renderer does: one drawing per run, moved from frame to frame
    for spec in registry.FIGURES:
        with matplotlib.style.context(style.rc("light"), after_reset=True):
            data = computed(spec.name)
            if spec.run() not in drawings:
                drawings[spec.run()] = produce.Drawing.of(spec, data)
            fig = drawings[spec.run()].figure("light", layout)
            if spec.family.update:  # a frame: its run's first frame, laid out, then moved to this step
                spec.family.update(fig, spec.params, data, "light")
            fig.draw_without_rendering()  # labels take their final places at draw time
            box = fig.bbox
            artists = [*fig.legends, *fig.texts]
            for ax in fig.axes:
                labels = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
                artists += [t for t in labels if t.get_visible() and t.get_text()]
                artists += [ax.get_legend()] if ax.get_legend() else []
            for artist in artists:
                extent = artist.get_window_extent()
                assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, (spec.name, layout, artist)
