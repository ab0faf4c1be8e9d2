r"""Phone variants of display math, for docs/hooks/mathjax.py: what MathJax is asked for
a formula too wide for a phone's column (narrow_tex), and the CSS that shows the variant
below the width the one-line formula needs (fit_rules, written into math.css).

Plain functions (no MkDocs): tests/test_math_hook.py calls them directly.
"""

import math
import re

EX_PX = 8.8        # an ex of the page's text, in CSS px, at its largest (16 px DejaVu Sans; Roboto 8.5)
NARROW_PX = 218    # lines broken at 218 px of MathJax's (8 px an ex): 27 ex, 240 px at EX_PX
FIT_STEP = 10      # px: formulas' widths rounded up to a multiple, so pages share a few CSS rules
PHONE_PX = NARROW_PX * EX_PX / 8  # the narrowest column a formula must fit (a 320 px phone's, numbered)
SVG_WIDTH = re.compile(r'<svg[^>]*? width="([\d.]+)ex"')


def shown_px(markup: str) -> float:
    """The width (CSS px) at which a page shows MathJax's SVG `markup`, at its largest."""
    return float(SVG_WIDTH.search(markup).group(1)) * EX_PX


def fits_a_phone(width_px: float) -> bool:
    return width_px <= PHONE_PX + 1


def fit_width(width_px: float) -> int:
    """The container width below which a formula `width_px` wide shows its narrow variant."""
    return FIT_STEP * math.ceil(width_px / FIT_STEP)

TEX_TOKEN = re.compile(r"\\(?:left|right|[Bb]igg?[lr]?)(?:\\.|.)|\\[a-zA-Z]+|\\.|.", re.S)
OPENING = re.compile(r"[{(\[]|\\left(?:\\.|.)|\\[Bb]igg?l?[(\[]|\\lVert|\\\{")
CLOSING = re.compile(r"[})\]]|\\right(?:\\.|.)|\\[Bb]igg?r?[)\]]|\\rVert|\\\}")
BREAKS = ("=", "+", "-", "\\qquad", "\\quad")


def narrow_tex(tex: str, whole: bool) -> str:
    """The formula for a phone: two formulas side by side (a top-level \\qquad or \\quad)
    go on lines of their own; with `whole`, each top-level term is in braces, so MathJax
    breaks lines only at a relation or a plus or minus between terms, never between a
    function and its argument ("f" | "(x)"). A formula with an environment (aligned) is
    broken by hand already: braces around its terms would cut the environment apart."""
    if "\\begin{" in tex:
        return tex
    pieces, term, depth = [], "", 0
    wrap = (lambda t: f"{{{t}}}" if t.strip() else "") if whole else (lambda t: t)
    for token in TEX_TOKEN.findall(tex):
        depth += bool(OPENING.fullmatch(token)) - bool(CLOSING.fullmatch(token))
        if depth == 0 and token in BREAKS and (term.strip() or token.startswith("\\")):
            pieces += [wrap(term), "\\\\" if token.startswith("\\") else token]
            term = ""
        else:
            term += token
    return "".join(pieces) + wrap(term)


# A formula with a narrow variant: its box is a size container, the variant hidden until a
# rule of fit_rules shows it. In math.css, after MathJax's own rules (which these follow), so
# the slides (tools/printed/slides.py), which load math.css alone, show the one-line formula.
NARROW_VARIANTS = """
.gdfig-math { container-type: inline-size; margin: 0.8em 0; }
.gdfig-math > mjx-container.gdfig-narrow { display: none; }
.gdfig-math > mjx-container[display][jax] { margin: 0; }
.gdfig-equation > .gdfig-math { flex: 1 1 auto; min-width: 0; margin: 0; }
"""


def fit_rules(widths) -> str:
    """Below the width its one line needs, a formula shows its lines broken (its box is a
    size container: the rule follows the column, tabs and admonitions included)."""
    shown = ".md-typeset .gdfig-math.gdfig-fit-{0} > mjx-container"
    return NARROW_VARIANTS + "".join(f"@container (max-width: {w - 0.02}px) {{ {shown.format(w)}:not(.gdfig-narrow) {{ display: none; }} "
                   f"{shown.format(w)}.gdfig-narrow {{ display: block; }} }}\n" for w in sorted(widths))
