"""`make bundle`: every stable figure in one zip, site/gdfig-figures-<version>.zip.

For a teacher who wants the figures in a talk without downloading them one by
one from the gallery: each stable figure (the registry's, no variants) as PDF,
SVG and PNG, SVG and PNG also dark, and its JSON data; a manifest of those
figures with each file's sha256; CITATION.cff; a README saying what each file
shows and how to cite it.  Files come from the rendered figures/ folder and are
checked against its manifest.  The zip is deterministic: fixed timestamps and
permissions, files in lecture order.

    python -m tools.bundle FIGURES_DIR OUT_DIR
"""

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from gdfig import style
from tools.site import ROOT, cache_one, copy_atomic
from tools.printed.pages import citation, citation_hook, gallery_path, versioned_address

BUNDLE_CACHE = ROOT / ".cache" / "bundle"

FORMATS = (("pdf", "vector, for LaTeX and print"), ("svg", "vector, for the web and slides"),
           ("png", f"bitmap at {style.DPI * style.PNG_SCALE} dpi"), ("dark.svg", "SVG for dark backgrounds (transparent)"),
           ("dark.png", "PNG for dark backgrounds (transparent)"), ("json", "the numbers the figure draws"))
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no build time in the bytes


class BundleError(Exception):
    """figures/ cannot be bundled as it is; the message names the problem and the fix."""


def stable_entries(figures: Path) -> list[dict]:
    """The manifest entries of the registry's stable figures, in lecture order, their files checked."""
    from gdfig import registry

    manifest_file = figures / "manifest.json"
    if not manifest_file.is_file():
        raise BundleError(f"no rendered figures in '{figures}' (no manifest.json); run `make figures` first.")
    entries = {e["name"]: e for e in json.loads(manifest_file.read_text(encoding="utf-8"))["figures"]}
    chosen = []
    for spec in registry.FIGURES:
        entry = entries.get(spec.name)
        if entry is None:
            raise BundleError(f"figure '{spec.name}' is not in '{manifest_file}'; run `make figures` again.")
        for suffix, _ in FORMATS:
            record = entry["files"].get(suffix)
            path = figures / record["path"] if record else None
            if path is None or not path.is_file() or _sha256(path.read_bytes()) != record["sha256"]:
                raise BundleError(f"'{spec.name}.{suffix}' in '{figures}' is missing or differs from its "
                                  f"manifest; run `make figures` again.")
        chosen.append(entry)
    return chosen


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bundle_manifest(entries: list[dict], meta: dict) -> dict:
    keep = ("name", "title", "caption", "alt", "family", "params", "sequence", "frame", "label")
    return {"bundle": f"gdfig-figures-{meta['version']}", "version": meta["version"], "url": meta["url"],
            "figures": [{**{k: e[k] for k in keep},
                         "files": {suffix: {"path": f"figures/{e['files'][suffix]['path']}",
                                            "sha256": e["files"][suffix]["sha256"]} for suffix, _ in FORMATS}}
                        for e in entries]}


def readme(entries: list[dict], meta: dict) -> str:
    """What each file shows and how to cite it, with the site's own citation text and BibTeX."""
    hook = citation_hook()
    gallery = versioned_address(meta, gallery_path())
    lines = [f"# {meta['title']}: the figures, version {meta['version']}", "",
             f"Every figure of {', '.join(meta['lecture']['authors'])}'s lecture “{meta['lecture']['title']}” "
             f"as drawn by gdfig ({meta['url']}). Each figure comes in these files:", ""]
    lines += [f"- `figures/NAME.{suffix}`: {what}" for suffix, what in FORMATS]
    lines += ["", "`manifest.json` lists every figure with its title, caption, alt text, parameters and the "
              "sha256 of each file; `CITATION.cff` holds the citation metadata.", "", "## The figures", ""]
    for e in entries:
        address = f"{gallery}#fig-{e['name']}"
        lines += [f"### `{e['name']}`: {e['title']}", "", e["caption"], "",
                  f"Cite as: {hook.citation_text(meta, e['title'], address)}", ""]
    lines += ["## Licence", "", "The figures and this text: CC BY 4.0 "
              "(https://creativecommons.org/licenses/by/4.0/), by the gdfig contributors; credit this project "
              "and the lecture it follows (François Fleuret, EE-559 Deep Learning, lecture 3.5), e.g. with the "
              "citation below. The lecture's own slides and text are not part of this bundle.", ""]
    lines += ["## Citing the whole set", "", hook.citation_text(meta, meta["title"], versioned_address(meta, "")),
              "", "```bibtex", hook.bibtex(meta, meta["title"], versioned_address(meta, ""), "gdfig-figures"),
              "```", ""]
    return "\n".join(lines)


def versioned_cff(meta: dict) -> str:
    """CITATION.cff as the site publishes it: its url names this version's address."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    return citation_hook().CFF_URL.sub(f'url: "{meta["url"]}"', text, count=1)


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of `members` in the order given, with no date, user or permission of this machine."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def cached_zip(members: list[tuple[str, bytes]]) -> Path:
    """A file holding zip_bytes(members), reused while the members and this code are
    unchanged: compressing 9 MB is most of a warm `make site` otherwise.  Same bytes either way."""
    key = hashlib.sha256(Path(__file__).read_bytes())
    for name, data in members:
        key.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    path = BUNDLE_CACHE / f"{key.hexdigest()}.zip"
    if not path.is_file():
        cache_one(path, zip_bytes(members))  # one bundle kept: the newest
    return path


def make_bundle(figures: Path, out: Path) -> Path:
    meta = citation()
    entries = stable_entries(figures)
    root = f"gdfig-figures-{meta['version']}/"
    members = [(root + "README.md", readme(entries, meta).encode()),
               (root + "CITATION.cff", versioned_cff(meta).encode()),
               (root + "manifest.json", json.dumps(bundle_manifest(entries, meta), indent=1,
                                                   ensure_ascii=False).encode() + b"\n")]
    members += [(f"{root}figures/{e['files'][suffix]['path']}", (figures / e["files"][suffix]["path"]).read_bytes())
                for e in entries for suffix, _ in FORMATS]
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"gdfig-figures-{meta['version']}.zip"
    copy_atomic(cached_zip(members), target)
    return target


def main(argv: list[str]) -> int:
    figures = Path(argv[0]) if argv else ROOT / "figures"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    try:
        target = make_bundle(figures, out)
    except BundleError as error:
        print(f"bundle: {error}", file=sys.stderr)
        return 2
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
