"""The site's sources: the notebook is committed without outputs (diff-friendly)."""

import json
from pathlib import Path

DOCS = Path(__file__).parents[1] / "docs"


def test_notebook_is_committed_without_outputs():
    notebook = json.loads((DOCS / "notebook.ipynb").read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)


def test_every_figure_marker_names_a_known_figure():
    import re

    from gdfig import registry

    names = {spec.name for spec in registry.FIGURES} | set(registry.sequences())
    for page in DOCS.glob("*.md"):
        for kind, name in re.findall(r"\{\{\s*(figure|frames)\s+([a-z0-9_]+)\s*\}\}", page.read_text()):
            assert name in names, f"{page.name}: {kind} {name}"
