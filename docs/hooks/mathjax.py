r"""MkDocs hook: math rendered by MathJax at build time as SVG, so pages carry no
math JavaScript and no math fonts (nothing to wait for, nothing to re-wrap when a
font arrives); numbered equations and references to them.

pymdownx.arithmatex (generic) wraps each formula in <span|div class="arithmatex">;
mkdocs-jupyter leaves $...$ in notebook markdown and adds a MathJax script from a
CDN.  Every formula goes to a node process of the build (mathjax_render.mjs; the
line-broken variants to a second one), a TeX error fails the build naming the page
and the formula, and the CDN script goes.
Each page carries the outline of each glyph its math uses once, in a hidden <svg>
at its top.  What MathJax made is kept in .cache/math.json (for this MathJax, its
font and this renderer): a build whose formulas are all known there starts no node at all.

A display formula too wide for a phone's column also gets a narrow variant, broken
into lines by MathJax 4 (its automatic line breaking of display math); the two sit
in one box whose width picks the one shown (a CSS container query written into
math.css), so the build stays the same for every reader and no script measures.

A display formula containing \label{NAME} is numbered P.K (P: the page's place in
the nav, K: its rank on the page), gets the anchor #eq-NAME, and {{ eq NAME }}
anywhere on the page becomes a link "(P.K)" to it.
"""

import hashlib
import html
import importlib.util
import json
import re
import subprocess
from pathlib import Path

