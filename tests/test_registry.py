"""The registry: the 41 stable names, in lecture order, each fully described."""

import ast
from pathlib import Path

import pytest

from gdfig import registry
from gdfig.figures.params import BadInput

EXPECTED = (
    ["overview", "least_squares", "logistic_margin_loss", "gradient_field", "linear_approximation",
     "surrogate_etas"]
    + [f"surrogate_eta0125_t{t:02d}" for t in range(12)]
    + [f"surrogate_eta0500_t{t:02d}" for t in range(12)]
    + ["surface", "contour_starts", "contour_eta_small", "contour_eta_large", "contour_eta_damped"]
    + [f"logistic_n{n}" for n in (0, 10, 100, 1000, 10000)]
    + ["logistic_vs_lda"]
)


def test_exactly_the_41_stable_names_in_lecture_order():
    assert [spec.name for spec in registry.FIGURES] == EXPECTED
    # The explorers' data come after, as data only, under names of their own.
    assert [spec.name for spec in registry.EXPORTS] == ["explore_1d", "explore_2d", "explore_logistic", "answers"]
    assert all(spec.family.kind == "data" for spec in registry.EXPORTS)
    assert all(spec.family.kind == "figure" for spec in registry.FIGURES)


def test_every_figure_is_described():
    alts = set()
    for spec in registry.FIGURES:
        assert spec.title and spec.caption.endswith(".") and len(spec.alt) > 80, spec.name
        alts.add(spec.alt)
    assert len(alts) == len(registry.FIGURES)  # alt text describes each frame, not the family


def test_frame_sets_are_complete_and_ordered():
    sets = registry.sequences()
    assert {k: len(v) for k, v in sets.items()} == {"surrogate_eta0125": 12, "surrogate_eta0500": 12, "logistic": 5}
    for frames in sets.values():
        assert [f.frame for f in frames] == list(range(len(frames)))
    assert [f.label for f in sets["logistic"]] == ["n = 0", "n = 10", "n = 100", "n = 1000", "n = 10000"]
    assert sets["surrogate_eta0125"][3].label == "w₃"


def test_unknown_name_suggests_the_closest():
    with pytest.raises(BadInput, match="did you mean 'surrogate_eta0125_t03'"):
        registry.get("surogate_eta0125_t03")


def test_globs_select_in_lecture_order():
    assert [s.name for s in registry.select(["logistic_*", "surface"])] == EXPECTED[2:3] + EXPECTED[30:31] + EXPECTED[35:]
    with pytest.raises(BadInput, match="no figure matches"):
        registry.select(["nothing_*"])


def test_duplicate_or_malformed_names_are_refused():
    spec = registry.FIGURES[0]
    with pytest.raises(ValueError, match="twice"):
        registry._index((spec, spec))
    with pytest.raises(ValueError, match="must match"):
        registry._index((type(spec)(**{**spec.__dict__, "name": "Bad-Name"}),))


def imports_of(folder: str) -> set[str]:
    found = set()
    for path in Path(__file__).parents[1].joinpath("gdfig", folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_layering_numerics_never_draw_and_draw_never_computes():
    assert "matplotlib" not in imports_of("numerics")
    assert "torch" not in imports_of("draw")
