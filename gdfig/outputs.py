"""The files a figure can be written as: its data JSON and images per theme/format."""

from dataclasses import dataclass

from gdfig import cache
from gdfig.figures.spec import FigureSpec
from gdfig.style import Theme

FORMATS = ("svg", "pdf", "png")
DARK_FORMATS = ("svg", "png")  # the site swaps these with its palette; PDF is for print


@dataclass(frozen=True)
class Output:
    fmt: str                    # "json" for the numbers, else an image format
    theme: Theme = "light"

    @property
    def suffix(self) -> str:
        return f"dark.{self.fmt}" if self.theme == "dark" else self.fmt

    def filename(self, name: str) -> str:
        return f"{name}.{self.suffix}"

    def key(self, spec: FigureSpec) -> str:
        return cache.output_key(spec.name, spec.family.name, spec.params_dict(), self.suffix)


def outputs_for(formats: tuple[str, ...]) -> tuple[Output, ...]:
    """The data JSON, each format in the light theme, and dark SVG/PNG where asked for."""
    light = tuple(Output(fmt) for fmt in formats)
    dark = tuple(Output(fmt, "dark") for fmt in formats if fmt in DARK_FORMATS)
    return (Output("json"), *light, *dark)