from gdfig.cache import write_atomic
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def _beside(name: str):
    """docs/hooks/NAME.py, loaded from this hook's folder however this hook was loaded
    (MkDocs, a test, tools/ importing docs.hooks.*)."""
    spec = importlib.util.spec_from_file_location(f"gdfig_hook_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


math_narrow = _beside("math_narrow")  # docs/hooks/math_narrow.py: phone variants of display math

RENDERER = Path(__file__).with_name("mathjax_render.mjs")
STYLESHEET = "assets/math.css"
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
DOLLARS = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
# nbconvert's MathJax loader and its (CDN) mermaid loader: neither is wanted offline.
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?cdnjs(?:(?!</script>).)*</script>', re.S)
GLYPH_USE = re.compile(r'xlink:href="#(gdfig-[A-Z0-9-]+)"')
GLYPH_OUTLINE = re.compile(r'<path id="(gdfig-[A-Z0-9-]+)" d="([^"]*)">')  # as glyph_sheet writes them
LABEL = re.compile(r"\\label\{([a-z][a-z0-9-]*)\}")
EQ_REF = re.compile(r"\{\{\s*eq\s+([a-z][a-z0-9-]*)\s*\}\}")
# Two node processes: one-line formulas and line-broken variants. MathJax keeps state
# from a line-breaking render that shifts the width of a later one-line formula (by
# 0.02 ex): apart, each formula's markup is the same whatever was rendered before it,
# so a build from a warm cache gives the bytes of a cold one.
_nodes: dict[bool, subprocess.Popen] = {}
_known: dict[str, str] = {}  # "1" or "0" (display) + TeX -> MathJax's markup
_glyphs: dict[str, str] = {}  # glyph id -> its outline (an SVG path)
_used: set[str] = set()  # the keys this build asked for: the only ones kept
_cache: dict = {"file": None, "stamp": None, "added": False, "css": None, "sheet": None}
_fits: set[int] = set()  # the widths (px) below which a page shows a formula's narrow variant
# What MathJax's SVG output is, and what nothing of ours contains: markup from the cache
# that is not the one, or has the other, is rendered again rather than served.
SOUND_MARKUP = re.compile(r'<mjx-container class="MathJax[^"]*" jax="SVG"[^<]*>.*</mjx-container>\Z', re.S)
UNSAFE_MARKUP = re.compile(r"<(script|foreignObject|iframe|object|embed|style|a)\b|\son[a-z]+\s*=|javascript:|url\(", re.I)


def on_config(config):
    """The formulas MathJax rendered in earlier builds, if the same MathJax and renderer
    made them; a missing or damaged cache file is an empty one."""
    root = Path(config.config_file_path).parent
    packages = [root / "node_modules" / "@mathjax" / name / "package.json" for name in ("src", "mathjax-newcm-font")]
    if not all(package.is_file() for package in packages):
        raise PluginError("MathJax is missing from node_modules; run `npm ci` (make site does it).")
    # This hook shapes what MathJax is asked (narrow variants): its source is part of the key.
    stamp = hashlib.sha256(b"".join(path.read_bytes() for path in [RENDERER, Path(__file__), Path(math_narrow.__file__), *packages])).hexdigest()
    _cache.update(file=root / ".cache" / "math.json", stamp=stamp, added=False, css=None)
    for table in (_known, _glyphs, _used):
        table.clear()
    _fits.clear()
    try:
        saved = json.loads(_cache["file"].read_text(encoding="utf-8"))
        if saved["stamp"] == stamp and isinstance(saved["css"], str) \
                and all(isinstance(v, str) for part in ("html", "glyphs") for v in saved[part].values()) \
                and set(GLYPH_USE.findall("".join(saved["html"].values()))) <= saved["glyphs"].keys():
            _known.update(trusted(saved["html"], saved.get("digests", {}), stamp))
            _glyphs.update({k: v for k, v in saved["glyphs"].items() if re.fullmatch(r"[-\d.,A-Za-z ]*", v)})
            _cache["css"] = saved["css"] if "<" not in saved["css"] else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return config


def digest(stamp: str, key: str, markup: str) -> str:
    """What ties a cached formula's markup to its key (the TeX) and to the renderer."""
    return hashlib.sha256(f"{stamp}\0{key}\0{markup}".encode()).hexdigest()


def trusted(markup: dict, digests: dict, stamp: str) -> dict[str, str]:
    """The cached formulas that are what their key says: their digest matches, and the
    markup is MathJax's SVG with nothing active in it.  The others are rendered again."""
    return {key: html_ for key, html_ in markup.items()
            if isinstance(digests.get(key), str) and digests[key] == digest(stamp, key, html_)
            and SOUND_MARKUP.match(html_) and not UNSAFE_MARKUP.search(html_)}


def on_files(files, config):
    """MathJax's own stylesheet for its SVG output (display boxes, the hidden MathML)."""
    if _cache["css"] is None:
        _cache["css"] = _ask({"stylesheet": True}, "MathJax's stylesheet")["css"]
        _cache["added"] = True
    _cache["sheet"] = File.generated(config, STYLESHEET, content=_cache["css"])
    files.append(_cache["sheet"])
    return files


def on_env(env, config, files):
    """Every page is rendered: the stylesheet gets one rule per width a formula needs."""
    _cache["sheet"].content_string = _cache["css"] + math_narrow.fit_rules(_fits)
    return env


def display_math(tex: str, where: str) -> str:
    """A display formula; one too wide for a phone's column comes with its lines
    broken, both in a box that shows the one its width holds."""
    wide = render(tex, True, where)
    width = math_narrow.shown_px(wide)
    if math_narrow.fits_a_phone(width):
        return wide
    narrow = render(tex, True, where, math_narrow.NARROW_PX)
    if not math_narrow.fits_a_phone(math_narrow.shown_px(narrow)):  # a term wider than a phone: break inside it too
        narrow = render(tex, True, where, math_narrow.NARROW_PX, whole=False)
    if math_narrow.shown_px(narrow) >= width - 1:
        return wide  # MathJax found no place to break it
    fit = math_narrow.fit_width(width)
    _fits.add(fit)
    narrow = narrow.replace('<mjx-container class="MathJax"', '<mjx-container class="MathJax gdfig-narrow"', 1)
    return f'<div class="gdfig-math gdfig-fit-{fit}">{wide}{narrow}</div>'


def render(tex: str, display: bool, where: str, width: int | None = None, whole: bool = True) -> str:
    """MathJax's markup for a formula: inline ("0"), display ("1"), or display broken into
    lines `width` px wide, between whole terms ("2") or anywhere ("3")."""
    key = f"{int(display) + (0 if not width else 1 if whole else 2)}{tex}"
    _used.add(key)
    if key not in _known:
        request = {"tex": math_narrow.narrow_tex(tex, whole) if width else tex, "display": display,
                   **({"width": width} if width else {})}
        answer = _ask(request, f"{where}: MathJax cannot render {tex!r}")
        _known[key] = answer["html"]
        _glyphs.update(answer["glyphs"])
        _cache["added"] = True
    return _known[key]


def _ask(request: dict, failure: str) -> dict:
    """One answer from the build's node process for this kind of request (started on first use)."""
    breaks = "width" in request
    if breaks not in _nodes:
        try:
            _nodes[breaks] = subprocess.Popen(["node", str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                              text=True)
        except FileNotFoundError:
            raise PluginError("node is not installed; the math is rendered with MathJax under Node 20.") from None
    _node = _nodes[breaks]
    try:
        _node.stdin.write(json.dumps(request) + "\n")
        _node.stdin.flush()
        line = _node.stdout.readline()
    except BrokenPipeError:
        line = ""
    if not line:
        raise PluginError("MathJax's renderer (docs/hooks/mathjax_render.mjs) stopped; run `npm ci` and build again.")
    answer = json.loads(line)
    if "error" in answer:
        raise PluginError(f"{failure}: {answer['error']}")
    return answer


def on_page_content(content, page, config, files):
    where = page.file.src_uri
    numbers: dict[str, str] = {}

    def arithmatex(match: re.Match) -> str:
        tex = html.unescape(match.group(2)).strip()[2:-2].strip()  # drop \( \) or \[ \]
        if match.group(1) == "span":
            return render(tex, False, where)
        label = LABEL.search(tex)
        if not label:
            return display_math(tex, where)
        name = label.group(1)
        if name in numbers:
            raise PluginError(f"{where}: equation label '{name}' is used twice")
        numbers[name] = f"{config.extra['page_numbers'][where]}.{len(numbers) + 1}"
        # The number is ours, beside the formula's box (which scrolls when too wide), so
        # the two never overlap at any width.
        return (f'<div class="gdfig-equation" id="eq-{name}">{display_math(LABEL.sub("", tex), where)}'
                f'<span class="gdfig-equation__number">({numbers[name]})</span></div>')

    def reference(match: re.Match) -> str:
        name = match.group(1)
        if name not in numbers:
            raise PluginError(f"{where}: {{{{ eq {name} }}}} refers to no \\label{{{name}}} on this page")
        return f'<a class="gdfig-eqref" href="#eq-{name}">({numbers[name]})</a>'

    content = EQ_REF.sub(reference, ARITHMATEX.sub(arithmatex, content))
    if where.endswith(".ipynb"):
        content = MERMAID.sub("", MATHJAX.sub("", content))
        content = NOTEBOOK_MARKDOWN.sub(lambda m: m.group(1) + _dollars(m.group(2), where) + m.group(3), content)
    return glyph_sheet(content, _glyphs) + content


def glyph_sheet(markup: str, outlines: dict[str, str]) -> str:
    """The hidden <svg> holding the outline (from `outlines`) of each glyph the math in
    `markup` draws; the slides (tools/printed/slides.py) build theirs with it too."""
    used = sorted(set(GLYPH_USE.findall(markup)) & outlines.keys())
    if not used:
        return ""
    paths = "".join(f'<path id="{glyph}" d="{outlines[glyph]}"></path>' for glyph in used)
    return f'<svg class="gdfig-glyphs" aria-hidden="true" focusable="false"><defs>{paths}</defs></svg>'


def _dollars(fragment: str, where: str) -> str:
    def one(match: re.Match) -> str:
        display = match.group(1) is not None
        tex = html.unescape(match.group(1) if display else match.group(2))
        return display_math(tex, where) if display else render(tex, False, where)

    return DOLLARS.sub(one, fragment)


def on_post_build(config):
    _stop()
    if _cache["added"] or _used != _known.keys():  # written whole, then renamed
        target = _cache["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        kept_html = {key: _known[key] for key in _used}
        drawn = set(GLYPH_USE.findall("".join(kept_html.values())))
        kept = {"stamp": _cache["stamp"], "css": _cache["css"], "html": kept_html,
                "digests": {key: digest(_cache["stamp"], key, markup) for key, markup in kept_html.items()},
                "glyphs": {glyph: _glyphs[glyph] for glyph in drawn}}
        write_atomic(target, json.dumps(kept, sort_keys=True).encode())


def on_build_error(error):
    _stop()


def _stop() -> None:
    while _nodes:
        _, node = _nodes.popitem()
        node.stdin.close()
        node.wait()
