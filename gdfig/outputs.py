"""The files a figure can be written as: its data JSON and images per theme,
layout and format.

The wide layout is the page width (style.WIDTH); the narrow layout is the same
drawing with the same fonts on fewer inches, for phones (SVG only):
NAME.narrow.svg and NAME.narrow.dark.svg.
"""

from dataclasses import dataclass
from typing import Literal

from gdfig.style import Theme

Layout = Literal["wide", "narrow"]
FORMATS = ("svg", "pdf", "png")
DARK_FORMATS = ("svg", "png")  # the site swaps these with its palette; PDF is for print
NARROW_FORMATS = ("svg",)      # phones get the vector image, which stays sharp at any zoom


@dataclass(frozen=True)
class Output:
    fmt: str                    # "json" for the numbers, else an image format
    theme: Theme = "light"
    layout: Layout = "wide"

    @property
    def suffix(self) -> str:
        """'svg', 'dark.png', 'narrow.dark.svg', ...: what follows NAME. in the file name."""
        parts = ("narrow",) * (self.layout == "narrow") + ("dark",) * (self.theme == "dark")
        return ".".join((*parts, self.fmt))

    @property
    def is_image(self) -> bool:
        return self.fmt != "json"

    def filename(self, name: str) -> str:
        return f"{name}.{self.suffix}"


def outputs_for(formats: tuple[str, ...]) -> tuple[Output, ...]:
    """The data JSON, each format in the light theme, dark SVG/PNG, and the narrow
    SVGs, wherever the format was asked for."""
    light = tuple(Output(fmt) for fmt in formats)
    dark = tuple(Output(fmt, "dark") for fmt in formats if fmt in DARK_FORMATS)
    narrow = tuple(Output(fmt, theme, "narrow") for fmt in formats if fmt in NARROW_FORMATS
                   for theme in ("light", "dark"))
    return (Output("json"), *light, *dark, *narrow)
