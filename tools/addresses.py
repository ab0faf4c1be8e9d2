"""The public addresses of the site: every page, and every anchor people cite on
it (headings, numbered equations #eq-*, figures #fig-*, #cite-this-page).

addresses.txt at the repository root is the contract: `make addresses` rewrites
it from a built site (run it when you add an address), and the tests fail when
a listed address no longer resolves, following mkdocs-redirects' redirect pages.

    python -m tools.addresses SITE_DIR --write    # list what SITE_DIR offers (/page/#anchor)
    python -m tools.addresses SITE_DIR            # check addresses.txt against it
"""

import re
import sys
from pathlib import Path
from urllib.parse import urljoin

CONTRACT = Path(__file__).parents[1] / "addresses.txt"
CITABLE_ID = re.compile(r'<(?:h[1-6]|div|figure|section)[^>]* id="([^"]+)"')
REDIRECT = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')


def page_file(site: Path, path: str) -> Path:
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def collect(site: Path) -> list[str]:
    """Every page of the built site with its citable anchors, in a stable order."""
    addresses = []
    for index in sorted(site.rglob("index.html")):
        text = index.read_text(encoding="utf-8")
        if REDIRECT.search(text) or index.parent.name in ("search", "assets"):
            continue
        path = index.parent.relative_to(site).as_posix()
        path = "/" if path == "." else f"/{path}/"
        addresses.append(path)
        addresses += [f"{path}#{anchor}" for anchor in dict.fromkeys(CITABLE_ID.findall(text))
                      if not anchor.startswith("__")]
    return addresses


def resolve(site: Path, address: str, hops: int = 3) -> str | None:
    """Why `address` (e.g. /surrogate/#eq-gd-update) is broken, or None if it resolves."""
    path, _, anchor = address.partition("#")
    file = page_file(site, path.lstrip("/"))
    if not file.is_file():
        return f"{address}: page {path} is gone"
    text = file.read_text(encoding="utf-8")
    if (redirect := REDIRECT.search(text)) and hops:
        target = urljoin(path, redirect.group(1))
        return resolve(site, f"{target}#{anchor}" if anchor else target, hops - 1)
    if anchor and f'id="{anchor}"' not in text:
        return f"{address}: no anchor #{anchor} on {path}"
    return None


def read_contract() -> list[str]:
    return [line.strip() for line in CONTRACT.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    if "--write" in argv:
        header = "# Public addresses of the site: pages and anchors. Removing one breaks citations;\n" \
                 "# rename a page only with a redirect (mkdocs.yml, plugin redirects). See tools/addresses.py.\n"
        lines = collect(site)
        CONTRACT.write_text(header + "\n".join(lines) + "\n")
        print(f"wrote {len(lines)} addresses to {CONTRACT.name}")
        return 0
    broken = [problem for a in read_contract() if (problem := resolve(site, a))]
    print("\n".join(broken) or f"all {len(read_contract())} addresses resolve")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
