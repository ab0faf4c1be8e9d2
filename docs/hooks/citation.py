"""MkDocs hook: every page citable, from one metadata source, CITATION.cff.

- on_config: reads CITATION.cff, the commit and the date of the last commit
  (SOURCE_DATE_EPOCH when set, so two builds of a commit are identical), sets
  site_url from it and exposes it to the templates as config.extra.citation
  (meta tags, footer: overrides/main.html, overrides/partials/copyright.html).
- on_nav: numbers the pages in nav order (home 0) into config.extra.page_numbers;
  equations and figures are numbered P.K after them (katex.py, figures.py).
- on_page_content: appends a "Cite this page" block (text and BibTeX) to every
  page, fills the gallery's per-figure placeholders the same way, and gives
  internal links their public address for print (data-print-url).
"""

import html
import json
import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

import yaml

FIGURE_CITE = re.compile(r'<div class="gdfig-cite" data-anchor="([^"]+)" data-title="([^"]*)"></div>')
INTERNAL_LINK = re.compile(r'<a (?![^>]*data-print-url)([^>]*?)href="(?!#|[a-z]+:|//)([^"]+)"')
HANDOUT = "handout.pdf"


def on_config(config):
    root = Path(config.config_file_path).parent
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    lecture = cff["references"][0]
    config.site_url = cff["url"]
    commit, date = _commit(root)
    config.extra["citation"] = {
        "title": cff["title"], "authors": [_name(a) for a in cff["authors"]],
        "version": cff["version"], "url": cff["url"], "commit": commit, "date": date,
        "handout_url": urljoin(cff["url"], HANDOUT),
        "lecture": {"title": lecture["title"], "url": lecture["url"],
                    "authors": [_name(a) for a in lecture["authors"]]},
    }
    return config


def on_nav(nav, config, files):
    config.extra["page_numbers"] = {page.file.src_uri: i for i, page in enumerate(nav.pages)}
    return nav


def _name(author: dict) -> str:
    return author.get("name") or f"{author['given-names']} {author['family-names']}"


def _commit(root: Path) -> tuple[str, str]:
    """(full commit hash, YYYY-MM-DD of the last commit); 'unknown' outside git."""
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "HEAD") or "unknown"
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct") or "0"
    return commit, datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d")


def on_page_context(context, page, config, nav):
    # A notebook page has no front matter: its description lives in the notebook's metadata.
    if page.file.src_uri.endswith(".ipynb") and "description" not in page.meta:
        notebook = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
        page.meta["description"] = notebook["metadata"].get("description", config.site_description)
    return context


def on_page_content(content, page, config, files):
    meta = config.extra["citation"]
    url = page.canonical_url
    content = FIGURE_CITE.sub(lambda m: cite_block(meta, html.unescape(m.group(2)), urljoin(url, "#" + m.group(1)),
                                                   key=m.group(1), heading=False), content)
    content = INTERNAL_LINK.sub(lambda m: f'<a {m.group(1)}data-print-url="{urljoin(url, m.group(2))}" '
                                          f'href="{m.group(2)}"', content)
    title = meta["title"] if page.is_homepage else page.title
    return content + cite_block(meta, title, url, key=_key(page.file.src_uri), heading=True)


def _key(src_uri: str) -> str:
    stem = src_uri.rsplit(".", 1)[0].replace("/", "-")
    return "gdfig-" + ("home" if stem == "index" else stem)


def citation_text(meta: dict, title: str, url: str) -> str:
    lecture = meta["lecture"]
    return (f'{", ".join(meta["authors"])} ({meta["date"][:4]}). “{title}”. In {meta["title"]}, '
            f'version {meta["version"]} (commit {meta["commit"][:7]}). {url}. Based on '
            f'{", ".join(lecture["authors"])}, “{lecture["title"]}”, {lecture["url"]}.')


def bibtex(meta: dict, title: str, url: str, key: str) -> str:
    """A biblatex-friendly @misc entry; double braces keep titles and group names whole."""
    lecture = meta["lecture"]
    fields = {
        "title": f"{{{title}}}",
        "author": " and ".join(f"{{{a}}}" for a in meta["authors"]),
        "year": meta["date"][:4],
        "url": url,
        "version": meta["version"],
        "note": (f"{meta['title']}, commit {meta['commit']}, built {meta['date']}. Based on "
                 f"{', '.join(lecture['authors'])}, {lecture['title']}, {lecture['url']}"),
    }
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


def cite_block(meta: dict, title: str, url: str, key: str, heading: bool) -> str:
    head = ('<h2 id="cite-this-page">Cite this page<a class="headerlink" href="#cite-this-page" '
            'title="Permanent link">&para;</a></h2>') if heading else '<p><strong>Cite this figure</strong></p>'
    return (f'<section class="gdfig-cite-block">{head}'
            f'<p class="gdfig-citation">{html.escape(citation_text(meta, title, url))}</p>'
            f'<div class="language-bibtex highlight"><pre><code>{html.escape(bibtex(meta, title, url, key))}'
            f'</code></pre></div></section>')
