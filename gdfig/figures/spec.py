"""What the registry holds for each figure, and how variants are named."""

from dataclasses import asdict, dataclass, replace
from typing import Any, Callable

# compute(params) -> the numbers the figure draws, as plain JSON-ready values;
# draw(params, data, theme) -> a matplotlib Figure built only from those numbers,
# or None for a data export (the explorers' JSON), which has no image.
Compute = Callable[[Any], dict[str, Any]]
Draw = Callable[[Any, dict[str, Any], str], Any]


@dataclass(frozen=True)
class Family:
    """One kind of figure: its parameter dataclass and the two steps that make it."""

    name: str
    params_type: type
    compute: Compute
    draw: Draw | None

    @property
    def kind(self) -> str:
        return "figure" if self.draw is not None else "data"


@dataclass(frozen=True)
class FigureSpec:
    """A named figure: what it shows (title, caption, alt) and how to make it."""

    name: str
    title: str
    caption: str
    alt: str
    family: Family
    params: Any
    sequence: str | None = None   # frame sets: the set's name ...
    frame: int | None = None      # ... this frame's position in it ...
    label: str | None = None      # ... and how a reader names it ("w3", "n = 100")
    variant_of: str | None = None

    def params_dict(self) -> dict[str, Any]:
        return asdict(self.params)


def variant(spec: FigureSpec, overrides: dict[str, Any]) -> FigureSpec:
    """The spec with other parameters, under a name no stable name can take.

    Stable names match ^[a-z][a-z0-9_]*$, so the '--' in a variant's name keeps it
    apart from all of them: surrogate_eta0125_t03--eta-0.3.
    """
    if not overrides:
        return spec
    suffix = "--".join(f"{key}-{_slug(value)}" for key, value in sorted(overrides.items()))
    settings = ", ".join(f"{key} = {value}" for key, value in sorted(overrides.items()))
    note = f" This variant sets {settings}; the lecture's figure uses other values."
    return replace(
        spec, name=f"{spec.name}--{suffix}", title=f"{spec.title} ({settings})",
        caption=spec.caption + note, alt=spec.alt + note,
        params=replace(spec.params, **overrides), sequence=None, variant_of=spec.name)


def _slug(value: Any) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    return "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in text.lower())
