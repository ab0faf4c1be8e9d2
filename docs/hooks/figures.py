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

Figures and frame sets are numbered P.K (P: the page's place in the nav, K: their
rank on the page) and anchored at #fig-NAME.

Everything about a figure comes from figures/manifest.json, written by gdfig.
"""

import difflib
import functools
import gzip
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

MARKER = re.compile(r"\{\{\s*(figure|frames|gallery|explorer)\s*([a-z0-9_]*)\s*\}\}")
REFERENCE = re.compile(r"\{\{\s*fig\s+([a-z0-9_]+)\s*\}\}")
DOWNLOADS = (("svg", "SVG"), ("pdf", "PDF"), ("png", "PNG"), ("json", "data (JSON)"))
_manifest: dict[str, dict] = {}
_figures = Path("figures")  # <project>/figures, set from the config's location in on_config


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
    _key_notebook_cache(config, root / ".cache" / "mkdocs-jupyter", manifest["fingerprint"])
    return config


def _key_notebook_cache(config, caches: Path, fingerprint: str) -> None:
    """mkdocs-jupyter's cache keys on the notebook's bytes only; keying its folder on
    gdfig's source fingerprint makes a change to gdfig re-execute the notebook."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    current = caches / fingerprint[:16]
    for stale in caches.glob("*"):  # outputs of older gdfig sources: never read again
        if stale != current and stale.is_dir():
            shutil.rmtree(stale)
    jupyter.config["cache_dir"] = str(current)


def on_files(files, config):
    for entry in _manifest.values():
        for file in entry["files"].values():
            files.append(File.generated(config, f"figures/{file['path']}",
                                        abs_src_path=str((_figures / file["path"]).resolve())))
    return files


def on_page_markdown(markdown, page, config, files):
    numbers: dict[str, str] = {}

    def number(name: str) -> str:
        numbers[name] = f"{config.extra['page_numbers'][page.file.src_uri]}.{len(numbers) + 1}"
        return numbers[name]

    # Each marker becomes one line of HTML, so it can sit indented inside a tab.
    def expand(match: re.Match) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "gallery":
            return bundle_link(config, page.url) + gallery(page.url)
        if kind == "frames":
            entries = _sequence(name, page)
            return frames(entries, page.url, number(name))
        if kind == "explorer":
            return explorer(_entry(name, "data", page), page.url)
        return figure_html(_entry(name, "figure", page), page.url, number(name))

    def reference(match: re.Match) -> str:
        name = match.group(1)
        if name not in numbers:
            raise PluginError(f"{page.file.src_uri}: {{{{ fig {name} }}}} refers to no figure on this page")
        return f'<a class="gdfig-figref" href="#fig-{name}">Figure {numbers[name]}</a>'

    return REFERENCE.sub(reference, MARKER.sub(expand, markdown))


def _entry(name: str, kind: str, page) -> dict:
    """The manifest entry of a figure (kind "figure") or a data export (kind "data")."""
    known = {n: e for n, e in _manifest.items() if e["kind"] == kind}
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        what = "figure" if kind == "figure" else "explorer data"
        raise PluginError(f"{page.file.src_uri}: unknown {what} '{name}'{hint}")
    return known[name]


def _sequence(name: str, page) -> list[dict]:
    frames_ = [e for e in _manifest.values() if e["sequence"] == name]
    if not frames_:
        known = sorted({e["sequence"] for e in _manifest.values() if e["sequence"]})
        raise PluginError(f"{page.file.src_uri}: unknown frame set '{name}' (known: {', '.join(known)})")
    return sorted(frames_, key=lambda e: e["frame"])


def _image_file(entry: dict, theme: str) -> str:
    """SVG or PNG, whichever is lighter to send (gzipped): pages stay light."""
    prefix = "dark." if theme == "dark" else ""
    candidates = (entry["files"][f"{prefix}svg"], entry["files"][f"{prefix}png"])
    return min(candidates, key=lambda f: _sent_size(f["path"], f["sha256"]))["path"]


@functools.lru_cache(maxsize=None)
def _sent_size(path: str, sha256: str) -> int:
    """Gzipped size of a figure file; keyed on its hash, so a page and the gallery
    showing one figure compress it once.  Level 1 ranks files as level 9 does."""
    return len(gzip.compress((_figures / path).read_bytes(), 1, mtime=0))


def figure_html(entry: dict, page_url: str, number: str | None = None, extra: str = "") -> str:
    """One figure; `extra` adds attributes (a frame carries its data-label)."""
    alt = html.escape(entry["alt"])
    images = "".join(
        f'<img src="{get_relative_url("figures/" + _image_file(entry, theme), page_url)}#only-{theme}" '
        f'alt="{alt}" loading="lazy" decoding="async">'
        for theme in ("light", "dark"))
    prefix = f'<span class="gdfig-number">Figure {number}.</span> ' if number else ""
    return (f'<figure class="gdfig" id="fig-{entry["name"]}"{extra}>{images}'
            f'<figcaption>{prefix}{html.escape(entry["caption"])}</figcaption></figure>')


def frames(entries: list[dict], page_url: str, number: str) -> str:
    """All frames in the page (readable without JavaScript); viewer.js shows one at a time."""
    sequence = entries[0]["sequence"]
    body = "".join(figure_html(e, page_url, f"{number}, frame {e['label']}", f' data-label="{html.escape(e["label"])}"')
                   for e in entries)
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


def gallery(page_url: str) -> str:
    blocks = []
    for entry in (e for e in _manifest.values() if e["kind"] == "figure"):
        links = " · ".join(
            f'<a href="{get_relative_url("figures/" + entry["files"][suffix]["path"], page_url)}" download>{label}</a>'
            for suffix, label in DOWNLOADS)
        blocks.append(
            f'\n## {html.escape(entry["title"])} {{#{entry["name"]}}}\n\n'
            f'{figure_html(entry, page_url)}\n\n'
            f'<p class="gdfig-downloads">Download: {links}</p>\n\n'
            f'```sh\n.venv/bin/gdfig render {entry["name"]}\n```\n\n'
            f'<div class="gdfig-cite" data-anchor="fig-{entry["name"]}" data-title="{html.escape(entry["title"])}"></div>\n')
    return "\n".join(blocks)
