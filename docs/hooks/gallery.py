"""MkDocs hook: the figure gallery ({{ gallery }}, expanded by figures.py with cards()).

One card per figure, and one per frame sequence with its frames inside; each card
shows a raster thumbnail at the card's size (WebP, 1x to 3x, lazily loaded) that
links to the full figure, and a visible "Download: SVG · PDF · PNG · data" line.
The full files load only on demand, so the page's first load stays light on a phone.

Thumbnails are made at build time from each figure's rendered PNG, downscaled with
Pillow (Lanczos; the same bytes for the same PNG), and kept in .cache/thumbs under a
key naming their source, size and this recipe; a cached thumbnail is served only if
its bytes hash to what the cache's index recorded when it was made.  A cold build
makes about 90 of them: each source is decoded once for its widths, and the cards
are made on every core (Pillow works outside Python's lock).

Every figure keeps its two addresses, #NAME and #fig-NAME: a frame's are on its
entry inside its sequence's card (a11y.js opens the folds around an address).
"""

import hashlib
import html
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gdfig import style
from gdfig.cache import write_atomic
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

# px: a card at its widest (1x), and for dense screens: a wide screen's 20rem card at 2x
# takes 640 (with 800 the next size up, a 2x laptop's first load of the gallery was
# 350 KB); a phone's column at 3x takes about 1000, where 640 looked soft.
THUMB_WIDTHS = (480, 640, 960)
RECIPE = "lanczos-flat-webp75-m4-v2"  # any change here re-makes every cached thumbnail
THEMES = ("light", "dark")
DOWNLOADS = (("svg", "SVG"), ("pdf", "PDF"), ("png", "PNG"), ("json", "data"))
# The width a thumbnail is shown at: the column on a phone, a third of it on wide screens.
SIZES = "(max-width: 44em) calc(100vw - 3rem), 20rem"
_root = Path(".")


def on_config(config):
    global _root
    _root = Path(config.config_file_path).parent
    return config


def on_files(files, config):
    """Every card's thumbnails, as generated files of the site."""
    figures = _root / "figures"
    entries = _entries(json.loads((figures / "manifest.json").read_text()))
    store = ThumbnailStore(_root / ".cache" / "thumbs")
    wanted = [(card.cover["name"], theme, card.cover["files"]["dark.png" if theme == "dark" else "png"])
              for card in cards_of(entries) for theme in THEMES]

    def make(job):
        _, theme, source = job
        return store.get(figures / source["path"], source["sha256"], THUMB_WIDTHS, style.palette(theme).page)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        made = list(pool.map(make, wanted))  # in the cards' order, however the threads finish
    for (name, theme, _), thumbs in zip(wanted, made):
        for width, data in zip(THUMB_WIDTHS, thumbs):
            files.append(File.generated(config, thumb_path(name, theme, width), content=data))
    store.save()
    return files


def _entries(manifest: dict) -> list[dict]:
    return [e for e in manifest["figures"] if e["variant_of"] is None and e["kind"] == "figure"]


# ---- thumbnails ----------------------------------------------------------------------

def thumbnails(png: bytes, widths: tuple[int, ...], page: str) -> list[bytes]:
    """The figure `png` downscaled to each of `widths` px (its aspect kept), over the
    colour `page` ("#rrggbb") it is seen on (no alpha channel: a third of the bytes),
    as WebP; the PNG decoded once for them all."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGBA")
    out = []
    for width in widths:
        small = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        flat = Image.new("RGBA", small.size, page)
        flat.alpha_composite(small)
        data = io.BytesIO()
        flat.convert("RGB").save(data, "WEBP", quality=75, method=4)
        out.append(data.getvalue())
    return out


class ThumbnailStore:
    """Thumbnails kept between builds, each checked against the hash recorded when it was made."""

    def __init__(self, folder: Path):
        self.folder, self.index_file = folder, folder / "index.json"
        try:
            index = json.loads(self.index_file.read_text(encoding="utf-8"))
            self.index = {k: v for k, v in index.items() if isinstance(k, str) and isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            self.index = {}
        self.used: dict[str, str] = {}

    def get(self, png: Path, sha256: str, widths: tuple[int, ...], page: str) -> list[bytes]:
        """The thumbnails of `png` at `widths`, from the cache when they are all there."""
        keys = [hashlib.sha256(f"{sha256}-{width}-{page}-{RECIPE}".encode()).hexdigest()[:32] for width in widths]
        cached = [self._cached(key) for key in keys]
        if all(data is not None for data in cached):
            return cached
        made = thumbnails(png.read_bytes(), widths, page)
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, data in zip(keys, made):
            write_atomic(self.folder / f"{key}.webp", data)
            self.used[key] = hashlib.sha256(data).hexdigest()
        return made

    def _cached(self, key: str) -> bytes | None:
        try:
            data = (self.folder / f"{key}.webp").read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != self.index.get(key):
            return None
        self.used[key] = self.index[key]
        return data

    def save(self) -> None:
        """Keep the index of this build's thumbnails; drop the files no card uses any more."""
        if self.used != self.index:
            write_atomic(self.index_file, json.dumps(self.used, sort_keys=True).encode())
        for old in self.folder.glob("*.webp"):
            if old.stem not in self.used:
                old.unlink(missing_ok=True)


