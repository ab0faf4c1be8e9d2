"""matplotlib's text caches, shared by every renderer of one kind.

matplotlib caches a text's size and a parsed math label per renderer object, and
every save makes new renderers: each of a figure's seven saves measured all its
texts again and parsed its math label again (10 ms a parse), about a seventh of a
render.  A text's size depends only on the kind of renderer (Agg, SVG, PDF), the
text, its font and the dpi; a parse only on the parser's output type and its
arguments.  Keyed so, one measurement serves every save: same numbers, same bytes
(tests/test_engine_layout.py compares them with matplotlib's own caches).

The sizes also depend on settings (hinting, font lists), which are the same in
every use of gdfig's style: the shared caches are in place only inside it
(`shared()`), so a notebook's own plots keep matplotlib's caches.

Written against matplotlib 3.11 (pinned): it replaces two private functions,
`matplotlib.text._get_text_metrics_with_cache` and
`MathTextParser._parse_cached`, which every caller looks up at call time.
"""

from contextlib import contextmanager
from typing import Iterator

import matplotlib.mathtext
import matplotlib.text

MAX_ENTRIES = 20_000  # a render measures a few thousand texts; a long-lived process stays bounded

ORIGINAL_METRICS = matplotlib.text._get_text_metrics_with_cache
ORIGINAL_PARSE = matplotlib.mathtext.MathTextParser._parse_cached
_parse = ORIGINAL_PARSE.__wrapped__  # the uncached parse under matplotlib's lru_cache

_metrics: dict = {}
_parses: dict = {}


def _remembered(cache: dict, key, compute):
    if (found := cache.get(key)) is None:
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
        found = cache[key] = compute()
    return found


def text_metrics(renderer, text, fontprop, ismath, dpi):
    """(width, height, descent) of `text`, as `renderer` measures it.  SVG and PDF
    saves hand texts a MixedModeRenderer: the kind is the renderer it wraps."""
    kind = type(getattr(renderer, "_renderer", renderer))
    key = (kind, text, fontprop.copy(), ismath, dpi)  # a copy: FontProperties hash by their mutable state
    return _remembered(_metrics, key, lambda: renderer.get_text_width_height_descent(text, fontprop, ismath))


def parse_math(parser, s, dpi, prop, antialiased, load_glyph_flags):
    """A math label parsed for `parser`'s output type (vector or raster)."""
    key = (parser._output_type, s, dpi, prop, antialiased, load_glyph_flags)
    return _remembered(_parses, key, lambda: _parse(parser, s, dpi, prop, antialiased, load_glyph_flags))


@contextmanager
def shared() -> Iterator[None]:
    """matplotlib's two caches replaced by the shared ones for the block's duration."""
    parser = matplotlib.mathtext.MathTextParser
    before = matplotlib.text._get_text_metrics_with_cache, parser._parse_cached
    matplotlib.text._get_text_metrics_with_cache, parser._parse_cached = text_metrics, parse_math
    try:
        yield
    finally:
        matplotlib.text._get_text_metrics_with_cache, parser._parse_cached = before
