"""Figures inline in Jupyter, drawn by the same code as `gdfig render`, with the
registry's alt text and caption (a bare matplotlib figure would have neither).

The cell's output is a <picture>: the narrow layout on screens up to 480 px (a
phone), the wide one otherwise.  The caller's matplotlib backend and figures are
left alone (gdfig draws without pyplot)."""

import base64
import html
from dataclasses import dataclass

from gdfig import registry
from gdfig.figures.params import parse_overrides
from gdfig.figures.spec import FigureSpec, variant
from gdfig.style import Theme

PHONE = "(max-width: 480px)"


@dataclass(frozen=True)
class InlineFigure:
    spec: FigureSpec
    theme: Theme = "light"

    def _repr_html_(self) -> str:
        from gdfig import produce

        numbers = self.spec.family.compute(self.spec.params)
        wide, narrow = (_data_uri(produce.image_bytes(self.spec, numbers, self.theme, ["svg"], layout)[0])
                        for layout in ("wide", "narrow"))
        return (f'<figure><picture><source media="{PHONE}" srcset="{narrow}">'
                f'<img src="{wide}" alt="{html.escape(self.spec.alt)}" style="max-width: 100%"></picture>'
                f"<figcaption>{html.escape(self.spec.caption)}</figcaption></figure>")


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def show(name: str, *settings: str, theme: Theme = "light") -> InlineFigure:
    """show("logistic_vs_lda") or show("surrogate_eta0125_t03", "eta=0.3") in a notebook cell."""
    spec = registry.get(name)
    return InlineFigure(variant(spec, parse_overrides(spec.family.params_type, list(settings))), theme)