def thumb_path(name: str, theme: str, width: int) -> str:
    return f"figures/thumbs/{name}.{theme}.{width}.webp"


# ---- the cards ---------------------------------------------------------------------------

class Card:
    """A figure alone, or a frame sequence (its frames in order; the first is its cover)."""

    def __init__(self, members: list[dict]):
        self.members = sorted(members, key=lambda e: e["frame"] or 0)
        self.cover = self.members[0]
        self.sequence = self.cover["sequence"]
        self.name = self.sequence or self.cover["name"]
        self.title = sequence_title([e["title"] for e in self.members]) if self.sequence else self.cover["title"]


def cards_of(entries: list[dict]) -> list[Card]:
    """One card per figure and per frame sequence, in the registry's (lecture) order."""
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        groups.setdefault(entry["sequence"] or entry["name"], []).append(entry)
    return [Card(members) for members in groups.values()]


def sequence_title(titles: list[str]) -> str:
    """What the frames' titles share, without the part that names a frame:
    "Surrogate step, η = 0.125, frame w₀" ... -> "Surrogate step, η = 0.125"."""
    shared = titles[0]
    for title in titles[1:]:
        while not title.startswith(shared):
            shared = shared[:-1]
    for cut in (", ", " after "):
        if cut in shared:
            return shared.rsplit(cut, 1)[0]
    return shared.strip(" ,=")


def cards(entries: list[dict], page_url: str) -> str:
    """The gallery's HTML: its cards in a grid (one column on phones); the first card's
    light thumbnail loads at once (the page's largest paint), the rest lazily."""
    made = cards_of(_entries_only(entries))
    return f'<div class="gdfig-gallery">{"".join(_card(card, page_url, first=k == 0) for k, card in enumerate(made))}</div>'


def _entries_only(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e["kind"] == "figure" and e.get("variant_of") is None]


def _card(card: Card, page_url: str, first: bool = False) -> str:
    count = f' <span class="gdfig-count">· {len(card.members)} frames</span>' if card.sequence else ""
    cover = card.cover
    head = (f'<section class="gdfig-card" id="{card.name}"><h2><a href="#{card.name}">{html.escape(card.title)}</a>{count}</h2>'
            f'<figure class="gdfig" id="fig-{card.name}">{_thumbs(cover, page_url, first)}</figure>')
    if not card.sequence:
        return (f'{head}<p class="gdfig-downloads">Download: {_links(cover, page_url)}</p>'
                f'{_more(cover, "Caption, command, citation")}</section>')
    frames = "".join(_frame(entry, page_url) for entry in card.members)
    return (f'{head}<p class="gdfig-downloads">Download, frame {html.escape(cover["label"])}: {_links(cover, page_url)}</p>'
            f'<details class="gdfig-frames-list"><summary>All {len(card.members)} frames: files, commands, citations</summary>'
            f'<ol>{frames}</ol></details></section>')


def _frame(entry: dict, page_url: str) -> str:
    name = entry["name"]
    return (f'<li class="gdfig-frame-entry" id="{name}"><span class="gdfig-frame-label" id="fig-{name}">'
            f'{html.escape(entry["label"])}</span>: {_links(entry, page_url)}{_more(entry, "Caption, command, citation")}</li>')


def _thumbs(entry: dict, page_url: str, first: bool = False) -> str:
    """The thumbnail in each palette (the other palette's is display: none, so never
    fetched), each a link to the full figure in that palette."""
    out = []
    for theme in THEMES:
        png = entry["files"]["dark.png" if theme == "dark" else "png"]
        full = entry["files"]["dark.svg" if theme == "dark" else "svg"]
        srcset = ", ".join(f"{get_relative_url(thumb_path(entry['name'], theme, w), page_url)} {w}w" for w in THUMB_WIDTHS)
        height = round(THUMB_WIDTHS[0] * int(png["height"]) / int(png["width"]))
        eager = first and theme == "light"  # the default palette's
        loading = 'loading="eager" fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'
        out.append(f'<a class="gdfig-thumb gdfig-thumb--{theme}" href="{get_relative_url("figures/" + full["path"], page_url)}" '
                   f'style="aspect-ratio: {THUMB_WIDTHS[0]} / {height}">'
                   f'<img src="{get_relative_url(thumb_path(entry["name"], theme, THUMB_WIDTHS[0]), page_url)}" '
                   f'srcset="{srcset}" sizes="{SIZES}" width="{THUMB_WIDTHS[0]}" height="{height}" '
                   f'alt="{html.escape(entry["alt"])}" {loading}></a>')
    return "".join(out)


def _links(entry: dict, page_url: str) -> str:
    return " · ".join(f'<a href="{get_relative_url("figures/" + entry["files"][suffix]["path"], page_url)}" download>{label}</a>'
                      for suffix, label in DOWNLOADS)


def _more(entry: dict, summary: str) -> str:
    name, title = entry["name"], html.escape(entry["title"])
    return (f'<details class="gdfig-more"><summary>{summary}</summary>'
            f'<p>{html.escape(entry["caption"])}</p>'
            f'<p class="gdfig-regenerate">Regenerate: <code>.venv/bin/gdfig render {name}</code></p>'
            f'<div class="gdfig-cite" data-anchor="fig-{name}" data-title="{title}"></div></details>')

