"""The site's sources: the notebook is committed without outputs (diff-friendly)."""

import json
from pathlib import Path

DOCS = Path(__file__).parents[1] / "docs"


def test_notebook_is_committed_without_outputs():
    notebook = json.loads((DOCS / "notebook.ipynb").read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)


def test_every_figure_is_on_a_page_and_every_marker_is_known():
    import re

    from gdfig import registry

    names = {"figure": {spec.name for spec in registry.FIGURES}, "frames": set(registry.sequences()),
             "explorer": {spec.name for spec in registry.EXPLORERS}}
    used = set()
    for page in DOCS.glob("*.md"):
        for kind, name in re.findall(r"\{\{\s*(figure|frames|explorer)\s+([a-z0-9_]+)\s*\}\}", page.read_text()):
            assert name in names[kind], f"{page.name}: {kind} {name}"
            used.add(name)
    framed = {spec.name for frames in registry.sequences().values() for spec in frames}
    assert names["figure"] - framed <= used           # every single figure is shown on a page
    assert names["frames"] | names["explorer"] <= used  # every frame set and every explorer too
