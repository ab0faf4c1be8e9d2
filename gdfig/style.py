"""Every look-and-feel choice in one place: sizes, colours, fonts, for both themes.

Figures are drawn with rc(theme) applied over matplotlib's own defaults
(gdfig.produce), so no user setting reaches them and none leaks from one figure
into the next.  Colours follow the Okabe-Ito palette, which stays
distinguishable under the common colour-vision deficiencies, darkened where
needed so that every data colour keeps 3:1 contrast against the page it is shown
on (WCAG 1.4.11); classes also differ by marker shape, so nothing relies on
colour alone.  The site's explorers draw with the same colours and sizes
(`export()`, carried by their data files).
"""

from dataclasses import asdict, dataclass
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
# The square maps (contours, the gradient field: 5.2 in tall) keep more of their height
# on a phone: their colour bar moves below the map (draw.landscape.draw_colourbar), so a
# narrow one is 1.3 times as tall as wide (title, map, x label, bar), up to its wide height.
SQUARE_MAP_HEIGHT = 5.0
SQUARE_MAP_ASPECT = 1.3


def narrow_size(wide: tuple[float, float], smallest_font_pt: float) -> tuple[float, float]:
    """(width, height) in inches of the narrow layout of a figure drawn `wide`."""
    width = min(wide[0], smallest_font_pt * PHONE_PX / (72 * MIN_GLYPH_PX))
    if wide[1] >= SQUARE_MAP_HEIGHT:
        return width, min(wide[1], width * SQUARE_MAP_ASPECT)
    return width, wide[1] * NARROW_HEIGHT


@dataclass(frozen=True)
class Palette:
    ink: str          # text, axes, the loss curve
    faint: str        # grid, earlier iterates
    background: str   # "none" lets the page colour show through
    page: str         # the colour the figure is seen on (the site's background)
    accent: str       # the current iterate, the path
    second: str       # the surrogate, the LDA boundary
    positive: str     # class y = +1
    negative: str     # class y = -1
    colormap: str


PALETTES: dict[Theme, Palette] = {
    # Okabe-Ito's orange #E69F00 is 2.2:1 on white: class -1 takes a darker amber.
    "light": Palette(ink="#1a1a1a", faint="#8a8a8a", background="white", page="#ffffff",
                     accent="#D55E00", second="#0072B2",
                     positive="#0072B2", negative="#B07A00", colormap="viridis"),
    # page: material's slate background, hsl(225deg 15% 14%).
    "dark": Palette(ink="#e8e8e8", faint="#7c7c7c", background="none", page="#1e2129",
                    accent="#FF8C42", second="#56B4E9",
                    positive="#56B4E9", negative="#F0C043", colormap="cividis"),
}


@dataclass(frozen=True)
class Marks:
    """Marker sizes and line widths in points, as the draw_* functions use them."""

    font: float = 10.0          # rcParams font.size
    title: float = 11.0         # rcParams axes.titlesize
    legend: float = 9.0         # the surrogate figures' legend, below the axes
    legend_small: float = 8.0   # the logistic figure's legend
    line: float = 1.8           # rcParams lines.linewidth: the loss curve, the surrogate
    iterate: float = 5.0        # earlier iterates (marker diameter; opaque: 3:1 contrast)
    current: float = 8.0        # the current iterate and the surrogate's minimum
    label: float = 12.0         # the w_t label
    path: float = 1.2           # a 2D descent path ...
    path_dot: float = 3.0       # ... with a dot at every step
    start: float = 7.0          # the start square
    end: float = 12.0           # the end star
    start_label: float = 9.0    # the w0 label beside a start
    contour: float = 0.4        # contour lines (drawn at 0.5 opacity)
    point_area: float = 22.0    # class +1 rings (scatter area, points^2) ...
    ring: float = 1.4           # ... and their line width
    cross_area: float = 26.0    # class -1 crosses
    boundary: float = 2.0       # decision boundaries


MARKS = Marks()
PX_PER_POINT = DPI / 72     # a figure shown at its natural width, WIDTH * DPI px


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


def export() -> dict[str, object]:
    """The figures' look for the site's explorers: both palettes' colours, and
    every size of MARKS in CSS px of a plot WIDTH * DPI px wide (marker sizes
    are diameters)."""
    colours = {theme: {k: v for k, v in asdict(p).items() if k not in ("background", "colormap")}
               for theme, p in PALETTES.items()}
    return {"width_px": WIDTH * DPI, "palettes": colours,
            "px": {k.removesuffix("_area"): round((v ** 0.5 if k.endswith("_area") else v) * PX_PER_POINT, 3)
                   for k, v in asdict(MARKS).items()}}  # areas (scatter s) become diameters


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
