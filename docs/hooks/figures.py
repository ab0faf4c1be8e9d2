"""MkDocs hook: figures from gdfig, built into the site.

Runs `python -m gdfig render --all` as a subprocess at each build (hook modules are not
reloaded by `mkdocs serve`, a subprocess always runs the current code; and it
shares figures/ and its cache with `make figures`), adds the outputs to the
site with File.generated, and expands these markers in pages:

    {{ figure NAME }}     one figure, light and dark, with its caption
    {{ frames SEQUENCE }} a frame set in the step-through viewer (docs/assets/viewer.js)
    {{ gallery }}         every figure with downloads and its regenerate command
    {{ explorer NAME }}   an interactive explorer (docs/assets/explorer.js) fed by
                          the data export NAME (explore_1d, explore_2d, explore_logistic)
    {{ fig NAME }}        a link "Figure P.K" to a figure or frame set of this page
    {{ answer KEY }}      a number of a "Check yourself" answer (the data export `answers`)

Figures and frame sets are numbered P.K (P: the page's place in the nav, K: their
rank on the page) and anchored at #fig-NAME.

Everything about a figure comes from figures/manifest.json, written by gdfig.
"""

import difflib
import functools
import gzip
import html
import importlib.util
import json
import math
import re
import subprocess
import sys
from pathlib import Path

from gdfig.cache import write_atomic
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url


def _beside(name: str):
    """docs/hooks/NAME.py, loaded from this hook's folder however this hook was loaded
    (MkDocs, a test, tools/ importing docs.hooks.*)."""
    spec = importlib.util.spec_from_file_location(f"gdfig_hook_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gallery = _beside("gallery")  # docs/hooks/gallery.py: the gallery's cards and thumbnails

NOTEBOOK_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
LEFT_OVER = re.compile(r"\{\{.{0,200}?\}\}", re.S)  # any marker no hook expanded (a typo)
VERBATIM = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.S | re.I)  # code and BibTeX show braces as such
_manifest: dict[str, dict] = {}
_figures = Path("figures")  # <project>/figures, set from the config's location in on_config
_sizes: dict[str, int] = {}  # a figure file's sha256 -> its gzipped size (_sent_size)


def on_config(config):
    global _figures
    root = Path(config.config_file_path).parent
    _figures = root / "figures"
    result = subprocess.run([sys.executable, "-m", "gdfig", "render", "--all", "--out", str(_figures)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"gdfig could not render the figures:\n{result.stderr}{result.stdout}")
    manifest = json.loads((_figures / "manifest.json").read_text())
    _manifest.clear()
    _manifest.update({e["name"]: e for e in manifest["figures"] if e["variant_of"] is None})  # no variants
    _sizes.clear()
    _sizes.update(_load_sizes(_sizes_file()))
    return config


def on_post_page(output, page, config):
    """Every hook has run: braces left in the page's text are a misspelt marker."""
    if left := LEFT_OVER.search(VERBATIM.sub("", output)):
        written = html.unescape(left.group())
        source = getattr(page.file, "content_string", "") or ""
        line = f":{source[:source.index(written)].count(chr(10)) + 1}" if written in source else ""
        raise PluginError(f"{page.file.src_uri}{line}: '{written}' is left in the built page; no hook knows it "
                          f"(figure, frames, gallery, explorer, fig, answer, eq): check its spelling")
    return output


def on_files(files, config):
    for entry in _manifest.values():
        for file in entry["files"].values():
            files.append(File.generated(config, f"figures/{file['path']}",
                                        abs_src_path=str((_figures / file["path"]).resolve())))
    return files


def on_page_markdown(markdown, page, config, files):
    """Expand this hook's markers outside code (fenced blocks and `inline` spans show
    them as written); a broken marker, or a figure placed twice, fails the build
    naming page, line and the marker as written."""
    where = _locator(markdown, page)
    spans = outside_code(markdown)
    check_markers(markdown, spans, where)
    ranks = _ranks(markdown, spans, where)
    prefix = config.extra["page_numbers"][page.file.src_uri]

    def expand(match: re.Match) -> str:
        written = match.group(0)
        if match.group("ref") is not None:
            name = match.group("ref")
            if name not in ranks:
                raise PluginError(f"{where(match.start())}: '{written}' refers to no figure or frame set on this page")
            return f'<a class="gdfig-figref" href="#fig-{name}">Figure {prefix}.{ranks[name]}</a>'
        if match.group("answer") is not None:
            return _answer(match.group("answer"), written, where(match.start()))
        kind, name = match.group("kind"), match.group("name")
        if kind == "gallery":
            return bundle_link(config, page.url) + gallery.cards(list(_manifest.values()), page.url)
        if kind == "explorer":
            return explorer(_entry(name, "data", written, where(match.start())), page.url)
        number, eager = f"{prefix}.{ranks[name]}", ranks[name] == 1  # the page's first figure loads at once
        if kind == "frames":
            return frames(_sequence(name, written, where(match.start())), page.url, number, eager=eager)
        return figure_html(_entry(name, "figure", written, where(match.start())), page.url, number, eager=eager)

    # Each marker becomes one line of HTML, so it can sit indented inside a tab.
    pieces, done = [], 0
    for start, end in spans:
        for match in ANY_MARKER.finditer(markdown, start, end):
            pieces += [markdown[done:match.start()], expand(match)]
            done = match.end()
    return "".join(pieces) + markdown[done:]


ANSWER = re.compile(r"\{\{\s*answer\s+([a-z0-9_]+)\s*\}\}")
ANY_MARKER = re.compile(r"\{\{\s*(?:(?P<kind>figure|frames|gallery|explorer)\s*(?P<name>[a-z0-9_]*)"
                        r"|fig\s+(?P<ref>[a-z0-9_]+)|answer\s+(?P<answer>[a-z0-9_]+))\s*\}\}")
KEYWORDS = "figure|frames|gallery|explorer|fig|answer|eq"  # eq: docs/hooks/mathjax.py's
MARKER_LIKE = re.compile(r"(\{*)[ \t]*\b(" + KEYWORDS + r")\b[ \t]*([\w.-]*)[ \t]*(\}*)")
CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)"  # a fenced block
                  r"|(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)", re.M | re.S)  # inline code, in one paragraph
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]", re.S)  # TeX has braces of its own


