"""MkDocs hook: every page citable, from one metadata source, CITATION.cff.

- on_config: reads CITATION.cff, the commit and the date of the last commit
  (SOURCE_DATE_EPOCH when set, so two builds of a commit are identical) and
  exposes them to the templates as config.extra.citation (meta tags, footer:
  overrides/main.html, overrides/partials/copyright.html).
- Addresses: the site's address is CITATION.cff's `url`, or SITE_URL when set
  (a fork's own address; make site/publish pass it on). Every build is one
  version of the site, published (tools/publish.py, mike) at ADDRESS/VERSION/
  with ADDRESS/latest/ following the newest: citations name the versioned
  address, which never changes; canonical links and the sitemap name `latest`
  (site_url), so search engines fold the versions together.
- Versions: material's version selector (which reads ../versions.json) only in a
  build that `make publish` makes (GDFIG_VERSIONS=1): a site served from its root
  has no versions.json, and asks for none.
- PDFs: the footer and meta tags name the handout and deck unless GDFIG_PDFS=0
  (`make pages`, a build without Chromium, makes neither).
- on_files: the built site carries its own CITATION.cff, with its address.
- on_nav: numbers the pages in nav order (home 0) into config.extra.page_numbers;
  equations and figures are numbered P.K after them (mathjax.py, figures.py).
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
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

FIGURE_CITE = re.compile(r'<div class="gdfig-cite" data-anchor="([^"]+)" data-title="([^"]*)"></div>')
INTERNAL_LINK = re.compile(r'<a (?![^>]*data-print-url)([^>]*?)href="(?!#|[a-z]+:|//)([^"]+)"')
HANDOUT = "handout.pdf"
LATEST = "latest"  # the alias mike moves to the newest version (tools/publish.py)
CFF_URL = re.compile(r'^url: .*$', re.M)


def on_config(config):
    root = Path(config.config_file_path).parent
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    lecture = cff["references"][0]
    address, version = site_address(cff), str(cff["version"])
    config.site_url = urljoin(address, LATEST + "/")
    commit, date = _commit(root)
    with_pdfs = os.environ.get("GDFIG_PDFS", "1") != "0"
    if os.environ.get("GDFIG_VERSIONS") == "1":
        config.extra["version"] = {"provider": "mike", "default": LATEST}
    else:
        config.extra.pop("version", None)
    config.extra["citation"] = {
        "title": cff["title"], "authors": [_name(a) for a in cff["authors"]],
        "version": version, "url": urljoin(address, version + "/"), "latest_url": config.site_url,
        "address": address, "commit": commit, "date": date,
        "handout_url": urljoin(address, f"{version}/{HANDOUT}") if with_pdfs else None,
        "pdfs": with_pdfs, "licences": _licences(cff),
        "lecture": {"title": lecture["title"], "url": lecture["url"],
                    "authors": [_name(a) for a in lecture["authors"]]},
    }
    return config


def _licences(cff: dict) -> list[str]:
    """CITATION.cff's SPDX licence ids (one, or a list)."""
    licence = cff.get("license", [])
    return [licence] if isinstance(licence, str) else list(licence)


def site_address(cff: dict) -> str:
    """The site's public address: SITE_URL when set (a fork's), else CITATION.cff's url."""
    address = os.environ.get("SITE_URL") or cff["url"]
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        source = "SITE_URL" if os.environ.get("SITE_URL") else "CITATION.cff's url"
        raise PluginError(f"{source} {address!r} is not a web address; "
                          f"give one like https://OWNER.github.io/REPOSITORY/")
    return address if address.endswith("/") else address + "/"


def on_files(files, config):
    """The built site's CITATION.cff: the source file with this version's address as its url."""
    root = Path(config.config_file_path).parent
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    text = CFF_URL.sub(f'url: "{config.extra["citation"]["url"]}"', text, count=1)
    files.append(File.generated(config, "CITATION.cff", content=text))
    return files


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
    url = urljoin(meta["url"], page.url)  # this version's address: what a citation names
    content = FIGURE_CITE.sub(lambda m: cite_block(meta, html.unescape(m.group(2)), urljoin(url, "#" + m.group(1)),
                                                   key=m.group(1), heading=False), content)
    content = INTERNAL_LINK.sub(lambda m: f'<a {m.group(1)}data-print-url="{urljoin(url, m.group(2))}" '
                                          f'href="{m.group(2)}"', content)
    title = meta["title"] if page.is_homepage else page.title
    return content + cite_block(meta, title, url, key=_key(page.file.src_uri), heading=True)


def latest(meta: dict, url: str) -> str:
    """The moving address of a versioned one: …/VERSION/page/ -> …/latest/page/."""
    return meta["latest_url"] + url.removeprefix(meta["url"])


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
        "note": (f"{meta['title']}, commit {meta['commit']}, built {meta['date']}. Newest version: "
                 f"{latest(meta, url)}. Based on {', '.join(lecture['authors'])}, {lecture['title']}, "
                 f"{lecture['url']}"),
    }
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


def cite_block(meta: dict, title: str, url: str, key: str, heading: bool) -> str:
    head = ('<h2 id="cite-this-page">Cite this page<a class="headerlink" href="#cite-this-page" '
            'title="Permanent link">&para;</a></h2>') if heading else '<p><strong>Cite this figure</strong></p>'
    # A page's block says which address moves; a figure's (the gallery has dozens) leaves it to its BibTeX note.
    moving = (f'<p class="gdfig-cite-latest">This address names version {html.escape(meta["version"])} and keeps '
              f'its text. The newest version: <a href="{html.escape(latest(meta, url))}">'
              f'{html.escape(latest(meta, url))}</a>.</p>') if heading else ""
    return (f'<section class="gdfig-cite-block">{head}'
            f'<p class="gdfig-citation">{html.escape(citation_text(meta, title, url))}</p>{moving}'
            f'<div class="language-bibtex highlight"><pre><code>{html.escape(bibtex(meta, title, url, key))}'
            f'</code></pre></div></section>')
