"""`make site`: the pages, then the handout, the slides and the figure bundle.

ProperDocs builds the pages (its hooks render the figures and run the notebook).
The handout and the slides are printed only when what they show changed (their
caches) and the bundle is zipped only when a figure changed, so a warm build
costs ProperDocs and a few hashes.  Checking the caches here, in one process,
saves starting three; what must be printed is printed by two Chromiums side by
side while the bundle is zipped, one command per core.

    python -m tools.build SITE_DIR        # SITE_URL=... for a fork's address
    python -m tools.build SITE_DIR --pages   # no Chromium: no handout, no deck, no links to them
"""

import os
import subprocess
import sys
from pathlib import Path

from tools import bundle
from tools.printed import handout, slides
from tools.site import ROOT

PRINTERS = {"handout": handout, "slides": slides}


def build_pages(site: Path) -> int:
    """ProperDocs' own command, from mkdocs.yml into `site`: its exit status."""
    properdocs = Path(sys.executable).parent / "properdocs"
    return subprocess.run([str(properdocs), "build", "-f", "mkdocs.yml", "-d", str(site)], cwd=ROOT).returncode


def build(site: Path, printed: bool = True) -> int:
    """The whole site into `site`; 0, or the first failure's exit status (the failing
    command has said why on stderr). printed=False: no handout and no deck, and pages
    that do not link them (docs/hooks/citation.py reads GDFIG_PDFS)."""
    os.environ["GDFIG_PDFS"] = "1" if printed else "0"
    if code := build_pages(site):
        return code
    printing = []
    for name, tool in PRINTERS.items() if printed else ():
        if tool.copy_cached(site):
            print(f"wrote {site / (name + '.pdf')} (from the cache)")
        else:
            printing.append(subprocess.Popen([sys.executable, "-m", f"tools.printed.{name}", str(site)], cwd=ROOT))
    codes = [bundle.main([str(ROOT / "figures"), str(site)])] + [process.wait() for process in printing]
    return next((code for code in codes if code), 0)


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--pages"]
    sys.exit(build(Path(arguments[0]) if arguments else ROOT / "site", printed="--pages" not in sys.argv))