def outside_code(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of `markdown` that is not code."""
    spans, start = [], 0
    for match in CODE.finditer(markdown):
        spans.append((start, match.start()))
        start = match.end()
    return spans + [(start, len(markdown))]


def check_markers(markdown: str, spans: list[tuple[int, int]], where) -> None:
    """A marker of ours with one brace too few or too many, unclosed, or with a name
    no marker takes (upper case, a dash) fails, naming page, line and what was written."""
    for start, end in spans:
        text = MATH.sub(lambda m: " " * len(m.group()), markdown[start:end])
        for match in MARKER_LIKE.finditer(text):
            opening, keyword, closing = len(match.group(1)), match.group(2), len(match.group(4))
            if max(opening, closing) < 2:
                continue  # the word in prose, or TeX's {fig}
            if (opening, closing) != (2, 2) or (keyword != "eq" and not ANY_MARKER.fullmatch(match.group())):
                raise PluginError(f"{where(start + match.start())}: '{match.group().strip()}' is a broken marker; "
                                  f"write {{{{ {keyword} NAME }}}}, two braces on each side, NAME in "
                                  f"lower case letters, digits and _")


def _ranks(markdown: str, spans: list[tuple[int, int]], where) -> dict[str, int]:
    """Each figure and frame set of the page: its rank (1, 2...), in page order.  A
    figure, frame set or explorer placed twice is refused: its anchor would repeat."""
    ranks: dict[str, int] = {}
    first_seen: dict[str, str] = {}
    for start, end in spans:
        for match in ANY_MARKER.finditer(markdown, start, end):
            kind, name = match.group("kind"), match.group("name")
            if kind not in ("figure", "frames", "explorer"):
                continue
            if name in first_seen:
                raise PluginError(f"{where(match.start())}: '{match.group()}' places '{name}' a second time "
                                  f"(first at {first_seen[name]}); show it once"
                                  + (f" and refer to it with {{{{ fig {name} }}}}" if kind != "explorer" else ""))
            first_seen[name] = where(match.start())
            if kind != "explorer":
                ranks[name] = len(ranks) + 1
    return ranks


def _locator(markdown: str, page):
    """where(offset) -> 'page.md:LINE' for an offset into `markdown` (which MkDocs has
    stripped of its front matter: lines are counted in the file as written)."""
    source = getattr(page.file, "content_string", "") or ""
    before = source[:len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
    return lambda offset: f"{page.file.src_uri}:{before + markdown.count(chr(10), 0, offset) + 1}"


def _answer(key: str, written: str, where: str) -> str:
    """{{ answer KEY }}: a number of a "Check yourself" answer, as gdfig computed it
    (the data export `answers`, gdfig/figures/questions.py).  An unknown key fails the build."""
    known = json.loads((_figures / _manifest["answers"]["files"]["json"]["path"]).read_text())["answers"]
    if key not in known:
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise PluginError(f"{where}: '{written}': unknown answer '{key}'{hint}")
    return known[key]


def on_page_content(content, page, config, files):
    """The notebook page without nbconvert's inlined JupyterLab and Pygments CSS
    (590 KB of the page's 700): gdfig.css styles its cells like the site's code,
    in both palettes."""
    if page.file.src_uri.endswith(".ipynb"):
        return NOTEBOOK_STYLE.sub("", content)
    return content


def _entry(name: str, kind: str, written: str, where: str) -> dict:
    """The manifest entry of a figure (kind "figure") or a data export (kind "data")."""
    known = {n: e for n, e in _manifest.items() if e["kind"] == kind}
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        what = "figure" if kind == "figure" else "explorer data"
        raise PluginError(f"{where}: '{written}': unknown {what} '{name}'{hint}")
    return known[name]


def _sequence(name: str, written: str, where: str) -> list[dict]:
    frames_ = [e for e in _manifest.values() if e["sequence"] == name]
    if not frames_:
        known = sorted({e["sequence"] for e in _manifest.values() if e["sequence"]})
        raise PluginError(f"{where}: '{written}': unknown frame set '{name}' (known: {', '.join(known)})")
    return sorted(frames_, key=lambda e: e["frame"])


def _image_file(entry: dict, theme: str) -> dict:
    """SVG or PNG, whichever is lighter to send (gzipped): pages stay light."""
    prefix = "dark." if theme == "dark" else ""
    candidates = (entry["files"][f"{prefix}svg"], entry["files"][f"{prefix}png"])
    return min(candidates, key=lambda f: _sent_size(f["path"], f["sha256"]))


def _narrow_file(entry: dict, theme: str) -> dict | None:
    """The narrow layout (SVG), when the renderer made one for this figure."""
    return entry["files"].get("narrow.dark.svg" if theme == "dark" else "narrow.svg")


def _sent_size(path: str, sha256: str) -> int:
    """Gzipped size of a figure file, kept under its hash in .cache/sent-sizes.json: each
    file is compressed once, not at every build.  Level 1 ranks files as level 9 does."""
    if sha256 not in _sizes:
        _sizes[sha256] = len(gzip.compress((_figures / path).read_bytes(), 1, mtime=0))
    return _sizes[sha256]


def _load_sizes(path: Path) -> dict[str, int]:
    """The sizes measured by earlier builds; a missing or damaged file is an empty one."""
    try:
        sizes = json.loads(path.read_text(encoding="utf-8"))
        return {k: v for k, v in sizes.items() if isinstance(k, str) and isinstance(v, int)}
    except (OSError, ValueError, AttributeError):
        return {}


def on_post_build(config):
    """Keep the sizes of the files this build sent (written whole, then renamed)."""
    kept = {entry["sha256"]: _sizes[entry["sha256"]] for e in _manifest.values() for entry in e["files"].values()
            if entry["sha256"] in _sizes}
    if kept != _load_sizes(_sizes_file()):
        _sizes_file().parent.mkdir(parents=True, exist_ok=True)
        write_atomic(_sizes_file(), json.dumps(kept, sort_keys=True).encode())


def _sizes_file() -> Path:
    return _figures.parent / ".cache" / "sent-sizes.json"


SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt" height="([\d.]+)pt"')
GLYPH_SCALE = re.compile(r'scale\(([\d.]+) -[\d.]+\)')  # matplotlib's path text: one group per string


def _size(file: dict) -> tuple[int, int]:
    """Intrinsic (width, height) in CSS px, as the renderer records them."""
    return int(file["width"]), int(file["height"])


@functools.lru_cache(maxsize=None)
def _full_layout_min_width(path: str, sha256: str) -> int:
    """The narrowest display (CSS px) at which the full layout's smallest text is
    still MIN_TEXT_PX: below it, pages show the narrow layout."""
    text = (_figures / path).read_text()
    width = float(SVG_SIZE.search(text).group(1))
    smallest = min(float(s) for s in GLYPH_SCALE.findall(text)) * 100  # matplotlib draws glyphs at 100 units
    return math.ceil(MIN_TEXT_PX * width / smallest)


MIN_TEXT_PX = 10
PAGE_INSET_PX = 72  # the text column's margins on a phone, plus a tab or an admonition


def _picture(entry: dict, theme: str, page_url: str, attributes: str, thumbnail: bool = False,
             frame: bool = False) -> str:
    """One theme's image: the narrow layout on narrow screens (when there is one),
    the full layout otherwise; intrinsic sizes on both, so nothing shifts.
    A thumbnail is the narrow layout at every width; a frame is also narrow on
    paper, where frames print as small multiples."""
    narrow = _narrow_file(entry, theme)
    if thumbnail and narrow is not None:
        width, height = _size(narrow)
        return (f'<picture><img src="{get_relative_url("figures/" + narrow["path"], page_url)}#only-{theme}" '
                f'alt="{html.escape(entry["alt"])}" width="{width}" height="{height}" {attributes}></picture>')
    full = _image_file(entry, theme)
    width, height = _size(full)
    sources = ""
    svg = entry["files"]["svg"]
    if narrow is not None:
        breakpoint_ = _full_layout_min_width(svg["path"], svg["sha256"]) + PAGE_INSET_PX
        n_width, n_height = _size(narrow)
        media = f"(max-width: {breakpoint_}px)" + (", print" if frame else "")
        sources = (f'<source media="{media}" '
                   f'srcset="{get_relative_url("figures/" + narrow["path"], page_url)}" '
                   f'width="{n_width}" height="{n_height}">')
    return (f'<picture>{sources}<img src="{get_relative_url("figures/" + full["path"], page_url)}#only-{theme}" '
            f'alt="{html.escape(entry["alt"])}" width="{width}" height="{height}" {attributes}></picture>')


def figure_html(entry: dict, page_url: str, number: str | None = None, extra: str = "",
                eager: bool = False, frame: bool = False) -> str:
    """One figure; `extra` adds attributes (a frame carries its data-label). The
    page's first figure loads at once in the default (light) palette, as it is often
    the largest paint; the rest, and the dark image that a light page never shows, lazily."""
    lazy = 'loading="lazy" decoding="async"'
    first = 'loading="eager" fetchpriority="high"' if eager else lazy  # the default palette's image
    images = (_picture(entry, "light", page_url, first, frame=frame)
              + _picture(entry, "dark", page_url, lazy, frame=frame))
    prefix = f'<span class="gdfig-number">Figure {number}.</span> ' if number else ""
    return (f'<figure class="gdfig" id="fig-{entry["name"]}"{extra}><div class="gdfig-image">{images}</div>'
            f'<figcaption>{prefix}<span class="gdfig-caption">{html.escape(entry["caption"])}</span>'
            f'</figcaption></figure>')


def frames(entries: list[dict], page_url: str, number: str, eager: bool = False) -> str:
    """All frames in the page (readable without JavaScript); viewer.js shows one at a time."""
    sequence = entries[0]["sequence"]
    body = "".join(figure_html(e, page_url, f"{number}, frame {e['label']}", f' data-label="{html.escape(e["label"])}"',
                               eager=eager and k == 0, frame=True)
                   for k, e in enumerate(entries))
    return f'<div class="gdfig-frames" id="fig-{sequence}" data-sequence="{sequence}">{body}</div>'


def explorer(entry: dict, page_url: str) -> str:
    """The explorer's mount point; without JavaScript it only says so."""
    source = get_relative_url("figures/" + entry["files"]["json"]["path"], page_url)
    return (f'<div class="gdfig-explorer" id="{entry["name"]}" data-kind="{entry["family"]}" data-src="{source}">'
            f'<p class="gdfig-explorer-fallback">This explorer needs JavaScript; the figures above show '
            f'the lecture\'s settings.</p></div>')


def bundle_link(config, page_url: str) -> str:
    """The zip of every figure, which `make site` writes beside the pages (tools/bundle.py)."""
    name = f"gdfig-figures-{config.extra['citation']['version']}.zip"
    return (f'<p class="gdfig-bundle"><a href="{get_relative_url(name, page_url)}" download>Every figure in one zip '
            f'({name})</a>: PDF, SVG and PNG, light and dark, their data, a README and the citation.</p>\n')
