r"""MkDocs hook: math rendered by KaTeX at build time, so pages carry KaTeX's CSS
and fonts but no math JavaScript; numbered equations and references to them.

pymdownx.arithmatex (generic) wraps each formula in <span|div class="arithmatex">;
mkdocs-jupyter leaves $...$ in notebook markdown and adds a MathJax script from a
CDN.  Every formula goes to one node process per build (katex_render.mjs), a TeX
error fails the build naming the page and the formula, and the CDN script goes.
What KaTeX made is kept in .cache/katex.json (for this KaTeX and this renderer):
a build whose formulas are all known there starts no node at all.

A display formula containing \label{NAME} is numbered P.K (P: the page's place in
the nav, K: its rank on the page), gets the anchor #eq-NAME, and {{ eq NAME }}
anywhere on the page becomes a link "(P.K)" to it.
"""

import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

from gdfig.cache import write_atomic
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

RENDERER = Path(__file__).with_name("katex_render.mjs")
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
DOLLARS = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
# nbconvert's MathJax loader and its (CDN) mermaid loader: neither is wanted offline.
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?cdnjs(?:(?!</script>).)*</script>', re.S)
LABEL = re.compile(r"\\label\{([a-z][a-z0-9-]*)\}")
EQ_REF = re.compile(r"\{\{\s*eq\s+([a-z][a-z0-9-]*)\s*\}\}")
_node: subprocess.Popen | None = None
_known: dict[str, str] = {}  # "1" or "0" (display) + TeX -> KaTeX's HTML
_used: set[str] = set()  # the keys this build asked for: the only ones kept
_cache: dict = {"file": None, "stamp": None, "added": False}


def on_config(config):
    """The formulas KaTeX rendered in earlier builds, if the same KaTeX and renderer made
    them; a missing or damaged cache file is an empty one."""
    root = Path(config.config_file_path).parent
    package = root / "node_modules" / "katex" / "package.json"
    stamp = hashlib.sha256(RENDERER.read_bytes() + (package.read_bytes() if package.is_file() else b"")).hexdigest()
    _cache.update(file=root / ".cache" / "katex.json", stamp=stamp, added=False)
    _known.clear()
    _used.clear()
    try:
        saved = json.loads(_cache["file"].read_text(encoding="utf-8"))
        if saved["stamp"] == stamp and all(isinstance(v, str) for v in saved["html"].values()):
            _known.update(saved["html"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return config


def on_files(files, config):
    dist = Path(config.config_file_path).parent / "node_modules" / "katex" / "dist"
    if not dist.is_dir():
        raise PluginError("KaTeX is missing from node_modules; run `npm ci` (make site does it).")
    files.append(File.generated(config, "assets/katex/katex.min.css",
                                abs_src_path=str((dist / "katex.min.css").resolve())))
    for font in sorted((dist / "fonts").glob("*.woff2")):  # browsers take woff2 first
        files.append(File.generated(config, f"assets/katex/fonts/{font.name}", abs_src_path=str(font.resolve())))
    return files


def render(tex: str, display: bool, where: str) -> str:
    key = f"{int(display)}{tex}"
    _used.add(key)
    if key not in _known:
        _known[key] = _render_in_node(tex, display, where)
        _cache["added"] = True
    return _known[key]


def _render_in_node(tex: str, display: bool, where: str) -> str:
    global _node
    if _node is None:
        try:
            _node = subprocess.Popen(["node", str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        except FileNotFoundError:
            raise PluginError("node is not installed; the math is rendered with KaTeX under Node 20.") from None
    _node.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
    _node.stdin.flush()
    answer = json.loads(_node.stdout.readline())
    if "error" in answer:
        raise PluginError(f"{where}: KaTeX cannot render {tex!r}: {answer['error']}")
    return answer["html"]


def on_page_content(content, page, config, files):
    where = page.file.src_uri
    numbers: dict[str, str] = {}

    def arithmatex(match: re.Match) -> str:
        tex = html.unescape(match.group(2)).strip()[2:-2].strip()  # drop \( \) or \[ \]
        if match.group(1) == "span":
            return render(tex, False, where)
        label = LABEL.search(tex)
        if not label:
            return render(tex, True, where)
        name = label.group(1)
        if name in numbers:
            raise PluginError(f"{where}: equation label '{name}' is used twice")
        numbers[name] = f"{config.extra['page_numbers'][where]}.{len(numbers) + 1}"
        tex = LABEL.sub("", tex) + f"\\tag{{{numbers[name]}}}"
        return f'<div class="gdfig-equation" id="eq-{name}">{render(tex, True, where)}</div>'

    def reference(match: re.Match) -> str:
        name = match.group(1)
        if name not in numbers:
            raise PluginError(f"{where}: {{{{ eq {name} }}}} refers to no \\label{{{name}}} on this page")
        return f'<a class="gdfig-eqref" href="#eq-{name}">({numbers[name]})</a>'

    content = EQ_REF.sub(reference, ARITHMATEX.sub(arithmatex, content))
    if where.endswith(".ipynb"):
        content = MERMAID.sub("", MATHJAX.sub("", content))
        content = NOTEBOOK_MARKDOWN.sub(lambda m: m.group(1) + _dollars(m.group(2), where) + m.group(3), content)
    return content


def _dollars(fragment: str, where: str) -> str:
    def one(match: re.Match) -> str:
        display = match.group(1) is not None
        return render(html.unescape(match.group(1) if display else match.group(2)), display, where)

    return DOLLARS.sub(one, fragment)


def on_post_build(config):
    _stop()
    if _cache["added"] or _used != _known.keys():  # written whole, then renamed
        target = _cache["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = {"stamp": _cache["stamp"], "html": {key: _known[key] for key in _used}}
        write_atomic(target, json.dumps(kept, sort_keys=True).encode())


def on_build_error(error):
    _stop()


def _stop() -> None:
    global _node
    if _node is not None:
        _node.stdin.close()
        _node.wait()
        _node = None
