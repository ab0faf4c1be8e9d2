"""Figures inline in Jupyter, drawn by the same code as `gdfig render`, with the
registry's alt text and caption (a bare matplotlib figure would have neither)."""

import base64
import html
from dataclasses import dataclass

from gdfig import registry
from gdfig.figures.params import parse_overrides
from gdfig.figures.spec import FigureSpec, variant
from gdfig.style import Theme


@dataclass(frozen=True)
class InlineFigure:
    spec: FigureSpec
    theme: Theme = "light"

    def _repr_html_(self) -> str:
        from gdfig import produce

        numbers = self.spec.family.compute(self.spec.params)
        (svg,) = produce.image_bytes(self.spec, numbers, self.theme, ["svg"])
        source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
        return (f'<figure><img src="{source}" alt="{html.escape(self.spec.alt)}" style="max-width: 100%">'
                f"<figcaption>{html.escape(self.spec.caption)}</figcaption></figure>")


def show(name: str, *settings: str, theme: Theme = "light") -> InlineFigure:
    """show("logistic_vs_lda") or show("surrogate_eta0125_t03", "eta=0.3") in a notebook cell."""
    spec = registry.get(name)
    return InlineFigure(variant(spec, parse_overrides(spec.family.params_type, list(settings))), theme)
