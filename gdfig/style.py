"""Every look-and-feel choice in one place: sizes, colours, fonts, for both themes.

Figures are drawn with rc(theme) applied over matplotlib's own defaults
(gdfig.produce), so no user setting reaches them and none leaks from one figure
into the next.  Colours follow the Okabe-Ito palette, which stays
distinguishable under the common colour-vision deficiencies; classes also
differ by marker shape, so nothing relies on colour alone.
"""

from dataclasses import dataclass
from typing import Literal

Theme = Literal["light", "dark"]
THEMES: tuple[Theme, ...] = ("light", "dark")

WIDTH = 6.4          # inches; every figure is this wide so pages line up
DPI = 100            # SVG/PDF nominal resolution; PNG is written at 2x
PNG_SCALE = 2

# The narrow layout (phones): shown about PHONE_PX CSS px wide (a 320 px screen
# less the page margins), its smallest glyph must be at least MIN_GLYPH_PX.
# A glyph of s pt on a figure W inches wide (SVG user units are points) shows at
# s * PHONE_PX / (72 W) px, hence W <= s * PHONE_PX / (72 * MIN_GLYPH_PX).
PHONE_PX = 288
MIN_GLYPH_PX = 10
NARROW_HEIGHT = 0.8  # the narrow figure's height, as a share of the wide one's


def narrow_size(wide: tuple[float, float], smallest_font_pt: float) -> tuple[float, float]:
    """(width, height) in inches of the narrow layout of a figure drawn `wide`."""
    width = min(wide[0], smallest_font_pt * PHONE_PX / (72 * MIN_GLYPH_PX))
    return width, wide[1] * NARROW_HEIGHT


@dataclass(frozen=True)
class Palette:
    ink: str          # text, axes, the loss curve
    faint: str        # grid, earlier iterates
    background: str   # "none" lets the page colour show through
    accent: str       # the current iterate, the path
    second: str       # the surrogate, the LDA boundary
    positive: str     # class y = +1
    negative: str     # class y = -1
    colormap: str


PALETTES: dict[Theme, Palette] = {
    "light": Palette(ink="#1a1a1a", faint="#9a9a9a", background="white",
                     accent="#D55E00", second="#0072B2",
                     positive="#0072B2", negative="#E69F00", colormap="viridis"),
    "dark": Palette(ink="#e8e8e8", faint="#7c7c7c", background="none",
                    accent="#FF8C42", second="#56B4E9",
                    positive="#56B4E9", negative="#F0C043", colormap="cividis"),
}


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPTS = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def subscript(text: object) -> str:
    """'w' + subscript(3) == 'w₃'.  Figures use Unicode, not mathtext, for labels:
    mathtext parsing was half of all rendering time."""
    return str(text).translate(_SUBSCRIPTS)


def superscript(text: object) -> str:
    return str(text).translate(_SUPERSCRIPTS)


def palette(theme: Theme) -> Palette:
    return PALETTES[theme]


def rc(theme: Theme) -> dict[str, object]:
    """rcParams for one figure: fixed fonts and sizes, and what keeps bytes stable."""
    p = PALETTES[theme]
    return {
        "font.family": "DejaVu Sans",      # ships with matplotlib: same glyphs everywhere
        "font.size": 10,
        "svg.fonttype": "path",            # text as paths: the page needs no font
        "svg.hashsalt": "gdfig",           # fixed ids: byte-identical SVG
        "pdf.fonttype": 3,                 # subset glyphs: 3x faster than type 42
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "figure.facecolor": p.background,
        "savefig.facecolor": p.background,
        "axes.facecolor": "none",
        "axes.edgecolor": p.ink,
        "axes.labelcolor": p.ink,
        "axes.titlecolor": p.ink,
        "axes.titlesize": 11,
        "axes.titley": 1.0,                # a fixed title height: no search for overlaps at every save
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": p.ink,
        "ytick.color": p.ink,
        "text.color": p.ink,
        "legend.frameon": False,
        "lines.linewidth": 1.8,
    }
