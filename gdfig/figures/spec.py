"""What the registry holds for each figure, and how variants are named."""

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Callable

# compute(params) -> the numbers the figure draws, as plain JSON-ready values;
# draw(params, data, theme) -> a matplotlib Figure built only from those numbers,
# or None for a data export (the explorers' JSON), which has no image.
# update(fig, params, data, theme) -> None moves what differs between the frames of
# a run (families with a frame parameter): see Family.frame_param.
Compute = Callable[[Any], dict[str, Any]]
Draw = Callable[[Any, dict[str, Any], str], Any]
Update = Callable[[Any, Any, dict[str, Any], str], None]


@dataclass(frozen=True)
class Family:
    """One kind of figure: its parameter dataclass and the two steps that make it.

    A family whose figures are frames of one run (step t of a descent) names the
    parameter that counts the frames and gives `update`.  Each frame is then
    drawn as that run's first frame (the parameter at its default), laid out,
    and updated to its own step: a run's frames share one drawing and one
    layout per theme and layout, and a frame's bytes depend only on its own
    parameters, whether it is rendered alone or with the others."""

    name: str
    params_type: type
    compute: Compute
    draw: Draw | None
    frame_param: str | None = None
    update: Update | None = None

    @property
    def kind(self) -> str:
        return "figure" if self.draw is not None else "data"

    def first_frame(self, params: Any) -> Any:
        """The parameters whose drawing every frame of this run starts from."""
        if self.frame_param is None:
            return params
        default = next(f.default for f in fields(self.params_type) if f.name == self.frame_param)
        return replace(params, **{self.frame_param: default})


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

    def run(self) -> tuple:
        """The drawing this figure is saved from, as a key: a frame shares its run's
        (its family's first frame); any other figure has its own."""
        if self.family.update:
            return self.family.name, self.family.first_frame(self.params)
        return (self.name,)


MAX_VARIANT_NAME = 120  # file names stay well under 255 bytes, suffixes and temporary marks included


def variant(spec: FigureSpec, overrides: dict[str, Any]) -> FigureSpec:
    """The spec with other parameters, under a name no stable name can take.

    Settings equal to the figure's own values are dropped: none left, the stable
    figure itself.  The name is NAME--key-value--key-value (keys sorted; a
    value's '-' is written 'm', so '-' only ever separates: w0=-0.5 gives
    w0-m0.5); points, and any name longer than MAX_VARIANT_NAME, become a short
    hash of the settings instead (NAME--h-3f2a9c01d4).
    """
    overrides = {k: v for k, v in sorted(overrides.items()) if getattr(spec.params, k) != v}
    if not overrides:
        return spec
    settings = ", ".join(f"{key} = {_shown(value)}" for key, value in overrides.items())
    note = f" This variant sets {settings}; the lecture's figure uses other values."
    return replace(
        spec, name=variant_name(spec.name, overrides), title=f"{spec.title} ({settings})",
        caption=spec.caption + note, alt=spec.alt + note,
        params=replace(spec.params, **overrides), sequence=None,
        variant_of=spec.name)


def variant_name(stable: str, overrides: dict[str, Any]) -> str:
    slugs = [_slug(value) for value in overrides.values()]
    name = "--".join([stable, *(f"{key}-{slug}" for key, slug in zip(overrides, slugs))])
    if None in slugs or len(name) > MAX_VARIANT_NAME:
        canonical = json.dumps(sorted(overrides.items()), default=list)
        name = f"{stable}--h-{hashlib.sha256(canonical.encode()).hexdigest()[:10]}"
    return name


def _slug(value: Any) -> str | None:
    """A value as [a-z0-9.]: numbers and booleans; None for points (hashed instead)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return (repr(float(value)) if isinstance(value, float) else str(value)).replace("-", "m")
    return None


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "; ".join(", ".join(f"{c:g}" for c in point) for point in value)
    return str(value)
